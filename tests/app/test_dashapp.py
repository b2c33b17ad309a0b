"""The Dash app without a browser: app construction, URL state, the pptx deck, the shared components."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import dashapp.controls
import dashapp.pages.export
from dashapp import components as C
from dashapp import create_app
from dashapp.controls import STATEFUL, decode, encode
from dashapp.pages import explore
from graph import influence_graph, load_graph

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample_data"


@pytest.mark.parametrize("module", [dashapp.controls, dashapp.pages.export])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_create_app_has_every_view_and_no_duplicate_ids():
    app = create_app()
    ids = []

    def walk(node):
        if hasattr(node, "id") and getattr(node, "id", None) is not None:
            ids.append(str(node.id))
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            walk(child)

    walk(app.layout)
    assert len(ids) == len(set(ids))
    for view in ("view-explore", "view-paths", "view-compare", "view-matrix", "view-studies"):
        assert view in ids
    assert {c.id for c in STATEFUL} - {"selection"} <= set(ids)


def test_create_app_other_data_dir():
    app = create_app(SAMPLE)
    assert app.title == "pswgraph explorer"


def test_url_state_round_trip():
    state = decode("")
    state.update({explore.COUNTRIES: ["SE", "DK"], explore.POLARITIES: ["barrier"], explore.MIN_EVIDENCE: 2,
                  explore.UNEVIDENCED: False, explore.FOCUS: "hrm-policies", explore.DEPTH: 2,
                  explore.SELECTION: {"type": "factor", "id": "stigma"}, "tabs": "paths"})
    query = encode(state)
    assert query.startswith("?") and "c=SE,DK" in query and "unev=0" in query
    assert decode(query) == state


def test_url_state_defaults_are_omitted_and_bad_values_fall_back():
    assert encode(decode("")) == ""
    assert decode("?tab=nonsense&min=abc")["tabs"] == "explore"
    assert decode("?min=abc")[explore.MIN_EVIDENCE] == 0


def test_graph_elements_bands_compounds_and_classes():
    G = load_graph()
    D = influence_graph(G)
    els = C.graph_elements(D, G)
    nodes = {e["data"]["id"]: e for e in els if "source" not in e["data"]}
    edges = [e for e in els if "source" in e["data"]]
    assert {"band:macro", "band:meso", "band:micro"} <= set(nodes)
    assert nodes["policy-mandates"]["data"]["parent"] == "regulatory-political"
    assert nodes["regulatory-political"]["data"]["parent"] == "band:macro"
    assert nodes["regulatory-political"]["position"]["y"] < nodes["psw-wellbeing"]["position"]["y"]
    assert any("inter-level" in e["classes"] for e in edges) and any("intra-level" in e["classes"] for e in edges)
    upward = [e for e in edges if "upward" in e["classes"]]
    assert all(e["data"]["arrow"] == "↑" for e in upward)


def test_describe_filters_names_countries():
    G = load_graph()
    kw = explore.filter_kwargs([], [], ["DK"], [], ["barrier"], [], 0, True)
    assert describe(G, kw) == "in Denmark, with polarity barrier"


def describe(G, kw):
    return explore.describe_filters(G, kw)


def test_serve_command_defaults_and_lazy_dash_import():
    import subprocess
    import sys

    from graph.cli.commands import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.debug, args.data) == ("127.0.0.1", 8050, False, None)
    args = build_parser().parse_args(["serve", "--port", "9000", "--data", "x", "--debug"])
    assert (args.port, args.data, args.debug) == (9000, "x", True)
    code = "import sys, graph, graph.cli.commands; print('dash' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_path_finder_draws_every_line_routed_round_the_names_within_the_budget():
    """The routes from regulatory factors to PSW wellbeing as the path finder draws them at sub-theme granularity
    (its factors packed, the bands spread, every factor and hop highlighted): every line drawn routed, bent or
    straight; none through a name, none along another (the computed geometry, as tests/browser/edges.js measures
    the drawing); the open themes' boxes sized where the routing put them; within the routing budget."""
    from dashapp.pages import paths as P
    from graph.present import elements as E
    from graph.present import routing as R
    from graph.present.layout import WORK, compact_positions
    from graph.present.style import HIGHLIGHT_BORDER_WIDTH
    from graph.query.paths import influence_paths, influence_view

    G = load_graph()
    V = influence_view(G, "subtheme")
    routes_found = influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=4, granularity="subtheme")
    D = P._drawn(V, {n for p in routes_found for n in p["nodes"]})
    pos = P._spread_bands(D, compact_positions(G, D))
    hops = {(h["source"], h["target"]) for p in routes_found for h in p["hops"]}
    before = WORK["grid-routing"]
    els = C.graph_elements(D, G, positions=pos, routed=True, node_classes=dict.fromkeys(D, "hl"),
                           edge_classes={e: "hl" if e in hops else "faded" for e in D.edges})
    assert 0 < WORK["grid-routing"] - before <= R.ROUTED_WORK_BUDGET
    edges = [e for e in els if "source" in e["data"]]
    assert len(edges) == D.number_of_edges() > 20
    assert all({"bent", "straight"} & set(e["classes"].split()) for e in edges)
    opened = {D.nodes[n]["theme"] for n in D if D.nodes[n]["factor_kind"] == "subtheme"}
    assert {e["data"]["id"] for e in els if "minw" in e["data"]} == opened
    rims = dict.fromkeys(D, HIGHLIGHT_BORDER_WIDTH / 2 + 1)  # as graph_elements draws highlighted factors
    routes, _ = E.routed_lines(D, pos, theme_dots=True, first=hops, rims=rims, apart=E.PANEL_APART, room=E.PANEL_ROOM)
    walls = R.obstacles(D, pos, theme_dots=True, rims=rims)
    dots = {n: (w[0][2] - w[0][0]) / 2 for n, w in walls.items() if n in pos}
    lines = R.drawn_lines(pos, routes, R.frames(D, walls), dots)
    assert R.lines_through(lines, walls) == []
    assert R.shared_stretches(lines, E.PANEL_APART - 0.5, 16.0, dict.fromkeys(D, R.END_CLEAR)) == []
