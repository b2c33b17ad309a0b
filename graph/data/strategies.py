"""Strategy nodes: what managers, organisations and policy makers did or advised, and their edges."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.data.cells import split_list
from graph.data.vocabulary import ACTORS, PHASES, STATUSES

__all__ = ["ACTORS", "PHASES", "STATUSES", "add_strategy_nodes"]


_LISTS = ("addresses", "relies_on", "evidence")


def add_strategy_nodes(G: nx.MultiDiGraph, rows: list[dict[str, Any]]) -> None:
    """Add the ``strategies`` table's rows to *G* (in place), after its evidence nodes.

    Each row becomes a node of ``kind`` ``strategy`` with its columns as
    attributes (``addresses``, ``relies_on`` and ``evidence`` as lists) and
    ``country_bases`` merged from its evidence; its edges are ``addresses`` and
    ``relies_on`` (to factors), ``supported_by`` (to each evidence row) and
    ``reported_in`` (to its study). A package without the table adds nothing.

    Parameters
    ----------
    G : the graph being built, holding the factor, evidence and study nodes.
    rows : validated rows of the ``strategies`` table.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ev-a-1", kind="evidence", country_bases={"SE": "setting"})
    >>> add_strategy_nodes(G, [{"id": "strat-a", "study": "a", "label": "Train staff", "addresses": "stigma",
    ...                         "relies_on": None, "evidence": "ev-a-1", "_row": 2}])
    >>> G.nodes["strat-a"]["kind"], G.nodes["strat-a"]["countries"]
    ('strategy', ['SE'])
    >>> sorted(r for _, _, r in G.out_edges("strat-a", data="relation"))
    ['addresses', 'reported_in', 'supported_by']
    """
    for r in rows:
        a = {k: (split_list(v) if k in _LISTS else ("" if v is None else v)) for k, v in r.items() if not k.startswith("_")}
        bases: dict[str, set[str]] = {}
        for ev in a["evidence"]:
            for c, basis in G.nodes[ev].get("country_bases", {}).items():
                bases.setdefault(c, set()).add(basis)
        a["country_bases"] = {c: sorted(b) for c, b in sorted(bases.items())}
        a["countries"] = list(a["country_bases"])
        G.add_node(r["id"], kind="strategy", **a)
        G.add_edge(r["id"], r["study"], relation="reported_in")
        for f in a["addresses"]:
            G.add_edge(r["id"], f, relation="addresses")
        for f in a["relies_on"]:
            G.add_edge(r["id"], f, relation="relies_on")
        for ev in a["evidence"]:
            G.add_edge(r["id"], ev, relation="supported_by")
