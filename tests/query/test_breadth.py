"""Breadth filters (issue 26, item 3, graph and command line): "evidenced in at least N countries", recounted from
the CSV files by hand."""

from __future__ import annotations

import json

import pytest
from by_hand import rows, split

from graph import load_graph
from graph.cli import main
from graph.query.filters import Filters, filter_influences
from graph.query.paths import influence_paths
from graph.query.rank import strongest

G = load_graph()


def influence_countries() -> dict[str, set[str]]:
    """Influence id -> the countries of the evidence naming it (its own countries, else its cited studies')."""
    cited = {r["id"]: split(r["countries"]) for r in rows("studies")}
    out: dict[str, set[str]] = {r["id"]: set() for r in rows("influences")}
    for r in rows("evidence"):
        countries = set(split(r["countries"])) or {c for s in split(r["cites"]) for c in cited.get(s, [])}
        for i in split(r["influences"]):
            out[i] |= countries
    return out


@pytest.mark.parametrize("n", [2, 3, 4])
def test_influences_kept_are_those_evidenced_in_at_least_n_countries(n):
    wide = {i for i, cs in influence_countries().items() if len(cs) >= n}
    H = filter_influences(G, min_countries=n)
    kept = {a["id"] for _, _, a in H.edges(data=True)}
    assert kept <= wide  # never one from fewer countries
    # every wide influence between factors that are themselves wide enough is kept
    assert {i for i in wide if all(f in H for f in i.split("--"))} == kept
    assert 0 < len(kept) < G.number_of_edges()


def test_factors_kept_are_those_evidenced_in_at_least_n_countries():
    H = filter_influences(G, min_countries=3)
    for n, a in H.nodes(data=True):
        assert len({c for e in a["evidence"] for c in G.nodes[e]["country_bases"] if c != "not-stated"}) >= 3
    assert len(H) < len(filter_influences(G))


def test_one_and_zero_keep_everything_and_resolve_alike():
    assert Filters.resolve(G, min_countries=1) == Filters.resolve(G, min_countries=0) == Filters()
    assert filter_influences(G, min_countries=1) is filter_influences(G)


def test_routes_use_only_wide_influences():
    wide = {i for i, cs in influence_countries().items() if len(cs) >= 2}
    for p in influence_paths(G, "leadership-supervision", "team-relationships", min_countries=2):
        assert all(set(h["influences"]) <= wide for h in p["hops"])


def test_ranked_lists_and_the_cli_take_the_breadth_filters(capsys):
    rows = strongest(G, polarities=["barrier"], min_countries=3, min_papers=2)
    assert rows and all(len(r["countries"]) >= 3 and r["papers"] >= 2 for r in rows)
    assert main(["rank", "--polarity", "barrier", "--min-countries", "3", "--min-papers", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == rows
    assert main(["rank", "--min-countries", "4", "--json"]) == 0
    ranked = {r["factor"] for r in json.loads(capsys.readouterr().out)}
    assert ranked == set(filter_influences(G, min_countries=4))
