"""One cell of a table: '|'-separated id lists, conversion to its field's type, its constraints."""

from __future__ import annotations

import re
from typing import Any

from graph.data import caps
from graph.data.patterns import known, pattern_problem
from graph.data.problems import BIDI, CONTROL, Problem

__all__ = ["SEP", "check_cell", "check_constraints", "convert", "one_of", "prepare_field", "split_list"]

#: The values a ``boolean`` field accepts when its schema does not say.
TRUE_VALUES, FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]

#: What separates the ids of a multi-valued cell.
SEP = "|"


def split_list(value: str | list[str] | None) -> list[str]:
    """Split a '|'-separated cell into ids (a list, already split, is returned as it is).

    >>> split_list("a|b| c")
    ['a', 'b', 'c']
    >>> split_list(""), split_list(["a"])
    ([], ['a'])
    """
    if not value:
        return []
    if isinstance(value, list):
        return value
    return list(filter(None, map(str.strip, value.split(SEP))))


def prepare_field(field: dict[str, Any]) -> dict[str, Any]:
    """A copy of a schema *field* carrying its ``enum``, ``trueValues`` and ``falseValues`` as sets, built once.

    Each cell is then looked up in constant time, however long the lists
    (:func:`convert` and :func:`check_constraints` build the sets per call for a field not prepared).

    Parameters
    ----------
    field : a field of a Table Schema, already checked (lists of strings where given).

    Returns
    -------
    a shallow copy of *field* with a ``_sets`` entry: {"enum", "true", "false"} -> frozenset (or None: no enum).

    >>> prepare_field({"name": "x", "constraints": {"enum": ["a", "b"]}})["_sets"]["enum"] == {"a", "b"}
    True
    """
    enum = field.get("constraints", {}).get("enum")
    return {**field, "_sets": {"enum": None if enum is None else frozenset(enum),
                               "true": frozenset(field.get("trueValues", TRUE_VALUES)),
                               "false": frozenset(field.get("falseValues", FALSE_VALUES))}}


def _sets(field: dict[str, Any]) -> dict[str, frozenset | None]:
    """The sets of :func:`prepare_field`: kept in the field when prepared, else built now."""
    return field.get("_sets") or prepare_field(field)["_sets"]


def one_of(values: list[str], shown: int = 20) -> str:
    """*values* listed for a message: the first *shown*, then how many in all.

    Parameters
    ----------
    values : the accepted values, in the schema's order.
    shown : how many to name.

    Returns
    -------
    text such as ``'a', 'b' … (30 in all)``.

    >>> one_of(["a", "b"]), one_of(list("abcd"), shown=2)
    ("'a', 'b'", "'a', 'b' … (4 in all)")
    """
    text = ", ".join(repr(v) for v in values[:shown])
    return text + (f" … ({len(values):,} in all)" if len(values) > shown else "")


def convert(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert a non-empty cell to its field type; return (value, error).

    >>> convert("12", {"type": "integer"})
    (12, None)
    >>> convert("9" * 5000, {"type": "integer"})[1]
    'expected a whole number of at most 18 digits'
    """
    ftype = field.get("type", "string")
    if ftype == "string":
        return value, None
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return None, "expected a whole number"
        if len(value.lstrip("+-")) > caps.MAX_INTEGER_DIGITS:
            return None, f"expected a whole number of at most {caps.MAX_INTEGER_DIGITS} digits"
        return int(value), None
    if ftype == "number":
        if len(value) > 64 or not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", value):
            return None, "expected a number"
        number = float(value)
        return (number, None) if abs(number) != float("inf") else (None, "expected a finite number")
    sets = _sets(field)
    if value in sets["true"]:
        return True, None
    if value in sets["false"]:
        return False, None
    return None, "expected one of " + one_of([*field.get("trueValues", TRUE_VALUES),
                                              *field.get("falseValues", FALSE_VALUES)])


def check_constraints(value: Any, raw: str, field: dict[str, Any]) -> str | None:
    """What *value* (typed) or *raw* (its text) breaks of *field*'s constraints, or None.

    >>> check_constraints(12, "12", {"constraints": {"maximum": 9}})
    'expected at most 9'
    >>> check_constraints("SE", "SE", {"constraints": {"pattern": "[A-Z]{2}"}}) is None
    True
    >>> check_constraints("Swe", "Swe", {"constraints": {"pattern": "[A-Z]{2}"}})
    'expected text matching the pattern [A-Z]{2}: a country code: two capital letters (ISO 3166-1 alpha-2)'
    >>> check_constraints("9", "9", {"constraints": {"pattern": "[0-9]+"}})[:65]
    "the field's constraint 'pattern' is not a pattern pswgraph knows;"
    """
    cons = field.get("constraints", {})
    if "enum" in cons and raw not in _sets(field)["enum"]:
        return "expected one of " + one_of(cons["enum"])
    if "pattern" in cons:
        if not (pat := known(cons["pattern"])):
            return f"the field's constraint 'pattern' {pattern_problem(cons['pattern'])}"
        if len(raw) > caps.MAX_PATTERN_VALUE_CHARS:
            return (f"expected at most {caps.MAX_PATTERN_VALUE_CHARS:,} characters matching the pattern "
                    f"{pat.pattern}: {pat.description}")
        if not pat.regex.fullmatch(raw):
            return f"expected text matching the pattern {pat.pattern}: {pat.description}"
    if "minimum" in cons and isinstance(value, int | float) and value < cons["minimum"]:
        return f"expected at least {cons['minimum']}"
    if "maximum" in cons and isinstance(value, int | float) and value > cons["maximum"]:
        return f"expected at most {cons['maximum']}"
    return None


#: What no cell may hold: (characters, what one is called, what is expected instead).
_FORBIDDEN = (
    (CONTROL, "control character", "text without control characters (tab, line feed and carriage return are allowed)"),
    (BIDI, "bidirectional control", ("text without bidi embeddings, overrides or isolates (they make text read in "
                                     "another order than it is stored)")),
)


def check_cell(cell: str, field: dict[str, Any], fname: str, rownum: int, problems: list[Problem]) -> Any:
    r"""The typed value of one cell (None when empty or wrong), its problems appended to *problems*.

    >>> found = []
    >>> check_cell("a\x00b", {"name": "quote"}, "e.csv", 3, found), found[0].message[:28]
    (None, 'the control character U+0000')
    """
    name = field["name"]
    if len(cell) > caps.MAX_FIELD_CHARS:
        problems.append(Problem(fname, f"{len(cell):,} characters; expected at most {caps.MAX_FIELD_CHARS:,}",
                                rownum, name, cell))
        return None
    for chars, what, expected in _FORBIDDEN:
        if bad := chars.search(cell):
            problems.append(Problem(fname, f"the {what} U+{ord(bad.group()):04X} at character {bad.start() + 1}; "
                                    f"expected {expected}", rownum, name, cell))
            return None
    cell = cell.strip()
    if not cell:
        if field.get("constraints", {}).get("required"):
            problems.append(Problem(fname, "required; expected a value", rownum, name, ""))
        return None
    value, err = convert(cell, field)
    err = err or check_constraints(value, cell, field)
    if err:
        problems.append(Problem(fname, err, rownum, name, cell))
        return None
    return value
