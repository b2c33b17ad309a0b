"""Callback requests as Dash's renderer sends them, built from the page as served: for tests and the load test.

>>> from dashapp import create_app
>>> app = create_app()
>>> key = next(k for k in app.callback_map if k.startswith("..explore-graph.elements"))
>>> req = body(app, key, {"f-countries": ["SE"]})
>>> req["output"] == key, {"id": "f-countries", "property": "value", "value": ["SE"]} in req["inputs"]
(True, True)
"""

from __future__ import annotations

from typing import Any

#: Where the renderer posts a callback.
CALLBACK = "/_dash-update-component"


def page_values(app) -> dict[tuple[str, str], Any]:
    """Every (id, prop) -> value of the page as served now (what the browser would send)."""
    values: dict[tuple[str, str], Any] = {}

    def walk(node):
        cid = getattr(node, "id", None)
        if isinstance(cid, str):
            for prop in getattr(node, "_prop_names", []):
                if getattr(node, prop, None) is not None:
                    values[(cid, prop)] = getattr(node, prop)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children] if children is not None else []:
            if hasattr(child, "_prop_names"):
                walk(child)

    walk(app.layout())
    return values


def outputs_of(key: str) -> Any:
    """The ``outputs`` of a callback body for the callback *key* (pattern-matched outputs: no component)."""
    def one(part: str) -> Any:
        cid, prop = part.rsplit(".", 1)
        return [] if cid.startswith("{") else {"id": cid, "property": prop}
    if key.startswith(".."):
        return [one(p) for p in key[2:-2].split("...")]
    return one(key)


def body(app, key: str, overrides: dict[str, Any] | None = None, values: dict | None = None) -> dict[str, Any]:
    """A callback request like the renderer's: every input and state with the page's value (or *overrides*)."""
    cb = app.callback_map[key]
    values = page_values(app) if values is None else values
    overrides = overrides or {}

    def items(specs):
        out = []
        for s in specs:
            if s["id"].startswith("{"):
                out.append(overrides.get(s["id"], []))
            else:
                value = overrides.get(s["id"], values.get((s["id"], s["property"])))
                out.append({"id": s["id"], "property": s["property"], "value": value})
        return out

    inputs = items(cb["inputs"])
    first = cb["inputs"][0]
    return {"output": key, "outputs": outputs_of(key), "inputs": inputs, "state": items(cb.get("state", [])),
            "changedPropIds": [f"{first['id']}.{first['property']}"]}
