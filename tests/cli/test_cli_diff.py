"""``pswgraph diff OLD NEW``: what a new version of the data changed, as text, JSON and Markdown."""

from __future__ import annotations

import csv
import json
import shutil

from graph import DEFAULT_DATA_DIR
from graph.cli.commands import main

STUDY = "akerblom-2023"


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _counted(row):
    return row["evidence_type"] == "finding" and bool(row["factors"] or row["influences"])


def test_diff_names_the_influence_and_evidence_an_older_version_lacked(data_copy, capsys):
    """OLD = the bundled package without one influence and some of a paper's findings; NEW = the bundled package."""
    old = data_copy
    evidence = _rows(old / "evidence.csv")
    in_strategies = {e for r in _rows(old / "strategies.csv") for e in r["evidence"].split("|")}
    dropped = [r for r in evidence if r["study"] == STUDY and r["id"] not in in_strategies][:10]
    influence = next(r for r in _rows(old / "influences.csv") if r["basis"] == "text")["id"]
    kept = [r for r in evidence if r not in dropped]
    for r in kept:
        r["influences"] = "|".join(i for i in r["influences"].split("|") if i and i != influence)
    _write(old / "evidence.csv", kept)
    _write(old / "influences.csv", [r for r in _rows(old / "influences.csv") if r["id"] != influence])
    new = str(old.parent / "new")
    shutil.copytree(DEFAULT_DATA_DIR, new)

    assert main(["diff", str(old), new, "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in changes["new_influences"]] == [influence]
    assert changes["new_factors"] == [] and changes["new_countries"] == []
    counted_new = sum(_counted(r) for r in evidence if r["study"] == STUDY)
    per_study = {r["study"]: (r["old"], r["new"]) for r in changes["evidence_per_study"]}
    assert per_study[STUDY] == (counted_new - sum(map(_counted, dropped)), counted_new)

    assert main(["diff", str(old), new]) == 0
    text = capsys.readouterr().out
    assert "New influences (1):" in text and influence in text
    assert main(["diff", str(old), new, "--markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# What changed") and "## New influences (1)" in md and "\n- " in md


def test_diff_of_a_package_with_itself_says_no_changes(capsys):
    assert main(["diff", str(DEFAULT_DATA_DIR), str(DEFAULT_DATA_DIR)]) == 0
    assert capsys.readouterr().out.strip().endswith("No changes.")
