"""The evidence-and-gap matrix: evidence counted per factor and country (or study).

Where a factor has evidence from a country, and where it has none (a gap). A country's evidence is the
evidence concerning it directly or through a cited study's country (see :mod:`graph.query.filters`).

A theme's row rolls up its sub-themes: it counts the distinct evidence items on the theme itself or on
any of its sub-themes, so a theme cell is a gap only when the theme and every sub-theme are empty
for that column (as the explorer's theme boxes count). ``as_recorded=True`` gives the counts as the
evidence was tagged, each factor on its own (what "on the theme itself" means).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import networkx as nx
import numpy as np

from graph.data.memo import memo
from graph.data.vocabulary import NOT_STATED, NOT_STATED_LABEL, POLARITIES
from graph.query.filters import evidence_countries
from graph.query.index import supported_factors

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["POLARITIES", "MatrixCounts", "evidence_matrix", "matrix_columns", "matrix_counts", "matrix_gaps",
           "pivot_matrix", "supported_factors"]


def matrix_columns(G: nx.MultiDiGraph, ev: str, by: str = "country") -> list[str]:
    """The columns of :func:`evidence_matrix` that evidence item *ev* counts in.

    ``by="country"``: the countries it concerns, or ``[NOT_STATED]`` when it
    concerns none (:data:`graph.query.filters.NOT_STATED`); ``by="study"``: the paper reporting it.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> matrix_columns(G, "ev-johansen-001"), matrix_columns(G, "ev-johansen-001", "study")
    (['DK'], ['johansen-2024'])
    >>> matrix_columns(G, "ev-review-201")
    ['not-stated']
    """
    return evidence_countries(G, ev, not_stated=True) if by == "country" else [G.nodes[ev]["study"]]


def evidence_matrix(G: nx.MultiDiGraph, by: str = "country", *, not_stated: bool = False,
                    order: str = "id", as_recorded: bool = False) -> pd.DataFrame:
    """The evidence-and-gap map in long form: evidence counts per factor, column and polarity.

    Parameters
    ----------
    G : the knowledge graph.
    by : ``country`` (the countries each item concerns, see
        :func:`graph.query.filters.evidence_countries`) or ``study`` (the source
        paper that reports it).
    not_stated : with ``by="country"``, count the items that concern no
        country in a last column :data:`graph.query.filters.NOT_STATED`; otherwise
        they are left out.
    order : ``id`` sorts the columns by ISO code or study id; ``label`` by the
        name they are shown with (:data:`~graph.query.filters.NOT_STATED` stays last).
    as_recorded : count each factor on its own, a theme without its sub-themes
        (default: a theme's row rolls up its sub-themes, see :func:`matrix_counts`).

    Returns
    -------
    pandas.DataFrame with columns ``factor``, ``column``, ``polarity``,
    ``count`` — one row per non-empty cell and polarity. An item counts for
    every factor it supports (directly or through an influence it evidences)
    and, unless *as_recorded*, once for the theme of those factors. ``df.attrs`` holds ``factors`` (all factor ids
    in framework order), ``columns`` (all possible columns), ``labels``
    (``{column: displayed name}``), ``by`` and ``as_recorded``, so :func:`pivot_matrix` can
    show the empty cells — the gaps.

    Examples
    --------
    >>> from graph import load_graph
    >>> m = evidence_matrix(load_graph())
    >>> list(m.columns), m.attrs["by"]
    (['factor', 'column', 'polarity', 'count'], 'country')
    >>> {"SE", "NO", "DK"} <= set(m.column), set(m.polarity) <= set(POLARITIES), bool((m["count"] >= 1).all())
    (True, True, True)
    >>> dk = m[(m.factor == "staff-readiness") & (m.column == "DK")]
    >>> int(dk["count"].sum()) >= 1
    True
    >>> shown = evidence_matrix(load_graph(), not_stated=True, order="label")
    >>> [shown.attrs["labels"][c] for c in shown.attrs["columns"]][-3:]
    ['United Kingdom', 'United States', 'Country not stated']
    >>> own = evidence_matrix(load_graph(), as_recorded=True)   # Sweden's leadership evidence is on its sub-themes
    >>> def se(m): return int(m[(m.factor == "leadership-supervision") & (m.column == "SE")]["count"].sum())
    >>> se(own), se(m) > 0
    (0, True)
    """
    if order not in ("id", "label"):
        raise ValueError(f"order must be 'id' or 'label', not {order!r}")
    mc = matrix_counts(G, by, as_recorded=as_recorded)
    columns = list(mc.columns)
    if not not_stated and NOT_STATED in columns:
        columns.remove(NOT_STATED)
    labels = {c: mc.labels[c] for c in columns}
    if order == "label":
        columns.sort(key=lambda c: (c == NOT_STATED, labels[c].casefold(), c))
    rows = []
    for p, f, j in zip(*np.nonzero(mc.counts)):
        c = mc.columns[j]
        if c in labels:
            rows.append({"factor": mc.factors[f], "column": c, "polarity": POLARITIES[p], "count": int(mc.counts[p, f, j]),
                         "_rank": (f, c, p)})
    rows.sort(key=lambda r: r.pop("_rank"))
    import pandas as pd  # only here and in pivot_matrix: the explorer itself never loads pandas

    df = pd.DataFrame(rows, columns=["factor", "column", "polarity", "count"]).astype({"count": "int64"})
    df.attrs.update(factors=list(mc.factors), columns=columns, labels=labels, by=by, as_recorded=as_recorded)
    return df


class MatrixCounts(NamedTuple):
    """Evidence counts per polarity, factor and column (:func:`matrix_counts`)."""

    factors: tuple[str, ...]  # every factor, in framework order
    columns: tuple[str, ...]  # every column, by id (:data:`~graph.query.filters.NOT_STATED` last, by country)
    labels: dict[str, str]  # {column: the name it is shown with}
    counts: np.ndarray  # int32, shape (len(POLARITIES), len(factors), len(columns))


def matrix_counts(G: nx.MultiDiGraph, by: str = "country", *, as_recorded: bool = False) -> MatrixCounts:
    """The evidence-and-gap map as one array, counted once per graph, *by* and *as_recorded*: what every matrix reads.

    Parameters
    ----------
    G : the knowledge graph.
    by : ``country`` (with a last column :data:`~graph.query.filters.NOT_STATED` for the
        items that concern none) or ``study`` (the paper reporting each item).
    as_recorded : count each factor on its own: a theme's row then holds only the
        items tagged to the theme itself.

    Returns
    -------
    :class:`MatrixCounts`; ``counts[p, i, j]`` is the number of distinct evidence items of
    polarity ``POLARITIES[p]`` in column ``columns[j]`` supporting factor ``factors[i]``
    (directly or through an influence they evidence) or — for a theme, unless *as_recorded* —
    any of its sub-themes. Shared: treat it as read-only.

    Examples
    --------
    >>> from graph import load_graph
    >>> mc = matrix_counts(load_graph())
    >>> mc.counts.shape == (len(POLARITIES), len(mc.factors), len(mc.columns)), mc.columns[-1]
    (True, 'not-stated')
    >>> int(mc.counts[:, mc.factors.index("staff-readiness"), mc.columns.index("DK")].sum()) >= 1
    True
    >>> own = matrix_counts(load_graph(), as_recorded=True)
    >>> bool((own.counts <= mc.counts).all())   # rolling up only ever adds
    True
    """
    if by not in ("country", "study"):
        raise ValueError(f"by must be 'country' or 'study', not {by!r}")
    as_recorded = bool(as_recorded)
    return memo(G, "matrix-counts", (by, as_recorded), lambda: _matrix_counts(G, by, as_recorded))


def _matrix_counts(G: nx.MultiDiGraph, by: str, as_recorded: bool) -> MatrixCounts:
    nodes = G.nodes
    factors = sorted((n for n, k in G.nodes(data="kind") if k == "factor"),
                     key=lambda n: (nodes[n]["level_rank"], nodes[n]["theme"], nodes[n]["factor_kind"] != "theme", n))
    if by == "country":
        columns = [*sorted(n for n, k in G.nodes(data="kind") if k == "country"), NOT_STATED]
    else:
        columns = sorted({a["study"] for _, a in G.nodes(data=True) if a["kind"] == "evidence"} |
                         {n for n, a in G.nodes(data=True) if a["kind"] == "study" and a.get("is_source")})
    labels = {c: NOT_STATED_LABEL if c == NOT_STATED else nodes[c].get("label", c) for c in columns}
    fi, ci = {f: i for i, f in enumerate(factors)}, {c: j for j, c in enumerate(columns)}
    pi = {p: k for k, p in enumerate(POLARITIES)}
    n_f, n_c = len(factors), len(columns)
    flat: list[int] = []
    not_stated = [ci[NOT_STATED]] if by == "country" else []
    theme = {f: nodes[f].get("theme") or f for f in factors}
    for ev, supported in supported_factors(G).items():
        a = nodes[ev]
        cols = ([ci[c] for c in a["country_bases"]] or not_stated) if by == "country" else [ci[a["study"]]]
        base = pi[a["polarity"]] * n_f
        rows = supported if as_recorded else {*supported, *(theme[f] for f in supported)}  # an item counts once per row
        flat.extend((base + fi[f]) * n_c + j for f in rows for j in cols)
    counts = np.bincount(np.asarray(flat, dtype=np.int64), minlength=len(POLARITIES) * n_f * n_c)
    counts = counts.reshape(len(POLARITIES), n_f, n_c).astype(np.int32)  # half the memory; a cell never nears 2**31
    counts.flags.writeable = False
    return MatrixCounts(tuple(factors), tuple(columns), labels, counts)


def pivot_matrix(long: pd.DataFrame, polarity: str | None = None, *, fill_all: bool = True) -> pd.DataFrame:
    """Turn :func:`evidence_matrix`'s long form into a factor × column table of counts.

    Parameters
    ----------
    long : the result of :func:`evidence_matrix`.
    polarity : count only this polarity; ``None`` sums all.
    fill_all : include every factor and every possible column (from
        ``long.attrs``), so empty cells — gaps — show as 0.

    Returns
    -------
    pandas.DataFrame indexed by factor id, one integer column per country or study.

    Examples
    --------
    >>> from graph import load_graph
    >>> m = evidence_matrix(load_graph())
    >>> wide = pivot_matrix(m)
    >>> list(wide.index) == m.attrs["factors"], list(wide.columns) == m.attrs["columns"]
    (True, True)
    >>> bool((wide.loc["staff-readiness", ["SE", "NO", "DK"]] >= 1).all())
    True
    >>> bool((pivot_matrix(m, "barrier") <= wide).all().all())   # one polarity never exceeds the total
    True
    >>> shown = pivot_matrix(evidence_matrix(load_graph(), not_stated=True))
    >>> shown.columns[-1], int(shown.loc["team-relationships", "not-stated"]) >= 1
    ('not-stated', True)
    """
    df = long if polarity is None else long[long["polarity"] == polarity]
    wide = df.pivot_table(index="factor", columns="column", values="count", aggfunc="sum", fill_value=0)
    if fill_all and long.attrs.get("factors") is not None:
        wide = wide.reindex(index=long.attrs["factors"], columns=long.attrs["columns"], fill_value=0)
    wide = wide.fillna(0).astype("int64")
    wide.index.name, wide.columns.name = "factor", long.attrs.get("by", "column")
    return wide


def matrix_gaps(G: nx.MultiDiGraph, by: str = "country", *, not_stated: bool = True,
                as_recorded: bool = False) -> list[tuple[str, str]]:
    """The gaps of the matrix: ``(factor, column)`` for every empty cell, in row then column order.

    Only the columns some evidence concerns count (a country nothing in the data speaks to is no
    column of the explorer's matrix). A theme is a gap for a column only when it and all of its
    sub-themes are (unless *as_recorded*); *not_stated* keeps the
    :data:`~graph.query.filters.NOT_STATED` column.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> gaps = set(matrix_gaps(G))
    >>> ("mentoring", "SE") in gaps, ("leadership-supervision", "SE") in gaps
    (True, False)
    >>> ("leadership-supervision", "SE") in set(matrix_gaps(G, as_recorded=True))   # its sub-themes have it
    True
    """
    mc = matrix_counts(G, by, as_recorded=as_recorded)
    total = mc.counts.sum(axis=0)
    used = total.sum(axis=0) > 0  # rolling up moves counts between rows, never between columns
    return [(f, c) for i, f in enumerate(mc.factors) for j, c in enumerate(mc.columns)
            if used[j] and not total[i, j] and (not_stated or c != NOT_STATED)]
