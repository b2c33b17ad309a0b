"""Path finder view: every influence route from one factor to another, highlighted and listed hop by hop."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.evidence import evidence_records, group_by_country_and_study
from graph.lookup import NotFound
from graph.paths import DEFAULT_GRANULARITY, influence_paths, influence_view

from . import components as C
from .components import AppContext

SOURCE = "p-source"
TARGET = "p-target"
HOPS = "p-hops"
COUNTRIES = "p-countries"
GRANULARITY = "p-granularity"
PICK = "p-pick"
GRAPH = "paths-graph"
LIST = "paths-list"
STORE = "paths-store"
HOP = "hop-evidence"  # pattern-matching type of the "evidence" buttons on each hop
DRAWER = "drawer"
DRAWER_BODY = "drawer-body"

#: Shown paths at most (the list says when there are more).
MAX_LISTED = 25
DEFAULTS: dict[str, Any] = {SOURCE: None, TARGET: None, HOPS: 4, COUNTRIES: [], GRANULARITY: DEFAULT_GRANULARITY}


def layout(ctx_: AppContext) -> dbc.Row:
    """Controls | graph with the paths highlighted | the list of paths."""
    G = ctx_.graph()
    fopts = C.factor_options(G)
    controls = html.Div([
        html.Label("From (source factor)", htmlFor=SOURCE),
        dcc.Dropdown(id=SOURCE, options=fopts, placeholder="e.g. Regulatory and political factors"),
        html.Label("To (target factor)", htmlFor=TARGET),
        dcc.Dropdown(id=TARGET, options=fopts, placeholder="e.g. PSW wellbeing"),
        html.Label("Maximum hops", htmlFor=HOPS),
        dcc.Slider(id=HOPS, min=1, max=6, step=1, value=4, marks={i: str(i) for i in range(1, 7)}),
        html.Label("Only hops evidenced in", htmlFor=COUNTRIES),
        dcc.Dropdown(id=COUNTRIES, options=[{"label": name, "value": code} for code, name in C.country_items(G)],
                     multi=True, placeholder="any country (or none: framework edges count)"),
        html.Label("Granularity"),
        dbc.RadioItems(id=GRANULARITY, value=DEFAULT_GRANULARITY, inline=True,
                       options=[{"label": "themes (roll up)", "value": "theme"},
                                {"label": "sub-themes as recorded", "value": "subtheme"}]),
        html.Label("Highlight"),
        dbc.RadioItems(id=PICK, value="all", options=[{"label": "all paths", "value": "all"}], className="small",
                       inputClassName="me-1", labelClassName="d-block small"),
    ], className="sidebar")
    return dbc.Row([
        dbc.Col(controls, md=3, xl=2),
        dbc.Col([C.loading(cyto.Cytoscape(
            id=GRAPH, elements=[], layout=C.LAYOUTS["bands"][1], stylesheet=C.base_stylesheet(),
            style={"width": "100%", "height": "max(520px, calc(100vh - 260px))"}, minZoom=0.15, maxZoom=3, responsive=True,
            wheelSensitivity=0.3)), C.legend()], md=9, xl=6),
        dbc.Col([dcc.Store(id=STORE), C.loading(html.Div(id=LIST, className="paths-list"))], md=12, xl=4),
    ], className="g-3")


def drawer() -> dbc.Offcanvas:
    """The shared side drawer that lists evidence (paths hops, compare edges)."""
    return dbc.Offcanvas(id=DRAWER, title="Evidence", placement="end", is_open=False, scrollable=True,
                         style={"width": "min(560px, 95vw)"}, children=html.Div(id=DRAWER_BODY))


def _label(G: Any, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n


def path_list(G: Any, paths: list[dict[str, Any]]) -> list[Any]:
    """The hop-by-hop list of paths, each hop with an evidence button."""
    items = []
    for i, p in enumerate(paths[:MAX_LISTED], 1):
        hops = []
        for h in p["hops"]:
            key = f"{h['source']}>{h['target']}"
            countries = ", ".join(h["countries"]) or "no country"
            hops.append(html.Li([
                html.Span(f"{_label(G, h['source'])} → {_label(G, h['target'])}"),
                html.Span(f" · {len(h['evidence'])} evidence · {countries}", className="text-muted small"),
                " ",
                dbc.Button("evidence", id={"type": HOP, "index": key}, size="sm", color="link",
                           className="p-0 align-baseline", disabled=not h["evidence"]),
            ]))
        names = " → ".join(_label(G, n) for n in p["nodes"])
        items.append(html.Div([
            html.Div([html.Strong(f"{i}. "), names], className="path-title"),
            html.Div(f"{len(p['hops'])} hop(s) · {p['evidence_count']} distinct evidence", className="small"),
            html.Ol(hops, className="hops"),
        ], className="path-card"))
    if len(paths) > MAX_LISTED:
        items.append(html.P(f"… and {len(paths) - MAX_LISTED} longer or less-evidenced paths.", className="small"))
    return items


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the path finder's callbacks to *app*."""

    @app.callback(
        Output(GRAPH, "elements"), Output(LIST, "children"), Output(STORE, "data"), Output(PICK, "options"),
        Input(SOURCE, "value"), Input(TARGET, "value"), Input(HOPS, "value"), Input(COUNTRIES, "value"),
        Input(GRANULARITY, "value"), Input(PICK, "value"), Input(C.TABS, "active_tab"),
    )
    def find(source, target, hops, countries, granularity, pick, tab):
        C.skip_unless_visible(tab, "paths")
        G = ctx_.graph()
        granularity = granularity or DEFAULT_GRANULARITY
        V = influence_view(G, granularity)
        themes = granularity == "theme"  # rolled up: a compact theme-only layout
        base = [{"label": "all paths", "value": "all"}]
        if not source or not target:
            return (C.graph_elements(V, G, themes_only=themes), C.empty_note("Pick a source and a target factor."), None, base)
        try:
            paths = influence_paths(G, source, target, max_hops=int(hops or 4), countries=countries or None,
                                    granularity=granularity)
        except NotFound as err:
            return C.graph_elements(V, G, themes_only=themes), C.empty_note(f"{err}."), None, base
        if not paths:
            where = f" with evidence from {', '.join(countries)}" if countries else ""
            why = (f"No influence path from “{_label(G, source)}” to “{_label(G, target)}” within {hops} hops"
                   f"{where}. Try more hops{', fewer countries' if countries else ''} or the theme granularity.")
            return C.graph_elements(V, G, node_classes={source: "hl", target: "hl"}, themes_only=themes), C.empty_note(why), None, base
        shown = paths if pick in (None, "all") else [p for i, p in enumerate(paths) if str(i) == str(pick)] or paths
        on_nodes = {n for p in shown for n in p["nodes"]}
        on_edges = {(h["source"], h["target"]) for p in shown for h in p["hops"]}
        node_classes = {n: ("hl" if n in on_nodes else "faded") for n in V}
        edge_classes = {e: ("hl" if e in on_edges else "faded") for e in V.edges}
        store = {f"{h['source']}>{h['target']}": h["evidence"] for p in paths for h in p["hops"]}
        opts = base + [{"label": f"path {i + 1} ({len(p['hops'])} hops)", "value": str(i)}
                       for i, p in enumerate(paths[:MAX_LISTED])]
        head = html.P(f"{len(paths)} path(s) from “{_label(G, source)}” to “{_label(G, target)}”, fewest hops first.",
                      className="fw-bold")
        return (C.graph_elements(V, G, node_classes=node_classes, edge_classes=edge_classes,
                                 themes_only=themes),
                [head, *path_list(G, paths)], store, opts)

    @app.callback(
        Output(DRAWER, "is_open", allow_duplicate=True), Output(DRAWER_BODY, "children", allow_duplicate=True),
        Output(DRAWER, "title", allow_duplicate=True),
        Input({"type": HOP, "index": ALL}, "n_clicks"), State(STORE, "data"),
        prevent_initial_call=True,
    )
    def hop_evidence(_clicks, store):
        trig = ctx.triggered_id
        if not isinstance(trig, dict) or not ctx.triggered[0]["value"] or not store:
            return no_update, no_update, no_update
        G = ctx_.graph()
        source, target = trig["index"].split(">", 1)
        records = evidence_records(G, store.get(trig["index"], []))
        return True, C.evidence_groups(group_by_country_and_study(records)), \
            f"{_label(G, source)} → {_label(G, target)}"
