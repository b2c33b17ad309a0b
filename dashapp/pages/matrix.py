"""Evidence matrix view: a factor × country (or × study) table heatmap; a cell click lists the cell's evidence,
a column name's click sorts the rows by that column and ranks the factors by its evidence ("the strongest
barriers in Norway").

The matrix is an HTML table: sticky column headers and row labels, one
``<button>`` per cell (keyboard and screen-reader reachable, named like
"Self-care × Sweden: 3 evidence items"), scrolling inside its own box on
narrow screens. Evidence that concerns no country has its own last column,
"Country not stated" (:data:`graph.query.filters.NOT_STATED`).

A theme's row rolls up its sub-themes (:func:`graph.query.matrix.matrix_counts`): a theme cell is
blank — a gap — only when neither the theme nor any sub-theme has evidence there, and a theme cell
whose evidence is (partly) on its sub-themes says so in its name and tooltip ("0 on the theme itself
· 27 in its sub-themes") and in its evidence panel. A column's header counts its evidence items with
:func:`graph.query.counts.country_counts` (by study: :func:`graph.query.counts.paper_counts`), the
number every view shows for that country.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import dash_bootstrap_components as dbc
import numpy as np
from dash import Dash, Input, Output, State, dcc, html

from graph.data.memo import memo
from graph.query.counts import country_counts, paper_counts, rollup_note
from graph.query.details import cell_breakdown, cell_evidence, evidence_records, group_by_country_and_study
from graph.query.filters import NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE, matching_evidence
from graph.query.lookup import NotFound
from graph.query.matrix import POLARITIES, matrix_counts
from graph.query.rank import strongest

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from ..components.markup import html_panel, store_id, to_html

BY = ctl.M_BY.id
POLARITY = ctl.M_POLARITY.id
#: The scrolling box that holds the matrix table.
HEATMAP = "matrix-heatmap"
#: The panel listing the clicked cell's evidence.
CELL = "matrix-cell"
#: Why some evidence has no country (shown while the columns are countries).
NOTE = "matrix-not-stated-note"
#: The clicked cell: ``{"factor", "column", "by"}``.
SELECTED = "matrix-selected"
#: Written by the client-side callback that outlines the chosen cell and brings the panel into view.
SCROLLED = "matrix-panel-scrolled"
#: Cell colours from few to many evidence items (ColorBrewer Blues); a gap is GAP_COLOUR.
SCALE = ("#deebf7", "#08306b")
GAP_COLOUR = "#f3f4f6"


def layout(ctx_: AppContext) -> html.Div:
    """Controls, the matrix table, and the evidence list of the clicked cell."""
    return dbc.Row([
        dbc.Col([
            html.Div([
                html.Label("Columns", className="me-2"),
                C.radio_group("Columns", id=BY, value=ctl.M_BY.default, inline=True, options=ctl.M_BY.options()),
                html.Label("Polarity", className="ms-3 me-2"),
                C.radio_group("Polarity", id=POLARITY, value=ctl.M_POLARITY.default, inline=True,
                               options=ctl.M_POLARITY.options()),
            ], className="d-flex flex-wrap align-items-center"),
            html.P("Each cell counts the evidence about a factor from a country (or study); the darker, the more. "
                   "Blank cells are gaps: nothing in the data speaks to that factor there. Rows: each theme (bold, "
                   "with its level) followed by its sub-themes; a theme's row counts the evidence on the theme "
                   "or any of its sub-themes, each item once, so a theme is a gap only where all its sub-themes "
                   "are too (hover a theme's cell to see how much is on the theme itself). The number after a "
                   "column's name counts its evidence items about any factor, as every view counts that country "
                   "(an item about several factors fills several cells). Click a cell — or Tab into the matrix, "
                   "move with the arrow keys and press Enter — to read its evidence. Click a column's name to sort the rows by "
                   "it, most first (each theme's sub-themes stay under it; click again for the framework's order), "
                   "and rank the factors by its evidence beside (with a polarity: the strongest barriers or "
                   "enablers there).",
                   className="small text-muted mb-1 matrix-intro"),
            html.P(NOT_STATED_NOTE, className="small matrix-note mb-1", id=NOTE),
            _legend(),
            C.loading(html_panel(HEATMAP, className="matrix-scroll", role="region",
                                 **{"aria-label": "Evidence matrix (scrolls)"})),
            dcc.Store(id=SELECTED), dcc.Store(id=SCROLLED),
        ], xl=8),
        dbc.Col(C.loading(html.Div(html.P("Click a cell to list its evidence.", className="text-muted"),
                                   id=CELL, className="details-panel", **{"aria-live": "polite"})), xl=4),
    ], className="g-3")


def _legend() -> html.Div:
    steps = [html.Span(className="matrix-swatch", style={"backgroundColor": cell_colours(n, 9)[0]})
             for n in (1, 2, 4, 9)]
    return html.Div(["fewer ", *steps, " more evidence; ",
                     html.Span(className="matrix-swatch", style={"backgroundColor": GAP_COLOUR}), " blank = a gap"],
                    className="matrix-legend small", **{"aria-hidden": "true"})


# ----------------------------------------------------------------------------- colours

def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def cell_colours(n: int, max_n: int) -> tuple[str, str]:
    """``(background, text)`` of a cell counting *n* of at most *max_n*: darker for more (log scale).

    The text is black or white, whichever contrasts more (always ≥ 4.5:1).

    >>> cell_colours(0, 10)[0] == GAP_COLOUR, contrast(*cell_colours(10, 10)) >= 4.5
    (True, True)
    """
    if n <= 0:
        return GAP_COLOUR, "#212529"
    t = math.log1p(n - 1) / math.log1p(max_n - 1) if max_n > 1 else 1.0
    lo, hi = _rgb(SCALE[0]), _rgb(SCALE[1])
    bg = "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(lo, hi))
    fg = max(("#000000", "#ffffff"), key=lambda c: contrast(bg, c))
    return bg, fg


# ----------------------------------------------------------------------------- the table

#: The most cells the matrix table is drawn with (each is a button): beyond it, the columns with the
#: least evidence are left out (at least :data:`MIN_COLUMNS` stay), then the last rows; a note says so.
MAX_CELLS = 700
MIN_COLUMNS = 8


class Wide(NamedTuple):
    """A factor × column table of counts: ``counts[i, j]`` for ``factors[i]`` and ``columns[j]``; ``own[i, j]``
    counts only the items on ``factors[i]`` itself (a theme without its sub-themes)."""

    counts: np.ndarray
    factors: list[str]
    columns: list[str]
    own: np.ndarray


def _columns(G: Any, by: str, polarity: str | None) -> tuple[Wide, dict[str, Any], dict[str, str], dict[str, int]]:
    """Counts (wide, themes rolled up), counts per polarity (arrays over the same rows and columns), column labels
    and items per column, as the table shows them: slices of :func:`graph.query.matrix.matrix_counts`, counted
    once per graph; the items per column from :func:`graph.query.counts.country_counts` (or
    :func:`graph.query.counts.paper_counts`), as every view counts them."""
    mc, rec = matrix_counts(G, by), matrix_counts(G, by, as_recorded=True)
    order = sorted(range(len(mc.columns)), key=lambda j: (mc.columns[j] == NOT_STATED,
                                                          mc.labels[mc.columns[j]].casefold(), mc.columns[j]))
    factors, columns = list(mc.factors), [mc.columns[j] for j in order]
    shown = [k for k, p in enumerate(POLARITIES) if p in C.POLARITIES]
    per_pol = {POLARITIES[k]: mc.counts[k][:, order] for k in shown}
    total = sum(per_pol.values())
    own_total = sum(rec.counts[k][:, order] for k in shown)
    keep = total.sum(axis=0) > 0  # only the countries (studies) some evidence concerns
    if polarity is None:
        counts, own = total, own_total
    elif polarity in per_pol:
        k = POLARITIES.index(polarity)
        counts, own = per_pol[polarity], rec.counts[k][:, order]
    else:
        counts = own = np.zeros_like(total)
    wide = Wide(counts[:, keep], factors, [c for c, k in zip(columns, keep) if k], own[:, keep])
    per_pol = {p: a[:, keep] for p, a in per_pol.items()} if polarity is None else {}
    ev = matching_evidence(G, polarities=[polarity] if polarity else None)
    items = country_counts(G, ev) if by == "country" else paper_counts(G, ev)
    return wide, per_pol, mc.labels, items


def fit_cells(n_rows: int, columns: list[str], items: dict[str, int],
              max_cells: int = MAX_CELLS) -> tuple[list[str], int]:
    """The columns (in their order) and the number of rows a table of at most *max_cells* cells keeps.

    Columns with the most evidence items stay; at least :data:`MIN_COLUMNS` (when there are so many)
    and then as many rows as fit.

    >>> fit_cells(2, list("abcdefghij"), {"j": 5}, max_cells=16)
    (['a', 'b', 'c', 'd', 'e', 'f', 'g', 'j'], 2)
    >>> fit_cells(100, list("abcdefghij"), {}, max_cells=40)
    (['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 5)
    """
    if n_rows * len(columns) <= max_cells:
        return columns, n_rows
    n_cols = max(min(MIN_COLUMNS, len(columns)), max_cells // max(n_rows, 1))
    keep = set(sorted(columns, key=lambda c: (-items.get(c, 0), columns.index(c)))[:n_cols])
    kept = [c for c in columns if c in keep]
    return kept, min(n_rows, max_cells // max(len(kept), 1))


def matrix_table(G: Any, by: str, polarity: str | None) -> html.Div:
    """The matrix as a table: a button per cell (its ``data-cell`` is ``factor|column``), coloured by its count."""
    return _matrix_table(G, by, polarity)


def matrix_html(G: Any, by: str, polarity: str | None) -> str:
    """:func:`matrix_table` as the page receives it (HTML, :mod:`dashapp.components.markup`), kept per graph,
    columns and polarity."""
    return memo(G, "matrix-html", (by, polarity), lambda: to_html(_matrix_table(G, by, polarity)))


def _matrix_table(G: Any, by: str, polarity: str | None) -> html.Div:
    wide, per_pol, labels, items = _columns(G, by, polarity)
    all_columns = wide.columns
    factors = wide.factors
    columns, n_rows = fit_cells(len(factors), all_columns, items)
    shown_rows = factors[:n_rows]
    picked = [all_columns.index(c) for c in columns]
    counts = wide.counts[:n_rows][:, picked]
    own = wide.own[:n_rows][:, picked]
    per_pol = {p: a[:n_rows][:, picked] for p, a in per_pol.items()}
    max_n = int(counts.max()) if counts.size else 0
    head = [html.Th("Factor", scope="col", className="matrix-corner")]
    for c in columns:
        name, n = labels.get(c, c), items.get(c, 0)
        head.append(html.Th(html.Button(html.Span([name, html.Span(f" ({n})", className="matrix-col-count")],
                                                  className="matrix-col-label"),
                                        type="button", className="matrix-col-btn",
                                        **{"data-col": c, "aria-label": f"Sort and rank the factors by their evidence "
                                           f"{'from' if by == 'country' else 'in'} {name}"}),
                            scope="col", title=(NOT_STATED_NOTE if c == NOT_STATED else name) +
                            f" — {n} evidence item{'s' if n != 1 else ''}"
                            + (" about any factor" if by == "country" else " it reports"),
                            className="matrix-col not-stated" if c == NOT_STATED else "matrix-col"))
    rows = []
    first = True  # the one cell reached by Tab; arrow keys move between cells (a roving tabindex)
    for i, f in enumerate(shown_rows):
        a = G.nodes[f]
        theme = a.get("factor_kind") == "theme"
        label = ([html.Span(a["label"]), html.Span(f" {a.get('level', '')}", className="matrix-level")]
                 if theme else a["label"])
        cells = [html.Th(label, scope="row", className="matrix-row " + ("theme" if theme else "subtheme"))]
        for j, c in enumerate(columns):
            n, mine = int(counts[i, j]), int(own[i, j])
            where = f"{a['label']} × {labels.get(c, c)}"
            bg, fg = cell_colours(n, max_n)
            split = rollup_note(mine, n) if theme else ""  # '' unless some of it is on the sub-themes only
            if n:
                aria = f"{where}: {n} evidence item{'s' if n != 1 else ''}" + (f" ({split})" if split else "")
                parts = [f"{p} {int(per_pol[p][i, j])}" for p in C.POLARITIES if p in per_pol and per_pol[p][i, j]]
                title = aria + (f"; {', '.join(parts)}" if parts else "")
            else:
                aria = title = f"{where}: no evidence" + (" on the theme or its sub-themes" if theme else "") + " (a gap)"
            extra = {"data-own": str(mine)} if theme else {}
            cells.append(html.Td(html.Button(
                str(n) if n else "", type="button", title=title,
                tabIndex="0" if first else "-1",
                className="matrix-btn" + ("" if n else " gap") + (" rolled-up" if split else ""),
                style={"backgroundColor": bg, "color": fg},
                **{"aria-label": aria, "data-cell": f"{f}|{c}", **extra}),
                className="not-stated" if c == NOT_STATED else None))
            first = False
        rows.append(html.Tr(cells, className="theme-row" if theme else None))
    caption = (f"Evidence items per factor × {'country' if by == 'country' else 'study'}"
               + (f", polarity {polarity}" if polarity else "") + "; a theme's row counts the evidence on the theme "
               "or its sub-themes; the number after each column name counts its evidence items")
    table = html.Table([html.Caption(caption, className="visually-hidden"), html.Thead(html.Tr(head)),
                        html.Tbody(rows)], className="matrix-table", **{"data-by": by})
    if len(columns) == len(all_columns) and n_rows == len(factors):
        return table
    what = "countries" if by == "country" else "studies"
    note = (f"The matrix is too large to draw at once ({len(factors)} factors × {len(all_columns)} {what}): "
            f"showing the {len(columns)} {what} with the most evidence"
            + (f" and the first {n_rows} factors" if n_rows < len(factors) else "")
            + ". Narrow it with the polarity, or export the data for the whole table.")
    return html.Div([html.P(note, className="small alert alert-info py-1 matrix-cap-note"), table])


def cell_panel(G: Any, factor: str, column: str, by: str, polarity: str | None) -> list[Any]:
    """The panel for one cell: title, count and evidence — or, for an empty cell, why it is a gap.

    A theme's cell lists the evidence on the theme and on its sub-themes (each item once) and says how
    much is on the theme itself and on each sub-theme (:func:`graph.query.details.cell_breakdown`).
    """
    name = NOT_STATED_LABEL if column == NOT_STATED else (G.nodes[column].get("label", column) if column in G else column)
    flabel = G.nodes[factor]["label"] if factor in G else factor
    theme = factor in G and G.nodes[factor].get("factor_kind") == "theme"
    title = html.H5(f"{flabel} × {name}", className="details-title")
    cell = cell_breakdown(G, factor, column, by=by, polarity=polarity)
    ids = cell["evidence"]
    pol = f" with polarity {polarity}" if polarity else ""
    note = [html.P(NOT_STATED_NOTE, className="small matrix-note")] if column == NOT_STATED else []
    about = f"“{flabel}”" + (" or any of its sub-themes" if theme else "")
    if not ids:
        if column == NOT_STATED:
            why = f"A gap: every evidence item about {about}{pol} is placed in a country (or there is none)."
        else:
            where = f"from {name}" if by == "country" else f"reported by {name}"
            why = f"A gap: no evidence about {about} {where}{pol} — nothing in the data speaks to it there."
            unplaced = cell_evidence(G, factor, NOT_STATED, polarity=polarity) if by == "country" else []
            if unplaced:
                why += (f" {len(unplaced)} evidence item{'s' if len(unplaced) != 1 else ''} about it state no "
                        f"country: see the “{NOT_STATED_LABEL}” column.")
        return [title, C.empty_note(why), *note]
    count = [html.P(f"{len(ids)} evidence item{'s' if len(ids) != 1 else ''}{pol}", className="small fw-semibold")]
    if cell["note"]:
        count.append(html.P([cell["note"], ": ", "; ".join(f"{s['label']} {len(s['evidence'])}"
                                                          for s in cell["subthemes"])],
                            className="small matrix-rollup-note"))
    return [title, *count, *note, C.evidence_groups(group_by_country_and_study(evidence_records(G, ids)))]


#: The most factors a column's ranking lists.
MAX_RANKED = 25
#: What a ranking of each polarity is called.
RANK_TITLES = {None: "Best-evidenced factors", "barrier": "Strongest barriers", "enabler": "Strongest enablers",
               "mixed": "Best-evidenced mixed factors", "context": "Best-evidenced context factors"}


def rank_panel(G: Any, column: str, by: str, polarity: str | None) -> list[Any]:
    """The factors ranked by the evidence of one column (a country or a study) and the chosen polarity: papers,
    then items (:func:`graph.query.rank.strongest`); each factor's count opens that cell's evidence."""
    name = NOT_STATED_LABEL if column == NOT_STATED else (G.nodes[column].get("label", column) if column in G else column)
    where = f"{'from' if by == 'country' else 'in'} {name}"
    ev = {"countries" if by == "country" else "studies": [column], "polarities": [polarity] if polarity else []}
    try:
        rows = strongest(G, **ev)
    except NotFound:
        return [html.P("Click a cell to list its evidence.", className="text-muted")]
    title = html.H5(f"{RANK_TITLES.get(polarity, RANK_TITLES[None])} {where}", className="details-title")
    if not rows:
        return [title, C.empty_note(f"No evidence {where}" + (f" with polarity {polarity}" if polarity else "") + ".")]
    body = [html.Tr([html.Td(str(i + 1)), html.Th(r["label"], scope="row"),
                     html.Td(html.Button(f"{r['papers']} · {r['evidence']}", type="button", className="matrix-btn",
                                         title=f"List the {r['evidence']} evidence item"
                                               f"{'s' if r['evidence'] != 1 else ''}",
                                         **{"data-cell": f"{r['id']}|{column}"})),
                     html.Td(f"{r['papers_in_all']} · {r['evidence_in_all']}", className="text-muted"),
                     html.Td(", ".join(r["flags"]), className="small")])
            for i, r in enumerate(rows[:MAX_RANKED])]
    more = (f" The first {MAX_RANKED} of {len(rows)}." if len(rows) > MAX_RANKED else "")
    return [title,
            html.P("Sub-themes (and themes without any) ranked by the papers reporting their evidence "
                   f"{where}{' with polarity ' + polarity if polarity else ''}, then by its evidence items — the "
                   "path finder's rule for a hop; all countries and polarities beside. Click a count to read the "
                   "evidence." + more, className="small text-muted"),
            html.Table([html.Thead(html.Tr([html.Th("#", scope="col"), html.Th("Factor", scope="col"),
                                            html.Th("Papers · items", scope="col"),
                                            html.Th("In all", scope="col"), html.Th("Flags", scope="col")])),
                        html.Tbody(body)], className="table table-sm rank-table", **{"data-by": by})]


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the matrix view's callbacks to *app*."""

    @app.callback(Output(store_id(HEATMAP), "data"), Input(BY, "value"), Input(POLARITY, "value"),
                  Input(C.opened("matrix"), "data"), State(C.TABS, C.TAB_PROP), prevent_initial_call=True)
    def draw(by, polarity, _opened, tab=None):
        C.skip_unless_visible(tab, "matrix")
        return matrix_html(ctx_.graph(), by or ctl.M_BY.default, None if polarity in (None, "all") else polarity)

    @app.callback(Output(NOTE, "style"), Input(BY, "value"))
    def show_note(by):
        return {"display": "none"} if by == "study" else {}

    # write the table (HTML from the server) into its box; a click on a cell (or Enter on it) selects it; outline
    # the chosen cell (again after a redraw); where the panel sits below the matrix (phones, tablets), bring the
    # cell's evidence into view
    app.clientside_callback(
        """function (panelChildren, markup, selected) {
            var panel = document.getElementById('PANEL'), box = document.getElementById('BOX');
            if (!panel || !box) { return window.dash_clientside.no_update; }
            var trig = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
            // rows sorted by a column's count, most first: themes by their rolled-up count, each theme's
            // sub-themes under it by theirs; col null: the framework's order (the order the server drew)
            var sortRows = function (box, col) {
                var table = box.querySelector('table.matrix-table');
                if (!table || !table.tBodies.length) { return; }
                var j = -1, heads = table.tHead.rows[0].cells;
                for (var k = 0; k < heads.length; k++) {
                    var hb = heads[k].querySelector('button.matrix-col-btn'), on = !!hb && hb.getAttribute('data-col') === col;
                    if (hb) { heads[k].setAttribute('aria-sort', on ? 'descending' : 'none'); }
                    if (on) { j = k; }
                }
                if (j < 0) { box._sortCol = null; }
                var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
                rows.forEach(function (r, i) { if (r._order === undefined) { r._order = i; } });
                rows.sort(function (a, b) { return a._order - b._order; });
                var groups = [];
                rows.forEach(function (r) {
                    if (r.classList.contains('theme-row') || !groups.length) { groups.push([r]); }
                    else { groups[groups.length - 1].push(r); }
                });
                if (j >= 0) {
                    var n = function (r) { return parseInt(r.cells[j].textContent, 10) || 0; };
                    var most = function (a, b) { return n(b) - n(a) || a._order - b._order; };
                    groups.forEach(function (g) {
                        var head = g[0].classList.contains('theme-row') ? g.shift() : null;
                        g.sort(most);
                        if (head) { g.unshift(head); }
                    });
                    groups.sort(function (a, b) { return most(a[0], b[0]); });
                }
                groups.forEach(function (g) { g.forEach(function (r) { body.appendChild(r); }); });
            };
            if (trig.indexOf('STORE.data') >= 0 && typeof markup === 'string') {
                box.innerHTML = markup;
                if (box._sortCol) { sortRows(box, box._sortCol); }  // the chosen order survives a redraw
            }
            if (!box._matrixKeys) {  // arrow keys, Home and End move between cells; Tab leaves the matrix
                box._matrixKeys = true;
                var pick = function (e) {  // a cell lists its evidence; a column's name ranks the factors in it
                    var b = e.target.closest && e.target.closest('button.matrix-btn, button.matrix-col-btn');
                    var by = b && b.closest('[data-by]');
                    if (!b || !by) { return; }
                    by = by.getAttribute('data-by') || 'country';
                    if (b.classList.contains('matrix-col-btn')) {
                        var col = b.getAttribute('data-col');
                        box._sortCol = box._sortCol === col ? null : col;  // a second click: framework order
                        sortRows(box, box._sortCol);
                        window.dash_clientside.set_props('SELECTED', {data: {factor: '', rank: true,
                            column: col, by: by}});
                        return;
                    }
                    var cell = b.getAttribute('data-cell'), bar = cell.indexOf('|');
                    window.dash_clientside.set_props('SELECTED', {data: {factor: cell.slice(0, bar),
                        column: cell.slice(bar + 1), by: by}});
                };
                box.addEventListener('click', pick);
                panel.addEventListener('click', pick);
                box.addEventListener('focusin', function (e) {
                    if (!e.target.classList.contains('matrix-btn')) { return; }
                    box.querySelectorAll('button.matrix-btn[tabindex="0"]').forEach(function (b) { b.tabIndex = -1; });
                    e.target.tabIndex = 0;
                });
                box.addEventListener('keydown', function (e) {
                    var b = e.target, td = b.parentElement, tr = td && td.parentElement;
                    if (!b.classList.contains('matrix-btn') || !tr) { return; }
                    var col = Array.prototype.indexOf.call(tr.children, td), row = tr, next = null;
                    if (e.key === 'ArrowRight') { next = td.nextElementSibling; }
                    else if (e.key === 'ArrowLeft') { next = td.previousElementSibling; }
                    else if (e.key === 'ArrowDown') { row = tr.nextElementSibling; next = row && row.children[col]; }
                    else if (e.key === 'ArrowUp') { row = tr.previousElementSibling; next = row && row.children[col]; }
                    else if (e.key === 'Home') { next = tr.children[1]; }
                    else if (e.key === 'End') { next = tr.lastElementChild; }
                    else { return; }
                    e.preventDefault();
                    var target = next && next.querySelector('button.matrix-btn');
                    if (target) { target.focus(); }
                });
            }
            var key = selected ? selected.factor + '|' + selected.column : null;
            box.querySelectorAll('button.matrix-btn').forEach(function (b) {
                var on = b.getAttribute('data-cell') === key;
                b.classList.toggle('selected', on);
                if (on) { b.setAttribute('aria-current', 'true'); } else { b.removeAttribute('aria-current'); }
            });
            if (trig.indexOf('PANEL.children') >= 0 && panel.querySelector('h5') &&
                    panel.getBoundingClientRect().top >= box.getBoundingClientRect().bottom - 1) {
                panel.scrollIntoView({block: 'start'});
            }
            return Date.now();
        }""".replace("PANEL", CELL).replace("BOX", HEATMAP).replace("STORE", store_id(HEATMAP))
        .replace("SELECTED", SELECTED),
        Output(SCROLLED, "data"), Input(CELL, "children"), Input(store_id(HEATMAP), "data"), State(SELECTED, "data"),
        prevent_initial_call=True)

    @app.callback(Output(CELL, "children"), Input(SELECTED, "data"), Input(BY, "value"), Input(POLARITY, "value"))
    def show_cell(selected, by, polarity):
        by = by or "country"
        if not selected or selected.get("by") != by:
            return html.P("Click a cell to list its evidence.", className="text-muted")
        G = ctx_.graph()
        pol = None if polarity in (None, "all") else polarity
        if selected.get("rank") and isinstance(selected.get("column"), str):
            return rank_panel(G, selected["column"], by, pol)
        if selected["factor"] not in G:
            return html.P("Click a cell to list its evidence.", className="text-muted")
        return cell_panel(G, selected["factor"], selected["column"], by,
                          None if polarity in (None, "all") else polarity)
