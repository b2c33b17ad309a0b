"""The Plan page's per-level work is one pass over the nodes, whatever the number of levels (issue 27).

A scan of every node per level made start-up O(levels × nodes): 10,000 levels took 112 s.
The work is counted (node attributes read), never timed.
"""

from __future__ import annotations

import networkx as nx

from dashapp.pages import plan


class _Counted(dict):
    """Node attributes that count how often they are read."""

    reads = 0

    def get(self, *args):
        _Counted.reads += 1
        return dict.get(self, *args)


class _Graph(nx.MultiDiGraph):
    node_attr_dict_factory = _Counted


def _levels(n: int) -> _Graph:
    """*n* levels, each with one theme and one sub-theme."""
    G = _Graph()
    for i in range(n):
        G.add_node(f"l{i}", kind="level", label=f"Level {i}", rank=i % 9 + 1)
        G.add_node(f"t{i}", kind="factor", factor_kind="theme", level=f"l{i}", label=f"Theme {i}", theme=f"t{i}")
        G.add_node(f"s{i}", kind="factor", factor_kind="subtheme", level=f"l{i}", label=f"Sub {i}", theme=f"t{i}")
    return G


def test_factors_by_level_reads_each_node_a_few_times():
    n = 600
    G = _levels(n)
    _Counted.reads = 0
    groups = plan._factors_by_level(G)
    assert len(groups) == n and all(len(rows) == 2 for _, _, rows in groups)
    assert _Counted.reads <= 12 * G.number_of_nodes()  # a scan per level: about n * 3n = 1,080,000 reads, and more


def test_factors_by_level_themes_before_their_subthemes_and_kept_per_graph():
    G = _levels(3)
    groups = plan._factors_by_level(G)
    assert [(level, [n for n, _, _ in rows]) for level, _, rows in groups] == [
        ("l0", ["t0", "s0"]), ("l1", ["t1", "s1"]), ("l2", ["t2", "s2"])]
    _Counted.reads = 0
    assert plan._factors_by_level(G) is groups and _Counted.reads == 0
