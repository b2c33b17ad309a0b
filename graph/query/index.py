"""Per-graph indexes that several queries read: made once per loaded graph on :func:`graph.data.memo.memo`."""

from __future__ import annotations

import networkx as nx

from graph.data.load import influence_edges
from graph.data.memo import memo
from graph.data.vocabulary import is_limitation

__all__ = ["factor_evidence", "factor_evidence_index", "supported_factors"]


def supported_factors(G: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Every evidence item's supported factors (sorted; named, or an end of an influence it evidences), once per graph.

    Only the items that support some factor are keys: a limitation qualifies findings and supports
    nothing, and a finding that names no factor and evidences no influence bears on none.
    :func:`graph.query.counts.counted_evidence` is the set of keys: the evidence every count counts.

    >>> from graph import load_graph
    >>> s = supported_factors(load_graph())
    >>> s["ev-johansen-004"], "ev-review-506" in s   # the review's headline names no factor
    (('staff-readiness',), False)
    """
    def build() -> dict[str, tuple[str, ...]]:
        ends = {a["id"]: (u, v) for u, v, a in influence_edges(G)}
        out: dict[str, tuple[str, ...]] = {}
        for n, a in G.nodes(data=True):
            if a["kind"] == "evidence" and not is_limitation(a):  # a limitation qualifies, it supports nothing
                found = {*a["factors"], *(f for i in a["influences"] for f in ends[i])}
                if found:
                    out[n] = tuple(sorted(found))
        return out
    return memo(G, "evidence-factors", None, build)


def factor_evidence_index(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Every factor's supporting evidence, its sub-themes' included (see :func:`factor_evidence`), made once per graph."""
    def build() -> dict[str, frozenset[str]]:
        own: dict[str, set[str]] = {}
        parts: dict[str, set[str]] = {}
        for u, v, r in G.edges(data="relation"):
            if r == "supports" and G.nodes[u]["kind"] == "evidence":
                own.setdefault(v, set()).add(u)
            elif r == "part_of":
                parts.setdefault(v, set()).add(u)
        return {n: frozenset(own.get(n, set()).union(*(own.get(m, set()) for m in parts.get(n, ()))))
                for n, k in G.nodes(data="kind") if k == "factor"}
    return memo(G, "factor-evidence-index", None, build)


def factor_evidence(G: nx.MultiDiGraph, factor: str, allowed: set[str] | None = None) -> list[str]:
    """Evidence supporting a factor or any of its sub-themes.

    Counts every evidence item with a ``supports`` edge to the factor or one of
    its sub-themes — including evidence for an influence the factor takes part
    in. *allowed* (a set of evidence ids) restricts the result.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> wellbeing = factor_evidence(G, "psw-wellbeing")
    >>> set(factor_evidence(G, "self-care")) <= set(wellbeing)   # a sub-theme's evidence counts for its theme
    True
    >>> from graph.query.filters import matching_evidence
    >>> sweden = factor_evidence(G, "psw-wellbeing", set(matching_evidence(G, countries=["SE"])))
    >>> 1 <= len(sweden) <= len(wellbeing), set(sweden) <= set(wellbeing)
    (True, True)
    """
    index = factor_evidence_index(G)
    if factor in index:
        out = set(index[factor])
    else:
        members = {factor} | {u for u, _, r in G.in_edges(factor, data="relation") if r == "part_of"}
        out = {u for m in members for u, _, r in G.in_edges(m, data="relation")
               if r == "supports" and G.nodes[u]["kind"] == "evidence"}
    if allowed is not None:
        out &= allowed
    return sorted(out)
