"""The descriptor, ``datapackage.json``: its shape, its Table Schemas, and the tables and columns the graph needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.data import caps
from graph.data.files import open_inside, path_problem
from graph.data.patterns import pattern_problem
from graph.data.problems import CONTROL, Problem

__all__ = ["CORE_COLUMNS", "FIELD_TYPES", "ID_PATTERNS", "LIST_REFERENCES", "NODE_TABLES", "OPTIONAL_TABLES", "REFERENCES",
           "REQUIRED_TABLES", "field_names", "json_depth", "read_descriptor"]

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

#: The pattern every ``id`` of a table the graph is built from must match, whatever the schema says (one of
#: :data:`~graph.data.patterns.KNOWN_PATTERNS`): ids go into addresses, file names and selectors, where a ',',
#: '>' or space would break them.
ID_PATTERNS: dict[str, str] = {
    "levels": r"[a-z][a-z0-9-]*", "factors": r"[a-z][a-z0-9-]*", "study_themes": r"[a-z][a-z0-9-]*",
    "countries": r"[A-Z]{2}", "studies": r"[a-z0-9][a-z0-9-]*", "influences": r"[a-z][a-z0-9-]*--[a-z][a-z0-9-]*",
    "evidence": r"ev-[a-z0-9-]+", "gaps": r"gap-[a-z0-9-]+", "strategies": r"strat-[a-z0-9-]+",
}


def json_depth(obj: Any) -> int:
    """Nesting depth of parsed JSON, without recursion.

    >>> json_depth({"a": [1, {"b": []}]})
    4
    """
    deepest, stack = 0, [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if isinstance(o, dict | list):
            deepest = max(deepest, d)
            stack.extend((v, d + 1) for v in (o.values() if isinstance(o, dict) else o))
    return deepest


def read_descriptor(root: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    path = str(root / "datapackage.json")
    if not root.is_dir():
        return None, [Problem(str(root), "not a folder; expected a data package folder")]
    raw, why = open_inside(root, "datapackage.json", caps.MAX_DESCRIPTOR_BYTES, "datapackage.json")
    if raw is None:
        if why == "file not found":
            why = "file not found; expected the data package descriptor"
        return None, [Problem(path, why)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, f"unreadable ({exc.__class__.__name__}); expected UTF-8 JSON")]
    doubled: dict[str, None] = {}
    try:
        desc = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, doubled))
    except json.JSONDecodeError as exc:
        return None, [Problem(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    except RecursionError:
        return None, [Problem(path, f"nested too deeply; expected JSON at most {caps.MAX_JSON_DEPTH} levels deep")]
    except ValueError as exc:  # a number of thousands of digits
        return None, [Problem(path, f"invalid JSON: {str(exc).split(':')[0]}; expected ordinary numbers")]
    if json_depth(desc) > caps.MAX_JSON_DEPTH:
        return None, [Problem(path, f"nested too deeply; expected JSON at most {caps.MAX_JSON_DEPTH} levels deep")]
    if doubled:
        keys = ", ".join(json.dumps(k)[:60] for k in list(doubled)[:20]) + (" …" if len(doubled) > 20 else "")
        return None, [Problem(path, f"duplicate key(s) {keys} in one object; expected each key once in an object "
                              "(a JSON reader keeps only one of them)")]
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        return None, [Problem(path, "expected a JSON object with a 'resources' list")]
    if len(desc["resources"]) > caps.MAX_RESOURCES:
        return None, [Problem(path, f"{len(desc['resources']):,} resources; expected at most {caps.MAX_RESOURCES:,} "
                              "tables")]
    problems = [Problem(path, f"'{key}' contains the control character U+{ord(m.group()):04X}; expected plain text",
                        value=str(desc[key]))
                for key in ("name", "title", "version", "description")
                if isinstance(desc.get(key), str) and (m := CONTROL.search(desc[key]))]
    problems += [Problem(path, f"'{key}' is {type(desc[key]).__name__}; expected a string")
                 for key in ("name", "title", "version") if key in desc and not isinstance(desc[key], str)]
    problems += _check_resources(path, desc["resources"])
    return (None if problems else desc), problems


def _object(pairs: list[tuple[str, Any]], doubled: dict[str, None]) -> dict[str, Any]:
    """One JSON object from its *pairs*; a key given twice is added to *doubled* (JSON would silently keep the last).

    >>> seen = {}
    >>> _object([("a", 1), ("a", 2), ("b", 3)], seen), list(seen)
    ({'a': 2, 'b': 3}, ['a'])
    """
    obj = dict(pairs)
    if len(obj) != len(pairs):
        keys = set()
        for key, _ in pairs:
            if key in keys:
                doubled[key] = None
            keys.add(key)
    return obj


def field_names(value: Any) -> list[str] | None:
    """A field list given as one name or a list of names, each once and at most
    :data:`~graph.data.caps.MAX_COLUMNS`; None when malformed.

    >>> field_names("id"), field_names(["a", "b"]), field_names(7), field_names([]), field_names(["a", "a"])
    (['id'], ['a', 'b'], None, None, None)
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and 0 < len(value) <= caps.MAX_COLUMNS and all(isinstance(v, str) for v in value) \
            and len(set(value)) == len(value):
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
        elif len(field.get(key, ())) > caps.MAX_ENUM_VALUES:
            out.append(f"{where}: '{key}' has {len(field[key]):,} values; expected at most {caps.MAX_ENUM_VALUES:,}")
    cons = field.get("constraints", {})
    if not isinstance(cons, dict):
        return [*out, f"{where}: 'constraints' expected an object"]
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            out.append(f"{where}: constraint '{key}' expected true or false")
    if "enum" in cons and (not isinstance(cons["enum"], list) or not all(isinstance(v, str) for v in cons["enum"])):
        out.append(f"{where}: constraint 'enum' expected a list of strings")
    elif len(cons.get("enum", ())) > caps.MAX_ENUM_VALUES:
        out.append(f"{where}: constraint 'enum' has {len(cons['enum']):,} values; expected at most "
                   f"{caps.MAX_ENUM_VALUES:,}")
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
        if why := path_problem(res["path"]):
            msgs.append(f"{where}: {why}")
        if res["name"] in fields_of:
            msgs.append(f"{where}: duplicate resource name; expected each table once")
            continue
        schema = res.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            msgs.append(f"{where}: expected a 'schema' with 'fields'")
            continue
        if len(schema["fields"]) > caps.MAX_COLUMNS:
            msgs.append(f"{where}: {len(schema['fields']):,} fields; expected at most {caps.MAX_COLUMNS:,} columns "
                        "(its fields are not checked one by one)")
        else:
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
            pk = field_names(schema["primaryKey"])
            if pk is None or any(c not in own for c in pk):
                msgs.append(f"{where}: primaryKey {json.dumps(schema['primaryKey'])[:60]}; expected names of its fields, "
                            "each once")
        fks = schema.get("foreignKeys", [])
        if not isinstance(fks, list):
            msgs.append(f"{where}: 'foreignKeys' expected a list")
            continue
        if len(fks) > caps.MAX_COLUMNS:
            msgs.append(f"{where}: {len(fks):,} foreign keys; expected at most {caps.MAX_COLUMNS:,}")
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
    cols, ref = field_names(fk.get("fields")), fk["reference"]
    target = ref.get("resource", "")
    tcols = field_names(ref.get("fields"))
    if not isinstance(target, str) or (target or name) not in fields_of:
        return [f"{where}: reference to resource {json.dumps(target)[:40]}; expected one of {', '.join(fields_of)}"]
    if cols is None or any(c not in fields_of[name] for c in cols):
        return [f"{where}: 'fields' {json.dumps(fk.get('fields'))[:60]}; expected names of the table's fields, each once"]
    if tcols is None or len(tcols) != len(cols) or any(c not in fields_of[target or name] for c in tcols):
        why = f"expected as many names of fields of '{target or name}'"
        return [f"{where}: reference 'fields' {json.dumps(ref.get('fields'))[:60]}; {why}"]
    return []
