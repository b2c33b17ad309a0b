"""The pswgraph explorer: ``create_app()`` builds the Dash app over a data package."""

from __future__ import annotations

import gc
import html as html_text
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

import graph
from graph.data.memo import memo
from graph.present.view import View
from graph.present.words import counted
from graph.query.counts import facet_counts
from graph.query.filters import prepare
from graph.query.matrix import matrix_counts
from graph.query.paths import GRANULARITIES, influence_view

from . import controls
from .components import AppContext, DataPending, problem_text
from .components.options import TAB_DEFAULT, TAB_PROP, TABS, opened
from .components.whatsnew import whats_new
from .pages import address, compare, explore, export, matrix, paths, plan, studies
from .server import answers, guard

VIEWS = [("explore", "Explore"), ("paths", "Path finder"), ("compare", "Compare countries"),
         ("matrix", "Evidence matrix"), ("studies", "Studies"), ("plan", "Plan")]
VIEW_PREFIX = "view-"
TAB_BUTTON = "tab-button"  # pattern-matching type of the tab bar's buttons
DATA_BANNER = "data-status"  # says when the data on disk is invalid, or newer than the page
DATA_POLL = "data-status-poll"
DATA_VERSION = "data-version"  # the fingerprint of the data the page was built from
#: How often an open page asks whether the data on disk changed (ms).
POLL_MS = 30_000
#: Problems listed by name in the banner (the rest are counted).
BANNER_PROBLEMS = 3

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
    """The page: URL, header, tab bar, every view (hidden unless active), shared stores and drawer.

    Built anew on every page load, so it shows the data as it is now; while the data on disk is
    invalid and no valid version was loaded yet, the page is the validation report instead.
    """
    try:
        G = ctx_.graph()
    except graph.DataError as err:
        return problems_page(err.problems, pending=isinstance(err, DataPending))
    views = memo(G, "page-views", None, lambda: {  # built once per data version
        "explore": explore.layout(ctx_, export.toolbar()),
        "paths": paths.layout(ctx_),
        "compare": compare.layout(ctx_),
        "matrix": matrix.layout(ctx_),
        "studies": studies.layout(ctx_),
        "plan": plan.layout(ctx_),
    })
    version = ctx_.version()
    children, class_name = data_banner(ctx_, version)
    return html.Div([
        dcc.Location(id=controls.URL, refresh=False),
        dcc.Store(id=explore.SELECTION),
        dcc.Store(id=explore.EXPAND, data=controls.F_OPEN.default),
        dcc.Store(id=TABS, data=TAB_DEFAULT),
        *[dcc.Store(id=opened(key)) for key, _ in VIEWS],
        dcc.Store(id=DATA_VERSION, data=version),
        dcc.Interval(id=DATA_POLL, interval=POLL_MS),
        skip_links(),
        _header(ctx_),
        html.Main(dbc.Container([
            html.Div(children, id=DATA_BANNER, role="status", className=class_name),
            guard.error_banner(),
            whats_new(ctx_.changes()),
            tab_bar(),
            *[html.Div(views[key], id=VIEW_PREFIX + key, className="view", role="tabpanel",
                       style={"display": "block" if key == TAB_DEFAULT else "none"},
                       **{"aria-label": label}) for key, label in VIEWS],
            paths.drawer(),
        ], fluid=True)),
    ])


def data_banner(ctx_: AppContext, page_version: str | None) -> tuple[list[Any], str]:
    """The banner's text and class: the data on disk changed and is being checked, is invalid (which files and
    rows), or is newer than the page."""
    if ctx_.checking():
        return [html.Strong("The data on disk has changed "), "and is being checked; showing the last valid version."], \
            "alert alert-warning small mb-2"
    problems = ctx_.problems()
    if problems:
        named = "; ".join(problem_text(p) for p in problems[:BANNER_PROBLEMS])
        more = f" and {len(problems) - BANNER_PROBLEMS} more" if len(problems) > BANNER_PROBLEMS else ""
        return [html.Strong("The data on disk is invalid "), f"({named}{more}); showing the last valid version."], \
            "alert alert-warning small mb-2"
    if page_version and page_version != ctx_.version():
        return [html.Strong("The data has been updated. "), html.A("Reload the page", href=""), " to see it."], \
            "alert alert-info small mb-2"
    return [], "d-none"


def problems_page(problems: list[graph.Problem], pending: bool = False) -> html.Div:
    """The page while no valid data was ever loaded: the validation report (or, *pending*, that it is being checked)."""
    return html.Div(dbc.Container([
        html.H1(_heading(pending), className="h3 mt-3"),
        html.P(f"The explorer cannot start until the data is fixed: {counted(len(problems), 'problem')}. "
               "Fix the files, then reload this page."),
        html.Ul([html.Li(problem_text(p)) for p in problems], id="data-problems"),
    ]), role="main")


def _heading(pending: bool) -> str:
    return "The data package is being checked" if pending else "The data package is invalid"


def _problems_html(problems: list[graph.Problem], pending: bool = False) -> str:
    items = "".join(f"<li>{html_text.escape(problem_text(p))}</li>" for p in problems)
    return (f"<h1>{_heading(pending)}</h1><p>{counted(len(problems), 'problem')}; fix the files, then reload "
            f"this page.</p><ul>{items}</ul>")


class Page:
    """``app.layout``: Dash calls it on every page load, so a data reload rebuilds the page (dropdowns included).

    ``children`` is the page as it would be built now (for code that walks a layout).
    """

    def __init__(self, ctx_: AppContext):
        self.ctx = ctx_

    def __call__(self) -> html.Div:
        return serve_layout(self.ctx)

    @property
    def children(self) -> list[html.Div]:
        return [self()]


def skip_links() -> html.Nav:
    """The page's first tab stops, shown when focused: straight to the graph and to the details beside it
    (``pswgraph.js`` opens the Explore view first if another is showing, then moves the focus)."""
    return html.Nav([html.A("Skip to the graph", href="#" + explore.GRAPH_FRAME, className="skip-link"),
                     html.A("Skip to the details", href="#" + explore.DETAILS, className="skip-link")],
                    className="skip-links", **{"aria-label": "Skip links"})


def tab_bar() -> html.Div:
    """The views as real buttons (Tab reaches each, Enter or Space opens it), marked up as a tab list."""
    return html.Div([
        html.Button(label, id={"type": TAB_BUTTON, "index": key}, n_clicks=0, type="button", role="tab",
                    className="tab-button" + (" active" if key == TAB_DEFAULT else ""),
                    **{"aria-selected": "true" if key == TAB_DEFAULT else "false",
                       "aria-controls": VIEW_PREFIX + key, "data-view": key})
        for key, label in VIEWS
    ], role="tablist", className="tab-bar mb-2", **{"aria-label": "Views"})


def skeleton(layout: Any) -> html.Div:
    """Every component of *layout* that has an id, bare (no options, text or styles): the validation layout.

    The page's config carries it; the renderer only checks callback ids and properties against
    it, so the page's content (every factor, country and study again) would only make it big.
    """
    found, stack = [], [layout]
    while stack:
        node = stack.pop()
        cid = getattr(node, "id", None)
        if cid is not None:
            found.append(type(node)(id=cid))
        children = getattr(node, "children", None)
        stack.extend(c for c in (children if isinstance(children, (list, tuple)) else [children])
                     if hasattr(c, "_prop_names"))
    return html.Div(found[::-1])


def warm(G: Any) -> None:
    """The start-up work on a new graph, done before it is served (at start and on each background reload):
    the indexes the filters use, the first view and the layout behind every view."""
    prepare(G)
    for by in ("country", "study"):  # the evidence matrix, counted once: each matrix answer slices it
        for as_recorded in (False, True):  # rolled up, and as recorded (a theme's own share)
            matrix_counts(G, by, as_recorded=as_recorded)
    for granularity in GRANULARITIES:  # the unfiltered views paths and compare search and rank on
        influence_view(G, granularity)
    facet_counts(G, [])
    controls.known_ids(G)  # what each list control may hold, checked on every request
    explore.drawing(G, View())


def create_app(data_dir: str | Path | None = None) -> dash.Dash:
    """Build the explorer over the data package in *data_dir* (default: the bundled data).

    Never fails or hangs over the data: the data is validated and built off the request path, in a
    child process given :data:`~dashapp.components.context.RELOAD_TIMEOUT` seconds (start-up waits
    that long at most); while new files are being checked, or are invalid, the app keeps serving the
    last valid version this process loaded with a banner saying so, or, with none loaded yet, a page
    listing the problems or saying the data is being checked (see :func:`serve_layout`).
    """
    ctx_ = AppContext(Path(data_dir).resolve() if data_dir is not None else None, warm=warm)
    app = dash.Dash(
        __name__, title="pswgraph explorer", assets_folder=str(Path(__file__).parent / "assets"),
        suppress_callback_exceptions=False,
        update_title=None,
        on_error=guard.on_error,
    )
    app.index_string = INDEX
    app.layout = Page(ctx_)
    try:
        ctx_.graph()
    except graph.DataError:
        app.validation_layout = None  # not the report: the renderer checks callbacks against the page it gets
    else:
        app.validation_layout = skeleton(app.validation_layout)
        gc.collect()  # the graph was warmed up (see :func:`warm`) before it was served
        gc.freeze()  # what start-up made lives as long as the process: collections no longer walk it
    plain_index = app.interpolate_index

    def interpolate_index(**kwargs: str) -> str:
        """The page's HTML; while no valid data was ever loaded it shows the problems before any script runs."""
        try:
            ctx_.graph()
        except graph.DataError as err:
            kwargs["app_entry"] = ('<div id="react-entry-point"><div class="_dash-loading">'
                                   f"{_problems_html(err.problems, isinstance(err, DataPending))}</div></div>")
        return plain_index(**kwargs)

    app.interpolate_index = interpolate_index
    for module in (explore, paths, compare, matrix, studies, plan, export):
        module.register(app, ctx_)
    address.register(app)
    for dropdown in (paths.SOURCE, paths.TARGET, compare.SOURCE, compare.TARGET):  # typing: every name and alias
        app.callback(Output(dropdown, "options"), Input(dropdown, "search_value"),
                     prevent_initial_call=True)(explore.forgiving_options(ctx_))
    app.clientside_callback(
        dash.ClientsideFunction(namespace="pswgraph", function_name="showView"),
        [Output(VIEW_PREFIX + key, "style") for key, _ in VIEWS],
        Input(TABS, TAB_PROP),
    )
    app.clientside_callback(  # each view's drawing callbacks are asked when its tab is shown, not at every switch
        dash.ClientsideFunction(namespace="pswgraph", function_name="openedView"),
        [Output(opened(key), "data") for key, _ in VIEWS], Input(TABS, TAB_PROP),
    )
    app.clientside_callback(
        dash.ClientsideFunction(namespace="pswgraph", function_name="pickTab"),
        Output(TABS, TAB_PROP, allow_duplicate=True),
        Input({"type": TAB_BUTTON, "index": ALL}, "n_clicks"), prevent_initial_call=True,
    )
    app.callback(Output(DATA_BANNER, "children"), Output(DATA_BANNER, "className"),
                 Input(DATA_POLL, "n_intervals"), State(DATA_VERSION, "data"),
                 prevent_initial_call=True)(lambda _n, v: data_banner(ctx_, v))  # the page is built with its banner
    guard.install(app, ctx_)
    answers.install(app, ctx_)  # after the guard: a refused request is never answered from the store
    return app


__all__ = ["create_app", "graph"]
