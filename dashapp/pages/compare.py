"""Compare view: 2–4 countries side by side at theme level (identical positions), the influences each
country shares with the others, and pathway × country.

The country picker counts each country's evidence items with :func:`graph.query.counts.country_counts`,
the number the explorer's filter and the evidence matrix show for it; a panel's themes count the
evidence on the theme or its sub-themes, as the explorer's boxes and the matrix's theme rows do.

Every influence drawn or listed is coloured by its status among the chosen countries: shared by
all of them, in some (named), or only in one.
"""

from __future__ import annotations

import json
from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.data.memo import memo
from graph.export.downloads import comparison_deck_download
from graph.present.comparison import (
    GRANULARITY,
    PANEL_WIDTH,
    STATUS_COLOURS,
    country_names,
    panel_elements,
    status,
    status_kinds,
)
from graph.present.report import describe_filters
from graph.present.view import MAX_ELEMENTS, strongest
from graph.query.compare import compare_countries, country_views, pathway_country_matrix
from graph.query.counts import country_counts
from graph.query.details import evidence_records, group_by_country_and_study
from graph.query.filters import NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE, Filters, country_choices, matching_set
from graph.query.lookup import NotFound
from graph.query.paths import DEFAULT_RANKING, RANKING_BEST, influence_view
from graph.query.strength import STRENGTH_NOTE, edge_strength, strength_flags

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from ..components.markup import raw_html, to_html
from .export import clicked
from .paths import DRAWER, DRAWER_BODY

COUNTRIES = ctl.C_COUNTRIES.id
COUNTRIES_NOTE = "c-countries-note"
SOURCE = ctl.C_SOURCE.id
TARGET = ctl.C_TARGET.id
MIN_SHARED = ctl.C_MIN_SHARED.id
MIN_PAPERS = ctl.C_MIN_PAPERS.id
PANELS = "compare-panels"
TABLE = "compare-table"
MATRIX = "compare-matrix"
DECK = "c-pptx"
DECK_DOWNLOAD = "c-pptx-file"
DECK_STATUS = "c-pptx-status"
PANEL_GRAPH = "compare-graph"  # pattern-matching type: one cytoscape per country
MAX_PATHS = 20
#: The most rows the shared-influences table is sent.
MAX_TABLE_ROWS = 150
#: The panels' theme names on screen, in px.
FONT_PX = 13

def _label(G: Any, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n


# ----------------------------------------------------------------------------- layout

def _legend() -> html.Div:
    def swatch(colour: str, label: str) -> html.Span:
        return html.Span([html.Span(className="legend-dot", style={"backgroundColor": colour}), label],
                         className="legend-item")

    def line(colour: str, label: str, width: int = 4) -> html.Span:
        return html.Span([html.Span(className="legend-line", style={"borderTop": f"{width}px solid {colour}"}), label],
                         className="legend-item")

    return html.Div([
        *[swatch(c, C.LEVEL_LABELS[lv]) for lv, c in C.LEVEL_COLOURS.items()],
        line(STATUS_COLOURS["all"], "shared by all chosen"),
        line(STATUS_COLOURS["some"], "in some (named in the table)"),
        line(STATUS_COLOURS["only"], "only this country"),
        html.Span("↑ upward · dashed: same level", className="legend-item"),
        html.Span("size: evidence; pale: none", className="legend-item"),
    ], className="legend compare-legend", **{"aria-label": "legend"})


def layout(ctx_: AppContext) -> html.Div:
    """Country picker and pathway picker, panels, tables."""
    G = ctx_.graph()
    fopts = C.factor_options(G, slim=True)
    return html.Div([
        dbc.Row([
            dbc.Col([html.Label("Countries (2–4)", htmlFor=COUNTRIES),
                     dcc.Dropdown(id=COUNTRIES, multi=True, placeholder="e.g. Sweden, Norway", className="no-select-all",
                                  options=C.counted_options(country_choices(G), country_counts(G)))], md=4),
            dbc.Col([html.Label("Pathway from", htmlFor=SOURCE),
                     dcc.Dropdown(id=SOURCE, options=fopts, value=ctl.C_SOURCE.default)], md=4),
            dbc.Col([html.Label("to", htmlFor=TARGET),
                     dcc.Dropdown(id=TARGET, options=fopts, value=ctl.C_TARGET.default)], md=4),
        ], className="g-2"),
        dbc.Row([
            dbc.Col([html.Label("Only influences evidenced in at least … of the chosen countries",
                                id=MIN_SHARED + "-label"),
                     C.radio_group("Only influences evidenced in at least … of the chosen countries",
                                   id=MIN_SHARED, value=ctl.C_MIN_SHARED.default, options=C.breadth_options(),
                                   inline=True, className="small")], md=6),
            dbc.Col([html.Label("Stated or evidenced by at least … papers (factors and influences)",
                                id=MIN_PAPERS + "-label"),
                     C.radio_group("Stated or evidenced by at least … papers", id=MIN_PAPERS,
                                   value=ctl.C_MIN_PAPERS.default, options=C.breadth_options(),
                                   inline=True, className="small")], md=6),
        ], className="g-2 mt-1 compare-breadth"),
        html.Div(NOT_STATED_NOTE, id=COUNTRIES_NOTE, className="small text-muted compare-note"),
        _legend(),
        html.Div([dbc.Button("PowerPoint of the comparison", id=DECK, size="sm", color="primary", outline=True),
                  html.Span(id=DECK_STATUS, className="ms-2 small text-muted", role="status"),
                  dcc.Download(id=DECK_DOWNLOAD)], className="my-2"),
        C.loading(html.Div(id=PANELS, className="compare-panels")),
        dbc.Row([
            dbc.Col([html.H2("Influences by country", className="h5"), C.loading(html.Div(id=TABLE))], lg=6),
            dbc.Col([html.H2("Pathway × country", className="h5"), C.loading(html.Div(id=MATRIX))], lg=6),
        ], className="g-3 mt-2"),
    ], className="compare-view")


# ----------------------------------------------------------------------------- panels

def stylesheet() -> list[dict[str, Any]]:
    """The panels' stylesheet: the shared small one, theme names at a readable size, status colours."""
    wide = PANEL_WIDTH // 2 - 12
    sheet = C.base_stylesheet(small=True) + [
        {"selector": "node.theme", "style": {"font-size": f"{FONT_PX}px", "text-max-width": f"{wide}px",
                                             "min-zoomed-font-size": 0, "text-margin-y": 3, "line-height": 1.05}},
        {"selector": "node.narrow", "style": {"text-max-width": f"{PANEL_WIDTH // 3 - 8}px"}},
        {"selector": "node.band", "style": {"font-size": f"{FONT_PX - 1}px", "padding": "10px",
                                            "text-margin-x": -2}},
        {"selector": "node.noev", "style": {"background-opacity": 0.3, "border-opacity": 0.4}},
        {"selector": "edge", "style": {"arrow-scale": 0.9, "font-size": f"{FONT_PX + 2}px"}},
    ]
    for kind, colour in STATUS_COLOURS.items():
        sheet.append({"selector": f"edge.st-{kind}", "style": {"line-color": colour, "target-arrow-color": colour,
                                                              "opacity": 0.95}})
    sheet.append({"selector": "edge.st-all", "style": {"z-index": 10}})
    return sheet


def _panel(G: Any, V: Any, code: str, names: dict[str, str], kinds: dict[tuple[str, str], str],
           n_panels: int) -> dbc.Col:
    """One country's panel; *V* its view in the comparison (:func:`graph.query.compare.country_views`)."""
    n_edges = V.number_of_edges()
    n_only = sum(1 for e in V.edges if kinds.get(e) == "only")
    n_all = sum(1 for e in V.edges if kinds.get(e) == "all")
    V = strongest(V, MAX_ELEMENTS // n_panels)  # the panels together stay within the canvas cap
    name = names[code]
    title = html.H2([html.Span(name, className="panel-country"), " ",
                     html.Small(f"{n_edges} influence{'s' * (n_edges != 1)} · {n_all} shared by all · "
                                f"{n_only} only here", className="text-muted panel-counts")],
                    className="panel-title h6", **{"data-edges": str(n_edges)})
    body: list[Any] = [title]
    if n_edges == 0:
        body.append(C.empty_note(f"No influence evidenced in {name} yet."))
    elif V.number_of_edges() < n_edges:
        body.append(html.P(f"Too many to draw: the {V.number_of_edges()} influences with the most evidence of "
                           f"{n_edges} are drawn; the table lists them.", className="small element-cap-note"))
    elements = panel_elements(G, V, kinds)
    per_row = 3 if n_panels == 3 else 2
    body.append(cyto.Cytoscape(
        id={"type": PANEL_GRAPH, "index": code}, elements=elements,
        layout={"name": "preset", "fit": True, "padding": 8, "animate": False}, stylesheet=stylesheet(),
        responsive=True, style={"width": "100%", "height": "390px"}, minZoom=0.3, maxZoom=3,
        userPanningEnabled=True, wheelSensitivity=0.3))
    return dbc.Col(html.Div(body, className="compare-panel"), md=6 if n_panels > 1 else 12, xl=12 // per_row)


# ----------------------------------------------------------------------------- tables

def _breadth(min_shared: Any, min_papers: Any) -> dict[str, int]:
    """The breadth controls' values as keyword arguments of :func:`graph.query.compare.compare_countries`.

    >>> _breadth("3", None)
    {'min_shared': 3, 'min_sources': 0}
    """
    return {"min_shared": ctl.C_MIN_SHARED.clean(min_shared), "min_sources": ctl.C_MIN_PAPERS.clean(min_papers)}


def _breadth_words(breadth: dict[str, int]) -> str:
    """What the breadth controls leave out, for the tables' summaries ('' when nothing).

    >>> _breadth_words({"min_shared": 2, "min_sources": 3})
    ' Only influences evidenced in at least 2 of these countries and stated or evidenced by at least 3 papers.'
    """
    words = [f"evidenced in at least {breadth['min_shared']} of these countries" if breadth.get("min_shared") else "",
             f"stated or evidenced by at least {breadth['min_sources']} papers" if breadth.get("min_sources") else ""]
    words = [w for w in words if w]
    return f" Only influences {' and '.join(words)}." if words else ""


def _table(G: Any, result: dict[str, Any], names: dict[str, str], breadth: dict[str, int] | None = None) -> Any:
    codes = result["countries"]
    breadth = breadth or {}
    if not result["presence"]:
        return C.empty_note("None of these countries has evidenced influences yet." if not _breadth_words(breadth)
                            else "No influence is left:" + _breadth_words(breadth).replace(" Only", " only", 1))
    rows = []
    counts = {"all": 0, "some": 0, "only": 0}
    V = influence_view(G, GRANULARITY)  # every influence, for the strength of each line
    allowed = matching_set(G, Filters.resolve(G, countries=codes))  # counted on these countries' evidence
    scope = describe_filters(G, {"countries": codes})
    for p in result["presence"]:
        kind, text = status(p["countries"], codes, names)
        counts[kind] += 1
        if len(rows) >= MAX_TABLE_ROWS:
            continue
        strength = edge_strength(G, V.edges[p["source"], p["target"]], allowed)
        rows.append(html.Tr([html.Td(f"{_label(G, p['source'])} → {_label(G, p['target'])}"),
                             *[html.Td("✓" if c in p["countries"] else "·", className="text-center")
                               for c in codes],
                             html.Td(C.strength_line(strength, compact=True, scope=scope), className="strength",
                                     **{"data-papers": strength["papers"],
                                        "data-flags": ",".join(strength_flags(strength))}),
                             html.Td([html.Span(className=f"status-dot st-{kind}"), text], className="status")],
                            className=f"st-{kind}"))
    head = html.Thead(html.Tr([html.Th("Influence (themes)"), *[html.Th(names[c], className="text-center")
                                                                 for c in codes],
                               html.Th("Evidence counts", title=STRENGTH_NOTE), html.Th("Status")]))
    n = len(result["presence"])
    summary = html.P(f"{n} influences between themes: {counts['all']} shared by all, "
                     f"{counts['some']} in some, {counts['only']} in one country only."
                     + (f" The first {MAX_TABLE_ROWS} are listed." if n > MAX_TABLE_ROWS else "")
                     + _breadth_words(breadth)
                     + f" Evidence counts: the papers reporting the influence's evidence {scope} and its flags there, "
                     "then the papers stating or evidencing it in any country (“in all”) — "
                     f"{STRENGTH_NOTE.lower()}.", className="small")
    return _markup(html.Div([summary, html.Table([head, html.Tbody(rows)], id="compare-shared-table",
                                                 className="table table-sm table-hover compare-table")],
                            className="table-scroll"))


def _markup(table: html.Div) -> html.Div:
    """A read-only table as one box of HTML (:mod:`dashapp.components.markup`): its hundreds of cells as
    components cost the browser seconds at each tab switch."""
    return raw_html(to_html(table))


def _matrix(G: Any, source: str, target: str, codes: list[str], names: dict[str, str], min_sources: int = 0) -> Any:
    if not source or not target:
        return C.empty_note("Pick a pathway's source and target.")
    left_out = ""
    try:
        rows = pathway_country_matrix(G, source, target, codes, max_hops=4, granularity="theme",
                                     min_sources=min_sources)
    except NotFound:  # a column the matrix does not know (Country not stated): the rest still show
        left_out = f" {NOT_STATED_LABEL} has no column here."
        codes = [c for c in codes if c != NOT_STATED]
        rows = pathway_country_matrix(G, source, target, codes, max_hops=4, granularity="theme",
                                     min_sources=min_sources)
    if not rows:
        return C.empty_note(f"No influence path from “{_label(G, source)}” to “{_label(G, target)}” within 4 hops.")
    body = []
    for r in rows[:MAX_PATHS]:
        cells = []
        for c in codes:
            n, total = r["coverage"][c], len(r["hops"])
            cells.append(html.Td(f"{n}/{total}" + (" ✓" if c in r["complete"] else ""),
                                 className="text-center" + (" complete" if c in r["complete"] else ""),
                                 title=f"{n} of {total} hops evidenced in {names[c]}"))
        body.append(html.Tr([html.Td(" → ".join(_label(G, n) for n in r["nodes"])), *cells]))
    head = html.Thead(html.Tr([html.Th("Path (themes)"), *[html.Th(names[c], className="text-center")
                                                           for c in codes]]))
    note = html.P(f"Paths: those with {RANKING_BEST[DEFAULT_RANKING]} first (papers, then items, all evidence "
                  "counted), then fewer hops. Cells: hops of the path with evidence from the country; "
                  "✓ = every hop evidenced." + left_out, className="small")
    return _markup(html.Div([note, html.Table([head, html.Tbody(body)],
                                              className="table table-sm table-bordered pathway-matrix")],
                            className="table-scroll"))


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the compare view's callbacks to *app*."""

    @app.callback(Output(PANELS, "children"), Output(TABLE, "children"), Output(MATRIX, "children"),
                  Input(COUNTRIES, "value"), Input(SOURCE, "value"), Input(TARGET, "value"),
                  Input(C.opened("compare"), "data"), Input(MIN_SHARED, "value"), Input(MIN_PAPERS, "value"),
                  State(C.TABS, C.TAB_PROP), prevent_initial_call=True)
    def compare(countries, source, target, _opened, min_shared=0, min_papers=0, tab=None):
        C.skip_unless_visible(tab, "compare")
        G = ctx_.graph()
        codes = list(dict.fromkeys(countries or []))
        breadth = _breadth(min_shared, min_papers)
        return memo(G, "compare-view", json.dumps([codes, source, target, breadth]),
                    lambda: _compare(G, codes, source, target, breadth))

    def _compare(G, codes, source, target, breadth):
        if not 2 <= len(codes) <= 4:
            msg = C.empty_note("Pick two to four countries to compare." if len(codes) < 2
                               else "Compare at most four countries at a time.")
            return msg, None, None
        try:
            result = compare_countries(G, codes, granularity=GRANULARITY, presence=True, **breadth)
        except (NotFound, ValueError) as err:
            return C.empty_note(f"{err}."), None, None
        codes = result["countries"]
        names = country_names(G, codes)
        kinds = status_kinds(result, names)
        views = country_views(G, result, GRANULARITY, min_sources=breadth["min_sources"])
        panels = dbc.Row([_panel(G, views[c], c, names, kinds, len(codes)) for c in codes], className="g-2")
        return (panels, _table(G, result, names, breadth),
                _matrix(G, source, target, codes, names, breadth["min_sources"]))

    @app.callback(Output(DECK_DOWNLOAD, "data"), Output(DECK_STATUS, "children"), Input(DECK, "n_clicks"),
                  State(COUNTRIES, "value"), State(MIN_SHARED, "value"), State(MIN_PAPERS, "value"),
                  prevent_initial_call=True)
    def deck(n, countries, min_shared=0, min_papers=0):
        if not clicked(n):
            return no_update, no_update
        try:
            d = comparison_deck_download(ctx_.graph(), list(countries or []), **_breadth(min_shared, min_papers))
        except NotFound as err:
            return no_update, f"{err}."
        except ValueError as err:
            return no_update, f"{err}" if str(err).startswith("Pick") else f"{err}."
        return dcc.send_bytes(d.data, d.name), d.message

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
        country = trig["index"]
        try:
            V = influence_view(G, GRANULARITY, countries=[country])
        except NotFound:
            return no_update, no_update, no_update
        if not V.has_edge(edge["source"], edge["target"]):
            return no_update, no_update, no_update
        name = country_names(G, [country])[country]
        a = V.edges[edge["source"], edge["target"]]
        # every item here concerns the country, whether its text names it or a study it cites does
        records = [{**r, "countries": [{"code": country, "name": name}]} for r in evidence_records(G, a["evidence"])]
        rolled = [_label(G, i.split("--")[0]) + " → " + _label(G, i.split("--")[-1]) for i in a.get("influences", [])]
        why = NOT_STATED_NOTE if country == NOT_STATED else \
            f"Evidence concerning {name} — its text names {name}, or a study it cites does."
        note = html.P([why, " ",
                       html.Span("Influences rolled up into this one: " + "; ".join(rolled) + "." if rolled else "")],
                      className="small text-muted")
        every = influence_view(G, GRANULARITY).edges[edge["source"], edge["target"]]  # the line in every country
        here = matching_set(G, Filters.resolve(G, countries=[country]))  # the counts of this country's evidence
        body = html.Div([note, C.strength_line(edge_strength(G, every, here),
                                               scope=describe_filters(G, {"countries": [country]})),
                         C.evidence_groups(group_by_country_and_study(records),
                                                 empty=f"No evidence from {name} for this influence.")])
        return True, body, f"{_label(G, edge['source'])} → {_label(G, edge['target'])} ({name})"
