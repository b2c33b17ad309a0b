"""The evidence matrix in headless Chromium: real clicks and key presses on cells, the "Country not stated"
column, and the phone layout (the matrix scrolls in its own box, row labels stay put)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from graph import load_graph
from graph.query.counts import counted_evidence, country_counts, rollup_note
from graph.query.details import cell_evidence, evidence_records
from graph.query.filters import NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE, matching_evidence
from graph.query.matrix import evidence_matrix, pivot_matrix

from .conftest import cy_eval, wait_for, wait_stable

pytestmark = pytest.mark.browser

PANEL = "#matrix-cell"


@pytest.fixture(scope="module")
def G():
    return load_graph()


@pytest.fixture(scope="module")
def wide(G):
    return pivot_matrix(evidence_matrix(G, not_stated=True, order="label"))


def _open(dash_duo, width: int = 1280, height: int = 800) -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(width, height)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=matrix")
    dash_duo.wait_for_contains_text(PANEL, "Click a cell", timeout=20)
    dash_duo.wait_for_element("#matrix-heatmap button.matrix-btn", timeout=20)
    # every callback of the page answered: a cell clicked now is not redrawn under the click (a lost click on a
    # busy machine)
    wait_stable(lambda: dash_duo._wait_for_callbacks() or None, message="no callback pending")


def _cell(dash_duo, G, factor: str, column: str):
    name = NOT_STATED_LABEL if column == NOT_STATED else G.nodes[column]["label"]
    prefix = f"{G.nodes[factor]['label']} × {name}:"
    return dash_duo.find_element(f'#matrix-heatmap button[aria-label^="{prefix}"]')


def _click(dash_duo, element) -> None:
    """Scroll *element* to the middle of its box and the window (as a reader would), then click it for real."""
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element)
    element.click()


def _panel(dash_duo) -> str:
    return dash_duo.find_element(PANEL).text


def _quote(G, ids: list[str]) -> str:
    return next(r["quote"] for r in evidence_records(G, ids) if r["quote"])


def test_matrix_cell_click_lists_evidence(dash_duo, G, shot):
    """A mouse click on a filled cell lists that cell's evidence: title, count and the papers' own words."""
    _open(dash_duo)
    ids = cell_evidence(G, "team-relationships", "SE")
    assert len(ids) >= 2
    button = _cell(dash_duo, G, "team-relationships", "SE")
    assert button.text == str(len(ids))
    title = f"{G.nodes['team-relationships']['label']} × Sweden"
    own = cell_evidence(G, "team-relationships", "SE", as_recorded=True)  # a theme: its sub-themes' items count too
    note = rollup_note(len(own), len(ids))
    assert button.get_attribute("aria-label") == f"{title}: {len(ids)} evidence items" + (f" ({note})" if note else "")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", button)
    button.click()  # a real mouse click on the cell
    dash_duo.wait_for_contains_text(PANEL, title, timeout=15)
    text = _panel(dash_duo)
    assert f"{len(ids)} evidence items" in text
    quote = _quote(G, ids)
    wait_for(lambda: quote[:60] in _panel(dash_duo), message="a verbatim quote of the cell")
    assert "selected" in button.get_attribute("class") and button.get_attribute("aria-current") == "true"
    assert len(dash_duo.find_elements("#matrix-heatmap button.selected")) == 1
    shot("matrix")
    assert dash_duo.get_logs() == []


def test_empty_cell_is_a_gap(dash_duo, G, wide):
    _open(dash_duo)
    assert wide.loc["mentoring", "SE"] == 0 and not cell_evidence(G, "mentoring", "SE")
    button = _cell(dash_duo, G, "mentoring", "SE")
    assert button.text == "" and "gap" in button.get_attribute("aria-label")
    _click(dash_duo, button)
    dash_duo.wait_for_contains_text(PANEL, f"{G.nodes['mentoring']['label']} × Sweden", timeout=15)
    wait_for(lambda: "gap" in _panel(dash_duo), message="the gap explained")
    assert "nothing in the data speaks to it" in _panel(dash_duo)
    assert dash_duo.get_logs() == []


def test_a_theme_whose_sub_themes_have_danish_evidence_is_no_gap_in_denmark(dash_duo, G, wide):
    """Issue 22: a theme with no Danish evidence of its own but some in its sub-themes shows the rolled-up count
    in Denmark's column — the number the reader sees in the cell — is not announced as a gap, and says where the
    evidence is; opened, its panel lists that evidence."""
    own = pivot_matrix(evidence_matrix(G, not_stated=True, as_recorded=True))
    themes = [t for t in wide.index if G.nodes[t]["factor_kind"] == "theme"
              and own.loc[t, "DK"] == 0 and wide.loc[t, "DK"] > 0]
    assert themes, "the bundled data has Danish evidence only in some themes' sub-themes"
    _open(dash_duo)
    for t in themes:
        n = int(wide.loc[t, "DK"])
        button = _cell(dash_duo, G, t, "DK")
        assert button.text == str(n) and n > 0  # what the reader sees
        assert "gap" not in button.get_attribute("class").split()
        assert "gap" not in button.get_attribute("aria-label")
        assert f"0 on the theme itself · {n} in its sub-themes" in button.get_attribute("title")
        assert f"0 on the theme itself · {n} in its sub-themes" in button.get_attribute("aria-label")
    t = themes[0]
    n = int(wide.loc[t, "DK"])
    _click(dash_duo, _cell(dash_duo, G, t, "DK"))
    dash_duo.wait_for_contains_text(PANEL, f"{G.nodes[t]['label']} × Denmark", timeout=15)
    wait_for(lambda: f"{n} evidence item" in _panel(dash_duo), message="the rolled-up count in the panel")
    text = _panel(dash_duo)
    assert f"0 on the theme itself · {n} in its sub-themes" in text
    assert "A gap" not in text and "nothing in the data speaks to it" not in text
    ids = cell_evidence(G, t, "DK")
    wait_for(lambda: _quote(G, ids)[:60] in _panel(dash_duo), message="a quote from a sub-theme")
    assert dash_duo.get_logs() == []


def test_keyboard_enter_on_a_cell(dash_duo, G, wide):
    _open(dash_duo)
    driver = dash_duo.driver
    # one cell is in the Tab order (a roving tabindex); arrow keys move between cells
    assert len(dash_duo.find_elements('#matrix-heatmap button.matrix-btn[tabindex="0"]')) == 1
    ids = cell_evidence(G, "stigma", "NO")
    button = _cell(dash_duo, G, "stigma", "NO")
    driver.execute_script("arguments[0].focus();", button)
    assert driver.switch_to.active_element == button
    columns, factors = list(wide.columns), list(wide.index)
    right = columns[columns.index("NO") + 1]
    above = factors[factors.index("stigma") - 1]
    button.send_keys(Keys.ARROW_RIGHT)
    assert driver.switch_to.active_element.get_attribute("data-cell") == f"stigma|{right}"
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert driver.switch_to.active_element.get_attribute("data-cell") == f"{above}|{right}"
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    assert driver.switch_to.active_element == button
    assert button.get_attribute("tabindex") == "0"
    assert len(dash_duo.find_elements('#matrix-heatmap button.matrix-btn[tabindex="0"]')) == 1
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(PANEL, f"{G.nodes['stigma']['label']} × Norway", timeout=15)
    assert f"{len(ids)} evidence item" in _panel(dash_duo)
    quote = _quote(G, ids)
    wait_for(lambda: quote[:60] in _panel(dash_duo), message="the quote after Enter")
    assert dash_duo.get_logs() == []


def test_country_not_stated_column(dash_duo, G, wide):
    """The last column counts the evidence that concerns no country; its cells list exactly such evidence."""
    unplaced = {n for n, a in G.nodes(data=True) if a["kind"] == "evidence" and not a["country_bases"]}
    assert len(unplaced) == len(matching_evidence(G, countries=[NOT_STATED]))
    _open(dash_duo)
    headers = [h.text.replace("\n", " ") for h in dash_duo.find_elements("#matrix-heatmap thead th")]
    # the header counts the items about some factor (what its cells can show), as every view counts the column
    assert headers[-1] == f"{NOT_STATED_LABEL} ({len(unplaced & counted_evidence(G))})" \
        == f"{NOT_STATED_LABEL} ({country_counts(G)[NOT_STATED]})"
    names = [h.rsplit(" (", 1)[0] for h in headers[1:-1]]
    assert names == sorted(names, key=str.casefold)  # columns in the order of their names
    assert NOT_STATED_NOTE in dash_duo.find_element("#view-matrix").text
    factor = wide[NOT_STATED].idxmax()
    ids = cell_evidence(G, factor, NOT_STATED)
    assert ids and set(ids) <= unplaced
    button = _cell(dash_duo, G, factor, NOT_STATED)
    assert button.text == str(len(ids))
    _click(dash_duo, button)
    dash_duo.wait_for_contains_text(PANEL, f"{G.nodes[factor]['label']} × {NOT_STATED_LABEL}", timeout=15)
    assert f"{len(ids)} evidence items" in _panel(dash_duo)
    wait_for(lambda: _quote(G, ids)[:60] in _panel(dash_duo), message="a quote without a country")
    groups = [s.text for s in dash_duo.find_elements(f"{PANEL} .country-group > summary")]
    assert groups == [f"{NOT_STATED_LABEL} ({len(ids)})"]
    assert dash_duo.get_logs() == []


def test_polarity_and_columns_controls_redraw_the_matrix(dash_duo, G):
    _open(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=matrix&mpol=barrier")
    barriers = len(cell_evidence(G, "team-relationships", "SE", polarity="barrier"))
    wait_for(lambda: _cell(dash_duo, G, "team-relationships", "SE").text == (str(barriers) if barriers else ""),
             message="barrier counts")
    dash_duo.driver.get(dash_duo.server_url + "/?tab=matrix&mby=study")
    prefix = f"{G.nodes['team-relationships']['label']} × {G.nodes['akerblom-2023']['label']}:"
    wait_for(lambda: dash_duo.find_elements(f'#matrix-heatmap button[aria-label^="{prefix}"]'),
             message="study columns")
    assert not dash_duo.find_elements(f'#matrix-heatmap button[aria-label*="{NOT_STATED_LABEL}"]')
    assert not dash_duo.find_element("#matrix-not-stated-note").is_displayed()  # about countries only
    assert dash_duo.get_logs() == []


CONTRAST_JS = """
function lum(rgb) {
  var v = rgb.match(/\\d+/g).slice(0, 3).map(function (x) {
    x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
var worst = 99;
document.querySelectorAll('#matrix-heatmap button.matrix-btn').forEach(function (b) {
  if (!b.textContent) { return; }
  var s = getComputedStyle(b), a = lum(s.color), c = lum(s.backgroundColor);
  worst = Math.min(worst, (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05));
});
var small = Array.from(document.querySelectorAll('#matrix-heatmap th, #matrix-heatmap button, #matrix-heatmap span'))
  .filter(function (e) { return e.textContent && parseFloat(getComputedStyle(e).fontSize) < 11; }).length;
return [worst, small];
"""


def test_cells_readable_contrast_and_size(dash_duo):
    _open(dash_duo)
    worst, small = dash_duo.driver.execute_script(CONTRAST_JS)
    assert worst >= 4.5 and small == 0
    assert dash_duo.get_logs() == []


OVERFLOW_JS = """
var out = [];
document.querySelectorAll(arguments[0] || '#view-matrix *').forEach(function (e) {
  if (e.closest('.matrix-scroll') && !e.classList.contains('matrix-scroll')) { return; }
  var r = e.getBoundingClientRect();
  if (r.width && r.right > window.innerWidth + 0.5) { out.push(e.tagName + '.' + e.className); }
});
return out;
"""


def _assert_no_page_scroll(driver) -> None:
    wide = driver.execute_script(OVERFLOW_JS, "body *")
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
        f"the page scrolls sideways; too wide: {wide[:5]}"


def test_phone_matrix_scrolls_in_its_box_with_sticky_row_labels(dash_duo, G):
    _open(dash_duo, 390, 844)
    driver = dash_duo.driver
    assert driver.execute_script(OVERFLOW_JS) == []  # nothing of the matrix view sticks out to the right
    box = dash_duo.find_element("#matrix-heatmap")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", box)
    assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth + 50", box)
    label = dash_duo.find_element("#matrix-heatmap tbody th")
    left_before = driver.execute_script("return arguments[0].getBoundingClientRect().left", label)
    driver.execute_script("arguments[0].scrollLeft = 400", box)
    wait_for(lambda: driver.execute_script("return arguments[0].scrollLeft", box) > 100, message="the box scrolled")
    assert driver.execute_script(OVERFLOW_JS) == []
    left_after = driver.execute_script("return arguments[0].getBoundingClientRect().left", label)
    box_left = driver.execute_script("return arguments[0].getBoundingClientRect().left", box)
    assert abs(left_after - left_before) < 2 and left_after >= box_left - 1  # the row label stayed in view
    # what is visible at the label's spot is the label itself, not a cell scrolled over it
    hit = driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); var e = document.elementFromPoint(r.left + 10, r.top + 8);"
        "return arguments[0].contains(e);", label)
    assert hit
    # a tap on a cell still lists its evidence
    button = _cell(dash_duo, G, "team-relationships", "SE")
    _click(dash_duo, button)
    dash_duo.wait_for_contains_text(PANEL, f"{G.nodes['team-relationships']['label']} × Sweden", timeout=15)
    # the panel sits below the matrix here: it is brought into view
    wait_for(lambda: -1 <= driver.execute_script(  # scrollY is whole pixels: the top may sit a fraction above 0
        "return document.querySelector('#matrix-cell h5').getBoundingClientRect().top") < 300,
        message="the evidence panel scrolled into view")
    assert driver.execute_script(OVERFLOW_JS) == []
    assert dash_duo.get_logs() == []


def test_phone_page_does_not_scroll_sideways(dash_duo):
    """At 390 CSS px (a real window, not a mobile emulation, whose layout viewport would grow to fit) the page
    with the matrix open is no wider than the window."""
    _open(dash_duo, 390, 844)
    assert dash_duo.driver.execute_script("return window.innerWidth") == 390
    _assert_no_page_scroll(dash_duo.driver)


def test_matrix_is_drawn_only_when_its_tab_opens(dash_duo):
    """The explorer's first page computes no matrix; opening its tab (a real click) draws it."""
    dash_duo.start_server()
    dash_duo.driver.set_window_size(1280, 800)
    xpath = "//*[@role='tab'][normalize-space()='Evidence matrix']"
    wait_for(lambda: dash_duo.driver.find_elements("xpath", xpath) and dash_duo.find_element(PANEL),
             timeout=20, message="the page")
    # the first page is done: its graph drawn and every callback it asked for answered (a needless draw among them)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="the first view drawn")
    wait_stable(lambda: dash_duo._wait_for_callbacks() or None, message="no callback pending")
    tab = dash_duo.driver.find_element("xpath", xpath)
    cells = "return document.querySelectorAll('#matrix-heatmap button.matrix-btn').length"
    assert dash_duo.driver.execute_script(cells) == 0
    tab.click()
    wait_for(lambda: dash_duo.driver.execute_script(cells) > 0, timeout=20, message="matrix drawn on opening")
    assert dash_duo.get_logs() == []


def test_clicking_a_countrys_name_with_barrier_ranks_its_strongest_barriers(dash_duo, G, shot):
    """Polarity "barrier", then a click on "Norway": the panel ranks Norway's barriers by papers, then items; a
    count opens that factor's Norwegian barrier evidence."""
    from dashapp.controls import M_POLARITY
    from graph.query.rank import strongest

    ranked = strongest(G, countries=["NO"], polarities=["barrier"])
    assert len(ranked) >= 3
    _open(dash_duo)
    _click(dash_duo, dash_duo.find_element(f"#{M_POLARITY.id} input[value='barrier']"))
    wait_for(lambda: "polarity barrier" in (dash_duo.find_element("#matrix-heatmap table caption")
                                            .get_attribute("textContent")), message="the barrier matrix drawn")
    header = dash_duo.find_element('#matrix-heatmap button.matrix-col-btn[data-col="NO"]')
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", header)
    header.click()  # a real mouse click on "Norway"
    dash_duo.wait_for_contains_text(PANEL, "Strongest barriers from Norway", timeout=15)
    rows = dash_duo.find_elements(f"{PANEL} .rank-table tbody tr")
    shown = [r.find_element("css selector", "th").text for r in rows]
    assert shown == [r["label"] for r in ranked[:len(shown)]] and len(shown) == min(len(ranked), 25)
    counts = [r.find_element("css selector", "button").text for r in rows]
    assert counts[0] == f"{ranked[0]['papers']} · {ranked[0]['evidence']}"
    shot("matrix-rank-norway-barriers")
    # the reader clicks the first factor's count: its Norwegian barrier evidence
    _click(dash_duo, rows[0].find_element("css selector", "button"))
    title = f"{ranked[0]['label']} × Norway"
    dash_duo.wait_for_contains_text(PANEL, title, timeout=15)
    assert f"{ranked[0]['evidence']} evidence item" in _panel(dash_duo)
    assert dash_duo.get_logs() == []


def _column_order(dash_duo, column: str) -> list[tuple[str, str, int]]:
    """The table's rows as drawn, top to bottom: (kind, factor id, count in *column*)."""
    return [tuple(r) for r in dash_duo.driver.execute_script(
        """var col = arguments[0];
        return Array.prototype.map.call(document.querySelectorAll('#matrix-heatmap tbody tr'), function (tr) {
            var b = tr.querySelector('button.matrix-btn[data-cell$="|' + col + '"]');
            var cell = b.getAttribute('data-cell');
            return [tr.classList.contains('theme-row') ? 'theme' : 'subtheme', cell.slice(0, cell.indexOf('|')),
                    parseInt(b.textContent, 10) || 0];
        });""", column)]


def test_clicking_a_countrys_name_sorts_the_rows_by_it_and_again_restores_the_framework_order(dash_duo, G):
    """A click on "Norway" sorts the themes by their Norwegian evidence, most first, each theme's sub-themes under
    it by theirs; the counts are the theme roll-ups the matrix counts; a second click gives the framework's order."""
    from graph.query.matrix import matrix_counts

    _open(dash_duo)
    before = _column_order(dash_duo, "NO")
    header = dash_duo.find_element('#matrix-heatmap button.matrix-col-btn[data-col="NO"]')
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", header)
    header.click()  # a real mouse click on "Norway"
    wait_for(lambda: dash_duo.driver.execute_script(
        "return document.querySelector('#matrix-heatmap th[aria-sort=\"descending\"] button').dataset.col") == "NO",
        message="Norway's column marked as the sort")
    after = _column_order(dash_duo, "NO")
    assert sorted(after) == sorted(before) and after != before
    themes = [n for kind, _, n in after if kind == "theme"]
    assert themes == sorted(themes, reverse=True) and themes[0] > 0
    # each theme's sub-themes follow it, most Norwegian evidence first
    mc = matrix_counts(G, "country")
    no = mc.columns.index("NO")
    rolled = {f: int(sum(mc.counts[k][i, no] for k in range(len(mc.counts)))) for i, f in enumerate(mc.factors)}
    theme = None
    run: list[int] = []
    for kind, f, n in after:
        if kind == "theme":
            assert run == sorted(run, reverse=True), theme
            theme, run = f, []
        else:
            assert G.nodes[f]["theme"] == theme
            run.append(n)
        assert n == rolled[f]  # the number drawn is the matrix's count for that row
    assert run == sorted(run, reverse=True)
    assert "Norway" in dash_duo.find_element(PANEL).text  # the ranking beside
    header.click()  # again: the framework's order
    wait_for(lambda: _column_order(dash_duo, "NO") == before, message="the framework's order back")
    assert dash_duo.get_logs() == []
