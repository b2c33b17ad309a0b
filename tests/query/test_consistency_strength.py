"""Strength follows the filter: items, papers and flags under random evidence filters, recomputed from the CSV files.

The reference here reads ``data/*.csv`` with the :mod:`csv` module alone (not the project's loader) and counts
as :mod:`graph.query.strength` says it counts:

* an influence's findings are the evidence rows naming it in ``influences`` (limitations left out); a factor's
  are the rows naming it or one of its sub-themes in ``factors``, or naming an influence it is an end of;
* all evidence: the papers are the reporting papers of the findings plus the paper stating the influence (its
  ``study``) or introducing the factor (``introduced_by``);
* under a filter: the findings that pass it, and the papers reporting *them* (the stating or introducing paper
  counts only in the all-evidence figure);
* contested: an enabling (enabler, mixed) and a hindering (barrier, mixed) finding; single source: one paper.

An evidence row concerns the countries it names, or when it names none those of the studies it cites; it passes
a study filter when that study reports it or is cited by it.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import DEFAULT_DATA_DIR, load_graph
from graph.cli.commands import main
from graph.query.filters import Filters, matching_set
from graph.query.paths import influence_view, path_search
from graph.query.strength import (
    edge_strength,
    factor_strength,
    influence_strength,
    influences_strength,
    papers_label,
    strength_label,
)

DATA = Path(DEFAULT_DATA_DIR)
NONE = "not-stated"


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


@cache
def _findings() -> dict[str, dict]:
    """Every finding row: study, polarity, perspective, cited studies, countries (own, else the cited studies')."""
    study_countries = {r["id"]: _split(r["countries"]) for r in _rows("studies")}
    out = {}
    for r in _rows("evidence"):
        if (r.get("evidence_type") or "finding") != "finding":
            continue
        cites = _split(r["cites"])
        countries = _split(r["countries"]) or sorted({c for s in cites for c in study_countries.get(s, [])})
        out[r["id"]] = {"study": r["study"], "polarity": r["polarity"], "perspective": r["perspective"],
                        "cites": cites, "countries": countries, "factors": _split(r["factors"]),
                        "influences": _split(r["influences"])}
    return out


def _passes(e: dict, f: dict) -> bool:
    """Whether a finding passes the evidence filters *f* (alternatives within one, every one must hold)."""
    return ((not f["countries"] or bool(set(e["countries"] or [NONE]) & set(f["countries"])))
            and (not f["studies"] or bool({e["study"], *e["cites"]} & set(f["studies"])))
            and (not f["polarities"] or e["polarity"] in f["polarities"])
            and (not f["perspectives"] or e["perspective"] in f["perspectives"]))


def _reference(ids: set[str], stated_by: set[str], f: dict) -> dict:
    """Items, papers and flags of the findings *ids* under *f*; the all-evidence figures under ``all``."""
    found = _findings()

    def count(keep: set[str], extra: set[str]) -> dict:
        papers = {found[e]["study"] for e in keep} | extra
        pols = {found[e]["polarity"] for e in keep}
        return {"evidence": len(keep), "papers": len(papers), "single_source": len(papers) == 1,
                "contested": bool(pols & {"enabler", "mixed"}) and bool(pols & {"barrier", "mixed"})}
    whole = count(ids, stated_by)
    if not any(f.values()):
        return whole
    return {**count({e for e in ids if _passes(found[e], f)}, set()), "all": whole}


def _influence_findings(influence: str) -> set[str]:
    return {e for e, a in _findings().items() if influence in a["influences"]}


@cache
def _ends() -> dict[str, tuple[str, str]]:
    return {r["id"]: (r["source"], r["target"]) for r in _rows("influences")}


def _factor_findings(factor: str) -> set[str]:
    members = {factor} | {r["id"] for r in _rows("factors") if r["parent"] == factor}
    return {e for e, a in _findings().items()
            if members & ({*a["factors"]} | {x for i in a["influences"] for x in _ends().get(i, ())})}


def _as_reference(record: dict) -> dict:
    """The fields of a strength record the reference computes."""
    keys = ("evidence", "papers", "single_source", "contested")
    out = {k: record[k] for k in keys}
    if "all" in record:
        out["all"] = {k: record["all"][k] for k in keys}
    return out


def _filter_state():
    countries = sorted({c for a in _findings().values() for c in a["countries"]}) + [NONE]
    studies = sorted({r["study"] for r in _rows("evidence")}) + ["tse-2017", "byrne-2019"]
    return st.fixed_dictionaries({
        "countries": st.lists(st.sampled_from(countries), max_size=2, unique=True),
        "studies": st.lists(st.sampled_from(studies), max_size=1, unique=True),
        "polarities": st.lists(st.sampled_from(["enabler", "barrier", "mixed", "context"]), max_size=2, unique=True),
        "perspectives": st.lists(st.sampled_from(["manager", "peer worker", "staff", "reviewer"]), max_size=1,
                                 unique=True),
    })


@pytest.fixture(scope="module")
def G():
    return load_graph()


def _allowed(G, f: dict) -> frozenset[str] | None:
    filters = Filters.resolve(G, **{k: v for k, v in f.items() if v})
    return matching_set(G, filters) if filters.has_evidence_filter else None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=_filter_state())
def test_every_influence_and_factor_counts_the_filtered_evidence_and_gives_the_total(G, f):
    allowed = _allowed(G, f)
    for r in _rows("influences"):
        expected = _reference(_influence_findings(r["id"]), {r["study"]}, f)
        assert _as_reference(influence_strength(G, r["source"], r["target"], allowed)) == expected, (r["id"], f)
    for r in _rows("factors"):
        stated = {r["introduced_by"]} if r["introduced_by"] else set()
        expected = _reference(_factor_findings(r["id"]), stated, f)
        assert _as_reference(factor_strength(G, r["id"], allowed)) == expected, (r["id"], f)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=_filter_state())
def test_a_rolled_up_theme_line_counts_the_filtered_evidence_of_every_influence_it_stands_for(G, f):
    allowed = _allowed(G, f)
    stating = {r["id"]: r["study"] for r in _rows("influences")}
    for _, _, a in influence_view(G, "theme").edges(data=True):
        ids = a["influences"]
        expected = _reference(set().union(*(_influence_findings(i) for i in ids)), {stating[i] for i in ids}, f)
        assert _as_reference(edge_strength(G, a, allowed)) == expected, (ids, f)


def test_denmark_role_clarity_to_readiness_is_one_danish_item_from_one_paper_of_four_in_all(G):
    dk = {"countries": ["DK"], "studies": [], "polarities": [], "perspectives": []}
    expected = _reference(_influence_findings("role-clarity--staff-readiness"), {"mirbahaeddin-2022"}, dk)
    assert (expected["evidence"], expected["papers"], expected["all"]["papers"], expected["all"]["contested"]) == \
        (1, 1, 4, True)
    s = influence_strength(G, "role-clarity", "staff-readiness", matching_set(G, Filters(countries=("DK",))))
    assert _as_reference(s) == expected
    assert not s["contested"]  # one Danish item cannot be both an enabler and a barrier
    assert papers_label(s) == "1 paper · 4 papers in all"
    label = strength_label(s, scope="in Denmark")
    assert label.startswith("1 evidence item in Denmark from 1 paper · ")
    assert "in all evidence: " in label and ", 4 papers, " in label and label.endswith("contested")
    # unfiltered, the record is the all-evidence one, with no "in all" beside it
    whole = influence_strength(G, "role-clarity", "staff-readiness")
    assert "all" not in whole and _as_reference(whole) == expected["all"]


def test_the_path_finder_list_shows_the_danish_hop_from_one_paper_and_four_in_all(G):
    from dashapp.pages.paths import hop_scope, path_list

    found = path_search(G, "role-clarity", "staff-readiness", max_hops=1, countries=["DK"])
    scope = hop_scope(G, ["DK"])
    assert scope == "in Denmark"
    listed = path_list(G, found["paths"], filtered=True, scope=scope)
    text = " ".join(_texts(listed))
    assert "1 evidence item · Denmark" in text and "1 paper · 4 papers in all" in text
    assert "contested" not in text  # the Danish evidence is not contested (all of it is: the tooltip says so)
    assert "in all evidence: 8 evidence items, 4 papers" in " ".join(_texts(listed, titles=True))


def _texts(component, titles: bool = False) -> list[str]:
    """Every string a Dash component tree shows (with *titles*, its tooltips too)."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for c in component for t in _texts(c, titles)]
    out = [component.title] if titles and isinstance(getattr(component, "title", None), str) else []
    children = getattr(component, "children", None)
    return out + (_texts(children, titles) if children is not None else [])


def test_the_cli_paths_json_gives_each_hop_the_filtered_strength_and_the_total(capsys):
    assert main(["paths", "role-clarity", "staff-readiness", "--max-hops", "1", "--country", "DK", "--json"]) == 0
    hop = json.loads(capsys.readouterr().out)["paths"][0]["hops"][0]
    dk = {"countries": ["DK"], "studies": [], "polarities": [], "perspectives": []}
    assert _as_reference(hop["strength"]) == _reference(_influence_findings("role-clarity--staff-readiness"),
                                                         {"mirbahaeddin-2022"}, dk)


def test_the_cli_paths_table_says_papers_and_papers_in_all(capsys):
    assert main(["paths", "role-clarity", "staff-readiness", "--max-hops", "1", "--country", "Denmark"]) == 0
    out = capsys.readouterr().out
    head, _, row = out.split("\n#1")[1].splitlines()[1:4]
    cells = row.split()
    assert "papers in all" in head and cells[-4:] == ["1", "4", "single", "source"], row
    assert "papers reporting the hop's evidence in Denmark" in out


def test_the_written_summary_states_the_filtered_strength_beside_the_total(G):
    from graph.present.report import summary_markdown

    text = summary_markdown(G, influence=("role-clarity", "staff-readiness"), filters={"countries": ["DK"]})
    assert "1 evidence item in Denmark from 1 paper" in text and "in all evidence: " in text


def test_influences_strength_under_a_filter_is_kept_per_graph_and_filter(G):
    allowed = matching_set(G, Filters(countries=("NO",), polarities=("barrier",)))
    ids = ["role-clarity--staff-readiness"]
    assert influences_strength(G, ids, allowed) is influences_strength(G, ids, allowed)
    assert influences_strength(G, ids, allowed)["all"] is influences_strength(G, ids)
