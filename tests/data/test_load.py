"""load_graph / influence_graph: attributes, relations, caching."""

from __future__ import annotations

import networkx as nx
import pytest
from big_files import big_cell, free_heap

import graph
from graph.data import load as load_module

KINDS = {"level", "factor", "study", "country", "evidence", "study_theme", "gap", "strategy"}


def test_every_node_has_kind_and_label(G):
    for n, a in G.nodes(data=True):
        assert isinstance(n, str)
        assert a["kind"] in KINDS, n
        assert a["label"], n


def test_kind_specific_attributes(G):
    for n, a in G.nodes(data=True):
        if a["kind"] == "factor":
            assert a["level"] in {"macro", "meso", "micro"}
            if a["factor_kind"] == "subtheme":
                assert G.nodes[a["parent"]]["kind"] == "factor"
                assert G.nodes[a["parent"]]["factor_kind"] == "theme"
        elif a["kind"] == "study":
            assert {"title", "year", "doi"} <= set(a)
        elif a["kind"] == "evidence":
            assert a["polarity"] in {"enabler", "barrier", "mixed", "context"}


def test_every_edge_has_relation(G):
    relations = {a["relation"] for _, _, a in G.edges(data=True)}
    assert {"at_level", "part_of", "influences"} <= relations
    assert all("relation" in a for _, _, a in G.edges(data=True))


def test_subtheme_part_of_theme(G):
    assert G.has_edge("policy-mandates", "regulatory-political")
    rels = {a["relation"] for a in G.get_edge_data("policy-mandates", "regulatory-political").values()}
    assert rels == {"part_of"}


def test_graph_is_frozen(G):
    with pytest.raises(nx.NetworkXError):
        G.add_node("x")


def test_parsed_once_per_process(data_copy):
    graph.clear_cache()
    before = load_module.PARSE_COUNT["n"]
    first = graph.load_graph(data_copy)
    for _ in range(5):
        assert graph.load_graph(data_copy) is first
    assert load_module.PARSE_COUNT["n"] == before + 1
    graph.clear_cache()


def test_reparsed_when_a_file_changes(data_copy):
    graph.clear_cache()
    first = graph.load_graph(data_copy)
    levels = data_copy / "levels.csv"
    levels.write_text(levels.read_text(encoding="utf-8").replace("Macro level", "Macro level (edited)"), encoding="utf-8")
    second = graph.load_graph(data_copy)
    assert second is not first
    assert second.nodes["macro"]["label"] == "Macro level (edited)"
    graph.clear_cache()


def test_influence_graph_factors_only(G):
    D = graph.influence_graph(G)
    factors = {n for n, a in G.nodes(data=True) if a["kind"] == "factor"}
    assert set(D.nodes) == factors
    n_influences = sum(1 for *_, a in G.edges(data=True) if a["relation"] == "influences")
    assert D.number_of_edges() == n_influences
    for _, _, a in D.edges(data=True):
        assert {"evidence", "studies", "countries"} <= set(a)
        assert a["study"] in a["studies"]
    assert graph.influence_graph(G) is D


def test_influence_evidence_links_back(G):
    D = graph.influence_graph(G)
    for u, v, a in D.edges(data=True):
        for ev in a["evidence"]:
            assert a["id"] in G.nodes[ev]["influences"]
            for c in G.nodes[ev]["countries"]:
                assert c in a["countries"]


def test_text_placement_wins_over_cited_title(G):
    """Evidence the text places in a country is not also attributed to its cited studies' title countries."""
    checked = 0
    for n, a in G.nodes(data="kind"):
        if a != "evidence":
            continue
        e = G.nodes[n]
        if e["countries"]:
            assert set(e["country_bases"]) == set(e["countries"]), n
            checked += 1
        else:
            titled = {c for s in e["cites"] for c in G.nodes[s]["countries"]}
            assert set(e["country_bases"]) == titled, n
            assert set(e["country_bases"].values()) <= {"cited study title"}
    assert checked


def test_a_bug_while_building_is_an_internal_error_not_a_data_problem(monkeypatch, caplog, data_copy):
    def broken(desc, tables):
        raise AttributeError("module 'networkx' has no attribute '_clear_cache'")

    monkeypatch.setattr(load_module, "build_graph", broken)
    with caplog.at_level("ERROR", logger="graph.data.load"), pytest.raises(graph.InternalError) as err:
        graph.load_graph(data_copy)
    assert not isinstance(err.value, graph.DataError)
    assert "bug" in str(err.value) and "AttributeError" in str(err.value) and "_clear_cache" in str(err.value)
    assert isinstance(err.value.__cause__, AttributeError)
    assert any(r.exc_info and r.exc_info[0] is AttributeError for r in caplog.records)  # the traceback is logged
    monkeypatch.undo()
    assert graph.validate_package(data_copy) == []  # the data itself was fine


def test_invalid_data_is_still_a_data_error(data_copy):
    (data_copy / "levels.csv").write_text("id,label\n", encoding="utf-8")
    with pytest.raises(graph.DataError):
        graph.load_graph(data_copy)


def test_a_check_over_its_memory_budget_is_refused_saying_how_much_it_was_given(data_copy):
    original = (data_copy / "levels.csv").read_bytes()
    # 40 MB more than malloc holds free in this (long-running) process: the check must map new memory for it
    big_cell(data_copy, 40 * 2**20 + free_heap())
    with pytest.raises(graph.DataError) as err:
        graph.load_graph_within(data_copy, 120, memory=2**20)
    assert not isinstance(err.value, graph.DataTimeout)
    assert [p.message for p in err.value.problems] == [
        "the data package needs more than 1 MB of memory to check; it was not loaded"]
    (data_copy / "levels.csv").write_bytes(original)
    big_cell(data_copy)  # 40 MB
    with pytest.raises(graph.DataError) as err:  # the default budget: read, and refused for its cell
        graph.load_graph_within(data_copy, 120)
    first = err.value.problems[0]
    assert (first.row, first.column) == (2, "description") and "characters; expected at most 1,000,000" in str(first)


def test_the_bundled_package_is_checked_within_a_64_mb_budget(data_copy):
    """Each file is read into as many bytes as it holds (reading asked for the 512 MB cap each time, and failed)."""
    G = graph.load_graph_within(data_copy, 120, memory=64 * 2**20)
    assert G.number_of_nodes() == graph.load_graph().number_of_nodes()
