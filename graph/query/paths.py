"""Influence paths: all routes from one factor to another, shortest routes, up- and downstream.

Paths run over the influence network (:func:`graph.influence_graph`). With an
evidence filter (countries, studies, polarities — see :mod:`graph.query.filters`)
only hops evidenced accordingly are used. Granularity ``subtheme`` uses the
influences as recorded (theme → theme and sub-theme → sub-theme edges), and a
theme named as a path's source or target stands for the theme and all its
sub-themes; ``theme`` rolls every influence up into the edge between the two
factors' themes, merging their evidence (:func:`theme_graph`).
:data:`DEFAULT_GRANULARITY` is the default everywhere (API, CLI and app).
"""

from __future__ import annotations

import heapq
import inspect
import random
from collections.abc import Iterable
from itertools import pairwise

import networkx as nx

from graph.data.memo import memo
from graph.query.filters import filter_influences
from graph.query.lookup import names_errors, resolve_factor
from graph.query.strength import filtered_strength

__all__ = [
    "DEFAULT_GRANULARITY",
    "DEFAULT_RANKING",
    "GRANULARITIES",
    "PATH_LIMIT",
    "RANKINGS",
    "RANKING_BEST",
    "RANKING_HELP",
    "RANKING_LABELS",
    "downstream",
    "hop_strength",
    "influence_paths",
    "influence_view",
    "path_record",
    "path_search",
    "rank_routes",
    "shortest_influence_path",
    "theme_graph",
    "upstream",
]

GRANULARITIES = ("subtheme", "theme")

#: The granularity paths use unless told otherwise — in the Python API, the CLI
#: and the app alike. ``subtheme``: every hop of a route is an influence as a
#: paper states it, so a route filtered by country is a chain evidenced hop by
#: hop in that country. Rolled up to themes (``theme``), consecutive hops may
#: rest on evidence about unrelated sub-themes of the theme they share, so a
#: theme route can be a chain no paper describes. Since a theme endpoint stands
#: for its sub-themes too, theme-to-theme questions still find their routes.
DEFAULT_GRANULARITY = "subtheme"

#: How many routes a path query returns unless told otherwise; the rest are counted, not listed.
PATH_LIMIT = 10

#: How routes can be ranked (``rank``): by their weakest hop, by all their evidence, by fewest hops.
RANKINGS = ("weakest", "total", "fewest")

#: The ranking routes get unless told otherwise — in the Python API, the CLI and the app alike. A
#: route is only as well evidenced as its least-evidenced hop: summing evidence over hops favours long
#: chains, whose every added hop adds items, however thin the link that holds the chain together.
DEFAULT_RANKING = "weakest"

#: Each ranking's name on a control (the app's radio items).
RANKING_LABELS = {"weakest": "Weakest hop", "total": "Total evidence", "fewest": "Fewest hops"}

#: What each ranking puts first, for a sentence such as "The 10 routes with the best-evidenced weakest hop".
RANKING_BEST = {"weakest": "the best-evidenced weakest hop", "total": "the most evidence in all",
                "fewest": "the fewest hops"}

#: What each ranking compares, in order, for the help beside a control or in ``--help``.
RANKING_HELP = {
    "weakest": "the papers, then the evidence items, on a route's least-evidenced hop (more first); "
               "then fewer hops, then more distinct evidence in all",
    "total": "the distinct evidence items over all hops (more first; long chains gather more); "
             "then fewer hops, then the weakest hop",
    "fewest": "the number of hops (fewer first); then the weakest hop, then more distinct evidence in all",
}

#: Routes counted one by one before the total is estimated instead (see :func:`path_search`).
COUNT_BUDGET = 5_000

#: Partial routes the best-first search takes up before it stops ranking exactly and completes the
#: routes it holds, deepest first (see :func:`path_search`'s ``ranked``); far above what any query
#: on the bundled data or the K = 10 synthetic package takes (a few hundred at most).
SEARCH_BUDGET = 20_000

#: How many influence views (graph, granularity and filters) are kept per graph, the least recently used going first.
VIEWS_KEPT = 32
#: :func:`filter_influences`'s defaults: a filter given at its default makes the same view as none.
_FILTER_DEFAULTS = {k: p.default for k, p in inspect.signature(filter_influences).parameters.items()
                    if p.default is not inspect.Parameter.empty and p.default is not None}


def theme_graph(D: nx.DiGraph) -> nx.DiGraph:
    """Roll an influence DiGraph up to themes.

    Parameters
    ----------
    D : an influence DiGraph (:func:`graph.influence_graph` or :func:`graph.query.filters.filter_influences`).

    Returns
    -------
    A new networkx.DiGraph whose nodes are the themes in *D* (or whose
    sub-themes are in *D*), with their attributes. An edge A → B exists when
    some influence runs from A or one of its sub-themes to B or one of its
    sub-themes (A ≠ B); it carries the merged ``evidence``, ``studies`` and
    ``countries``, ``influences`` (the rolled-up influence ids), ``basis``,
    ``scope``, ``direction`` and ``evidence_count``.

    Examples
    --------
    >>> from graph import load_graph, influence_graph
    >>> T = theme_graph(influence_graph(load_graph()))
    >>> {"regulatory-political", "hrm-policies", "psw-wellbeing"} <= set(T)
    True
    >>> e = T.edges["regulatory-political", "hrm-policies"]   # a sub-theme's influence rolls up to its theme
    >>> "policy-mandates--hiring-criteria" in e["influences"], e["scope"], e["direction"]
    (True, 'inter-level', 'downward')
    """
    from graph.query.rollup import rolled_up

    return rolled_up(D, None)


@names_errors
def influence_view(G: nx.MultiDiGraph, granularity: str = DEFAULT_GRANULARITY, **filters) -> nx.DiGraph:
    """The influence DiGraph that path queries run on.

    Parameters
    ----------
    G : the knowledge graph. granularity : ``subtheme`` or ``theme`` (default :data:`DEFAULT_GRANULARITY`).
    filters : keyword arguments of :func:`graph.query.filters.filter_influences`.

    Returns
    -------
    :func:`filter_influences` of *G*, rolled up by :func:`theme_graph` for ``theme``:
    frozen and shared, since it is cached per graph and filter state (the last
    32 asked for), so a second query on the same view does no filtering.

    Examples
    --------
    >>> from graph import load_graph
    >>> V = influence_view(load_graph(), "theme")
    >>> all(a["factor_kind"] == "theme" for _, a in V.nodes(data=True))
    True
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")

    def build() -> nx.DiGraph:
        D = filter_influences(G, **filters)
        return nx.freeze(theme_graph(D) if granularity == "theme" else D)

    return memo(G, "influence-view", _view_key(granularity, filters), build, keep=VIEWS_KEPT)


def _view_key(granularity: str, filters: dict) -> tuple:
    """A view's key: its granularity and the filters set to something other than their default."""
    return (granularity, *sorted((k, _frozen(v)) for k, v in filters.items() if v is not None and v != []
                                 and v != () and v != _FILTER_DEFAULTS.get(k)))  # unset or default: no filter


def _frozen(value):
    """A filter value as a hashable key (lists of names become sorted tuples)."""
    if isinstance(value, str) or value is None or isinstance(value, int | float | bool):
        return value
    return tuple(sorted(map(str, value)))


def _endpoint(G: nx.MultiDiGraph, name: str, granularity: str) -> str:
    node = resolve_factor(G, name)
    return G.nodes[node]["theme"] if granularity == "theme" else node


def _family(G: nx.MultiDiGraph, node: str) -> set[str]:
    """*node* and, for a theme, its sub-themes."""
    if G.nodes[node].get("factor_kind") != "theme":
        return {node}
    from graph.data.load import influence_graph

    return {node} | {n for n, theme in influence_graph(G).nodes(data="theme") if theme == node}


def _endpoint_sets(G: nx.MultiDiGraph, V: nx.DiGraph, source: str, target: str,
                   granularity: str) -> tuple[set[str], set[str]]:
    """The factors in *V* a route may start from and end in (empty sets: no route is possible).

    At sub-theme granularity a theme stands for itself and its sub-themes; when
    one endpoint lies within the other's theme, the theme keeps the rest.
    """
    s, t = _endpoint(G, source, granularity), _endpoint(G, target, granularity)
    if s == t:
        return set(), set()
    S, T = ({s}, {t}) if granularity == "theme" else (_family(G, s), _family(G, t))
    if s in T:
        T -= S
    elif t in S:
        S -= T
    return S & set(V), T & set(V)


_START, _END = ("start",), ("end",)  # virtual super-source and super-sink (tuples never clash with factor ids)


def _routes(V: nx.DiGraph, S: set[str], T: set[str]) -> nx.DiGraph:
    """*V*'s edges between a virtual start (→ every factor of *S*) and end (← every factor of *T*).

    Edges into *S* and out of *T* are left out, so a route leaves the source set
    at its first hop and stops as soon as it reaches the target set.
    """
    W = nx.DiGraph()
    W.add_edges_from((u, v) for u, v in V.edges if u not in T and v not in S)
    W.add_edges_from((_START, s) for s in sorted(S))
    W.add_edges_from((t, _END) for t in sorted(T))
    return W


def path_record(V: nx.DiGraph, nodes: list[str]) -> dict:
    """One path as a plain dict: ``nodes``, ``hops`` and ``evidence_count``.

    Each hop has ``source``, ``target``, ``influences`` (the recorded influence
    ids it stands for: one, or several rolled up), ``evidence``, ``studies``
    and ``countries``; pass its ``influences`` to
    :func:`graph.query.strength.influences_strength` for its evidence counts.

    ``evidence_count`` counts distinct evidence ids over all hops.

    Examples
    --------
    >>> from graph import load_graph, influence_graph
    >>> rec = path_record(influence_graph(load_graph()), ["policy-mandates", "hrm-policies", "psw-wellbeing"])
    >>> [(h["source"], h["target"]) for h in rec["hops"]]
    [('policy-mandates', 'hrm-policies'), ('hrm-policies', 'psw-wellbeing')]
    >>> rec["evidence_count"] == len({e for h in rec["hops"] for e in h["evidence"]})
    True
    """
    hops = []
    for u, v in pairwise(nodes):
        a = V.edges[u, v]
        hops.append({"source": u, "target": v, "influences": list(a.get("influences") or [a["id"]]),
                     "evidence": list(a.get("evidence", [])),
                     "studies": list(a.get("studies", [])), "countries": list(a.get("countries", []))})
    evidence = {e for h in hops for e in h["evidence"]}
    return {"nodes": list(nodes), "hops": hops, "evidence_count": len(evidence)}


def hop_strength(G: nx.MultiDiGraph, hop: dict, filtered: bool = False) -> dict:
    """The strength of one hop of a route, as routes are ranked by it.

    Parameters
    ----------
    G : the knowledge graph. hop : a hop of a route record (:func:`path_record`).
    filtered : whether the route was found under an evidence filter (countries,
        studies, polarities); then the hop's ``evidence`` is the filtered part.

    Returns
    -------
    :func:`graph.query.strength.filtered_strength` of the hop: over all the
    evidence of its influences when not *filtered*, else over the evidence the
    filter kept (``papers``: those that report it).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.strength import influences_strength
    >>> G = load_graph()
    >>> p = influence_paths(G, "role-clarity", "staff-readiness", max_hops=1)[0]
    >>> hop_strength(G, p["hops"][0]) == influences_strength(G, p["hops"][0]["influences"])
    True
    >>> dk = influence_paths(G, "role-clarity", "staff-readiness", max_hops=1, countries=["DK"])[0]
    >>> hop_strength(G, dk["hops"][0], filtered=True)["evidence"] == len(dk["hops"][0]["evidence"])
    True
    """
    return filtered_strength(G, hop["influences"], hop["evidence"] if filtered else None)


def _weakest(strengths: list[dict]) -> dict:
    """The least-evidenced hop of a route: fewest papers, then fewest items (the first such hop)."""
    i = min(range(len(strengths)), key=lambda k: (strengths[k]["papers"], strengths[k]["evidence"], k))
    return {"hop": i, "papers": strengths[i]["papers"], "evidence": strengths[i]["evidence"]}


def _with_weakest(G: nx.MultiDiGraph, record: dict, filtered: bool) -> dict:
    """*record* with its ``weakest`` hop (see :func:`path_search`)."""
    return {**record, "weakest": _weakest([hop_strength(G, h, filtered) for h in record["hops"]])}


def _order(ranking: str, weakest: tuple[int, int], edges: int, total: int, nodes) -> tuple:
    """The sort key of a route (smaller first) under *ranking*; every component is what the search bounds."""
    weak = (-weakest[0], -weakest[1])
    if ranking == "weakest":
        return (*weak, edges, -total, nodes)
    if ranking == "total":
        return (-total, edges, *weak, nodes)
    return (edges, *weak, -total, nodes)


def _check_ranking(ranking: str) -> None:
    if ranking not in RANKINGS:
        raise ValueError(f"rank must be one of {', '.join(RANKINGS)}, not {ranking!r}")


def rank_routes(records: Iterable[dict], ranking: str = DEFAULT_RANKING) -> list[dict]:
    """Route records (with their ``weakest`` hop, as :func:`path_search` gives them) in the order of *ranking*.

    Parameters
    ----------
    records : route records. ranking : one of :data:`RANKINGS` (default
        :data:`DEFAULT_RANKING`); what each compares, in order: :data:`RANKING_HELP`.
        Node ids break the last ties.

    Returns
    -------
    A new list, best first.

    Examples
    --------
    >>> a = {"nodes": ["a", "x", "b"], "hops": [{}, {}], "evidence_count": 9, "weakest": {"papers": 1, "evidence": 1}}
    >>> c = {"nodes": ["a", "y", "z", "b"], "hops": [{}, {}, {}], "evidence_count": 6,
    ...      "weakest": {"papers": 2, "evidence": 1}}
    >>> [len(r["hops"]) for r in rank_routes([a, c])], [len(r["hops"]) for r in rank_routes([a, c], "total")]
    ([3, 2], [2, 3])
    """
    _check_ranking(ranking)
    return sorted(records, key=lambda r: _order(ranking, (r["weakest"]["papers"], r["weakest"]["evidence"]),
                                                len(r["hops"]), r["evidence_count"], r["nodes"]))


_OPEN = (1 << 62, 1 << 62)  # the weakest hop of a route with no hop yet: nothing limits it


def _hop_table(G: nx.MultiDiGraph, V: nx.DiGraph, filtered: bool) -> dict[tuple, tuple[tuple[int, int], frozenset]]:
    """Per edge of *V*: its hop's (papers, evidence items) and its evidence ids."""
    table = {}
    for u, v, a in V.edges(data=True):
        s = filtered_strength(G, a.get("influences") or [a["id"]], a.get("evidence", ()) if filtered else None)
        table[u, v] = ((s["papers"], s["evidence"]), frozenset(a.get("evidence", ())))
    return table


def _best_routes(W: nx.DiGraph, hops: dict[tuple, tuple[tuple[int, int], frozenset]], max_edges: int, limit: int,
                 ranking: str, budget: int = SEARCH_BUDGET) -> tuple[list[list], bool]:
    """The *limit* best simple routes from the virtual start to the virtual end of *W* under *ranking*, best first.

    A best-first (A*) search over partial routes. Each partial route's priority
    is its ranking key with every component replaced by a bound no completion
    can beat: the weakest hop so far, capped by the widest way on to the end
    within the edges left; the edges so far plus the fewest still needed; the
    distinct evidence so far plus the most any way on could add; and the nodes
    so far (a prefix sorts before its extensions). A bound component by component
    is a bound of the whole key, so a finished route leaves the heap only when
    no partial route left can complete to a better one: routes come out exactly
    in ranking order, whatever the ranking, not re-sorted from candidates found
    under another order. The bounds follow walks (repeated factors allowed),
    which only loosens them. *hops* is :func:`_hop_table` (virtual edges absent).

    Returns the routes and whether they are exactly the best: past *budget*
    partial routes taken up, the search completes the deepest ones first
    (still each the best-bounded among equally deep ones) and says so.
    """
    R = W.reverse(copy=False)
    hops_to_end = nx.single_source_shortest_path_length(R, _END)
    if hops_to_end.get(_START, max_edges + 1) > max_edges:
        return [], True
    none = ((0, 0), frozenset())

    def strength(u, v) -> tuple[int, int]:
        return hops[u, v][0] if (u, v) in hops else _OPEN

    # widest[h][v], most[h][v]: the best weakest hop and the most evidence items (summed) on a walk v → end of ≤ h edges
    widest: list[dict] = [{_END: _OPEN}]
    most: list[dict] = [{_END: 0}]
    for _ in range(max_edges):
        wd, mo = {_END: _OPEN}, {_END: 0}
        for v in W:
            if v is _END:
                continue
            for x in W.succ[v]:
                if x in widest[-1]:
                    w = min(strength(v, x), widest[-1][x])
                    if v not in wd or w > wd[v]:
                        wd[v] = w
                    m = len(hops.get((v, x), none)[1]) + most[-1][x]
                    if m > mo.get(v, -1):
                        mo[v] = m
        widest.append(wd)
        most.append(mo)

    found: list[list] = []
    tie, taken, exact = 0, 0, True
    heap = [((), 0, (_START,), _OPEN, frozenset())]
    while heap and len(found) < limit:
        taken += 1
        if exact and taken > budget:  # deepest first from now on: every pop takes a route a step nearer its end
            exact = False
            heap = [((-len(e[2]), e[0]), *e[1:]) for e in heap]
            heapq.heapify(heap)
        _, _, route, weak, evidence = heapq.heappop(heap)
        u = route[-1]
        if u is _END:
            found.append(list(route))
            continue
        left = max_edges - len(route)  # edges still allowed after the next one
        for v in W.succ[u]:
            if v in route or hops_to_end.get(v, max_edges + 1) > left:
                continue
            w = min(weak, strength(u, v))
            ev = evidence | hops[u, v][1] if (u, v) in hops else evidence
            step = (*route, v)
            if v is _END:
                key = _order(ranking, w, len(step) - 1, len(ev), step[1:-1])
            else:
                key = _order(ranking, min(w, widest[left][v]), len(step) - 1 + hops_to_end[v],
                             len(ev) + most[left][v], step[1:])
            tie += 1
            heapq.heappush(heap, ((key if exact else (-len(step), key)), tie, step, w, ev))
    return found, exact


def _count_routes(W: nx.DiGraph, max_edges: int, budget: int) -> int | None:
    """The number of simple routes start → end of at most *max_edges* edges, or None past *budget* routes."""
    hops_to_end = nx.single_source_shortest_path_length(W.reverse(copy=False), _END)
    if hops_to_end.get(_START, max_edges + 1) > max_edges:
        return 0
    count, steps = 0, 0
    on_route = {_START}
    stack = [(_START, iter(W.succ[_START]), max_edges)]
    while stack:
        u, nexts, left = stack[-1]
        v = next(nexts, None)
        if v is None:
            stack.pop()
            on_route.discard(u)
            continue
        if v in on_route or hops_to_end.get(v, max_edges + 1) > left - 1:
            continue
        if v is _END:
            count += 1
            if count > budget:
                return None
            continue
        steps += 1
        if steps > 20 * budget:
            return None
        on_route.add(v)
        stack.append((v, iter(W.succ[v]), left - 1))
    return count


def _estimate_routes(W: nx.DiGraph, max_edges: int, probes: int = 400, seed: int = 0) -> int:
    """Knuth's estimate of the number of simple routes start → end of at most *max_edges* edges.

    Each probe walks at random from the start, choosing among the next factors
    that can still reach the end in the hops left; the product of the numbers of
    choices is an unbiased estimate when it reaches the end (0 otherwise).
    """
    hops_to_end = nx.single_source_shortest_path_length(W.reverse(copy=False), _END)
    rng = random.Random(seed)
    total = 0.0
    for _ in range(probes):
        u, on_route, weight, left = _START, {_START}, 1.0, max_edges
        while u is not _END:
            nexts = [v for v in W.succ[u] if v not in on_route and hops_to_end.get(v, max_edges + 1) <= left - 1]
            if not nexts:
                weight = 0.0
                break
            weight *= len(nexts)
            u = rng.choice(nexts)
            on_route.add(u)
            left -= 1
        total += weight
    return int(float(f"{total / probes:.2g}"))


@names_errors
def path_search(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4,
                countries: Iterable[str] | None = None, studies: Iterable[str] | None = None,
                polarities: Iterable[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                limit: int = PATH_LIMIT, count_budget: int = COUNT_BUDGET, min_sources: int = 0,
                rank: str = DEFAULT_RANKING, min_countries: int = 0) -> dict:
    """The best influence routes from *source* to *target*, and how many there are in all.

    Never enumerates every route: a best-first search (:func:`_best_routes`)
    finds the *limit* best routes under *rank*, exactly, in order. The total is
    counted route by route up to *count_budget*, and estimated beyond (Knuth's
    random probes).

    A hop's strength is :func:`hop_strength`: its papers and evidence items,
    over the evidence an evidence filter keeps when one is given. The default
    ranking, ``weakest``, puts first the routes whose least-evidenced hop (fewest
    papers, then fewest items) is best evidenced, then the shorter ones: a
    route is only as well evidenced as its weakest link. ``total`` ranks by
    the distinct evidence over all hops, ``fewest`` by the number of hops
    (:data:`RANKING_HELP` says what breaks ties).

    Parameters
    ----------
    G, source, target, max_hops, countries, studies, polarities, granularity, min_sources, min_countries :
        as for :func:`influence_paths` (routes use only the influences *min_sources* and *min_countries* keep,
        and only those are counted).
    limit : at most this many routes (default :data:`PATH_LIMIT`).
    count_budget : count the routes exactly up to this many, else estimate.
    rank : ``weakest``, ``total`` or ``fewest`` (default :data:`DEFAULT_RANKING`).

    Returns
    -------
    ``{"paths": [route records as in influence_paths], "total": int,
    "exact": bool, "more": int, "rank": str, "ranked": bool}``: ``total`` routes of at most *max_hops* hops
    exist (counted when ``exact``, else an estimate to two significant figures),
    ``more`` = ``total`` minus the routes listed (never below 0), ``rank`` the ranking used;
    ``ranked`` is False only when the search gave up ranking exactly past
    :data:`SEARCH_BUDGET` partial routes (then the routes listed are good ones, in *rank*'s order,
    not certainly the best).

    Raises
    ------
    graph.query.lookup.NotFound for an unknown factor, country or study; ValueError for an unknown *rank*.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> r = path_search(G, "regulatory-political", "psw-wellbeing", max_hops=4, limit=3)
    >>> len(r["paths"]), r["exact"], r["total"] == len(r["paths"]) + r["more"], r["rank"]
    (3, True, True, 'weakest')
    >>> weakest = [(p["weakest"]["papers"], p["weakest"]["evidence"]) for p in r["paths"]]
    >>> weakest == sorted(weakest, reverse=True)
    True
    >>> t = path_search(G, "regulatory-political", "psw-wellbeing", max_hops=4, limit=3, rank="total")
    >>> counts = [p["evidence_count"] for p in t["paths"]]
    >>> counts == sorted(counts, reverse=True)
    True
    """
    _check_ranking(rank)
    V = influence_view(G, granularity, countries=countries, studies=studies, polarities=polarities,
                       min_sources=min_sources, min_countries=min_countries)
    S, T = _endpoint_sets(G, V, source, target, granularity)
    if not S or not T or limit < 1:
        return {"paths": [], "total": 0, "exact": True, "more": 0, "rank": rank, "ranked": True}
    filtered = any((countries, studies, polarities))
    W = _routes(V, S, T)
    max_edges = max_hops + 2
    table = memo(G, "hop-strength", (filtered, _view_key(granularity, {
        "countries": countries, "studies": studies, "polarities": polarities, "min_sources": min_sources,
        "min_countries": min_countries})),
        lambda: _hop_table(G, V, filtered), keep=VIEWS_KEPT)
    routes, ranked = _best_routes(W, table, max_edges, limit, rank)
    paths = rank_routes((_with_weakest(G, path_record(V, p[1:-1]), filtered) for p in routes), rank)
    total = _count_routes(W, max_edges, count_budget)
    exact = total is not None
    if total is None:
        total = max(_estimate_routes(W, max_edges), len(paths) + 1)
    return {"paths": paths, "total": total, "exact": exact, "more": max(0, total - len(paths)), "rank": rank,
            "ranked": ranked}


@names_errors
def influence_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4,
                    countries: Iterable[str] | None = None, studies: Iterable[str] | None = None,
                    polarities: Iterable[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                    limit: int = PATH_LIMIT, min_sources: int = 0, rank: str = DEFAULT_RANKING,
                    min_countries: int = 0) -> list[dict]:
    """The best simple influence paths from *source* to *target* (at most *limit*), best first.

    Parameters
    ----------
    G : the knowledge graph.
    source, target : factors by id, label or alias (typos tolerated).
    max_hops : the longest path, in influence edges.
    countries, studies, polarities : use only hops with evidence matching these.
    granularity : ``subtheme`` (influences as recorded; a theme *source* or
        *target* stands for the theme and its sub-themes, so a route may start
        from or end in any of them) or ``theme`` (rolled up). Default
        :data:`DEFAULT_GRANULARITY`.
    limit : at most this many paths (default :data:`PATH_LIMIT`); :func:`path_search`
        also says how many there are in all.
    min_sources : use only influences at least this many papers state or
        evidence (2: no single-source hop; see :mod:`graph.query.strength`).
    min_countries : use only influences (between factors) whose matching evidence concerns at least this
        many countries (:func:`graph.query.filters.filter_influences`).
    rank : ``weakest`` (default :data:`DEFAULT_RANKING`: the best-evidenced
        least-evidenced hop first, then fewer hops), ``total`` (most distinct
        evidence over all hops first) or ``fewest`` (fewest hops first); see :func:`path_search`.

    Returns
    -------
    A list of ``{"nodes": [ids], "hops": [{"source", "target", "influences",
    "evidence", "studies", "countries"}], "evidence_count": int, "weakest":
    {"hop", "papers", "evidence"}}`` (see :func:`path_record`; ``weakest``: the
    index of the route's least-evidenced hop and its papers and evidence items,
    :func:`hop_strength`), the best *limit* under *rank*. Empty when no path exists.
    ``nodes`` names the factors actually passed, from the actual start to the
    actual end; only the first node is in the source's theme (when it stands
    for one) and only the last in the target's.

    Raises
    ------
    graph.query.lookup.NotFound for an unknown factor, country or study.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> paths = influence_paths(G, "regulatory-political", "psw wellbeing", max_hops=3)
    >>> paths[0]["nodes"][0] in ("regulatory-political", "policy-mandates", "political-commitment")
    True
    >>> all(len(p["hops"]) <= 3 for p in paths), len(paths) <= 10
    (True, True)
    >>> dk = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["DK"])
    >>> dk[0]["nodes"][0]   # the theme stands for its sub-themes: this route starts at one
    'political-commitment'
    >>> all("DK" in h["countries"] for p in dk for h in p["hops"])
    True
    >>> from graph.query.strength import influences_strength
    >>> every = influence_paths(G, "leadership-supervision", "team-relationships")
    >>> corroborated = influence_paths(G, "leadership-supervision", "team-relationships", min_sources=2)
    >>> 0 < len(corroborated) < len(every)
    True
    >>> all(influences_strength(G, h["influences"])["papers"] >= 2 for p in corroborated for h in p["hops"])
    True
    """
    return path_search(G, source, target, max_hops=max_hops, countries=countries, studies=studies,
                       polarities=polarities, granularity=granularity, limit=limit,
                       min_sources=min_sources, rank=rank, min_countries=min_countries)["paths"]


def shortest_influence_path(G: nx.MultiDiGraph, source: str, target: str, *,
                            countries: Iterable[str] | None = None, studies: Iterable[str] | None = None,
                            polarities: Iterable[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                            min_sources: int = 0, min_countries: int = 0) -> dict | None:
    """The shortest influence path (most evidence among equally short ones), or ``None``.

    Parameters and the returned dict are as in :func:`influence_paths` (a theme
    endpoint stands for its sub-themes too at sub-theme granularity), with no hop limit.

    Examples
    --------
    >>> from graph import load_graph
    >>> p = shortest_influence_path(load_graph(), "Macro socio-cultural factors", "psw-wellbeing")
    >>> p["nodes"][0], p["nodes"][-1], len(p["hops"]) >= 1
    ('macro-sociocultural', 'psw-wellbeing', True)
    """
    V = influence_view(G, granularity, countries=countries, studies=studies, polarities=polarities,
                       min_sources=min_sources, min_countries=min_countries)
    S, T = _endpoint_sets(G, V, source, target, granularity)
    if not S or not T:
        return None
    W = _routes(V, S, T)
    if not nx.has_path(W, _START, _END):
        return None
    filtered = any((countries, studies, polarities))
    return rank_routes((_with_weakest(G, path_record(V, p[1:-1]), filtered)
                        for p in nx.all_shortest_paths(W, _START, _END)), "total")[0]


def _reach(G: nx.MultiDiGraph, x: str, max_hops: int | None, reverse: bool, granularity: str,
           filters: dict) -> dict[str, int]:
    V = influence_view(G, granularity, **filters)
    node = _endpoint(G, x, granularity)
    if node not in V:
        return {}
    dist = nx.single_source_shortest_path_length(V.reverse(copy=False) if reverse else V, node, cutoff=max_hops)
    dist.pop(node, None)
    return dict(sorted(dist.items(), key=lambda kv: (kv[1], kv[0])))


@names_errors
def upstream(G: nx.MultiDiGraph, x: str, max_hops: int | None = None, *, granularity: str = DEFAULT_GRANULARITY,
             **filters) -> dict[str, int]:
    """Every factor that can reach *x* through influences, with its distance in hops.

    Parameters
    ----------
    G : the knowledge graph. x : a factor (id, label or alias).
    max_hops : the farthest distance (``None``: no limit).
    granularity : ``subtheme`` or ``theme`` (default :data:`DEFAULT_GRANULARITY`). filters : as for :func:`graph.query.filters.filter_influences`.

    Returns
    -------
    ``{factor id: distance}`` ordered by distance then id; *x* itself is left out.

    Examples
    --------
    >>> from graph import load_graph
    >>> up = upstream(load_graph(), "psw-wellbeing")
    >>> up["hrm-policies"], up["team-relationships"], "psw-wellbeing" in up
    (1, 1, False)
    """
    return _reach(G, x, max_hops, True, granularity, filters)


@names_errors
def downstream(G: nx.MultiDiGraph, x: str, max_hops: int | None = None, *, granularity: str = DEFAULT_GRANULARITY,
               **filters) -> dict[str, int]:
    """Every factor that *x* can reach through influences, with its distance in hops.

    Parameters and return as for :func:`upstream`.

    Examples
    --------
    >>> from graph import load_graph
    >>> down = downstream(load_graph(), "regulatory-political", max_hops=2)
    >>> down["hrm-policies"], down["psw-wellbeing"]
    (1, 2)
    """
    return _reach(G, x, max_hops, False, granularity, filters)
