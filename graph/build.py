"""Build the knowledge graph from validated tables."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .strategies import add_strategy_nodes
from .validate import split_list

__all__ = ["build_graph", "evidence_country_bases", "influence_direction", "is_limitation", "merge_country_bases"]

CITED_TITLE = "cited study title"

_LIST_ATTRS = {"aliases", "countries", "factors", "influences", "cites", "study_themes", "levels"}


def _attrs(row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if key.startswith("_") or key in skip:
            continue
        out[key] = split_list(value) if key in _LIST_ATTRS else ("" if value is None else value)
    return out


def is_limitation(row: dict[str, Any]) -> bool:
    """Whether an evidence row states a study's limitation (``evidence_type`` ``limitation``), not a finding.

    A limitation qualifies findings: it supports no factor and evidences no
    influence (it *qualifies* the factors it is tagged to). Rows without the
    column are findings.

    >>> is_limitation({"evidence_type": "limitation"}), is_limitation({"evidence_type": ""}), is_limitation({})
    (True, False, False)
    """
    return (row.get("evidence_type") or "finding") == "limitation"


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


def build_graph(desc: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> nx.MultiDiGraph:
    """Turn validated tables into the knowledge graph (see :func:`graph.load_graph`)."""
    G = nx.MultiDiGraph(name=desc.get("name", ""), version=desc.get("version", ""), title=desc.get("title", ""))
    levels = {r["id"]: r for r in tables["levels"]}
    factors = {r["id"]: r for r in tables["factors"]}

    for r in tables["levels"]:
        G.add_node(r["id"], kind="level", **_attrs(r))
    for r in tables["countries"]:
        G.add_node(r["id"], kind="country", label=r["name"], **_attrs(r))
    for r in tables["studies"]:
        G.add_node(r["id"], kind="study", **_attrs(r))
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
    for r in tables["evidence"]:
        a = _attrs(r)
        a["label"] = r["paraphrase"]
        G.add_node(r["id"], kind="evidence", **a)
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
    for r in tables["evidence"]:
        if is_limitation(r):
            continue
        for inf in split_list(r["influences"]):
            evidence_by_influence.setdefault(inf, []).append(r["id"])
    for r in tables["influences"]:
        s, t = factors[r["source"]], factors[r["target"]]
        sr, tr = levels[s["level"]]["rank"], levels[t["level"]]["rank"]
        G.add_edge(
            r["source"], r["target"], key=r["id"], relation="influences", id=r["id"], study=r["study"],
            basis=r["basis"], description=r["description"] or "",
            scope="intra-level" if sr == tr else "inter-level", direction=influence_direction(sr, tr),
            evidence=evidence_by_influence.get(r["id"], []),
        )
    for r in tables["citations"]:
        G.add_edge(r["citing"], r["cited"], relation="cites", label=r["label"] or "")
    for r in tables["studies"]:
        for c in split_list(r["countries"]):
            G.add_edge(r["id"], c, relation="concerns_country", basis=r["country_basis"])
    for r in tables["study_themes"]:
        G.add_edge(r["id"], r["study"], relation="reported_in")
        if r["parent"]:
            G.add_edge(r["id"], r["parent"], relation="part_of")
        for f in split_list(r["factors"]):
            G.add_edge(r["id"], f, relation="maps_to")
    study_countries = {r["id"]: split_list(r["countries"]) for r in tables["studies"]}
    for r in tables["evidence"]:
        G.nodes[r["id"]]["country_bases"] = evidence_country_bases(r, study_countries)
    influence_targets = {r["id"]: (r["source"], r["target"]) for r in tables["influences"]}
    for r in tables["evidence"]:
        G.add_edge(r["id"], r["study"], relation="reported_in")
        relation = "qualifies" if is_limitation(r) else "supports"  # a limitation is no evidence for a factor
        for f in split_list(r["factors"]):
            G.add_edge(r["id"], f, relation=relation)
        for inf in split_list(r["influences"]):
            s, t = influence_targets[inf]
            for f in (s, t):
                if f not in split_list(r["factors"]):
                    G.add_edge(r["id"], f, relation=relation, influence=inf)
        for c in split_list(r["cites"]):
            G.add_edge(r["id"], c, relation="cites")
        for c, basis in G.nodes[r["id"]]["country_bases"].items():
            G.add_edge(r["id"], c, relation="concerns_country", basis=basis)
        for st in split_list(r["study_themes"]):
            G.add_edge(r["id"], st, relation="in_study_theme")
    for r in tables["gaps"]:
        G.add_edge(r["id"], r["study"], relation="reported_in")
        for f in split_list(r["factors"]):
            G.add_edge(r["id"], f, relation="concerns")
        for lv in split_list(r["levels"]):
            G.add_edge(r["id"], lv, relation="concerns")
    add_strategy_nodes(G, tables.get("strategies", []))
    return G
