"""What keeps the explorer up under bad data, big or tampered requests: limits, value checks, error handling.

:func:`install` puts it on a Dash app:

* a request body limit (``MAX_CONTENT_LENGTH``, :data:`MAX_BODY` bytes: 413 above it; no callback
  receives a picture: figures and decks are drawn on the server);
* before a callback runs (``POST /_dash-update-component``) its JSON is checked: an object naming a
  server callback, with as many inputs and states as that callback takes, pattern-matching ids of
  short scalars (else 400 with a message); then every value is cleaned (:func:`clean_value`): a
  registered control's by its record in :mod:`dashapp.controls` (only known ids in the filter lists,
  numbers clamped, choices from their options, text cut short), any other property bounded
  (:func:`dashapp.controls.cap`: no string over :data:`dashapp.controls.MAX_TEXT` characters, whatever
  its name: a dropdown's ``search_value``, a node's data, a store);
* an exception inside a callback is logged and shown as a message on the page (:func:`on_error`,
  Dash's ``on_error`` hook), the rest of the page keeps working; a malformed callback request
  the checks above let through answers 400, never 500;
* the security headers (:mod:`dashapp.server.headers`).
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import html
from dash.exceptions import DependencyException, PreventUpdate
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from graph import DataError

from .. import controls
from ..components.context import AppContext
from . import headers
from .headers import HEADERS, SERVER, content_security_policy

__all__ = ["HEADERS", "MAX_BODY", "MAX_TEXT", "SERVER", "clean_value", "content_security_policy", "install",
           "on_error"]

log = logging.getLogger(__name__)

#: Largest request body accepted, in bytes (the largest callback that sends no picture, the matrix's ~700
#: clicks, is ~60 kB).
MAX_BODY = 1024 * 1024
CALLBACK_PATH = "_dash-update-component"
#: Longest text kept in any value the guard meets (but a control's own: the address, an upload).
MAX_TEXT = controls.MAX_TEXT
#: Most values in one pattern-matching input (one per button on the page; the matrix has ~700).
MAX_PATTERN_ITEMS = controls.MAX_ITEMS
#: The element that shows what went wrong inside a callback (see :func:`error_banner`).
ERROR_BANNER = "callback-error"


# ----------------------------------------------------------------------------- values

def clean_value(component: Any, prop: str, value: Any, G: Any) -> Any:
    """The value of *component*'s *prop* made safe: by its control (:meth:`dashapp.controls.Control.clean`, the
    ids checked against graph *G*), or, for any other component or property, bounded (:func:`dashapp.controls.cap`).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> clean_value("p-hops", "value", 99, G), clean_value("f-countries", "value", ["SE", "XX", "SE"], G)
    (6, ['SE'])
    >>> len(clean_value("f-search", "search_value", "x" * 60_000, G)) == MAX_TEXT
    True
    >>> clean_value("f-search", "search_value", ["x"] * 3000, G) is None   # typed text is text, or nothing
    True
    """
    if prop == "search_value":  # what is typed in a dropdown's search box, whichever dropdown
        return value[:MAX_TEXT] if isinstance(value, str) else None
    control = controls.by_id(component, prop) if isinstance(component, str) else None
    if control is None:
        return controls.cap(value)
    return control.clean(value, controls.known_ids(G))


def _clean_clicks(value: Any) -> Any:
    """A click count is a non-negative whole number or ``None``."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    return None


def _short_id(cid: Any) -> bool:
    """Whether a pattern-matching id is an object of a few short strings and numbers (as the page's are)."""
    return isinstance(cid, dict) and len(cid) <= 8 and all(
        isinstance(k, str) and len(k) <= MAX_TEXT and (isinstance(v, (int, float)) or
                                                       (isinstance(v, str) and len(v) <= MAX_TEXT))
        for k, v in cid.items())


# ----------------------------------------------------------------------------- requests

def _bad(message: str, status: int = 400) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _check_items(items: Any, spec: list[dict[str, Any]], what: str) -> str | None:
    """What is wrong with the *items* of a callback body against the callback's *spec* (``None``: nothing)."""
    if not isinstance(items, list) or len(items) != len(spec):
        return f"'{what}' must be a list of {len(spec)} item(s)"
    for item, want in zip(items, spec):
        pattern = want["id"].startswith("{")
        group = item if pattern else [item]
        if not isinstance(group, list) or len(group) > MAX_PATTERN_ITEMS:
            return f"'{what}' item for {want['id']} must be a list of at most {MAX_PATTERN_ITEMS}"
        for one in group:
            if not isinstance(one, dict) or "id" not in one or one.get("property") != want["property"]:
                return f"'{what}' item for {want['id']}.{want['property']} is malformed"
            if not pattern and one["id"] != want["id"]:
                return f"'{what}' names {str(one['id'])[:MAX_TEXT]!r} where {want['id']!r} was expected"
            if pattern and not _short_id(one["id"]):
                return f"'{what}' item for {want['id']} must have an id of a few short strings and numbers"
    return None


def check_callback_request(app: dash.Dash, ctx_: AppContext) -> Response | None:
    """Before a callback runs: refuse a malformed body (400) and clean every value in place (:func:`clean_value`)."""
    if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
        return None
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _bad(f"request body over {MAX_BODY} bytes", 413)
    body = request.get_json(silent=True)  # Flask caches it: Dash's dispatch reads this very object
    if not isinstance(body, dict):
        return _bad("the body must be a JSON object")
    cb = app.callback_map.get(body.get("output")) if isinstance(body.get("output"), str) else None
    if cb is None or "callback" not in cb:
        return _bad("no such server callback")
    if not isinstance(body.get("outputs"), (dict, list)):
        return _bad("'outputs' must be an object or a list")
    body.setdefault("state", [])
    changed = body.setdefault("changedPropIds", [])
    if not isinstance(changed, list) or len(changed) > MAX_PATTERN_ITEMS or \
            not all(isinstance(c, str) and len(c) <= 4 * MAX_TEXT for c in changed):
        return _bad(f"'changedPropIds' must be a list of at most {MAX_PATTERN_ITEMS} short strings")
    for what in ("inputs", "state"):
        problem = _check_items(body.get(what), cb.get(what, []), what)
        if problem:
            return _bad(problem)
    body["outputs"] = controls.cap(body["outputs"])
    try:
        G = ctx_.graph()
    except DataError:
        return _bad("the data package is invalid; the page lists the problems", 503)
    for what in ("inputs", "state"):
        for item, want in zip(body[what], cb.get(what, [])):
            if isinstance(item, list):
                for one in item:
                    clicks = want["property"] == "n_clicks"
                    one["value"] = _clean_clicks(one.get("value")) if clicks else controls.cap(one.get("value"))
            else:
                item["value"] = clean_value(item["id"], item["property"], item.get("value"), G)
    return None


def on_error(err: Exception) -> None:
    """Dash's ``on_error``: log the exception, tell the page (the rest keeps working), update nothing else."""
    log.exception("callback failed: %s", err)
    dash.set_props(ERROR_BANNER, {"children": error_message(), "className": "alert alert-warning small mb-2"})


def error_message() -> list[Any]:
    """The in-page message after a callback failed."""
    return [html.Strong("Something went wrong updating this view. "),
            "The rest of the page still works; try another choice or reload the page."]


def error_banner() -> html.Div:
    """Where :func:`on_error` shows its message (empty until then)."""
    return html.Div(id=ERROR_BANNER, role="alert", className="d-none")


def _handle_exception(err: Exception) -> Any:
    """An exception outside a callback's own code: callbacks answer 400 with a message, an unknown component-suite
    file 404, other pages 500."""
    if isinstance(err, HTTPException):
        return err
    if isinstance(err, PreventUpdate):
        return "", 204
    if isinstance(err, DependencyException):  # a component-suite file Dash does not serve: not found, not our bug
        log.info("no such component-suite file: %s", request.path[:200])
        return _bad("not found", 404)
    log.exception("request failed: %s", err)
    if request.path.endswith(CALLBACK_PATH):
        return _bad(f"the callback request could not be handled ({type(err).__name__})")
    return _bad("internal error", 500)




def install(app: dash.Dash, ctx_: AppContext) -> None:
    """Body limit, callback request checks, error handling and the security headers on *app*'s server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    server.before_request(lambda: check_callback_request(app, ctx_))
    server.register_error_handler(Exception, _handle_exception)
    headers.install(app)
