"""Export any (sub)graph for Gephi, yEd, Cytoscape, Neo4j, slides and reference managers.

Every format keeps every node and edge attribute. Where a format holds only
scalars (GraphML, GEXF, CSV, Neo4j CSV) lists are joined with ``|`` (Neo4j
arrays with ``;``, its default) and dicts are written as JSON text; the graph
attribute ``list_attributes`` names the attributes that were lists. JSON-based
formats (``cyjs``, ``json``) keep lists and dicts as they are.

No text in the graph can change the structure of an export or run as code
where it is opened (issue 12):

* CSV and Neo4j CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab
  or carriage return gets a leading ``'`` and is always quoted (OWASP, "CSV
  Injection"), so a spreadsheet shows it as text instead of evaluating it.
  Only text is neutralised: numbers (ints and floats in the graph, such as a
  negative weight) are written as numbers, so numeric columns stay numeric.
* BibTeX and RIS carry a doi only when it is a well-formed DOI and a url only
  when it is an http(s) address (:func:`graph.query.details.doi_url`,
  :func:`graph.query.details.safe_url`): a reference manager makes links of them.
* BibTeX: every field is escaped (``{``, ``}`` and ``\\`` become balanced
  commands, doi and url lose them), newlines are folded, so no value can close
  its field or open another; "et al." becomes ``others``.
* RIS: newlines and other control characters in every field become spaces, so
  a value cannot start a new tag or record.
* Mermaid: labels are quoted, ``"`` ``#`` ``<`` ``>`` ``&`` and backticks are
  written as Mermaid entity codes, and newlines are folded.
* GraphML and GEXF: characters XML 1.0 does not allow (and every other control
  character but tab, newline and carriage return) are dropped from ids, names
  and values.

A graph that carries a drawing (:func:`drawn_view`: node ``x``, ``y``,
``colour``, ``size``, ``shape``; edge ``colour``, ``style``, ``width``) opens
as drawn: GEXF gets ``viz:position``, ``viz:color``, ``viz:size``,
``viz:shape`` and edge ``viz:color``, ``viz:thickness``, ``viz:shape`` (y
negated: Gephi's y axis points up, the explorer's down); GraphML gets yEd's
``y:ShapeNode`` / ``y:PolyLineEdge`` graphics (position, size, fill, label,
line colour, width and dash) besides plain ``x``, ``y``, ``r``, ``g``, ``b``,
``size`` attributes (screen coordinates, y down, as yEd and Cytoscape use);
Cytoscape JSON gets each node's ``position``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.present.fileformat import Format, check_format, registry
from graph.present.layout import view_positions
from graph.present.style import FAINT_COLOUR, edge_look, level_colours, node_size
from graph.query.details import doi_url, safe_url

__all__ = ["EXPORT_FORMATS", "LIST_SEP", "drawn_view", "export_filename", "export_graph", "flatten_value",
           "studies_of", "with_drawing", "write_export"]

#: name -> :class:`~graph.present.fileformat.Format` (extension, media type and a short description).
EXPORT_FORMATS: dict[str, Format] = registry(
    Format("graphml", ".graphml", "application/graphml+xml", "GraphML (Gephi, yEd, Cytoscape desktop)"),
    Format("gexf", ".gexf", "application/gexf+xml", "GEXF (Gephi)"),
    Format("cyjs", ".cyjs", "application/json", "Cytoscape.js JSON (Cytoscape desktop)"),
    Format("json", ".json", "application/json", "node-link JSON (networkx, D3)"),
    Format("csv", ".zip", "application/zip", "CSV nodes and edges (zip)"),
    Format("mermaid", ".mmd", "text/plain", "Mermaid flowchart (slides, Markdown)"),
    Format("neo4j", ".zip", "application/zip", "Neo4j bulk-import CSV set (zip)"),
    Format("bibtex", ".bib", "application/x-bibtex", "BibTeX of the studies (Zotero, JabRef)"),
    Format("ris", ".ris", "application/x-research-info-systems", "RIS of the studies (EndNote, Zotero)"),
)

LIST_SEP = "|"


def flatten_value(value: Any, sep: str = LIST_SEP) -> str | int | float | bool:
    """A scalar for formats without lists: lists joined by *sep*, dicts as JSON, ``None`` as ''.

    >>> flatten_value(["SE", "NO"]), flatten_value({"SE": ["text"]}), flatten_value(None), flatten_value(3)
    ('SE|NO', '{"SE": ["text"]}', '', 3)
    """
    if isinstance(value, list | tuple | set):
        return sep.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _list_attributes(H: nx.Graph) -> list[str]:
    names = {k for _, a in H.nodes(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    names |= {k for *_, a in H.edges(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    return sorted(names)


#: Characters XML 1.0 forbids, plus the control characters it merely discourages (DEL, C1) and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: Any) -> Any:
    r"""*value* with the characters XML 1.0 cannot carry dropped (strings only; numbers and booleans as they are).

    >>> _xml_text("a\x00b\x1bc\x7f\ud800d\tok"), _xml_text(-1.5)
    ('abcd\tok', -1.5)
    """
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _flat_graph(H: nx.Graph, sep: str = LIST_SEP) -> nx.Graph:
    """A copy of *H* (as a multigraph when *H* is one) with every attribute value a scalar fit for XML.

    Node ids, edge keys, attribute names and string values lose the characters XML 1.0 cannot carry.
    """
    def attrs(a: dict) -> dict:
        return {_xml_text(str(k)): _xml_text(flatten_value(v, sep)) for k, v in a.items()}

    F = H.__class__()
    F.graph.update(attrs(H.graph))
    F.graph["list_attributes"] = _xml_text(sep.join(_list_attributes(H)))
    F.add_nodes_from((_xml_text(n), attrs(a)) for n, a in H.nodes(data=True))
    if H.is_multigraph():
        F.add_edges_from((_xml_text(u), _xml_text(v), _xml_text(str(k)), attrs(a))
                         for u, v, k, a in H.edges(keys=True, data=True))
    else:
        F.add_edges_from((_xml_text(u), _xml_text(v), attrs(a)) for u, v, a in H.edges(data=True))
    return F


def _edge_rows(H: nx.Graph):
    """(source, target, key, attrs) for every edge; key is '' for simple graphs."""
    if H.is_multigraph():
        yield from H.edges(keys=True, data=True)
    else:
        for u, v, a in H.edges(data=True):
            yield u, v, "", a


# ----------------------------------------------------------------------------- drawings

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


# ----------------------------------------------------------------------------- file names

#: The explore filters that a file name spells out, in this order, with their prefix.
_NAME_FILTERS = (("levels", ""), ("themes", "theme-"), ("studies", "study-"), ("polarities", ""),
                 ("perspectives", ""))
MAX_NAME = 120


def _slug(text: Any, keep_case: bool = False) -> str:
    """*text* in letters, digits, ``.`` and ``-`` only.

    >>> _slug("PSW wellbeing / Self-care!"), _slug("SE", keep_case=True)
    ('psw-wellbeing-self-care', 'SE')
    """
    text = str(text) if keep_case else str(text).lower()
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")


def export_filename(kind: str, *, ext: str | None = None, focus: str | None = None, depth: int | None = None,
                    countries: Iterable[str] = (), filters: dict[str, Any] | None = None,
                    selection: dict[str, Any] | None = None, path: Iterable[str] = (),
                    compare: Iterable[str] = (), content: str | None = None, layout: str | None = None) -> str:
    """A file name that says what an export holds: ``pswgraph-<view>-<kind><ext>``.

    Parameters
    ----------
    kind : what the file is — a key of :data:`EXPORT_FORMATS` (``graphml``, ``csv``, ``neo4j`` …) or any
        other word (``png``, ``svg``, ``pdf``, ``pptx``, ``summary`` …).
    ext : the extension (default: the format's, else ``.`` + *kind*).
    focus, depth : the focused factor and its hops. countries : the country filter (ISO codes).
    filters : the other explore filters (:func:`graph.query.filters.filter_influences` keywords: ``levels``,
        ``themes``, ``studies``, ``polarities``, ``perspectives``, ``min_evidence``, ``include_unevidenced``,
        ``min_sources``; a ``countries`` entry joins *countries*).
    selection : the selected factor ``{"type": "factor", "id"}`` or influence ``{"type": "influence",
        "source", "target"}``. path : a path's factor ids. compare : the countries compared.
    content : a variant of the same kind (e.g. ``with-evidence``). layout : a layout other than level bands.

    Returns
    -------
    Letters, digits, ``.`` and ``-`` only, at most :data:`MAX_NAME` characters; a name cut short ends in a
    hash of the whole, so two different views never share a name. Nothing chosen gives ``all``.

    Examples
    --------
    >>> export_filename("graphml", focus="psw-wellbeing", depth=2, countries=["SE"])
    'pswgraph-focus-psw-wellbeing-d2-SE-graphml.graphml'
    >>> export_filename("neo4j"), export_filename("csv")
    ('pswgraph-all-neo4j.zip', 'pswgraph-all-csv.zip')
    >>> export_filename("summary", ext=".docx", selection={"type": "influence", "source": "a", "target": "b"},
    ...                 filters={"polarities": ["barrier"], "min_evidence": 2})
    'pswgraph-a-to-b-barrier-min2-summary.docx'
    >>> export_filename("pdf", filters={"min_sources": 2}, content="slide")
    'pswgraph-sources2-slide-pdf.pdf'
    >>> export_filename("pptx", path=["x", "y", "z"]), export_filename("png", compare=["SE", "DK"])
    ('pswgraph-path-x-y-z-pptx.pptx', 'pswgraph-compare-SE-DK-png.png')
    >>> name = export_filename("gexf", filters={"themes": [f"theme-{i}" for i in range(40)]})
    >>> len(name) <= MAX_NAME, name.endswith(".gexf")
    (True, True)
    """
    filters = dict(filters or {})
    parts: list[str] = []
    if path:
        parts += ["path", *(_slug(p) for p in path)]
    if compare:
        parts += ["compare", *(_slug(c, keep_case=True) for c in compare)]
    if focus:
        parts += ["focus", _slug(focus), f"d{int(depth or 1)}"]
    if selection and selection.get("type") == "factor" and selection.get("id"):
        parts.append(_slug(selection["id"]))
    elif selection and selection.get("type") == "influence":
        parts += [_slug(selection.get("source", "")), "to", _slug(selection.get("target", ""))]
    codes = list(dict.fromkeys([*countries, *(filters.get("countries") or [])]))
    parts += [_slug(c, keep_case=True) for c in codes]
    for key, prefix in _NAME_FILTERS:
        parts += [prefix + _slug(v) for v in filters.get(key) or []]
    if filters.get("min_evidence"):
        parts.append(f"min{int(filters['min_evidence'])}")
    if filters.get("include_unevidenced") is False:
        parts.append("evidenced")
    if filters.get("min_sources"):
        parts.append(f"sources{int(filters['min_sources'])}")
    if layout and layout != "bands":
        parts.append(_slug(layout))
    if content:
        parts.append(_slug(content))
    ext = ext if ext is not None else EXPORT_FORMATS[kind].ext if kind in EXPORT_FORMATS else "." + _slug(kind)
    view = "-".join(p for p in parts if p) or "all"
    tail = "-" + (_slug(kind) or "export") + "." + (_slug(ext.lstrip(".")) or "bin")
    if len("pswgraph-" + view + tail) > MAX_NAME:
        digest = hashlib.sha1(view.encode()).hexdigest()[:10]
        view = view[: MAX_NAME - len("pswgraph-") - len(tail) - len(digest) - 1].rstrip("-.") + "-" + digest
    return "pswgraph-" + view + tail



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


#: What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    r"""One CSV cell: text that a spreadsheet could run as a formula gets a leading ``'`` and is quoted.

    Numbers are written as numbers, so a negative number in a numeric column
    stays a number; only text (``str``) is neutralised. Text holding a comma,
    a quote or a line break is quoted as :mod:`csv` would quote it.

    >>> print(" ".join(_csv_cell(v) for v in ("=1+2", "@SUM(A1)", "-x", "a,b", 'a "b" c', -3, -2.5, True, "ok")))
    "'=1+2" "'@SUM(A1)" "'-x" "a,b" "a ""b"" c" -3 -2.5 True ok
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    neutralise = value.startswith(_FORMULA_START)
    if neutralise:
        value = "'" + value
    if neutralise or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_text(header: list[str], rows: list[dict]) -> str:
    """A CSV file (``\n`` line ends) of *rows* under *header*, every cell through :func:`_csv_cell`."""
    lines = [header] + [[r.get(h) for h in header] for r in rows]
    return "".join(",".join(_csv_cell(v) for v in line) + "\n" for line in lines)


def _columns(records: list[dict], first: list[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for r in records:
        seen.update(dict.fromkeys(sorted(r)))
    return list(seen)


def _csv_zip(H: nx.Graph) -> bytes:
    nodes = [{"id": n, **{k: flatten_value(v) for k, v in a.items()}} for n, a in H.nodes(data=True)]
    edges = [{**{k: flatten_value(v) for k, v in a.items()}, "source": u, "target": v, "key": k}
             for u, v, k, a in _edge_rows(H)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", _csv_text(_columns(nodes, ["id", "kind", "label"]), nodes))
        z.writestr("edges.csv", _csv_text(_columns(edges, ["source", "target", "key", "relation"]), edges))
        z.writestr("README.txt", "pswgraph export: nodes.csv (one row per node) and edges.csv (one row per edge).\n"
                   f"List values are joined with '{LIST_SEP}'; dict values are JSON. "
                   f"List attributes: {', '.join(_list_attributes(H)) or 'none'}.\n")
    return buf.getvalue()


def _neo4j_type(values: list[Any]) -> str:
    vals = [v for v in values if v is not None and v != ""]
    if vals and all(isinstance(v, bool) for v in vals):
        return "boolean"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "long"
    if vals and all(isinstance(v, float | int) and not isinstance(v, bool) for v in vals):
        return "double"
    if vals and all(isinstance(v, list | tuple | set) for v in vals):
        return "string[]"
    return "string"


def _neo4j_label(text: str) -> str:
    return "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", str(text)) if p) or "Node"


def _neo4j_file(records: list[tuple[dict, dict]], fixed: list[str]) -> str:
    """One bulk-import CSV: *records* are (fixed columns, properties)."""
    props = sorted({k for _, p in records for k in p})
    types = {k: _neo4j_type([p.get(k) for _, p in records]) for k in props}
    header = fixed + [f"{k}:{types[k]}" if types[k] != "string" else k for k in props]
    rows = []
    for f, p in records:
        row = dict(zip(fixed, (f[c] for c in fixed), strict=True))
        for k, h in zip(props, header[len(fixed):], strict=True):
            v = p.get(k)
            row[h] = flatten_value(v, ";") if v is not None else ""
            if isinstance(row[h], bool):
                row[h] = str(row[h]).lower()
        rows.append(row)
    return _csv_text(header, rows)


def _neo4j(H: nx.Graph) -> bytes:
    by_kind: dict[str, list] = {}
    for n, a in H.nodes(data=True):
        props = {k: v for k, v in a.items() if k != "id"}
        by_kind.setdefault(_neo4j_label(a.get("kind", "node")), []).append(({"id:ID": n, ":LABEL": _neo4j_label(
            a.get("kind", "node"))}, props))
    by_rel: dict[str, list] = {}
    for u, v, _, a in _edge_rows(H):
        # the type names a file and goes into import.sh: letters, digits and _ only
        rel = re.sub(r"[^A-Z0-9_]+", "_", str(a.get("relation", "related_to")).upper()) or "RELATED_TO"
        props = {k: x for k, x in a.items() if k != "relation"}
        by_rel.setdefault(rel, []).append(({":START_ID": u, ":END_ID": v, ":TYPE": rel}, props))
    buf = io.BytesIO()
    args = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for label, recs in sorted(by_kind.items()):
            z.writestr(f"nodes_{label}.csv", _neo4j_file(recs, ["id:ID", ":LABEL"]))
            args.append(f"  --nodes=import/nodes_{label}.csv")
        for rel, recs in sorted(by_rel.items()):
            z.writestr(f"relationships_{rel}.csv", _neo4j_file(recs, [":START_ID", ":END_ID", ":TYPE"]))
            args.append(f"  --relationships=import/relationships_{rel}.csv")
        z.writestr("import.sh", "#!/bin/sh\n# Unzip into $NEO4J_HOME/import, stop the database, then run:\n"
                   "neo4j-admin database import full --array-delimiter=';' --overwrite-destination \\\n"
                   + " \\\n".join(args) + " \\\n  neo4j\n")
    return buf.getvalue()


def _mermaid_id(node: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", str(node))


#: Characters Mermaid would read as syntax, markup or an entity inside a quoted label, as Mermaid entity codes.
_MERMAID_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def _fold(text: Any) -> str:
    r"""*text* on one line: every run of whitespace or control characters becomes one space.

    >>> _fold(" a\r\nb\x00\tc\u2028d ")
    'a b c d'
    """
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", str(text)).strip()


def _mermaid_text(text: Any) -> str:
    r"""A label for inside Mermaid's double quotes: one line, with ``" # < > &`` and backticks as entity codes.

    >>> _mermaid_text('A "b"\r\nclick #x <i>&`')
    'A #quot;b#quot; click #35;x #lt;i#gt;#amp;#96;'
    """
    return re.sub('["#<>&`]', lambda m: _MERMAID_ENTITIES[m.group()], _fold(text))


def _mermaid(H: nx.Graph) -> bytes:
    """Factors grouped by level, sub-themes linked to their theme, influences as arrows with evidence counts."""
    factors = {n: a for n, a in H.nodes(data=True) if a.get("kind", "factor") == "factor"}
    lines = ["flowchart TD"]
    levels = sorted({a.get("level", "") for a in factors.values()}, key=lambda lv: (
        min(a.get("level_rank", 9) for a in factors.values() if a.get("level", "") == lv), lv))
    for lv in levels:
        title = H.nodes[lv].get("label", lv) if lv in H else (lv.capitalize() or "Factors")
        lines.append(f'  subgraph {_mermaid_id("level_" + (lv or "none"))}["{_mermaid_text(title)}"]')
        for n, a in sorted(factors.items()):
            if a.get("level", "") == lv:
                shape = ('["', '"]') if a.get("factor_kind") == "theme" else ('("', '")')
                lines.append(f"    {_mermaid_id(n)}{shape[0]}{_mermaid_text(a.get('label', n))}{shape[1]}")
        lines.append("  end")
    for n, a in sorted(factors.items()):
        if a.get("parent") in factors:
            lines.append(f"  {_mermaid_id(n)} -.- {_mermaid_id(a['parent'])}")
    for u, v, _, a in sorted(_edge_rows(H), key=lambda e: (e[0], e[1], str(e[2]))):
        if u in factors and v in factors and a.get("relation", "influences") == "influences":
            arrow = "==>" if a.get("direction") == "upward" else "-->"
            n_ev = len(a.get("evidence", []))
            label = f'|"{n_ev} evidence"|' if n_ev else ""
            lines.append(f"  {_mermaid_id(u)} {arrow}{label} {_mermaid_id(v)}")
    return ("\n".join(lines) + "\n").encode()


def studies_of(H: nx.Graph, G: nx.MultiDiGraph | None = None) -> dict[str, dict]:
    """The studies behind a subgraph: its study nodes, the studies its evidence reports or cites, and the studies named on its edges.

    Parameters
    ----------
    H : any subgraph. G : the full graph, to look up studies named in *H* but not present in it.

    Returns
    -------
    ``{study id: attributes}`` sorted by id (ids without attributes are skipped).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> G = load_graph()
    >>> studies = studies_of(select_subgraph(G, countries=["DK"]), G)
    >>> "johansen-2024" in studies, list(studies) == sorted(studies)
    (True, True)
    >>> studies["johansen-2024"]["year"]
    2024
    """
    ids: list[str] = [n for n, a in H.nodes(data=True) if a.get("kind") == "study"]
    for _, a in H.nodes(data=True):
        if a.get("kind") == "evidence":
            ids += [a["study"], *a.get("cites", [])]
    for *_, a in _edge_rows(H):
        ids += list(a.get("studies", []))
    out = {}
    for s in dict.fromkeys(ids):
        attrs = H.nodes[s] if s in H else (G.nodes[s] if G is not None and s in G else None)
        if attrs is not None and attrs.get("kind") == "study":
            out[s] = dict(attrs)
    return dict(sorted(out.items()))


def _authors(a: dict) -> list[str]:
    return [p.strip() for p in str(a.get("authors") or "").split(";") if p.strip()]


def _doi(a: dict) -> str:
    """The study's DOI when it is a well-formed one (:func:`graph.query.details.doi_url`), else ''."""
    return str(a.get("doi") or "").strip() if doi_url(a.get("doi")) else ""


def _et_al(name: str) -> bool:
    return re.fullmatch(r"et\.?\s*al\.?", name.strip(), re.IGNORECASE) is not None


#: LaTeX for the characters that are special inside a braced BibTeX field. Braces and the backslash become
#: commands with balanced braces: BibTeX counts braces even after a backslash, so ``\{`` would unbalance it.
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                   "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_escape(text: Any) -> str:
    r"""A field value safe inside ``{…}``: one line, LaTeX specials escaped, braces balanced.

    >>> print(_bibtex_escape("x},note={evil \\ 100% A&B\nnext"))
    x\textbraceright{},note=\textbraceleft{}evil \textbackslash{} 100\% A\&B next
    """
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _BIBTEX_ESCAPES[m.group()], _fold(text))


def _bibtex_verbatim(text: Any) -> str:
    r"""A doi or url for BibTeX, whose styles print them verbatim: one line, no braces or backslashes.

    >>> _bibtex_verbatim("10.1234/x},note={evil\\")
    '10.1234/x,note=evil'
    """
    return re.sub(r"[{}\\]", "", _fold(text))


def _bibtex_key(sid: str) -> str:
    """A citation key: the study id with anything but letters, digits and ``-_:.+/`` replaced by ``-``."""
    return re.sub(r"[^A-Za-z0-9_:.+/-]", "-", _fold(sid)) or "study"


def _bibtex(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    entries = []
    for sid, a in studies_of(H, G).items():
        # a name holding "and" (an organisation) is braced, so BibTeX does not split it into two people
        authors = [(f"{{{n}}}" if re.search(r"\band\b", n, re.IGNORECASE) else n)
                   for n in (_bibtex_escape(p) for p in _authors(a) if not _et_al(p))]
        if authors and len(authors) < len(_authors(a)):
            authors.append("others")  # BibTeX's "and others" (et al.); "et al." would be read as a person
        fields = [("author", " and ".join(authors)), ("title", a.get("title")),
                  ("journal" if a.get("venue") else "howpublished", a.get("venue")), ("year", a.get("year")),
                  ("volume", a.get("volume")), ("number", a.get("issue")), ("pages", str(a.get("pages") or "")
                                                                          .replace("-", "--").replace("–", "--")),
                  ("doi", _doi(a)), ("url", safe_url(a.get("url"))), ("note", a.get("design"))]
        values = [(k, v if k == "author" else _bibtex_verbatim(v) if k in ("doi", "url") else _bibtex_escape(v))
                  for k, v in fields if v not in (None, "")]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in values if v)
        entries.append(f"@{'article' if a.get('venue') else 'misc'}{{{_bibtex_key(sid)},\n{body}\n}}\n")
    return "\n".join(entries).encode()


def _ris(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    out = []
    for sid, a in studies_of(H, G).items():
        lines = [("TY", "JOUR" if a.get("venue") else "GEN"), ("ID", sid)]
        lines += [("AU", au) for au in _authors(a) if not _et_al(au)]  # "et al." is no person
        pages = re.split(r"[-–]+", str(a.get("pages") or ""), maxsplit=1)
        lines += [("TI", a.get("title")), ("T2", a.get("venue")), ("PY", a.get("year")), ("VL", a.get("volume")),
                  ("IS", a.get("issue")), ("SP", pages[0]), ("EP", pages[1] if len(pages) > 1 else ""),
                  ("DO", _doi(a)), ("UR", safe_url(a.get("url"))), ("N1", a.get("design"))]
        lines = [(k, _fold(v)) for k, v in lines if v not in (None, "")]  # a line break would start a new tag
        out += [f"{k}  - {v}" for k, v in lines if v] + ["ER  - ", ""]
    return "\n".join(out).encode()


def export_graph(H: nx.Graph, fmt: str, G: nx.MultiDiGraph | None = None) -> bytes:
    """Serialise a graph in one of :data:`EXPORT_FORMATS`.

    Parameters
    ----------
    H : any graph from this package — :func:`graph.query.filters.select_subgraph`,
        :func:`graph.query.filters.neighbourhood`, :func:`graph.query.filters.filter_influences` …
    fmt : a key of :data:`EXPORT_FORMATS`.
    G : the full graph; BibTeX and RIS use it for studies named in *H* but absent from it.

    Returns
    -------
    The file's bytes (UTF-8 text, or a zip for ``csv`` and ``neo4j``).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> H = select_subgraph(load_graph(), levels=["micro"])
    >>> export_graph(H, "mermaid").decode().splitlines()[0]
    'flowchart TD'
    >>> export_graph(H, "graphml")[:5]
    b'<?xml'
    """
    check_format(EXPORT_FORMATS, fmt, "export")
    if fmt in ("bibtex", "ris"):
        return (_bibtex if fmt == "bibtex" else _ris)(H, G)
    writer = {"graphml": _graphml, "gexf": _gexf, "cyjs": _cyjs, "json": _node_link, "csv": _csv_zip,
              "mermaid": _mermaid, "neo4j": _neo4j}[fmt]
    return writer(H)


def write_export(H: nx.Graph, fmt: str, path: str | Path, G: nx.MultiDiGraph | None = None) -> Path:
    """Write :func:`export_graph` output to *path* (parent folders are created); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> G = load_graph()
    >>> H = select_subgraph(G, countries=["SE"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     text = write_export(H, "ris", pathlib.Path(d) / "sweden" / "refs.ris", G).read_text()
    >>> text.startswith("TY  - "), "ID  - grim-2022" in text
    (True, True)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_graph(H, fmt, G))
    return path
