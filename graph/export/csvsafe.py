"""Spreadsheet-safe CSV: the one writer behind every CSV file pswgraph writes.

Text a spreadsheet could run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return: OWASP, "CSV Injection") gets a leading ``'`` and is quoted; a cell holding a comma, a quote or any line
break (``\\r`` alone included, which :mod:`csv` leaves bare) is quoted; numbers stay numbers. Files meant for a
spreadsheet start with a UTF-8 byte-order mark (:data:`BOM`), so Excel and LibreOffice read "Åkerblom", not
"Ã…kerblom".

>>> print(csv_text(["name", "n"], [{"name": "=1+1", "n": -2}, ["Åkerblom", 3]]), end="")
name,n
"'=1+1",-2
Åkerblom,3
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["BOM", "FORMULA_START", "csv_cell", "csv_text"]

#: What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The UTF-8 byte-order mark that tells a spreadsheet the file is UTF-8.
BOM = "\ufeff"


def csv_cell(value: Any) -> str:
    r"""One CSV cell: text that a spreadsheet could run as a formula gets a leading ``'`` and is quoted.

    Parameters
    ----------
    value : the cell (``None`` is an empty cell).

    Returns
    -------
    The cell as written: numbers (and booleans) as they are, so a negative number in a numeric column stays a
    number; text neutralised and quoted as needed (a comma, a quote, ``\r`` or ``\n``).

    >>> print(" ".join(csv_cell(v) for v in ("=1+2", "@SUM(A1)", "-x", "a,b", 'a "b" c', -3, -2.5, True, "ok")))
    "'=1+2" "'@SUM(A1)" "'-x" "a,b" "a ""b"" c" -3 -2.5 True ok
    >>> csv_cell("line\rbreak"), csv_cell(None)
    ('"line\rbreak"', '')
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    neutralise = value.startswith(FORMULA_START)
    if neutralise:
        value = "'" + value
    if neutralise or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_text(header: Sequence[str], rows: Iterable[Mapping[str, Any] | Sequence[Any]], *, bom: bool = False) -> str:
    """A CSV file (``\\n`` line ends) of *rows* under *header*, every cell (header too) through :func:`csv_cell`.

    Parameters
    ----------
    header : the column names.
    rows : dicts (read by column name; a missing one is empty) or sequences in the header's order.
    bom : start with :data:`BOM`: for files meant for a spreadsheet.

    Returns
    -------
    The file's text (encode it as UTF-8).

    >>> csv_text(["a"], [["+x"]], bom=True)
    '\\ufeffa\\n"\\'+x"\\n'
    """
    lines = [list(header)]
    lines += [[r.get(h) for h in header] if isinstance(r, Mapping) else list(r) for r in rows]
    return (BOM if bom else "") + "".join(",".join(csv_cell(v) for v in line) + "\n" for line in lines)
