"""The small things a reader meets (issue 23, item 8): capped evidence paged in, the export status as a toast that
can be dismissed, plurals, the Plan's buttons whole at 1280 px."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from graph import load_graph
from graph.query.details import factor_details

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser


def _page(dash_duo, path: str = "/") -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 900)
    dash_duo.driver.get(dash_duo.server_url + path)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")


def _cards(dash_duo) -> int:
    return dash_duo.driver.execute_script("return document.querySelectorAll('#details .evidence-groups .evidence-card').length")


def test_capped_evidence_pages_in_twenty_more_at_a_time(dash_duo):
    theme = "change-management"
    groups = factor_details(load_graph(), theme)["groups"]  # the cards the panel lists: by country, then study
    total = sum(len(s["records"]) for g in groups for s in g["studies"])
    assert total > 120, "needs a factor with more evidence than two pages beyond the cap"
    _page(dash_duo, f"/?sel=f:{theme}")
    wait_for(lambda: _cards(dash_duo) == 100, message="the first 100 cards")
    button = dash_duo.find_element("#details .more-cards")
    assert button.text == f"Show 20 more (of {total - 100} not listed)"
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait_for(lambda: _cards(dash_duo) == 120, message="20 more cards")
    left = total - 120
    assert dash_duo.find_element("#details .more-cards").text == f"Show {min(20, left)} more (of {left} not listed)"
    assert f"… and {left} more evidence items" in dash_duo.find_element("#details .more-evidence").text
    # another selection (a link in the panel) starts again from the first page
    link = next(a for a in dash_duo.driver.find_elements("css selector", "#details a.goto")
                if a.get_attribute("textContent") == "Human resource management policies")
    summary = dash_duo.driver.execute_script("var d = arguments[0].closest('details:not([open])');"
                                             "return d && d.querySelector('summary')", link)
    if summary is not None:  # the list of influences is folded: unfold it, as a reader does
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.click()
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    dash_duo.wait_for_text_to_equal("#details h2", "Human resource management policies")
    wait_for(lambda: _cards(dash_duo) == 100, message="the first 100 cards of another factor")
    assert dash_duo.get_logs() == []


def _toast_shown(dash_duo) -> bool:
    toasts = dash_duo.driver.find_elements("css selector", "#x-status-toast")
    return bool(toasts) and toasts[0].is_displayed()


def test_the_export_status_is_a_toast_the_reader_can_dismiss(dash_duo):
    _page(dash_duo)
    assert not _toast_shown(dash_duo)
    dash_duo.find_element("#x-download").click()
    dash_duo.wait_for_contains_text("#x-status", "factors and influences (as drawn)", timeout=30)
    toast = dash_duo.find_element("#x-status-toast")
    assert toast.is_displayed()
    # it floats at the foot of the screen, over the page, not inside the toolbar
    box = dash_duo.driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return [r.bottom, window.innerHeight,"
        " getComputedStyle(arguments[0]).position]", toast)
    assert box[2] == "fixed" and box[1] - 40 <= box[0] <= box[1], box
    dash_duo.find_element("#x-status-toast .btn-close").click()
    wait_for(lambda: not _toast_shown(dash_duo), message="the toast dismissed")
    # the next export shows it again
    dash_duo.find_element("#x-pptx").click()
    wait_for(lambda: _toast_shown(dash_duo), message="the toast shown again")


def test_the_plans_country_button_shows_its_whole_label_at_1280(dash_duo):
    _page(dash_duo, "/?tab=plan")
    wait_for(lambda: dash_duo.find_element("#pl-from-country").is_displayed(), message="the Plan shown")
    fit = dash_duo.driver.execute_script("""
        var b = document.getElementById('pl-from-country'), s = document.getElementById('pl-country');
        var col = b.closest('.col, [class*=col-]').getBoundingClientRect(), r = b.getBoundingClientRect();
        return {text: b.textContent, inside: r.left >= col.left - 1 && r.right <= col.right + 1,
                whole: b.scrollWidth <= b.clientWidth && b.scrollHeight <= b.clientHeight,
                select: s.getBoundingClientRect().width};""")
    assert fit["text"] == "Mark its mostly-barrier factors as problems"
    assert fit["inside"] and fit["whole"], fit
    assert fit["select"] >= 150, "the country picker keeps room for 'Choose a country'"


def _open_menu(dash_duo, css: str):
    dash_duo.find_element(css).click()
    wait_for(lambda: dash_duo.driver.find_elements("css selector", ".dash-dropdown-content .dash-dropdown-option"),
             message="the menu open")


def _options(dash_duo) -> list[str]:
    return [o.text for o in dash_duo.driver.find_elements("css selector", ".dash-dropdown-content .dash-dropdown-option")]


def test_a_multi_choice_dropdown_clears_the_typed_text_after_a_choice(dash_duo):
    _page(dash_duo, "/?tab=compare")
    wait_for(lambda: dash_duo.find_element("#c-countries").is_displayed(), message="compare shown")
    _open_menu(dash_duo, "#c-countries")
    ActionChains(dash_duo.driver).send_keys("swe").perform()
    wait_for(lambda: len(_options(dash_duo)) == 1 and _options(dash_duo)[0].startswith("Sweden ("),
             message="the typed text narrows the list to Sweden")
    dash_duo.find_element(".dash-dropdown-content .dash-dropdown-option").click()
    wait_for(lambda: "cc=SE" in dash_duo.driver.current_url, message="Sweden chosen")
    search = dash_duo.find_element(".dash-dropdown-content input.dash-dropdown-search")
    wait_for(lambda: search.get_attribute("value") == "", message="the typed text cleared")
    wait_for(lambda: len(_options(dash_duo)) > 5, message="the whole list back")


def test_opening_the_compare_country_picker_offers_no_all_countries_button_where_four_is_the_most(dash_duo):
    _page(dash_duo, "/?tab=compare")
    wait_for(lambda: dash_duo.find_element("#c-countries").is_displayed(), message="compare shown")
    _open_menu(dash_duo, "#c-countries")
    shown = [b.text for b in dash_duo.driver.find_elements("css selector", ".dash-dropdown-action-button")
             if b.is_displayed()]
    assert "Select All" not in shown and "Deselect All" in shown
    # a dropdown without a maximum keeps it (the explore view's countries)
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph drawn")
    _open_menu(dash_duo, "#f-countries")
    assert "Select All" in [b.text for b in dash_duo.driver.find_elements("css selector", ".dash-dropdown-action-button")
                            if b.is_displayed()]


def test_the_studies_search_marks_why_each_row_matched(dash_duo):
    _page(dash_duo, "/?tab=studies")
    box = dash_duo.find_element("#s-quick")
    wait_for(box.is_displayed, message="the studies shown")
    box.send_keys("peer norway")
    marks_js = """return Array.from(document.querySelectorAll('#studies-table tbody tr')).map(tr =>
        Array.from(tr.querySelectorAll('mark')).map(m => m.textContent.toLowerCase()));"""

    def both_marked() -> bool:  # every row kept shows both words, marked where they occur
        marks = dash_duo.driver.execute_script(marks_js)
        return bool(marks) and all({"peer", "norway"} <= set(row) for row in marks)
    wait_for(both_marked, message="every row marks 'peer' and 'norway'")
    assert "(of " in dash_duo.find_element("#s-status").text  # the search is applied: a count of all studies
    # a mark is on screen in the first row, in the colour that reads as a highlight
    colour = dash_duo.driver.execute_script(
        "return getComputedStyle(document.querySelector('#studies-table tbody tr mark')).backgroundColor")
    assert colour == "rgb(255, 224, 138)"
