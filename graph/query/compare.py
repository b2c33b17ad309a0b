"""Cross-country comparison: each country's evidenced influences, shared and unique, along a pathway.

A country's influence subgraph holds the influences with evidence concerning
that country (directly, or through a cited study's country — see
:mod:`graph.query.filters`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graph.data.load import influence_graph
from graph.data.memo import memo
from graph.data.vocabulary import NOT_STATED, POLARITIES
from graph.query.filters import evidence_countries
from graph.query.lookup import names_errors, one_or_many, resolve_country

# the matrix lived here before 0.2; its names stay importable from this module
from graph.query.matrix import MatrixCounts, evidence_matrix, matrix_counts, pivot_matrix
from graph.query.paths import DEFAULT_GRANULARITY, DEFAULT_RANKING, PATH_LIMIT, influence_paths, influence_view

__all__ = ["POLARITIES", "MatrixCounts", "compare_countries", "comparison_evidence", "country_views", "evidence_matrix", "matrix_counts", "pathway_country_matrix",
           "pivot_matrix"]


def _country_codes(G: nx.MultiDiGraph, countries: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(c if c == NOT_STATED else resolve_country(G, c) for c in one_or_many(countries)))
    if len(codes) < 2:
        raise ValueError(f"compare needs at least two different countries, got {codes}")
    return codes


@names_errors
def compare_countries(G: nx.MultiDiGraph, countries: Iterable[str], *, presence: bool = False, min_shared: int = 0,
                      **filters) -> dict:
    """Each country's evidenced influences, those shared by all, and those unique to one.

    Parameters
    ----------
    G : the knowledge graph.
    countries : two or more ISO codes or names (duplicates collapse); :data:`graph.query.filters.NOT_STATED`
        compares the evidence that concerns no country.
    filters : other keyword arguments of :func:`graph.query.filters.filter_influences`
        (levels, themes, studies, polarities, perspectives, min_evidence, ``min_sources``: only factors and
        influences at least so many papers state or evidence), plus ``granularity`` (``subtheme`` or ``theme``).
    presence : also return ``presence`` (below).
    min_shared : keep only the influences evidenced in at least this many of the chosen countries
        (breadth within the comparison; 0 and 1 keep every one).

    Returns
    -------
    ``{"countries": [codes], "per_country": {code: {"edges": [[source, target], ...]}},
    "shared": [[source, target], ...], "unique": {code: [[source, target], ...]}}``
    (with *presence* also ``"presence": [{"source", "target", "countries": [codes]}, ...]``);
    every edge list sorted. *Shared* edges are evidenced in every country;
    a country's *unique* edges in that country only. ``presence`` lists every
    influence evidenced in any of them with the countries evidencing it (in
    the order given), by status — shared by all first, then those in more
    countries, those only in one last; within one set of countries by the
    influence's label ("source label → target label").

    Raises
    ------
    graph.query.lookup.NotFound for an unknown country; ValueError for fewer than two.

    Examples
    --------
    >>> from graph import load_graph
    >>> r = compare_countries(load_graph(), ["SE", "Norway", "DK"])
    >>> r["countries"], sorted(r)
    (['SE', 'NO', 'DK'], ['countries', 'per_country', 'shared', 'unique'])
    >>> p = compare_countries(load_graph(), ["SE", "NO", "DK"], granularity="theme", presence=True)["presence"]
    >>> p[0]["countries"]   # shared by all first
    ['SE', 'NO', 'DK']
    >>> [len(x["countries"]) for x in p] == sorted((len(x["countries"]) for x in p), reverse=True)
    True
    >>> ["role-clarity", "staff-readiness"] in r["shared"]
    True
    >>> compare_countries(load_graph(), ["SE", NOT_STATED])["countries"]
    ['SE', 'not-stated']
    >>> w = compare_countries(load_graph(), ["SE", "NO", "DK"], granularity="theme", presence=True, min_shared=2)
    >>> 0 < len(w["presence"]) < len(p) and all(len(x["countries"]) >= 2 for x in w["presence"])
    True
    >>> papers = compare_countries(load_graph(), ["SE", "NO"], min_sources=2)["per_country"]["SE"]["edges"]
    >>> 0 < len(papers) < len(r["per_country"]["SE"]["edges"])
    True
    >>> all(e in r["per_country"]["NO"]["edges"] and e not in r["per_country"]["SE"]["edges"]
    ...     for e in r["unique"]["NO"])
    True
    """
    codes = _country_codes(G, countries)
    granularity = filters.pop("granularity", "subtheme")
    filters = {k: v for k, v in filters.items() if v not in (None, [], (), 0)}
    if filters or NOT_STATED in codes:
        edges = {c: set(influence_view(G, granularity, countries=[c], **filters).edges) for c in codes}
    else:  # no other filter: each country's influences read from one index, no filtered view built per country
        index = _country_edges(G, granularity)
        edges = {c: set(index.get(c, ())) for c in codes}
    if min_shared > 1:
        times = Counter(e for c in codes for e in edges[c])
        edges = {c: {e for e in edges[c] if times[e] >= min_shared} for c in codes}
    shared = set.intersection(*edges.values())
    unique = {c: edges[c] - set().union(*(edges[o] for o in codes if o != c)) for c in codes}

    def as_list(es: set) -> list[list[str]]:
        return [list(e) for e in sorted(es)]

    def label(n: str) -> str:
        return G.nodes[n].get("label", n) if n in G else n

    result = {"countries": codes, "per_country": {c: {"edges": as_list(edges[c])} for c in codes},
              "shared": as_list(shared), "unique": {c: as_list(unique[c]) for c in codes}}
    if not presence:
        return result
    rows = [{"source": u, "target": v, "countries": [c for c in codes if (u, v) in edges[c]]}
            for u, v in set().union(*edges.values())]
    rows.sort(key=lambda p: (-len(p["countries"]), [codes.index(c) for c in p["countries"]],
                                 f"{label(p['source'])} → {label(p['target'])}".casefold(), p["source"], p["target"]))
    return {**result, "presence": rows}


@names_errors
def country_views(G: nx.MultiDiGraph, result: dict, granularity: str = "subtheme",
                  **filters) -> dict[str, nx.DiGraph]:
    """Each country's influence view as a comparison shows it: the influences *result* keeps for that country.

    Parameters
    ----------
    G : the knowledge graph. result : what :func:`compare_countries` returned.
    granularity, filters : as given to :func:`compare_countries` (``min_shared`` aside).

    Returns
    -------
    ``{code: networkx.DiGraph}`` in the order of ``result["countries"]``: the country's
    :func:`graph.query.paths.influence_view` (its factors, with their evidence from that country) without
    the influences the comparison left out (e.g. evidenced in too few of the chosen countries). Copies.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> r = compare_countries(G, ["SE", "NO", "DK"], granularity="theme", min_shared=3)
    >>> V = country_views(G, r, "theme")
    >>> list(V), sorted(map(list, V["NO"].edges)) == r["shared"]
    (['SE', 'NO', 'DK'], True)
    """
    filters = {k: v for k, v in filters.items() if v not in (None, [], (), 0)}
    out = {}
    for c in result["countries"]:
        V = influence_view(G, granularity, countries=[c], **filters).copy()
        kept = {tuple(e) for e in result["per_country"][c]["edges"]}
        V.remove_edges_from([e for e in list(V.edges) if e not in kept])
        out[c] = V
    return out


@names_errors
def comparison_evidence(G: nx.MultiDiGraph, countries: Iterable[str], *, min_shared: int = 0,
                        **filters) -> list[str]:
    """The evidence a comparison holds: each country's evidence on the factors and influences of its panel.

    Parameters
    ----------
    G : the knowledge graph.
    countries, min_shared, filters : as for :func:`compare_countries` (``granularity`` included).

    Returns
    -------
    The evidence ids, sorted: what a deck or summary of the comparison quotes and cites.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> ids = comparison_evidence(G, ["SE", "NO"], granularity="theme")
    >>> len(ids) > 100, all(G.nodes[e]["kind"] == "evidence" for e in ids)
    (True, True)
    """
    granularity = filters.pop("granularity", "subtheme")
    result = compare_countries(G, countries, granularity=granularity, min_shared=min_shared, **filters)
    ids: set[str] = set()
    for V in country_views(G, result, granularity, **filters).values():
        ids.update(e for _, a in V.nodes(data=True) for e in a.get("evidence", []))
        ids.update(e for _, _, a in V.edges(data=True) for e in a.get("evidence", []))
    return sorted(ids)


def _country_edges(G: nx.MultiDiGraph, granularity: str) -> dict[str, frozenset[tuple[str, str]]]:
    """Per country, the influences (at *granularity*) some evidence concerning it supports; once per graph.

    The same edges as ``influence_view(G, granularity, countries=[code]).edges``, read from each
    influence's ``countries`` in one pass (themes: an influence between two themes' members counts for them).
    """
    def build() -> dict[str, frozenset[tuple[str, str]]]:
        D = influence_graph(G)
        out: dict[str, set[tuple[str, str]]] = {}
        for u, v, a in D.edges(data=True):
            if granularity == "theme":
                u, v = D.nodes[u]["theme"], D.nodes[v]["theme"]
                if u == v:
                    continue
            for c in a["countries"]:
                out.setdefault(c, set()).add((u, v))
        return {c: frozenset(es) for c, es in out.items()}
    return memo(G, "country-edges", granularity, build)


@names_errors
def pathway_country_matrix(G: nx.MultiDiGraph, source: str, target: str, countries: Iterable[str],
                           max_hops: int = 4, *, granularity: str = DEFAULT_GRANULARITY,
                           limit: int = PATH_LIMIT, rank: str = DEFAULT_RANKING,
                           min_sources: int = 0) -> list[dict]:
    """For each influence path from *source* to *target*: which countries evidence each hop.

    Parameters
    ----------
    G : the knowledge graph. source, target : factors (id, label or alias).
    countries : ISO codes or names (one or more). max_hops : the longest path.
    limit : at most this many paths (default :data:`graph.query.paths.PATH_LIMIT`).
    granularity : ``subtheme`` or ``theme`` (default :data:`graph.query.paths.DEFAULT_GRANULARITY`); as in
        :func:`graph.query.paths.influence_paths`, at ``subtheme`` a theme endpoint stands for the theme
        and its sub-themes.
    rank : how the paths are ranked (default :data:`graph.query.paths.DEFAULT_RANKING`, the weakest hop
        first; see :func:`graph.query.paths.path_search`), over all their evidence.
    min_sources : use only hops at least this many papers state or evidence (as the path finder).

    Returns
    -------
    One dict per path (the best *limit*, ranked as in :func:`graph.query.paths.influence_paths`):
    ``{"nodes": [ids], "hops": [{"source", "target", "countries": {code: [evidence ids]}}],
    "coverage": {code: number of hops with evidence}, "complete": [codes evidencing every hop]}``.

    Examples
    --------
    >>> from graph import load_graph
    >>> rows = pathway_country_matrix(load_graph(), "policy-mandates", "psw-wellbeing", ["SE", "NO"], max_hops=3)
    >>> rows[0]["nodes"][0], rows[0]["nodes"][-1] in ("psw-wellbeing", "self-care"), list(rows[0]["coverage"])
    ('policy-mandates', True, ['SE', 'NO'])
    >>> len(rows) <= 10 and [r["nodes"] for r in rows] == [p["nodes"] for p in influence_paths(
    ...     load_graph(), "policy-mandates", "psw-wellbeing", max_hops=3)]   # the best-ranked first
    True
    >>> all(r["coverage"][c] == len(r["hops"]) for r in rows for c in r["complete"])
    True
    """
    codes = list(dict.fromkeys(resolve_country(G, c) for c in one_or_many(countries)))
    rows = []
    for p in influence_paths(G, source, target, max_hops=max_hops, granularity=granularity, limit=limit, rank=rank,
                             min_sources=min_sources):
        hops = []
        for h in p["hops"]:
            per = {c: [e for e in h["evidence"] if c in evidence_countries(G, e)] for c in codes}
            hops.append({"source": h["source"], "target": h["target"], "countries": per})
        coverage = {c: sum(1 for h in hops if h["countries"][c]) for c in codes}
        rows.append({"nodes": p["nodes"], "hops": hops, "coverage": coverage,
                     "complete": [c for c in codes if coverage[c] == len(hops)]})
    return rows
