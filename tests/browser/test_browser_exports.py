"""Exports as a user gets them: network files that open as drawn, named by their view, and a written summary."""

from __future__ import annotations

import glob
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from apa_citations import citations, unresolved
from docx import Document

from graph import load_graph

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser
GEXF, VIZ = "{http://www.gexf.net/1.2draft}", "{http://www.gexf.net/1.2draft/viz}"


def _start(dash_duo, query: str) -> None:
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1600, 1100)
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('[kind = \"factor\"]').length") > 0,
             message="graph drawn")


def _file(dash_duo, name: str) -> bytes:
    """The downloaded file *name*, once written in full."""
    path = os.path.join(dash_duo.download_path, name)
    wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 200, timeout=30,
             message=f"{name} downloaded (have {[os.path.basename(p) for p in glob.glob(dash_duo.download_path + '/*')]})")
    with open(path, "rb") as fh:
        return fh.read()


def _choose(dash_duo, dropdown: str, text: str) -> None:
    """Open a dropdown with a click and click the option that reads *text*."""
    el = dash_duo.find_element(f"#{dropdown}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    options = []

    def shown():
        options[:] = [o for o in dash_duo.driver.find_elements("css selector", ".dash-dropdown-option")
                      if text.lower() in o.text.lower()]
        return options
    wait_for(shown, message=f"the option {text!r}")
    options[0].click()
    dash_duo.wait_for_contains_text(f"#{dropdown}", text.split()[0], timeout=10)


def _click(dash_duo, css: str) -> None:
    el = dash_duo.find_element(css)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def _factor_count(dash_duo) -> int:
    text = dash_duo.find_element("#f-counts").get_attribute("textContent")
    return int(re.search(r"(\d+) factors?", text).group(1))


def test_gexf_download_holds_the_factors_on_screen_at_their_positions(dash_duo):
    _start(dash_duo, "?focus=psw-wellbeing&depth=2&c=SE&open=hrm-policies")
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.getElementById('hrm-policies').isParent()"),
             message="the opened theme drawn around its sub-themes")
    # where cytoscape draws every factor that is not a box around others
    drawn = {n: (x, y) for n, x, y in cy_eval(dash_duo, "explore-graph",
             "cy.nodes('[kind = \"factor\"]').filter(n => !n.isParent()).map(n => [n.id(), n.position('x'), n.position('y')])")}
    boxes = {n: (x, y) for n, x, y in cy_eval(dash_duo, "explore-graph",
             "cy.nodes('[kind = \"factor\"]').filter(n => n.isParent()).map(n => [n.id(), n.position('x'), n.position('y')])")}
    _choose(dash_duo, "x-format", "GEXF")
    button = dash_duo.find_element("#x-download")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()  # the user presses "Download subgraph"; the browser saves the file to its download folder
    root = ET.fromstring(_file(dash_duo, "pswgraph_focus-psw-wellbeing-d2_SE.gexf"))
    nodes = {n.get("id"): n for n in root.iter(GEXF + "node")}
    assert len(nodes) == _factor_count(dash_duo) == len(drawn) + len(boxes)
    for n, (x, y) in drawn.items():
        pos = nodes[n].find(VIZ + "position")
        assert (float(pos.get("x")), -float(pos.get("y"))) == pytest.approx((x, y), abs=0.05), n
    for n, (x, y) in boxes.items():  # an open theme: at its sub-themes' centre (cytoscape adds its label's room)
        pos = nodes[n].find(VIZ + "position")
        assert abs(float(pos.get("x")) - x) < 40 and abs(-float(pos.get("y")) - y) < 80, n
    G = load_graph()
    colours = {n: tuple(int(v.find(VIZ + "color").get(c)) for c in "rgb") for n, v in nodes.items()}
    assert len({colours[n] for n in nodes if G.nodes[n]["level"] == "micro"}) == 1
    assert len(set(colours.values())) == len({G.nodes[n]["level"] for n in nodes})  # one colour per level
    # the status shows in a toast that opens once it is written
    dash_duo.wait_for_contains_text("#x-status", f"factors and influences (as drawn): {len(nodes)} factors",
                                    timeout=10)
    assert "pswgraph_focus-psw-wellbeing-d2_SE.gexf" in dash_duo.find_element("#x-status").text
    assert dash_duo.get_logs() == []


def test_with_evidence_choice_and_zips_that_never_overwrite_each_other(dash_duo):
    _start(dash_duo, "?c=DK")
    _choose(dash_duo, "x-content", "with evidence")
    _click(dash_duo, "#x-download")  # GraphML, the default format
    data = _file(dash_duo, "pswgraph_DK_with-evidence.graphml")
    assert b">evidence</data>" in data and b">study</data>" in data and b">country</data>" in data
    dash_duo.wait_for_contains_text("#x-status", "with evidence, studies and countries:", timeout=10)
    assert "evidence," in dash_duo.find_element("#x-status").text
    _choose(dash_duo, "x-content", "factors and influences")
    for fmt, label in (("csv", "CSV nodes"), ("neo4j", "Neo4j")):
        _choose(dash_duo, "x-format", label)
        _click(dash_duo, "#x-download")
        z = zipfile.ZipFile(io.BytesIO(_file(dash_duo, f"pswgraph_{fmt}_DK.zip")))
        assert ("nodes.csv" in z.namelist()) == (fmt == "csv")
    assert sorted(os.path.basename(p) for p in glob.glob(dash_duo.download_path + "/*.zip")) == \
        ["pswgraph_csv_DK.zip", "pswgraph_neo4j_DK.zip"]
    assert dash_duo.get_logs() == []


def test_written_summary_of_the_selected_influence_and_of_the_screen(dash_duo):
    G = load_graph()
    _start(dash_duo, "")
    # the user selects the influence: opens the table under the graph and clicks its evidence button
    _click(dash_duo, "#influence-table-summary")
    label = "Evidence for Human resource management policies → PSW wellbeing"
    select = dash_duo.wait_for_element(f"#influence-table-table button[aria-label='{label}']", timeout=10)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", select)
    select.click()
    dash_duo.wait_for_contains_text("#details", "PSW wellbeing", timeout=15)
    _choose(dash_duo, "x-summary-format", "Markdown")
    _click(dash_duo, "#x-summary")
    text = _file(dash_duo, "pswgraph_summary_hrm-policies-to-psw-wellbeing.md").decode()
    assert text.startswith("# Human resource management policies → PSW wellbeing")
    assert "the influence of Human resource management policies on PSW wellbeing is a downward influence" in text
    assert len(citations(text)) >= 3 and unresolved(G, text) == []
    assert "[^1]: “" in text and "## References" in text
    dash_duo.wait_for_contains_text("#x-status", "Written summary of Human resource management policies", timeout=10)
    # nothing selected: the factors on screen, in Word
    dash_duo.driver.get(dash_duo.server_url + "/?c=NO")
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    _click(dash_duo, "#x-summary")  # Word is the default
    doc = Document(io.BytesIO(_file(dash_duo, "pswgraph_summary_NO.docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "The factors on screen"
    assert f"{_factor_count(dash_duo)} factors and " in body and "Filters: in Norway." in body
    assert unresolved(G, body) == [] and len(citations(body)) >= 3
    assert dash_duo.get_logs() == []
