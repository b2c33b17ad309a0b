"""The page's address: one callback keeps ``url.search`` and every stateful control in step (shareable links; back
and forward work). What each control's key is and how its value is written: :mod:`dashapp.controls`."""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update

from .. import controls
from ..controls import STATEFUL, URL, decode, encode
from .explore import RESET

#: Stores other callbacks write too (a click selects, opens a theme, marks a factor).
SHARED = {c.id for c in (controls.F_SELECTION, controls.F_OPEN, controls.PL_PROBLEM, controls.PL_STRENGTH,
                         controls.PL_OPEN)}


def register(app: Dash) -> None:
    """One callback keeps the URL and every stateful control in step (a same-callback cycle).

    A control change rewrites ``url.search`` (a new history entry); a URL change
    (page load, back/forward, a pasted link) sets the controls. "Reset" returns
    every explore control to its default and keeps the tab.
    """
    outputs = [Output(URL, "search")] + [Output(c.id, c.prop, allow_duplicate=c.id in SHARED) for c in STATEFUL]
    inputs = [Input(URL, "search"), Input(RESET, "n_clicks")] + [Input(c.id, c.prop) for c in STATEFUL]

    @app.callback(*outputs, *inputs, prevent_initial_call="initial_duplicate")
    def sync(search, _reset, *values):
        trig = ctx.triggered_id
        if trig == RESET:
            state = decode("")
            state[controls.TAB.id] = values[0] or controls.TAB.default
            return [encode(state), *[state[c.id] for c in STATEFUL]]
        if trig is None or trig == URL:  # only the controls the address changes: the page need not redraw the rest
            state = decode(search)
            return [no_update, *[no_update if state[c.id] == v else state[c.id] for c, v in zip(STATEFUL, values)]]
        query = encode({c.id: v for c, v in zip(STATEFUL, values)})
        return [query if query != (search or "") else no_update, *[no_update] * len(STATEFUL)]
