"""The Plan graph at laptop size, used as a manager would: it opens on the nine themes with readable labels that
count the marks; a sub-theme marked with its radio shows in its theme's count; a click on the theme opens it into
its sub-themes, drawn with their own marks, and every label stays at least 11 px on screen; a reload opens the same
theme; it folds back by a click on it or with "Show themes only", and the list above the graph opens one from the
keyboard."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

from dashapp.pages import plan
from graph import load_graph
from graph.query.plan import theme_marks

from .conftest import cy_eval, wait_for
from .test_browser_explore import viewport
from .test_browser_plan import _mark

pytestmark = pytest.mark.browser

THEME, SUBTHEME = "hrm-policies", "mentoring"
STRONG_THEME = "psw-wellbeing"  # marked a strength, all of it
#: The smallest label a newcomer reads on a laptop screen, in CSS px.
MIN_LABEL_PX = 11

#: Every label cytoscape has to draw (bands, boxes, sub-themes): its size on screen (font-size x zoom), the
#: size under which cytoscape would hide it (min-zoomed-font-size), and whether it sits inside the canvas.
LABELS_JS = """var cy = document.getElementById('pl-graph')._cyreg.cy; var z = cy.zoom();
    var w = cy.width(), h = cy.height();
    return cy.nodes().filter(n => n.style('label')).map(n => { var b = n.renderedBoundingBox();
      return {id: n.id(), px: parseFloat(n.style('font-size')) * z,
              hide_under: parseFloat(n.style('min-zoomed-font-size')) || 0,
              inside: b.x1 > -2 && b.y1 > -2 && b.x2 < w + 2 && b.y2 < h + 2}; });"""


def _drawn(dash_duo) -> set[str]:
    """The factors drawn on the Plan canvas, read from its cytoscape instance."""
    return set(cy_eval(dash_duo, plan.GRAPH, "cy.nodes('[kind = \"factor\"], [kind = \"group\"]').map(n => n.id())")
               or [])


def _labels(dash_duo) -> list[dict]:
    cy_eval(dash_duo, plan.GRAPH, "(cy.resize(), cy.fit(undefined, 14), true)")  # as the page's own refit does
    return dash_duo.driver.execute_script(LABELS_JS)


def _assert_readable(dash_duo) -> float:
    """Every label is drawn (not hidden for being small), inside the canvas, and at least 11 px: the smallest."""
    labels = _labels(dash_duo)
    assert labels, "no label drawn"
    small = [(lab["id"], round(lab["px"], 1)) for lab in labels if lab["px"] < MIN_LABEL_PX]
    assert small == [], f"labels under {MIN_LABEL_PX} px on screen: {small}"
    hidden = [lab["id"] for lab in labels if lab["px"] < lab["hide_under"]]
    assert hidden == [], f"labels cytoscape hides at this zoom: {hidden}"
    outside = [lab["id"] for lab in labels if not lab["inside"]]
    assert outside == [], f"drawn outside the canvas: {outside}"
    return min(lab["px"] for lab in labels)


#: What the page drew for each marked node: its label, tooltip, state class and (a closed theme) its counts.
PAINTED_JS = """return document.getElementById('pl-graph')._cyreg.cy.nodes('[base]').map(n => [n.id(),
    n.data('label'), n.data('title'), (n.classes().find(c => c.startsWith('st-')) || ''), n.data('marks') || null]);"""


def _painted(dash_duo) -> dict[str, list]:
    return {row[0]: row[1:] for row in dash_duo.driver.execute_script(PAINTED_JS)}


def _expected(G, assessment: dict[str, str], opened: list[str]) -> dict[str, list]:
    """The same, as :func:`dashapp.pages.plan.graph_elements` says in Python for these marks."""
    return {e["data"]["id"]: [e["data"]["label"], e["data"]["title"],
                              next(c for c in e["classes"].split() if c.startswith("st-")), e["data"].get("marks")]
            for e in plan.graph_elements(G, assessment, opened) if "base" in e["data"]}


def _settled(dash_duo) -> None:
    wait_for(lambda: dash_duo.driver.execute_script(
        "return !document.querySelector('[data-dash-is-loading=\"true\"]')"), message="callbacks settled")


def _click_node(dash_duo, node: str, *, on_box: bool = False) -> None:
    """Click the canvas with the mouse where *node* is drawn: its centre, or (*on_box*, an open theme) a spot of
    its box that no sub-theme covers and no line crosses (lines are drawn over an open theme's box, so a click
    there selects the line: Cytoscape's own hit test picks the spot)."""
    canvas = dash_duo.find_element("#" + plan.GRAPH)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    x, y = cy_eval(dash_duo, plan.GRAPH, f"""(function () {{
        var n = cy.getElementById({node!r});
        if (!{str(on_box).lower()}) {{ var p = n.renderedPosition(); return [p.x, p.y]; }}
        var b = n.renderedBoundingBox({{includeLabels: false}});
        var kids = n.children().map(k => k.renderedBoundingBox({{includeLabels: true}}));
        for (var fy = 0.08; fy < 1; fy += 0.04) for (var fx = 0.05; fx < 1; fx += 0.05) {{
          var x = b.x1 + fx * b.w, y = b.y1 + fy * b.h;
          if (kids.some(k => x > k.x1 - 4 && x < k.x2 + 4 && y > k.y1 - 4 && y < k.y2 + 4)) continue;
          var z = cy.zoom(), pan = cy.pan(), hit = cy.renderer().findNearestElement((x - pan.x) / z,
                                                                                  (y - pan.y) / z, true, false);
          if (hit && hit.id() === n.id()) return [x, y];
        }}
        return null; }})()""")
    rect = dash_duo.driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.width, r.height]",
                                          canvas)
    # from the canvas's centre (move_to_element) to the node, then a real mouse click
    ActionChains(dash_duo.driver).move_to_element(canvas).move_by_offset(
        round(x - rect[0] / 2), round(y - rect[1] / 2)).click().perform()


def test_plan_opens_on_readable_themes_and_a_click_on_one_shows_its_marked_sub_themes(dash_duo, shot):
    G = load_graph()
    themes = {n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"}
    subthemes = {n for n, a in G.nodes(data=True) if a.get("theme") == THEME and n != THEME}
    dash_duo.start_server(navigate=False)
    viewport(dash_duo, 1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.find_element("[data-view='plan']").click()  # open the Plan tab
    wait_for(lambda: dash_duo.find_element("#" + plan.SUMMARY).text.startswith("✗"), timeout=30,
             message="the plan view's summary")
    wait_for(lambda: _drawn(dash_duo) == themes, timeout=20, message="the nine themes, and only them, drawn")
    _settled(dash_duo)
    smallest_themes = _assert_readable(dash_duo)

    # mark a sub-theme a problem with its radio: its theme's box counts it, and is drawn as holding a problem
    _mark(dash_duo, SUBTHEME, "a problem here")
    counted = f"✗ 1 · ✓ 0 · ? {len(subthemes)}"  # the theme and its other sub-themes are not known
    wait_for(lambda: cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({THEME!r}).data('label')").endswith(counted),
             timeout=15, message="the theme's label counts the sub-theme marked a problem")
    assert cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({THEME!r}).hasClass('st-problem')")
    assert cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({THEME!r}).data('marks')") == {
        "problem": 1, "strength": 0, "unknown": len(subthemes)}
    # a whole theme marked a strength, factor by factor: every label, tooltip and state drawn is what the plan's
    # graph_elements says for these marks (the page marks the graph itself, the server sends it once)
    strong = theme_marks(G, {})[STRONG_THEME]["factors"]
    for f in strong:
        _mark(dash_duo, f, "a strength here")
    marks = {SUBTHEME: "problem", **dict.fromkeys(strong, "strength")}
    wait_for(lambda: _painted(dash_duo) == _expected(G, marks, []), timeout=15,
             message="the graph marked as graph_elements says")
    assert _painted(dash_duo)[STRONG_THEME][2] == "st-strength"

    # a click on the theme on the canvas opens it: its sub-themes drawn, the marked one as a problem
    _click_node(dash_duo, THEME)
    wait_for(lambda: subthemes <= _drawn(dash_duo), timeout=15, message="the theme's sub-themes drawn")
    _settled(dash_duo)
    assert cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({THEME!r}).children().length") == len(subthemes)
    assert cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({SUBTHEME!r}).hasClass('st-problem')")
    assert cy_eval(dash_duo, plan.GRAPH, f"cy.getElementById({SUBTHEME!r}).data('label')").startswith("✗ ")
    assert _drawn(dash_duo) == themes | subthemes  # the other themes stay closed
    wait_for(lambda: _painted(dash_duo) == _expected(G, marks, [THEME]), timeout=15,
             message="the opened theme's sub-themes marked as graph_elements says")
    wait_for(lambda: f"popen={THEME}" in dash_duo.driver.current_url, message="the open theme in the URL")
    assert Select(dash_duo.find_element("#" + plan.OPEN_PICK)).first_selected_option.get_attribute("value") == THEME
    smallest_open = _assert_readable(dash_duo)
    shot("plan-open")
    dash_duo.driver.get(dash_duo.driver.current_url)  # a reload (or a shared link) opens the same theme
    wait_for(lambda: _drawn(dash_duo) == themes | subthemes, timeout=30, message="the same theme open after a reload")
    wait_for(lambda: _painted(dash_duo) == _expected(G, marks, [THEME]), timeout=15,
             message="the same marks drawn after a reload")
    wait_for(lambda: Select(dash_duo.find_element("#" + plan.OPEN_PICK)).first_selected_option.get_attribute("value")
             == THEME, timeout=10, message="the list showing the open theme after a reload")
    _settled(dash_duo)
    print(f"smallest label on screen: {smallest_themes:.1f} px on themes, {smallest_open:.1f} px with {THEME} open")

    # a click on the open theme's box folds it back
    _click_node(dash_duo, THEME, on_box=True)
    wait_for(lambda: _drawn(dash_duo) == themes, timeout=15, message="the theme folded back by a click on it")
    assert "popen=" not in dash_duo.driver.current_url

    # from the keyboard: typing a theme's name in the list above the graph opens it, "Show themes only" folds it
    pick = dash_duo.find_element("#" + plan.OPEN_PICK)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", pick)
    pick.send_keys("PSW wellbeing")
    wait_for(lambda: {"self-care", "emotional-involvement"} <= _drawn(dash_duo), timeout=15,
             message="the theme picked in the list opened")
    dash_duo.find_element("#" + plan.THEMES_ONLY).click()
    wait_for(lambda: _drawn(dash_duo) == themes, timeout=15, message="“Show themes only” folds the theme")
    assert dash_duo.get_logs() == []
