"""Every influence keeps its direction in a figure: read back from the SVG, each arrowhead lies outside every
box and touches its target's border, the two arrows of a mutual pair are apart, and no two lines share a stretch.

The SVG holds one group per influence (its explorer id, ``source>target``: line, head and, for an upward
influence, its bar) and one per factor (its node id: box and words), so the geometry is read from the file
as written. PNG, PDF and the deck's pictures are drawn by the same code.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from dashapp.components import AppContext
from dashapp.pages import explore as E
from graph.present.figure import render_figure, render_graph

CTX = AppContext()
DEFAULTS = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]
SVG = "{http://www.w3.org/2000/svg}"


def drawn(focus=None, countries=()):
    filters = list(DEFAULTS)
    filters[E.FILTER_IDS.index(E.COUNTRIES)] = list(countries)
    return E.screen_view(CTX, filters, focus, 1, "bands", "themes", [], None)["elements"]


VIEWS = {"three countries": drawn(countries=["SE", "DK", "NO"]), "Denmark": drawn(countries=["DK"]),
         "focus on PSW wellbeing": drawn("psw-wellbeing"), "everything": drawn()}


def points(path: ET.Element) -> list[tuple[float, float]]:
    """The vertices of an SVG path as matplotlib writes it (M, L, Q and z commands)."""
    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path.get("d", ""))]
    return list(zip(nums[::2], nums[1::2], strict=True))


def read(svg: bytes, elements) -> dict:
    """Boxes (bounds and stroke width), heads (tip first) and lines by influence, read from the SVG."""
    root = ET.fromstring(svg)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    boxes, heads, lines = {}, {}, {}
    for el in elements:
        d = el["data"]
        if "source" in d:
            group = groups[d["id"]]  # one group per influence, named with the explorer's id
            inner = {g.get("id"): g for g in group.iter(f"{SVG}g")}
            heads[d["id"]] = points(next(inner[f"{d['id']} head"].iter(f"{SVG}path")))[:3]
            lines[d["id"]] = points(next(inner[f"{d['id']} line"].iter(f"{SVG}path")))
        elif "box" in (el.get("classes") or ""):
            path = next(groups[d["id"]].iter(f"{SVG}path"))  # one group per factor, named with its id
            xy = points(path)
            width = float(re.search(r"stroke-width: ([\d.]+)", path.get("style", "")).group(1))
            boxes[d["id"]] = (min(x for x, _ in xy), min(y for _, y in xy), max(x for x, _ in xy),
                              max(y for _, y in xy), width)
    return {"boxes": boxes, "heads": heads, "lines": lines}


def inside(p, box, margin=0.0) -> bool:
    return box[0] + margin < p[0] < box[2] - margin and box[1] + margin < p[1] < box[3] - margin


def distance(p, box) -> float:
    """From a point outside a box's bounds to them."""
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)


def apart(a, b) -> bool:
    """Whether two triangles do not overlap (separating axis test)."""
    for tri in (a, b):
        for p, q in zip(tri, tri[1:] + tri[:1], strict=True):
            n = (q[1] - p[1], p[0] - q[0])
            pa = [n[0] * x + n[1] * y for x, y in a]
            pb = [n[0] * x + n[1] * y for x, y in b]
            if max(pa) <= min(pb) or max(pb) <= min(pa):
                return True
    return False


def shared_stretch(a, b, tol=0.8) -> float:
    """The longest stretch (SVG pt) along which two polylines run on the same straight line."""
    best = 0.0
    for (p, q), (r, s) in itertools.product(itertools.pairwise(a), itertools.pairwise(b)):
        length = math.dist(p, q)
        if length < 1e-6:
            continue
        ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
        off = [abs((z[0] - p[0]) * uy - (z[1] - p[1]) * ux) for z in (r, s)]
        if max(off) > tol:
            continue
        t = sorted(((z[0] - p[0]) * ux + (z[1] - p[1]) * uy) for z in (r, s))
        best = max(best, min(length, t[1]) - max(0.0, t[0]))
    return best


@pytest.fixture(scope="module", params=[(name, mode) for name in VIEWS for mode in ("screen", "slide")],
                ids=lambda p: f"{p[0]}, {p[1]}")
def view(request):
    name, mode = request.param
    elements = VIEWS[name]
    fig = render_figure(elements, title=name, caption="c", sources="s", fmt="svg", alt="a", mode=mode)
    return request.param, elements, read(fig.data, elements)


def test_the_views_hold_mutual_pairs_and_bent_routes():
    for name in ("three countries", "Denmark", "focus on PSW wellbeing"):
        edges = [el["data"] for el in VIEWS[name] if "source" in el["data"]]
        pairs = {(d["source"], d["target"]) for d in edges}
        assert any((d["target"], d["source"]) in pairs for d in edges), name
        assert any(d.get("seg_w") for d in edges), name


def test_every_head_lies_outside_every_box_and_touches_its_targets_border(view):
    name, elements, got = view
    assert got["heads"] and got["boxes"]
    targets = {el["data"]["id"]: el["data"]["target"] for el in elements if "source" in el["data"]}
    for eid, head in got["heads"].items():
        for bid, box in got["boxes"].items():
            assert not any(inside(p, box, 0.3) for p in head), (name, eid, bid)
        box = got["boxes"][targets[eid]]
        assert distance(head[0], box) <= box[4] / 2 + 1.0, (name, eid, distance(head[0], box))


def test_the_two_arrows_of_a_mutual_pair_are_apart(view):
    name, elements, got = view
    ids = {(el["data"]["source"], el["data"]["target"]): el["data"]["id"] for el in elements
           if "source" in el["data"]}
    mutual = [(ids[u, v], ids[v, u]) for u, v in ids if (v, u) in ids and u < v]
    for a, b in mutual:
        assert apart(got["heads"][a], got["heads"][b]), (name, a, b)
        assert shared_stretch(got["lines"][a], got["lines"][b]) < 2.0, (name, a, b)


def test_no_two_influences_share_a_stretch_of_line(view):
    name, _, got = view
    for (a, la), (b, lb) in itertools.combinations(sorted(got["lines"].items()), 2):
        assert shared_stretch(la, lb) < 2.0, (name, a, b, shared_stretch(la, lb))


@pytest.mark.parametrize("mode", ["screen", "slide"])
def test_upward_influences_draw_their_bar_outside_the_boxes(mode):
    elements = VIEWS["everything"]
    fig = render_graph(elements, width_in=9.6, height_in=6, mode=mode, fmt="svg")
    root = ET.fromstring(fig.data)
    boxes = read(fig.data, elements)["boxes"]
    bars = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").endswith(" bar")]
    assert bars
    for g in bars:
        for p in points(next(g.iter(f"{SVG}path"))):
            assert not any(inside(p, box, 0.3) for box in boxes.values()), g.get("id")
