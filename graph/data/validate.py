"""Validate a pswgraph data package and parse it into typed rows.

Checks are driven by the Table Schemas in ``datapackage.json`` (types, required
fields, enums, patterns, ranges, primary and foreign keys) plus the rules a
schema cannot express: '|'-separated id lists, ids unique across tables,
``parent`` cycles, a sub-theme under a theme at its own level, and the columns
and references the graph is built from (checked even when a schema forgets them).

Every problem is collected, never just the first, as a :class:`Problem` naming
the file, the spreadsheet row (the header is row 1), the column, the bad value
and what was expected. A package is untrusted input: only regular files inside
its own folder are read, and every size below is capped, so no package can
crash, hang or exhaust the process.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["DataError", "InternalError", "Problem", "format_problems", "pattern_problem", "read_package"]

#: Largest ``datapackage.json`` read, in bytes.
MAX_DESCRIPTOR_BYTES = 1024 * 1024
#: Deepest nesting of arrays and objects in ``datapackage.json``.
MAX_JSON_DEPTH = 32
#: Largest CSV table read, in bytes.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Longest cell, in characters (a long verbatim quote is a few thousand).
MAX_FIELD_CHARS = 1_000_000
#: Most data rows in one table.
MAX_ROWS = 1_000_000
#: Longest ``pattern`` constraint, in characters.
MAX_PATTERN_CHARS = 500
#: Longest cell tested against a ``pattern`` (ids, codes, DOIs and lists of them).
MAX_PATTERN_VALUE_CHARS = 1_000
#: Most digits in an ``integer`` cell.
MAX_INTEGER_DIGITS = 18
#: How many problems are listed before the rest are counted ("… N more problems").
MAX_LISTED_PROBLEMS = 1_000

#: Field types understood (a schema naming another type is rejected).
FIELD_TYPES = ("string", "integer", "number", "boolean")

#: Multi-valued columns: (table, column) -> the table whose ids they hold.
LIST_REFERENCES: dict[tuple[str, str], str] = {
    ("evidence", "factors"): "factors",
    ("evidence", "influences"): "influences",
    ("evidence", "cites"): "studies",
    ("evidence", "countries"): "countries",
    ("evidence", "study_themes"): "study_themes",
    ("studies", "countries"): "countries",
    ("study_themes", "factors"): "factors",
    ("gaps", "factors"): "factors",
    ("gaps", "levels"): "levels",
    ("strategies", "addresses"): "factors",
    ("strategies", "relies_on"): "factors",
    ("strategies", "evidence"): "evidence",
}

#: Single-id columns the graph is built on: (table, column) -> the table whose ``id`` they hold.
#: Checked whatever the schema's ``foreignKeys`` say.
REFERENCES: dict[tuple[str, str], str] = {
    ("factors", "parent"): "factors",
    ("factors", "level"): "levels",
    ("factors", "introduced_by"): "studies",
    ("influences", "source"): "factors",
    ("influences", "target"): "factors",
    ("influences", "study"): "studies",
    ("citations", "citing"): "studies",
    ("citations", "cited"): "studies",
    ("study_themes", "study"): "studies",
    ("study_themes", "parent"): "study_themes",
    ("evidence", "study"): "studies",
    ("gaps", "study"): "studies",
    ("strategies", "study"): "studies",
}

#: Tables whose ``id`` becomes a graph node; ids must be unique across them.
NODE_TABLES = ("levels", "factors", "studies", "countries", "evidence", "study_themes", "gaps", "strategies")

#: Tables a package may leave out (a package without them has no such nodes).
OPTIONAL_TABLES = ("strategies",)

REQUIRED_TABLES = (*(t for t in NODE_TABLES if t not in OPTIONAL_TABLES), "influences", "citations")

#: Columns the graph is built from: table -> {column: must the schema mark it required?}.
CORE_COLUMNS: dict[str, dict[str, bool]] = {
    "levels": {"id": True, "label": True, "rank": True},
    "countries": {"id": True, "name": True},
    "studies": {"id": True, "label": True, "countries": False, "country_basis": False},
    "citations": {"citing": True, "cited": True, "label": False},
    "factors": {"id": True, "label": True, "kind": True, "parent": False, "level": True, "introduced_by": True},
    "influences": {"id": True, "source": True, "target": True, "study": True, "basis": True, "description": False},
    "study_themes": {"id": True, "study": True, "label": True, "type": True, "parent": False, "factors": False},
    "evidence": {"id": True, "study": True, "paraphrase": True, "factors": False, "influences": False, "cites": False,
                 "countries": False, "country_basis": False, "study_themes": False},
    "gaps": {"id": True, "study": True, "statement": True, "factors": False, "levels": False},
    "strategies": {"id": True, "study": True, "label": True, "actor": True, "phase": True, "status": True,
                   "addresses": True, "relies_on": False, "evidence": True},
}

SEP = "|"

#: Characters no cell may hold: control characters but tab, line feed and carriage return,
#: and the two non-characters XML forbids (GraphML export would fail on them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


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
    r"""*text* on one line, control characters escaped (names in a package can hold any).

    >>> _printable("a\nb\x00")
    'a\\nb\\x00'
    """
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text.replace("\n", "\\n").replace("\r", "\\r"))


def format_problems(problems: list[Problem], limit: int | None = None) -> list[str]:
    """One line per problem, at most *limit* (default :data:`MAX_LISTED_PROBLEMS`), then a count of the rest.

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
    limit = MAX_LISTED_PROBLEMS if limit is None else limit
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


class InternalError(RuntimeError):
    """A bug in pswgraph met while reading or building a package: not a problem of the data.

    >>> str(InternalError("AttributeError: x"))
    'internal error in pswgraph (a bug, not a problem of the data): AttributeError: x'
    """

    def __init__(self, what: str):
        super().__init__(f"internal error in pswgraph (a bug, not a problem of the data): {what}")


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


# --- patterns: a length cap and a heuristic against catastrophic backtracking ------------------

#: Characters the heuristic tries when it compares character classes.
_SAMPLE = "".join(map(chr, range(0x250))) + "\u2028\u3000\u4e2d\ufeff\U0001f600"
_ALL = frozenset(_SAMPLE)
_CATEGORIES = {name: re.compile(rx) for name, rx in (
    ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
    ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}


class _Unsafe(Exception):
    """A pattern that could backtrack catastrophically."""


@dataclass(frozen=True)
class _Info:
    nullable: bool
    first: frozenset  # characters a match can start with
    last: frozenset  # characters a match can end with
    chars: frozenset  # every character a match can hold
    rep: frozenset  # characters consumed by repetitions inside


_EMPTY = _Info(True, frozenset(), frozenset(), frozenset(), frozenset())


def _charset(op, av) -> frozenset:
    """The sample characters one character-matching node (*op*, *av*) of a parsed pattern accepts.

    >>> sorted(_charset(*sre_parse.parse("[a-c]")[0]))
    ['a', 'b', 'c']
    """
    if op is sre_c.LITERAL:
        return frozenset({chr(av)})
    if op is sre_c.NOT_LITERAL:
        return _ALL - {chr(av)}
    if op is sre_c.ANY:
        return _ALL - {"\n"}
    chars: set[str] = set()
    negate = False
    for op2, av2 in av:
        if op2 is sre_c.NEGATE:
            negate = True
        elif op2 is sre_c.LITERAL:
            chars.add(chr(av2))
        elif op2 is sre_c.RANGE:
            chars.update(c for c in _SAMPLE if av2[0] <= ord(c) <= av2[1])
        elif op2 is sre_c.CATEGORY and str(av2) in _CATEGORIES:
            chars.update(c for c in _SAMPLE if _CATEGORIES[str(av2)].match(c))
        else:
            chars.update(_ALL)
    return _ALL - chars if negate else frozenset(chars)


def _seq(items, in_repeat: bool) -> _Info:
    """Analyse a sequence; reject three overlapping repetitions in a row (cubic backtracking)."""
    info = _EMPTY
    chain, prev, absorbed = 0, frozenset(), False
    for op, av in items:
        part = _node(op, av, in_repeat)
        repeats = op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[1] > 1
        if repeats:
            chain = chain + 1 if absorbed and prev & part.first else 1
            if chain >= 3:
                raise _Unsafe("three or more repetitions in a row that can take the same characters")
            prev, absorbed = part.chars, True
        elif not part.nullable and not part.chars <= prev:
            absorbed = False
        first = info.first | part.first if info.nullable else info.first
        last = part.last | info.last if part.nullable else part.last
        info = _Info(info.nullable and part.nullable, first, last, info.chars | part.chars, info.rep | part.rep)
    return info


def _node(op, av, in_repeat: bool) -> _Info:
    """Analyse one node of a parsed pattern."""
    if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
        s = _charset(op, av)
        return _Info(False, s, s, s, frozenset())
    if op is sre_c.AT:
        return _EMPTY
    if op is sre_c.SUBPATTERN:
        return _seq(av[-1], in_repeat)
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _seq(av, in_repeat)
    if op is sre_c.BRANCH:
        parts = [_seq(branch, in_repeat) for branch in av[1]]
        if in_repeat:
            for i, a in enumerate(parts):
                for b in parts[i + 1:]:
                    if a.first & b.first or a.nullable or b.nullable:
                        raise _Unsafe("alternatives inside a repetition that can start with the same character")
        return _Info(any(p.nullable for p in parts), frozenset().union(*(p.first for p in parts)),
                     frozenset().union(*(p.last for p in parts)), frozenset().union(*(p.chars for p in parts)),
                     frozenset().union(*(p.rep for p in parts)))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        b = _seq(body, in_repeat or high > 1)
        if high <= 1:
            return _Info(b.nullable or low == 0, b.first, b.last, b.chars, b.rep)
        if b.nullable:
            raise _Unsafe("a repetition of something that can be empty")
        if b.rep and b.first & b.rep and b.last & b.rep:
            raise _Unsafe("nested repetitions with nothing to tell their rounds apart")
        return _Info(low == 0, b.first, b.last, b.chars, b.rep | b.chars)
    raise _Unsafe(f"{str(op).lower().replace('_', ' ')} (only characters, classes, groups, alternatives, "
                  "repetitions and anchors are allowed)")


def pattern_problem(pattern: Any) -> str | None:
    """Why *pattern* cannot be used as a ``pattern`` constraint, or None when it can.

    A pattern must be a string of at most :data:`MAX_PATTERN_CHARS` characters that
    compiles, without back-references or look-arounds, and pass a heuristic against
    catastrophic backtracking: no repetition of something that contains a repetition
    unless a character no inner repetition takes opens or closes each round, no
    alternatives starting alike inside a repetition, no three repetitions in a row
    that can take the same characters. Costs stay at worst quadratic in the cell's
    length, and cells tested are at most :data:`MAX_PATTERN_VALUE_CHARS` long.

    Parameters
    ----------
    pattern : the constraint's value.

    Returns
    -------
    a reason (str), or None.

    >>> pattern_problem(r"([a-z][a-z0-9-]*(\\|[a-z][a-z0-9-]*)*)?") is None
    True
    >>> pattern_problem("(a+)+$")
    'could backtrack catastrophically: nested repetitions with nothing to tell their rounds apart; expected a pattern without that'
    >>> pattern_problem("[a-z")
    'does not compile (unterminated character set at position 0); expected a valid regular expression'
    """
    if not isinstance(pattern, str):
        return "expected a string"
    return _pattern_problem(pattern)


@functools.lru_cache(maxsize=256)
def _pattern_problem(pattern: str) -> str | None:
    """:func:`pattern_problem` of a string, remembered: a package's patterns are checked at every load."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"is {len(pattern):,} characters long; expected at most {MAX_PATTERN_CHARS:,}"
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return f"does not compile ({exc}); expected a valid regular expression"
    try:
        _seq(list(parsed), in_repeat=False)
    except _Unsafe as exc:
        return f"could backtrack catastrophically: {exc}; expected a pattern without that"
    except RecursionError:
        return f"nested too deeply; expected at most {MAX_PATTERN_CHARS:,} characters of simple nesting"
    return None


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# --- reading files: regular files inside the package folder, capped -----------------------------

def _path_problem(rel: Any) -> str | None:
    """Why *rel* is not a plain relative path inside the package folder, or None.

    >>> _path_problem("levels.csv") is None
    True
    >>> _path_problem("../../etc/passwd")
    "path '../../etc/passwd' goes up with '..'; expected a file inside the package folder"
    """
    if not isinstance(rel, str) or not rel.strip():
        return f"'path' is {json.dumps(rel)[:60]}; expected a file name (a string) inside the package folder"
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or "\\" in rel or "\x00" in rel:
        return f"path {rel!r} is absolute or uses '\\'; expected a path relative to the package folder, with '/'"
    if ".." in posix.parts:
        return f"path {rel!r} goes up with '..'; expected a file inside the package folder"
    return None


def _open_inside(root: Path, rel: str, cap: int, what: str) -> tuple[bytes | None, str]:
    """Read the file at relative path *rel* under *root*; return (bytes, '') or (None, why not).

    Only a regular file inside *root* (no absolute path, no '..', no symlink leading
    out) of at most *cap* bytes is read; a FIFO or device is never opened for long.
    """
    why = _path_problem(rel)
    if why:
        return None, f"{what}: {why}"
    path = root / rel
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None, f"{what}: path {rel!r} cannot be resolved (a symlink loop?); expected a regular file"
    if not resolved.is_relative_to(root):
        return None, f"{what}: path {rel!r} leads outside the package folder (a symlink); expected a file inside it"
    try:
        fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, "file not found"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, f"{what}: path {rel!r} is not a regular file (a folder, device or pipe); expected a file"
        if st.st_size > cap:
            return None, f"is {st.st_size:,} bytes; expected at most {cap:,}"
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(cap + 1)
    finally:
        os.close(fd)
    if len(data) > cap:
        return None, f"is more than {cap:,} bytes; expected at most {cap:,}"
    return data, ""


def _depth(obj: Any) -> int:
    """Nesting depth of parsed JSON, without recursion.

    >>> _depth({"a": [1, {"b": []}]})
    4
    """
    deepest, stack = 0, [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if isinstance(o, dict | list):
            deepest = max(deepest, d)
            stack.extend((v, d + 1) for v in (o.values() if isinstance(o, dict) else o))
    return deepest


def _read_descriptor(root: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    path = str(root / "datapackage.json")
    if not root.is_dir():
        return None, [Problem(str(root), "not a folder; expected a data package folder")]
    raw, why = _open_inside(root, "datapackage.json", MAX_DESCRIPTOR_BYTES, "datapackage.json")
    if raw is None:
        if why == "file not found":
            why = "file not found; expected the data package descriptor"
        return None, [Problem(path, why)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, f"unreadable ({exc.__class__.__name__}); expected UTF-8 JSON")]
    try:
        desc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    except RecursionError:
        return None, [Problem(path, f"nested too deeply; expected JSON at most {MAX_JSON_DEPTH} levels deep")]
    except ValueError as exc:  # a number of thousands of digits
        return None, [Problem(path, f"invalid JSON: {str(exc).split(':')[0]}; expected ordinary numbers")]
    if _depth(desc) > MAX_JSON_DEPTH:
        return None, [Problem(path, f"nested too deeply; expected JSON at most {MAX_JSON_DEPTH} levels deep")]
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        return None, [Problem(path, "expected a JSON object with a 'resources' list")]
    problems = [Problem(path, f"'{key}' contains the control character U+{ord(m.group()):04X}; expected plain text",
                        value=str(desc[key]))
                for key in ("name", "title", "version", "description")
                if isinstance(desc.get(key), str) and (m := CONTROL.search(desc[key]))]
    problems += [Problem(path, f"'{key}' is {type(desc[key]).__name__}; expected a string")
                 for key in ("name", "title", "version") if key in desc and not isinstance(desc[key], str)]
    problems += _check_resources(path, desc["resources"])
    return (None if problems else desc), problems


def _names(value: Any) -> list[str] | None:
    """A field list given as one name or a list of names; None when malformed.

    >>> _names("id"), _names(["a", "b"]), _names(7), _names([])
    (['id'], ['a', 'b'], None, None)
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _check_field(where: str, field: Any, seen: set[str]) -> list[str]:
    """What is wrong with one schema field (messages)."""
    if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
        return [f"{where}: expected an object with a 'name' string"]
    name = field["name"]
    where = f"{where} '{name}'"
    out = [f"{where}: the name holds a control character; expected plain text"] if CONTROL.search(name) else []
    if name in seen:
        out.append(f"{where}: duplicate field name; expected each column once")
    seen.add(name)
    if field.get("type", "string") not in FIELD_TYPES:
        out.append(f"{where}: type {json.dumps(field.get('type'))[:40]}; expected one of {', '.join(FIELD_TYPES)}")
    for key in ("trueValues", "falseValues"):
        if key in field and (not isinstance(field[key], list) or not all(isinstance(v, str) for v in field[key])):
            out.append(f"{where}: '{key}' expected a list of strings")
    cons = field.get("constraints", {})
    if not isinstance(cons, dict):
        return [*out, f"{where}: 'constraints' expected an object"]
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            out.append(f"{where}: constraint '{key}' expected true or false")
    if "enum" in cons and (not isinstance(cons["enum"], list) or not all(isinstance(v, str) for v in cons["enum"])):
        out.append(f"{where}: constraint 'enum' expected a list of strings")
    for key in ("minimum", "maximum"):
        if key in cons and (isinstance(cons[key], bool) or not isinstance(cons[key], int | float)):
            out.append(f"{where}: constraint '{key}' expected a number")
    if "pattern" in cons and (why := pattern_problem(cons["pattern"])):
        out.append(f"{where}: constraint 'pattern' {json.dumps(cons['pattern'])[:80]} {why}")
    return out


def _check_resources(path: str, resources: list) -> list[Problem]:
    """Shape of every resource: name, path, schema fields, keys; the tables and columns the graph needs."""
    msgs: list[str] = []
    fields_of: dict[str, dict[str, dict]] = {}
    for i, res in enumerate(resources):
        where = f"resource #{i + 1}"
        if not isinstance(res, dict) or not isinstance(res.get("name"), str) or not res.get("name") \
                or not isinstance(res.get("path"), str) or not res["path"]:
            msgs.append(f"{where}: expected an object with 'name' and 'path' strings"
                        + (f", not {json.dumps(res.get('path'))[:40]}" if isinstance(res, dict) and "path" in res else ""))
            continue
        where = f"resource '{res['name']}'"
        if CONTROL.search(res["name"]):
            msgs.append(f"{where}: the name holds a control character; expected plain text")
        if why := _path_problem(res["path"]):
            msgs.append(f"{where}: {why}")
        if res["name"] in fields_of:
            msgs.append(f"{where}: duplicate resource name; expected each table once")
            continue
        schema = res.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            msgs.append(f"{where}: expected a 'schema' with 'fields'")
            continue
        seen: set[str] = set()
        for field in schema["fields"]:
            msgs += _check_field(f"{where}, field", field, seen)
        fields_of[res["name"]] = {f["name"]: f for f in schema["fields"] if isinstance(f, dict) and isinstance(f.get("name"), str)}
    for res in resources:
        if not isinstance(res, dict) or not isinstance(res.get("name"), str) or res["name"] not in fields_of \
                or not isinstance(res.get("schema"), dict):
            continue
        where, schema, own = f"resource '{res['name']}'", res["schema"], fields_of[res["name"]]
        if "primaryKey" in schema:
            pk = _names(schema["primaryKey"])
            if pk is None or any(c not in own for c in pk):
                msgs.append(f"{where}: primaryKey {json.dumps(schema['primaryKey'])[:60]}; expected names of its fields")
        fks = schema.get("foreignKeys", [])
        if not isinstance(fks, list):
            msgs.append(f"{where}: 'foreignKeys' expected a list")
            continue
        for j, fk in enumerate(fks):
            msgs += _check_foreign_key(f"{where}, foreign key #{j + 1}", fk, res["name"], fields_of)
    for name in (*REQUIRED_TABLES, *OPTIONAL_TABLES):
        if name not in fields_of:
            if name not in OPTIONAL_TABLES:
                msgs.append(f"missing resource '{name}'; expected the tables {', '.join(REQUIRED_TABLES)}")
            continue
        for col, required in CORE_COLUMNS[name].items():
            field = fields_of[name].get(col)
            if field is None:
                msgs.append(f"resource '{name}': no field '{col}'; the graph is built from it")
            elif required and not (isinstance(field.get("constraints"), dict) and field["constraints"].get("required")):
                msgs.append(f"resource '{name}', field '{col}': expected the constraint required: true")
    rank = fields_of.get("levels", {}).get("rank")
    if rank is not None and rank.get("type") != "integer":
        msgs.append("resource 'levels', field 'rank': expected type integer")
    return [Problem(path, m) for m in msgs]


def _check_foreign_key(where: str, fk: Any, name: str, fields_of: dict[str, dict[str, dict]]) -> list[str]:
    """What is wrong with one foreign key (messages)."""
    if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
        return [f"{where}: expected an object with 'fields' and 'reference'"]
    cols, ref = _names(fk.get("fields")), fk["reference"]
    target = ref.get("resource", "")
    tcols = _names(ref.get("fields"))
    if not isinstance(target, str) or (target or name) not in fields_of:
        return [f"{where}: reference to resource {json.dumps(target)[:40]}; expected one of {', '.join(fields_of)}"]
    if cols is None or any(c not in fields_of[name] for c in cols):
        return [f"{where}: 'fields' {json.dumps(fk.get('fields'))[:60]}; expected names of the table's fields"]
    if tcols is None or len(tcols) != len(cols) or any(c not in fields_of[target or name] for c in tcols):
        why = f"expected as many names of fields of '{target or name}'"
        return [f"{where}: reference 'fields' {json.dumps(ref.get('fields'))[:60]}; {why}"]
    return []


# --- tables ---------------------------------------------------------------------------------------

def _convert(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert a non-empty cell to its field type; return (value, error).

    >>> _convert("12", {"type": "integer"})
    (12, None)
    >>> _convert("9" * 5000, {"type": "integer"})[1]
    'expected a whole number of at most 18 digits'
    """
    ftype = field.get("type", "string")
    if ftype == "string":
        return value, None
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return None, "expected a whole number"
        if len(value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            return None, f"expected a whole number of at most {MAX_INTEGER_DIGITS} digits"
        return int(value), None
    if ftype == "number":
        if len(value) > 64 or not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", value):
            return None, "expected a number"
        number = float(value)
        return (number, None) if abs(number) != float("inf") else (None, "expected a finite number")
    trues = field.get("trueValues", ["true", "True", "TRUE", "1"])
    falses = field.get("falseValues", ["false", "False", "FALSE", "0"])
    if value in trues:
        return True, None
    if value in falses:
        return False, None
    return None, f"expected one of {', '.join(trues + falses)}"


def _check_constraints(value: Any, raw: str, field: dict[str, Any]) -> str | None:
    """What *value* (typed) or *raw* (its text) breaks of *field*'s constraints, or None.

    >>> _check_constraints(12, "12", {"constraints": {"maximum": 9}})
    'expected at most 9'
    >>> _check_constraints("SE", "SE", {"constraints": {"pattern": "[A-Z]{2}"}}) is None
    True
    """
    cons = field.get("constraints", {})
    if "enum" in cons and raw not in cons["enum"]:
        return "expected one of " + ", ".join(repr(e) for e in cons["enum"])
    if "pattern" in cons:
        if len(raw) > MAX_PATTERN_VALUE_CHARS:
            return f"expected at most {MAX_PATTERN_VALUE_CHARS:,} characters matching the pattern {cons['pattern']}"
        if not _compiled(cons["pattern"]).fullmatch(raw):
            return f"expected text matching the pattern {cons['pattern']}"
    if "minimum" in cons and isinstance(value, int | float) and value < cons["minimum"]:
        return f"expected at least {cons['minimum']}"
    if "maximum" in cons and isinstance(value, int | float) and value > cons["maximum"]:
        return f"expected at most {cons['maximum']}"
    return None


def _check_cell(cell: str, field: dict[str, Any], fname: str, rownum: int, problems: list[Problem]) -> Any:
    r"""The typed value of one cell (None when empty or wrong), its problems appended to *problems*.

    >>> found = []
    >>> _check_cell("a\x00b", {"name": "quote"}, "e.csv", 3, found), found[0].message[:28]
    (None, 'the control character U+0000')
    """
    name = field["name"]
    if len(cell) > MAX_FIELD_CHARS:
        problems.append(Problem(fname, f"{len(cell):,} characters; expected at most {MAX_FIELD_CHARS:,}",
                                rownum, name, cell))
        return None
    bad = CONTROL.search(cell)
    if bad:
        problems.append(Problem(fname, f"the control character U+{ord(bad.group()):04X} at character {bad.start() + 1}; "
                                "expected text without control characters (tab, line feed and carriage return are "
                                "allowed)", rownum, name, cell))
        return None
    cell = cell.strip()
    if not cell:
        if field.get("constraints", {}).get("required"):
            problems.append(Problem(fname, "required; expected a value", rownum, name, ""))
        return None
    value, err = _convert(cell, field)
    err = err or _check_constraints(value, cell, field)
    if err:
        problems.append(Problem(fname, err, rownum, name, cell))
        return None
    return value


def _read_table(root: Path, res: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """Read one CSV resource into typed rows (each with its ``_row`` number); rows are None when unreadable."""
    fname = str(root / res["path"])
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    raw, why = _open_inside(root, res["path"], MAX_FILE_BYTES, f"resource '{res['name']}'")
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
    limit = csv.field_size_limit()
    csv.field_size_limit(len(text) + 1)  # cells are measured against MAX_FIELD_CHARS below, with their row
    try:
        return _parse_csv(text, fname, fields)
    finally:
        csv.field_size_limit(limit)


def _parse_csv(text: str, fname: str, fields: dict[str, dict]) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return None, [Problem(fname, f"malformed CSV header: {exc}", row=1)]
    expected = list(fields)
    if header is None:
        return None, [Problem(fname, "empty file; expected a header row: " + ",".join(expected), row=1)]
    header = [h.strip() for h in header]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in fields]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if missing or extra or doubled:
        msg = "header does not match the schema"
        if missing:
            msg += "; missing column(s) " + ", ".join(missing)
        if extra:
            msg += "; unknown column(s) " + ", ".join(c[:60] for c in extra[:20])
        if doubled:
            msg += "; duplicate column(s) " + ", ".join(doubled[:20])
        return None, [Problem(fname, msg + "; expected " + ",".join(expected), row=1)]
    if not CONTROL.search(text):  # the common case, a clean table: checked column by column
        rows = _clean_rows(reader, header, fields)
        if rows is not None:
            return rows, []
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader)
    return _checked_rows(reader, header, fname, fields)


def _clean_column(cells: tuple[str, ...], field: dict[str, Any]) -> list[Any] | None:
    """The typed values of a column (None for empty cells), or None when any cell has a problem.

    One pass per check over the whole column; :func:`_check_cell` reports what is wrong.

    >>> _clean_column((" a ", ""), {"name": "x", "constraints": {"pattern": "[a-z]"}})
    ['a', None]
    >>> _clean_column(("a", ""), {"name": "x", "constraints": {"required": True}}) is None
    True
    """
    if max(map(len, cells), default=0) > MAX_FIELD_CHARS:
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
            value, err = _convert(cell, field)
            if err or _check_constraints(value, cell, field):
                return None
            values.append(value)
        return values
    if "enum" in cons and not set(filled) <= set(cons["enum"]):
        return None
    if "pattern" in cons:
        if max(map(len, filled), default=0) > MAX_PATTERN_VALUE_CHARS:
            return None
        if not all(map(_compiled(cons["pattern"]).fullmatch, filled)):
            return None
    return [cell or None for cell in stripped]


def _clean_rows(reader, header: list[str], fields: dict[str, dict]) -> list[dict[str, Any]] | None:
    """The rows of a table with no problem at all, read column-wise; None as soon as a check fails."""
    if not header:
        return None
    try:
        records = list(itertools.islice(reader, MAX_ROWS + 1))
    except csv.Error:
        return None
    if len(records) > MAX_ROWS or any(len(r) != len(header) for r in records):
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


def _checked_rows(reader, header: list[str], fname: str,
                  fields: dict[str, dict]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Row by row, every problem of every cell (the path for a table with problems)."""
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    rownum = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(fname, f"malformed CSV: {exc}", row=rownum + 1))
            break
        rownum += 1
        if rownum - 1 > MAX_ROWS:
            problems.append(Problem(fname, f"more than {MAX_ROWS:,} rows; expected at most {MAX_ROWS:,} "
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
            record[name] = _check_cell(cell, fields[name], fname, rownum, problems)
        rows.append(record)
    return rows, problems


# --- keys, references and the rules a schema cannot express -------------------------------------

class _Refs:
    """Reference checks that count, rather than list, references into a table that could not be read."""

    def __init__(self, tables: dict[str, list[dict] | None], files: dict[str, str]):
        self.tables, self.files = tables, files
        self.follow_ons: dict[str, int] = {}
        self.problems: list[Problem] = []
        self._ids: dict[tuple[str, tuple[str, ...]], set] = {}

    def valid(self, target: str, cols: tuple[str, ...]) -> set | None:
        """The keys of *target* over *cols*, or None when the table could not be read."""
        if self.tables.get(target) is None:
            return None
        if (target, cols) not in self._ids:
            self._ids[target, cols] = {tuple(r.get(c) for c in cols) for r in self.tables[target]}
        return self._ids[target, cols]

    def check(self, name: str, cols: list[str], target: str, tcols: list[str]) -> None:
        """Every row of *name* whose *cols* are all filled must name a row of *target*."""
        valid = self.valid(target, tuple(tcols))
        if valid is not None and len(cols) == 1:  # one pass over the column first: usually all are found
            named = {r.get(cols[0]) for r in self.tables.get(name) or []}
            named.discard(None)
            if all((v,) in valid for v in named):
                return
        for r in self.tables.get(name) or []:
            k = tuple(r.get(c) for c in cols)
            if None in k or (valid is not None and k in valid):
                continue
            if valid is None:
                self.follow_ons[target] = self.follow_ons.get(target, 0) + 1
                continue
            self.problems.append(Problem(self.files[name], f"no such id in table '{target}' ({self.files[target]})",
                                         r["_row"], cols[0], "|".join(map(str, k))))

    def check_lists(self) -> None:
        """The '|'-separated id lists of :data:`LIST_REFERENCES`."""
        for (t, col), target in LIST_REFERENCES.items():
            valid = self.valid(target, ("id",))
            cells = [c for c in (r.get(col) for r in self.tables.get(t) or []) if c]
            if valid is not None and {(p.strip(),) for p in SEP.join(cells).split(SEP)} - {("",)} <= valid:
                continue  # every id named is found
            for r in self.tables.get(t) or []:
                for part in split_list(r.get(col)):
                    if valid is None:
                        self.follow_ons[target] = self.follow_ons.get(target, 0) + 1
                    elif (part,) not in valid:
                        self.problems.append(Problem(self.files[t], f"no such id in table '{target}' "
                                                     f"({self.files[target]})", r["_row"], col, part))


def _check_keys(desc: dict[str, Any], tables: dict[str, list[dict] | None], refs: _Refs) -> list[Problem]:
    problems: list[Problem] = []
    files = refs.files
    for res in desc["resources"]:
        name, schema = res["name"], res["schema"]
        rows = tables.get(name) or []
        for field in schema["fields"]:
            if field.get("constraints", {}).get("unique"):
                values = [v for v in (r.get(field["name"]) for r in rows) if v is not None]
                if len(set(values)) == len(values):
                    continue
                seen: dict[Any, int] = {}
                for r in rows:
                    v = r.get(field["name"])
                    if v is None:
                        continue
                    if v in seen:
                        problems.append(Problem(files[name], f"duplicate; first used in row {seen[v]}; expected a unique value",
                                                r["_row"], field["name"], str(v)))
                    else:
                        seen[v] = r["_row"]
        pk = _names(schema.get("primaryKey")) or []
        if len(pk) > 1:
            seen_pk: dict[tuple, int] = {}
            for r in rows:
                k = tuple(r.get(c) for c in pk)
                if None in k:
                    continue
                if k in seen_pk:
                    problems.append(Problem(files[name], f"duplicate primary key ({', '.join(pk)}); first used in row {seen_pk[k]}",
                                            r["_row"], pk[0], "|".join(map(str, k))))
                seen_pk.setdefault(k, r["_row"])
    for (t, col), target in REFERENCES.items():
        refs.check(t, [col], target, ["id"])
    for res in desc["resources"]:
        name = res["name"]
        for fk in res["schema"].get("foreignKeys", []):
            cols, tcols = _names(fk["fields"]), _names(fk["reference"]["fields"])
            target = fk["reference"].get("resource") or name
            if len(cols) == 1 and REFERENCES.get((name, cols[0])) == target and tcols == ["id"]:
                continue  # checked above
            refs.check(name, cols, target, tcols)
    refs.check_lists()
    return problems


def _check_semantics(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    # ids unique across node tables
    owner: dict[str, str] = {}
    for t in NODE_TABLES:
        for r in tables.get(t) or []:
            i = r.get("id")
            if i is None:
                continue
            if i in owner and owner[i] != t:
                problems.append(Problem(files[t], f"id already used in table '{owner[i]}'; expected ids unique across tables",
                                        r["_row"], "id", i))
            owner.setdefault(i, t)
    # factors: theme/subtheme structure and levels
    factors = {r["id"]: r for r in tables.get("factors") or [] if r.get("id")}
    for r in factors.values():
        parent = factors.get(r.get("parent") or "")
        if r.get("kind") == "theme" and r.get("parent"):
            problems.append(Problem(files["factors"], "a theme has no parent; expected an empty cell or kind 'subtheme'",
                                    r["_row"], "parent", r["parent"]))
        if r.get("kind") == "subtheme" and not r.get("parent"):
            problems.append(Problem(files["factors"], "a sub-theme needs the id of its parent theme", r["_row"], "parent", ""))
        if r.get("kind") == "subtheme" and parent is not None and parent.get("kind") == "subtheme" \
                and parent["id"] != r["id"]:
            problems.append(Problem(files["factors"], f"the parent '{parent['id']}' is itself a sub-theme; "
                                    "expected a theme (kind 'theme')", r["_row"], "parent", r["parent"]))
        if parent is not None and r.get("level") and parent.get("level") and r["level"] != parent["level"]:
            problems.append(Problem(files["factors"], f"sub-theme at level '{r['level']}' but its theme '{parent['id']}' is "
                                    f"at '{parent['level']}'; expected the theme's level", r["_row"], "level", r["level"]))
    problems += _cycles(factors, files["factors"])
    problems += _cycles({r["id"]: r for r in tables.get("study_themes") or [] if r.get("id")}, files["study_themes"])
    for r in tables.get("influences") or []:
        if r.get("source") and r.get("source") == r.get("target"):
            problems.append(Problem(files["influences"], "an influence needs two different factors", r["_row"], "target", r["target"]))
        if r.get("id") and r.get("source") and r.get("target") and r["id"] != f"{r['source']}--{r['target']}":
            problems.append(Problem(files["influences"], f"expected the id '{r['source']}--{r['target']}' (SOURCE--TARGET)",
                                    r["_row"], "id", r["id"]))
    for r in tables.get("evidence") or []:
        if not r.get("factors") and not r.get("influences") and r.get("polarity") != "context":
            problems.append(Problem(files["evidence"], "evidence must name at least one factor or influence "
                                    "(only a 'context' claim, e.g. a limitation, may name none)", r["_row"], "factors", ""))
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["evidence"], "countries given without a basis; expected 'text' or 'setting'",
                                    r["_row"], "country_basis", ""))
    for r in tables.get("gaps") or []:
        if not r.get("factors") and not r.get("levels"):
            problems.append(Problem(files["gaps"], "a gap must name at least one factor or level", r["_row"], "factors", ""))
    problems += _check_strategies(tables, files)
    for r in tables.get("studies") or []:
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["studies"], "countries given without a basis; expected 'text' or 'title'",
                                    r["_row"], "country_basis", ""))
    return problems


def _check_strategies(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    """A strategy's evidence comes from its own study and quotes the paper; no factor is both addressed and relied on.

    >>> ev = [{"id": "ev-a-1", "study": "a", "quote": "q"}, {"id": "ev-b-1", "study": "b", "quote": ""}]
    >>> st = [{"id": "strat-a", "study": "a", "addresses": "x", "relies_on": "x", "evidence": "ev-a-1|ev-b-1", "_row": 2}]
    >>> for p in _check_strategies({"evidence": ev, "strategies": st}, {"strategies": "strategies.csv"}):
    ...     print(p)
    strategies.csv, row 2, column 'evidence': 'ev-b-1': reported in study 'b', not in the strategy's study 'a'; expected evidence from the same paper
    strategies.csv, row 2, column 'evidence': 'ev-b-1': the evidence row has no quote; expected evidence that quotes the paper
    strategies.csv, row 2, column 'relies_on': 'x': also in 'addresses'; expected a factor the strategy either addresses or relies on
    """
    problems: list[Problem] = []
    evidence = {r["id"]: r for r in tables.get("evidence") or [] if r.get("id")}
    for r in tables.get("strategies") or []:
        fname = files["strategies"]
        for ev in split_list(r.get("evidence")):
            e = evidence.get(ev)
            if e is None:
                continue  # reported by the reference check
            if r.get("study") and e.get("study") != r["study"]:
                problems.append(Problem(fname, f"reported in study '{e.get('study')}', not in the strategy's study "
                                        f"'{r['study']}'; expected evidence from the same paper", r["_row"], "evidence", ev))
            if not (e.get("quote") or "").strip():
                problems.append(Problem(fname, "the evidence row has no quote; expected evidence that quotes the paper",
                                        r["_row"], "evidence", ev))
        addresses = set(split_list(r.get("addresses")))
        for f in split_list(r.get("relies_on")):
            if f in addresses:
                problems.append(Problem(fname, "also in 'addresses'; expected a factor the strategy either addresses "
                                        "or relies on", r["_row"], "relies_on", f))
    return problems


def _cycles(nodes: dict[str, dict], fname: str) -> list[Problem]:
    """One problem per ``parent`` cycle among *nodes* (id -> row).

    >>> [p.message for p in _cycles({"a": {"parent": "b", "_row": 2}, "b": {"parent": "a", "_row": 3}}, "f.csv")]
    ["'parent' forms a cycle: a -> b -> a; expected a tree"]
    """
    problems, reported = [], set()
    for start in nodes:
        seen, cur = [], start
        while cur in nodes and nodes[cur].get("parent"):
            if cur in seen:
                cycle = seen[seen.index(cur):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    row = nodes[cycle[0]]
                    problems.append(Problem(fname, "'parent' forms a cycle: " + " -> ".join([*cycle, cycle[0]]) +
                                            "; expected a tree", row["_row"], "parent", row["parent"]))
                break
            seen.append(cur)
            cur = nodes[cur]["parent"]
    return problems


def read_package(data_dir: str | Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Read and validate the data package in *data_dir*, parsing each file once.

    Parameters
    ----------
    data_dir : folder holding ``datapackage.json`` and its CSV tables.

    Returns
    -------
    (descriptor, tables): the parsed ``datapackage.json`` and, per table name,
    its rows as dicts of typed values (empty cells are ``None``; ``_row`` is
    the spreadsheet row number).

    Raises
    ------
    DataError listing every problem found: a table that cannot be read comes
    first, with one line counting the references into it that could not be checked.

    Examples
    --------
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> desc, tables = read_package(DEFAULT_DATA_DIR)
    >>> sorted(r["id"] for r in tables["levels"])
    ['macro', 'meso', 'micro']
    """
    root = Path(data_dir).resolve()
    desc, problems = _read_descriptor(root)
    if desc is None:
        raise DataError(problems)
    tables: dict[str, list[dict] | None] = {}
    files: dict[str, str] = {}
    unread: dict[str, Problem] = {}
    for res in desc["resources"]:
        files[res["name"]] = str(root / res["path"])
        rows, probs = _read_table(root, res)
        tables[res["name"]] = rows
        if rows is None:
            unread[res["name"]] = probs[0]
        problems += probs
    refs = _Refs(tables, files)
    later = _check_keys(desc, tables, refs) + refs.problems + _check_semantics(tables, files)
    for name, n in refs.follow_ons.items():
        cause = unread[name]
        what = "missing" if cause.message.startswith("file not found") else "unreadable"
        summary = Problem(cause.file, f"… and {n:,} reference{'s' if n > 1 else ''} to the {what} table '{name}' "
                          "from other tables, not checked one by one (fix the table first)")
        problems.insert(problems.index(cause) + 1, summary)
    problems += later
    if problems:
        raise DataError(problems)
    return desc, {name: rows or [] for name, rows in tables.items()}
