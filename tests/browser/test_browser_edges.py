"""Arrows a reader can follow, measured from Cytoscape's rendered geometry (tests/browser/edges.js): no two arrows
share a stretch of line (6 px apart at least), no arrow runs through a name, every arrow can be clicked along its
length — on the first view, with each theme opened by a click, and with all sub-themes shown, at 1280×800."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import load_graph

from .conftest import cy_eval, mouse_click, wait_for, wait_for_graphs_settled
from .test_browser_explore import _settled, _started, click

pytestmark = pytest.mark.browser
EDGES_JS = (Path(__file__).parent / "edges.js").read_text(encoding="utf-8")


def _assert_followable(dash_duo, shared: int = 0, through: int = 0, unclickable: int = 0, *,
                       graph: str = "explore-graph", view: str = "#view-explore") -> None:
    """The arrows of *graph* (in the view *view*) as drawn now (no refit of our own: what the user sees), more
    than 30 of them, share at most *shared* stretches, cross at most *through* names and have at most
    *unclickable* arrows partly under a node."""
    wait_for_graphs_settled(dash_duo, view, idle=True)
    r = dash_duo.driver.execute_script(EDGES_JS, graph)
    assert r["edges"] == cy_eval(dash_duo, graph, "cy.edges().length") > 30
    got = {k: len(r[k]) for k in ("shared", "through", "unclickable")}
    bound = {"shared": shared, "through": through, "unclickable": unclickable}
    print(f"{graph}: {r['edges']} arrows at zoom {r['zoom']:.2f}, {got}")
    assert all(got[k] <= bound[k] for k in got), (got, {k: r[k][:6] for k in got})


def test_first_view_arrows_share_no_stretch_and_cross_no_name(dash_duo):
    _started(dash_duo)
    _settled(dash_duo)
    _assert_followable(dash_duo)


#: What is left with a theme open, per theme (every theme with sub-themes is opened; the rest left nothing): two
#: arrows run 8 px under a dot with Macro socio-cultural factors open, one with Regulatory and political factors open.
#: Before routing, straight lines: hrm-policies 18 shared stretches, 48 lines through names, 20 arrows partly under a
#: node; psw-wellbeing 10, 8 and 9; routed, with the open themes' boxes drawn by cytoscape round their names rather
#: than where the routing put them and the rows 40 px apart: hrm-policies 1 shared stretch, psw-wellbeing 4.
OPENED_AT_MOST: dict[str, dict[str, int]] = {"macro-sociocultural": {"unclickable": 2},
                                             "regulatory-political": {"unclickable": 1}}
#: Every theme a click opens into its sub-themes.
THEMES_WITH_SUBTHEMES = sorted({a["theme"] for _, a in load_graph().nodes(data=True)
                                if a.get("factor_kind") == "subtheme"})


@pytest.mark.parametrize("theme", THEMES_WITH_SUBTHEMES)
def test_a_theme_opened_with_the_mouse_keeps_its_arrows_apart_off_the_names_and_out_from_under_the_boxes(dash_duo, shot, theme):
    _started(dash_duo)
    _settled(dash_duo)
    wait_for_graphs_settled(dash_duo, "#view-explore", idle=True)
    mouse_click(dash_duo, "explore-graph", theme)  # the user opens the theme
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", f"cy.getElementById({theme!r}).children().length") > 0,
             message="the theme opened")
    _settled(dash_duo)
    _assert_followable(dash_duo, **OPENED_AT_MOST.get(theme, {}))
    if theme == "hrm-policies":
        shot("explore-opened-arrows")


#: With every sub-theme drawn, nothing is left either (before routing, straight lines: 66 shared stretches, 108
#: lines through names, 27 arrows partly under a node; routed, before the open themes' boxes were drawn where the
#: routing put them, the bands spread and lines fanned out round a dot they share: 41, 5 and 1; then 13 stretches
#: 12-14 px long and 5 arrows 8-24 px under their own dot, until lines left their dots aimed past where their path
#: leaves them, crossings and zigzags cost more and lines still along each other were routed again).
def test_all_sub_themes_keep_their_arrows_apart_off_the_names_and_out_from_under_the_boxes(dash_duo, shot):
    _started(dash_duo)
    _settled(dash_duo)
    click(dash_duo, dash_duo.find_element("#f-show input[value='subthemes']"))  # the user shows every sub-theme
    wait_for(lambda: "show=subthemes" in dash_duo.driver.current_url, message="all sub-themes chosen")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('.subtheme').length") > 30, message="drawn")
    _settled(dash_duo)
    _assert_followable(dash_duo)
    shot("explore-all-subthemes-arrows")

