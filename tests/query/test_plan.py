"""graph.query.plan and the planning commands: strategies for a factor, the checklist and its ranking."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import graph
from graph import DEFAULT_DATA_DIR
from graph.cli.commands import main
from graph.export import export_graph
from graph.query.filters import select_subgraph
from graph.query.plan import checklist, checklist_rows, strategies_for, strategy_record

MINI = Path(__file__).parents[1] / "fixtures" / "mini"

# Synthetic strategies over the mini fixture, each quoting an evidence row of its own study.
FIXTURE_STRATEGIES = [
    ("strat-se-stigma", "src-se", "Talk about stigma", "stigma", "", "ev-se-002"),
    ("strat-se-self-care", "src-se", "Protect self-care time", "self-care", "leadership", "ev-se-003"),
    ("strat-dk-funding", "src-dk", "Find funds", "funding", "", "ev-dk-001"),
    ("strat-dk-mandate", "src-dk", "Use the mandate", "policy-mandate", "", "ev-dk-002"),
    ("strat-no-roles", "src-no", "Describe the role", "role-clarity", "policy-mandate", "ev-no-001"),
]


@pytest.fixture
def plan_pkg(tmp_path: Path) -> Path:
    """The mini fixture with a strategies table (schema copied from the bundled package)."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    bundled = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"].append(next(r for r in bundled["resources"] if r["name"] == "strategies"))
    (dest / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with (dest / "strategies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "study", "label", "description", "actor", "phase", "status", "addresses", "relies_on",
                    "evidence", "eric_crosswalk"])
        for sid, study, label, addresses, relies_on, ev in FIXTURE_STRATEGIES:
            w.writerow([sid, study, label, f"Synthetic: {label.lower()}.", "manager", "during", "done", addresses,
                        relies_on, ev, ""])
    graph.clear_cache()
    return dest


def test_checklist_ranking_on_a_fixture_known_by_hand(plan_pkg):
    """By level (macro, meso, micro); within a level by downstream reach, then barrier evidence.

    Reach in the mini influence graph: policy-mandate 3 (role-clarity, stigma, self-care), funding 1
    (leadership), role-clarity 2, stigma 2 and self-care 2; barrier evidence: stigma 2 (ev-se-002,
    ev-no-001), self-care 1 (ev-se-002). Leadership has no strategy, so it is no item.
    """
    G = graph.load_graph(plan_pkg)
    marked = ["self-care", "funding", "stigma", "role-clarity", "policy-mandate"]
    items = checklist(G, {**{f: "problem" for f in marked}, "leadership": "strength"})
    assert [i["factor"] for i in items] == ["policy-mandate", "funding", "role-clarity", "stigma", "self-care"]
    assert [i["reach"] for i in items] == [3, 1, 2, 2, 2]
    assert [i["barrier_evidence"] for i in items if i["level"] == "micro"] == [2, 1]
    assert items[-1]["strengths"] == ["leadership"]
    assert items[2]["strategies"][0]["relies_on_state"] == {"policy-mandate": "problem"}
    assert items[2]["strengths"] == [] and items[2]["problems_relied_on"] == ["policy-mandate"]


def test_checklist_leaves_out_factors_not_marked_a_problem(plan_pkg):
    G = graph.load_graph(plan_pkg)
    items = checklist(G, {"stigma": "problem", "self-care": "strength", "funding": "unknown"})
    assert [i["factor"] for i in items] == ["stigma"]
    assert checklist(G, {}) == []


def test_checklist_rejects_unknown_factor_and_state(G):
    with pytest.raises(KeyError):
        checklist(G, {"no-such-factor": "problem"})
    with pytest.raises(ValueError, match="expected one of unknown, problem, strength"):
        checklist(G, {"stigma": "maybe"})
    with pytest.raises(ValueError, match="an old mark: convert it with upgrade_assessment"):
        checklist(G, {"stigma": "present"})


def test_checklist_rows_have_empty_tracking_columns_and_cite_the_papers(G):
    rows = checklist_rows(checklist(G, {"time-limited-project-funding": "problem", "role-clarity": "problem"}))
    assert {r["problem"] for r in rows} == {"Time-limited project funding", "Role clarity or ambiguity"}
    assert all(r["owner"] == r["due"] == r["status"] == "" for r in rows)
    assert {"Grim et al. 2022", "Johansen et al. 2024", "Åkerblom et al. 2023"} <= {r["source"] for r in rows}
    assert all(r["evidence"].split()[0].isdigit() for r in rows)


def test_strategies_for_a_country_keep_only_that_countrys_evidence(G):
    everywhere = strategies_for(G, "staff-readiness")
    dk = strategies_for(G, "staff-readiness", "DK")
    assert 0 < len(dk) < len(everywhere)
    assert {r["study"] for r in dk} == {"johansen-2024"}
    assert all(e["countries"] == ["DK"] for r in dk for e in r["evidence"])


def test_strategies_for_a_theme_include_its_subthemes_unless_direct(G):
    theme = strategies_for(G, "economic-financial")
    assert "strat-grim-permanent-posts" in [r["id"] for r in theme]
    assert {"time-limited-project-funding", "health-system-funding"} <= {f for r in theme for f in r["via"]}
    assert strategies_for(G, "economic-financial", subthemes=False) == []


def test_strategy_record_of_unknown_id_raises(G):
    with pytest.raises(KeyError):
        strategy_record(G, "stigma")


def test_cli_strategies_lists_danish_preparation_with_fm_codes(capsys):
    assert main(["strategies", "Staff readiness", "--country", "DK"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("9 strategies addressing Readiness for the integration of PSWs")
    assert "Choose mentors the team listens to" in out and "Involve staff early in preparing PSW employment" in out
    assert "(FM5)" in out and "(FM2)" in out
    assert "Grim et al." not in out and "Åkerblom" not in out
    assert "ERIC (our crosswalk): Identify and prepare champions" in out


def test_cli_strategies_json_and_unknown_factor(capsys):
    assert main(["strategies", "time-limited-project-funding", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["factor"] == "time-limited-project-funding" and data["country"] is None
    assert all(r["evidence"] and r["evidence"][0]["quote"] for r in data["strategies"])
    assert main(["strategies", "no such factor at all"]) == 2
    assert "pswgraph strategies" in capsys.readouterr().err


def test_cli_checklist_csv(capsys):
    assert main(["checklist", "--problem", "Time-limited project funding", "--problem", "role-clarity", "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # a byte-order mark: a spreadsheet reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert list(rows[0]) == ["level", "problem", "phase", "strategy", "actor", "reported_as", "evidence", "source",
                             "owner", "due", "status"]
    assert rows[0]["problem"] == "Time-limited project funding"  # macro before meso
    assert "Set aside funds centrally for PSW posts" in {r["strategy"] for r in rows}


def test_exports_include_strategies(G):
    H = select_subgraph(G, countries=["DK"])
    strategies = {n for n, k in H.nodes(data="kind") if k == "strategy"}
    assert "strat-johansen-influential-mentors" in strategies
    for s in strategies:  # kept through evidence concerning Denmark (as the text places it, or a cited title)
        assert any("DK" in G.nodes[e]["country_bases"] for e in G.nodes[s]["evidence"] if e in H), s
    text = export_graph(H, "graphml").decode("utf-8")
    assert "strat-johansen-influential-mentors" in text and "supported_by" in text


# ----------------------------------------------------------------------------- the Plan tab's graph


def _drawn_factors(elements: list[dict]) -> dict[str, dict]:
    """The factors drawn (theme boxes, open themes' boxes and sub-themes) by id: data and classes."""
    return {e["data"]["id"]: {**e["data"], "classes": e.get("classes", "").split()} for e in elements
            if e["data"].get("kind") in ("factor", "group")}


def test_plan_graph_opens_on_the_themes_alone(G):
    from dashapp.pages.plan import graph_elements

    themes = {n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"}
    drawn = _drawn_factors(graph_elements(G, {"mentoring": "strength", "stigma": "problem"}))
    assert set(drawn) == themes and len(themes) == 9
    assert all(d["factor_kind"] == "theme" and "parent" not in d for d in drawn.values())


def test_a_plan_graph_over_the_element_cap_draws_its_strongest_influences_and_says_so(G):
    """A package whose themes and influences exceed the canvas cap (here a cap of 30 on the bundled data's 47):
    every theme still drawn, only the influences with the most evidence, and the note counts those left out."""
    from dashapp.pages.plan import graph_elements, graph_note, plan_view

    themes = {n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"}
    drawn = plan_view(G, cap=30)
    elements = graph_elements(G, {}, cap=30)
    assert set(_drawn_factors(elements)) == themes
    lines = [(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]]
    assert sorted(lines) == sorted(drawn.graph.edges)
    every = plan_view(G).graph
    counts = sorted((a.get("evidence_count") or 0 for _, _, a in every.edges(data=True)), reverse=True)
    kept = sorted((every.edges[e].get("evidence_count") or 0 for e in lines), reverse=True)
    assert kept == counts[:len(lines)] and 0 < len(lines) < every.number_of_edges()  # the strongest, not any
    assert f"only the {len(lines)} strongest of {every.number_of_edges()} are drawn" in graph_note(drawn)
    assert graph_note(plan_view(G)) == ""


def test_opening_a_theme_draws_its_sub_themes_with_their_own_marks(G):
    from dashapp.pages.plan import graph_elements

    themes = {n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"}
    parts = {n for n, a in G.nodes(data=True) if a.get("theme") == "hrm-policies" and n != "hrm-policies"}
    drawn = _drawn_factors(graph_elements(G, {"mentoring": "problem", "retention": "strength"}, ["hrm-policies"]))
    assert set(drawn) == themes | parts  # the other themes stay closed
    assert all(drawn[n]["parent"] == "hrm-policies" for n in parts)
    assert "st-problem" in drawn["mentoring"]["classes"] and drawn["mentoring"]["label"].startswith("✗ ")
    assert "st-strength" in drawn["retention"]["classes"] and drawn["retention"]["label"].startswith("✓ ")
    assert "st-unknown" in drawn["hiring-criteria"]["classes"] and drawn["hiring-criteria"]["label"].startswith("? ")
    assert "marks" not in drawn["hrm-policies"]  # open: the box stands for the theme's own mark only


def test_a_closed_themes_mark_counts_equal_the_marks_given(G):
    from dashapp.pages.plan import graph_elements

    marks = {"mentoring": "problem", "retention": "problem", "hiring-criteria": "strength", "hrm-policies": "strength",
             "self-care": "strength", "emotional-involvement": "strength", "psw-wellbeing": "strength"}
    drawn = _drawn_factors(graph_elements(G, marks))
    hrm = 1 + sum(1 for _, a in G.nodes(data=True) if a.get("theme") == "hrm-policies" and a["factor_kind"] != "theme")
    assert drawn["hrm-policies"]["marks"] == {"problem": 2, "strength": 2, "unknown": hrm - 4}
    assert drawn["hrm-policies"]["label"].endswith(f"✗ 2 · ✓ 2 · ? {hrm - 4}")
    assert "2 problems, 2 strengths" in drawn["hrm-policies"]["title"]
    assert "st-problem" in drawn["hrm-policies"]["classes"]  # at least one of its factors is a problem
    assert drawn["psw-wellbeing"]["marks"] == {"problem": 0, "strength": 3, "unknown": 0}
    assert "st-strength" in drawn["psw-wellbeing"]["classes"]  # every one of its factors is a strength
    unmarked = sum(1 for _, a in G.nodes(data=True) if a.get("theme") == "regulatory-political")
    assert drawn["regulatory-political"]["marks"] == {"problem": 0, "strength": 0, "unknown": unmarked}
    assert "st-unknown" in drawn["regulatory-political"]["classes"]
    # over the nine themes, every mark is counted once
    totals = {s: sum(d["marks"][s] for d in drawn.values()) for s in ("problem", "strength", "unknown")}
    n_factors = sum(1 for _, a in G.nodes(data=True) if a.get("kind") == "factor")
    assert totals == {"problem": 2, "strength": 5, "unknown": n_factors - 7}


def test_one_theme_opens_at_a_time_and_the_url_keeps_it(G):
    from dashapp import controls as state
    from dashapp.pages import plan

    assert plan.open_themes(G, ["no-such-theme", "self-care", "psw-wellbeing", "hrm-policies"]) == ["psw-wellbeing"]
    assert state.decode("?tab=plan&popen=psw-wellbeing")[plan.OPEN] == ["psw-wellbeing"]
    assert state.encode({plan.OPEN: ["psw-wellbeing"]}) == "?popen=psw-wellbeing"


# ----------------------------------------------------------------------------- old marks, old links


def test_an_old_link_reads_has_as_problems_and_lacks_as_not_known():
    from dashapp import controls as state
    from dashapp.pages import plan
    from graph.query.plan import upgrade_assessment

    d = state.decode("?tab=plan&has=stigma,role-clarity&lacks=mentoring")
    assert d[plan.PROBLEM] == ["stigma", "role-clarity"] and d[plan.STRENGTH] == []
    old = state.old_plan_marks("?tab=plan&has=stigma,role-clarity&lacks=mentoring")
    new, _ = upgrade_assessment(old)  # the address reads has/lacks as the files' converter does
    assert sorted(f for f, s in new.items() if s == "problem") == sorted(d[plan.PROBLEM])
    assert state.decode("?problem=stigma&has=mentoring")[plan.PROBLEM] == ["stigma"]  # the new key wins
    assert state.old_plan_marks("?problem=stigma") == {}
    assert state.encode({plan.PROBLEM: ["stigma"], plan.STRENGTH: ["mentoring"]}) == \
        "?problem=stigma&strength=mentoring"


def test_an_old_json_file_loads_converted_with_a_note(G):
    import base64

    from dashapp.pages import plan

    labels = {n: a["label"] for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    old = json.dumps({"pswgraph_self_assessment": 1, "assessment": {"stigma": "present", "mentoring": "absent"}})
    loaded, message = plan.parse_upload("data:application/json;base64," + base64.b64encode(old.encode()).decode(),
                                        labels)
    assert loaded == {"stigma": "problem", "mentoring": "unknown"}
    assert "old format" in message and "1 factor marked present is now a problem here" in message
    assert labels["mentoring"] in message and "now not known" in message
    new = plan.to_json({"stigma": "problem", "mentoring": "strength"})
    again, message = plan.parse_upload("data:application/json;base64," + base64.b64encode(new.encode()).decode(),
                                       labels)
    assert again == {"stigma": "problem", "mentoring": "strength"} and "old format" not in message
