"""WSGI entry point for production: ``gunicorn -w 2 -b 127.0.0.1:8050 dashapp.wsgi:server``.

The data comes from ``$PSWGRAPH_DATA`` or the bundled package. Importing this module never fails
or hangs over the data (the package is checked in a child process under ``$PSWGRAPH_RELOAD_TIMEOUT``
seconds), so gunicorn's master never exits because a worker restarted while a file was being saved:
a worker that starts on invalid or too-slow data serves a page listing the problems (or saying the
data is being checked) until the data is valid again, and a running worker keeps serving the last
valid version it loaded, with a banner, while changed files are checked in the background (see
:func:`dashapp.app.create_app`).
"""

from __future__ import annotations

import os

from .app import create_app

app = create_app(os.environ.get("PSWGRAPH_DATA") or None)
server = app.server

__all__ = ["app", "server"]
