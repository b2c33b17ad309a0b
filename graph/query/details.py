"""What a details panel, a slide or a table shows about factors, influences, evidence and studies.

Pure functions over the knowledge graph from :func:`graph.load_graph`; they
return plain dicts and lists (JSON-ready), never graph objects.

>>> from graph import load_graph
>>> d = factor_details(load_graph(), "psw-wellbeing")
>>> d["label"], d["level"], [s["id"] for s in d["subthemes"]]
('PSW wellbeing', 'micro', ['emotional-involvement', 'self-care'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import networkx as nx

from graph.data.vocabulary import NOT_STATED, NOT_STATED_LABEL
from graph.query.counts import FACETS, facet_counts, rollup_note, study_counts
from graph.query.filters import factor_evidence
from graph.query.index import factor_evidence_index
from graph.query.matrix import matrix_columns
from graph.query.strength import (
    evidence_type,
    factor_limitations,
    factor_strength,
    influences_strength,
    limitations_of,
    narrow_strength,
)

__all__ = [
    "FACETS",
    "cell_breakdown",
    "cell_evidence",
    "doi_url",
    "evidence_records",
    "facet_counts",
    "factor_details",
    "gaps_about",
    "group_by_country_and_study",
    "influence_details",
    "limitation_groups",
    "references",
    "safe_url",
    "study_rows",
    "study_summary",
]



#: A DOI as the DOI Handbook allows it: ``10.`` + a registrant code of 4-9 digits + ``/`` + a suffix of
#: printable characters, none of them whitespace, control characters or characters unsafe in a URL.
_DOI = re.compile(r"10\.[0-9]{4,9}/[^\x00-\x20\x7f-\x9f<>\"{}|\\^`]+", re.ASCII)
#: An absolute http(s) address: a host, then printable characters with no whitespace, quotes or angle brackets.
_HTTP_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
                       r"(?:[/?#][^\x00-\x20\x7f-\x9f<>\"{}|\\^`]*)?", re.ASCII | re.IGNORECASE)


def doi_url(doi: str | None) -> str:
    """The resolver link of a well-formed DOI; '' for none and for anything that is not a DOI.

    A ``https://doi.org/`` (or ``doi:``) prefix is accepted and the DOI behind it
    checked like any other; characters with a meaning in a URL (``#``, ``?``, ``%``)
    are percent-encoded, so the link always resolves the whole DOI.

    >>> doi_url("10.1186/s13033-023-00588-5")
    'https://doi.org/10.1186/s13033-023-00588-5'
    >>> doi_url("https://doi.org/10.1016/S0140-6736(20)30183-5"), doi_url("")
    ('https://doi.org/10.1016/S0140-6736(20)30183-5', '')
    >>> doi_url("javascript:alert(1)"), doi_url("10.1234/x\\"><script>"), doi_url("10.1/x")
    ('', '', '')
    """
    text = str(doi or "").strip()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)
    if not _DOI.fullmatch(text):
        return ""
    return "https://doi.org/" + quote(text, safe="/:;()[]._-~!$&'*+,=@")


def safe_url(url: str | None) -> str:
    """*url* when it is an absolute http(s) address fit to be a link; '' for anything else.

    ``javascript:``, ``data:``, relative and scheme-less addresses, and any
    address holding whitespace, quotes or angle brackets give ''.

    >>> safe_url("https://www.samhsa.gov/recovery"), safe_url(" http://example.org/a?b=1#c ")
    ('https://www.samhsa.gov/recovery', 'http://example.org/a?b=1#c')
    >>> safe_url("javascript:alert(1)"), safe_url("data:text/html,<b>"), safe_url("www.covidence.org")
    ('', '', '')
    """
    text = str(url or "").strip()
    return text if _HTTP_URL.fullmatch(text) else ""


def study_summary(G: nx.MultiDiGraph, study_id: str) -> dict[str, Any]:
    """Short bibliographic record of a study: id, label, authors, year, title, doi, doi_url, url, countries.

    ``doi_url`` and ``url`` are links fit to render: ``doi_url`` only for a
    well-formed DOI (:func:`doi_url`), ``url`` only for an http(s) address
    (:func:`safe_url`); each is '' otherwise.

    >>> from graph import load_graph
    >>> s = study_summary(load_graph(), "mirbahaeddin-2022")
    >>> s["label"], s["year"], s["is_source"]
    ('Mirbahaeddin & Chreim 2022', 2022, True)
    """
    a = G.nodes[study_id]
    return {
        "id": study_id,
        "label": a.get("label", study_id),
        "authors": a.get("authors", ""),
        "year": a.get("year"),
        "title": a.get("title", ""),
        "venue": a.get("venue", ""),
        "doi": a.get("doi", ""),
        "doi_url": doi_url(a.get("doi")),
        "url": safe_url(a.get("url")),
        "countries": list(a.get("countries", [])),
        "is_source": bool(a.get("is_source")),
    }


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node) if node in G else node


def evidence_records(G: nx.MultiDiGraph, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Plain records of the given evidence ids (unknown ids are skipped), in the given order.

    Each record has id, study (a :func:`study_summary`), section, paraphrase,
    quote, polarity, evidence_type (finding or limitation), perspective, speaker, countries (``[{"code", "name", "basis"}]``:
    the countries it concerns, as the country filters count them),
    country_basis, factors and influences (ids), study_themes (``[{"id", "label"}]``)
    and cites (study summaries, with DOI links).

    >>> from graph import load_graph
    >>> evidence_records(load_graph(), ["no-such-evidence"])
    []
    """
    out = []
    for ev in dict.fromkeys(ids):
        if ev not in G or G.nodes[ev].get("kind") != "evidence":
            continue
        a = G.nodes[ev]
        out.append({
            "id": ev,
            "study": study_summary(G, a["study"]),
            "section": a.get("section", ""),
            "paraphrase": a.get("paraphrase", ""),
            "quote": a.get("quote", ""),
            "polarity": a.get("polarity", ""),
            "evidence_type": evidence_type(G, ev),
            "perspective": a.get("perspective", ""),
            "speaker": a.get("speaker", ""),
            # the countries every filter and count uses: the text's, else those of the cited studies' titles
            "countries": [{"code": c, "name": _label(G, c), "basis": "; ".join(b) if isinstance(b, list) else b}
                          for c, b in sorted(a.get("country_bases", {}).items())],
            "country_basis": a.get("country_basis", ""),
            "factors": list(a.get("factors", [])),
            "influences": list(a.get("influences", [])),
            "study_themes": [{"id": t, "label": _label(G, t)} for t in a.get("study_themes", [])],
            "cites": [study_summary(G, c) for c in a.get("cites", []) if c in G],
        })
    return out


def group_by_country_and_study(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group evidence records by country, then by reporting study.

    A record that concerns several countries appears under each; one with no
    country goes under :data:`~graph.data.vocabulary.NOT_STATED` (listed last).
    Returns ``[{"code", "name", "count", "studies": [{"study", "records"}]}]``.

    >>> recs = [{"id": "e1", "countries": [{"code": "SE", "name": "Sweden"}], "study": {"id": "s", "label": "S"}},
    ...         {"id": "e2", "countries": [], "study": {"id": "s", "label": "S"}}]
    >>> [(g["code"], g["count"], g["studies"][0]["study"]["id"]) for g in group_by_country_and_study(recs)]
    [('SE', 1, 's'), ('not-stated', 1, 's')]
    """
    groups: dict[str, dict[str, Any]] = {}
    for rec in records:
        countries = rec["countries"] or [{"code": NOT_STATED, "name": NOT_STATED_LABEL}]
        for c in countries:
            g = groups.setdefault(c["code"], {"code": c["code"], "name": c["name"], "count": 0, "studies": {}})
            g["count"] += 1
            sid = rec["study"]["id"]
            g["studies"].setdefault(sid, {"study": rec["study"], "records": []})["records"].append(rec)
    ordered = sorted(groups.values(), key=lambda g: (g["code"] == NOT_STATED, g["name"]))
    return [{**g, "studies": list(g["studies"].values())} for g in ordered]


def _influence_summary(G: nx.MultiDiGraph, u: str, v: str, a: dict[str, Any]) -> dict[str, Any]:
    return {"id": a.get("id", f"{u}--{v}"), "source": u, "target": v, "source_label": _label(G, u),
            "target_label": _label(G, v), "scope": a.get("scope", ""), "direction": a.get("direction", ""),
            "evidence_count": len(a.get("evidence", []))}


def gaps_about(G: nx.MultiDiGraph, factors: Iterable[str]) -> list[dict[str, Any]]:
    """The stated research gaps concerning any of *factors*: ``[{"id", "statement", "study"}]``, once each.

    >>> from graph import load_graph
    >>> [g["study"] for g in gaps_about(load_graph(), ["no-such-factor"])]
    []
    """
    out: dict[str, dict[str, Any]] = {}
    for f in factors:
        for u, _, r in G.in_edges(f, data="relation") if f in G else ():
            if r == "concerns" and G.nodes[u].get("kind") == "gap":
                out.setdefault(u, {"id": u, "statement": G.nodes[u].get("statement", ""),
                                   "study": G.nodes[u].get("study", "")})
    return list(out.values())


def limitation_groups(G: nx.MultiDiGraph, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Limitation records grouped by the study that states them: ``[{"study", "records"}]``, by study label.

    >>> from graph import load_graph
    >>> limitation_groups(load_graph(), [])
    []
    """
    groups: dict[str, dict[str, Any]] = {}
    for rec in evidence_records(G, ids):
        groups.setdefault(rec["study"]["id"], {"study": rec["study"], "records": []})["records"].append(rec)
    return sorted(groups.values(), key=lambda g: g["study"]["label"])


def factor_details(G: nx.MultiDiGraph, factor: str) -> dict[str, Any]:
    """Everything a details panel shows about a factor.

    Returns id, label, description, factor_kind, aliases, level, level_label,
    theme, theme_label, subthemes (``[{"id", "label"}]``), study_themes (the
    papers' own themes that map to it: id, label, type, study), influences_out /
    influences_in, gaps, introduced_by (study summary), evidence (records: on the
    factor or, for a theme, any of its sub-themes, each once), own (the ids of those on
    the factor itself; :func:`graph.query.counts.rollup_note` words the split),
    groups (:func:`group_by_country_and_study`), strength
    (:func:`graph.query.strength.factor_strength`: evidence counts, not a quality grade) and
    limitations (:func:`limitation_groups` of :func:`graph.query.strength.factor_limitations`:
    what the studies behind its evidence say limits them). Raises ``KeyError`` for an
    unknown factor.

    >>> from graph import load_graph
    >>> d = factor_details(load_graph(), "hrm-policies")
    >>> d["level_label"], "psw-wellbeing" in [i["target"] for i in d["influences_out"]]
    ('Meso level', True)
    >>> factor_details(load_graph(), "policy-mandates")["theme_label"]
    'Regulatory and political factors'
    """
    if factor not in G or G.nodes[factor].get("kind") != "factor":
        raise KeyError(factor)
    a = G.nodes[factor]
    subthemes = [{"id": u, "label": _label(G, u)} for u, _, r in G.in_edges(factor, data="relation")
                 if r == "part_of" and G.nodes[u].get("kind") == "factor"]
    study_themes = []
    for u, _, r in G.in_edges(factor, data="relation"):
        if r == "maps_to":
            st = G.nodes[u]
            study_themes.append({"id": u, "label": st.get("label", u), "type": st.get("theme_type", ""),
                                 "study": study_summary(G, st["study"])})
    gaps = gaps_about(G, [factor])
    outs = [_influence_summary(G, u, v, d) for u, v, d in G.out_edges(factor, data=True)
            if d["relation"] == "influences"]
    ins = [_influence_summary(G, u, v, d) for u, v, d in G.in_edges(factor, data=True)
           if d["relation"] == "influences"]
    records = evidence_records(G, factor_evidence(G, factor))
    own = {ev for ev, _, r in G.in_edges(factor, data="relation") if r == "supports"}
    theme = a.get("theme") or factor
    return {
        "id": factor,
        "label": a.get("label", factor),
        "description": a.get("description", ""),
        "factor_kind": a.get("factor_kind", ""),
        "aliases": list(a.get("aliases", [])),
        "level": a.get("level", ""),
        "level_label": _label(G, a.get("level", "")),
        "theme": theme,
        "theme_label": _label(G, theme),
        "subthemes": sorted(subthemes, key=lambda s: s["label"]),
        "study_themes": sorted(study_themes, key=lambda s: (s["study"]["label"], s["label"])),
        "influences_out": outs,
        "influences_in": ins,
        "gaps": gaps,
        "introduced_by": study_summary(G, a["introduced_by"]) if a.get("introduced_by") in G else None,
        "evidence": records,
        "own": [r["id"] for r in records if r["id"] in own],
        "groups": group_by_country_and_study(records),
        "strength": factor_strength(G, factor),
        "limitations": limitation_groups(G, factor_limitations(G, factor)),
    }


def influence_details(G: nx.MultiDiGraph, source: str, target: str) -> dict[str, Any]:
    """Everything a details panel shows about the influence(s) *source* → *target*.

    Returns id(s), labels, the stating study, basis, scope, direction,
    description, evidence records and groups, strength
    (:func:`graph.query.strength.influences_strength`: evidence counts, not a quality
    grade), limitations (:func:`limitation_groups`: those stated by its papers
    or tagged to either factor) and gaps (stated research gaps concerning
    either factor). Raises ``KeyError`` when there is no such influence.

    >>> from graph import load_graph
    >>> d = influence_details(load_graph(), "hrm-policies", "psw-wellbeing")
    >>> d["scope"], d["direction"], d["stated_by"]["id"]
    ('inter-level', 'downward', 'mirbahaeddin-2022')
    """
    edges = [d for _, v, d in G.out_edges(source, data=True) if v == target and d["relation"] == "influences"] \
        if source in G else []
    if not edges:
        raise KeyError(f"{source} -> {target}")
    first = edges[0]
    evidence = [e for d in edges for e in d.get("evidence", [])]
    records = evidence_records(G, evidence)
    strength = influences_strength(G, [d["id"] for d in edges])
    return {
        "ids": [d["id"] for d in edges],
        "source": source,
        "target": target,
        "source_label": _label(G, source),
        "target_label": _label(G, target),
        "stated_by": study_summary(G, first["study"]) if first.get("study") in G else None,
        "basis": first.get("basis", ""),
        "scope": first.get("scope", ""),
        "direction": first.get("direction", ""),
        "description": "; ".join(d.get("description", "") for d in edges if d.get("description")),
        "evidence": records,
        "groups": group_by_country_and_study(records),
        "strength": strength,
        "limitations": limitation_groups(G, limitations_of(G, strength["paper_ids"], [source, target])),
        "gaps": gaps_about(G, [source, target]),
    }


def study_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One flat row per study (sources first, then by year), for a searchable table.

    Columns: id, label, authors, year, title, venue, design, participants,
    setting, countries (names, '; '-joined), country_codes, doi, doi_url,
    is_source, evidence (the items from it — reported by it or citing it —
    :func:`graph.query.counts.study_counts`: the number the explorer's study filter shows;
    limitations and findings about no factor left out), cited_by (how many sources cite it).

    >>> from graph import load_graph
    >>> rows = study_rows(load_graph())
    >>> rows[0]["is_source"], "mirbahaeddin-2022" in [r["id"] for r in rows if r["is_source"]]
    (True, True)
    """
    rows = []
    counts = study_counts(G)
    for n, a in G.nodes(data=True):
        if a.get("kind") != "study":
            continue
        reported = counts.get(n, 0)
        cited_by = len({u for u, _, r in G.in_edges(n, data="relation")
                        if r == "cites" and G.nodes[u].get("kind") == "study"})
        codes = list(a.get("countries", []))
        rows.append({
            "id": n, "label": a.get("label", n), "authors": a.get("authors", ""), "year": a.get("year"),
            "title": a.get("title", ""), "venue": a.get("venue", ""), "design": a.get("design", ""),
            "participants": a.get("participants", ""), "setting": a.get("setting", ""),
            "countries": "; ".join(_label(G, c) for c in codes), "country_codes": codes,
            "doi": a.get("doi", ""), "doi_url": doi_url(a.get("doi")), "is_source": bool(a.get("is_source")),
            "evidence": reported, "cited_by": cited_by,
        })
    return sorted(rows, key=lambda r: (not r["is_source"], r["year"] or 0, r["label"]))


def references(G: nx.MultiDiGraph, evidence_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The studies behind some evidence — the reporting sources and the studies they cite — sorted by label.

    >>> from graph import load_graph
    >>> references(load_graph(), [])
    []
    """
    ids: dict[str, None] = {}
    for ev in evidence_ids:
        if ev not in G:
            continue
        a = G.nodes[ev]
        ids[a["study"]] = None
        for c in a.get("cites", []):
            ids[c] = None
    return sorted((study_summary(G, s) for s in ids if s in G), key=lambda s: s["label"])



def cell_evidence(G: nx.MultiDiGraph, factor: str, column: str, *, by: str = "country",
                  polarity: str | None = None, as_recorded: bool = False) -> list[str]:
    """The evidence ids behind one cell of :func:`graph.query.matrix.evidence_matrix`.

    An item belongs to the cell when it supports *factor* directly (or through
    an influence it evidences) or — for a theme, unless *as_recorded* — one of its
    sub-themes, and concerns the country *column* (``by="country"``;
    :data:`graph.query.filters.NOT_STATED`: it concerns no country) or is reported
    by the study *column* (``by="study"``); *polarity* narrows it further. Sorted ids;
    as many as the cell of :func:`graph.query.matrix.matrix_counts` counts.

    >>> from graph import load_graph
    >>> from graph.query.filters import NOT_STATED, evidence_countries
    >>> G = load_graph()
    >>> cell_evidence(G, "psw-wellbeing", "no-such-country")
    []
    >>> unplaced = cell_evidence(G, "team-relationships", NOT_STATED)
    >>> len(unplaced) >= 1, all(evidence_countries(G, e) == [] for e in unplaced)
    (True, True)
    >>> cell_evidence(G, "leadership-supervision", "SE", as_recorded=True), len(cell_evidence(G, "leadership-supervision", "SE")) > 0
    ([], True)
    """
    if factor not in G or G.nodes[factor].get("kind") != "factor":
        return []
    if as_recorded:
        found = {ev for ev, _, r in G.in_edges(factor, data="relation")
                 if r == "supports" and G.nodes[ev].get("kind") == "evidence"}
    else:
        found = factor_evidence_index(G).get(factor, frozenset())
    return sorted(ev for ev in found if (not polarity or G.nodes[ev].get("polarity") == polarity)
                  and column in matrix_columns(G, ev, by))


def cell_breakdown(G: nx.MultiDiGraph, factor: str, column: str, *, by: str = "country",
                   polarity: str | None = None) -> dict[str, Any]:
    """One cell of the matrix taken apart: its evidence, that on the factor itself, and that of each sub-theme.

    Returns ``{"evidence": ids (:func:`cell_evidence`), "own": ids on *factor* itself,
    "subthemes": [{"id", "label", "evidence": ids}]}`` — the sub-themes (of a theme) with evidence
    in the cell, by label; ``note`` is :func:`graph.query.counts.rollup_note` of the counts ('' for a
    sub-theme, or when all of it is on the theme itself).

    >>> from graph import load_graph
    >>> b = cell_breakdown(load_graph(), "leadership-supervision", "SE")
    >>> b["own"], len(b["evidence"]) == len({e for s in b["subthemes"] for e in s["evidence"]}) > 0
    ([], True)
    >>> b["note"] == f"0 on the theme itself · {len(b['evidence'])} in its sub-themes"
    True
    """
    evidence = cell_evidence(G, factor, column, by=by, polarity=polarity)
    own = cell_evidence(G, factor, column, by=by, polarity=polarity, as_recorded=True)
    subthemes = []
    if factor in G and G.nodes[factor].get("factor_kind") == "theme":
        for u, _, r in G.in_edges(factor, data="relation"):
            if r == "part_of" and G.nodes[u].get("kind") == "factor":
                ids = cell_evidence(G, u, column, by=by, polarity=polarity)
                if ids:
                    subthemes.append({"id": u, "label": _label(G, u), "evidence": ids})
    subthemes.sort(key=lambda x: (x["label"].casefold(), x["id"]))
    note = rollup_note(len(own), len(evidence)) if subthemes else ""
    return {"evidence": evidence, "own": own, "subthemes": subthemes, "note": note}


def restrict_details(details: dict[str, Any], allowed: Iterable[str] | None,
                     G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """A details dict (:func:`factor_details`, :func:`influence_details`) keeping only the *allowed* evidence.

    Parameters
    ----------
    details : the full details. allowed : evidence ids that match the active
        filters, or ``None`` for no filter. G : the knowledge graph; given, the
        ``strength`` is counted on the matching evidence too
        (:func:`graph.query.strength.narrow_strength`, the all-evidence record under ``"all"``).

    Returns
    -------
    A copy whose ``evidence``, ``groups`` (and ``own``, for a factor) hold the matching records, with
    ``evidence_total`` (before the filter) and ``filtered`` (whether a filter applied).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import matching_evidence
    >>> G = load_graph()
    >>> d = factor_details(G, "hrm-policies")
    >>> swedish = set(matching_evidence(G, countries=["SE"]))
    >>> r = restrict_details(d, swedish)
    >>> 0 < len(r["evidence"]) < r["evidence_total"] == len(d["evidence"]), r["filtered"]
    (True, True)
    >>> {rec["id"] for rec in r["evidence"]} == {rec["id"] for rec in d["evidence"]} & swedish
    True
    >>> s = restrict_details(d, frozenset(swedish), G)["strength"]
    >>> s == factor_strength(G, "hrm-policies", frozenset(swedish)), s["all"] == d["strength"]
    (True, True)
    """
    total = len(details["evidence"])
    if allowed is None:
        return {**details, "evidence_total": total, "filtered": False}
    keep = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
    records = [r for r in details["evidence"] if r["id"] in keep]
    narrowed = {"strength": narrow_strength(G, details["strength"], keep)} if G is not None and "strength" in details \
        else {}
    out = {**details, "evidence": records, "groups": group_by_country_and_study(records),
           "evidence_total": total, "filtered": True, **narrowed}
    if "own" in details:
        out["own"] = [e for e in details["own"] if e in keep]
    return out
