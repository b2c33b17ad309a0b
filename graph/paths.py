"""Influence paths: all routes from one factor to another, shortest routes, up- and downstream.

Paths run over the influence network (:func:`graph.influence_graph`). With an
evidence filter (countries, studies, polarities — see :mod:`graph.subgraph`)
only hops evidenced accordingly are used. Granularity ``subtheme`` uses the
influences as recorded (theme → theme and sub-theme → sub-theme edges), and a
theme named as a path's source or target stands for the theme and all its
sub-themes; ``theme`` rolls every influence up into the edge between the two
factors' themes, merging their evidence (:func:`theme_graph`).
:data:`DEFAULT_GRANULARITY` is the default everywhere (API, CLI and app).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

import networkx as nx

from .lookup import resolve_factor
from .subgraph import filter_influences

__all__ = [
    "DEFAULT_GRANULARITY",
    "GRANULARITIES",
    "downstream",
    "influence_paths",
    "influence_view",
    "path_record",
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


def theme_graph(D: nx.DiGraph) -> nx.DiGraph:
    """Roll an influence DiGraph up to themes.

    Parameters
    ----------
    D : an influence DiGraph (:func:`graph.influence_graph` or :func:`graph.subgraph.filter_influences`).

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
    from .rollup import rolled_up

    return rolled_up(D, None)


def influence_view(G: nx.MultiDiGraph, granularity: str = DEFAULT_GRANULARITY, **filters) -> nx.DiGraph:
    """The influence DiGraph that path queries run on.

    Parameters
    ----------
    G : the knowledge graph. granularity : ``subtheme`` or ``theme`` (default :data:`DEFAULT_GRANULARITY`).
    filters : keyword arguments of :func:`graph.subgraph.filter_influences`.

    Returns
    -------
    :func:`filter_influences` of *G*, rolled up by :func:`theme_graph` for ``theme``.

    Examples
    --------
    >>> from graph import load_graph
    >>> V = influence_view(load_graph(), "theme")
    >>> all(a["factor_kind"] == "theme" for _, a in V.nodes(data=True))
    True
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")
    D = filter_influences(G, **filters)
    return theme_graph(D) if granularity == "theme" else D


def _endpoint(G: nx.MultiDiGraph, name: str, granularity: str) -> str:
    node = resolve_factor(G, name)
    return G.nodes[node]["theme"] if granularity == "theme" else node


def _family(G: nx.MultiDiGraph, node: str) -> set[str]:
    """*node* and, for a theme, its sub-themes."""
    if G.nodes[node].get("factor_kind") != "theme":
        return {node}
    return {node} | {n for n, a in G.nodes(data=True) if a.get("kind") == "factor" and a.get("theme") == node}


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
    :func:`graph.strength.influences_strength` for its evidence counts.

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


def _rank(records: Iterable[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (len(r["hops"]), -r["evidence_count"], r["nodes"]))


def influence_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4,
                    countries: Iterable[str] | None = None, studies: Iterable[str] | None = None,
                    polarities: Iterable[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                    min_sources: int = 0) -> list[dict]:
    """Every simple influence path from *source* to *target*, best first.

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
    min_sources : use only influences at least this many papers state or
        evidence (2: no single-source hop; see :mod:`graph.strength`).

    Returns
    -------
    A list of ``{"nodes": [ids], "hops": [{"source", "target", "evidence",
    "studies", "countries"}], "evidence_count": int}``, ranked by fewest hops,
    then most distinct evidence, then node ids. Empty when no path exists.
    ``nodes`` names the factors actually passed, from the actual start to the
    actual end; only the first node is in the source's theme (when it stands
    for one) and only the last in the target's.

    Raises
    ------
    graph.lookup.NotFound for an unknown factor, country or study.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> paths = influence_paths(G, "regulatory-political", "psw wellbeing", max_hops=3)
    >>> paths[0]["nodes"][0], paths[0]["nodes"][-1]
    ('regulatory-political', 'psw-wellbeing')
    >>> all(len(p["hops"]) <= 3 for p in paths)
    True
    >>> dk = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["DK"])
    >>> dk[0]["nodes"]   # the theme stands for its sub-themes: this route starts at one
    ['political-commitment', 'change-management-model', 'psw-wellbeing']
    >>> all("DK" in h["countries"] for p in dk for h in p["hops"])
    True
    >>> from graph.strength import influences_strength
    >>> every = influence_paths(G, "leadership-supervision", "team-relationships")
    >>> corroborated = influence_paths(G, "leadership-supervision", "team-relationships", min_sources=2)
    >>> 0 < len(corroborated) < len(every)
    True
    >>> all(influences_strength(G, h["influences"])["papers"] >= 2 for p in corroborated for h in p["hops"])
    True
    """
    V = influence_view(G, granularity, countries=countries, studies=studies, polarities=polarities,
                       min_sources=min_sources)
    S, T = _endpoint_sets(G, V, source, target, granularity)
    if not S or not T:
        return []
    routes = nx.all_simple_paths(_routes(V, S, T), _START, _END, cutoff=max_hops + 2)
    return _rank(path_record(V, p[1:-1]) for p in routes)


def shortest_influence_path(G: nx.MultiDiGraph, source: str, target: str, *,
                            countries: Iterable[str] | None = None, studies: Iterable[str] | None = None,
                            polarities: Iterable[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                            min_sources: int = 0) -> dict | None:
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
                       min_sources=min_sources)
    S, T = _endpoint_sets(G, V, source, target, granularity)
    if not S or not T:
        return None
    W = _routes(V, S, T)
    if not nx.has_path(W, _START, _END):
        return None
    return _rank(path_record(V, p[1:-1]) for p in nx.all_shortest_paths(W, _START, _END))[0]


def _reach(G: nx.MultiDiGraph, x: str, max_hops: int | None, reverse: bool, granularity: str,
           filters: dict) -> dict[str, int]:
    V = influence_view(G, granularity, **filters)
    node = _endpoint(G, x, granularity)
    if node not in V:
        return {}
    dist = nx.single_source_shortest_path_length(V.reverse(copy=False) if reverse else V, node, cutoff=max_hops)
    dist.pop(node, None)
    return dict(sorted(dist.items(), key=lambda kv: (kv[1], kv[0])))


def upstream(G: nx.MultiDiGraph, x: str, max_hops: int | None = None, *, granularity: str = DEFAULT_GRANULARITY,
             **filters) -> dict[str, int]:
    """Every factor that can reach *x* through influences, with its distance in hops.

    Parameters
    ----------
    G : the knowledge graph. x : a factor (id, label or alias).
    max_hops : the farthest distance (``None``: no limit).
    granularity : ``subtheme`` or ``theme`` (default :data:`DEFAULT_GRANULARITY`). filters : as for :func:`graph.subgraph.filter_influences`.

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
