"""Captioned figures of a graph view (PNG, SVG, PDF), drawn with matplotlib from the explorer's own elements.

The input is the list of cytoscape elements the explorer draws (plain dicts:
``data``, ``position``, ``classes``, as the explorer's ``view_elements`` builds them),
so a figure shows the factors at the positions, colours and line styles on
screen. One code path writes every format, on white, with a title, the legend,
a caption generated from the view and a sources line; the alt text is
returned with the file and stored in it (PNG text chunks, PDF Subject, SVG
``<title>``/``<desc>``).

>>> els = [{"data": {"id": "a", "label": "A\\n3 evidence", "full_label": "A", "level": "macro",
...                  "factor_kind": "theme", "evidence_count": 3, "w": 200, "h": 80, "colour": "#0072B2",
...                  "tint": "#d6e6f2"}, "classes": "macro theme leaf box", "position": {"x": 0, "y": 0}},
...        {"data": {"id": "b", "label": "B\\n1 evidence", "full_label": "B", "level": "micro",
...                  "factor_kind": "theme", "evidence_count": 1, "w": 200, "h": 80, "colour": "#009E73",
...                  "tint": "#cdeee3"}, "classes": "micro theme leaf box", "position": {"x": 0, "y": 200}},
...        {"data": {"id": "a>b", "source": "a", "target": "b", "evidence_count": 1, "width": 6,
...                  "scope": "inter-level", "direction": "downward"}, "classes": "inter-level downward evidenced"}]
>>> fig = render_figure(els, title="A and B", caption="A test.", sources="Sources: none.", fmt="png")
>>> fig.data[:4], fig.width_px >= 1920, "A → B" in fig.alt
(b'\\x89PNG', True, True)
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx

from graph.present.apa import alphabetical, apa_citation
from graph.present.fileformat import Format, check_format, registry
from graph.present.layout import BOX_GAP_Y, THEME_BOX_H
from graph.present.style import EDGE_COLOUR, HIGHLIGHT_COLOUR, LEVEL_LABELS, UNEVIDENCED_OPACITY, UPWARD_COLOUR
from graph.present.textfit import FONT, plain_lines, text_height, text_width, wrap

__all__ = ["FIGURE_FORMATS", "MODES", "Figure", "alt_text", "figure_caption", "label_points", "legend_items",
           "render_figure", "render_graph", "sources_line", "split_by_level"]

#: Formats written by :func:`render_figure`: key -> (file extension, MIME type).
FIGURE_FORMATS = registry(Format("png", ".png", "image/png", "PNG image"),
                          Format("svg", ".svg", "image/svg+xml", "SVG vector drawing"),
                          Format("pdf", ".pdf", "application/pdf", "PDF"))
#: ``screen``: as on screen (selection highlight kept); ``slide``: no highlight, larger labels.
MODES = ("screen", "slide")
#: Width of a figure page (inches) and the PNG resolution: 12.8 in x 150 dpi = 1920 px.
PAGE_W, PNG_DPI = 12.8, 150
#: Cytoscape font sizes (model px) of the explorer's stylesheet, by what is labelled.
BOX_PX, DOT_PX, TITLE_PX, BAND_PX = 15.0, 18.0, 22.0, 20.0
#: Width (model px) a sub-theme's label wraps at; a node marked ``narrow`` (three in a row) wraps at this share.
DOT_TEXT_W, NARROW_TEXT_W = 155.0, 0.66
#: Labels grow by this much "for a slide"; theme boxes grow to this height (model px) to hold larger words.
SLIDE_BOOST, SLIDE_BOX_H = 1.25, 100.0
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Figure:
    """A rendered figure: the file's bytes, its format, size, alt text and the smallest label drawn (pt)."""

    data: bytes
    fmt: str
    alt: str
    width_px: int
    height_px: int
    label_pt: float


# ----------------------------------------------------------------------------- words

def figure_caption(G: nx.MultiDiGraph, elements: Sequence[dict[str, Any]], evidence_ids: Iterable[str], *,
                   view: str, date: dt.date | None = None) -> str:
    """The caption of a figure of *elements*: what is shown, how much evidence from how many studies, the data.

    Parameters
    ----------
    G : the knowledge graph (its ``graph`` dict names the data package and version).
    elements : the drawn elements. evidence_ids : the evidence behind what is drawn.
    view : the active view in words (filters, focus, path, countries), e.g. ``"Within 1 hop of PSW wellbeing"``.
    date : the export date (default today).

    Returns
    -------
    A few sentences ending with the data package's name and version and the date.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> figure_caption(G, [], ["ev-grim-001"], view="All factors", date=dt.date(2026, 1, 2))[:52]
    'All factors. 0 factors and 0 influences shown; 1 evi'
    """
    ids = [e for e in dict.fromkeys(evidence_ids) if e in G and G.nodes[e].get("kind") == "evidence"]
    papers = {G.nodes[e]["study"] for e in ids}
    cited = {c for e in ids for c in G.nodes[e].get("cites", [])} - papers
    n_nodes = sum(1 for el in elements if _is_factor(el) and "container" not in _classes(el))
    n_edges = sum(1 for el in elements if "source" in el["data"])
    meta = G.graph
    package = f"{meta.get('name', 'data')} {meta.get('version', '')}".strip()
    studies = f"{len(papers)} paper{'s' * (len(papers) != 1)}"
    if cited:
        studies += f" citing {len(cited)} further stud{'ies' if len(cited) != 1 else 'y'}"
    return (f"{view.rstrip('.')}. {n_nodes} factor{'s' * (n_nodes != 1)} and {n_edges} influence"
            f"{'s' * (n_edges != 1)} shown; {len(ids)} evidence item{'s' * (len(ids) != 1)} from {studies}. "
            f"Line width grows with the evidence behind an influence. Data: {meta.get('title', '')} "
            f"({package}), exported {(date or dt.date.today()).isoformat()} with pswgraph.")


def sources_line(G: nx.MultiDiGraph, evidence_ids: Iterable[str]) -> str:
    """"Sources: …" — the papers that report the evidence shown (all source papers when there is none), cited
    in APA 7 author–date style as the deck and the written summary cite them.

    >>> from graph import load_graph
    >>> sources_line(load_graph(), ["ev-grim-001"])
    'Sources: Grim et al., 2022.'
    """
    papers = {G.nodes[e]["study"] for e in evidence_ids if e in G and G.nodes[e].get("kind") == "evidence"}
    if not papers:
        papers = {n for n, a in G.nodes(data=True) if a.get("kind") == "study" and a.get("is_source")}
    return "Sources: " + "; ".join(sorted({apa_citation(G.nodes[p]) for p in papers}, key=alphabetical)) + "."


def alt_text(elements: Sequence[dict[str, Any]], title: str, caption: str, *, top: int = 5) -> str:
    """Alt text for a figure: the kind of picture, the factors by level, the strongest influences, the caption.

    >>> alt_text([], "Empty", "Nothing.")
    'Network diagram: Empty. No factor is drawn. Nothing.'
    """
    nodes = {el["data"]["id"]: el["data"] for el in elements if _is_factor(el) and "container" not in _classes(el)}
    if not nodes:
        return f"Network diagram: {title}. No factor is drawn. {caption}"
    by_level: dict[str, list[str]] = {}
    for d in nodes.values():
        by_level.setdefault(d.get("level", ""), []).append(d.get("full_label", d["id"]))
    ranks = {el["data"].get("level"): i for i, el in enumerate(e for e in elements if _is_band(e))}
    levels = "; ".join(f"{LEVEL_LABELS.get(lv, lv or 'no level')}: {', '.join(names)}"
                       for lv, names in sorted(by_level.items(), key=lambda kv: ranks.get(kv[0], 99)))
    edges = sorted((el["data"] for el in elements if "source" in el["data"]),
                   key=lambda d: (-d.get("evidence_count", 0), d["id"]))
    strongest = "; ".join(
        f"{nodes.get(d['source'], {}).get('full_label', d['source'])} → "
        f"{nodes.get(d['target'], {}).get('full_label', d['target'])} ({d.get('evidence_count', 0)} evidence)"
        for d in edges[:top])
    text = f"Network diagram: {title}. Factors by level (top to bottom) — {levels}."
    if strongest:
        text += f" Arrows are influences; the strongest: {strongest}."
    return f"{text} {caption}"


def legend_items(elements: Sequence[dict[str, Any]], mode: str = "screen") -> list[dict[str, Any]]:
    """What the legend of *elements* shows, as drawn: level colours, then the line styles in use.

    Each item is ``{"kind": "box" | "line", "label", "colour", ...}``; a line has
    ``dashed``, ``alpha``, ``tee`` (the bar of an upward arrow) and ``width`` (pt at scale 1).

    >>> [i["label"] for i in legend_items([])][:2]
    ['inter-level influence (solid)', 'intra-level influence (dashed)']
    """
    bands = [el["data"].get("level") for el in elements if _is_band(el)]
    levels: dict[str, dict[str, Any]] = {}
    for el in elements:
        d = el["data"]
        if _is_factor(el) and d.get("level") and d.get("colour") and d["level"] not in levels:
            levels[d["level"]] = {"kind": "box", "label": LEVEL_LABELS.get(d["level"], d["level"]),
                                  "colour": d["colour"], "tint": d.get("tint", "#ffffff")}
    order = sorted(levels, key=lambda lv: (bands.index(lv) if lv in bands else len(bands), lv))
    items: list[dict[str, Any]] = [levels[lv] for lv in order]
    line = {"kind": "line", "colour": EDGE_COLOUR, "dashed": False, "alpha": 1.0, "tee": False}
    items += [{**line, "label": "inter-level influence (solid)"},
              {**line, "label": "intra-level influence (dashed)", "dashed": True},
              {**line, "label": "upward influence (bar at the arrow)", "colour": UPWARD_COLOUR, "tee": True},
              {**line, "label": "framework only, no evidence yet (faint)", "alpha": UNEVIDENCED_OPACITY}]
    classes = {c for el in elements for c in _classes(el)}
    if "focus" in classes:
        items.append({"kind": "box", "label": "focus factor (black outline)", "colour": "#000000",
                      "tint": "#ffffff", "border": 3})
    if mode == "screen" and "selected" in classes:
        items.append({**line, "label": "selected (black)", "colour": "#000000"})
    if "hl" in classes:
        items.append({**line, "label": "highlighted path", "colour": HIGHLIGHT_COLOUR})
    return items


# ----------------------------------------------------------------------------- geometry

def _classes(el: dict[str, Any]) -> list[str]:
    return (el.get("classes") or "").split()


def _is_band(el: dict[str, Any]) -> bool:
    return "band" in _classes(el)


def _is_factor(el: dict[str, Any]) -> bool:
    return "source" not in el["data"] and not _is_band(el)


#: Room under a sub-theme's dot for its label (up to four lines), model px.
DOT_LABEL_H = 4 + 4 * DOT_PX * 1.1


def _shapes(elements: Sequence[dict[str, Any]], mode: str = "screen") -> dict[str, dict[str, Any]]:
    """Every node's drawn shape in model px: ``{"kind": rect|circle|band, "x", "y", "w", "h"}`` (centre, size).

    For a slide, closed theme boxes are :data:`SLIDE_BOX_H` tall (room for a fourth line of larger words) and
    the drawing is stretched downwards (``ky``) to keep the gaps between rows of boxes as on screen.
    """
    shapes: dict[str, dict[str, Any]] = {}
    kids: dict[str, list[str]] = {}
    grow = mode == "slide" and any("box" in _classes(el) and el["data"].get("h", 80) < SLIDE_BOX_H for el in elements)
    ky = (SLIDE_BOX_H + BOX_GAP_Y) / (THEME_BOX_H + BOX_GAP_Y) if grow else 1.0
    for el in elements:
        d, cls = el["data"], _classes(el)
        if "source" in d:
            continue
        if "parent" in d and "band" not in str(d["parent"]):
            kids.setdefault(d["parent"], []).append(d["id"])
        p = el.get("position")
        if p is None:
            continue
        x, y = p["x"], p["y"] * ky
        if "band" in cls:
            shapes[d["id"]] = {"kind": "band", "x": x, "y": y, "w": d.get("w", 0),
                               "h": d.get("h", 0) * ky + (SLIDE_BOX_H - THEME_BOX_H) * (ky > 1), "ky": ky}
        elif "box" in cls:
            h = d.get("h", 80)
            shapes[d["id"]] = {"kind": "rect", "x": x, "y": y, "w": d.get("w", 200),
                               "h": max(h, SLIDE_BOX_H) if mode == "slide" else h, "ky": ky}
        else:
            shapes[d["id"]] = {"kind": "circle", "x": x, "y": y, "w": d.get("size", 30), "h": d.get("size", 30),
                               "ky": ky}
    for parent, ids in kids.items():  # an open theme: a box around its sub-themes and their labels
        got = [shapes[i] for i in ids if i in shapes]
        if not got:
            continue
        x0 = min(s["x"] - max(s["w"] / 2, DOT_TEXT_W / 2) for s in got) - 10
        x1 = max(s["x"] + max(s["w"] / 2, DOT_TEXT_W / 2) for s in got) + 10
        y0 = min(s["y"] - s["h"] / 2 for s in got) - 10
        y1 = max(s["y"] + s["h"] / 2 + DOT_LABEL_H for s in got) + 10
        shapes[parent] = {"kind": "rect", "x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "w": x1 - x0, "h": y1 - y0,
                          "open": True, "ky": ky}
    return shapes


def _extent(shapes: dict[str, dict[str, Any]]) -> tuple[float, float, float, float]:
    """Model-px bounds of everything drawn, labels included (band names on the left, theme titles above)."""
    if not shapes:
        return 0.0, 0.0, 1.0, 1.0
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for s in shapes.values():
        left, right = s["x"] - s["w"] / 2, s["x"] + s["w"] / 2
        top, bottom = s["y"] - s["h"] / 2, s["y"] + s["h"] / 2
        if s["kind"] == "band":
            left -= 2.4 * BAND_PX + 6
        elif s["kind"] == "circle":
            left, right = min(left, s["x"] - DOT_TEXT_W / 2), max(right, s["x"] + DOT_TEXT_W / 2)
            bottom += DOT_LABEL_H
        elif s.get("open"):
            top -= 3 * TITLE_PX * 1.15 + 6
        x0, y0, x1, y1 = min(x0, left), min(y0, top), max(x1, right), max(y1, bottom)
    return x0, y0, x1, y1


def _inside(p: tuple[float, float], s: dict[str, Any], pad: float) -> bool:
    """Whether point *p* lies inside shape *s* grown by *pad* (model px) on every side."""
    if s["kind"] == "circle":
        return math.hypot(p[0] - s["x"], p[1] - s["y"]) <= s["w"] / 2 + pad
    return abs(p[0] - s["x"]) <= s["w"] / 2 + pad and abs(p[1] - s["y"]) <= s["h"] / 2 + pad


def _crossing(a: tuple[float, float], b: tuple[float, float], s: dict[str, Any], pad: float) -> tuple[float, float]:
    """Where segment a–b crosses the border of *s* grown by *pad* (a inside, b outside, or the reverse)."""
    inside_a = _inside(a, s, pad)
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _inside((a[0] + (b[0] - a[0]) * mid, a[1] + (b[1] - a[1]) * mid), s, pad) == inside_a:
            lo = mid
        else:
            hi = mid
    t = hi if inside_a else lo  # the point on the outer side of the border
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _edge_points(d: dict[str, Any], shapes: dict[str, dict[str, Any]], reciprocal: bool,
                 pads: tuple[float, float] = (0.0, 0.0)) -> list[tuple[float, float]]:
    """The polyline of an influence from where it leaves its source to where it meets its target.

    The line runs centre to centre through its bends (or, for one of a pair of opposite influences, on a curve
    pulled to one side); it starts where it last leaves the source shape grown by ``pads[0]`` and ends where it
    first reaches the target shape grown by ``pads[1]`` (half the drawn border: the arrow's tip touches the
    border's outer edge and is never under the box).
    """
    s, t = shapes[d["source"]], shapes[d["target"]]
    ky = s.get("ky", 1.0)  # the bends are where the explorer puts them, stretched as the drawing is
    S, T = (s["x"], s["y"] / ky), (t["x"], t["y"] / ky)
    dx, dy = T[0] - S[0], T[1] - S[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length
    mid: list[tuple[float, float]] = []
    if d.get("seg_w"):
        for w, dist in zip(str(d["seg_w"]).split(), str(d.get("seg_d", "")).split(), strict=False):
            w, dist = float(w), float(dist)
            mid.append((S[0] + w * dx + dist * nx_, S[1] + w * dy + dist * ny_))
    elif reciprocal:  # cytoscape's bezier pulls a pair of opposite influences apart
        c = (S[0] + dx / 2 + 40 * nx_, S[1] + dy / 2 + 40 * ny_)
        mid = [((1 - u) ** 2 * S[0] + 2 * (1 - u) * u * c[0] + u * u * T[0],
                (1 - u) ** 2 * S[1] + 2 * (1 - u) * u * c[1] + u * u * T[1]) for u in (i / 48 for i in range(1, 48))]
    full = [(x, y * ky) for x, y in (S, *mid, T)]
    first = next((i for i in range(len(full) - 1) if not _inside(full[i + 1], s, pads[0])), None)
    last = next((j for j in range(len(full) - 1, 0, -1) if not _inside(full[j - 1], t, pads[1])), None)
    if first is None or last is None or last <= first:  # the shapes overlap: centre to centre
        return full
    return [_crossing(full[first], full[first + 1], s, pads[0]), *full[first + 1:last],
            _crossing(full[last], full[last - 1], t, pads[1])]


def _along(pts: Sequence[tuple[float, float]], back: float) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """The polyline *pts* without its last *back* model px (measured along it), and the point where it now ends."""
    rest = back
    for i in range(len(pts) - 1, 0, -1):
        (ax_, ay), (bx, by) = pts[i - 1], pts[i]
        seg = math.hypot(bx - ax_, by - ay)
        if seg >= rest and seg > 0:
            f = 1 - rest / seg
            end = (ax_ + (bx - ax_) * f, ay + (by - ay) * f)
            return [*pts[:i], end], end
        rest -= seg
    return [pts[0]], pts[0]


def _border_px(el: dict[str, Any], s: dict[str, Any], highlight: bool) -> float:
    """The width (model px) of the border drawn around a factor's shape."""
    cls = _classes(el)
    if "focus" in cls or (highlight and "selected" in cls):
        return 6.0
    if s["kind"] == "rect":
        return 2.0 if s.get("open") else 3.0
    return 1.0


def label_points(elements: Sequence[dict[str, Any]], width_in: float, height_in: float,
                 mode: str = "screen") -> float:
    """The smallest label size (pt) when *elements* are drawn to fit *width_in* x *height_in* inches.

    >>> label_points([], 10, 5)
    0.0
    """
    shapes = _shapes(elements, mode)
    scale = _scale(shapes, width_in, height_in)
    sizes = _label_sizes(elements, shapes, scale, mode)
    return round(min(sizes.values(), default=0.0), 1)


def _scale(shapes: dict[str, dict[str, Any]], width_in: float, height_in: float) -> float:
    """Inches per model px that fit everything drawn into the box."""
    x0, y0, x1, y1 = _extent(shapes)
    return min(width_in / max(x1 - x0, 1.0), height_in / max(y1 - y0, 1.0))


def _box_label(d: dict[str, Any], mode: str) -> str:
    """A closed theme's words: name and evidence count on screen; the name alone, larger, for a slide."""
    label = d.get("label", "")
    return label.split("\n", 1)[0] if mode == "slide" else label


def _label_sizes(elements: Sequence[dict[str, Any]], shapes: dict[str, dict[str, Any]], scale: float,
                 mode: str, label_scale: float = 1.0) -> dict[str, float]:
    """The font size (pt) of each drawn label: the stylesheet's px at this scale; for a slide, larger.

    For a slide, theme boxes share the largest size (up to 26 px) at which every
    box's name fits inside its box; other labels grow by :data:`SLIDE_BOOST`.
    """
    pt = 72 * scale * label_scale
    boost = SLIDE_BOOST if mode == "slide" else 1.0
    box_px = BOX_PX
    boxes = [(el["data"], shapes[el["data"]["id"]]) for el in elements if _is_factor(el)
             and el["data"]["id"] in shapes and shapes[el["data"]["id"]]["kind"] == "rect"
             and not shapes[el["data"]["id"]].get("open")]
    if mode == "slide" and boxes:
        for px in (26, 24, 22, 21, 20, 19, 18, 17, 16):
            if all(_box_fits(_box_label(d, mode), px * pt, (s["w"] - 16) * scale, (s["h"] - 8) * scale)
                   for d, s in boxes):
                box_px = px
                break
    sizes: dict[str, float] = {}
    for el in elements:
        d = el["data"]
        if "source" in d or d["id"] not in shapes:
            continue
        s = shapes[d["id"]]
        if s["kind"] == "band":
            sizes[d["id"]] = BAND_PX * pt
        elif s.get("open"):
            sizes[d["id"]] = TITLE_PX * pt * boost
        elif s["kind"] == "rect":
            sizes[d["id"]] = box_px * pt
        else:
            sizes[d["id"]] = DOT_PX * pt * boost
    return sizes


def _box_fits(label: str, pt: float, w_in: float, h_in: float) -> bool:
    lines = wrap(label, pt, w_in, bold=True)
    return text_height(len(lines), pt, 1.15) <= h_in and all(text_width(x, pt, True) <= w_in for x in lines)


def split_by_level(elements: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """*elements* cut into one view per level band (influences within a band kept, those across it left out).

    >>> split_by_level([])
    []
    """
    bands = [el for el in elements if _is_band(el)]
    out = []
    for band in bands:
        lv = band["data"].get("level")
        ids = {el["data"]["id"] for el in elements if _is_factor(el) and el["data"].get("level") == lv}
        part = [band, *(el for el in elements if _is_factor(el) and el["data"]["id"] in ids)]
        part += [el for el in elements if "source" in el["data"] and el["data"]["source"] in ids
                 and el["data"]["target"] in ids]
        out.append(part)
    return out


# ----------------------------------------------------------------------------- drawing

def _draw_graph(ax: Any, elements: Sequence[dict[str, Any]], mode: str, scale: float,
                label_scale: float = 1.0) -> float:
    """Draw *elements* into *ax* (model px, y down); returns the smallest label size (pt)."""
    from matplotlib import patheffects
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle
    from matplotlib.text import Text

    shapes = _shapes(elements, mode)
    sizes = _label_sizes(elements, shapes, scale, mode, label_scale)
    pt = 72 * scale  # points per model px
    highlight = mode == "screen"

    def alpha_of(el: dict[str, Any]) -> float:
        return 0.18 if highlight and "faded" in _classes(el) else 1.0

    for el in elements:  # level bands, behind everything
        if not _is_band(el) or el["data"]["id"] not in shapes:
            continue
        s = shapes[el["data"]["id"]]
        ax.add_patch(Rectangle((s["x"] - s["w"] / 2, s["y"] - s["h"] / 2), s["w"], s["h"], facecolor="#999999",
                               alpha=0.08, edgecolor="none", zorder=0))
        ax.add_patch(Rectangle((s["x"] - s["w"] / 2, s["y"] - s["h"] / 2), s["w"], s["h"], facecolor="none",
                               edgecolor="#999999", linestyle=(0, (4, 3)), linewidth=0.8, zorder=0.5))
        ax.text(s["x"] - s["w"] / 2 - 6, s["y"], el["data"].get("label", ""), rotation=90, ha="right", va="center",
                fontsize=sizes[el["data"]["id"]], fontweight="bold", color="#333333", family=FONT,
                multialignment="center", zorder=1)

    by_id = {el["data"]["id"]: el for el in elements if _is_factor(el)}
    borders = {n: _border_px(by_id[n], s, highlight) if n in by_id else 0.0 for n, s in shapes.items()}
    edges = [el for el in elements if "source" in el["data"]]
    pairs = {(el["data"]["source"], el["data"]["target"]) for el in edges}
    for el in edges:
        d, cls = el["data"], _classes(el)
        if d["source"] not in shapes or d["target"] not in shapes:
            continue
        upward = "upward" in cls
        colour = d.get("colour") or (UPWARD_COLOUR if upward else EDGE_COLOUR)  # a view may colour its lines
        alpha = 0.85 * (UNEVIDENCED_OPACITY if "unevidenced" in cls else 1.0)
        width = float(d.get("width", 1.5))
        if highlight and "near" in cls:
            colour, alpha = "#222222", 1.0
        if highlight and "selected" in cls:
            colour, alpha, width = "#000000", 1.0, 7.0
        if "hl" in cls:
            colour, alpha, width = HIGHLIGHT_COLOUR, 1.0, 6.0
        alpha *= alpha_of(el)
        pts = _edge_points(d, shapes, (d["target"], d["source"]) in pairs,
                           (borders[d["source"]] / 2, borders[d["target"]] / 2 + 0.5))
        lw = max(width * pt, 0.6)
        head = max(9.0 * max(width, 2.0) ** 0.5, 10.0) * 1.1  # arrow length, model px (cytoscape's arrow-scale 1.1)
        ex, ey = pts[-1]
        line_pts, base = _along(pts, head)
        seg = math.hypot(ex - base[0], ey - base[1]) or 1.0
        ux, uy = (ex - base[0]) / seg, (ey - base[1]) / seg
        base = (ex - ux * head, ey - uy * head)
        dashes = (0, (7 * pt / lw * 1.0, 4 * pt / lw)) if "intra-level" in cls else "solid"
        parts: list[Any] = [Line2D([p[0] for p in line_pts], [p[1] for p in line_pts], color=colour, alpha=alpha,
                                   linewidth=lw, linestyle=dashes, solid_capstyle="butt", dash_capstyle="butt",
                                   gid=f"{d['id']} line")]
        half = head * 0.45
        tri = [(ex, ey), (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)]
        parts.append(Polygon(tri, closed=True, facecolor=colour, edgecolor="none", alpha=alpha,
                             gid=f"{d['id']} head"))
        if upward:  # the tee of cytoscape's triangle-tee: a bar behind the arrowhead
            tb = (base[0] - ux * head * 0.35, base[1] - uy * head * 0.35)
            parts.append(Line2D([tb[0] - uy * half, tb[0] + uy * half], [tb[1] + ux * half, tb[1] - ux * half],
                                color=colour, alpha=alpha, linewidth=max(lw, 2.2 * pt), solid_capstyle="butt",
                                gid=f"{d['id']} bar"))
        _group(ax, d["id"], parts, 5)

    outline = [patheffects.withStroke(linewidth=max(2.5 * pt, 1.0), foreground="white")]
    order = sorted((el for el in elements if _is_factor(el) and el["data"]["id"] in shapes),
                   key=lambda el: not shapes[el["data"]["id"]].get("open"))  # open themes first, under their parts
    for el in order:
        d, cls = el["data"], _classes(el)
        s = shapes[d["id"]]
        a = alpha_of(el)
        border, bw, style = d.get("colour", "#333333"), borders[d["id"]], "solid"
        if "focus" in cls or (highlight and "selected" in cls):
            border = "#000000"
        if "container" in cls:
            style = (0, (1, 2))
        size = sizes[d["id"]]
        parts = []
        if s["kind"] == "rect":
            is_open = bool(s.get("open"))
            fill = (*_rgb(d.get("colour", "#999999")), 0.12 * a) if is_open else (*_rgb(d.get("tint", "#ffffff")), a)
            parts.append(FancyBboxPatch((s["x"] - s["w"] / 2, s["y"] - s["h"] / 2), s["w"], s["h"],
                                        boxstyle="round,pad=0,rounding_size=8", linewidth=bw * pt,
                                        facecolor=fill, edgecolor=(*_rgb(border), a), linestyle=style,
                                        gid=f"{d['id']} box"))
            if is_open:
                lines = wrap(d.get("label", ""), size, DOT_TEXT_W * 1.3 * scale, bold=True, split_long=True,
                             max_lines=3)
                parts.append(Text(s["x"], s["y"] - s["h"] / 2 - 5, "\n".join(lines), ha="center", va="bottom",
                                  fontsize=size, fontweight="bold", color="#555555" if "container" in cls else TEXT,
                                  family=FONT, alpha=a, linespacing=1.15, path_effects=outline))
            else:
                room = max(1, int((s["h"] - 8) * scale * 72 // (size * 1.15)))  # the lines the box holds
                lines = wrap(_box_label(d, mode), size, (s["w"] - 16) * scale, bold=True, split_long=True,
                             max_lines=room)
                parts.append(Text(s["x"], s["y"], "\n".join(lines), ha="center", va="center", fontsize=size,
                                  fontweight="bold", color="#555555" if "container" in cls else TEXT, family=FONT,
                                  alpha=a, linespacing=1.15, multialignment="center"))
            _group(ax, d["id"], parts, 8 if is_open else 10)
        else:
            parts.append(Circle((s["x"], s["y"]), s["w"] / 2, facecolor=d.get("colour", "#999999"),
                                edgecolor="#000000" if bw > 1 else "#333333", linewidth=bw * pt, alpha=a,
                                gid=f"{d['id']} dot"))
            text_w = DOT_TEXT_W * (NARROW_TEXT_W if "narrow" in cls else 1.0)
            lines = wrap(d.get("label", ""), size, text_w * scale * max(1.0, size / (DOT_PX * 72 * scale)),
                         split_long=True, max_lines=4)
            parts.append(Text(s["x"], s["y"] + s["w"] / 2 + 4, "\n".join(lines), ha="center", va="top",
                              fontsize=size, color="#222222", family=FONT, alpha=a, linespacing=1.1,
                              multialignment="center", path_effects=outline))
            _group(ax, d["id"], parts, 12)
    return round(min(sizes.values(), default=0.0), 1)


def _group(ax: Any, gid: str, parts: Sequence[Any], zorder: float) -> None:
    """Draw *parts* (artists in model px) into *ax* as one group: an SVG ``<g id="gid">`` holding them all."""
    from matplotlib.artist import Artist

    class Group(Artist):
        def draw(self, renderer: Any) -> None:
            renderer.open_group("group", gid=self.get_gid())
            for part in parts:
                part.draw(renderer)
            renderer.close_group("group")

    for part in parts:
        part.set_figure(ax.figure)
        part.axes = ax
        part.set_transform(ax.transData)
    group = Group()
    group.set_gid(gid)
    group.set_zorder(zorder)
    ax.add_artist(group)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _graph_axes(fig: Any, elements: Sequence[dict[str, Any]], left: float, bottom: float, width: float,
                height: float, mode: str, label_scale: float = 1.0) -> float:
    """An axes at (*left*, *bottom*, *width*, *height*) inches holding the graph, centred; returns the label pt."""
    W, H = fig.get_size_inches()
    shapes = _shapes(elements, mode)
    scale = _scale(shapes, width, height)
    x0, y0, x1, y1 = _extent(shapes)
    gw, gh = (x1 - x0) * scale, (y1 - y0) * scale
    ax = fig.add_axes(((left + (width - gw) / 2) / W, (bottom + (height - gh) / 2) / H, gw / W, gh / H))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)
    ax.set_axis_off()
    return _draw_graph(ax, elements, mode, scale, label_scale)


def _draw_legend(fig: Any, items: Sequence[dict[str, Any]], left: float, top: float, width: float, pt: float) -> float:
    """Legend items flowed in rows from (*left*, *top*) inches; returns the height used (inches)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch

    W, H = fig.get_size_inches()
    sample, gap, row_h = 0.5, 0.3, text_height(1, pt) + 0.1
    x, y = left, top
    for item in items:
        w = sample + 0.08 + text_width(item["label"], pt) + gap
        if x > left and x + w > left + width:
            x, y = left, y + row_h
        cy = H - (y + row_h / 2)
        if item["kind"] == "box":
            fig.add_artist(FancyBboxPatch(((x + 0.08) / W, (cy - 0.1) / H), 0.34 / W, 0.2 / H,
                                          boxstyle="round,pad=0,rounding_size=0.004", transform=fig.transFigure,
                                          facecolor=item.get("tint", "#ffffff"), edgecolor=item["colour"],
                                          linewidth=item.get("border", 2)))
        else:
            fig.add_artist(Line2D([x / W, (x + sample - 0.1) / W], [cy / H, cy / H], transform=fig.transFigure,
                                  color=item["colour"], alpha=item["alpha"], linewidth=2.2,
                                  linestyle=(0, (4, 2.5)) if item["dashed"] else "solid"))
            fig.add_artist(Line2D([(x + sample - 0.1) / W], [cy / H], transform=fig.transFigure, marker=">",
                                  markersize=7, color=item["colour"], alpha=item["alpha"], linestyle="none"))
            if item["tee"]:
                fig.add_artist(Line2D([(x + sample - 0.17) / W] * 2, [(cy - 0.07) / H, (cy + 0.07) / H],
                                      transform=fig.transFigure, color=item["colour"], linewidth=2.2))
        fig.text((x + sample + 0.08) / W, cy / H, item["label"], fontsize=pt, va="center", ha="left", color=TEXT,
                 family=FONT)
        x += w
    return y + row_h - top


def _save(fig: Any, fmt: str, title: str, alt: str, dpi: int) -> bytes:
    title, alt = (" ".join(plain_lines(t).split()) for t in (title, alt))  # one line each, no control characters
    buf = io.BytesIO()
    meta: dict[str, str]
    if fmt == "png":
        meta = {"Title": title, "Description": alt, "Software": "pswgraph (matplotlib)"}
    elif fmt == "pdf":
        meta = {"Title": title, "Subject": alt, "Creator": "pswgraph (matplotlib)"}
    else:
        meta = {"Title": title, "Description": alt}
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "pswgraph"}):
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white", metadata=meta)
    data = buf.getvalue()
    if fmt == "svg":
        data = _svg_title(data, title, alt)
    return data


def _svg_title(svg: bytes, title: str, alt: str) -> bytes:
    """Put ``<title>`` and ``<desc>`` first inside the ``<svg>`` element, and name it an image for screen readers."""
    text = svg.decode("utf-8")
    i = text.index("<svg")
    j = text.index(">", i)
    head = text[i:j]
    if "role=" not in head:
        head += ' role="img" aria-labelledby="pswgraph-title pswgraph-desc"'
    inner = f'\n <title id="pswgraph-title">{escape(title)}</title>\n <desc id="pswgraph-desc">{escape(alt)}</desc>'
    return (text[:i] + head + text[j:j + 1] + inner + text[j + 1:]).encode("utf-8")


def _pixels(data: bytes, width_in: float, height_in: float, dpi: int) -> tuple[int, int]:
    """Pixel size of a PNG as written (read from its header), else of the page at *dpi*."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return round(width_in * dpi), round(height_in * dpi)


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width, height), facecolor="white")


def render_graph(elements: Sequence[dict[str, Any]], *, width_in: float, height_in: float, mode: str = "slide",
                 fmt: str = "png", dpi: int = 200, alt: str = "", label_scale: float = 1.0) -> Figure:
    """The graph alone (no title, legend or caption), drawn to fill *width_in* x *height_in* inches.

    *label_scale* sizes the words for drawings laid out for smaller labels than the explorer's (the compare
    panels).

    For a slide picture: placed at this size, its labels are :attr:`Figure.label_pt` points or larger.

    >>> render_graph([], width_in=4, height_in=3).width_px
    800
    """
    fig = _new_figure(width_in, height_in)
    label = _graph_axes(fig, elements, 0, 0, width_in, height_in, mode, label_scale) if elements else 0.0
    data = _save(fig, fmt, "", alt, dpi)
    return Figure(data, fmt, alt, *_pixels(data, width_in, height_in, dpi), label)


def render_figure(elements: Sequence[dict[str, Any]], *, title: str, caption: str, sources: str, fmt: str = "png",
                  mode: str = "screen", alt: str | None = None, width_in: float = PAGE_W) -> Figure:
    """A figure of *elements*: title, graph, legend, caption and sources, on white.

    Parameters
    ----------
    elements : the explorer's cytoscape elements (positions, colours, classes).
    title, caption, sources : the words (see :func:`figure_caption`, :func:`sources_line`).
    fmt : ``png`` (``width_in`` x 150 dpi: 1920 px by default), ``svg`` or ``pdf``.
    mode : ``screen`` (the selection highlight kept) or ``slide`` (no highlight, larger labels).
    alt : the alt text (default :func:`alt_text` of the elements, title and caption).

    Returns
    -------
    A :class:`Figure`; its alt text is also stored in the file.
    """
    check_format(FIGURE_FORMATS, fmt, "figure")
    if mode not in MODES:
        raise ValueError(f"unknown figure mode {mode!r}; expected one of {', '.join(MODES)}")
    alt = alt if alt is not None else alt_text(elements, title, caption)
    W, margin = width_in, 0.4
    inner = W - 2 * margin
    title_pt, text_pt = (24, 14) if mode == "slide" else (20, 11)
    title_lines = wrap(title, title_pt, inner, bold=True, split_long=True, max_lines=3)
    cap_lines = wrap(caption, text_pt, inner, split_long=True, max_lines=12)
    src_lines = wrap(sources, text_pt - 1, inner, split_long=True, max_lines=8)
    shapes = _shapes(elements, mode)
    x0, y0, x1, y1 = _extent(shapes)
    graph_h = min(max(inner * (y1 - y0) / max(x1 - x0, 1.0), 3.0), 9.0)
    items = legend_items(elements, mode)
    legend_h = _legend_height(items, inner, text_pt)
    top_h = margin + text_height(len(title_lines), title_pt) + 0.2
    bottom_h = 0.2 + legend_h + 0.2 + text_height(len(cap_lines), text_pt) + 0.1 \
        + text_height(len(src_lines), text_pt - 1) + margin
    H = top_h + graph_h + bottom_h
    fig = _new_figure(W, H)
    fig.text(margin / W, 1 - margin / H, "\n".join(title_lines), fontsize=title_pt, fontweight="bold", va="top",
             ha="left", color=TEXT, family=FONT, linespacing=1.2)
    label = _graph_axes(fig, elements, margin, bottom_h, inner, graph_h, mode) if elements else 0.0
    y = top_h + graph_h + 0.2
    y += _draw_legend(fig, items, margin, y, inner, text_pt) + 0.2
    fig.text(margin / W, 1 - y / H, "\n".join(cap_lines), fontsize=text_pt, va="top", ha="left", color=TEXT,
             family=FONT, linespacing=1.2)
    y += text_height(len(cap_lines), text_pt) + 0.1
    fig.text(margin / W, 1 - y / H, "\n".join(src_lines), fontsize=text_pt - 1, va="top", ha="left",
             color="#444444", family=FONT, linespacing=1.2)
    dpi = PNG_DPI if W >= PAGE_W else math.ceil(1920 / W)
    data = _save(fig, fmt, title, alt, dpi)
    return Figure(data, fmt, alt, *_pixels(data, W, H, dpi), label)


def _legend_height(items: Sequence[dict[str, Any]], width: float, pt: float) -> float:
    rows, x = 1, 0.0
    for item in items:
        w = 0.5 + 0.08 + text_width(item["label"], pt) + 0.3
        if x and x + w > width:
            rows, x = rows + 1, 0.0
        x += w
    return rows * (text_height(1, pt) + 0.1)
