"""The pswgraph explorer (Dash). ``create_app(data_dir=None)`` builds it; ``dashapp.wsgi:server`` serves it."""

from .app import create_app

__all__ = ["create_app"]
