"""Draw a slide of a .pptx as PNG with matplotlib (a preview where no office suite is installed).

It draws what pswgraph's decks use: pictures, rounded rectangles, connectors
(solid, dashed, faint, with arrowheads) and text frames, wrapping each
paragraph with the same font metrics as the deck builder, in a rounded
rectangle's smaller text area as PowerPoint and LibreOffice lay it out. Not a
general PowerPoint renderer (where LibreOffice is installed, ``soffice --headless
--convert-to pdf`` renders a deck as it is).

Usage: python tools/slide_preview.py deck.pptx SLIDE_NUMBER out.png
"""

from __future__ import annotations

import io
import sys

from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.patches import FancyBboxPatch, Rectangle
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn

from graph.present.textfit import FONT, rounded_inset, text_height, wrap

EMU = 914400


def _hex(colour) -> str:
    try:
        return "#" + str(colour.rgb)
    except (AttributeError, TypeError):
        return "#ffffff"


def render(path: str, number: int, out: str, dpi: int = 110) -> None:
    prs = Presentation(path)
    W, H = prs.slide_width / EMU, prs.slide_height / EMU
    slide = prs.slides[number - 1]
    fig = Figure(figsize=(W, H), facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), W, H, facecolor="white", edgecolor="#cccccc"))
    for shape in slide.shapes:
        x, y = (shape.left or 0) / EMU, (shape.top or 0) / EMU
        w, h = (shape.width or 0) / EMU, (shape.height or 0) / EMU
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            ax.imshow(imread(io.BytesIO(shape.image.blob)), extent=(x, x + w, y + h, y), zorder=1)
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.LINE or shape.__class__.__name__ == "Connector":
            x1, y1, x2, y2 = (v / EMU for v in (shape.begin_x, shape.begin_y, shape.end_x, shape.end_y))
            ln = shape.line._get_or_add_ln()
            alpha = ln.find(f".//{qn('a:alpha')}")
            dashed = ln.find(qn("a:prstDash")) is not None
            kw = {"color": _hex(shape.line.color), "lw": shape.line.width.pt,
                  "alpha": int(alpha.get("val")) / 100000 if alpha is not None else 1,
                  "linestyle": (0, (3, 2)) if dashed else "solid", "zorder": 3}
            ax.plot([x1, x2], [y1, y2], **kw)
            if ln.find(qn("a:tailEnd")) is not None:
                ax.plot([x2], [y2], marker=">", markersize=3 * shape.line.width.pt, color=kw["color"],
                        alpha=kw["alpha"], zorder=3)
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
            fill = _hex(shape.fill.fore_color) if shape.fill.type == 1 else "none"
            line = shape.line
            edge = _hex(line.color) if line.fill.type == 1 else "none"
            ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.06", facecolor=fill,
                                        edgecolor=edge, linewidth=line.width.pt if line.width else 1, zorder=2))
        if shape.has_text_frame and shape.text_frame.text:
            tf = shape.text_frame
            if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE:
                inset = rounded_inset(w, h)  # the preset's text rectangle, inside the corners
                x, y, w, h = x + inset, y + inset, w - 2 * inset, h - 2 * inset
            inner_w = w - (tf.margin_left + tf.margin_right) / EMU
            blocks = []
            for p in tf.paragraphs:
                runs = [r for r in p.runs if r.text]
                if not runs:
                    continue
                pt = max(r.font.size.pt for r in runs)
                bold = any(r.font.bold for r in runs)
                lines = wrap("".join(r.text for r in runs), pt, inner_w, bold, split_long=True)  # as LibreOffice breaks a word
                after = p.space_after.pt / 72 if p.space_after is not None else 0
                blocks.append((lines, pt, bold, any(r.font.italic for r in runs), _hex(runs[0].font.color), p.alignment,
                               after))
            total = sum(text_height(len(b[0]), b[1]) + b[6] for b in blocks)
            ty = y + tf.margin_top / EMU
            if tf.vertical_anchor == MSO_ANCHOR.MIDDLE:
                ty = y + (h - total) / 2
            for lines, pt, bold, italic, colour, align, after in blocks:
                for line in lines:
                    if align == PP_ALIGN.CENTER:
                        tx, ha = x + w / 2, "center"
                    else:
                        tx, ha = x + tf.margin_left / EMU, "left"
                    ax.text(tx, ty + pt * 1.2 / 72 * 0.8, line, fontsize=pt, family=FONT, ha=ha, va="baseline",
                            fontweight="bold" if bold else "normal", fontstyle="italic" if italic else "normal",
                            color=colour, zorder=4)
                    ty += pt * 1.2 / 72
                ty += after
    fig.savefig(out, dpi=dpi, facecolor="white")


if __name__ == "__main__":
    render(sys.argv[1], int(sys.argv[2]), sys.argv[3])
