"""The Studies view builds its rows once per graph and searches/sorts once per (query, sort) (issue 24, item 4)."""

from __future__ import annotations

from dashapp.pages import studies
from graph import load_graph
from graph.data.memo import COMPUTED


def test_paging_and_coming_back_search_and_sort_once():
    G = load_graph()
    studies.rows(G)
    built = COMPUTED["study-table-rows"]
    kept = COMPUTED["study-table-kept"]
    for number in range(3):  # paging through one search
        p = studies.page(studies.rows(G), "peer", "-year", number, studies.kept_rows(G, "peer", "-year"))
        assert p["number"] == min(number, p["pages"] - 1)
    studies.kept_rows(G, "peer ", "-year")  # the same search, typed with a trailing space
    assert COMPUTED["study-table-rows"] == built
    assert COMPUTED["study-table-kept"] == kept + 1


def test_the_kept_rows_are_the_ones_the_search_and_sort_give():
    G = load_graph()
    data = studies.rows(G)
    want = studies.sorted_rows([r for r in data if studies.matches(r, "norway")], "label")
    assert studies.kept_rows(G, "norway", "label") == want and want
