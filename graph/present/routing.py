"""Influence lines of a view with open themes, routed around every drawn label on a grid of tracks.

Once a theme is opened, its sub-themes sit in a tight grid, each dot with its
name under it, and a straight line between two factors crosses the names in
between. :func:`grid_routes` finds each line a path through the free space (the
gaps between names, boxes and grids) on a grid of :data:`TRACK` model px: a
name, a dot or a closed theme's box is a wall to every line but its own, and a
track another line already runs along costs more than a free one, so lines take
tracks of their own (at least :data:`TRACK` px apart) and meet only where they
cross (once, squarely: a cell another line takes and a zigzag cost more). Where
lines are still drawn along each other (off the grid: at a dot's rim, at a
port), :func:`shared_stretches` finds them, as the browser measures the drawing,
and one line of each pair is routed again away from the other. A line leaves a
dot at its rim, aimed at where its path last leaves the dot. :func:`obstacles`
is where the explorer draws the walls.

>>> boxes = {"a": [(0, 0, 20, 20)], "b": [(200, 0, 220, 20)], "w": [(90, -40, 130, 60)]}
>>> pos = {"a": (10.0, 10.0), "b": (210.0, 10.0)}
>>> bends = grid_routes(pos, boxes, [("a", "b")])[("a", "b")]
>>> all(not 90 < x < 130 or not -40 < y < 60 for x, y in bends)  # around the wall w, not through it
True
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Mapping

import networkx as nx

from graph.present.layout import THEME_BOX_H, THEME_BOX_W, WORK, _segment_hits_box, short_label
from graph.present.style import node_size

__all__ = ["ROUTED_LINES_AT_MOST", "ROUTED_WORK_BUDGET", "TRACK", "frame_sizing", "frames", "grid_routes", "obstacles", "path_hits", "routing_order"]

#: Distance between the grid's tracks, in model px (about 8 px on screen at the zoom an open view is drawn at).
TRACK = 12.0
#: The most grid steps (:data:`graph.present.layout.WORK` ``"grid-routing"``) one view's routing may take:
#: past it, the remaining lines are drawn straight. The bundled data's largest view (every sub-theme, 103
#: lines) takes about 0.31 M; a million steps is about 12 s of one core.
ROUTED_WORK_BUDGET = 1_000_000
#: A view with more lines than this is not grid-routed (its lines bend round the theme boxes only, as a view of
#: more than 16 themes is drawn): at K = 10 one opened theme (257 lines) took the whole budget, 40 s, per click.
ROUTED_LINES_AT_MOST = 150
#: Cost of a step along a track another line already runs along (a free step costs 1), of a bend, and of a
#: step through the line's own end's name (allowed, but lines rather arrive from above or the side).
SHARED_COST, BEND_COST, OWN_LABEL_COST = 30.0, 2.5, 4.0
#: Cost of a step along a track another line already takes round one of this line's own ends (its dot, its name):
#: lines leaving one dot fan out rather than leave it on one track (low, so that they do not cross its name instead).
OWN_SHARED_COST = 3.0
#: Cost of a step into a cell another line crosses or bends at (lines cross once, squarely, rather than zigzag
#: over each other), and of a zigzag's turn (a right angle between diagonals) or a sharper one.
CROSS_COST, SHARP_TURN_COST = 4.0, 12.0
#: Two lines drawn under APART model px apart, nearly parallel, for ALONG px or more, further than END_CLEAR from
#: an end they share, run along each other (:func:`shared_stretches`; about what the browser tests measure at
#: the zoom an open view is drawn at on a laptop, 6 px, 12 px and 24 px on screen; ALONG shorter, 8 px, as a
#: stretch the drawing's arrows and ends make a little longer than the bends do): one of them is routed again,
#: each step along the other costing AVOID_COST more, up to REROUTE_ROUNDS times.
APART, ALONG, END_CLEAR, AVOID_COST, REROUTE_ROUNDS = 9.0, 12.0, 32.0, 30.0, 8
#: Cost of a step through another factor's wall: a line crosses a name only where no path goes round
#: (say, its port is boxed in), so every line gets a path.
FOREIGN_COST = 150.0
#: How much more the A* search trusts its estimate of the distance left than a shortest path would: searches
#: expand far fewer cells, and a path is at most this much longer than the cheapest.
HEURISTIC_WEIGHT = 1.1
#: Room kept round a wall, in model px; tracks round all walls that lines may take.
MARGIN, ROOM = 6.0, 5
#: Sub-theme names as drawn (cytoscape's node style): font size, line height, wrap width (px).
LABEL_FONT, LABEL_LINE, LABEL_WRAP = 18.0, 1.1, 155.0
#: An open theme's title: font size, wrap width; a wide and a narrow character's width as a share of the font
#: size (measured in headless Chromium: every name fits these estimates).
TITLE_FONT, TITLE_WRAP, CHAR_W, CHAR_W_NARROW = 22.0, 200.0, 0.62, 0.54
#: Padding cytoscape draws round an open theme's sub-themes (its style's 10 px and the border).
FRAME_PAD = 12.0
#: A theme drawn as a dot (the path finder's square, its name under it: cytoscape's ``node.theme.leaf`` style):
#: its name's wrap width, at :data:`TITLE_FONT`.
THEME_NAME_WRAP = 210.0

Box = tuple[float, float, float, float]
_DIRS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)]  # axis: index // 2


def _wrapped(text: str, font: float, wrap: float) -> tuple[float, int]:
    """Width (px) and number of lines of *text* as cytoscape draws it wrapped at *wrap* px, estimated on the
    wide side (a name of several lines as wide as the wrap; lines counted with a narrow character, so never
    fewer than drawn), with the text outline.

    >>> _wrapped("Hiring criteria and procedures", 18.0, 155.0), _wrapped("Self-care", 18.0, 155.0)
    ((161.0, 2), (106.4, 1))
    """
    per_line = max(1, int(wrap // (font * CHAR_W_NARROW)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 1:
        return wrap + 6, len(lines)
    return round(len(text) * font * CHAR_W + 6, 1), 1


def obstacles(V: nx.DiGraph, pos: dict[str, tuple[float, float]], *, theme_dots: bool = False,
              rims: Mapping[str, float] | None = None) -> dict[str, list[Box]]:
    """Where the explorer draws each factor of view *V* at *pos*: walls that lines not ending there go round.

    A sub-theme: its dot and its name under it; a closed theme: its box (with *theme_dots*, as the path finder
    draws it: a dot as large as its evidence, its name under it in bold); an open theme: its title above
    its sub-themes' grid. Sizes follow the explorer's stylesheet (names estimated on the wide side); *rims*:
    how far past its size a factor's dot is drawn (``{factor: px}``: half its border, and the 1 px cytoscape's
    bounds of a node add), else none.

    >>> V = nx.DiGraph()
    >>> V.add_node("t", factor_kind="theme", label="Team", evidence_count=3)
    >>> V.add_node("s", factor_kind="subtheme", theme="t", label="Peer support", evidence_count=3)
    >>> walls = obstacles(V, {"s": (0.0, 0.0)})
    >>> [len(walls["s"]), len(walls["t"])]
    [2, 1]
    >>> [len(w) for w in obstacles(V, {"t": (0.0, 0.0)}, theme_dots=True).values()]  # a dot and its name
    [2]
    """
    counts = [a.get("evidence_count", 0) for _, a in V.nodes(data=True) if not a.get("container")]
    most = max(counts, default=0)
    kids: dict[str, list[str]] = {}
    for n, a in V.nodes(data=True):
        if a.get("factor_kind") == "subtheme" and n in pos:
            kids.setdefault(a.get("theme", ""), []).append(n)
    out: dict[str, list[Box]] = {}
    rims = rims or {}
    radius = {n: node_size(a.get("evidence_count", 0), most) / 2 + rims.get(n, 0.0) for n, a in V.nodes(data=True)}
    for n, a in V.nodes(data=True):
        if n in kids:  # an open theme: its title just above its box
            top = min(pos[k][1] - radius[k] for k in kids[n]) - FRAME_PAD + 2
            xs = [pos[k][0] for k in kids[n]]
            cx = (min(xs) + max(xs)) / 2
            w, lines = _wrapped(short_label(a.get("label", n)), TITLE_FONT, TITLE_WRAP)
            h = lines * TITLE_FONT * 1.1 + 6
            out[n] = [(cx - w / 2, top - h, cx + w / 2, top)]
            continue
        if n not in pos:
            continue
        x, y = pos[n]
        if a.get("factor_kind") == "subtheme" or theme_dots:
            r = radius[n]
            font, wrap = (LABEL_FONT, LABEL_WRAP) if a.get("factor_kind") == "subtheme" else (TITLE_FONT, THEME_NAME_WRAP)
            w, lines = _wrapped(short_label(a.get("label", n)), font, wrap)
            h = lines * font * LABEL_LINE + 7
            out[n] = [(x - r, y - r, x + r, y + r), (x - w / 2, y + r, x + w / 2, y + r + h)]
        else:
            out[n] = [(x - THEME_BOX_W / 2, y - THEME_BOX_H / 2, x + THEME_BOX_W / 2, y + THEME_BOX_H / 2)]
    return out


def frames(V: nx.DiGraph, walls: dict[str, list[Box]]) -> dict[str, Box]:
    """The box cytoscape draws round each open theme of *V*: its sub-themes' dots and names, :data:`FRAME_PAD` round.

    >>> V = nx.DiGraph()
    >>> V.add_node("t", factor_kind="theme")
    >>> V.add_node("s", factor_kind="subtheme", theme="t")
    >>> frames(V, {"s": [(0, 0, 10, 10), (-20, 14, 30, 40)], "t": [(-5, -30, 15, -12)]})
    {'t': (-32.0, -12.0, 42.0, 52.0)}
    """
    out: dict[str, Box] = {}
    for n, a in V.nodes(data=True):
        if a.get("factor_kind") == "subtheme" and n in walls:
            got = out.get(a.get("theme", ""))
            for b in walls[n]:
                got = b if got is None else (min(got[0], b[0]), min(got[1], b[1]), max(got[2], b[2]), max(got[3], b[3]))
            if got is not None:
                out[a.get("theme", "")] = got
    return {t: (b[0] - FRAME_PAD, b[1] - FRAME_PAD, b[2] + FRAME_PAD, b[3] + FRAME_PAD) for t, b in out.items()}


def frame_sizing(V: nx.DiGraph, walls: dict[str, list[Box]]) -> dict[str, dict[str, float]]:
    """What cytoscape is told so that it draws each open theme's box of *V* exactly where :func:`frames` puts it
    (routed lines leave and reach the box, and bend, relative to its centre).

    Cytoscape sizes the box round its sub-themes' dots alone (their names left out: they are only estimated
    here), at least ``minw`` × ``minh`` (the dots and names of :func:`obstacles`), the room the names need put
    on each side as the dots leave it (``bl``, ``br``, ``bt``, ``bb``: its ``min-width-bias-left`` and so on);
    its padding then makes the :data:`FRAME_PAD` round.

    >>> V = nx.DiGraph()
    >>> V.add_node("t", factor_kind="theme")
    >>> V.add_node("s", factor_kind="subtheme", theme="t")
    >>> frame_sizing(V, {"s": [(0.0, 0.0, 10.0, 10.0), (-20.0, 10.0, 40.0, 40.0)]})
    {'t': {'minw': 60.0, 'minh': 40.0, 'bl': 20.0, 'br': 30.0, 'bt': 0.0, 'bb': 30.0}}
    """
    dots: dict[str, Box] = {}
    every: dict[str, Box] = {}
    for n, a in V.nodes(data=True):
        if a.get("factor_kind") == "subtheme" and n in walls:
            t = a.get("theme", "")
            for into, boxes in ((dots, walls[n][:1]), (every, walls[n])):
                for b in boxes:
                    got = into.get(t, b)
                    into[t] = (min(got[0], b[0]), min(got[1], b[1]), max(got[2], b[2]), max(got[3], b[3]))
    return {t: {"minw": round(u[2] - u[0], 1), "minh": round(u[3] - u[1], 1),
                "bl": round(d[0] - u[0], 1), "br": round(u[2] - d[2], 1),
                "bt": round(d[1] - u[1], 1), "bb": round(u[3] - d[3], 1)}
            for t, u in every.items() for d in [dots[t]]}


def _side(box: Box, toward: tuple[float, float], title: Box | None = None) -> int:
    """The side of *box* facing *toward*: 0 left, 1 right, 2 top, 3 bottom (relative to the box's shape); not the
    top where a *title* over it leaves no room beside it for a port (a theme's name wider than its box).

    >>> _side((0, 0, 200, 80), (100, -300)), _side((0, 0, 200, 80), (500, 60))
    (2, 1)
    >>> _side((0, 0, 200, 80), (150, -300), title=(-10, -60, 210, 2))
    1
    """
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    dx, dy = (toward[0] - cx) / max(box[2] - box[0], 1), (toward[1] - cy) / max(box[3] - box[1], 1)
    if abs(dy) >= abs(dx) and (dy > 0 or title is None or _beside(box, title)):
        return 3 if dy > 0 else 2
    return 1 if dx > 0 else 0


def _beside(box: Box, title: Box) -> list[tuple[float, float]]:
    """The stretches of *box*'s top side a port may take beside its *title* (two tracks clear of the box's
    corners and of the title).

    >>> _beside((0, 0, 200, 80), (60, -40, 140, 2)), _beside((0, 0, 200, 80), (-10, -40, 210, 2))
    ([(12.0, 48.0), (152.0, 188.0)], [])
    """
    return [s for s in ((box[0] + TRACK, title[0] - TRACK), (title[2] + TRACK, box[2] - TRACK)) if s[1] > s[0]]


def _ports(edges: list[tuple[str, str]], centre: dict[str, tuple[float, float]], boxes: dict[str, Box],
           titles: dict[str, Box]) -> dict[tuple[tuple[str, str], str], tuple[float, float]]:
    """Where each line leaves or reaches a box of *boxes*: a point one track outside the side facing its other
    end, the lines on one side spread evenly along it in the order of their other ends (so they neither share
    a port nor cross there), clear of the box's title (*titles*: an open theme's name above its box).

    Returns ``{((source, target), end): (x, y)}``.

    >>> boxes = {"a": (0, 0, 200, 80)}
    >>> centre = {"a": (100, 40), "b": (0, 400), "c": (300, 400)}
    >>> ports = _ports([("a", "b"), ("c", "a")], centre, boxes, {})
    >>> ports[(("a", "b"), "a")], ports[(("c", "a"), "a")]
    ((56.0, 92.0), (144.0, 92.0))
    """
    wanted: dict[tuple[str, int], list[tuple[float, str, tuple[str, str]]]] = {}
    for e in edges:
        for n, other in ((e[0], e[1]), (e[1], e[0])):
            if n in boxes and other in centre:
                side = _side(boxes[n], centre[other], titles.get(n))
                along = centre[other][1] if side < 2 else centre[other][0]
                wanted.setdefault((n, side), []).append((along, other, e))
    out: dict[tuple[tuple[str, str], str], tuple[float, float]] = {}
    for (n, side), items in wanted.items():
        b = boxes[n]
        items.sort()
        lo, hi = (b[1], b[3]) if side < 2 else (b[0], b[2])
        spans = [(lo + TRACK, hi - TRACK)]
        title = titles.get(n)
        if side == 2 and title:  # either side of the title
            spans = _beside(b, title) or spans
        if len(spans) == 2:
            mid = (title[0] + title[2]) / 2
            groups = [[it for it in items if it[0] < mid], [it for it in items if it[0] >= mid]]
        else:
            groups = [items]
        for (a, z), group in zip(spans, groups):
            for k, (_, _, e) in enumerate(group):
                t = a + (k + 0.5) * (z - a) / len(group)
                out[(e, n)] = {0: (b[0] - TRACK, t), 1: (b[2] + TRACK, t), 2: (t, b[1] - TRACK),
                               3: (t, b[3] + TRACK)}[side]
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in out.items()}


def routing_order(V: nx.DiGraph, pos: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    """The lines of *V* between drawn factors, in the order :func:`grid_routes` gives them tracks: the most
    evidenced first (the thickest lines get the most direct paths), then the shortest, then by name.

    >>> V = nx.DiGraph([("a", "b", {"evidence_count": 1}), ("b", "c", {"evidence_count": 5})])
    >>> routing_order(V, {"a": (0.0, 0.0), "b": (0.0, 50.0), "c": (0.0, 90.0)})
    [('b', 'c'), ('a', 'b')]
    """
    edges = [(u, v, a.get("evidence_count", 0)) for u, v, a in V.edges(data=True) if u in pos and v in pos]
    edges.sort(key=lambda e: (-e[2], math.dist(pos[e[0]], pos[e[1]]), e[0], e[1]))
    return [(u, v) for u, v, _ in edges]


def _cells(box: Box, x0: float, y0: float, margin: float) -> tuple[range, range]:
    """The grid columns and rows whose points lie within *margin* of *box*."""
    return (range(math.floor((box[0] - margin - x0) / TRACK) + 1, math.ceil((box[2] + margin - x0) / TRACK)),
            range(math.floor((box[1] - margin - y0) / TRACK) + 1, math.ceil((box[3] + margin - y0) / TRACK)))


def grid_routes(pos: dict[str, tuple[float, float]], walls: dict[str, list[Box]], edges: list[tuple[str, str]],
                boxes: dict[str, Box] | None = None, titles: dict[str, Box] | None = None, apart: float = APART,
                room: int = ROOM) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Bends of each line of *edges* on a path clear of every wall but its ends' own, on a track of its own.

    Parameters
    ----------
    pos : where each line's ends are drawn (their centres). walls : :func:`obstacles`, per factor.
    edges : (source, target) pairs, routed in this order (see :func:`routing_order`).
    boxes : the boxes lines start and end at (closed themes', and :func:`frames`, open themes', whose centres are
        where cytoscape puts them): a line to or from one bends first at a port just outside it (:func:`_ports`).
    titles : the open themes' titles (above their boxes; a name a line crosses only at a cost).
    apart : lines drawn closer (model px; :data:`APART` unless told) run along each other, and are routed again.
    room : how many tracks round the walls lines may take (:data:`ROOM` unless told; fewer keep a drawing as
        wide as its boxes and names).

    Returns
    -------
    ``{(source, target): [(x, y), ...]}``, the points where each line bends (``[]``: a straight line clear
    of every wall and every other line). Past :data:`ROUTED_WORK_BUDGET` (first routes and routes again
    together), the remaining lines are left out (drawn straight).

    Examples
    --------
    >>> pos = {"a": (0.0, 0.0), "b": (240.0, 0.0)}
    >>> walls = {"a": [(-12, -12, 12, 12)], "b": [(228, -12, 252, 12)]}
    >>> r = grid_routes(pos, walls, [("a", "b"), ("b", "a")])
    >>> r[("a", "b")], len(r[("b", "a")]) > 0  # the second line of the pair takes a track of its own
    ([], True)
    """
    if not edges:
        return {}
    boxes, titles = boxes or {}, titles or {}
    every = [b for bs in walls.values() for b in bs] + [(x, y, x, y) for x, y in pos.values()] + list(boxes.values())
    x0 = min(b[0] for b in every) - room * TRACK
    y0 = min(b[1] for b in every) - room * TRACK
    nx_ = int((max(b[2] for b in every) + room * TRACK - x0) / TRACK) + 1
    ny_ = int((max(b[3] for b in every) + room * TRACK - y0) / TRACK) + 1
    width = nx_
    owner: dict[int, set[str]] = {}  # cells (row * width + column) -> factors whose wall covers them
    own_label: dict[int, set[str]] = {}
    for n, bs in walls.items():
        for k, box in enumerate(bs):
            cols, rows = _cells(box, x0, y0, MARGIN)
            for c in cols:
                for r in rows:
                    if 0 <= c < nx_ and 0 <= r < ny_:
                        owner.setdefault(r * width + c, set()).add(n)
                        if k or n in titles:  # a name under its dot, an open theme's title
                            own_label.setdefault(r * width + c, set()).add(n)
    used = [[0] * (nx_ * ny_) for _ in range(5)]  # per axis: lines along each cell; then along any axis
    left = ROUTED_WORK_BUDGET
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def cell(p: tuple[float, float]) -> int:
        return round((p[1] - y0) / TRACK) * width + round((p[0] - x0) / TRACK)

    def cell_point(c: int) -> tuple[float, float]:
        return round(x0 + (c % width) * TRACK, 1), round(y0 + (c // width) * TRACK, 1)

    def centre(n: str) -> tuple[float, float] | None:
        if n in boxes:
            b = boxes[n]
            return (b[0] + b[2]) / 2, b[3] / 2 + b[1] / 2
        return pos.get(n)

    centres = {n: c for n in {*pos, *boxes} if (c := centre(n)) is not None}
    dots = {n: (bs[0][2] - bs[0][0]) / 2 for n, bs in walls.items() if n in pos and n not in boxes and bs}
    ports = _ports(edges, centres, boxes, titles)
    marks: dict[tuple[str, str], list[tuple[int, int]]] = {}  # per line: the (axis, cell) counts it added to used
    avoid: dict[tuple[str, str], dict[int, int]] = {}  # per line: cells where it runs along another only at a cost

    def route(e: tuple[str, str]) -> None:
        """Route line *e* (into out, its cells into used), unless past the budget or no path is found."""
        nonlocal left
        (u, v), pu, pv = e, centres[e[0]], centres[e[1]]
        a, b = ports.get((e, u)), ports.get((e, v))
        # a line leaving a box from a port outside it does not cross that box again
        found, steps = _search(cell(a or pu), cell(b or pv), {u, v} - set(boxes), owner, own_label, used,
                               (nx_, ny_), left, avoid.get(e))
        left -= steps
        WORK["grid-routing"] += steps
        if found is None:
            return
        heading = [_STEP[(c2 % width - c1 % width, c2 // width - c1 // width)] for c1, c2 in itertools.pairwise(found)]
        marks[e] = []
        for (c1, c2), k in zip(itertools.pairwise(found), heading):
            # a diagonal track's neighbours along a row or column are only TRACK / √2 away: taken too
            near = (0, 1, -1, width, -width) if k >= 4 else (0,)
            marks[e] += [(k // 2, c + d) for c in (c1, c2) for d in near if 0 <= c + d < len(used[0])]
            marks[e] += [(4, c1), (4, c2)]
        for axis, c in marks[e]:
            used[axis][c] += 1
        # a line from a dot starts at its rim, aimed at where the path last leaves the dot (never across it again)
        i, j = _off_dot(found, pu if a is None else None, dots.get(u), cell_point), \
            len(found) - 1 - _off_dot(found[::-1], pv if b is None else None, dots.get(v), cell_point)
        if i >= j:  # the path never leaves the dots (they touch): a straight line
            i, j = 0, len(found) - 1
        corners = [cell_point(found[k]) for k in range(i + 1, j) if heading[k - 1] != heading[k]]
        # a line from a box starts where its first piece, aimed at its port, leaves the box
        ahead, behind = [*corners, cell_point(found[j])][0], [cell_point(found[i]), *corners][-1]
        first = [cell_point(found[i])] if a or (i and not _in_line(pu, cell_point(found[i]), ahead)) else []
        last = [cell_point(found[j])] if b or (j < len(found) - 1 and not _in_line(pv, cell_point(found[j]), behind)) else []
        out[e] = [*first, *corners, *last]

    edges = [e for e in edges if e[0] in centres and e[1] in centres and e[0] != e[1]]
    for e in edges:
        if left <= 0:
            break
        route(e)
    # lines still drawn along each other (where the grid leaves no track: off it, at a dot's rim or a port) are
    # routed again, kept off the other line of the pair, for a few rounds; the routing with the fewest such pairs
    # is kept
    rank = {e: k for k, e in enumerate(edges)}
    best, fewest, tried = dict(out), (math.inf, math.inf), set()
    clear = dict.fromkeys(centres, END_CLEAR)
    lines = {e: _drawn(e, bends, centres, boxes, dots) for e, bends in out.items()}
    pairs = {frozenset((e, f)): (e, f) for e, f, _ in shared_stretches(lines, apart, ALONG, clear)}
    for _ in range(REROUTE_ROUNDS + 1):
        if (len(edges) - len(out), len(pairs)) < fewest:  # lines left straight count first
            best, fewest = dict(out), (len(edges) - len(out), len(pairs))
        if not pairs or left <= 0:
            break
        again = set()
        for e, f in pairs.values():
            mover, other = (e, f) if rank[e] > rank[f] else (f, e)
            if (mover, other) in tried:  # moved once already: the other one moves now
                mover, other = other, mover
            tried.add((mover, other))
            spots = avoid.setdefault(mover, {})
            for x, y, dx, dy in _samples(lines[other], TRACK / 2):
                axis = _axis(dx, dy)
                if axis is None or _near((x, y), lines[mover])[0] > 2 * apart:  # only where they meet
                    continue
                for c in (cell((x + i * TRACK, y + j * TRACK)) for i in (-1, 0, 1) for j in (-1, 0, 1)):
                    if 0 <= c < len(used[0]) and math.dist(cell_point(c), (x, y)) < apart:
                        spots[c] = spots.get(c, 0) | 1 << axis
            again.add(mover)
        for e in again:
            for axis, c in marks.pop(e, []):
                used[axis][c] -= 1
            out.pop(e, None)
            lines.pop(e, None)
        for e in sorted(again, key=rank.get):
            route(e)
            if e in out:
                lines[e] = _drawn(e, out[e], centres, boxes, dots)
        pairs = {k: p for k, p in pairs.items() if again.isdisjoint(k)}
        pairs.update((frozenset((e, f)), (e, f)) for e, f, _ in shared_stretches(lines, apart, ALONG, clear, again & set(lines)))
    return best


def _axis(dx: float, dy: float) -> int | None:
    """The axis of ``_DIRS`` (0 rows, 1 columns, 2 and 3 the diagonals) a piece drawn in direction (*dx*, *dy*)
    (a unit vector) runs along, if within 20° of one.

    >>> _axis(1.0, 0.0), _axis(-0.7071, -0.7071), _axis(0.9239, 0.3827)
    (0, 2, None)
    """
    for k in range(0, 8, 2):
        ux, uy = _DIRS[k]
        if abs(dx * ux + dy * uy) / math.hypot(ux, uy) > 0.94:
            return k // 2
    return None


def _in_line(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> bool:
    """Whether *q* lies on the segment from *p* to *r* (within 1 px).

    >>> _in_line((0, 0), (50, 1), (100, 0)), _in_line((0, 0), (50, 3), (100, 0))
    (True, False)
    """
    length = math.dist(p, r)
    return length > 0 and abs((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / length <= 1.0 \
        and math.dist(p, q) <= length and math.dist(q, r) <= length


def _off_dot(path: list[int], centre: tuple[float, float] | None, radius: float | None, point) -> int:
    """Index of the cell of *path* (cells, :func:`grid_routes`'s numbering; *point* gives a cell's model
    coordinates) just past the last one within :data:`MARGIN` of the dot at *centre* of *radius* (0 without a dot:
    *centre* or *radius* ``None``)."""
    if centre is None or radius is None:
        return 0
    inside = [k for k, c in enumerate(path) if math.dist(point(c), centre) < radius + MARGIN]
    return min(inside[-1] + 1, len(path) - 1) if inside else 0


_STEP = {d: k for k, d in enumerate(_DIRS)}


def _turn_cost(a: int, b: int) -> float:
    """What turning from heading *a* to heading *b* (indices of ``_DIRS``) costs: a right angle between rows and
    columns, or a turn of 45°, :data:`BEND_COST`; a right angle between two diagonals (a zigzag) and sharper
    turns, :data:`SHARP_TURN_COST`."""
    (ax, ay), (bx, by) = _DIRS[a], _DIRS[b]
    if a == b:
        return 0.0
    cos = (ax * bx + ay * by) / math.hypot(ax, ay) / math.hypot(bx, by)
    return BEND_COST if cos > 0.5 or (cos > -0.1 and a < 4 and b < 4) else SHARP_TURN_COST


_TURN = [[_turn_cost(a, b) for b in range(len(_DIRS))] for a in range(len(_DIRS))]


def _search(start: int, goal: int, ends: set[str], owner: dict[int, set[str]], own_label: dict[int, set[str]],
            used: list[list[int]], size: tuple[int, int], budget: int,
            avoid: dict[int, int] | None = None) -> tuple[list[int] | None, int]:
    """A* over the grid's cells (``row * width + column``) from *start* to *goal* (a bend costs
    :data:`BEND_COST` more, counted from the heading each cell was first reached by; a step into a cell of
    *avoid* along an axis of its bits, :data:`AVOID_COST` more): the cells of the path (or ``None``) and the
    cells expanded."""
    avoid = avoid or {}
    width, height = size
    gx, gy = goal % width, goal // width
    moves = [(k, dx, dy, dy * width + dx, 1.4142 if dx and dy else 1.0, used[k // 2], 1 << (k // 2))
             for k, (dx, dy) in enumerate(_DIRS)]
    anyway = used[4]
    weight = HEURISTIC_WEIGHT
    frontier: list = [(0.0, 0.0, start, -1)]
    best = [math.inf] * (width * height)
    best[start] = 0.0
    came: dict[int, int] = {}
    steps = 0
    no_turn = [0.0] * len(_DIRS)
    while frontier:
        _, g, c, heading = heapq.heappop(frontier)
        if g > best[c]:
            continue
        if c == goal:
            path = [c]
            while c in came:
                c = came[c]
                path.append(c)
            return path[::-1], steps
        steps += 1
        if steps > budget:
            return None, steps
        x, y = c % width, c // width
        turns = _TURN[heading] if heading >= 0 else no_turn
        inside = 0 < x < width - 1 and 0 < y < height - 1  # all eight neighbours on the grid
        for k, dx, dy, delta, base, lanes, bit in moves:
            nx_, ny_ = x + dx, y + dy
            if not inside and (nx_ < 0 or ny_ < 0 or nx_ >= width or ny_ >= height):
                continue
            n = c + delta
            cost = base + turns[k]
            who = owner.get(n)
            if who:
                if who.isdisjoint(ends):  # another factor's name or box: only where no way round it is
                    cost += FOREIGN_COST
                else:  # its own dot or name: taken at a cost, and a track another line takes there costs more
                    if n in own_label and not own_label[n].isdisjoint(ends):
                        cost += base * (OWN_LABEL_COST - 1)
                    cost += OWN_SHARED_COST * lanes[n]
            elif lanes[n]:
                cost += SHARED_COST * lanes[n]
            if anyway[n] > lanes[n]:  # a cell another line crosses or bends at
                cost += CROSS_COST
            if avoid and avoid.get(n, 0) & bit:
                cost += AVOID_COST
            g2 = g + cost
            if g2 < best[n]:
                best[n] = g2
                came[n] = c
                ddx, ddy = abs(nx_ - gx), abs(ny_ - gy)
                h = weight * (ddx + 0.4142 * ddy if ddx > ddy else ddy + 0.4142 * ddx)
                heapq.heappush(frontier, (g2 + h, g2, n, k))
    return None, steps


def path_hits(points: list[tuple[float, float]], box: Box) -> bool:
    """Whether the polyline through *points* passes through *box* ``(x0, y0, x1, y1)``.

    >>> path_hits([(0, 0), (10, 0)], (4, -1, 6, 1)), path_hits([(0, 5), (10, 5)], (4, -1, 6, 1))
    (True, False)
    """
    return any(_segment_hits_box(p, q, box) for p, q in itertools.pairwise(points))


def drawn_lines(pos: dict[str, tuple[float, float]], routes: dict[tuple[str, str], list[tuple[float, float]]],
                boxes: dict[str, Box], dots: dict[str, float] | None = None
                ) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Each routed line as cytoscape draws it: from its source's border, through its bends, to its target's.

    *boxes*: the ends' boxes (a closed theme's, an open theme's :func:`frames`; a bent line starts at the
    border point nearest its first bend, as :func:`endpoint` tells cytoscape, a straight one where it leaves the
    box aimed at the other end); *dots*: the radius of each end drawn as a dot (its line starts on its rim,
    aimed at the first bend). An end not in *pos* is centred in its box.

    >>> drawn_lines({"a": (0.0, 0.0), "b": (20.0, 20.0)}, {("a", "b"): [(0.0, 20.0)]},
    ...             {"a": (-5, -5, 5, 5), "b": (15, 15, 25, 25)})
    {('a', 'b'): [(0.0, 5.0), (0.0, 20.0), (15.0, 20.0)]}
    >>> drawn_lines({"a": (0.0, 0.0), "b": (20.0, 0.0)}, {("a", "b"): []}, {}, {"a": 5.0, "b": 2.0})
    {('a', 'b'): [(5.0, 0.0), (18.0, 0.0)]}
    """
    centres = {**{t: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for t, b in boxes.items()}, **pos}
    return {e: _drawn(e, bends, centres, boxes, dots or {}) for e, bends in routes.items()}


def _drawn(e: tuple[str, str], bends: list[tuple[float, float]], centres: dict[str, tuple[float, float]],
           boxes: dict[str, Box], dots: dict[str, float]) -> list[tuple[float, float]]:
    """Line *e* through *bends* as cytoscape draws it (:func:`drawn_lines`)."""
    pts = [centres[e[0]], *bends, centres[e[1]]]
    return [_end_point(e[0], pts[1], centres, boxes, dots, bool(bends)), *bends,
            _end_point(e[1], pts[-2], centres, boxes, dots, bool(bends))]


def _end_point(n: str, toward: tuple[float, float], centres: dict[str, tuple[float, float]], boxes: dict[str, Box],
               dots: dict[str, float], bent: bool) -> tuple[float, float]:
    """Where a line to *toward* starts at *n* (:func:`drawn_lines`): on a dot's rim (*dots*), at the border
    point of its box nearest *toward* (*bent*: :func:`endpoint`), else where a piece from its centre to *toward*
    leaves its box."""
    p = centres[n]
    if n in dots:
        d = math.dist(p, toward) or 1.0
        return round(p[0] + dots[n] * (toward[0] - p[0]) / d, 1), round(p[1] + dots[n] * (toward[1] - p[1]) / d, 1)
    box = boxes.get(n)
    if box is None:
        return p
    if bent:
        return float(min(max(toward[0], box[0]), box[2])), float(min(max(toward[1], box[1]), box[3]))
    t = 1.0
    for k, (d, lo, hi) in enumerate(((toward[0] - p[0], box[0], box[2]), (toward[1] - p[1], box[1], box[3]))):
        if d:
            t = min(t, ((hi if d > 0 else lo) - p[k]) / d)
    t = max(0.0, t)
    return round(p[0] + (toward[0] - p[0]) * t, 1), round(p[1] + (toward[1] - p[1]) * t, 1)


def _samples(line: list[tuple[float, float]], step: float) -> list[tuple[float, float, float, float]]:
    """Points every *step* along *line*, each with the unit direction it is drawn in."""
    out = []
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        length = math.dist((ax, ay), (bx, by))
        if length < 1e-9:
            continue
        n = max(1, math.ceil(length / step))
        out += [(ax + (bx - ax) * i / n, ay + (by - ay) * i / n, (bx - ax) / length, (by - ay) / length)
                for i in range(n)]
    return out


def _near(p: tuple[float, float], line: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Distance from *p* to *line*, and the direction of its nearest piece."""
    best = (math.inf, 0.0, 0.0)
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        vx, vy = bx - ax, by - ay
        l2 = vx * vx + vy * vy
        t = max(0.0, min(1.0, ((p[0] - ax) * vx + (p[1] - ay) * vy) / l2)) if l2 else 0.0
        d = math.hypot(p[0] - ax - t * vx, p[1] - ay - t * vy)
        if d < best[0]:
            length = math.sqrt(l2) or 1.0
            best = (d, vx / length, vy / length)
    return best


def shared_stretches(lines: dict[tuple[str, str], list[tuple[float, float]]], gap: float, run: float,
                     keep_clear: dict[str, float] | None = None, among: set[tuple[str, str]] | None = None
                     ) -> list[tuple[tuple[str, str], tuple[str, str], float]]:
    """Pairs of *lines* that run along each other (nearly parallel, under *gap* apart) for at least *run*, and how
    far — the measure the browser tests take of cytoscape's drawing (tests/browser/edges.js), in model units.

    Where two lines end at the same factor they may meet within *keep_clear* of it (``{factor: distance}``,
    default :data:`TRACK` × 2): lines fan out from a box. *among*: only the pairs with a line of these, measured
    along it.

    >>> shared_stretches({("a", "b"): [(0, 0), (100, 0)], ("c", "d"): [(0, 4), (100, 4)],
    ...                   ("e", "f"): [(0, 30), (100, 30)]}, 6, 12)
    [(('a', 'b'), ('c', 'd'), 100.0)]
    """
    step, size = 2.0, 4 * gap
    keep_clear = keep_clear or {}
    pieces: dict[tuple[int, int], list[tuple[tuple[str, str], int, tuple[float, float], tuple[float, float]]]] = {}
    for f, line in lines.items():  # each piece in the squares of side *size* it passes within *gap* of
        for k, (p, q) in enumerate(itertools.pairwise(line)):
            for i in range(math.floor((min(p[0], q[0]) - gap) / size), math.floor((max(p[0], q[0]) + gap) / size) + 1):
                for j in range(math.floor((min(p[1], q[1]) - gap) / size), math.floor((max(p[1], q[1]) + gap) / size) + 1):
                    pieces.setdefault((i, j), []).append((f, k, p, q))
    order = {e: k for k, e in enumerate(sorted(lines))}
    out = []
    for e in sorted(lines):
        if among is not None and e not in among:
            continue
        most: dict[tuple[str, str], float] = {}
        length: dict[tuple[str, str], float] = {}
        for (ax, ay), (bx, by) in itertools.pairwise(lines[e]):
            span = math.dist((ax, ay), (bx, by))
            if span < 1e-9:
                continue
            x1, y1, x2, y2 = min(ax, bx) - gap, min(ay, by) - gap, max(ax, bx) + gap, max(ay, by) + gap
            near: dict[tuple[str, str], dict[int, tuple]] = {}  # the other lines' pieces near this one, in order
            for i in range(math.floor(x1 / size), math.floor(x2 / size) + 1):
                for j in range(math.floor(y1 / size), math.floor(y2 / size) + 1):
                    for f, k, p, q in pieces.get((i, j), ()):
                        if order[f] > order[e] or (among is not None and f not in among and f != e):
                            box = (min(p[0], q[0]) - gap, min(p[1], q[1]) - gap, max(p[0], q[0]) + gap, max(p[1], q[1]) + gap)
                            if box[0] <= x2 and x1 <= box[2] and box[1] <= y2 and y1 <= box[3]:
                                near.setdefault(f, {})[k] = (box, [p, q])
            cands = [(f, [got[k] for k in sorted(got)]) for f, got in near.items()]
            n = max(1, math.ceil(span / step))
            dx, dy = (bx - ax) / span, (by - ay) / span
            for s in range(n):
                x, y = ax + (bx - ax) * s / n, ay + (by - ay) * s / n
                ok = set()
                for f, pcs in cands:
                    if any(math.dist((x, y), lines[e][0 if m == e[0] else -1]) < keep_clear.get(m, 2 * TRACK)
                           for m in e if m in f):
                        continue  # where two lines end at the same factor they may meet
                    d, ux, uy = (math.inf, 0.0, 0.0)  # the nearest piece, the first of equally near ones
                    for box, pq in pcs:
                        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                            got = _near((x, y), pq)
                            if got[0] < d:
                                d, ux, uy = got
                    if d < gap and abs(dx * ux + dy * uy) > 0.94:
                        ok.add(f)
                        length[f] = length.get(f, 0.0) + step
                        most[f] = max(most.get(f, 0.0), length[f])
                for f in length:
                    if f not in ok:
                        length[f] = 0.0
        out += [(e, f, m) for f, m in sorted(most.items(), key=lambda fm: order[fm[0]]) if m >= run]
    return out


def lines_through(lines: dict[tuple[str, str], list[tuple[float, float]]],
                  walls: dict[str, list[Box]]) -> list[tuple[tuple[str, str], str]]:
    """The (line, factor) pairs where a line of *lines* passes through a wall (:func:`obstacles`) of a factor it
    does not end at.

    >>> lines_through({("a", "b"): [(0, 0), (100, 0)]}, {"a": [(-5, -5, 5, 5)], "w": [(40, -5, 60, 5)]})
    [(('a', 'b'), 'w')]
    """
    return [(e, n) for e, line in sorted(lines.items()) for n, boxes in sorted(walls.items())
            if n not in e and any(path_hits(line, b) for b in boxes)]


def endpoint(end: str, toward: tuple[float, float], pos: dict[str, tuple[float, float]], boxes: dict[str, Box],
             radius: float = 0.0) -> str:
    """Where cytoscape should start (or end) a routed line at *end*, as its ``source-endpoint`` (or
    ``target-endpoint``) style, so that the line leaves *end* on its way to *toward* (its first bend):

    a box (*boxes*: a closed theme's, or an open theme's :func:`frames` — whose size cytoscape decides, so
    in per cent of it) at the border point nearest *toward*; a dot (*pos*, of *radius*) on its rim toward it.

    >>> endpoint("a", (50, 70), {"a": (0.0, 0.0)}, {"a": (-100, -40, 100, 40)})
    '50.0px 40.0px'
    >>> endpoint("t", (50, 70), {}, {"t": (-100, -40, 100, 40)})
    '25.0% 50.0%'
    >>> endpoint("s", (30, 40), {"s": (0.0, 0.0)}, {}, radius=10)
    '6.0px 8.0px'
    """
    if end in boxes:
        b = boxes[end]
        x, y = min(max(toward[0], b[0]), b[2]), min(max(toward[1], b[1]), b[3])
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        if end in pos:
            return f"{x - pos[end][0]:.1f}px {y - pos[end][1]:.1f}px"
        return f"{100 * (x - cx) / max(b[2] - b[0], 1):.1f}% {100 * (y - cy) / max(b[3] - b[1], 1):.1f}%"
    p = pos[end]
    d = math.dist(p, toward) or 1.0
    return f"{radius * (toward[0] - p[0]) / d:.1f}px {radius * (toward[1] - p[1]) / d:.1f}px"
