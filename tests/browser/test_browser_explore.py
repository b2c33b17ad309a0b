"""Explore view in headless Chromium: clean load, factor click → quote, URL state, back/forward."""

from __future__ import annotations

import pytest

from dashapp import create_app
from graph import load_graph
from graph.evidence import factor_details

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser


def _factor_with_quote() -> tuple[str, str, str]:
    """A real factor of the bundled data with a quoted evidence record: (id, label, quote excerpt)."""
    G = load_graph()
    for f, a in G.nodes(data=True):
        if a["kind"] != "factor":
            continue
        for rec in factor_details(G, f)["evidence"]:
            q = rec["quote"]
            if len(q) >= 30 and "  " not in q and "\n" not in q:
                return f, a["label"], q[:40].strip()
    pytest.fail("the bundled data has no quoted evidence for any factor")


def _started(dash_duo, path: str = "/"):
    dash_duo.start_server(create_app())
    if path != "/":
        dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_contains_text(f"#{'f-counts'}", "factors", timeout=15)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")


def test_page_loads_without_console_errors(dash_duo, shot):
    _started(dash_duo)
    n_factors = sum(1 for _, k in load_graph().nodes(data="kind") if k == "factor")
    assert cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').length") == n_factors
    assert cy_eval(dash_duo, "explore-graph", "cy.nodes('.band').length") == 3
    assert dash_duo.find_element(".legend").text.count("level") >= 1
    shot("explore")
    assert dash_duo.get_logs() == [], dash_duo.get_logs()


def test_clicking_a_factor_shows_its_quote(dash_duo, shot):
    factor, label, quote = _factor_with_quote()
    _started(dash_duo)
    # a tap on the node, through cytoscape's own event system (what a mouse click fires)
    cy_eval(dash_duo, "explore-graph", f"(cy.getElementById({factor!r}).emit('tap'), true)")
    dash_duo.wait_for_contains_text("#details", label, timeout=10)
    dash_duo.wait_for_contains_text("#details", quote, timeout=10)
    assert f"sel=f:{factor}" in dash_duo.driver.current_url
    shot("details")
    assert dash_duo.get_logs() == []


def test_url_with_filters_restores_them_and_back_works(dash_duo):
    _started(dash_duo, "/?c=DK&p=barrier&layout=cose")
    dash_duo.wait_for_contains_text(f"#{'f-countries'}", "Denmark", timeout=10)
    checked = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#f-polarities input')).filter(i => i.checked)"
        ".map(i => i.value)")
    assert checked == ["barrier"]
    assert "Force-directed" in dash_duo.find_element(f"#{'f-layout'}").text
    # every drawn influence is evidenced (the filters really apply)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.edges('.unevidenced').length") == 0, message="filter")
    # change a filter: the URL follows; then go back: the filter returns
    dash_duo.driver.execute_script(
        "Array.from(document.querySelectorAll('#f-polarities input')).find(i => i.value === 'enabler').click()")
    wait_for(lambda: "p=barrier,enabler" in dash_duo.driver.current_url or
             "p=enabler,barrier" in dash_duo.driver.current_url, message="URL update")
    dash_duo.driver.back()
    wait_for(lambda: dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#f-polarities input')).filter(i => i.checked).length") == 1,
        message="back restores the filter")
    assert dash_duo.get_logs() == []
