"""The country comparison's panels, as the explorer draws them and its deck shows them.

Two to four countries side by side at theme level, in identical positions, every influence coloured by its
status among the chosen countries: shared by all of them, in some, or only in one (:func:`status`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.present.elements import graph_elements
from graph.present.layout import factor_positions
from graph.present.style import OKABE_ITO
from graph.query.filters import NOT_STATED, NOT_STATED_LABEL
from graph.query.paths import influence_view

__all__ = ["BAND_GAP", "GRANULARITY", "NODE_SCALE", "PANEL_LABEL_SCALE", "PANEL_WIDTH", "ROW_GAP", "STATUS_COLOURS",
           "STATUS_WORDS",
           "and_list", "comparison_panels", "country_names", "panel_elements", "panel_positions", "status",
           "status_kinds"]

#: The panels roll influences up to themes: nine nodes whose names stay readable side by side.
GRANULARITY = "theme"
#: Edge colours by status among the chosen countries (Okabe–Ito; levels use blue, orange, green).
STATUS_COLOURS = {"all": "#222222", "some": OKABE_ITO["sky"], "only": OKABE_ITO["purple"]}
#: Panel geometry in model units, drawn at about 1:1 in a third of a 1280 px window.
PANEL_WIDTH = 330
ROW_GAP = 88
BAND_GAP = 108
NODE_SCALE = 0.6  # nodes smaller than in the explorer, so names have room
#: The panels' words on a slide, relative to the explorer's: 14 pt at the size two panels get side by side.
PANEL_LABEL_SCALE = 0.68


def country_names(G: nx.MultiDiGraph, codes: list[str]) -> dict[str, str]:
    """Display name of each code ("Country not stated" for :data:`NOT_STATED`).

    >>> from graph import load_graph
    >>> country_names(load_graph(), ["SE", "not-stated"])
    {'SE': 'Sweden', 'not-stated': 'Country not stated'}
    """
    return {c: NOT_STATED_LABEL if c == NOT_STATED else _label(G, c) for c in codes}


def and_list(names: list[str]) -> str:
    """Names joined as in a sentence.

    >>> and_list(["Sweden"]), and_list(["Sweden", "Norway", "Denmark"])
    ('Sweden', 'Sweden, Norway and Denmark')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def status(present: list[str], codes: list[str], names: dict[str, str]) -> tuple[str, str]:
    """``(kind, text)`` of an influence evidenced in *present* out of the chosen *codes*.

    >>> names = {"SE": "Sweden", "NO": "Norway", "DK": "Denmark"}
    >>> status(["SE", "NO", "DK"], ["SE", "NO", "DK"], names)
    ('all', 'shared by all three')
    >>> status(["SE", "NO"], ["SE", "NO", "DK"], names), status(["DK"], ["SE", "NO", "DK"], names)
    (('some', 'in Sweden and Norway'), ('only', 'only Denmark'))
    >>> status(["SE", "NO"], ["SE", "NO"], names)
    ('all', 'shared by both')
    """
    if len(present) == len(codes):
        return "all", "shared by " + {2: "both", 3: "all three", 4: "all four"}.get(len(codes), "all")
    inline = [names[c].lower() if c == NOT_STATED else names[c] for c in present]
    if len(present) == 1:
        return "only", f"only {inline[0]}"
    return "some", "in " + and_list(inline)


def panel_positions(G: nx.MultiDiGraph, V: nx.DiGraph) -> tuple[dict[str, dict[str, float]], set[str]]:
    """Theme positions for a narrow panel, the same for every country, and the nodes in three-wide rows.

    Each level band keeps the framework's left-to-right order; a band of more
    than three themes wraps into rows of two, so every name has room.
    """
    pos = factor_positions(G, themes_only=True)
    bands: dict[float, list[str]] = {}
    for n in sorted((n for n in V if n in pos), key=lambda n: (pos[n][1], pos[n][0])):
        bands.setdefault(pos[n][1], []).append(n)
    out: dict[str, dict[str, float]] = {}
    narrow: set[str] = set()
    y = 0.0
    for band in (bands[k] for k in sorted(bands)):
        per_row = len(band) if len(band) <= 3 else 2
        rows = [band[i:i + per_row] for i in range(0, len(band), per_row)]
        for r, row in enumerate(rows):
            step = PANEL_WIDTH / len(row)
            for i, n in enumerate(row):
                out[n] = {"x": round((i - (len(row) - 1) / 2) * step, 1), "y": y}
                if len(row) >= 3:
                    narrow.add(n)
            y += ROW_GAP if r < len(rows) - 1 else BAND_GAP
    return out, narrow


def panel_elements(G: nx.MultiDiGraph, V: nx.DiGraph, kinds: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """The cytoscape elements of one country's panel (*V*: its influence view at theme level)."""
    pos, narrow = panel_positions(G, V)
    node_classes = {n: " ".join(filter(None, ["narrow" if n in narrow else "",
                                              "" if V.nodes[n].get("evidence") else "noev"])) for n in V}
    elements = graph_elements(V, G, themes_only=True, node_classes=node_classes,
                                edge_classes={e: f"st-{kinds.get(e, 'only')}" for e in V.edges})
    for el in elements:
        if el["data"].get("id") in pos:
            el["position"] = pos[el["data"]["id"]]
            el["data"]["size"] = round(el["data"]["size"] * NODE_SCALE, 1)
    return elements


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n


def status_kinds(result: dict[str, Any], names: dict[str, str]) -> dict[tuple[str, str], str]:
    """The status (``all``, ``some``, ``only``) of each influence in a comparison with ``presence``
    (:func:`graph.query.compare.compare_countries`).

    >>> from graph import load_graph
    >>> from graph.query.compare import compare_countries
    >>> G = load_graph()
    >>> r = compare_countries(G, ["SE", "DK"], granularity=GRANULARITY, presence=True)
    >>> set(status_kinds(r, country_names(G, r["countries"])).values()) <= {"all", "some", "only"}
    True
    """
    codes = result["countries"]
    return {(p["source"], p["target"]): status(p["countries"], codes, names)[0] for p in result["presence"]}


#: The statuses in words, for a legend.
STATUS_WORDS = {"all": "shared by all chosen", "some": "in some", "only": "only this country"}


def comparison_panels(G: nx.MultiDiGraph, codes: list[str], names: dict[str, str],
                      kinds: dict[tuple[str, str], str], views: dict[str, nx.DiGraph] | None = None,
                      ) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[tuple[str, str]]]:
    """Each country's panel as ``(name, elements)``, its lines in their status colours, and the legend
    ``(colour, words)`` of the statuses drawn: what the comparison deck shows. *views*: each country's view in
    the comparison (:func:`graph.query.compare.country_views`; default: its whole influence view).

    >>> from graph import load_graph
    >>> from graph.query.compare import compare_countries
    >>> G = load_graph()
    >>> r = compare_countries(G, ["SE", "DK"], granularity=GRANULARITY, presence=True)
    >>> names = country_names(G, r["countries"])
    >>> panels, legend = comparison_panels(G, r["countries"], names, status_kinds(r, names))
    >>> [name for name, _ in panels]
    ['Sweden', 'Denmark']
    """
    panels = []
    for c in codes:
        V = views[c] if views is not None else influence_view(G, GRANULARITY, countries=[c])
        elements = panel_elements(G, V, kinds)
        for el in elements:  # the status colours, as the panels draw them
            if "source" in el["data"]:
                el["data"]["colour"] = STATUS_COLOURS[kinds.get((el["data"]["source"], el["data"]["target"]), "only")]
        panels.append((names[c], elements))
    legend = [(STATUS_COLOURS[k], STATUS_WORDS[k]) for k in STATUS_WORDS if k in kinds.values()]
    return panels, legend
