"""Issue 11: evidence that concerns no country is a choice of its own ("Country not stated"), never silently dropped."""

from __future__ import annotations

import pytest

from graph import load_graph
from graph.query.counts import counted_evidence, country_counts
from graph.query.details import cell_evidence, facet_counts
from graph.query.filters import (
    NOT_STATED,
    NOT_STATED_LABEL,
    NOT_STATED_NOTE,
    country_choices,
    filter_influences,
    matching_evidence,
)
from graph.query.matrix import evidence_matrix, matrix_columns, pivot_matrix


@pytest.fixture(scope="module")
def G():
    return load_graph()


@pytest.fixture(scope="module")
def unplaced(G) -> set[str]:
    """Evidence with no country, read straight from the node attributes (not through the code under test)."""
    return {n for n, a in G.nodes(data=True) if a["kind"] == "evidence" and not a["country_bases"]}


def test_bundled_data_has_evidence_with_no_country(G, unplaced):
    evidence = [n for n, k in G.nodes(data="kind") if k == "evidence"]
    assert 0 < len(unplaced) < len(evidence)
    # items whose own text names no country but whose cited studies' titles do are placed, not "not stated"
    own_none = {n for n in evidence if not G.nodes[n].get("countries")}
    assert unplaced <= own_none


def test_matching_evidence_not_stated_is_exactly_the_items_with_no_country(G, unplaced):
    assert set(matching_evidence(G, countries=[NOT_STATED])) == unplaced
    assert matching_evidence(G, countries=[NOT_STATED]) == sorted(unplaced)


def test_not_stated_combines_with_real_countries_as_or(G, unplaced):
    se = set(matching_evidence(G, countries=["SE"]))
    both = set(matching_evidence(G, countries=["Sweden", NOT_STATED]))
    assert both == se | unplaced and not se & unplaced


def test_not_stated_combines_with_other_filters_as_and(G, unplaced):
    barriers = set(matching_evidence(G, countries=[NOT_STATED], polarities=["barrier"]))
    assert barriers == {e for e in unplaced if G.nodes[e]["polarity"] == "barrier"}


def test_before_the_fix_no_country_filter_reached_these_items(G, unplaced):
    every_country = [c for c, _ in country_choices(G) if c != NOT_STATED]
    assert not unplaced & set(matching_evidence(G, countries=every_country))


def test_filter_influences_with_not_stated(G, unplaced):
    H = filter_influences(G, countries=[NOT_STATED])
    assert H.number_of_nodes() > 0 and H.number_of_edges() > 0
    for _, _, a in H.edges(data=True):
        assert a["evidence"] and set(a["evidence"]) <= unplaced and a["countries"] == []
    shown = {e for _, ev in H.nodes(data="evidence") for e in ev}
    assert shown and shown <= unplaced


def test_facet_count_for_not_stated(G, unplaced):
    # counted: the unplaced items that bear on a factor (a limitation, or a finding about no factor, shows nowhere)
    counted = unplaced & counted_evidence(G)
    assert 0 < len(counted) < len(unplaced)
    counts = facet_counts(G, matching_evidence(G))["countries"]
    assert counts[NOT_STATED] == len(counted) == country_counts(G)[NOT_STATED]
    assert facet_counts(G, sorted(unplaced))["countries"] == {NOT_STATED: len(counted)}


def test_country_choices_offer_not_stated_last(G):
    choices = country_choices(G)
    assert choices[-1] == (NOT_STATED, NOT_STATED_LABEL)
    names = [name for _, name in choices[:-1]]
    assert names == sorted(names)
    assert {c for c, _ in choices[:-1]} == {n for n, k in G.nodes(data="kind") if k == "country"}
    assert NOT_STATED_NOTE.startswith(NOT_STATED_LABEL) and "guess" in NOT_STATED_NOTE


def test_matrix_not_stated_column_is_last_and_counts_every_unplaced_item(G, unplaced):
    long = evidence_matrix(G, not_stated=True, order="label")
    wide = pivot_matrix(long)
    assert list(wide.columns)[-1] == NOT_STATED and long.attrs["labels"][NOT_STATED] == NOT_STATED_LABEL
    in_column = {e for f in wide.index for e in cell_evidence(G, f, NOT_STATED)}
    # every finding that supports some factor shows up in the column (a limitation qualifies, it supports none)
    assert in_column == {e for e in unplaced if G.nodes[e]["factors"] and G.nodes[e]["evidence_type"] != "limitation"}
    for f in wide.index:
        assert wide.loc[f, NOT_STATED] == len(cell_evidence(G, f, NOT_STATED))
    assert all(matrix_columns(G, e) == [NOT_STATED] for e in unplaced)


def test_matrix_columns_sorted_by_displayed_label(G):
    long = evidence_matrix(G, not_stated=True, order="label")
    labels = [long.attrs["labels"][c] for c in long.attrs["columns"][:-1]]
    assert labels == sorted(labels, key=str.casefold)
    studies = evidence_matrix(G, by="study", order="label")
    assert NOT_STATED not in studies.attrs["columns"]
    names = [studies.attrs["labels"][c] for c in studies.attrs["columns"]]
    assert names == sorted(names, key=str.casefold)


def test_matrix_default_unchanged(G):
    long = evidence_matrix(G)
    assert NOT_STATED not in long.attrs["columns"] and NOT_STATED not in set(long["column"])
    assert long.attrs["columns"] == sorted(long.attrs["columns"])
    with pytest.raises(ValueError):
        evidence_matrix(G, order="random")


def test_not_stated_polarity_cells(G, unplaced):
    long = evidence_matrix(G, not_stated=True)
    for pol in ("enabler", "barrier"):
        wide = pivot_matrix(long, pol)
        for f in wide.index:
            assert wide.loc[f, NOT_STATED] == len(cell_evidence(G, f, NOT_STATED, polarity=pol))
