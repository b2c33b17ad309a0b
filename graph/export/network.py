"""GraphML, GEXF, Cytoscape JSON and node-link JSON: the files network tools (Gephi, yEd, Cytoscape, D3) open."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from graph.export.drawing import DRAWING_NODE_KEYS, _drawn, _edge_viz, _node_viz, _rgb, _yed_graphics
from graph.export.flatten import _edge_rows, _flat_graph, _xml_text


def _graphml(H: nx.Graph) -> bytes:
    F = _flat_graph(H)
    drawn = False
    for n, a in F.nodes(data=True):  # the attributes Gephi's GraphML import reads as the drawing
        if _drawn(a):
            a["r"], a["g"], a["b"] = _rgb(a["colour"])
            drawn = True
    buf = io.BytesIO()
    nx.write_graphml(F, buf, named_key_ids=True)
    return _yed_graphics(buf.getvalue(), H) if drawn else buf.getvalue()


def _gexf(H: nx.Graph) -> bytes:
    F = _flat_graph(H)
    # the drawing goes into viz elements, not into columns that could clash with Gephi's own x, y, size
    for n, a in H.nodes(data=True):
        if _drawn(a):
            f = F.nodes[_xml_text(n)]
            f["viz"] = _node_viz(a)
            for k in DRAWING_NODE_KEYS:
                f.pop(k, None)
    for i, (u, v, k, a) in enumerate(_edge_rows(F)):
        a.setdefault("id", f"e{i}")  # GEXF needs unique edge ids; influences keep theirs
    for u, v, k, a in _edge_rows(H):
        if a.get("colour"):
            key = (_xml_text(u), _xml_text(v), _xml_text(str(k))) if H.is_multigraph() else (_xml_text(u), _xml_text(v))
            f = F.edges[key]
            f["viz"] = _edge_viz(a)
            for name in ("colour", "style", "width", "opacity"):
                f.pop(name, None)
    buf = io.BytesIO()
    nx.write_gexf(F, buf)
    return buf.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, set | tuple):
        return sorted(value)
    return str(value)


def _cyjs(H: nx.Graph) -> bytes:
    data = nx.cytoscape_data(H)
    data["data"] = {k: v for k, v in H.graph.items()}
    for el in data["elements"]["nodes"]:  # Cytoscape desktop places a node at its position
        a = H.nodes[el["data"]["value"]]
        if _drawn(a):
            el["position"] = {"x": a["x"], "y": a["y"]}
    return json.dumps(data, ensure_ascii=False, indent=1, default=_json_default).encode()


def _node_link(H: nx.Graph) -> bytes:
    return json.dumps(nx.node_link_data(H, edges="edges"), ensure_ascii=False, indent=1,
                      default=_json_default).encode()
