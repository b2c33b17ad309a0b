"""Path finder view: every influence route from one factor to another, highlighted and listed hop by hop."""

from __future__ import annotations

import json
from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.data.memo import memo
from graph.export.downloads import route_deck_download
from graph.present.layout import compact_positions, factor_positions
from graph.present.routes import country_name, hop_scope, route_name
from graph.present.view import MAX_ELEMENTS, element_count
from graph.present.words import counted
from graph.query.details import evidence_records, group_by_country_and_study
from graph.query.lookup import NotFound
from graph.query.paths import (
    DEFAULT_GRANULARITY,
    RANKING_BEST,
    RANKING_HELP,
    hop_strength,
    influence_view,
    path_search,
)
from graph.query.strength import STRENGTH_NOTE

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from .export import clicked, copy_link

SOURCE = ctl.P_SOURCE.id
TARGET = ctl.P_TARGET.id
HOPS = ctl.P_HOPS.id
COUNTRIES = ctl.P_COUNTRIES.id
GRANULARITY = ctl.P_GRANULARITY.id
MIN_PAPERS = ctl.P_MIN_PAPERS.id
MIN_COUNTRIES = ctl.P_MIN_COUNTRIES.id
RANK = ctl.P_RANK.id
PICK = ctl.P_PICK.id
GRAPH = "paths-graph"
LIST = "paths-list"
STORE = "paths-store"
HOP = "hop-evidence"  # pattern-matching type of the "evidence" buttons on each hop
DRAWER = "drawer"
DRAWER_BODY = "drawer-body"
DECK = "p-pptx"
DECK_DOWNLOAD = "p-pptx-file"
DECK_STATUS = "p-pptx-status"
READABLE = "paths-readable"  # what the client-side sizing of the canvas keeps (see READABLE_PX, MOST_ZOOM)
GROWN = "paths-grown"  # output of the client-side sizing of the canvas after a redraw

#: Shown paths at most (the list says when there are more).
MAX_LISTED = 25
#: Extra vertical room between level bands in the drawing (px per band boundary): a theme's
#: title above its box and four-line sub-theme labels under the nodes need more than the shared layout gives.
BAND_SPREAD = 90
#: The paths are drawn where the level bands place them (cytoscape only fits them).
PRESET: dict[str, Any] = {"name": "preset", "fit": True, "padding": 14, "animate": False}
#: The smallest a drawn label may be on screen, in CSS px: the canvas is as tall as the drawing at its column's
#: width (the page scrolls), and wider than the column (scrolled sideways) rather than draw a label smaller.
READABLE_PX = 11.2
#: The most the drawing is enlarged (1: labels at their stylesheet size), so that a route of two factors is not
#: drawn huge.
MOST_ZOOM = 1.0
#: The shared stylesheet, lines drawn where they were routed round every name (:func:`C.routed_stylesheet`), and:
#: a factor's name on a white plate; the ↑ on an upward line as large as a theme's name (else the smallest label,
#: which sets how far the drawing is enlarged).
STYLESHEET = [*C.base_stylesheet(), *C.routed_stylesheet(), {"selector": "edge", "style": {"font-size": "22px"}},
              {"selector": "node.subtheme, node.theme", "style": {
                  "text-background-color": "#fff", "text-background-opacity": 0.85,
                  "text-background-shape": "round-rectangle", "text-background-padding": "2px"}}]
#: What the granularity choice means (shown under it).
GRANULARITY_HELP = ("Default: sub-themes, every hop an influence as a paper states it; a theme you pick "
                    "includes its sub-themes. Themes roll influences up: more routes, looser chains."
                    if DEFAULT_GRANULARITY == "subtheme" else
                    "Default: themes, influences rolled up (more routes, looser chains). Sub-themes: every hop "
                    "an influence as a paper states it; a theme you pick includes its sub-themes.")


#: What the ranking choice means (shown under it).
RANK_HELP = ("Weakest hop: a route is only as well evidenced as its least-evidenced hop (papers, then items); "
             "total evidence favours long chains, each hop adding items.")


def layout(ctx_: AppContext) -> dbc.Row:
    """Controls | graph with the paths highlighted | the list of paths."""
    G = ctx_.graph()
    fopts = C.factor_options(G, slim=True)
    controls = html.Div([
        html.Label("From (source factor)", htmlFor=SOURCE),
        dcc.Dropdown(id=SOURCE, options=fopts, placeholder="e.g. Regulatory and political factors"),
        html.Label("To (target factor)", htmlFor=TARGET),
        dcc.Dropdown(id=TARGET, options=fopts, placeholder="e.g. PSW wellbeing"),
        html.Label("Maximum hops", htmlFor=HOPS),
        dcc.Slider(id=HOPS, min=ctl.P_HOPS.lo, max=ctl.P_HOPS.hi, step=1, value=ctl.P_HOPS.default,
                   marks={i: str(i) for i in ctl.P_HOPS.values}),
        html.Label("Only hops evidenced in", htmlFor=COUNTRIES),
        dcc.Dropdown(id=COUNTRIES, options=[{"label": name, "value": code} for code, name in C.country_items(G)],
                     multi=True, placeholder="any country (or none: framework edges count)"),
        html.Label("Rank routes by", id=RANK + "-label"),
        C.radio_group("Rank routes by", id=RANK, value=ctl.P_RANK.default, options=ctl.P_RANK.options(), className="small",
                       inputClassName="me-1", labelClassName="d-block small"),
        html.Div(RANK_HELP, className="small text-muted mb-2", id=RANK + "-help"),
        html.Label("Granularity"),
        C.radio_group("Granularity", id=GRANULARITY, value=ctl.P_GRANULARITY.default, inline=True,
                       options=ctl.P_GRANULARITY.options()),
        html.Div(GRANULARITY_HELP, className="small text-muted mb-2", id=GRANULARITY + "-help"),
        html.Label("Use only hops stated or evidenced by at least … papers", id=MIN_PAPERS + "-label"),
        C.radio_group("Use only hops stated or evidenced by at least … papers", id=MIN_PAPERS,
                      value=ctl.P_MIN_PAPERS.default, inline=True, className="small", options=C.breadth_options()),
        html.Label("Use only hops evidenced in at least … countries", id=MIN_COUNTRIES + "-label"),
        C.radio_group("Use only hops evidenced in at least … countries", id=MIN_COUNTRIES,
                      value=ctl.P_MIN_COUNTRIES.default, inline=True, className="small", options=C.breadth_options()),
        html.Label("Highlight"),
        C.radio_group("Highlight", id=PICK, value=ctl.P_PICK.default, options=[{"label": "all paths", "value": "all"}], className="small",
                       inputClassName="me-1", labelClassName="d-block small"),
        dbc.Button("PowerPoint of the route", id=DECK, size="sm", color="primary", outline=True, className="mt-2 w-100",
                   title="A 16:9 deck: one slide per hop, building the highlighted route (or the first) step by step"),
        html.Div(id=DECK_STATUS, className="small text-muted", role="status"),
        dcc.Download(id=DECK_DOWNLOAD),
        html.Div(copy_link("paths"), className="mt-2"),
    ], className="sidebar")
    return dbc.Row([
        dbc.Col(controls, md=3, xl=2),
        dbc.Col([dcc.Store(id=READABLE, data={"px": READABLE_PX, "most": MOST_ZOOM}), dcc.Store(id=GROWN),
                 C.loading(html.Div(cyto.Cytoscape(
                     id=GRAPH, elements=[], layout=PRESET, stylesheet=STYLESHEET,
                     style={"width": "100%", "height": "max(520px, calc(100vh - 260px))"}, minZoom=0.15, maxZoom=3,
                     responsive=True, wheelSensitivity=0.3), className="paths-canvas")), C.legend()], md=9, xl=6),
        dbc.Col([dcc.Store(id=STORE), C.loading(html.Div(id=LIST, className="paths-list"))], md=12, xl=4),
    ], className="g-3")


def drawer() -> dbc.Offcanvas:
    """The shared side drawer that lists evidence (paths hops, compare edges)."""
    return dbc.Offcanvas(id=DRAWER, title="Evidence", placement="end", is_open=False, scrollable=True,
                         style={"width": "min(560px, 95vw)"}, children=html.Div(id=DRAWER_BODY))


def _label(G: Any, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n




def hop_note(G: Any, hop: dict[str, Any], filtered: bool) -> str:
    """What backs a hop, in words: ``2 evidence items · Sweden, Norway``, or why nothing does."""
    if not hop["evidence"]:
        return "framework only — no evidence " + ("under these filters" if filtered else "recorded")
    names = ", ".join(sorted(country_name(G, c) for c in hop["countries"])) or "no country stated"
    return f"{counted(len(hop['evidence']), 'evidence item')} · {names}"


def route_strength(G: Any, path: dict[str, Any], filtered: bool = False, scope: str = "") -> str:
    """A route's evidence strength in words: its weakest hop as routes are ranked by it, and how many hops are
    single-source or contested, counted as the hops' badges count them (:func:`graph.query.paths.hop_strength`).

    Counts, not a quality grade (:mod:`graph.query.strength`); under a country filter (*filtered*; *scope*, the
    filter in words) those of the matching evidence, and the words say so.
    """
    strengths = [hop_strength(G, h, filtered) for h in path["hops"]]  # as the hops' badges count them
    weak = path["weakest"]
    hop = path["hops"][weak["hop"]]
    where = f" (its evidence {scope})" if filtered and scope else ""
    named = f"{_label(G, hop['source'])} → {_label(G, hop['target'])}"
    words = [f"weakest hop{where}: {counted(weak['papers'], 'paper')}, {counted(weak['evidence'], 'evidence item')} ({named})"]
    for key, word in (("single_source", "single-source"), ("contested", "contested")):
        n = sum(1 for s in strengths if s[key])
        if n:
            words.append(f"{counted(n, word + ' hop')}")
    return " · ".join(words)


def path_list(G: Any, paths: list[dict[str, Any]], filtered: bool = False, scope: str = "") -> list[Any]:
    """The hop-by-hop list of paths, each hop with its strength badges and an evidence button; unevidenced hops are marked.

    Under a country filter (*filtered*; *scope*, the filter in words) each hop's papers
    and flags are those of its matching evidence, the papers of all its evidence beside them.
    """
    items = []
    for i, p in enumerate(paths[:MAX_LISTED], 1):
        hops = []
        for h in p["hops"]:
            key = f"{h['source']}>{h['target']}"
            bare = not h["evidence"]
            hops.append(html.Li([
                html.Span(f"{_label(G, h['source'])} → {_label(G, h['target'])}"),
                " ",
                dbc.Badge("framework only", color="warning", text_color="dark") if bare else None,
                html.Span(hop_note(G, h, filtered).removeprefix("framework only") if bare
                          else "· " + hop_note(G, h, filtered),
                          className="small " + ("fst-italic hop-unevidenced" if bare else "text-muted hop-note")),
                " ",
                None if bare else dbc.Button("evidence", id={"type": HOP, "index": f"{i}:{key}"}, size="sm",
                                             color="link", className="p-0 align-baseline"),
                " ",
                C.strength_line(hop_strength(G, h, filtered), compact=True, scope=scope),
            ], className="hop"))
        bare_hops = sum(1 for h in p["hops"] if not h["evidence"])
        summary = f"{counted(len(p['hops']), 'hop')} · {counted(p['evidence_count'], 'distinct evidence item')}"
        if bare_hops:
            summary += f" · {counted(bare_hops, 'hop')} framework only"
        items.append(html.Div([
            html.Div([html.Strong(f"{i}. "), " → ".join(_label(G, n) for n in p["nodes"])], className="path-title"),
            html.Div(summary, className="small"),
            html.Div(route_strength(G, p, filtered, scope), className="small text-muted route-strength"),
            html.Ol(hops, className="hops"),
        ], className="path-card"))
    if len(paths) > MAX_LISTED:
        items.append(html.P(f"… and {len(paths) - MAX_LISTED} lower-ranked paths.", className="small"))
    return items


def _spread_bands(D: Any, pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """*pos* of the factors of *D*, each level band moved down by :data:`BAND_SPREAD` per band above it, so no
    theme box overlaps another.

    A theme's box around its sub-themes gets no position: cytoscape places it around them (moved to a
    position of its own, from one drawing to the next, it would carry them off theirs).
    """
    boxes = {D.nodes[n].get("theme") for n in D if D.nodes[n].get("factor_kind") == "subtheme"}
    levels = {n: D.nodes[n].get("level") for n in D}
    return {n: (x, y + BAND_SPREAD * C.LEVELS.index(levels[n]) if levels[n] in C.LEVELS else y)
            for n, (x, y) in pos.items() if n in D and n not in boxes}


def _drawn(V: Any, nodes: set[str]) -> Any:
    """The part of *V* drawn: only *nodes* (with their themes as boxes)."""
    keep = set(nodes) | {V.nodes[n]["theme"] for n in nodes if n in V}
    return V.subgraph(n for n in V if n in keep)


def _breadth(min_papers: Any, min_countries: Any) -> dict[str, int]:
    """The breadth the path finder's choices ask of each hop, as path_search's keyword arguments.

    >>> _breadth(2, "3"), _breadth(0, None)
    ({'min_sources': 2, 'min_countries': 3}, {})
    """
    out = {"min_sources": ctl.P_MIN_PAPERS.clean(min_papers), "min_countries": ctl.P_MIN_COUNTRIES.clean(min_countries)}
    return {k: v for k, v in out.items() if v and v > 1}


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the path finder's callbacks to *app*."""

    @app.callback(
        Output(GRAPH, "elements"), Output(LIST, "children"), Output(STORE, "data"), Output(PICK, "options"),
        Output(PICK, "value"),
        Input(SOURCE, "value"), Input(TARGET, "value"), Input(HOPS, "value"), Input(COUNTRIES, "value"),
        Input(GRANULARITY, "value"), Input(PICK, "value"), Input(MIN_PAPERS, "value"), Input(RANK, "value"),
        Input(C.opened("paths"), "data"), Input(MIN_COUNTRIES, "value"), State(C.TABS, C.TAB_PROP),
        prevent_initial_call=True,
    )
    def find(source, target, hops, countries, granularity, pick, min_papers, rank, _opened, min_countries=0,
             tab=None):
        C.skip_unless_visible(tab, "paths")
        breadth = _breadth(min_papers, min_countries)
        changed = {t["prop_id"].rsplit(".", 1)[0] for t in ctx.triggered if t["prop_id"] != "."}
        if changed - {C.opened("paths")} and PICK not in changed:  # a new question: its routes are all highlighted again
            return (*draw_paths(source, target, hops, countries, granularity, "all", breadth, rank), "all")
        # a route picked (or a link naming one), the tab opened again: the picked route stays if the question has it
        drawn = draw_paths(source, target, hops, countries, granularity, pick, breadth, rank)
        kept = str(pick) in {o["value"] for o in drawn[3]}
        return (*drawn, no_update) if kept else (*draw_paths(source, target, hops, countries, granularity, "all",
                                                             breadth, rank), "all")

    def draw_paths(source, target, hops, countries, granularity, pick, breadth=None, rank=None):
        G = ctx_.graph()
        rank = ctl.P_RANK.clean(rank)
        key = json.dumps([source, target, hops, countries or [], granularity, pick, breadth, rank])
        return memo(G, "paths-view", key,
                    lambda: _draw_paths(G, source, target, hops, countries, granularity, pick, breadth, rank))

    def _draw_paths(G, source, target, hops, countries, granularity, pick, breadth, rank):
        granularity = granularity or DEFAULT_GRANULARITY
        breadth = breadth or {}  # {"min_sources": papers, "min_countries": countries} (see _breadth)
        V = influence_view(G, granularity, **breadth)
        themes = granularity == "theme"  # rolled up: a compact theme-only layout
        T = V if themes else influence_view(G, "theme", **breadth)  # before a question: the themes alone
        whole = themes and element_count(V) <= MAX_ELEMENTS  # else only the routes' factors are drawn

        def draw(nodes: set[str] | None = None, **classes: Any) -> list[dict[str, Any]]:
            if nodes is None:  # no question yet: the themes, each standing for itself and its sub-themes
                if element_count(T) > MAX_ELEMENTS:
                    return []
                D, pos = T, factor_positions(G, themes_only=True)
            elif whole:
                D, pos = V, factor_positions(G, themes_only=True)
            else:  # packed together: no room kept for the factors left out
                D = _drawn(V, nodes)
                pos = compact_positions(G, D, themes_only=themes)
            return C.graph_elements(D, G, themes_only=themes or nodes is None, **classes,
                                    positions=_spread_bands(D, pos), routed=True)

        base = [{"label": "all paths", "value": "all"}]
        if not source or not target:
            return draw(), C.empty_note("Pick a source and a target factor."), None, base
        try:
            found = path_search(G, source, target, max_hops=int(hops or ctl.P_HOPS.default), countries=countries or None,
                                granularity=granularity, rank=rank, **breadth)
        except NotFound as err:
            return draw(), C.empty_note(f"{err}."), None, base
        paths = found["paths"]
        where = f" with every hop evidenced in {', '.join(country_name(G, c) for c in countries)}" if countries else ""
        if breadth.get("min_sources"):
            where += f", only influences at least {breadth['min_sources']} papers state or evidence"
        if breadth.get("min_countries"):
            where += f", only influences evidenced in at least {breadth['min_countries']} countries"
        if not paths:
            why = (f"No influence path from “{_label(G, source)}” to “{_label(G, target)}” within {hops} hops"
                   f"{where}. Try more hops{', fewer countries' if countries else ''}"
                   f"{', fewer papers per influence' if breadth.get('min_sources') else ''}"
                   f"{', fewer countries per influence' if breadth.get('min_countries') else ''}"
                   f"{' or the theme granularity' if not themes else ''}.")
            ends = {n for n in (source, target) if n in G}
            return draw(ends, node_classes={n: "hl" for n in ends}), C.empty_note(why), None, base
        shown = paths if pick in (None, "all") else [p for i, p in enumerate(paths) if str(i) == str(pick)] or paths
        on_nodes = {n for p in shown for n in p["nodes"]}
        on_edges = {(h["source"], h["target"]) for p in shown for h in p["hops"]}
        listed = paths[:MAX_LISTED]  # what is drawn and listed (the rest are counted)
        every = {n for p in listed for n in p["nodes"]}
        boxes = {V.nodes[n]["theme"] for n in every if V.nodes[n]["factor_kind"] == "subtheme"}
        drawn = set(V) if whole else every
        node_classes = {n: ("hl" if n in on_nodes else "faded") for n in drawn - boxes}
        node_classes.update({n: "hl" for n in boxes & on_nodes})  # a faded box would fade its sub-themes too
        edge_classes = {e: ("hl" if e in on_edges else "faded") for e in V.edges}
        store = {f"{h['source']}>{h['target']}": h["evidence"] for p in listed for h in p["hops"]}
        opts = base + [{"label": f"{i + 1}. {route_name(G, p['nodes'])}", "value": str(i)}
                       for i, p in enumerate(paths[:MAX_LISTED])]
        stands = ("" if themes else " A theme stands for itself and its sub-themes;"
                  " routes are drawn with the factors they pass.")
        stands += f" Papers and flags per hop: {STRENGTH_NOTE.lower()}"
        scope = hop_scope(G, countries)
        stands += (f"; first the papers reporting its evidence {scope}, then the papers of all its evidence "
                   "(“in all”)." if scope else ".")
        ranked = (f" Ranked by {RANKING_HELP[rank]}"
                  + ("; a hop's papers and items count its evidence from the countries chosen." if countries else ".")
                  + ("" if found["ranked"] else " Too many routes to rank them all: these are good ones, "
                     "not certainly the best."))
        total = f"{found['total']:,}" if found["exact"] else f"about {found['total']:,} (estimated)"
        ends = f"from “{_label(G, source)}” to “{_label(G, target)}”{where}"
        count = (f"The {len(paths)} routes with {RANKING_BEST[rank]}, of {total} {ends}." if found["more"] else
                 f"{counted(len(paths), 'route')} {ends}; those with {RANKING_BEST[rank]} first.")
        head = html.P([html.Span(count, className="fw-bold", id="paths-count"),
                       html.Span(ranked, className="small rank-note", id="paths-rank"),
                       html.Span(stands, className="small text-muted")])
        return (draw(every, node_classes=node_classes, edge_classes=edge_classes),
                [head, *path_list(G, paths, filtered=bool(countries), scope=scope)], store, opts)

    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="growCanvas"),
                            Output(GROWN, "data"), Input(GRAPH, "elements"), State(GRAPH, "id"), State(READABLE, "data"),
                            prevent_initial_call=True)

    @app.callback(Output(DECK_DOWNLOAD, "data"), Output(DECK_STATUS, "children"), Input(DECK, "n_clicks"),
                  State(SOURCE, "value"), State(TARGET, "value"), State(HOPS, "value"), State(COUNTRIES, "value"),
                  State(GRANULARITY, "value"), State(PICK, "value"), State(MIN_PAPERS, "value"), State(RANK, "value"),
                  State(MIN_COUNTRIES, "value"), prevent_initial_call=True)
    def deck(n, source, target, hops, countries, granularity, pick, min_papers=0, rank=None, min_countries=0):
        if not clicked(n):
            return no_update, no_update
        if not source or not target:
            return no_update, "Pick a source and a target factor first."
        try:
            d = route_deck_download(ctx_.graph(), source, target, max_hops=int(hops or ctl.P_HOPS.default),
                                    countries=countries or None, granularity=granularity or DEFAULT_GRANULARITY,
                                    rank=ctl.P_RANK.clean(rank), pick=int(pick) if str(pick).isdigit() else None,
                                    **_breadth(min_papers, min_countries))
        except NotFound as err:
            return no_update, f"{err}."
        except ValueError as err:
            return no_update, f"{err}"
        return dcc.send_bytes(d.data, d.name), d.message

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
        key = trig["index"].split(":", 1)[-1]  # "<path number>:<source>><target>" (one button per path's hop)
        source, target = key.split(">", 1)
        records = evidence_records(G, store.get(key, []))
        return True, C.evidence_groups(group_by_country_and_study(records)), \
            f"{_label(G, source)} → {_label(G, target)}"
