"""Hostile and malformed data packages: every one is a list of problems (exit 1), never a traceback, hang or crash.

Each package is a copy of the bundled ``data/`` broken in one way. ``pswgraph validate``
and :func:`graph.load_graph` must agree on it: the same problems, in the same order.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from pathlib import Path

import pytest
from test_validate import CASES as BASIC_CASES
from test_validate import _append, _edit, _evidence

import graph
from graph.cli.commands import main
from graph.data import caps as data_caps
from graph.data import patterns, tables, validate


def _desc(d: Path) -> dict:
    return json.loads((d / "datapackage.json").read_text(encoding="utf-8"))


def _save(d: Path, desc: dict) -> None:
    (d / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _resource(desc: dict, name: str) -> dict:
    return next(r for r in desc["resources"] if r["name"] == name)


def _field(desc: dict, table: str, name: str) -> dict:
    return next(f for f in _resource(desc, table)["schema"]["fields"] if f["name"] == name)


def _change(table: str, key: str, value) -> callable:
    """A breakage that sets *key* of resource *table* to *value*."""
    def breakage(d: Path) -> None:
        desc = _desc(d)
        _resource(desc, table)[key] = value
        _save(d, desc)
    breakage.__name__ = f"_{table}_{key}_{type(value).__name__}"
    return breakage


def _constraint(table: str, field: str, key: str, value) -> callable:
    """A breakage that sets the constraint *key* of *table*.*field* to *value*."""
    def breakage(d: Path) -> None:
        desc = _desc(d)
        _field(desc, table, field).setdefault("constraints", {})[key] = value
        _save(d, desc)
    breakage.__name__ = f"_{table}_{field}_{key}_{type(value).__name__}"
    return breakage


def _refused(table: str, field: str, pattern) -> tuple:
    """A case: *table*.*field* given the ``pattern`` *pattern*, refused as unknown, naming the table and field."""
    return (_constraint(table, field, "pattern", pattern), "datapackage.json",
            f"resource '{table}', field '{field}': constraint 'pattern' {json.dumps(pattern)[:80]} {UNKNOWN}", {})


UNKNOWN = (f"is not a pattern pswgraph knows; expected one of the {len(patterns.KNOWN_PATTERNS)} patterns in "
           "graph/data/patterns.py")


# --- control characters ------------------------------------------------------------------------

def _nul_in_quote(d):
    _evidence(d, quote="a quote\x00with a NUL")


def _vertical_tab_in_label(d):
    _edit(d / "factors.csv", "Political commitment", "Political\x0bcommitment")


def _escape_in_country_name(d):
    _edit(d / "countries.csv", "Sweden", "Swe\x1bden")


def _c1_control_in_title(d):
    _edit(d / "levels.csv", "Macro level", "Macro\x85level")


def _trailing_form_feed(d):
    _evidence(d, paraphrase="A claim.\x0c")


def _bell_in_descriptor_title(d):
    desc = _desc(d)
    desc["title"] += "\x07"
    _save(d, desc)


# --- where files may be ------------------------------------------------------------------------

def _fifo(d):
    (d / "levels.csv").unlink()
    os.mkfifo(d / "levels.csv")


def _symlink_out(d):
    outside = d.parent / "outside.csv"
    outside.write_bytes((d / "levels.csv").read_bytes())
    (d / "levels.csv").unlink()
    (d / "levels.csv").symlink_to(outside)


def _symlink_to_dev_zero(d):
    (d / "levels.csv").unlink()
    (d / "levels.csv").symlink_to("/dev/zero")


def _path_is_folder(d):
    (d / "sub").mkdir()
    _change("levels", "path", "sub")(d)


def _descriptor_is_fifo(d):
    (d / "datapackage.json").unlink()
    os.mkfifo(d / "datapackage.json")


def _descriptor_is_folder(d):
    (d / "datapackage.json").unlink()
    (d / "datapackage.json").mkdir()


def _descriptor_symlink_out(d):
    outside = d.parent / "datapackage.json"
    outside.write_bytes((d / "datapackage.json").read_bytes())
    (d / "datapackage.json").unlink()
    (d / "datapackage.json").symlink_to(outside)


# --- malformed descriptor ----------------------------------------------------------------------

def _not_json_at_all(d):
    (d / "datapackage.json").write_text("name: pswgraph\nresources: levels.csv\n", encoding="utf-8")


def _binary_descriptor(d):
    (d / "datapackage.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def _deep_nesting(d):
    (d / "datapackage.json").write_text('{"resources": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")


def _nested_past_the_cap(d):
    desc = _desc(d)
    desc["extra"] = json.loads("[" * 40 + "]" * 40)
    _save(d, desc)


def _number_of_5000_digits_in_descriptor(d):
    text = (d / "datapackage.json").read_text(encoding="utf-8")
    (d / "datapackage.json").write_text(text.replace('"minimum": 1,', '"minimum": ' + "1" * 5000 + ",", 1), encoding="utf-8")


def _json_array(d):
    (d / "datapackage.json").write_text("[]", encoding="utf-8")


def _resources_an_object(d):
    desc = _desc(d)
    desc["resources"] = {"levels": "levels.csv"}
    _save(d, desc)


def _version_a_number(d):
    desc = _desc(d)
    desc["version"] = 3
    _save(d, desc)


def _field_not_object(d):
    desc = _desc(d)
    _resource(desc, "factors")["schema"]["fields"].append("oops")
    _save(d, desc)


def _field_name_an_object(d):
    desc = _desc(d)
    _field(desc, "factors", "aliases")["name"] = {"aliases": True}
    _save(d, desc)


def _duplicate_field(d):
    desc = _desc(d)
    fields = _resource(desc, "levels")["schema"]["fields"]
    fields.append(dict(fields[1]))
    _save(d, desc)


def _unknown_type(d):
    desc = _desc(d)
    _field(desc, "levels", "rank")["type"] = "integre"
    _save(d, desc)


def _constraints_not_object(d):
    desc = _desc(d)
    _field(desc, "factors", "kind")["constraints"] = "required"
    _save(d, desc)


def _rank_a_number(d):
    desc = _desc(d)
    _field(desc, "levels", "rank")["type"] = "number"
    _save(d, desc)


def _missing_core_field(d):
    desc = _desc(d)
    res = _resource(desc, "factors")
    res["schema"]["fields"] = [f for f in res["schema"]["fields"] if f["name"] != "parent"]
    res["schema"]["foreignKeys"] = [fk for fk in res["schema"]["foreignKeys"] if fk["fields"] != "parent"]
    _save(d, desc)


def _core_field_not_required(d):
    desc = _desc(d)
    del _field(desc, "factors", "level")["constraints"]["required"]
    _save(d, desc)


def _foreign_key_without_reference(d):
    desc = _desc(d)
    _resource(desc, "factors")["schema"]["foreignKeys"][0] = {"fields": "parent"}
    _save(d, desc)


def _foreign_key_to_unknown_resource(d):
    desc = _desc(d)
    _resource(desc, "factors")["schema"]["foreignKeys"][1]["reference"]["resource"] = "nowhere"
    _save(d, desc)


def _foreign_key_unknown_field(d):
    desc = _desc(d)
    _resource(desc, "factors")["schema"]["foreignKeys"][1]["fields"] = ["nope"]
    _save(d, desc)


def _foreign_key_fields_a_number(d):
    desc = _desc(d)
    _resource(desc, "influences")["schema"]["foreignKeys"][0]["reference"]["fields"] = 7
    _save(d, desc)


def _primary_key_unknown_field(d):
    desc = _desc(d)
    _resource(desc, "levels")["schema"]["primaryKey"] = ["nope"]
    _save(d, desc)


def _duplicate_resource_name(d):
    desc = _desc(d)
    desc["resources"].append(dict(_resource(desc, "levels")))
    _save(d, desc)


def _resource_name_a_number(d):
    desc = _desc(d)
    desc["resources"][0]["name"] = 7
    _save(d, desc)


def _undeclared_foreign_key(d):
    desc = _desc(d)
    del _resource(desc, "factors")["schema"]["foreignKeys"]
    _save(d, desc)
    _edit(d / "factors.csv", "Policy mandates,subtheme,regulatory-political,macro,",
          "Policy mandates,subtheme,regulatory-political,mezo,")


def _control_character_in_field_name(d):
    desc = _desc(d)
    _resource(desc, "factors")["schema"]["fields"].append({"name": "note\x0b", "type": "string"})
    _save(d, desc)


def _control_character_in_resource_name(d):
    desc = _desc(d)
    desc["resources"].append({"name": "extra\x00", "path": "levels.csv", "schema": _resource(desc, "levels")["schema"]})
    _save(d, desc)


# --- values and tables -------------------------------------------------------------------------

def _year_of_5000_digits(d):
    _append(d / "studies.csv", "big-2020,Big 2020,," + "9" * 5000 + ",A title,,,,,,,,,,,,false,")


def _rank_of_30_digits(d):
    _edit(d / "levels.csv", "macro,Macro level,1,", "macro,Macro level," + "1" * 30 + ",")


def _number_not_finite(d):
    desc = _desc(d)
    _field(desc, "levels", "rank")["type"] = "integer"
    _save(d, desc)
    _edit(d / "levels.csv", "macro,Macro level,1,", "macro,Macro level,1e999,")


def _duplicate_header_column(d):
    _edit(d / "levels.csv", "id,label,rank,description", "id,label,rank,description,label")


def _empty_table(d):
    (d / "levels.csv").write_bytes(b"")


def _subtheme_under_subtheme(d):
    _edit(d / "factors.csv", "political-commitment,Political commitment,subtheme,regulatory-political,",
          "political-commitment,Political commitment,subtheme,policy-mandates,")


def _theme_with_parent(d):
    _edit(d / "factors.csv", "economic-financial,Economic and financial factors,theme,,",
          "economic-financial,Economic and financial factors,theme,regulatory-political,")


def _subtheme_without_parent(d):
    _edit(d / "factors.csv", "political-commitment,Political commitment,subtheme,regulatory-political,",
          "political-commitment,Political commitment,subtheme,,")


def _influence_on_itself(d):
    _append(d / "influences.csv", "stigma--stigma,stigma,stigma,mirbahaeddin-2022,text,")


def _study_theme_cycle(d):
    _append(d / "study_themes.csv", "st-loop-a,grim-2022,Loop A,theme,st-loop-b,,")
    _append(d / "study_themes.csv", "st-loop-b,grim-2022,Loop B,theme,st-loop-a,,")


def _study_countries_without_basis(d):
    _append(d / "studies.csv", "nobasis-2020,No basis 2020,,2020,A title,,,,,,,,,,SE,,false,")


def _missing_factors_table(d):
    (d / "factors.csv").unlink()


def _unreadable_factors_header(d):
    _edit(d / "factors.csv", "id,label,kind,", "ident,label,kind,")


# (breakage, file named in the message, words the message must contain, caps lowered for the case)
CASES = [
    (_nul_in_quote, "evidence.csv", "U+0000", {}),
    (_vertical_tab_in_label, "factors.csv", "U+000B", {}),
    (_escape_in_country_name, "countries.csv", "U+001B", {}),
    (_c1_control_in_title, "levels.csv", "U+0085", {}),
    (_trailing_form_feed, "evidence.csv", "U+000C", {}),
    (_bell_in_descriptor_title, "datapackage.json", "U+0007", {}),
    (_change("levels", "path", "../../etc/passwd"), "datapackage.json", "goes up with '..'", {}),
    (_change("levels", "path", "/etc/passwd"), "datapackage.json", "is absolute", {}),
    (_change("levels", "path", "/dev/zero"), "datapackage.json", "is absolute", {}),
    (_change("levels", "path", "C:\\data\\levels.csv"), "datapackage.json", "is absolute", {}),
    (_change("levels", "path", "sub\\levels.csv"), "datapackage.json", "uses '\\'", {}),
    (_control_character_in_field_name, "datapackage.json", "'note\\x0b': the name holds a control character", {}),
    (_control_character_in_resource_name, "datapackage.json", "'extra\\x00': the name holds a control character", {}),
    (_change("levels", "path", ["levels.csv"]), "datapackage.json", "'path' strings", {}),
    (_change("levels", "path", 42), "datapackage.json", "'path' strings", {}),
    (_change("levels", "path", ""), "datapackage.json", "'path' strings", {}),
    (_fifo, "levels.csv", "not a regular file", {}),
    (_symlink_out, "levels.csv", "leads outside the package folder", {}),
    (_symlink_to_dev_zero, "levels.csv", "leads outside the package folder", {}),
    (_path_is_folder, "sub", "not a regular file", {}),
    (_descriptor_is_fifo, "datapackage.json", "not a regular file", {}),
    (_descriptor_is_folder, "datapackage.json", "not a regular file", {}),
    (_descriptor_symlink_out, "datapackage.json", "leads outside the package folder", {}),
    (lambda d: None, "evidence.csv", "bytes; expected at most 10,000", {"MAX_FILE_BYTES": 10_000}),
    (lambda d: None, "datapackage.json", "bytes; expected at most 1,000", {"MAX_DESCRIPTOR_BYTES": 1_000}),
    (lambda d: _evidence(d, quote="q" * 300), "evidence.csv", "300 characters; expected at most 200",
     {"MAX_FIELD_CHARS": 200}),
    (lambda d: None, "evidence.csv", "more than 100 rows", {"MAX_ROWS": 100}),
    _refused("countries", "id", "([A-Z]+)+"),
    _refused("factors", "label", "(\\w+\\s?)+"),
    _refused("levels", "label", "(a|ab|b)*c"),
    _refused("levels", "label", "(a?)*"),
    _refused("levels", "label", ".*a.*a.*a"),
    _refused("evidence", "quote", "(a*)(a*)(a*)c"),
    _refused("evidence", "quote", "(.*)(.*)(.*)c"),
    _refused("evidence", "quote", "(a*)(a*)(a*)(a*)(a*)(a*)c"),
    _refused("countries", "id", "([A-Z])\\1"),
    _refused("countries", "id", "(?=[A-Z])[A-Z]{2}"),
    _refused("countries", "id", "[A-Z]{2}" + "|xy" * 300),
    _refused("countries", "id", "[A-Z"),
    _refused("countries", "id", "^[A-Z]{2}$"),  # a known pattern, but not as written
    _refused("levels", "rank", "[0-9]+"),  # harmless, but not known
    _refused("countries", "id", 12),
    _refused("countries", "id", ["[A-Z]{2}"]),
    (_constraint("countries", "id", "enum", "SE"), "datapackage.json", "'enum' expected a list", {}),
    (_constraint("levels", "rank", "minimum", "one"), "datapackage.json", "'minimum' expected a number", {}),
    (_constraint("levels", "rank", "required", "yes"), "datapackage.json", "'required' expected true or false", {}),
    (lambda d: None, "evidence.csv", "expected at most 12 characters matching the pattern",
     {"MAX_PATTERN_VALUE_CHARS": 12}),
    (_not_json_at_all, "datapackage.json", "invalid JSON", {}),
    (_binary_descriptor, "datapackage.json", "expected UTF-8 JSON", {}),
    (_deep_nesting, "datapackage.json", "nested too deeply", {}),
    (_nested_past_the_cap, "datapackage.json", "nested too deeply", {}),
    (_number_of_5000_digits_in_descriptor, "datapackage.json", "expected ordinary numbers", {}),
    (_json_array, "datapackage.json", "'resources' list", {}),
    (_resources_an_object, "datapackage.json", "'resources' list", {}),
    (_version_a_number, "datapackage.json", "'version' is int", {}),
    (_field_not_object, "datapackage.json", "expected an object with a 'name' string", {}),
    (_field_name_an_object, "datapackage.json", "expected an object with a 'name' string", {}),
    (_change("factors", "name", ["factors"]), "datapackage.json", "'name' and 'path' strings", {}),
    (_duplicate_field, "datapackage.json", "duplicate field name", {}),
    (_unknown_type, "datapackage.json", "expected one of string, integer", {}),
    (_constraints_not_object, "datapackage.json", "'constraints' expected an object", {}),
    (_rank_a_number, "datapackage.json", "expected type integer", {}),
    (_missing_core_field, "datapackage.json", "no field 'parent'", {}),
    (_core_field_not_required, "datapackage.json", "expected the constraint required: true", {}),
    (_foreign_key_without_reference, "datapackage.json", "expected an object with 'fields' and 'reference'", {}),
    (_foreign_key_to_unknown_resource, "datapackage.json", "reference to resource \"nowhere\"", {}),
    (_foreign_key_unknown_field, "datapackage.json", "expected names of the table's fields", {}),
    (_foreign_key_fields_a_number, "datapackage.json", "reference 'fields' 7", {}),
    (_primary_key_unknown_field, "datapackage.json", "primaryKey", {}),
    (_duplicate_resource_name, "datapackage.json", "duplicate resource name", {}),
    (_resource_name_a_number, "datapackage.json", "'name' and 'path' strings", {}),
    (_undeclared_foreign_key, "factors.csv", "no such id in table 'levels'", {}),
    (_year_of_5000_digits, "studies.csv", "at most 18 digits", {}),
    (_rank_of_30_digits, "levels.csv", "at most 18 digits", {}),
    (_number_not_finite, "levels.csv", "expected a whole number", {}),
    (_duplicate_header_column, "levels.csv", "duplicate column(s) label", {}),
    (_empty_table, "levels.csv", "empty file", {}),
    (_subtheme_under_subtheme, "factors.csv", "is itself a sub-theme", {}),
    (_theme_with_parent, "factors.csv", "a theme has no parent", {}),
    (_subtheme_without_parent, "factors.csv", "needs the id of its parent theme", {}),
    (_influence_on_itself, "influences.csv", "two different factors", {}),
    (_study_theme_cycle, "study_themes.csv", "cycle", {}),
    (_study_countries_without_basis, "studies.csv", "without a basis", {}),
    (_missing_factors_table, "factors.csv", "references to the missing table 'factors'", {}),
    (_unreadable_factors_header, "factors.csv", "references to the unreadable table 'factors'", {}),
]

IDS = [c[0].__name__.strip("_") if c[0].__name__ != "<lambda>" else "cap-" + "-".join(c[3]) for c in CASES]
IDS = [f"{name}-{i}" if IDS.count(name) > 1 else name for i, name in enumerate(IDS)]


@pytest.mark.parametrize("breakage,fname,words,caps", CASES, ids=IDS)
def test_hostile_package_is_a_list_of_problems(data_copy, capsys, monkeypatch, breakage, fname, words, caps):
    for name, value in caps.items():
        monkeypatch.setattr(data_caps, name, value)
    breakage(data_copy)
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.out.splitlines() if fname in line]
    assert lines, captured.out
    assert any(words in line for line in lines), captured.out
    assert "Traceback" not in captured.out + captured.err
    with pytest.raises(graph.DataError) as err:  # load_graph agrees with validate, problem for problem
        graph.load_graph(data_copy)
    assert validate.format_problems(err.value.problems) == captured.out.splitlines()


def test_at_least_60_distinct_broken_packages():
    assert len(CASES) + len(BASIC_CASES) >= 60
    assert len(set(IDS)) == len(IDS)


def test_missing_table_root_cause_first_follow_ons_counted(data_copy, capsys):
    _missing_factors_table(data_copy)
    assert main(["validate", str(data_copy)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "factors.csv: file not found" in lines[0]
    assert re.search(r"… and [0-9,]{5,} references to the missing table 'factors'", lines[1]), lines[1]
    assert len(lines) < 10, lines


def test_output_capped(data_copy, capsys):
    with (data_copy / "levels.csv").open("a", encoding="utf-8") as fh:
        fh.writelines(f"x{i},Level {i},one,desc\n" for i in range(20_000))
    assert main(["validate", str(data_copy)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == validate.MAX_LISTED_PROBLEMS + 1
    assert lines[-1] == "… 19,000 more problems"
    assert "20,000 problem(s)" in captured.err


def test_validate_parses_each_table_once(data_copy, monkeypatch, capsys):
    parsed = []
    parse = tables.parse_csv
    monkeypatch.setattr(tables, "parse_csv", lambda text, fname, fields: parsed.append(fname) or parse(text, fname, fields))
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 0
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == len(_desc(data_copy)["resources"])
    assert main(["info", "--data", str(data_copy)]) == 0  # the validated package is loaded already
    assert len(parsed) == len(_desc(data_copy)["resources"])


def test_quote_longer_than_the_csv_module_limit_loads(data_copy):
    long_quote = "peer support " * 20_000  # 260,000 characters, twice csv's default field limit
    _evidence(data_copy, quote=long_quote)
    graph.clear_cache()
    assert graph.validate_package(data_copy) == []
    assert graph.load_graph(data_copy).nodes["ev-test-001"]["quote"] == long_quote.strip()
    graph.clear_cache()


def test_bundled_package_still_valid_and_unchanged():
    graph.clear_cache()
    G = graph.load_graph()
    assert graph.validate_package(graph.DEFAULT_DATA_DIR) == []
    assert G.number_of_nodes() > 900 and G.nodes["policy-mandates"]["parent"] == "regulatory-political"


CATASTROPHIC = ["(a+)+$", "(a*)*b", "(\\w+\\s?)+$", "(a|a)*", "(a|aa)+c", "(.*a){12}", "(x+x+)+y", "(\\d+|[0-9])+z",
                "a*a*a*b", ".*.*.*=.*", "([a-z]+)*\\1", "(?<=a)b", "((ab)*)*", "(a*)(a*)(a*)c", "(.*)(.*)(.*)c",
                "(a*)(a*)(a*)(a*)(a*)(a*)c", "(.*)(.*)(.*)(.*)(.*)(.*)c"]
#: Harmless, or a known pattern written another way: refused all the same (only the known ones, as written).
HARMLESS = ["[0-9]+", "^[0-9]{4}$", "10\\.[0-9]{4,9}/\\S+", "([a-z]+,)*[a-z]+", "[a-z][a-z0-9-]*$", "(?:[A-Z]{2})",
            "", 12, None, ["[A-Z]{2}"], {"pattern": "[A-Z]{2}"}]


@pytest.mark.parametrize("pattern", CATASTROPHIC + HARMLESS)
def test_unknown_pattern_refused_and_never_compiled(pattern, monkeypatch):
    def no_compile(*args, **kwargs):
        raise AssertionError("a package's pattern was compiled")
    monkeypatch.setattr(re, "compile", no_compile)
    monkeypatch.setattr(re, "fullmatch", no_compile)
    assert validate.pattern_problem(pattern) == UNKNOWN + " (README.md lists them)"
    assert patterns.known(pattern) is None


@pytest.mark.parametrize("pattern", ["(a*)(a*)(a*)c", "(.*)(.*)(.*)c", "(a*)(a*)(a*)(a*)(a*)(a*)c"])
def test_validate_refuses_a_backtracking_pattern_by_file_and_field_and_never_runs_it_on_a_long_cell(
        data_copy, capsys, monkeypatch, pattern):
    """A near miss of 200 characters would take the pattern as written minutes (six groups: forever)."""
    _constraint("evidence", "quote", "pattern", pattern)(data_copy)
    _evidence(data_copy, quote="a" * 200)
    compile_ = re._compile

    def guarded(pat, flags):
        assert pat != pattern, "the package's pattern was compiled"
        return compile_(pat, flags)

    monkeypatch.setattr(re, "_compile", guarded)
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{data_copy / 'datapackage.json'}: resource 'evidence', field 'quote': constraint 'pattern' "
                      f"{json.dumps(pattern)} {UNKNOWN} (README.md lists them)")


def test_every_bundled_pattern_known_and_every_known_pattern_bundled():
    desc = _desc(graph.DEFAULT_DATA_DIR)
    used = {f["constraints"]["pattern"] for r in desc["resources"] for f in r["schema"]["fields"]
            if "pattern" in f.get("constraints", {})}
    assert used and [p for p in used if validate.pattern_problem(p)] == []
    assert used == set(patterns.KNOWN_PATTERNS)


@pytest.mark.parametrize("known", patterns.KNOWN_PATTERNS.values(), ids=lambda k: k.name)
def test_known_pattern_linear_on_a_million_characters(known):
    """Near misses of 1,000,000 characters (far past the cap on cells tested) take well under a second each.

    A pattern that backtracks quadratically would take minutes here, exponentially forever
    (the influence-id list as written does on ``a--b--c|`` × 125 at the cap).
    """
    assert known.regex.fullmatch(known.example) and re.fullmatch(known.pattern, known.example)
    n = 1_000_000
    for unit in (known.example, known.example + "|", "a--b--c|", "a--", "a|", "a-", "AB|", "1", "ev-a|"):
        for end in ("!", "|", ""):
            text = (unit * (n // len(unit) + 1))[:n] + end
            start = time.process_time()
            known.regex.fullmatch(text)
            assert time.process_time() - start < 1.0, (unit, end)


@pytest.mark.parametrize("known", [k for k in patterns.KNOWN_PATTERNS.values() if k.safe], ids=lambda k: k.name)
def test_safe_form_matches_exactly_what_the_pattern_as_written_matches(known):
    written = re.compile(known.pattern)
    for length in range(9):
        for chars in itertools.product("a0-|", repeat=length):
            text = "".join(chars)
            assert bool(known.regex.fullmatch(text)) == bool(written.fullmatch(text)), text
    for text in ("stigma--help-seeking", "a--b--c", "a---b", "a--", "--a", "a--1", "a--b|c--d", "a--b|", "a--b--c|d--e"):
        assert bool(known.regex.fullmatch(text)) == bool(written.fullmatch(text)), text


def test_readme_states_the_caps():
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = text.split("keep any package from crashing", 1)[1].split("\n## ", 1)[0]
    mib = 1024 * 1024
    for stated in (f"{validate.MAX_DESCRIPTOR_BYTES // mib} MiB", f"{validate.MAX_JSON_DEPTH} levels",
                   f"{validate.MAX_FILE_BYTES // mib} MiB", f"{validate.MAX_ROWS:,} rows",
                   f"{validate.MAX_FIELD_CHARS:,} characters", f"{validate.MAX_INTEGER_DIGITS} digits",
                   f"one of the {len(patterns.KNOWN_PATTERNS)} patterns pswgraph knows",
                   f"| {validate.MAX_PATTERN_VALUE_CHARS:,} characters |", f"{validate.MAX_LISTED_PROBLEMS:,}, then a count"):
        assert stated in section, stated
    for known in patterns.KNOWN_PATTERNS.values():
        assert known.description.replace("`", "\\`") in section and known.pattern in section, known.name


def test_text_that_validates_exports_to_graphml(data_copy):
    """Tabs, line breaks and any printable Unicode pass validation and survive a GraphML export (lxml)."""
    from graph.export import export_graph

    _evidence(data_copy, quote="a\tquote\r\nover two lines — «ß» 中文 \U0001f600")
    graph.clear_cache()
    G = graph.load_graph(data_copy)
    assert b"over two lines" in export_graph(G, "graphml")
    graph.clear_cache()


MUTANTS = [None, 0, -1, 1.5, True, "", "x", [], {}, ["a"], {"a": 1}, "[a-z", "(a+)+", "../x", 10**30, "id", "levels",
           "integer", "parent"]
CELLS = ["", "x", "macro", "policy-mandates", "theme", "subtheme", "9" * 30, "stigma", "\x00", "a|b", '"', "SE", "1e999"]


def _json_paths(obj, path=()):
    yield path
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for key, value in items:
        yield from _json_paths(value, (*path, key))


def _mutate(d: Path, rng) -> None:
    """Replace a random value of the descriptor, or a random cell of a table, with something odd."""
    if rng.random() < 0.5:
        desc = _desc(d)
        *parents, key = rng.choice(list(_json_paths(desc))[1:])
        target = desc
        for k in parents:
            target = target[k]
        target[key] = rng.choice(MUTANTS)
        _save(d, desc)
        return
    table = rng.choice(sorted(d.glob("*.csv")))
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    i = rng.randrange(len(lines))
    cells = lines[i].rstrip("\n").split(",")
    cells[rng.randrange(len(cells))] = rng.choice(CELLS)
    lines[i] = ",".join(cells) + "\n"
    table.write_text("".join(lines), encoding="utf-8")


def test_random_mutations_give_problems_or_a_graph(tmp_path):
    """Whatever is changed, validate returns problems (never raises) and what it accepts loads and exports."""
    import random
    import shutil

    from graph.export import export_graph

    rng = random.Random(12)
    for n in range(60):
        d = tmp_path / f"m{n}"
        shutil.copytree(graph.DEFAULT_DATA_DIR, d)
        _mutate(d, rng)
        graph.clear_cache()
        if not graph.validate_package(d):
            assert export_graph(graph.load_graph(d), "graphml")
    graph.clear_cache()
