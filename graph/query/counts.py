"""How many evidence items: one function per question, so the same country (study, paper) shows one number everywhere.

Every count here counts the same evidence, :func:`counted_evidence`: the findings that support at
least one factor (named, or an end of an influence they evidence). A limitation qualifies findings
and supports nothing, and a finding that names no factor and evidences no influence bears on none:
no view can show either in a factor's row, a theme's box or an influence, so no count counts them.

* :func:`country_counts` — items per country a view shows beside a country's name (the explorer's
  country filter, the evidence matrix's column headers, the compare view's country picker, ``pswgraph
  matrix``): the countries each item concerns (:func:`graph.data.build.evidence_country_bases`), and
  :data:`~graph.data.vocabulary.NOT_STATED` for the items that concern none.
* :func:`study_counts` — items *from* each study: reported by it or citing it, what a study filter keeps
  (the explorer's study filter, the Studies table).
* :func:`paper_counts` — items each paper *reports* (the evidence matrix's study columns and their headers).
* :func:`facet_counts` — several of these at once (and polarities, perspectives, levels, themes).
* :func:`rollup_note` — how a theme's rolled-up count splits between the theme itself and its sub-themes
  (a theme counts the distinct items on it or on any sub-theme: :func:`graph.query.matrix.matrix_counts`,
  :func:`graph.query.index.factor_evidence`).

Each takes the evidence to count (e.g. what the filters leave, :func:`graph.query.filters.matching_set`);
``None`` counts all of it. An id that is not counted evidence is skipped, so the result never depends
on whether the caller left limitations out first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import networkx as nx
import numpy as np

from graph.data.memo import memo
from graph.data.vocabulary import NOT_STATED
from graph.query.index import supported_factors

__all__ = ["FACETS", "counted_evidence", "country_counts", "facet_counts", "paper_counts", "rollup_note",
           "study_counts"]

#: What :func:`facet_counts` can count per value: ``countries`` (:func:`country_counts`), ``studies``
#: (:func:`study_counts`), ``papers`` (:func:`paper_counts`), ``polarities``, ``perspectives``, ``levels`` and
#: ``themes`` (of the factors each item supports).
FACETS = ("countries", "studies", "papers", "polarities", "perspectives", "levels", "themes")


def counted_evidence(G: nx.MultiDiGraph) -> frozenset[str]:
    """The evidence every count counts: the findings that support at least one factor.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> n = counted_evidence(G)
    >>> "ev-johansen-001" in n, "ev-review-506" in n   # the review's headline names no factor
    (True, False)
    >>> any(G.nodes[e]["evidence_type"] == "limitation" for e in n)
    False
    """
    return memo(G, "counted-evidence", None, lambda: frozenset(supported_factors(G)))


class _Facet(NamedTuple):
    """One facet's values per evidence item, as arrays: the values of the items in rows ``row`` are ``codes``."""

    values: tuple[str, ...]  # code -> value
    codes: np.ndarray  # every (item, value) pair's value code, item by item
    rows: np.ndarray  # the item (its position in ``_facet_index()[0]``) of each pair


def _facet_index(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, _Facet]]:
    """The counted items' positions and, per facet (:data:`FACETS`), their values as arrays; made once per graph."""
    def build() -> tuple[dict[str, int], dict[str, _Facet]]:
        nodes = G.nodes
        position: dict[str, int] = {}
        pairs: dict[str, tuple[list[int], list[int], dict[str, int]]] = {k: ([], [], {}) for k in FACETS}
        for ev, factors in supported_factors(G).items():
            a = nodes[ev]
            i = position[ev] = len(position)
            values = (a["country_bases"] or (NOT_STATED,),
                      dict.fromkeys([a["study"], *a.get("cites", [])]),  # what a study filter keeps
                      (a["study"],),
                      (a["polarity"],) if a.get("polarity") else (), (a["perspective"],) if a.get("perspective") else (),
                      {nodes[f]["level"] for f in factors}, {nodes[f].get("theme") or f for f in factors})
            for k, vs in zip(FACETS, values):
                rows, codes, code = pairs[k]
                for v in vs:
                    rows.append(i)
                    codes.append(code.setdefault(v, len(code)))
        facets = {k: _Facet(tuple(code), np.asarray(codes, dtype=np.int32), np.asarray(rows, dtype=np.int32))
                  for k, (rows, codes, code) in pairs.items()}
        return position, facets
    return memo(G, "facet-arrays", None, build)


def facet_counts(G: nx.MultiDiGraph, evidence_ids: Iterable[str] | None,
                 keys: Iterable[str] = FACETS) -> dict[str, dict[str, int]]:
    """How many of the given evidence items fall in each value of each facet (:data:`FACETS`).

    Parameters
    ----------
    G : the knowledge graph.
    evidence_ids : the items to count (an id listed twice counts once; ids that are not
        :func:`counted_evidence` are skipped); ``None``: every counted item.
    keys : the facets to count (default: all). An item counts once per value it has.

    Returns
    -------
    ``{facet: {value: count}}``, values with a count of 0 left out.

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import matching_evidence
    >>> G = load_graph()
    >>> facet_counts(G, [])["countries"]
    {}
    >>> everything = facet_counts(G, None)["countries"]
    >>> everything[NOT_STATED] == len(set(matching_evidence(G, countries=[NOT_STATED])) & counted_evidence(G)) >= 1
    True
    >>> list(facet_counts(G, None, keys=["polarities"]))
    ['polarities']
    """
    position, index = _facet_index(G)
    chosen = np.zeros(len(position), dtype=bool)
    if evidence_ids is None:
        chosen[:] = True
    else:
        chosen[[position[ev] for ev in evidence_ids if ev in position]] = True
    out = {}
    for k in keys:
        f = index[k]
        counts = np.bincount(f.codes[chosen[f.rows]], minlength=len(f.values))
        out[k] = {f.values[c]: int(counts[c]) for c in np.flatnonzero(counts)}
    return out


def _sorted(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (kv[0] == NOT_STATED, kv[0])))


def country_counts(G: nx.MultiDiGraph, evidence_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Evidence items per country: the number every view shows beside a country's name.

    Parameters
    ----------
    G : the knowledge graph.
    evidence_ids : the items to count (e.g. those the other filters leave); ``None``: all.

    Returns
    -------
    ``{ISO code: count}`` by code, then ``{NOT_STATED: count}`` for the items that concern no country
    (countries with no item left out); an item concerning several countries counts for each. Only
    :func:`counted_evidence` counts.

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import matching_set, Filters
    >>> G = load_graph()
    >>> counts = country_counts(G)
    >>> counts["DK"] == len(matching_set(G, Filters(countries=("DK",))) & counted_evidence(G)) >= 1
    True
    >>> country_counts(G, ["ev-johansen-001"]), country_counts(G, ["ev-review-506"])   # no factor: not counted
    ({'DK': 1}, {})
    """
    return _sorted(facet_counts(G, evidence_ids, keys=["countries"])["countries"])


def study_counts(G: nx.MultiDiGraph, evidence_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Evidence items *from* each study — reported by it or citing it: what a study filter keeps.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> s, p = study_counts(G), paper_counts(G)
    >>> s["johansen-2024"] >= p["johansen-2024"] >= 1, "berry-2011" in s, "berry-2011" in p   # cited, reports none
    (True, True, False)
    """
    return _sorted(facet_counts(G, evidence_ids, keys=["studies"])["studies"])


def paper_counts(G: nx.MultiDiGraph, evidence_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Evidence items each paper *reports* (the evidence matrix's study columns and their headers).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> sum(paper_counts(G).values()) == len(counted_evidence(G))   # each item has one reporting paper
    True
    """
    return _sorted(facet_counts(G, evidence_ids, keys=["papers"])["papers"])


def rollup_note(own: int, total: int) -> str:
    """How a theme's *total* (its items and its sub-themes', each once) splits: said wherever a theme is counted.

    *own* items are on the theme itself; the rest only on its sub-themes. '' when there is
    nothing to say (all of it on the theme itself, or nothing at all).

    >>> rollup_note(0, 27), rollup_note(4, 27), rollup_note(5, 5), rollup_note(0, 0)
    ('0 on the theme itself · 27 in its sub-themes', '4 on the theme itself · 23 more in its sub-themes', '', '')
    """
    if total <= own:
        return ""
    return f"{own} on the theme itself · {total - own} {'more ' if own else ''}in its sub-themes"
