"""The curation workbook: a sheet per table, columns described from the descriptor, drop-downs of the package's lists."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from graph import DEFAULT_DATA_DIR
from graph.cli.commands import main
from graph.data.workbook import AUTO_COLUMNS, SHEETS

DESCRIPTOR = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
FIELDS = {r["name"]: r["schema"]["fields"] for r in DESCRIPTOR["resources"]}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "new-study.xlsx"
    assert main(["template", "--xlsx", "-o", str(path)]) == 0
    return openpyxl.load_workbook(path)


def _ids(table):
    with (DEFAULT_DATA_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def _dropdown(book, sheet, column):
    """The values a column's drop-down offers (read from the hidden lists sheet), and whether it refuses others."""
    ws = book[sheet]
    letter = next(c.column_letter for c in ws[1] if c.value == column)
    dv = next(dv for dv in ws.data_validations.dataValidation if any(f"{letter}3" in str(r) for r in dv.sqref.ranges))
    ref = dv.formula1.split("!")[1].replace("$", "")
    values = [c.value for row in book["lists"][ref] for c in row if c.value is not None]
    return values, dv.showErrorMessage


def test_a_sheet_per_table_with_every_column_described(book):
    assert book.sheetnames == ["README", *SHEETS, "lists"] and book["lists"].sheet_state == "hidden"
    for sheet in SHEETS:
        fields = [f for f in FIELDS[sheet] if f["name"] != AUTO_COLUMNS.get(sheet)]
        assert [c.value for c in book[sheet][1]] == [f["name"] for f in fields]
        assert all(str(c.value).startswith(f["description"]) for c, f in zip(book[sheet][2], fields))


def test_dropdowns_offer_the_packages_own_vocabularies_and_ids(book):
    enum = {f["name"]: f["constraints"]["enum"] for f in FIELDS["evidence"] if "enum" in f.get("constraints", {})}
    for column in ("polarity", "perspective", "evidence_type"):
        assert _dropdown(book, "evidence", column) == (enum[column], True)
    assert _dropdown(book, "evidence", "factors") == (_ids("factors"), False)  # several ids may be typed
    assert _dropdown(book, "evidence", "influences")[0] == _ids("influences")
    assert _dropdown(book, "evidence", "countries")[0] == _ids("countries")
    assert _dropdown(book, "influences", "source")[0] == _ids("factors")
    assert _dropdown(book, "gaps", "levels")[0] == _ids("levels")
    assert _dropdown(book, "studies", "is_source") == (["true", "false"], True)


def test_a_sheet_of_more_rows_than_one_study_adds_is_a_problem_not_read_on(tmp_path, monkeypatch):
    import graph.data.workbook as W

    monkeypatch.setattr(W, "MAX_SHEET_ROWS", 5)
    path = tmp_path / "big.xlsx"
    assert main(["template", "--xlsx", "-o", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    for i in range(3, 3 + 6):
        wb["gaps"].cell(i, 1, f"gap-big-{i}")
    wb.save(path)
    rows, problems = W.read_workbook(path)
    assert rows["gaps"] == [] and problems == [("gaps", None, None, "more than 5 rows; expected one study's rows")]
