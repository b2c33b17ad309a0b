"""The strategies table against the data package: quotes, references, coverage of the papers, validation."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import graph
from graph import DEFAULT_DATA_DIR
from graph.cli.commands import main

REVIEW, SWEDEN, DENMARK, NORWAY = "mirbahaeddin-2022", "grim-2022", "johansen-2024", "akerblom-2023"


def _rows(name: str, data: Path = DEFAULT_DATA_DIR) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


STRATEGIES = _rows("strategies")
EVIDENCE = {r["id"]: r for r in _rows("evidence")}
FACTORS = {r["id"] for r in _rows("factors")}
STUDIES = {r["id"] for r in _rows("studies")}
SCHEMA = {f["name"]: f for r in json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]
          if r["name"] == "strategies" for f in r["schema"]["fields"]}


def _ids(cell: str) -> list[str]:
    return [x for x in cell.split("|") if x]


@pytest.mark.parametrize("s", STRATEGIES, ids=[s["id"] for s in STRATEGIES])
def test_each_strategy_has_a_quote_from_its_own_paper(s):
    evidence = _ids(s["evidence"])
    assert evidence, s["id"]
    for ev in evidence:
        assert ev in EVIDENCE, f"{s['id']}: no evidence row {ev}"
        assert EVIDENCE[ev]["quote"].strip(), f"{s['id']}: {ev} has no quote"
        assert EVIDENCE[ev]["study"] == s["study"], f"{s['id']}: {ev} is from {EVIDENCE[ev]['study']}"


@pytest.mark.parametrize("s", STRATEGIES, ids=[s["id"] for s in STRATEGIES])
def test_each_strategy_references_hold(s):
    assert s["study"] in STUDIES
    assert _ids(s["addresses"]), f"{s['id']} addresses no factor"
    assert set(_ids(s["addresses"]) + _ids(s["relies_on"])) <= FACTORS
    assert not set(_ids(s["addresses"])) & set(_ids(s["relies_on"]))
    assert s["label"] and s["description"] and s["label"] != s["description"]
    for col in ("actor", "phase", "status"):
        assert s[col] in SCHEMA[col]["constraints"]["enum"], (s["id"], col)
    if s["eric_crosswalk"]:
        assert s["eric_crosswalk"] in SCHEMA["eric_crosswalk"]["constraints"]["enum"]


def test_the_eric_column_says_it_is_our_crosswalk():
    assert "OUR CROSSWALK" in SCHEMA["eric_crosswalk"]["description"]
    assert "Powell et al. 2015" in SCHEMA["eric_crosswalk"]["description"]


@pytest.mark.parametrize("study,floor", [(SWEDEN, 25), (DENMARK, 18), (NORWAY, 20), (REVIEW, 8)])
def test_strategies_per_paper(study, floor):
    assert sum(s["study"] == study for s in STRATEGIES) >= floor


def test_every_grim_phase_and_status_is_represented():
    grim = [s for s in STRATEGIES if s["study"] == SWEDEN]
    assert {s["phase"] for s in grim} >= {"before", "during", "after"}
    assert set(Counter(s["status"] for s in STRATEGIES)) == {"done", "intended", "recommended"}


def test_every_policy_and_practice_implication_of_the_review_is_a_strategy():
    linked = {ev for s in STRATEGIES for ev in _ids(s["evidence"])}
    implications = [i for i, r in EVIDENCE.items() if r["section"] == "Implications for Policy & Practice"]
    assert len(implications) >= 8
    assert set(implications) <= linked


def test_results_actions_that_name_themselves_actions_are_strategies():
    """The Danish paper lists its managers' preparatory 'actions' one by one; each is linked."""
    linked = {ev for s in STRATEGIES for ev in _ids(s["evidence"])}
    actions = [i for i, r in EVIDENCE.items() if r["study"] == DENMARK and re.search(r"\baction", r["quote"])
               and r["section"].startswith("Results")]
    assert len(actions) >= 3
    assert set(actions) <= linked


def test_empirical_strategies_are_placed_in_their_country(G):
    home = {SWEDEN: "SE", DENMARK: "DK", NORWAY: "NO"}
    for s in STRATEGIES:
        if s["study"] in home and s["status"] != "recommended":
            assert home[s["study"]] in G.nodes[s["id"]]["countries"], s["id"]


def test_danish_mentor_choice_quotes_the_manager_with_fm_code(G):
    s = G.nodes["strat-johansen-influential-mentors"]
    quotes = {ev: G.nodes[ev] for ev in s["evidence"]}
    assert any(e["speaker"] == "FM5" and "Somebody the others would listen to" in e["quote"] for e in quotes.values())
    assert "staff-readiness" in s["addresses"] and s["phase"] == "before" and s["status"] == "done"


def test_graph_edges_of_a_strategy(G):
    rels = Counter(r for _, _, r in G.out_edges("strat-grim-external-supervision", data="relation"))
    assert rels == {"addresses": 2, "relies_on": 2, "supported_by": 4, "reported_in": 1}
    assert G.nodes["strat-grim-external-supervision"]["kind"] == "strategy"


# --- validation -----------------------------------------------------------------------------

def _edit_strategies(data: Path, edit) -> None:
    path = data / "strategies.csv"
    rows = _rows("strategies", data)
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _validate(data: Path, capsys) -> tuple[int, str]:
    graph.clear_cache()
    code = main(["validate", str(data)])
    return code, capsys.readouterr().out


def test_validate_rejects_an_unknown_factor(data_copy, capsys):
    _edit_strategies(data_copy, lambda rows: rows[0].update(addresses="no-such-factor"))
    code, out = _validate(data_copy, capsys)
    assert code == 1
    assert "strategies.csv, row 2, column 'addresses': 'no-such-factor': no such id in table 'factors'" in out


def test_validate_rejects_evidence_from_another_paper(data_copy, capsys):
    _edit_strategies(data_copy, lambda rows: rows[0].update(evidence="ev-review-260"))
    code, out = _validate(data_copy, capsys)
    assert code == 1
    assert "reported in study 'mirbahaeddin-2022', not in the strategy's study 'grim-2022'" in out


def test_validate_rejects_a_strategy_without_evidence(data_copy, capsys):
    _edit_strategies(data_copy, lambda rows: rows[1].update(evidence=""))
    code, out = _validate(data_copy, capsys)
    assert code == 1 and "strategies.csv, row 3, column 'evidence'" in out


def test_validate_rejects_an_invented_eric_name(data_copy, capsys):
    _edit_strategies(data_copy, lambda rows: rows[0].update(eric_crosswalk="Hire peer workers"))
    code, out = _validate(data_copy, capsys)
    assert code == 1 and "column 'eric_crosswalk'" in out


def test_a_package_without_strategies_is_still_valid(data_copy, capsys):
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "strategies"]
    (data_copy / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    (data_copy / "strategies.csv").unlink()
    code, out = _validate(data_copy, capsys)
    assert code == 0, out
    assert not any(a["kind"] == "strategy" for _, a in graph.load_graph(data_copy).nodes(data=True))
