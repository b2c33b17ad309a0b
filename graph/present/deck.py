"""A 16:9 briefing deck (python-pptx) of a graph view, a path or a country comparison.

Every slide is laid out on a blank 13.333 x 7.5 in page with its own text
boxes; font sizes are set on each run; text is measured with the font's
metrics (:mod:`graph.present.textfit`) before it is placed, so what does not fit goes
to the next slide or to the speaker notes, never over a frame's edge.

>>> from graph import load_graph
>>> data = build_deck(load_graph(), title="Test", subtitle="Nothing drawn", views=[], evidence_ids=[])
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from graph.data.vocabulary import POLARITY_LABELS
from graph.present import apa
from graph.present.figure import alt_text, figure_caption, label_points, legend_items, render_graph, split_by_level
from graph.present.layout import short_label
from graph.present.style import BADGE_COLOURS, EDGE_COLOUR, LEVEL_COLOURS, LEVEL_TINTS
from graph.present.textfit import FONT, LINE_HEIGHT, plain_lines, rounded_inset, text_height, text_width, wrap
from graph.query.details import evidence_records
from graph.query.strength import STRENGTH_NOTE, strength_label

__all__ = ["GraphView", "build_deck", "comparison_rows", "is_sentence", "rank_evidence"]

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.4
#: Text frame insets (python-pptx / PowerPoint defaults): left and right, top and bottom.
INSET_X, INSET_Y = 0.1, 0.05
#: Font sizes (pt): slide titles, the title slide's title, body text, quotes, small print (never smaller).
TITLE_PT, COVER_PT, BODY_PT, QUOTE_PT, SMALL_PT = 28, 40, 18, 16, 14
#: Graph labels on a slide are at least this large (the picture is rendered at its size on the slide).
MIN_LABEL_PT = 14.0
#: Where the graph picture goes (inches): left, top, width, height (at most: below the title, above a note);
#: the legend column right of it.
GRAPH_BOX = (MARGIN, 1.0, 9.6, 6.1)
LEGEND_X, LEGEND_W = 10.25, SLIDE_W - 10.25 - MARGIN
#: Country panels on one slide at most (side by side), so that their labels stay :data:`MIN_LABEL_PT` or larger.
PANELS_PER_SLIDE = 2
#: A quote longer than this many lines on a slide is cut (" […]"); the notes keep it whole.
MAX_QUOTE_LINES = 5
#: Evidence (and table) slides per deck at most, the rest going to the notes; evidence items in the notes at most.
MAX_EVIDENCE_SLIDES, MAX_NOTES_ITEMS = 3, 60
TEXT, MUTED = "#1a1a1a", "#444444"


@dataclass
class GraphView:
    """One picture for the graph slide: cytoscape elements and a note saying how it differs from the screen."""

    elements: list[dict[str, Any]]
    note: str = ""
    title: str = ""


# ----------------------------------------------------------------------------- text boxes

Run = tuple[str, float, bool, bool, str]  # text, pt, bold, italic, colour


def _rgb(hex_colour: str) -> RGBColor:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return RGBColor.from_string(h.upper()[:6])


def _para_height(runs: Sequence[Run], width: float, space_after: float = 0.0) -> float:
    """Height (inches) of one paragraph of *runs* wrapped to *width* (the frame's width less its insets)."""
    text = "".join(r[0] for r in runs)
    pt = max((r[1] for r in runs), default=SMALL_PT)
    bold = any(r[2] for r in runs)
    return text_height(len(wrap(text, pt, width, bold, split_long=True)), pt) + space_after / 72


def _frame_height(paras: Sequence[Sequence[Run]], width: float, space_after: float = 0.0) -> float:
    """Height a text frame of *width* inches needs for *paras* (insets included)."""
    inner = width - 2 * INSET_X
    return sum(_para_height(p, inner, space_after) for p in paras) + 2 * INSET_Y


def _rounded_height(paras: Sequence[Sequence[Run]], width: float, pad: float = 0.0) -> float:
    """Height a rounded rectangle of *width* inches needs for *paras*, *pad* inches to spare: its text area lies
    :func:`~graph.present.textfit.rounded_inset` inside it on every side, an inset that grows with the height.

    >>> paras = [[("Readiness for the integration of PSWs in mental health teams", 14, True, False, TEXT)]]
    >>> _rounded_height(paras, 1.4) > _frame_height(paras, 1.4)
    True
    """
    h = _frame_height(paras, width) + pad
    while True:
        inset = rounded_inset(width, h)
        need = _frame_height(paras, width - 2 * inset) + 2 * inset + pad
        if need <= h + 1e-9:
            return h
        h = need


def _textbox(slide: Any, left: float, top: float, width: float, height: float, paras: Sequence[Sequence[Run]], *,
             align: Any = PP_ALIGN.LEFT, anchor: Any = MSO_ANCHOR.TOP, space_after: float = 0.0,
             shape: Any = None) -> Any:
    """A text box (or the text of *shape*) holding *paras*; every run gets its own font size, weight and colour."""
    box = shape if shape is not None else slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width),
                                                                   Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = Inches(INSET_X)
    tf.margin_top = tf.margin_bottom = Inches(INSET_Y)
    tf.vertical_anchor = anchor
    for i, runs in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.line_spacing = LINE_HEIGHT / 1.2  # PowerPoint's single spacing is 1.2 em
        if space_after:
            p.space_after = Pt(space_after)
        for text, pt, bold, italic, colour in runs:
            r = p.add_run()
            r.text = plain_lines(text).replace("\n", " ")  # a line break in a run would show as _x000D_
            f = r.font
            f.size, f.bold, f.italic, f.name = Pt(pt), bold, italic, FONT
            f.color.rgb = _rgb(colour)
    return box


def _title_height(text: str) -> float:
    """Where the body of a slide titled *text* starts (inches)."""
    lines = min(len(wrap(text, TITLE_PT, SLIDE_W - 2 * MARGIN - 2 * INSET_X, True)), 2)
    return 0.3 + text_height(lines, TITLE_PT) + 2 * INSET_Y + 0.15


def _title(slide: Any, text: str) -> float:
    """The slide title (28 pt, bold, at most two lines, cut with "…" beyond); returns where the body starts."""
    width = SLIDE_W - 2 * MARGIN - 2 * INSET_X
    text = _cut(text, TITLE_PT, width, 2, bold=True, mark=" …")
    h = text_height(len(wrap(text, TITLE_PT, width, True)), TITLE_PT) + 2 * INSET_Y
    _textbox(slide, MARGIN, 0.3, SLIDE_W - 2 * MARGIN, h, [[(text, TITLE_PT, True, False, TEXT)]])
    return _title_height(text)


def _cut(text: str, pt: float, width: float, max_lines: int, *, bold: bool = False, mark: str = " […]") -> str:
    """*text* cut at a word so that, with *mark* appended, it wraps to at most *max_lines* lines."""
    lines = wrap(text, pt, width, bold, split_long=True)
    if len(lines) <= max_lines:  # a word wider than the frame is cut across lines
        return text if lines == wrap(text, pt, width, bold) else " ".join(lines)
    words = plain_lines(text).replace("\n", " ").split(" ")
    lo, hi = 0, len(words)
    while lo < hi:  # the most words that fit
        mid = (lo + hi + 1) // 2
        if len(wrap(" ".join(words[:mid]) + mark, pt, width, bold, split_long=True)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:  # not even one word fits: the words cut across lines, the last one ending in "…"
        return " ".join(wrap(text, pt, width, bold, split_long=True, max_lines=max_lines))
    return " ".join(words[:lo]).rstrip(",;:") + mark


def _alt(pic: Any, text: str) -> None:
    """Set a picture's alt text (``descr`` of its ``cNvPr``), as PowerPoint's "Alt Text" pane does."""
    pic._element.nvPicPr.cNvPr.set("descr", text)


def _notes(slide: Any, lines: Iterable[str]) -> None:
    text = "\n\n".join(x for x in lines if x)
    if text:
        slide.notes_slide.notes_text_frame.text = text


# ----------------------------------------------------------------------------- evidence

#: A quote shorter than this many words reads as a heading or a fragment, not a finding.
MIN_SENTENCE_WORDS = 8


def is_sentence(quote: str) -> bool:
    """Whether *quote* reads as a full sentence: enough words, a capital first, a full stop (or ? ! …) last.

    Table headings ("Project funding") and fragments cut mid-sentence are not.

    >>> is_sentence("Project funding"), is_sentence("may, in addition, foster broader system change because peers")
    (False, False)
    >>> is_sentence("The managers talked about how they involved peer workers in various activities.")
    True
    """
    text = quote.strip().strip("\"“”'‘’ ")
    return (len(text.split()) >= MIN_SENTENCE_WORDS and text[:1].isupper()
            and text.rstrip(")]").endswith((".", "!", "?", "…")))


def rank_evidence(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence in the order a deck shows it, chosen by content: verbatim quotes that are full sentences
    (:func:`is_sentence`) first, enablers and barriers before context, findings from a Results section
    before others, those with a speaker code before those without; one study after another (so the first
    few come from different studies); shorter before longer.

    Parameters
    ----------
    records : evidence records (:func:`graph.query.details.evidence_records`).

    Returns
    -------
    The records, best first.

    >>> [r["id"] for r in rank_evidence([{"id": "a", "quote": "", "polarity": "barrier", "study": {"id": "s"}},
    ...                                  {"id": "b", "quote": "q", "polarity": "context", "study": {"id": "s"}}])]
    ['b', 'a']
    >>> heading = {"id": "h", "quote": "Project funding", "polarity": "enabler", "study": {"id": "s"}}
    >>> finding = {"id": "f", "quote": "Managers said the funding ran out after two years of the project.",
    ...            "polarity": "barrier", "section": "Results", "speaker": "M3", "study": {"id": "s"}}
    >>> [r["id"] for r in rank_evidence([heading, finding])]
    ['f', 'h']
    """
    def key(r: dict[str, Any]) -> tuple:
        quote = r.get("quote") or ""
        return (not quote, not is_sentence(quote), r.get("polarity") not in ("enabler", "barrier"),
                not str(r.get("section", "")).lower().startswith("results"), not r.get("speaker"),
                len(quote or r.get("paraphrase", "")), r["id"])

    ordered = sorted(records, key=key)
    seen: dict[str, int] = {}
    ranked = []
    for r in ordered:
        n = seen.get(r["study"]["id"], 0)
        seen[r["study"]["id"]] = n + 1
        ranked.append((key(r)[:3], n, key(r)[3:], r))
    return [r for *_, r in sorted(ranked, key=lambda x: x[:3])]


def _about(G: nx.MultiDiGraph, rec: dict[str, Any], drawn: set[str], ends: dict[str, tuple[str, str]]) -> str:
    """What an evidence item supports, in words: an influence ("A → B") or factors, those drawn first."""
    def name(n: str) -> str:
        return G.nodes[n].get("label", n) if n in G else n

    def shown(n: str) -> bool:
        return n in drawn or (n in G and G.nodes[n].get("theme") in drawn)

    links = [ends[i] for i in rec.get("influences", []) if i in ends]
    links.sort(key=lambda e: not (shown(e[0]) and shown(e[1])))
    if links:
        return f"On {name(links[0][0])} → {name(links[0][1])}"
    factors = sorted(rec.get("factors", []), key=lambda f: not shown(f))[:2]
    return f"On {' and '.join(name(f) for f in factors)}" if factors else ""


def _label_records(G: nx.MultiDiGraph, records: Sequence[dict[str, Any]], drawn: set[str]) -> list[dict[str, Any]]:
    """*records*, each with ``about``: the factor or influence it supports (:func:`_about`)."""
    ends = {d["id"]: (u, v) for u, v, d in G.edges(data=True) if d.get("relation") == "influences" and "id" in d}
    return [{**r, "about": _about(G, r, drawn, ends)} for r in records]


def _cite(rec: dict[str, Any]) -> str:
    return apa.in_text([rec["study"]])


def _attribution(rec: dict[str, Any]) -> str:
    bits = []
    if rec.get("speaker"):
        bits.append(f"speaker {rec['speaker']}")
    if rec.get("perspective"):
        bits.append(rec["perspective"])
    bits.append(_cite(rec).strip("()"))
    countries = ", ".join(c["name"] for c in rec.get("countries", []))
    if countries:
        bits.append(countries)
    return "— " + "; ".join(bits)


def _note(G: nx.MultiDiGraph, rec: dict[str, Any]) -> str:
    """An evidence item in full for the speaker notes: polarity, quote (or paraphrase), speaker, reference."""
    words = f"“{rec['quote']}”" if rec.get("quote") else f"(paraphrase) {rec.get('paraphrase', '')}"
    who = f" — speaker {rec['speaker']}" if rec.get("speaker") else ""
    about = f"{rec['about']}: " if rec.get("about") else ""
    return f"[{POLARITY_LABELS.get(rec.get('polarity', ''), rec.get('polarity', ''))}] {about}{words}{who}. " \
           f"{apa.reference(G.nodes[rec['study']['id']])}"


def _evidence_block(rec: dict[str, Any], width: float) -> tuple[list[list[Run]], float, bool]:
    """The paragraphs of one evidence item beside its polarity badge, their height, and whether it was cut."""
    inner = width - 2 * INSET_X
    words = rec.get("quote") or rec.get("paraphrase", "")
    text = f"“{words}”" if rec.get("quote") else words
    cut = _cut(text, QUOTE_PT, inner, MAX_QUOTE_LINES)
    paras = [[(cut, QUOTE_PT, False, not rec.get("quote"), TEXT)],
             [(_attribution(rec), SMALL_PT, False, True, MUTED)]]
    if rec.get("about"):  # which factor or influence the quote supports, above it
        paras.insert(0, [(_cut(rec["about"], SMALL_PT, inner, 1, bold=True, mark=" …"), SMALL_PT, True, False,
                          MUTED)])
    return paras, _frame_height(paras, width), cut != text


BADGE_W, BADGE_H = 1.25, 0.42


def _badge(slide: Any, left: float, top: float, polarity: str) -> None:
    """A polarity badge: its colour and its name (never colour alone)."""
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(BADGE_W),
                                   Inches(BADGE_H))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(BADGE_COLOURS.get(polarity, "#5c636a"))
    shape.line.fill.background()
    colour = "#000000" if polarity == "mixed" else "#ffffff"
    _textbox(slide, 0, 0, 0, 0, [[(POLARITY_LABELS.get(polarity, polarity or "—"), SMALL_PT, True, False, colour)]],
             align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE, shape=shape)


def _place_evidence(slide: Any, records: Sequence[dict[str, Any]], top: float,
                    bottom: float) -> list[dict[str, Any]]:
    """Put as many of *records* as fit between *top* and *bottom*, in their order; returns those placed."""
    x_text = MARGIN + BADGE_W + 0.15
    width = SLIDE_W - MARGIN - x_text
    y, placed = top, []
    smallest = text_height(1, QUOTE_PT) + text_height(1, SMALL_PT) + 2 * INSET_Y
    for rec in records:
        if bottom - y < smallest:
            break
        paras, h, _ = _evidence_block(rec, width)
        if y + h > bottom:
            continue  # a shorter one further down may still fit
        _badge(slide, MARGIN, y + 0.04, rec.get("polarity", ""))
        _textbox(slide, x_text, y, width, h, paras)
        y += h + 0.15
        placed.append(rec)
    return placed


# ----------------------------------------------------------------------------- slides

def _blank(prs: Any) -> Any:
    return prs.slides.add_slide(prs.slide_layouts[6])


def _cover(prs: Any, G: nx.MultiDiGraph, title: str, subtitle: str, date: dt.date) -> None:
    s = _blank(prs)
    width = SLIDE_W - 2 * MARGIN
    meta = G.graph
    data_line = (f"Data: {meta.get('title', '')} ({meta.get('name', '')} {meta.get('version', '')}). "
                 f"Exported {date.isoformat()} with pswgraph.")
    title = _cut(title, COVER_PT, width - 2 * INSET_X, 3, bold=True, mark=" …")
    subtitle = _cut(subtitle, 22, width - 2 * INSET_X, 3, mark=" …")
    blocks = [([[(title, COVER_PT, True, False, TEXT)]], 0.0),
              ([[(subtitle, 22, False, False, TEXT)]], 0.3),
              ([[(data_line, SMALL_PT, False, False, MUTED)]], 0.4)]
    heights = [_frame_height(p, width) for p, _ in blocks]
    y = max((SLIDE_H - sum(heights) - sum(g for _, g in blocks)) / 2, MARGIN)
    for (paras, gap), h in zip(blocks, heights, strict=True):
        y += gap
        _textbox(s, MARGIN, y, width, h, paras, align=PP_ALIGN.CENTER)
        y += h


def _legend(slide: Any, elements: Sequence[dict[str, Any]], top: float) -> None:
    """The legend as native shapes: level boxes, and each line style drawn as a line (connectors)."""
    _textbox(slide, LEGEND_X, top, LEGEND_W, _frame_height([[("Legend", BODY_PT, True, False, TEXT)]], LEGEND_W),
             [[("Legend", BODY_PT, True, False, TEXT)]])
    y = top + _frame_height([[("Legend", BODY_PT, True, False, TEXT)]], LEGEND_W) + 0.05
    sample_w, label_x = 0.6, LEGEND_X + 0.7
    label_w = SLIDE_W - MARGIN - label_x
    for item in legend_items(elements, "slide"):
        paras = [[(item["label"], SMALL_PT, False, False, TEXT)]]
        h = _frame_height(paras, label_w)
        cy = y + h / 2
        if item["kind"] == "box":
            box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(LEGEND_X), Inches(cy - 0.15),
                                         Inches(sample_w), Inches(0.3))
            box.fill.solid()
            box.fill.fore_color.rgb = _rgb(item.get("tint", "#ffffff"))
            box.line.color.rgb = _rgb(item["colour"])
            box.line.width = Pt(item.get("border", 2))
        else:
            _line(slide, LEGEND_X, cy, LEGEND_X + sample_w, cy, item["colour"], 2.5, dashed=item["dashed"],
                  alpha=item["alpha"], arrow=True)
            if item["tee"]:
                _line(slide, LEGEND_X + sample_w - 0.2, cy - 0.1, LEGEND_X + sample_w - 0.2, cy + 0.1,
                      item["colour"], 2.5)
        _textbox(slide, label_x, y, label_w, h, paras)
        y += h + 0.05


def _line(slide: Any, x1: float, y1: float, x2: float, y2: float, colour: str, width: float, *,
          dashed: bool = False, alpha: float = 1.0, arrow: bool = False) -> Any:
    """A straight connector: solid or dashed, optionally faint and ending in an arrowhead."""
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    c = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(x1), Inches(y1), Inches(x2), Inches(y2))
    c.line.color.rgb = _rgb(colour)
    c.line.width = Pt(width)
    if dashed:
        c.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    ln = c.line._get_or_add_ln()
    if alpha < 1:
        clr = ln.find(qn("a:solidFill")).find(qn("a:srgbClr"))
        clr.append(clr.makeelement(qn("a:alpha"), {"val": str(int(alpha * 100000))}))
    if arrow:
        ln.append(ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"}))
    return c


def _graph_slides(prs: Any, G: nx.MultiDiGraph, title: str, views: Sequence[GraphView],
                  evidence_ids: Sequence[str]) -> None:
    """The graph slide: the first view whose labels reach 14 pt; else the last one split by level."""
    _, _, gw, gh = GRAPH_BOX
    gh = SLIDE_H - MARGIN - _title_height(title)
    chosen = next((v for v in views if label_points(v.elements, gw, gh, "slide") >= MIN_LABEL_PT), None)
    if chosen is not None:
        parts = [chosen]
    else:
        last = views[-1]
        pieces = split_by_level(last.elements)
        names = [el["data"].get("label", "").replace("\n", " ") for el in last.elements if "band" in
                 (el.get("classes") or "").split()]
        parts = [GraphView(p, note=f"{last.note + ' ' if last.note else ''}Split by level so labels stay readable: "
                                   f"part {i + 1} of {len(pieces)}, {names[i]}; influences between levels are "
                                   "left out here (they are in the explorer and the speaker notes).".strip(),
                           title=f"{title} — {names[i]}") for i, p in enumerate(pieces)] or [last]
    for i, view in enumerate(parts):  # what still cannot reach 14 pt says so
        pt = label_points(view.elements, gw, gh, "slide")
        if view.elements and pt < MIN_LABEL_PT:
            parts[i] = replace(view, note=(f"{view.note} " if view.note else "") + (
                f"Labels are {pt:.0f} pt here, under 14 pt: this view is too large for one slide; focus on a "
                "factor or filter the view to simplify it."))
    for view in parts:
        s = _blank(prs)
        top = _title(s, view.title or title)
        left, _, w, h = GRAPH_BOX
        note_h = _frame_height([[(view.note, SMALL_PT, False, True, MUTED)]], SLIDE_W - 2 * MARGIN) \
            if view.note else 0.0
        h = min(h, SLIDE_H - MARGIN - note_h - top)
        caption = figure_caption(G, view.elements, evidence_ids, view=view.title or title)
        alt = alt_text(view.elements, view.title or title, caption)
        fig = render_graph(view.elements, width_in=w, height_in=h, mode="slide", alt=alt)
        pic = s.shapes.add_picture(io.BytesIO(fig.data), Inches(left), Inches(top), Inches(w), Inches(h))
        _alt(pic, alt)
        _legend(s, view.elements, top)
        if view.note:
            _textbox(s, MARGIN, SLIDE_H - MARGIN - note_h, SLIDE_W - 2 * MARGIN, note_h,
                     [[(view.note, SMALL_PT, False, True, MUTED)]])
        edges = sorted((el["data"] for el in view.elements if "source" in el["data"]),
                       key=lambda d: -d.get("evidence_count", 0))
        labels = {el["data"]["id"]: el["data"].get("full_label", el["data"]["id"]) for el in view.elements}
        _notes(s, [caption, "Influences drawn (evidence items):",
                   "\n".join(f"{labels.get(d['source'], d['source'])} → {labels.get(d['target'], d['target'])} "
                             f"({d.get('evidence_count', 0)})" for d in edges)])


#: Room between the route's boxes, across (an arrow's length) and down (a wrapped route's rows).
STRIP_GAP, STRIP_ROW_GAP = 0.45, 0.35


def strip_layout(G: nx.MultiDiGraph, nodes: Sequence[str]) -> tuple[int, float]:
    """Boxes per row of a route's strip and their width (inches): one row when the longest word of every factor's
    label fits its box at 14 pt, else as few balanced rows as make it fit, so no word is cut mid-word.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> strip_layout(G, ["regulatory-political", "psw-wellbeing"])[0]
    2
    >>> per, width = strip_layout(G, ["needs-analysis"] * 7)   # "implementation" does not fit a seventh of a row
    >>> per < 7, round(width, 2) > 1.8
    (True, True)
    """
    words = [w for x in nodes for w in short_label(G.nodes[x].get("label", x) if x in G else x).split()]
    widest = max((text_width(w, SMALL_PT, True) for w in words), default=0.0) * 1.01  # wrap's slack, and some
    n, avail = max(len(nodes), 1), SLIDE_W - 2 * MARGIN
    for rows in range(1, n + 1):
        per = -(-n // rows)
        width = (avail - STRIP_GAP * (per - 1)) / per
        if width - 2 * INSET_X - 2 * rounded_inset(width, width) >= widest or per == 1:
            return per, width
    return 1, avail


def _route_strip(slide: Any, G: nx.MultiDiGraph, nodes: Sequence[str], upto: int, top: float) -> float:
    """The route's factors as boxes joined by arrows, up to hop *upto* (the current hop in black); returns the bottom.

    The boxes run left to right, wrapping back right to left under the row before (:func:`strip_layout`) where
    a row of them all would cut a long word.
    """
    n = len(nodes)
    per, box_w = strip_layout(G, nodes)
    labels = [short_label(G.nodes[x].get("label", x)) if x in G else x for x in nodes]
    box_h = max(_rounded_height([[(lab, SMALL_PT, True, False, TEXT)]], box_w, 0.1) for lab in labels)

    def corner(i: int) -> tuple[float, float]:
        row, col = divmod(i, per)
        col = per - 1 - col if row % 2 else col  # a wrapped row runs back, under the end of the one before
        return MARGIN + col * (box_w + STRIP_GAP), top + row * (box_h + STRIP_ROW_GAP)

    for i, (node, label) in enumerate(zip(nodes, labels, strict=True)):
        if i > upto + 1:
            break
        x, y = corner(i)
        level = G.nodes[node].get("level", "") if node in G else ""
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x), Inches(y), Inches(box_w),
                                       Inches(box_h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(LEVEL_TINTS.get(level, "#eeeeee"))
        shape.line.color.rgb = _rgb(LEVEL_COLOURS.get(level, "#555555"))
        shape.line.width = Pt(4 if i in (upto, upto + 1) else 2)
        _textbox(slide, 0, 0, 0, 0, [[(label, SMALL_PT, True, False, TEXT)]], align=PP_ALIGN.CENTER,
                 anchor=MSO_ANCHOR.MIDDLE, shape=shape)
        if i:
            current = i == upto + 1
            (px, py), colour, width = corner(i - 1), "#000000" if current else EDGE_COLOUR, 4 if current else 2
            if py != y:  # down from the box above
                _line(slide, x + box_w / 2, py + box_h + 0.05, x + box_w / 2, y - 0.05, colour, width, arrow=True)
            else:
                ends = (px + box_w + 0.05, x - 0.05) if px < x else (px - 0.05, x + box_w + 0.05)
                _line(slide, ends[0], y + box_h / 2, ends[1], y + box_h / 2, colour, width, arrow=True)
    rows = -(-n // per)
    return top + rows * box_h + (rows - 1) * STRIP_ROW_GAP


def _hop_slides(prs: Any, G: nx.MultiDiGraph, route: dict[str, Any], references: dict[str, dict[str, Any]]) -> None:
    """One slide per hop, the route built up step by step; each with its strongest quotes, countries and citations."""
    nodes, hops = route["nodes"], route["hops"]
    for i, hop in enumerate(hops):
        s = _blank(prs)
        a, b = (G.nodes[x].get("label", x) if x in G else x for x in (hop["source"], hop["target"]))
        top = _title(s, f"Step {i + 1} of {len(hops)}: {a} → {b}")
        y = _route_strip(s, G, nodes, i, top) + 0.2
        records = _label_records(G, rank_evidence(evidence_records(G, hop.get("evidence", []))),
                                 {hop["source"], hop["target"]})
        for r in records:
            references[r["study"]["id"]] = G.nodes[r["study"]["id"]]
        studies = [G.nodes[st] for st in dict.fromkeys(r["study"]["id"] for r in records)]
        countries = ", ".join(G.nodes[c].get("label", c) if c in G else c for c in hop.get("countries", [])) \
            or "no country stated"
        if hop.get("strength"):  # the counts as every view gives them, the all-evidence figure beside filtered ones
            facts = f"{strength_label(hop['strength'], scope=route.get('scope', ''))}. Countries: {countries}. " \
                    f"{STRENGTH_NOTE}."
        else:
            facts = (f"{len(records)} evidence item{'s' * (len(records) != 1)} from {len(studies)} "
                     f"stud{'ies' if len(studies) != 1 else 'y'}; countries: {countries}.")
        cite = apa.in_text(studies) or "No study evidences this step yet (a framework link)."
        paras = [[(facts, SMALL_PT, False, False, TEXT)], [(cite, SMALL_PT, False, False, MUTED)]]
        h = _frame_height(paras, SLIDE_W - 2 * MARGIN)
        _textbox(s, MARGIN, SLIDE_H - MARGIN - h, SLIDE_W - 2 * MARGIN, h, paras)
        placed = len(_place_evidence(s, records, y, SLIDE_H - MARGIN - h - 0.1))
        _notes(s, [f"{a} → {b}. {facts} {cite}", *(_note(G, r) for r in records[:MAX_NOTES_ITEMS]),
                   f"… {len(records) - MAX_NOTES_ITEMS} more in the explorer." if len(records) > MAX_NOTES_ITEMS
                   else "", f"{placed} of {len(records)} items are on the slide."])


def _comparison_slides(prs: Any, G: nx.MultiDiGraph, title: str, comparison: dict[str, Any]) -> None:
    """Country panels side by side, then the shared / unique table (as many rows per slide as fit)."""
    panels = comparison.get("panels", [])
    legend = comparison.get("legend", [])
    legend_h = _frame_height([[("X", SMALL_PT, False, False, TEXT)]], 2.0) if legend else 0.0
    gap, scale = 0.2, comparison.get("label_scale", 1.0)

    def titles(n: int) -> list[str]:
        groups = [panels[i:i + n] for i in range(0, len(panels), n)]
        if len(groups) == 1:
            return [title]
        return [f"Influences in {' and '.join(name for name, _ in g)} ({k + 1} of {len(groups)})"
                for k, g in enumerate(groups)]

    def panel_size(n: int) -> tuple[float, float]:
        w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
        head = _frame_height([[("X", BODY_PT, True, False, TEXT)]], w)
        return w, SLIDE_H - MARGIN - max(map(_title_height, titles(n))) - head - legend_h

    def small(n: int) -> bool:
        return any(label_points(els, *panel_size(n), "slide") * scale < MIN_LABEL_PT for _, els in panels)

    n = min(len(panels), PANELS_PER_SLIDE)  # two a slide; one where only that keeps the labels at 14 pt
    if n > 1 and small(n) and not small(1):
        n = 1
    groups = [panels[i:i + n] for i in range(0, len(panels), n)]
    for group, group_title in zip(groups, titles(n), strict=True):
        s = _blank(prs)
        top = _title(s, group_title)
        w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
        head = _frame_height([[("X", BODY_PT, True, False, TEXT)]], w)
        h = SLIDE_H - MARGIN - top - head - legend_h
        for i, (name, elements) in enumerate(group):
            x = MARGIN + i * (w + gap)
            _textbox(s, x, top, w, head, [[(name, BODY_PT, True, False, TEXT)]], align=PP_ALIGN.CENTER)
            alt = alt_text(elements, f"{title}: {name}", f"The influences evidenced in {name}.")
            fig = render_graph(elements, width_in=w, height_in=h, mode="slide", alt=alt, label_scale=scale)
            pic = s.shapes.add_picture(io.BytesIO(fig.data), Inches(x), Inches(top + head), Inches(w), Inches(h))
            _alt(pic, alt)
            if fig.label_pt < MIN_LABEL_PT:
                _notes(s, [f"The panels have labels of {fig.label_pt:.0f} pt: the explorer shows them larger."])
        x, y = MARGIN, SLIDE_H - MARGIN - legend_h
        for colour, label in legend:  # the line colours, drawn as lines, in one row under the panels
            w_label = text_width(label, SMALL_PT) + 2 * INSET_X + 0.05
            _line(s, x, y + legend_h / 2, x + 0.5, y + legend_h / 2, colour, 3)
            _textbox(s, x + 0.55, y, w_label, legend_h, [[(label, SMALL_PT, False, False, TEXT)]])
            x += 0.55 + w_label + 0.3
    rows = comparison.get("rows", [])
    if not rows:
        return
    col = (SLIDE_W - 2 * MARGIN) * 0.62
    remaining = list(rows)
    part = 0
    while remaining and part < MAX_EVIDENCE_SLIDES:
        part += 1
        s = _blank(prs)
        y = _title(s, f"Shared and unique influences{f' ({part})' if part > 1 else ''}")
        head = [[("Influence", SMALL_PT, True, False, TEXT)]], [[("Evidenced in", SMALL_PT, True, False, TEXT)]]
        hh = max(_frame_height(head[0], col), _frame_height(head[1], SLIDE_W - 2 * MARGIN - col))
        _textbox(s, MARGIN, y, col, hh, head[0])
        _textbox(s, MARGIN + col, y, SLIDE_W - 2 * MARGIN - col, hh, head[1])
        y += hh
        placed = 0
        for row in remaining:
            a = [[(row["influence"], SMALL_PT, False, False, TEXT)]]
            b = [[(row["status"], SMALL_PT, row.get("shared", False), False, TEXT)]]
            rh = max(_frame_height(a, col), _frame_height(b, SLIDE_W - 2 * MARGIN - col))
            if y + rh > SLIDE_H - MARGIN:
                break
            _textbox(s, MARGIN, y, col, rh, a)
            _textbox(s, MARGIN + col, y, SLIDE_W - 2 * MARGIN - col, rh, b)
            y += rh
            placed += 1
        remaining = remaining[placed:]
        if remaining and part == MAX_EVIDENCE_SLIDES:
            _notes(s, ["Rows not on the slides:", *(f"{r['influence']}: {r['status']}" for r in remaining)])


def _evidence_slides(prs: Any, G: nx.MultiDiGraph, records: Sequence[dict[str, Any]], heading: str) -> list[dict[str, Any]]:
    """Up to :data:`MAX_EVIDENCE_SLIDES` slides of quotes (as many as fit); the rest in the last slide's notes.

    Returns the records on the slides or in their notes.
    """
    remaining = list(records)
    used: list[dict[str, Any]] = []
    if not remaining:
        s = _blank(prs)
        top = _title(s, heading)
        paras = [[("No evidence recorded for this selection yet.", BODY_PT, False, False, TEXT)]]
        _textbox(s, MARGIN, top, SLIDE_W - 2 * MARGIN, _frame_height(paras, SLIDE_W - 2 * MARGIN), paras)
        return used
    for page in range(MAX_EVIDENCE_SLIDES):
        s = _blank(prs)
        top = _title(s, heading if page == 0 else f"{heading} (continued)")
        shown = _place_evidence(s, remaining, top, SLIDE_H - MARGIN)
        ids = {r["id"] for r in shown}
        remaining = [r for r in remaining if r["id"] not in ids]
        used += shown
        notes = [_note(G, r) for r in shown]
        if page == MAX_EVIDENCE_SLIDES - 1 or not remaining:
            extra = remaining[:MAX_NOTES_ITEMS]
            used += extra
            if extra:
                notes += [f"{len(remaining)} more evidence items, not on the slides:", *(_note(G, r) for r in extra)]
            if len(remaining) > len(extra):
                notes.append(f"… and {len(remaining) - len(extra)} more in the explorer.")
            _notes(s, notes)
            return used
        _notes(s, notes)
    return used


def _references(prs: Any, studies: Sequence[dict[str, Any]]) -> None:
    """References in APA 7 style (alphabetical, hanging indent), as many per slide as fit."""
    refs = sorted(studies, key=lambda st: apa.alphabetical(apa.reference(st)))  # Å filed with A, as the summary files it
    width = SLIDE_W - 2 * MARGIN
    part = 0
    while True:
        part += 1
        s = _blank(prs)
        top = _title(s, "References" if part == 1 else "References (continued)")
        if not refs:
            _textbox(s, MARGIN, top, width, 0.6, [[("No references.", BODY_PT, False, False, TEXT)]])
            return
        paras, h = [], 2 * INSET_Y
        for st in refs:
            runs = [(t, SMALL_PT, False, italic, TEXT) for t, italic in apa.reference_parts(st)]
            ph = _para_height(runs, width - 2 * INSET_X - 0.5, 6)  # 0.5 in hanging indent
            if paras and top + h + ph > SLIDE_H - MARGIN:
                break
            paras.append(runs)
            h += ph
        box = _textbox(s, MARGIN, top, width, h, paras, space_after=6)
        for p in box.text_frame.paragraphs:  # APA's hanging indent
            pPr = p._p.get_or_add_pPr()
            pPr.set("marL", str(Inches(0.5)))
            pPr.set("indent", str(-Inches(0.5)))
        refs = refs[len(paras):]
        if not refs:
            return


def comparison_rows(G: nx.MultiDiGraph, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the shared / unique table from :func:`graph.query.compare.compare_countries` (``presence=True``).

    >>> from graph import load_graph
    >>> from graph.query.compare import compare_countries
    >>> G = load_graph()
    >>> rows = comparison_rows(G, compare_countries(G, ["SE", "NO"], granularity="theme", presence=True))
    >>> rows[0]["shared"], rows[0]["status"]
    (True, 'Sweden and Norway (shared)')
    """
    codes = result["countries"]

    def name(c: str) -> str:
        return G.nodes[c].get("label", c) if c in G else c

    rows = []
    for p in result["presence"]:
        shared = len(p["countries"]) == len(codes)
        where = " and ".join(name(c) for c in p["countries"])
        status = f"{where} (shared)" if shared else f"only {where}" if len(p["countries"]) == 1 else where
        rows.append({"influence": f"{name(p['source'])} → {name(p['target'])}", "status": status, "shared": shared})
    return rows


def build_deck(G: nx.MultiDiGraph, *, title: str, subtitle: str, views: Sequence[GraphView],
               evidence_ids: Iterable[str], heading: str = "Evidence", route: dict[str, Any] | None = None,
               comparison: dict[str, Any] | None = None, date: dt.date | None = None) -> bytes:
    """A 16:9 briefing deck: title, graph, path steps or country panels, evidence, references.

    Parameters
    ----------
    G : the knowledge graph.
    title, subtitle : what is shown (the title slide and the graph slide's title), in words.
    views : candidate pictures for the graph slide, best first (e.g. the view on screen, then the same with
        its sub-themes folded): the first whose labels reach 14 pt at slide size is used; when none does, the
        last is split by level. Each view's ``note`` is said on its slide. Empty: no graph slide.
    evidence_ids : the evidence behind the view (ranked by :func:`rank_evidence` for the evidence slides).
    heading : the evidence slides' title.
    route : a path (:func:`graph.query.paths.path_record`: ``nodes``, ``hops``): one slide per hop. A hop
        holding ``strength`` (:func:`graph.query.strength.influences_strength`, under the route's filter) states
        its counts with :func:`graph.query.strength.strength_label`, the route's ``scope`` naming the filter.
    comparison : ``{"title", "panels": [(country name, elements)], "rows": [{"influence", "status", "shared"}],
        "label_scale", "legend": [(colour, label)]}`` (``label_scale``: for panels laid out for smaller words, see
        :func:`graph.present.figure.render_graph`; ``legend``: what the panels' line colours mean, drawn under them).
    date : the export date (default today).

    Returns
    -------
    The .pptx file as bytes.
    """
    date = date or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    ids = list(dict.fromkeys(evidence_ids))
    _cover(prs, G, title, subtitle, date)
    if views:
        _graph_slides(prs, G, title, views, ids)
    refs: dict[str, dict[str, Any]] = {}
    if route:
        _hop_slides(prs, G, route, refs)
    if comparison:
        _comparison_slides(prs, G, comparison.get("title", title), comparison)
    drawn = {el["data"]["id"] for v in views for el in v.elements}
    drawn |= {el["data"]["id"] for _, els in (comparison or {}).get("panels", []) for el in els}
    records = _label_records(G, rank_evidence(evidence_records(G, ids)), drawn)
    if not route:
        for r in _evidence_slides(prs, G, records, heading):
            refs[r["study"]["id"]] = G.nodes[r["study"]["id"]]
    _references(prs, list(refs.values()))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
