"""Layout work is done once per data version and stays bounded however large the package."""

from __future__ import annotations

import networkx as nx

from graph import load_graph
from graph.data.memo import computed
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
