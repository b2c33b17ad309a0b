"""graph.present.checklist: the printable checklist opened as DOCX (python-docx), XLSX (openpyxl) and PDF (pypdf).

Each file must hold every strategy of the plan under its level and phase, APA 7 citations naming studies in
the data, empty owner / due date / status columns, the self-assessment it came from, the data version and
the date, on A4 pages, with states spelt out in words and symbols.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from graph import load_graph
from graph.cli.commands import main
from graph.present.apa import apa_citation
from graph.present.checklist import CHECKLIST_FORMATS, PHASE_LABELS, checklist_document
from graph.query.plan import checklist

MARKS = {"time-limited-project-funding": "problem", "role-clarity": "problem",
         "user-organisation-collaboration": "strength"}
DAY = dt.date(2026, 11, 30)
A4_MM = (297.0, 210.0)  # landscape


@pytest.fixture(scope="module")
def G():
    return load_graph()


@pytest.fixture(scope="module")
def plan(G):
    return checklist(G, MARKS)


def _study_citations(G) -> set[str]:
    return {f"({apa_citation(a)})" for _, a in G.nodes(data=True) if a.get("kind") == "study"}


def _expected_sections(G, plan) -> list[str]:
    """'Level · Phase' in the order the checklist must print them: levels as ranked, phases before → after."""
    out = []
    for level in dict.fromkeys(i["level_label"] for i in plan):
        for phase, phase_label in PHASE_LABELS.items():
            if any(s["phase"] == phase for i in plan if i["level_label"] == level for s in i["strategies"]):
                out.append(f"{level} · {phase_label}")
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_docx_is_a4_and_lists_every_strategy_by_level_and_phase_with_citations_and_empty_tracking(G, plan):
    d = Document(io.BytesIO(checklist_document(G, MARKS, "docx", today=DAY)))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == A4_MM
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    sections = _expected_sections(G, plan)
    assert headings[:len(sections)] == sections
    assert len(d.tables) == len(sections)
    cited, strategies, known = set(), [], _study_citations(G)
    for t in d.tables:
        assert [c.text for c in t.rows[0].cells] == ["☐", "Problem here", "Strategy", "Evidence", "Citation", "Owner",
                                                     "Due date", "Status"]
        for row in t.rows[1:]:
            cells = [c.text for c in row.cells]
            assert cells[0] == "☐" and cells[1].startswith("✗ a problem here: ")
            assert cells[5:] == ["", "", ""]
            assert re.match(r"\d+ quotes?", cells[3])
            cited.add(cells[4])
            strategies.append(cells[2].split(" — ")[0])
    assert sorted(strategies) == sorted(s["label"] for i in plan for s in i["strategies"])
    assert cited <= known and "(Åkerblom et al., 2023)" in cited and "(Grim et al., 2022)" in cited
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Macro level, ✗ a problem here: Time-limited project funding" in text
    assert "✓ a strength here: Collaboration with the user movement" in text
    assert "pswgraph-data version 0.1.0" in text and "2026-11-30" in text
    strategy_cells = " ".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert "✓ a strength you have: Collaboration with the user movement" in strategy_cells  # relied on, a strength
    problems = {c.text.removeprefix("✗ a problem here: ") for t in d.tables for r in t.rows[1:] for c in r.cells[1:2]}
    assert not any(f"✓ a strength you have: {p}" in strategy_cells for p in problems)  # one meaning per mark
    refs = text.split("References", 1)[1]
    assert "Grim, K." in refs and "https://doi.org/" in refs


def test_xlsx_has_one_row_per_strategy_empty_tracking_columns_and_a4_print_setup(G, plan):
    wb = load_workbook(io.BytesIO(checklist_document(G, MARKS, "xlsx", today=DAY)))
    ws = wb["Checklist"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Level", "Phase", "Problem here", "Strategy", "Relies on", "Evidence", "Citation", "Owner",
                       "Due date", "Status")
    assert len(rows) - 1 == sum(len(i["strategies"]) for i in plan)
    assert all(r[7:] == (None, None, None) for r in rows[1:])
    assert {r[6] for r in rows[1:]} <= _study_citations(G)
    assert list(dict.fromkeys(f"{r[0]} · {r[1]}" for r in rows[1:])) == _expected_sections(G, plan)
    assert "Set aside funds centrally for PSW posts — recommended, by organisation" in {r[3] for r in rows}
    for sheet in wb.worksheets:
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"  # 9: A4
    marks = {(r[1], r[2]) for r in wb["Self-assessment"].iter_rows(min_row=2, values_only=True)}
    label = {f: G.nodes[f]["label"] for f in MARKS}
    n_factors = sum(a.get("kind") == "factor" for _, a in G.nodes(data=True))
    assert marks == {("✗ a problem here", label["time-limited-project-funding"]),
                     ("✗ a problem here", label["role-clarity"]),
                     ("✓ a strength here", label["user-organisation-collaboration"]),
                     ("? not known", f"{n_factors - 3} other factors")}
    about = " ".join(r[0] or "" for r in wb["About"].iter_rows(values_only=True))
    assert "pswgraph-data version 0.1.0" in about and "2026-11-30" in about and "Åkerblom, K." in about


def test_pdf_pages_are_a4_and_the_text_holds_items_citations_and_the_assessment(G, plan):
    reader = PdfReader(io.BytesIO(checklist_document(G, MARKS, "pdf", today=DAY)))
    for page in reader.pages:
        size = sorted((round(float(page.mediabox.width) * 25.4 / 72), round(float(page.mediabox.height) * 25.4 / 72)))
        assert size == [210, 297]
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    positions = [text.index(s) for s in _expected_sections(G, plan)]
    assert positions == sorted(positions)  # by level, then phase
    for item in plan:
        for s in item["strategies"]:
            assert _flat(s["label"]) in text
    assert "(Åkerblom et al., 2023)" in text and "(Johansen et al., 2024)" in text  # Unicode survives the font
    assert "Owner Due date Status" in text
    assert "✗ a problem here: Time-limited project funding" in text
    assert "✓ a strength here: Collaboration with the user movement" in text
    assert "pswgraph-data version 0.1.0" in text and "2026-11-30" in text
    assert "✓ a strength you have" in text and "✗ a problem here: Role clarity" in text


def test_an_empty_assessment_still_gives_a_file_that_says_what_to_do(G):
    d = Document(io.BytesIO(checklist_document(G, {}, "docx", today=DAY)))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "0 factors marked a problem here" in text and "mark the problems in your service" in text
    assert not d.tables


def test_unknown_format_and_state_are_refused(G):
    with pytest.raises(ValueError, match="unknown checklist format 'odt'"):
        checklist_document(G, MARKS, "odt")
    with pytest.raises(ValueError, match="expected one of"):
        checklist_document(G, {"stigma": "maybe"}, "pdf")


@pytest.mark.parametrize("fmt", list(CHECKLIST_FORMATS))
def test_cli_writes_each_format_to_the_output_file(tmp_path, capsys, fmt):
    out = tmp_path / f"plan{CHECKLIST_FORMATS[fmt].ext}"
    assert main(["checklist", "--problem", "Time-limited project funding", "--strength", "mentoring",
                 "--format", fmt, "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    data = out.read_bytes()
    if fmt == "pdf":
        assert "Set aside funds centrally" in _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    elif fmt == "docx":
        assert any("Set aside funds centrally" in c.text for t in Document(io.BytesIO(data)).tables
                   for r in t.rows for c in r.cells)
    else:
        assert any("Set aside funds centrally" in (r[3] or "")
                   for r in load_workbook(io.BytesIO(data))["Checklist"].iter_rows(values_only=True))


def test_cli_takes_the_format_from_the_extension_and_refuses_an_unknown_one(tmp_path, capsys):
    assert main(["checklist", "--problem", "role-clarity", "-o", str(tmp_path / "c.xlsx")]) == 0
    assert load_workbook(tmp_path / "c.xlsx")["Checklist"].max_row > 1
    assert main(["checklist", "--problem", "role-clarity", "-o", str(tmp_path / "c.txt")]) == 2
    assert "--format docx|pdf|xlsx with -o FILE ending so" in capsys.readouterr().err
    assert not (tmp_path / "c.txt").exists()
    assert main(["checklist", "--problem", "role-clarity", "--format", "pdf", "-o", str(tmp_path / "c.docx")]) == 2
    assert "nothing written" in capsys.readouterr().err and not (tmp_path / "c.docx").exists()


def test_cli_checklist_for_one_country_names_its_file_by_country_and_date(tmp_path, capsys, monkeypatch, G):
    """--country keeps the strategies with evidence from that country; without -o the name says what it holds."""
    monkeypatch.chdir(tmp_path)
    marks = ["--problem", "staff-readiness", "--problem", "time-limited-project-funding", "--problem", "role-clarity"]
    assert main(["checklist", *marks, "--json"]) == 0
    everywhere = json.loads(capsys.readouterr().out)["items"]
    assert main(["checklist", *marks, "--country", "Denmark", "--json"]) == 0
    denmark = json.loads(capsys.readouterr().out)
    assert denmark["country"] == "DK"
    ids = [s["id"] for i in denmark["items"] for s in i["strategies"]]
    assert ids and len(ids) < sum(len(i["strategies"]) for i in everywhere)
    assert all(e["countries"] == ["DK"] for i in denmark["items"] for s in i["strategies"] for e in s["evidence"])
    assert main(["checklist", *marks, "--country", "DK", "--format", "docx"]) == 0
    name = f"pswgraph_checklist_DK_{dt.date.today().isoformat()}.docx"
    assert f"wrote {name}" in capsys.readouterr().out
    text = " ".join(p.text for p in Document(str(tmp_path / name)).paragraphs)
    assert "Denmark" in text


def test_cli_old_spellings_present_and_absent_still_work_converted_as_old_files_are(tmp_path, capsys):
    """--present is the old spelling of --problem; --absent leaves the factor not known, and says so."""
    assert main(["checklist", "--present", "role-clarity", "--absent", "mentoring", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["assessment"] == {"role-clarity": "problem", "mentoring": "unknown"}
    assert [i["factor"] for i in data["items"]] == ["role-clarity"]
    assert "--absent is the old spelling" in captured.err and "left not known" in captured.err
