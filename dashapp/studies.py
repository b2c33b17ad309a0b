"""Studies view: the four sources and every cited study in a searchable, sortable table.

The grid's sort is view state: :data:`SORT` holds it as text (``"-year,label"``: columns in sort
order, ``-`` for descending) so the URL can carry it; :func:`encode_sort` and :func:`decode_sort`
translate between that text and the grid's ``columnState``.
"""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.evidence import study_rows

from .components import AppContext

QUICK = "s-quick"
GRID = "studies-grid"
SORT = "s-sort"  # dcc.Store: the sort as text, e.g. "-year" (see encode_sort)
SHOWN_SORT = "s-sort-shown"  # dcc.Store: the sort the grid last reported
DEFAULTS: dict[str, Any] = {QUICK: "", SORT: ""}

#: Header cell room besides the name: padding, the sort arrow and the column-menu icon.
HEADER_EXTRA_PX = 78
#: Width of one header character (bold 13–14 px UI font), generous.
HEADER_CHAR_PX = 8.5


def _col(field: str, width: int, header: str | None = None, **extra: Any) -> dict[str, Any]:
    """A column at least as wide as its header with the sort arrow and menu icon beside it."""
    name = header or field.replace("_", " ").capitalize()
    fit = int(HEADER_EXTRA_PX + HEADER_CHAR_PX * len(name))
    return {"field": field, "headerName": name, "width": max(width, fit), "minWidth": fit, **extra}


COLUMNS = [
    _col("label", 215, "Study", pinned="left"),
    _col("year", 0, filter="agNumberColumnFilter"),
    _col("is_source", 0, "Source"),
    _col("countries", 150),
    _col("design", 200),
    _col("title", 380, tooltipField="title"),
    _col("authors", 220),
    _col("venue", 200),
    _col("participants", 180),
    _col("doi_link", 240, "DOI", cellRenderer="markdown"),
    _col("evidence", 0, filter="agNumberColumnFilter"),
    _col("cited_by", 0, "Cited by", filter="agNumberColumnFilter"),
]
GRID_OPTIONS = {"pagination": True, "paginationPageSize": 20, "tooltipShowDelay": 300, "animateRows": False}


def encode_sort(column_state: list[dict[str, Any]] | None) -> str:
    """The sort of a grid ``columnState`` as text: sorted columns in sort order, ``-`` for descending.

    >>> encode_sort([{"colId": "label", "sort": "asc", "sortIndex": 1}, {"colId": "year", "sort": "desc",
    ...              "sortIndex": 0}, {"colId": "title", "sort": None}])
    '-year,label'
    >>> encode_sort(None), encode_sort([{"colId": "year", "sort": None}])
    ('', '')
    """
    cols = [c for c in column_state or [] if c.get("sort") in ("asc", "desc")]
    cols.sort(key=lambda c: c.get("sortIndex") if c.get("sortIndex") is not None else len(cols))
    return ",".join(("-" if c["sort"] == "desc" else "") + str(c["colId"]) for c in cols)


def decode_sort(text: str | None) -> list[dict[str, Any]]:
    """A ``columnState`` for every column, in grid order, with the sort that *text* describes.

    Unknown columns in *text* are ignored; columns it does not name are unsorted.

    >>> state = decode_sort("-year,label,nonsense")
    >>> [(c["colId"], c["sort"], c["sortIndex"]) for c in state if c["sort"]]
    [('label', 'asc', 1), ('year', 'desc', 0)]
    >>> encode_sort(state), len(state) == len(COLUMNS)
    ('-year,label', True)
    >>> encode_sort(decode_sort(""))
    ''
    """
    fields = [c["field"] for c in COLUMNS]
    wanted: dict[str, tuple[str, int]] = {}
    for part in (p.strip() for p in (text or "").split(",")):
        col = part.lstrip("-+")
        if col in fields and col not in wanted:
            wanted[col] = ("desc" if part.startswith("-") else "asc", len(wanted))
    return [{"colId": f, "sort": wanted[f][0] if f in wanted else None,
             "sortIndex": wanted[f][1] if f in wanted else None} for f in fields]


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
        html.Label("Search studies", htmlFor=QUICK, className="visually-hidden"),
        dcc.Input(id=QUICK, type="search", placeholder="Search: author, title, country, design…",
                  debounce=0.3, className="form-control mb-2 studies-search", value=""),
        dcc.Store(id=SORT, data=DEFAULTS[SORT]), dcc.Store(id=SHOWN_SORT, data=""),
        dag.AgGrid(id=GRID, rowData=data, columnDefs=COLUMNS,
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions=GRID_OPTIONS, style={"height": "640px"}, className="studies-grid",
                   getRowId="params.data.id"),
    ], className="studies-view")


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the studies view's callbacks to *app*."""

    @app.callback(Output(GRID, "dashGridOptions"), Input(QUICK, "value"))
    def quick_filter(text):
        return {**GRID_OPTIONS, "quickFilterText": text or ""}

    @app.callback(Output(SORT, "data", allow_duplicate=True), Output(GRID, "columnState"), Output(SHOWN_SORT, "data"),
                  Input(GRID, "columnState"), Input(SORT, "data"), State(SHOWN_SORT, "data"),
                  prevent_initial_call=True)
    def sort_state(column_state, sort, shown_before):
        """The user's sort goes to :data:`SORT` (and so to the URL); a sort from the URL goes to the grid."""
        shown, sort = encode_sort(column_state), sort or ""
        if ctx.triggered_id == SORT:
            return no_update, (no_update if shown == sort else decode_sort(sort)), no_update
        if shown == sort:
            return no_update, no_update, shown
        if shown or shown_before:  # the user sorted, or cleared the sort shown
            return shown, no_update, shown
        # the grid reports its unsorted start-up state, maybe after a sort from the URL arrived: re-apply it
        return no_update, decode_sort(sort), no_update
