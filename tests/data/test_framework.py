"""The review's multilevel framework (Mirbahaeddin & Chreim 2022, Table 2) is in the data exactly."""

from __future__ import annotations

import pytest

from graph import influence_graph

REVIEW = "mirbahaeddin-2022"
MESO = ["organizational-culture", "leadership-supervision", "change-management", "hrm-policies"]

THEMES = {
    "macro-sociocultural": "macro",
    "regulatory-political": "macro",
    "economic-financial": "macro",
    "organizational-culture": "meso",
    "leadership-supervision": "meso",
    "change-management": "meso",
    "hrm-policies": "meso",
    "team-relationships": "micro",
    "psw-wellbeing": "micro",
}

SUBTHEMES = {
    "macro-sociocultural": ["Discourses on medical model and recovery approach", "Professional power dynamics",
                            "Training and certification"],
    "regulatory-political": ["Policy mandates", "Political commitment"],
    "economic-financial": ["Historical influence of voluntary work", "Financial structures in health systems (funding)",
                           "Economic uncertainty"],
    "organizational-culture": ["More or less hierarchical culture", "Role clarity or ambiguity"],
    "leadership-supervision": ["Commitment of organizational leadership", "Commitment of supervisors"],
    "change-management": ["Change management model", "Consultation of various stakeholders",
                          "Workplace integration strategy"],
    "hrm-policies": ["Hiring criteria and procedures", "Remuneration of PSWs", "Training & socialization", "Retention",
                     "Access to resources (self-care & education, network of PSWs, physical resources)"],
    "team-relationships": ["Stigma (various types)", "Readiness for the integration of PSWs in mental health teams",
                           ("Role boundaries (disclosure of PSW mental illness information & disclosure of peers' "
                            "information to the team)")],
    "psw-wellbeing": ["Emotional involvement", "Self-care"],
}

# Table 2, last column ("Meso: All themes" = the four meso themes).
TABLE2 = {
    "macro-sociocultural": ["regulatory-political", "economic-financial", *MESO, "team-relationships"],
    "regulatory-political": ["macro-sociocultural", "economic-financial", *MESO, "team-relationships"],
    "economic-financial": ["hrm-policies"],
    "organizational-culture": ["leadership-supervision", "hrm-policies", "team-relationships"],
    "leadership-supervision": ["organizational-culture", "hrm-policies", "team-relationships"],
    "change-management": ["organizational-culture", "hrm-policies", "team-relationships"],
    "hrm-policies": ["organizational-culture", "team-relationships", "psw-wellbeing"],
    "team-relationships": ["psw-wellbeing"],
    "psw-wellbeing": [],
}
TABLE2_EDGES = {(s, t) for s, ts in TABLE2.items() for t in ts}


def _factors(G, kind):
    return {n: a for n, a in G.nodes(data=True) if a["kind"] == "factor" and a["factor_kind"] == kind}


def test_three_levels_in_order(G):
    levels = sorted((a["rank"], n) for n, a in G.nodes(data=True) if a["kind"] == "level")
    assert [n for _, n in levels] == ["macro", "meso", "micro"]
    assert "Source of role legitimacy" in G.nodes["macro"]["description"]


def test_review_themes_at_their_levels(G):
    review_themes = {n: a for n, a in _factors(G, "theme").items() if a["introduced_by"] == REVIEW}
    assert {n: a["level"] for n, a in review_themes.items()} == THEMES
    for n, level in THEMES.items():
        assert G.has_edge(n, level) and G.edges[n, level, 0]["relation"] == "at_level"


@pytest.mark.parametrize("theme", THEMES)
def test_review_subthemes_of_each_theme(G, theme):
    subs = [a["label"] for n, a in _factors(G, "subtheme").items() if a["parent"] == theme and a["introduced_by"] == REVIEW]
    assert sorted(subs) == sorted(SUBTHEMES[theme])


def test_25_review_subthemes(G):
    assert sum(1 for a in _factors(G, "subtheme").values() if a["introduced_by"] == REVIEW) == 25


def test_table2_influences_exactly(G):
    D = influence_graph(G)
    review_theme_edges = {
        (u, v) for u, v, a in D.edges(data=True)
        if a["study"] == REVIEW and D.nodes[u]["factor_kind"] == "theme" and D.nodes[v]["factor_kind"] == "theme"
    }
    assert review_theme_edges == TABLE2_EDGES
    assert len(TABLE2_EDGES) == 28
    assert all(D.edges[e]["basis"] == "framework" for e in TABLE2_EDGES)


def test_finer_review_influences_roll_up_into_table2(G):
    D = influence_graph(G)
    for u, v, a in D.edges(data=True):
        if a["study"] != REVIEW or a["basis"] == "framework":
            continue
        tu, tv = D.nodes[u]["theme"], D.nodes[v]["theme"]
        assert tu == tv or (tu, tv) in TABLE2_EDGES, f"{u} -> {v} rolls up to {tu} -> {tv}, not in Table 2"


def test_direction_and_scope(G):
    D = influence_graph(G)
    assert D.edges["regulatory-political", "team-relationships"]["direction"] == "downward"
    assert D.edges["regulatory-political", "team-relationships"]["scope"] == "inter-level"
    assert D.edges["team-relationships", "psw-wellbeing"]["direction"] == "lateral"
    assert D.edges["team-relationships", "psw-wellbeing"]["scope"] == "intra-level"
    # Table 2 holds only inter (downward) and intra-level influences
    assert all(D.edges[e]["direction"] != "upward" for e in TABLE2_EDGES)


def test_review_is_a_source_study(G):
    review = G.nodes[REVIEW]
    assert review["kind"] == "study" and review["is_source"] is True and review["year"] == 2022
    assert review["title"].startswith("A Narrative Review of Factors Influencing Peer Support Role Implementation")
