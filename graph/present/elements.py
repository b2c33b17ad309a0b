"""Cytoscape elements of the explorer's drawings, laid out in Python: the explore view (:func:`view_elements`,
:func:`view_geometry`) and the banded panels (:func:`graph_elements`).

The explorer sends them to its canvas and the exports (:mod:`graph.present.figure`, :mod:`graph.present.deck`)
draw the very same elements, so a figure shows what the screen shows.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from graph.data.memo import memo
from graph.present.layout import LAYOUT_ALIASES, factor_positions, short_label
from graph.present.style import (
    BORDER_WIDTH,
    HIGHLIGHT_BORDER_WIDTH,
    LEVEL_LABELS,
    edge_look,
    level_colours,
    node_size,
)

__all__ = ["graph_elements", "routed_lines", "segment_style", "view_elements", "view_geometry"]

#: Routed lines of a banded panel (:func:`graph_elements`) closer than this (model px) are routed apart: a panel
#: may be drawn at half size (its smallest labels, 22 px, at 11 px), where lines a track apart are 6 px apart.
PANEL_APART = 12.0
#: Tracks round a banded panel's names that its routed lines may take: few, so that the lines keep the panel as
#: wide as its boxes and names (the path finder draws it across its column, at a readable size).
PANEL_ROOM = 1


def graph_elements(D: nx.DiGraph, G: nx.MultiDiGraph, *, compound: bool = True, bands: bool = True,
                   edge_classes: dict[tuple[str, str], str] | None = None,
                   node_classes: dict[str, str] | None = None, themes_only: bool = False,
                   positions: dict[str, tuple[float, float]] | None = None, routed: bool = False) -> list[dict[str, Any]]:
    """Cytoscape elements for an influence DiGraph, positioned in level bands.

    Themes become compound parents of their visible sub-themes and levels become
    band parents of their themes (when *compound*). Positions come from
    :func:`graph.present.layout.factor_positions` over the whole graph *G*, so every
    panel drawn from the same data places a factor at the same spot
    (*themes_only* for views that roll sub-themes up into themes). Nodes are
    labelled with :func:`graph.present.layout.short_label`; ``full_label`` keeps the rest.
    *positions* (``{id: (x, y)}``, e.g. :func:`graph.present.layout.compact_positions` of *D*) place the
    factors instead. *routed*: each line routed round every name and box on a track of its own
    (:func:`routed_lines`, themes drawn as dots; the highlighted lines, *edge_classes* ``hl``, first; not with
    more than :data:`graph.present.routing.ROUTED_LINES_AT_MOST` lines), and each theme's box drawn round its
    sub-themes where the routing put it (a theme's box then takes no position: cytoscape puts it round its
    sub-themes).
    """
    pos = factor_positions(G, themes_only=themes_only) if positions is None else positions
    counts = {n: a.get("evidence_count", len(a.get("evidence", []))) for n, a in D.nodes(data=True)}
    max_count = max(counts.values(), default=0)
    edge_counts = [a.get("evidence_count", len(a.get("evidence", []))) for _, _, a in D.edges(data=True)]
    max_edge = max(edge_counts, default=0)
    parents_with_children = {a.get("parent") for n, a in D.nodes(data=True)
                             if a.get("factor_kind") == "subtheme" and a.get("parent") in D}
    routes: dict = {}
    extra: dict[str, dict] = {}
    if routed:
        from graph.present.routing import ROUTED_LINES_AT_MOST

        pos = {n: p for n, p in pos.items() if n in D and not (compound and n in parents_with_children)}
    if routed and D.number_of_edges() <= ROUTED_LINES_AT_MOST:  # more lines than that: drawn unrouted
        hl = {n for n, c in (node_classes or {}).items() if c == "hl"}  # their borders drawn thick, the rest thin
        routes, extra = routed_lines(D, pos, theme_dots=True,
                                     first={e for e, c in (edge_classes or {}).items() if c == "hl"},
                                     rims={n: (HIGHLIGHT_BORDER_WIDTH if n in hl else BORDER_WIDTH) / 2 + 1 for n in D},
                                     apart=PANEL_APART, room=PANEL_ROOM)
    elements: list[dict[str, Any]] = []
    bands = bands and compound
    if bands:
        for _, level in sorted({(a.get("level_rank", 0), a["level"]) for _, a in D.nodes(data=True)}):
            elements.append({"data": {"id": f"band:{level}", "label": LEVEL_LABELS.get(level, level).replace(" (", "\n("),
                                      "level": level, "size": 10}, "classes": f"band {level}", "selectable": False})
    node_classes = node_classes or {}
    for n, a in D.nodes(data=True):
        kind = a.get("factor_kind", "theme")
        is_parent = compound and n in parents_with_children
        data: dict[str, Any] = {"id": n, "label": short_label(a.get("label", n)), "full_label": a.get("label", n),
                                "level": a.get("level", ""),
                                "kind": "factor", "factor_kind": kind, "evidence_count": counts[n],
                                "size": node_size(counts[n], max_count)}
        data["colour"], data["tint"] = level_colours(a.get("level", ""), a.get("level_rank"))
        if compound:
            if kind == "subtheme" and a.get("parent") in D:
                data["parent"] = a["parent"]
            elif bands:
                data["parent"] = f"band:{a['level']}"
        classes = [a.get("level", ""), kind, "compound" if is_parent else "leaf"]
        if n in node_classes:
            classes.append(node_classes[n])
        if is_parent and n in extra.get("sizing", {}):  # its box drawn where its lines were routed round it
            data.update(extra["sizing"][n])
        el: dict[str, Any] = {"data": data, "classes": " ".join(classes)}
        if n in pos:
            el["position"] = {"x": pos[n][0], "y": pos[n][1]}
        elements.append(el)
    edge_classes = edge_classes or {}
    for u, v, a in D.edges(data=True):
        count = a.get("evidence_count", len(a.get("evidence", [])))
        classes = [a.get("scope", ""), a.get("direction", ""), "evidenced" if count else "unevidenced"]
        if (u, v) in edge_classes:
            classes.append(edge_classes[(u, v)])
        data = {"id": f"{u}>{v}", "source": u, "target": v, "evidence_count": count,
                "width": edge_look(a.get("scope", ""), a.get("direction", ""), count, max_edge)["width"],
                "arrow": "↑" if a.get("direction") == "upward" else "",
                "scope": a.get("scope", ""), "direction": a.get("direction", "")}
        if routed:
            _routed_edge(data, classes, pos, routes, extra)
        elements.append({"data": data, "classes": " ".join(c for c in classes if c)})
    return elements


def segment_style(source: tuple[float, float], target: tuple[float, float],
                  bends: list[tuple[float, float]]) -> dict[str, str]:
    """Cytoscape ``segment-weights`` / ``segment-distances`` that bend a line through *bends* (model points).

    Weights run along source → target (0 to 1); distances are perpendicular to it
    (cytoscape measures them from node centres with ``edge-distances: node-position``).

    >>> segment_style((0, 0), (100, 0), [(50, 20)])
    {'weights': '0.5', 'distances': '20.0'}
    """
    dx, dy = target[0] - source[0], target[1] - source[1]
    length2 = dx * dx + dy * dy or 1.0
    length = math.sqrt(length2)
    weights, distances = [], []
    for x, y in bends:
        wx, wy = x - source[0], y - source[1]
        weights.append(f"{(wx * dx + wy * dy) / length2:.4g}")
        distances.append(f"{(dx * wy - dy * wx) / length:.1f}")
    return {"weights": " ".join(weights), "distances": " ".join(distances)}


def _box_extent(a: dict[str, Any], p: tuple[float, float]) -> tuple[float, float, float, float]:
    """Rough model-space extent of a drawn factor (box, or dot with its label under it)."""
    if a.get("factor_kind") == "theme":
        return p[0] - 100, p[1] - 40, p[0] + 100, p[1] + 40
    # a dot, its label (up to four lines) under it, its theme box's padding and title above
    return p[0] - 95, p[1] - 40, p[0] + 95, p[1] + 130


def view_geometry(V: nx.DiGraph, G: nx.MultiDiGraph, layout: str = "bands") -> tuple[dict, dict, dict]:
    """Where :func:`view_elements` puts the view's factors, the bends of lines routed around boxes (with open
    themes, round every name: :func:`graph.present.routing.grid_routes`; not with more than
    :data:`graph.present.routing.ROUTED_LINES_AT_MOST` lines), and ``{"centres": where open themes'
    boxes are centred, "ends": where each bent line leaves its source and reaches its target, "sizing": how
    cytoscape is told to draw those boxes there (:func:`graph.present.routing.frame_sizing`)}``.

    The costly part of drawing a view: the explore view keeps it per graph and view.
    """
    from graph.present.layout import line_routes, view_positions
    from graph.present.routing import ROUTED_LINES_AT_MOST

    pos = view_positions(V, G, layout)
    has_kids = any(a.get("factor_kind") == "subtheme" for _, a in V.nodes(data=True))
    banded = (LAYOUT_ALIASES.get(layout, layout)) == "bands"
    if not banded or has_kids and V.number_of_edges() > ROUTED_LINES_AT_MOST:  # too many lines to route: as drawn
        return pos, {}, {}
    if has_kids:  # open themes: every line on a track of its own, round every name
        return pos, *routed_lines(V, pos)
    return pos, line_routes({n: p for n, p in pos.items() if V.nodes[n].get("factor_kind") == "theme"},
                            list(V.edges)), {}


def routed_lines(V: nx.DiGraph, pos: dict[str, tuple[float, float]], *, theme_dots: bool = False,
                 first: Collection[tuple[str, str]] = (), rims: Mapping[str, float] | None = None,
                 apart: float | None = None, room: int | None = None) -> tuple[dict, dict[str, dict]]:
    """The lines of *V* routed round every name and box, each on a track of its own
    (:func:`graph.present.routing.grid_routes`), its factors drawn at *pos* (open themes, those with sub-themes
    in *V*, left out: their boxes hold their sub-themes).

    Parameters
    ----------
    V : a view (factors with ``factor_kind``, ``theme``, ``label``, ``evidence_count``; influences).
    pos : ``{factor: (x, y)}``, every drawn factor but open themes.
    theme_dots : closed themes drawn as dots with their names under them (the path finder), not as boxes
        with their names inside (the explorer); see :func:`graph.present.routing.obstacles`.
    first : lines routed before the others (say, a highlighted route's), which then take the most direct tracks;
        else in :func:`graph.present.routing.routing_order`.
    rims : how far past its size each factor's dot is drawn (:func:`graph.present.routing.obstacles`).
    apart, room : lines drawn closer (model px) are routed apart; how many tracks round the drawing lines may take
        (:func:`graph.present.routing.grid_routes`; its defaults unless told).

    Returns
    -------
    ``(routes, extra)``: the bends of each routed line (``[]``: straight), and ``{"centres": where open themes'
    boxes are centred, "ends": where each bent line leaves its source and reaches its target, "sizing": how
    cytoscape is told to draw those boxes there (:func:`graph.present.routing.frame_sizing`)}``.

    Examples
    --------
    >>> V = nx.DiGraph([("a", "b", {"evidence_count": 1})])
    >>> V.add_nodes_from(["a", "b"], factor_kind="theme", evidence_count=1)
    >>> V.add_node("w", factor_kind="theme", label="In between", evidence_count=1)
    >>> routes, _ = routed_lines(V, {"a": (0.0, 0.0), "b": (600.0, 0.0), "w": (300.0, -40.0)}, theme_dots=True)
    >>> len(routes[("a", "b")]) > 0  # bent round the name of w, drawn under its dot
    True
    """
    from graph.present.routing import (
        APART,
        ROOM,
        endpoint,
        frame_sizing,
        frames,
        grid_routes,
        obstacles,
        routing_order,
    )

    walls = obstacles(V, pos, theme_dots=theme_dots, rims=rims)
    boxes = frames(V, walls)
    centres = {t: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for t, b in boxes.items()}
    closed = {} if theme_dots else {n: walls[n][0] for n in pos if V.nodes[n].get("factor_kind") == "theme"}
    order = sorted(routing_order(V, {**pos, **centres}), key=lambda e: e not in first)
    routes = grid_routes(pos, walls, order, {**boxes, **closed}, {t: walls[t][0] for t in boxes},
                         APART if apart is None else apart, ROOM if room is None else room)
    ends = {}  # where each bent line leaves its source and reaches its target (cytoscape's own aim is straight)
    for (u, v), bends in routes.items():
        if bends:
            ends[(u, v)] = tuple(endpoint(n, p, pos, {**boxes, **closed}, walls[n][0][2] - pos[n][0]
                                          if n in walls and n in pos else 0.0)
                                 for n, p in ((u, bends[0]), (v, bends[-1])))
    return routes, {"centres": centres, "ends": ends, "sizing": frame_sizing(V, walls)}


def _routed_edge(data: dict[str, Any], classes: list[str], pos: dict[str, tuple[float, float]], routes: dict,
                 extra: dict[str, dict]) -> None:
    """Style the edge of *data* (its ``source`` and ``target``) as :func:`routed_lines` routed it (*routes*,
    *extra*; its factors at *pos*): ``straight``, or ``bent`` through its bends (``seg_w``, ``seg_d``) from
    where it leaves its source to where it reaches its target (``sep``, ``tep``; else cytoscape's own ends, named:
    the canvas merges a redrawn edge's data into what it had, so an end left out would stay where it was)."""
    e = (data["source"], data["target"])
    data.update(sep="outside-to-node", tep="outside-to-node")
    if routes.get(e) == []:  # routed, and straight: no bezier bundling with a line the other way
        classes.append("straight")
    elif e in routes:
        centres, ends = extra.get("centres", {}), extra.get("ends", {})
        seg = segment_style(pos.get(e[0]) or centres[e[0]], pos.get(e[1]) or centres[e[1]], routes[e])
        data.update(seg_w=seg["weights"], seg_d=seg["distances"])
        if e in ends:
            data.update(sep=ends[e][0], tep=ends[e][1])
        classes.append("bent")


def view_elements(V: nx.DiGraph, G: nx.MultiDiGraph, layout: str = "bands", *,
                  node_marks: dict[str, str] | None = None,
                  edge_marks: dict[tuple[str, str], str] | None = None,
                  geometry: tuple[dict, dict, dict] | None = None) -> list[dict[str, Any]]:
    """Cytoscape elements of the explore view *V* (:func:`graph.query.rollup.rolled_up`), laid out in Python.

    Closed themes are labelled boxes (name and evidence count inside); open
    themes are boxes around their sub-themes (a sub-theme's parent never
    changes, so cytoscape keeps it when filters change); level bands are
    background rectangles, not parents. Lines that would cross a box bend
    around it (:func:`graph.present.layout.line_routes`). *node_marks* / *edge_marks*
    add a class (``focus``, ``selected``, ``near``, ``faded``) to some elements;
    *geometry* is :func:`view_geometry` of the same view when the caller kept it.
    """
    from graph.present.layout import THEME_BOX_H, THEME_BOX_W

    pos, routes, extra = geometry or view_geometry(V, G, layout)
    sizing = extra.get("sizing", {})
    node_marks, edge_marks = node_marks or {}, edge_marks or {}
    with_kids = memo(G, "themes-with-subthemes", None, lambda: frozenset(
        a.get("theme") for _, a in G.nodes(data=True) if a.get("factor_kind") == "subtheme"))
    counts = [a["evidence_count"] for n, a in V.nodes(data=True) if not a.get("container")]
    max_count = max(counts, default=0)
    edge_counts = [a.get("evidence_count", 0) for _, _, a in V.edges(data=True)]
    max_edge = max(edge_counts, default=0)
    has_kids = {a["theme"] for _, a in V.nodes(data=True) if a.get("factor_kind") == "subtheme"}
    elements: list[dict[str, Any]] = []
    banded = (LAYOUT_ALIASES.get(layout, layout)) == "bands"
    if banded and pos:
        extents = {}
        for n, p in pos.items():
            lv = V.nodes[n]["level"]
            box = _box_extent(V.nodes[n], p)
            if V.nodes[n].get("factor_kind") == "subtheme":  # the theme's title sits above its box
                box = (box[0], box[1] - 90, box[2], box[3])
            lo = extents.get(lv, box)
            extents[lv] = (min(lo[0], box[0]), min(lo[1], box[1]), max(lo[2], box[2]), max(lo[3], box[3]))
        x0 = min(e[0] for e in extents.values()) - 20
        x1 = max(e[2] for e in extents.values()) + 20
        ranks = {a["level"]: a.get("level_rank", 0) for _, a in V.nodes(data=True)}
        for lv in sorted(extents, key=lambda lv_: (ranks.get(lv_, 0), lv_)):
            _, y0, _, y1 = extents[lv]
            name = LEVEL_LABELS.get(lv) or (G.nodes[lv].get("label", lv) if lv in G else lv)
            elements.append({"data": {"id": f"band:{lv}", "label": name.replace(" (", "\n("),
                                      "level": lv, "kind": "band", "w": round(x1 - x0), "h": round(y1 - y0 + 24)},
                             "position": {"x": round((x0 + x1) / 2, 1), "y": round((y0 + y1) / 2, 1)},
                             "classes": f"band {lv}", "selectable": False, "grabbable": False})
    for n, a in V.nodes(data=True):
        kind = a.get("factor_kind", "theme")
        is_open = kind == "theme" and n in has_kids
        label = short_label(a.get("label", n))
        if kind == "theme" and not is_open:
            label += f"\n{a['evidence_count']} evidence"
        data: dict[str, Any] = {"id": n, "label": label, "full_label": a.get("label", n), "level": a.get("level", ""),
                                "kind": "group" if a.get("container") else "factor", "factor_kind": kind,
                                "evidence_count": a["evidence_count"],
                                "size": node_size(a["evidence_count"], max_count),
                                "w": THEME_BOX_W, "h": THEME_BOX_H}
        data["colour"], data["tint"] = level_colours(a.get("level", ""), a.get("level_rank"))
        if kind == "subtheme":
            data["parent"] = a["theme"]
        classes = [a.get("level", ""), kind, "compound" if is_open else "leaf"]
        if kind == "theme" and not is_open:
            classes.append("box")
        if a.get("container"):
            classes.append("container")
        if n in node_marks:
            classes.append(node_marks[n])
        if is_open and n in sizing:  # its box drawn where its lines were routed round it
            data.update(sizing[n])
        if kind == "theme" and not is_open and n in with_kids:
            data["can_open"] = True
        el: dict[str, Any] = {"data": data, "classes": " ".join(classes)}
        if n in pos:
            el["position"] = {"x": pos[n][0], "y": pos[n][1]}
        elements.append(el)
    for u, v, a in V.edges(data=True):
        count = a.get("evidence_count", 0)
        classes = [a.get("scope", ""), a.get("direction", ""), "evidenced" if count else "unevidenced"]
        data = {"id": f"{u}>{v}", "source": u, "target": v, "evidence_count": count,
                "width": edge_look(a.get("scope", ""), a.get("direction", ""), count, max_edge)["width"],
                "scope": a.get("scope", ""), "direction": a.get("direction", ""),
                "n_influences": len(a.get("influences", [])) or 1}
        if (u, v) in edge_marks:
            classes.append(edge_marks[(u, v)])
        _routed_edge(data, classes, pos, routes, extra)
        elements.append({"data": data, "classes": " ".join(c for c in classes if c)})
    return elements
