"""The studies table in headless Chromium: search, sort by a header button (mouse and keyboard), the sort kept in
the URL, paging, no serious accessibility violation, and no page-wide sideways scroll on a phone."""

from __future__ import annotations

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.keys import Keys

from dashapp.pages import studies
from graph import load_graph

from .conftest import visible_view, wait_for

pytestmark = pytest.mark.browser

#: The rows shown, each as {field: cell text}.
ROWS_JS = """return Array.from(document.querySelectorAll('#studies-table tbody tr')).map(tr =>
    Object.fromEntries(Array.from(tr.children).map(c => [c.className.replace('col-', ''), c.textContent])));"""
STATUS = "#" + studies.STATUS


def _button(field: str) -> str:
    return f'#studies-table button[id*=\'"index":"{field}"\'][id*=\'"type":"{studies.SORT_BUTTON}"\']'


def _aria_sort(dash_duo, field: str) -> str | None:
    return dash_duo.driver.execute_script(f"var b = document.querySelector({_button(field)!r});"
                                          "return b && b.closest('th').getAttribute('aria-sort');")


def _rows(dash_duo) -> list[dict[str, str]]:
    return dash_duo.driver.execute_script(ROWS_JS)


def _start(dash_duo, query: str = "?tab=studies", size: tuple[int, int] = (1280, 800)) -> list[dict]:
    """Open the app at *query*; return every study row (as the view's data has it) once the table is drawn."""
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(*size)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    wait_for(lambda: len(_rows(dash_duo)) == studies.PAGE_SIZE, timeout=20, message="the studies table")
    return studies.rows(load_graph())


def _year_of_first_row(dash_duo) -> int | None:
    rows = _rows(dash_duo)
    return int(rows[0]["year"]) if rows and rows[0].get("year") else None


def test_search_keeps_the_rows_with_every_word_and_updates_the_count(dash_duo):
    data = _start(dash_duo)
    assert dash_duo.find_element(STATUS).text == f"Rows 1–20 of {len(data)}"
    label = dash_duo.find_element(f"label[for={studies.QUICK}]")
    assert label.is_displayed() and label.text == "Search studies"
    box = dash_duo.find_element("#" + studies.QUICK)
    assert box.get_attribute("type") == "search"
    box.send_keys("Norwegian")
    expected = [r["label"] for r in data if "norwegian" in " ".join(str(r[f]) for f in studies.FIELDS).lower()]
    assert 0 < len(expected) <= studies.PAGE_SIZE
    wait_for(lambda: [r["label"] for r in _rows(dash_duo)] == expected, timeout=10,
             message=f"only the studies mentioning Norwegian: {expected}")
    assert all("norwegian" in " ".join(r.values()).lower() for r in _rows(dash_duo))
    n = len(expected)
    wait_for(lambda: dash_duo.find_element(STATUS).text == f"Rows 1–{n} of {n} (of {len(data)} studies)",
             timeout=5, message="the count of the rows kept")
    assert not dash_duo.find_element("#" + studies.PREV).is_enabled()
    assert not dash_duo.find_element("#" + studies.NEXT).is_enabled()
    wait_for(lambda: "q=Norwegian" in dash_duo.driver.current_url, timeout=5, message="the search in the URL")
    box.send_keys(" zzzznothing")
    wait_for(lambda: "No studies match" in dash_duo.find_element(STATUS).text, timeout=10, message="no match")
    assert dash_duo.find_element("#studies-table .studies-empty").is_displayed()
    assert dash_duo.get_logs() == []


def test_header_button_sorts_reverses_and_the_sort_survives_a_reload(dash_duo):
    data = _start(dash_duo)
    years = sorted(r["year"] for r in data if r["year"])
    assert _aria_sort(dash_duo, "year") == "none"
    dash_duo.find_element(_button("year")).click()
    wait_for(lambda: _year_of_first_row(dash_duo) == years[0], timeout=10, message="oldest study first")
    assert _aria_sort(dash_duo, "year") == "ascending" and _aria_sort(dash_duo, "label") == "none"
    dash_duo.find_element(_button("year")).click()
    wait_for(lambda: _year_of_first_row(dash_duo) == years[-1], timeout=10, message="newest study first")
    assert _aria_sort(dash_duo, "year") == "descending"
    shown = [int(r["year"]) for r in _rows(dash_duo)]
    assert shown == sorted(shown, reverse=True)
    wait_for(lambda: "sort=-year" in dash_duo.driver.current_url, timeout=10, message="the sort in the URL")

    dash_duo.driver.get(dash_duo.driver.current_url)  # reload: the sort is still applied
    wait_for(lambda: _year_of_first_row(dash_duo) == years[-1], timeout=20, message="newest first after reload")
    wait_for(lambda: _aria_sort(dash_duo, "year") == "descending", timeout=5, message="aria-sort after reload")
    assert "sort=-year" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_next_and_previous_page_through_twenty_rows(dash_duo):
    data = _start(dash_duo)
    prev, nxt = dash_duo.find_element("#" + studies.PREV), dash_duo.find_element("#" + studies.NEXT)
    assert not prev.is_enabled() and nxt.is_enabled()
    nxt.click()
    wait_for(lambda: dash_duo.find_element(STATUS).text == f"Rows 21–40 of {len(data)}", timeout=10,
             message="the second page")
    assert [r["label"] for r in _rows(dash_duo)] == [r["label"] for r in data[20:40]]
    assert prev.is_enabled()
    prev.click()
    wait_for(lambda: dash_duo.find_element(STATUS).text == f"Rows 1–20 of {len(data)}", timeout=10,
             message="back to the first page")
    assert not prev.is_enabled()
    last = -(-len(data) // studies.PAGE_SIZE)
    for _ in range(last - 1):
        nxt.click()
    first = (last - 1) * studies.PAGE_SIZE + 1
    wait_for(lambda: dash_duo.find_element(STATUS).text == f"Rows {first}–{len(data)} of {len(data)}", timeout=15,
             message="the last page")
    assert not nxt.is_enabled() and prev.is_enabled()
    assert dash_duo.get_logs() == []


def test_studies_view_has_no_serious_accessibility_violation(dash_duo):
    _start(dash_duo)
    dash_duo.find_element(_button("year")).click()
    wait_for(lambda: _aria_sort(dash_duo, "year") == "ascending", timeout=10, message="sorted")
    axe = Axe(dash_duo.driver)
    axe.inject()
    result = axe.run(visible_view(dash_duo.driver))  # the open view, header and tab bar
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []
    # the table's own markup: a caption, column headers with buttons, row headers, small text no smaller than 13 px
    assert dash_duo.find_element("#studies-table table caption").text.startswith("Studies in all, sorted by Year")
    assert len(dash_duo.find_elements("#studies-table thead th[scope=col] > button")) == len(studies.COLUMNS)
    assert len(dash_duo.find_elements("#studies-table tbody th[scope=row]")) == studies.PAGE_SIZE
    smallest = dash_duo.driver.execute_script(
        "return Math.min(...Array.from(document.querySelectorAll('#view-studies *')).filter(e => e.offsetParent"
        " && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)));")
    assert smallest >= 13
    assert dash_duo.get_logs() == []


def test_phone_width_scrolls_the_table_not_the_page(dash_duo):
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(600, 1000)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        dash_duo.driver.get(dash_duo.server_url + "/?tab=studies")
        wait_for(lambda: len(_rows(dash_duo)) == studies.PAGE_SIZE, timeout=20, message="the studies table")
        widths = dash_duo.driver.execute_script(
            "var box = document.getElementById('studies-table');"
            "return {page: document.documentElement.scrollWidth, view: window.innerWidth,"
            "        box: box.clientWidth, table: box.scrollWidth};")
        assert widths["view"] == 390
        assert widths["page"] <= widths["view"], widths
        assert widths["table"] > widths["box"], widths  # the table scrolls inside its own box
    finally:
        dash_duo.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert dash_duo.get_logs() == []


def test_enter_on_a_focused_header_button_sorts(dash_duo):
    data = _start(dash_duo)
    counts = sorted(r["evidence"] for r in data)
    button = dash_duo.find_element(_button("evidence"))
    dash_duo.driver.execute_script("arguments[0].focus();", button)
    button.send_keys(Keys.ENTER)
    wait_for(lambda: _aria_sort(dash_duo, "evidence") == "ascending", timeout=10, message="sorted by Enter")
    assert int(_rows(dash_duo)[0]["evidence"]) == counts[0]
    # focus stays on the button, so Enter again reverses
    assert dash_duo.driver.execute_script("return document.activeElement.textContent.startsWith('Evidence');")
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(lambda: _aria_sort(dash_duo, "evidence") == "descending", timeout=10, message="reversed by Enter")
    assert int(_rows(dash_duo)[0]["evidence"]) == counts[-1]
    assert dash_duo.get_logs() == []


def test_sort_text_round_trips_and_toggles():
    """encode_sort/decode_sort (what the URL field carries) and toggle_sort without a browser; also the doctests."""
    import doctest

    from dashapp.pages import compare

    assert studies.encode_sort(studies.decode_sort("-year,label")) == "-year,label"
    assert studies.encode_sort(studies.decode_sort("cited_by,-nonsense,-year")) == "cited_by,-year"
    assert [c["colId"] for c in studies.decode_sort("")] == [c["field"] for c in studies.COLUMNS]
    grid_state = [{"colId": "evidence", "sort": "desc", "sortIndex": None, "width": 120, "hide": False}]
    assert studies.encode_sort(grid_state) == "-evidence"
    assert [studies.toggle_sort(s, "year") for s in ("", "year", "-year", "label")] == ["year", "-year", "year", "year"]
    for module in (studies, compare):
        assert doctest.testmod(module).failed == 0


def test_clicking_a_studys_evidence_count_opens_explore_filtered_to_that_evidence(dash_duo):
    """The reader clicks the evidence count of the first study: Explore opens with that study chosen in its filter,
    and its evidence badge shows the same number the table showed."""
    import re

    data = _start(dash_duo)
    first = _rows(dash_duo)[0]
    row = next(r for r in data if r["label"] == first["label"])
    link = dash_duo.find_element("#studies-table tbody tr:first-child td.col-evidence a")
    assert link.text == str(row["evidence"]) and row["evidence"] > 0
    link.click()
    dash_duo.wait_for_contains_text("#f-counts", "evidence", timeout=20)
    wait_for(lambda: row["label"] in dash_duo.find_element("#f-studies").text, message="the study in the filter")
    wait_for(lambda: re.search(r"(\d+) evidence", dash_duo.find_element("#f-counts").text).group(1)
             == str(row["evidence"]), message="the evidence badge equal to the table's count")
    assert dash_duo.get_logs() == []


def test_choosing_norway_in_the_country_filter_keeps_the_norwegian_studies_counted_from_the_csv(dash_duo):
    """The reader types "Norw" into the country filter and presses Enter: the status counts the studies whose
    countries include Norway, as counted from studies.csv by hand, every row names Norway, and the URL keeps it."""
    from tests.query.by_hand import rows as csv_rows
    from tests.query.by_hand import split

    norwegian = sorted(r["label"] for r in csv_rows("studies") if "NO" in split(r["countries"]))
    assert 0 < len(norwegian) < studies.PAGE_SIZE
    every = _start(dash_duo)
    dash_duo.find_element(f"#{studies.COUNTRIES}").click()  # opens the picker with its search box focused
    box = dash_duo.find_element(".dash-dropdown-search")
    box.send_keys("Norw")
    wait_for(lambda: dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.dash-dropdown-option, [role=option]'))"
        ".map(o => o.textContent)").__len__() == 1, message="one country matching 'Norw'")
    box.send_keys(Keys.ENTER)
    wanted = f"Rows 1–{len(norwegian)} of {len(norwegian)} from Norway (of {len(every)} studies)"
    dash_duo.wait_for_text_to_equal(STATUS, wanted, timeout=15)
    shown = _rows(dash_duo)
    assert sorted(r["label"] for r in shown) == norwegian
    assert all("Norway" in r["countries"] for r in shown)
    assert "sc=NO" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


#: Geometry of the studies table as the reader sees it: the page's and the box's widths, each header's name and its
#: left and right edges, each row's height, and the table's line height.
FIT_JS = """var box = document.getElementById('studies-table'), cell = box.querySelector('tbody td');
return {view: window.innerWidth, page: document.documentElement.scrollWidth, box: box.clientWidth,
        table: box.scrollWidth, line: parseFloat(getComputedStyle(cell).lineHeight),
        headers: Array.from(box.querySelectorAll('thead th')).map(th => {
            var r = th.getBoundingClientRect(); return [th.textContent.trim(), r.left, r.right]; }),
        rows: Array.from(box.querySelectorAll('tbody tr')).map(tr => tr.getBoundingClientRect().height)};"""

#: Whether the last character of the text in element arguments[0] is drawn inside that element's visible box (a
#: text cut to a few lines lays its end out below the box, where it is hidden).
END_SHOWN_JS = """var el = arguments[0], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), last = null;
while (walk.nextNode()) { if (walk.currentNode.textContent.trim()) { last = walk.currentNode; } }
var text = last.textContent.replace(/\\s+$/, ''), range = document.createRange();
range.setStart(last, text.length - 1); range.setEnd(last, text.length);
var box = el.getBoundingClientRect(), end = range.getBoundingClientRect();
return end.bottom <= box.bottom + 1 && end.top >= box.top - 1 && end.right <= window.innerWidth;"""


def _open_studies_tab_at(dash_duo, width: int, height: int) -> None:
    """Open the explorer in a window whose page is *width* × *height*, then click the Studies tab."""
    driver = dash_duo.driver
    dash_duo.start_server(navigate=False)
    driver.set_window_size(width, height)
    inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner_w, 2 * height - inner_h)
    driver.get(dash_duo.server_url + "/")
    wait_for(lambda: dash_duo.find_element("[data-view='studies']").is_displayed(), message="the tab bar")
    dash_duo.find_element("[data-view='studies']").click()
    wait_for(lambda: len(_rows(dash_duo)) == studies.PAGE_SIZE, timeout=20, message="the studies table")


def _longest_design() -> tuple[str, str]:
    """(label, design) of the study with the longest design in data/studies.csv, read with the csv module."""
    import csv
    from pathlib import Path

    with (Path(__file__).resolve().parents[2] / "data" / "studies.csv").open(encoding="utf-8", newline="") as f:
        designed = [r for r in csv.DictReader(f) if r["design"].strip()]
    best = max(designed, key=lambda r: len(r["design"]))
    return best["label"], " ".join(best["design"].split())


def _design_of(dash_duo, label: str):
    """The design text and its "more" in the row of the study *label* (None if not on this page)."""
    return dash_duo.driver.execute_script(
        "var row = Array.from(document.querySelectorAll('#studies-table tbody tr'))"
        "  .find(tr => tr.querySelector('th.col-label').textContent === arguments[0]);"
        "var cell = row && row.querySelector('td.col-design');"
        "return cell && [cell.querySelector('.studies-clamp'), cell.querySelector('.studies-more > summary')];", label)


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_studies_tab_fits_the_window_and_more_shows_a_studys_whole_design(dash_duo, shot, size):
    """The reader clicks the Studies tab on a 1280×800 (or 1600×1000) page: the table fits its box with every
    column's header in view, no row is taller than a few lines, and the study with the longest design shows its
    design cut short until the reader clicks its "more": then the whole design (as data/studies.csv has it) is
    shown, and "less" cuts it short again."""
    _open_studies_tab_at(dash_duo, *size)
    label, design = _longest_design()
    wait_for(lambda: _design_of(dash_duo, label) and _design_of(dash_duo, label)[1].is_displayed(),
             message=f"the 'more' under the design of {label}")
    fit = dash_duo.driver.execute_script(FIT_JS)
    assert fit["view"] == size[0]
    assert fit["table"] <= fit["box"], fit  # no sideways scroll in the table's box
    assert fit["page"] <= fit["view"], fit  # nor of the page
    assert [h[0] for h in fit["headers"]] == [c["header"] for c in studies.COLUMNS]
    assert all(0 <= left and right <= fit["view"] for _, left, right in fit["headers"]), fit["headers"]
    assert max(fit["rows"]) <= 5 * fit["line"] + 16, fit["rows"]  # three lines and a "more", with padding

    text, more = _design_of(dash_duo, label)
    assert " ".join(text.get_attribute("textContent").split()) == design
    assert not dash_duo.driver.execute_script(END_SHOWN_JS, text), "the design is cut short before 'more'"
    assert more.text.split()[0] == "more"  # (then the column, for screen readers)
    more.click()
    wait_for(lambda: dash_duo.driver.execute_script(END_SHOWN_JS, text), message="the design's end shown")
    assert " ".join(text.text.split()) == design  # the whole design, as the reader sees it
    assert more.text.split()[0] == "less"
    row = dash_duo.driver.execute_script("return arguments[0].closest('tr').getBoundingClientRect().height", text)
    assert row > 5 * fit["line"] + 16
    if size == (1280, 800):
        shot("studies")  # the table on a laptop, one design opened
    more.click()
    wait_for(lambda: not dash_duo.driver.execute_script(END_SHOWN_JS, text), message="the design cut short again")
    assert more.text.split()[0] == "more"  # (then the column, for screen readers)
    assert dash_duo.get_logs() == []


#: The background colour the reader sees behind element arguments[0].
BACKGROUND_JS = "return getComputedStyle(arguments[0]).backgroundColor;"


def test_searching_a_word_hidden_in_a_cut_design_marks_its_more_and_more_shows_the_word_marked(dash_duo):
    """The reader searches for the last long word of the longest design (from data/studies.csv): that study's design
    is cut before the word, so its "more" is marked like the searched words; clicking it shows the word, marked."""
    import re

    label, design = _longest_design()
    word = re.findall(r"[^\W\d_]{6,}", design)[-1]
    _start(dash_duo)
    text, more = _design_of(dash_duo, label)
    mark_colour = dash_duo.driver.execute_script(
        "var m = document.createElement('mark'); arguments[0].appendChild(m);"
        "var c = getComputedStyle(m).backgroundColor; m.remove(); return c;", text)
    assert dash_duo.driver.execute_script(BACKGROUND_JS, more) != mark_colour  # no search yet: a plain "more"
    dash_duo.find_element("#" + studies.QUICK).send_keys(word)
    wait_for(lambda: "q=" + word in dash_duo.driver.current_url, message="the search in the URL")
    wait_for(lambda: _design_of(dash_duo, label) and word.casefold() in [
        m.get_attribute("textContent").casefold() for m in _design_of(dash_duo, label)[0].find_elements("css selector", "mark")],
        message=f"{word!r} marked in the design of {label}")
    text, more = _design_of(dash_duo, label)
    assert not dash_duo.driver.execute_script(END_SHOWN_JS, text), "the design is cut before its last word"
    wait_for(lambda: dash_duo.driver.execute_script(BACKGROUND_JS, more) == mark_colour,
             message="the 'more' marked: a searched word is in the hidden text")
    more.click()
    wait_for(lambda: dash_duo.driver.execute_script(END_SHOWN_JS, text), message="the whole design shown")
    last_mark = text.find_elements("css selector", "mark")[-1]
    assert last_mark.text.casefold() == word.casefold() and last_mark.is_displayed()
    assert dash_duo.driver.execute_script(
        "var m = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
        "return m.top >= b.top - 1 && m.bottom <= b.bottom + 1;", last_mark, text), "the word inside the shown text"
    assert dash_duo.driver.execute_script(BACKGROUND_JS, last_mark) == mark_colour
    assert dash_duo.get_logs() == []
