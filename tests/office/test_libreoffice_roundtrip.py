"""Every DOCX, XLSX and PPTX the project writes, opened in LibreOffice (headless, printed to PDF) and measured
from where its words land on the page (``pdftotext -bbox``): no checklist XLSX row's text runs into another row,
the checklist DOCX keeps its column widths and about the PDF checklist's page count, in a route deck no word
leaves its slide and each rounded box's words stay inside the box, whole (a seven-factor route at 14 pt cuts
no word); in the explore view's deck and the comparison's no text leaves its box, and the written summary's
words stay within the page's margins.

Each file is converted once per module (one LibreOffice run for all of them).
"""

from __future__ import annotations

import datetime as dt
import io
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from office_pdf import Page, Word, pages, to_pdf
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from pypdf import PdfReader

from graph.export.downloads import comparison_deck_download, filter_kwargs, summary_download, view_deck_download
from graph.present.checklist import COLUMNS, DOCX_WIDTHS_CM, checklist_document
from graph.present.deck import build_deck
from graph.query.paths import influence_paths

pytestmark = pytest.mark.libreoffice

DAY = dt.date(2026, 11, 30)
#: Enough problems for a checklist of several pages, in every level.
MARKS = {"time-limited-project-funding": "problem", "role-clarity": "problem", "staff-readiness": "problem",
         "organizational-culture": "problem", "mentoring": "strength"}
TOL = 0.5  # points


def _route(G):
    """The longest route from policy mandates to PSW wellbeing with the longest box label: the tightest boxes."""
    routes = influence_paths(G, "policy-mandates", "psw wellbeing", max_hops=6, limit=30)
    return max(routes, key=lambda r: (len(r["nodes"]), max(len(G.nodes[n]["label"]) for n in r["nodes"])))


@pytest.fixture(scope="module")
def files(G, tmp_path_factory) -> dict[str, tuple[bytes, Path | None]]:
    """name -> (the file's bytes, its PDF as LibreOffice prints it); the checklist PDF is the project's own."""
    tmp = tmp_path_factory.mktemp("office")
    made = {"checklist.docx": checklist_document(G, MARKS, "docx", today=DAY),
            "checklist-sheet.xlsx": checklist_document(G, MARKS, "xlsx", today=DAY),
            "route.pptx": build_deck(G, title="A route", subtitle="s", views=[], evidence_ids=[], route=_route(G),
                                     date=DAY),
            # the README's example view (PSW wellbeing and its neighbours), as the explorer downloads it
            "view.pptx": view_deck_download(G, filter_kwargs(), focus="psw-wellbeing").data,
            "comparison.pptx": comparison_deck_download(G, ["SE", "NO", "DK"]).data,
            "summary.docx": summary_download(G, "docx", filter_kwargs(), focus="psw-wellbeing").data}
    for name, data in made.items():
        (tmp / name).write_bytes(data)
    pdfs = to_pdf([tmp / n for n in made], tmp / "pdf", tmp / "profile")
    out: dict[str, tuple[bytes, Path | None]] = {n: (d, pdfs[tmp / n]) for n, d in made.items()}
    out["checklist.pdf"] = (checklist_document(G, MARKS, "pdf", today=DAY), None)
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


def _lines(words: list[Word], tol: float = 2.0) -> list[list[Word]]:
    """*words* grouped into lines (same page, tops within *tol*), top to bottom, each left to right."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.page, w.y0, w.x0)):
        if out and out[-1][0].page == w.page and abs(out[-1][0].y0 - w.y0) <= tol:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _consume(words: list[Word], expected: list[str], where: str) -> list[list[Word]]:
    """*words* (in reading order) split into the texts *expected*, in order; fails where another text cuts in."""
    out, i = [], 0
    for k, text in enumerate(expected):
        want, got, mine = _squash(text), "", []
        while len(got) < len(want):
            assert i < len(words), f"{where}, text {k + 1}: ran out of words reading {want!r}"
            got += _squash(words[i].text)
            mine.append(words[i])
            i += 1
            assert want.startswith(got), (f"{where}, text {k + 1}: read {got!r} where {want!r} was expected — "
                                          "another row's words lie among this row's")
        out.append(mine)
    return out


# ----------------------------------------------------------------------------- XLSX

def _sheet_rows(files) -> tuple[list[str], list[list[str]], list[Page]]:
    data, pdf = files["checklist-sheet.xlsx"]
    rows = [["" if v is None else str(v) for v in r]
            for r in load_workbook(io.BytesIO(data))["Checklist"].iter_rows(values_only=True)]
    return rows[0], rows[1:], pages(pdf)


def xlsx_row_overlaps(head: list[str], rows: list[list[str]], pdf_pages: list[Page]) -> list[tuple[int, int]]:
    """Pairs of successive checklist rows (numbered as in the sheet) whose words' heights intersect on the page."""
    columns: list[list[Word]] = [[] for _ in head]
    for page in pdf_pages:
        lines = _lines(page.words)
        if not lines or _squash(" ".join(w.text for w in lines[0])) != _squash(" ".join(head)):
            continue  # a page of another sheet
        starts = [line[0].x0 for line in _consume(lines[0], head, "header")]  # header words: each column's start
        for w in (w for line in lines[1:] for w in line):
            columns[max(c for c, x in enumerate(starts) if x <= w.x0 + 1)].append(w)
    by_row: list[list[Word]] = [[] for _ in rows]
    for c, name in enumerate(head):
        ordered = [w for line in _lines(columns[c]) for w in line]
        for r, ws in enumerate(_consume(ordered, [row[c] for row in rows], f"column {name!r}")):
            by_row[r] += ws
    spans = [(min(w.page for w in ws), min(w.y0 for w in ws), max(w.y1 for w in ws)) for ws in by_row if ws]
    return [(k + 2, k + 3) for k, (a, b) in enumerate(pairwise(spans))
            if a[0] == b[0] and a[2] > b[1] + TOL]


def test_xlsx_rows_are_tall_enough_for_their_wrapped_text(files):
    head, rows, pdf_pages = _sheet_rows(files)
    assert len(rows) >= 10
    assert xlsx_row_overlaps(head, rows, pdf_pages) == []


# ----------------------------------------------------------------------------- DOCX

def _column_starts(pdf_pages: list[Page]) -> list[list[float]]:
    """x of each table header's column starts (Problem here … Status), per header row printed."""
    names = COLUMNS[1:]
    out = []
    for page in pdf_pages:
        for line in _lines(page.words):
            if _squash(" ".join(w.text for w in line)).endswith(_squash(" ".join(names))):
                ws = [w for w in line if w.text != "☐"]
                out.append([g[0].x0 for g in _consume(ws, list(names), "header")])
    return out


def test_docx_keeps_its_unequal_column_widths(files):
    starts = _column_starts(pages(files["checklist.docx"][1]))
    assert starts, "no table header found in the DOCX as printed"
    for xs in starts:
        gaps = [b - a for a, b in pairwise(xs)]  # widths of Problem here … Due date (points)
        declared = [cm / 2.54 * 72 for cm in DOCX_WIDTHS_CM[1:-1]]
        assert max(gaps) > 2 * min(gaps)  # an equal split would give equal gaps
        for got, want in zip(gaps, declared, strict=True):
            assert got == pytest.approx(want, rel=0.08), (gaps, declared)


def test_docx_takes_about_as_many_pages_as_the_pdf_checklist(files):
    docx_pages = len(pages(files["checklist.docx"][1]))
    pdf_pages = len(PdfReader(io.BytesIO(files["checklist.pdf"][0])).pages)
    assert docx_pages <= pdf_pages + 1, (docx_pages, pdf_pages)


# ----------------------------------------------------------------------------- PPTX

def test_no_word_of_the_route_deck_leaves_its_slide(files):
    for k, page in enumerate(pages(files["route.pptx"][1])):
        outside = [w.text for w in page.words
                   if w.x0 < -TOL or w.y0 < -TOL or w.x1 > page.width + TOL or w.y1 > page.height + TOL]
        assert not outside, f"slide {k + 1}: {outside}"


#: pdftotext gives a word its font's bounding box, 1.3 em tall for DejaVu Sans: it starts 0.05 em below the top of
#: the line LibreOffice lays out (1.2 em tall, as the deck measures it) and ends 0.15 em below the line's bottom.
BBOX_EM, BBOX_TOP, BBOX_BOTTOM = 1.3, 0.05, 0.15


def _overflow(w: Word, box: tuple[float, float, float, float]) -> float:
    """Points by which word *w*'s line, as laid out, sticks out of *box* (0 or less: inside)."""
    em = (w.y1 - w.y0) / BBOX_EM
    return max(box[0] - w.x0, w.x1 - box[2], box[1] - (w.y0 - BBOX_TOP * em), (w.y1 - BBOX_BOTTOM * em) - box[3])


def _nearest_words(page: Page, box: tuple[float, float, float, float], text: str) -> list[Word]:
    """The words of *text* as drawn nearest *box*: of every place near it where they are found in reading order
    (a table repeats "Sweden and Norway" row after row), the one sticking out of it least."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    near = [w for w in page.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 - h <= (w.y0 + w.y1) / 2 <= y1 + h]
    ordered = [w for line in _lines(near) for w in line]
    want, found = _squash(text), []
    for i in range(len(ordered)):
        got, j = "", i
        while j < len(ordered) and want.startswith(got + _squash(ordered[j].text)):
            got += _squash(ordered[j].text)
            j += 1
            if got == want:
                found.append(ordered[i:j])
                break
    assert found, f"{text!r} not found near its box {box}"
    return min(found, key=lambda ws: max(_overflow(w, box) for w in ws))


def test_every_rounded_box_of_the_route_deck_holds_its_words(files):
    data, pdf = files["route.pptx"]
    prs = Presentation(io.BytesIO(data))
    pdf_pages = pages(pdf)
    assert len(pdf_pages) == len(prs.slides)
    checked = 0
    for k, (slide, page) in enumerate(zip(prs.slides, pdf_pages, strict=True)):
        scale = page.width / Emu(prs.slide_width).inches  # points per inch of the slide
        for shape in slide.shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.AUTO_SHAPE or not shape.text_frame.text.strip():
                continue
            box = tuple(Emu(v).inches * scale for v in (shape.left, shape.top, shape.left + shape.width,
                                                         shape.top + shape.height))
            for w in _nearest_words(page, box, shape.text_frame.text):
                assert (box[0] - TOL <= w.x0 and w.x1 <= box[2] + TOL and box[1] - TOL <= w.y0
                        and w.y1 <= box[3] + TOL), f"slide {k + 1}: {w.text!r} of {shape.text_frame.text!r} " \
                                                  f"at {(w.x0, w.y0, w.x1, w.y1)} outside its box {box}"
            checked += 1
    assert checked >= 2 * len(_route_nodes(prs))


def test_a_seven_factor_route_cuts_no_word_of_its_boxes_at_14_pt(files):
    """Each box's words as LibreOffice draws them are whole words of its label: none broken across lines."""
    data, pdf = files["route.pptx"]
    prs = Presentation(io.BytesIO(data))
    assert len(_route_nodes(prs)) == 7
    pdf_pages = pages(pdf)
    for k, (slide, page) in enumerate(zip(prs.slides, pdf_pages, strict=True)):
        scale = page.width / Emu(prs.slide_width).inches
        for shape in slide.shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.AUTO_SHAPE or shape.text_frame.text not in _route_nodes(prs):
                continue
            assert {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs} == {14.0}
            box = tuple(Emu(v).inches * scale for v in (shape.left, shape.top, shape.left + shape.width,
                                                         shape.top + shape.height))
            whole = set(shape.text_frame.text.split())
            cut = [w.text for w in _nearest_words(page, box, shape.text_frame.text) if w.text not in whole]
            assert not cut, f"slide {k + 1}: {shape.text_frame.text!r} drawn with the pieces {cut}"


def _text_shapes(slide):
    """Every shape of *slide* that holds text (text boxes, boxes, badges), with its text."""
    return [(sh, sh.text_frame.text) for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]


@pytest.mark.parametrize("name", ["view.pptx", "comparison.pptx"])
def test_no_text_of_the_view_and_comparison_decks_leaves_its_box(files, name):
    data, pdf = files[name]
    prs = Presentation(io.BytesIO(data))
    pdf_pages = pages(pdf)
    assert len(pdf_pages) == len(prs.slides)
    checked = 0
    for k, (slide, page) in enumerate(zip(prs.slides, pdf_pages, strict=True)):
        outside = [w.text for w in page.words
                   if w.x0 < -TOL or w.y0 < -TOL or w.x1 > page.width + TOL or w.y1 > page.height + TOL]
        assert not outside, f"slide {k + 1}: {outside} off the slide"
        scale = page.width / Emu(prs.slide_width).inches
        for shape, text in _text_shapes(slide):
            box = tuple(Emu(v).inches * scale for v in (shape.left, shape.top, shape.left + shape.width,
                                                         shape.top + shape.height))
            for w in _nearest_words(page, box, text):
                assert _overflow(w, box) <= TOL, f"slide {k + 1}: {w.text!r} of {text[:60]!r} at " \
                                                 f"{(w.x0, w.y0, w.x1, w.y1)} outside its box {box}"
            checked += 1
    assert checked > 2 * len(prs.slides)


def test_the_written_summary_keeps_every_word_within_its_margins(files):
    data, pdf = files["summary.docx"]
    section = Document(io.BytesIO(data)).sections[0]
    left, right = section.left_margin.pt, section.page_width.pt - section.right_margin.pt
    top, bottom = section.top_margin.pt, section.page_height.pt - section.bottom_margin.pt
    summary_pages = pages(pdf)
    assert summary_pages and sum(len(p.words) for p in summary_pages) > 200
    for k, page in enumerate(summary_pages):
        outside = [w.text for w in page.words if w.x0 < left - 1 or w.x1 > right + 1 or w.y0 < top - 1
                   or w.y1 > bottom + 1]
        assert not outside, f"page {k + 1}: {outside[:10]} outside the margins"


def _route_nodes(prs) -> list[str]:
    """The route's boxes on its last step slide (all of them drawn)."""
    last = prs.slides[len(prs.slides) - 2]  # the references slide closes the deck
    return [s.text_frame.text for s in last.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
            and s.text_frame.text.strip() and s.text_frame.text not in ("Enabler", "Barrier", "Mixed")]
