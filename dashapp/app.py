"""The pswgraph explorer: ``create_app()`` builds the Dash app over a data package."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Input, Output, dcc, html

import graph

from . import compare, explore, export, matrix, paths, state, studies
from .components import AppContext

cyto.load_extra_layouts()  # dagre layout and the SVG exporter

VIEWS = [("explore", "Explore"), ("paths", "Path finder"), ("compare", "Compare countries"),
         ("matrix", "Evidence matrix"), ("studies", "Studies")]
VIEW_PREFIX = "view-"
TAB_BUTTON = "tab-button"  # pattern-matching type of the tab bar's buttons

#: The page in English, with the app's own title (each view then names itself in it).
INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def _header(ctx_: AppContext) -> dbc.Navbar:
    G = ctx_.graph()
    info = f"data {G.graph.get('name', '')} {G.graph.get('version', '')}".strip()
    return dbc.Navbar(dbc.Container([
        html.H1(dbc.NavbarBrand("PSW implementation — knowledge graph", className="fw-bold"), className="m-0 h5"),
        html.Span("What helps and hinders peer support worker roles in mental health services — "
                  "macro, meso and micro factors, and the evidence behind every link.",
                  className="navbar-text small d-none d-xl-inline me-auto"),
        html.Span(info, className="navbar-text small text-nowrap"),
    ], fluid=True), color="light", dark=False, className="mb-2 border-bottom navbar-light")


def serve_layout(ctx_: AppContext) -> html.Div:
    """The page: URL, header, tab bar, every view (hidden unless active), shared stores and drawer."""
    views = {
        "explore": explore.layout(ctx_, export.toolbar()),
        "paths": paths.layout(ctx_),
        "compare": compare.layout(ctx_),
        "matrix": matrix.layout(ctx_),
        "studies": studies.layout(ctx_),
    }
    return html.Div([
        dcc.Location(id=state.URL, refresh=False),
        dcc.Store(id=explore.SELECTION),
        dcc.Store(id=explore.EXPAND, data=[]),
        dcc.Store(id=state.TABS, data=state.TAB_DEFAULT),
        _header(ctx_),
        html.Main(dbc.Container([
            tab_bar(),
            *[html.Div(views[key], id=VIEW_PREFIX + key, className="view", role="tabpanel",
                       style={"display": "block" if key == state.TAB_DEFAULT else "none"},
                       **{"aria-label": label}) for key, label in VIEWS],
            paths.drawer(),
        ], fluid=True)),
    ])


def tab_bar() -> html.Div:
    """The views as real buttons (Tab reaches each, Enter or Space opens it), marked up as a tab list."""
    return html.Div([
        html.Button(label, id={"type": TAB_BUTTON, "index": key}, n_clicks=0, type="button", role="tab",
                    className="tab-button" + (" active" if key == state.TAB_DEFAULT else ""),
                    **{"aria-selected": "true" if key == state.TAB_DEFAULT else "false",
                       "aria-controls": VIEW_PREFIX + key, "data-view": key})
        for key, label in VIEWS
    ], role="tablist", className="tab-bar mb-2", **{"aria-label": "Views"})


def create_app(data_dir: str | Path | None = None) -> dash.Dash:
    """Build the explorer over the data package in *data_dir* (default: the bundled data).

    The data is validated and parsed once (:func:`graph.load_graph` raises
    :class:`graph.DataError` on a broken package before the app starts).
    """
    ctx_ = AppContext(Path(data_dir).resolve() if data_dir is not None else None)
    ctx_.graph()  # fail fast on invalid data
    app = dash.Dash(
        __name__, title="pswgraph explorer", assets_folder=str(Path(__file__).parent / "assets"),
        suppress_callback_exceptions=False,
        update_title=None,
    )
    app.index_string = INDEX
    app.layout = serve_layout(ctx_)
    for module in (explore, paths, compare, matrix, studies, export):
        module.register(app, ctx_)
    state.register(app)
    app.clientside_callback(
        dash.ClientsideFunction(namespace="pswgraph", function_name="showView"),
        [Output(VIEW_PREFIX + key, "style") for key, _ in VIEWS],
        Input(state.TABS, state.C.TAB_PROP),
    )
    app.clientside_callback(
        dash.ClientsideFunction(namespace="pswgraph", function_name="pickTab"),
        Output(state.TABS, state.C.TAB_PROP, allow_duplicate=True),
        Input({"type": TAB_BUTTON, "index": ALL}, "n_clicks"), prevent_initial_call=True,
    )
    return app


__all__ = ["create_app", "graph"]
