"""Adding a study (issue 28): template → filled workbook → import → check-quotes → diff → the graph shows it.

The study is a synthetic fixture, clearly not research: its own invented title, the fictional country
XS ('Synthland', in the ISO range left for private use) and an invented paper under tests/fixtures/.
Everything happens in a temporary copy of the bundled package.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from graph import DEFAULT_DATA_DIR, load_graph
from graph.cli.commands import main
from graph.data.vocabulary import NOT_STATED
from graph.query.matrix import matrix_counts, matrix_gaps
from graph.query.paths import influence_paths
from graph.query.strength import strength_index

PAPER = Path(__file__).parents[1] / "fixtures" / "synthetic_study" / "synthetic-paper.txt"
STUDY = "synthfixture-2099"
COUNTRY = "XS"
QUOTES = {
    "e1": 'managers said that the fictional peer workers were welcomed because "the team had asked for them from the '
          'start"',
    "e2": "nobody knew what the new colleagues were supposed to do during the first implementation months",
    "e3": "we set aside a budget for the peer role … and that made the difference",
    "e4": "the supervisor was there every week, but the other staff kept their distance",
    "gap": "how fictional peer roles last once the made-up project money ends",
}


def _choices():
    """What the fixture adds to, chosen from the bundled package (nothing about it is hard-coded)."""
    G = load_graph()
    subthemes = sorted(n for n, a in G.nodes(data=True) if a["kind"] == "factor" and a["factor_kind"] == "subtheme")
    edges = {(u, v) for u, v, r in G.edges(data="relation") if r == "influences"}
    new_influence = next((u, v) for u in subthemes for v in subthemes if u != v and (u, v) not in edges)
    gap = next((f, c) for f, c in matrix_gaps(G, as_recorded=True) if c != NOT_STATED and f in subthemes
               and G.nodes[f]["theme"] not in new_influence and f not in new_influence)
    index = strength_index(G)["influences"]
    one_sided = next(i for i, r in sorted(index.items()) if r["single_source"] and r["evidence"]
                     and set(r["polarities"]) in ({"enabler"}, {"barrier"}))
    opposite = "barrier" if set(index[one_sided]["polarities"]) == {"enabler"} else "enabler"
    return G, new_influence, gap, one_sided, opposite


def _fill(book: Path, rows: dict[str, list[dict]]) -> None:
    wb = openpyxl.load_workbook(book)
    for sheet, records in rows.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for i, record in enumerate(records, start=3):
            for column, value in record.items():
                ws.cell(i, header.index(column) + 1, value)
    wb.save(book)


def _filled_rows(new_influence, gap, one_sided, opposite) -> dict[str, list[dict]]:
    u, v = new_influence
    ev = {"section": "Results", "perspective": "manager", "evidence_type": "finding"}
    return {
        "studies": [{"id": STUDY, "label": "Synthetic fixture 2099", "year": 2099,
                     "title": "Synthetic fixture study (not real research)", "countries": COUNTRY,
                     "country_basis": "text", "is_source": "true"}],
        "countries": [{"id": COUNTRY, "name": "Synthland (fictional)", "region": "Europe", "income_group": "high"}],
        "influences": [{"id": f"{u}--{v}", "source": u, "target": v, "basis": "text",
                        "description": "Synthetic: invented for the tests."}],
        "study_themes": [{"id": "st-synthfixture-main", "label": "Invented theme", "type": "theme",
                          "factors": gap[0]}],
        "evidence": [
            {**ev, "id": "ev-synthfixture-001", "paraphrase": "Invented: the team wanted the peer workers.",
             "quote": QUOTES["e1"], "polarity": "enabler", "factors": u, "countries": COUNTRY,
             "country_basis": "text", "study_themes": "st-synthfixture-main"},
            {**ev, "id": "ev-synthfixture-002", "paraphrase": "Invented: nobody knew the new role.",
             "quote": QUOTES["e2"], "polarity": "barrier", "influences": f"{u}--{v}", "countries": COUNTRY,
             "country_basis": "text"},
            {**ev, "id": "ev-synthfixture-003", "paraphrase": "Invented: a budget set aside first helped.",
             "quote": QUOTES["e3"], "polarity": "enabler", "factors": gap[0], "countries": gap[1],
             "country_basis": "text"},
            {**ev, "id": "ev-synthfixture-004", "paraphrase": "Invented: support and distance at once.",
             "quote": QUOTES["e4"], "polarity": opposite, "perspective": "peer worker", "influences": one_sided},
        ],
        "gaps": [{"id": "gap-synthfixture-lasting", "section": "Discussion", "statement": "Invented gap.",
                  "quote": QUOTES["gap"], "factors": gap[0]}],
        "strategies": [{"id": "strat-synthfixture-budget", "label": "Set aside a budget first",
                        "description": "Invented.", "actor": "manager", "phase": "before", "status": "done",
                        "addresses": gap[0], "evidence": "ev-synthfixture-003"}],
        "citations": [{"cited": "grim-2022", "label": "Grim et al., 2022"}],
    }


@pytest.fixture
def filled(data_copy, tmp_path):
    """The template written for the copy, filled in by the test; and the choices it was filled from."""
    book = tmp_path / "new-study.xlsx"
    assert main(["template", "--xlsx", "-o", str(book), "--data", str(data_copy)]) == 0
    G, new_influence, gap, one_sided, opposite = _choices()
    rows = _filled_rows(new_influence, gap, one_sided, opposite)
    _fill(book, rows)
    return book, data_copy, rows, (G, new_influence, gap, one_sided)


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_synthetic_study_goes_from_template_to_the_graph(filled, capsys):
    book, data, rows, (G, (u, v), (gap_factor, gap_country), one_sided) = filled
    log_before = _csv(data / "curation_log.csv")
    assert main(["import", str(book), "--data", str(data), "--text", str(PAPER)]) == 0
    capsys.readouterr()

    # merged into the CSV tables, with a curation-log entry per logged row
    evidence = [r for r in _csv(data / "evidence.csv") if r["study"] == STUDY]
    assert [r["id"] for r in evidence] == [r["id"] for r in rows["evidence"]]
    assert [r["quote"] for r in evidence] == [r["quote"] for r in rows["evidence"]]
    added_log = _csv(data / "curation_log.csv")[len(log_before):]
    logged = {"evidence", "influences", "study_themes", "gaps", "citations", "studies", "strategies"}
    assert len(added_log) == sum(len(rows[t]) for t in rows if t in logged)
    assert {(r["table"], r["decision"]) for r in added_log} == {(t, "added") for t in rows if t in logged}
    assert f"{STUDY}/grim-2022" in {r["record"] for r in added_log}

    # every quote of the new study found in its paper
    assert main(["check-quotes", "--data", str(data), "--text", f"{STUDY}={PAPER}"]) == 0
    assert f"{STUDY}: 5 of 5 quotes found" in capsys.readouterr().out

    # what changed
    assert main(["diff", str(DEFAULT_DATA_DIR), str(data), "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in changes["new_influences"]] == [f"{u}--{v}"]
    assert [r["id"] for r in changes["new_countries"]] == [COUNTRY] and changes["new_factors"] == []
    assert {"factor": gap_factor, "country": gap_country, "evidence": 1} in changes["gaps_filled"]
    assert {"kind": "influence", "id": one_sided} == {k: r[k] for r in changes["became_contested"]
                                                      for k in ("kind", "id") if r["id"] == one_sided}
    assert one_sided in {r["id"] for r in changes["no_longer_single_source"]}
    study_row = next(r for r in changes["evidence_per_study"] if r["study"] == STUDY)
    assert (study_row["old"], study_row["new"]) == (0, len(rows["evidence"]))

    # the loaded graph shows it: the matrix's XS column holds exactly the fixture's XS evidence, and a path runs
    H = load_graph(data)
    mc = matrix_counts(H, as_recorded=True)
    j = mc.columns.index(COUNTRY)
    xs = {f: int(mc.counts[:, i, j].sum()) for i, f in enumerate(mc.factors) if mc.counts[:, i, j].sum()}
    assert xs == {u: 2, v: 1}  # ev-001 names u; ev-002 evidences u → v
    paths = influence_paths(H, u, v, max_hops=1)
    assert paths[0]["nodes"] == [u, v] and "ev-synthfixture-002" in paths[0]["hops"][0]["evidence"]
    assert influence_paths(G, u, v, max_hops=1) == []

    # importing the same workbook again is refused, row by row, and changes nothing
    before = _digest(data)
    assert main(["import", str(book), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "new-study.xlsx, sheet 'evidence', row 3, column 'id': 'ev-synthfixture-001'" in err and "duplicate" in err
    assert _digest(data) == before


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_malformed_workbook_names_each_problem_and_merges_nothing(filled, capsys):
    book, data, _rows, _ = filled
    wb = openpyxl.load_workbook(book)
    ws = wb["evidence"]
    col = {c.value: c.column for c in ws[1]}
    ws.cell(3, col["factors"], "no-such-factor")
    ws.cell(4, col["quote"]).value = None
    ws.cell(5, col["countries"], "QQ")
    ws.cell(6, col["quote"], "the supervisor was never there, and the other staff kept their distance")
    wb.save(book)
    before = _digest(data)
    assert main(["import", str(book), "--data", str(data), "--text", str(PAPER)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("new-study.xlsx")]
    assert len(lines) == 4, err
    where = ["sheet 'evidence', row 3, column 'factors'", "sheet 'evidence', row 4, column 'quote'",
             "sheet 'evidence', row 5, column 'countries'", "sheet 'evidence', row 6, column 'quote'"]
    assert sorted(w for w in where for line in lines if w in line) == sorted(where)
    assert any("no-such-factor" in line for line in lines) and any("'QQ'" in line for line in lines)
    assert "pswgraph-import-" not in err  # the temporary copy checked is never named
    assert any("missing quote" in line for line in lines)
    assert any("not found verbatim" in line and "quote 'never there, and' / text 'there every week, but'" in line
               for line in lines)
    assert "nothing written" in err
    assert _digest(data) == before
