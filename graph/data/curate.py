"""Merging a filled curation workbook (:mod:`graph.data.workbook`) into a data package: all or nothing.

:func:`import_workbook` checks the workbook's rows, appends them to a temporary copy of the package with
a curation-log entry per row, validates that copy with the package's own validator
(:func:`graph.data.validate.read_package`) and, with the user's copy of the paper, checks every quote
(:mod:`graph.data.quotes`). Every problem is named by sheet, row and column; only when there is none are
the package's files replaced, each in one step.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from graph.data.problems import DataError, Problem
from graph.data.quotes import check_quote, read_paper
from graph.data.validate import read_package
from graph.data.workbook import AUTO_COLUMNS, DATA_ROW, SHEETS, read_workbook, sheet_fields

__all__ = ["LOG_TABLE", "QUOTED_SHEETS", "import_workbook"]

#: The package's curation log: one ``added`` entry per imported row whose table it may name.
LOG_TABLE = "curation_log"
#: Sheets whose ``quote`` column is checked against the paper (and required on evidence).
QUOTED_SHEETS = ("evidence", "gaps")


def _problem(book: str, sheet: str, row: int | None, column: str | None, message: str,
             value: str | None = None) -> Problem:
    return Problem(f"{book}, sheet '{sheet}'", message, row, column, value)


def _source_study(book: str, studies: list[tuple[int, dict[str, str]]]) -> tuple[str, list[Problem]]:
    """The new source paper's id: the one row of the studies sheet with is_source true."""
    sources = [(i, r) for i, r in studies if r.get("is_source", "").lower() == "true"]
    if len(sources) == 1 and sources[0][1].get("id"):
        return sources[0][1]["id"], []
    if not sources:
        return "", [_problem(book, "studies", DATA_ROW, "is_source", "no source study; expected one row (the new "
                             "paper) with is_source true")]
    if len(sources) > 1:
        return "", [_problem(book, "studies", i, "is_source", "a second source study; expected one new paper per "
                             "workbook (cited studies have is_source false)") for i, _ in sources[1:]]
    return "", [_problem(book, "studies", sources[0][0], "id", "the new paper has no id; expected a slug such as "
                         "smith-2025")]


def _check_sheets(book: str, desc: dict[str, Any], rows: dict[str, list]) -> list[Problem]:
    """Columns the tables do not have, and evidence rows without a quote."""
    out = []
    for sheet in SHEETS:
        known = {f["name"] for f in sheet_fields(desc, sheet)}
        unknown = sorted({c for _, r in rows[sheet] for c in r} - known)
        out += [_problem(book, sheet, 1, c, f"unknown column; expected one of {', '.join(sorted(known))}")
                for c in unknown]
    out += [_problem(book, "evidence", i, "quote", "missing quote; expected the paper's own words, verbatim")
            for i, r in rows["evidence"] if not r.get("quote")]
    return out


def _check_quotes(book: str, rows: dict[str, list], paper: str | Path) -> list[Problem]:
    """Every quote of the quoted sheets against the user's copy of the paper."""
    text = read_paper(paper)
    out = []
    for sheet in QUOTED_SHEETS:
        for i, r in rows[sheet]:
            if not r.get("quote"):
                continue
            check = check_quote(r["quote"], text)
            for m in check.misses:
                what = "; ".join(f"quote {q!r} / text {t!r}" for q, t in m.differences[:4])
                closest = f"; closest passage {m.passage!r} ({what})" if m.passage else ""
                out.append(_problem(book, sheet, i, "quote", f"not found verbatim in {Path(paper).name}: "
                                    f"{m.fragment!r}{closest}", r["quote"]))
    return out


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def _log_rows(desc: dict[str, Any], tables: dict[str, list[dict]], added: dict[str, list[dict[str, str]]],
              reason: str, date: str) -> list[dict[str, str]]:
    """A curation-log ``added`` entry per added row of a table the log may name (its ``table`` enum)."""
    res = next((r for r in desc["resources"] if r["name"] == LOG_TABLE), None)
    if res is None:
        return []
    field = next(f for f in res["schema"]["fields"] if f["name"] == "table")
    allowed = set(field.get("constraints", {}).get("enum") or SHEETS)
    numbers = [int(r["id"].split("-")[-1]) for r in tables.get(LOG_TABLE, []) if r["id"].split("-")[-1].isdigit()]
    n = max(numbers, default=0)
    out = []
    for table in SHEETS:
        if table not in allowed:
            continue
        for row in added.get(table, []):
            n += 1
            record = f"{row['citing']}/{row['cited']}" if table == "citations" else row["id"]
            out.append({"id": f"log-{n:03d}", "table": table, "record": record, "field": "", "decision": "added",
                        "reason": reason, "date": date})
    return out


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    """Append *rows* to the CSV file at *path*, in its own column order and style."""
    header = _header(path)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore", restval="")
    writer.writerows(rows)
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data += b"\n"
    path.write_bytes(data + buf.getvalue().encode("utf-8"))


def import_workbook(workbook: str | Path, data_dir: str | Path, paper: str | Path | None = None,
                    date: str | None = None) -> dict[str, int]:
    """Merge a filled curation workbook into the package in *data_dir*, or change nothing and list every problem.

    Parameters
    ----------
    workbook : the filled workbook (``pswgraph template --xlsx``).
    data_dir : the package folder to merge into.
    paper : the user's copy of the new paper (text or PDF): every quote is checked against it
        (:func:`graph.data.quotes.check_quote`); ``None`` skips the check.
    date : the curation log's date (ISO); default today.

    Returns
    -------
    ``{table: rows added}``, the curation log's entries included.

    Raises
    ------
    DataError listing every problem, each named by the workbook's sheet, row and column (a problem the
    package's validator finds in an imported row is named by the sheet row it came from); the package is
    then left byte for byte as it was. ValueError when the workbook or the paper cannot be read.

    Examples
    --------
    >>> import tempfile, shutil
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> from graph.data.workbook import write_template
    >>> tmp = Path(tempfile.mkdtemp())
    >>> book = write_template(*read_package(DEFAULT_DATA_DIR), tmp / "new.xlsx")
    >>> _ = shutil.copytree(DEFAULT_DATA_DIR, tmp / "data")
    >>> try:
    ...     import_workbook(book, tmp / "data")
    ... except DataError as err:
    ...     print(err.problems[0])
    new.xlsx, sheet 'studies', row 3, column 'is_source': no source study; expected one row (the new paper) with is_source true
    """
    book, root = Path(workbook), Path(data_dir)
    desc, tables = read_package(root)
    rows, shape = read_workbook(book)
    problems = [_problem(book.name, s, r, c, m) for s, r, c, m in shape]
    problems += _check_sheets(book.name, desc, rows)
    source, why = _source_study(book.name, rows["studies"])
    problems += why
    if paper is not None:
        problems += _check_quotes(book.name, rows, paper)
    added = {t: [{**r, **({AUTO_COLUMNS[t]: source} if t in AUTO_COLUMNS else {})} for _, r in rows[t]]
             for t in SHEETS}
    date = date or _dt.date.today().isoformat()
    added[LOG_TABLE] = _log_rows(desc, tables, added, f"Imported from the curation workbook {book.name}: "
                                 f"new study {source or '(none)'}.", date)
    paths = {r["name"]: r["path"] for r in desc["resources"]}
    with tempfile.TemporaryDirectory(prefix="pswgraph-import-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(root, copy)
        for table, new in added.items():
            if new:
                _append(copy / paths[table], new)
        try:
            read_package(copy)
        except DataError as err:
            problems += _located(err.problems, book.name, (copy, root), paths, tables, rows)
        if problems:
            raise DataError(problems)
        for table, new in added.items():
            if new:  # each file replaced in one step: a reader sees the old file or the new, never half of one
                staged = root / f".{paths[table]}.importing"
                shutil.copyfile(copy / paths[table], staged)
                os.replace(staged, root / paths[table])
    return {t: len(new) for t, new in added.items() if new}


def _located(found: list[Problem], book: str, folders: tuple[Path, Path], paths: dict[str, str],
             tables: dict[str, list[dict]], rows: dict[str, list]) -> list[Problem]:
    """The validator's problems, those in an imported row named by its sheet, row and column instead; the
    temporary copy's folder (*folders*: the copy, the package) named as the package's."""
    copy, root = (str(f.resolve()) for f in folders)
    by_file = {str(Path(copy) / p): t for t, p in paths.items()}
    out = []
    for p in found:
        table = by_file.get(str(Path(p.file).resolve()))
        first = len(tables.get(table, [])) + 2  # the CSV row of the first imported row
        message = p.message.replace(copy, root)
        if table in rows and p.row is not None and p.row >= first and p.row - first < len(rows[table]):
            out.append(_problem(book, table, rows[table][p.row - first][0], p.column, message, p.value))
        else:
            out.append(Problem(p.file.replace(copy, root), message, p.row, p.column, p.value))
    return out
