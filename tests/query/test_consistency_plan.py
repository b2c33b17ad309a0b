"""The Plan's problem / strength partition, checked against the CSV files read with the ``csv`` module.

Nothing here uses the project's loader to compute the expected answers: the reference reads
``data/evidence.csv``, ``studies.csv``, ``influences.csv``, ``factors.csv`` and ``strategies.csv`` directly and
mirrors, independently, how the build attributes an evidence row to countries (its own countries, else the
countries of the studies it cites) and to factors (those it is tagged to, and both ends of each influence it
evidences; a stated limitation is no evidence for a factor).

- For random self-assessments (hypothesis) and for every country start, the checklist's problems and the
  strengths it lists are disjoint, and its problems are exactly the factors marked a problem that some strategy
  addresses (the factor itself, or for a theme one of its sub-themes).
- A country start marks as problems exactly the factors whose evidence from that country has more barrier
  items than enabler items (mixed on neither side).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import DEFAULT_DATA_DIR, load_graph
from graph.query.plan import checklist, country_problems, upgrade_assessment

DATA = Path(DEFAULT_DATA_DIR)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ids(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


FACTORS = _rows("factors")
FACTOR_IDS = sorted(r["id"] for r in FACTORS)
COUNTRIES = sorted(r["id"] for r in _rows("countries"))


def reference_country_counts() -> dict[str, dict[str, dict[str, int]]]:
    """country -> factor -> {barrier, enabler, mixed}: distinct evidence rows, from the CSV files alone."""
    study_countries = {r["id"]: _ids(r["countries"]) for r in _rows("studies")}
    ends = {r["id"]: (r["source"], r["target"]) for r in _rows("influences")}
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for r in _rows("evidence"):
        if (r.get("evidence_type") or "finding") == "limitation" or r["polarity"] not in ("barrier", "enabler", "mixed"):
            continue
        countries = set(_ids(r["countries"])) or {c for s in _ids(r["cites"]) for c in study_countries.get(s, [])}
        factors = set(_ids(r["factors"])) | {f for i in _ids(r["influences"]) for f in ends[i]}
        for c in countries:
            for f in factors:
                out[c][f][r["polarity"]] += 1
    return out


REFERENCE = reference_country_counts()


def reference_problems(country: str) -> set[str]:
    return {f for f, c in REFERENCE.get(country, {}).items() if c["barrier"] > c["enabler"]}


def reference_addressed() -> set[str]:
    """Factors some strategy addresses: named in ``addresses``, or a theme one of whose sub-themes is."""
    named = {f for r in _rows("strategies") for f in _ids(r["addresses"])}
    parents = {r["id"]: r["parent"] for r in FACTORS if r["parent"]}
    return named | {parents[f] for f in named if f in parents}


ADDRESSED = reference_addressed()


@pytest.fixture(scope="module")
def G():
    return load_graph()


def _check_partition(G, assessment: dict[str, str]) -> None:
    items = checklist(G, assessment)
    problems = {i["factor"] for i in items}
    listed_strengths = {f for i in items for f in i["strengths"]} | {
        f for i in items for s in i["strategies"] for f, state in s["relies_on_state"].items() if state == "strength"}
    marked_problems = {f for f, s in assessment.items() if s == "problem"}
    assert problems.isdisjoint(listed_strengths), problems & listed_strengths
    assert marked_problems.isdisjoint(listed_strengths)
    assert problems == marked_problems & ADDRESSED
    for i in items:  # every relied-on factor is shown with the one mark it has
        for s in i["strategies"]:
            assert s["relies_on_state"] == {f: assessment.get(f, "unknown") for f in s["relies_on"]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FACTOR_IDS), st.sampled_from(["problem", "strength", "unknown"]), max_size=20))
def test_random_assessments_never_list_a_problem_as_a_strength(G, assessment):
    _check_partition(G, assessment)


@pytest.mark.parametrize("country", COUNTRIES)
def test_a_country_start_marks_the_mostly_barrier_factors_and_nothing_else(G, country):
    if country not in G:
        pytest.skip(f"{country}: no evidence")
    marked = country_problems(G, country)
    assert set(marked) == reference_problems(country)
    _check_partition(G, dict.fromkeys(marked, "problem"))


def test_the_issues_danish_plan_no_longer_contradicts_itself(G):
    """Start from Denmark, then mark leadership and consultation strengths and training a problem (issue 22)."""
    start = dict.fromkeys(country_problems(G, "DK"), "problem")
    assert "mentoring" not in start  # mostly enabler evidence from Denmark: not marked a problem
    assert "leadership-commitment" not in start and "stakeholder-consultation" not in start
    marks = {**start, "leadership-commitment": "strength", "stakeholder-consultation": "strength",
             "training-socialization": "problem"}
    _check_partition(G, marks)
    items = checklist(G, marks)
    assert "training-socialization" in {i["factor"] for i in items}
    assert {"leadership-commitment", "stakeholder-consultation"} & {f for i in items for f in i["strengths"]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FACTOR_IDS), st.sampled_from(["present", "absent", "problem", "strength"]),
                       max_size=20))
def test_old_marks_convert_present_to_problem_and_absent_to_not_known(G, old):
    new, converted = upgrade_assessment(old)
    assert {f for f, s in new.items() if s == "problem"} == {f for f, s in old.items() if s in ("present", "problem")}
    assert {f for f, s in new.items() if s == "strength"} == {f for f, s in old.items() if s == "strength"}
    assert sorted(converted.get("absent", [])) == sorted(f for f, s in old.items() if s == "absent")
    _check_partition(G, new)
