"""Select parts of the knowledge graph: by evidence filters, by neighbourhood.

Evidence filters (``countries``, ``studies``, ``polarities``, ``perspectives``)
are lists; ``None`` or an empty list means "no filter". Within one filter the
values are alternatives (SE *or* NO); different filters must all hold.

* An evidence item *concerns* a country when its ``countries`` name it or,
  when it names none, a study it cites names the country in its title
  (:func:`graph.data.build.evidence_country_bases`).
* An evidence item *comes from* a study when that study reported it or is
  cited by it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields, replace

import networkx as nx

from graph.data.build import merge_country_bases
from graph.data.load import influence_graph
from graph.data.memo import memo
from graph.data.vocabulary import NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE
from graph.query.index import factor_evidence, factor_evidence_index
from graph.query.lookup import names_errors, one_or_many, resolve_country, resolve_factor, resolve_study
from graph.query.strength import strength_index

__all__ = [
    "NOT_STATED",
    "NOT_STATED_LABEL",
    "NOT_STATED_NOTE",
    "Filters",
    "countries_of",
    "country_choices",
    "evidence_countries",
    "evidence_studies",
    "factor_evidence",
    "filter_influences",
    "filtered_influences",
    "influence_neighbourhood",
    "matching_evidence",
    "matching_set",
    "neighbourhood",
    "prepare",
    "select_subgraph",
]



#: The filters that select evidence; the others select factors and influences.
EVIDENCE_FILTERS = ("countries", "studies", "polarities", "perspectives")


def _ids(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(sorted(set(values or ())))


def _node(G: nx.MultiDiGraph, name: str, kind: str, resolve) -> str:
    """*name* when it is the id of a node of *kind* (no search), else what *resolve* makes of it."""
    return name if name in G and G.nodes[name].get("kind") == kind else resolve(G, name)


@dataclass(frozen=True)
class Filters:
    """The factor and evidence filters, resolved to ids once: small, immutable and hashable.

    Every list is a sorted tuple of ids, so the order a user picked values in
    does not matter: ``themes`` holds theme ids (a sub-theme names its theme),
    ``countries`` ISO codes (and :data:`NOT_STATED`), ``studies`` study ids.
    ``min_sources`` is the fewest distinct papers that state or evidence a factor or an influence
    (:mod:`graph.query.strength`, all its evidence counted; 0 and 1 both keep everything and resolve to 0);
    ``min_countries`` the fewest distinct countries the matching evidence of a factor or an influence
    concerns (breadth; "country not stated" is no country; 0 and 1 keep everything with evidence … resolve to 0).
    Equal filters are one key for the filtered views and counts kept per graph
    (:func:`filtered_influences`, :func:`matching_set`).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> f = Filters.resolve(G, countries=["Sweden", "no"], themes=["Self-care"])
    >>> f.countries, f.themes, f.has_evidence_filter
    (('NO', 'SE'), ('psw-wellbeing',), True)
    >>> f == Filters.resolve(G, countries=["NO", "SE"], themes=["psw-wellbeing"])
    True
    >>> f.without("countries").countries, f.evidence_only().themes, Filters().has_evidence_filter
    ((), (), False)
    >>> Filters.resolve(G, min_sources=1) == Filters(), Filters.resolve(G, min_sources=2).min_sources
    (True, 2)
    >>> Filters.resolve(G, min_countries=1) == Filters(), Filters.resolve(G, min_countries=2).min_countries
    (True, 2)
    """

    levels: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    studies: tuple[str, ...] = ()
    polarities: tuple[str, ...] = ()
    perspectives: tuple[str, ...] = ()
    min_evidence: int = 0
    include_unevidenced: bool = True
    min_sources: int = 0
    min_countries: int = 0

    @classmethod
    @names_errors
    def resolve(cls, G: nx.MultiDiGraph, *, levels: Iterable[str] | None = None,
                themes: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                studies: Iterable[str] | None = None, polarities: Iterable[str] | None = None,
                perspectives: Iterable[str] | None = None, min_evidence: int | None = 0,
                include_unevidenced: bool | None = True, min_sources: int | None = 0,
                min_countries: int | None = 0) -> Filters:
        """Filters from what a user typed (ids, names, labels or aliases, as :mod:`graph.query.lookup` resolves them).

        A single string is one value (``countries="DK"`` is Denmark, not the countries D and K).
        Unknown names raise :class:`graph.query.lookup.NotFound`.

        >>> from graph import load_graph
        >>> Filters.resolve(load_graph(), countries="Denmark", levels="micro").countries
        ('DK',)
        """
        levels, themes, countries, studies, polarities, perspectives = (
            one_or_many(v) for v in (levels, themes, countries, studies, polarities, perspectives))
        return cls(
            levels=_ids(levels),
            themes=_ids(G.nodes[_node(G, t, "factor", resolve_factor)]["theme"] for t in themes or ()),
            countries=_ids(c if c == NOT_STATED else _node(G, c, "country", resolve_country) for c in countries or ()),
            studies=_ids(_node(G, s, "study", resolve_study) for s in studies or ()),
            polarities=_ids(polarities), perspectives=_ids(perspectives),
            min_evidence=int(min_evidence or 0), include_unevidenced=bool(include_unevidenced),
            min_sources=n if (n := int(min_sources or 0)) > 1 else 0,
            min_countries=m if (m := int(min_countries or 0)) > 1 else 0)

    @property
    def has_evidence_filter(self) -> bool:
        """Whether any evidence filter (country, study, polarity, perspective) is set."""
        return any(getattr(self, k) for k in EVIDENCE_FILTERS)

    def evidence_only(self) -> Filters:
        """Only the evidence filters (what :func:`matching_set` depends on)."""
        return Filters(**{k: getattr(self, k) for k in EVIDENCE_FILTERS})

    def without(self, name: str) -> Filters:
        """These filters with the list filter *name* cleared."""
        return replace(self, **{name: ()})

    def kwargs(self) -> dict:
        """Keyword arguments of :func:`filter_influences` (``None`` for an unset list)."""
        return {f.name: (list(v) or None) if isinstance(v := getattr(self, f.name), tuple) else v
                for f in fields(self)}


def evidence_countries(G: nx.MultiDiGraph, ev: str, *, not_stated: bool = False) -> list[str]:
    """ISO codes an evidence item concerns (see :func:`graph.data.build.evidence_country_bases`).

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

    Pair with :func:`graph.query.details.facet_counts` (its ``countries`` also counts
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


@names_errors
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
    Sorted evidence ids. Unknown countries or studies raise :class:`graph.query.lookup.NotFound`.

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
    f = Filters.resolve(G, countries=countries, studies=studies, polarities=polarities, perspectives=perspectives)
    return sorted(matching_set(G, f))


def _evidence_postings(G: nx.MultiDiGraph) -> dict[str, dict[str, Collection[str]]]:
    """Per evidence filter, per value, the evidence ids it keeps (countries with :data:`NOT_STATED`; studies
    reporting or cited), made once per graph: tuples (a third of a set's memory; only ever unioned), and
    ``["all"][""]``, every evidence id, a frozenset."""
    def build() -> dict[str, dict[str, Collection[str]]]:
        post: dict[str, dict[str, set[str]]] = {k: {} for k in EVIDENCE_FILTERS}
        for n, a in G.nodes(data=True):
            if a["kind"] != "evidence":
                continue
            values = {"countries": a["country_bases"] or [NOT_STATED], "studies": [a["study"], *a.get("cites", [])],
                      "polarities": [a["polarity"]], "perspectives": [a["perspective"]]}
            for k, vs in values.items():
                for v in vs:
                    post[k].setdefault(v, set()).add(n)
        out: dict[str, dict[str, Collection[str]]] = {k: {v: tuple(ids) for v, ids in d.items()} for k, d in post.items()}
        out["all"] = {"": frozenset(n for n, k in G.nodes(data="kind") if k == "evidence")}
        return out
    return memo(G, "evidence-postings", None, build)


def prepare(G: nx.MultiDiGraph) -> None:
    """Make the per-graph indexes the filters use now (e.g. at a server's start-up), not on a first request.

    >>> from graph import load_graph
    >>> prepare(load_graph())
    """
    _evidence_postings(G)
    factor_evidence_index(G)


def matching_set(G: nx.MultiDiGraph, filters: Filters) -> frozenset[str]:
    """The ids of the evidence items that pass the evidence filters of *filters* (kept per graph and filters).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> matching_set(G, Filters(countries=("SE",))) == set(matching_evidence(G, countries=["Sweden"]))
    True
    >>> matching_set(G, Filters(countries=("SE",), levels=("macro",))) is matching_set(G, Filters(countries=("SE",)))
    True
    """
    key = filters.evidence_only()

    def select() -> frozenset[str]:
        post = _evidence_postings(G)
        kept = post["all"][""]
        for k in EVIDENCE_FILTERS:  # alternatives within a filter, every filter must hold
            if getattr(key, k):
                kept = kept.intersection(*[frozenset().union(*(post[k].get(v, frozenset()) for v in getattr(key, k)))])
        return frozenset(kept)
    return memo(G, "matching-evidence", key, select)


@names_errors
def filter_influences(G: nx.MultiDiGraph, *, levels: Iterable[str] | None = None,
                      themes: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                      studies: Iterable[str] | None = None, polarities: Iterable[str] | None = None,
                      perspectives: Iterable[str] | None = None, min_evidence: int = 0,
                      include_unevidenced: bool = True, factors: Iterable[str] | None = None,
                      focus: str | None = None, depth: int = 1, min_sources: int = 0,
                      min_countries: int = 0) -> nx.DiGraph:
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
    min_sources : keep only factors and influences that at least this many distinct papers state or evidence
        (:func:`graph.query.strength.factor_strength`, :func:`graph.query.strength.influence_strength`: all
        evidence counted whatever the evidence filters); 2 hides what a single paper alone states.
    min_countries : keep only factors and influences whose matching evidence concerns at least this many
        countries (breadth: "evidenced in at least two countries"; evidence stating no country counts none).

    Returns
    -------
    A networkx.DiGraph, frozen and shared when neither *factors* nor *focus*
    is given (:func:`filtered_influences`; copy it to edit). Nodes: the matching factors, each with its
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
    >>> M = filter_influences(G, min_sources=2)
    >>> M.number_of_edges() < filter_influences(G).number_of_edges()
    True
    >>> all(len(strength_index(G)["influences"][a["id"]]["paper_ids"]) >= 2 for _, _, a in M.edges(data=True))
    True
    >>> "self-care" in M, all(strength_index(G)["factors"][n]["papers"] >= 2 for n in M)   # one paper alone
    (False, True)
    >>> B = filter_influences(G, min_countries=2)
    >>> 0 < B.number_of_nodes() < filter_influences(G).number_of_nodes()
    True
    """
    F = filtered_influences(G, Filters.resolve(G, levels=levels, themes=themes, countries=countries, studies=studies,
                                               polarities=polarities, perspectives=perspectives,
                                               min_evidence=min_evidence, include_unevidenced=include_unevidenced,
                                               min_sources=min_sources, min_countries=min_countries))
    if factors is not None:
        F = F.subgraph(set(factors)).copy()
    if focus is not None:
        node = resolve_factor(G, focus)
        return influence_neighbourhood(F, node, depth) if node in F else F.subgraph([]).copy()
    return F


def filtered_influences(G: nx.MultiDiGraph, filters: Filters) -> nx.DiGraph:
    """The influence network under *filters*, made once per graph and filters (see :func:`filter_influences`).

    Parameters
    ----------
    G : the knowledge graph. filters : resolved filters (:meth:`Filters.resolve`).

    Returns
    -------
    A frozen networkx.DiGraph shared by every caller asking with equal filters:
    copy it to edit.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> D = filtered_influences(G, Filters(countries=("NO",)))
    >>> D is filtered_influences(G, Filters.resolve(G, countries=["Norway"])), nx.is_frozen(D)
    (True, True)
    """
    return memo(G, "filtered-influences", filters, lambda: nx.freeze(_filter(G, filters)))


def _filter(G: nx.MultiDiGraph, f: Filters) -> nx.DiGraph:
    D = influence_graph(G)
    filtered = f.has_evidence_filter
    allowed = matching_set(G, f) if filtered else None
    index = factor_evidence_index(G)
    levels, themes = set(f.levels), set(f.themes)
    strengths = strength_index(G) if f.min_sources > 1 else {}
    H = nx.DiGraph(**G.graph)
    for n, a in D.nodes(data=True):
        if levels and a["level"] not in levels or themes and a["theme"] not in themes:
            continue
        if f.min_sources > 1 and strengths["factors"][n]["papers"] < f.min_sources:
            continue
        ev = sorted(index.get(n, ()) if allowed is None else index.get(n, frozenset()) & allowed)
        if f.min_countries > 1 and len(countries_of(G, ev)) < f.min_countries:
            continue
        H.add_node(n, **a, evidence=ev, evidence_count=len(ev))
    for u, v, a in D.edges(data=True):
        if u not in H or v not in H:
            continue
        ev = a["evidence"] if allowed is None else [e for e in a["evidence"] if e in allowed]
        if filtered and not ev or not ev and not f.include_unevidenced or len(ev) < f.min_evidence:
            continue
        if f.min_sources > 1 and strengths["influences"][a["id"]]["papers"] < f.min_sources:
            continue
        if f.min_countries > 1 and len(countries_of(G, ev)) < f.min_countries:
            continue
        H.add_edge(u, v, **(_edge_with_evidence(G, a, ev) if allowed is not None else
                            {**a, "evidence_count": len(ev), "evidence_total": len(ev)}))
    return H


def countries_of(G: nx.MultiDiGraph, evidence: Iterable[str]) -> set[str]:
    """The countries some evidence concerns (as the country filter counts them; "not stated" is none).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> countries_of(G, ["ev-grim-519"]), countries_of(G, [])
    ({'SE'}, set())
    """
    return {c for e in evidence for c in G.nodes[e].get("country_bases", {}) if c != NOT_STATED}


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


@names_errors
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
    strategies that evidence supports and that address a kept factor, the
    studies that report, state or are cited by them, and the countries that
    evidence and those studies concern, with all their edges among these nodes.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> H = select_subgraph(G, countries=["DK"])
    >>> sorted({k for _, k in H.nodes(data="kind")})
    ['country', 'evidence', 'factor', 'level', 'strategy', 'study']
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
    keep |= {s for e in evidence for s, _, r in G.in_edges(e, data="relation")
             if r == "supported_by" and any(f in D for f in G.nodes[s]["addresses"])}
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
