"""The Plan view in headless Chromium: marking factors changes the plan, the plan survives a reload of its URL,
the self-assessment downloads as JSON and loads again from a CSV file, a country's evidence starts it, and the
printable checklist downloads as DOCX and XLSX with the marked barriers, their strategies and citations."""

from __future__ import annotations

import csv
import glob
import json
import os
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from docx import Document
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from dashapp import plan

from .conftest import wait_for

pytestmark = pytest.mark.browser

ITEMS_JS = """return Array.from(document.querySelectorAll('#pl-checklist article.pl-item'))
    .map(a => a.getAttribute('data-factor'));"""


def _items(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(ITEMS_JS)


def _mark(dash_duo, factor: str, state: str) -> None:
    """Press the radio button *state* ('present', 'absent', 'not known') of *factor*, as a user does."""
    box = dash_duo.find_element(f'fieldset[data-factor="{factor}"]')
    label = next(lb for lb in box.find_elements(By.TAG_NAME, "label") if lb.text.strip() == state)
    label.click()


def _checked(dash_duo, factor: str) -> str | None:
    return dash_duo.driver.execute_script(
        f"var i = document.querySelector('fieldset[data-factor=\"{factor}\"] input:checked');"
        "return i && i.value;")


def _query(dash_duo) -> dict[str, list[str]]:
    q = parse_qs(urlparse(dash_duo.driver.current_url).query)
    return {k: v[0].split(",") for k, v in q.items()}


def _start(dash_duo, query: str = "?tab=plan") -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    wait_for(lambda: dash_duo.find_element("#" + plan.SUMMARY).text.startswith("●"), timeout=30,
             message="the plan view's summary")


def test_marking_three_factors_lists_their_barriers_and_the_url_reloads_the_same_plan(dash_duo, shot):
    _start(dash_duo)
    assert _items(dash_duo) == []
    assert "Nothing to show" in dash_duo.find_element("#" + plan.CHECKLIST).text
    _mark(dash_duo, "time-limited-project-funding", "present")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding"], timeout=15, message="the first barrier")
    _mark(dash_duo, "role-clarity", "present")
    _mark(dash_duo, "user-organisation-collaboration", "absent")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=15,
             message="two barriers, macro before meso")
    # the summary comes with the plan from one callback: once it counts all three marks, so does the plan
    wait_for(lambda: dash_duo.find_element("#" + plan.SUMMARY).text.startswith("● 2 present · ○ 1 absent"),
             timeout=15, message="the summary and the plan with all three marks")
    text = dash_duo.find_element("#" + plan.CHECKLIST).text
    assert "Set aside funds centrally for PSW posts" in text and "Grim et al. 2022" in text
    assert "Give clear descriptions of the PSW's roles and responsibilities" in text
    assert "✗ you lack: Collaboration with the user movement" in text  # a strategy relies on what is marked absent
    assert dash_duo.find_element("#" + plan.SUMMARY).text.startswith("● 2 present · ○ 1 absent")
    wait_for(lambda: _query(dash_duo).get("lacks") == ["user-organisation-collaboration"], timeout=10,
             message="the marks in the URL")
    assert sorted(_query(dash_duo)["has"]) == ["role-clarity", "time-limited-project-funding"]
    url = dash_duo.driver.current_url
    shot("plan")
    dash_duo.driver.get(url)  # a reload (or a shared link) gives the same plan, radios included
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=30,
             message="the same plan after a reload")
    wait_for(lambda: _checked(dash_duo, "role-clarity") == "present", timeout=10, message="the radios redrawn")
    assert _checked(dash_duo, "user-organisation-collaboration") == "absent"
    assert _checked(dash_duo, "stigma") == "unknown"
    _mark(dash_duo, "role-clarity", "not known")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding"], timeout=15, message="role-clarity unmarked")
    dash_duo.driver.back()
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=15,
             message="back restores the previous marks")
    assert dash_duo.get_logs() == []


def test_save_as_json_downloads_the_marks_and_a_csv_file_loads_them(dash_duo, tmp_path):
    _start(dash_duo, "?tab=plan&has=stigma&lacks=mentoring")
    wait_for(lambda: _items(dash_duo) == ["stigma"], timeout=30, message="the plan from the URL")
    dash_duo.find_element("#" + plan.SAVE_JSON).click()
    pattern = os.path.join(dash_duo.download_path, "pswgraph-self-assessment*.json")
    wait_for(lambda: glob.glob(pattern), timeout=20, message="the JSON download")
    with open(glob.glob(pattern)[0], encoding="utf-8") as fh:
        saved = json.load(fh)
    assert saved["assessment"] == {"mentoring": "absent", "stigma": "present"}
    assert saved["data_version"]
    dash_duo.find_element("#" + plan.SAVE_PLAN).click()
    pattern = os.path.join(dash_duo.download_path, "pswgraph-plan*.csv")
    wait_for(lambda: glob.glob(pattern), timeout=20, message="the plan download")
    with open(glob.glob(pattern)[0], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["barrier"] for r in rows} == {"Stigma (various types)"}
    assert "Model stigma-free approaches and behaviours" in {r["strategy"] for r in rows}
    assert all(r["owner"] == r["due"] == r["status"] == "" and r["source"] for r in rows)
    upload = tmp_path / "mine.csv"
    upload.write_text("factor,label,state\nstaff-readiness,Staff readiness,present\n"
                      "time-limited-project-funding,,present\nno-such-factor,,present\n", encoding="utf-8")
    dash_duo.find_element(f"#{plan.UPLOAD} input[type=file]").send_keys(str(upload))
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "staff-readiness"], timeout=20,
             message="the uploaded marks replace the old ones")
    assert "Loaded 2 mark(s); skipped 1 row(s)" in dash_duo.find_element("#" + plan.UPLOAD_STATUS).text
    assert _checked(dash_duo, "stigma") == "unknown"
    assert dash_duo.get_logs() == []


def test_starting_from_denmarks_evidence_lists_the_danish_managers_preparation(dash_duo):
    _start(dash_duo)
    Select(dash_duo.find_element("#" + plan.COUNTRY)).select_by_visible_text("Denmark")
    dash_duo.find_element("#" + plan.FROM_COUNTRY).click()
    wait_for(lambda: "staff-readiness" in _items(dash_duo), timeout=20, message="Denmark's barriers marked present")
    assert _checked(dash_duo, "staff-readiness") == "present"
    item = dash_duo.find_element('#pl-checklist article[data-factor="staff-readiness"]')
    assert "Choose mentors the team listens to" in item.text and "Johansen et al. 2024 · DK" in item.text
    item.find_element(By.CSS_SELECTOR, 'li[data-strategy="strat-johansen-influential-mentors"] summary').click()
    wait_for(lambda: "Somebody the others would listen to" in item.text and "(FM5)" in item.text, timeout=5,
             message="the manager's quote with its FM code")
    assert dash_duo.get_logs() == []


def _download(dash_duo, button: str, pattern: str) -> str:
    """Click *button* and wait for the file matching *pattern* (Chrome names it so once complete) to download."""
    dash_duo.find_element("#" + button).click()
    path = os.path.join(dash_duo.download_path, pattern)
    wait_for(lambda: glob.glob(path) and zipfile.is_zipfile(glob.glob(path)[0]), timeout=30, message=pattern)
    return glob.glob(path)[0]


def test_marking_factors_then_saving_the_checklist_as_docx_and_xlsx_gives_the_plan_with_citations(dash_duo):
    _start(dash_duo)
    _mark(dash_duo, "time-limited-project-funding", "present")
    _mark(dash_duo, "role-clarity", "present")
    _mark(dash_duo, "user-organisation-collaboration", "absent")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=20,
             message="two barriers listed")
    wait_for(lambda: _query(dash_duo).get("lacks") == ["user-organisation-collaboration"], timeout=10,
             message="the marks in the URL")
    doc = Document(_download(dash_duo, plan.SAVE_DOC["docx"], "pswgraph-checklist*.docx"))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows[1:]]
    assert {c[1] for c in cells} == {"▲ Time-limited project funding (barrier present)",
                                     "▲ Role clarity or ambiguity (barrier present)"}
    assert any(c[2].startswith("Set aside funds centrally for PSW posts") and c[4] == "(Grim et al., 2022)"
               for c in cells)
    assert "(Åkerblom et al., 2023)" in {c[4] for c in cells}
    assert all(c[5:] == ["", "", ""] for c in cells)  # owner, due date, status to fill in
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "○ absent: Collaboration with the user movement" in text
    assert "Macro level · After implementation" in text
    book = load_workbook(_download(dash_duo, plan.SAVE_DOC["xlsx"], "pswgraph-checklist*.xlsx"))
    rows = list(book["Checklist"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(cells)
    assert {r[2] for r in rows} == {c[1] for c in cells}
    assert dash_duo.get_logs() == []
