"""Regression tests for the audit corrections (issue item 6), each checked against the paper.

Read with the ``csv`` module only (not the project's loader), so that a test fails on the
bundled data itself. Nothing here reads the papers' texts: a user's clone has none.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


def rows(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by_id(name):
    return {r["id"]: r for r in rows(name)}


@pytest.fixture(scope="module")
def ev():
    return by_id("evidence")


@pytest.fixture(scope="module")
def strat():
    return by_id("strategies")


@pytest.fixture(scope="module")
def studies():
    return by_id("studies")


# --- evidence -------------------------------------------------------------------------


def test_akerblom_008_keeps_some(ev):
    p = ev["ev-akerblom-008"]["paraphrase"]
    assert p.startswith("Some managers") and "could be risky" in p


def test_grim_069_is_one_managers_view_and_keeps_in_some_way(ev):
    r = ev["ev-grim-069"]
    assert r["speaker"] == "A5"
    assert "One manager" in r["paraphrase"] and "in some way" in r["paraphrase"]
    assert "improved the services" not in r["paraphrase"]


def test_grim_042_keeps_many_and_some_and_reads_an_opinion(ev):
    r = ev["ev-grim-042"]
    assert r["quote"].startswith("Many suggested that")
    assert "some of the most experienced" in r["paraphrase"] and "stated that the PSW should have full access" in r["paraphrase"]
    assert "wanted full access" not in r["paraphrase"]


@pytest.mark.parametrize("ev_id,referent", [
    ("ev-johansen-506", "uncertainty among the MHPs"),
    ("ev-akerblom-s01", "bold peer workers could be perceived as threatening"),
])
def test_quote_holds_the_referent_of_this(ev, ev_id, referent):
    q = ev[ev_id]["quote"]
    assert not re.match(r"(?i)\W*(despite( of)? this|a manager further stated that to counteract this)", q)
    assert referent in q
    assert q.index(referent) < q.lower().index("this")


def test_grim_lim_04_is_a_results_finding_without_overreach(ev):
    r = ev["ev-grim-lim-04"]  # id kept stable although it is no longer a limitation
    assert r["evidence_type"] == "finding"
    assert r["section"].startswith("Results")
    assert r["polarity"] == "context" and r["perspective"] == "manager"
    assert "rest largely on" not in r["paraphrase"]
    assert r["paraphrase"].startswith("Typically, managers stated") and "positive feedback from staff" in r["paraphrase"]


def test_grim_limitations_come_from_the_study_limitations_section(ev):
    grim = [r for r in ev.values() if r["study"] == "grim-2022" and r["evidence_type"] == "limitation"]
    assert grim and all(r["section"] == "Study Limitations" for r in grim)


# --- strategies -----------------------------------------------------------------------


def test_record_access_is_an_opinion_of_some_champions(strat):
    s = strat["strat-grim-decide-record-access"]
    assert "gave full access" not in s["description"]
    assert "some of the most experienced local champions" in s["description"]
    assert "stated that the PSW should have full access" in s["description"]
    assert s["status"] == "recommended"


def test_local_peer_training_keeps_some(strat):
    d = strat["strat-johansen-local-peer-training"]["description"]
    assert "some thought it lacked" in d and "managers found it relevant, though lacking" not in d


def test_psw_tasks_label_does_not_overread(strat):
    label = strat["strat-grim-psw-tasks"]["label"]
    assert "no time for" not in label and "group activities" in label


def test_employ_before_a_psychiatrist(strat):
    s = strat["strat-akerblom-employ-before-professionals"]  # id kept stable
    assert "a psychiatrist" in s["label"] and "professionals" not in s["label"]
    assert "one manager" in s["description"]


def test_equal_responsibilities_is_a_preparation_action(strat):
    s = strat["strat-johansen-equal-responsibilities"]
    assert s["phase"] == "before" and s["status"] == "done"
    assert s["label"].startswith("Underline")
    assert "prepare" in s["description"]


def test_equal_responsibilities_influence_keeps_would():
    inf = by_id("influences")["workplace-integration-strategy--team-relationships"]
    assert "would promote" in inf["description"] and "equal" not in inf["description"]


# --- studies: countries the citing paper's text states --------------------------------

#: Cited studies whose country the citing paper's text states (the title does not name it).
TEXT_COUNTRIES = {
    "grant-2012": "US",    # 'In the US, there have been state and federal health care policies … (Grant et al., 2012)'
    "moran-2013": "US",    # 'In a study in the US, Moran et al. (2013) found …'
    "tse-2017": "HK",      # 'Findings of a peer support project in Hong Kong (Mindset project) … (Tse et al., 2017)'
    "byrne-2019": "AU",    # '"institutionalized discrimination" … in Australia'; 'In Australia, policy mandates …'
    "byrne-2016": "AU",    # 'challenges persist in Australia … (Byrne et al., 2016; Ehrlich et al., 2020)'
    "ehrlich-2020": "AU",
}


@pytest.mark.parametrize("study,country", sorted(TEXT_COUNTRIES.items()))
def test_cited_study_country_stated_in_the_text(studies, study, country):
    s = studies[study]
    assert s["is_source"] == "false"
    assert s["countries"] == country and s["country_basis"] == "text"


#: Considered in the sweep and left empty: the text names no country for the study itself.
LEFT_EMPTY = [
    "siantz-2016",          # cited for a general inference after the Australian sentence
    "creamer-2012",         # 'in the NHS' names an institution, not a country; the title says 'international'
    "berry-2011",           # 'several European countries, Japan' is not a country for the study
    "commonwealth-of-australia-2013", "department-of-health-2012", "samhsa-2021",  # four countries, four citations, unpaired
    "kemp-2012", "davidson-2012", "repper-2013",  # 'internationally established knowledge'
    "puschner-2019", "mutschler-2022", "korsbek-2021",
]


@pytest.mark.parametrize("study", LEFT_EMPTY)
def test_no_country_where_the_text_states_none(studies, study):
    assert studies[study]["countries"] == "" and studies[study]["country_basis"] == ""


def test_every_study_country_has_a_basis_and_vice_versa(studies):
    for s in studies.values():
        assert bool(s["countries"]) == bool(s["country_basis"]), s["id"]


# --- curation log ---------------------------------------------------------------------

AUDIT_DATE = "2026-12-07"

#: (table, record, field) of every audit correction.
CORRECTIONS = [
    ("evidence", "ev-akerblom-008", "paraphrase"),
    ("evidence", "ev-grim-069", "paraphrase"),
    ("evidence", "ev-grim-042", "quote"),
    ("evidence", "ev-grim-042", "paraphrase"),
    ("evidence", "ev-johansen-506", "quote"),
    ("evidence", "ev-johansen-506", "paraphrase"),
    ("evidence", "ev-akerblom-s01", "quote"),
    ("evidence", "ev-akerblom-s01", "paraphrase"),
    ("evidence", "ev-grim-lim-04", "evidence_type"),
    ("evidence", "ev-grim-lim-04", "paraphrase"),
    ("strategies", "strat-grim-decide-record-access", "description"),
    ("strategies", "strat-johansen-local-peer-training", "description"),
    ("strategies", "strat-grim-psw-tasks", "label"),
    ("strategies", "strat-akerblom-employ-before-professionals", "label"),
    ("strategies", "strat-johansen-equal-responsibilities", "label"),
    ("strategies", "strat-johansen-equal-responsibilities", "phase"),
    ("strategies", "strat-johansen-equal-responsibilities", "description"),
    ("influences", "workplace-integration-strategy--team-relationships", "description"),
    *[("studies", sid, field) for sid in TEXT_COUNTRIES for field in ("countries", "country_basis")],
]


@pytest.mark.parametrize("table,record,field", CORRECTIONS)
def test_each_correction_has_a_curation_log_row(table, record, field):
    log = [r for r in rows("curation_log") if (r["table"], r["record"], r["field"]) == (table, record, field)
           and r["date"] == AUDIT_DATE]
    assert log, (table, record, field)
    assert all(r["decision"] in {"corrected", "retagged"} and len(r["reason"]) > 40 for r in log)


def test_curation_log_ids_continue_the_sequence():
    ids = [int(r["id"].split("-")[1]) for r in rows("curation_log")]
    assert ids == list(range(1, len(ids) + 1))
