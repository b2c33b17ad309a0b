"""What keeps the explorer up under bad data, big or tampered requests: limits, value checks, headers.

:func:`install` puts it on a Dash app:

* a request body limit (``MAX_CONTENT_LENGTH``, :data:`MAX_BODY` bytes: 413 above it; no callback
  receives a picture: figures and decks are drawn on the server);
* before a callback runs (``POST /_dash-update-component``) its JSON is checked: an object naming a
  server callback, with as many inputs and states as that callback takes (else 400 with a message);
  then every value of a known control is cleaned (:func:`clean_value`): only known ids in the
  filter lists (no repeats, at most as many as there are), numbers clamped, choices from their options;
* an exception inside a callback is logged and shown as a message on the page (:func:`on_error`,
  Dash's ``on_error`` hook), the rest of the page keeps working; a malformed callback request
  the checks above let through answers 400, never 500;
* security headers on every response (:data:`HEADERS`, :func:`content_security_policy`), and a
  ``Server`` header that names no software version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import dash
from dash import html
from dash.exceptions import PreventUpdate
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler

from graph import DataError
from graph.export import EXPORT_FORMATS
from graph.present.layout import LAYOUT_ALIASES, VIEW_LAYOUTS
from graph.query.filters import country_choices
from graph.query.paths import GRANULARITIES

from . import compare, explore, matrix, paths, plan, studies
from . import components as C

__all__ = ["CHOICES", "FIXED_LISTS", "HEADERS", "MAX_BODY", "MAX_LIST", "MAX_TEXT", "NUMBERS", "SERVER", "clean_value", "content_security_policy",
           "install", "on_error"]

log = logging.getLogger(__name__)

#: Largest request body accepted, in bytes (the largest callback that sends no picture, the matrix's ~700
#: clicks, is ~60 kB).
MAX_BODY = 1024 * 1024
CALLBACK_PATH = "_dash-update-component"
#: Longest free text accepted from a control (the studies search, the sort).
MAX_TEXT = 200
#: Most values in a list from the URL (each is then checked against the data's ids by the callbacks' guard).
MAX_LIST = 500
#: Most values in one pattern-matching input (one per button on the page; the matrix has ~700).
MAX_PATTERN_ITEMS = 5000
#: The element that shows what went wrong inside a callback (see :func:`error_banner`).
ERROR_BANNER = "callback-error"
SERVER = "pswgraph"

#: Controls with a fixed set of values: id -> (allowed values, default).
CHOICES: dict[str, tuple[tuple[Any, ...], Any]] = {
    explore.LAYOUT: ((*VIEW_LAYOUTS, *LAYOUT_ALIASES), "bands"),
    explore.SHOW: (("themes", "subthemes"), "themes"),
    paths.GRANULARITY: (tuple(GRANULARITIES), paths.DEFAULTS[paths.GRANULARITY]),
    matrix.BY: (("country", "study"), matrix.DEFAULTS[matrix.BY]),
    matrix.POLARITY: (("all", *C.POLARITIES), matrix.DEFAULTS[matrix.POLARITY]),
}
#: List controls whose values do not depend on the data: id -> the values.
FIXED_LISTS: dict[str, tuple[str, ...]] = {
    explore.POLARITIES: tuple(C.POLARITIES), explore.PERSPECTIVES: tuple(C.PERSPECTIVES),
}
#: On/off switches: id -> default (anything but a bool falls back to it).
SWITCHES: dict[str, bool] = {explore.UNEVIDENCED: True, explore.HIDE_SINGLE: False, paths.HIDE_SINGLE: False}
#: Whole-number controls: id -> (lowest, highest, default).
NUMBERS: dict[str, tuple[int, int, int]] = {
    explore.MIN_EVIDENCE: (0, 10, 0),
    explore.DEPTH: (1, 3, 1),
    paths.HOPS: (1, 6, 4),
}
#: The export format: a callback-only choice (not in the URL); ``None`` would mean the default.
FORMATS = (tuple(EXPORT_FORMATS), "graphml")

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


# ----------------------------------------------------------------------------- values

def known_ids(G: Any) -> dict[str, set[str]]:
    """The ids each list control may hold in graph *G* (cached on the graph)."""
    cached = _ID_CACHE.get(id(G))
    if cached is not None and cached[0] is G:
        return cached[1]
    factors = {n for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    themes = {n for n in factors if G.nodes[n].get("factor_kind") == "theme"}
    countries = {code for code, _ in country_choices(G)}
    studies_ = {n for n, a in G.nodes(data=True) if a.get("kind") == "study"}
    known = {
        **{i: set(values) for i, values in FIXED_LISTS.items()},
        explore.LEVELS: {lv for lv, _ in C.level_items(G)}, explore.THEMES: themes, explore.COUNTRIES: countries, explore.STUDIES: studies_, explore.EXPAND: themes,
        paths.COUNTRIES: countries, compare.COUNTRIES: countries, "factor": factors,
        plan.PRESENT: factors, plan.ABSENT: factors, plan.OPEN: themes,
    }
    _ID_CACHE.clear()
    _ID_CACHE[id(G)] = (G, known)
    return known


_ID_CACHE: dict[int, tuple[Any, dict[str, set[str]]]] = {}
#: Controls holding one factor id (``None`` when empty).
FACTOR_CONTROLS = (explore.FOCUS, explore.SEARCH, paths.SOURCE, paths.TARGET, compare.SOURCE, compare.TARGET)
LIST_CONTROLS = (explore.LEVELS, explore.THEMES, explore.COUNTRIES, explore.STUDIES, explore.POLARITIES,
                 explore.PERSPECTIVES, explore.EXPAND, paths.COUNTRIES, compare.COUNTRIES, plan.PRESENT, plan.ABSENT,
                 plan.OPEN)


def clean_list(value: Any, allowed: set[str]) -> list[str]:
    """The known ids of *value*, in order, once each (anything else, or a non-list, drops out).

    >>> clean_list(["SE", "XX", "SE", 3, "NO"], {"SE", "NO"})
    ['SE', 'NO']
    >>> clean_list({"a": 1}, {"a"}), clean_list("SE", {"SE"})
    ([], [])
    """
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, str) and v in allowed))[:len(allowed)]


def clean_number(value: Any, lo: int, hi: int, default: int) -> int:
    """*value* as a whole number within ``[lo, hi]``, or *default* when it is not a number.

    >>> clean_number("3", 1, 6, 4), clean_number(99, 1, 3, 1), clean_number(-5, 0, 10, 0), clean_number(None, 1, 6, 4)
    (3, 3, 0, 4)
    """
    if isinstance(value, bool):
        return default
    try:
        number = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, lo), hi)


def clean_choice(value: Any, allowed: tuple[Any, ...], default: Any) -> Any:
    """*value* if it is one of *allowed*, else *default*.

    >>> clean_choice("theme", ("theme", "subtheme"), "subtheme"), clean_choice("../x", ("a",), "a")
    ('theme', 'a')
    """
    return value if isinstance(value, str) and value in allowed else default


def clean_selection(value: Any, factors: set[str]) -> dict[str, str] | None:
    """A selection store's value if well formed (a factor, or an influence between two factors), else ``None``."""
    if not isinstance(value, dict):
        return None
    if value.get("type") == "factor" and value.get("id") in factors:
        return {"type": "factor", "id": value["id"]}
    if value.get("type") == "influence" and value.get("source") in factors and value.get("target") in factors:
        return {"type": "influence", "source": value["source"], "target": value["target"]}
    return None


def clean_value(component: str, prop: str, value: Any, G: Any) -> Any:
    """The value of *component*'s *prop* made safe: its type, known ids, its range; unknown controls untouched."""
    if component in CHOICES and prop == "value":
        return clean_choice(value, *CHOICES[component])
    if component in NUMBERS and prop == "value":
        return clean_number(value, *NUMBERS[component])
    if component == FORMAT_CONTROL and prop == "value":
        return clean_choice(value, *FORMATS)
    if component == C.TABS and prop == C.TAB_PROP:
        return clean_choice(value, C.TAB_VALUES, C.TAB_DEFAULT)
    if component in SWITCHES and prop == "value":
        return value if isinstance(value, bool) else SWITCHES[component]
    if component in (studies.QUICK, studies.SORT) and prop in ("value", "data"):
        return value[:MAX_TEXT] if isinstance(value, str) else ""
    known = known_ids(G)
    if component in LIST_CONTROLS and prop in ("value", "data"):
        return clean_list(value, known[component])
    if component in FACTOR_CONTROLS and prop == "value":
        return value if isinstance(value, str) and value in known["factor"] else None
    if component == explore.SELECTION and prop == "data":
        return clean_selection(value, known["factor"])
    return value


FORMAT_CONTROL = "x-format"  # export.FORMAT (export imports the views; this module must not import it)


def _clean_clicks(value: Any) -> Any:
    """A click count is a non-negative whole number or ``None``."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    return None


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
                return f"'{what}' names {one['id']!r} where {want['id']!r} was expected"
    return None


def check_callback_request(app: dash.Dash, ctx_: C.AppContext) -> Response | None:
    """Before a callback runs: refuse a malformed body (400) and clean every known control's value in place."""
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
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return _bad("'changedPropIds' must be a list of strings")
    for what in ("inputs", "state"):
        problem = _check_items(body.get(what), cb.get(what, []), what)
        if problem:
            return _bad(problem)
    try:
        G = ctx_.graph()
    except DataError:
        return _bad("the data package is invalid; the page lists the problems", 503)
    for what in ("inputs", "state"):
        for item, want in zip(body[what], cb.get(what, [])):
            if isinstance(item, list):
                for one in item:
                    if want["property"] == "n_clicks":
                        one["value"] = _clean_clicks(one.get("value"))
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
    """An exception outside a callback's own code: callbacks answer 400 with a message, other pages 500."""
    if isinstance(err, HTTPException):
        return err
    if isinstance(err, PreventUpdate):
        return "", 204
    log.exception("request failed: %s", err)
    if request.path.endswith(CALLBACK_PATH):
        return _bad(f"the callback request could not be handled ({type(err).__name__})")
    return _bad("internal error", 500)


def _add_headers(csp: Callable[[], str]) -> Callable[[Response], Response]:
    def add(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", csp())
        response.headers["Server"] = SERVER
        return response
    return add


def install(app: dash.Dash, ctx_: C.AppContext) -> None:
    """Body limit, callback request checks, error handling and security headers on *app*'s server.

    Werkzeug's development server (``pswgraph serve``, the browser tests) sends a ``Server`` header of
    its own before the app's, naming its and Python's versions: it is told to say :data:`SERVER` too.
    """
    WSGIRequestHandler.version_string = lambda _self: SERVER  # type: ignore[method-assign]
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    server.before_request(lambda: check_callback_request(app, ctx_))
    server.register_error_handler(Exception, _handle_exception)
    policy: dict[str, str] = {}

    def csp() -> str:  # after every clientside callback is defined: computed on the first response
        if "csp" not in policy:
            policy["csp"] = content_security_policy(app)
        return policy["csp"]

    server.after_request(_add_headers(csp))
