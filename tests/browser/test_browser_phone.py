"""The explorer on a phone (390×844, emulated): readable labels, a tap that brings the details into view, the export
toolbar folded behind one button."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import load_graph

from .conftest import cy_eval, mouse_click, wait_for, wait_for_graphs_settled
from .test_browser_a11y import serious

pytestmark = pytest.mark.browser
READABILITY_JS = (Path(__file__).parent / "readability.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def _phone(dash_duo, path: str = "/") -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(600, 1000)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    dash_duo.driver.get(dash_duo.server_url + path)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').length") > 0,
             message="graph drawn")
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)


def _details_box(dash_duo) -> dict:
    return dash_duo.driver.execute_script(
        "var d = document.getElementById('details'), r = d.getBoundingClientRect(), h = d.querySelector('h2');"
        "return {top: r.top, height: window.innerHeight, title: h ? h.textContent : ''};")


@pytest.mark.parametrize("path", ["/", "/?show=subthemes"])
def test_every_label_on_a_phone_reads_at_11_px_or_more(dash_duo, path):
    _phone(dash_duo, path)
    r = dash_duo.driver.execute_script(READABILITY_JS, "explore-graph")  # as drawn: no refit of the test's own
    assert r["n"] >= 9
    assert r["minFont"] >= 11 and not r["small"], f"labels under 11 px: {r['small']} (smallest {r['minFont']:.1f} px)"
    # the page itself does not scroll sideways: the graph's frame does, and says so
    assert dash_duo.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert dash_duo.driver.execute_script(
        "var f = document.getElementById('explore-graph-frame'); return f.scrollWidth > f.clientWidth")
    note = dash_duo.find_element(".phone-note")
    assert "Scroll the graph sideways" in note.text
    assert note.location["y"] < dash_duo.find_element("#explore-graph").location["y"]  # read before the graph


@pytest.mark.parametrize("factor", ["organizational-culture", "team-relationships"])
def test_tapping_a_box_on_a_phone_brings_its_details_into_view(dash_duo, shot, factor):
    label = load_graph().nodes[factor]["label"]
    _phone(dash_duo)
    before = _details_box(dash_duo)
    assert before["top"] > before["height"], "the details start below the screen (under the graph)"
    mouse_click(dash_duo, "explore-graph", factor)
    wait_for(lambda: _details_box(dash_duo)["title"] == label, message="the details name the tapped box")

    def in_view():
        box = _details_box(dash_duo)
        return -2 <= box["top"] < box["height"] - 80  # scrolled to its top, within a sub-pixel
    wait_for(in_view, message="the details scrolled into view")
    dash_duo.wait_for_contains_text("#details", label)
    assert dash_duo.find_element("#details h2").is_displayed()
    if factor == "organizational-culture":
        shot("phone-details", phone=True)


def test_the_export_toolbar_folds_behind_one_button_on_a_phone(dash_duo, shot):
    _phone(dash_duo)
    assert not dash_duo.find_element("#x-png").is_displayed()
    toggle = dash_duo.find_element("#x-toggle")
    assert toggle.text.startswith("Export and share") and toggle.get_attribute("aria-expanded") == "false"
    # the graph starts near the top of the screen: the toolbar's three rows no longer push it down
    top = dash_duo.driver.execute_script("return document.getElementById('explore-graph').getBoundingClientRect().top")
    assert top < 844 / 2, top
    shot("phone-explore", phone=True)
    toggle.click()
    wait_for(lambda: dash_duo.find_element("#x-png").is_displayed(), message="the toolbar unfolded")
    assert toggle.get_attribute("aria-expanded") == "true"
    wait_for(lambda: dash_duo.find_element("#x-download").is_displayed(), message="every export button shown")
    assert serious(dash_duo.driver) == []
    toggle.click()
    wait_for(lambda: not dash_duo.find_element("#x-png").is_displayed(), message="the toolbar folded again")
