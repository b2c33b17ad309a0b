"""Studies view: the four sources and every cited study in a searchable, sortable table."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import Dash, Input, Output, dcc, html

from graph.evidence import study_rows

from .components import AppContext

QUICK = "s-quick"
GRID = "studies-grid"
DEFAULTS: dict[str, Any] = {QUICK: ""}

COLUMNS = [
    {"field": "label", "headerName": "Study", "pinned": "left", "width": 190},
    {"field": "year", "width": 85, "filter": "agNumberColumnFilter"},
    {"field": "is_source", "headerName": "Source", "width": 95},
    {"field": "countries", "width": 150},
    {"field": "design", "width": 200},
    {"field": "title", "width": 380, "tooltipField": "title"},
    {"field": "authors", "width": 220},
    {"field": "venue", "width": 200},
    {"field": "participants", "width": 180},
    {"field": "doi_link", "headerName": "DOI", "cellRenderer": "markdown", "width": 240},
    {"field": "evidence", "headerName": "Evidence", "width": 105, "filter": "agNumberColumnFilter"},
    {"field": "cited_by", "headerName": "Cited by", "width": 100, "filter": "agNumberColumnFilter"},
]


def rows(G: Any) -> list[dict[str, Any]]:
    """The grid rows: :func:`graph.evidence.study_rows` plus a markdown DOI link."""
    out = []
    for r in study_rows(G):
        link = f"[{r['doi']}]({r['doi_url']})" if r["doi_url"] else ""
        out.append({**{k: v for k, v in r.items() if k != "country_codes"},
                    "is_source": "yes" if r["is_source"] else "", "doi_link": link})
    return out


def layout(ctx_: AppContext) -> html.Div:
    """Quick-filter box above the grid."""
    data = rows(ctx_.graph())
    n_sources = sum(1 for r in data if r["is_source"])
    return html.Div([
        html.P(f"{len(data)} studies: the {n_sources} source papers and the studies they cite. "
               "Sort by any column; filter with the box or the column menus.", className="small text-muted"),
        dcc.Input(id=QUICK, type="search", placeholder="Search studies (author, title, country, design…)",
                  debounce=0.3, className="form-control mb-2", value=""),
        dag.AgGrid(id=GRID, rowData=data, columnDefs=COLUMNS,
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"pagination": True, "paginationPageSize": 20, "tooltipShowDelay": 300,
                                    "animateRows": False},
                   style={"height": "640px"},
                   getRowId="params.data.id"),
    ])


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the studies view's callbacks to *app*."""

    @app.callback(Output(GRID, "dashGridOptions"), Input(QUICK, "value"))
    def quick_filter(text):
        return {"pagination": True, "paginationPageSize": 20, "tooltipShowDelay": 300, "animateRows": False,
                "quickFilterText": text or ""}
