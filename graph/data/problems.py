"""Problems in a data package, each a :class:`Problem`, and the errors that carry them.

A problem names the file, the spreadsheet row (the header is row 1), the column,
the bad value and what was expected; :class:`DataError` carries every problem
found, :class:`InternalError` a bug of ours met on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.data import caps

__all__ = ["BIDI", "CONTROL", "INVISIBLE", "DataError", "DataTimeout", "InternalError", "Problem", "format_problems"]

#: Characters no cell may hold: control characters but tab, line feed and carriage return,
#: and the two non-characters XML forbids (GraphML export would fail on them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: Bidirectional embeddings, overrides and isolates: no cell may hold one (they make text read in another order
#: than it is stored, so a label can show one thing and be another).
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: Characters that show as nothing or change nothing visible: zero-width spaces and joiners, the bidi marks,
#: the byte-order mark, soft hyphen, invisible operators. No id may hold one (two ids would look the same).
INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        """``file, row N, column 'c': 'value': message``; a long value is shortened.

        >>> print(Problem("levels.csv", "expected a whole number", 2, "rank", "one"))
        levels.csv, row 2, column 'rank': 'one': expected a whole number
        >>> str(Problem("f.csv", "too long", 2, "quote", "x" * 500)).count("x") < 100
        True
        """
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = self.value
        if value is not None and len(value) > 60:
            value = f"{value[:50]}… ({len(value):,} characters)"
        value = "" if value is None else f": {value!r}"
        return _printable(f"{where}{value}: {self.message}")


def _printable(text: str) -> str:
    r"""*text* on one line, control, bidi and invisible characters escaped (names in a package can hold any).

    >>> _printable("a\nb\x00")
    'a\\nb\\x00'
    >>> _printable("txt.\u202eexe")
    'txt.\\u202eexe'
    """
    text = CONTROL.sub(lambda m: repr(m.group())[1:-1], text.replace("\n", "\\n").replace("\r", "\\r"))
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_HIDDEN = re.compile(f"{BIDI.pattern}|{INVISIBLE.pattern}")


def format_problems(problems: list[Problem], limit: int | None = None) -> list[str]:
    """One line per problem, at most *limit* (default :data:`~graph.data.caps.MAX_LISTED_PROBLEMS`), then a count of the rest.

    Parameters
    ----------
    problems : the problems, in order.
    limit : how many to list.

    Returns
    -------
    list of lines.

    >>> format_problems([Problem("a.csv", "bad", 2)] * 3, limit=1)
    ['a.csv, row 2: bad', '… 2 more problems']
    """
    limit = caps.MAX_LISTED_PROBLEMS if limit is None else limit
    lines = [str(p) for p in problems[:limit]]
    rest = len(problems) - limit
    if rest > 0:
        lines.append(f"… {rest:,} more problem{'s' if rest > 1 else ''}")
    return lines


class DataError(ValueError):
    """Invalid data package; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(format_problems(self.problems, limit=50))
        super().__init__(f"{len(self.problems):,} problem(s) in the data package:\n{lines}")


class DataTimeout(DataError):
    """Checking and loading a package took longer than its time budget, and was abandoned.

    >>> err = DataTimeout([Problem("data", "took longer than 20 s")])
    >>> isinstance(err, DataError), str(err.problems[0])
    (True, 'data: took longer than 20 s')
    """


class InternalError(RuntimeError):
    """A bug in pswgraph met while reading or building a package: not a problem of the data.

    >>> str(InternalError("AttributeError: x"))
    'internal error in pswgraph (a bug, not a problem of the data): AttributeError: x'
    """

    def __init__(self, what: str):
        self.what = what
        super().__init__(f"internal error in pswgraph (a bug, not a problem of the data): {what}")
