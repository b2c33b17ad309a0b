"""Serving the explorer: never down over data, bounded work, tampered requests, security headers.

Callbacks are exercised through Flask's test client, posting JSON to ``/_dash-update-component``
the way the browser's renderer does (payloads built from ``app.callback_map`` and the page's values).
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import json
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import dashapp.controls
import dashapp.server.guard
from dashapp import create_app
from dashapp.controls import decode
from dashapp.pages import explore as E
from dashapp.server.replay import CALLBACK, body, page_values

EXPLORE_GRAPH = next(k for k in create_app().callback_map if k.startswith("..explore-graph.elements"))


# ----------------------------------------------------------------------------- helpers

def post(client, payload: Any):
    data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return client.post(CALLBACK, data=data, content_type="application/json")


def server_callbacks(app) -> list[str]:
    return [k for k, v in app.callback_map.items() if "callback" in v]


def corrupt(data_dir: Path) -> None:
    """A factor row with a kind no schema allows (factors.csv row 5)."""
    path = data_dir / "factors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[4].split(",")
    fields[2] = "zzz"
    lines[4] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")


def test_doctests():
    import dashapp.server.replay

    for module in (dashapp.server.guard, dashapp.server.replay):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


# ----------------------------------------------------------------------------- case 1: a worker starts on bad data

def test_create_app_on_broken_data_serves_the_validation_report(data_copy):
    corrupt(data_copy)
    app = create_app(data_copy)  # does not raise
    client = app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "The data package is invalid" in text and "factors.csv, row 5, column &#x27;kind&#x27;" in text
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and "factors.csv, row 5, column 'kind'" in layout.get_data(as_text=True)


def test_callbacks_on_broken_data_with_no_valid_version_answer_503(data_copy):
    values = page_values(create_app())
    corrupt(data_copy)
    app = create_app(data_copy)
    response = post(app.server.test_client(), body(app, "details.children", values=values))
    assert response.status_code == 503 and "invalid" in response.get_json()["error"]


def test_wsgi_module_never_raises_over_data(data_copy, monkeypatch):
    corrupt(data_copy)
    monkeypatch.setenv("PSWGRAPH_DATA", str(data_copy))
    import dashapp.wsgi

    wsgi = importlib.reload(dashapp.wsgi)
    assert wsgi.server.test_client().get("/").status_code == 200


def test_a_worker_started_on_bad_data_serves_the_explorer_once_fixed(data_copy):
    original = (data_copy / "factors.csv").read_bytes()
    corrupt(data_copy)
    app = create_app(data_copy)
    client = app.server.test_client()
    assert "The data package is invalid" in client.get("/_dash-layout").get_data(as_text=True)
    (data_copy / "factors.csv").write_bytes(original)
    fixed = client.get("/_dash-layout").get_data(as_text=True)
    assert "The data package is invalid" not in fixed and "view-explore" in fixed
    assert "The data package is invalid" not in client.get("/").get_data(as_text=True)


# ----------------------------------------------------------------------------- case 2: the data breaks while serving

def test_invalid_data_on_disk_keeps_the_last_good_graph_with_a_banner_then_reloads(data_copy):
    app = create_app(data_copy)
    client = app.server.test_client()
    banner_key = "..data-status.children...data-status.className.."
    before = post(client, body(app, EXPLORE_GRAPH))
    assert before.status_code == 200
    quiet = post(client, body(app, banner_key)).get_json()["response"]["data-status"]
    assert quiet["className"] == "d-none"

    good_values = page_values(app)
    corrupt(data_copy)
    assert post(client, body(app, EXPLORE_GRAPH, values=good_values)).status_code == 200  # the check starts
    assert app.layout.ctx.settle()
    for key in server_callbacks(app):  # every callback keeps answering from the last good graph
        assert post(client, body(app, key, values=good_values)).status_code in (200, 204), key
    after = post(client, body(app, EXPLORE_GRAPH, values=good_values))
    assert after.get_json() == before.get_json()
    banner = json.dumps(post(client, body(app, banner_key, values=good_values)).get_json())
    assert "The data on disk is invalid" in banner and "factors.csv, row 5, column 'kind'" in banner
    assert "showing the last valid version" in banner
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    text = layout.get_data(as_text=True)
    assert "factors.csv, row 5" in text and "view-explore" in text

    # fixed, with a new name for a factor: the page is rebuilt from the new data, dropdowns included
    path = data_copy / "factors.csv"
    text = path.read_text(encoding="utf-8").replace(",zzz,", ",subtheme,", 1)
    path.write_text(text.replace("Training and certification", "Training and accreditation"), encoding="utf-8")
    checking = json.dumps(post(client, body(app, banner_key, values=good_values)).get_json())
    assert "being checked" in checking or "The data has been updated" in checking  # unless already checked
    assert app.layout.ctx.settle()
    banner = json.dumps(post(client, body(app, banner_key, values=good_values)).get_json())
    assert "invalid" not in banner and "The data has been updated" in banner
    fresh = client.get("/_dash-layout").get_data(as_text=True)
    assert "Training and accreditation" in fresh and "Training and certification" not in fresh
    assert "invalid" not in fresh
    new_values = page_values(app)
    assert post(client, body(app, EXPLORE_GRAPH, values=new_values)).status_code == 200
    quiet = post(client, body(app, banner_key, values=new_values)).get_json()["response"]["data-status"]
    assert quiet["className"] == "d-none"


# ----------------------------------------------------------------------------- case 3: bounded work

def test_body_over_the_limit_is_refused_with_413():
    client = create_app().server.test_client()
    response = post(client, b'{"output": "' + b"x" * (2 * 1024 * 1024) + b'"}')
    assert response.status_code == 413


def test_no_callback_may_send_more_than_the_limit_the_deck_included():
    """Figures and decks are drawn on the server: no callback takes a picture, so none gets a larger body."""
    app = create_app()
    client = app.server.test_client()
    assert not any(s["property"] == "imageData" for v in app.callback_map.values() for s in v.get("inputs", []))
    deck = next(k for k in app.callback_map if k.startswith("..x-pptx-file.data"))
    padded = body(app, deck, {E.COUNTRIES: ["SE"] * 300_000})  # ~2 MB, well formed
    assert post(client, padded).status_code == 413
    big_list = body(app, EXPLORE_GRAPH, {E.COUNTRIES: ["SE"] * 300_000})
    assert post(client, big_list).status_code == 413


def test_the_largest_real_callback_fits_the_limit():
    """The largest request the page can send — a Plan file at its size limit, with every factor marked — is
    under the body limit and answered; every callback's request with the page's values too."""
    import base64

    app = create_app()
    G = app.layout.ctx.graph()
    factors = sorted(n for n, a in G.nodes(data=True) if a.get("kind") == "factor")
    client = app.server.test_client()
    from plotly.utils import PlotlyJSONEncoder

    for key in app.callback_map:
        assert len(json.dumps(body(app, key), cls=PlotlyJSONEncoder)) < dashapp.server.guard.MAX_BODY, key
    upload = "data:text/csv;base64," + base64.b64encode(b"x" * dashapp.controls.MAX_UPLOAD).decode()
    key = next(k for k in app.callback_map if "pl-upload-status.children" in k and "pl-problem" in k)
    payload = body(app, key, {"pl-upload": upload, "pl-problem": factors, "pl-strength": factors})
    assert dashapp.controls.MAX_UPLOAD < len(json.dumps(payload)) < dashapp.server.guard.MAX_BODY
    assert post(client, payload).status_code in (200, 204)


def test_filter_lists_keep_known_ids_once_each():
    app = create_app()
    client = app.server.test_client()
    plain = post(client, body(app, EXPLORE_GRAPH, {E.COUNTRIES: ["SE"]})).get_json()
    noisy = post(client, body(app, EXPLORE_GRAPH, {E.COUNTRIES: ["SE", "XX", "SE", "<script>", *["ZZ"] * 5000]}))
    assert noisy.status_code == 200 and noisy.get_json() == plain
    assert dashapp.controls.clean_list(["SE"] * 10_000 + ["NO"], {"SE", "NO"}) == ["SE", "NO"]


def test_levels_are_the_data_s_own(data_copy):
    """A package's own level ids pass the guard; ids it does not have drop out."""
    app = create_app(data_copy)
    G = app.layout.ctx.graph()
    assert dashapp.server.guard.clean_value(E.LEVELS, "value", ["meso", "nope", "meso"], G) == ["meso"]
    levels = {n for n, a in G.nodes(data=True) if a.get("kind") == "level"}
    assert set(dashapp.server.guard.clean_value(E.LEVELS, "value", sorted(levels), G)) == levels


# ----------------------------------------------------------------------------- case 4: tampered requests

@pytest.mark.parametrize("query, field, expected", [
    ("?gran=foo", "p-granularity", "subtheme"),
    ("?mby=foo", "m-by", "country"),
    ("?mpol=foo", "m-polarity", "all"),
    ("?layout=zzz", E.LAYOUT, "bands"),
    ("?show=zzz", E.SHOW, "themes"),
    ("?depth=99", E.DEPTH, 3),
    ("?depth=abc", E.DEPTH, 1),
    ("?min=-5", E.MIN_EVIDENCE, 0),
    ("?hops=0", "p-hops", 1),
    ("?tab=../x", "tabs", "explore"),
    ("?lv=macro,macro", E.LEVELS, ["macro"]),
    ("?p=barrier,evil", E.POLARITIES, ["barrier"]),
    ("?q=" + "a" * 500, "s-query", None),
])
def test_decode_falls_back_to_allowed_values(query, field, expected):
    state = decode(query)
    if field == "s-query":
        assert len(state["s-quick"]) == dashapp.server.guard.MAX_TEXT
    else:
        assert state[field] == expected


def test_tampered_urls_render_through_the_url_callback():
    app = create_app()
    client = app.server.test_client()
    key = next(k for k in app.callback_map if k.startswith("..url.search"))
    for query in ("?gran=foo", "?mby=foo", "?layout=zzz", "?depth=99", "?min=-5", "?tab=../x", "?c=XX,SE&sel=f:nope"):
        response = post(client, body(app, key, {"url": query}))
        # only the controls the address changes are sent; the rest keep their value (Dash 2.18 answers 204
        # "nothing to update" when the address changes none, later releases 200 with no outputs)
        assert response.status_code in (200, 204), query
        sent = response.get_json()["response"] if response.status_code == 200 else {}

        tab = sent.get("tabs", {}).get("data", "explore")
        depth = sent.get(E.DEPTH, {}).get("value", 1)
        least = sent.get(E.MIN_EVIDENCE, {}).get("value", 0)
        assert tab in ("explore", "paths", "compare", "matrix", "studies")
        assert 1 <= depth <= 3 and least >= 0


TAMPERED_VALUES = [{"a": 1}, "string", None, 12345, -1, ["x"] * 3000, [{"a": 1}], True]
ONE_AT_A_TIME = [{"a": 1}, "string", None]
#: Seconds of server CPU one callback request may cost (a file built for a download: FILE_CPU_BUDGET).
CPU_BUDGET = 1.0
FILE_CPU_BUDGET = 5.0
#: A long string where the browser sends typed text (the search box's ``search_value``): 60,000 characters.
LONG_TEXT = "welbeing " * 6_666 + "abcdef"


class OverBudget(BaseException):
    """Raised inside a request that has used up its CPU budget (a BaseException: no callback handler catches it)."""


@contextlib.contextmanager
def cpu_budget(seconds: float, what: Any = ""):
    """Fail if the code inside costs more than *seconds* of this process's CPU (``time.process_time``);
    where the system allows, stop it as soon as it does (SIGPROF), so an unbounded request costs the budget only."""
    def over(*_):
        raise OverBudget(f"more than {seconds} s of server CPU: {what}")

    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if timer:
        previous = signal.signal(signal.SIGPROF, over)
        signal.setitimer(signal.ITIMER_PROF, seconds + 0.25)
    start = time.process_time()
    try:
        yield
    except OverBudget as err:
        raise AssertionError(str(err)) from None
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
    used = time.process_time() - start
    assert used < seconds, f"{used:.2f} s of server CPU (budget {seconds} s): {what}"


def budget_of(key: str) -> float:
    return FILE_CPU_BUDGET if "-file.data" in key else CPU_BUDGET


def test_no_callback_answers_500_to_tampered_values():
    """Every server callback gets every tampered value in all its inputs at once, and each of its inputs alone
    gets one of ONE_AT_A_TIME in turn (an input shared with a callback already tried alone is not tried alone
    again in a callback that builds a file, whose every answer costs a file): a 200, 204 or 400 with a message,
    never a 500, each within its CPU budget."""
    app = create_app()
    client = app.server.test_client()
    values = page_values(app)
    statuses: dict[int, int] = {}
    alone: set[str] = set()  # inputs already tampered one at a time
    for key in sorted(server_callbacks(app), key=lambda k: budget_of(k) == FILE_CPU_BUDGET):
        cb = app.callback_map[key]
        specs = [*cb["inputs"], *cb.get("state", [])]
        ids = [s["id"] for s in specs]
        payloads = [(bad, body(app, key, {i: bad for i in ids}, values)) for bad in TAMPERED_VALUES]  # all at once
        for j, i in enumerate(ids):  # one alone
            if i not in alone or budget_of(key) == CPU_BUDGET:
                bad = ONE_AT_A_TIME[j % len(ONE_AT_A_TIME)]
                payloads.append((bad, body(app, key, {i: bad}, values)))
                alone.add(i)
        for bad, payload in payloads:
            with cpu_budget(budget_of(key), (key, repr(bad)[:30])):
                response = post(client, payload)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code in (200, 204, 400), (key, bad, response.status_code)
            if response.status_code == 400:
                assert response.get_json()["error"]
    assert statuses.get(200, 0) > 100


@pytest.mark.parametrize("typed", [LONG_TEXT, ["x"] * 3000], ids=["60000-characters", "a-list-of-3000"])
def test_long_typed_text_costs_under_a_second_of_server_cpu(typed):
    """What a search box sends as typed text (``search_value``), however long, costs under CPU_BUDGET to answer."""
    app = create_app()
    client = app.server.test_client()
    values = page_values(app)
    for key in server_callbacks(app):
        for spec in app.callback_map[key]["inputs"]:
            if spec["property"] == "search_value":
                payload = body(app, key, {spec["id"]: typed}, values)
                payload["changedPropIds"] = [f"{spec['id']}.search_value"]
                with cpu_budget(CPU_BUDGET, (key, len(typed))):
                    response = post(client, payload)
                assert response.status_code in (200, 204, 400), key


def test_pattern_inputs_tampered():
    app = create_app()
    client = app.server.test_client()
    for key in server_callbacks(app):
        cb = app.callback_map[key]
        for spec in cb["inputs"]:
            if not spec["id"].startswith("{"):
                continue
            pattern = json.loads(spec["id"])
            for clicks in ([{"property": "n_clicks", "value": 1}],  # a click without an id
                           [{"id": {"type": pattern["type"], "index": "nope"}, "property": "n_clicks", "value": 1}],
                           [{"id": {"type": pattern["type"], "index": ["x"]}, "property": "n_clicks", "value": "x"}],
                           {"not": "a list"}, "x", None):
                payload = body(app, key, {spec["id"]: clicks})
                payload["changedPropIds"] = [json.dumps({"type": pattern["type"], "index": "nope"}) + ".n_clicks"]
                response = post(client, payload)
                assert response.status_code in (200, 204, 400), (key, clicks, response.status_code)


@pytest.mark.parametrize("fmt", ["exe", None, "", ["graphml"], "graphml"])
def test_export_format_tampered(fmt):
    app = create_app()
    key = next(k for k in app.callback_map if k.startswith("..x-file.data"))
    response = post(app.server.test_client(), body(app, key, {"x-download": 1, "x-format": fmt}))
    assert response.status_code == 200
    assert "x-file" in response.get_json()["response"]  # an unknown format falls back to GraphML


@pytest.mark.parametrize("focus", ["no-such-factor", 42, {"a": 1}, "../x"])
def test_deck_and_figure_with_a_tampered_focus_answer_without_a_500(focus):
    app = create_app()
    for prefix, button in (("..x-pptx-file.data", "x-pptx"), ("..x-figure-file.data", "x-pdf")):
        key = next(k for k in app.callback_map if k.startswith(prefix))
        payload = body(app, key, {button: 1, E.FOCUS: focus})
        payload["changedPropIds"] = [f"{button}.n_clicks"]
        response = post(app.server.test_client(), payload)
        assert response.status_code in (200, 204)


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'"x"', b"{}", b'{"output": 3}', b'{"output": "nope.children"}',
                                 b'{"output": "details.children", "outputs": {}, "inputs": {}}',
                                 b'{"output": "details.children", "outputs": {}, "inputs": [1, 2]}',
                                 b'{"output": "x-copy-link.content", "outputs": {}, "inputs": []}'])
def test_malformed_callback_bodies_answer_400_with_a_message(raw):
    response = post(create_app().server.test_client(), raw)
    assert response.status_code == 400 and response.get_json()["error"]


def test_an_exception_inside_a_callback_shows_a_message_not_a_500(monkeypatch):
    app = create_app()
    monkeypatch.setattr(E, "details_children", lambda *a, **k: 1 / 0)
    response = post(app.server.test_client(), body(app, "details.children"))
    assert response.status_code == 200
    side = response.get_json()["sideUpdate"][dashapp.server.guard.ERROR_BANNER]
    assert "Something went wrong" in json.dumps(side) and "alert" in side["className"]


# ----------------------------------------------------------------------------- case 5: headers

def test_security_headers_on_pages_assets_and_callbacks():
    app = create_app()
    client = app.server.test_client()
    for response in (client.get("/"), client.get("/_dash-layout"), client.get("/assets/style.css"),
                     post(client, body(app, "details.children")), client.get("/no-such-page")):
        h = response.headers
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"] == "no-referrer"
        csp = h["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self' 'sha256-" in csp
        assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert h["Server"] == "pswgraph"
        response.close()
