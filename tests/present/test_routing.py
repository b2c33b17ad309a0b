"""Routed lines of the explorer with themes open (graph.present.routing): every name kept clear, every line on a
track of its own, within the routing budget — checked on the computed geometry, as the browser measures the drawing
(tests/browser/edges.js, test_browser_edges.py)."""

from __future__ import annotations

import functools
import math

import pytest

from graph import load_graph
from graph.present import layout as L
from graph.present import routing as R
from graph.present.elements import view_geometry
from graph.query.filters import filter_influences
from graph.query.rollup import rolled_up

G = load_graph()
THEMES = [n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"]
#: 6 px on screen at the smallest zoom an open view is drawn at on a laptop (0.69), in model px; a stretch
#: 12 px long on screen.
GAP, RUN = 8.5, 17.0


@functools.cache
def _drawn(opened: tuple[str, ...]) -> tuple:
    """The view with *opened* themes open, its routes, its walls and its lines as drawn (computed once)."""
    V = rolled_up(filter_influences(G), G, list(opened))
    pos, routes, _ = view_geometry(V, G)
    walls = R.obstacles(V, pos)
    boxes = {**{n: w[0] for n, w in walls.items() if n in pos}, **R.frames(V, walls)}
    dots = {n: (w[0][2] - w[0][0]) / 2 for n, w in walls.items() if V.nodes[n].get("factor_kind") == "subtheme"}
    return V, routes, walls, R.drawn_lines(pos, routes, boxes, dots)


#: Names a line still crosses per opened theme: one, where a port is boxed in by a name (straight lines crossed 8-48).
THROUGH_AT_MOST = {"leadership-supervision": 1}


@pytest.mark.parametrize("theme", THEMES)
def test_an_opened_theme_routes_every_line_clear_of_every_name(theme):
    V, routes, walls, lines = _drawn((theme,))
    assert set(routes) == set(V.edges)  # every line routed, none left straight through the grid
    through = R.lines_through(lines, walls)
    assert len(through) <= THROUGH_AT_MOST.get(theme, 0), through


#: Shared stretches per opened theme (computed geometry): none. With the rows of blocks 40 px apart, 14 were left
#: (economic-financial 6, team-relationships 3, psw-wellbeing 3, leadership-supervision 1); with
#: :data:`graph.present.layout.OPEN_ROW_GAP` between them and lines fanning out round a dot they share, 2; lines
#: along each other routed again (graph.present.routing.REROUTE_ROUNDS), 0.
@pytest.mark.parametrize("theme", THEMES)
def test_an_opened_theme_gives_each_line_a_track_of_its_own(theme):
    _, _, _, lines = _drawn((theme,))
    shared = R.shared_stretches(lines, GAP, RUN)
    assert shared == []


def test_all_sub_themes_route_every_line_on_a_track_of_its_own_and_keep_names_clear_but_one():
    V, routes, walls, lines = _drawn(tuple(THEMES))
    assert set(routes) == set(V.edges)
    # straight lines crossed 108 names here, routed lines 4 with the bands 115 px apart; the last crosses where a
    # port is boxed in by a name
    assert len(R.lines_through(lines, walls)) <= 1
    # 19 shared stretches before lines fanned out round a dot they share, 11 before lines along each other were
    # routed again
    assert R.shared_stretches(lines, GAP, RUN) == []


def test_routing_work_stays_within_its_budget(monkeypatch):
    V = rolled_up(filter_influences(G), G, THEMES)
    monkeypatch.setattr(R, "ROUTED_WORK_BUDGET", 5_000)
    before = L.WORK["grid-routing"]
    pos = L.view_positions(V, G)
    walls = R.obstacles(V, pos)
    routes = R.grid_routes(pos, walls, R.routing_order(V, pos))
    assert L.WORK["grid-routing"] - before <= 5_000 + 1  # the search stops one step past what is left
    assert len(routes) < V.number_of_edges()  # the rest stay straight


def test_a_view_with_more_lines_than_the_routing_cap_is_drawn_without_a_grid_search(monkeypatch):
    """Past :data:`graph.present.routing.ROUTED_LINES_AT_MOST` lines (here a cap of 40 on the 57 of Human resource
    management policies opened), no grid step is taken: the view is drawn as one of many themes is (at K = 10, one
    opened theme of 257 lines took the whole work budget, 40 s, before)."""
    V = rolled_up(filter_influences(G), G, ["hrm-policies"])
    assert V.number_of_edges() > 40
    monkeypatch.setattr(R, "ROUTED_LINES_AT_MOST", 40)
    before = L.WORK["grid-routing"]
    pos, routes, extra = view_geometry(V, G)
    assert L.WORK["grid-routing"] == before and extra == {} and routes == {}
    assert set(pos) == set(V) - {"hrm-policies"}  # every factor still placed (the open theme: round its own)
    monkeypatch.setattr(R, "ROUTED_LINES_AT_MOST", V.number_of_edges())
    assert set(view_geometry(V, G)[1]) == set(V.edges) and L.WORK["grid-routing"] > before  # at the cap: routed


@pytest.mark.parametrize("opened", [(t,) for t in THEMES] + [tuple(THEMES)], ids=[*THEMES, "all"])
def test_no_line_passes_under_a_dot_away_from_its_ends(opened):
    """A line leaves its own dot at the rim, aimed where its path last leaves the dot, and never crosses it (or
    another) again: a click anywhere along it, but at its ends, finds the line (tests/browser/edges.js)."""
    V, _, walls, lines = _drawn(opened)
    dots = {n: (((w[0][0] + w[0][2]) / 2, (w[0][1] + w[0][3]) / 2), (w[0][2] - w[0][0]) / 2)
            for n, w in walls.items() if V.nodes[n].get("factor_kind") == "subtheme"}
    under = []
    for e, line in lines.items():
        for x, y, _, _ in R._samples(line, 4.0):
            if min(math.dist((x, y), line[0]), math.dist((x, y), line[-1])) < RUN:
                continue  # a line's ends are at its dots
            under += [(e, n) for n, (c, r) in dots.items() if math.dist((x, y), c) < r]
    assert under == []
