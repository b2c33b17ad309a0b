"""Build a PowerPoint deck of the current view with python-pptx (pure Python; no Dash).

>>> deck = build_deck(None, title="Test", subtitle="all factors", legend=[("#0072B2", "macro")],
...                   evidence=[], references=[])
>>> deck[:2]
b'PK'
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt

__all__ = ["build_deck", "decode_image"]

#: Evidence items per slide, and at most this many slides of them.
PER_SLIDE, MAX_EVIDENCE_SLIDES = 4, 6
REFS_PER_SLIDE = 12


def decode_image(data: str | bytes | None) -> bytes | None:
    """PNG bytes from cytoscape's ``imageData`` (a ``data:`` URI or bare base64).

    >>> decode_image("data:image/png;base64,iVBORw0K")[:4]
    b'\\x89PNG'
    >>> decode_image(None) is None
    True
    """
    if not data:
        return None
    if isinstance(data, bytes):
        return data
    if data.startswith("data:"):
        data = data.split(",", 1)[1]
    return base64.b64decode(data + "=" * (-len(data) % 4))


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def _text(slide: Any, text: str, left: float, top: float, width: float, height: float, *, size: int = 14,
          bold: bool = False, colour: str = "#222222") -> Any:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    p.text = text
    p.font.size, p.font.bold, p.font.color.rgb = Pt(size), bold, _rgb(colour)
    return tf


def _legend(slide: Any, legend: Sequence[tuple[str, str]], left: float, top: float) -> None:
    _text(slide, "Legend", left, top, 3, 0.4, size=14, bold=True)
    for i, (colour, label) in enumerate(legend):
        y = top + 0.45 + i * 0.38
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(left), Inches(y + 0.06), Inches(0.22), Inches(0.22))
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(colour)
        dot.line.fill.background()
        _text(slide, label, left + 0.3, y, 2.8, 0.35, size=11)


def _picture(slide: Any, png: bytes, left: float, top: float, max_w: float, max_h: float) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top))
    scale = min(Inches(max_w) / pic.width, Inches(max_h) / pic.height)
    pic.width, pic.height = Emu(int(pic.width * scale)), Emu(int(pic.height * scale))


def build_deck(png: bytes | None, *, title: str, subtitle: str, legend: Sequence[tuple[str, str]],
               evidence: Sequence[dict[str, Any]], references: Sequence[dict[str, Any]],
               evidence_heading: str = "Evidence") -> bytes:
    """A 16:9 deck: title, the graph image with its legend, evidence quotes, references.

    Parameters
    ----------
    png : the graph image (PNG bytes), or ``None`` to leave a note instead.
    title, subtitle : for the title slide (subtitle: the filters in words).
    legend : ``(hex colour, label)`` pairs drawn beside the graph.
    evidence : records from :func:`graph.evidence.evidence_records` (quotes, speakers, studies).
    references : study summaries (:func:`graph.evidence.references`), DOIs included.

    Returns
    -------
    The .pptx file as bytes.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = title
    s.placeholders[1].text = subtitle or "All factors and influences"

    s = prs.slides.add_slide(blank)
    _text(s, title, 0.4, 0.2, 12.5, 0.6, size=22, bold=True)
    if png:
        _picture(s, png, 0.4, 0.9, 9.2, 6.3)
    else:
        _text(s, "(no graph image was captured)", 0.4, 3.0, 9, 1, size=16)
    _legend(s, legend, 9.9, 1.0)

    items = list(evidence)[:PER_SLIDE * MAX_EVIDENCE_SLIDES]
    for start in range(0, len(items), PER_SLIDE):
        s = prs.slides.add_slide(blank)
        page = start // PER_SLIDE + 1
        _text(s, f"{evidence_heading} ({page}/{-(-len(items) // PER_SLIDE)})", 0.4, 0.2, 12.5, 0.6, size=22,
              bold=True)
        tf = _text(s, "", 0.5, 1.0, 12.3, 6.2, size=12)
        for j, rec in enumerate(items[start:start + PER_SLIDE]):
            para = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
            quote = rec.get("quote") or rec.get("paraphrase", "")
            para.text = f"“{quote}”" if rec.get("quote") else quote
            para.font.size = Pt(13)
            meta = tf.add_paragraph()
            bits = [rec.get("polarity", ""), rec["study"]["label"]]
            if rec.get("speaker"):
                bits.append(f"speaker {rec['speaker']}")
            if rec.get("section"):
                bits.append(rec["section"])
            countries = ", ".join(c["name"] for c in rec.get("countries", []))
            if countries:
                bits.append(countries)
            meta.text = " · ".join(b for b in bits if b)
            meta.font.size, meta.font.italic = Pt(10), True
            meta.font.color.rgb = _rgb("#555555")
            meta.space_after = Pt(10)
    if len(evidence) > len(items):
        _text(s, f"… {len(evidence) - len(items)} more evidence items in the explorer.", 0.5, 6.9, 12, 0.4,
              size=10)
    if not items:
        s = prs.slides.add_slide(blank)
        _text(s, evidence_heading, 0.4, 0.2, 12.5, 0.6, size=22, bold=True)
        _text(s, "No evidence recorded for this selection yet.", 0.5, 1.2, 12, 1, size=14)

    refs = list(references)
    for start in range(0, max(len(refs), 1), REFS_PER_SLIDE):
        s = prs.slides.add_slide(blank)
        _text(s, "References", 0.4, 0.2, 12.5, 0.6, size=22, bold=True)
        tf = _text(s, "" if refs else "No references.", 0.5, 1.0, 12.3, 6.2, size=11)
        for j, ref in enumerate(refs[start:start + REFS_PER_SLIDE]):
            para = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
            line = f"{ref.get('authors') or ref['label']} ({ref.get('year') or 'n.d.'}). {ref.get('title', '')}"
            if ref.get("venue"):
                line += f". {ref['venue']}"
            para.text = line
            para.font.size = Pt(11)
            if ref.get("doi_url"):
                run = para.add_run()
                run.text = f"  {ref['doi_url']}"
                run.hyperlink.address = ref["doi_url"]
                run.font.size = Pt(11)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
