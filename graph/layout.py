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

import math
from collections.abc import Iterable

import networkx as nx

__all__ = ["band_bounds", "factor_positions"]

#: Horizontal and vertical distance between sub-theme nodes inside a cluster.
CELL_W, CELL_H = 150.0, 95.0
#: Horizontal gap between theme clusters, vertical gap between level bands.
THEME_GAP, BAND_GAP = 70.0, 130.0


def _factors(G: nx.Graph) -> list[tuple[str, dict]]:
    return [(n, a) for n, a in G.nodes(data=True) if a.get("kind", "factor") == "factor" and "level_rank" in a]


def _cluster_shape(n_children: int) -> tuple[int, int]:
    """Columns and rows of a theme's sub-theme grid.

    >>> _cluster_shape(0), _cluster_shape(2), _cluster_shape(5)
    ((1, 1), (2, 1), (3, 2))
    """
    if n_children <= 0:
        return 1, 1
    cols = n_children if n_children <= 2 else (2 if n_children == 4 else 3)
    return cols, math.ceil(n_children / cols)


def factor_positions(G: nx.Graph, only: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """(x, y) for every factor of *G*, banded by level, sub-themes clustered by theme.

    Parameters
    ----------
    G : the knowledge graph or the influence graph (any graph whose factor nodes
        carry ``level_rank``, ``factor_kind`` and ``parent``).
    only : if given, return positions for these ids only (the layout itself is
        always computed over every factor, so it does not shift with a filter).

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
    """
    factors = _factors(G)
    themes_by_rank: dict[int, list[str]] = {}
    children: dict[str, list[str]] = {}
    for n, a in factors:
        if a.get("factor_kind") == "subtheme" and a.get("parent"):
            children.setdefault(a["parent"], []).append(n)
        else:
            themes_by_rank.setdefault(int(a["level_rank"]), []).append(n)
    pos: dict[str, tuple[float, float]] = {}
    top = 0.0
    for rank in sorted(themes_by_rank):
        themes = themes_by_rank[rank]
        shapes = [_cluster_shape(len(children.get(t, []))) for t in themes]
        widths = [cols * CELL_W for cols, _ in shapes]
        total = sum(widths) + THEME_GAP * (len(themes) - 1)
        x = -total / 2
        band_rows = max(rows for _, rows in shapes)
        for theme, (cols, rows), width in zip(themes, shapes, widths):
            kids = children.get(theme, [])
            y0 = top + (band_rows - rows) * CELL_H / 2
            for i, kid in enumerate(kids):
                r, c = divmod(i, cols)
                in_row = min(cols, len(kids) - r * cols)
                offset = (cols - in_row) * CELL_W / 2
                pos[kid] = (round(x + offset + c * CELL_W + CELL_W / 2, 1), round(y0 + r * CELL_H, 1))
            pos[theme] = (round(x + width / 2, 1), round(y0 + (rows - 1) * CELL_H / 2, 1))
            x += width + THEME_GAP
        top += band_rows * CELL_H + BAND_GAP
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
