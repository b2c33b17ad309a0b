"""Paths, comparison, evidence matrix and ranking on the fixture package and the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import influence_graph, load_graph
from graph.query.compare import compare_countries, pathway_country_matrix
from graph.query.lookup import NotFound
from graph.query.matrix import evidence_matrix, pivot_matrix
from graph.query.paths import (
    DEFAULT_GRANULARITY,
    downstream,
    influence_paths,
    path_search,
    shortest_influence_path,
    theme_graph,
    upstream,
)
from graph.query.rank import rank_factors

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
THEMES = ["macro-sociocultural", "regulatory-political", "economic-financial", "organizational-culture",
          "leadership-supervision", "change-management", "hrm-policies", "team-relationships", "psw-wellbeing"]


@pytest.fixture
def M():
    return load_graph(MINI)


def test_paths_subtheme_granularity(M):
    paths = influence_paths(M, "mandates", "Self care")  # alias and label
    assert [p["nodes"] for p in paths] == [["policy-mandate", "role-clarity", "stigma", "self-care"]]
    hops = paths[0]["hops"]
    assert hops[0] == {"source": "policy-mandate", "target": "role-clarity", "influences": ["policy-mandate--role-clarity"],
                       "evidence": ["ev-se-001", "ev-dk-002"], "studies": ["src-se", "src-dk"], "countries": ["DK", "SE"]}
    assert paths[0]["evidence_count"] == 4
    assert influence_paths(M, "policy-mandate", "self-care", max_hops=2) == []


def test_paths_ranked_by_evidence_then_hops(M):
    paths = influence_paths(M, "policy", "wellbeing", rank="total")
    assert [p["nodes"] for p in paths] == [["policy-mandate", "role-clarity", "stigma", "self-care"],  # 4 evidence
                                           ["policy", "org-culture", "team", "wellbeing"],  # 3 evidence
                                           ["policy", "team", "wellbeing"]]  # 1 evidence
    keys = [(-p["evidence_count"], len(p["hops"])) for p in paths]
    assert keys == sorted(keys)


def test_path_search_lists_at_most_limit_and_counts_the_rest(M):
    every = path_search(M, "policy", "wellbeing")
    assert every["total"] == 3 and every["exact"] and every["more"] == 0
    two = path_search(M, "policy", "wellbeing", limit=2)
    assert [p["nodes"] for p in two["paths"]] == [p["nodes"] for p in every["paths"][:2]]
    assert (two["total"], two["more"], two["exact"]) == (3, 1, True)


def test_paths_filtered_by_country_use_only_evidenced_hops(M):
    assert influence_paths(M, "policy-mandate", "self-care", countries=["DK"]) == []
    paths = influence_paths(M, "policy", "wellbeing", countries=["SE"], granularity="theme")
    for p in paths:
        for h in p["hops"]:
            assert h["evidence"] and "SE" in h["countries"]


def test_subtheme_granularity_theme_endpoints_stand_for_their_subthemes(M):
    """A theme source/target stands for the theme and its sub-themes (routes start/end at the actual factors)."""
    paths = influence_paths(M, "policy", "wellbeing", granularity="subtheme")
    assert ["policy-mandate", "role-clarity", "stigma", "self-care"] in [p["nodes"] for p in paths]
    for p in paths:
        assert p["nodes"][0] in {"policy", "policy-mandate", "funding"}
        assert p["nodes"][-1] in {"wellbeing", "self-care"}
        assert not set(p["nodes"][1:-1]) & {"policy", "policy-mandate", "funding", "wellbeing", "self-care"}
    assert shortest_influence_path(M, "policy-mandate", "wellbeing")["nodes"] == [
        "policy-mandate", "role-clarity", "stigma", "self-care"]
    assert influence_paths(M, "policy", "wellbeing", max_hops=2) == influence_paths(M, "policy", "wellbeing")[-1:]
    # a sub-theme endpoint inside the other endpoint's theme: the theme keeps its other members
    assert influence_paths(M, "policy", "policy-mandate") == []
    assert influence_paths(M, "policy", "policy") == []


def test_default_granularity_is_one_for_api_and_app():
    import inspect

    from dashapp import controls
    from dashapp.pages import paths as view
    from graph.query import paths

    assert DEFAULT_GRANULARITY in paths.GRANULARITIES and "DEFAULT_GRANULARITY" in paths.__all__
    for fn in (paths.influence_view, paths.influence_paths, paths.shortest_influence_path, paths.upstream,
               paths.downstream, pathway_country_matrix):
        assert inspect.signature(fn).parameters["granularity"].default == DEFAULT_GRANULARITY, fn.__name__
    assert controls.by_id(view.GRANULARITY).default == DEFAULT_GRANULARITY
    assert "DEFAULT_GRANULARITY" in paths.influence_paths.__doc__


def test_theme_granularity_rolls_up_and_merges_evidence(M):
    T = theme_graph(influence_graph(M))
    assert set(T) == {"policy", "org-culture", "team", "wellbeing"}
    e = T.edges["policy", "org-culture"]
    assert e["influences"] == ["funding--leadership", "policy--org-culture", "policy-mandate--role-clarity"]
    assert set(e["evidence"]) == {"ev-dk-001", "ev-no-002", "ev-se-001", "ev-dk-002"}
    assert e["countries"] == ["DK", "NO", "SE"]
    # self-care -> role-clarity rolls up to wellbeing -> org-culture (upward, inter-level)
    assert T.edges["wellbeing", "org-culture"]["direction"] == "upward"
    paths = influence_paths(M, "policy-mandate", "self-care", granularity="theme")
    assert ["policy", "team", "wellbeing"] in [p["nodes"] for p in paths]
    assert paths[0]["evidence_count"] == max(p["evidence_count"] for p in paths)


def test_shortest_up_and_downstream(M):
    p = shortest_influence_path(M, "policy", "wellbeing")
    assert p["nodes"] == ["policy", "team", "wellbeing"]
    assert shortest_influence_path(M, "self-care", "policy") is None
    assert downstream(M, "policy-mandate") == {"role-clarity": 1, "stigma": 2, "self-care": 3}
    assert upstream(M, "stigma") == {"role-clarity": 1, "policy-mandate": 2, "self-care": 2}
    assert upstream(M, "stigma", max_hops=1) == {"role-clarity": 1}
    assert upstream(M, "stigma", countries=["NO"]) == {"role-clarity": 1}


def test_unknown_factor_suggests(M):
    with pytest.raises(NotFound) as err:
        influence_paths(M, "stigmatisation of", "self-care")
    assert "stigma" in err.value.suggestions


def test_compare_countries_shape_and_sets(M):
    r = compare_countries(M, ["se", "Norway", "DK"])
    assert r["countries"] == ["SE", "NO", "DK"]
    assert r["per_country"]["DK"]["edges"] == [["funding", "leadership"], ["policy-mandate", "role-clarity"]]
    assert r["shared"] == []
    assert r["unique"]["SE"] == [["stigma", "self-care"]]
    assert r["unique"]["DK"] == [["funding", "leadership"]]
    for c in r["countries"]:
        assert all(e in r["per_country"][c]["edges"] for e in r["unique"][c])
    with pytest.raises(ValueError):
        compare_countries(M, ["SE", "sweden"])


def test_pathway_country_matrix(M):
    rows = pathway_country_matrix(M, "policy", "wellbeing", ["SE", "NO", "GB"])
    assert [r["nodes"] for r in rows] == [p["nodes"] for p in influence_paths(M, "policy", "wellbeing")]
    first = next(r for r in rows if r["nodes"] == ["policy", "team", "wellbeing"])
    assert first["hops"][1]["countries"] == {"SE": [], "NO": [], "GB": ["ev-rev-001"]}
    assert first["coverage"] == {"SE": 0, "NO": 0, "GB": 1}
    second = next(r for r in rows if r["nodes"] == ["policy", "org-culture", "team", "wellbeing"])
    assert second["coverage"]["NO"] == 2 and second["complete"] == []


def test_evidence_matrix_long_and_pivot(M):
    m = evidence_matrix(M)
    assert list(m.columns) == ["factor", "column", "polarity", "count"]
    from graph.query.filters import evidence_countries

    countries = {e: evidence_countries(M, e) for e, k in M.nodes(data="kind") if k == "evidence"}
    supported = {e: {v for _, v, r in M.out_edges(e, data="relation") if r == "supports"} for e in countries}
    assert int(evidence_matrix(M, as_recorded=True)["count"].sum()) == sum(  # one per (supported factor, country)
        len(supported[e]) * len(c) for e, c in countries.items())
    assert int(m["count"].sum()) == sum(  # rolled up: and once for the theme of those factors, each item once a row
        len(supported[e] | {M.nodes[f]["theme"] for f in supported[e]}) * len(c) for e, c in countries.items())
    wide = pivot_matrix(m)
    assert list(wide.index) == m.attrs["factors"] and list(wide.columns) == ["DK", "GB", "KE", "NO", "SE"]
    assert wide.loc["self-care", "SE"] == 2 and wide.loc["funding", "NO"] == 0
    assert pivot_matrix(m, "barrier").loc["self-care", "SE"] == 1
    s = pivot_matrix(evidence_matrix(M, by="study"))
    assert {"src-se", "src-no", "src-dk", "review-2022"} <= set(s.columns)
    assert s.loc["leadership", "src-dk"] == 1
    with pytest.raises(ValueError):
        evidence_matrix(M, by="planet")


def test_rank_factors(M):
    ranks = rank_factors(M)
    assert len(ranks) == 10
    by_id = {r["factor"]: r for r in ranks}
    assert by_id["policy-mandate"]["reach"] == 3 and by_id["policy-mandate"]["reached_by"] == 0
    assert by_id["role-clarity"]["betweenness"] > 0 and by_id["policy"]["betweenness"] == 0
    keys = [(-r["reach"], -r["betweenness"], -r["evidence_count"]) for r in ranks]
    assert keys == sorted(keys)


# bundled data: hold whatever the curation adds

def test_bundled_paths_between_table2_themes(G):
    for source in ("regulatory-political", "macro-sociocultural"):
        paths = influence_paths(G, source, "psw-wellbeing", granularity="theme")
        assert paths, source
        for p in paths:
            assert p["nodes"][0] == source and p["nodes"][-1] == "psw-wellbeing" and len(p["hops"]) <= 4
            assert len(set(p["nodes"])) == len(p["nodes"])
            for h in p["hops"]:
                assert G.has_edge(h["source"], h["target"]) or h["source"] in THEMES


@pytest.mark.parametrize("country", ["SE", "NO", "DK"])
def test_bundled_subtheme_routes_between_themes_with_country(G, country):
    """regulatory-political → psw-wellbeing at sub-theme granularity: every hop evidenced in the country."""
    reg = {"regulatory-political", "policy-mandates", "political-commitment", "national-peer-work-standards"}
    well = {"psw-wellbeing", "emotional-involvement", "self-care"}
    paths = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=[country], max_hops=6,
                            granularity="subtheme")
    for p in paths:
        assert p["nodes"][0] in reg and p["nodes"][-1] in well and len(p["hops"]) <= 6
        assert not set(p["nodes"][1:-1]) & (reg | well)
        assert all(G.nodes[n]["factor_kind"] == "subtheme" or n in THEMES for n in p["nodes"])
        for h in p["hops"]:
            assert h["evidence"] and country in h["countries"]
    keys = [(-p["weakest"]["papers"], -p["weakest"]["evidence"], len(p["hops"])) for p in paths]  # the default ranking
    assert keys == sorted(keys)
    totals = influence_paths(G, "regulatory-political", "psw-wellbeing", countries=[country], max_hops=6, rank="total")
    keys = [(-p["evidence_count"], len(p["hops"])) for p in totals]
    assert keys == sorted(keys)
    if country == "DK":  # found nothing before theme endpoints stood for their sub-themes
        assert ["political-commitment", "change-management-model", "psw-wellbeing"] in [p["nodes"] for p in paths]
        rows = pathway_country_matrix(G, "regulatory-political", "psw-wellbeing", ["DK", "SE"], max_hops=6,
                                      limit=1000)  # every route (a few hundred), so the DK routes are among them
        complete = [r["nodes"] for r in rows if "DK" in r["complete"]]
        assert {tuple(p["nodes"]) for p in paths} <= set(map(tuple, complete))
        assert any(r["nodes"][0] != "regulatory-political" for r in rows)


def test_bundled_subtheme_routes_name_subthemes(G):
    """Unfiltered, sub-theme routes between two themes pass through (and start/end at) sub-themes."""
    paths = influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=3)
    kinds = {G.nodes[n]["factor_kind"] for p in paths for n in p["nodes"]}
    assert kinds == {"theme", "subtheme"}
    assert any(p["nodes"][0] != "regulatory-political" for p in paths)
    assert ["political-commitment", "policy-mandates"] in [
        p["nodes"] for p in influence_paths(G, "regulatory-political", "policy-mandates")]


def test_bundled_up_downstream_consistent(G):
    down = downstream(G, "regulatory-political", granularity="theme")
    assert set(THEMES) - {"regulatory-political"} <= set(down)
    for t, d in down.items():
        assert upstream(G, t, granularity="theme")["regulatory-political"] == d


def test_bundled_compare_and_matrix_structure(G):
    r = compare_countries(G, ["SE", "NO", "DK"])
    assert sorted(r) == ["countries", "per_country", "shared", "unique"]
    for c in ("SE", "NO", "DK"):
        assert set(map(tuple, r["shared"])) <= set(map(tuple, r["per_country"][c]["edges"]))
    wide = pivot_matrix(evidence_matrix(G))
    assert set(THEMES) <= set(wide.index) and {"SE", "NO", "DK"} <= set(wide.columns)
    assert (wide >= 0).all().all()
    assert {r["factor"] for r in rank_factors(G, granularity="theme")} == set(THEMES)


@pytest.mark.parametrize("granularity", ["theme", "subtheme"])
def test_compare_reads_each_countrys_influences_from_one_index_equal_to_the_filtered_views(granularity):
    from graph.query.compare import _country_edges
    from graph.query.paths import influence_view

    G = load_graph()
    countries = sorted(n for n, k in G.nodes(data="kind") if k == "country")
    index = _country_edges(G, granularity)
    for c in countries:
        assert set(index.get(c, ())) == set(influence_view(G, granularity, countries=[c]).edges), c
    fast = compare_countries(G, ["SE", "NO", "DK"], granularity=granularity)
    slow = {c: sorted(map(list, influence_view(G, granularity, countries=[c]).edges)) for c in ("SE", "NO", "DK")}
    assert {c: fast["per_country"][c]["edges"] for c in slow} == slow
