"""Known facts of the papers, read in the browser exactly as a researcher would find them."""

from __future__ import annotations

import pytest

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser


def test_remuneration_shows_burr_switzerland_quote_with_doi(dash_duo):
    """Remuneration of PSWs → Burr et al. (2020): Switzerland, 35% of full time, with its DOI link."""
    dash_duo.start_server()
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=15)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")
    # the HRM theme opens on a click; then its sub-theme Remuneration is clicked in the graph
    cy_eval(dash_duo, "explore-graph", "(cy.getElementById('hrm-policies').emit('tap'), true)")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.getElementById('psw-remuneration').length") == 1,
             message="the theme opened into its sub-themes")
    cy_eval(dash_duo, "explore-graph", "(cy.getElementById('psw-remuneration').emit('tap'), true)")
    dash_duo.wait_for_contains_text("#details", "Remuneration of PSWs", timeout=10)
    dash_duo.wait_for_contains_text("#details", "PSWs in Switzerland work 35% of a full-time equivalent", timeout=10)
    details = dash_duo.find_element("#details")
    assert "Switzerland" in details.text
    links = [a.get_attribute("href") for a in details.find_elements("css selector", "a")]
    assert "https://doi.org/10.1111/inm.12665" in links
    assert dash_duo.get_logs() == []


def test_a_sub_theme_link_in_the_details_panel_opens_its_evidence(dash_duo):
    """Remuneration, reached by clicking its name under its theme in the details panel, not in the graph."""
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/?sel=f:hrm-policies")
    dash_duo.wait_for_contains_text("#details", "Sub-themes:", timeout=15)
    link = next(a for a in dash_duo.driver.find_elements("css selector", "#details a.goto")
                if a.text == "Remuneration of PSWs")
    link.click()
    dash_duo.wait_for_contains_text("#details", "PSWs in Switzerland work 35% of a full-time equivalent", timeout=10)
    assert "sel=f:psw-remuneration" in dash_duo.driver.current_url
