"""The pswgraph explorer: ``create_app()`` builds the Dash app over a data package."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import Input, Output, dcc, html

import graph

from . import compare, explore, export, matrix, paths, state, studies
from .components import AppContext

cyto.load_extra_layouts()  # dagre layout and the SVG exporter

VIEWS = [("explore", "Explore"), ("paths", "Path finder"), ("compare", "Compare countries"),
         ("matrix", "Evidence matrix"), ("studies", "Studies")]
VIEW_PREFIX = "view-"


def _header(ctx_: AppContext) -> dbc.Navbar:
    G = ctx_.graph()
    info = f"data {G.graph.get('name', '')} {G.graph.get('version', '')}".strip()
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand("PSW implementation — knowledge graph", className="fw-bold"),
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
        _header(ctx_),
        dbc.Container([
            dbc.Tabs(id=state.TABS, active_tab=state.TAB_DEFAULT, className="mb-2",
                     children=[dbc.Tab(label=label, tab_id=key) for key, label in VIEWS]),
            *[html.Div(views[key], id=VIEW_PREFIX + key, className="view",
                       style={"display": "block" if key == state.TAB_DEFAULT else "none"}) for key, _ in VIEWS],
            paths.drawer(),
        ], fluid=True),
    ])


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
    app.layout = serve_layout(ctx_)
    for module in (explore, paths, compare, matrix, studies, export):
        module.register(app, ctx_)
    state.register(app)
    app.clientside_callback(
        dash.ClientsideFunction(namespace="pswgraph", function_name="showView"),
        [Output(VIEW_PREFIX + key, "style") for key, _ in VIEWS],
        Input(state.TABS, "active_tab"),
    )
    return app


__all__ = ["create_app", "graph"]
