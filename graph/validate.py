"""Validate a pswgraph data package and parse it into typed rows.

Checks are driven by the Table Schemas in ``datapackage.json`` (types, required
fields, enums, patterns, ranges, primary and foreign keys) plus the rules a
schema cannot express: '|'-separated id lists, ids unique across tables,
``parent`` cycles, and a sub-theme at another level than its theme.

Every problem is collected, never just the first, as a :class:`Problem` naming
the file, the spreadsheet row (the header is row 1), the column, the bad value
and what was expected.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DataError", "Problem", "read_package", "validate_package"]

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
}

#: Tables whose ``id`` becomes a graph node; ids must be unique across them.
NODE_TABLES = ("levels", "factors", "studies", "countries", "evidence", "study_themes", "gaps")

REQUIRED_TABLES = (*NODE_TABLES, "influences", "citations")

SEP = "|"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f": {self.value!r}"
        return f"{where}{value}: {self.message}"


class DataError(ValueError):
    """Invalid data package; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{lines}")


def split_list(value: str | None) -> list[str]:
    """Split a '|'-separated cell into ids.

    >>> split_list("a|b| c")
    ['a', 'b', 'c']
    >>> split_list("")
    []
    """
    if not value:
        return []
    return [part.strip() for part in value.split(SEP) if part.strip()]


def _convert(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert a non-empty cell to its field type; return (value, error)."""
    ftype = field.get("type", "string")
    if ftype == "string":
        return value, None
    if ftype == "integer":
        if re.fullmatch(r"[+-]?\d+", value):
            return int(value), None
        return None, "expected a whole number"
    if ftype == "number":
        try:
            return float(value), None
        except ValueError:
            return None, "expected a number"
    if ftype == "boolean":
        trues = field.get("trueValues", ["true", "True", "TRUE", "1"])
        falses = field.get("falseValues", ["false", "False", "FALSE", "0"])
        if value in trues:
            return True, None
        if value in falses:
            return False, None
        return None, f"expected one of {', '.join(trues + falses)}"
    return value, None


def _check_constraints(value: Any, raw: str, field: dict[str, Any]) -> str | None:
    cons = field.get("constraints", {})
    if "enum" in cons and raw not in cons["enum"]:
        return "expected one of " + ", ".join(repr(e) for e in cons["enum"])
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        return f"expected text matching the pattern {cons['pattern']}"
    if "minimum" in cons and value < cons["minimum"]:
        return f"expected at least {cons['minimum']}"
    if "maximum" in cons and value > cons["maximum"]:
        return f"expected at most {cons['maximum']}"
    return None


def _read_descriptor(data_dir: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    path = data_dir / "datapackage.json"
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), "not a folder; expected a data package folder")]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(str(path), "file not found; expected the data package descriptor")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), f"unreadable ({exc.__class__.__name__}); expected UTF-8 JSON")]
    try:
        desc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(str(path), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        return None, [Problem(str(path), "expected a JSON object with a 'resources' list")]
    problems = []
    names = set()
    for i, res in enumerate(desc["resources"]):
        if not isinstance(res, dict) or not res.get("name") or not res.get("path"):
            problems.append(Problem(str(path), f"resource #{i + 1}: expected an object with 'name' and 'path'"))
            continue
        if not isinstance(res.get("schema"), dict) or not isinstance(res["schema"].get("fields"), list):
            problems.append(Problem(str(path), f"resource '{res['name']}': expected a 'schema' with 'fields'"))
            continue
        names.add(res["name"])
    for name in REQUIRED_TABLES:
        if name not in names:
            problems.append(Problem(str(path), f"missing resource '{name}'; expected the tables {', '.join(REQUIRED_TABLES)}"))
    return (None if problems else desc), problems


def _read_table(data_dir: Path, res: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read one CSV resource into typed rows (each with its ``_row`` number)."""
    path = data_dir / res["path"]
    fname = str(path)
    fields = res["schema"]["fields"]
    try:
        raw = path.read_bytes()
    except OSError:
        return [], [Problem(fname, f"file not found; expected the CSV of table '{res['name']}'")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(fname, f"byte {raw[exc.start]:#04x} is not UTF-8; expected a UTF-8 file", row=line)]
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(fname, f"malformed CSV header: {exc}", row=1)]
    expected = [f["name"] for f in fields]
    if header is None:
        return [], [Problem(fname, "empty file; expected a header row: " + ",".join(expected), row=1)]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        msg = "header does not match the schema"
        if missing:
            msg += "; missing column(s) " + ", ".join(missing)
        if extra:
            msg += "; unknown column(s) " + ", ".join(extra)
        return [], [Problem(fname, msg + "; expected " + ",".join(expected), row=1)]
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
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(fname, f"has {len(cells)} cells; expected {len(header)} (one per column)", row=rownum)
            )
            continue
        record: dict[str, Any] = {"_row": rownum}
        for name, cell in zip(header, cells):
            field = next(f for f in fields if f["name"] == name)
            cell = cell.strip()
            if not cell:
                if field.get("constraints", {}).get("required"):
                    problems.append(Problem(fname, "required; expected a value", rownum, name, ""))
                record[name] = None
                continue
            value, err = _convert(cell, field)
            err = err or _check_constraints(value, cell, field)
            if err:
                problems.append(Problem(fname, err, rownum, name, cell))
                value = None
            record[name] = value
        rows.append(record)
    return rows, problems


def _check_keys(desc: dict[str, Any], tables: dict[str, list[dict]], files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    keys: dict[str, set] = {}
    for res in desc["resources"]:
        name, schema = res["name"], res["schema"]
        rows = tables.get(name, [])
        for field in schema["fields"]:
            if field.get("constraints", {}).get("unique"):
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
        pk = schema.get("primaryKey")
        if isinstance(pk, str):
            pk = [pk]
        if pk:
            seen_pk: dict[tuple, int] = {}
            for r in rows:
                k = tuple(r.get(c) for c in pk)
                if None in k:
                    continue
                if k in seen_pk and len(pk) > 1:
                    problems.append(Problem(files[name], f"duplicate primary key ({', '.join(pk)}); first used in row {seen_pk[k]}",
                                            r["_row"], pk[0], "|".join(map(str, k))))
                seen_pk.setdefault(k, r["_row"])
            keys[name] = set(seen_pk)
    for res in desc["resources"]:
        name = res["name"]
        for fk in res["schema"].get("foreignKeys", []):
            cols = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            target = fk["reference"]["resource"] or name
            tcols = fk["reference"]["fields"]
            tcols = [tcols] if isinstance(tcols, str) else tcols
            valid = {tuple(r.get(c) for c in tcols) for r in tables.get(target, [])}
            for r in tables.get(name, []):
                k = tuple(r.get(c) for c in cols)
                if None in k or k in valid:
                    continue
                problems.append(Problem(files[name], f"no such id in table '{target}' ({files.get(target, target)})",
                                        r["_row"], cols[0], "|".join(map(str, k))))
    return problems


def _check_semantics(tables: dict[str, list[dict]], files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    ids = {t: {r["id"] for r in tables.get(t, []) if r.get("id")} for t in (*NODE_TABLES, "influences")}
    # ids unique across node tables
    owner: dict[str, str] = {}
    for t in NODE_TABLES:
        for r in tables.get(t, []):
            i = r.get("id")
            if i is None:
                continue
            if i in owner and owner[i] != t:
                problems.append(Problem(files[t], f"id already used in table '{owner[i]}'; expected ids unique across tables",
                                        r["_row"], "id", i))
            owner.setdefault(i, t)
    # '|'-separated references
    for (t, col), target in LIST_REFERENCES.items():
        for r in tables.get(t, []):
            for part in split_list(r.get(col)):
                if part not in ids[target]:
                    problems.append(Problem(files[t], f"no such id in table '{target}' ({files[target]})", r["_row"], col, part))
    # factors: theme/subtheme structure and levels
    factors = {r["id"]: r for r in tables.get("factors", []) if r.get("id")}
    for r in factors.values():
        parent = factors.get(r.get("parent") or "")
        if r.get("kind") == "theme" and r.get("parent"):
            problems.append(Problem(files["factors"], "a theme has no parent; expected an empty cell or kind 'subtheme'",
                                    r["_row"], "parent", r["parent"]))
        if r.get("kind") == "subtheme" and not r.get("parent"):
            problems.append(Problem(files["factors"], "a sub-theme needs the id of its parent theme", r["_row"], "parent", ""))
        if parent is not None and r.get("level") and parent.get("level") and r["level"] != parent["level"]:
            problems.append(Problem(files["factors"], f"sub-theme at level '{r['level']}' but its theme '{parent['id']}' is "
                                    f"at '{parent['level']}'; expected the theme's level", r["_row"], "level", r["level"]))
    problems += _cycles(factors, files["factors"])
    problems += _cycles({r["id"]: r for r in tables.get("study_themes", []) if r.get("id")}, files["study_themes"])
    for r in tables.get("influences", []):
        if r.get("source") and r.get("source") == r.get("target"):
            problems.append(Problem(files["influences"], "an influence needs two different factors", r["_row"], "target", r["target"]))
        if r.get("id") and r.get("source") and r.get("target") and r["id"] != f"{r['source']}--{r['target']}":
            problems.append(Problem(files["influences"], f"expected the id '{r['source']}--{r['target']}' (SOURCE--TARGET)",
                                    r["_row"], "id", r["id"]))
    for r in tables.get("evidence", []):
        if not r.get("factors") and not r.get("influences"):
            problems.append(Problem(files["evidence"], "evidence must name at least one factor or influence", r["_row"], "factors", ""))
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["evidence"], "countries given without a basis; expected 'text' or 'setting'",
                                    r["_row"], "country_basis", ""))
    for r in tables.get("gaps", []):
        if not r.get("factors") and not r.get("levels"):
            problems.append(Problem(files["gaps"], "a gap must name at least one factor or level", r["_row"], "factors", ""))
    for r in tables.get("studies", []):
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["studies"], "countries given without a basis; expected 'text' or 'title'",
                                    r["_row"], "country_basis", ""))
    return problems


def _cycles(nodes: dict[str, dict], fname: str) -> list[Problem]:
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
    """Read and validate the data package in *data_dir*.

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
    DataError listing every problem found.

    Examples
    --------
    >>> from graph.load import DEFAULT_DATA_DIR
    >>> desc, tables = read_package(DEFAULT_DATA_DIR)
    >>> sorted(r["id"] for r in tables["levels"])
    ['macro', 'meso', 'micro']
    """
    data_dir = Path(data_dir)
    desc, problems = _read_descriptor(data_dir)
    if desc is None:
        raise DataError(problems)
    tables: dict[str, list[dict]] = {}
    files: dict[str, str] = {}
    for res in desc["resources"]:
        files[res["name"]] = str(data_dir / res["path"])
        rows, probs = _read_table(data_dir, res)
        tables[res["name"]] = rows
        problems += probs
    problems += _check_keys(desc, tables, files)
    problems += _check_semantics(tables, files)
    if problems:
        raise DataError(problems)
    return desc, tables


def validate_package(data_dir: str | Path) -> list[Problem]:
    """Return every problem in the data package at *data_dir* (empty when valid).

    >>> from graph.load import DEFAULT_DATA_DIR
    >>> validate_package(DEFAULT_DATA_DIR)
    []
    """
    try:
        read_package(data_dir)
    except DataError as err:
        return err.problems
    return []
