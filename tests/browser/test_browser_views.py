"""Evidence matrix and exports in headless Chromium."""

from __future__ import annotations

import glob
import io
import os

import pytest
from pptx import Presentation

from dashapp import create_app

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser


def _open(dash_duo, query: str, ready: str, text: str) -> None:
    dash_duo.start_server(create_app())
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_contains_text(ready, text, timeout=20)


def _downloaded(dash_duo, pattern: str) -> list[str]:
    return glob.glob(os.path.join(dash_duo.download_path, pattern))


def test_png_and_pptx_exports_produce_files(dash_duo):
    dash_duo.start_server(create_app())
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=15)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")
    dash_duo.find_element("#x-png").click()
    wait_for(lambda: _downloaded(dash_duo, "*.png"), timeout=20, message="PNG download")
    png = _downloaded(dash_duo, "*.png")[0]
    wait_for(lambda: os.path.getsize(png) > 1000, message="PNG written")
    with open(png, "rb") as fh:
        assert fh.read(4) == b"\x89PNG"
    dash_duo.find_element("#x-pptx").click()
    wait_for(lambda: _downloaded(dash_duo, "*.pptx"), timeout=30, message="PPTX download")
    pptx_path = _downloaded(dash_duo, "*.pptx")[0]
    wait_for(lambda: os.path.getsize(pptx_path) > 10000, message="PPTX written")
    with open(pptx_path, "rb") as fh:
        prs = Presentation(io.BytesIO(fh.read()))
    assert len(prs.slides) >= 4
    assert any(sh.shape_type == 13 for sh in prs.slides[1].shapes)  # the graph picture
    assert dash_duo.get_logs() == []


def test_svg_and_focused_graphml_downloads(dash_duo):
    """SVG of the view; the GraphML download holds exactly the focus neighbourhood on screen."""
    import networkx as nx

    dash_duo.start_server(create_app())
    dash_duo.driver.get(dash_duo.server_url + "/?focus=self-care&depth=1")
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=15)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').length") > 0,
             message="graph drawn")
    on_screen = set(cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').map(n => n.id())"))
    assert "self-care" in on_screen and len(on_screen) < 46
    dash_duo.find_element("#x-svg").click()
    wait_for(lambda: _downloaded(dash_duo, "*.svg"), timeout=20, message="SVG download")
    svg = _downloaded(dash_duo, "*.svg")[0]
    wait_for(lambda: os.path.getsize(svg) > 1000, message="SVG written")
    with open(svg, encoding="utf-8") as fh:
        assert "<svg" in fh.read(2000)
    dash_duo.find_element("#x-download").click()  # the format defaults to GraphML
    wait_for(lambda: _downloaded(dash_duo, "*.graphml"), timeout=20, message="GraphML download")
    path = _downloaded(dash_duo, "*.graphml")[0]
    wait_for(lambda: os.path.getsize(path) > 1000, message="GraphML written")
    H = nx.read_graphml(path)
    factors = {n for n, k in H.nodes(data="kind") if k == "factor"}
    assert factors == on_screen  # "factors and influences", the default: what is drawn, nothing else
    assert dash_duo.get_logs() == []


def test_hidden_views_are_drawn_only_when_opened(dash_duo):
    """Opening the explorer computes the explore view only; the compare view is drawn when its tab is pressed."""
    dash_duo.start_server(create_app())
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=15)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")
    assert dash_duo.find_element("#compare-panels").text == ""
    dash_duo.find_element("[data-view='compare']").click()
    dash_duo.wait_for_contains_text("#compare-panels", "Pick two to four countries", timeout=15)
    assert "tab=compare" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
