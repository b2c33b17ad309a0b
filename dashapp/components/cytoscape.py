"""Cytoscape drawing shared by the views: elements positioned in level bands, stylesheets, the legend."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from dash import html

from graph.data.memo import memo
from graph.present.layout import LAYOUT_ALIASES, factor_positions, short_label
from graph.present.style import (
    EDGE_COLOUR,
    HIGHLIGHT_COLOUR,
    LEVEL_COLOURS,
    LEVEL_LABELS,
    UPWARD_COLOUR,
    edge_look,
    level_colours,
    node_size,
)

from .options import LEVELS


def graph_elements(D: nx.DiGraph, G: nx.MultiDiGraph, *, compound: bool = True, bands: bool = True,
                   edge_classes: dict[tuple[str, str], str] | None = None,
                   node_classes: dict[str, str] | None = None, themes_only: bool = False) -> list[dict[str, Any]]:
    """Cytoscape elements for an influence DiGraph, positioned in level bands.

    Themes become compound parents of their visible sub-themes and levels become
    band parents of their themes (when *compound*). Positions come from
    :func:`graph.present.layout.factor_positions` over the whole graph *G*, so every
    panel drawn from the same data places a factor at the same spot
    (*themes_only* for views that roll sub-themes up into themes). Nodes are
    labelled with :func:`graph.present.layout.short_label`; ``full_label`` keeps the rest.
    """
    pos = factor_positions(G, themes_only=themes_only)
    counts = {n: a.get("evidence_count", len(a.get("evidence", []))) for n, a in D.nodes(data=True)}
    max_count = max(counts.values(), default=0)
    edge_counts = [a.get("evidence_count", len(a.get("evidence", []))) for _, _, a in D.edges(data=True)]
    max_edge = max(edge_counts, default=0)
    parents_with_children = {a.get("parent") for n, a in D.nodes(data=True)
                             if a.get("factor_kind") == "subtheme" and a.get("parent") in D}
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
        elements.append({"data": {
            "id": f"{u}>{v}", "source": u, "target": v, "evidence_count": count,
            "width": edge_look(a.get("scope", ""), a.get("direction", ""), count, max_edge)["width"],
            "arrow": "↑" if a.get("direction") == "upward" else "",
            "scope": a.get("scope", ""), "direction": a.get("direction", ""),
        }, "classes": " ".join(c for c in classes if c)})
    return elements


def base_stylesheet(*, small: bool = False) -> list[dict[str, Any]]:
    """The cytoscape stylesheet shared by every graph panel.

    *small* panels (side-by-side comparisons) keep theme names but show
    sub-theme names only once zoomed in far enough to read them.
    """
    sheet: list[dict[str, Any]] = [
        # sub-theme labels: wrapped under the node; hidden when zoomed out too far to read them
        {"selector": "node", "style": {
            "label": "data(label)", "text-wrap": "wrap", "text-max-width": "155px", "font-size": "18px",
            "line-height": 1.1, "text-valign": "bottom", "text-margin-y": 4, "width": "data(size)",
            "height": "data(size)", "border-width": 1, "border-color": "#333", "color": "#222",
            "text-outline-color": "#fff", "text-outline-width": 2.5, "min-zoomed-font-size": 8}},
        # themes drawn as single nodes (rolled-up views, or a theme whose sub-themes are filtered out)
        {"selector": "node.theme.leaf", "style": {"shape": "round-rectangle", "font-weight": "bold",
                                                  "font-size": "22px", "text-max-width": "210px",
                                                  "min-zoomed-font-size": 6}},
        # a theme's box around its sub-themes, its name on top
        {"selector": "node.compound", "style": {
            "shape": "round-rectangle", "background-opacity": 0.12, "border-width": 2, "padding": "10px",
            "text-valign": "top", "text-halign": "center", "font-weight": "bold", "font-size": "22px",
            "text-max-width": "200px", "text-margin-y": -5, "min-zoomed-font-size": 6}},
        # a level band: a dashed box, its name written up its left side
        {"selector": "node.band", "style": {
            "shape": "rectangle", "background-opacity": 0.05, "border-style": "dashed", "border-width": 1,
            "border-color": "#999", "padding": "16px", "text-valign": "center", "text-halign": "left",
            "text-rotation": "-90deg", "text-margin-x": -4, "text-max-width": "400px", "font-size": "22px",
            "font-weight": "bold", "color": "#444", "events": "no", "min-zoomed-font-size": 0}},
        {"selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 1.1,
            "width": "data(width)", "line-color": EDGE_COLOUR, "target-arrow-color": EDGE_COLOUR,
            "opacity": 0.85, "label": "data(arrow)", "font-size": "16px", "color": UPWARD_COLOUR,
            "text-outline-color": "#fff", "text-outline-width": 2}},
        {"selector": "edge.intra-level", "style": {"line-style": "dashed", "line-dash-pattern": [7, 4]}},
        {"selector": "edge.upward", "style": {"line-color": UPWARD_COLOUR, "target-arrow-color": UPWARD_COLOUR,
                                              "target-arrow-shape": "triangle-tee"}},
        {"selector": "edge.unevidenced", "style": {"opacity": 0.4}},
        {"selector": ".faded", "style": {"opacity": 0.12}},
        {"selector": "edge.hl", "style": {"line-color": HIGHLIGHT_COLOUR, "target-arrow-color": HIGHLIGHT_COLOUR,
                                          "width": 6, "opacity": 1, "z-index": 20}},
        {"selector": "node.hl", "style": {"border-color": HIGHLIGHT_COLOUR, "border-width": 5}},
        {"selector": "edge.unique", "style": {"line-color": HIGHLIGHT_COLOUR, "target-arrow-color": HIGHLIGHT_COLOUR,
                                              "width": 5, "opacity": 1}},
        {"selector": "edge.shared", "style": {"line-color": "#222", "target-arrow-color": "#222"}},
    ]
    if small:
        sheet.append({"selector": "node.subtheme", "style": {"min-zoomed-font-size": 10}})
    for level, colour in LEVEL_COLOURS.items():
        sheet.insert(1, {"selector": f"node.{level}", "style": {"background-color": colour}})
        sheet.append({"selector": f"node.compound.{level}", "style": {"border-color": colour}})
    # any level a package names: its colour travels with the node
    sheet.insert(1, {"selector": "node[colour]", "style": {"background-color": "data(colour)"}})
    sheet.append({"selector": "node.compound[colour]", "style": {"border-color": "data(colour)"}})
    return sheet


def selection_stylesheet(selection: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Extra rules that outline the selected factor or influence."""
    if not selection:
        return []
    if selection.get("type") == "factor":
        return [{"selector": f'node[id = "{selection["id"]}"]',
                 "style": {"border-width": 5, "border-color": "#000", "z-index": 30}}]
    if selection.get("type") == "influence":
        eid = f'{selection["source"]}>{selection["target"]}'
        return [{"selector": f'edge[id = "{eid}"]', "style": {"width": 7, "line-color": "#000",
                                                            "target-arrow-color": "#000", "opacity": 1}}]
    return []


def legend(*, compare: bool = False, levels: list[tuple[str, str]] | None = None) -> html.Div:
    """The graph legend: level colours, edge styles, node size."""
    def swatch(colour: str, label: str) -> html.Span:
        return html.Span([html.Span(className="legend-dot", style={"backgroundColor": colour}), label],
                         className="legend-item")

    def line(style: str, label: str, colour: str = EDGE_COLOUR, mark: str = "") -> html.Span:
        return html.Span([html.Span(className="legend-line", style={"borderTop": f"3px {style} {colour}"}),
                          html.Span(mark, style={"color": colour}) if mark else None, label],
                         className="legend-item")

    levels = levels or [(lv, LEVEL_LABELS[lv]) for lv in LEVELS]
    items = [swatch(level_colours(lv, i + 1)[0], label) for i, (lv, label) in enumerate(levels)]
    items += [line("solid", "inter-level influence"), line("dashed", "intra-level influence"),
              line("solid", "upward influence", UPWARD_COLOUR, "↑"),
              line("solid", "framework only (no evidence yet)", "#bbb")]
    if compare:
        items += [line("solid", "unique to this country", HIGHLIGHT_COLOUR), line("solid", "in all chosen", "#222")]
    else:
        items += [line("solid", "highlighted path", HIGHLIGHT_COLOUR)]
    items.append(html.Span([html.Span(className="legend-dot small"), html.Span(className="legend-dot big"),
                            "node size = evidence count; boxes group sub-themes under their theme"],
                           className="legend-item"))
    return html.Div(items, className="legend", **{"aria-label": "legend"})


# ----------------------------------------------------------------------------- the explore view's elements

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


def view_geometry(V: nx.DiGraph, G: nx.MultiDiGraph, layout: str = "bands") -> tuple[dict, dict]:
    """Where :func:`view_elements` puts the view's factors, and the bends of lines routed around boxes.

    The costly part of drawing a view: the explore view keeps it per graph and view.
    """
    from graph.present.layout import line_routes, view_positions

    pos = view_positions(V, G, layout)
    has_kids = any(a.get("factor_kind") == "subtheme" for _, a in V.nodes(data=True))
    banded = (LAYOUT_ALIASES.get(layout, layout)) == "bands"
    routes = line_routes({n: p for n, p in pos.items() if V.nodes[n].get("factor_kind") == "theme"},
                         list(V.edges)) if banded and not has_kids else {}
    return pos, routes


def view_elements(V: nx.DiGraph, G: nx.MultiDiGraph, layout: str = "bands", *,
                  node_marks: dict[str, str] | None = None,
                  edge_marks: dict[tuple[str, str], str] | None = None,
                  geometry: tuple[dict, dict] | None = None) -> list[dict[str, Any]]:
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

    pos, routes = geometry or view_geometry(V, G, layout)
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
        if (u, v) in routes:
            seg = segment_style(pos[u], pos[v], routes[(u, v)])
            data.update(seg_w=seg["weights"], seg_d=seg["distances"])
            classes.append("bent")
        elements.append({"data": data, "classes": " ".join(c for c in classes if c)})
    return elements


#: The most CSS px a canvas grows to on either side (a browser draws no larger canvas; a huge drawing is fitted).
MAX_CANVAS = 4000
#: Room left of the level bands for their names (written up their left side), in graph units.
BAND_NAME_ROOM = 48


def canvas_style(elements: list[dict[str, Any]], min_height: str = "320px",
                 min_zoom: float | None = None) -> dict[str, Any]:
    """A graph's box: the page's width, and a height that keeps the drawing's proportions (at least *min_height*,
    a CSS length).

    The drawing then fits the width, so its labels are as large as the column allows (a theme opened into
    its sub-themes makes the canvas taller, not the labels smaller). With *min_zoom*, the box is at least as
    wide as the drawing at that zoom (wider than the column, its frame then scrolls sideways), and neither side
    grows past :data:`MAX_CANVAS`.

    >>> canvas_style([{"data": {"kind": "band", "w": 700, "h": 300}, "position": {"x": 0, "y": 0}}])["aspectRatio"]
    '758 / 310'
    >>> canvas_style([{"data": {"kind": "band", "w": 700, "h": 300}, "position": {"x": 0, "y": 0}}], min_zoom=2)["minWidth"]
    '1516px'
    """
    bands = [(e["position"], e["data"]) for e in elements if e["data"].get("kind") == "band" and "position" in e]
    if not bands:  # a layout without level bands: the canvas the page gives it
        return {"width": "100%", "height": f"max(420px, {min_height})"}
    x0 = min(p["x"] - d["w"] / 2 for p, d in bands) - BAND_NAME_ROOM
    x1 = max(p["x"] + d["w"] / 2 for p, d in bands) + 10
    y0 = min(p["y"] - d["h"] / 2 for p, d in bands) - 5
    y1 = max(p["y"] + d["h"] / 2 for p, d in bands) + 5
    style = {"width": "100%", "aspectRatio": f"{round(x1 - x0)} / {round(y1 - y0)}", "minHeight": min_height}
    if not min_zoom:
        return style
    return {**style, "minWidth": f"{min(round((x1 - x0) * min_zoom), MAX_CANVAS)}px", "maxHeight": f"{MAX_CANVAS}px"}


def view_stylesheet() -> list[dict[str, Any]]:
    """The explore view's stylesheet: :func:`base_stylesheet` plus labelled theme boxes, bands behind, bent lines."""
    sheet = base_stylesheet()
    sheet = [r for r in sheet if r["selector"] != "node.band"]
    sheet += [
        {"selector": "node, edge", "style": {"z-index-compare": "manual"}},
        {"selector": "node", "style": {"z-index": 10}},
        {"selector": "edge", "style": {"z-index": 5, "label": "", "edge-distances": "node-position"}},
        {"selector": "node.band", "style": {
            "shape": "rectangle", "width": "data(w)", "height": "data(h)", "background-opacity": 0.06,
            "border-style": "dashed", "border-width": 1, "border-color": "#999", "text-valign": "center",
            "text-halign": "left", "text-rotation": "-90deg", "text-margin-x": -6, "text-max-width": "300px",
            "font-size": "20px", "font-weight": "bold", "color": "#333", "events": "no", "z-index": 0,
            "min-zoomed-font-size": 0}},
        {"selector": "node.box", "style": {
            "shape": "round-rectangle", "width": "data(w)", "height": "data(h)", "background-opacity": 1,
            "border-width": 3, "text-valign": "center", "text-halign": "center", "text-margin-y": 0,
            "font-size": "16px", "font-weight": "bold", "text-max-width": "188px", "line-height": 1.12,
            "text-outline-width": 0, "color": "#1a1a1a", "min-zoomed-font-size": 6}},  # under 6 px: unread, undrawn
        {"selector": "node.container", "style": {"border-style": "dotted", "color": "#555"}},
        {"selector": "edge.bent", "style": {"curve-style": "segments", "segment-weights": "data(seg_w)",
                                            "segment-distances": "data(seg_d)"}},
        {"selector": "node.focus", "style": {"border-width": 6, "border-color": "#000", "z-index": 30}},
        {"selector": ".faded", "style": {"opacity": 0.18}},
        # an open theme's box fades its own ink only: Cytoscape multiplies a box's opacity into what it holds
        {"selector": "node.compound.faded", "style": {"opacity": 1, "background-opacity": 0.03, "border-opacity": 0.25,
                                                      "text-opacity": 0.3}},
        {"selector": "node.selected", "style": {"border-width": 6, "border-color": "#000", "border-style": "double",
                                                "z-index": 40}},
        # the box the arrow keys reached (pswgraph.js): the page's focus-ring blue around it
        {"selector": "node.kbd-cursor", "style": {"overlay-color": "#0b5ed7", "overlay-opacity": 0.25,
                                                  "overlay-padding": 8, "opacity": 1}},
        {"selector": "edge.near", "style": {"opacity": 1, "line-color": "#222", "target-arrow-color": "#222"}},
        {"selector": "edge.selected", "style": {"opacity": 1, "width": 7, "line-color": "#000",
                                                "target-arrow-color": "#000", "z-index": 8}},
    ]
    sheet.append({"selector": "node.box[tint]", "style": {"background-color": "data(tint)",
                                                           "border-color": "data(colour)"}})
    return sheet
