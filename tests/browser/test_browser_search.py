"""Searching the papers' words in the explorer's search box (issue 26, item 1), in headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from graph import load_graph
from graph.query.fulltext import search_evidence

from .conftest import cy_eval, wait_for
from .test_browser_explore import _started, click

pytestmark = pytest.mark.browser


def _type_in_search(dash_duo, text: str):
    click(dash_duo, dash_duo.find_element("#f-search"))
    wait_for(lambda: dash_duo.driver.switch_to.active_element.get_attribute("type") == "search", message="search box")
    box = dash_duo.driver.switch_to.active_element
    box.send_keys(text)
    return box


def _options(dash_duo) -> list[str]:
    return [o.text for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]


def test_typing_a_quotes_words_lists_the_evidence_and_picking_it_opens_its_quote_with_the_words_marked(dash_duo, shot):
    G = load_graph()
    hit = search_evidence(G, "eye opening")["hits"][0]
    a = G.nodes[hit["id"]]
    _started(dash_duo)
    # the user types two words a Swedish manager said, then picks the evidence the box offers
    _type_in_search(dash_duo, "eye opening")
    wait_for(lambda: any(t.startswith("Evidence:") for t in _options(dash_duo)), message="an evidence option")
    option = next(o for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                  if o.text.startswith("Evidence:"))
    assert "eye" in option.text and "opening" in option.text
    assert [m.text for m in option.find_elements(By.CSS_SELECTOR, "mark")] == ["eye", "opening"]
    option.click()
    dash_duo.wait_for_contains_text("#details", "Found in the papers' words", timeout=15)
    panel = dash_duo.find_element("#details")
    quote = panel.find_element(By.CSS_SELECTOR, ".evidence-quote")
    assert quote.text == f"“{a['quote']}”"  # the papers' words, whole
    assert [m.text for m in quote.find_elements(By.CSS_SELECTOR, "mark")] == ["eye", "opening"]
    assert "Sweden" in panel.find_element(By.CSS_SELECTOR, ".found-source").text
    about = panel.find_element(By.CSS_SELECTOR, ".found-factors").text
    assert all(G.nodes[f]["label"] in about for f in a["factors"])
    # the graph marks the boxes standing for the evidence's factors; the rest fades
    drawn = {f: f if cy_eval(dash_duo, "explore-graph", f"cy.getElementById({f!r}).length") else G.nodes[f]["theme"]
             for f in a["factors"]}
    wait_for(lambda: all(cy_eval(dash_duo, "explore-graph", f"cy.getElementById({d!r}).hasClass('selected')")
                         for d in drawn.values()), message="the evidence's factors marked")
    assert cy_eval(dash_duo, "explore-graph", "cy.nodes('.faded').length") > 0
    shot("explore-search-evidence")
    # a link in the panel goes on to one of its factors
    click(dash_duo, panel.find_element(By.CSS_SELECTOR, ".found-factors a.goto"))
    dash_duo.wait_for_contains_text("#details .details-title", G.nodes[a["factors"][0]]["label"], timeout=15)
    assert dash_duo.get_logs() == []


def test_a_misspelt_word_still_finds_the_quote(dash_duo):
    G = load_graph()
    right = search_evidence(G, "threatening")
    _started(dash_duo)
    _type_in_search(dash_duo, "threatning")
    wait_for(lambda: sum(t.startswith("Evidence:") for t in _options(dash_duo)) == min(right["total"], 8),
             message="as many evidence options as the right spelling finds")
    assert any("threatening" in t for t in _options(dash_duo))
