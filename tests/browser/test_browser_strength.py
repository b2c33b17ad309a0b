"""Evidence strength in headless Chromium: what the details panel says after a click, and hiding single-source influences."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashapp import create_app
from graph import load_graph
from graph.query.details import factor_details
from graph.query.paths import influence_paths, path_search
from graph.query.rollup import rolled_influence_details
from graph.query.strength import (
    STRENGTH_NOTE,
    factor_strength,
    influence_strength,
    influences_strength,
    strength_flags,
    strength_label,
)

from .conftest import cy_eval, wait_for
from .test_browser_explore import _badges, _drawn, _settled, _started, click

pytestmark = pytest.mark.browser

MINI_LIMITATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "mini_limitations"


def _drawn_lines(dash_duo) -> set[tuple[str, str]]:
    """The (source, target) of every arrow the explore graph draws."""
    return set(map(tuple, cy_eval(dash_duo, "explore-graph", "cy.edges().map(e => [e.source().id(), e.target().id()])")))


def _choose_and_wait(dash_duo, control: str, in_url: str, lines: int) -> None:
    """Click *control* in the sidebar, then wait for the address to hold *in_url* and *lines* arrows drawn."""
    click(dash_duo, dash_duo.find_element(control))
    wait_for(lambda: in_url in dash_duo.driver.current_url, message="the choice in the URL")
    wait_for(lambda: _drawn(dash_duo)[1] == lines, message=f"{lines} lines drawn")
    _settled(dash_duo)


def _first_option(dash_duo) -> str:
    options = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
    return options[0].text if options else ""


def _panel_text(dash_duo) -> str:
    return dash_duo.find_element("#details").text


def test_clicking_an_influence_in_the_table_shows_its_evidence_counts_and_flags(dash_duo):
    G = load_graph()
    source, target = "regulatory-political", "hrm-policies"
    expected = rolled_influence_details(G, source, target)["strength"]
    _started(dash_duo)
    _settled(dash_duo)
    # the user opens the table under the graph and asks for this influence's evidence
    click(dash_duo, dash_duo.find_element("#influence-table-summary"))
    label = f"Evidence for {G.nodes[source]['label']} → {G.nodes[target]['label']}"
    button = dash_duo.wait_for_element(f"#influence-table-table button[aria-label='{label}']", timeout=10)
    papers_cell = button.find_element(By.XPATH, "./ancestor::tr").find_elements(By.CSS_SELECTOR, "td")[3].text
    assert papers_cell.startswith(f"{expected['papers']} paper") and all(f in papers_cell for f in strength_flags(expected))
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()  # the user clicks the influence's evidence button in the table
    dash_duo.wait_for_contains_text("#details", "Evidence strength:", timeout=10)
    text = _panel_text(dash_duo)
    assert strength_label(expected, flags=False) in text
    assert STRENGTH_NOTE in text
    badges = [b.text for b in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#details .strength-line .strength-flag")]
    assert badges == strength_flags(expected) and badges  # this line: the review alone states it, both ways
    assert dash_duo.get_logs() == []


def test_clicking_a_theme_shows_its_evidence_counts_in_the_details_panel(dash_duo):
    G = load_graph()
    theme = "psw-wellbeing"
    expected = factor_strength(G, theme)
    _started(dash_duo)
    cy_eval(dash_duo, "explore-graph", f"(cy.getElementById({theme!r}).emit('tap'), true)")
    dash_duo.wait_for_contains_text("#details", "Evidence strength:", timeout=10)
    line = dash_duo.find_element("#details .strength-line").text
    assert strength_label(expected, flags=False) in line
    assert f"{expected['evidence']} evidence items" in line
    assert STRENGTH_NOTE in line
    assert f"Evidence ({len(factor_details(G, theme)['evidence'])})" in _panel_text(dash_duo)


def test_searching_a_factor_lists_its_studies_limitations_apart_from_its_findings(dash_duo):
    G = load_graph(MINI_LIMITATIONS)
    d = factor_details(G, "role-clarity")
    limitations = [r for g in d["limitations"] for r in g["records"]]
    assert limitations and all(r["evidence_type"] == "limitation" for r in limitations)
    dash_duo.start_server(create_app(MINI_LIMITATIONS))
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    # the user types the factor's name into the search box and takes the first option
    click(dash_duo, dash_duo.find_element("#f-search"))
    wait_for(lambda: dash_duo.driver.switch_to.active_element.get_attribute("type") == "search", message="search box")
    box = dash_duo.driver.switch_to.active_element
    box.send_keys("Role clarity")
    # the options answering the whole text (each keystroke asks the server): the factor first
    wait_for(lambda: "Role clarity" in _first_option(dash_duo), message="the factor offered first")
    box.send_keys("\n")
    dash_duo.wait_for_contains_text("#details", "Limitations the studies behind", timeout=10)
    section = dash_duo.find_element("#details .limitations")
    assert f"({len(limitations)})" in section.text and "Limitations, not findings" in section.text
    cards = section.find_elements(By.CSS_SELECTOR, ".evidence-card")
    assert [c.find_element(By.CSS_SELECTOR, ".strength-flag").text for c in cards] == ["limitation"] * len(limitations)
    assert {r["paraphrase"] for r in limitations} <= {p for c in cards for p in c.text.splitlines()}
    # the findings list holds no limitation, and the strength counts the findings alone
    finding_cards = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#details .country-group .evidence-card")
    assert len({c.get_attribute("data-evidence") for c in finding_cards}) == len(d["evidence"])
    assert "limitation" not in " ".join(c.text for c in finding_cards)
    assert strength_label(d["strength"], flags=False) in dash_duo.find_element("#details .strength-line").text


def test_at_least_two_papers_leaves_the_lines_several_papers_state_between_factors_several_papers_state(dash_duo):
    G = load_graph()
    theme = {n: a["theme"] for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    influences = [(u, v) for u, v, r in G.edges(data="relation") if r == "influences"]
    lines = {(theme[u], theme[v]) for u, v in influences if theme[u] != theme[v]}
    several = {(theme[u], theme[v]) for u, v in influences
               if theme[u] != theme[v] and influence_strength(G, u, v)["papers"] >= 2
               and factor_strength(G, u)["papers"] >= 2 and factor_strength(G, v)["papers"] >= 2}
    assert 0 < len(several) < len(lines)
    _started(dash_duo)
    _settled(dash_duo)
    assert _drawn(dash_duo)[1] == len(lines)
    # the user picks "Stated or evidenced by at least 2+ papers"
    _choose_and_wait(dash_duo, "#f-min-papers input[value='2']", "minp=2", len(several))
    drawn = _drawn_lines(dash_duo)
    assert drawn == several and _badges(dash_duo)[1] == len(several)
    assert dash_duo.get_logs() == []


def test_path_list_badges_each_hop_and_two_papers_keeps_corroborated_routes(dash_duo):
    G = load_graph()
    source, target = "leadership-supervision", "team-relationships"
    found = path_search(G, source, target)
    every, kept = found["paths"], influence_paths(G, source, target, min_sources=2)
    assert 0 < len(kept) < len(every) and found["more"] and found["exact"]
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + f"/?tab=paths&from={source}&to={target}")
    # the list says how many routes there are in all, not only the best ones it shows
    dash_duo.wait_for_contains_text("#paths-count", f"The {len(every)} routes with the best-evidenced weakest hop, of {found['total']}",
                                    timeout=20)
    first = every[0]["hops"]
    hop_lines = [h.text for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#paths-list .path-card")[0]
                 .find_elements(By.CSS_SELECTOR, ".hop")]
    for h, text in zip(first, hop_lines, strict=True):
        s = influences_strength(G, h["influences"])
        assert f"{s['papers']} paper" in text and all(flag in text for flag in strength_flags(s)), text
    # the user picks hops "stated or evidenced by at least 2+ papers": only routes whose every hop several papers
    # state remain
    click(dash_duo, dash_duo.find_element("#p-min-papers input[value='2']"))
    dash_duo.wait_for_contains_text("#paths-count", f"{len(kept)} route{'s' if len(kept) != 1 else ''} from", timeout=15)
    assert "pminp=2" in dash_duo.driver.current_url
    titles = [t.text for t in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#paths-list .path-title")]
    assert len(titles) == len(kept)
    assert "single source" not in dash_duo.find_element("#paths-list").text
    assert dash_duo.get_logs() == []


def test_picking_denmark_in_the_path_finder_counts_each_hop_on_the_danish_evidence_beside_the_total(dash_duo, shot):
    from graph.query.filters import Filters, matching_set

    from .test_browser_paths import _choose, _open_tab

    G = load_graph()
    danish = influence_strength(G, "role-clarity", "staff-readiness", matching_set(G, Filters(countries=("DK",))))
    whole = danish["all"]
    assert (danish["evidence"], danish["papers"], whole["papers"]) == (1, 1, 4) and whole["contested"]
    _open_tab(dash_duo)
    _choose(dash_duo, "p-source", "Role clarity")
    _choose(dash_duo, "p-target", "Readiness for the integration")
    dash_duo.wait_for_contains_text("#paths-count", "weakest hop first", timeout=20)
    hop = "Role clarity or ambiguity → Readiness for the integration of PSWs in mental health teams"

    def the_hop():
        return next(h for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#paths-list .hop")
                    if h.text.startswith(hop))
    assert "4 papers" in the_hop().text and "in all" not in the_hop().text  # no filter: all the evidence
    # the user picks Denmark: the hop now counts the one Danish item, its one paper, and says 4 papers in all
    _choose(dash_duo, "p-countries", "Denmark")
    dash_duo.wait_for_contains_text("#paths-list", "evidenced in Denmark", timeout=20)
    text = the_hop().text
    assert "1 evidence item · Denmark" in text and "1 paper · 4 papers in all" in text, text
    flags = [b.text for b in the_hop().find_elements(By.CSS_SELECTOR, ".strength-flag")]
    assert flags == strength_flags(danish) == ["single source"]  # not "contested": the Danish item is one way
    tip = the_hop().find_element(By.CSS_SELECTOR, ".strength-line").get_attribute("title")
    assert tip.startswith("1 evidence item in Denmark from 1 paper") and "in all evidence: " in tip
    assert "then the papers of all its evidence" in dash_duo.find_element("#paths-list").text
    shot("paths-denmark-strength")
    assert dash_duo.get_logs() == []


def test_norway_and_barrier_in_explore_count_a_themes_strength_on_the_matching_evidence(dash_duo, shot):
    from graph.query.filters import Filters, matching_set

    G = load_graph()
    theme = "team-relationships"
    s = factor_strength(G, theme, matching_set(G, Filters(countries=("NO",), polarities=("barrier",))))
    assert s["all"]["evidence"] == 199 and s["evidence"] < 199
    _started(dash_duo)
    _settled(dash_duo)
    # the user ticks "barrier", then types Norway into the country filter
    click(dash_duo, dash_duo.driver.find_element(By.CSS_SELECTOR, "#f-polarities input[value='barrier']"))
    wait_for(lambda: "p=barrier" in dash_duo.driver.current_url, message="the polarity chosen")
    click(dash_duo, dash_duo.find_element("#f-countries"))
    wait_for(lambda: dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option"), message="options")
    next(o for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
         if o.text.startswith("Norway")).click()
    wait_for(lambda: "c=NO" in dash_duo.driver.current_url, message="Norway chosen")
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)  # the country list closes
    _settled(dash_duo)
    cy_eval(dash_duo, "explore-graph", f"(cy.getElementById({theme!r}).emit('tap'), true)")
    dash_duo.wait_for_contains_text("#details", f"Evidence ({s['evidence']} of 199)", timeout=10)
    line = dash_duo.find_element("#details .strength-line").text
    assert line.startswith(f"Evidence strength: {s['evidence']} evidence items in Norway, with polarity barrier, "
                           f"from {s['papers']} paper"), line
    assert "In all evidence: 199 evidence items, 4 papers" in line
    assert "199 evidence items · 4 papers" not in line  # the old, unlabelled all-evidence line
    assert STRENGTH_NOTE in line
    shot("explore-norway-barrier-strength")
    assert dash_duo.get_logs() == []


def _lines_evidenced_in(n: int) -> set[tuple[str, str]]:
    """Theme → theme lines of the influences whose evidence concerns at least *n* countries, between factors whose
    evidence does too — counted from the CSV files by hand (an item's countries: its own, else its cited studies')."""
    import csv

    from graph import DEFAULT_DATA_DIR

    def rows(name):
        with (Path(DEFAULT_DATA_DIR) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def ids(cell):
        return [x for x in (cell or "").split("|") if x]

    theme = {r["id"]: r["parent"] or r["id"] for r in rows("factors")}
    ends = {r["id"]: (r["source"], r["target"]) for r in rows("influences")}
    cited = {r["id"]: ids(r["countries"]) for r in rows("studies")}
    by_factor, by_influence = defaultdict(set), defaultdict(set)
    for r in rows("evidence"):
        countries = set(ids(r["countries"])) or {c for s in ids(r["cites"]) for c in cited.get(s, [])}
        about = set(ids(r["factors"])) | {f for i in ids(r["influences"]) for f in ends[i]}
        for f in about | {theme[f] for f in about}:
            by_factor[f] |= countries
        for i in ids(r["influences"]):
            by_influence[i] |= countries
    wide = {f for f in theme if len(by_factor[f]) >= n}
    return {(theme[u], theme[v]) for i, (u, v) in ends.items()
            if len(by_influence[i]) >= n and u in wide and v in wide and theme[u] != theme[v]}


def test_choosing_two_countries_or_more_draws_the_lines_a_count_by_hand_finds(dash_duo):
    """Breadth (issue 26, item 3): "Evidenced in at least 2+ countries" leaves the factors and influences whose
    evidence concerns two countries or more; the lines drawn equal a count from the CSV files."""
    expected = _lines_evidenced_in(2)
    _started(dash_duo)
    _settled(dash_duo)
    assert 0 < len(expected) < _drawn(dash_duo)[1]
    _choose_and_wait(dash_duo, "#f-min-countries input[value='2']", "mincc=2", len(expected))
    drawn = _drawn_lines(dash_duo)
    assert drawn == expected and _badges(dash_duo)[1] == len(expected)
    assert dash_duo.get_logs() == []


def test_path_finder_with_two_countries_or_more_lists_only_routes_whose_hops_two_countries_evidence(dash_duo):
    """Breadth in the path finder: the reader picks "2+" countries per hop; the list shows the routes
    path_search finds with min_countries=2, each hop's evidence spanning two countries or more."""
    G = load_graph()
    source, target = "leadership-supervision", "team-relationships"
    every = path_search(G, source, target)
    wide = path_search(G, source, target, min_countries=2)
    assert 0 < wide["total"] < every["total"]
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + f"/?tab=paths&from={source}&to={target}")
    wait_for(lambda: len(dash_duo.find_elements("#paths-list .path-card")) == len(every["paths"]),
             message="every route listed")
    click(dash_duo, dash_duo.find_element("#p-min-countries input[value='2']"))
    wait_for(lambda: "pmincc=2" in dash_duo.driver.current_url, message="the choice in the URL")
    wait_for(lambda: len(dash_duo.find_elements("#paths-list .path-card")) == len(wide["paths"]),
             message=f"{len(wide['paths'])} routes listed")
    assert "only influences evidenced in at least 2 countries" in dash_duo.find_element("#paths-list").text
    assert dash_duo.get_logs() == []
