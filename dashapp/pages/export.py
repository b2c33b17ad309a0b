"""Export toolbar: captioned figures (PNG, SVG, PDF) and a briefing deck of the explore view, the current
subgraph in the library's formats, and a written summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

import dash_bootstrap_components as dbc
from dash import MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.export import EXPORT_FORMATS, drawn_view, export_filename, export_graph, studies_of, with_drawing
from graph.present.figure import FIGURE_FORMATS, figure_caption, render_figure, sources_line
from graph.present.layout import LAYOUT_ALIASES, VIEW_LAYOUTS
from graph.present.report import SUMMARY_FORMATS, describe_filters, summary
from graph.present.words import counted
from graph.query.details import factor_details, restrict_details
from graph.query.filters import EVIDENCE_FILTERS, matching_evidence, select_subgraph
from graph.query.lookup import NotFound
from graph.query.rollup import rolled_influence_details

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from . import explore as E

PNG = "x-png"
SVG = "x-svg"
PDF = "x-pdf"
FIGURE_MODE = ctl.X_FIGURE_MODE.id
FIGURE_DOWNLOAD = "x-figure-file"
FORMAT = ctl.X_FORMAT.id
DOWNLOAD_BUTTON = "x-download"
DOWNLOAD = "x-file"
PPTX = "x-pptx"
PPTX_DOWNLOAD = "x-pptx-file"
STATUS = "x-status"
STATUS_TOAST = "x-status-toast"  # the status shows as a toast, closed by its × or after STATUS_MS
#: How long the export status stays on screen (ms).
STATUS_MS = 15_000
TOOLBAR_TOGGLE = "x-toggle"  # phones: the button that unfolds the toolbar
TOOLBAR_COLLAPSE = "x-collapse"
COPY_LINK = "copy-link"  # pattern-matching type: one "copy link" per view that has one (index: the view)
CONTENT = ctl.X_CONTENT.id
SUMMARY = "x-summary"
SUMMARY_FORMAT = ctl.X_SUMMARY_FORMAT.id
SUMMARY_DOWNLOAD = "x-summary-file"
#: What a network file holds: the drawing on screen (default), or that plus the evidence, studies and countries.
CONTENTS = dict(ctl.X_CONTENT.choices)

FIGURE_BUTTONS = {PNG: "png", SVG: "svg", PDF: "pdf"}


def toolbar() -> html.Div:
    """The buttons over the explore graph; on phones folded behind one button ("Export and share")."""
    return html.Div([
        html.Button("Export and share ▾", id=TOOLBAR_TOGGLE, type="button",
                    className="btn btn-outline-secondary btn-sm d-md-none w-100 mb-2",
                    **{"aria-controls": TOOLBAR_COLLAPSE, "aria-expanded": "false"}),
        dbc.Collapse(_buttons(), id=TOOLBAR_COLLAPSE, is_open=False, className="fold-phone"),
        dbc.Toast(html.Span(id=STATUS, role="status"), id=STATUS_TOAST, header="Export", is_open=False,
                  dismissable=True, duration=STATUS_MS, className="export-toast"),
        dcc.Download(id=DOWNLOAD), dcc.Download(id=FIGURE_DOWNLOAD), dcc.Download(id=PPTX_DOWNLOAD),
        dcc.Download(id=SUMMARY_DOWNLOAD),
    ])


def _buttons() -> html.Div:
    return html.Div([
        html.Span("Export:", className="me-2 fw-bold"),
        dbc.Button("PNG", id=PNG, size="sm", color="primary", outline=True, className="me-1",
                   title="Figure with title, legend and caption (1920 px wide)"),
        dbc.Button("SVG", id=SVG, size="sm", color="primary", outline=True, className="me-1"),
        dbc.Button("PDF", id=PDF, size="sm", color="primary", outline=True, className="me-1"),
        C.radio_group("Figure", id=FIGURE_MODE, value=ctl.X_FIGURE_MODE.default, inline=True, className="small me-2 figure-mode",
                       options=ctl.X_FIGURE_MODE.options()),
        dbc.Button("PowerPoint", id=PPTX, size="sm", color="primary", outline=True, className="me-3",
                   title="16:9 briefing deck: the view, its evidence and references"),
        dcc.Dropdown(id=FORMAT, value=ctl.X_FORMAT.default, clearable=False, className="export-format",
                     options=ctl.X_FORMAT.options()),
        dcc.Dropdown(id=CONTENT, value=ctl.X_CONTENT.default, clearable=False, searchable=False,
                     className="export-format", options=ctl.X_CONTENT.options()),
        dbc.Button("Download subgraph", id=DOWNLOAD_BUTTON, size="sm", color="primary", className="ms-1 me-3"),
        dcc.Dropdown(id=SUMMARY_FORMAT, value=ctl.X_SUMMARY_FORMAT.default, clearable=False, searchable=False,
                     className="export-format narrow", options=ctl.X_SUMMARY_FORMAT.options()),
        dbc.Button("Written summary", id=SUMMARY, size="sm", color="primary", className="ms-1 me-3",
                   title="A written summary of the selected factor or influence, else of the factors on screen"),
        copy_link("explore"),
    ], className="export-toolbar d-flex flex-wrap align-items-center")


def copy_link(view: str) -> html.Span:
    """A "copy link" button: it copies the page's address, which holds the view and every choice made in it."""
    return html.Span([dcc.Clipboard(id={"type": COPY_LINK, "index": view}, title="Copy a link to this view",
                                    className="d-inline-block"), " copy link"], className="small copy-link")


def clicked(n: Any) -> bool:
    """Whether *n* is a button's ``n_clicks`` after a real click (a positive count; anything else is ignored).

    >>> clicked(1), clicked(None), clicked(True), clicked("1")
    (True, False, False, False)
    """
    return isinstance(n, int) and not isinstance(n, bool) and n > 0


def view_words(G: Any, kw: dict[str, Any], focus: str | None, depth: int) -> str:
    """The view in words, for a title: what is drawn, around which factor, under which filters (no contradiction).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> view_words(G, E.filter_kwargs([], [], ["SE"], [], [], [], 0, True), "psw-wellbeing", 1)
    'PSW wellbeing and the factors within 1 hop of it, in Sweden'
    >>> view_words(G, E.filter_kwargs([], [], [], [], [], [], 0, True), None, 1)
    'All factors and influences'
    """
    what = describe_filters(G, kw)
    if focus and focus in G:
        head = f"{G.nodes[focus]['label']} and the factors within {depth} hop{'s' * (depth != 1)} of it"
    else:
        head = "Factors and influences" if what else "All factors and influences"
    return f"{head}, {what}" if what else head


def _selected_evidence(G: Any, selection: dict[str, Any] | None, kw: dict[str, Any],
                       opened: Any) -> tuple[list[str], str, dict[str, Any] | None]:
    """Evidence ids of the selected factor or influence (as the details panel lists them), its heading, and
    for an influence a one-hop route."""
    ev = {k: kw.get(k) for k in EVIDENCE_FILTERS}
    allowed = frozenset(matching_evidence(G, **ev)) if any(ev.values()) else None
    if selection and selection.get("type") == "factor" and selection.get("id") in G:
        d = restrict_details(factor_details(G, selection["id"]), allowed)
        return [r["id"] for r in d["evidence"]], f"Evidence: {d['label']}", None
    if selection and selection.get("type") == "influence":
        d = restrict_details(rolled_influence_details(G, selection["source"], selection["target"], opened), allowed, G)
        ids = [r["id"] for r in d["evidence"]]
        hop = {"source": selection["source"], "target": selection["target"], "evidence": ids,
               "countries": sorted({c["code"] for r in d["evidence"] for c in r.get("countries", [])}),
               "strength": d["strength"]}
        return ids, f"Evidence: {d['source_label']} → {d['target_label']}", \
            {"nodes": [selection["source"], selection["target"]], "hops": [hop], "scope": describe_filters(G, ev)}
    if selection and selection.get("type") == "evidence" and selection.get("id") in G:
        return [selection["id"]], f"Evidence found by searching “{selection.get('q', '')}”", None
    return [], "", None


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the export callbacks to *app* (they act on the explore view)."""
    E.fold_on_phones(app, TOOLBAR_TOGGLE, TOOLBAR_COLLAPSE)
    app.clientside_callback("function (status) { return !!status; }", Output(STATUS_TOAST, "is_open"),
                            Input(STATUS, "children"), prevent_initial_call=True)
    filter_states = [State(i, "value") for i in E.FILTER_IDS]
    view_states = [State(E.FOCUS, "value"), State(E.DEPTH, "value"), State(E.LAYOUT, "value"), State(E.SHOW, "value"),
                   State(E.EXPAND, "data"), State(E.SELECTION, "data")]

    def current(args: list[Any]) -> tuple[Any, dict[str, Any], str, list[str]]:
        """The graph, what is drawn, its words and the evidence behind it, for the explorer's control values."""
        *filters, focus, depth, layout_name, show, expand, selection = args
        G = ctx_.graph()
        d = E.screen_view(ctx_, filters, focus, depth, layout_name, show, expand, selection)
        _, _, evidence = E.view_counts(d["view"])
        return G, d, view_words(G, d["kw"], d["focus"], d["depth"]), sorted(evidence)

    @app.callback(Output(FIGURE_DOWNLOAD, "data"), Output(STATUS, "children"),
                  Input(PNG, "n_clicks"), Input(SVG, "n_clicks"), Input(PDF, "n_clicks"), State(FIGURE_MODE, "value"),
                  *filter_states, *view_states, prevent_initial_call=True)
    def figure(_png, _svg, _pdf, mode, *args):
        fmt = FIGURE_BUTTONS.get(ctx.triggered_id)
        if fmt is None or not clicked(ctx.triggered[0]["value"]):
            return no_update, no_update
        try:
            G, d, words, evidence = current(list(args))
        except NotFound as err:
            return no_update, f"{err}"
        mode = mode if mode in ("screen", "slide") else "screen"
        caption = figure_caption(G, d["elements"], evidence, view=words)
        fig = render_figure(d["elements"], title=words, caption=caption, sources=sources_line(G, evidence), fmt=fmt,
                            mode=mode)
        name = export_filename(fmt, ext=FIGURE_FORMATS[fmt].ext, focus=d["focus"], depth=d["depth"], filters=d["kw"],
                               content="slide" if mode == "slide" else None, layout=d["layout"])
        size = f"{fig.width_px} × {fig.height_px} px, " if fmt == "png" else ""
        return dcc.send_bytes(fig.data, name), f"{fmt.upper()} figure ({size}alt text in the file): {caption}"

    @app.callback(Output(PPTX_DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(PPTX, "n_clicks"), *filter_states, *view_states, prevent_initial_call=True)
    def deck(n, *args):
        if not clicked(n):
            return no_update, no_update
        try:
            G, d, words, evidence = current(list(args))
            selection = args[-1]
            picked, heading, route = _selected_evidence(G, selection, d["kw"], d["opens"])
        except (KeyError, NotFound) as err:
            return no_update, f"Could not build the deck: {err}"
        from graph.present.deck import GraphView, build_deck  # python-pptx loads on the first deck

        views = [GraphView(d["elements"])]
        if d["opens"]:  # the same view with every theme closed, should the open one be too big for a slide
            folded = E.screen_view(ctx_, list(args[:len(E.FILTER_IDS)]), d["focus"], d["depth"], d["layout"],
                                  "themes", [], None)
            views.append(GraphView(folded["elements"], note="Sub-themes are folded into their themes so that "
                                                            "labels stay readable (14 pt or more); open them "
                                                            "in the explorer."))
        n_factors, n_edges, _ = E.view_counts(d["view"])
        subtitle = (f"{n_factors} factor{'s' * (n_factors != 1)} and {n_edges} influence{'s' * (n_edges != 1)}; "
                    f"{len(evidence)} evidence item{'s' * (len(evidence) != 1)}")
        if heading:
            subtitle += f". {heading.replace('Evidence: ', 'Selected: ')}"
        data = build_deck(G, title=words, subtitle=subtitle, views=views, evidence_ids=picked or evidence,
                          heading=heading or f"Evidence: {words}", route=route)
        sel = selection if selection and selection.get("type") in ("factor", "influence") else None
        name = export_filename("pptx", focus=d["focus"], depth=d["depth"], filters=d["kw"], selection=sel,
                               layout=d["layout"])
        return dcc.send_bytes(data, name), "PowerPoint deck ready (16:9, speaker notes hold the full quotes)."

    @app.callback(Output(DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(DOWNLOAD_BUTTON, "n_clicks"), State(FORMAT, "value"), State(CONTENT, "value"), *filter_states,
                  *view_states, prevent_initial_call=True)
    def download(_n, fmt, content, *args):
        *filters, focus, depth, layout, show, expand, selection = args
        G = ctx_.graph()
        fmt = fmt if fmt in EXPORT_FORMATS else "graphml"
        full = content == "full" or fmt in ("bibtex", "ris")  # references: every study behind the evidence
        layout = layout if layout in VIEW_LAYOUTS else LAYOUT_ALIASES.get(layout, "bands")
        try:
            V, members, kw = E.on_screen(G, filters, focus, depth, show, expand, selection)
            H = D = drawn_view(V, G, layout)
            if full:
                H = with_drawing(select_subgraph(G, **kw, factors=members), D)
        except NotFound as err:
            return no_update, f"{err}"
        spec = EXPORT_FORMATS[fmt]
        name = export_filename(fmt, focus=focus, depth=depth, filters=kw,
                               content="with-evidence" if content == "full" and fmt not in ("bibtex", "ris") else None,
                               layout=layout)
        if fmt in ("bibtex", "ris"):
            what = f"{counted(len(studies_of(H, G)), 'study', 'studies')} behind the factors on screen"
        elif full:
            kinds = Counter(k for _, k in H.nodes(data="kind"))
            what = (f"{CONTENTS['full']}: {counted(H.number_of_nodes(), 'node')} ({counted(kinds['factor'], 'factor')}, "
                    f"{kinds['evidence']} evidence, {counted(kinds['study'], 'study', 'studies')}, "
                    f"{counted(kinds['country'], 'country', 'countries')})")
        else:
            what = f"{CONTENTS['drawn']}: {counted(D.number_of_nodes(), 'factor')}, {counted(D.number_of_edges(), 'influence')}"
        return dcc.send_bytes(export_graph(H, fmt, G), name), f"{spec.label} — {what}. Saved as {name}."

    @app.callback(Output(SUMMARY_DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(SUMMARY, "n_clicks"), State(SUMMARY_FORMAT, "value"), *filter_states, *view_states,
                  prevent_initial_call=True)
    def written_summary(_n, fmt, *args):
        *filters, focus, depth, _layout, show, expand, selection = args
        G = ctx_.graph()
        fmt = fmt if fmt in SUMMARY_FORMATS else "docx"
        kw = E.filter_kwargs(*filters)
        sel = selection if selection and selection.get("type") in ("factor", "influence") else None
        try:
            if sel and sel["type"] == "factor":
                data, what = summary(G, factor=sel["id"], filters=kw, fmt=fmt), G.nodes[sel["id"]]["label"]
            elif sel:
                data = summary(G, influence=(sel["source"], sel["target"]), filters=kw, fmt=fmt)
                what = f"{G.nodes[sel['source']]['label']} → {G.nodes[sel['target']]['label']}"
            else:
                V, _, _ = E.on_screen(G, filters, focus, depth, show, expand)
                data = summary(G, view=V, filters=kw, fmt=fmt)
                what = f"the {sum(1 for _, a in V.nodes(data=True) if not a.get('container'))} factors on screen"
        except (KeyError, NotFound, ValueError) as err:
            return no_update, f"Could not write the summary: {err}"
        name = export_filename("summary", ext=SUMMARY_FORMATS[fmt].ext, selection=sel,
                               focus=None if sel else focus, depth=depth, filters=kw)
        return dcc.send_bytes(data, name), f"Written summary of {what}. Saved as {name}."

    app.clientside_callback(
        "function(n) { return window.location.href; }",
        Output({"type": COPY_LINK, "index": MATCH}, "content"), Input({"type": COPY_LINK, "index": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
