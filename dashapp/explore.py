"""Explore view: the level-banded influence graph, the filters sidebar and the details panel."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Dash, Input, Output, ctx, dcc, html, no_update

from graph.evidence import facet_counts, factor_details, influence_details
from graph.lookup import NotFound
from graph.subgraph import filter_influences, matching_evidence

from . import components as C
from .components import AppContext

# Component ids.
GRAPH = "explore-graph"
LEVELS = "f-levels"
THEMES = "f-themes"
COUNTRIES = "f-countries"
STUDIES = "f-studies"
POLARITIES = "f-polarities"
PERSPECTIVES = "f-perspectives"
MIN_EVIDENCE = "f-min-evidence"
UNEVIDENCED = "f-unevidenced"
SEARCH = "f-search"
FOCUS = "f-focus"
DEPTH = "f-depth"
LAYOUT = "f-layout"
RESET = "f-reset"
COUNTS = "f-counts"
EMPTY = "explore-empty"
SELECTION = "selection"
DETAILS = "details"
GOTO = "goto-factor"  # pattern-matching type for links inside the details panel

#: The explore filters and their defaults (also the URL state defaults).
FILTER_DEFAULTS: dict[str, Any] = {
    LEVELS: [], THEMES: [], COUNTRIES: [], STUDIES: [], POLARITIES: [], PERSPECTIVES: [],
    MIN_EVIDENCE: 0, UNEVIDENCED: True,
}
FILTER_IDS = list(FILTER_DEFAULTS)


def filter_kwargs(levels: list[str] | None, themes: list[str] | None, countries: list[str] | None,
                  studies: list[str] | None, polarities: list[str] | None, perspectives: list[str] | None,
                  min_evidence: int | None, unevidenced: bool | None) -> dict[str, Any]:
    """The sidebar values as keyword arguments of :func:`graph.subgraph.filter_influences`."""
    return {"levels": levels or None, "themes": themes or None, "countries": countries or None,
            "studies": studies or None, "polarities": polarities or None, "perspectives": perspectives or None,
            "min_evidence": int(min_evidence or 0), "include_unevidenced": bool(unevidenced)}


def describe_filters(G: Any, kw: dict[str, Any]) -> str:
    """A human phrase for the active evidence filters, e.g. 'in Denmark, polarity barrier'."""
    parts = []
    if kw.get("countries"):
        parts.append("in " + " or ".join(G.nodes[c]["label"] if c in G else c for c in kw["countries"]))
    if kw.get("studies"):
        parts.append("reported by " + " or ".join(G.nodes[s].get("label", s) if s in G else s for s in kw["studies"]))
    if kw.get("polarities"):
        parts.append("with polarity " + " or ".join(kw["polarities"]))
    if kw.get("perspectives"):
        parts.append("from the " + " or ".join(kw["perspectives"]) + " perspective")
    if kw.get("min_evidence"):
        parts.append(f"with at least {kw['min_evidence']} evidence items")
    if kw.get("levels"):
        parts.append("at the " + " or ".join(kw["levels"]) + " level")
    if kw.get("themes"):
        parts.append("within " + ", ".join(G.nodes[t]["label"] if t in G else t for t in kw["themes"]))
    return ", ".join(parts)


def sidebar(ctx_: AppContext) -> html.Div:
    """The filters sidebar."""
    G = ctx_.graph()
    fopts = C.factor_options(G)
    return html.Div([
        html.Label("Search a factor", htmlFor=SEARCH),
        dcc.Dropdown(id=SEARCH, options=fopts, placeholder="Type a name or alias…", searchable=True,
                     clearable=True),
        html.Hr(),
        html.Div(id=COUNTS, className="counts", **{"aria-live": "polite"}),
        html.Label("Level"),
        dbc.Checklist(id=LEVELS, options=[{"label": C.LEVEL_LABELS[lv], "value": lv} for lv in C.LEVELS], value=[]),
        html.Label("Theme", htmlFor=THEMES),
        dcc.Dropdown(id=THEMES, options=C.factor_options(G, themes_only=True), multi=True, placeholder="All themes"),
        html.Label("Country", htmlFor=COUNTRIES),
        dcc.Dropdown(id=COUNTRIES, options=C.counted_options(C.country_items(G), None), multi=True,
                     placeholder="All countries"),
        html.Label("Study", htmlFor=STUDIES),
        dcc.Dropdown(id=STUDIES, options=C.counted_options(C.study_items(G), None), multi=True,
                     placeholder="All studies"),
        html.Label("Polarity"),
        dbc.Checklist(id=POLARITIES, options=[{"label": p, "value": p} for p in C.POLARITIES], value=[]),
        html.Label("Perspective"),
        dbc.Checklist(id=PERSPECTIVES, options=[{"label": p, "value": p} for p in C.PERSPECTIVES], value=[]),
        html.Label("Minimum evidence per influence", htmlFor=MIN_EVIDENCE),
        dcc.Slider(id=MIN_EVIDENCE, min=0, max=10, step=1, value=0, marks={0: "0", 5: "5", 10: "10"}),
        dbc.Switch(id=UNEVIDENCED, label="Show framework influences without evidence", value=True),
        html.Hr(),
        html.Label("Focus on a factor (N-hop neighbourhood)", htmlFor=FOCUS),
        dcc.Dropdown(id=FOCUS, options=fopts, placeholder="No focus", clearable=True),
        dbc.RadioItems(id=DEPTH, options=[{"label": f"{d} hop{'s' if d > 1 else ''}", "value": d} for d in (1, 2, 3)],
                       value=1, inline=True),
        html.Label("Layout", htmlFor=LAYOUT),
        dcc.Dropdown(id=LAYOUT, options=[{"label": lab, "value": k} for k, (lab, _) in C.LAYOUTS.items()],
                     value="bands", clearable=False),
        dbc.Button("Reset view", id=RESET, color="secondary", outline=True, size="sm", className="mt-3 w-100"),
    ], className="sidebar")


def layout(ctx_: AppContext, export_toolbar: Any = None) -> html.Div:
    """The explore view: sidebar | graph + legend + export toolbar | details panel."""
    return dbc.Row([
        dbc.Col(sidebar(ctx_), md=3, xl=2),
        dbc.Col([
            C.loading(html.Div([
                html.Div(id=EMPTY),
                cyto.Cytoscape(id=GRAPH, elements=[], layout=C.LAYOUTS["bands"][1], stylesheet=C.base_stylesheet(),
                               style={"width": "100%", "height": "max(560px, calc(100vh - 235px))"}, minZoom=0.15, maxZoom=3,
                               boxSelectionEnabled=False, responsive=True, wheelSensitivity=0.3),
            ], className="graph-frame")),
            C.legend(),
            export_toolbar,
        ], md=9, xl=7),
        dbc.Col(html.Div(id=DETAILS, className="details-panel", children=how_to_read()), md=12, xl=3),
    ], className="g-3")


def how_to_read() -> html.Div:
    """What the details panel shows before anything is clicked: how to read the graph in a minute."""
    return html.Div([
        html.P("Click a factor or an influence arrow to see its evidence.", className="text-muted"),
        html.H6("How to read the graph"),
        html.Ul([
            html.Li("Each dot is a factor that helps or hinders peer support worker roles; boxes group "
                    "sub-themes under their theme."),
            html.Li("Top to bottom: macro (society, policy and funding), meso (the organisation), "
                    "micro (the team)."),
            html.Li("Arrows are influences the papers describe; thicker = more evidence. Vermillion ↑ arrows "
                    "run upward, from team to organisation or organisation to system."),
            html.Li("Narrow it down with the filters on the left (e.g. a country); scroll to zoom, drag to pan."),
        ], className="small how-to-read"),
    ])


def _counts_bar(n_factors: int, n_edges: int, n_evidence: int) -> list[Any]:
    return [dbc.Badge(f"{n_factors} factors", color="primary", className="me-1"),
            dbc.Badge(f"{n_edges} influences", color="dark", className="me-1"),
            dbc.Badge(f"{n_evidence} evidence", color="success")]


def _factor_panel(d: dict[str, Any]) -> list[Any]:
    def goto(fid: str, label: str) -> html.A:
        return html.A(label, href="#", id={"type": GOTO, "index": fid}, className="goto")

    rows: list[Any] = [
        html.H4(d["label"], className="details-title"),
        html.Div([dbc.Badge(d["level_label"], style={"backgroundColor": C.LEVEL_COLOURS.get(d["level"], "#666")},
                            className="me-1"),
                  dbc.Badge(d["factor_kind"], color="light", text_color="dark")]),
        html.P(d["description"], className="mt-2"),
    ]
    if d["factor_kind"] == "subtheme":
        rows.append(html.P(["Theme: ", goto(d["theme"], d["theme_label"])]))
    if d["subthemes"]:
        rows.append(html.P(["Sub-themes: ", *C._join([goto(s["id"], s["label"]) for s in d["subthemes"]])]))
    if d["aliases"]:
        rows.append(html.P("Also called: " + "; ".join(d["aliases"]), className="small text-muted"))
    if d["study_themes"]:
        rows.append(html.Div([html.H6("The papers' own themes mapped here"),
                              html.Ul([html.Li([f"{t['label']} ({t['type']}) — ", C.study_link(t["study"])])
                                       for t in d["study_themes"]])]))
    infl = [html.Li([goto(i["source"], i["source_label"]), " → ", goto(i["target"], i["target_label"]),
                     f" ({i['evidence_count']} evidence)"]) for i in d["influences_in"] + d["influences_out"]]
    if infl:
        rows.append(html.Details([html.Summary(f"Influences ({len(infl)})"), html.Ul(infl)]))
    if d["gaps"]:
        rows.append(html.Details([html.Summary(f"Stated research gaps ({len(d['gaps'])})"),
                                  html.Ul([html.Li(g["statement"]) for g in d["gaps"]])]))
    rows.append(html.H5(f"Evidence ({len(d['evidence'])})", className="mt-3"))
    rows.append(C.evidence_groups(d["groups"], empty="No evidence recorded for this factor yet."))
    return rows


def _influence_panel(d: dict[str, Any]) -> list[Any]:
    direction = {"upward": "upward ↑", "downward": "downward ↓", "lateral": "within one level"}
    rows: list[Any] = [
        html.H4([d["source_label"], " → ", d["target_label"]], className="details-title"),
        html.Div([dbc.Badge(d["scope"], color="dark", className="me-1"),
                  dbc.Badge(direction.get(d["direction"], d["direction"]),
                            style={"backgroundColor": C.UPWARD_COLOUR if d["direction"] == "upward" else "#555"})]),
    ]
    if d["description"]:
        rows.append(html.P(d["description"], className="mt-2"))
    if d["stated_by"]:
        rows.append(html.P(["Stated by ", C.study_link(d["stated_by"]), f" ({d['basis']})"], className="small"))
    rows.append(html.H5(f"Evidence ({len(d['evidence'])})", className="mt-3"))
    rows.append(C.evidence_groups(d["groups"], empty="No evidence recorded for this influence yet — "
                                  "it comes from the review's framework (Table 2)."))
    return rows


def details_children(ctx_: AppContext, selection: dict[str, Any] | None) -> Any:
    """The details panel for a selection ``{"type": "factor", "id"}`` or ``{"type": "influence", ...}``."""
    G = ctx_.graph()
    try:
        if selection and selection.get("type") == "factor":
            return _factor_panel(factor_details(G, selection["id"]))
        if selection and selection.get("type") == "influence":
            return _influence_panel(influence_details(G, selection["source"], selection["target"]))
    except KeyError:
        return C.empty_note("The selected item is not in this data package.")
    return how_to_read()


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the explore view's callbacks to *app*."""
    filter_inputs = [Input(i, "value") for i in FILTER_IDS]

    @app.callback(
        Output(GRAPH, "elements"), Output(GRAPH, "layout"), Output(EMPTY, "children"), Output(COUNTS, "children"),
        Output(COUNTRIES, "options"), Output(STUDIES, "options"),
        Output(POLARITIES, "options"), Output(PERSPECTIVES, "options"),
        *filter_inputs, Input(FOCUS, "value"), Input(DEPTH, "value"), Input(LAYOUT, "value"),
    )
    def update_graph(levels, themes, countries, studies, polarities, perspectives, min_ev, unev,
                     focus, depth, layout_name):
        G = ctx_.graph()
        kw = filter_kwargs(levels, themes, countries, studies, polarities, perspectives, min_ev, unev)
        lay = dict(C.LAYOUTS.get(layout_name or "bands", C.LAYOUTS["bands"])[1])
        try:
            D = filter_influences(G, **kw, focus=focus or None, depth=int(depth or 1))
        except NotFound as err:
            return [], lay, C.empty_note(f"{err}."), _counts_bar(0, 0, 0), no_update, no_update, no_update, no_update
        ev_filter = {"countries": kw["countries"], "studies": kw["studies"], "polarities": kw["polarities"],
                     "perspectives": kw["perspectives"]}
        facets = {}
        for key in ev_filter:  # each facet counts under the other facets' filters
            others = {k: v for k, v in ev_filter.items() if k != key}
            facets[key] = facet_counts(G, matching_evidence(G, **others))[key]
        note = None
        if focus and D.number_of_nodes() == 0:
            label = G.nodes[focus]["label"] if focus in G else focus
            note = C.empty_note(f"The focus factor “{label}” is hidden by the level or theme filter.")
        evidence = {e for _, a in D.nodes(data=True) for e in a.get("evidence", [])}
        if note is None and D.number_of_nodes() == 0:
            note = C.empty_note(f"No factor matches these filters ({describe_filters(G, kw)}).")
        elif note is None and D.number_of_edges() == 0:
            what = describe_filters(G, kw)
            note = C.empty_note(f"No influence {'evidenced ' if what else ''}{what} matches these filters"
                                if what else "No influence links these factors.")
        elements = C.graph_elements(D, G, bands=(layout_name or "bands") == "bands")
        return (elements, lay, note, _counts_bar(D.number_of_nodes(), D.number_of_edges(), len(evidence)),
                C.counted_options(C.country_items(G), facets["countries"]),
                C.counted_options(C.study_items(G), facets["studies"]),
                C.counted_options([(p, p) for p in C.POLARITIES], facets["polarities"]),
                C.counted_options([(p, p) for p in C.PERSPECTIVES], facets["perspectives"]))

    @app.callback(
        Output(SELECTION, "data", allow_duplicate=True),
        Input(GRAPH, "tapNodeData"), Input(GRAPH, "tapEdgeData"), Input(SEARCH, "value"),
        Input({"type": GOTO, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select(node, edge, searched, _goto):
        trig = ctx.triggered_id
        if trig == GRAPH:
            prop = ctx.triggered[0]["prop_id"].split(".")[-1]
            if prop == "tapNodeData" and node and node.get("kind") == "factor":
                return {"type": "factor", "id": node["id"]}
            if prop == "tapEdgeData" and edge:
                return {"type": "influence", "source": edge["source"], "target": edge["target"]}
            return no_update
        if trig == SEARCH:
            return {"type": "factor", "id": searched} if searched else no_update
        if isinstance(trig, dict) and trig.get("type") == GOTO and ctx.triggered[0]["value"]:
            return {"type": "factor", "id": trig["index"]}
        return no_update

    @app.callback(Output(DETAILS, "children"), Output(GRAPH, "stylesheet"), Input(SELECTION, "data"))
    def show_details(selection):
        return details_children(ctx_, selection), C.base_stylesheet() + C.selection_stylesheet(selection)
