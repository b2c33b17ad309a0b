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
#: Where :func:`install` puts its store on the Flask app (``app.server.extensions[EXTENSION]``).
EXTENSION = "pswgraph-answers"


class AnswerStore:
    """Answers by key, at most *max_bytes* of them in all (their lengths), the least recently used dropped first.

    An answer larger than a quarter of the bound is not kept (it would push out many others).

    >>> store = AnswerStore(max_bytes=20)
    >>> for key in b"abcde":
    ...     store.put(bytes([key]), b"12345")
    >>> store.get(b"a"), store.get(b"e"), store.size, len(store)
    (None, b'12345', 20, 4)
    >>> store.put(b"f", b"123456"); store.get(b"f") is None
    True
    """

    def __init__(self, max_bytes: int | None = None):
        self.max_bytes = max_bytes
        self.size = 0
        self._answers: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    def held(self) -> int:
        """The bytes of the answers kept, counted again (:attr:`size` is kept as they come and go)."""
        with self._lock:
            return sum(map(len, self._answers.values()))

    def get(self, key: bytes) -> bytes | None:
        """The answer kept for *key* (now the most recently used), or None."""
        with self._lock:
            data = self._answers.get(key)
            if data is not None:
                self._answers.move_to_end(key)
            return data

    def put(self, key: bytes, data: bytes) -> None:
        """Keep *data* for *key* (unless already kept or too large), dropping the least recently used over the bound."""
        bound = MAX_BYTES if self.max_bytes is None else self.max_bytes
        with self._lock:
            if key in self._answers or 4 * len(data) > bound:
                return
            self._answers[key] = data
            self.size += len(data)
            while self.size > bound:
                self.size -= len(self._answers.popitem(last=False)[1])


def install(app: dash.Dash, ctx_: AppContext) -> None:
    """Serve a kept answer before Dash runs the callback; keep each new answer of a :data:`CACHED` callback
    (in an :class:`AnswerStore` bounded by :data:`MAX_BYTES`, at ``app.server.extensions[EXTENSION]``)."""
    store = app.server.extensions[EXTENSION] = AnswerStore()

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
        data = store.get(k) if k else None
        if data is None:
            return None
        HITS["n"] += 1
        return flask.Response(data, mimetype="text/html" if flask.request.path == "/" else "application/json")

    def after(response: flask.Response) -> flask.Response:
        k = flask.g.get("answer_key")
        if k and response.status_code == 200 and not response.direct_passthrough:
            store.put(k, response.get_data())
        return response

    app.server.before_request(before)
    app.server.after_request(after)
