"""Deterministic, level-banded positions for the factor network.

Macro factors form the top band, meso the middle and micro the bottom one.
Each theme's sub-themes sit in a small grid (a cluster) around the theme, and
clusters follow the order of the factors table. The same graph always gets the
same positions, so side-by-side views (e.g. one panel per country) line up.

>>> from graph import load_graph
>>> pos = factor_positions(load_graph())
>>> pos["regulatory-political"][1] < pos["organizational-culture"][1] < pos["psw-wellbeing"][1]
True
>>> factor_positions(load_graph()) == pos
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import networkx as nx

__all__ = ["band_bounds", "factor_positions", "short_label"]

#: Horizontal and vertical distance between sub-theme nodes inside a cluster
#: (room for a node and a label of up to four wrapped lines under it).
CELL_W, CELL_H = 165.0, 135.0
#: Horizontal gap between theme clusters, vertical gap between level bands.
THEME_GAP, BAND_GAP = 45.0, 115.0
#: Cell of a theme when sub-themes are rolled up into their themes (``themes_only``).
THEME_CELL_W, THEME_CELL_H = 230.0, 150.0
#: Width / height the band layout aims for: about that of the explore canvas.
TARGET_ASPECT = 1.3
#: The widest a theme's grid of sub-themes may be.
MAX_COLS = 3
#: Labels longer than this lose a trailing parenthesis in drawings (see :func:`short_label`).
SHORT_LABEL_MAX = 32


def short_label(label: str, max_chars: int = SHORT_LABEL_MAX) -> str:
    """The label to draw on a graph node: a long label drops its trailing "(…)" detail.

    The full label stays in the details panel and the exports; this only keeps
    drawn labels to a few lines.

    >>> short_label("Role boundaries (disclosure of PSW mental illness information & disclosure of peers' information)")
    'Role boundaries'
    >>> short_label("Stigma (various types)")
    'Stigma (various types)'
    >>> short_label("Commitment of organizational leadership")
    'Commitment of organizational leadership'
    """
    if len(label) <= max_chars or not label.endswith(")") or " (" not in label:
        return label
    head = label[: label.index(" (")].strip()
    return head or label


def _factors(G: nx.Graph) -> list[tuple[str, dict]]:
    return [(n, a) for n, a in G.nodes(data=True) if a.get("kind", "factor") == "factor" and "level_rank" in a]


def _cluster_shape(n_children: int, max_rows: int) -> tuple[int, int]:
    """Columns and rows of a theme's sub-theme grid at most *max_rows* high.

    As narrow as the row limit allows, except that a pair sits side by side.

    >>> _cluster_shape(0, 2), _cluster_shape(2, 2), _cluster_shape(3, 2), _cluster_shape(7, 3), _cluster_shape(3, 3)
    ((1, 1), (2, 1), (2, 2), (3, 3), (1, 3))
    """
    if n_children <= 0:
        return 1, 1
    if n_children <= 2:
        return n_children, 1
    cols = math.ceil(n_children / max(1, max_rows))
    return cols, math.ceil(n_children / cols)


def _band_shapes(sizes: list[list[int]], cell_w: float, cell_h: float) -> list[list[tuple[int, int]]]:
    """Cluster shapes for every band (*sizes*: sub-theme counts per theme, per band).

    Each band gets one row limit, shared by its clusters (no cluster wider than
    :data:`MAX_COLS`); the limits are chosen so that the whole drawing is closest
    to :data:`TARGET_ASPECT` (a screen-shaped canvas is then filled), the smaller
    drawing winning a tie. Deterministic.

    >>> _band_shapes([[3, 3, 4], [3, 3, 7, 7], [5, 2]], CELL_W, CELL_H)[1]
    [(1, 3), (1, 3), (3, 3), (3, 3)]
    """
    options = [range(math.ceil(max([1, *band]) / MAX_COLS), max([1, *band]) + 1) for band in sizes]
    best: tuple[float, float, tuple[int, ...]] | None = None
    for limits in itertools.product(*options):
        shapes = [[_cluster_shape(n, r) for n in band] for band, r in zip(sizes, limits)]
        width = max(sum(c for c, _ in band) * cell_w + THEME_GAP * (len(band) - 1) for band in shapes)
        height = sum(max(r for _, r in band) * cell_h for band in shapes) + BAND_GAP * (len(shapes) - 1)
        key = (round(abs(math.log(width / height / TARGET_ASPECT)), 3), width * height, limits)
        if best is None or key < best:
            best = key
    assert best is not None
    return [[_cluster_shape(n, r) for n in band] for band, r in zip(sizes, best[2])]


def factor_positions(G: nx.Graph, only: Iterable[str] | None = None, *,
                     themes_only: bool = False) -> dict[str, tuple[float, float]]:
    """(x, y) for every factor of *G*, banded by level, sub-themes clustered by theme.

    Parameters
    ----------
    G : the knowledge graph or the influence graph (any graph whose factor nodes
        carry ``level_rank``, ``factor_kind`` and ``parent``).
    only : if given, return positions for these ids only (the layout itself is
        always computed over every factor, so it does not shift with a filter).
    themes_only : lay out the themes alone, one wider cell each, for views
        that roll sub-themes up into their themes (sub-themes then get no
        position).

    Returns
    -------
    ``{factor_id: (x, y)}`` in screen coordinates (y grows downwards), centred
    on x = 0 per band; a theme sits at the centre of its cluster.

    Examples
    --------
    >>> from graph import load_graph
    >>> pos = factor_positions(load_graph())
    >>> sorted({round(pos[f][1]) for f in ("self-care", "emotional-involvement")}) == [round(pos["self-care"][1])]
    True
    >>> abs(pos["policy-mandates"][0] - pos["regulatory-political"][0]) <= 1.5 * CELL_W  # within its cluster
    True
    >>> list(factor_positions(load_graph(), only=["stigma"]))
    ['stigma']
    >>> t = factor_positions(load_graph(), themes_only=True)
    >>> "stigma" in t, t["regulatory-political"][1] < t["psw-wellbeing"][1]
    (False, True)
    """
    factors = _factors(G)
    themes_by_rank: dict[int, list[str]] = {}
    children: dict[str, list[str]] = {}
    for n, a in factors:
        if a.get("factor_kind") == "subtheme" and a.get("parent"):
            if not themes_only:
                children.setdefault(a["parent"], []).append(n)
        else:
            themes_by_rank.setdefault(int(a["level_rank"]), []).append(n)
    cell_w, cell_h = (THEME_CELL_W, THEME_CELL_H) if themes_only else (CELL_W, CELL_H)
    pos: dict[str, tuple[float, float]] = {}
    top = 0.0
    ranks = sorted(themes_by_rank)
    band_shapes = _band_shapes([[len(children.get(t, [])) for t in themes_by_rank[r]] for r in ranks], cell_w, cell_h)
    for rank, shapes in zip(ranks, band_shapes):
        themes = themes_by_rank[rank]
        widths = [cols * cell_w for cols, _ in shapes]
        total = sum(widths) + THEME_GAP * (len(themes) - 1)
        x = -total / 2
        band_rows = max(rows for _, rows in shapes)
        for theme, (cols, rows), width in zip(themes, shapes, widths):
            kids = children.get(theme, [])
            y0 = top + (band_rows - rows) * cell_h / 2
            for i, kid in enumerate(kids):
                r, c = divmod(i, cols)
                in_row = min(cols, len(kids) - r * cols)
                offset = (cols - in_row) * cell_w / 2
                pos[kid] = (round(x + offset + c * cell_w + cell_w / 2, 1), round(y0 + r * cell_h, 1))
            pos[theme] = (round(x + width / 2, 1), round(y0 + (rows - 1) * cell_h / 2, 1))
            x += width + THEME_GAP
        top += band_rows * cell_h + BAND_GAP
    if only is not None:
        keep = set(only)
        return {n: p for n, p in pos.items() if n in keep}
    return pos


def band_bounds(G: nx.Graph) -> dict[int, tuple[float, float]]:
    """Vertical extent ``(y_min, y_max)`` of each level band, keyed by level rank.

    >>> from graph import load_graph
    >>> b = band_bounds(load_graph())
    >>> sorted(b), b[1][1] < b[2][0] < b[2][1] < b[3][0]
    ([1, 2, 3], True)
    """
    pos = factor_positions(G)
    out: dict[int, tuple[float, float]] = {}
    for n, a in _factors(G):
        y = pos[n][1]
        lo, hi = out.get(int(a["level_rank"]), (y, y))
        out[int(a["level_rank"])] = (min(lo, y), max(hi, y))
    return out
