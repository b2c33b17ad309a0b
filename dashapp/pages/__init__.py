"""The explorer's views, one module each: its ``layout()``, its callbacks (``register(app, ctx_)``) and its ids.

:mod:`.explore` (with :mod:`.export`, the toolbar over its graph), :mod:`.paths`, :mod:`.compare`, :mod:`.matrix`,
:mod:`.studies`, :mod:`.plan`; :mod:`.address` keeps the page's address and the controls in step.
"""
