"""Every CSV pswgraph writes goes through one spreadsheet-safe writer: formulas neutralised, line breaks
quoted, a byte-order mark on the files meant for a spreadsheet; the checklist XLSX holds text, never formulas."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from openpyxl import load_workbook

from dashapp.pages.plan import to_csv
from graph import load_graph
from graph.cli import main
from graph.export.csvsafe import BOM, FORMULA_START, csv_text
from graph.export.downloads import plan_csv
from graph.present.checklist import checklist_document
from graph.query.plan import checklist

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1", "\r=1", "line\rbreak", "two\r\nlines",
           'a "quoted", comma', "Åkerblom"]


def read(text: str) -> list[list[str]]:
    """A CSV as a spreadsheet's importer reads it: the byte-order mark dropped, quoted line breaks kept."""
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


def test_cells_that_start_a_formula_get_an_apostrophe_and_the_rest_round_trips():
    rows = read(csv_text(["value", "n"], [[v, -3] for v in HOSTILE]))
    assert len(rows) == len(HOSTILE) + 1  # no line break inside a cell starts a row
    for value, (cell, n) in zip(HOSTILE, rows[1:], strict=True):
        expected = "'" + value if value.startswith(FORMULA_START) else value
        assert cell == expected and n == "-3"  # a number stays a number


def test_a_bare_carriage_return_is_quoted():
    assert '"line\rbreak"' in csv_text(["a"], [["line\rbreak"]])


def test_byte_order_mark_only_when_asked():
    assert csv_text(["a"], [], bom=True).encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert not csv_text(["a"], []).startswith(BOM)


@pytest.fixture(scope="module")
def hostile_graph():
    """The bundled graph with a problem factor and a strategy named as an attacker would name them."""
    G = nx.MultiDiGraph(load_graph())
    items = checklist(G, {"stigma": "problem"})
    assert items and items[0]["strategies"]
    G.nodes["stigma"]["label"] = "=HYPERLINK(\"http://evil.example\",\"x\")\r\nStigma"
    return G


def test_plan_csv_is_spreadsheet_safe(hostile_graph):
    text = plan_csv(hostile_graph, {"stigma": "problem"})
    assert text.startswith(BOM)
    rows = read(text)
    problems = {r[rows[0].index("problem")] for r in rows[1:]}
    assert problems == {"'" + hostile_graph.nodes["stigma"]["label"]}
    assert not any(c.startswith(FORMULA_START) for r in rows[1:] for c in r)


def test_self_assessment_csv_is_spreadsheet_safe():
    text = to_csv({"a": "problem"}, {"a": "@attack", "b": "+1"})
    assert text.startswith(BOM)
    assert read(text)[1:] == [["a", "'@attack", "problem"], ["b", "'+1", "unknown"]]


def test_cli_checklist_csv_is_spreadsheet_safe(capsys, tmp_path):
    assert main(["checklist", "--problem", "stigma", "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(BOM) and read(out)[0][:2] == ["level", "problem"]


def test_checklist_xlsx_holds_text_never_formulas(hostile_graph):
    data = checklist_document(hostile_graph, {"stigma": "problem"}, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert hostile_graph.nodes["stigma"]["label"] in {c.value for c in cells}
