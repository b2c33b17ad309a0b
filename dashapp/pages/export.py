"""Export toolbar: captioned figures (PNG, SVG, PDF) and a briefing deck of the explore view, the current
subgraph in the library's formats, and a written summary."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.export.downloads import (
    figure_download,
    filter_kwargs,
    network_download,
    summary_download,
    view_deck_download,
)
from graph.query.lookup import NotFound

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


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the export callbacks to *app* (they act on the explore view)."""
    E.fold_on_phones(app, TOOLBAR_TOGGLE, TOOLBAR_COLLAPSE)
    app.clientside_callback("function (status) { return !!status; }", Output(STATUS_TOAST, "is_open"),
                            Input(STATUS, "children"), prevent_initial_call=True)
    filter_states = [State(i, "value") for i in E.FILTER_IDS]
    view_states = [State(E.FOCUS, "value"), State(E.DEPTH, "value"), State(E.LAYOUT, "value"), State(E.SHOW, "value"),
                   State(E.EXPAND, "data"), State(E.SELECTION, "data")]

    def view_of(args: list[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The filters and the view (:func:`graph.present.screen.screen_view` keywords) of the control values."""
        *filters, focus, depth, layout, show, expand, selection = args
        return filter_kwargs(*filters), {"focus": focus, "depth": depth, "layout": layout, "show": show,
                                         "expand": expand, "selection": selection}

    @app.callback(Output(FIGURE_DOWNLOAD, "data"), Output(STATUS, "children"),
                  Input(PNG, "n_clicks"), Input(SVG, "n_clicks"), Input(PDF, "n_clicks"), State(FIGURE_MODE, "value"),
                  *filter_states, *view_states, prevent_initial_call=True)
    def figure(_png, _svg, _pdf, mode, *args):
        fmt = FIGURE_BUTTONS.get(ctx.triggered_id)
        if fmt is None or not clicked(ctx.triggered[0]["value"]):
            return no_update, no_update
        kw, view = view_of(list(args))
        try:
            d = figure_download(ctx_.graph(), fmt, kw, mode=mode, **view)
        except NotFound as err:
            return no_update, f"{err}"
        return dcc.send_bytes(d.data, d.name), d.message

    @app.callback(Output(PPTX_DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(PPTX, "n_clicks"), *filter_states, *view_states, prevent_initial_call=True)
    def deck(n, *args):
        if not clicked(n):
            return no_update, no_update
        kw, view = view_of(list(args))
        try:
            d = view_deck_download(ctx_.graph(), kw, **view)
        except (KeyError, NotFound, ValueError) as err:
            return no_update, f"Could not build the deck: {err}"
        return dcc.send_bytes(d.data, d.name), d.message

    @app.callback(Output(DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(DOWNLOAD_BUTTON, "n_clicks"), State(FORMAT, "value"), State(CONTENT, "value"), *filter_states,
                  *view_states, prevent_initial_call=True)
    def download(_n, fmt, content, *args):
        kw, view = view_of(list(args))
        try:
            d = network_download(ctx_.graph(), fmt, kw, content=content, **view)
        except NotFound as err:
            return no_update, f"{err}"
        return dcc.send_bytes(d.data, d.name), d.message

    @app.callback(Output(SUMMARY_DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(SUMMARY, "n_clicks"), State(SUMMARY_FORMAT, "value"), *filter_states, *view_states,
                  prevent_initial_call=True)
    def written_summary(_n, fmt, *args):
        kw, view = view_of(list(args))
        try:
            d = summary_download(ctx_.graph(), fmt, kw, **view)
        except (KeyError, NotFound, ValueError) as err:
            return no_update, f"Could not write the summary: {err}"
        return dcc.send_bytes(d.data, d.name), d.message

    app.clientside_callback(
        "function(n) { return window.location.href; }",
        Output({"type": COPY_LINK, "index": MATCH}, "content"), Input({"type": COPY_LINK, "index": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
