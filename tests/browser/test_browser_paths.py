"""The path finder in headless Chromium, used as a reader would: pick factors, a country, a granularity; read the routes."""

from __future__ import annotations

import contextlib

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashapp.pages.paths import route_name
from graph import load_graph
from graph.query.paths import DEFAULT_GRANULARITY, influence_paths

from .conftest import cy_eval, wait_for, wait_for_graphs_settled, wait_stable
from .test_browser_edges import _assert_followable
from .test_browser_explore import viewport

pytestmark = pytest.mark.browser

GRAPH = "paths-graph"
#: Theme boxes (compound or single) whose drawn extents (labels included) overlap: [[id, id], ...].
OVERLAPS = """(() => {
  const b = cy.nodes('.theme').filter(n => n.visible()).map(n => [n.id(), n.boundingBox()]);
  const out = [];
  for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
    const p = b[i][1], q = b[j][1];
    if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) out.push([b[i][0], b[j][0]]);
  }
  return out;
})()"""


def _hl_edges(dash_duo) -> set[str]:
    return set(cy_eval(dash_duo, GRAPH, "cy.edges('.hl').map(e => e.id())") or [])


def _hop_edges(paths: list[dict]) -> set[str]:
    return {f"{h['source']}>{h['target']}" for p in paths for h in p["hops"]}


def _open_tab(dash_duo) -> None:
    """Load the app and open the Path finder tab with a click, at a laptop's window size."""
    dash_duo.start_server()
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    dash_duo.driver.find_element(By.XPATH, "//*[@role='tab' and normalize-space()='Path finder']").click()
    dash_duo.wait_for_contains_text("#paths-list", "Pick a source and a target", timeout=20)


def _choose(dash_duo, dropdown: str, text: str) -> None:
    """Click a dropdown, type into its search box, press Enter (and Escape to close a multi-select)."""
    button = dash_duo.find_element(f"#{dropdown}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    wait_for(lambda: dash_duo.driver.switch_to.active_element.get_attribute("type") == "search",
             message=f"{dropdown} search box")
    box = dash_duo.driver.switch_to.active_element
    box.send_keys(text)
    wait_for(lambda: text.casefold() in dash_duo.find_elements(".dash-dropdown-option")[0].text.casefold(),
             message=f"the options filtered to {text!r}")
    url = dash_duo.driver.current_url
    box.send_keys(Keys.ENTER)
    wait_for(lambda: dash_duo.driver.current_url != url, message=f"{text!r} chosen")
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)


def _granularity(dash_duo, label: str) -> None:
    _click_until_checked(dash_duo, dash_duo.driver.find_element(
        By.XPATH, f"//div[@id='p-granularity']//label[text()='{label}']"))


def _click_until_checked(dash_duo, label) -> None:
    """Click a radio option's label (scrolled into view) until its radio is checked, as a user clicks again."""
    radio = dash_duo.driver.find_element(By.ID, label.get_attribute("for"))

    def clicked() -> bool:
        if not radio.is_selected():
            dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", label)
            ActionChains(dash_duo.driver).move_to_element(label).click().perform()
            with contextlib.suppress(AssertionError):  # give the click a moment to take, else click again
                wait_for(radio.is_selected, timeout=0.5, floor=False)
        return radio.is_selected()

    wait_for(clicked, message="option chosen")


def _count_line(dash_duo) -> str:
    return dash_duo.find_element("#paths-list").text.splitlines()[0]


def _no_overlap(dash_duo) -> None:
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.nodes('.theme').length") > 0, message="themes drawn")
    wait_stable(lambda: cy_eval(dash_duo, GRAPH, "JSON.stringify(cy.nodes('.theme').map(n => n.boundingBox()))"),
                message="compound boxes settled around their positioned children")
    assert cy_eval(dash_duo, GRAPH, OVERLAPS) == []


def test_path_finder_shows_a_known_path(dash_duo, shot):
    G = load_graph()
    best = influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=4)[0]
    expected = " → ".join(G.nodes[n]["label"] for n in best["nodes"])
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=regulatory-political&to=psw-wellbeing"
                        f"&gran={DEFAULT_GRANULARITY}")
    dash_duo.wait_for_contains_text("#paths-list", expected, timeout=20)
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.edges('.hl').length") >= len(best["hops"]),
             message="path highlighted")
    assert cy_eval(dash_duo, GRAPH, "cy.getElementById('psw-wellbeing').hasClass('hl')")
    shot("paths")
    assert dash_duo.get_logs() == []


def test_denmark_routes_at_subtheme_granularity_name_the_subthemes(dash_duo):
    """Picked by clicking and typing: every listed route names its factors, every hop says Denmark."""
    G = load_graph()
    paths = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["DK"], max_hops=4,
                            granularity="subtheme")
    assert paths
    _open_tab(dash_duo)
    _no_overlap(dash_duo)  # the whole network before a query
    _granularity(dash_duo, "sub-themes as recorded")
    _choose(dash_duo, "p-source", "Regulatory and political")
    _choose(dash_duo, "p-target", "PSW wellbeing")
    _choose(dash_duo, "p-countries", "Denmark")
    dash_duo.wait_for_contains_text("#paths-list", "evidenced in Denmark", timeout=20)
    assert _count_line(dash_duo).startswith(f"{len(paths)} route")
    cards = dash_duo.find_elements("#paths-list .path-card")
    assert len(cards) == len(paths)
    first = cards[0].text
    assert G.nodes[paths[0]["nodes"][0]]["factor_kind"] == "subtheme"
    assert "1. " + " → ".join(G.nodes[n]["label"] for n in paths[0]["nodes"]) in first  # sub-themes, by name
    notes = dash_duo.find_elements("#paths-list .hop-note")
    assert len(notes) == sum(len(p["hops"]) for p in paths)
    assert all("Denmark" in n.text and "evidence item" in n.text and " DK" not in n.text for n in notes)
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges(paths), message="every route's hops highlighted")
    _no_overlap(dash_duo)

    # highlight one route: its option names it by its factors; only its hops stay highlighted
    option = dash_duo.driver.find_element(
        By.XPATH, "//div[@id='p-pick']//label[starts-with(text(), '2. ')]")
    assert option.text == "2. " + route_name(G, paths[1]["nodes"])
    assert option.text.startswith("2. Political commitment → ") and option.text.endswith(" → PSW wellbeing")
    _click_until_checked(dash_duo, option)
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges(paths[1:2]), message="only route 2 highlighted")
    off_route = sorted({n for p in paths for n in p["nodes"]} - set(paths[1]["nodes"]))
    assert off_route and all(cy_eval(dash_duo, GRAPH, f"cy.getElementById('{n}').hasClass('faded')")
                             for n in off_route)
    assert all(cy_eval(dash_duo, GRAPH, f"cy.getElementById('{n}').hasClass('hl')") for n in paths[1]["nodes"])
    # a new question highlights all its routes again
    _choose(dash_duo, "p-countries", "Norway")
    dash_duo.wait_for_contains_text("#paths-list", "evidenced in Denmark, Norway", timeout=20)
    assert dash_duo.find_element("#p-pick input[value='all']").is_selected()
    both = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["DK", "NO"], max_hops=4,
                           granularity="subtheme")
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges(both), message="all routes highlighted again")
    assert dash_duo.get_logs() == []


def test_sweden_routes_and_the_theme_granularity(dash_duo):
    """Sweden: at sub-theme granularity no chain of Swedish-evidenced influences joins the two themes
    (the view says so and suggests themes); rolled up to themes every hop of every route says Sweden."""
    G = load_graph()
    assert influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["SE"], max_hops=6,
                           granularity="subtheme") == []
    themed = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["SE"], max_hops=4,
                             granularity="theme")
    _open_tab(dash_duo)
    _granularity(dash_duo, "sub-themes as recorded")
    _choose(dash_duo, "p-source", "Regulatory and political")
    _choose(dash_duo, "p-target", "PSW wellbeing")
    _choose(dash_duo, "p-countries", "Sweden")
    dash_duo.wait_for_contains_text("#paths-list", "No influence path", timeout=20)
    assert "Sweden" in dash_duo.find_element("#paths-list").text
    assert "theme granularity" in dash_duo.find_element("#paths-list").text
    _no_overlap(dash_duo)
    _granularity(dash_duo, "themes (roll up)")
    dash_duo.wait_for_contains_text("#paths-list", "evidenced in Sweden; those with the best-evidenced weakest hop first",
                                    timeout=20)
    assert _count_line(dash_duo).startswith(f"{len(themed)} route") and len(themed) >= 1
    notes = dash_duo.find_elements("#paths-list .hop-note")
    assert len(notes) == sum(len(p["hops"]) for p in themed)
    assert all("Sweden" in n.text for n in notes)
    first = " → ".join(G.nodes[n]["label"] for n in themed[0]["nodes"])
    assert f"1. {first}" in dash_duo.find_elements("#paths-list .path-card")[0].text
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges(themed), message="themed routes highlighted")
    off_route = sorted({G.nodes[n]["theme"] for n in G if G.nodes[n].get("kind") == "factor"}
                       - {n for p in themed for n in p["nodes"]})
    assert off_route and all(cy_eval(dash_duo, GRAPH, f"cy.getElementById('{n}').hasClass('faded')")
                             for n in off_route)
    _no_overlap(dash_duo)
    assert dash_duo.get_logs() == []


def test_unevidenced_hops_are_marked_and_route_names_are_shortened(dash_duo):
    """Without a country: framework-only hops say so, hops with evidence but no country say so too."""
    G = load_graph()
    paths = influence_paths(G, "economic-financial", "psw-wellbeing", max_hops=4)
    i = next(i for i, p in enumerate(paths) if any(not h["evidence"] for h in p["hops"]))
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=economic-financial&to=psw-wellbeing"
                        "&gran=subtheme")
    dash_duo.wait_for_contains_text("#paths-list", "with the best-evidenced weakest hop", timeout=20)
    card = dash_duo.find_elements("#paths-list .path-card")[i].text
    assert "framework only — no evidence recorded" in card and "hop framework only" in card
    assert "no country stated" in dash_duo.find_element("#paths-list").text
    labels = [el.text for el in dash_duo.find_elements("#p-pick label")]
    assert labels[0] == "all paths" and len(labels) == 1 + min(25, len(paths))
    assert all(" → " in t and len(t) <= 100 and "hops)" not in t for t in labels[1:])
    assert any("…" in t for t in labels[1:])  # long routes are shortened
    _no_overlap(dash_duo)
    assert dash_duo.get_logs() == []


def test_a_link_reopens_the_highlighted_route(dash_duo):
    """The highlighted route is part of the link: pick route 2, reload the URL, route 2 alone is highlighted."""
    G = load_graph()
    paths = influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=4, granularity="theme")
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=regulatory-political&to=psw-wellbeing&gran=theme")
    first = " → ".join(G.nodes[n]["label"] for n in paths[0]["nodes"])  # the list names a route in full
    dash_duo.wait_for_contains_text("#paths-list", first, timeout=20)
    radio = next(i for i in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#p-pick input") if i.get_attribute("value") == "1")
    dash_duo.driver.execute_script("arguments[0].click()", radio)
    wait_for(lambda: "path=1" in dash_duo.driver.current_url, message="route in the URL")
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges([paths[1]]), message="route 2 alone highlighted")
    dash_duo.driver.get(dash_duo.driver.current_url)
    dash_duo.wait_for_contains_text("#paths-list", first, timeout=20)
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges([paths[1]]), message="route 2 highlighted after a reload")
    checked = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#p-pick input')).filter(i => i.checked).map(i => i.value)")
    assert checked == ["1"]
    assert dash_duo.get_logs() == []


def test_choosing_a_ranking_reorders_the_routes_and_the_list_says_which(dash_duo, shot):
    """Sweden, themes, 6 hops: by default the weakest hop ranks; choosing "Total evidence" puts the 6-hop chain
    (33 items) first, "Fewest hops" the 2-hop route; the sentence above the list names the ranking each time."""
    G = load_graph()
    query = {"countries": ["SE"], "max_hops": 6, "granularity": "theme"}
    ranked = {rank: influence_paths(G, "regulatory-political", "psw-wellbeing", rank=rank, **query)
              for rank in ("weakest", "total", "fewest")}
    assert [p["nodes"] for p in ranked["weakest"]] != [p["nodes"] for p in ranked["total"]]
    n = len(ranked["weakest"])
    dash_duo.start_server(navigate=False)  # the test opens its own address next
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=regulatory-political&to=psw-wellbeing"
                        "&gran=theme&hops=6&pc=SE")
    where = "from “Regulatory and political factors” to “PSW wellbeing” with every hop evidenced in Sweden"

    def titles() -> list[str]:
        return [t.text.split(". ", 1)[1] for t in dash_duo.find_elements("#paths-list .path-title")]

    def expect(rank: str, best: str) -> None:
        sentence = f"{n} routes {where}; those with {best} first."
        dash_duo.wait_for_text_to_equal("#paths-count", sentence, timeout=20)
        wait_for(lambda: titles() == [" → ".join(G.nodes[x]["label"] for x in p["nodes"]) for p in ranked[rank]],
                 message=f"routes in {rank} order")

    expect("weakest", "the best-evidenced weakest hop")
    note = dash_duo.find_element("#paths-rank").text
    assert "least-evidenced hop" in note and "count its evidence from the countries chosen" in note
    first = dash_duo.find_elements("#paths-list .path-card")[0].text
    weak = ranked["weakest"][0]["weakest"]
    assert f"weakest hop (its evidence in Sweden): {weak['papers']} paper, {weak['evidence']} evidence items" in first
    chain_at = [p["nodes"] for p in ranked["weakest"]].index(ranked["total"][0]["nodes"])
    assert chain_at > 0 and len(ranked["total"][0]["hops"]) == 6  # the 6-hop chain no longer leads

    _click_until_checked(dash_duo, dash_duo.driver.find_element(
        By.XPATH, "//div[@id='p-rank']//label[text()='Total evidence']"))
    expect("total", "the most evidence in all")
    assert "distinct evidence items over all hops" in dash_duo.find_element("#paths-rank").text
    assert dash_duo.find_elements("#paths-list .path-card")[0].find_element(By.CSS_SELECTOR, ".small").text \
        .startswith("6 hops · 33 distinct evidence items")
    wait_for(lambda: "prank=total" in dash_duo.driver.current_url, message="the ranking in the address")
    shot("paths-ranking")

    _click_until_checked(dash_duo, dash_duo.driver.find_element(
        By.XPATH, "//div[@id='p-rank']//label[text()='Fewest hops']"))
    expect("fewest", "the fewest hops")
    assert dash_duo.get_logs() == []


def _tab(dash_duo, name: str) -> None:
    dash_duo.driver.find_element(By.XPATH, f"//*[@role='tab' and normalize-space()='{name}']").click()


def _copied_link(dash_duo, css: str) -> str:
    """Click the "copy link" button *css* as a user would and return what it put on the clipboard."""
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": dash_duo.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    driver.execute_script("navigator.clipboard.writeText('')")
    button = dash_duo.find_element(css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    ActionChains(driver).move_to_element(button).click().perform()
    read = ("var done = arguments[0]; window.focus();"
            "navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });")
    wait_for(lambda: driver.execute_async_script(read).startswith("http"), message="a link on the clipboard")
    return driver.execute_async_script(read)


def test_the_picked_route_survives_a_tab_round_trip_and_its_own_copy_link(dash_duo):
    G = load_graph()
    paths = influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=4, granularity="theme")
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=regulatory-political&to=psw-wellbeing&gran=theme")
    dash_duo.wait_for_contains_text("#paths-list", route_name(G, paths[0]["nodes"])[:30], timeout=20)
    _click_until_checked(dash_duo, dash_duo.driver.find_element(
        By.XPATH, "//div[@id='p-pick']//input[@value='1']/following-sibling::label"))
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges([paths[1]]), message="route 2 alone highlighted")
    # to Explore and back: route 2 is still the one highlighted and ticked
    _tab(dash_duo, "Explore")
    dash_duo.wait_for_contains_text("#f-counts", "factors")
    _tab(dash_duo, "Path finder")
    wait_for(lambda: "path=1" in dash_duo.driver.current_url, message="the route kept in the address")
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges([paths[1]]), message="route 2 highlighted after the round trip")
    checked = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#p-pick input')).filter(i => i.checked).map(i => i.value)")
    assert checked == ["1"]
    # the path finder's own "copy link" gives a link that opens this route
    link = _copied_link(dash_duo, "#view-paths .copy-link > div")
    assert "tab=paths" in link and "path=1" in link
    # a link copied while in Explore keeps the route too, once the reader opens the path finder
    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(link.replace("tab=paths", "tab=explore"))
    dash_duo.wait_for_contains_text("#f-counts", "factors")
    _tab(dash_duo, "Path finder")
    wait_for(lambda: _hl_edges(dash_duo) == _hop_edges([paths[1]]), message="route 2 highlighted from the link")
    assert "path=1" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


#: The smallest label a reader reads on a laptop screen, in CSS px.
MIN_LABEL_PX = 11
#: Every label the path finder's drawing shows (nodes: factors, theme boxes, level bands; lines: the ↑ of an
#: upward influence), from Cytoscape's rendered geometry: its size on screen (font-size × zoom), the size under
#: which Cytoscape leaves it undrawn (min-zoomed-font-size), whether it lies inside the canvas and inside the
#: canvas's frame as scrolled (not off to the side of a canvas wider than its column), its full name and whether
#: it is a route's factor (hl) or a box holding others.
LABELS_JS = """var el = document.getElementById(arguments[0]), cy = el._cyreg.cy, z = cy.zoom();
    var w = cy.width(), h = cy.height(), c = el.getBoundingClientRect();
    var f = el.closest('.paths-canvas').getBoundingClientRect();
    return cy.elements().filter(e => e.visible() && e.style('label') && e.style('text-opacity') > 0).map(e => {
      var b = e.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
      return {id: e.id(), name: e.data('full_label') || e.data('label'), px: parseFloat(e.style('font-size')) * z,
              hide_under: parseFloat(e.style('min-zoomed-font-size')) || 0, hl: e.hasClass('hl'),
              compound: e.isNode() && e.isParent(), box: [b.x1, b.y1, b.x2, b.y2],
              inside: b.x1 > -2 && b.y1 > -2 && b.x2 < w + 2 && b.y2 < h + 2,
              framed: c.left + b.x1 > f.left - 2 && c.left + b.x2 < f.right + 2}; });"""


def _route_labels(dash_duo) -> list[dict]:
    """The drawing's labels once its canvas has its size and the drawing is fitted (as the page's refit does)."""
    wait_for_graphs_settled(dash_duo, "#view-paths", idle=True)
    return dash_duo.driver.execute_script(LABELS_JS, GRAPH)


def _assert_route_readable(dash_duo, granularity: str, phone: bool = False) -> float:
    """Every drawn label at least 11 px on screen (none left undrawn for being small); the factors of the first
    route in the list beside the drawing drawn, their labels inside the canvas and not over one another; in the
    frame's view (on a *phone*: in the frame, which scrolls sideways while the page does not).
    Returns the smallest label's size."""
    first = dash_duo.find_elements("#paths-list .path-title")[0].text.split(". ", 1)[1].split(" → ")
    labels = _route_labels(dash_duo)
    small = sorted((lab["id"], round(lab["px"], 1)) for lab in labels if lab["px"] < MIN_LABEL_PX)
    smallest = min(lab["px"] for lab in labels)
    print(f"{granularity}: {len(labels)} labels, smallest {smallest:.1f} px; under {MIN_LABEL_PX}: {small}")
    assert small == [], f"{granularity}: labels under {MIN_LABEL_PX} px on screen: {small}"
    assert [lab["id"] for lab in labels if lab["px"] < lab["hide_under"]] == []
    by_name = {lab["name"]: lab for lab in labels}
    assert set(first) <= set(by_name), f"the first route's factors not all drawn: {set(first) - set(by_name)}"
    route = [by_name[name] for name in first]
    assert all(lab["hl"] and lab["inside"] and (lab["framed"] or phone) and lab["px"] >= MIN_LABEL_PX
               for lab in route), route
    if phone and not all(lab["framed"] for lab in route):  # the rest of the route is a sideways scroll away
        assert dash_duo.driver.execute_script(
            "var f = document.querySelector('#view-paths .paths-canvas');"
            "return f.scrollWidth > f.clientWidth && document.documentElement.scrollWidth <= window.innerWidth")
    leaves = [lab for lab in labels if lab["hl"] and not lab["compound"]]
    overlaps = [(a["id"], b["id"]) for i, a in enumerate(leaves) for b in leaves[i + 1:]
                if a["box"][0] < b["box"][2] and b["box"][0] < a["box"][2]
                and a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]]
    assert overlaps == [], f"{granularity}: route factors' labels over one another: {overlaps}"
    return smallest


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000), (390, 844)])
def test_every_label_of_the_route_drawing_is_readable_at_both_granularities(dash_duo, shot, size):
    """Open the Path finder tab, ask for routes from regulatory factors to PSW wellbeing: at sub-theme granularity
    and, after a click on "themes (roll up)", at theme granularity, every label is at least 11 px on screen and the
    first listed route's factors are drawn, named legibly, on the canvas (on a phone, 390 × 844, the canvas
    scrolls sideways in its frame)."""
    _open_tab(dash_duo)
    viewport(dash_duo, *size)
    _granularity(dash_duo, "sub-themes as recorded")
    _choose(dash_duo, "p-source", "Regulatory and political")
    _choose(dash_duo, "p-target", "PSW wellbeing")
    dash_duo.wait_for_contains_text("#paths-list", "best-evidenced weakest hop", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.nodes('.subtheme.hl').length") > 0, message="sub-themes drawn")
    phone = size[0] < 768
    subthemes = _assert_route_readable(dash_duo, "sub-themes", phone)
    _granularity(dash_duo, "themes (roll up)")
    wait_for(lambda: "gran=theme" in dash_duo.driver.current_url, message="themes chosen")
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.nodes('.subtheme').length") == 0, message="themes drawn")
    themes = _assert_route_readable(dash_duo, "themes", phone)
    if phone:
        dash_duo.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", GRAPH)
        shot("phone-paths", phone=True)
    print(f"{size}: smallest label {subthemes:.1f} px (sub-themes), {themes:.1f} px (themes)")
    assert dash_duo.get_logs() == []


#: What is left at sub-theme granularity, per question (at theme granularity nothing is): from macro socio-cultural
#: factors to team relationships the four meso themes' names stand side by side with no track between them, and the
#: lines from above squeeze through (before routing: 26 shared stretches, 17 arrows through names, 25 partly under a
#: node; theme granularity 22, 3 and 5). From regulatory factors to PSW wellbeing, drawn straight: 19, 14 and 19;
#: theme granularity 22, 3 and 5.
ROUTES_AT_MOST = {("Regulatory and political", "PSW wellbeing"): {},
                  ("Macro socio-cultural", "Relationships with team"): {"shared": 5, "through": 2}}


@pytest.mark.parametrize("question", sorted(ROUTES_AT_MOST), ids=lambda q: "-".join(q).replace(" ", "_"))
def test_the_route_s_arrows_keep_apart_off_the_names_and_out_from_under_the_boxes_at_both_granularities(
        dash_duo, shot, question):
    """Ask for the routes from one factor to another at 1280×800: at sub-theme granularity and, after a click on
    "themes (roll up)", at theme granularity, no two arrows share a stretch of line (6 px apart at least), no arrow
    runs through a name, every arrow can be clicked along its length (tests/browser/edges.js; an arrow drawn
    straight after the click is drawn from its ends, not where it was bent before)."""
    source, target = question
    _open_tab(dash_duo)
    viewport(dash_duo, 1280, 800)
    _granularity(dash_duo, "sub-themes as recorded")
    _choose(dash_duo, "p-source", source)
    _choose(dash_duo, "p-target", target)
    dash_duo.wait_for_contains_text("#paths-list", "best-evidenced weakest hop", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.nodes('.subtheme.hl').length") > 0, message="sub-themes drawn")
    _assert_followable(dash_duo, graph=GRAPH, view="#view-paths", **ROUTES_AT_MOST[question])
    if target == "PSW wellbeing":
        shot("paths-routed")
    _granularity(dash_duo, "themes (roll up)")
    wait_for(lambda: cy_eval(dash_duo, GRAPH, "cy.nodes('.subtheme').length") == 0, message="themes drawn")
    _assert_followable(dash_duo, graph=GRAPH, view="#view-paths")
    if target == "PSW wellbeing":
        shot("paths-routed-themes")
    assert dash_duo.get_logs() == []
