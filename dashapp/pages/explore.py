"""Explore view: the level-banded influence graph, the filters sidebar and the details panel."""

from __future__ import annotations

import itertools
from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graph.data.memo import memo
from graph.present.report import describe_filters  # one phrasing for the panel, the exports and the written summary
from graph.present.screen import filter_kwargs, view_counts, view_drawing
from graph.present.screen import screen_view as draw_screen
from graph.present.view import View, drawn_view, facets, view_evidence, view_graph
from graph.present.words import counted
from graph.query.counts import rollup_note
from graph.query.details import factor_details, restrict_details
from graph.query.filters import NOT_STATED_NOTE, Filters, country_choices, matching_set
from graph.query.lookup import NotFound, closest_factors
from graph.query.rollup import ALL_THEMES, rolled_influence_details
from graph.query.strength import STRENGTH_NOTE, edge_strength

from .. import components as C
from .. import controls as ctl
from ..components import AppContext, found

# Component ids.
GRAPH = "explore-graph"
GRAPH_FRAME = GRAPH + "-frame"  # the graph's focusable box: arrow keys move between its boxes (pswgraph.js)
GRAPH_LIVE = GRAPH + "-live"  # where the box the keys reached is announced
LEVELS = ctl.F_LEVELS.id
THEMES = ctl.F_THEMES.id
COUNTRIES = ctl.F_COUNTRIES.id
STUDIES = ctl.F_STUDIES.id
POLARITIES = ctl.F_POLARITIES.id
PERSPECTIVES = ctl.F_PERSPECTIVES.id
MIN_EVIDENCE = ctl.F_MIN_EVIDENCE.id
UNEVIDENCED = ctl.F_UNEVIDENCED.id
MIN_PAPERS = ctl.F_MIN_PAPERS.id
MIN_COUNTRIES = ctl.F_MIN_COUNTRIES.id
SEARCH = ctl.F_SEARCH.id
FOCUS = ctl.F_FOCUS.id
DEPTH = ctl.F_DEPTH.id
LAYOUT = ctl.F_LAYOUT.id
RESET = "f-reset"
COUNTS = "f-counts"
EMPTY = "explore-empty"
SELECTION = ctl.F_SELECTION.id
DETAILS = "details"
GOTO = "goto-factor"  # pattern-matching type for links inside the details panel
GOTO_EDGE = "goto-influence"  # pattern-matching type of the table's "evidence" buttons
TOGGLE_THEME = "toggle-theme"  # pattern-matching type of "open into its sub-themes" / "fold"
SHOW = ctl.F_SHOW.id
EXPAND = ctl.F_OPEN.id
VIEW_OPEN = "view-open"
FAST_VIEWPORT = "explore-fast-viewport"  # whether the graph pans and zooms on a picture of itself (large graphs)
SHOW_ALL = "details-show-all"
SHOW_ALL_BUTTON = "details-show-all-button"  # pattern-matching type (the button exists only in some panels)
MORE = "details-more"  # how many evidence cards the panel shows beyond the first MAX_CARDS
MORE_BUTTON = "details-more-button"  # pattern-matching type: "Show 20 more" under capped evidence
TABLE = "influence-table"
TABLE_SUMMARY = "influence-table-summary"
SIDEBAR_TOGGLE = "sidebar-toggle"
SIDEBAR_COLLAPSE = "sidebar-collapse"
#: Every explore layout is computed in Python; cytoscape places the nodes where they are told and fits them.
PRESET: dict[str, Any] = {"name": "preset", "fit": True, "padding": 14, "animate": False}
#: The least height of the graph's canvas: the first view fills the screen below the controls above it.
MIN_HEIGHT = "max(420px, calc(100vh - 250px))"
#: The least zoom the canvas is drawn at (its box grows wider than the column, and scrolls, rather than draw
#: smaller): the smallest label, a closed theme's 16 px, is then 11.5 px on screen.
MIN_ZOOM = 0.72
#: What the graph's box says to a screen reader: what it is and the keys that work in it.
GRAPH_KEYS = ("Influence graph: arrow keys go to the nearest box in that direction and show its details, Enter opens "
              "it as a click does, Escape clears the selection. The same influences are listed in the table below it.")
FITTED = "explore-fitted"  # output of the client-side refit after a redraw (the canvas changes height with the view)

#: The explore filters and their defaults (:data:`dashapp.controls.FILTERS`).
FILTER_DEFAULTS: dict[str, Any] = {c.id: c.default for c in ctl.FILTERS}
FILTER_IDS = list(FILTER_DEFAULTS)


def sidebar(ctx_: AppContext) -> html.Div:
    """The sidebar: what to look at (search, focus, detail, layout, reset) first, then the evidence filters."""
    G = ctx_.graph()
    fopts = C.factor_options(G, slim=True)
    return html.Div([
        html.Label("Search factors and the papers' words", htmlFor=SEARCH, id=SEARCH + "-label"),
        dcc.Dropdown(id=SEARCH, options=fopts, placeholder="A name, an alias or words from a quote…", searchable=True,
                     clearable=True),
        html.Label("Focus on a factor and its neighbours", htmlFor=FOCUS, id=FOCUS + "-label"),
        dcc.Dropdown(id=FOCUS, options=fopts, placeholder="No focus", clearable=True),
        C.radio_group("Hops around the focus", id=DEPTH, options=[{"label": f"{d} hop{'s' if d > 1 else ''}", "value": d}
                                          for d in ctl.F_DEPTH.values], value=ctl.F_DEPTH.default, inline=True,
                       className="small"),
        html.Label("Show", id=SHOW + "-label"),
        C.radio_group("Show", id=SHOW, value=ctl.F_SHOW.default, inline=True, className="small", options=ctl.F_SHOW.options()),
        html.Label("Layout", htmlFor=LAYOUT, id=LAYOUT + "-label"),
        dcc.Dropdown(id=LAYOUT, options=ctl.F_LAYOUT.options(), value=ctl.F_LAYOUT.default, clearable=False,
                     searchable=False),
        dbc.Button("Reset view", id=RESET, color="secondary", outline=True, size="sm", className="mt-2 w-100"),
        html.Div(id=COUNTS, className="counts mt-2", role="status", **{"aria-live": "polite"}),
        html.H2("Filter the evidence", className="sidebar-heading"),
        html.Label("Level", id=LEVELS + "-label"),
        dbc.Checklist(id=LEVELS, options=[{"label": label, "value": lv} for lv, label in C.level_items(G)],
                      value=ctl.F_LEVELS.default),
        html.Label("Theme", htmlFor=THEMES, id=THEMES + "-label"),
        dcc.Dropdown(id=THEMES, options=C.factor_options(G, themes_only=True, slim=True), multi=True, placeholder="All themes"),
        html.Label("Country", htmlFor=COUNTRIES, id=COUNTRIES + "-label"),
        dcc.Dropdown(id=COUNTRIES, options=C.counted_options(country_choices(G), None), multi=True,
                     placeholder="All countries"),
        html.Div(NOT_STATED_NOTE, className="form-text small"),
        html.Label("Study", htmlFor=STUDIES, id=STUDIES + "-label"),
        dcc.Dropdown(id=STUDIES, options=C.counted_options(_study_items(G)[:MAX_OPTIONS], None), multi=True,
                     placeholder="All studies"),
        html.Label("Polarity", id=POLARITIES + "-label"),
        dbc.Checklist(id=POLARITIES, options=ctl.F_POLARITIES.options(), value=ctl.F_POLARITIES.default),
        html.Label("Perspective", id=PERSPECTIVES + "-label"),
        dbc.Checklist(id=PERSPECTIVES, options=ctl.F_PERSPECTIVES.options(), value=ctl.F_PERSPECTIVES.default),
        html.Label("Minimum evidence per influence", htmlFor=MIN_EVIDENCE, id=MIN_EVIDENCE + "-label"),
        dcc.Slider(id=MIN_EVIDENCE, min=ctl.F_MIN_EVIDENCE.lo, max=ctl.F_MIN_EVIDENCE.hi, step=1,
                   value=ctl.F_MIN_EVIDENCE.default, marks={0: "0", 5: "5", 10: "10"}),
        dbc.Switch(id=UNEVIDENCED, label="Show framework influences without evidence", value=ctl.F_UNEVIDENCED.default),
        html.Label("Stated or evidenced by at least … papers (factors and influences)", id=MIN_PAPERS + "-label"),
        C.radio_group("Stated or evidenced by at least … papers", id=MIN_PAPERS, value=ctl.F_MIN_PAPERS.default,
                      options=C.breadth_options(), inline=True, className="small"),
        html.Label("Evidenced in at least … countries (factors and influences)", id=MIN_COUNTRIES + "-label"),
        C.radio_group("Evidenced in at least … countries", id=MIN_COUNTRIES, value=ctl.F_MIN_COUNTRIES.default,
                      options=C.breadth_options(),
                       inline=True, className="small"),
        html.Div("Counts papers, not study quality.", className="form-text small"),
    ], className="sidebar")


def layout(ctx_: AppContext, export_toolbar: Any = None) -> html.Div:
    """The explore view: sidebar (behind a button on phones) | export bar, graph, legend, table | details."""
    return dbc.Row([
        dbc.Col([
            html.Button("Filters and focus ▾", id=SIDEBAR_TOGGLE, type="button",
                        className="btn btn-outline-secondary btn-sm d-md-none w-100 mb-2",
                        **{"aria-controls": SIDEBAR_COLLAPSE, "aria-expanded": "false"}),
            dbc.Collapse(sidebar(ctx_), id=SIDEBAR_COLLAPSE, is_open=False,
                         className="sidebar-collapse fold-phone explore-side"),
        ], md=3, xl=2),
        dbc.Col([
            export_toolbar,
            html.Div(id=EMPTY, role="status"),
            html.P("Wider than the screen? Scroll the graph sideways with the bar under it, or drag it.",
                   className="small text-muted d-md-none mb-1 phone-note"),
            C.loading(html.Div([
                cyto.Cytoscape(id=GRAPH, elements=[], layout=PRESET, stylesheet=C.view_stylesheet(),
                               style={"width": "100%", "height": MIN_HEIGHT}, minZoom=0.15,
                               maxZoom=3, boxSelectionEnabled=False, responsive=True, wheelSensitivity=0.3),
            ], className="graph-frame", tabIndex="0", role="group", id=GRAPH_FRAME,
                **{"aria-label": GRAPH_KEYS})),
            html.Div(id=GRAPH_LIVE, className="visually-hidden", role="status", **{"aria-live": "polite"}),
            C.legend(levels=C.level_items(ctx_.graph())),
            html.Details([html.Summary(id=TABLE_SUMMARY, children="Influences on screen, as a table"),
                          html.Div(id=TABLE)], className="influence-table"),
        ], md=9, xl=7),
        dbc.Col([dcc.Store(id=SHOW_ALL, data=False), dcc.Store(id=MORE, data=0), dcc.Store(id=VIEW_OPEN, data=[]), dcc.Store(id=FAST_VIEWPORT), dcc.Store(id=FITTED),
                 html.Div(id=DETAILS, className="details-panel explore-side", children=how_to_read(), tabIndex="-1",
                          role="region", **{"aria-label": "Details"})], md=12, xl=3),
    ], className="g-3")


def how_to_read() -> html.Div:
    """What the details panel shows before anything is clicked: how to read the graph in a minute."""
    return html.Div([
        html.P("Click a theme, a factor or an arrow to see its evidence.", className="text-muted"),
        html.H2("How to read the graph", className="h6"),
        html.Ul([
            html.Li("Each box is a theme of factors that help or hinder peer support worker roles, with the "
                    "number of evidence items behind it. Click a theme to open it into its sub-themes."),
            html.Li("Top to bottom: macro (society, policy and funding), meso (the organisation), "
                    "micro (the team)."),
            html.Li("Arrows are influences the papers describe; thicker = more evidence. Vermillion arrows "
                    "ending in a bar run upward, from team to organisation or organisation to system."),
            html.Li("Narrow it down with the filters (e.g. a country); scroll to zoom, drag to pan."),
            html.Li("With the keyboard: Tab to the graph, then the arrow keys go from box to box, Enter opens a "
                    "theme, Escape clears the selection."),
        ], className="small how-to-read"),
    ])


def _counts_bar(n_factors: int, n_edges: int, n_evidence: int) -> list[Any]:
    return [dbc.Badge(counted(n_factors, "factor"), color="primary", className="me-1"),
            dbc.Badge(counted(n_edges, "influence"), color="dark", className="me-1"),
            dbc.Badge(f"{n_evidence} evidence", color="success", className="badge-evidence")]


def _filter_line(total: int, shown: int, filtered: bool, show_all: bool, what: str) -> list[Any]:
    """"17 items; 4 match your filters — show all" (or the way back)."""
    if not filtered and not show_all:
        return [html.H3(f"Evidence ({total})", className="h5 mt-3")]
    if show_all:
        return [html.H3(f"Evidence ({total}, all)", className="h5 mt-3"),
                html.P(["Showing every item, whatever the filters. ",
                        dbc.Button("Only those matching the filters", id={"type": SHOW_ALL_BUTTON, "index": 0},
                                   color="link", size="sm",
                                   className="p-0 align-baseline")], className="small")]
    return [html.H3(f"Evidence ({shown} of {total})", className="h5 mt-3"),
            html.P([f"{counted(total, 'item')}; {shown} match{'es' if shown == 1 else ''} your filters ({what}). ",
                    dbc.Button("Show all", id={"type": SHOW_ALL_BUTTON, "index": 0}, color="link", size="sm",
                               className="p-0 align-baseline")], className="small filter-line")]


def _linker() -> Any:
    """``goto(fid, label)``: a link that selects a factor; each link of a panel gets its own id ("fid#n")."""
    counter = itertools.count()

    def goto(fid: str, label: str, edge: bool = False) -> html.A:
        kind = GOTO_EDGE if edge else GOTO
        return html.A(label, href="#", id={"type": kind, "index": f"{fid}#{next(counter)}"}, className="goto")
    return goto


def _factor_panel(d: dict[str, Any], opened: bool, filter_line: list[Any], scope: str = "",
                  limit: int = C.MAX_CARDS) -> list[Any]:
    _goto = _linker()
    rows: list[Any] = [
        html.H2(d["label"], className="details-title h4"),
        html.Div([dbc.Badge(d["level_label"], color=C.BADGE_COLOURS.get(d["level"], "#5c636a"), className="me-1 level-badge",
                            style=C.badge_style(d["level"])),
                  dbc.Badge(d["factor_kind"], color="light", text_color="dark")]),
        html.P(d["description"], className="mt-2"),
        C.strength_line(d["strength"], scope=scope),
    ]
    if d["factor_kind"] == "subtheme":
        rows.append(html.P(["Theme: ", _goto(d["theme"], d["theme_label"])]))
    if d["subthemes"]:
        rows.append(html.P(["Sub-themes: ", *C.joined([_goto(s["id"], s["label"]) for s in d["subthemes"]])]))
        rows.append(dbc.Button("Fold the sub-themes back into the theme" if opened else
                               f"Open into its {counted(len(d['subthemes']), 'sub-theme')}",
                               id={"type": TOGGLE_THEME, "index": d["id"]}, size="sm", color="primary",
                               outline=True, className="mb-2"))
    if d["aliases"]:
        rows.append(html.P("Also called: " + "; ".join(d["aliases"]), className="small text-muted"))
    if d["study_themes"]:
        rows.append(html.Div([html.H3("The papers' own themes mapped here", className="h6"),
                              html.Ul([html.Li([f"{t['label']} ({t['type']}) — ", C.study_link(t["study"])])
                                       for t in d["study_themes"]])]))
    infl = [html.Li([_goto(i["source"], i["source_label"]), " → ", _goto(i["target"], i["target_label"]),
                     f" ({i['evidence_count']} evidence)"]) for i in d["influences_in"] + d["influences_out"]]
    if infl:
        rows.append(html.Details([html.Summary(f"Influences as recorded ({len(infl)})"), html.Ul(infl)]))
    rows += _gaps_and_limitations(d, "this factor's evidence")
    rows += filter_line
    split = rollup_note(len(d.get("own", [])), len(d["evidence"])) if d["subthemes"] else ""
    if split:  # a theme's evidence is its own and its sub-themes', each item once
        rows.append(html.P(split + ".", className="small rollup-note"))
    rows.append(C.evidence_groups(d["groups"], empty="No evidence recorded for this factor yet."
                                  if not d.get("filtered") else "No evidence for this factor matches your filters.",
                                  limit=limit, more={"type": MORE_BUTTON, "index": 0}))
    return rows


def _gaps_and_limitations(d: dict[str, Any], what: str) -> list[Any]:
    """The stated research gaps and the limitations of the studies behind *what*, each folded under its count."""
    rows: list[Any] = []
    if d.get("gaps"):
        rows.append(html.Details([html.Summary(f"Stated research gaps ({len(d['gaps'])})"),
                                  html.Ul([html.Li(g["statement"]) for g in d["gaps"]])], className="gaps"))
    limitations = C.limitation_list(d.get("limitations", []), what=what)
    if limitations is not None:
        rows.append(limitations)
    return rows


def _influence_panel(d: dict[str, Any], filter_line: list[Any], scope: str = "",
                     limit: int = C.MAX_CARDS) -> list[Any]:
    _goto = _linker()
    direction = {"upward": "upward ↑", "downward": "downward ↓", "lateral": "within one level"}
    rows: list[Any] = [
        html.H2([d["source_label"], " → ", d["target_label"]], className="details-title h4"),
        html.Div([dbc.Badge(d["scope"], color="dark", className="me-1"),
                  dbc.Badge(direction.get(d["direction"], d["direction"]), className="direction-badge",
                            color="#a84a00" if d["direction"] == "upward" else "#555",
                            style={"backgroundColor": "#a84a00" if d["direction"] == "upward" else "#555"})]),
    ]
    rows.append(C.strength_line(d["strength"], scope=scope))
    if d["description"]:
        rows.append(html.P(d["description"], className="mt-2"))
    if d["stated_by"]:
        rows.append(html.P(["Stated by ", C.study_link(d["stated_by"]), f" ({d['basis']})"], className="small"))
    parts = d.get("parts", [])
    if len(parts) > 1 or (parts and (parts[0]["source"], parts[0]["target"]) != (d["source"], d["target"])):
        rows.append(html.Details([
            html.Summary(f"Rolls up {len(parts)} influence{'s' if len(parts) != 1 else ''} as recorded"),
            html.Ul([html.Li([_goto(p["source"], p["source_label"]), " → ", _goto(p["target"], p["target_label"]),
                              f" ({p['evidence_count']} evidence)"]) for p in parts])], open=len(parts) <= 6))
    rows += _gaps_and_limitations(d, "this influence")
    rows += filter_line
    rows.append(C.evidence_groups(d["groups"], empty="No evidence recorded for this influence yet — "
                                  "it comes from the review's framework (Table 2)." if not d.get("filtered")
                                  else "No evidence for this influence matches your filters.",
                                  limit=limit, more={"type": MORE_BUTTON, "index": 0}))
    return rows


def details_children(ctx_: AppContext, selection: dict[str, Any] | None, kw: dict[str, Any] | None = None,
                     opened: list[str] | str = (), show_all: bool = False, more: int = 0) -> Any:
    """The details panel for a selection ``{"type": "factor", "id"}`` or ``{"type": "influence", ...}``.

    Evidence follows the sidebar's evidence filters *kw* (unless *show_all*), :data:`C.MAX_CARDS` cards and
    *more* beyond them;
    an influence of the rolled-up view lists the influences it stands for.
    """
    G = ctx_.graph()
    kw = kw or filter_kwargs(*[FILTER_DEFAULTS[i] for i in FILTER_IDS])
    try:
        filters = Filters.resolve(G, **kw)
    except NotFound:
        return C.empty_note("The selected item is not in this data package.")
    sel = selection or {}
    parts = (sel.get("type"), sel.get("id"), sel.get("source"), sel.get("target"), sel.get("q"))
    if not all(p is None or isinstance(p, str) for p in parts):
        return how_to_read()
    opened = opened if opened == ALL_THEMES else tuple(sorted(set(opened or ())))
    limit = C.MAX_CARDS + min(max(0, int(more or 0)), ctl.MAX_ITEMS)  # a page asks for at most this many
    return memo(G, "details-panel", (parts, filters, opened, bool(show_all), limit),
                lambda: _details(G, sel, filters, opened, bool(show_all), limit))


def _details(G: Any, selection: dict[str, Any], filters: Filters, opened: tuple[str, ...] | str,
             show_all: bool, limit: int = C.MAX_CARDS) -> Any:
    allowed = matching_set(G, filters) if filters.has_evidence_filter else None
    what = describe_filters(G, filters.kwargs())
    scope = describe_filters(G, filters.evidence_only().kwargs())  # what the strength's filtered evidence is
    try:
        if selection.get("type") == "evidence":
            goto = _linker()
            return found.evidence_panel(G, selection["id"], selection.get("q") or "", goto,
                                        lambda s, t, label: goto(f"{s}>{t}", label, edge=True))
        if selection.get("type") == "factor":
            d = restrict_details(factor_details(G, selection["id"]), None if show_all else allowed, G)
            is_open = opened == ALL_THEMES or selection["id"] in opened
            return _factor_panel(d, is_open, _filter_line(d["evidence_total"], len(d["evidence"]), d["filtered"],
                                                          show_all and allowed is not None, what), scope, limit)
        if selection.get("type") == "influence":
            d = restrict_details(rolled_influence_details(G, selection["source"], selection["target"], opened),
                                 None if show_all else allowed, G)
            return _influence_panel(d, _filter_line(d["evidence_total"], len(d["evidence"]), d["filtered"],
                                                    show_all and allowed is not None, what), scope, limit)
    except (KeyError, NotFound):
        return C.empty_note("The selected item is not in this data package.")
    return how_to_read()


def explore_view(G: Any, kw: dict[str, Any], *, focus: str | None, depth: int, opened: list[str] | str,
                 selection: dict[str, Any] | None = None) -> tuple[Any, list[str] | str]:
    """The rolled-up view drawn by the explore graph, and the themes open in it (see :func:`graph.present.view.view_graph`).

    *kw* holds :func:`filter_kwargs`; a focused or selected sub-theme opens its theme.
    """
    view = View.resolve(G, **kw, focus=focus, depth=depth, selection=selection,
                        show="subthemes" if opened == ALL_THEMES else "themes",
                        expand=None if opened == ALL_THEMES else opened)
    return view_graph(G, view), view.opened


def on_screen(G: Any, filters: list[Any], focus: str | None, depth: int | None, show: str | None,
              expand: list[str] | None, selection: dict[str, Any] | None = None) -> tuple[Any, list[str], dict[str, Any]]:
    """The view the explore graph draws for these control values, the factors it stands for, and the filters.

    The factors are the members of every node drawn (a closed theme stands for
    its sub-themes), so an export of "the subgraph on screen" holds what is drawn
    (within the element cap, :func:`graph.present.view.drawn_view`); a selected sub-theme
    opens its theme, as on screen.
    """
    kw = filter_kwargs(*filters)
    V = drawn_view(G, View.resolve(G, **kw, focus=focus, depth=depth, show=show, expand=expand,
                                   selection=selection)).graph
    members = sorted({m for n, a in V.nodes(data=True) if not a.get("container") for m in a.get("members", [n])})
    return V, members, kw


def drawing(G: Any, view: View) -> dict[str, Any]:
    """What the explore callback sends for *view*, but the marks of a selection: kept per graph and view.

    ``drawn`` (:func:`graph.present.view.drawn_view`), ``counts`` (factors, influences, evidence drawn),
    ``geometry`` (:func:`graph.present.elements.view_geometry`), ``table`` and the filters' ``options``
    (countries, studies, polarities, perspectives) with their counts.
    """
    def make() -> dict[str, Any]:
        drawn, geometry = view_drawing(G, view)
        V = drawn.graph
        counts, f = facets(G, view), view.filters
        n_factors, n_edges, _ = view_counts(V)
        return {"drawn": drawn, "counts": (n_factors, n_edges, len(view_evidence(V))),
                "geometry": geometry,
                "table": influence_table(G, V, matching_set(G, f) if f.has_evidence_filter else None,
                                         describe_filters(G, f.evidence_only().kwargs())),
                "options": (_options(_country_items(G), counts["countries"], f.countries),
                            _options(_study_items(G), counts["studies"], f.studies, limit=MAX_OPTIONS),
                            C.counted_options([(p, p) for p in C.POLARITIES], counts["polarities"]),
                            C.counted_options([(p, p) for p in C.PERSPECTIVES], counts["perspectives"]))}
    return memo(G, "explore-drawing", view, make)


def screen_view(ctx_: AppContext, filters: list[Any], focus: str | None, depth: int | None, layout_name: str | None,
                show: str | None, expand: list[str] | None, selection: dict[str, Any] | None) -> dict[str, Any]:
    """What the explore graph draws for these control values (:func:`graph.present.screen.screen_view`, which the
    exports and the command line use too), with ``drawing`` (:func:`drawing`: counts, table, options).

    Raises :class:`graph.query.lookup.NotFound` for an unknown focus factor.
    """
    G = ctx_.graph()
    s = draw_screen(G, filter_kwargs(*filters), focus=focus, depth=depth, layout=layout_name, show=show,
                    expand=expand, selection=selection)
    return {**s, "drawing": drawing(G, s["spec"])}


#: The most rows the influence table under the graph is sent (those with the most evidence).
MAX_TABLE_ROWS = 150


def influence_table(G: Any, V: Any, allowed: frozenset[str] | None = None, scope: str = "") -> Any:
    """The text alternative of the graph: the influences drawn (most evidence first, at most
    :data:`MAX_TABLE_ROWS`), as a table with an evidence button per row; under an evidence filter
    (*allowed*, the matching evidence ids; *scope*, it in words) the papers are those of the matching
    evidence, the all-evidence figure beside them."""
    if V.number_of_edges() == 0:
        return html.P("No influence on screen.", className="small")
    rows = []
    edges = sorted(V.edges(data=True), key=lambda e: (-e[2].get("evidence_count", 0), e[0], e[1]))
    for u, v, a in edges[:MAX_TABLE_ROWS]:
        rows.append(html.Tr([
            html.Td(V.nodes[u].get("label", u)), html.Td(V.nodes[v].get("label", v)),
            html.Td(a.get("evidence_count", 0), className="text-end"),
            html.Td(C.strength_line(edge_strength(G, a, allowed), compact=True, scope=scope)),
            html.Td(f"{a.get('scope', '')}, {a.get('direction', '')}"),
            html.Td(html.Button("evidence", id={"type": GOTO_EDGE, "index": f"{u}>{v}"}, type="button",
                                className="btn btn-link btn-sm p-0",
                                **{"aria-label": f"Evidence for {V.nodes[u].get('label', u)} → "
                                                 f"{V.nodes[v].get('label', v)}"})),
        ]))
    head = html.Thead(html.Tr([html.Th("From"), html.Th("To"), html.Th("Evidence"),
                               html.Th("Papers", title=f"{STRENGTH_NOTE}: papers stating or evidencing it"
                                       + ("; first those reporting the evidence matching the filters, then all"
                                          if allowed is not None else "")),
                               html.Th("Kind"), html.Th("")]))
    table = dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, className="small", id=TABLE + "-table")
    if len(edges) <= MAX_TABLE_ROWS:
        return table
    return html.Div([html.P(f"The {MAX_TABLE_ROWS} influences with the most evidence, of {len(edges)} drawn; "
                            "narrow the view with a filter or a focus to list the rest.", className="small"), table])


#: The most options a study dropdown is sent at once (those with the most evidence; typing searches the rest).
MAX_OPTIONS = 100


def _country_items(G: Any) -> list[tuple[str, str]]:
    return memo(G, "country-choices", None, lambda: country_choices(G))


def _study_items(G: Any) -> list[tuple[str, str]]:
    return memo(G, "study-items", None, lambda: C.study_items(G))


def _options(items: list[tuple[str, str]], counts: dict[str, int], chosen: list[str] | None,
             limit: int | None = None, text: str | None = None) -> list[dict[str, Any]]:
    """Counted options, leaving out those with nothing behind them unless chosen.

    With *limit*, at most that many besides the chosen ones: those with the most
    evidence, or those whose label holds the typed *text*; a last disabled option
    says how many more there are (typing finds them).

    >>> _options([("a", "A"), ("b", "B"), ("c", "C")], {"a": 1, "b": 5, "c": 2}, ["a"], limit=1)
    [{'label': 'A (1)', 'value': 'a'}, {'label': 'B (5)', 'value': 'b'}, {'label': '… 1 more: type to search', 'value': '', 'disabled': True}]
    """
    keep = set(chosen or [])
    opts = [o for o in C.counted_options(items, counts) if counts.get(o["value"], 0) or o["value"] in keep]
    if limit is None or len(opts) <= limit + len(keep):
        return opts
    words = (text or "").casefold().split()
    pool = [o for o in opts if o["value"] not in keep and all(w in o["label"].casefold() for w in words)]
    top = {o["value"] for o in sorted(pool, key=lambda o: -counts.get(o["value"], 0))[:limit]}
    shown = [o for o in opts if o["value"] in keep or o["value"] in top]
    more = len(pool) - len(top)
    return shown + ([{"label": f"… {more} more: type to search", "value": "", "disabled": True}] if more else [])


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the explore view's callbacks to *app*."""
    filter_inputs = [Input(i, "value") for i in FILTER_IDS]

    @app.callback(
        Output(GRAPH, "elements"), Output(GRAPH, "layout"), Output(GRAPH, "style"), Output(EMPTY, "children"), Output(COUNTS, "children"),
        Output(COUNTRIES, "options"), Output(STUDIES, "options"),
        Output(POLARITIES, "options"), Output(PERSPECTIVES, "options"),
        Output(TABLE_SUMMARY, "children"), Output(VIEW_OPEN, "data"),
        *filter_inputs, Input(FOCUS, "value"), Input(DEPTH, "value"), Input(LAYOUT, "value"),
        Input(SHOW, "value"), Input(EXPAND, "data"), Input(SELECTION, "data"),
    )
    def update_graph(*args):
        G = ctx_.graph()
        filters, (focus, depth, layout_name, show, expand, selection) = list(args[:len(FILTER_IDS)]), \
            args[len(FILTER_IDS):]
        try:
            s = screen_view(ctx_, filters, focus, depth, layout_name, show, expand, selection)
        except NotFound as err:
            return ([], PRESET, C.canvas_style([], MIN_HEIGHT), C.empty_note(f"{err}."), _counts_bar(0, 0, 0), no_update, no_update, no_update,
                    no_update, "Influences on screen, as a table", no_update)
        kw, view, d = s["kw"], s["spec"], s["drawing"]
        n_factors, n_edges, n_evidence = d["counts"]
        what = describe_filters(G, kw)
        notes: list[Any] = []
        if view.focus and n_factors == 0:
            notes.append(C.empty_note(f"The focus factor “{G.nodes[view.focus]['label']}” is hidden by the filters "
                                      f"({what})."))
        elif n_factors == 0:
            notes.append(C.empty_note(f"No factor matches these filters: {what}. Remove one to see more."))
        elif n_edges == 0:
            notes.append(C.empty_note(f"No influence matches these filters: {what}. The factors shown have matching "
                                      "evidence but no influence between them." if what else
                                      "No influence links these factors."))
        if s["note"]:
            notes.append(html.Div(s["note"], className="alert alert-info small py-1 mb-1 element-cap-note"))
        opens = s["opens"]
        return (s["elements"], {**PRESET}, C.canvas_style(s["elements"], MIN_HEIGHT, MIN_ZOOM), notes or None, _counts_bar(n_factors, n_edges, n_evidence), *d["options"],
                f"Influences on screen, as a table ({n_edges})", opens)

    @app.callback(
        Output(TABLE, "children"), Input(TABLE_SUMMARY, "n_clicks"),
        *filter_inputs, Input(FOCUS, "value"), Input(DEPTH, "value"), Input(LAYOUT, "value"),
        Input(SHOW, "value"), Input(EXPAND, "data"),
    )
    def update_table(opened, *args):
        """The table under the graph, filled once the reader first opens it (then kept to the view): hundreds
        of cells the page need not build and render on every change of view while nobody reads them."""
        if not opened:
            raise PreventUpdate
        filters, (focus, depth, layout_name, show, expand) = list(args[:len(FILTER_IDS)]), args[len(FILTER_IDS):]
        try:
            return screen_view(ctx_, filters, focus, depth, layout_name, show, expand, None)["drawing"]["table"]
        except NotFound:
            return None

    @app.callback(
        Output(SELECTION, "data", allow_duplicate=True), Output(EXPAND, "data", allow_duplicate=True),
        Input(GRAPH, "tapNodeData"), Input(GRAPH, "tapEdgeData"), Input(SEARCH, "value"),
        Input({"type": GOTO, "index": ALL}, "n_clicks"), Input({"type": GOTO_EDGE, "index": ALL}, "n_clicks"),
        Input({"type": TOGGLE_THEME, "index": ALL}, "n_clicks"),
        State(EXPAND, "data"), State(SHOW, "value"),
        prevent_initial_call=True,
    )
    def select(node, edge, searched, _goto, _goto_edge, _toggle, expand, show):
        trig = ctx.triggered_id
        expand = list(expand or [])
        if trig == GRAPH:
            prop = ctx.triggered[0]["prop_id"].split(".")[-1]
            if prop == "tapNodeData" and node and node.get("kind") in ("factor", "group"):
                if node.get("can_open") and node["id"] not in expand:  # a closed theme (also one folded by the cap)
                    return {"type": "factor", "id": node["id"]}, [*expand, node["id"]]
                return {"type": "factor", "id": node["id"]}, no_update
            if prop == "tapEdgeData" and edge:
                return {"type": "influence", "source": edge["source"], "target": edge["target"]}, no_update
            return no_update, no_update
        if trig == SEARCH:
            if searched and searched.startswith(ctl.EVIDENCE_OPTION):
                ev, _, q = searched[len(ctl.EVIDENCE_OPTION):].partition(":")
                return {"type": "evidence", "id": ev, "q": q}, no_update
            return ({"type": "factor", "id": searched}, no_update) if searched else (no_update, no_update)
        if not isinstance(trig, dict) or not ctx.triggered[0]["value"]:
            return no_update, no_update
        if trig.get("type") == GOTO:
            return {"type": "factor", "id": trig["index"].rsplit("#", 1)[0]}, no_update
        if trig.get("type") == GOTO_EDGE:
            source, target = trig["index"].split("#", 1)[0].split(">", 1)
            return {"type": "influence", "source": source, "target": target}, no_update
        if trig.get("type") == TOGGLE_THEME:
            theme = trig["index"]
            return no_update, [t for t in expand if t != theme] if theme in expand else [*expand, theme]
        return no_update, no_update

    @app.callback(Output(DETAILS, "children"), Input(SELECTION, "data"), Input(VIEW_OPEN, "data"),
                  Input(SHOW_ALL, "data"), Input(MORE, "data"), *filter_inputs)
    def show_details(selection, opened, show_all, more, *filters):
        return details_children(ctx_, selection, filter_kwargs(*filters), opened or [], bool(show_all),
                                more if isinstance(more, int) else 0)

    @app.callback(Output(MORE, "data"), Input({"type": MORE_BUTTON, "index": ALL}, "n_clicks"),
                  Input(SELECTION, "data"), Input(SHOW_ALL, "data"), *filter_inputs, State(MORE, "data"),
                  prevent_initial_call=True)
    def more_cards(clicks, *args):
        """"Show 20 more" adds a page of evidence cards; another selection, or other filters, start again."""
        more = args[-1] if isinstance(args[-1], int) else 0
        if isinstance(ctx.triggered_id, dict):
            return more + C.MORE_CARDS if any(clicks or []) else no_update
        return 0 if more else no_update

    @app.callback(Output(SHOW_ALL, "data"), Input({"type": SHOW_ALL_BUTTON, "index": ALL}, "n_clicks"),
                  State(SHOW_ALL, "data"), prevent_initial_call=True)
    def toggle_show_all(clicks, current):
        return not current if any(clicks or []) else no_update

    @app.callback(Output(STUDIES, "options", allow_duplicate=True), Input(STUDIES, "search_value"),
                  *[State(i, "value") for i in FILTER_IDS], State(FOCUS, "value"), State(DEPTH, "value"),
                  State(SHOW, "value"), State(EXPAND, "data"), prevent_initial_call=True)
    def search_studies(text, *values):
        """Typing in the study box: the studies whose name holds the words, with their counts in the view."""
        if not text:
            raise PreventUpdate
        G = ctx_.graph()
        filters, (focus, depth, show, expand) = values[:len(FILTER_IDS)], values[len(FILTER_IDS):]
        try:
            view = View.resolve(G, **filter_kwargs(*filters), focus=focus, depth=depth, show=show, expand=expand)
        except NotFound:
            raise PreventUpdate from None
        return _options(_study_items(G), facets(G, view)["studies"], filters[FILTER_IDS.index(STUDIES)],
                        limit=MAX_OPTIONS, text=text)

    for dropdown in (SEARCH, FOCUS):  # the page already holds the untyped options: nothing to ask at load
        app.callback(Output(dropdown, "options"), Input(dropdown, "search_value"),
                     prevent_initial_call=True)(forgiving_options(ctx_, evidence=dropdown == SEARCH))

    app.clientside_callback(
        ClientsideFunction(namespace="pswgraph", function_name="fastViewport"),
        Output(FAST_VIEWPORT, "data"), Input(GRAPH, "elements"), State(GRAPH, "id"),
    )
    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="refit"),
                            Output(FITTED, "data"), Input(GRAPH, "elements"), State(GRAPH, "id"),
                            prevent_initial_call=True)
    fold_on_phones(app, SIDEBAR_TOGGLE, SIDEBAR_COLLAPSE)


def fold_on_phones(app: Dash, button: str, collapse: str) -> None:
    """*button* unfolds and folds *collapse* (a ``dbc.Collapse`` of class ``fold-phone``: always open from tablets
    up, style.css), in the page."""
    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="toggleOpen"),
                            Output(collapse, "is_open"), Input(button, "n_clicks"), State(collapse, "is_open"),
                            prevent_initial_call=True)


def forgiving_options(ctx_: AppContext, evidence: bool = False):
    """A callback body: factor options for what is typed, closest first and typos forgiven (the Python API's way);
    with *evidence*, then the evidence whose words match (:func:`graph.query.fulltext.search_evidence`)."""
    def options(text: str | None) -> list[dict[str, Any]]:
        G = ctx_.graph()
        if not text or len(text) < 3:
            return C.factor_options(G, slim=True)
        opts = C.factor_options(G)
        by_id = {o["value"]: o for o in opts}
        hits = [h for h in closest_factors(G, text) if h in by_id]
        # each hit carries the typed text in its search field, so the dropdown's own filter keeps it
        factors = [{**by_id[h], "search": f"{by_id[h]['search']} {text}"} for h in hits]
        found_ = found.evidence_options(G, text) if evidence else []
        return factors + [{**o, "value": f"{o['value']}:{text[:ctl.MAX_TEXT]}"} for o in found_] or opts
    return options
