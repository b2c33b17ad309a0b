"""Studies view: the four sources and every cited study in a searchable, sortable, paged HTML table.

The table is drawn on the server, one page at a time: a ``<table>`` with a ``<caption>``, column
headers (``<th scope="col">``) that hold real ``<button>`` elements for sorting and carry
``aria-sort``, and the study's name as each row's header. Its columns share the width of the page
(``studies.css``), so on a laptop every column is in view; on a narrow screen it scrolls sideways
inside its own box. A long cell (:data:`LONG`) is cut to a few lines, with a native
``<details>``/``<summary>`` "more" that shows the rest; the "more" shows only where text was cut,
marked when a searched word is in the hidden part (``pswgraph.js``). The search box keeps the rows
in which every typed word occurs (any case).

The sort is view state: :data:`SORT` holds it as text (``"-year,label"``: columns in sort order,
``-`` for descending) so the URL can carry it; :func:`encode_sort` and :func:`decode_sort`
translate between that text and a grid-style ``columnState`` (kept from the AG Grid version for
code that speaks column states); :func:`sort_keys` and :func:`toggle_sort` are what the table uses.
A header press goes to :data:`SORT` (and so to the URL); the page turns in the browser
(:data:`PAGE`), so quick presses all count.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from graph.data.memo import memo
from graph.query.details import study_rows
from graph.query.filters import country_choices

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from ..components.markup import register_panel, store_id, to_html

QUICK = ctl.S_QUICK.id
COUNTRIES = ctl.S_COUNTRIES.id  # keep the studies from these countries (none: all)
SORT = ctl.S_SORT.id  # dcc.Store: the sort as text, e.g. "-year" (see encode_sort)
PAGE = "s-page"  # dcc.Store: the page asked for, from 0
TABLE = "studies-table"  # the scrolling box that holds the table
CAPTION = "s-caption"
BODY = "s-body"  # the table's <tbody>: its rows are written in as HTML from the store store_id(BODY)
PAGES = "s-pages"  # dcc.Store: how many pages the rows kept fill
STATUS = "s-status"  # "Rows 1–20 of 208"
PREV = "s-prev"
NEXT = "s-next"
#: Pattern-matching id type of the header buttons: ``{"type": SORT_BUTTON, "index": field}``.
SORT_BUTTON = "s-sort-button"
#: Pattern-matching id type of the header cells (they carry ``aria-sort``).
SORT_HEADER = "s-sort-header"
PAGE_SIZE = 20
#: Columns whose cells are numbers: compared as numbers, aligned right.
NUMERIC = frozenset({"year", "evidence", "cited_by"})
#: Columns whose cells can be long: cut to a few lines, with a "more" that shows the whole text.
LONG = frozenset({"design", "title", "authors", "venue", "participants"})


def _col(field: str, header: str | None = None) -> dict[str, str]:
    return {"field": field, "header": header or field.replace("_", " ").capitalize()}


COLUMNS = [
    _col("label", "Study"),
    _col("year"),
    _col("is_source", "Source"),
    _col("countries"),
    _col("design"),
    _col("title"),
    _col("authors"),
    _col("venue"),
    _col("participants"),
    _col("doi_link", "DOI"),
    _col("evidence"),
    _col("cited_by", "Cited by"),
]
FIELDS = [c["field"] for c in COLUMNS]
HEADERS = {c["field"]: c["header"] for c in COLUMNS}


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


def sort_keys(text: str | None) -> list[tuple[str, bool]]:
    """``(field, descending)`` pairs in sort order from the sort *text*; unknown or repeated columns are dropped.

    >>> sort_keys("-year, label,nonsense,year")
    [('year', True), ('label', False)]
    >>> sort_keys(None)
    []
    """
    keys: dict[str, bool] = {}
    for part in (p.strip() for p in (text or "").split(",")):
        col = part.lstrip("-+")
        if col in FIELDS and col not in keys:
            keys[col] = part.startswith("-")
    return list(keys.items())


def decode_sort(text: str | None) -> list[dict[str, Any]]:
    """A ``columnState`` for every column, in table order, with the sort that *text* describes.

    Unknown columns in *text* are ignored; columns it does not name are unsorted.

    >>> state = decode_sort("-year,label,nonsense")
    >>> [(c["colId"], c["sort"], c["sortIndex"]) for c in state if c["sort"]]
    [('label', 'asc', 1), ('year', 'desc', 0)]
    >>> encode_sort(state), len(state) == len(COLUMNS)
    ('-year,label', True)
    >>> encode_sort(decode_sort(""))
    ''
    """
    wanted = {f: (i, desc) for i, (f, desc) in enumerate(sort_keys(text))}
    return [{"colId": f, "sort": ("desc" if wanted[f][1] else "asc") if f in wanted else None,
             "sortIndex": wanted[f][0] if f in wanted else None} for f in FIELDS]


def toggle_sort(text: str | None, field: str) -> str:
    """The sort after a click on *field*'s header: by *field* ascending, or reversed if it already leads.

    >>> toggle_sort("", "year"), toggle_sort("year", "year"), toggle_sort("-year", "year")
    ('year', '-year', 'year')
    >>> toggle_sort("-year,label", "label")
    'label'
    """
    keys = sort_keys(text)
    desc = bool(keys) and keys[0] == (field, False)
    return ("-" if desc else "") + field


def rows(G: Any) -> list[dict[str, Any]]:
    """The table rows: :func:`graph.query.details.study_rows` with ``Source`` as "yes" and the DOI (if well-formed) as
    ``doi_link`` (linked to the row's ``doi_url``); ``country_codes`` kept for the country filter, not shown; built
    once per graph (shared: read-only)."""
    return memo(G, "study-table-rows", None, lambda: [
        {**r, "is_source": "yes" if r["is_source"] else "", "doi_link": r["doi"] if r["doi_url"] else ""}
        for r in study_rows(G)], keep=1)


def kept_rows(G: Any, query: str | None, sort: str | None,
              countries: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The rows *query* keeps (from any of *countries*, if given) in *sort* order, kept per graph for the last few
    (query, sort, countries): paging through them, or coming back to them, costs no search and no sort."""
    query = (query or "").strip()
    wanted = tuple(sorted(set(countries or ())))
    return memo(G, "study-table-kept", (query[:ctl.MAX_TEXT], sort or "", wanted),
                lambda: sorted_rows([r for r in rows(G) if matches(r, query)
                                     and (not wanted or set(r["country_codes"]) & set(wanted))], sort), keep=16)


def matches(row: dict[str, Any], text: str | None) -> bool:
    """Whether every word of *text* occurs (any case) in the row's shown columns.

    >>> row = {"label": "Ose et al. 2021", "countries": "Norway", "title": "Peer workers", "year": 2021}
    >>> matches(row, "norway PEER"), matches(row, "2021"), matches(row, "norway sweden"), matches(row, "  ")
    (True, True, False, True)
    """
    hay = " ".join(str(row.get(f) if row.get(f) is not None else "") for f in FIELDS).casefold()
    return all(word in hay for word in (text or "").casefold().split())


def _sort_value(value: Any, field: str) -> Any:
    if field in NUMERIC:
        return float(value)
    return str(value).casefold()


def sorted_rows(data: list[dict[str, Any]], text: str | None) -> list[dict[str, Any]]:
    """*data* in the order the sort *text* asks for (stable: ties keep their order); empty cells go last.

    >>> data = [{"year": 2019, "label": "b"}, {"year": None, "label": "a"}, {"year": 2021, "label": "c"}]
    >>> [r["label"] for r in sorted_rows(data, "-year")], [r["label"] for r in sorted_rows(data, "year")]
    (['c', 'b', 'a'], ['b', 'c', 'a'])
    """
    out = list(data)
    for field, desc in reversed(sort_keys(text)):
        present = [r for r in out if r.get(field) not in (None, "")]
        empty = [r for r in out if r.get(field) in (None, "")]
        out = sorted(present, key=lambda r: _sort_value(r[field], field), reverse=desc) + empty
    return out


# ----------------------------------------------------------------------------- drawing

def aria_sorts(sort: str | None) -> dict[str, str]:
    """The ``aria-sort`` of every column's header: the leading sort column's order, ``"none"`` elsewhere.

    >>> aria_sorts("-year,label")["year"], aria_sorts("-year,label")["label"], set(aria_sorts("").values())
    ('descending', 'none', {'none'})
    """
    keys = sort_keys(sort)
    lead = {keys[0][0]: "descending" if keys[0][1] else "ascending"} if keys else {}
    return {f: lead.get(f, "none") for f in FIELDS}


def _header(field: str) -> html.Th:
    """A column header: a real button (the arrow beside its name is drawn by CSS from the cell's ``aria-sort``)."""
    return html.Th(html.Button(  # the space: a narrow header may put the arrow on a line of its own
        [html.Span(HEADERS[field]), " ", html.Span(className="studies-sort-arrow", **{"aria-hidden": "true"})],
        id={"type": SORT_BUTTON, "index": field}, type="button", className="studies-sort"),
        id={"type": SORT_HEADER, "index": field}, scope="col", className=f"col-{field}", **{"aria-sort": "none"})


def marked(text: str, words: list[str]) -> list[Any] | str:
    """*text* with each of the searched *words* (any case) wrapped in ``<mark>``: why the row matched.

    >>> marked("Peer workers in Norway", ["norway", "peer"])
    [Mark('Peer'), ' workers in ', Mark('Norway')]
    >>> marked("Sweden", ["peer"]), marked("", ["a"])
    ('Sweden', '')
    """
    words = [w for w in words if w]
    if not text or not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)
    parts: list[Any] = []
    at = 0
    for m in pattern.finditer(text):
        if m.start() > at:
            parts.append(text[at:m.start()])
        parts.append(html.Mark(m.group()))
        at = m.end()
    if not parts:
        return text
    return parts + ([text[at:]] if at < len(text) else [])


def breakable(parts: list[Any] | str) -> list[Any]:
    """*parts* (text, or text and marks from :func:`marked`) with a line-break chance (``<wbr>``) after each ``/``
    and ``.`` in the text: a DOI wraps in a narrow column between its pieces, not inside a number.

    >>> breakable("10.1080/0161")
    ['10.', Wbr(None), '1080/', Wbr(None), '0161']
    >>> breakable(marked("10.1080/x", ["1080"]))
    ['10.', Wbr(None), Mark('1080'), '/', Wbr(None), 'x']
    """
    out: list[Any] = []
    for part in [parts] if isinstance(parts, str) else parts:
        if not isinstance(part, str):
            out.append(part)
            continue
        for piece in filter(None, re.split(r"(?<=[/.])", part)):
            out += [piece, html.Wbr()] if piece[-1] in "/." else [piece]
    return out


def _more(field: str) -> html.Details:
    """The "more" under a long cell (shown where text was cut): opened, it reads "less" and the whole text shows in a
    card wider than the column (studies.css); screen readers hear the column's name after it."""
    return html.Details(html.Summary([html.Span("more", className="studies-more-closed"),
                                      html.Span("less", className="studies-more-opened"),
                                      html.Span(f" {HEADERS[field].lower()}", className="visually-hidden")]),
                        className="studies-more")


def _cell(row: dict[str, Any], field: str, words: list[str] = ()) -> html.Td | html.Th:
    value = row.get(field)
    if field in LONG and value:
        return html.Td([html.Div(marked(str(value), words), className="studies-clamp"), _more(field)],
                       className=f"col-{field}")
    if field == "label":
        return html.Th(marked(value, words), scope="row", className="col-label")
    if field == "doi_link":
        return html.Td(html.A(breakable(marked(value, words)), href=row["doi_url"], target="_blank", rel="noopener")
                       if value else "", className="col-doi_link")
    if field == "evidence" and value:  # the evidence from the study, opened in Explore (its study filter)
        return html.Td(html.A(str(value), href=f"?{ctl.F_STUDIES.key}={quote(row['id'], safe='')}",
                              className="study-evidence-link",
                              title=f"Open Explore filtered to the {value} evidence item{'s' * (value != 1)} "
                                    f"from {row['label']} (reported by it or citing it)"),
                       className=f"col-{field}")
    return html.Td("" if value is None else marked(str(value), words), className=f"col-{field}")


def page(data: list[dict[str, Any]], query: str | None, sort: str | None, number: int,
         kept: list[dict[str, Any]] | None = None, where: str = "") -> dict[str, Any]:
    """One page of the rows that *query* keeps, in *sort* order: the body's rows, the caption and status texts,
    the page shown (*number* clamped to the pages there are) and the page count (*kept*: those rows, if known;
    *where*: the country filter in words, e.g. "from Norway", when *kept* holds only those studies).

    >>> from graph import load_graph
    >>> p = page(rows(load_graph()), "", "-year", 99)
    >>> p["number"] == p["pages"] - 1, p["status"].startswith("Rows "), len(p["rows"]) <= PAGE_SIZE
    (True, True, True)
    >>> page(rows(load_graph()), "no-such-words-anywhere", "", 0)["status"][:16]
    'No studies match'
    """
    query = (query or "").strip()
    if kept is None:
        kept = sorted_rows([r for r in data if matches(r, query)], sort)
    pages = max(1, -(-len(kept) // PAGE_SIZE))
    number = min(max(number or 0, 0), pages - 1)
    shown = kept[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
    first, last = number * PAGE_SIZE + 1, number * PAGE_SIZE + len(shown)
    of_all = f" (of {len(data)} studies)" if query or where else ""
    status = (f"Rows {first}–{last} of {len(kept)}{' ' + where if where else ''}{of_all}" if kept
              else f"No studies {where + ' ' if where else ''}match “{query}” (of {len(data)} studies)")
    keys = sort_keys(sort)
    order = (f"sorted by {HEADERS[keys[0][0]]} ({'descending' if keys[0][1] else 'ascending'})" if keys
             else "sources first, then by year")
    which = " ".join(filter(None, [where, f"matching “{query}”" if query else ""])) or "in all"
    caption = f"Studies {which}, {order}: rows {first}–{last} of {len(kept)}" if kept else f"No studies {which}"
    words = query.casefold().split()  # marked where they occur: why each row matched
    # the rows go to the page as HTML (the draw callback): each page's rows are new, so no "more" is left open
    body = ([html.Tr([_cell(r, f, words) for f in FIELDS]) for r in shown] if shown
            else [html.Tr(html.Td("No studies match the search.", colSpan=len(FIELDS), className="studies-empty"))])
    return {"rows": body, "status": status, "caption": caption, "number": number, "pages": pages}


def _study_counts(data: list[dict[str, Any]]) -> dict[str, int]:
    """How many studies each country has (what choosing it in the country filter leaves)."""
    counts: dict[str, int] = {}
    for r in data:
        for c in set(r["country_codes"]):
            counts[c] = counts.get(c, 0) + 1
    return counts


def where_words(G: Any, countries: list[str] | None) -> str:
    """The country filter in words ("from Norway or Sweden"; "" for none).

    >>> from graph import load_graph
    >>> where_words(load_graph(), ["NO", "SE"]), where_words(load_graph(), [])
    ('from Norway or Sweden', '')
    """
    names = [G.nodes[c].get("label", c) if c in G else c for c in countries or []]
    return "from " + " or ".join(names) if names else ""


def layout(ctx_: AppContext) -> html.Div:
    """Search box, the table (its body filled when the view opens) in its scrolling box, and the pager."""
    data = rows(ctx_.graph())
    n_sources = sum(1 for r in data if r["is_source"])
    pager = html.Div([
        html.Button("Previous", id=PREV, type="button", className="btn btn-outline-primary btn-sm", disabled=True),
        html.Span(id=STATUS, className="studies-status", role="status", **{"aria-live": "polite"}),
        html.Button("Next", id=NEXT, type="button", className="btn btn-outline-primary btn-sm", disabled=True),
    ], className="studies-pager")
    table = html.Table([html.Caption(html.Span(id=CAPTION), className="studies-caption"),
                        html.Thead(html.Tr([_header(f) for f in FIELDS])), html.Tbody(id=BODY)],
                       className="table table-sm studies-table")
    return html.Div([
        html.P(f"{len(data)} studies: the {n_sources} source papers and the studies they cite. "
               "Evidence counts the evidence items from a study — reported by it, or citing it — as the "
               "explorer's study filter counts them. "
               "Sort by a column with its header button (press again to reverse); search to keep the studies "
               "that mention every word you type.", className="studies-intro"),
        html.Div([
            html.Label("Search studies", htmlFor=QUICK, className="form-label studies-search-label"),
            # autoComplete=None: no attribute (the axe-core in use flags the default "off" on a search box)
            dcc.Input(id=QUICK, type="search", placeholder="Author, title, country, design…", debounce=0.3,
                      className="form-control studies-search", value=ctl.S_QUICK.default, spellCheck=False, autoComplete=None),
            html.Label("Country", htmlFor=COUNTRIES, className="form-label studies-search-label"),
            dcc.Dropdown(id=COUNTRIES, multi=True, placeholder="All countries", value=ctl.S_COUNTRIES.default,
                         options=C.counted_options(country_choices(ctx_.graph()), _study_counts(data)),
                         className="studies-countries"),
        ], className="studies-search-row"),
        dcc.Store(id=SORT, data=ctl.S_SORT.default), dcc.Store(id=PAGE, data=0), dcc.Store(id=PAGES, data=1),
        dcc.Store(id=store_id(BODY)),
        html.Div(table, id=TABLE, className="studies-scroll", role="region", tabIndex="0",
                 **{"aria-label": "Studies table (scrolls sideways on a narrow screen)"}),
        pager,
    ], className="studies-view")


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the studies view's callbacks to *app*."""

    @app.callback(Output(SORT, "data", allow_duplicate=True), Input({"type": SORT_BUTTON, "index": ALL}, "n_clicks"),
                  State(SORT, "data"), prevent_initial_call=True)
    def sort_by(clicks, sort):
        """A header button pressed: sort by its column, or reverse the sort if it already leads."""
        trig = ctx.triggered_id
        if not isinstance(trig, dict) or not any(t.get("value") for t in ctx.triggered):
            raise PreventUpdate
        return toggle_sort(sort, trig["index"])

    # the page to show, in the browser (every press counts, however fast): a new search or sort starts again
    app.clientside_callback(
        """function (_prev, _next, _query, _sort, _countries, page, pages) {
            var trig = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
            if (trig.some(function (p) { return p.indexOf('QUICK.') === 0 || p.indexOf('SORT.') === 0
                                                || p.indexOf('COUNTRIES.') === 0; })) { return 0; }
            page = page || 0;
            if (trig.indexOf('PREV.n_clicks') >= 0) { return Math.max(0, page - 1); }
            if (trig.indexOf('NEXT.n_clicks') >= 0) { return Math.min((pages || 1) - 1, page + 1); }
            return window.dash_clientside.no_update;
        }""".replace("QUICK", QUICK).replace("SORT", SORT).replace("PREV", PREV).replace("NEXT", NEXT)
        .replace("COUNTRIES", COUNTRIES),
        Output(PAGE, "data"), Input(PREV, "n_clicks"), Input(NEXT, "n_clicks"), Input(QUICK, "value"),
        Input(SORT, "data"), Input(COUNTRIES, "value"), State(PAGE, "data"), State(PAGES, "data"),
        prevent_initial_call=True)

    register_panel(app, BODY)

    @app.callback(Output(store_id(BODY), "data"), Output(CAPTION, "children"), Output(STATUS, "children"),
                  Output({"type": SORT_HEADER, "index": ALL}, "aria-sort"),
                  Output(PREV, "disabled"), Output(NEXT, "disabled"), Output(PAGES, "data"),
                  Input(QUICK, "value"), Input(SORT, "data"), Input(PAGE, "data"),
                  Input(C.opened("studies"), "data"), Input(COUNTRIES, "value"), State(C.TABS, C.TAB_PROP),
                  prevent_initial_call=True)
    def draw(query, sort, number, _opened, countries=None, tab=None):
        """The page asked for, drawn when the view is open."""
        C.skip_unless_visible(tab, "studies")
        G = ctx_.graph()
        countries = [c for c in countries or [] if isinstance(c, str)]
        p = page(rows(G), query, sort, number, kept_rows(G, query, sort, countries), where_words(G, countries))
        sorts = aria_sorts(sort)
        return (to_html(p["rows"]), p["caption"], p["status"], [sorts[o["id"]["index"]] for o in ctx.outputs_list[3]],
                p["number"] <= 0, p["number"] >= p["pages"] - 1, p["pages"])
