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

import functools
import itertools
import math
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graph.data.memo import memo

__all__ = ["VIEW_LAYOUTS", "band_bounds", "compact_positions", "factor_positions", "line_routes", "short_label",
           "theme_positions", "view_positions"]

#: Horizontal and vertical distance between sub-theme nodes inside a cluster
#: (room for a node and a label of up to four wrapped lines under it).
CELL_W, CELL_H = 165.0, 135.0
#: Horizontal gap between theme clusters, vertical gap between level bands.
THEME_GAP, BAND_GAP = 45.0, 115.0
#: Horizontal gap between theme clusters in a packed drawing (:func:`compact_positions`): two themes' names
#: (up to 210 wide, 200 above a box) side by side keep apart, however narrow their clusters.
COMPACT_THEME_GAP = 55.0
#: Cell of a theme when sub-themes are rolled up into their themes (``themes_only``).
THEME_CELL_W, THEME_CELL_H = 230.0, 150.0
#: Width / height the band layout aims for: about that of the explore canvas.
TARGET_ASPECT = 1.3
#: The widest a theme's grid of sub-themes may be.
MAX_COLS = 3
#: Labels longer than this lose a trailing parenthesis in drawings (see :func:`short_label`).
SHORT_LABEL_MAX = 32

#: Work done by this module's searches, by search: ``"theme-search"`` (:func:`theme_positions`: a theme
#: placed, a line checked against a box or two lines checked for a crossing, per arrangement scored),
#: ``"routing"`` (:func:`line_routes`: a segment checked against a box, a step of a shortest-path search)
#: and ``"band-shapes"`` (:func:`factor_positions`: a cluster shaped, per candidate). Only ever added to;
#: tests read it to check that the work stays within the budgets below.
WORK: Counter[str] = Counter()
#: The most work (units of :data:`WORK`) one search may do, whatever the package: past it the search stops
#: where it is (or is not started) and keeps its deterministic fallback. The bundled data needs well under
#: each (about 0.3 M, 0.1 M and 550), so its layout is the full search's.
THEME_SEARCH_BUDGET, ROUTING_BUDGET, BAND_SHAPES_BUDGET = 600_000, 2_000_000, 20_000


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


def _cluster_shape(n_children: int, max_rows: int, packed: bool = False) -> tuple[int, int]:
    """Columns and rows of a theme's sub-theme grid at most *max_rows* high.

    As narrow as the row limit allows, except that a pair sits side by side (unless *packed*).

    >>> _cluster_shape(0, 2), _cluster_shape(2, 2), _cluster_shape(3, 2), _cluster_shape(7, 3), _cluster_shape(3, 3)
    ((1, 1), (2, 1), (2, 2), (3, 3), (1, 3))
    >>> _cluster_shape(2, 2, packed=True), _cluster_shape(2, 1, packed=True)
    ((1, 2), (2, 1))
    """
    if n_children <= 0:
        return 1, 1
    if n_children <= 2 and not (packed and n_children <= max_rows):
        return n_children, 1
    cols = math.ceil(n_children / max(1, max_rows))
    return cols, math.ceil(n_children / cols)


def _band_shapes(sizes: list[list[int]], cell_w: float, cell_h: float,
                 packed: bool = False) -> list[list[tuple[int, int]]]:
    """Cluster shapes for every band (*sizes*: sub-theme counts per theme, per band), *packed* or not
    (:func:`compact_positions`: clusters :data:`COMPACT_THEME_GAP` apart, pairs stacked when the row limit
    allows, the drawing as narrow as it can be and then as low: it is to fit a column at a readable size).

    Each band gets one row limit, shared by its clusters (no cluster wider than
    :data:`MAX_COLS`); the limits are chosen so that the whole drawing is closest
    to :data:`TARGET_ASPECT` (a screen-shaped canvas is then filled), the smaller
    drawing winning a tie. Deterministic.

    At most :data:`BAND_SHAPES_BUDGET` clusters are shaped: when every combination of row limits
    would take more, each band tries fewer limits, evenly spread over its range (its smallest and
    largest always among them).

    >>> _band_shapes([[3, 3, 4], [3, 3, 7, 7], [5, 2]], CELL_W, CELL_H)[1]
    [(1, 3), (1, 3), (3, 3), (3, 3)]
    >>> shapes = _band_shapes([[300] * 40, [250] * 40, [200] * 40], CELL_W, CELL_H)  # 8 M combinations in all
    >>> [len(band) for band in shapes]
    [40, 40, 40]
    """
    gap = COMPACT_THEME_GAP if packed else THEME_GAP
    options: list[list[int]] = [list(range(math.ceil(max([1, *band]) / MAX_COLS), max([1, *band]) + 1))
                                for band in sizes]
    per_candidate = max(1, sum(len(band) for band in sizes))
    allowed = max(1, BAND_SHAPES_BUDGET // per_candidate)
    if math.prod(len(o) for o in options) > allowed:
        each = max(1, int(allowed ** (1 / max(1, len(options)))))
        options = [_evenly(o, each) for o in options]
    best: tuple[float, float, tuple[int, ...]] | None = None
    for limits in itertools.islice(itertools.product(*options), allowed):
        WORK["band-shapes"] += per_candidate
        shapes = [[_cluster_shape(n, r, packed) for n in band] for band, r in zip(sizes, limits)]
        width = max(sum(c for c, _ in band) * cell_w + gap * (len(band) - 1) for band in shapes)
        height = sum(max(r for _, r in band) * cell_h for band in shapes) + BAND_GAP * (len(shapes) - 1)
        key = ((width, height, limits) if packed else  # packed: the narrowest, then the lowest
               (round(abs(math.log(width / height / TARGET_ASPECT)), 3), width * height, limits))
        if best is None or key < best:
            best = key
    assert best is not None
    return [[_cluster_shape(n, r, packed) for n in band] for band, r in zip(sizes, best[2])]


def _evenly(values: list[int], n: int) -> list[int]:
    """At most *n* of *values*, evenly spread, the first and the last kept (when *n* ≥ 2).

    >>> _evenly(list(range(10)), 4), _evenly([1, 2], 5), _evenly([4, 5, 6], 1)
    ([0, 3, 6, 9], [1, 2], [4])
    """
    if n >= len(values):
        return values
    if n <= 1:
        return values[:1]
    return [values[round(i * (len(values) - 1) / (n - 1))] for i in range(n)]


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
    pos = _all_factor_positions(G, themes_only)  # computed once per graph
    if only is not None:
        keep = set(only)
        return {n: p for n, p in pos.items() if n in keep}
    return dict(pos)


def compact_positions(G: nx.Graph, only: Iterable[str], *, themes_only: bool = False) -> dict[str, tuple[float, float]]:
    """(x, y) for the factors *only* of *G*, laid out as :func:`factor_positions` lays out a graph of these alone.

    For a drawing of a few factors (a route and its themes): banded by level, sub-themes clustered by their
    theme, with no room kept for the factors left out, so the drawing is as small as it can be and its labels
    as large as its canvas allows. A sub-theme clusters under its theme only when the theme is among *only*.
    Clusters are :data:`COMPACT_THEME_GAP` apart, wider than :func:`factor_positions` keeps them, so that two
    themes' names drawn side by side (not spread apart by left-out factors) do not meet; the drawing is as
    narrow as its widest band allows, then as low (a theme's sub-themes stacked when that band needs it): it is
    to fit a column at a readable size, growing downwards.

    Parameters
    ----------
    G : as for :func:`factor_positions`.
    only : the factors to place (ids not in *G* are ignored).
    themes_only : as for :func:`factor_positions`.

    Returns
    -------
    ``{factor_id: (x, y)}`` for the factors of *only*, centred on x = 0 per band.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> few = {"regulatory-political", "policy-mandates", "hrm-policies", "training-socialization",
    ...        "change-management", "organizational-culture", "psw-wellbeing"}
    >>> pos = compact_positions(G, few)
    >>> sorted(pos) == sorted(few)
    True
    >>> whole = factor_positions(G, only=few)
    >>> width = lambda p: max(x for x, _ in p.values()) - min(x for x, _ in p.values())
    >>> width(pos) < width(whole)
    True
    >>> meso = [n for n in G if n in few and G.nodes[n]["level"] == "meso" and G.nodes[n]["factor_kind"] == "theme"]
    >>> len(meso), sorted(meso, key=lambda n: pos[n][0]) == meso  # left to right in the graph's order, every run
    (3, True)
    """
    keep = set(only)
    H = nx.Graph()  # in G's order (a subgraph view would iterate its set of nodes: an order that changes per run)
    H.add_nodes_from((n, G.nodes[n]) for n in G if n in keep)
    return _place_factors(H, themes_only, packed=True)


def _all_factor_positions(G: nx.Graph, themes_only: bool) -> dict[str, tuple[float, float]]:
    """Every factor's position in *G*, kept per graph (:func:`graph.data.memo.memo`); do not modify it."""
    return memo(G, "factor-positions", themes_only, lambda: _place_factors(G, themes_only))


def _place_factors(G: nx.Graph, themes_only: bool, packed: bool = False) -> dict[str, tuple[float, float]]:
    """:func:`_all_factor_positions`, computed; *packed*: :func:`compact_positions`."""
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
    band_shapes = _band_shapes([[len(children.get(t, [])) for t in themes_by_rank[r]] for r in ranks], cell_w, cell_h,
                               packed)
    gap = COMPACT_THEME_GAP if packed else THEME_GAP
    for rank, shapes in zip(ranks, band_shapes):
        themes = themes_by_rank[rank]
        widths = [cols * cell_w for cols, _ in shapes]
        total = sum(widths) + gap * (len(themes) - 1)
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
            x += width + gap
        top += band_rows * cell_h + BAND_GAP
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


# ----------------------------------------------------------------------------- the explorer's view layouts

#: A closed theme is drawn as a labelled box this size (its name and evidence count inside).
THEME_BOX_W, THEME_BOX_H = 200.0, 80.0
#: Gaps between theme boxes in a band, and between bands, in the theme-level drawing.
BOX_GAP_X, BOX_GAP_Y, BOX_BAND_GAP = 44.0, 40.0, 80.0
#: Gap between the rows of blocks once a theme is opened: room for the lines routed along it on tracks of
#: their own (graph.present.routing; six tracks and the room kept round the boxes); with every theme open, the
#: extra room between the bands of :func:`factor_positions` (their 115 px grow to 163).
OPEN_ROW_GAP, OPEN_BAND_SPREAD = 88.0, 48.0
#: How far an influence line must stay from a box it does not join (curved reciprocal pairs included).
LINE_CLEARANCE = 20.0
#: Above this many themes the first view keeps the factors table's order (in rows: a search would be
#: cut short by :data:`THEME_SEARCH_BUDGET` anyway); above :data:`MAX_ROUTED_THEMES`, lines are drawn straight.
MAX_SEARCHED_THEMES, MAX_ROUTED_THEMES = 16, 16
#: Room for an open theme's title (up to three lines) above its grid of sub-themes.
TITLE_H = 95.0
#: Layouts of the explorer: value -> label. Every one is computed here (cytoscape draws them preset).
VIEW_LAYOUTS = {"bands": "Level bands", "force": "Force-directed", "circle": "Circle"}
#: Older layout names (links made before) and what they now mean.
LAYOUT_ALIASES = {"cose": "force", "dagre": "bands", "breadthfirst": "bands", "concentric": "circle"}


def _segment_hits_box(p: tuple[float, float], q: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether the segment p–q passes through the rectangle (x0, y0, x1, y1) (Liang–Barsky clipping).

    >>> _segment_hits_box((0, 0), (10, 0), (4, -1, 6, 1)), _segment_hits_box((0, 5), (10, 5), (4, -1, 6, 1))
    (True, False)
    """
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if pk == 0:
            if qk < 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _crosses(a: tuple, b: tuple, c: tuple, d: tuple) -> bool:
    """Whether segments a–b and c–d cross (sharing an end does not count)."""
    if len({a, b, c, d}) < 4:
        return False

    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (orient(a, b, c) * orient(a, b, d) < 0) and (orient(c, d, a) * orient(c, d, b) < 0)


def _band_patterns(n: int) -> list[list[tuple[float, float]]]:
    """Candidate slots (centre offsets) for *n* theme boxes in one band: a row, a zigzag, two rows, a brick."""
    pitch_x, pitch_y = THEME_BOX_W + BOX_GAP_X, THEME_BOX_H + BOX_GAP_Y
    row = [((i - (n - 1) / 2) * pitch_x, 0.0) for i in range(n)]
    out = [row]
    if n >= 3:
        out.append([(x, (i % 2) * pitch_y) for i, (x, _) in enumerate(row)])
    if n >= 4:
        cols = math.ceil(n / 2)
        grid = [((i % cols - (cols - 1) / 2) * pitch_x, (i // cols) * pitch_y) for i in range(n)]
        out.append(grid)
        out.append([(x + (pitch_x / 2 if y else 0.0), y) for x, y in grid])
    return out


#: The explore canvas at 1280×800, in px: a drawing this shape fills it at the largest zoom.
CANVAS_W, CANVAS_H = 716.0, 540.0


def _score(pos: dict[str, tuple[float, float]], edges: list[tuple[str, str]]) -> tuple:
    """How small the drawing must be shrunk to fit the canvas (coarse), lines through boxes, crossings, length.

    Less is better; the first term keeps labels large on a laptop, the others keep the lines readable.
    """
    half_w, half_h = THEME_BOX_W / 2 + LINE_CLEARANCE, THEME_BOX_H / 2 + LINE_CLEARANCE
    boxes = {n: (x - half_w, y - half_h, x + half_w, y + half_h) for n, (x, y) in pos.items()}
    hits = sum(1 for u, v in edges for w, box in boxes.items()
               if w not in (u, v) and _segment_hits_box(pos[u], pos[v], box))
    segs = [(pos[u], pos[v]) for u, v in edges]
    crossings = sum(1 for i, (a, b) in enumerate(segs) for c, d in segs[i + 1:] if _crosses(a, b, c, d))
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    width = max(xs) - min(xs) + THEME_BOX_W + 80  # 80: the band names up the left side
    height = max(ys) - min(ys) + THEME_BOX_H
    shrink = round(max(width / CANVAS_W, height / CANVAS_H) / 0.05)
    length = sum(math.dist(pos[u], pos[v]) for u, v in edges)
    return shrink, hits, crossings, round(length)


def theme_positions(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Centres of the theme boxes for the explorer's first view: one band per level, no line through a box.

    Each band's themes sit in a row, a zigzag, two rows or a brick pattern, in
    the order that (first) fills a laptop-sized canvas best (largest labels),
    then keeps most influence lines clear of the boxes they do not join (the
    rest bend around them, see :func:`line_routes`), then crosses fewest lines,
    then draws the shortest ones. The influences considered are those between the
    themes of *G* rolled up (:func:`graph.query.rollup.rolled_up`), whatever a filter
    hides later, so positions never jump. Deterministic.

    The search scores arrangements band by band (up to three sweeps) within
    :data:`THEME_SEARCH_BUDGET` units of work (:data:`WORK`), whatever the package:
    when every order of every band would not fit, each band tries only its first
    orders (every pattern), and the search stops with the best arrangement found
    once the budget is spent. Above :data:`MAX_SEARCHED_THEMES` themes, or when not
    even two arrangements fit, the themes keep the table's order in rows.

    Parameters
    ----------
    G : the knowledge graph (or any graph whose theme nodes carry ``level_rank``).

    Returns
    -------
    ``{theme_id: (x, y)}``, y growing downwards, bands top to bottom by level rank
    (computed once per graph; do not modify it).

    Examples
    --------
    >>> from graph import load_graph
    >>> pos = theme_positions(load_graph())
    >>> len(pos), pos["regulatory-political"][1] < pos["hrm-policies"][1] < pos["psw-wellbeing"][1]
    (9, True)
    >>> theme_positions(load_graph()) == pos
    True
    """
    return memo(G, "theme-positions", None, lambda: _place_themes(G))


def _place_themes(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """:func:`theme_positions`, computed."""
    from graph.query.filters import filter_influences
    from graph.query.rollup import rolled_up

    themes = [(n, a) for n, a in _factors(G) if a.get("factor_kind") == "theme"]
    bands: dict[int, list[str]] = {}
    for n, a in themes:
        bands.setdefault(int(a["level_rank"]), []).append(n)
    ranks = sorted(bands)
    is_kg = isinstance(G, nx.MultiDiGraph) and any(k == "evidence" for _, k in G.nodes(data="kind"))
    edges = sorted(rolled_up(filter_influences(G), G).edges) if is_kg else []
    choice = {r: (0, tuple(bands[r])) for r in ranks}

    def place(ch: dict[int, tuple[int, tuple[str, ...]]]) -> dict[str, tuple[float, float]]:
        pos: dict[str, tuple[float, float]] = {}
        top = 0.0
        for r in ranks:
            k, order = ch[r]
            slots = _band_patterns(len(order))[k]
            for n, (x, y) in zip(order, slots):
                pos[n] = (round(x, 1), round(top + y, 1))
            top += max(y for _, y in slots) + THEME_BOX_H + BOX_BAND_GAP
        return pos

    # the search is for a framework-sized drawing; a package with many themes keeps the table's order
    sweeps = 3 if len(themes) <= MAX_SEARCHED_THEMES else 0
    per_score = _score_work(len(themes), len(edges))
    allowed = THEME_SEARCH_BUDGET // per_score  # arrangements scored, the first (the table's) included
    if not sweeps or allowed < 2:
        return place(choice)
    WORK["theme-search"] += per_score
    best = _score(place(choice), edges)
    allowed -= 1
    patterns = {r: len(_band_patterns(len(bands[r]))) for r in ranks}
    per_sweep = sum(patterns[r] * min(math.factorial(len(bands[r])), 720) for r in ranks)
    # within the budget: every order (up to 720) of every band; else the first few orders of each, every pattern
    n_orders = 720 if sweeps * per_sweep <= allowed else max(1, allowed // (sweeps * sum(patterns.values())))
    for _ in range(sweeps):  # coordinate descent over the bands
        improved = False
        for r in ranks:
            orders = list(itertools.islice(itertools.permutations(bands[r]), n_orders))
            for k in range(patterns[r]):
                for order in orders:
                    if allowed <= 0:  # the budget is spent: keep the best arrangement found so far
                        return place(choice)
                    allowed -= 1
                    trial = {**choice, r: (k, order)}
                    WORK["theme-search"] += per_score
                    s = _score(place(trial), edges)
                    if s < best:
                        best, choice, improved = s, trial, True
        if not improved:
            break
    return place(choice)


def _score_work(n_themes: int, n_edges: int) -> int:
    """The work (:data:`WORK` units) of scoring one arrangement: each theme placed, each line against each
    box, each pair of lines for a crossing.

    >>> _score_work(9, 35)
    919
    """
    return max(1, n_themes + n_edges * n_themes + n_edges * (n_edges - 1) // 2)


def _box_of(p: tuple[float, float], margin: float = LINE_CLEARANCE) -> tuple[float, float, float, float]:
    half_w, half_h = THEME_BOX_W / 2 + margin, THEME_BOX_H / 2 + margin
    return p[0] - half_w, p[1] - half_h, p[0] + half_w, p[1] + half_h


def _clear(points: list[tuple[float, float]], boxes: dict[str, tuple], skip: set[str]) -> bool:
    return not any(_segment_hits_box(a, b, box) for a, b in itertools.pairwise(points)
                   for n, box in boxes.items() if n not in skip)


def line_routes(pos: dict[str, tuple[float, float]],
                edges: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Bends for the influence lines that a straight line would draw through a theme box.

    Each such line gets the shortest route through points in the gaps between
    boxes (a shortest path in their visibility graph; a gap that other lines
    already cross counts as longer) that keeps clear of every box it does not
    join; lines already clear get no bend.

    The work is bounded by :data:`ROUTING_BUDGET` (:data:`WORK` units), whatever the
    package: an arrangement with too many gaps gets no routes at all (every line
    straight), and once the budget is spent the remaining lines stay straight.
    Deterministic (the same lines bend whether or not the visibility graph is cached).

    Parameters
    ----------
    pos : box centres, e.g. from :func:`theme_positions`. edges : (source, target) pairs.

    Returns
    -------
    ``{(source, target): [(x, y), ...]}`` for the lines that bend.

    Examples
    --------
    >>> pos = {"a": (0.0, 0.0), "b": (256.0, 0.0), "c": (512.0, 0.0)}
    >>> bends = line_routes(pos, [("a", "b"), ("a", "c")])
    >>> list(bends), len(bends["a", "c"])
    ([('a', 'c')], 2)
    """
    if len(pos) > MAX_ROUTED_THEMES:  # the visibility graph grows with the square of the gaps
        return {}
    placed = tuple(sorted((n, float(x), float(y)) for n, (x, y) in pos.items()))
    cand_x, cand_y = _gap_lines(placed)
    left = ROUTING_BUDGET - _visibility_work(len(placed), len(cand_x) * len(cand_y))
    if left < 0:  # too many gaps to find routes in: every line straight (charged whether or not kept)
        return {}
    boxes = {n: _box_of(p) for n, p in pos.items()}
    vis = _visibility(placed)
    per_search = len(boxes) + 2 * vis.number_of_edges() + vis.number_of_nodes()  # at most, per line routed
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    used: dict[tuple[float, float], int] = {}  # a gap already crossed by lines costs more (spread them out)
    for u, v in edges:
        if left < per_search:  # the budget is spent: the remaining lines are drawn straight
            break
        left -= per_search
        WORK["routing"] += per_search
        ends = {("end", u), ("end", v)}
        if _clear([pos[u], pos[v]], boxes, {u, v}):
            continue

        def cost(a, b, data, ends=ends):  # only this line's own ends; a busy gap costs more
            if a[0] == "end" and a not in ends or b[0] == "end" and b not in ends:
                return None
            return data["length"] + 90 * (used.get(a, 0) + used.get(b, 0)) / 2
        try:
            path = nx.shortest_path(vis, ("end", u), ("end", v), weight=cost)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        routes[(u, v)] = path[1:-1]
        for w in path[1:-1]:
            used[w] = used.get(w, 0) + 1
    return _separate(pos, edges, routes)


#: Distance between lines that would otherwise run along the same stretch (model px); at most
#: :data:`MAX_LANE_SHIFT` from where the route was found, so a shifted line still clears the boxes.
LANE, MAX_LANE_SHIFT = 12.0, 18.0


def _line_key(p: tuple[float, float], q: tuple[float, float]) -> tuple[tuple, float, float, tuple] | None:
    """The straight line through p and q (direction and distance from the origin, rounded), where p and q lie
    along it, and its unit normal; ``None`` for a point."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return None
    ux, uy = dx / length, dy / length
    if ux < -1e-9 or (abs(ux) <= 1e-9 and uy < 0):  # one direction per line, whichever way it is drawn
        ux, uy = -ux, -uy
    n = (-uy, ux)
    a, b = sorted((p[0] * ux + p[1] * uy, q[0] * ux + q[1] * uy))
    return (round(ux, 3), round(uy, 3), round(p[0] * n[0] + p[1] * n[1])), a, b, n


def _meet(p: tuple[float, float], d1: tuple[float, float], q: tuple[float, float],
          d2: tuple[float, float]) -> tuple[float, float] | None:
    """Where the line through p along d1 meets the line through q along d2 (``None`` when nearly parallel)."""
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(cross) < 1e-6:
        return None
    t = ((q[0] - p[0]) * d2[1] - (q[1] - p[1]) * d2[0]) / cross
    return p[0] + t * d1[0], p[1] + t * d1[1]


def _separate(pos: dict[str, tuple[float, float]], edges: list[tuple[str, str]],
              routes: dict[tuple[str, str], list[tuple[float, float]]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """*routes* with lines that would run along the same stretch moved apart into lanes :data:`LANE` px apart.

    Two bent lines through the same gap (or a bent line along a straight one) would share a segment, so
    that each seems to reach both ends ("H" shapes, false two-headed arrows). Each stretch that several
    lines share gets one lane per line (a straight line keeps its place); a line's bends move to where its
    shifted segments meet, and a shifted first or last segment gets a bend just outside its box so that it
    stays in its lane up to the box.

    >>> pos = {"a": (0.0, 0.0), "b": (100.0, 0.0), "c": (0.0, 300.0), "d": (100.0, 300.0)}
    >>> routes = {("a", "d"): [(0.0, 150.0), (100.0, 150.0)], ("b", "c"): [(100.0, 150.0), (0.0, 150.0)]}
    >>> moved = _separate(pos, [("a", "d"), ("b", "c")], routes)
    >>> sorted({y for pts in moved.values() for _, y in pts if 100 < y < 200})
    [144.0, 156.0]
    """
    edge_set = set(edges)
    paths = {e: [pos[e[0]], *routes[e], pos[e[1]]] for e in edges if e in routes}
    straight = {e for e in edges if e not in routes and (e[1], e[0]) not in edge_set}  # a mutual pair is curved
    paths.update({e: [pos[e[0]], pos[e[1]]] for e in straight})
    lines: dict[tuple, list[tuple[float, float, tuple[str, str], int, tuple]]] = {}
    for e, pts in sorted(paths.items()):
        for k, (p, q) in enumerate(itertools.pairwise(pts)):
            got = _line_key(p, q)
            if got:
                key, a, b, n = got
                lines.setdefault(key, []).append((a, b, e, k, n))
    shift: dict[tuple[tuple[str, str], int], tuple[float, float]] = {}
    for segs in lines.values():
        segs.sort()
        group: list = []
        reach = -math.inf  # where the run so far ends
        for seg in [*segs, None]:  # runs of overlapping (or touching) segments
            if seg is not None and group and seg[0] <= reach + 1.0:
                group.append(seg)
                reach = max(reach, seg[1])
                continue
            owners = list(dict.fromkeys(g[2] for g in group))
            if len(owners) > 1:
                fixed = [o for o in owners if o in straight]
                moving = [o for o in owners if o not in straight]
                step = min(LANE, MAX_LANE_SHIFT / max(len(moving) // 2 + len(moving) % 2 if fixed
                                                      else (len(moving) - 1) / 2, 1))
                if fixed:
                    offsets = [step * ((i // 2) + 1) * (1 if i % 2 == 0 else -1) for i in range(len(moving))]
                else:
                    offsets = [step * (i - (len(moving) - 1) / 2) for i in range(len(moving))]
                by_owner: dict[tuple[str, str], list] = {}
                for g in group:
                    by_owner.setdefault(g[2], []).append(g)
                for o, off in zip(moving, offsets, strict=True):
                    for g in by_owner[o]:
                        shift[(o, g[3])] = (off * g[4][0], off * g[4][1])
            group = [seg] if seg is not None else []
            reach = seg[1] if seg is not None else -math.inf
    out = dict(routes)
    for e, pts in paths.items():
        if e not in routes or not any((e, k) in shift for k in range(len(pts) - 1)):
            continue
        segs = []
        for k, (p, q) in enumerate(itertools.pairwise(pts)):
            sx, sy = shift.get((e, k), (0.0, 0.0))
            length = math.dist(p, q) or 1.0
            segs.append(((p[0] + sx, p[1] + sy), ((q[0] - p[0]) / length, (q[1] - p[1]) / length), (sx, sy)))

        def in_lane(k: int, sign: int, segs: list = segs, pts: list = pts) -> list[tuple[float, float]]:
            """A bend just outside the box at the end of segment *k*, in its lane (none if it keeps its place)."""
            (sx, sy), d = segs[k][2], segs[k][1]
            reach = min((THEME_BOX_W / 2 + 8) / abs(d[0]) if d[0] else math.inf,
                        (THEME_BOX_H / 2 + 8) / abs(d[1]) if d[1] else math.inf)
            if (sx, sy) == (0.0, 0.0) or reach >= math.dist(pts[k], pts[k + 1]) - 4:
                return []
            end = pts[0] if sign > 0 else pts[-1]
            return [(end[0] + sx + sign * reach * d[0], end[1] + sy + sign * reach * d[1])]

        bends = in_lane(0, 1)
        for j in range(1, len(pts) - 1):
            (p1, d1, s1), (p2, d2, s2) = segs[j - 1], segs[j]
            at = _meet(p1, d1, p2, d2)
            if at is None or math.dist(at, pts[j]) > 2 * MAX_LANE_SHIFT + 1:
                at = (pts[j][0] + (s1[0] + s2[0]) / 2, pts[j][1] + (s1[1] + s2[1]) / 2)
            bends.append(at)
        bends += in_lane(len(segs) - 1, -1)
        out[e] = [(round(x, 1), round(y, 1)) for x, y in bends]
    return out


def _gap_lines(placed: tuple[tuple[str, float, float], ...]) -> tuple[list[float], list[float]]:
    """The x and the y of the lines through the gaps between boxes centred at *placed* ``(id, x, y)``
    (and round the arrangement) on which :func:`_visibility` puts its waypoints.

    >>> xs, ys = _gap_lines((("a", 0.0, 0.0), ("b", 244.0, 0.0)))
    >>> xs, len(ys)
    ([-122.0, 0.0, 122.0, 244.0, 366.0], 3)
    """
    xs = sorted({x for _, x, _ in placed})
    ys = sorted({y for _, _, y in placed})
    pitch = THEME_BOX_W + BOX_GAP_X
    cand_x = sorted({*xs, *((a + b) / 2 for a, b in itertools.pairwise(xs)), xs[0] - pitch / 2, xs[-1] + pitch / 2,
                     *(x + d for x in xs for d in (-pitch / 2, pitch / 2))}) if xs else []
    above = THEME_BOX_H / 2 + LINE_CLEARANCE + 4
    cand_y = sorted({*ys, *((a + b) / 2 for a, b in itertools.pairwise(ys)), ys[0] - above, ys[-1] + above}) if ys else []
    return cand_x, cand_y


def _visibility_work(n_boxes: int, n_points: int) -> int:
    """The most work (:data:`WORK` units) :func:`_visibility` does for *n_boxes* boxes and *n_points* grid
    points: each point against each box, then each pair of waypoints and each box centre with each waypoint,
    a segment against every box.

    >>> _visibility_work(3, 10)
    255
    """
    return n_points * n_boxes + (n_points * (n_points - 1) // 2 + n_boxes * n_points) * n_boxes


@functools.lru_cache(maxsize=64)
def _visibility(placed: tuple[tuple[str, float, float], ...]) -> nx.Graph:
    """The visibility graph of the gaps between boxes centred at *placed* ``(id, x, y)``, kept per arrangement.

    Nodes: waypoints in the gaps, joined when a straight line between them clears every
    box, and ``("end", id)`` for each box's centre, joined to the waypoints its centre sees
    (clear of every other box). Edges carry ``length``. Shared: do not modify it.
    """
    pos = {n: (x, y) for n, x, y in placed}
    boxes = {n: _box_of(p) for n, p in pos.items()}
    cand_x, cand_y = _gap_lines(placed)
    WORK["routing"] += _visibility_work(len(placed), len(cand_x) * len(cand_y))
    inside = list(boxes.values())
    waypoints = [(x, y) for x in cand_x for y in cand_y
                 if not any(b[0] < x < b[2] and b[1] < y < b[3] for b in inside)]
    vis = nx.Graph()
    vis.add_nodes_from(waypoints)
    for a, b in itertools.combinations(waypoints, 2):
        if _clear([a, b], boxes, set()):
            vis.add_edge(a, b, length=math.dist(a, b))
    for end, p in pos.items():
        for w in waypoints:
            if _clear([p, w], boxes, {end}):
                vis.add_edge(("end", end), w, length=math.dist(p, w))
    return nx.freeze(vis)


def _block_sizes(V: nx.DiGraph) -> dict[str, tuple[float, float, int]]:
    """(width, height, columns) of each theme's block in view *V*: a box if closed, a grid of sub-themes if open."""
    kids: dict[str, int] = {}
    for _, a in V.nodes(data=True):
        if a.get("factor_kind") == "subtheme":
            kids[a["theme"]] = kids.get(a["theme"], 0) + 1
    out = {}
    for n, a in V.nodes(data=True):
        if a.get("factor_kind") != "theme":
            continue
        k = kids.get(n, 0)
        if not k:
            out[n] = (THEME_BOX_W, THEME_BOX_H, 0)
        else:
            cols, rows = _cluster_shape(k, MAX_COLS)
            out[n] = (max(cols * CELL_W, 240.0), rows * CELL_H + TITLE_H + 50.0, cols)  # 50: last row's labels
    return out


def view_positions(V: nx.DiGraph, G: nx.Graph, layout: str = "bands") -> dict[str, tuple[float, float]]:
    """Positions for the explorer's view *V* (:func:`graph.query.rollup.rolled_up`) in one of :data:`VIEW_LAYOUTS`.

    ``bands``: the themes alone use :func:`theme_positions`; an open theme
    becomes a grid of its sub-themes and the rows of that arrangement spread to
    make room for it (closed themes keep their boxes and their order); with
    most themes open, :func:`factor_positions` (bands :data:`OPEN_BAND_SPREAD` further apart). ``force`` (a seeded spring layout
    of the themes) and ``circle`` place each theme's block (its box, or its
    grid of sub-themes) and then spread the blocks until no two overlap.

    Parameters
    ----------
    V : the view. G : the knowledge graph. layout : a key of :data:`VIEW_LAYOUTS` or :data:`LAYOUT_ALIASES`.

    Returns
    -------
    ``{node: (x, y)}`` for every factor of *V* except open themes (their box follows their sub-themes).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.rollup import rolled_up
    >>> from graph.query.filters import filter_influences
    >>> G = load_graph()
    >>> V = rolled_up(filter_influences(G), G, ["psw-wellbeing"])
    >>> pos = view_positions(V, G, "circle")
    >>> "self-care" in pos and "psw-wellbeing" not in pos and "hrm-policies" in pos
    True
    >>> view_positions(V, G, "force") == view_positions(V, G, "force")
    True
    """
    layout = LAYOUT_ALIASES.get(layout, layout)
    if layout not in VIEW_LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(VIEW_LAYOUTS)}, not {layout!r}")
    sizes = _block_sizes(V)
    open_themes = {n for n, (_, _, cols) in sizes.items() if cols}
    themes = sorted(sizes, key=lambda t: (V.nodes[t]["level_rank"], t))
    if layout == "bands":
        first = theme_positions(G)
        if not open_themes:
            return {n: p for n, p in first.items() if n in V}
        if len(open_themes) > len(first) / 2:  # mostly open: the sub-theme clusters shaped to the canvas
            pos = factor_positions(G)
            ranks = sorted({V.nodes[n].get("level_rank", 0) for n in V})  # bands spread: room for routed lines
            shift = {r: k * OPEN_BAND_SPREAD for k, r in enumerate(ranks)}
            return {n: (pos[n][0], pos[n][1] + shift[V.nodes[n].get("level_rank", 0)])
                    for n in V if n in pos and n not in open_themes}
        return _place_grids(V, sizes, _grown_bands(themes, first, sizes))
    if layout == "circle":
        unit = nx.circular_layout(themes) if len(themes) > 1 else {themes[0]: (0.0, 0.0)} if themes else {}
    else:
        T = nx.Graph()
        T.add_nodes_from(themes)
        T.add_edges_from((V.nodes[u].get("theme", u), V.nodes[v].get("theme", v)) for u, v in V.edges)
        T.remove_edges_from(nx.selfloop_edges(T))
        unit = nx.spring_layout(T, seed=7) if len(themes) > 1 else {t: (0.0, 0.0) for t in themes}
    scale = 1.0
    centres: dict[str, tuple[float, float]] = {}
    for a, b in itertools.combinations(themes, 2):
        dx, dy = abs(unit[a][0] - unit[b][0]), abs(unit[a][1] - unit[b][1])
        need_x = (sizes[a][0] + sizes[b][0]) / 2 + BOX_GAP_X
        need_y = (sizes[a][1] + sizes[b][1]) / 2 + BOX_GAP_Y
        scale = max(scale, min(need_x / dx if dx else math.inf, need_y / dy if dy else math.inf))
    for t in themes:
        centres[t] = (float(unit[t][0]) * scale, float(unit[t][1]) * scale)
    return _place_grids(V, sizes, centres)


def _grown_bands(themes: list[str], first: dict[str, tuple[float, float]],
                 sizes: dict[str, tuple[float, float, int]]) -> dict[str, tuple[float, float]]:
    """Block centres in the first view's arrangement, rows and bands spread so that open themes fit.

    Each row of :func:`theme_positions` keeps its order; its blocks are spaced
    by their widths (centred where the row was) and each row is as tall as its
    tallest block, rows stacked in their order (so bands stay in level order),
    :data:`OPEN_ROW_GAP` apart (room for the routed lines between them).
    """
    rows: dict[float, list[str]] = {}
    for t in themes:
        if t in first:
            rows.setdefault(first[t][1], []).append(t)
    out: dict[str, tuple[float, float]] = {}
    top = 0.0
    for y in sorted(rows):
        row = sorted(rows[y], key=lambda t: first[t][0])
        widths = [sizes[t][0] for t in row]
        total = sum(widths) + BOX_GAP_X * (len(row) - 1)
        centre = sum(first[t][0] for t in row) / len(row)
        x = centre - total / 2
        height = max(sizes[t][1] for t in row)
        for t, w in zip(row, widths):
            out[t] = (round(x + w / 2, 1), round(top + height / 2, 1))
            x += w + BOX_GAP_X
        top += height + OPEN_ROW_GAP
    return out


def _place_grids(V: nx.DiGraph, sizes: dict[str, tuple[float, float, int]],
                 centres: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Closed themes at their block centre; an open theme's sub-themes in a grid under its title."""
    pos: dict[str, tuple[float, float]] = {}
    kids_of: dict[str, list[str]] = {}  # one pass over the view, not one per open theme
    for n, a in V.nodes(data=True):
        if a.get("factor_kind") == "subtheme":
            kids_of.setdefault(a["theme"], []).append(n)
    for t, (cx, cy) in centres.items():
        _, h, cols = sizes[t]
        if not cols:
            pos[t] = (round(cx, 1), round(cy, 1))
            continue
        kids = kids_of.get(t, [])
        for i, k in enumerate(kids):
            r, c = divmod(i, cols)
            in_row = min(cols, len(kids) - r * cols)
            pos[k] = (round(cx + (c - (in_row - 1) / 2) * CELL_W, 1),
                      round(cy - h / 2 + TITLE_H + (r + 0.5) * CELL_H, 1))
    return pos
