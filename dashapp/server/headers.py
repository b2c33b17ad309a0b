"""The security headers on every response: :data:`HEADERS`, the Content-Security-Policy, and a ``Server`` header
that names no software version (:func:`install`)."""

from __future__ import annotations

from collections.abc import Callable

import dash
from flask import Response
from werkzeug.serving import WSGIRequestHandler

SERVER = "pswgraph"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(app: dash.Dash) -> str:
    """The Content-Security-Policy the explorer works under.

    Scripts only from the app itself plus Dash's own inline scripts by hash (the renderer's start-up
    line and the clientside callbacks: :meth:`dash.Dash.csp_hashes`); no ``eval``. Styles allow
    ``'unsafe-inline'``: Dash's components and cytoscape set ``style`` attributes and inject
    ``<style>`` elements at run time. Images may be ``data:``/``blob:`` (Bootstrap's icons, the
    graph's PNG/SVG export). Nothing may frame the page.
    """
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _add_headers(csp: Callable[[], str]) -> Callable[[Response], Response]:
    def add(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", csp())
        response.headers["Server"] = SERVER
        return response
    return add


def install(app: dash.Dash) -> None:
    """:data:`HEADERS`, the Content-Security-Policy and ``Server: pswgraph`` on every response of *app*'s server.

    Werkzeug's development server (``pswgraph serve``, the browser tests) sends a ``Server`` header of
    its own before the app's, naming its and Python's versions: it is told to say :data:`SERVER` too.
    """
    WSGIRequestHandler.version_string = lambda _self: SERVER  # type: ignore[method-assign]
    policy: dict[str, str] = {}

    def csp() -> str:  # after every clientside callback is defined: computed on the first response
        if "csp" not in policy:
            policy["csp"] = content_security_policy(app)
        return policy["csp"]

    app.server.after_request(_add_headers(csp))
