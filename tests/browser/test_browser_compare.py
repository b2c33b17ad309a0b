"""Compare countries in headless Chromium at 1280×800: what a user sees in the panels, the table and the drawer."""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.common.keys import Keys

from graph import load_graph
from graph.query.filters import NOT_STATED_NOTE, Filters, matching_set
from graph.query.paths import influence_view
from graph.query.strength import edge_strength, papers_label, strength_flags

from .conftest import wait_for, wait_for_graphs_settled, wait_stable

pytestmark = pytest.mark.browser

PANELS_JS = "Array.from(document.querySelectorAll('#compare-panels div')).filter(d => d._cyreg)"
NAMES = ["Sweden", "Norway", "Denmark"]


def _start(dash_duo, query: str = "") -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)


def _panels(dash_duo) -> list[dict]:
    """Per panel: its title, drawn edges, the zoom and every theme label's on-screen font size."""
    return dash_duo.driver.execute_script(f"""
        return {PANELS_JS}.map(d => {{
            const cy = d._cyreg.cy, panel = d.closest('.compare-panel');
            return {{title: panel.querySelector('.panel-title').textContent, edges: cy.edges().length,
                     zoom: cy.zoom(),
                     labels: cy.nodes('.theme').map(n => ({{id: n.id(), text: n.style('label'),
                         px: parseFloat(n.style('font-size')) * cy.zoom()}})),
                     psw: JSON.stringify(cy.getElementById('psw-wellbeing').position())}};
        }});""")


def _wait_for_panels(dash_duo, n: int) -> list[dict]:
    wait_for(lambda: len(_panels(dash_duo)) == n and all(p["edges"] for p in _panels(dash_duo)),
             timeout=30, message=f"{n} compare panels drawn")
    wait_for_graphs_settled(dash_duo, "#compare-panels", message="the preset layouts fitted")
    return _panels(dash_duo)


def _pick(dash_duo, typed: str) -> None:
    """Type into the open country picker's search box and press Enter once one country matches."""
    box = dash_duo.find_element(".dash-dropdown-search")
    box.clear()
    box.send_keys(typed)
    wait_for(lambda: dash_duo.driver.execute_script(
        "return document.querySelectorAll('.dash-dropdown-option, [role=option]').length") == 1,
        message=f"one country matching {typed!r}")
    box.send_keys(Keys.ENTER)


def _table(dash_duo) -> tuple[list[str], list[list[str]]]:
    table = dash_duo.wait_for_element("#compare-shared-table", timeout=10)
    head = [th.text for th in table.find_elements("css selector", "thead th")]
    rows = [[td.text for td in tr.find_elements("css selector", "td")]
            for tr in table.find_elements("css selector", "tbody tr")]
    return head, rows


def _assert_readable_panels(panels: list[dict]) -> None:
    assert [p["title"].split(" ")[0] for p in panels] == NAMES
    for p in panels:
        stated = int(re.search(r"(\d+) influences?", p["title"]).group(1))
        assert p["edges"] == stated, p["title"]
        assert len(p["labels"]) == 9  # the nine themes, named
        small = [(lab["id"], round(lab["px"], 1)) for lab in p["labels"] if lab["px"] < 11 or not lab["text"]]
        assert not small, f"{p['title']}: labels drawn below 11 px: {small}"
    assert len({p["psw"] for p in panels}) == 1  # a theme sits at the same spot in every panel


def _assert_status_table(dash_duo) -> list[list[str]]:
    head, rows = _table(dash_duo)
    assert head[1:4] == NAMES and "SE" not in head
    statuses = [r[-1] for r in rows]
    assert statuses[0] == "shared by all three"
    ok = re.compile(r"^(shared by all three|only (Sweden|Norway|Denmark)|in (Sweden|Norway|Denmark) and "
                    r"(Sweden|Norway|Denmark))$")
    assert all(ok.match(s) for s in statuses), statuses
    order = ["shared", "in", "only"]
    ranks = [order.index(s.split(" ")[0]) for s in statuses]
    assert ranks == sorted(ranks)  # shared by all first, then in some, then only one
    only_se = [r[0] for r in rows if r[-1] == "only Sweden"]
    assert only_se == sorted(only_se, key=str.casefold)  # within a status, by influence
    # beside the status: each influence's evidence counts over the compared countries' evidence (papers, flags),
    # the papers of all its evidence beside them
    assert head[-2] == "Evidence counts"
    G = load_graph()
    themes = {a["label"]: n for n, a in G.nodes(data=True) if a.get("factor_kind") == "theme"}
    V = influence_view(G, "theme")
    compared = matching_set(G, Filters(countries=("DK", "NO", "SE")))
    for r in rows:
        source, target = (themes[x] for x in r[0].split(" → "))
        s = edge_strength(G, V.edges[source, target], compared)
        assert r[-2].startswith(papers_label(s)) and all(f in r[-2] for f in strength_flags(s)), r
        assert f"{s['all']['papers']} papers in all" in r[-2] or f"{s['all']['papers']} paper in all" in r[-2], r
    return rows


def test_choosing_three_countries_by_typing_shows_readable_panels(dash_duo):
    _start(dash_duo, "?tab=compare")
    dash_duo.wait_for_contains_text("#compare-panels", "Pick two to four countries", timeout=20)
    dash_duo.find_element("#c-countries").click()  # opens the picker with its search box focused
    for typed in ("Swe", "Nor", "Denm"):
        _pick(dash_duo, typed)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    panels = _wait_for_panels(dash_duo, 3)
    _assert_readable_panels(panels)
    _assert_status_table(dash_duo)
    assert "cc=SE,NO,DK" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_compare_url_colours_by_status_and_an_edge_opens_that_countrys_evidence(dash_duo, shot):
    G = load_graph()
    _start(dash_duo, "?tab=compare&cc=SE,NO,DK")
    panels = _wait_for_panels(dash_duo, 3)
    _assert_readable_panels(panels)
    rows = _assert_status_table(dash_duo)
    # colours: not nearly everything is "only"; the classes agree with the table
    classes = dash_duo.driver.execute_script(
        f"return {PANELS_JS}.map(d => d._cyreg.cy.edges().map(e => e.classes().filter(c => c.startsWith('st-'))[0]))")
    drawn = [c for panel in classes for c in panel]
    assert set(drawn) == {"st-all", "st-some", "st-only"}
    assert drawn.count("st-only") < len(drawn) / 2
    assert sum(1 for r in rows if r[-1].startswith("only")) == drawn.count("st-only")
    # the pathway × country matrix, headed by country names
    matrix = dash_duo.wait_for_element(".pathway-matrix", timeout=10)
    assert all(n in matrix.find_element("css selector", "thead").text for n in NAMES)
    shot("compare")
    dash_duo.driver.execute_script("window.scrollTo(0, document.getElementById('compare-table')"
                                   ".getBoundingClientRect().top + window.scrollY - 80)")
    wait_stable(lambda: dash_duo.driver.execute_script("return window.scrollY"), message="the smooth scroll ended")

    # tap an influence in the Norway panel: the drawer lists its evidence from Norway
    V = influence_view(G, "theme", countries=["NO"])
    u, v = "regulatory-political", "macro-sociocultural"
    assert V.has_edge(u, v)
    expected = set(V.edges[u, v]["evidence"])
    dash_duo.driver.execute_script(
        f"{PANELS_JS}[1]._cyreg.cy.getElementById({json.dumps(f'{u}>{v}')}).emit('tap')")
    dash_duo.wait_for_contains_text(".offcanvas-title", "(Norway)", timeout=10)
    title = dash_duo.find_element(".offcanvas-title").text
    assert title.startswith(G.nodes[u]["label"] + " → " + G.nodes[v]["label"])
    wait_for(lambda: dash_duo.find_elements("#drawer-body .evidence-card"), message="evidence cards")
    cards = {c.get_attribute("data-evidence")
             for c in dash_duo.find_elements("#drawer-body .evidence-card")}
    assert cards == expected
    groups = [s.text for s in dash_duo.find_elements("#drawer-body .country-group > summary")]
    assert groups == [f"Norway ({len(expected)})"]
    assert dash_duo.get_logs() == []


def test_country_not_stated_is_a_choice_with_its_note(dash_duo):
    _start(dash_duo, "?tab=compare")
    note = dash_duo.wait_for_element("#c-countries-note", timeout=20)
    assert note.text == NOT_STATED_NOTE and note.is_displayed()
    dash_duo.find_element("#c-countries").click()
    for typed in ("Norw", "not stat"):
        _pick(dash_duo, typed)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    panels = _wait_for_panels(dash_duo, 2)
    assert [p["title"].split(" ")[0] for p in panels] == ["Norway", "Country"]
    assert panels[1]["title"].startswith("Country not stated")
    head, rows = _table(dash_duo)
    assert head[1:3] == ["Norway", "Country not stated"]
    assert {r[-1] for r in rows} <= {"shared by both", "only Norway", "only country not stated"}
    dash_duo.wait_for_element(".pathway-matrix", timeout=10)
    assert dash_duo.get_logs() == []


def test_choosing_at_least_two_countries_and_two_papers_leaves_the_influences_so_widely_evidenced(dash_duo, shot):
    """"2+" of the chosen countries keeps exactly the table's rows evidenced in two or three of them (no "only …"),
    each panel drawing its ticks; "2+" papers then keeps only rows that two papers or more state or evidence."""
    _start(dash_duo, "?tab=compare&cc=SE,NO,DK")
    _wait_for_panels(dash_duo, 3)
    _, before = _table(dash_duo)
    wide = [r for r in before if not r[-1].startswith("only ")]
    assert 0 < len(wide) < len(before)
    dash_duo.find_element("#c-min-shared input[value='2']").click()
    wait_for(lambda: "cshared=2" in dash_duo.driver.current_url, message="the choice in the URL")
    wait_for(lambda: len(_table(dash_duo)[1]) == len(wide), timeout=20, message=f"{len(wide)} rows")
    _, rows = _table(dash_duo)
    assert rows == wide
    panels = _wait_for_panels(dash_duo, 3)
    for i, p in enumerate(panels):  # each panel draws the rows ticked in its country's column
        assert p["edges"] == sum(1 for r in rows if r[1 + i] == "✓"), p["title"]
    assert "Only influences evidenced in at least 2 of these countries" in dash_duo.find_element("#compare-table").text
    shot("compare-two-countries-or-more")
    dash_duo.find_element("#c-min-papers input[value='2']").click()
    wait_for(lambda: "cminp=2" in dash_duo.driver.current_url, message="the choice in the URL")
    wait_for(lambda: "stated or evidenced by at least 2 papers" in dash_duo.find_element("#compare-table").text,
             timeout=20, message="the table redrawn")
    _, kept = _table(dash_duo)
    assert 0 < len(kept) < len(rows)
    assert all(int(re.search(r"(\d+) papers? in all", r[-2]).group(1)) >= 2 for r in kept), kept
    assert dash_duo.get_logs() == []
