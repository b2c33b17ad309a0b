"""Cytoscape drawing shared by the views: stylesheets, the legend, the canvas; the elements come from
:mod:`graph.present.elements` (the exports draw the same ones)."""

from __future__ import annotations

from typing import Any

from dash import html

from graph.present.elements import graph_elements, segment_style, view_elements, view_geometry
from graph.present.style import (
    BORDER_WIDTH,
    EDGE_COLOUR,
    HIGHLIGHT_BORDER_WIDTH,
    HIGHLIGHT_COLOUR,
    LEVEL_COLOURS,
    LEVEL_LABELS,
    UPWARD_COLOUR,
    level_colours,
)

from .options import LEVELS

__all__ = ["graph_elements", "segment_style", "view_elements", "view_geometry"]  # drawn in graph.present.elements


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
            "height": "data(size)", "border-width": BORDER_WIDTH, "border-color": "#333", "color": "#222",
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
        {"selector": "node.hl", "style": {"border-color": HIGHLIGHT_COLOUR, "border-width": HIGHLIGHT_BORDER_WIDTH}},
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


def routed_stylesheet() -> list[dict[str, Any]]:
    """Rules that draw lines where :mod:`graph.present.routing` routed them (``straight``, or ``bent`` through
    ``seg_w`` / ``seg_d`` from ``sep`` to ``tep``: :func:`graph.present.elements.routed_lines`), over the open
    themes' boxes, those boxes drawn where the routing put them."""
    return [
        {"selector": "node, edge", "style": {"z-index-compare": "manual"}},
        {"selector": "node", "style": {"z-index": 10}},
        # an open theme's box lies under the lines that cross it, so a click anywhere along a line takes the line
        {"selector": "node.compound", "style": {"z-index": 1}},
        # an open theme's box as the routing drew it (graph.present.routing.frame_sizing): round its dots,
        # stretched to hold their names
        {"selector": "node.compound[minw]", "style": {
            "compound-sizing-wrt-labels": "exclude", "min-width": "data(minw)", "min-height": "data(minh)",
            "min-width-bias-left": "data(bl)", "min-width-bias-right": "data(br)",
            "min-height-bias-top": "data(bt)", "min-height-bias-bottom": "data(bb)"}},
        {"selector": "edge", "style": {"z-index": 5, "edge-distances": "node-position"}},
        {"selector": "edge.straight", "style": {"curve-style": "straight"}},
        {"selector": "edge[sep]", "style": {"source-endpoint": "data(sep)", "target-endpoint": "data(tep)"}},
        {"selector": "edge.bent", "style": {"curve-style": "segments", "segment-weights": "data(seg_w)",
                                            "segment-distances": "data(seg_d)"}},
    ]


def view_stylesheet() -> list[dict[str, Any]]:
    """The explore view's stylesheet: :func:`base_stylesheet` plus labelled theme boxes, bands behind, bent lines
    (:func:`routed_stylesheet`)."""
    sheet = base_stylesheet()
    sheet = [r for r in sheet if r["selector"] != "node.band"]
    sheet += [
        *routed_stylesheet(),
        {"selector": "edge", "style": {"label": ""}},
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
