"""What a new version of the data package changed: new factors and influences, what became contested or lost its
single-source status, the gaps filled, new countries and each paper's evidence count.

Every number is read from the function that counts it everywhere else: flags and counts from
:func:`graph.query.strength.strength_index`, cells from :func:`graph.query.matrix.matrix_counts`, evidence per
paper from :func:`graph.query.counts.paper_counts` and per country from :func:`graph.query.counts.country_counts`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.data.load import influence_edges
from graph.data.memo import memo
from graph.data.vocabulary import NOT_STATED
from graph.query.counts import country_counts, paper_counts
from graph.query.matrix import matrix_counts
from graph.query.strength import strength_index

__all__ = ["package_changes"]


def _kind(G: nx.MultiDiGraph, kind: str) -> dict[str, dict[str, Any]]:
    return {n: a for n, a in G.nodes(data=True) if a.get("kind") == kind}


def _influence_label(G: nx.MultiDiGraph, influence: str) -> str:
    """``Source → Target``, the factors' labels."""
    ends = memo(G, "influence-ends", None, lambda: {a["id"]: (u, v) for u, v, a in influence_edges(G)})
    source, target = ends[influence]
    return f"{G.nodes[source]['label']} → {G.nodes[target]['label']}"


def _flag_changes(old: dict[str, dict], new: dict[str, dict], flag: str, became: bool) -> list[str]:
    """The ids in both records whose *flag* turned to *became*."""
    return sorted(k for k in old.keys() & new.keys() if old[k][flag] != became and new[k][flag] == became)


def _cells(G: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """Evidence items per (factor, country) cell of the matrix, the empty cells included."""
    mc = matrix_counts(G, "country")
    total = mc.counts.sum(axis=0)
    return {(f, c): int(total[i, j]) for i, f in enumerate(mc.factors) for j, c in enumerate(mc.columns)
            if c != NOT_STATED}


def package_changes(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> dict[str, Any]:
    """What changed from the package of graph *old* to that of graph *new*.

    Parameters
    ----------
    old, new : knowledge graphs (:func:`graph.load_graph` of each folder).

    Returns
    -------
    A dict of lists, each sorted by id:

    * ``versions``: ``{"old", "new"}``, the packages' versions;
    * ``new_factors`` / ``removed_factors``: ``{"id", "label"}``;
    * ``new_influences`` / ``removed_influences``: ``{"id", "label", "evidence", "papers", "contested",
      "single_source"}`` (the new graph's strength record, :func:`~graph.query.strength.strength_index`);
    * ``became_contested``: ``{"kind", "id", "label"}``, factors and influences in both versions whose findings
      now report them as an enabler and as a barrier;
    * ``no_longer_single_source``: the same for those a second paper now states or evidences;
    * ``gaps_filled``: ``{"factor", "country", "evidence"}``, the cells of the evidence matrix
      (:func:`~graph.query.matrix.matrix_counts`, a theme rolling up its sub-themes) that were 0 and are
      no longer, for the countries both versions hold;
    * ``new_countries``: ``{"id", "name", "evidence"}`` (:func:`~graph.query.counts.country_counts`);
    * ``evidence_per_study``: ``{"study", "label", "old", "new"}`` for each paper whose count
      (:func:`~graph.query.counts.paper_counts`) changed.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> same = package_changes(G, G)
    >>> [k for k, v in same.items() if v and k != "versions"]
    []
    >>> from graph.data.synth import synthesize
    >>> import tempfile
    >>> bigger = tempfile.mkdtemp()
    >>> _ = synthesize(bigger, 2, seed=1)
    >>> grown = package_changes(G, load_graph(bigger))
    >>> len(grown["new_factors"]) > 0, len(grown["evidence_per_study"]) > 0
    (True, True)
    """
    old_s, new_s = strength_index(old), strength_index(new)
    old_f, new_f = _kind(old, "factor"), _kind(new, "factor")
    old_c, new_c = _kind(old, "country"), _kind(new, "country")

    def influence(i: str) -> dict[str, Any]:
        r = new_s["influences"][i]
        return {"id": i, "label": _influence_label(new, i), "evidence": r["evidence"], "papers": r["papers"],
                "contested": r["contested"], "single_source": r["single_source"]}

    def flagged(flag: str, became: bool) -> list[dict[str, str]]:
        out = [{"kind": "factor", "id": f, "label": new_f[f]["label"]}
               for f in _flag_changes(old_s["factors"], new_s["factors"], flag, became)]
        return out + [{"kind": "influence", "id": i, "label": _influence_label(new, i)}
                      for i in _flag_changes(old_s["influences"], new_s["influences"], flag, became)]

    before, after = _cells(old), _cells(new)
    filled = [{"factor": f, "country": c, "evidence": n} for (f, c), n in sorted(after.items())
              if n and c in old_c and (f, c) in before and not before[f, c]]
    countries = country_counts(new)
    papers_old, papers_new = paper_counts(old), paper_counts(new)
    studies = sorted(papers_old.keys() | papers_new.keys())
    return {
        "versions": {"old": old.graph.get("version", ""), "new": new.graph.get("version", "")},
        "new_factors": [{"id": f, "label": new_f[f]["label"]} for f in sorted(new_f.keys() - old_f.keys())],
        "removed_factors": [{"id": f, "label": old_f[f]["label"]} for f in sorted(old_f.keys() - new_f.keys())],
        "new_influences": [influence(i) for i in sorted(new_s["influences"].keys() - old_s["influences"].keys())],
        "removed_influences": [{"id": i, "label": _influence_label(old, i)}
                               for i in sorted(old_s["influences"].keys() - new_s["influences"].keys())],
        "became_contested": flagged("contested", True),
        "no_longer_single_source": flagged("single_source", False),
        "gaps_filled": filled,
        "new_countries": [{"id": c, "name": new_c[c]["label"], "evidence": countries.get(c, 0)}
                          for c in sorted(new_c.keys() - old_c.keys())],
        "evidence_per_study": [{"study": s, "label": (new.nodes[s] if s in new else old.nodes[s])["label"],
                                "old": papers_old.get(s, 0), "new": papers_new.get(s, 0)}
                               for s in studies if papers_old.get(s, 0) != papers_new.get(s, 0)],
    }
