"""Evidence matrix view: a factor × country (or × study) heatmap; a click lists the cell's evidence."""

from __future__ import annotations

import textwrap
from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

from graph.compare import evidence_matrix, pivot_matrix
from graph.evidence import cell_evidence, evidence_records, group_by_country_and_study

from . import components as C
from .components import AppContext

BY = "m-by"
POLARITY = "m-polarity"
HEATMAP = "matrix-heatmap"
CELL = "matrix-cell"
DEFAULTS: dict[str, Any] = {BY: "country", POLARITY: "all"}
#: Row labels wrap at this many characters; each row gets this many pixels.
LABEL_WRAP, ROW_PX = 52, 24


def layout(ctx_: AppContext) -> html.Div:
    """Controls, heatmap, and the evidence list of the clicked cell."""
    return dbc.Row([
        dbc.Col([
            html.Div([
                html.Label("Columns", className="me-2"),
                dbc.RadioItems(id=BY, value="country", inline=True,
                               options=[{"label": "countries", "value": "country"},
                                        {"label": "studies", "value": "study"}]),
                html.Label("Polarity", className="ms-3 me-2"),
                dbc.RadioItems(id=POLARITY, value="all", inline=True,
                               options=[{"label": "all", "value": "all"},
                                        *[{"label": p, "value": p} for p in C.POLARITIES]]),
            ], className="d-flex flex-wrap align-items-center"),
            html.P("Each cell counts the evidence about a factor from a country (or study). Empty cells are gaps: "
                   "nothing in the data speaks to that factor there. Rows: each theme (bold, with its level) "
                   "followed by its sub-themes (grey). Click a cell to read its evidence.",
                   className="small text-muted"),
            C.loading(dcc.Graph(id=HEATMAP, config={"displaylogo": False})),
        ], xl=8),
        dbc.Col(C.loading(html.Div(id=CELL, className="details-panel")), xl=4),
    ], className="g-3")


def heatmap_figure(G: Any, by: str, polarity: str | None) -> go.Figure:
    """The heatmap: zero cells left blank (gaps), hover shows counts by polarity."""
    long = evidence_matrix(G, by=by)
    wide = pivot_matrix(long, polarity)
    per_pol = {p: pivot_matrix(long, p) for p in C.POLARITIES}
    if by == "study":  # keep only studies that report evidence
        wide = wide.loc[:, wide.sum(axis=0) > 0] if wide.shape[1] else wide
    factors, columns = list(wide.index), list(wide.columns)
    y = [_row_label(G, f) for f in factors]
    x = [G.nodes[c].get("label", c) if c in G else c for c in columns]
    z, text, custom = [], [], []
    for f in factors:
        zrow, trow, crow = [], [], []
        for c in columns:
            n = int(wide.loc[f, c])
            zrow.append(n if n else None)
            parts = [f"{p}: {int(per_pol[p].loc[f, c])}" for p in C.POLARITIES
                     if c in per_pol[p].columns and int(per_pol[p].loc[f, c])]
            trow.append(f"{n} evidence ({', '.join(parts)})" if n else "gap — no evidence")
            crow.append([f, c])
        z.append(zrow)
        text.append(trow)
        custom.append(crow)
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, customdata=custom, colorscale="Cividis", reversescale=True, xgap=1, ygap=1,
        hovertemplate="%{y} × %{x}<br>%{text}<extra></extra>", colorbar={"title": "evidence"}, hoverongaps=True))
    # a faint rule above each theme groups it with its sub-themes
    rules = [{"type": "line", "xref": "paper", "x0": -0.005, "x1": 1, "yref": "y", "y0": i - 0.5, "y1": i - 0.5,
              "line": {"color": "#888", "width": 1}} for i, f in enumerate(factors)
             if i and G.nodes[f].get("factor_kind") == "theme"]
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, plot_bgcolor="#f1f1f1",
                      height=140 + ROW_PX * len(factors), shapes=rules,
                      yaxis={"autorange": "reversed", "tickfont": {"size": 11}, "automargin": True},
                      xaxis={"side": "top", "tickangle": -45, "tickfont": {"size": 11}, "automargin": True})
    return fig


def _row_label(G: Any, factor: str) -> str:
    """A heatmap row label: a theme bold with its level, a sub-theme in grey; long names wrapped, never cut."""
    a = G.nodes[factor]
    if a.get("factor_kind") == "theme":
        text = "<br>".join(textwrap.wrap(f"{a['label']} ({a.get('level', '')})", LABEL_WRAP))
        return f"<b>{text}</b>"
    return "<span style='color:#555'>" + "<br>".join(textwrap.wrap(a["label"], LABEL_WRAP)) + "</span>"


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the matrix view's callbacks to *app*."""

    @app.callback(Output(HEATMAP, "figure"), Input(BY, "value"), Input(POLARITY, "value"), Input(C.TABS, "active_tab"))
    def draw(by, polarity, tab):
        C.skip_unless_visible(tab, "matrix")
        return heatmap_figure(ctx_.graph(), by or "country", None if polarity in (None, "all") else polarity)

    @app.callback(Output(CELL, "children"), Input(HEATMAP, "clickData"), Input(BY, "value"),
                  Input(POLARITY, "value"))
    def show_cell(click, by, polarity):
        if not click or not click.get("points"):
            return html.P("Click a cell to list its evidence.", className="text-muted")
        G = ctx_.graph()
        factor, column = click["points"][0]["customdata"]
        pol = None if polarity in (None, "all") else polarity
        ids = cell_evidence(G, factor, column, by=by or "country", polarity=pol)
        name = G.nodes[column].get("label", column) if column in G else column
        title = html.H5(f"{G.nodes[factor]['label']} × {name}")
        if not ids:
            return [title, C.empty_note(f"A gap: no evidence about this factor {'from' if by == 'country' else 'in'} "
                                        f"{name}{' with polarity ' + pol if pol else ''}.")]
        return [title, html.P(f"{len(ids)} evidence item(s)", className="small"),
                C.evidence_groups(group_by_country_and_study(evidence_records(G, ids)))]
