"""Work per request is bounded, counted not timed: nothing is parsed or built again once the server runs,
equal filter states share one filtered view and one set of facet counts, and no answer exceeds the caps.

Requests are the renderer's (:func:`dashapp.server.replay.steps`), as the load test sends them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import graph.data.load
from dashapp import create_app
from dashapp.server.replay import CALLBACK, body, page_values, steps
from graph.data.memo import COMPUTED
from graph.data.synth import synthesize
from graph.present.view import MAX_ELEMENTS

#: No answer of a callback is larger than this (bytes).
MAX_RESPONSE = 500 * 1024


def _replay(client, sequence) -> list[tuple[str, bytes]]:
    out = []
    for name, path, data in sequence:
        r = client.post(path, data=data, content_type="application/json") if data else client.get(path)
        assert r.status_code in (200, 204), (name, r.status_code)
        out.append((name, r.data))
    return out


def _explore_key(app) -> str:
    return next(k for k in app.callback_map if k.startswith("..explore-graph.elements"))


def test_a_second_round_of_requests_parses_and_builds_nothing():
    app = create_app()
    client = app.server.test_client()
    values = page_values(app)
    sequences = [steps(app, random.Random(i), values) for i in range(3)]
    for seq in sequences:
        _replay(client, seq)
    parses, computed = graph.data.load.PARSE_COUNT["n"], dict(COMPUTED)
    for seq in sequences:
        _replay(client, seq)
    assert graph.data.load.PARSE_COUNT["n"] == parses
    assert dict(COMPUTED) == computed  # no filtered graph, view, facet count, layout or table made again


def test_equal_filter_states_share_one_filtered_view_and_one_set_of_facet_counts():
    app = create_app()
    client = app.server.test_client()
    key, values = _explore_key(app), page_values(app)

    def post(countries):
        _replay(client, [("explore", CALLBACK, json.dumps(body(app, key, {"f-countries": countries,
                                                                         "f-polarities": ["enabler"]},
                                                                values=values)).encode())])
    post(["SE", "NO"])
    before = {k: COMPUTED[k] for k in ("filtered-influences", "explore-view", "explore-facets")}
    post(["NO", "SE"])  # the same filter state, chosen in the other order
    assert {k: COMPUTED[k] for k in before} == before
    post(["DK", "NO"])  # a new state is computed once
    assert all(COMPUTED[k] > before[k] for k in before)


@pytest.fixture(scope="module")
def k10(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("k10")
    synthesize(out, 10, seed=1)
    return out


def _elements(name: str, payload: dict) -> int:
    resp = payload.get("response", {})
    if name.startswith("explore"):
        return len(resp["explore-graph"]["elements"])
    if name.startswith("paths"):
        return len(resp["paths-graph"]["elements"])
    if name.startswith("compare"):
        return _panel_elements(resp)
    return 0


def _panel_elements(resp: dict) -> int:
    """Elements of every cytoscape panel in the compare answer."""
    found = 0
    stack = [resp["compare-panels"]["children"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "Cytoscape":
                found += len(node["props"]["elements"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_no_answer_on_a_package_ten_times_larger_exceeds_the_element_or_size_cap(k10):
    app = create_app(k10)
    client = app.server.test_client()
    values = page_values(app)
    key = _explore_key(app)
    everything = ("explore: all sub-themes", CALLBACK,
                  json.dumps(body(app, key, {"f-show": "subthemes"}, values=values)).encode())
    sizes, elements = {}, {}
    for i in range(4):
        for name, data in _replay(client, [everything, *steps(app, random.Random(i), values)]):
            sizes[name] = max(sizes.get(name, 0), len(data))
            if name.split(":")[0] in ("explore", "paths", "compare") and data:
                elements[name] = max(elements.get(name, 0), _elements(name, json.loads(data)))
    assert max(sizes.values()) <= MAX_RESPONSE, sizes
    assert elements["explore: all sub-themes"] > 0 and max(elements.values()) <= MAX_ELEMENTS, elements


def test_the_same_question_asked_again_is_answered_from_the_store_with_the_same_answer():
    import dashapp.server.answers

    app = create_app()
    client = app.server.test_client()
    key, values = _explore_key(app), page_values(app)
    data = json.dumps(body(app, key, {"f-countries": ["DK"], "f-polarities": ["mixed"]}, values=values)).encode()
    first = client.post(CALLBACK, data=data, content_type="application/json")
    hits = dashapp.server.answers.HITS["n"]
    again = client.post(CALLBACK, data=data, content_type="application/json")
    assert dashapp.server.answers.HITS["n"] == hits + 1
    assert again.status_code == 200 and again.data == first.data
    assert again.headers.get("X-Content-Type-Options") == first.headers.get("X-Content-Type-Options")
    other = client.post(CALLBACK, data=data.replace(b'"DK"', b'"SE"'), content_type="application/json")
    assert other.data != first.data and dashapp.server.answers.HITS["n"] == hits + 1


def test_a_factors_limitations_on_a_package_ten_times_larger_are_sent_at_most_the_cap_with_the_rest_counted(k10):
    from dashapp.components import MAX_LIMITATION_CARDS, limitation_list
    from graph import load_graph
    from graph.query.details import factor_details

    G = load_graph(k10)
    factor = max((n for n, d in G.nodes(data=True) if d.get("kind") == "factor"),
                 key=lambda n: sum(len(g["records"]) for g in factor_details(G, n)["limitations"]))
    groups = factor_details(G, factor)["limitations"]
    n = sum(len(g["records"]) for g in groups)
    assert n > MAX_LIMITATION_CARDS  # the case the cap is for
    panel = json.loads(json.dumps(limitation_list(groups).to_plotly_json(), default=lambda o: o.to_plotly_json()))
    text = json.dumps(panel, ensure_ascii=False).replace('\\"', '"')  # the cards are sent as HTML
    assert text.count('class="evidence-card limitation-card"') == MAX_LIMITATION_CARDS
    assert f"({n})" in text and f"… and {n - MAX_LIMITATION_CARDS} more limitations" in text


def test_the_serving_explorer_loads_neither_pandas_nor_python_pptx_until_an_export_asks_for_them():
    import subprocess
    import sys

    code = ("import sys; from dashapp import create_app; app = create_app(); app.server.test_client().get('/'); "
            "print(sorted(m for m in ('pandas', 'pptx', 'matplotlib', 'docx', 'fpdf', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_answer_store_holds_at_most_its_bytes_dropping_the_least_recently_used(monkeypatch):
    from dashapp.server import answers

    monkeypatch.setattr(answers, "MAX_BYTES", 48_000)  # the bundled package's answers below: 2 to 12 kB each
    app = create_app()
    client, store = app.server.test_client(), app.server.extensions[answers.EXTENSION]
    key, values = _explore_key(app), page_values(app)
    countries = sorted(n for n, k in app.layout.ctx.graph().nodes(data="kind") if k == "country")

    def ask(code: str) -> bytes:
        data = json.dumps(body(app, key, {"f-countries": [code]}, values=values))
        return client.post(CALLBACK, data=data, content_type="application/json").data

    sent = [len(ask(code)) for code in countries]
    assert sum(sent) > 48_000 and 4 * max(sent) <= 48_000  # past the bound, each one small enough to keep
    assert 0 < store.held() == store.size <= 48_000 and len(store) < len(countries)
    hits = answers.HITS["n"]
    ask(countries[-1])  # the newest is kept
    assert answers.HITS["n"] == hits + 1
    ask(countries[0])  # the oldest went first
    assert answers.HITS["n"] == hits + 1 and store.held() == store.size <= 48_000
