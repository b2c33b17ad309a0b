"""A curation workbook for adding a study: the template written from the package, and the filled workbook read back.

:func:`write_template` writes one sheet per table a new study adds rows to (:data:`SHEETS`), each column
described (from ``datapackage.json``) and, where the package has a vocabulary or ids for it, a drop-down
list of them, read from a hidden ``lists`` sheet. :func:`read_workbook` reads a filled workbook back as rows
of text, each with its sheet row. :mod:`graph.data.curate` checks and merges them.

One workbook is one new source study: its ``studies`` sheet holds the paper (``is_source`` true) and,
below it, any study it cites that the package lacks; the ``study`` (``citing``) column of the other
sheets is the paper's id, filled in on import, so the sheets do not ask for it.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from graph.data.schema import LIST_REFERENCES, REFERENCES

__all__ = ["AUTO_COLUMNS", "DATA_ROW", "LISTS_SHEET", "MAX_SHEET_ROWS", "SHEETS", "read_workbook", "sheet_fields", "write_template"]

#: The sheets of the workbook, in order: the tables a new study adds rows to.
SHEETS = ("studies", "countries", "influences", "study_themes", "evidence", "gaps", "strategies", "citations")
#: Columns filled with the new study's id on import, so their sheets do not ask for them.
AUTO_COLUMNS = {"influences": "study", "study_themes": "study", "evidence": "study", "gaps": "study",
                "strategies": "study", "citations": "citing"}
#: The hidden sheet holding the drop-down lists.
LISTS_SHEET = "lists"
#: The first row of data on a sheet: row 1 names the columns, row 2 describes them.
DATA_ROW = 3
#: How many rows of each sheet get the drop-downs.
VALIDATED_ROWS = 500
#: The most rows read from one sheet (one study adds tens or hundreds): a larger sheet is a problem, not read on.
MAX_SHEET_ROWS = 10_000
_ID_LISTS = ("levels", "factors", "influences", "countries", "studies", "study_themes")

_README = """How to add a study with this workbook

1. One workbook is one new source study. On the 'studies' sheet, row 3 is the paper (is_source: true);
   rows below it are studies it cites that the package does not hold yet (is_source: false).
2. Fill the other sheets from row 3 (row 1 names the columns, row 2 says what each holds). Leave a sheet
   empty when the study adds nothing to it. The 'study' (and 'citing') column is the paper's id: it is filled in
   on import, so the sheets do not ask for it.
3. Columns with a drop-down take one of the package's own values (levels, factors, influences, polarities,
   perspectives, countries, evidence types, ...). Columns that hold several ids separate them with '|'
   (e.g. factors: role-clarity|staff-readiness); their drop-down offers one id at a time.
4. Every evidence row needs a quote: the paper's own words, verbatim ('…' marks an omission).
5. Import it:  pswgraph import new-study.xlsx --text STUDY_ID=your-copy-of-the-paper.pdf
   Every problem is listed by sheet, row and column, and nothing is written until there are none.
   Then: pswgraph check-quotes --text STUDY_ID=paper.pdf  and  pswgraph diff OLD_DIR NEW_DIR
"""


def sheet_fields(desc: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The schema fields a sheet asks for: the table's fields but the one filled on import (:data:`AUTO_COLUMNS`).

    >>> from graph.data.validate import read_package
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> desc, _ = read_package(DEFAULT_DATA_DIR)
    >>> [f["name"] for f in sheet_fields(desc, "citations")]
    ['cited', 'label']
    """
    res = next(r for r in desc["resources"] if r["name"] == table)
    return [f for f in res["schema"]["fields"] if f["name"] != AUTO_COLUMNS.get(table)]


def _description(table: str, field: dict[str, Any]) -> str:
    cons = field.get("constraints", {})
    text = field.get("description", "")
    if cons.get("required"):
        text += " Required."
    if table == "evidence" and field["name"] == "quote":
        text += " Required here: the paper's own words, verbatim."
    if (table, field["name"]) in LIST_REFERENCES:
        text += " Several ids separated by '|'."
    return text.strip()


def _choices(desc: dict[str, Any], tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Every list a drop-down reads: ``table.field`` for enums and booleans, the table's name for its ids."""
    out: dict[str, list[str]] = {t: [str(r["id"]) for r in tables.get(t, [])] for t in _ID_LISTS}
    for table in SHEETS:
        for f in sheet_fields(desc, table):
            if f.get("constraints", {}).get("enum"):
                out[f"{table}.{f['name']}"] = list(f["constraints"]["enum"])
            elif f.get("type") == "boolean":
                out[f"{table}.{f['name']}"] = [*f.get("trueValues", ["true"])[:1], *f.get("falseValues", ["false"])[:1]]
    return out


def _list_for(table: str, name: str, choices: dict[str, list[str]]) -> tuple[str, bool] | None:
    """The list a column's drop-down reads and whether only its values are allowed; None: no drop-down."""
    if f"{table}.{name}" in choices:
        return f"{table}.{name}", True
    ref = REFERENCES.get((table, name)) or LIST_REFERENCES.get((table, name))
    if ref in choices and (table, name) != ("studies", "id"):
        # a new study may add ids (a new theme, a cited study) and a cell may hold several: suggest, never refuse
        return ref, False
    return None


def write_template(desc: dict[str, Any], tables: dict[str, list[dict]], path: str | Path) -> Path:
    """Write the curation workbook for a new study of the package (*desc*, *tables*) to *path* (``.xlsx``).

    Parameters
    ----------
    desc, tables : a package as :func:`graph.data.validate.read_package` returns it.
    path : the file to write.

    Returns
    -------
    The path written.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from graph.data.validate import read_package
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> out = write_template(*read_package(DEFAULT_DATA_DIR), Path(tempfile.mkdtemp()) / "new-study.xlsx")
    >>> wb = openpyxl.load_workbook(out)
    >>> wb.sheetnames[:3], wb[LISTS_SHEET].sheet_state
    (['README', 'studies', 'countries'], 'hidden')
    >>> [c.value for c in wb["evidence"][1]][:4]
    ['id', 'section', 'paraphrase', 'quote']
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for i, line in enumerate(_README.splitlines(), start=1):
        readme.cell(i, 1, line)
    readme.column_dimensions["A"].width = 110
    choices = _choices(desc, tables)
    lists = wb.create_sheet(LISTS_SHEET)
    where: dict[str, str] = {}
    for j, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(j)
        lists.cell(1, j, name)
        for i, v in enumerate(values, start=2):
            lists.cell(i, j, v)
        where[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    lists.sheet_state = "hidden"
    for table in SHEETS:
        ws = wb.create_sheet(table, index=len(wb.sheetnames) - 1)
        for j, field in enumerate(sheet_fields(desc, table), start=1):
            letter = get_column_letter(j)
            ws.cell(1, j, field["name"]).font = Font(bold=True)
            note = ws.cell(2, j, _description(table, field))
            note.font, note.alignment = Font(italic=True, color="555555"), Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[letter].width = 40 if field["name"] in ("quote", "paraphrase", "description") else 22
            chosen = _list_for(table, field["name"], choices)
            if chosen:
                name, strict = chosen
                dv = DataValidation(type="list", formula1=where[name], allow_blank=True, showErrorMessage=strict,
                                    errorTitle="Not in the package's list", error=f"Choose one of the list '{name}'.",
                                    promptTitle=field["name"], prompt=f"From the package's list '{name}'"
                                    + ("" if strict else "; type a new id, or several separated by '|'"),
                                    showInputMessage=True)
                dv.add(f"{letter}{DATA_ROW}:{letter}{DATA_ROW + VALIDATED_ROWS - 1}")
                ws.add_data_validation(dv)
        ws.row_dimensions[2].height = 75
        ws.freeze_panes = f"A{DATA_ROW}"
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _text(value: Any) -> str:
    """A cell's value as the CSV would hold it.

    >>> _text(None), _text(2025), _text(2025.0), _text(True), _text("  a  ")
    ('', '2025', '2025', 'true', 'a')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: str | Path) -> tuple[dict[str, list[tuple[int, dict[str, str]]]], list[tuple[str, int | None, str | None, str]]]:
    """The rows of a filled workbook, per sheet of :data:`SHEETS`, with what is wrong with its shape.

    Parameters
    ----------
    path : the workbook (``.xlsx``).

    Returns
    -------
    ``(rows, problems)``: ``rows[sheet]`` is ``[(sheet row, {column: text})]`` for each row that holds
    anything, from :data:`DATA_ROW`; ``problems`` are ``(sheet, row, column, message)`` for an unknown
    sheet or column. Raises ValueError naming the file when it is not a workbook.

    Examples
    --------
    >>> import tempfile
    >>> from graph.data.validate import read_package
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> out = write_template(*read_package(DEFAULT_DATA_DIR), Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> rows, problems = read_workbook(out)
    >>> rows["evidence"], problems
    ([], [])
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    p = Path(path)
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ValueError(f"{p}: file not found; expected the filled workbook (pswgraph template --xlsx)") from None
    except (InvalidFileException, OSError, KeyError, ValueError) as err:
        raise ValueError(f"{p}: not an Excel workbook ({err.__class__.__name__}); expected an .xlsx file") from None
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {s: [] for s in SHEETS}
    problems: list[tuple[str, int | None, str | None, str]] = []
    for ws in wb.worksheets:
        if ws.title in ("README", LISTS_SHEET):
            continue
        if ws.title not in rows:
            problems.append((ws.title, None, None, f"unknown sheet; expected one of {', '.join(SHEETS)}"))
            continue
        cells = list(itertools.islice(ws.iter_rows(values_only=True), MAX_SHEET_ROWS + DATA_ROW))
        if len(cells) > MAX_SHEET_ROWS + DATA_ROW - 1:
            problems.append((ws.title, None, None, f"more than {MAX_SHEET_ROWS:,} rows; expected one study's rows"))
            continue
        header = [_text(v) for v in (cells[0] if cells else ())]
        for j, name in enumerate(header):
            if name and header.index(name) != j:
                problems.append((ws.title, 1, name, "column given twice; expected each column once"))
        for i, values in enumerate(cells[DATA_ROW - 1:], start=DATA_ROW):
            row = {name: _text(v) for name, v in zip(header, values) if name}
            if any(row.values()):
                rows[ws.title].append((i, row))
    wb.close()
    return rows, problems
