"""Layout work is done once per data version and stays bounded however large the package."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import networkx as nx
import pytest

from graph import load_graph
from graph.data.memo import computed
from graph.data.synth import synthesize
from graph.present import layout as L
from graph.query.filters import filter_influences
from graph.query.rollup import rolled_up


def test_positions_are_computed_once_per_graph():
    G = load_graph()
    L.theme_positions(G)
    L.factor_positions(G)
    before = (computed("theme-positions"), computed("factor-positions"))
    for show in ([], ["psw-wellbeing"], ["hrm-policies", "psw-wellbeing", "regulatory-political",
                                           "organizational-culture", "team-relationships"]):
        V = rolled_up(filter_influences(G), G, show)
        L.view_positions(V, G, "bands")
    L.factor_positions(G, only=["stigma"])
    after = (computed("theme-positions"), computed("factor-positions"))
    assert after == before


def _many_themes(n: int) -> nx.DiGraph:
    T = nx.DiGraph()
    for i in range(n):
        T.add_node(f"t{i}", kind="factor", factor_kind="theme", level_rank=1 + i % 3, level="l", label=f"T{i}")
    return T


def test_many_themes_keep_their_order_without_a_search():
    T = _many_themes(L.MAX_SEARCHED_THEMES + 6)
    pos = L.theme_positions(T)
    band = [n for n in T if T.nodes[n]["level_rank"] == 1]
    xs = [pos[n][0] for n in band]
    assert len(pos) == T.number_of_nodes() and xs == sorted(xs)  # the table's order, left to right


def test_lines_are_drawn_straight_above_the_routing_cap():
    pos = {f"t{i}": (i * 256.0, 0.0) for i in range(L.MAX_ROUTED_THEMES + 1)}
    assert L.line_routes(pos, [("t0", f"t{L.MAX_ROUTED_THEMES}")]) == {}
    small = {k: v for k, v in list(pos.items())[:3]}
    assert L.line_routes(small, [("t0", "t2")])  # below the cap, a line through a box bends


# ----------------------------------------------------------------------------- budgets (issue 24, item 3)

UNCAPPED = 10 ** 15


def _uncapped(monkeypatch) -> None:
    for name in ("THEME_SEARCH_BUDGET", "ROUTING_BUDGET", "BAND_SHAPES_BUDGET"):
        monkeypatch.setattr(L, name, UNCAPPED)


def _first_view(G) -> tuple[dict, dict, dict, dict, Counter]:
    """Theme positions, line routes and both factor layouts computed afresh (no cache), and the work they did."""
    L._visibility.cache_clear()
    before = Counter(L.WORK)
    pos = L._place_themes(G)
    routes = L.line_routes(pos, sorted(rolled_up(filter_influences(G), G).edges))
    factors, themes = L._place_factors(G, False), L._place_factors(G, True)
    work = Counter(L.WORK)
    work.subtract(before)
    return pos, routes, factors, themes, work


def test_bundled_layout_is_the_uncapped_search(monkeypatch):
    G = load_graph()
    capped = _first_view(G)
    work = capped[4]
    assert 0 < work["theme-search"] < L.THEME_SEARCH_BUDGET and 0 < work["routing"] < L.ROUTING_BUDGET
    assert 0 < work["band-shapes"] < L.BAND_SHAPES_BUDGET
    assert capped[0] == L.theme_positions(G) and capped[1]  # the explorer's positions; some lines bend
    _uncapped(monkeypatch)
    uncapped = _first_view(G)
    assert capped[:4] == uncapped[:4]
    assert uncapped[4] == work  # the same search, step for step: the budget was never reached


def _full_theme_search(G) -> int:
    """The work the theme search would do without a budget (three sweeps, every pattern and order)."""
    bands: dict[int, int] = {}
    for _, a in G.nodes(data=True):
        if a.get("factor_kind") == "theme":
            bands[a["level_rank"]] = bands.get(a["level_rank"], 0) + 1
    per_sweep = sum(len(L._band_patterns(n)) * min(math.factorial(n), 720) for n in bands.values())
    edges = rolled_up(filter_influences(G), G).number_of_edges()
    return (1 + 3 * per_sweep) * L._score_work(sum(bands.values()), edges)


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    """Synthetic packages of 9, 12, 16, 28 and 60 themes (three times the evidence, many sub-themes)."""
    made = {}

    def get(n: int):
        if n not in made:
            out = tmp_path_factory.mktemp(f"themes{n}")
            synthesize(out, 3, themes=n, subthemes=max(37 / n, 6.0))
            made[n] = load_graph(out)
        return made[n]
    return get


@pytest.mark.parametrize("n", [9, 12, 16, 28, 60])
def test_first_view_work_stays_within_the_budgets(shaped, n):
    G = shaped(n)
    pos, routes, factors, _, work = _first_view(G)
    assert len(pos) == n and len(factors) == sum(1 for _, k in G.nodes(data="kind") if k == "factor")
    assert work["theme-search"] <= L.THEME_SEARCH_BUDGET
    assert work["routing"] <= L.ROUTING_BUDGET
    assert work["band-shapes"] <= L.BAND_SHAPES_BUDGET
    if n == 16:  # the shape that took minutes: the full search is far over the budget, and the cap held it
        assert _full_theme_search(G) > 10 * L.THEME_SEARCH_BUDGET
        assert work["theme-search"] > L.THEME_SEARCH_BUDGET / 2  # it searched, as far as the budget allowed
    if n > L.MAX_SEARCHED_THEMES:
        assert work["theme-search"] == 0 and routes == {}


def test_first_view_is_deterministic_under_the_budget(shaped):
    G = shaped(16)
    assert _first_view(G)[:4] == _first_view(G)[:4]


def test_routing_budget_holds_on_the_densest_arrangement():
    # 16 boxes, each at its own x, over six rows, every pair joined both ways: more gaps than the budget allows
    pos = {f"t{i}": (i * 150.0, (i % 6) * 120.0) for i in range(16)}
    edges = [(u, v) for u in pos for v in pos if u != v]
    cand_x, cand_y = L._gap_lines(tuple(sorted((n, x, y) for n, (x, y) in pos.items())))
    assert L._visibility_work(16, len(cand_x) * len(cand_y)) > L.ROUTING_BUDGET  # the cap binds
    L._visibility.cache_clear()
    before = L.WORK["routing"]
    assert L.line_routes(pos, edges) == {}  # the fallback: straight lines, the visibility graph never built
    assert L.WORK["routing"] == before


def test_routing_budget_stops_routing_lines_once_spent(monkeypatch):
    pos = {f"t{i}": (i * 244.0, 0.0) for i in range(5)}
    edges = [(u, v) for u in pos for v in pos if u != v]
    L._visibility.cache_clear()
    full = L.line_routes(pos, edges)
    L._visibility.cache_clear()
    before = L.WORK["routing"]
    L.line_routes(pos, edges)
    spent = L.WORK["routing"] - before
    monkeypatch.setattr(L, "ROUTING_BUDGET", spent // 2)
    L._visibility.cache_clear()
    before = L.WORK["routing"]
    half = L.line_routes(pos, edges)
    assert L.WORK["routing"] - before <= spent // 2
    assert 0 < len(half) and set(half) < set(full)  # the first lines routed as before, the rest straight


def test_band_shapes_budget_holds_for_huge_clusters():
    before = L.WORK["band-shapes"]
    shapes = L._band_shapes([[400] * 30, [350] * 30, [300] * 30], L.CELL_W, L.CELL_H)
    assert L.WORK["band-shapes"] - before <= L.BAND_SHAPES_BUDGET
    assert all(cols <= L.MAX_COLS for band in shapes for cols, _ in band)
    assert [len(band) for band in shapes] == [30, 30, 30]


def test_a_packed_route_drawing_is_as_narrow_as_its_busiest_band_and_keeps_its_factors_a_cell_apart():
    """Every theme-to-theme question's listed routes (sub-themes as recorded), packed as the path finder draws
    them: no wider than its busiest band's themes side by side, one column each; no two factors of a band in
    one spot or closer than a cell."""
    from graph.query.paths import influence_view, path_search

    G = load_graph()
    V = influence_view(G, "subtheme")
    themes = [n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"]
    checked = 0
    for source in themes:
        for target in themes:
            if source == target:
                continue
            routes = path_search(G, source, target, max_hops=4, granularity="subtheme")["paths"][:25]
            drawn = {n for p in routes for n in p["nodes"]}
            drawn |= {V.nodes[n]["theme"] for n in drawn}
            if not routes:
                continue
            pos = L.compact_positions(G, drawn)
            assert set(pos) == drawn
            per_band = Counter(G.nodes[n]["level"] for n in drawn if G.nodes[n]["factor_kind"] == "theme")
            xs = [x for x, _ in pos.values()]
            assert max(xs) - min(xs) <= (max(per_band.values()) - 1) * (L.CELL_W + L.COMPACT_THEME_GAP), (source, target)
            leaves = sorted((G.nodes[n]["level"], y, x) for n, (x, y) in pos.items()
                            if not any(G.nodes[m].get("parent") == n for m in drawn))
            assert all(b[2] - a[2] >= L.CELL_W for a, b in itertools.pairwise(leaves) if a[:2] == b[:2]), (source, target)
            checked += 1
    assert checked > 30
