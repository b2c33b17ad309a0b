"""memo is the one per-graph cache: results computed once, and gone with their graph."""

from __future__ import annotations

import gc
import weakref

import networkx as nx

from graph import DEFAULT_DATA_DIR
from graph.data.build import build_graph
from graph.data.load import influence_edges, influence_graph
from graph.data.memo import computed, memo
from graph.data.validate import read_package
from graph.present import layout as L
from graph.query.filters import filter_influences
from graph.query.paths import VIEWS_KEPT, influence_view
from graph.query.rollup import rolled_up
from graph.query.strength import strength_index


def _fresh_graph() -> nx.MultiDiGraph:
    """The bundled package built into a new graph, outside load_graph's one-package cache."""
    return nx.freeze(build_graph(*read_package(DEFAULT_DATA_DIR)))


def test_a_dropped_graph_is_collected_after_every_per_graph_computation_ran_on_it():
    G = _fresh_graph()
    L.theme_positions(G)
    L.factor_positions(G)
    L.factor_positions(G, themes_only=True)
    L.view_positions(rolled_up(filter_influences(G), G, ["psw-wellbeing"]), G, "bands")
    influence_graph(G)
    influence_edges(G)
    strength_index(G)
    influence_view(G, "theme")
    ref = weakref.ref(G)
    del G
    gc.collect()
    assert ref() is None  # no cache keeps the old graph alive after a reload


def test_the_former_private_caches_compute_once_per_graph():
    G = _fresh_graph()
    kinds = ("theme-positions", "factor-positions", "influence-graph", "influence-edges", "strength-index",
             "influence-view")
    before = {k: computed(k) for k in kinds}
    for _ in range(2):
        L.theme_positions(G)
        L.factor_positions(G)
        influence_graph(G)
        influence_edges(G)
        strength_index(G)
        influence_view(G, "theme")
    assert {k: computed(k) - before[k] for k in kinds} == dict.fromkeys(kinds, 1)
    assert influence_graph(G) is influence_graph(G) and strength_index(G) is strength_index(G)


def test_influence_views_kept_per_graph_are_capped():
    G = nx.path_graph(2)
    for i in range(VIEWS_KEPT + 5):
        memo(G, "test-capped", i, lambda i=i: i, keep=VIEWS_KEPT)
    before = computed("test-capped")
    memo(G, "test-capped", 0, lambda: -1, keep=VIEWS_KEPT)  # the oldest went first
    memo(G, "test-capped", VIEWS_KEPT + 4, lambda: -1, keep=VIEWS_KEPT)  # the newest stayed
    assert computed("test-capped") == before + 1


def test_results_kept_per_graph_stay_under_the_byte_bound_the_least_recently_used_dropped(monkeypatch):
    import graph.data.memo as memo_module

    monkeypatch.setattr(memo_module, "MAX_BYTES", 100_000)
    G = nx.path_graph(2)
    for i in range(50):  # 50 results of about 10 kB: five times the bound
        memo(G, "test-bytes", i, lambda i=i: bytes(10_000 - i))
        assert memo_module.held_bytes(G) <= 100_000
    assert memo_module.held_bytes(G) > 80_000  # full, not emptied
    before = computed("test-bytes")
    memo(G, "test-bytes", 49, lambda: b"")  # the newest is kept
    memo(G, "test-bytes", 0, lambda: b"")  # the oldest went first
    assert computed("test-bytes") == before + 1
    memo(G, "test-big", None, lambda: bytes(300_000))  # larger than the bound: kept, alone
    assert memo(G, "test-big", None, lambda: b"") == bytes(300_000) and memo_module.held_bytes(G) < 310_000


def test_the_byte_bound_counts_a_graph_and_a_list_of_dicts_by_what_they_hold():
    import graph.data.memo as memo_module

    small, large = nx.path_graph(10), nx.path_graph(10_000)
    assert memo_module.approx_bytes(large) > 500 * memo_module.approx_bytes(small)
    rows = [{"id": f"row-{i}", "text": "x" * 200} for i in range(1_000)]
    assert memo_module.approx_bytes(rows) > 1_000 * 200
