"""Rank factors: where would intervening touch the most pathways?"""

from __future__ import annotations

import networkx as nx

from graph.query.paths import influence_view

__all__ = ["rank_factors"]


def rank_factors(G: nx.MultiDiGraph, *, granularity: str = "subtheme", **filters) -> list[dict]:
    """Factors ranked by reach, then betweenness, then evidence.

    Parameters
    ----------
    G : the knowledge graph. granularity : ``subtheme`` or ``theme``.
    filters : keyword arguments of :func:`graph.query.filters.filter_influences`.

    Returns
    -------
    One dict per factor: ``factor``, ``label``, ``level``, ``factor_kind``,
    ``reach`` (how many factors it can reach through influences),
    ``reached_by`` (how many can reach it), ``betweenness`` (normalised
    betweenness centrality on the influence graph) and ``evidence_count``
    (matching evidence for it or its sub-themes); best first.

    Examples
    --------
    >>> from graph import load_graph
    >>> ranks = rank_factors(load_graph())
    >>> sorted(ranks[0])
    ['betweenness', 'evidence_count', 'factor', 'factor_kind', 'label', 'level', 'reach', 'reached_by']
    >>> ranks[0]["reach"] >= ranks[-1]["reach"]
    True
    """
    V = influence_view(G, granularity, **filters)
    betweenness = nx.betweenness_centrality(V)
    rows = []
    for n, a in V.nodes(data=True):
        rows.append({
            "factor": n, "label": a.get("label", n), "level": a.get("level", ""), "factor_kind": a.get("factor_kind", ""),
            "reach": len(nx.descendants(V, n)), "reached_by": len(nx.ancestors(V, n)),
            "betweenness": round(betweenness[n], 6), "evidence_count": a.get("evidence_count", 0),
        })
    rows.sort(key=lambda r: (-r["reach"], -r["betweenness"], -r["evidence_count"], r["factor"]))
    return rows
