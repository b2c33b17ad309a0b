"""The Plan view in headless Chromium: marking factors changes the plan, the plan survives a reload of its URL,
the self-assessment downloads as JSON and loads again from a CSV file (old links and files converted, with a
note), a country's evidence starts it (with a sentence saying how many it marked and why) and never makes a
factor both a problem and a strength, and the printable checklist downloads as DOCX and XLSX with the marked
problems, their strategies and citations."""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from docx import Document
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from dashapp.pages import plan

from .conftest import wait_for

pytestmark = pytest.mark.browser

ITEMS_JS = """return Array.from(document.querySelectorAll('#pl-checklist article.pl-item'))
    .map(a => a.getAttribute('data-factor'));"""


def _items(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(ITEMS_JS)


def _mark(dash_duo, factor: str, state: str) -> None:
    """Press the radio button *state* ('a problem here', 'a strength here', 'not known') of *factor*, as a user does."""
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
    wait_for(lambda: dash_duo.find_element("#" + plan.SUMMARY).text.startswith("✗"), timeout=30,
             message="the plan view's summary")


def test_marking_three_factors_lists_their_problems_and_the_url_reloads_the_same_plan(dash_duo):
    _start(dash_duo)
    assert _items(dash_duo) == []
    assert "Nothing to show" in dash_duo.find_element("#" + plan.CHECKLIST).text
    _mark(dash_duo, "time-limited-project-funding", "a problem here")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding"], timeout=15, message="the first problem")
    _mark(dash_duo, "role-clarity", "a problem here")
    _mark(dash_duo, "user-organisation-collaboration", "a strength here")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=15,
             message="two problems, macro before meso")
    # the summary comes with the plan from one callback: once it counts all three marks, so does the plan
    summary = "✗ 2 a problem here · ✓ 1 a strength here"
    wait_for(lambda: dash_duo.find_element("#" + plan.SUMMARY).text.startswith(summary),
             timeout=15, message="the summary and the plan with all three marks")
    text = dash_duo.find_element("#" + plan.CHECKLIST).text
    assert "Set aside funds centrally for PSW posts" in text and "Grim et al. 2022" in text
    assert "Give clear descriptions of the PSW's roles and responsibilities" in text
    assert "✓ a strength you have: Collaboration with the user movement" in text  # a strategy relies on it
    wait_for(lambda: _query(dash_duo).get("strength") == ["user-organisation-collaboration"], timeout=10,
             message="the marks in the URL")
    assert sorted(_query(dash_duo)["problem"]) == ["role-clarity", "time-limited-project-funding"]
    url = dash_duo.driver.current_url
    dash_duo.driver.get(url)  # a reload (or a shared link) gives the same plan, radios included
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=30,
             message="the same plan after a reload")
    wait_for(lambda: _checked(dash_duo, "role-clarity") == "problem", timeout=10, message="the radios redrawn")
    assert _checked(dash_duo, "user-organisation-collaboration") == "strength"
    assert _checked(dash_duo, "stigma") == "unknown"
    _mark(dash_duo, "role-clarity", "not known")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding"], timeout=15, message="role-clarity unmarked")
    dash_duo.driver.back()
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=15,
             message="back restores the previous marks")
    assert dash_duo.get_logs() == []


def test_an_old_link_converts_saves_as_json_and_an_old_csv_file_loads_converted(dash_duo, tmp_path):
    _start(dash_duo, "?tab=plan&has=stigma&lacks=mentoring")  # a link of the old format
    wait_for(lambda: _items(dash_duo) == ["stigma"], timeout=30, message="the plan from the URL")
    status = dash_duo.find_element("#" + plan.UPLOAD_STATUS)
    wait_for(lambda: "This link was in the old format" in status.text, timeout=10, message="the conversion note")
    assert "1 factor marked present is now a problem here" in status.text
    assert "Mentoring of PSWs by team colleagues" in status.text and "now not known" in status.text
    assert _checked(dash_duo, "stigma") == "problem" and _checked(dash_duo, "mentoring") == "unknown"
    dash_duo.find_element("#" + plan.SAVE_JSON).click()
    pattern = os.path.join(dash_duo.download_path, "pswgraph_self-assessment*.json")
    wait_for(lambda: glob.glob(pattern), timeout=20, message="the JSON download")
    with open(glob.glob(pattern)[0], encoding="utf-8") as fh:
        saved = json.load(fh)
    assert saved["assessment"] == {"stigma": "problem"}
    assert saved["data_version"]
    dash_duo.find_element("#" + plan.SAVE_PLAN).click()
    pattern = os.path.join(dash_duo.download_path, "pswgraph_plan*.csv")
    wait_for(lambda: glob.glob(pattern), timeout=20, message="the plan download")
    with open(glob.glob(pattern)[0], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["problem"] for r in rows} == {"Stigma (various types)"}
    assert "Model stigma-free approaches and behaviours" in {r["strategy"] for r in rows}
    assert all(r["owner"] == r["due"] == r["status"] == "" and r["source"] for r in rows)
    upload = tmp_path / "mine.csv"
    upload.write_text("factor,label,state\nstaff-readiness,Staff readiness,present\n"
                      "time-limited-project-funding,,present\nno-such-factor,,present\n", encoding="utf-8")
    dash_duo.find_element(f"#{plan.UPLOAD} input[type=file]").send_keys(str(upload))
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "staff-readiness"], timeout=20,
             message="the uploaded marks replace the old ones")
    assert "Loaded 2 marks; skipped 1 row not naming" in status.text and "This file was in the old format" in status.text
    assert _checked(dash_duo, "stigma") == "unknown" and _checked(dash_duo, "staff-readiness") == "problem"
    wait_for(lambda: sorted(_query(dash_duo).get("problem", [])) == ["staff-readiness", "time-limited-project-funding"]
             and not {"has", "lacks"} & set(_query(dash_duo)), timeout=10,
             message="the next change writes the address in the new keys")
    assert dash_duo.get_logs() == []


def _problems_and_strengths(dash_duo) -> tuple[set[str], set[str]]:
    """What the plan says, as the user reads it: the problems' headings and the factors shown "✓ a strength you have"."""
    text = dash_duo.find_element("#" + plan.CHECKLIST).text
    heads = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#pl-checklist article.pl-item h4')).map(h => h.innerText);")
    problems = {re.sub(r"\s*\(a problem here\)$", "", re.sub(r"^\d+\. ✗ ", "", h.strip())) for h in heads}
    strengths = {n.strip() for n in re.findall(r"✓ a strength you have: ([^;\n]+)", text)}
    relied = re.findall(r"Strengths you have that these strategies rely on: ([^\n]+)", text)
    strengths |= {n.strip() for line in relied for n in line.split(";")}
    return problems, strengths


def test_starting_from_denmark_then_marking_never_lists_a_problem_as_a_strength(dash_duo, shot):
    _start(dash_duo)
    Select(dash_duo.find_element("#" + plan.COUNTRY)).select_by_visible_text("Denmark")
    dash_duo.find_element("#" + plan.FROM_COUNTRY).click()
    wait_for(lambda: "staff-readiness" in _items(dash_duo), timeout=20, message="Denmark's problems marked")
    status = dash_duo.find_element("#" + plan.UPLOAD_STATUS).text
    assert re.match(r"Started from Denmark's evidence: marked 5 factors a problem here — those with more evidence "
                    r"items from Denmark reporting them as a barrier than as an enabler", status), status
    assert _checked(dash_duo, "staff-readiness") == "problem"
    assert _checked(dash_duo, "mentoring") == "unknown"  # mostly enabler evidence from Denmark: not marked
    item = dash_duo.find_element('#pl-checklist article[data-factor="staff-readiness"]')
    assert "Choose mentors the team listens to" in item.text and "Johansen et al. 2024 · DK" in item.text
    item.find_element(By.CSS_SELECTOR, 'li[data-strategy="strat-johansen-influential-mentors"] summary').click()
    wait_for(lambda: "Somebody the others would listen to" in item.text and "(FM5)" in item.text, timeout=5,
             message="the manager's quote with its FM code")
    # the steps: two factors marked strengths, one a problem
    _mark(dash_duo, "leadership-commitment", "a strength here")
    _mark(dash_duo, "stakeholder-consultation", "a strength here")
    _mark(dash_duo, "training-socialization", "a problem here")
    wait_for(lambda: "training-socialization" in _items(dash_duo) and dash_duo.find_element(
        "#" + plan.SUMMARY).text.startswith("✗ 6 a problem here · ✓ 2 a strength here"), timeout=45,
        message="the plan with the three marks: " + dash_duo.find_element("#" + plan.SUMMARY).text
        + " " + str(_items(dash_duo)))
    problems, strengths = _problems_and_strengths(dash_duo)
    assert "Training & socialization" in problems and "Commitment of organizational leadership" in strengths
    assert not problems & strengths, problems & strengths
    shot("plan")
    assert dash_duo.get_logs() == []


def _download(dash_duo, button: str, pattern: str) -> str:
    """Click *button* and wait for the file matching *pattern* (Chrome names it so once complete) to download."""
    dash_duo.find_element("#" + button).click()
    path = os.path.join(dash_duo.download_path, pattern)
    wait_for(lambda: glob.glob(path) and zipfile.is_zipfile(glob.glob(path)[0]), timeout=30, message=pattern)
    return glob.glob(path)[0]


def test_marking_factors_then_saving_the_checklist_as_docx_and_xlsx_gives_the_plan_with_citations(dash_duo):
    _start(dash_duo)
    _mark(dash_duo, "time-limited-project-funding", "a problem here")
    _mark(dash_duo, "role-clarity", "a problem here")
    _mark(dash_duo, "user-organisation-collaboration", "a strength here")
    wait_for(lambda: _items(dash_duo) == ["time-limited-project-funding", "role-clarity"], timeout=20,
             message="two problems listed")
    wait_for(lambda: _query(dash_duo).get("strength") == ["user-organisation-collaboration"], timeout=10,
             message="the marks in the URL")
    doc = Document(_download(dash_duo, plan.SAVE_DOC["docx"], "pswgraph_checklist*.docx"))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows[1:]]
    assert {c[1] for c in cells} == {"✗ a problem here: Time-limited project funding",
                                     "✗ a problem here: Role clarity or ambiguity"}
    assert any(c[2].startswith("Set aside funds centrally for PSW posts") and c[4] == "(Grim et al., 2022)"
               for c in cells)
    assert "(Åkerblom et al., 2023)" in {c[4] for c in cells}
    assert all(c[5:] == ["", "", ""] for c in cells)  # owner, due date, status to fill in
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "✓ a strength here: Collaboration with the user movement" in text
    assert "Macro level · After implementation" in text
    book = load_workbook(_download(dash_duo, plan.SAVE_DOC["xlsx"], "pswgraph_checklist*.xlsx"))
    rows = list(book["Checklist"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(cells)
    assert {r[2] for r in rows} == {c[1] for c in cells}
    assert dash_duo.get_logs() == []
