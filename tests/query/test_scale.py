"""Structural guards at scale (K = 10 synthetic package): bounded path queries, no re-parsing, cached views."""

from __future__ import annotations

import networkx as nx
import pytest

import graph
from graph.data import load as load_module
from graph.data.synth import synthesize
from graph.query import paths as paths_module
from graph.query.compare import compare_countries, pathway_country_matrix
from graph.query.paths import PATH_LIMIT, influence_view, path_search, upstream
from graph.query.rank import rank_factors

S, T = "regulatory-political", "psw-wellbeing"


@pytest.fixture(scope="module")
def K10(tmp_path_factory) -> nx.MultiDiGraph:
    out = tmp_path_factory.mktemp("k10")
    synthesize(out, 10, seed=3)
    return graph.load_graph(out)


def _every_route(G, granularity: str, max_hops: int, **filters) -> list[list[str]]:
    """Brute force: every route networkx enumerates on the same route graph."""
    V = influence_view(G, granularity, **filters)
    Sset, Tset = paths_module._endpoint_sets(G, V, S, T, granularity)
    W = paths_module._routes(V, Sset, Tset)
    return [p[1:-1] for p in nx.all_simple_paths(W, paths_module._START, paths_module._END, cutoff=max_hops + 2)]


def test_six_hop_query_on_k10_lists_at_most_k_with_exact_total(K10):
    every = _every_route(K10, "theme", 6, countries=["SE"])
    r = path_search(K10, S, T, max_hops=6, granularity="theme", countries=["SE"], rank="total")
    assert len(every) > PATH_LIMIT  # more routes than are listed
    assert len(r["paths"]) == PATH_LIMIT and r["exact"]
    assert r["total"] == len(every) and r["more"] == len(every) - PATH_LIMIT
    assert {tuple(p["nodes"]) for p in r["paths"]} <= {tuple(p) for p in every}
    keys = [(-p["evidence_count"], len(p["hops"])) for p in r["paths"]]
    assert keys == sorted(keys)


def test_six_hop_query_on_k10_estimates_a_total_too_large_to_count(K10):
    every = _every_route(K10, "subtheme", 6)
    r = path_search(K10, S, T, max_hops=6, granularity="subtheme", limit=5, count_budget=1000)
    assert len(every) > 1000 and not r["exact"]
    assert len(r["paths"]) == 5 and all(len(p["hops"]) <= 6 for p in r["paths"])
    assert 0.75 * len(every) <= r["total"] <= 1.25 * len(every)
    exact = path_search(K10, S, T, max_hops=6, granularity="subtheme", limit=5, count_budget=len(every))
    assert exact["exact"] and exact["total"] == len(every)


def test_queries_after_startup_parse_and_filter_nothing_again(K10, monkeypatch):
    queries = [lambda: path_search(K10, S, T, max_hops=5, granularity="theme", countries=["SE"]),
               lambda: compare_countries(K10, ["SE", "NO", "DK"]),
               lambda: pathway_country_matrix(K10, S, T, ["SE", "NO"], granularity="theme"),
               lambda: upstream(K10, T, granularity="theme"), lambda: rank_factors(K10)]
    for q in queries:  # the first asking of each view builds it
        q()
    parses = load_module.PARSE_COUNT["n"]
    filtered = {"n": 0}
    real = paths_module.filter_influences

    def counting(*args, **kwargs):
        filtered["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(paths_module, "filter_influences", counting)
    for q in queries:
        q()
    assert load_module.PARSE_COUNT["n"] == parses and filtered["n"] == 0
    assert influence_view(K10, "theme", countries=["SE"]) is influence_view(K10, "theme", countries=["SE"])
    assert influence_view(K10, "theme") is influence_view(K10, "theme", countries=None, studies=[])
    with pytest.raises(nx.NetworkXError):  # shared, so frozen
        influence_view(K10, "theme").add_node("x")
