"""Subgraph selection on the synthetic fixture package and on the bundled data."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph import influence_graph, load_graph
from graph.query.filters import (
    factor_evidence,
    filter_influences,
    influence_neighbourhood,
    matching_evidence,
    neighbourhood,
    select_subgraph,
)
from graph.query.lookup import NotFound

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


@pytest.fixture
def M():
    return load_graph(MINI)


def test_matching_evidence_filters_combine(M):
    assert matching_evidence(M) == sorted(n for n, k in M.nodes(data="kind") if k == "evidence")
    assert matching_evidence(M, countries=["SE"]) == ["ev-rev-002", "ev-se-001", "ev-se-002", "ev-se-003"]
    # a cited study's title country counts where the text places the finding nowhere:
    # ev-rev-001 names no country and cites the GB and KE studies; ev-se-003 is placed in SE
    assert matching_evidence(M, countries=["united kingdom"]) == ["ev-rev-001"]
    assert matching_evidence(M, studies=["cited-gb"]) == ["ev-rev-001", "ev-se-003"]
    assert matching_evidence(M, countries=["SE", "DK"], perspectives=["manager"]) == ["ev-dk-001", "ev-se-001"]
    assert matching_evidence(M, polarities=["context"], countries=["NO"]) == []


def test_unknown_country_in_filter_raises_with_suggestions(M):
    with pytest.raises(NotFound) as err:
        matching_evidence(M, countries=["Atlantis"])
    assert matching_evidence(M, countries=["Swedn"]) == matching_evidence(M, countries=["SE"])
    assert "Atlantis" in str(err.value)


def test_filter_without_evidence_filters_keeps_framework_edges(M):
    D = influence_graph(M)
    H = filter_influences(M)
    assert set(H.edges) == set(D.edges)
    assert ("policy", "team") in H.edges and H.edges["policy", "team"]["evidence"] == []
    H2 = filter_influences(M, include_unevidenced=False)
    assert ("policy", "team") not in H2.edges
    assert all(a["evidence"] for _, _, a in H2.edges(data=True))


def test_evidence_filter_drops_unevidenced_edges_and_restricts_evidence(M):
    H = filter_influences(M, countries=["DK"])
    assert set(H.edges) == {("funding", "leadership"), ("policy-mandate", "role-clarity")}
    e = H.edges["policy-mandate", "role-clarity"]
    assert e["evidence"] == ["ev-dk-002"] and e["evidence_total"] == 2
    assert e["countries"] == ["DK"] and e["studies"] == ["src-se", "src-dk"]
    assert set(H.nodes) == set(influence_graph(M).nodes)  # factor set untouched by evidence filters
    assert H.nodes["policy"]["evidence_count"] == 2  # via its sub-themes funding and policy-mandate
    assert H.nodes["team"]["evidence_count"] == 0


def test_levels_themes_and_min_evidence(M):
    H = filter_influences(M, levels=["micro"])
    assert {a["level"] for _, a in H.nodes(data=True)} == {"micro"}
    assert set(H.edges) == {("team", "wellbeing"), ("wellbeing", "team"), ("stigma", "self-care")}
    H = filter_influences(M, themes=["Organizational culture", "team"])
    assert set(H) == {"org-culture", "role-clarity", "leadership", "team", "stigma"}
    H = filter_influences(M, min_evidence=2)
    assert set(H.edges) == {("policy-mandate", "role-clarity")}


def test_factor_evidence_includes_subthemes_and_influence_evidence(M):
    assert factor_evidence(M, "self-care") == ["ev-se-002", "ev-se-003"]
    assert factor_evidence(M, "wellbeing") == ["ev-rev-001", "ev-se-002", "ev-se-003"]
    assert factor_evidence(M, "wellbeing", {"ev-se-003"}) == ["ev-se-003"]


def test_neighbourhood_depth_and_relations(M):
    H = neighbourhood(M, "stigma", depth=2, relations=["influences"])
    assert set(H) == {"stigma", "role-clarity", "self-care", "policy-mandate"}
    assert H.nodes["policy-mandate"]["distance"] == 2
    assert {r for *_, r in H.edges(data="relation")} == {"influences"}
    H = neighbourhood(M, "stigma", depth=1)
    assert {"team", "micro", "ev-se-002", "ev-no-001", "st-no-stigma"} <= set(H)
    assert set(neighbourhood(M, "stigma", depth=0)) == {"stigma"}
    with pytest.raises(KeyError):
        neighbourhood(M, "nope")


def test_influence_neighbourhood_is_undirected(M):
    D = influence_graph(M)
    H = influence_neighbourhood(D, "stigma", 1)
    assert set(H) == {"stigma", "role-clarity", "self-care"}
    assert isinstance(H, nx.DiGraph) and H.has_edge("role-clarity", "stigma")
    assert "distance" not in D.nodes["stigma"]  # the cached graph is not touched


def test_select_subgraph_contents(M):
    H = select_subgraph(M, countries=["NO"])
    kinds = {k for _, k in H.nodes(data="kind")}
    assert kinds == {"factor", "level", "evidence", "study", "country"}
    ev = {n for n, k in H.nodes(data="kind") if k == "evidence"}
    assert ev == {"ev-no-001", "ev-no-002", "ev-rev-002"}
    infl = {(u, v): a for u, v, a in H.edges(data=True) if a["relation"] == "influences"}
    assert set(infl) == {("org-culture", "team"), ("policy", "org-culture"), ("role-clarity", "stigma")}
    assert infl["org-culture", "team"]["countries"] == ["NO", "SE"]
    assert {"src-no", "review-2022"} <= set(H) and "src-dk" not in H
    assert {"NO", "SE"} <= set(H)
    # every edge of the subgraph is an edge of the full graph
    for u, v, k in H.edges(keys=True):
        assert M.has_edge(u, v, k)


def test_bundled_filters_hold_structure(G):
    H = filter_influences(G, levels=["macro"])
    assert H.number_of_nodes() > 0
    assert all(a["level"] == "macro" for _, a in H.nodes(data=True))
    S = select_subgraph(G)
    assert {"psw-wellbeing", "policy-mandates", "macro"} <= set(S)
    for code in ("SE", "NO", "DK"):
        H = filter_influences(G, countries=[code])
        for _, _, a in H.edges(data=True):
            assert code in a["countries"] and a["evidence"]


def test_focus_keeps_the_neighbourhood_in_filters_and_exports(M):
    full = filter_influences(M)
    near = filter_influences(M, focus="stigma", depth=1)
    assert "stigma" in near and set(near) < set(full)
    assert set(near) == set(nx.single_source_shortest_path_length(full.to_undirected(), "stigma", cutoff=1))
    H = select_subgraph(M, focus="stigma", depth=1)
    assert {n for n, k in H.nodes(data="kind") if k == "factor"} == set(near)
    # a focus hidden by another filter leaves nothing rather than failing
    assert filter_influences(M, levels=["macro"], focus="stigma").number_of_nodes() == 0


def test_a_single_country_string_is_one_country_everywhere_in_the_api():
    """``countries="DK"`` is Denmark (not the countries D and K), as ``["DK"]`` is, in every function taking it."""
    from graph import load_graph
    from graph.query.filters import filter_influences, matching_evidence, select_subgraph
    from graph.query.paths import influence_paths

    G = load_graph()
    one, listed = filter_influences(G, countries="Denmark"), filter_influences(G, countries=["DK"])
    assert one.number_of_edges() == listed.number_of_edges() > 0 and set(one.edges) == set(listed.edges)
    assert matching_evidence(G, countries="DK") == matching_evidence(G, countries=["DK"])
    assert set(select_subgraph(G, countries="DK")) == set(select_subgraph(G, countries=["DK"]))
    assert influence_paths(G, "regulatory-political", "psw-wellbeing", countries="DK") == \
        influence_paths(G, "regulatory-political", "psw-wellbeing", countries=["DK"])
