"""Evidence matrix and exports in headless Chromium."""

from __future__ import annotations

import glob
import io
import os
import re

import pytest
from PIL import Image
from pptx import Presentation
from selenium.webdriver.common.keys import Keys

from graph import load_graph

from .conftest import cy_eval, wait_for, wait_for_first_option

pytestmark = pytest.mark.browser


def _open(dash_duo, query: str, ready: str, text: str) -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_contains_text(ready, text, timeout=20)


def _downloaded(dash_duo, pattern: str) -> list[str]:
    return glob.glob(os.path.join(dash_duo.download_path, pattern))


def _pdf_text(raw: bytes, key: bytes) -> str:
    """A PDF Info string as matplotlib writes it: a literal string, UTF-16 (with its BOM) when not ASCII."""
    m = re.search(rb"/" + key + rb" \(((?:[^()\\]|\\.)*)\)", raw, re.DOTALL)
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    value = re.sub(rb"\\([0-7]{1,3}|.)", lambda e: bytes([int(e[1], 8)]) if e[1][:1].isdigit()
                   else escapes.get(e[1], e[1]), m.group(1), flags=re.DOTALL)
    return value[2:].decode("utf-16-be") if value.startswith(b"\xfe\xff") else value.decode("latin-1")


def _click_and_fetch(dash_duo, button: str, pattern: str, before: set[str]) -> bytes:
    dash_duo.find_element(button).click()
    wait_for(lambda: set(_downloaded(dash_duo, pattern)) - before, timeout=60, message=f"{pattern} download")
    path = (set(_downloaded(dash_duo, pattern)) - before).pop()
    wait_for(lambda: os.path.getsize(path) > 1000, message=f"{pattern} written")
    with open(path, "rb") as fh:
        return fh.read()


def test_figure_and_deck_of_a_focused_view_download_with_caption_and_titles(dash_duo):
    """Focus on PSW wellbeing, then press PNG, PDF and PowerPoint: each file holds the view in words."""
    dash_duo.start_server()
    dash_duo.wait_for_contains_text("#f-counts", " factor", timeout=15)  # "1 factor" (self-care has no influence)
    dash_duo.find_element("#f-focus").click()  # open the focus dropdown, type, take the first option with Enter
    wait_for(lambda: dash_duo.driver.find_elements("css selector", ".dash-dropdown-search"), message="search box")
    box = dash_duo.driver.find_element("css selector", ".dash-dropdown-search")
    box.send_keys("PSW wellbeing")
    wait_for_first_option(dash_duo, "PSW wellbeing")
    box.send_keys(Keys.ENTER)
    wait_for(lambda: "psw-wellbeing" in cy_eval(dash_duo, "explore-graph", "cy.nodes('.focus').map(n => n.id())"),
             timeout=20, message="focus drawn")
    png = _click_and_fetch(dash_duo, "#x-png", "*.png", set())
    img = Image.open(io.BytesIO(png))
    assert img.size[0] >= 1920
    assert img.text["Title"] == "PSW wellbeing and the factors within 1 hop of it"
    caption = img.text["Description"]
    assert "evidence items from" in caption and "pswgraph-data" in caption and "PSW wellbeing" in caption
    dash_duo.wait_for_contains_text("#x-status", "PNG figure (1920", timeout=10)
    pdf = _click_and_fetch(dash_duo, "#x-pdf", "*.pdf", set())
    assert pdf.startswith(b"%PDF")
    assert _pdf_text(pdf, b"Title") == "PSW wellbeing and the factors within 1 hop of it"
    assert _pdf_text(pdf, b"Subject") == caption
    deck = _click_and_fetch(dash_duo, "#x-pptx", "*.pptx", set())
    prs = Presentation(io.BytesIO(deck))
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert titles[0] == titles[1] == "PSW wellbeing and the factors within 1 hop of it"
    assert titles[2].startswith("Evidence: PSW wellbeing") and titles[-1].startswith("References")
    pic = next(sh for sh in prs.slides[1].shapes if sh.shape_type == 13)
    assert pic._element.nvPicPr.cNvPr.get("descr").startswith("Network diagram: PSW wellbeing")
    assert dash_duo.get_logs() == []


def test_route_deck_has_one_slide_per_hop_of_the_route_found(dash_duo):
    """In the path finder, press "PowerPoint of the route": the deck builds the first route hop by hop."""
    from graph.query.paths import influence_paths

    _open(dash_duo, "?tab=paths&from=regulatory-political&to=psw-wellbeing&gran=theme", "#paths-list", "route")
    route = influence_paths(load_graph(), "regulatory-political", "psw-wellbeing", granularity="theme")[0]
    deck = _click_and_fetch(dash_duo, "#p-pptx", "*.pptx", set())
    prs = Presentation(io.BytesIO(deck))
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    steps = [t for t in titles if t.startswith("Step ")]
    assert titles[0] == "From Regulatory and political factors to PSW wellbeing, step by step"
    assert len(steps) == len(route["hops"])
    assert steps[0].startswith(f"Step 1 of {len(route['hops'])}: Regulatory and political factors → ")
    assert steps[-1].endswith("→ PSW wellbeing") and titles[-1] == "References"
    dash_duo.wait_for_contains_text("#p-pptx-status", f"{len(route['hops'])} slide", timeout=10)
    assert dash_duo.get_logs() == []


def test_svg_and_focused_graphml_downloads(dash_duo):
    """SVG of the view; the GraphML download holds exactly the focus neighbourhood on screen."""
    import networkx as nx

    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/?focus=self-care&depth=1")
    dash_duo.wait_for_contains_text("#f-counts", " factor", timeout=15)  # "1 factor" (self-care has no influence)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').length") > 0,
             message="graph drawn")
    on_screen = set(cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').map(n => n.id())"))
    assert "self-care" in on_screen and len(on_screen) < 46
    dash_duo.find_element("#x-svg").click()
    wait_for(lambda: _downloaded(dash_duo, "*.svg"), timeout=20, message="SVG download")
    svg = _downloaded(dash_duo, "*.svg")[0]
    wait_for(lambda: os.path.getsize(svg) > 1000, message="SVG written")
    with open(svg, encoding="utf-8") as fh:
        head = fh.read(4000)
    assert "<svg" in head and "<title id=\"pswgraph-title\">Self-care and the factors within 1 hop" in head
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
    dash_duo.start_server()
    dash_duo.wait_for_contains_text("#f-counts", " factor", timeout=15)  # "1 factor" (self-care has no influence)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")
    assert dash_duo.find_element("#compare-panels").text == ""
    dash_duo.find_element("[data-view='compare']").click()
    dash_duo.wait_for_contains_text("#compare-panels", "Pick two to four countries", timeout=15)
    assert "tab=compare" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
