"""Select parts of the knowledge graph: by evidence filters, by neighbourhood.

Evidence filters (``countries``, ``studies``, ``polarities``, ``perspectives``)
are lists; ``None`` or an empty list means "no filter". Within one filter the
values are alternatives (SE *or* NO); different filters must all hold.

* An evidence item *concerns* a country when its ``countries`` name it or,
  when it names none, a study it cites names the country in its title
  (:func:`graph.build.evidence_country_bases`).
* An evidence item *comes from* a study when that study reported it or is
  cited by it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import networkx as nx

from .build import merge_country_bases
from .load import influence_graph
from .lookup import resolve_country, resolve_study

__all__ = [
    "NOT_STATED",
    "NOT_STATED_LABEL",
    "NOT_STATED_NOTE",
    "country_choices",
    "evidence_countries",
    "evidence_studies",
    "factor_evidence",
    "filter_influences",
    "influence_neighbourhood",
    "matching_evidence",
    "neighbourhood",
    "select_subgraph",
]


#: The pseudo-country of evidence that concerns no country: a country filter value, a facet and a matrix column.
NOT_STATED = "not-stated"
#: How :data:`NOT_STATED` is shown.
NOT_STATED_LABEL = "Country not stated"
#: Why some evidence has no country — the same words wherever :data:`NOT_STATED` is offered.
NOT_STATED_NOTE = ("Country not stated: a literature or theory claim that neither the paper nor the titles of "
                   "the studies it cites place in a country — nothing is guessed.")


def evidence_countries(G: nx.MultiDiGraph, ev: str, *, not_stated: bool = False) -> list[str]:
    """ISO codes an evidence item concerns (see :func:`graph.build.evidence_country_bases`).

    Parameters
    ----------
    G : the knowledge graph. ev : an evidence id.
    not_stated : give ``[NOT_STATED]`` instead of ``[]`` for an item that concerns no country.

    Returns
    -------
    Sorted ISO codes (or ``[NOT_STATED]``, see above).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> evidence_countries(G, "ev-johansen-001")   # named in the text
    ['DK']
    >>> evidence_countries(G, "ev-johansen-005")   # through the titles of the studies it cites
    ['CA', 'GB', 'NO']
    >>> evidence_countries(G, "ev-review-201"), evidence_countries(G, "ev-review-201", not_stated=True)
    ([], ['not-stated'])
    """
    codes = sorted(G.nodes[ev]["country_bases"])
    return codes if codes or not not_stated else [NOT_STATED]


def country_choices(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every value a country filter offers: ``(code, name)`` by name, then ``(NOT_STATED, NOT_STATED_LABEL)``.

    Pair with :func:`graph.evidence.facet_counts` (its ``countries`` also counts
    :data:`NOT_STATED`) for labels such as "Country not stated (155)".

    Examples
    --------
    >>> from graph import load_graph
    >>> choices = country_choices(load_graph())
    >>> choices[:2], choices[-1]
    ([('AU', 'Australia'), ('CA', 'Canada')], ('not-stated', 'Country not stated'))
    """
    countries = sorted(((n, a["label"]) for n, a in G.nodes(data=True) if a.get("kind") == "country"),
                       key=lambda x: x[1])
    return [*countries, (NOT_STATED, NOT_STATED_LABEL)]


def evidence_studies(G: nx.MultiDiGraph, ev: str) -> list[str]:
    """Studies behind an evidence item: the reporting paper first, then the studies it cites.

    Examples
    --------
    >>> from graph import load_graph
    >>> evidence_studies(load_graph(), "ev-review-204")
    ['mirbahaeddin-2022', 'byrne-2019', 'mancini-2018']
    """
    a = G.nodes[ev]
    return list(dict.fromkeys([a["study"], *a.get("cites", [])]))


def _codes(G: nx.MultiDiGraph, countries: Iterable[str] | None) -> set[str] | None:
    return {resolve_country(G, c) for c in countries} if countries else None


def _study_ids(G: nx.MultiDiGraph, studies: Iterable[str] | None) -> set[str] | None:
    return {resolve_study(G, s) for s in studies} if studies else None


def _has_evidence_filter(*filters: Iterable[str] | None) -> bool:
    return any(bool(f) for f in filters)


def matching_evidence(G: nx.MultiDiGraph, *, countries: Iterable[str] | None = None,
                      studies: Iterable[str] | None = None, polarities: Iterable[str] | None = None,
                      perspectives: Iterable[str] | None = None) -> list[str]:
    """Ids of the evidence items that pass the evidence filters.

    Parameters
    ----------
    G : the knowledge graph.
    countries : ISO codes or names, and :data:`NOT_STATED` for the items that
        concern no country (alternatives like the rest); studies : study ids or citations;
    polarities : enabler / barrier / mixed / context; perspectives : manager,
    peer worker, staff, service user, reviewer, author. ``None`` or empty: no filter.

    Returns
    -------
    Sorted evidence ids. Unknown countries or studies raise :class:`graph.lookup.NotFound`.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> dk = matching_evidence(G, countries=["Denmark"])
    >>> "ev-johansen-001" in dk, dk == sorted(dk)
    (True, True)
    >>> se_barriers = matching_evidence(G, countries=["SE"], polarities=["barrier"])
    >>> len(se_barriers) >= 1, {G.nodes[e]["polarity"] for e in se_barriers}
    (True, {'barrier'})
    >>> all("SE" in evidence_countries(G, e) for e in se_barriers)
    True
    >>> unplaced = matching_evidence(G, countries=[NOT_STATED])
    >>> len(unplaced) >= 1, all(evidence_countries(G, e) == [] for e in unplaced)
    (True, True)
    >>> len(matching_evidence(G, countries=["SE", NOT_STATED])) == len(unplaced) + len(matching_evidence(G, countries=["SE"]))
    True
    """
    wanted = list(countries or ())
    codes, study_ids = _codes(G, [c for c in wanted if c != NOT_STATED]), _study_ids(G, studies)
    if NOT_STATED in wanted:
        codes = (codes or set()) | {NOT_STATED}
    pols, persp = set(polarities or ()), set(perspectives or ())
    out = []
    for n, a in G.nodes(data=True):
        if a["kind"] != "evidence":
            continue
        if pols and a["polarity"] not in pols or persp and a["perspective"] not in persp:
            continue
        if codes and not codes.intersection(evidence_countries(G, n, not_stated=True)):
            continue
        if study_ids and not study_ids.intersection(evidence_studies(G, n)):
            continue
        out.append(n)
    return sorted(out)


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
    >>> sweden = factor_evidence(G, "psw-wellbeing", set(matching_evidence(G, countries=["SE"])))
    >>> 1 <= len(sweden) <= len(wellbeing), set(sweden) <= set(wellbeing)
    (True, True)
    """
    out = _supporting_evidence(G).get(factor, frozenset())
    return sorted(out & allowed if allowed is not None else out)


_SUPPORTING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _supporting_evidence(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """{factor: evidence supporting it or one of its sub-themes}, one pass over *G*'s edges, once per graph."""
    cached = _SUPPORTING.get(G)
    if cached is None:
        kind = G.nodes(data="kind")
        direct: dict[str, set[str]] = {}
        parent: dict[str, str] = {}
        for u, v, r in G.edges(data="relation"):
            if r == "supports" and kind[u] == "evidence":
                direct.setdefault(v, set()).add(u)
            elif r == "part_of" and kind[u] == "factor":
                parent[u] = v
        merged: dict[str, set[str]] = {}
        for f, evs in direct.items():
            merged.setdefault(f, set()).update(evs)
            if f in parent:
                merged.setdefault(parent[f], set()).update(evs)
        cached = _SUPPORTING[G] = {f: frozenset(evs) for f, evs in merged.items()}
    return cached


def filter_influences(G: nx.MultiDiGraph, *, levels: Iterable[str] | None = None,
                      themes: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                      studies: Iterable[str] | None = None, polarities: Iterable[str] | None = None,
                      perspectives: Iterable[str] | None = None, min_evidence: int = 0,
                      include_unevidenced: bool = True, factors: Iterable[str] | None = None,
                      focus: str | None = None, depth: int = 1) -> nx.DiGraph:
    """The influence network restricted by factor and evidence filters.

    Parameters
    ----------
    G : the knowledge graph.
    levels : keep factors at these levels (macro / meso / micro).
    themes : keep these themes and their sub-themes (ids, labels or aliases).
    countries, studies, polarities, perspectives : evidence filters (see module doc).
    min_evidence : drop edges with fewer matching evidence items.
    include_unevidenced : keep edges with no evidence at all (e.g. the Table 2
        framework edges); only honoured when no evidence filter is given —
        with an evidence filter an edge needs matching evidence.
    factors : keep only these factor ids.
    focus, depth : keep only the factors within *depth* influence hops (either
        direction) of the factor *focus* (id, label or alias) in the filtered
        network; nothing when the other filters hide *focus*.

    Returns
    -------
    A new networkx.DiGraph. Nodes: the matching factors, each with its
    attributes plus ``evidence`` (matching evidence ids supporting it or its
    sub-themes, see :func:`factor_evidence`) and ``evidence_count``. Edges:
    influences between kept factors with the attributes of
    :func:`graph.influence_graph`, where ``evidence``, ``studies``,
    ``countries`` and ``country_basis`` now reflect only matching evidence,
    plus ``evidence_count`` and ``evidence_total`` (before filtering).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> H = filter_influences(G, countries=["NO"])
    >>> H.has_edge("national-peer-work-standards", "role-clarity")
    True
    >>> all("NO" in a["countries"] and a["evidence_count"] >= 1 for _, _, a in H.edges(data=True))
    True
    >>> F = filter_influences(G, focus="Self-care", depth=1)
    >>> "self-care" in F and all(d <= 1 for _, d in F.nodes(data="distance"))
    True
    >>> W = filter_influences(G, themes=["psw-wellbeing"])
    >>> {"psw-wellbeing", "self-care", "emotional-involvement"} <= set(W), {t for _, t in W.nodes(data="theme")}
    (True, {'psw-wellbeing'})
    """
    from .lookup import resolve_factor

    D = influence_graph(G)
    theme_ids = {G.nodes[resolve_factor(G, t)]["theme"] for t in themes} if themes else None
    level_ids = set(levels) if levels else None
    factor_ids = set(factors) if factors is not None else None
    filtered = _has_evidence_filter(countries, studies, polarities, perspectives)
    allowed = set(matching_evidence(G, countries=countries, studies=studies, polarities=polarities,
                                    perspectives=perspectives)) if filtered else None
    H = nx.DiGraph(**G.graph)
    for n, a in D.nodes(data=True):
        if level_ids is not None and a["level"] not in level_ids:
            continue
        if theme_ids is not None and a["theme"] not in theme_ids:
            continue
        if factor_ids is not None and n not in factor_ids:
            continue
        ev = factor_evidence(G, n, allowed)
        H.add_node(n, **a, evidence=ev, evidence_count=len(ev))
    for u, v, a in D.edges(data=True):
        if u not in H or v not in H:
            continue
        ev = [e for e in a["evidence"] if allowed is None or e in allowed]
        if filtered and not ev:
            continue
        if not ev and not include_unevidenced:
            continue
        if len(ev) < min_evidence:
            continue
        H.add_edge(u, v, **_edge_with_evidence(G, a, ev))
    if focus is not None:
        node = resolve_factor(G, focus)
        H = influence_neighbourhood(H, node, depth) if node in H else H.subgraph([]).copy()
    return H


def _edge_with_evidence(G: nx.MultiDiGraph, a: dict, ev: list[str]) -> dict:
    """Influence edge attributes recomputed for the evidence subset *ev*."""
    studies = [a["study"], *(G.nodes[e]["study"] for e in ev)]
    bases = merge_country_bases(G, ev)
    return {**a, "evidence": list(ev), "studies": list(dict.fromkeys(studies)), "countries": list(bases),
            "country_basis": bases,
            "evidence_count": len(ev), "evidence_total": len(a["evidence"])}


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1,
                  relations: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Nodes within *depth* hops of *node* (edges followed either way) over chosen relations.

    Parameters
    ----------
    G : the knowledge graph. node : a node id. depth : hops (0 = the node alone).
    relations : edge relations to follow (``influences``, ``supports`` …); ``None`` = all.

    Returns
    -------
    A new networkx.MultiDiGraph of the reached nodes and the edges among them
    whose relation is followed; each node gets ``distance`` (hops from *node*).

    Examples
    --------
    >>> from graph import load_graph
    >>> H = neighbourhood(load_graph(), "staff-readiness", 1, ["influences"])
    >>> H.nodes["staff-readiness"]["distance"], {"stigma", "mentoring", "psw-wellbeing"} <= set(H)
    (0, True)
    >>> {d for _, d in H.nodes(data="distance")}, {r for _, _, r in H.edges(data="relation")}
    ({0, 1}, {'influences'})
    """
    rels = set(relations) if relations else None
    if node not in G:
        raise KeyError(f"no node {node!r} in the graph")

    def follow(r: str) -> bool:
        return rels is None or r in rels

    dist = {node: 0}
    frontier = [node]
    for d in range(1, depth + 1):
        nxt = []
        for n in frontier:
            for _, m, r in G.out_edges(n, data="relation"):
                if follow(r) and m not in dist:
                    dist[m] = d
                    nxt.append(m)
            for m, _, r in G.in_edges(n, data="relation"):
                if follow(r) and m not in dist:
                    dist[m] = d
                    nxt.append(m)
        frontier = nxt
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, {**G.nodes[n], "distance": d}) for n, d in dist.items())
    H.add_edges_from((u, v, k, dict(a)) for u, v, k, a in G.subgraph(dist).edges(keys=True, data=True)
                     if follow(a["relation"]))
    return H


def influence_neighbourhood(D: nx.DiGraph, node: str, depth: int = 1) -> nx.DiGraph:
    """Factors within *depth* influence hops of *node*, ignoring edge direction.

    Parameters
    ----------
    D : an influence DiGraph (:func:`graph.influence_graph` or :func:`filter_influences`).
    node : a factor id. depth : hops.

    Returns
    -------
    A new networkx.DiGraph induced on the reached factors; nodes get ``distance``.

    Examples
    --------
    >>> from graph import load_graph, influence_graph
    >>> H = influence_neighbourhood(influence_graph(load_graph()), "policy-mandates", 1)
    >>> "political-commitment" in H, "hiring-criteria" in H   # one influences it, it influences the other
    (True, True)
    >>> H.nodes["policy-mandates"]["distance"], H.nodes["hiring-criteria"]["distance"]
    (0, 1)
    """
    if node not in D:
        raise KeyError(f"no factor {node!r} in the influence graph")
    dist = nx.single_source_shortest_path_length(D.to_undirected(as_view=True), node, cutoff=depth)
    H = D.subgraph(dist).copy()
    for n, d in dist.items():
        H.nodes[n]["distance"] = d
    return H


def select_subgraph(G: nx.MultiDiGraph, **filters) -> nx.MultiDiGraph:
    """The knowledge-graph part selected by :func:`filter_influences`'s filters (what exports use).

    Parameters
    ----------
    G : the knowledge graph. filters : the keyword arguments of :func:`filter_influences`.

    Returns
    -------
    A new networkx.MultiDiGraph holding the kept factors, their levels, the kept
    influence edges (``evidence``, ``studies``, ``countries`` restricted to
    matching evidence), the matching evidence supporting kept factors, the
    studies that report, state or are cited by them, and the countries that
    evidence and those studies concern, with all their edges among these nodes.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> H = select_subgraph(G, countries=["DK"])
    >>> sorted({k for _, k in H.nodes(data="kind")})
    ['country', 'evidence', 'factor', 'level', 'study']
    >>> all("DK" in evidence_countries(G, n) for n, k in H.nodes(data="kind") if k == "evidence")
    True
    >>> H.has_edge("staff-readiness", "psw-wellbeing"), "johansen-2024" in H
    (True, True)
    """
    D = filter_influences(G, **filters)
    keep: set[str] = set(D)
    keep.update(a["level"] for _, a in D.nodes(data=True))
    evidence = {e for _, ev in D.nodes(data="evidence") for e in ev}
    keep |= evidence
    studies = {a["study"] for _, _, a in D.edges(data=True)}
    for e in evidence:
        studies.update(evidence_studies(G, e))
        keep.update(evidence_countries(G, e))
    keep |= studies
    for s in studies:
        keep.update(G.nodes[s].get("countries", []))
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in keep)
    for u, v, k, a in G.subgraph(keep).edges(keys=True, data=True):
        if a["relation"] == "influences":
            if not D.has_edge(u, v):
                continue
            d = D.edges[u, v]
            a = {**a, **{x: d[x] for x in ("evidence", "studies", "countries")}}
        elif a["relation"] == "supports" and u in evidence and v not in D:
            continue
        H.add_edge(u, v, k, **a)
    return H
