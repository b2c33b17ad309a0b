"""Broken data packages are rejected with messages naming the file, row, column and what was expected."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import graph
from graph.cli.commands import main

EVIDENCE_HEADER = ("id,study,section,paraphrase,quote,polarity,perspective,speaker,speaker_note,factors,influences,cites,"
                   "countries,country_basis,study_themes,evidence_type")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _evidence(d: Path, **cells: str) -> None:
    row = dict.fromkeys(EVIDENCE_HEADER.split(","), "")
    row.update(id="ev-test-001", study="mirbahaeddin-2022", section="Results", paraphrase="A claim.",
               polarity="enabler", perspective="reviewer", factors="policy-mandates", evidence_type="finding")
    row.update(cells)
    with (d / "evidence.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(row.values())


def _missing_descriptor(d):
    (d / "datapackage.json").unlink()


def _bad_json(d):
    (d / "datapackage.json").write_text('{"name": "x", "resources": [', encoding="utf-8")


def _descriptor_not_utf8(d):
    (d / "datapackage.json").write_bytes(b'{"name": "caf\xe9"}')


def _missing_resource(d):
    desc = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "influences"]
    (d / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _missing_csv(d):
    (d / "gaps.csv").unlink()


def _csv_not_utf8(d):
    with (d / "factors.csv").open("ab") as fh:
        fh.write(b"bad-\xff,Bad,theme,,macro,desc,,mirbahaeddin-2022\n")


def _unclosed_quote(d):
    _append(d / "levels.csv", 'extra,"Extra level,4,desc')


def _wrong_cell_count(d):
    _append(d / "levels.csv", "extra,Extra level,4")


def _missing_column(d):
    _edit(d / "levels.csv", "id,label,rank,description", "id,label,description")


def _required_empty(d):
    _edit(d / "factors.csv", "Political commitment,subtheme,regulatory-political,macro,",
          "Political commitment,subtheme,regulatory-political,,")


def _bad_enum(d):
    _evidence(d, polarity="helpful")


def _bad_integer(d):
    _edit(d / "levels.csv", "macro,Macro level,1,", "macro,Macro level,one,")


def _bad_boolean(d):
    _edit(d / "studies.csv", ",true,", ",yes,")


def _bad_pattern(d):
    _edit(d / "countries.csv", "SE,Sweden", "Swe,Sweden")


def _duplicate_id(d):
    _append(d / "factors.csv", "stigma,Stigma again,subtheme,team-relationships,micro,desc,,mirbahaeddin-2022")


def _dangling_level(d):
    _edit(d / "factors.csv", "Policy mandates,subtheme,regulatory-political,macro,",
          "Policy mandates,subtheme,regulatory-political,mezo,")


def _dangling_list_reference(d):
    _evidence(d, factors="policy-mandates|no-such-factor")


def _dangling_influence_source(d):
    _append(d / "influences.csv", "ghost--psw-wellbeing,ghost,psw-wellbeing,mirbahaeddin-2022,text,")


def _part_of_cycle(d):
    _edit(d / "factors.csv", "psw-wellbeing,PSW wellbeing,theme,,micro,", "psw-wellbeing,PSW wellbeing,subtheme,self-care,micro,")
    _edit(d / "factors.csv", "self-care,Self-care,subtheme,psw-wellbeing,", "self-care,Self-care,subtheme,psw-wellbeing,")


def _subtheme_level_mismatch(d):
    _edit(d / "factors.csv", "self-care,Self-care,subtheme,psw-wellbeing,micro,", "self-care,Self-care,subtheme,psw-wellbeing,meso,")


def _id_across_tables(d):
    _append(d / "studies.csv", "stigma,Stigma 2020,,2020,A title,,,,,,,,,,,,false,")


def _influence_id_mismatch(d):
    _append(d / "influences.csv", "a--b,retention,psw-wellbeing,mirbahaeddin-2022,text,")


def _duplicate_composite_key(d):
    _append(d / "citations.csv", "mirbahaeddin-2022,mirbahaeddin-2022,x")
    _append(d / "citations.csv", "mirbahaeddin-2022,mirbahaeddin-2022,y")


def _evidence_without_factor(d):
    _evidence(d, factors="")


def _gap_without_factor_or_level(d):
    _append(d / "gaps.csv", "gap-test,mirbahaeddin-2022,Discussion,A gap.,,,")


def _countries_without_basis(d):
    _evidence(d, countries="SE")


# (breakage, file named in the message, words the message must contain)
CASES = [
    (_missing_descriptor, "datapackage.json", "file not found"),
    (_bad_json, "datapackage.json", "invalid JSON"),
    (_descriptor_not_utf8, "datapackage.json", "UTF-8"),
    (_missing_resource, "datapackage.json", "missing resource 'influences'"),
    (_missing_csv, "gaps.csv", "file not found"),
    (_csv_not_utf8, "factors.csv", "not UTF-8"),
    (_unclosed_quote, "levels.csv", "malformed CSV"),
    (_wrong_cell_count, "levels.csv", "expected 4"),
    (_missing_column, "levels.csv", "missing column(s) rank"),
    (_required_empty, "factors.csv", "column 'level'"),
    (_bad_enum, "evidence.csv", "expected one of 'enabler'"),
    (_bad_integer, "levels.csv", "expected a whole number"),
    (_bad_boolean, "studies.csv", "column 'is_source'"),
    (_bad_pattern, "countries.csv", "expected text matching the pattern [A-Z]{2}: a country code: two capital letters"),
    (_duplicate_id, "factors.csv", "duplicate"),
    (_dangling_level, "factors.csv", "no such id in table 'levels'"),
    (_dangling_list_reference, "evidence.csv", "'no-such-factor'"),
    (_dangling_influence_source, "influences.csv", "no such id in table 'factors'"),
    (_part_of_cycle, "factors.csv", "cycle"),
    (_subtheme_level_mismatch, "factors.csv", "expected the theme's level"),
    (_id_across_tables, "studies.csv", "unique across tables"),
    (_influence_id_mismatch, "influences.csv", "retention--psw-wellbeing"),
    (_duplicate_composite_key, "citations.csv", "duplicate primary key"),
    (_evidence_without_factor, "evidence.csv", "at least one factor or influence"),
    (_countries_without_basis, "evidence.csv", "without a basis"),
    (_gap_without_factor_or_level, "gaps.csv", "at least one factor or level"),
]


@pytest.mark.parametrize("breakage,fname,words", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_broken_package_rejected(data_copy, capsys, breakage, fname, words):
    breakage(data_copy)
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if fname in line]
    assert lines, out
    assert any(words in line for line in lines), out
    assert "Traceback" not in out
    with pytest.raises(graph.DataError) as err:
        graph.load_graph(data_copy)
    assert err.value.problems


def test_only_a_context_claim_may_name_no_factor(data_copy, capsys):
    _evidence(data_copy, id="ev-test-lim", polarity="context", factors="", evidence_type="limitation")
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 0, capsys.readouterr().out
    assert graph.load_graph(data_copy).nodes["ev-test-lim"]["evidence_type"] == "limitation"
    _evidence(data_copy, id="ev-test-finding", polarity="barrier", factors="", evidence_type="finding")
    graph.clear_cache()
    assert main(["validate", str(data_copy)]) == 1
    assert "at least one factor or influence" in capsys.readouterr().out


def test_row_and_column_named(data_copy, capsys):
    _bad_integer(data_copy)
    main(["validate", str(data_copy)])
    out = capsys.readouterr().out
    assert "levels.csv, row 2, column 'rank': 'one': expected a whole number" in out


def test_every_problem_reported_not_just_the_first(data_copy):
    _bad_integer(data_copy)
    _dangling_level(data_copy)
    _bad_pattern(data_copy)
    with pytest.raises(graph.DataError) as err:
        graph.load_graph(data_copy)
    files = {Path(p.file).name for p in err.value.problems}
    assert {"levels.csv", "factors.csv", "countries.csv"} <= files


def test_no_half_loaded_graph(data_copy):
    graph.clear_cache()
    good = graph.load_graph(data_copy)
    _dangling_level(data_copy)
    with pytest.raises(graph.DataError):
        graph.load_graph(data_copy)
    assert "policy-mandates" in good  # the earlier graph is untouched


def test_bundled_package_valid():
    assert graph.validate_package(graph.DEFAULT_DATA_DIR) == []


def test_standard_frictionless_tooling_validates_bundled_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(graph.DEFAULT_DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:10]


def test_frictionless_rejects_dangling_foreign_key(data_copy):
    frictionless = pytest.importorskip("frictionless")
    _dangling_level(data_copy)
    report = frictionless.Package(str(data_copy / "datapackage.json")).validate()
    assert not report.valid
