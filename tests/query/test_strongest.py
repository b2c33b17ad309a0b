"""Ranked lists, "the strongest barriers in Norway" (issue 26, item 2), recounted from the CSV files by hand."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from by_hand import rows, split

from graph import load_graph
from graph.cli import main
from graph.query.rank import strongest

G = load_graph()


def expected(country: str, polarity: str) -> dict[str, tuple[int, int]]:
    """Leaf factor -> (papers, findings) among the findings about it from *country* with *polarity*: a finding's
    countries are its own, else those of the studies it cites; it is about the factors it names and the two ends
    of the influences it names."""
    factors = rows("factors")
    parents = {r["parent"] for r in factors if r["parent"]}
    ends = {r["id"]: (r["source"], r["target"]) for r in rows("influences")}
    cited = {r["id"]: split(r["countries"]) for r in rows("studies")}
    items: dict[str, set[str]] = defaultdict(set)
    papers: dict[str, set[str]] = defaultdict(set)
    for r in rows("evidence"):
        if r["evidence_type"] == "limitation" or r["polarity"] != polarity:
            continue
        countries = split(r["countries"]) or {c for s in split(r["cites"]) for c in cited.get(s, [])}
        if country not in countries:
            continue
        for f in set(split(r["factors"])) | {f for i in split(r["influences"]) for f in ends[i]}:
            if f not in parents:
                items[f].add(r["id"])
                papers[f].add(r["study"])
    return {f: (len(papers[f]), len(items[f])) for f in items}


@pytest.mark.parametrize(("country", "polarity"), [("NO", "barrier"), ("SE", "enabler"), ("DK", "barrier"),
                                                   ("SE", "barrier")])
def test_the_ranked_counts_equal_a_count_by_hand(country, polarity):
    want = expected(country, polarity)
    rows = strongest(G, countries=[country], polarities=[polarity])
    assert want and {r["id"]: (r["papers"], r["evidence"]) for r in rows} == want


def test_ranked_by_papers_then_items_and_the_totals_beside():
    rows = strongest(G, countries=["SE"], polarities=["barrier"])
    keys = [(-r["papers"], -r["evidence"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) > 1
    assert all(r["papers_in_all"] >= r["papers"] and r["evidence_in_all"] >= r["evidence"] for r in rows)


def test_themes_count_their_sub_themes():
    themes = {r["id"]: r for r in strongest(G, granularity="theme", countries=["NO"])}
    leaves = strongest(G, countries=["NO"])
    for r in leaves:
        theme = G.nodes[r["id"]]["theme"]
        assert themes[theme]["evidence"] >= r["evidence"]


def test_influences_rank_by_the_same_rule():
    rows = strongest(G, what="influences", countries=["DK"])
    assert rows and all(">" in r["id"] for r in rows)
    keys = [(-r["papers"], -r["evidence"]) for r in rows]
    assert keys == sorted(keys)


def test_a_filter_that_is_not_about_evidence_is_refused():
    with pytest.raises(TypeError, match="levels"):
        strongest(G, levels=["macro"])


def test_the_cli_prints_the_same_ranking(capsys):
    assert main(["rank", "--country", "NO", "--polarity", "barrier", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == strongest(G, countries=["NO"], polarities=["barrier"])
    assert main(["rank", "--country", "Norway", "--polarity", "barrier", "--top", "3"]) == 0
    text = capsys.readouterr().out
    assert "papers, then evidence items — in Norway, with polarity barrier" in text
    assert text.index(out[0]["id"]) < text.index(out[1]["id"]) < text.index(out[2]["id"])
