"""The explorer's callbacks as benchmark operations: requests through Dash's own route, and their floor.

:func:`callback_operations` lists the requests (name, POST body) the benchmark times through
``/_dash-update-component`` with Flask's test client; extend it to time more callbacks.
:func:`add_noop_callback` registers a callback that does nothing, the floor every callback is
compared with (the same route, request parsing and JSON response, no work).
"""

from __future__ import annotations

import json
from typing import Any

from dash import Input, Output

from dashapp.server.replay import CALLBACK, body

__all__ = ["CALLBACK", "NOOP_OUTPUT", "add_noop_callback", "callback_operations", "noop_body", "post"]

#: The no-op callback's output (an id no page component has: the route does not need one).
NOOP_OUTPUT = "bench-noop.children"


def add_noop_callback(app) -> None:
    """Register the floor: a callback returning its input unchanged (call before the first request)."""
    @app.callback(Output("bench-noop", "children"), Input("bench-noop-in", "value"))
    def _noop(value):
        return value


def noop_body() -> dict[str, Any]:
    """The request that runs the no-op callback."""
    return {"output": NOOP_OUTPUT, "outputs": {"id": "bench-noop", "property": "children"},
            "inputs": [{"id": "bench-noop-in", "property": "value", "value": "x"}], "state": [],
            "changedPropIds": ["bench-noop-in.value"]}


def callback_operations(app, country: str = "SE", factor: str = "psw-wellbeing") -> list[tuple[str, dict[str, Any]]]:
    """(name, request body) of each main callback as a reader triggers it.

    Parameters
    ----------
    app : the explorer (:func:`dashapp.create_app`) over the benchmarked package.
    country, factor : a country and a factor that exist in it.
    """
    keys = list(app.callback_map)

    def key(prefix: str) -> str | None:
        return next((k for k in keys if k.startswith(prefix)), None)

    wanted = [
        ("explore: first view", "..explore-graph.elements", {}),
        ("explore: one country, barrier", "..explore-graph.elements", {"f-countries": [country],
                                                                      "f-polarities": ["barrier"]}),
        ("explore: focus, depth 2", "..explore-graph.elements", {"f-focus": factor, "f-depth": 2}),
        ("details: a big factor", "details.children", {"selection": {"type": "factor", "id": factor}}),
        ("details: factor, one country", "details.children", {"selection": {"type": "factor", "id": "hrm-policies"},
                                                               "f-countries": [country]}),
        ("paths: theme to theme", "..paths-graph.elements", {"p-source": "regulatory-political",
                                                             "p-target": "psw-wellbeing", "tabs": "paths"}),
        ("compare: three countries", "..compare-panels.children", {"c-countries": ["SE", "NO", "DK"],
                                                                   "tabs": "compare"}),
        ("matrix: countries", "matrix-heatmap", {"tabs": "matrix"}),
    ]
    out = []
    for name, prefix, overrides in wanted:
        k = key(prefix)
        if k is not None:
            out.append((name, body(app, k, overrides)))
    return out


def post(client, request: dict[str, Any]) -> int:
    """POST one callback request; return the response size in bytes (raises on an HTTP error)."""
    resp = client.post(CALLBACK, data=json.dumps(request), content_type="application/json")
    if resp.status_code not in (200, 204):
        raise RuntimeError(f"{request['output']}: HTTP {resp.status_code}: {resp.get_data(as_text=True)[:300]}")
    return len(resp.get_data())
