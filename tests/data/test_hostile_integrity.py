"""Issue 27: validation work linear in the input, caps refused with the cap named, and integrity a descriptor cannot drop.

Each hostile package is a copy of the bundled ``data/`` broken in one way; ``pswgraph validate``
and :func:`graph.load_graph` must agree on it, and the work is counted, never timed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_hostile_packages import _desc, _field, _resource, _save
from test_validate import _append, _edit, _evidence

import graph
from graph.cli.commands import main
from graph.data import caps as data_caps
from graph.data import cells, integrity, patterns, schema, tables, validate


def _problems(d: Path, capsys) -> list[str]:
    """The lines ``pswgraph validate`` prints for *d*, checked to be what ``load_graph`` raises, with no traceback."""
    graph.clear_cache()
    assert main(["validate", str(d)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    with pytest.raises(graph.DataError) as err:
        graph.load_graph(d)
    graph.clear_cache()
    assert validate.format_problems(err.value.problems) == captured.out.splitlines()
    return captured.out.splitlines()


def _widen_header(d: Path, extra: list[str]) -> None:
    path = d / "levels.csv"
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(head + "," + ",".join(extra) + "\n" + rest, encoding="utf-8")


# --- 1. caps on sizes, refused with the cap named ------------------------------------------------

def test_header_of_20000_columns_is_one_problem_naming_the_cap(data_copy, capsys):
    _widen_header(data_copy, [f"c{i}" for i in range(20_000)])
    lines = _problems(data_copy, capsys)
    levels = [line for line in lines if "levels.csv" in line and "references to" not in line]
    assert levels == [(f"{data_copy / 'levels.csv'}, row 1: header has 20,004 columns; expected at most "
                       f"{data_caps.MAX_COLUMNS} (the table is not read)")]
    assert len(lines) == 2  # and one line counting the references into the unread table


def test_header_of_20000_duplicate_id_columns_is_one_problem(data_copy, capsys):
    _widen_header(data_copy, ["id"] * 20_000)
    lines = [line for line in _problems(data_copy, capsys) if "levels.csv, row 1" in line]
    assert len(lines) == 1 and "expected at most 200" in lines[0]


def test_duplicate_columns_under_the_cap_named_once(data_copy, capsys, monkeypatch):
    monkeypatch.setattr(data_caps, "MAX_COLUMNS", 50_000)
    _widen_header(data_copy, ["id"] * 20_000)
    lines = [line for line in _problems(data_copy, capsys) if "levels.csv, row 1" in line]
    assert len(lines) == 1 and lines[0].count("duplicate column(s) id;") == 1, lines


def test_missing_columns_listed_at_most_20(data_copy, capsys, monkeypatch):
    monkeypatch.setattr(data_caps, "MAX_COLUMNS", 50_000)
    desc = _desc(data_copy)
    _resource(desc, "levels")["schema"]["fields"] += [{"name": f"f{i}"} for i in range(5_000)]
    _save(data_copy, desc)
    line = next(line for line in _problems(data_copy, capsys) if "levels.csv, row 1" in line)
    assert "missing column(s) f0, f1," in line and " f19 … (5,000 in all);" in line and "f20" not in line


def test_descriptor_of_20000_fields_is_one_problem_naming_the_cap(data_copy, capsys):
    desc = _desc(data_copy)
    _resource(desc, "levels")["schema"]["fields"] += [{"name": f"f{i}", "type": "?"} for i in range(20_000)]
    _save(data_copy, desc)
    assert _problems(data_copy, capsys) == [
        (f"{data_copy / 'datapackage.json'}: resource 'levels': 20,004 fields; expected at most 200 columns "
         "(its fields are not checked one by one)")]


def test_too_many_resources_refused(data_copy, capsys):
    desc = _desc(data_copy)
    desc["resources"] += [dict(_resource(desc, "levels"), name=f"t{i}") for i in range(data_caps.MAX_RESOURCES)]
    _save(data_copy, desc)
    assert _problems(data_copy, capsys) == [f"{data_copy / 'datapackage.json'}: 75 resources; expected at most 64 tables"]


@pytest.mark.parametrize("where", ["enum", "trueValues", "falseValues"])
def test_value_lists_over_the_cap_refused(data_copy, capsys, where):
    desc = _desc(data_copy)
    values = [f"v{i}" for i in range(data_caps.MAX_ENUM_VALUES + 1)]
    if where == "enum":
        _field(desc, "evidence", "polarity")["constraints"]["enum"] += values
    else:
        _field(desc, "studies", "is_source")[where] = values
    _save(data_copy, desc)
    lines = _problems(data_copy, capsys)
    assert len(lines) == 1 and "has 1,00" in lines[0] and "values; expected at most 1,000" in lines[0], lines


class _Counted(str):
    """A cell that counts how often it is compared (a list scan compares it with every entry; a set, with one)."""

    compared = 0

    def __eq__(self, other):
        _Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_enum_and_boolean_values_looked_up_in_sets():
    values = [f"v{i}" for i in range(data_caps.MAX_ENUM_VALUES)]
    enum = cells.prepare_field({"name": "x", "constraints": {"enum": values}})
    boolean = cells.prepare_field({"name": "b", "type": "boolean", "trueValues": values, "falseValues": ["no"]})
    _Counted.compared = 0
    for v in values:
        assert cells.check_constraints(_Counted(v), _Counted(v), enum) is None
        assert cells.convert(_Counted(v), boolean) == (True, None)
    assert cells.convert(_Counted("no"), boolean) == (False, None)
    assert _Counted.compared <= 2 * len(values) + 2  # a list scan: about 1,000,000


def test_long_value_lists_shortened_in_messages():
    field = cells.prepare_field({"name": "x", "constraints": {"enum": [f"v{i}" for i in range(500)]}})
    message = cells.check_constraints("w", "w", field)
    assert message.startswith("expected one of 'v0', 'v1'") and message.endswith("'v19' … (500 in all)")


# --- 3. '|' lists: each id once, at most MAX_LIST_ENTRIES ------------------------------------------

def test_id_listed_twice_in_one_cell_refused_and_named(data_copy, capsys):
    _evidence(data_copy, factors="policy-mandates|stigma|policy-mandates")
    line, = _problems(data_copy, capsys)
    assert line.endswith("evidence.csv, row 621, column 'factors': 'policy-mandates': listed 2 times in this cell; "
                         "expected each id once"), line


def test_same_factor_140_times_builds_no_edges(data_copy, capsys):
    """The issue's case (each row naming one factor 140 times: 2.8 M edges) is refused, not multiplied into edges."""
    for i in range(30):
        _evidence(data_copy, id=f"ev-test-{i:03}", factors="|".join(["stigma"] * 140))
    lines = _problems(data_copy, capsys)
    assert len(lines) == 30 and all("'stigma': listed 140 times in this cell" in line for line in lines)


def test_list_over_the_cap_refused(data_copy, capsys, monkeypatch):
    monkeypatch.setattr(data_caps, "MAX_LIST_ENTRIES", 3)
    _evidence(data_copy, factors="policy-mandates|stigma|role-clarity|hrm-policies")
    lines = _problems(data_copy, capsys)
    assert any(line.endswith("evidence.csv, row 621, column 'factors': 'policy-mandates|stigma|role-clarity|hrm-policies'"
                             ": 4 ids; expected at most 3 separated by '|'") for line in lines), lines


def test_distinct_ids_in_a_list_each_one_edge(data_copy):
    _evidence(data_copy, factors="policy-mandates|stigma")
    graph.clear_cache()
    G = graph.load_graph(data_copy)
    assert sorted(v for _, v, r in G.out_edges("ev-test-001", data="relation") if r == "supports") == \
        ["policy-mandates", "stigma"]
    graph.clear_cache()


# --- 4. integrity the descriptor cannot drop -------------------------------------------------------

def _drop_unique(d: Path, table: str, primary_key: bool = True) -> None:
    desc = _desc(d)
    _field(desc, table, "id")["constraints"].pop("unique", None)
    if not primary_key:
        _resource(desc, table)["schema"].pop("primaryKey")
    _save(d, desc)


def test_primary_key_alone_keeps_ids_unique(data_copy, capsys):
    """The issue's case: 'macro' twice became rank 3 and flipped influence directions."""
    _drop_unique(data_copy, "levels")
    _append(data_copy / "levels.csv", "macro,Macro again,3,Another macro")
    line, = _problems(data_copy, capsys)
    assert line.endswith("levels.csv, row 5, column 'id': 'macro': duplicate; first used in row 2; expected a unique value")


def test_id_of_a_core_table_unique_without_key_or_constraint(data_copy, capsys):
    _drop_unique(data_copy, "factors", primary_key=False)
    _edit(data_copy / "factors.csv", "medical-model-discourse,Discourses", "macro-sociocultural,Discourses")
    lines = _problems(data_copy, capsys)
    assert any("factors.csv, row 3, column 'id': 'macro-sociocultural': duplicate; first used in row 2" in line
               for line in lines), lines


def test_primary_key_alone_unique_in_any_table(data_copy, capsys):
    _drop_unique(data_copy, "curation_log")
    _append(data_copy / "curation_log.csv", "log-001,influences,a--b,,removed,Again.,2026-12-01")
    line, = _problems(data_copy, capsys)
    assert "curation_log.csv" in line and "column 'id': 'log-001': duplicate; first used in row 2" in line


def _factor_id_unchecked(d: Path, new_id: str) -> None:
    """A factor *new_id*, the descriptor's pattern on factors' ids dropped (a package may drop it)."""
    desc = _desc(d)
    _field(desc, "factors", "id")["constraints"].pop("pattern")
    _save(d, desc)
    _append(d / "factors.csv", f"\"{new_id}\",A look-alike,theme,,macro,A factor.,,mirbahaeddin-2022")


@pytest.mark.parametrize("new_id,words", [
    ("stig\u200bma", "holds the invisible character U+200B at character 5"),
    ("stigma\ufeff", "holds the invisible character U+FEFF at character 7"),
    ("stig\u200ema", "holds the invisible character U+200E at character 5"),
    ("cafe\u0301", "not in Unicode normal form C (NFC); expected the composed form 'café'"),
])
def test_ids_visible_and_normalised_whatever_the_pattern(data_copy, capsys, new_id, words):
    _factor_id_unchecked(data_copy, new_id)
    lines = [line for line in _problems(data_copy, capsys) if "column 'id'" in line]
    assert len(lines) == 1 and "factors.csv, row " in lines[0] and lines[0].endswith(words + lines[0].split(words)[1])
    if "invisible" in words:
        assert new_id not in lines[0]  # shown escaped: the message does not hide what it names


@pytest.mark.parametrize("new_id", ["a,b", "x>y", "two words", "Stigma", "a'b", "caf\u00e9"])
def test_core_ids_match_their_pattern_whatever_the_schema(data_copy, capsys, new_id):
    """Without the descriptor's pattern, an id that would break an address or a selector is still refused."""
    _factor_id_unchecked(data_copy, new_id)
    lines = [line for line in _problems(data_copy, capsys) if "column 'id'" in line]
    assert len(lines) == 1 and "factors.csv, row " in lines[0]
    assert lines[0].endswith("expected text matching the pattern [a-z][a-z0-9-]*: a lowercase slug: a letter, then "
                             "letters, digits or hyphens")


def test_id_patterns_are_known_and_the_bundled_ones():
    desc = _desc(graph.DEFAULT_DATA_DIR)
    assert set(schema.ID_PATTERNS) <= set(schema.CORE_COLUMNS)
    for table, pattern in schema.ID_PATTERNS.items():
        assert patterns.known(pattern) and _field(desc, table, "id")["constraints"]["pattern"] == pattern, table


def test_ids_in_nfc_with_accents_accepted_outside_the_core_tables(data_copy):
    desc = _desc(data_copy)
    _field(desc, "curation_log", "id")["constraints"].pop("pattern")
    _save(data_copy, desc)
    _append(data_copy / "curation_log.csv", "log-caf\u00e9,influences,a--b,,removed,Again.,2026-12-01")
    graph.clear_cache()
    assert graph.validate_package(data_copy) == []
    graph.clear_cache()


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_refused_in_labels(data_copy, capsys, char):
    _edit(data_copy / "factors.csv", "Macro socio-cultural factors", f"Macro {char}srotcaf")
    line, = _problems(data_copy, capsys)
    assert "factors.csv, row 2, column 'label'" in line and f"the bidirectional control U+{ord(char):04X}" in line
    assert char not in line


def test_bidi_marks_allowed_in_text(data_copy):
    """Right-to-left marks are how Arabic or Hebrew text is written: a quote may hold them."""
    _evidence(data_copy, quote="\u05e9\u05dc\u05d5\u05dd\u200f (peace)")
    graph.clear_cache()
    assert graph.validate_package(data_copy) == []
    graph.clear_cache()


def test_duplicate_keys_in_the_descriptor_refused(data_copy, capsys):
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    text = text.replace('"unique": true', '"unique": true, "unique": false', 1)
    (data_copy / "datapackage.json").write_text('{"name": "first", ' + text.lstrip()[1:], encoding="utf-8")
    assert _problems(data_copy, capsys) == [
        (f"{data_copy / 'datapackage.json'}: duplicate key(s) \"unique\", \"name\" in one object; expected each "
         "key once in an object (a JSON reader keeps only one of them)")]


SECRET = "root:x:0:0:TOP-SECRET"


@pytest.mark.parametrize("name", ["levels.csv", "datapackage.json"])
def test_hard_link_refused_and_its_content_never_shown(data_copy, capsys, name):
    outside = data_copy.parent / "outside.txt"
    outside.write_text(SECRET + "\n", encoding="utf-8")
    (data_copy / name).unlink()
    os.link(outside, data_copy / name)
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert "TOP-SECRET" not in captured.out + captured.err
    assert "is a file with 2 hard links" in captured.out.splitlines()[0]
    with pytest.raises(graph.DataError) as err:
        graph.load_graph(data_copy)
    assert "TOP-SECRET" not in str(err.value)
    graph.clear_cache()


# --- 5. long cells on the row-by-row path --------------------------------------------------------

def test_cell_past_the_csv_module_limit_in_a_table_with_problems(data_copy, capsys):
    """A 260,000-character quote in a table read row by row (it has another problem) is no csv error."""
    _evidence(data_copy, quote="peer support " * 20_000)
    _evidence(data_copy, id="ev-test-002", quote="a\x00b")
    line, = _problems(data_copy, capsys)
    assert "row 622, column 'quote'" in line and "U+0000" in line


def test_cell_past_the_cap_names_file_row_column_and_cap(data_copy, capsys, monkeypatch):
    monkeypatch.setattr(data_caps, "MAX_FIELD_CHARS", 150_000)
    _evidence(data_copy, quote="q" * 200_000)
    line, = _problems(data_copy, capsys)
    assert "evidence.csv, row 621, column 'quote'" in line  # (its length, or, where the csv module stopped at the
    assert "characters; expected at most 150,000" in line  # cap, "more than 150,000": see tests/data/test_memory.py)


def test_reading_a_table_never_lowers_the_csv_field_limit(monkeypatch):
    """The csv module's limit is process-wide: a small table read in one thread must not lower it under a long
    cell another thread is reading (it was set to each table's length, then set back)."""
    import csv

    seen = []
    parse = tables.parse_csv
    monkeypatch.setattr(tables, "parse_csv", lambda *a: seen.append(csv.field_size_limit()) or parse(*a))
    before = csv.field_size_limit()
    try:
        csv.field_size_limit(100_000_000)  # as a thread reading a large table sets it
        graph.clear_cache()
        validate.read_package(graph.DEFAULT_DATA_DIR)
        assert seen and min(seen) == 100_000_000 and csv.field_size_limit() == 100_000_000
    finally:
        csv.field_size_limit(before)
        graph.clear_cache()


# --- parent chains walked once -------------------------------------------------------------------

class _CountedNodes(dict):
    reads = 0

    def __getitem__(self, key):
        _CountedNodes.reads += 1
        return dict.__getitem__(self, key)


def test_parent_chain_walked_once():
    n = 3_000
    nodes = _CountedNodes({f"f{i}": {"parent": f"f{i + 1}" if i + 1 < n else "", "_row": i + 2} for i in range(n)})
    nodes["f2999"]["parent"] = "f1500"
    _CountedNodes.reads = 0
    problems = integrity._cycles(nodes, "factors.csv")
    assert [p.row for p in problems] == [1502] and problems[0].message.startswith("'parent' forms a cycle: f1500 -> f1501")
    assert _CountedNodes.reads <= 4 * n  # a walk from every node: about n * n / 2


# --- the package's own files, by their signature -------------------------------------------------

def test_signature_stats_only_the_package_files(data_copy, monkeypatch):
    """Unrelated files in the folder are never looked at: a folder of 50,000 of them cost 3.1 s a request."""
    from graph.data import load

    for i in range(2_000):
        (data_copy / f"unrelated-{i}.txt").write_bytes(b"x")
    load.package_signature(data_copy)  # reads the descriptor once
    stats = []
    real = os.stat
    monkeypatch.setattr(os, "stat", lambda *a, **k: stats.append(a[0]) or real(*a, **k))
    sig = load.package_signature(data_copy)
    named = len(_desc(data_copy)["resources"])
    assert len(sig[1]) == named + 1 and len(stats) == named + 1, len(stats)
    assert not [s for s in stats if "unrelated" in str(s)]


def test_signature_changes_with_a_package_file_not_with_another(data_copy):
    from graph.data import load

    before = load.package_signature(data_copy)
    (data_copy / "notes.txt").write_text("an editor's backup", encoding="utf-8")
    (data_copy / "levels.csv.bak").write_bytes((data_copy / "levels.csv").read_bytes() + b"x")
    assert load.package_signature(data_copy) == before
    _append(data_copy / "levels.csv", "")
    after = load.package_signature(data_copy)
    assert after != before and [e for e in after[1] if e[0] == "levels.csv"] != \
        [e for e in before[1] if e[0] == "levels.csv"]
    desc = _desc(data_copy)
    _resource(desc, "levels")["path"] = "sub/levels.csv"
    _save(data_copy, desc)
    moved = load.package_signature(data_copy)
    assert ("sub/levels.csv", -1, -1) in moved[1] and not [e for e in moved[1] if e[0] == "levels.csv"]
    (data_copy / "sub").mkdir()
    (data_copy / "sub" / "levels.csv").write_bytes((data_copy / "levels.csv").read_bytes())
    assert load.package_signature(data_copy) != moved


def test_an_unrelated_file_changing_is_no_new_parse(data_copy):
    from graph.data import load

    graph.clear_cache()
    G = graph.load_graph(data_copy)
    parsed = load.PARSE_COUNT["n"]
    (data_copy / "scratch.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert graph.load_graph(data_copy) is G and load.PARSE_COUNT["n"] == parsed
    graph.clear_cache()


# --- keys: each name once, a bounded number ------------------------------------------------------

def test_primary_key_naming_a_field_100000_times_refused(data_copy, capsys):
    desc = _desc(data_copy)
    _resource(desc, "citations")["schema"]["primaryKey"] = ["citing"] * 100_000
    _save(data_copy, desc)
    line, = _problems(data_copy, capsys)
    assert "resource 'citations': primaryKey [\"citing\"" in line and line.endswith("expected names of its fields, "
                                                                                    "each once")


def test_too_many_foreign_keys_refused(data_copy, capsys):
    desc = _desc(data_copy)
    schema = _resource(desc, "factors")["schema"]
    schema["foreignKeys"] = schema["foreignKeys"] * 1_000
    _save(data_copy, desc)
    line, = _problems(data_copy, capsys)
    assert line.endswith(f"resource 'factors': {len(schema['foreignKeys']):,} foreign keys; expected at most 200")


def test_foreign_key_fields_each_once(data_copy, capsys):
    desc = _desc(data_copy)
    _resource(desc, "factors")["schema"]["foreignKeys"][1]["fields"] = ["level", "level"]
    _save(data_copy, desc)
    line, = _problems(data_copy, capsys)
    assert "foreign key #2: 'fields' [\"level\", \"level\"]; expected names of the table's fields, each once" in line
