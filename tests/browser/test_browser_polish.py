"""The small things a reader meets (issue 23, item 8): capped evidence paged in, the export status as a toast that
can be dismissed, plurals, the Plan's buttons whole at 1280 px."""

from __future__ import annotations

import pytest

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
