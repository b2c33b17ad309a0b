"""Compare view: 2–4 countries side by side (identical positions), shared/unique influences, pathway × country."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Dash, Input, Output, ctx, dcc, html, no_update

from graph.compare import compare_countries, pathway_country_matrix
from graph.evidence import influence_details
from graph.lookup import NotFound
from graph.subgraph import filter_influences

from . import components as C
from .components import AppContext
from .paths import DRAWER, DRAWER_BODY

COUNTRIES = "c-countries"
SOURCE = "c-source"
TARGET = "c-target"
PANELS = "compare-panels"
TABLE = "compare-table"
MATRIX = "compare-matrix"
PANEL_GRAPH = "compare-graph"  # pattern-matching type: one cytoscape per country
DEFAULTS: dict[str, Any] = {COUNTRIES: [], SOURCE: "regulatory-political", TARGET: "psw-wellbeing"}
MAX_PATHS = 20


def layout(ctx_: AppContext) -> html.Div:
    """Country picker and pathway picker, panels, tables."""
    G = ctx_.graph()
    fopts = C.factor_options(G)
    return html.Div([
        dbc.Row([
            dbc.Col([html.Label("Countries (2–4)", htmlFor=COUNTRIES),
                     dcc.Dropdown(id=COUNTRIES, multi=True, placeholder="e.g. Sweden, Norway",
                                  options=[{"label": n, "value": c} for c, n in C.country_items(G)])], md=4),
            dbc.Col([html.Label("Pathway from", htmlFor=SOURCE),
                     dcc.Dropdown(id=SOURCE, options=fopts, value=DEFAULTS[SOURCE])], md=4),
            dbc.Col([html.Label("to", htmlFor=TARGET),
                     dcc.Dropdown(id=TARGET, options=fopts, value=DEFAULTS[TARGET])], md=4),
        ], className="g-2 mb-2"),
        C.legend(compare=True),
        C.loading(html.Div(id=PANELS, className="compare-panels")),
        dbc.Row([
            dbc.Col([html.H5("Shared and country-unique influences"), C.loading(html.Div(id=TABLE))], lg=6),
            dbc.Col([html.H5("Pathway × country"), C.loading(html.Div(id=MATRIX))], lg=6),
        ], className="g-3 mt-2"),
    ])


def _label(G: Any, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n


def _panel(G: Any, code: str, result: dict[str, Any], n_panels: int) -> dbc.Col:
    D = filter_influences(G, countries=[code])
    shared = {tuple(e) for e in result["shared"]}
    unique = {tuple(e) for e in result["unique"][code]}
    edge_classes = {e: ("unique" if e in unique else "shared" if e in shared else "") for e in D.edges}
    n_edges = D.number_of_edges()
    title = html.H6([f"{_label(G, code)} ", html.Small(f"{n_edges} influences · {len(unique)} unique",
                                                       className="text-muted")])
    body: list[Any] = [title]
    if n_edges == 0:
        body.append(C.empty_note(f"No influence evidenced in {_label(G, code)} yet."))
    # two or four panels: two a row; three: one row. Sub-theme names show once zoomed in enough to read.
    per_row = 3 if n_panels == 3 else 2
    body.append(cyto.Cytoscape(
        id={"type": PANEL_GRAPH, "index": code}, elements=C.graph_elements(D, G, edge_classes=edge_classes),
        layout=C.LAYOUTS["bands"][1], stylesheet=C.base_stylesheet(small=True), responsive=True,
        style={"width": "100%", "height": "560px" if per_row == 2 else "480px"}, minZoom=0.1, maxZoom=3,
        wheelSensitivity=0.3))
    return dbc.Col(html.Div(body, className="compare-panel"), md=6 if n_panels > 1 else 12, xl=12 // per_row)


def _table(G: Any, result: dict[str, Any]) -> Any:
    codes = result["countries"]
    per = {c: {tuple(e) for e in result["per_country"][c]["edges"]} for c in codes}
    union = sorted(set().union(*per.values()))
    if not union:
        return C.empty_note("None of these countries has evidenced influences yet.")
    shared = {tuple(e) for e in result["shared"]}
    rows = []
    for e in union:
        status = "shared by all" if e in shared else next(
            (f"only {c}" for c in codes if e in {tuple(x) for x in result["unique"][c]}), "some")
        rows.append(html.Tr([html.Td(f"{_label(G, e[0])} → {_label(G, e[1])}"),
                             *[html.Td("✓" if e in per[c] else "·", className="text-center") for c in codes],
                             html.Td(status)], className="shared-row" if e in shared else ""))
    head = html.Thead(html.Tr([html.Th("Influence"), *[html.Th(c, className="text-center") for c in codes],
                               html.Th("Status")]))
    summary = html.P(f"{len(shared)} shared; " + "; ".join(f"{len(result['unique'][c])} only in {c}" for c in codes),
                     className="small")
    return html.Div([summary, dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, hover=True,
                                        className="compare-table", id="compare-shared-table")],
                    className="table-scroll")


def _matrix(G: Any, source: str, target: str, codes: list[str]) -> Any:
    if not source or not target:
        return C.empty_note("Pick a pathway's source and target.")
    rows = pathway_country_matrix(G, source, target, codes, max_hops=4, granularity="theme")
    if not rows:
        return C.empty_note(f"No influence path from “{_label(G, source)}” to “{_label(G, target)}” within 4 hops.")
    body = []
    for r in rows[:MAX_PATHS]:
        cells = []
        for c in codes:
            n, total = r["coverage"][c], len(r["hops"])
            cells.append(html.Td(f"{n}/{total}" + (" ✓" if c in r["complete"] else ""),
                                 className="text-center" + (" complete" if c in r["complete"] else ""),
                                 title=f"{n} of {total} hops evidenced in {c}"))
        body.append(html.Tr([html.Td(" → ".join(_label(G, n) for n in r["nodes"])), *cells]))
    head = html.Thead(html.Tr([html.Th("Path (themes)"), *[html.Th(c, className="text-center") for c in codes]]))
    note = html.P("Cells: hops of the path with evidence from the country; ✓ = every hop evidenced.", className="small")
    return html.Div([note, dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, className="pathway-matrix")],
                    className="table-scroll")


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the compare view's callbacks to *app*."""

    @app.callback(Output(PANELS, "children"), Output(TABLE, "children"), Output(MATRIX, "children"),
                  Input(COUNTRIES, "value"), Input(SOURCE, "value"), Input(TARGET, "value"),
                  Input(C.TABS, "active_tab"))
    def compare(countries, source, target, tab):
        C.skip_unless_visible(tab, "compare")
        G = ctx_.graph()
        codes = list(dict.fromkeys(countries or []))
        if not 2 <= len(codes) <= 4:
            msg = C.empty_note("Pick two to four countries to compare." if len(codes) < 2
                               else "Compare at most four countries at a time.")
            return msg, None, None
        try:
            result = compare_countries(G, codes)
        except (NotFound, ValueError) as err:
            return C.empty_note(f"{err}."), None, None
        panels = dbc.Row([_panel(G, c, result, len(codes)) for c in result["countries"]], className="g-2")
        return panels, _table(G, result), _matrix(G, source, target, result["countries"])

    @app.callback(
        Output(DRAWER, "is_open", allow_duplicate=True), Output(DRAWER_BODY, "children", allow_duplicate=True),
        Output(DRAWER, "title", allow_duplicate=True),
        Input({"type": PANEL_GRAPH, "index": ALL}, "tapEdgeData"), prevent_initial_call=True,
    )
    def edge_evidence(_edges):
        trig = ctx.triggered_id
        edge = ctx.triggered[0]["value"] if ctx.triggered else None
        if not isinstance(trig, dict) or not edge:
            return no_update, no_update, no_update
        G = ctx_.graph()
        try:
            d = influence_details(G, edge["source"], edge["target"])
        except KeyError:
            return no_update, no_update, no_update
        country = trig["index"]
        groups = [g for g in d["groups"] if g["code"] == country]
        return True, C.evidence_groups(groups, empty=f"No evidence from {country} for this influence."), \
            f"{d['source_label']} → {d['target_label']} ({country})"
