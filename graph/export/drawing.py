"""The explorer's drawing on a graph (:func:`drawn_view`, :func:`with_drawing`) and its GEXF viz and yEd graphics."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx

from graph.export.flatten import _edge_rows, _xml_text
from graph.present.layout import view_positions
from graph.present.style import FAINT_COLOUR, edge_look, level_colours, node_size

__all__ = ["DRAWING_NODE_KEYS", "drawn_view", "with_drawing"]

#: Node attributes that describe how a factor is drawn (see :func:`drawn_view`).
DRAWING_NODE_KEYS = ("x", "y", "colour", "tint", "size", "shape")


def drawn_view(V: nx.DiGraph, G: nx.MultiDiGraph, layout: str = "bands") -> nx.DiGraph:
    """The factors and influences the explorer draws for view *V*, each with its drawing.

    Parameters
    ----------
    V : an explore view (:func:`graph.query.rollup.rolled_up`, as the explorer builds it).
    G : the knowledge graph. layout : a key of :data:`graph.present.layout.VIEW_LAYOUTS`.

    Returns
    -------
    A new networkx.DiGraph of the factors on screen (a box that only holds a
    focused view's sub-themes is left out) and the influences between them.
    Nodes keep their attributes (``label``, ``level``, ``factor_kind``,
    ``members``, ``evidence`` …) and get ``x``, ``y`` (the explorer's positions,
    :func:`graph.present.layout.view_positions`, y down; an open theme sits at the centre
    of its sub-themes, where cytoscape draws its box), ``colour`` and ``tint``
    (the level's), ``size`` (:func:`graph.present.style.node_size`) and ``shape``
    (``square`` for a theme box, ``disc`` for a sub-theme). Edges get ``colour``,
    ``style`` (solid/dashed), ``width`` and ``opacity`` (:func:`graph.present.style.edge_look`).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.rollup import rolled_up
    >>> from graph.query.filters import filter_influences
    >>> G = load_graph()
    >>> D = drawn_view(rolled_up(filter_influences(G), G), G)
    >>> D.number_of_nodes(), D.nodes["psw-wellbeing"]["colour"], D.nodes["psw-wellbeing"]["shape"]
    (9, '#009E73', 'square')
    >>> D.nodes["regulatory-political"]["y"] < D.nodes["psw-wellbeing"]["y"]  # macro above micro
    True
    """
    pos = view_positions(V, G, layout)
    keep = [n for n, a in V.nodes(data=True) if not a.get("container")]
    D = nx.DiGraph(V.subgraph(keep))
    D.graph.update(layout=layout, drawing="explorer")
    for n, a in V.nodes(data=True):  # an open theme's box is drawn around its sub-themes
        kids = [pos[m] for m, b in V.nodes(data=True) if b.get("factor_kind") == "subtheme"
                and b.get("theme") == n and m in pos]
        if n not in pos and kids:
            xs, ys = [p[0] for p in kids], [p[1] for p in kids]
            pos[n] = (round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1))
    counts = [a.get("evidence_count", 0) for _, a in D.nodes(data=True)]
    edge_counts = [a.get("evidence_count", 0) for *_, a in D.edges(data=True)]
    for n, a in D.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        colour, tint = level_colours(a.get("level", ""), a.get("level_rank"))
        a.update(x=float(x), y=float(y), colour=colour, tint=tint,
                 size=node_size(a.get("evidence_count", 0), max(counts, default=0)),
                 shape="disc" if a.get("factor_kind") == "subtheme" else "square")
    for *_, a in D.edges(data=True):
        look = edge_look(a.get("scope", ""), a.get("direction", ""), a.get("evidence_count", 0),
                         max(edge_counts, default=0))
        a.update(look)
        if not a.get("evidence_count"):
            a["colour"] = FAINT_COLOUR
    return D


def with_drawing(H: nx.Graph, D: nx.Graph) -> nx.Graph:
    """*H* (e.g. the factors on screen with their evidence, studies and countries) with the drawing of *D*.

    Nodes of *H* drawn in *D* (:func:`drawn_view`) take their position, colour,
    size and shape; the others stay undrawn (a network tool places them). *H*
    is changed in place and returned.

    >>> D = nx.DiGraph(); D.add_node("a", x=1.0, y=2.0, colour="#000000", size=3, shape="disc")
    >>> H = nx.MultiDiGraph(); H.add_nodes_from(["a", "b"])
    >>> with_drawing(H, D).nodes["a"]["x"], "x" in H.nodes["b"]
    (1.0, False)
    """
    H.graph.update({k: v for k, v in D.graph.items() if k in ("layout", "drawing")})
    for n, a in D.nodes(data=True):
        if n in H:
            H.nodes[n].update({k: a[k] for k in DRAWING_NODE_KEYS if k in a})
    return H


def _drawn(a: dict) -> bool:
    return all(isinstance(a.get(k), int | float) for k in ("x", "y")) and bool(a.get("colour"))


def _rgb(colour: str) -> tuple[int, int, int]:
    """``(r, g, b)`` of ``#RRGGBB`` (black for anything else).

    >>> _rgb("#0072B2"), _rgb("nonsense")
    ((0, 114, 178), (0, 0, 0))
    """
    m = re.fullmatch(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})", str(colour))
    return tuple(int(g, 16) for g in m.groups()) if m else (0, 0, 0)  # type: ignore[return-value]


def _node_viz(a: dict) -> dict:
    r, g, b = _rgb(a["colour"])
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": a.get("size", 26.0),
            "shape": a.get("shape", "disc"), "position": {"x": a["x"], "y": -a["y"], "z": 0.0}}


def _edge_viz(a: dict) -> dict:
    r, g, b = _rgb(a["colour"])
    return {"color": {"r": r, "g": g, "b": b, "a": float(a.get("opacity", 1.0))},
            "thickness": a.get("width", 1.0), "shape": a.get("style", "solid")}


#: yEd's GraphML extension: its node and edge graphics.
_GRAPHML_NS, _YED_NS = "http://graphml.graphdrawing.org/xmlns", "http://www.yworks.com/xml/graphml"


def _yed_graphics(xml: bytes, H: nx.Graph) -> bytes:
    """GraphML *xml* of *H* with yEd ``y:ShapeNode`` / ``y:PolyLineEdge`` graphics for what *H* draws."""
    ET.register_namespace("", _GRAPHML_NS)
    ET.register_namespace("y", _YED_NS)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(xml)
    g, y = f"{{{_GRAPHML_NS}}}", f"{{{_YED_NS}}}"
    graph_el = root.find(g + "graph")
    assert graph_el is not None
    at = list(root).index(graph_el)
    root.insert(at, ET.Element(g + "key", {"id": "yed_node", "for": "node", "yfiles.type": "nodegraphics"}))
    root.insert(at + 1, ET.Element(g + "key", {"id": "yed_edge", "for": "edge", "yfiles.type": "edgegraphics"}))
    nodes = {_xml_text(n): a for n, a in H.nodes(data=True)}
    edges = {(_xml_text(u), _xml_text(v)): a for u, v, *_, a in _edge_rows(H) if a.get("colour")}
    for el in graph_el.iter(g + "node"):
        a = nodes.get(el.get("id"), {})
        if not _drawn(a):
            continue
        box = a.get("shape") == "square"
        w, h = (200.0, 80.0) if box else (float(a.get("size", 26.0)),) * 2
        shape = ET.SubElement(ET.SubElement(el, g + "data", key="yed_node"), y + "ShapeNode")
        ET.SubElement(shape, y + "Geometry", x=str(a["x"] - w / 2), y=str(a["y"] - h / 2), width=str(w),
                      height=str(h))
        ET.SubElement(shape, y + "Fill", color=(a.get("tint") if box else None) or a["colour"], transparent="false")
        ET.SubElement(shape, y + "BorderStyle", color=a["colour"] if box else "#333333", type="line",
                      width="3.0" if box else "1.0")
        label = ET.SubElement(shape, y + "NodeLabel", fontSize="13", modelName="internal" if box else "sides",
                              modelPosition="c" if box else "s")
        label.text = _xml_text(str(a.get("label", el.get("id"))))
        ET.SubElement(shape, y + "Shape", type="roundrectangle" if box else "ellipse")
    for el in graph_el.iter(g + "edge"):
        a = edges.get((el.get("source"), el.get("target")))
        if a is None:
            continue
        line = ET.SubElement(ET.SubElement(el, g + "data", key="yed_edge"), y + "PolyLineEdge")
        ET.SubElement(line, y + "LineStyle", color=a["colour"], type="dashed" if a.get("style") == "dashed"
                      else "line", width=str(a.get("width", 1.0)))
        ET.SubElement(line, y + "Arrows", source="none", target="standard")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
