"""The explorer from the keyboard alone: skip links, radio groups as one tab stop, and the graph's own keys."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from graph import load_graph

from .conftest import cy_eval, wait_for
from .test_browser_a11y import serious

pytestmark = pytest.mark.browser

#: The id and text of what has the focus now.
FOCUSED_JS = "var e = document.activeElement; return [e.id, (e.textContent || '').trim().slice(0, 60)];"


def _page(dash_duo, path: str = "/") -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 900)
    dash_duo.driver.get(dash_duo.server_url + path)
    wait_for(lambda: "factors" in dash_duo.find_element("#f-counts").get_attribute("textContent"),
             message="the counts")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")


def _press(dash_duo, *keys) -> None:
    chain = ActionChains(dash_duo.driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def _focused(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(FOCUSED_JS)


def _title(dash_duo) -> str:
    return dash_duo.driver.execute_script(
        "var h = document.querySelector('#details h2'); return h ? h.textContent : ''")


def _selected_on_graph(dash_duo) -> list[str]:
    return cy_eval(dash_duo, "explore-graph", "cy.nodes('.selected').map(n => n.data('label').split('\\n')[0])")


def _labels() -> set[str]:
    G = load_graph()
    return {a["label"] for _, a in G.nodes(data=True) if a.get("kind") == "factor"}


def test_tab_from_page_load_reaches_the_skip_link_and_enter_moves_the_keyboard_to_the_graph(dash_duo):
    _page(dash_duo)
    dash_duo.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    _press(dash_duo, Keys.TAB)
    assert _focused(dash_duo)[1] == "Skip to the graph"
    # the focused skip link is seen, at the top of the page
    box = dash_duo.driver.execute_script(
        "var r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
    assert box[0] >= 0 and 0 <= box[1] < 60 and box[2] > 40 and box[3] > 10, box
    _press(dash_duo, Keys.ENTER)
    wait_for(lambda: _focused(dash_duo)[0] == "explore-graph-frame", message="the graph's box focused")
    # the second skip link goes to the details
    dash_duo.driver.execute_script("document.querySelector('.skip-link').focus(); window.scrollTo(0, 0)")
    _press(dash_duo, Keys.TAB)
    assert _focused(dash_duo)[1] == "Skip to the details"
    _press(dash_duo, Keys.ENTER)
    wait_for(lambda: _focused(dash_duo)[0] == "details", message="the details focused")
    assert "How to read the graph" in dash_duo.find_element("#details").text


def test_a_skip_link_from_another_view_opens_explore_with_the_keyboard_on_the_graph(dash_duo):
    _page(dash_duo, "/?tab=matrix")
    wait_for(lambda: dash_duo.find_element("#view-matrix").is_displayed(), message="matrix shown")
    dash_duo.driver.execute_script("document.activeElement && document.activeElement.blur()")
    _press(dash_duo, Keys.TAB, Keys.ENTER)
    wait_for(lambda: _focused(dash_duo)[0] == "explore-graph-frame", message="the graph's box focused")
    assert dash_duo.find_element("#view-explore").is_displayed()


def test_arrow_keys_on_the_graph_go_box_to_box_and_escape_clears(dash_duo, shot):
    labels = _labels()
    _page(dash_duo)
    dash_duo.driver.execute_script("document.getElementById('explore-graph-frame').focus()")
    assert _focused(dash_duo)[0] == "explore-graph-frame"
    seen = []
    for key in (Keys.ARROW_DOWN, Keys.ARROW_RIGHT, Keys.ARROW_DOWN, Keys.ARROW_LEFT):
        before = _title(dash_duo)
        _press(dash_duo, key)
        wait_for(lambda: _title(dash_duo) != before and _title(dash_duo) in labels,  # noqa: B023 - read now
                 message=f"the details show another factor after {key!r}")
        seen.append(_title(dash_duo))
        # the box the key reached is the one selected on the graph, and is announced
        wait_for(lambda: _selected_on_graph(dash_duo) == [seen[-1]], message="the graph marks the box the key reached")
        wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('.kbd-cursor').map(n => n.data('label'))")
                 [0].split("\n")[0] == seen[-1], message="the keys' mark kept on it after the redraw")
        assert seen[-1] in dash_duo.find_element("#explore-graph-live").get_attribute("textContent")
        assert _focused(dash_duo)[0] == "explore-graph-frame"  # the focus stays on the graph
    assert len(set(seen)) >= 3, seen
    assert "sel=f:" in dash_duo.driver.current_url
    shot("keyboard-graph")
    _press(dash_duo, Keys.ESCAPE)
    dash_duo.wait_for_contains_text("#details", "How to read the graph", timeout=20)
    wait_for(lambda: "sel=" not in dash_duo.driver.current_url, message="the selection gone from the address")
    assert cy_eval(dash_duo, "explore-graph", "cy.nodes('.selected').length") == 0
    assert dash_duo.get_logs() == []


def test_enter_on_the_graph_opens_the_theme_the_keys_reached(dash_duo):
    G, labels = load_graph(), _labels()
    _page(dash_duo)
    dash_duo.driver.execute_script("document.getElementById('explore-graph-frame').focus()")
    _press(dash_duo, Keys.ARROW_DOWN)  # the first box: the top-left theme
    wait_for(lambda: _title(dash_duo) in labels, message="a theme selected")
    theme = next(n for n, a in G.nodes(data=True) if a.get("kind") == "factor" and a["label"] == _title(dash_duo))
    subthemes = {n for n, a in G.nodes(data=True) if a.get("kind") == "factor" and a.get("parent") == theme}
    assert subthemes
    _press(dash_duo, Keys.ENTER)
    wait_for(lambda: set(cy_eval(dash_duo, "explore-graph", "cy.nodes().map(n => n.id())")) >= subthemes,
             message="its sub-themes drawn")
    assert f"open={theme}" in dash_duo.driver.current_url


def test_a_radio_group_is_one_tab_stop_and_arrow_keys_choose(dash_duo):
    _page(dash_duo)
    first = dash_duo.find_element("#f-show input[value='themes']")
    dash_duo.driver.execute_script("arguments[0].focus()", first)
    _press(dash_duo, Keys.ARROW_RIGHT)
    wait_for(lambda: "show=subthemes" in dash_duo.driver.current_url, message="the arrow chose all sub-themes")
    assert dash_duo.driver.execute_script("return document.activeElement.value") == "subthemes"
    # Tab leaves the group: the next stop is not the other radio of the same group
    _press(dash_duo, Keys.SHIFT + Keys.TAB)
    assert dash_duo.driver.execute_script(
        "return document.activeElement.closest('#f-show') === null")
    names = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('input[type=radio]')).filter(i => !i.name).map(i => i.id)")
    assert names == [], f"radios outside a named group (each its own tab stop): {names[:5]}"


def test_the_keyboard_ui_has_no_serious_axe_violation(dash_duo):
    _page(dash_duo)
    dash_duo.driver.execute_script("document.getElementById('explore-graph-frame').focus()")
    _press(dash_duo, Keys.ARROW_DOWN)
    wait_for(lambda: _title(dash_duo) in _labels(), message="a theme selected")
    assert serious(dash_duo.driver) == []
