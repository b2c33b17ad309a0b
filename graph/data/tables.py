"""One CSV table read into typed rows: the header against the schema, then every cell checked.

A clean table (the common case) is checked column by column; one with any
problem is read again row by row so that every problem is listed.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.data import caps
from graph.data.cells import check_cell, check_constraints, convert, prepare_field
from graph.data.files import open_inside
from graph.data.patterns import known
from graph.data.problems import BIDI, CONTROL, Problem

__all__ = ["allow_fields_of", "parse_csv", "read_table"]


def read_table(root: Path, res: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """Read one CSV resource into typed rows (each with its ``_row`` number); rows are None when unreadable."""
    fname = str(root / res["path"])
    fields = {f["name"]: prepare_field(f) for f in res["schema"]["fields"]}
    raw, why = open_inside(root, res["path"], caps.MAX_FILE_BYTES, f"resource '{res['name']}'")
    if raw is None:
        if why == "file not found":
            why = f"file not found; expected the CSV of table '{res['name']}'"
        return None, [Problem(fname, why)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(fname, f"byte {raw[exc.start]:#04x} is not UTF-8; expected a UTF-8 file", row=line)]
    del raw
    # a cell over MAX_FIELD_CHARS stops the reader before it is held (the csv module's buffer takes 4 bytes a
    # character); one at the cap is measured below, with its row and column
    allow_fields_of(min(len(text), caps.MAX_FIELD_CHARS + 1) + 1)
    return parse_csv(text, fname, fields)


#: Characters of a table handed to the csv module at a time (see :func:`lines`).
CHUNK = 1 << 20


def lines(text: str) -> Iterator[str]:
    r"""The lines of *text* (each with its line end), as ``io.StringIO(text, newline="")`` gives them, without that
    copy of the whole text at 4 bytes a character.

    A megabyte of lines at a time goes through :class:`io.StringIO`; a stretch with a longer line is cut at each
    ``\n`` instead (the same lines where no ``\r`` stands alone), so a 50 MB cell is held once, not five times.

    Parameters
    ----------
    text : a table's text.

    Returns
    -------
    An iterator of lines, for :func:`csv.reader`.

    >>> list(lines("a,b\r\nc\rd\n")), list(lines("x" * 5 + "\ny"))
    (['a,b\r\n', 'c\r', 'd\n'], ['xxxxx\n', 'y'])
    """
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start + CHUNK) + 1 or n
        if end - start <= 2 * CHUNK or text.count("\r", start, end) != text.count("\r\n", start, end):
            yield from io.StringIO(text[start:end], newline="")
        else:
            while start < end:
                stop = text.find("\n", start, end) + 1 or end
                yield text[start:stop]
                start = stop
        start = end


#: One CSV cell as written: quoted (quotes doubled inside, line ends allowed) or not.
_CELL = re.compile(r'"[^"]*(?:""[^"]*)*"?|[^,\r\n"]*')


def overlong_column(text: str, lines_before: int, header: list[str], limit: int) -> str | None:
    r"""The column of the first cell over *limit* characters in the record after the first *lines_before* lines.

    For the message when the csv module stopped at a cell longer than its limit; None where the column cannot
    be told (a file with a lone ``\r`` line end).

    >>> overlong_column('id,q\na,"x""' + "y" * 9 + '"\n', 1, ["id", "q"], 5)
    'q'
    """
    if text.count("\r") != text.count("\r\n"):
        return None
    pos = 0
    for _ in range(lines_before):
        pos = text.find("\n", pos) + 1
        if not pos:
            return None
    for name in header:
        m = _CELL.match(text, pos)
        start, end = m.span()
        size = end - start
        if size and text[start] == '"':
            size -= 2 + text.count('""', start + 1, end - 1)
        if size > limit:
            return name
        pos = end + 1
    return None


_LIMIT_LOCK = threading.Lock()


def allow_fields_of(n: int) -> None:
    """Let the csv module read fields of up to *n* characters.

    Its limit is one for the whole process, and tables may be read in several threads at once: the
    limit is only ever raised, under a lock, never set back, so that no thread lowers it under another
    one's long cell (a valid package would then fail with a csv error).

    Parameters
    ----------
    n : the longest field to read, in characters.

    >>> allow_fields_of(10); csv.field_size_limit() >= 131_072
    True
    """
    with _LIMIT_LOCK:
        if csv.field_size_limit() < n:
            csv.field_size_limit(n)


def parse_csv(text: str, fname: str, fields: dict[str, dict]) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    reader = csv.reader(lines(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return None, [Problem(fname, f"malformed CSV header: {exc}", row=1)]
    expected = list(fields)
    if header is None:
        return None, [Problem(fname, "empty file; expected a header row: " + ",".join(expected), row=1)]
    if len(header) > caps.MAX_COLUMNS:
        return None, [Problem(fname, f"header has {len(header):,} columns; expected at most {caps.MAX_COLUMNS:,} "
                              "(the table is not read)", row=1)]
    header = [h.strip() for h in header]
    counts = Counter(header)  # one pass: a header of thousands of columns costs no more than its length
    missing = [c for c in expected if c not in counts]
    extra = [c for c in header if c not in fields]
    doubled = sorted(c for c, n in counts.items() if n > 1)
    if missing or extra or doubled:
        msg = "header does not match the schema"
        if missing:
            msg += "; missing column(s) " + _names(missing)
        if extra:
            msg += "; unknown column(s) " + _names(extra)
        if doubled:
            msg += "; duplicate column(s) " + _names(doubled)
        return None, [Problem(fname, msg + "; expected " + _names(expected, ","), row=1)]
    if not CONTROL.search(text) and not BIDI.search(text):  # the common case, a clean table: checked column by column
        rows = _clean_rows(reader, header, fields)
        if rows is not None:
            return rows, []
        reader = csv.reader(lines(text), strict=True)
        next(reader)
    return _checked_rows(reader, header, fname, fields, text)


def _names(columns: list[str], sep: str = ", ", shown: int = 20) -> str:
    """Column names for a message: the first *shown*, each cut to 60 characters, then how many in all.

    >>> _names(["id", "label"]), _names(list("abc"), ",", shown=2)
    ('id, label', 'a,b … (3 in all)')
    """
    text = sep.join(c[:60] for c in columns[:shown])
    return text + (f" … ({len(columns):,} in all)" if len(columns) > shown else "")


def _clean_column(cells: tuple[str, ...], field: dict[str, Any]) -> list[Any] | None:
    """The typed values of a column (None for empty cells), or None when any cell has a problem.

    One pass per check over the whole column; :func:`check_cell` reports what is wrong.

    >>> _clean_column((" a ", ""), {"name": "x", "constraints": {"pattern": "[a-z][a-z0-9-]*"}})
    ['a', None]
    >>> _clean_column(("a", ""), {"name": "x", "constraints": {"required": True}}) is None
    True
    """
    if max(map(len, cells), default=0) > caps.MAX_FIELD_CHARS:
        return None
    stripped = list(map(str.strip, cells))
    filled = list(filter(None, stripped))
    cons = field.get("constraints", {})
    if cons.get("required") and len(filled) != len(stripped):
        return None
    if field.get("type", "string") != "string" or "minimum" in cons or "maximum" in cons:
        values = []
        for cell in stripped:
            if not cell:
                values.append(None)
                continue
            value, err = convert(cell, field)
            if err or check_constraints(value, cell, field):
                return None
            values.append(value)
        return values
    if "enum" in cons and not set(filled) <= set(cons["enum"]):
        return None
    if "pattern" in cons:
        pat = known(cons["pattern"])
        if not pat or max(map(len, filled), default=0) > caps.MAX_PATTERN_VALUE_CHARS:
            return None
        if not all(map(pat.regex.fullmatch, filled)):
            return None
    return [cell or None for cell in stripped]


def _clean_rows(reader, header: list[str], fields: dict[str, dict]) -> list[dict[str, Any]] | None:
    """The rows of a table with no problem at all, read column-wise; None as soon as a check fails."""
    if not header:
        return None
    try:
        records = list(itertools.islice(reader, caps.MAX_ROWS + 1))
    except csv.Error:
        return None
    if len(records) > caps.MAX_ROWS or any(len(r) != len(header) for r in records):
        return None
    columns = list(zip(*records)) if records else [() for _ in header]
    del records
    values = []
    for name, cells in zip(header, columns):
        col = _clean_column(cells, fields[name])
        if col is None:
            return None
        values.append(col)
    required = any(f.get("constraints", {}).get("required") for f in fields.values())
    if not required and any(not any(r) for r in zip(*values)):  # a blank row: the row-by-row reader skips it
        return None
    keys = ("_row", *header)
    return [dict(zip(keys, r)) for r in zip(range(2, len(values[0]) + 2), *values)]


def _checked_rows(reader, header: list[str], fname: str, fields: dict[str, dict],
                  text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Row by row, every problem of every cell (the path for a table with problems)."""
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    rownum = 1
    while True:
        before = reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if str(exc).startswith("field larger than field limit"):
                problems.append(Problem(fname, f"more than {caps.MAX_FIELD_CHARS:,} characters; expected at most "
                                        f"{caps.MAX_FIELD_CHARS:,} (the rest of the table is not read)", rownum + 1,
                                        overlong_column(text, before, header, caps.MAX_FIELD_CHARS)))
            else:
                problems.append(Problem(fname, f"malformed CSV: {exc}", row=rownum + 1))
            break
        rownum += 1
        if rownum - 1 > caps.MAX_ROWS:
            problems.append(Problem(fname, f"more than {caps.MAX_ROWS:,} rows; expected at most {caps.MAX_ROWS:,} "
                                    "(the rest is not read)", row=rownum))
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(fname, f"has {len(cells)} cells; expected {len(header)} (one per column)", row=rownum)
            )
            continue
        record: dict[str, Any] = {"_row": rownum}
        for name, cell in zip(header, cells):
            record[name] = check_cell(cell, fields[name], fname, rownum, problems)
        rows.append(record)
    return rows, problems
