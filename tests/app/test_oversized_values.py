"""Oversized strings in callback requests cost the server little: every property is capped by the guard.

A browser may send any value for any property of a callback's inputs and states (a dropdown's ``search_value``,
a text box's ``value``, a store's ``data``), up to the 1 MB body limit. Each request below carries a
60,000-character string and must cost under :data:`BUDGET` seconds of server CPU, answer without a server error
and show that the text was cut to :data:`dashapp.controls.MAX_TEXT` characters.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from dashapp import create_app
from dashapp.controls import MAX_TEXT
from dashapp.server.replay import CALLBACK, body

#: Most seconds of server CPU one request may take.
BUDGET = 1.0
#: Words that match factors: the fuzzy factor search works hardest on them.
LONG = "wellbeing " * 6000


@pytest.fixture(scope="module")
def app():
    return create_app()


def _key(app, output: str, prop: str, component: str) -> str:
    """The callback writing *output* that takes *component*'s *prop* as its first input."""
    return next(k for k, v in app.callback_map.items() if "callback" in v and output in k
                and (v["inputs"][0]["id"], v["inputs"][0]["property"]) == (component, prop))


def _request(app, key: str, component: str, prop: str, value: Any, overrides: dict | None = None) -> dict:
    """The page's request for callback *key* with *component*'s *prop* (input or state) set to *value*."""
    req = body(app, key, overrides)
    hits = [item for what in ("inputs", "state") for item in req[what]
            if isinstance(item, dict) and (item["id"], item["property"]) == (component, prop)]
    assert hits, f"{component}.{prop} is not an input or state of {key}"
    for item in hits:
        item["value"] = value
    req["changedPropIds"] = [f"{component}.{prop}"]
    return req


def _timed_post(app, req: dict) -> tuple[Any, float]:
    client = app.server.test_client()
    data = json.dumps(req)
    start = time.process_time()
    response = client.post(CALLBACK, data=data, content_type="application/json")
    text = response.get_data(as_text=True)
    return (response, text), time.process_time() - start


SEARCHABLE = ["f-search", "f-focus", "p-source", "p-target", "c-source", "c-target"]


@pytest.mark.parametrize("dropdown", SEARCHABLE)
def test_a_long_search_value_is_cut_and_cheap(app, dropdown):
    req = _request(app, _key(app, f"{dropdown}.options", "search_value", dropdown), dropdown, "search_value", LONG)
    (response, text), cpu = _timed_post(app, req)
    assert response.status_code == 200, text[:300]
    assert cpu < BUDGET, f"{dropdown}.search_value: {cpu:.2f} s of CPU"
    assert LONG[:MAX_TEXT + 10] not in text
    # a factor found carries the typed text in its search field, as the guard passed it on: cut to MAX_TEXT
    typed = "stigma" + " " * 59_994
    (response, text), _ = _timed_post(app, _request(app, req["output"], dropdown, "search_value", typed))
    assert response.status_code == 200 and typed[:MAX_TEXT] + '"' in text and typed[:MAX_TEXT + 1] not in text


def test_a_long_study_search_is_cheap(app):
    req = _request(app, _key(app, "f-studies.options", "search_value", "f-studies"), "f-studies", "search_value",
                   "x" * 60_000)
    (response, text), cpu = _timed_post(app, req)
    assert response.status_code in (200, 204), text[:300]
    assert cpu < BUDGET, f"f-studies.search_value: {cpu:.2f} s of CPU"


def test_a_long_text_box_value_is_cut_and_cheap(app):
    key = _key(app, "s-body-html.data", "value", "s-quick")
    typed = "zzz " * 15_000
    req = _request(app, key, "s-quick", "value", typed, {"tabs": "studies"})
    (response, text), cpu = _timed_post(app, req)
    assert response.status_code == 200, text[:300]
    assert cpu < BUDGET, f"s-quick.value: {cpu:.2f} s of CPU"
    assert "No studies match" in text and typed[:MAX_TEXT].strip() + "\\u201d" in text


@pytest.mark.parametrize("store, prop, value", [
    ("s-sort", "data", "-year," * 10_000),
    ("selection", "data", {"type": "factor", "id": LONG}),
    ("f-open", "data", [LONG] * 16),
    ("pl-open", "data", [LONG] * 16),
    ("paths-store", "data", {LONG[:1000]: [LONG[:1000]] * 50}),
])
def test_long_store_data_is_cheap(app, store, prop, value):
    key = next(k for k, v in app.callback_map.items() if "callback" in v and any(
        (s["id"], s["property"]) == (store, prop) for s in [*v["inputs"], *v.get("state", [])]))
    (response, text), cpu = _timed_post(app, _request(app, key, store, prop, value))
    assert response.status_code < 500, text[:300]
    assert cpu < BUDGET, f"{store}.{prop}: {cpu:.2f} s of CPU"
    assert LONG[:MAX_TEXT + 10] not in text


def test_an_unknown_property_of_any_component_is_capped():
    from dashapp.server.guard import clean_value
    from graph import load_graph

    G = load_graph()
    for component, prop in [("f-search", "search_value"), ("no-such-id", "anything"), ("p-pick", "value")]:
        cleaned = clean_value(component, prop, "y" * 60_000, G)
        assert isinstance(cleaned, str) and len(cleaned) <= MAX_TEXT
    nested = clean_value("explore-graph", "tapNodeData", {"id": "y" * 60_000, "deep": [[["z" * 60_000]]]}, G)
    assert len(nested["id"]) == MAX_TEXT and len(nested["deep"][0][0][0]) == MAX_TEXT
