"""Roll sub-themes up into their themes, except the themes a user has opened.

The explorer opens on the nine themes of the framework with their rolled-up
influences (readable at a glance); a theme the user expands shows its
sub-themes and the influences as recorded. :func:`rolled_up` builds that view
from any filtered influence DiGraph (:func:`graph.query.filters.filter_influences`).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.data.build import influence_direction

__all__ = ["ALL_THEMES", "rolled_influence_details", "rolled_up", "view_theme"]

#: ``expand`` value that opens every theme (the influences exactly as recorded).
ALL_THEMES = "*"


def view_theme(D: nx.DiGraph, node: str, expand: Iterable[str]) -> str:
    """The node that stands for *node* in the rolled-up view: itself, or its theme when that is closed.

    >>> from graph import load_graph, influence_graph
    >>> D = influence_graph(load_graph())
    >>> view_theme(D, "self-care", []), view_theme(D, "self-care", ["psw-wellbeing"]), view_theme(D, "self-care", "*")
    ('psw-wellbeing', 'self-care', 'self-care')
    """
    a = D.nodes[node]
    if a.get("factor_kind") == "theme" or expand == ALL_THEMES or a["theme"] in set(expand):
        return node
    return a["theme"]


def _theme_attrs(D: nx.DiGraph, G: nx.MultiDiGraph | None, theme: str, member: dict) -> dict:
    """Attributes of *theme* in a view: from *D*, else *G*, else the little a member tells of it."""
    if theme in D:
        base = D.nodes[theme]
    elif G is not None and theme in G:
        base = G.nodes[theme]
    else:
        base = {"theme": theme, "level": member["level"], "level_rank": member["level_rank"], "factor_kind": "theme"}
    return {k: v for k, v in base.items() if k not in ("evidence", "evidence_count")}


def rolled_up(D: nx.DiGraph, G: nx.MultiDiGraph | None, expand: Iterable[str] | str = (), *,
              hide_empty: bool = False) -> nx.DiGraph:
    """The view of *D* with closed themes standing for their sub-themes.

    Parameters
    ----------
    D : an influence DiGraph whose nodes carry ``evidence`` (e.g. from
        :func:`graph.query.filters.filter_influences`).
    G : the knowledge graph (attributes of themes that *D* leaves out), or
        ``None``: such a theme then gets its id, level and rank only.
    expand : theme ids shown with their sub-themes, or :data:`ALL_THEMES`.
    hide_empty : drop factors with no evidence and no influence in the view
        (used under an evidence filter, where such a factor says nothing).

    Returns
    -------
    A new networkx.DiGraph. A closed theme's node carries the evidence of
    itself and its sub-themes in *D* and ``members`` (the factors of *D* it
    stands for). An open theme whose own node *D* left out (a filter kept only
    some of its sub-themes) is added with ``container=True`` so its sub-themes
    keep their box. Edges merge the influences they roll up: ``influences``,
    ``evidence``, ``countries``, ``studies``, ``basis``, ``evidence_count``,
    with ``scope`` and ``direction`` from the two ends' levels.

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import filter_influences
    >>> G = load_graph()
    >>> V = rolled_up(filter_influences(G), G)
    >>> sorted({a["factor_kind"] for _, a in V.nodes(data=True)}), V.number_of_nodes()
    (['theme'], 9)
    >>> "policy-mandates--hiring-criteria" in V.edges["regulatory-political", "hrm-policies"]["influences"]
    True
    >>> O = rolled_up(filter_influences(G), G, ["psw-wellbeing"])
    >>> {"self-care", "emotional-involvement", "psw-wellbeing"} <= set(O), O.number_of_nodes()
    (True, 11)
    >>> rolled_up(filter_influences(G), G, ALL_THEMES).number_of_nodes() == filter_influences(G).number_of_nodes()
    True
    """
    V = nx.DiGraph(**D.graph)
    opened = expand if expand == ALL_THEMES else set(expand)
    reps = {n: view_theme(D, n, opened) for n in D}
    evidence: dict[str, dict[str, None]] = {}  # ordered sets
    for n, a in D.nodes(data=True):
        rep = reps[n]
        if rep not in V:
            V.add_node(rep, **_theme_attrs(D, G, rep, a), members=[], container=False)
            evidence[rep] = dict.fromkeys(D.nodes[rep].get("evidence", [])) if rep in D else {}
        V.nodes[rep]["members"].append(n)
        if rep != n:
            evidence[rep].update(dict.fromkeys(a.get("evidence", [])))
    for rep, ev in evidence.items():
        V.nodes[rep]["evidence"] = list(ev)
    for n, a in list(V.nodes(data=True)):  # an open theme keeps its box around the sub-themes shown
        if a.get("factor_kind") == "subtheme" and a["theme"] not in V:
            V.add_node(a["theme"], **_theme_attrs(D, G, a["theme"], a), evidence=[], members=[], container=True)
    merged: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
    for u, v, a in sorted(D.edges(data=True), key=lambda e: (e[0], e[1])):
        ru, rv = reps[u], reps[v]
        if ru == rv:
            continue
        if not V.has_edge(ru, rv):
            rank_u, rank_v = V.nodes[ru]["level_rank"], V.nodes[rv]["level_rank"]
            V.add_edge(ru, rv, id=f"{ru}--{rv}", influences=[], basis=[],
                       scope="intra-level" if rank_u == rank_v else "inter-level",
                       direction=influence_direction(rank_u, rank_v))
            merged[(ru, rv)] = {"evidence": {}, "studies": {}, "countries": {}}
        e, m = V.edges[ru, rv], merged[(ru, rv)]
        e["influences"].append(a["id"])
        for key in ("evidence", "studies", "countries"):
            m[key].update(dict.fromkeys(a.get(key, [])))
        if a.get("basis") and a["basis"] not in e["basis"]:
            e["basis"].append(a["basis"])
    for (u, v), m in merged.items():
        e = V.edges[u, v]
        e["evidence"], e["studies"], e["countries"] = list(m["evidence"]), list(m["studies"]), sorted(m["countries"])
        e["evidence_count"] = len(e["evidence"])
    for _, a in V.nodes(data=True):
        a["evidence_count"] = len(a["evidence"])
    if hide_empty:
        themes_with_parts = {a.get("theme") for n, a in V.nodes(data=True) if a.get("theme") != n}
        empty = [n for n, a in V.nodes(data=True) if not a["evidence_count"] and not V.degree(n)
                 and n not in themes_with_parts]
        V.remove_nodes_from(empty)
    return V


def rolled_influence_details(G: nx.MultiDiGraph, source: str, target: str,
                             expand: Iterable[str] | str = ()) -> dict:
    """What the details panel shows for the line *source* → *target* of a rolled-up view.

    Parameters
    ----------
    G : the knowledge graph. source, target : two nodes of the view.
    expand : the open themes of the view (see :func:`rolled_up`).

    Returns
    -------
    :func:`graph.query.details.influence_details` keys (``source_label``,
    ``target_label``, ``scope``, ``direction``, ``evidence``, ``groups`` …) for
    the union of the influences the line rolls up (``strength`` over all of
    them, ``limitations`` of their papers or tagged to the factors they join,
    ``gaps`` concerning those factors), plus ``parts``: one summary
    per influence as recorded (``source``, ``target``, labels,
    ``evidence_count``). Raises ``KeyError`` when no influence rolls up into it.

    Examples
    --------
    >>> from graph import load_graph
    >>> d = rolled_influence_details(load_graph(), "regulatory-political", "hrm-policies")
    >>> len(d["parts"]) > 1, d["scope"], any(p["source"] == "policy-mandates" for p in d["parts"])
    (True, 'inter-level', True)
    """
    from graph.data.load import influence_graph
    from graph.query.details import (
        evidence_records,
        gaps_about,
        group_by_country_and_study,
        influence_details,
        limitation_groups,
    )
    from graph.query.strength import influences_strength, limitations_of

    D = influence_graph(G)
    if source not in D or target not in D:
        raise KeyError(f"{source} -> {target}")
    parts = []
    for u, v in sorted(D.edges):
        if view_theme(D, u, expand) == source and view_theme(D, v, expand) == target:
            parts.append(influence_details(G, u, v))
    if not parts:
        raise KeyError(f"{source} -> {target}")
    evidence = list(dict.fromkeys(r["id"] for p in parts for r in p["evidence"]))
    records = evidence_records(G, evidence)
    rank_s, rank_t = D.nodes[source]["level_rank"], D.nodes[target]["level_rank"]
    direct = next((p for p in parts if (p["source"], p["target"]) == (source, target)), None)
    ids = [i for p in parts for i in p["ids"]]
    strength = influences_strength(G, ids)
    ends = sorted({f for p in parts for f in (p["source"], p["target"])})
    return {
        "ids": ids, "source": source, "target": target,
        "source_label": D.nodes[source]["label"], "target_label": D.nodes[target]["label"],
        "stated_by": direct["stated_by"] if direct else None, "basis": direct["basis"] if direct else "",
        "scope": "intra-level" if rank_s == rank_t else "inter-level",
        "direction": influence_direction(rank_s, rank_t),
        "description": direct["description"] if direct else "",
        "parts": [{"source": p["source"], "target": p["target"], "source_label": p["source_label"],
                   "target_label": p["target_label"], "evidence_count": len(p["evidence"])} for p in parts],
        "evidence": records, "groups": group_by_country_and_study(records), "strength": strength,
        "limitations": limitation_groups(G, limitations_of(G, strength["paper_ids"], ends)),
        "gaps": gaps_about(G, ends),
    }
