"""The "What's new in this version" panel in headless Chromium: the data changes, the user opens the panel."""

from __future__ import annotations

import pytest

from dashapp import create_app

from .conftest import wait_for

pytestmark = pytest.mark.browser


def test_after_the_data_changes_opening_whats_new_lists_the_new_country(dash_duo, data_copy):
    app = create_app(data_copy)
    dash_duo.start_server(app)
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    assert not dash_duo.find_elements("#whats-new summary")
    with (data_copy / "countries.csv").open("a", encoding="utf-8") as fh:
        fh.write("XS,Synthland (fictional),Europe,high\n")
    with (data_copy / "evidence.csv").open("a", encoding="utf-8") as fh:
        fh.write("ev-synthfixture-901,grim-2022,Results,Synthetic row for a test.,,enabler,manager,,,role-clarity,,,"
                 "XS,text,,finding\n")
    dash_duo.driver.refresh()  # the page's request notices the new files
    assert app.layout.ctx.settle()
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#whats-new summary", "new countries (1)", timeout=20)
    item = dash_duo.driver.find_element("xpath", "//*[@id='whats-new']//li[contains(., 'Synthland (fictional) (XS)')]")
    assert not item.is_displayed()  # closed until the user opens it
    dash_duo.find_element("#whats-new summary").click()
    wait_for(item.is_displayed, message="the panel's list shown")
    assert item.text == "Synthland (fictional) (XS): 1 evidence item"
