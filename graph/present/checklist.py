"""The action checklist (:func:`graph.query.plan.checklist`) as a printable file: DOCX, PDF or XLSX.

Grouped by level and phase: each factor marked a problem here, the strategies that address it with a one-line
evidence summary and an APA 7 citation, and empty owner / due date / status columns to fill in; then the
self-assessment it came from, the references, and the data package's name and version and the date.
Pages are A4 landscape; marks are words and symbols (✗ a problem here, ✓ a strength here, ? not known — for the
problems listed and for what each strategy relies on alike), so a black-and-white print loses nothing.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.data.vocabulary import (
    ASSESSMENT_LABELS,
    ASSESSMENT_SYMBOLS,
    NOT_STATED_LABEL,
    PHASE_LABELS,
    PHASES,
    PROBLEM,
    RELIES_LABELS,
    STRENGTH,
    UNKNOWN,
)
from graph.present.apa import add_docx_references, alphabetical, apa_reference, in_text
from graph.present.fileformat import Format, check_format, registry
from graph.query.plan import checklist

__all__ = ["CHECKLIST_FORMATS", "PHASE_LABELS", "checklist_document"]

#: Formats of :func:`checklist_document`: name -> :class:`~graph.present.fileformat.Format`.
CHECKLIST_FORMATS = registry(
    Format("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"),
    Format("pdf", ".pdf", "application/pdf", "PDF"),
    Format("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook"),
)
#: A mark as the file writes it: symbol and words.
STATE_WORDS = {s: f"{ASSESSMENT_SYMBOLS[s]} {ASSESSMENT_LABELS[s]}" for s in (PROBLEM, STRENGTH, UNKNOWN)}
#: Columns of the checklist table (the last three are left empty to fill in).
COLUMNS = ("☐", "Problem here", "Strategy", "Evidence", "Citation", "Owner", "Due date", "Status")
#: Column widths (cm) of the DOCX table, one per column of :data:`COLUMNS`.
DOCX_WIDTHS_CM = (0.7, 3.6, 5.6, 6.4, 3.0, 2.4, 2.0, 2.0)
EXCERPT = 90  # characters of the first quote in the one-line evidence summary


@dataclass
class _Row:
    problem: str
    strategy: str  # label, who acts and how the paper reports it
    relies: str  # what the strategy relies on, and its state here
    evidence: str
    citation: str


@dataclass
class _Checklist:
    title: str
    meta: list[str]
    groups: list[tuple[str, str, list[_Row]]]  # (level, phase, rows)
    assessment: list[tuple[str, str, list[str]]]  # (level, state words, factor labels)
    unknown: int
    references: list[list[tuple[str, str]]]
    notes: list[str] = field(default_factory=list)


def _excerpt(quote: str) -> str:
    if len(quote) <= EXCERPT:
        return quote
    return quote[:EXCERPT].rsplit(" ", 1)[0] + " …"


def _evidence_line(s: dict) -> str:
    n = len(s["evidence"])
    who = sorted({e["perspective"] for e in s["evidence"] if e.get("perspective")})
    where = ", ".join(s["countries"]) or NOT_STATED_LABEL.lower()
    line = f"{n} quote{'s' if n != 1 else ''}" + (f" ({', '.join(who)})" if who else "") + f"; {where}"
    if s["evidence"]:
        first = s["evidence"][0]
        line += f": “{_excerpt(first['quote'])}”" + (f" ({first['speaker']})" if first.get("speaker") else "")
    return line


def _model(G: nx.MultiDiGraph, assessment: Mapping[str, str], today: _dt.date,
           country: str | None = None) -> _Checklist:
    items = checklist(G, assessment, country)

    def label(n: str) -> str:
        return G.nodes[n].get("label", n) if n in G else n

    groups: list[tuple[str, str, list[_Row]]] = []
    studies: set[str] = set()
    levels = list(dict.fromkeys(i["level_label"] for i in items))  # ranked items keep their level order
    for level in levels:
        for phase in PHASES:
            rows = []
            for item in (i for i in items if i["level_label"] == level):
                for s in (s for s in item["strategies"] if s["phase"] == phase):
                    studies.add(s["study"])
                    relies = "; ".join(f"{RELIES_LABELS[st]}: {label(f)}" for f, st in s["relies_on_state"].items())
                    rows.append(_Row(f"{STATE_WORDS[PROBLEM]}: {item['label']}",
                                     f"{s['label']} — {s['status']}, by {s['actor']}",
                                     f"Relies on: {relies}" if relies else "", _evidence_line(s),
                                     in_text([G.nodes[s["study"]]]) if s["study"] in G else s["study"]))
            if rows:
                groups.append((level, PHASE_LABELS.get(phase, phase), rows))
    by_level: dict[tuple[int, str], dict[str, list[str]]] = {}
    for f, state in assessment.items():
        if state in (PROBLEM, STRENGTH):
            a = G.nodes[f]
            lv = a.get("level", "")
            by_level.setdefault((a.get("level_rank", 0), label(lv)), {}).setdefault(state, []).append(label(f))
    marked = [(lv, STATE_WORDS[st], sorted(names, key=alphabetical))
              for (_, lv), states in sorted(by_level.items()) for st in (PROBLEM, STRENGTH) if st in states
              for names in (states[st],)]
    n_factors = sum(a.get("kind") == "factor" for _, a in G.nodes(data=True))
    unknown = n_factors - sum(s in (PROBLEM, STRENGTH) for s in assessment.values())
    refs = [apa_reference(G.nodes[s]) for s in sorted((s for s in studies if s in G),
                                                       key=lambda s: alphabetical(in_text([G.nodes[s]])))]
    package = f"{G.graph.get('name', 'data package')} version {G.graph.get('version', 'unknown')}"
    n_actions = sum(len(r) for *_, r in groups)
    meta = [(f"{len(items)} factor{'s' if len(items) != 1 else ''} marked a problem here with strategies that "
             f"address {'them' if len(items) != 1 else 'it'}, "
            f"{n_actions} action{'s' if n_actions != 1 else ''} to consider."),
            f"Data: {G.graph.get('title', '')} ({package}). Made with pswgraph on {today.isoformat()}.",
            ("Marks, from your self-assessment: ✗ a problem here (a barrier you face, or an enabler you lack); "
             "✓ a strength here (an enabler you have); ? not known. “Relies on” gives each factor a strategy "
             "relies on with its mark. Reported as: done, intended or recommended in the cited paper.")]
    notes = [] if items else [("No factor marked a problem here has strategies in the data: mark the problems "
                              "in your service (a barrier you face, or an enabler you lack).")]
    title = "Action checklist: peer support worker roles"
    if country:
        where = G.nodes[country].get("label", country) if country in G else country
        title += f", strategies with evidence from {where}"
        meta.insert(1, f"Strategies and quotes with evidence concerning {where} ({country}) only.")
    return _Checklist(title, meta, groups, marked, unknown, refs, notes)


# ----------------------------------------------------------------------------- DOCX

def _docx(doc: _Checklist) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = Document()
    d.core_properties.title = doc.title
    d.core_properties.author = "pswgraph"
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5))
    d.styles["Normal"].font.size = Pt(9)
    d.add_heading(doc.title, level=1)
    for m in doc.meta + doc.notes:
        d.add_paragraph(m)
    widths = [Cm(w) for w in DOCX_WIDTHS_CM]
    for level, phase, rows in doc.groups:
        d.add_heading(f"{level} · {phase}", level=2)
        t = d.add_table(rows=1, cols=len(COLUMNS))
        t.style = "Table Grid"  # black borders: prints in black and white
        head = t.rows[0]
        flag = OxmlElement("w:tblHeader")  # repeat the header row on each printed page
        flag.set(qn("w:val"), "true")
        head._tr.get_or_add_trPr().append(flag)
        for cell, text in zip(head.cells, COLUMNS):
            cell.paragraphs[0].add_run(text).bold = True
        for r in rows:
            cells = t.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = "☐", r.problem, r.strategy
            if r.relies:
                cells[2].add_paragraph(r.relies)
            cells[3].text, cells[4].text = r.evidence, r.citation
        _fix_widths(t, widths)
    d.add_heading("Your self-assessment", level=2)
    for level, state, names in doc.assessment:
        p = d.add_paragraph(style="List Bullet")
        p.add_run(f"{level}, {state}: ").bold = True
        p.add_run("; ".join(names))
    d.add_paragraph(f"? not known: {doc.unknown} other factor{'s' if doc.unknown != 1 else ''}.")
    d.add_heading("References", level=2)
    add_docx_references(d, doc.references)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _fix_widths(table: Any, widths: list[Any]) -> None:
    """Give *table* a fixed layout with *widths* (EMU) in its grid and on every cell, as Word and LibreOffice read.

    LibreOffice takes a table's column widths from its ``w:tblGrid`` (python-docx fills it with equal widths)
    and Word from each cell's ``w:tcW``; a fixed layout keeps both from resizing columns to their content.

    >>> from docx import Document
    >>> from docx.oxml.ns import qn
    >>> from docx.shared import Cm
    >>> t = Document().add_table(rows=2, cols=2)
    >>> _fix_widths(t, [Cm(1), Cm(4)])
    >>> [round(c.width.cm, 1) for c in t.columns], [round(c.width.cm, 1) for c in t.rows[1].cells]
    ([1.0, 4.0], [1.0, 4.0])
    >>> t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type"))
    'fixed'
    """
    from docx.oxml.ns import qn

    table.autofit = False  # python-docx writes w:tblLayout w:type="fixed"
    for column, w in zip(table.columns, widths):
        column.width = w  # the w:gridCol
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w  # the w:tcW
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one ("auto")
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(int(w) for w in widths) // 635))  # twentieths of a point


# ----------------------------------------------------------------------------- PDF

def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu Sans: Å, ●, ✓ and ☐ in one font


def _pdf(doc: _Checklist) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class _PDF(FPDF):
        def footer(self) -> None:
            self.set_y(-10)
            self.set_font("DejaVu", size=7)
            self.cell(0, 5, f"{doc.title} · page {self.page_no()}/{{nb}}", align="C")

    pdf = _PDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(doc.title)
    pdf.set_author("pswgraph")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.add_page()
    w = pdf.epw

    def heading(text: str, size: float) -> None:
        if pdf.will_page_break(25):  # keep a heading with what follows it
            pdf.add_page()
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(w, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str, size: float = 8.5) -> None:
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(w, size * 0.45, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(doc.title, 15)
    for m in doc.meta + doc.notes:
        para(m)
    widths = (6, 38, 62, 74, 32, 22, 17, 17)
    for level, phase, rows in doc.groups:
        pdf.ln(1)
        heading(f"{level} · {phase}", 11)
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT", line_height=3.6,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                       borders_layout="ALL", padding=1, repeat_headings=1) as table:
            table.row(COLUMNS)
            for r in rows:
                strategy = r.strategy + (f"\n{r.relies}" if r.relies else "")
                table.row(["☐", r.problem, strategy, r.evidence, r.citation, "", "", ""])
    pdf.ln(2)
    heading("Your self-assessment", 11)
    for level, state, names in doc.assessment:
        para(f"{level}, {state}: " + "; ".join(names))
    para(f"? not known: {doc.unknown} other factor{'s' if doc.unknown != 1 else ''}.")
    heading("References", 11)
    pdf.set_font("DejaVu", "", 8.5)
    for runs in doc.references:  # APA: italics for the journal and volume
        text = "".join(f"__{t}__" if s == "i" else t.replace("__", "_ _") for t, s in runs)
        pdf.multi_cell(w, 3.9, text, markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())


# ----------------------------------------------------------------------------- XLSX

def _xlsx(doc: _Checklist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Checklist"
    head = ("Level", "Phase", "Problem here", "Strategy", "Relies on", "Evidence", "Citation", "Owner", "Due date",
            "Status")
    ws.append(head)
    for level, phase, rows in doc.groups:
        for r in rows:
            ws.append([level, phase, r.problem, r.strategy, r.relies.removeprefix("Relies on: "), r.evidence,
                       r.citation, "", "", ""])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJ", (10, 14, 24, 36, 28, 50, 22, 14, 12, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    status = DataValidation(type="list", formula1='"not started,in progress,done,not relevant"', allow_blank=True)
    ws.add_data_validation(status)
    status.add(f"J2:J{max(ws.max_row, 2)}")
    ws.print_title_rows = "1:1"
    a = wb.create_sheet("Self-assessment")
    a.append(("Level", "State", "Factor"))
    for level, state, names in doc.assessment:
        for n in names:
            a.append((level, state, n))
    a.append(("", STATE_WORDS[UNKNOWN], f"{doc.unknown} other factor{'s' if doc.unknown != 1 else ''}"))
    about = wb.create_sheet("About")
    for line in [doc.title, *doc.meta, *doc.notes, "", "References"]:
        about.append([line])
    for runs in doc.references:
        about.append(["".join(t for t, _ in runs)])
    for sheet in (ws, a, about):
        _as_text(sheet)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet["A1"].font = Font(bold=True)
    a.column_dimensions["A"].width, a.column_dimensions["B"].width, a.column_dimensions["C"].width = 16, 14, 50
    about.column_dimensions["A"].width = 120
    for sheet in (ws, a, about):
        _fit_rows(sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


#: Calc and Excel column widths count characters of the default font's digit "0" (Excel: Calibri 11; LibreOffice
#: where Calibri and Carlito are missing: DejaVu Sans 11, wider, in wider columns); text is measured with DejaVu
#: Sans at that size in columns of that many DejaVu digits, less the cell's padding. A line takes
#: :data:`XLSX_LINE_PT` points (DejaVu Sans 11 needs 12.8, Calibri 11 about 13.4).
XLSX_PT, XLSX_LINE_PT, XLSX_PAD_IN, XLSX_DEFAULT_WIDTH = 11.0, 13.5, 0.08, 8.43


def _fit_rows(sheet: Any) -> None:
    """Wrap every cell of *sheet* (top-aligned) and set each row's height to fit its most-wrapped cell.

    A spreadsheet program does not grow a row to its wrapped text when it opens a file (LibreOffice keeps the
    default height, so text runs over the rows below); the height is set here from each cell's wrapped lines at
    its column's width.

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> ws.append(["short", "a longer text " * 8])
    >>> ws.column_dimensions["B"].width = 20
    >>> _fit_rows(ws)
    >>> ws.row_dimensions[1].height > 3 * XLSX_LINE_PT, ws["A1"].alignment.wrap_text
    (True, True)
    """
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from graph.present.textfit import text_width, wrap

    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            cell.alignment = wrapped
            if cell.value is None or cell.value == "":
                continue
            chars = sheet.column_dimensions[get_column_letter(cell.column)].width or XLSX_DEFAULT_WIDTH
            inner = chars * text_width("0", XLSX_PT) - XLSX_PAD_IN  # inches inside the cell's padding
            lines = max(lines, len(wrap(str(cell.value), XLSX_PT, inner, bool(cell.font and cell.font.b),
                                        split_long=True)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * XLSX_LINE_PT + 2


def _as_text(sheet: Any) -> None:
    """Every cell of *sheet* that openpyxl took for a formula (text starting with ``=``) kept as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


_WRITERS = {"docx": _docx, "pdf": _pdf, "xlsx": _xlsx}


def checklist_document(G: nx.MultiDiGraph, assessment: Mapping[str, str], fmt: str = "docx",
                       today: _dt.date | None = None, country: str | None = None) -> bytes:
    """The action checklist of a self-assessment as the bytes of a DOCX, PDF or XLSX file.

    Parameters
    ----------
    G : the knowledge graph.
    assessment : factor id -> ``problem``, ``strength`` or ``unknown`` (:func:`graph.query.plan.checklist`).
    fmt : ``"docx"``, ``"pdf"`` or ``"xlsx"`` (:data:`CHECKLIST_FORMATS`).
    today : the date printed on it (default: today).
    country : an ISO code: only strategies with evidence concerning it (:func:`graph.query.plan.checklist`).

    Returns
    -------
    The file's bytes: per level and phase, a table of the factors marked a problem here and the strategies
    addressing them (who acts, how reported, what each relies on and its state here, a one-line evidence
    summary, an APA 7 citation) with empty owner / due date / status columns; the self-assessment; the
    references; the data package's name and version and the date. A4 landscape.

    Raises
    ------
    ValueError for an unknown format or state; KeyError for an id that is not a factor.

    Examples
    --------
    >>> import io, zipfile
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> marks = {"time-limited-project-funding": "problem", "role-clarity": "problem", "mentoring": "strength"}
    >>> checklist_document(G, marks, "pdf")[:5]
    b'%PDF-'
    >>> xml = zipfile.ZipFile(io.BytesIO(checklist_document(G, marks, "docx"))).read("word/document.xml").decode()
    >>> "Time-limited project funding" in xml and "(Grim et al., 2022)" in xml
    True
    """
    check_format(CHECKLIST_FORMATS, fmt, "checklist")
    return _WRITERS[fmt](_model(G, assessment, today or _dt.date.today(), country))
