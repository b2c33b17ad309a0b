"""Build the knowledge graph from validated tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from sys import intern
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph.data.cells import split_list
from graph.data.strategies import add_strategy_nodes
from graph.data.vocabulary import is_limitation

__all__ = ["add_edges", "add_nodes", "build_graph", "evidence_country_bases", "influence_direction", "is_limitation",
           "merge_country_bases"]

CITED_TITLE = "cited study title"

#: Columns whose few values the evidence rows repeat, interned as the lists of ids are (see _LIST_ATTRS): each value
#: is one string in memory, shared by every row, list and adjacency dict that names it, not one copy per cell.
_INTERNED = {"study", "polarity", "perspective", "section", "country_basis", "evidence_type"}

_LIST_ATTRS = {"aliases", "countries", "factors", "influences", "cites", "study_themes", "levels"}


def _attrs(row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A row as node attributes: '|'-lists split, empty cells ``""``, ``_row`` and *skip* left out.

    >>> _attrs({"_row": 2, "id": "a", "aliases": "x|y", "note": None})
    {'id': 'a', 'aliases': ['x', 'y'], 'note': ''}
    """
    out = {key: "" if value is None else value for key, value in row.items()}
    del out["_row"]
    for key in _INTERNED.intersection(out):
        if type(value := out[key]) is str:
            out[key] = intern(value)
    for key in skip:
        out.pop(key, None)
    for key in _LIST_ATTRS.intersection(out):
        out[key] = list(map(intern, split_list(row[key])))
    return out


def influence_direction(source_rank: int, target_rank: int) -> str:
    """Direction of an influence from the ranks of its two levels (1 = macro).

    >>> influence_direction(1, 3), influence_direction(3, 2), influence_direction(2, 2)
    ('downward', 'upward', 'lateral')
    """
    if source_rank < target_rank:
        return "downward"
    if source_rank > target_rank:
        return "upward"
    return "lateral"


def evidence_country_bases(row: dict[str, Any], study_countries: dict[str, list[str]]) -> dict[str, str]:
    """The countries an evidence row concerns, each with the basis of the attribution.

    The row's own countries (basis ``text`` or ``setting``) come first; only when
    it names none does it take the countries named in the titles of the studies
    it cites (basis ``cited study title``), so that a finding the text places in
    Canada is not also attributed to a country in a cited study's title.

    >>> evidence_country_bases({"countries": "CA", "country_basis": "text", "cites": "m-2019"}, {"m-2019": ["CA", "NO"]})
    {'CA': 'text'}
    >>> evidence_country_bases({"countries": "", "country_basis": "", "cites": "m-2019"}, {"m-2019": ["CA", "NO"]})
    {'CA': 'cited study title', 'NO': 'cited study title'}
    """
    own = split_list(row.get("countries"))
    if own:
        return {c: row.get("country_basis") or "text" for c in own}
    cited = [c for s in split_list(row.get("cites")) for c in study_countries.get(s, [])]
    return {c: CITED_TITLE for c in sorted(set(cited))}


def merge_country_bases(G: nx.MultiDiGraph, evidence: list[str]) -> dict[str, list[str]]:
    """{country: sorted bases} over several evidence items of *G*.

    >>> merge_country_bases(nx.MultiDiGraph(), [])
    {}
    """
    merged: dict[str, set[str]] = {}
    for ev in evidence:
        for c, basis in G.nodes[ev]["country_bases"].items():
            merged.setdefault(c, set()).add(basis)
    return {c: sorted(b) for c, b in sorted(merged.items())}


def add_nodes(G: nx.MultiDiGraph, nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Add ``(node, attributes)`` pairs to *G*, each dict becoming the node's own attribute dict.

    What ``G.add_nodes_from`` does, without copying each dict twice: for the
    tens of thousands of rows of a large package.

    >>> G = nx.MultiDiGraph()
    >>> add_nodes(G, [("a", {"kind": "level"}), ("b", {})])
    >>> dict(G.nodes(data="kind"))
    {'a': 'level', 'b': None}
    """
    node, succ, pred = G._node, G._succ, G._pred
    for n, a in nodes:
        n = intern(n) if type(n) is str else n  # the one copy every row's reference to it shares (see _attrs)
        if n in node:
            node[n].update(a)
            continue
        node[n], succ[n], pred[n] = a, {}, {}
    nx._clear_cache(G)


def add_edges(G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
    """Add ``(u, v, attributes)`` edges between existing nodes of *G*, keyed as ``G.add_edge`` keys them.

    What ``G.add_edges_from`` does for the hundreds of thousands of edges of a
    large package, in one tight loop. A missing node raises KeyError. Edges with
    equal attributes share one read-only attribute mapping (most edges of a
    package are one of a few kinds, e.g. ``{"relation": "cites"}``), so the
    attributes of these edges cannot be changed in place.

    >>> G = nx.MultiDiGraph([("a", "b")])
    >>> add_edges(G, [("a", "b", {"relation": "x"}), ("b", "a", {})])
    >>> sorted(G.edges(keys=True, data="relation"))
    [('a', 'b', 0, None), ('a', 'b', 1, 'x'), ('b', 'a', 0, None)]
    >>> H = nx.MultiDiGraph([("a", "b")])
    >>> add_edges(H, [("a", "b", {"relation": "x"}), ("b", "a", {"relation": "x"})])   # one call: one mapping
    >>> H.edges["a", "b", 1] is H.edges["b", "a", 0], dict(H.edges["a", "b", 1])
    (True, {'relation': 'x'})
    """
    succ, pred = G._succ, G._pred
    shared: dict[tuple, Mapping[str, Any]] = {}
    for u, v, a in edges:
        if type(a) is MappingProxyType:  # already shared by its producer
            data = a
        else:
            items = tuple(a.items())
            data = shared.get(items)
            if data is None:
                data = shared[items] = MappingProxyType(a)
        keydict = succ[u].get(v)
        if keydict is None:
            if v not in succ:
                raise KeyError(v)
            succ[u][v] = pred[v][u] = {0: data}
            continue
        key = len(keydict)
        while key in keydict:
            key += 1
        keydict[key] = data
    nx._clear_cache(G)


def build_graph(desc: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> nx.MultiDiGraph:
    """Turn validated tables into the knowledge graph (see :func:`graph.load_graph`)."""
    G = nx.MultiDiGraph(name=desc.get("name", ""), version=desc.get("version", ""), title=desc.get("title", ""))
    levels = {r["id"]: r for r in tables["levels"]}
    factors = {r["id"]: r for r in tables["factors"]}

    add_nodes(G, ((r["id"], {"kind": "level", **_attrs(r)}) for r in tables["levels"]))
    add_nodes(G, ((r["id"], {"kind": "country", "label": r["name"], **_attrs(r)}) for r in tables["countries"]))
    add_nodes(G, ((r["id"], {"kind": "study", **_attrs(r)}) for r in tables["studies"]))
    for r in tables["factors"]:
        a = _attrs(r, skip=("kind",))
        a["factor_kind"] = r["kind"]
        a["theme"] = r["parent"] or r["id"]
        a["level_rank"] = levels[r["level"]]["rank"]
        G.add_node(r["id"], kind="factor", **a)
    for r in tables["study_themes"]:
        a = _attrs(r, skip=("type",))
        a["theme_type"] = r["type"]
        G.add_node(r["id"], kind="study_theme", **a)
    evidence_attrs = []
    for r in tables["evidence"]:
        a = {"kind": "evidence", **_attrs(r)}
        a["label"] = r["paraphrase"]
        evidence_attrs.append(a)
    add_nodes(G, ((a["id"], a) for a in evidence_attrs))
    for r in tables["gaps"]:
        a = _attrs(r)
        a["label"] = r["statement"]
        G.add_node(r["id"], kind="gap", **a)

    for r in tables["factors"]:
        G.add_edge(r["id"], r["level"], relation="at_level")
        G.add_edge(r["id"], r["introduced_by"], relation="introduced_by")
        if r["parent"]:
            G.add_edge(r["id"], r["parent"], relation="part_of")
    evidence_by_influence: dict[str, list[str]] = {}
    for a in evidence_attrs:
        if is_limitation(a):
            continue
        for inf in a["influences"]:
            evidence_by_influence.setdefault(inf, []).append(a["id"])
    for r in tables["influences"]:
        s, t = factors[r["source"]], factors[r["target"]]
        sr, tr = levels[s["level"]]["rank"], levels[t["level"]]["rank"]
        G.add_edge(
            r["source"], r["target"], key=r["id"], relation="influences", id=r["id"], study=r["study"],
            basis=r["basis"], description=r["description"] or "",
            scope="intra-level" if sr == tr else "inter-level", direction=influence_direction(sr, tr),
            evidence=evidence_by_influence.get(r["id"], []),
        )
    add_edges(G, ((r["citing"], r["cited"], {"relation": "cites", "label": r["label"] or ""}) for r in tables["citations"]))
    add_edges(G, ((r["id"], c, {"relation": "concerns_country", "basis": r["country_basis"]})
                  for r in tables["studies"] for c in split_list(r["countries"])))
    for r in tables["study_themes"]:
        G.add_edge(r["id"], r["study"], relation="reported_in")
        if r["parent"]:
            G.add_edge(r["id"], r["parent"], relation="part_of")
        for f in split_list(r["factors"]):
            G.add_edge(r["id"], f, relation="maps_to")
    study_countries = {r["id"]: split_list(r["countries"]) for r in tables["studies"]}
    for a in evidence_attrs:
        a["country_bases"] = evidence_country_bases(a, study_countries)
    influence_targets = {r["id"]: (r["source"], r["target"]) for r in tables["influences"]}
    add_edges(G, _evidence_edges(evidence_attrs, influence_targets))
    for r in tables["gaps"]:
        G.add_edge(r["id"], r["study"], relation="reported_in")
        for f in split_list(r["factors"]):
            G.add_edge(r["id"], f, relation="concerns")
        for lv in split_list(r["levels"]):
            G.add_edge(r["id"], lv, relation="concerns")
    add_strategy_nodes(G, tables.get("strategies", []))
    return G


def _evidence_edges(evidence_attrs: list[dict[str, Any]], influence_targets: dict[str, tuple[str, str]]):
    """The edges out of each evidence node: reported_in, supports (qualifies for a limitation), cites, concerns_country, in_study_theme.

    Each kind of edge yields one shared read-only attribute mapping (see :func:`add_edges`).
    """
    shared: dict[tuple, Mapping[str, Any]] = {}

    def attrs(*items: tuple[str, str]) -> Mapping[str, Any]:
        found = shared.get(items)
        if found is None:
            found = shared[items] = MappingProxyType(dict(items))
        return found

    reported_in, cites, in_theme = attrs(("relation", "reported_in")), attrs(("relation", "cites")), \
        attrs(("relation", "in_study_theme"))
    for a in evidence_attrs:
        ev, named = a["id"], a["factors"]
        named_set = set(named)
        relation = "qualifies" if is_limitation(a) else "supports"  # a limitation is no evidence for a factor
        yield ev, a["study"], reported_in
        if named:
            tagged = attrs(("relation", relation))
            for f in named:
                yield ev, f, tagged
        for inf in a["influences"]:
            for f in influence_targets[inf]:
                if f not in named_set:
                    yield ev, f, attrs(("relation", relation), ("influence", inf))
        for c in a["cites"]:
            yield ev, c, cites
        for c, basis in a["country_bases"].items():
            yield ev, c, attrs(("relation", "concerns_country"), ("basis", basis))
        for st in a["study_themes"]:
            yield ev, st, in_theme
