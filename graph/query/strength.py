"""How much evidence stands behind an influence or a factor: counts and flags, not a quality grade.

For an influence (or several rolled up into one line) and for a factor the
counts are: evidence items (findings only), distinct source papers (those that
report the findings, plus the paper that states the influence or introduced
the factor), distinct cited studies (those the findings cite) and the
countries the findings concern. Three flags follow from them:

* **single source** — one paper alone states it and reports its evidence;
* **contested** — its findings report it as an enabler and as a barrier
  (a ``mixed`` finding counts as both);
* **framework only** — it rests on the review's framework (Table 2) with no
  finding from the text.

Limitations (evidence rows whose ``evidence_type`` is ``limitation``) never
count: they qualify findings, they are not findings. A package without an
``evidence_type`` column holds findings only.

The counts say how much has been reported and how often, not how good the
studies are (:data:`STRENGTH_NOTE`). Without a filter they cover all the
evidence of what they describe. Under an evidence filter (a country, a study, a
polarity, a perspective) every function takes ``allowed``, the evidence ids
that pass it (:func:`graph.query.filters.matching_set`): the record then counts
the matching findings only — its papers are the papers reporting them (the
paper stating the influence or introducing the factor counts only in the
all-evidence figure), its flags follow from them — and holds the all-evidence
record under ``"all"``, so a view shows both ("1 evidence item in Denmark from
1 paper · in all evidence: 12 evidence items from 4 papers"); ``framework only``
keeps its all-evidence meaning. Per-influence and per-factor values are
computed once per graph (:func:`strength_index`), and once per graph and filter
(:data:`MAX_FILTERS` filters kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.data.load import influence_edges
from graph.data.memo import memo
from graph.data.vocabulary import ENABLING, FINDING, HINDERING, LIMITATION
from graph.data.vocabulary import evidence_type as _type_of
from graph.query.index import factor_evidence

__all__ = [
    "FINDING",
    "LIMITATION",
    "MAX_FILTERS",
    "STRENGTH_NOTE",
    "edge_strength",
    "evidence_type",
    "factor_limitations",
    "factor_strength",
    "filtered_strength",
    "findings",
    "influence_strength",
    "influences_strength",
    "limitations_of",
    "narrow_strength",
    "papers_label",
    "strength_flags",
    "strength_index",
    "strength_label",
    "strength_total",
    "with_min_sources",
]

#: What every display of these counts says beside them.
STRENGTH_NOTE = "Evidence counts, not a quality grade"
#: How many evidence filters' strength records are kept per graph (the least recently used go first).
MAX_FILTERS = 32
#: What a filtered record's counts are said to cover when the caller names no filter.
MATCHING = "matching the filters"

#: The evidence ids an evidence filter lets through (:func:`graph.query.filters.matching_set`), or ``None``: no filter.
Allowed = frozenset[str] | None

_ENABLING, _HINDERING = set(ENABLING), set(HINDERING)


def evidence_type(G: nx.MultiDiGraph, ev: str) -> str:
    """``"finding"`` or ``"limitation"``: an evidence row's type (a row with none is a finding).

    >>> from graph import load_graph
    >>> evidence_type(load_graph(), "ev-review-201")
    'finding'
    """
    return _type_of(G.nodes[ev])


def findings(G: nx.MultiDiGraph, evidence: Iterable[str]) -> list[str]:
    """The findings among some evidence ids (limitations and unknown ids left out), once each, in order.

    >>> from graph import load_graph
    >>> findings(load_graph(), ["ev-review-201", "no-such-row", "ev-review-201"])
    ['ev-review-201']
    """
    return [e for e in dict.fromkeys(evidence)
            if e in G and G.nodes[e].get("kind") == "evidence" and evidence_type(G, e) == FINDING]


def _counts(G: nx.MultiDiGraph, evidence: Iterable[str], papers: Iterable[str] = (),
            bases: Iterable[str] = ()) -> dict[str, Any]:
    """The strength record of some evidence, plus the papers that state the thing and its bases."""
    ev = sorted(findings(G, evidence))
    paper_ids = set(papers) | {G.nodes[e]["study"] for e in ev}
    cited = {c for e in ev for c in G.nodes[e].get("cites", [])}
    countries = {c for e in ev for c in G.nodes[e].get("country_bases", {})}
    polarities = Counter(G.nodes[e].get("polarity", "") for e in ev)
    polarities.pop("", None)
    seen = set(polarities)
    basis = sorted(set(bases))
    return {
        "evidence": len(ev), "papers": len(paper_ids), "cited_studies": len(cited), "countries": len(countries),
        "evidence_ids": ev, "paper_ids": sorted(paper_ids), "cited_ids": sorted(cited),
        "country_codes": sorted(countries), "polarities": dict(sorted(polarities.items())), "basis": basis,
        "single_source": len(paper_ids) == 1,
        "contested": bool(seen & _ENABLING) and bool(seen & _HINDERING),
        "framework_only": not ev and "framework" in basis,
    }


def strength_index(G: nx.MultiDiGraph) -> dict[str, dict[str, dict[str, Any]]]:
    """Every influence's and every factor's strength record, computed once per graph.

    Parameters
    ----------
    G : the knowledge graph (:func:`graph.load_graph`); treat it as read-only.

    Returns
    -------
    ``{"influences": {influence id: record}, "factors": {factor id: record}}``;
    a record is what :func:`influence_strength` and :func:`factor_strength` return.
    Cached per graph object, so later calls cost a dictionary look-up.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> strength_index(G) is strength_index(G)
    True
    >>> sum(1 for _, _, r in G.edges(data="relation") if r == "influences") == len(strength_index(G)["influences"])
    True
    """
    return memo(G, "strength-index", None, lambda: _strength_index(G))


def _strength_index(G: nx.MultiDiGraph) -> dict[str, Any]:
    """:func:`strength_index`, computed."""
    influences = {}
    for _, _, a in influence_edges(G):
        influences[a["id"]] = _counts(G, a.get("evidence", []), [a["study"]], [a.get("basis", "")])
    factors = {}
    for n, a in G.nodes(data=True):
        if a.get("kind") == "factor":
            stated = [a["introduced_by"]] if a.get("introduced_by") in G else []
            factors[n] = _counts(G, factor_evidence(G, n), stated, ["framework"])
    limitations = sorted((a.get("study", ""), n, frozenset(f for _, f, r in G.out_edges(n, data="relation")
                                                            if r == "qualifies"))
                         for n, a in G.nodes(data=True) if a.get("kind") == "evidence" and evidence_type(G, n) == LIMITATION)
    return {"influences": influences, "factors": factors, "limitations": limitations, "merged": {}}


def narrow_strength(G: nx.MultiDiGraph, record: dict[str, Any], allowed: Allowed) -> dict[str, Any]:
    """A strength record counted on the evidence an evidence filter lets through, with the whole record beside it.

    Parameters
    ----------
    G : the knowledge graph. record : an all-evidence record (:func:`influences_strength`,
        :func:`factor_strength`). allowed : the evidence ids that pass the filter
        (:func:`graph.query.filters.matching_set`), or ``None`` for no filter.

    Returns
    -------
    *record* itself when *allowed* is ``None``; else a record of the same shape
    over the findings of *record* that are in *allowed*: ``papers`` are the
    papers reporting them (not the paper that only states the influence or
    introduces the factor), ``single_source`` and ``contested`` follow from
    them, ``framework_only`` and ``basis`` are *record*'s, and ``all`` holds
    *record*. Not cached: :func:`influences_strength` and :func:`factor_strength` keep theirs.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> whole = influence_strength(G, "role-clarity", "staff-readiness")
    >>> danish = {e for e in whole["evidence_ids"] if "DK" in G.nodes[e]["country_bases"]}
    >>> d = narrow_strength(G, whole, frozenset(danish))
    >>> d["evidence"] == len(danish), d["all"] is whole, d["papers"] <= d["all"]["papers"]
    (True, True, True)
    >>> narrow_strength(G, whole, None) is whole
    True
    """
    if allowed is None:
        return record
    narrowed = _counts(G, [e for e in record["evidence_ids"] if e in allowed])
    return {**narrowed, "basis": record["basis"], "framework_only": record["framework_only"], "all": record}


def _filtered(G: nx.MultiDiGraph, allowed: frozenset[str], key: Any, whole: dict[str, Any]) -> dict[str, Any]:
    """:func:`narrow_strength` of *whole* (the record of *key*), kept per graph and filter."""
    kept = memo(G, "strength-filtered", allowed, dict, keep=MAX_FILTERS)
    if key not in kept:
        kept[key] = narrow_strength(G, whole, allowed)
    return kept[key]


def influences_strength(G: nx.MultiDiGraph, ids: Iterable[str], allowed: Allowed = None) -> dict[str, Any]:
    """The strength of several recorded influences taken together (e.g. the line of a rolled-up view).

    Parameters
    ----------
    G : the knowledge graph. ids : influence ids (unknown ids raise ``KeyError``).
    allowed : the evidence ids an evidence filter lets through, or ``None`` (see :func:`narrow_strength`).

    Returns
    -------
    A record as :func:`influence_strength`: distinct evidence, papers, cited
    studies and countries over all of them; ``framework_only`` when none has a
    finding and one rests on the framework. Under a filter, the matching
    evidence's record with the whole one under ``"all"``.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> a = influence_strength(G, "policy-mandates", "hiring-criteria")
    >>> b = influence_strength(G, "health-system-funding", "hiring-criteria")
    >>> both = influences_strength(G, ["policy-mandates--hiring-criteria", "health-system-funding--hiring-criteria"])
    >>> both["evidence"] == len(set(a["evidence_ids"]) | set(b["evidence_ids"]))
    True
    >>> both["paper_ids"] == sorted(set(a["paper_ids"]) | set(b["paper_ids"]))
    True
    >>> from graph.query.filters import Filters, matching_set
    >>> dk = influences_strength(G, ["role-clarity--staff-readiness"], matching_set(G, Filters(countries=("DK",))))
    >>> (dk["evidence"], dk["papers"]), dk["all"]["papers"] > dk["papers"]
    ((1, 1), True)
    """
    index = strength_index(G)
    key = frozenset(ids)
    if key in index["merged"]:
        whole = index["merged"][key]
    else:
        parts = [index["influences"][i] for i in sorted(key)]
        whole = parts[0] if len(parts) == 1 else \
            _counts(G, [e for p in parts for e in p["evidence_ids"]], [s for p in parts for s in p["paper_ids"]],
                    [b for p in parts for b in p["basis"]])
        index["merged"][key] = whole
    return whole if allowed is None else _filtered(G, allowed, ("influences", key), whole)


def filtered_strength(G: nx.MultiDiGraph, ids: Iterable[str], evidence: Iterable[str] | None = None) -> dict[str, Any]:
    """The strength of one line (one or several influences), over all its evidence or only the part a filter keeps.

    Parameters
    ----------
    G : the knowledge graph. ids : influence ids (unknown ids raise ``KeyError``).
    evidence : the evidence an evidence filter keeps on the line (e.g. an edge's
        ``evidence`` in :func:`graph.query.filters.filter_influences` with a country);
        ``None``: no filter.

    Returns
    -------
    With no *evidence*, :func:`influences_strength` of *ids*. Otherwise a
    record of the same shape over the findings among *evidence* that belong
    to those influences, ``papers`` being the papers that report them (the
    paper stating the influence is not counted: it did not report the
    filtered evidence), so "1 Danish item from 1 paper" means what it says.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> ids = ["role-clarity--staff-readiness"]
    >>> filtered_strength(G, ids) == influences_strength(G, ids)
    True
    >>> dk = [e for e in influences_strength(G, ids)["evidence_ids"] if "DK" in G.nodes[e]["country_bases"]]
    >>> s = filtered_strength(G, ids, dk)
    >>> s["evidence"] == len(dk), s["paper_ids"] == sorted({G.nodes[e]["study"] for e in dk})
    (True, True)
    """
    whole = influences_strength(G, ids)
    return whole if evidence is None else narrow_strength(G, whole, frozenset(evidence))


def influence_strength(G: nx.MultiDiGraph, source: str, target: str, allowed: Allowed = None) -> dict[str, Any]:
    """The strength of the influence *source* → *target* as recorded.

    Parameters
    ----------
    G : the knowledge graph. source, target : factor ids.
    allowed : the evidence ids an evidence filter lets through, or ``None`` (see :func:`narrow_strength`).

    Returns
    -------
    ``{"evidence", "papers", "cited_studies", "countries"}`` (counts, limitations
    left out), the ids behind each (``evidence_ids``, ``paper_ids`` — the
    stating paper and those reporting findings —, ``cited_ids``,
    ``country_codes``), ``polarities`` (findings per polarity), ``basis``, and
    the flags ``single_source``, ``contested`` (enabler and barrier; ``mixed``
    counts as both) and ``framework_only``; under a filter, those of the
    matching evidence, and the whole record under ``"all"``. Raises ``KeyError`` when no
    influence runs from *source* to *target*.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> s = influence_strength(G, "policy-mandates", "hiring-criteria")
    >>> s["evidence"] >= 1, s["papers"] == len(s["paper_ids"]), "mirbahaeddin-2022" in s["paper_ids"]
    (True, True, True)
    >>> influence_strength(G, "role-clarity", "staff-readiness")["single_source"]   # all four papers report it
    False
    >>> influence_strength(G, "macro-sociocultural", "economic-financial")["framework_only"]   # Table 2 alone
    True
    """
    ids = [d["id"] for _, v, d in G.out_edges(source, data=True) if v == target and d["relation"] == "influences"] \
        if source in G else []
    if not ids:
        raise KeyError(f"{source} -> {target}")
    return influences_strength(G, ids, allowed)


def edge_strength(G: nx.MultiDiGraph, attrs: dict[str, Any], allowed: Allowed = None) -> dict[str, Any]:
    """The strength of one line of any influence view, from its attributes.

    Parameters
    ----------
    G : the knowledge graph. attrs : an edge's attributes in
        :func:`graph.influence_graph`, :func:`graph.query.filters.filter_influences`
        (``id``), :func:`graph.query.rollup.rolled_up` or :func:`graph.query.paths.theme_graph` (``influences``).
    allowed : the evidence ids an evidence filter lets through, or ``None`` (see :func:`narrow_strength`).

    Returns
    -------
    :func:`influences_strength` of the influences the line stands for (under the filter).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.paths import influence_view
    >>> G = load_graph()
    >>> T = influence_view(G, "theme")
    >>> a = T.edges["regulatory-political", "hrm-policies"]
    >>> edge_strength(G, a) == influences_strength(G, a["influences"])
    True
    """
    return influences_strength(G, attrs.get("influences") or [attrs["id"]], allowed)


def factor_strength(G: nx.MultiDiGraph, factor: str, allowed: Allowed = None) -> dict[str, Any]:
    """The strength of a factor: the findings behind it and its sub-themes, as its details panel lists them.

    Parameters
    ----------
    G : the knowledge graph. factor : a factor id (``KeyError`` for anything else).
    allowed : the evidence ids an evidence filter lets through, or ``None`` (see :func:`narrow_strength`).

    Returns
    -------
    A record as :func:`influence_strength`, over the findings of
    :func:`graph.query.filters.factor_evidence`; ``paper_ids`` also holds the paper
    that introduced the factor, and ``framework_only`` means no finding at all.
    Under a filter, the matching findings' record (papers reporting them only)
    with the whole record under ``"all"``.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> s = factor_strength(G, "psw-wellbeing")
    >>> s["evidence"] >= 1, s["papers"] >= 2, s["single_source"]
    (True, True, False)
    >>> factor_strength(G, "self-care")["paper_ids"]   # only the review speaks of it
    ['mirbahaeddin-2022']
    >>> factor_strength(G, "self-care", frozenset())["evidence"], factor_strength(G, "self-care", frozenset())["papers"]
    (0, 0)
    """
    whole = strength_index(G)["factors"][factor]
    return whole if allowed is None else _filtered(G, allowed, ("factor", factor), whole)


def strength_flags(d: dict[str, Any]) -> list[str]:
    """The flags of a strength record, as words: single source, contested, framework only.

    >>> strength_flags({"single_source": True, "contested": True, "framework_only": False})
    ['single source', 'contested']
    """
    return [word for key, word in (("single_source", "single source"), ("contested", "contested"),
                                   ("framework_only", "framework only")) if d.get(key)]


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def strength_label(d: dict[str, Any], *, flags: bool = True, scope: str = "", total: bool = True) -> str:
    """One line for a strength record: its counts, then (unless not *flags*) its flags.

    Parameters
    ----------
    d : a strength record. flags : add its flags. scope : what a filtered
        record's evidence is (e.g. "in Denmark", from
        :func:`graph.present.report.describe_filters`; default "matching the filters").
    total : for a filtered record, end with :func:`strength_total`, the all-evidence figure.

    Returns
    -------
    "3 evidence items · 1 paper · 0 cited studies · 2 countries · single source";
    a filtered record says what its evidence is and where it comes from, and
    gives the total beside it: "1 evidence item in Denmark from 1 paper · … · in all evidence: …".

    Examples
    --------
    >>> strength_label({"evidence": 3, "papers": 1, "cited_studies": 0, "countries": 2, "single_source": True,
    ...                 "contested": False, "framework_only": False})
    '3 evidence items · 1 paper · 0 cited studies · 2 countries · single source'
    >>> from graph import load_graph
    >>> strength_label(influence_strength(load_graph(), "macro-sociocultural", "economic-financial"))
    '0 evidence items · 1 paper · 0 cited studies · 0 countries · single source · framework only'
    >>> strength_label({"evidence": 1, "papers": 2, "cited_studies": 1, "countries": 1, "contested": True}, flags=False)
    '1 evidence item · 2 papers · 1 cited study · 1 country'
    >>> whole = {"evidence": 12, "papers": 4, "cited_studies": 3, "countries": 5, "contested": True}
    >>> strength_label({"evidence": 1, "papers": 1, "cited_studies": 0, "countries": 1, "single_source": True,
    ...                 "all": whole}, scope="in Denmark")
    '1 evidence item in Denmark from 1 paper · 0 cited studies · 1 country · single source · in all evidence: 12 evidence items, 4 papers, 3 cited studies, 5 countries, contested'
    """
    items, papers = _n(d["evidence"], "evidence item", "evidence items"), _n(d["papers"], "paper", "papers")
    rest = [_n(d["cited_studies"], "cited study", "cited studies"), _n(d["countries"], "country", "countries")]
    if "all" in d:
        scope = scope or MATCHING
        head = [f"{items} {scope}{',' if ',' in scope else ''} from {papers}"]
    else:
        head = [items, papers]
    tail = [strength_total(d)] if total and "all" in d else []
    return " · ".join(head + rest + (strength_flags(d) if flags else []) + tail)


def strength_total(d: dict[str, Any]) -> str:
    """The all-evidence figure beside a filtered record ("in all evidence: 12 evidence items, 4 papers, …"), or "".

    >>> strength_total({"evidence": 3, "papers": 1})
    ''
    >>> strength_total({"all": {"evidence": 199, "papers": 4, "cited_studies": 20, "countries": 9, "contested": True}})
    'in all evidence: 199 evidence items, 4 papers, 20 cited studies, 9 countries, contested'
    """
    if "all" not in d:
        return ""
    return "in all evidence: " + strength_label(d["all"], total=False).replace(" · ", ", ")


def papers_label(d: dict[str, Any]) -> str:
    """The papers of a strength record, short (a path's hop, a table cell): "4 papers", or under a filter
    "1 paper · 4 papers in all".

    >>> papers_label({"papers": 4}), papers_label({"papers": 1, "all": {"papers": 4}})
    ('4 papers', '1 paper · 4 papers in all')
    """
    papers = _n(d["papers"], "paper", "papers")
    return f"{papers} · {_n(d['all']['papers'], 'paper', 'papers')} in all" if "all" in d else papers


def with_min_sources(G: nx.MultiDiGraph, D: nx.DiGraph, min_sources: int) -> nx.DiGraph:
    """*D* without the lines that fewer than *min_sources* papers state or evidence (2: hide single-source).

    Parameters
    ----------
    G : the knowledge graph. D : an influence view (see :func:`edge_strength`).
    min_sources : the fewest distinct papers a line keeps; 0 or 1 keeps every line.

    Returns
    -------
    *D* itself when nothing is dropped, else a copy with the same nodes.

    Examples
    --------
    >>> from graph import load_graph, influence_graph
    >>> G = load_graph()
    >>> D = influence_graph(G)
    >>> K = with_min_sources(G, D, 2)
    >>> K.number_of_nodes() == D.number_of_nodes(), K.number_of_edges() < D.number_of_edges()
    (True, True)
    >>> all(influence_strength(G, u, v)["papers"] >= 2 for u, v in K.edges)
    True
    """
    drop = [(u, v) for u, v, a in D.edges(data=True) if edge_strength(G, a)["papers"] < min_sources]
    if not drop:
        return D
    K = D.copy()
    K.remove_edges_from(drop)
    return K


def limitations_of(G: nx.MultiDiGraph, studies: Iterable[str], factors: Iterable[str] = ()) -> list[str]:
    """The limitation rows stated by any of *studies*, or tagged to any of *factors*.

    Parameters
    ----------
    G : the knowledge graph. studies : study ids. factors : factor ids (a
        limitation tagged to one qualifies the findings about it, whoever reported them).

    Returns
    -------
    Limitation ids, ordered by study then id (``[]`` for a package with no limitations).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> all(evidence_type(G, e) == LIMITATION for e in limitations_of(G, ["grim-2022"]))
    True
    """
    studies, factors = set(studies), set(factors)
    return [n for study, n, tagged in strength_index(G)["limitations"] if study in studies or tagged & factors]


def factor_limitations(G: nx.MultiDiGraph, factor: str) -> list[str]:
    """The limitations that qualify a factor's evidence: those of its papers and those tagged to it or its sub-themes.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> set(factor_limitations(G, "self-care")) <= set(limitations_of(G, ["mirbahaeddin-2022"], ["self-care"]))
    True
    """
    members = {factor} | {u for u, _, r in G.in_edges(factor, data="relation") if r == "part_of"}
    return limitations_of(G, factor_strength(G, factor)["paper_ids"], members)
