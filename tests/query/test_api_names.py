"""The API as a user calls it: a single country string is one country, and an error names the function called."""

from __future__ import annotations

import pytest

from graph import load_graph
from graph.cli.commands import main
from graph.query.compare import compare_countries, comparison_evidence, pathway_country_matrix
from graph.query.filters import Filters, filter_influences, select_subgraph
from graph.query.lookup import NotFound
from graph.query.paths import influence_paths, upstream
from graph.query.plan import checklist, strategies_for
from graph.query.rank import rank_factors


@pytest.fixture(scope="module")
def G():
    return load_graph()


def test_a_single_country_string_is_one_country_in_the_comparison_functions(G):
    one = pathway_country_matrix(G, "regulatory-political", "psw-wellbeing", "Denmark", max_hops=3)
    assert one == pathway_country_matrix(G, "regulatory-political", "psw-wellbeing", ["DK"], max_hops=3)
    assert all(list(h["countries"]) == ["DK"] for p in one for h in p["hops"])
    with pytest.raises(ValueError, match=r"at least two different countries, got \['SE'\]"):  # not S and E
        compare_countries(G, "SE")
    with pytest.raises(ValueError, match=r"got \['DK'\]"):
        comparison_evidence(G, "Denmark")


def test_strategies_and_checklist_take_a_countrys_name(G):
    assert strategies_for(G, "staff-readiness", "Denmark") == strategies_for(G, "staff-readiness", "DK") != []
    marks = {"staff-readiness": "problem"}
    assert checklist(G, marks, "Denmark") == checklist(G, marks, "DK")
    with pytest.raises(NotFound, match="^strategies_for: unknown country 'Narnia'"):
        strategies_for(G, "staff-readiness", "Narnia")


@pytest.mark.parametrize("call, name", [
    (lambda G: influence_paths(G, "regulatory-political", "psw-wellbeing", countries="Narnia"), "influence_paths"),
    (lambda G: upstream(G, "psw-wellbeing", countries=["SE", "Narnia"]), "upstream"),
    (lambda G: filter_influences(G, countries="Narnia"), "filter_influences"),
    (lambda G: select_subgraph(G, themes=["Narnia"]), "select_subgraph"),
    (lambda G: rank_factors(G, countries="Narnia"), "rank_factors"),
    (lambda G: Filters.resolve(G, studies="Narnia"), "Filters.resolve"),
    (lambda G: compare_countries(G, ["SE", "Narnia"]), "compare_countries"),
])
def test_an_error_names_the_function_the_user_called_not_the_one_it_arose_in(G, call, name):
    with pytest.raises(NotFound) as err:
        call(G)
    assert str(err.value).startswith(f"{name}: unknown ") and str(err.value).count(":") == 1


def test_a_value_error_names_the_function_called_too(G):
    with pytest.raises(ValueError, match="^compare_countries: compare needs at least two"):
        compare_countries(G, ["SE"])


def test_the_command_line_words_its_own_errors_without_python_names(capsys):
    assert main(["paths", "regulatory-political", "psw-wellbeing", "--country", "Narnia"]) == 2
    assert capsys.readouterr().err.startswith("pswgraph paths: unknown country 'Narnia'")
