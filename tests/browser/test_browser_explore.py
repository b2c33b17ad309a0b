"""Explore view in headless Chromium, used as a newcomer would: read it, click it, focus it, filter it, key through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from graph import load_graph
from graph.query.details import factor_details
from graph.query.filters import matching_evidence

from .conftest import cy_eval, mouse_click, wait_for, wait_for_first_option, wait_for_graphs_settled

pytestmark = pytest.mark.browser
READABILITY_JS = (Path(__file__).parent / "readability.js").read_text(encoding="utf-8")


def viewport(dash_duo, width: int, height: int) -> None:
    """Make the page *width* × *height* CSS px: the window grows by its own chrome; a phone is emulated."""
    driver = dash_duo.driver
    if width < 768:
        driver.set_window_size(width + 200, height + 150)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        return
    driver.set_window_size(width, height)
    inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(width + (width - inner_w), height + (height - inner_h))


def _started(dash_duo, path: str = "/", size: tuple[int, int] = (1280, 800), drawn: bool = True) -> None:
    dash_duo.start_server(navigate=False)
    viewport(dash_duo, *size)
    dash_duo.driver.get(dash_duo.server_url + path)
    if size[0] >= 768:
        dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    if drawn:
        wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")


def click(dash_duo, element) -> None:
    """Scroll *element* to the middle of the screen, then click it as a user would."""
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _badges(dash_duo) -> tuple[int, int, int]:
    text = dash_duo.find_element("#f-counts").text
    return tuple(int(re.search(rf"(\d+) {w}", text).group(1)) for w in ("factor", "influence", "evidence"))  # "1 factor", "2 factors"


def _drawn(dash_duo) -> tuple[set[str], int]:
    nodes = cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').map(n => n.id())")
    return set(nodes), cy_eval(dash_duo, "explore-graph", "cy.edges().length")


def _settled(dash_duo) -> None:
    """Wait until what is drawn equals what the badges count (the callback and the drawing agree)."""
    def agree():
        nodes, edges = _drawn(dash_duo)
        f, i, _ = _badges(dash_duo)
        return len(nodes) == f and edges == i
    wait_for(agree, timeout=15, message="drawn nodes and edges equal to the badge counts")


def _readability(dash_duo) -> dict:
    cy_eval(dash_duo, "explore-graph", "(cy.resize(), cy.fit(undefined, 14), true)")
    return dash_duo.driver.execute_script(READABILITY_JS, "explore-graph")


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_first_view_reads_at_laptop_size_with_controls_above_the_fold(dash_duo, shot, size):
    _started(dash_duo, size=size)
    _settled(dash_duo)
    r = _readability(dash_duo)
    assert r["n"] >= 9 and not r["small"], f"labels under 11 px: {r['small']} (smallest {r['minFont']:.1f} px)"
    assert r["overlaps"] == [], r["overlaps"]
    assert r["through"] == [], r["through"]
    # the controls a newcomer needs are on screen without scrolling
    for css in ("#f-focus", "#f-layout", "#f-reset", "#x-png", "#x-pptx", "#x-download"):
        bottom = dash_duo.driver.execute_script(
            f"return document.querySelector({css!r}).getBoundingClientRect().bottom")
        assert bottom <= size[1], f"{css} sits below the fold ({bottom:.0f} px > {size[1]})"
    if size == (1280, 800):
        shot("explore")
    logs = dash_duo.get_logs()
    assert logs == [], logs


def test_clicking_a_theme_opens_it_into_its_sub_themes_and_shows_its_quotes(dash_duo, shot):
    G = load_graph()
    theme = "hrm-policies"
    subthemes = {n for n, a in G.nodes(data=True) if a.get("kind") == "factor" and a.get("parent") == theme}
    quote = next(r["quote"][:40] for r in factor_details(G, theme)["evidence"] if len(r["quote"]) > 40
                 and "  " not in r["quote"] and "\n" not in r["quote"])
    _started(dash_duo)
    cy_eval(dash_duo, "explore-graph", f"(cy.getElementById({theme!r}).emit('tap'), true)")
    dash_duo.wait_for_contains_text("#details", G.nodes[theme]["label"], timeout=10)
    dash_duo.wait_for_contains_text("#details", quote, timeout=10)
    wait_for(lambda: subthemes <= _drawn(dash_duo)[0], message="its sub-themes drawn")
    _settled(dash_duo)
    assert cy_eval(dash_duo, "explore-graph", f"cy.getElementById({theme!r}).children().length") == len(subthemes)
    assert "open=hrm-policies" in dash_duo.driver.current_url and "sel=f:hrm-policies" in dash_duo.driver.current_url
    # the selected theme stands out; factors it does not touch fade
    assert cy_eval(dash_duo, "explore-graph", f"cy.getElementById({theme!r}).hasClass('selected')")
    faded, others = cy_eval(dash_duo, "explore-graph", """(function () {
        var mine = e => [e.source(), e.target()].some(n => n.id() === 'hrm-policies' || n.data('parent') === 'hrm-policies');
        var others = cy.edges().filter(e => !mine(e));
        return [others.filter(e => e.hasClass('faded')).length, others.length]; })()""")
    assert faded == others > 0
    shot("details")
    # the details panel folds it back
    click(dash_duo, dash_duo.find_element("#details button[id*='toggle-theme']"))
    wait_for(lambda: not (subthemes & _drawn(dash_duo)[0]), message="sub-themes folded back")
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("factor", ["organizational-culture", "psw-wellbeing"])
def test_right_after_load_the_box_under_the_pointer_opens_its_details(dash_duo, factor):
    _started(dash_duo)
    _settled(dash_duo)
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    assert dash_duo.driver.execute_script("return window.scrollY") == 0
    mouse_click(dash_duo, "explore-graph", factor, scroll=False)  # no scroll first: any scroll would re-measure the graph
    dash_duo.wait_for_contains_text("#details h2", load_graph().nodes[factor]["label"])
    assert cy_eval(dash_duo, "explore-graph", f"cy.getElementById({factor!r}).hasClass('selected')")
    assert cy_eval(dash_duo, "explore-graph", "cy.edges('.selected').length") == 0


def _labels(dash_duo) -> dict:
    """The readability of the graph as drawn now (no refit of our own: what the user sees)."""
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    return dash_duo.driver.execute_script(READABILITY_JS, "explore-graph")


@pytest.mark.parametrize("theme", ["change-management", "hrm-policies", "team-relationships"])
def test_an_opened_theme_keeps_every_label_readable_on_a_taller_canvas(dash_duo, theme):
    _started(dash_duo)
    _settled(dash_duo)
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    first = dash_duo.find_element("#explore-graph").size["height"]
    mouse_click(dash_duo, "explore-graph", theme)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", f"cy.getElementById({theme!r}).children().length") > 0,
             message="the theme opened")
    _settled(dash_duo)
    r = _labels(dash_duo)
    assert not r["small"], f"labels under 11 px: {r['small']} (smallest {r['minFont']:.1f} px)"
    assert r["overlaps"] == [], r["overlaps"]
    assert dash_duo.find_element("#explore-graph").size["height"] > first  # the canvas grew, the page scrolls
    # the whole drawing is inside the canvas, and the filters stay at hand while the page scrolls down to it
    inside = cy_eval(dash_duo, "explore-graph", "(function () { var b = cy.elements().renderedBoundingBox();"
                     " return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1; })()")
    assert inside
    dash_duo.driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    top = dash_duo.driver.execute_script("return document.querySelector('#f-focus').getBoundingClientRect().top")
    assert 0 <= top <= 800
    assert dash_duo.get_logs() == []


def test_every_theme_opened_and_all_sub_themes_read_at_11_px(dash_duo, shot):
    themes = [n for n, a in load_graph().nodes(data=True) if a.get("factor_kind") == "theme"]
    _started(dash_duo)
    small = {}
    for path in [f"/?open={t}" for t in themes] + ["/?show=subthemes"]:
        dash_duo.driver.get(dash_duo.server_url + path)
        wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('.compound, .subtheme').length") > 0,
                 message=f"{path} drawn")
        _settled(dash_duo)
        r = _labels(dash_duo)
        if r["small"] or r["overlaps"]:
            small[path] = (round(r["minFont"], 1), r["small"][:5], r["overlaps"][:5])
    assert not small, small
    shot("explore-all-subthemes")


#: The effective opacity (Cytoscape's, parents' opacity multiplied in) of what the selection shows and what it fades.
SELECTION_OPACITY_JS = """(function () {
    var sel = cy.$('.selected'), around = sel.isNode() ? sel.connectedEdges() : sel;
    var shown = sel.union(around).union(around.connectedNodes());
    shown = shown.union(shown.nodes().ancestors());
    var faded = cy.elements('.faded').filter(e => e.isEdge() || !e.isParent());
    var eff = c => c.map(e => [e.id(), e.effectiveOpacity()]);
    return {selected: sel.map(n => n.id()), shown: eff(shown), faded: eff(faded)}; })()"""


def test_a_sub_theme_chosen_with_the_mouse_inside_an_opened_theme_is_the_brightest_thing_on_screen(dash_duo, shot):
    theme, sub = "hrm-policies", "mentoring"
    _started(dash_duo)
    _settled(dash_duo)
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    mouse_click(dash_duo, "explore-graph", theme)  # the user opens the theme ...
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", f"cy.getElementById({theme!r}).children().length") > 0,
             message="the theme opened")
    _settled(dash_duo)
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    mouse_click(dash_duo, "explore-graph", sub)  # ... and clicks one of its sub-themes
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", f"cy.getElementById({sub!r}).hasClass('selected')"),
             message="the sub-theme selected")
    dash_duo.wait_for_contains_text("#details h2", load_graph().nodes[sub]["label"])
    r = cy_eval(dash_duo, "explore-graph", SELECTION_OPACITY_JS)
    assert r["selected"] == [sub]
    dim = [(i, o) for i, o in r["shown"] if o < 0.9]
    assert len(r["shown"]) > 3 and not dim, f"the selection or its neighbours drawn faint: {dim}"
    assert r["faded"] and all(o <= 0.3 for _, o in r["faded"]), r["faded"]
    shot("explore-selected-subtheme")
    # the same for an arrow into it, picked from the table under the graph: it and both its ends stay bright
    edge = "team-relationships>mentoring"
    click(dash_duo, dash_duo.find_element("#influence-table-summary"))
    click(dash_duo, dash_duo.find_element(f"#influence-table button[id*='{edge}']"))
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", f"cy.getElementById({edge!r}).hasClass('selected')"),
             message="the arrow selected")
    r = cy_eval(dash_duo, "explore-graph", SELECTION_OPACITY_JS)
    dim = [(i, o) for i, o in r["shown"] if o < 0.9]
    assert {i for i, _ in r["shown"]} >= {edge, "mentoring", "team-relationships", "hrm-policies"} and not dim, dim
    assert r["faded"] and all(o <= 0.3 for _, o in r["faded"]), r["faded"]
    assert dash_duo.get_logs() == []


def _choose(dash_duo, dropdown: str, text: str, first: str = "") -> None:
    """Open a dropdown with a click, type, and take the first option with Enter — once the first option holds
    *first* (the answer to the whole text, not to a prefix typed on the way: each keystroke asks the server)."""
    click(dash_duo, dash_duo.find_element(f"#{dropdown}"))
    box = wait_for_element(dash_duo, ".dash-dropdown-search, input.dash-dropdown-search")
    box.send_keys(text)
    dash_duo.driver.implicitly_wait(0)

    def ready() -> bool:
        options = dash_duo.driver.find_elements("css selector", ".dash-dropdown-option")
        return bool(options) and first in options[0].text

    wait_for(ready, message=f"options, the first holding {first!r}")
    box.send_keys(Keys.ENTER)


def wait_for_element(dash_duo, css: str):
    found = []
    wait_for(lambda: found.append(dash_duo.driver.find_element("css selector", css)) or True, message=css)
    return found[-1]


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_focus_from_the_sidebar_draws_every_factor_it_counts(dash_duo, depth):
    _started(dash_duo)
    _choose(dash_duo, "f-focus", "PSW wellbeing")
    wait_for(lambda: "focus=psw-wellbeing" in dash_duo.driver.current_url, message="focus chosen")
    if depth > 1:
        dash_duo.driver.execute_script(
            f"Array.from(document.querySelectorAll('#f-depth input')).find(i => i.value === '{depth}').click()")
        wait_for(lambda: f"depth={depth}" in dash_duo.driver.current_url, message="depth chosen")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.getElementById('psw-wellbeing').hasClass('focus')"),
             message="the focused factor marked")
    _settled(dash_duo)
    drawn, edges = _drawn(dash_duo)
    assert "psw-wellbeing" in drawn
    assert cy_eval(dash_duo, "explore-graph", "cy.getElementById('psw-wellbeing').hasClass('focus')")
    # a fresh load of the same link draws the same factors (no node lost on the way from the full view)
    url = dash_duo.driver.current_url
    dash_duo.driver.get(url)
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=15)
    _settled(dash_duo)
    assert _drawn(dash_duo) == (drawn, edges)
    assert dash_duo.get_logs() == []


def test_focus_on_a_sub_theme_opens_its_theme_and_keeps_every_box(dash_duo):
    _started(dash_duo)
    # the user clicks the Focus box, types the sub-theme's name and presses Enter
    click(dash_duo, dash_duo.find_element("#f-focus"))
    box = wait_for_element(dash_duo, ".dash-dropdown-search, input.dash-dropdown-search")
    box.send_keys("Self-care")
    wait_for_first_option(dash_duo, "Self-care")
    box.send_keys(Keys.ENTER)
    wait_for(lambda: "focus=self-care" in dash_duo.driver.current_url, message="focus chosen")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.getElementById('self-care').hasClass('focus')"),
             message="the focused sub-theme drawn and marked")
    _settled(dash_duo)
    drawn, _ = _drawn(dash_duo)
    assert "self-care" in drawn
    # every drawn sub-theme sits inside its theme's box
    orphans = cy_eval(dash_duo, "explore-graph", "cy.nodes('.subtheme').filter(n => !n.isChild()).map(n => n.id())")
    assert orphans == []


BOX_OVERLAPS_JS = """
var cy = document.getElementById('explore-graph')._cyreg.cy;
var themes = cy.nodes('.theme');
var bb = themes.map(n => [n.id(), n.boundingBox({includeLabels: true, includeOverlays: false})]);
var out = [];
for (var i = 0; i < bb.length; i++) for (var j = i + 1; j < bb.length; j++) {
  var a = bb[i][1], b = bb[j][1];
  if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push(bb[i][0] + ' ~ ' + bb[j][0]);
}
var outside = [];
cy.nodes('[kind = "factor"]').forEach(function (n) {
  var band = cy.getElementById('band:' + n.data('level'));
  if (!band.length) return;
  var b = band.boundingBox({includeLabels: false}), p = n.boundingBox({includeLabels: false});
  if (p.x1 < b.x1 || p.x2 > b.x2 || p.y1 < b.y1 || p.y2 > b.y2) outside.push(n.id());
});
return [out, outside, cy.nodes('.band').length];
"""


@pytest.mark.parametrize("show", ["themes", "subthemes"])
def test_every_layout_keeps_theme_boxes_apart_and_nodes_in_their_band(dash_duo, show):
    _started(dash_duo, f"/?show={show}")
    for layout, label in (("force", "Force-directed"), ("circle", "Circle"), ("bands", "Level bands")):
        dash_duo.driver.get(dash_duo.server_url + f"/?show={show}&layout={layout}")
        dash_duo.wait_for_contains_text("#f-layout", label, timeout=15)
        _settled(dash_duo)
        overlaps, outside, bands = dash_duo.driver.execute_script(BOX_OVERLAPS_JS)
        assert overlaps == [], f"{layout}: theme boxes overlap: {overlaps}"
        if layout == "bands":
            assert bands == 3 and outside == [], f"outside their level band: {outside}"
        else:
            assert bands == 0
    assert dash_duo.get_logs() == []


def test_choosing_a_layout_in_the_sidebar_redraws_it(dash_duo):
    _started(dash_duo)
    before = cy_eval(dash_duo, "explore-graph", "JSON.stringify(cy.getElementById('psw-wellbeing').position())")
    dash_duo.find_element("#f-layout").click()
    wait_for(lambda: dash_duo.driver.find_elements("css selector", ".dash-dropdown-option"), message="options")
    next(o for o in dash_duo.driver.find_elements("css selector", ".dash-dropdown-option")
         if "Circle" in o.text).click()
    wait_for(lambda: "layout=circle" in dash_duo.driver.current_url, message="layout in the URL")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph",
                             "JSON.stringify(cy.getElementById('psw-wellbeing').position())") != before,
             message="nodes moved")
    assert cy_eval(dash_duo, "explore-graph", "cy.nodes('.band').length") == 0


def test_details_follow_the_filters_and_show_all_on_request(dash_duo):
    G = load_graph()
    total = len(factor_details(G, "psw-remuneration")["evidence"])
    allowed = set(matching_evidence(G, countries=["SE"], polarities=["barrier"]))
    matching = sum(1 for r in factor_details(G, "psw-remuneration")["evidence"] if r["id"] in allowed)
    _started(dash_duo, "/?c=SE&p=barrier&sel=f:psw-remuneration")
    dash_duo.wait_for_contains_text("#details", f"{total} items; {matching} match your filters", timeout=15)
    findings = "#details .evidence-card:not(.limitation-card)"  # the studies' limitations are listed apart, unfiltered
    cards = dash_duo.driver.find_elements("css selector", findings)
    assert len(cards) == matching
    click(dash_duo, dash_duo.find_element("#details .filter-line button"))
    dash_duo.wait_for_contains_text("#details", f"Evidence ({total}, all)", timeout=10)
    assert len(dash_duo.driver.find_elements("css selector", findings)) == total


def test_country_options_count_what_the_view_holds_and_offer_not_stated(dash_duo):
    _started(dash_duo, "/?focus=psw-wellbeing")
    _settled(dash_duo)
    click(dash_duo, dash_duo.find_element("#f-countries"))
    wait_for(lambda: dash_duo.driver.find_elements("css selector", ".dash-dropdown-option"), message="options")
    texts = [o.text for o in dash_duo.driver.find_elements("css selector", ".dash-dropdown-option")]
    assert any(t.startswith("Country not stated (") for t in texts), texts
    assert all(not t.endswith("(0)") for t in texts), texts
    sweden = next(t for t in texts if t.startswith("Sweden"))
    assert "not stated" in dash_duo.find_element("#view-explore .sidebar").text
    n_se = int(re.search(r"\((\d+)\)", sweden).group(1))
    # choosing Sweden leaves exactly that many evidence items behind the view
    next(o for o in dash_duo.driver.find_elements("css selector", ".dash-dropdown-option")
         if o.text.startswith("Sweden")).click()
    wait_for(lambda: "c=SE" in dash_duo.driver.current_url, message="country chosen")
    wait_for(lambda: _badges(dash_duo)[2] == n_se, message=f"{n_se} evidence behind the view")


def test_no_match_says_why_and_counts_nothing(dash_duo):
    _started(dash_duo, "/?c=SE&p=barrier&pp=peer%20worker&unev=0", drawn=False)
    dash_duo.wait_for_contains_text("#explore-empty", "No factor matches these filters", timeout=15)
    assert "in Sweden" in dash_duo.find_element("#explore-empty").text
    assert _badges(dash_duo)[:2] == (0, 0)


def test_search_forgives_a_typo(dash_duo):
    _started(dash_duo)
    _choose(dash_duo, "f-search", "welbeing", first="PSW wellbeing")
    dash_duo.wait_for_contains_text("#details .details-title", "PSW wellbeing", timeout=10)


def test_table_lists_the_same_influences_the_graph_draws(dash_duo):
    _started(dash_duo, "/?focus=hrm-policies")
    _settled(dash_duo)
    click(dash_duo, dash_duo.find_element("#influence-table-summary"))
    dash_duo.wait_for_element("#influence-table-table tbody tr", timeout=10)  # filled once the reader opens it
    rows = dash_duo.driver.find_elements("css selector", "#influence-table-table tbody tr")
    assert len(rows) == _drawn(dash_duo)[1] > 0
    click(dash_duo, rows[0].find_element("css selector", "button"))
    dash_duo.wait_for_contains_text("#details", "→", timeout=10)
    assert "sel=i:" in dash_duo.driver.current_url


def test_the_opened_table_follows_the_view_when_the_user_ticks_a_polarity(dash_duo):
    _started(dash_duo)
    _settled(dash_duo)
    click(dash_duo, dash_duo.find_element("#influence-table-summary"))
    dash_duo.wait_for_element("#influence-table-table tbody tr", timeout=10)
    before = _drawn(dash_duo)[1]
    assert len(dash_duo.driver.find_elements("css selector", "#influence-table-table tbody tr")) == before
    # the user ticks "barrier": fewer influences are drawn, and the open table lists exactly those
    box = dash_duo.driver.find_element("css selector", "#f-polarities input[value='barrier']")
    click(dash_duo, box)
    wait_for(lambda: "p=barrier" in dash_duo.driver.current_url, message="the polarity chosen")
    _settled(dash_duo)
    after = _drawn(dash_duo)[1]
    assert 0 < after < before
    wait_for(lambda: len(dash_duo.driver.find_elements("css selector", "#influence-table-table tbody tr")) == after,
             message="the table lists the influences now drawn")


def test_keyboard_alone_reaches_every_tab_and_control_and_shows_where_it_is(dash_duo):
    _started(dash_duo)
    dash_duo.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    keys = ActionChains(dash_duo.driver)
    seen, rings = [], []
    for _ in range(90):
        keys.send_keys(Keys.TAB).perform()
        info = dash_duo.driver.execute_script(
            "var e = document.activeElement; if (e === document.body) return ['(page)', 'n/a', 'n/a'];"
            "var s = getComputedStyle(e);"
            "return [e.id || e.getAttribute('data-view') || e.className || e.outerHTML.slice(0, 80),"
            " s.outlineStyle, s.outlineWidth];")
        seen.append(str(info[0]))
        if info[1] == "none" or info[2] == "0px":
            rings.append(str(info[0]))
    for view in ("explore", "paths", "compare", "matrix", "studies", "plan"):
        assert any(f'"index":"{view}","type":"tab-button"' in x for x in seen), f"Tab never reaches {view}: {seen}"
    for control in ("f-reset", "x-png", "x-pptx", "explore-graph-frame"):
        assert control in seen, f"Tab never reaches #{control}"
    assert rings == [], f"focused without a visible focus ring: {rings}"
    # Enter on a tab opens its view and names the page after it
    tab = dash_duo.find_element("[data-view='matrix']")
    tab.send_keys(Keys.ENTER)
    wait_for(lambda: dash_duo.find_element("#view-matrix").is_displayed(), message="matrix opened by Enter")
    wait_for(lambda: dash_duo.driver.title.startswith("Evidence matrix"), message="title follows the view")
    dash_duo.find_element("[data-view='studies']").send_keys(Keys.SPACE)
    wait_for(lambda: dash_duo.find_element("#view-studies").is_displayed(), message="studies opened by Space")
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert len(dash_duo.driver.find_elements("css selector", "h1")) == 1


def test_phone_folds_the_sidebar_and_gives_the_graph_the_width(dash_duo):
    _started(dash_duo, size=(390, 844))
    assert dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")
    assert not dash_duo.find_element("#f-focus").is_displayed()
    width = dash_duo.driver.execute_script("return document.getElementById('explore-graph').offsetWidth")
    assert width >= 390 - 40
    dash_duo.find_element("#sidebar-toggle").click()
    wait_for(lambda: dash_duo.find_element("#f-focus").is_displayed(), message="sidebar opened")


def test_url_round_trip_of_the_explore_controls(dash_duo):
    query = "?lv=meso,micro&c=NO&p=enabler&min=1&unev=0&focus=hrm-policies&depth=2&layout=force&show=subthemes"
    _started(dash_duo, "/" + query + "&sel=f:hrm-policies")
    dash_duo.wait_for_contains_text("#f-layout", "Force-directed", timeout=15)
    state = dash_duo.driver.execute_script("""
        var checked = sel => Array.from(document.querySelectorAll(sel + ' input')).filter(i => i.checked)
                                  .map(i => i.value);
        return [checked('#f-levels'), checked('#f-polarities'), checked('#f-depth'), checked('#f-show'),
                checked('#f-unevidenced')];""")
    assert state == [["meso", "micro"], ["enabler"], ["2"], ["subthemes"], []]
    assert "Norway" in dash_duo.find_element("#f-countries").text
    assert "Human resource" in dash_duo.find_element("#f-focus").text
    dash_duo.wait_for_contains_text("#details", "Human resource management policies", timeout=10)
    for part in query.lstrip("?").split("&"):
        assert part in dash_duo.driver.current_url


def test_polarity_and_level_badges_show_their_own_colours(dash_duo):
    """Enabler, barrier and mixed read apart at a glance (no grey Bootstrap class wins), with readable text."""
    _started(dash_duo, "/?sel=f:hrm-policies")
    dash_duo.wait_for_contains_text("#details", "Evidence", timeout=15)
    colours = dash_duo.driver.execute_script("""
        var out = {};
        ['enabler', 'barrier', 'mixed', 'context'].forEach(function (p) {
          var b = document.querySelector('#details .polarity-' + p);
          if (b) out[p] = [getComputedStyle(b).backgroundColor, getComputedStyle(b).color];
        });
        var lv = document.querySelector('#details .level-badge');
        out.level = [getComputedStyle(lv).backgroundColor, getComputedStyle(lv).color];
        return out;""")
    assert {"enabler", "barrier", "mixed", "level"} <= set(colours), colours
    fills = [colours[k][0] for k in ("enabler", "barrier", "mixed")]
    assert len(set(fills)) == 3, colours
    grey = "rgb(108, 117, 125)"  # Bootstrap's secondary
    assert grey not in fills and colours["level"][0] != grey
