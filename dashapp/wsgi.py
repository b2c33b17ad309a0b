"""WSGI entry point: ``gunicorn dashapp.wsgi:server`` (data from ``$PSWGRAPH_DATA`` or the bundled package)."""

from __future__ import annotations

import os

from .app import create_app

app = create_app(os.environ.get("PSWGRAPH_DATA") or None)
server = app.server

__all__ = ["app", "server"]
