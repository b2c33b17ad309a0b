"""Callback requests as Dash's renderer sends them, built from the page as served: for tests and the load test.

>>> from dashapp import create_app
>>> app = create_app()
>>> key = next(k for k in app.callback_map if k.startswith("..explore-graph.elements"))
>>> req = body(app, key, {"f-countries": ["SE"]})
>>> req["output"] == key, {"id": "f-countries", "property": "value", "value": ["SE"]} in req["inputs"]
(True, True)
"""

from __future__ import annotations

import json
import random
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


def steps(app, rng: random.Random | None = None, values: dict | None = None) -> list[tuple[str, str, bytes | None]]:
    """The sequence one user replays: (name, path, POST body or None).

    Without *rng*, the fixed sequence (Sweden, barriers; focus on PSW wellbeing; ...). With
    *rng*, each user makes their own choices from the data: a country and a polarity, a
    factor to focus and one to open, two themes for the path finder, three countries to
    compare, the matrix's columns — so the server answers many different questions, not
    one question 50 times.
    """
    keys = list(app.callback_map)

    def key(prefix: str) -> str:
        return next(k for k in keys if k.startswith(prefix))

    explore, details = key("..explore-graph.elements"), key("details.children")
    paths, compare, matrix = key("..paths-graph.elements"), key("..compare-panels.children"), key("matrix-heatmap")
    values = page_values(app) if values is None else values
    if rng is None:
        country, polarity, focus, factor = "SE", "barrier", "psw-wellbeing", "hrm-policies"
        source, target, trio, by = "regulatory-political", "psw-wellbeing", ["SE", "NO", "DK"], "country"
    else:
        countries = [o["value"] for o in values[("c-countries", "options")]]
        factors = [o["value"] for o in values[("f-focus", "options")]]
        themes = [o["value"] for o in values[("f-themes", "options")]]
        country, polarity = rng.choice(countries), rng.choice(["enabler", "barrier", "mixed", "context"])
        focus, factor = rng.choice(factors), rng.choice(factors)
        source, target = rng.sample(themes, 2)
        trio, by = rng.sample(countries, 3), rng.choice(["country", "study"])
    posts = [
        ("explore: first view", body(app, explore, values=values)),
        ("explore: country, polarity", body(app, explore, {"f-countries": [country], "f-polarities": [polarity]},
                                            values=values)),
        ("explore: focus", body(app, explore, {"f-focus": focus, "f-depth": 2}, values=values)),
        ("details: factor, filtered", body(app, details, {"selection": {"type": "factor", "id": factor},
                                                         "f-countries": [country]}, values=values)),
        ("paths: theme to theme", body(app, paths, {"p-source": source, "p-target": target, "tabs": "paths"},
                                       values=values)),
        ("compare: three countries", body(app, compare, {"c-countries": trio, "tabs": "compare"}, values=values)),
        ("matrix", body(app, matrix, {"tabs": "matrix", "m-by": by}, values=values)),
    ]
    page = [("page: /", "/", None), ("page: layout", "/_dash-layout", None),
            ("page: dependencies", "/_dash-dependencies", None)]
    return page + [(name, CALLBACK, json.dumps(b).encode()) for name, b in posts]
