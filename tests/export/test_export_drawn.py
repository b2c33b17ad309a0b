"""Network files that open as drawn, file names that say what they hold, references that parse back whole."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import bibtexparser
import pytest
from bibtexparser import middlewares
from pylatexenc.latex2text import LatexNodes2Text

from dashapp import components as C
from dashapp.pages import explore as E
from graph.export import EXPORT_FORMATS, drawn_view, export_filename, export_graph, with_drawing
from graph.export.references import _authors
from graph.present.style import EDGE_COLOUR, FAINT_COLOUR, LEVEL_COLOURS, UPWARD_COLOUR, level_colours
from graph.query.filters import select_subgraph

GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
GML = "{http://graphml.graphdrawing.org/xmlns}"
YED = "{http://www.yworks.com/xml/graphml}"

#: Views a user can reach: (filters as the sidebar holds them, focus, depth, show, opened themes, layout).
VIEWS = {
    "first view": ({}, None, 1, "themes", [], "bands"),
    "one theme open": ({}, None, 1, "themes", ["psw-wellbeing"], "bands"),
    "all sub-themes": ({}, None, 1, "subthemes", [], "bands"),
    "focus, 2 hops, Sweden": ({E.COUNTRIES: ["SE"]}, "psw-wellbeing", 2, "themes", ["hrm-policies"], "bands"),
    "circle layout, barriers": ({E.POLARITIES: ["barrier"]}, None, 1, "themes", ["organizational-culture"], "circle"),
    "force layout": ({}, None, 1, "themes", [], "force"),
}


def _screen(G, view):
    """The explorer's view for *view*, and the positions cytoscape is given (:func:`C.view_elements`)."""
    filters, focus, depth, show, opened, layout = view
    values = [filters.get(i, E.FILTER_DEFAULTS[i]) for i in E.FILTER_IDS]
    V, _, _ = E.on_screen(G, values, focus, depth, show, opened)
    elements = C.view_elements(V, G, layout)
    drawn = {el["data"]["id"]: (el["position"]["x"], el["position"]["y"]) for el in elements
             if "position" in el and el["data"].get("kind") != "band"}
    for el in elements:  # a compound node (an open theme) sits at the centre of its children's box
        nid = el["data"].get("id")
        kids = [drawn[k["data"]["id"]] for k in elements if k["data"].get("parent") == nid]
        if nid not in drawn and kids and el["data"].get("kind") == "factor":
            xs, ys = [p[0] for p in kids], [p[1] for p in kids]
            drawn[nid] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return V, layout, drawn


def _gexf_nodes(data: bytes) -> dict[str, dict]:
    root = ET.fromstring(data)
    out = {}
    for n in root.iter(GEXF + "node"):
        pos, col = n.find(VIZ + "position"), n.find(VIZ + "color")
        out[n.get("id")] = {"x": float(pos.get("x")), "y": float(pos.get("y")),
                            "rgb": tuple(int(col.get(c)) for c in "rgb"), "size": float(n.find(VIZ + "size").get("value")),
                            "shape": n.find(VIZ + "shape").get("value")}
    return out


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("name", VIEWS)
def test_gexf_positions_are_the_explorers_and_nodes_the_factors_on_screen(G, name):
    V, layout, drawn = _screen(G, VIEWS[name])
    nodes = _gexf_nodes(export_graph(drawn_view(V, G, layout), "gexf"))
    assert len(nodes) == E.view_counts(V)[0] > 0  # the factors the counts bar reports
    assert set(nodes) == set(drawn)
    for n, a in nodes.items():  # Gephi's y axis points up: the file holds -y
        assert (a["x"], -a["y"]) == pytest.approx(drawn[n]), n
        assert a["rgb"] == _rgb(level_colours(G.nodes[n]["level"], G.nodes[n].get("level_rank"))[0])
        assert a["shape"] == ("disc" if G.nodes[n]["factor_kind"] == "subtheme" else "square")
    sizes = {el["data"]["id"]: el["data"]["size"] for el in C.view_elements(V, G, layout) if "size" in el["data"]}
    assert {n: a["size"] for n, a in nodes.items()} == {n: sizes[n] for n in nodes}  # the explorer's node sizes


def test_gexf_colours_per_level_and_edge_styles(G):
    V, layout, _ = _screen(G, VIEWS["all sub-themes"])
    root = ET.fromstring(export_graph(drawn_view(V, G, layout), "gexf"))
    by_level = {}
    for n in root.iter(GEXF + "node"):
        col = n.find(VIZ + "color")
        by_level.setdefault(G.nodes[n.get("id")]["level"], set()).add(tuple(int(col.get(c)) for c in "rgb"))
    assert by_level == {lv: {_rgb(c)} for lv, c in LEVEL_COLOURS.items()}
    edges = list(root.iter(GEXF + "edge"))
    assert len(edges) == V.number_of_edges()
    for e in edges:
        a = V.edges[e.get("source"), e.get("target")]
        shape, colour = e.find(VIZ + "shape").get("value"), e.find(VIZ + "color")
        assert shape == ("dashed" if a["scope"] == "intra-level" else "solid")
        rgb = tuple(int(colour.get(c)) for c in "rgb")
        if not a["evidence_count"]:
            assert rgb == _rgb(FAINT_COLOUR)
        else:
            assert rgb == _rgb(UPWARD_COLOUR if a["direction"] == "upward" else EDGE_COLOUR)
        assert float(e.find(VIZ + "thickness").get("value")) >= 1.5


@pytest.mark.parametrize("name", ["one theme open", "focus, 2 hops, Sweden"])
def test_graphml_carries_positions_for_yed_and_plain_attributes(G, name):
    V, layout, drawn = _screen(G, VIEWS[name])
    root = ET.fromstring(export_graph(drawn_view(V, G, layout), "graphml"))
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(GML + "key")}
    nodes = root.find(GML + "graph").findall(GML + "node")
    assert len(nodes) == E.view_counts(V)[0]
    for n in nodes:
        data = {keys.get(d.get("key")) or d.get("key"): d for d in n.findall(GML + "data")}
        x, y = float(data["x"].text), float(data["y"].text)
        assert (x, y) == pytest.approx(drawn[n.get("id")])  # yEd and Cytoscape: y down, as on screen
        geo = data["yed_node"].find(f"{YED}ShapeNode/{YED}Geometry")
        w, h = float(geo.get("width")), float(geo.get("height"))
        assert (float(geo.get("x")) + w / 2, float(geo.get("y")) + h / 2) == pytest.approx((x, y))
        colour = level_colours(G.nodes[n.get("id")]["level"])[0]
        assert (int(data["r"].text), int(data["g"].text), int(data["b"].text)) == _rgb(colour)
        label = data["yed_node"].find(f"{YED}ShapeNode/{YED}NodeLabel").text
        assert label == G.nodes[n.get("id")]["label"]
    styles = {e.find(f".//{YED}LineStyle").get("type") for e in root.iter(GML + "edge")}
    assert styles == {"line", "dashed"}


def test_cytoscape_json_places_each_node(G):
    V, layout, drawn = _screen(G, VIEWS["one theme open"])
    data = json.loads(export_graph(drawn_view(V, G, layout), "cyjs"))
    got = {el["data"]["id"]: (el["position"]["x"], el["position"]["y"]) for el in data["elements"]["nodes"]}
    assert set(got) == set(drawn)
    for n, p in got.items():
        assert p == pytest.approx(drawn[n]), n


def test_with_evidence_keeps_the_drawing_of_the_factors_drawn(G):
    values = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]
    V, members, kw = E.on_screen(G, values, None, 1, "subthemes", [])
    D = drawn_view(V, G)
    H = with_drawing(select_subgraph(G, **kw, factors=members), D)
    nodes = _gexf_nodes_partial(export_graph(H, "gexf"))
    kinds = {G.nodes[n]["kind"] for n in H}
    assert {"evidence", "study", "country"} <= kinds and H.number_of_nodes() > D.number_of_nodes()
    assert {n for n, placed in nodes.items() if placed} == set(D)  # only what is drawn has a position


def _gexf_nodes_partial(data: bytes) -> dict[str, bool]:
    return {n.get("id"): n.find(VIZ + "position") is not None for n in ET.fromstring(data).iter(GEXF + "node")}


def test_first_view_gexf_is_not_a_hairball(G):
    """The issue: 514 nodes for 10 factors on screen. Now the file holds what is drawn."""
    V, layout, _ = _screen(G, VIEWS["focus, 2 hops, Sweden"])
    nodes = _gexf_nodes(export_graph(drawn_view(V, G, layout), "gexf"))
    assert len(nodes) == E.view_counts(V)[0] < 20


# ----------------------------------------------------------------------------- file names

def test_export_filename_says_what_it_holds():
    name = export_filename("graphml", focus="psw-wellbeing", depth=2, countries=["SE"])
    assert name == "pswgraph_focus-psw-wellbeing-d2_SE.graphml"
    assert export_filename("gexf", filters={"countries": ["DK", "NO"], "polarities": ["barrier"]}) == \
        "pswgraph_DK-NO_barrier.gexf"
    assert export_filename("summary", ext=".docx", selection={"type": "factor", "id": "stigma"}) == \
        "pswgraph_summary_stigma.docx"
    # the format said once, by the extension; a file saved again and again carries its date
    assert export_filename("png", focus="psw-wellbeing", depth=1, countries=["NO"]) == \
        "pswgraph_focus-psw-wellbeing_NO.png"
    assert export_filename("checklist", ext=".docx", countries=["DK"], date=dt.date(2026, 12, 7)) == \
        "pswgraph_checklist_DK_2026-12-07.docx"
    for fmt in ("png", "svg", "pdf", "pptx", "graphml", "gexf"):
        name = export_filename(fmt, focus="stigma", countries=["SE"])
        assert name.count(fmt) == 1 and name.endswith("." + fmt), name


def test_csv_and_neo4j_zips_never_collide():
    views = [{}, {"focus": "psw-wellbeing", "depth": 1}, {"countries": ["SE"]},
             {"filters": {"levels": ["micro"], "min_evidence": 3}}]
    for view in views:
        csv_name, neo_name = export_filename("csv", **view), export_filename("neo4j", **view)
        assert csv_name.startswith("pswgraph_csv") and neo_name.startswith("pswgraph_neo4j") and csv_name != neo_name
    names = [export_filename(fmt, **view) for fmt in EXPORT_FORMATS for view in views]
    assert len(set(names)) == len(names)  # every format × view its own name


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "a b/c\\d:e*f?g\"h<i>j|k", "x" * 500, "ü\x00\n"])
def test_export_filename_safe_characters_and_capped(hostile):
    name = export_filename("pptx", focus=hostile, countries=[hostile], filters={"themes": [hostile] * 5})
    assert len(name) <= 120 and name.endswith(".pptx")
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
    assert ".." not in name and not name.startswith(".")


def test_long_names_cut_short_still_differ():
    many = [f"theme-number-{i}" for i in range(30)]
    a = export_filename("gexf", filters={"themes": many})
    b = export_filename("gexf", filters={"themes": [*many[:-1], "another-one"]})
    assert len(a) <= 120 and len(b) <= 120 and a != b
    assert a.startswith("pswgraph_theme-theme-number-0-") and a.endswith(".gexf")


# ----------------------------------------------------------------------------- BibTeX through a real parser

def test_bibtex_round_trip_through_bibtexparser_keeps_every_author(G):
    """bibtexparser splits authors at "and" as BibTeX does; every named author comes back, "et al." as "others"."""
    bib = export_graph(G, "bibtex").decode()
    lib = bibtexparser.parse_string(bib, append_middleware=[middlewares.SeparateCoAuthors()])
    assert not lib.failed_blocks
    studies = {n for n, k in G.nodes(data="kind") if k == "study"}
    assert {e.key for e in lib.entries} == studies
    decode = LatexNodes2Text().latex_to_text
    with_et_al = 0
    for e in lib.entries:
        names = _authors(G.nodes[e.key])
        named = [n for n in names if n.strip().lower().rstrip(".") not in ("et al", "et. al")]
        got = [decode(a) for a in e.fields_dict["author"].value] if "author" in e.fields_dict else []
        expected = named + (["others"] if len(named) < len(names) else [])
        with_et_al += len(named) < len(names)
        assert got == expected, e.key
    assert with_et_al >= 1  # the bundled data has "et al." lists: the case is exercised


def test_ris_round_trip_keeps_every_named_author(G):
    ris = export_graph(G, "ris").decode()
    records, cur = {}, []
    for line in ris.splitlines():
        if line.startswith("ID  - "):
            key = line[6:]
        elif line.startswith("AU  - "):
            cur.append(line[6:])
        elif line.startswith("ER  - "):
            records[key], cur = cur, []
    for sid, authors in records.items():
        assert authors == [n for n in _authors(G.nodes[sid]) if "et al" not in n.lower()], sid


def test_zip_exports_are_zips_named_apart(G):
    for fmt in ("csv", "neo4j"):
        data = export_graph(select_subgraph(G, levels=["micro"]), fmt)
        assert zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert export_filename("csv") != export_filename("neo4j")
