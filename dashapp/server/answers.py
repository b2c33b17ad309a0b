"""Answers of the drawing callbacks and the page kept per request and data version: a question is answered once.

The explore, details, path, compare and matrix callbacks are pure: their answer follows from the
request (inputs, states, which input changed) and the data; the page follows from the data and the
problems with the files on disk. So the serialised answer is kept, keyed
by the data version and the request body, at most :data:`MAX_BYTES` in all (least recently used
first out); a request the guard refuses never gets here, and a new data version is a new key.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import dash
import flask

from ..components.context import AppContext
from .replay import CALLBACK

#: The callbacks whose answers are kept (by their output key's start).
CACHED = ("..explore-graph.elements", "details.children", "..paths-graph.elements", "..compare-panels.children",
          "matrix-heatmap.children", "matrix-cell.children")
#: The page's own requests, kept too (they follow from the data and its problems).
PAGES = ("/", "/_dash-layout", "/_dash-dependencies")
#: The most bytes of answers kept in one process.
MAX_BYTES = 64 * 1024 * 1024
#: How many answers were served from the store (tests read it).
HITS = {"n": 0}


def install(app: dash.Dash, ctx_: AppContext) -> None:
    """Serve a kept answer before Dash runs the callback; keep each new answer of a :data:`CACHED` callback."""
    store: OrderedDict[bytes, bytes] = OrderedDict()
    size = [0]
    lock = threading.Lock()

    def key() -> bytes | None:
        req = flask.request
        if req.method == "GET" and req.path in PAGES:  # the page as built for this data and its problems
            state = f"{ctx_.version()}\0{[str(p) for p in ctx_.problems()]}\0{req.full_path}"
            return hashlib.sha256(state.encode()).digest()
        if req.method != "POST" or req.path != CALLBACK:
            return None
        payload = req.get_json(silent=True)
        output = payload.get("output") if isinstance(payload, dict) else None
        if not isinstance(output, str) or not output.startswith(CACHED):
            return None
        return hashlib.sha256(ctx_.version().encode() + b"\0" + req.get_data(cache=True)).digest()

    def before() -> flask.Response | None:
        k = flask.g.answer_key = key()
        with lock:
            data = store.get(k) if k else None
            if data is not None:
                store.move_to_end(k)
                HITS["n"] += 1
        if data is None:
            return None
        return flask.Response(data, mimetype="text/html" if flask.request.path == "/" else "application/json")

    def after(response: flask.Response) -> flask.Response:
        k = flask.g.get("answer_key")
        if k and response.status_code == 200 and not response.direct_passthrough and k not in store:
            data = response.get_data()
            with lock:
                store[k] = data
                size[0] += len(data)
                while size[0] > MAX_BYTES and store:
                    size[0] -= len(store.popitem(last=False)[1])
        return response

    app.server.before_request(before)
    app.server.after_request(after)
