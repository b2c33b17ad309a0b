"""Accessibility: axe-core, run inside the real browser on every view, finds no serious or critical violation."""

from __future__ import annotations

import pytest
from axe_selenium_python import Axe

from .conftest import visible_view, wait_for

pytestmark = pytest.mark.browser

#: Each view in a state a user reaches: the first screen, and one with its panels filled.
STATES = {
    "explore": ("/", "#f-counts", "factors"),
    "explore-details": ("/?sel=f:hrm-policies&c=SE&open=hrm-policies", "#details", "match your filters"),
    "explore-influence": ("/?sel=i:hrm-policies>psw-wellbeing", "#details", "Rolls up"),
    "paths": ("/?tab=paths&from=regulatory-political&to=psw-wellbeing&gran=theme", "#paths-list", "route"),
    "compare": ("/?tab=compare&cc=SE,NO,DK", "#compare-panels", "Denmark"),
    "matrix": ("/?tab=matrix", "#view-matrix", "Country not stated"),
    "studies": ("/?tab=studies", "#view-studies", "studies"),
    "plan": ("/?tab=plan&has=staff-readiness,role-clarity&lacks=mentoring", "#pl-checklist", "Choose mentors"),
}


def serious(driver) -> list[str]:
    """Serious and critical axe-core violations of the page as it is seen (the hidden views left out):
    rule, impact, first elements."""
    axe = Axe(driver)
    axe.inject()
    result = axe.run(visible_view(driver))
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_serious_violation(dash_duo, state):
    path, ready, text = STATES[state]
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_contains_text(ready, text, timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(
        "return !document.querySelector('[data-dash-is-loading=\"true\"]')"), message="callbacks settled")
    assert serious(dash_duo.driver) == []


def test_axe_on_a_phone(dash_duo):
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(600, 1000)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_for(lambda: dash_duo.driver.execute_script(
        "var e = document.getElementById('explore-graph'); return e && e._cyreg && e._cyreg.cy.nodes().length"),
        message="graph drawn")
    assert serious(dash_duo.driver) == []
    assert dash_duo.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
