"""Rank factors: where would intervening touch the most pathways?"""

from __future__ import annotations

import networkx as nx

from graph.data.load import influence_edges
from graph.query.filters import EVIDENCE_FILTERS, Filters, countries_of, matching_set
from graph.query.lookup import names_errors
from graph.query.paths import influence_view
from graph.query.strength import factor_strength, influence_strength, strength_flags

__all__ = ["rank_factors", "strongest"]


@names_errors
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


@names_errors
def strongest(G: nx.MultiDiGraph, *, what: str = "factors", granularity: str = "subtheme", limit: int | None = None,
              min_papers: int = 0, min_countries: int = 0, **evidence_filters) -> list[dict]:
    """Factors (or influences) ranked by how widely the evidence the filters let through supports them: papers
    reporting it first, then evidence items — the path finder's rule for a hop. "The strongest barriers in
    Norway" is ``strongest(G, countries=["NO"], polarities=["barrier"])``.

    Parameters
    ----------
    G : the knowledge graph. what : ``factors`` or ``influences`` (as recorded, between factors).
    granularity : for factors, ``subtheme`` (every factor with no sub-themes) or ``theme`` (themes, each counting
    its sub-themes' evidence). limit : the most rows returned (``None``: all with evidence).
    evidence_filters : keyword arguments of :class:`graph.query.filters.Filters` that select evidence
    (``countries``, ``studies``, ``polarities``, ``perspectives``; names resolved).
    min_papers, min_countries : keep only rows whose matching findings come from at least this many papers /
    concern at least this many countries (breadth; "country not stated" counts none).

    Returns
    -------
    One dict per factor or influence with matching findings, best first: ``id`` (the factor, or
    ``"source>target"``), ``label``, ``level``, ``papers`` and ``evidence`` (under the filters), ``papers_in_all``
    and ``evidence_in_all`` (every country and polarity), ``countries`` (those the matching findings concern),
    ``paper_ids``, ``flags`` (single source, contested …).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> top = strongest(G, countries=["NO"], polarities=["barrier"], limit=3)
    >>> [r["papers"] >= 1 for r in top], top[0]["papers"] >= top[-1]["papers"]
    ([True, True, True], True)
    >>> strongest(G, what="influences", countries=["DK"], limit=1)[0]["id"].count(">")
    1
    """
    if what not in ("factors", "influences"):
        raise ValueError(f"what must be 'factors' or 'influences', not {what!r}")
    ev = {k: v for k, v in evidence_filters.items() if k in EVIDENCE_FILTERS and v}
    unknown = set(evidence_filters) - set(EVIDENCE_FILTERS)
    if unknown:
        raise TypeError(f"not an evidence filter: {', '.join(sorted(unknown))}")
    allowed = matching_set(G, Filters.resolve(G, **ev)) if ev else None
    rows = []
    if what == "factors":
        factors = [(n, a) for n, a in G.nodes(data=True) if a.get("kind") == "factor"]
        parents = {a.get("parent") for _, a in factors if a.get("parent")}
        for n, a in factors:
            if (a.get("factor_kind") == "theme") if granularity == "theme" else (n not in parents):
                rows.append((n, a.get("label", n), a.get("level", ""), factor_strength(G, n, allowed)))
    else:
        for u, v in sorted({(u, v) for u, v, _ in influence_edges(G)}):
            label = f"{G.nodes[u].get('label', u)} → {G.nodes[v].get('label', v)}"
            rows.append((f"{u}>{v}", label, "", influence_strength(G, u, v, allowed)))
    out = [{"id": n, "label": label, "level": level, "papers": s["papers"], "evidence": s["evidence"],
            "papers_in_all": s.get("all", s)["papers"], "evidence_in_all": s.get("all", s)["evidence"],
            "countries": sorted(countries_of(G, s.get("evidence_ids", ()))),
            "paper_ids": list(s.get("paper_ids", [])), "flags": strength_flags(s)}
           for n, label, level, s in rows if s["evidence"]]
    out = [r for r in out if r["papers"] >= min_papers and len(r["countries"]) >= min_countries]
    out.sort(key=lambda r: (-r["papers"], -r["evidence"], r["label"]))
    return out[:limit] if limit is not None else out
