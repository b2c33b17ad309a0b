"""The written summary: every citation resolves to a study, quotes are verbatim, DOCX and Markdown agree, CLI."""

from __future__ import annotations

import csv
import io
import re

import pytest
from apa_citations import citations, unresolved
from docx import Document

from graph import DEFAULT_DATA_DIR, load_graph
from graph.cli.commands import main
from graph.present.report import summary, summary_markdown
from graph.query.filters import filter_influences
from graph.query.rollup import rolled_up

#: One selection of each kind (and one filtered): what the explorer and the CLI summarise.
SELECTIONS = {
    "factor": {"factor": "psw-wellbeing"},
    "sub-theme": {"factor": "self-care"},
    "influence": {"influence": ("hrm-policies", "psw-wellbeing")},
    "path": {"path": ["policy-mandates", "hrm-policies", "psw-wellbeing"]},
    "comparison": {"countries": ["SE", "DK", "NO"]},
    "factor in Sweden, barriers": {"factor": "organizational-culture", "countries": ["SE"],
                                   "filters": {"polarities": ["barrier"]}},
}


@pytest.mark.parametrize("name", SELECTIONS)
def test_every_citation_resolves_to_a_study_in_the_data(G, name):
    text = summary_markdown(G, **SELECTIONS[name])
    cites = citations(text)
    assert len(cites) >= 3
    assert unresolved(G, text) == []
    references = text.split("## References")[1].split("\n---")[0]
    entries = [line for line in references.splitlines() if line.strip()]
    assert len(entries) == len({(w, y, s) for w, y, s in cites})  # one reference per work cited
    assert "\x00" not in text and "()" not in text


def test_paragraph_per_hop_in_plain_words(G):
    text = summary_markdown(G, path=["policy-mandates", "hrm-policies", "psw-wellbeing"])
    hops = [p for p in text.split("\n\n") if p.startswith("Hop ")]
    assert [h[:6] for h in hops] == ["Hop 1.", "Hop 2."]
    assert "the influence of Policy mandates on Human resource management policies is a downward influence " \
           "across levels, from the macro level to the meso level" in hops[0]
    assert re.search(r"\d+ evidence items? from \d+ stud(y|ies) bears? on this influence: \d+ as an enabler", hops[1])
    assert "(Mirbahaeddin & Chreim, 2022)" in hops[0]


def test_quotes_are_verbatim_notes_with_speaker_codes(G):
    text = summary_markdown(G, factor="leadership-supervision")
    notes = re.findall(r"^\[\^(\d+)\]: “(.*?)” \(([^()]*)\)\. (.*)$", text, re.MULTILINE)
    assert notes and [int(n) for n, *_ in notes] == list(range(1, len(notes) + 1))
    assert all(f"[^{n}]" in text.split("\n[^1]:")[0] for n, *_ in notes)  # each note is called in the text
    quotes = {a["quote"]: a for _, a in G.nodes(data=True) if a.get("kind") == "evidence" and a.get("quote")}
    with_speaker = 0
    for _, quote, _, about in notes:
        ev = quotes[quote.replace("\\", "")]  # verbatim (Markdown escapes aside)
        kind = "limitation" if ev.get("evidence_type") == "limitation" else ev["polarity"]
        assert about.lower().startswith(kind)
        if ev.get("speaker"):
            assert f"speaker {ev['speaker']}" in about
            with_speaker += 1
    assert with_speaker >= 1


def test_gaps_references_dois_filters_and_version_close_it(G):
    text = summary_markdown(G, factor="regulatory-political", countries=["SE"])
    gaps = text.split("## Research gaps stated in the sources")[1].split("## References")[0]
    family = {"regulatory-political"} | {n for n, a in G.nodes(data=True) if a.get("theme") == "regulatory-political"}
    expected = [g for _, g in G.nodes(data=True) if g.get("kind") == "gap"
                and (set(g["factors"]) & family or not g["factors"] and set(g["levels"]) == {"macro"})]
    assert len(expected) >= 3 and len([x for x in gaps.splitlines() if x.startswith("- ")]) == len(expected)
    for g in expected:
        assert g["statement"].rstrip(".").replace("(", "").replace(")", "") in gaps.replace("\\", "").replace(
            "(", "").replace(")", "")
    assert "Filters: in Sweden." in text and f"version {G.graph['version']}" in text and G.graph["name"] in text
    refs = summary_markdown(G, factor="regulatory-political").split("## References")[1].split("\n---")[0]
    dois = {a["doi"] for _, a in G.nodes(data=True) if a.get("kind") == "study" and a.get("doi")}
    linked = re.findall(r"https://doi\.org/(\S+)", refs)
    assert linked and set(linked) <= dois  # a DOI wherever the data has one, never another


def test_docx_holds_the_same_text_with_numbered_notes(G):
    sel = SELECTIONS["influence"]
    doc = Document(io.BytesIO(summary(G, fmt="docx", **sel)))
    body = "\n".join(p.text for p in doc.paragraphs)
    md = summary_markdown(G, **sel)
    assert doc.paragraphs[0].text == "Human resource management policies → PSW wellbeing"
    assert {c for c in citations(md)} == {c for c in citations(body)}
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-4:] == ["Research gaps stated in the sources", "Notes", "References", "About this summary"]
    marks = [r.text for p in doc.paragraphs for r in p.runs if r.font.superscript]
    notes = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert marks == [str(i) for i in range(1, len(notes) + 1)] and notes
    assert doc.core_properties.title == "Human resource management policies → PSW wellbeing"


def test_generated_from_the_data_not_written_by_hand(data_copy):
    """Relabel a factor and rename a study's first author in a copy of the data: the text follows."""
    with open(data_copy / "factors.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["id"] == "psw-wellbeing":
            r["label"] = "Wellbeing of the peer workers"
    with open(data_copy / "factors.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    studies = (data_copy / "studies.csv").read_text(encoding="utf-8")
    (data_copy / "studies.csv").write_text(studies.replace('"Grim, Katarina;', '"Grimsdottir, Katarina;'),
                                           encoding="utf-8")
    text = summary_markdown(load_graph(data_copy), influence=("hrm-policies", "psw-wellbeing"))
    assert text.startswith("# Human resource management policies → Wellbeing of the peer workers")
    assert "Grimsdottir et al., 2022" in text and "Grim et al., 2022" not in text


def test_view_summary_one_paragraph_per_influence_drawn(G):
    V = rolled_up(filter_influences(G, countries=["DK"]), G, hide_empty=True)
    text = summary_markdown(G, view=V, filters={"countries": ["DK"]})
    paras = [p for p in text.split("\n\n") if " → " in p and "the influence of" in p]
    assert len(paras) == V.number_of_edges() > 0
    assert "Filters: in Denmark." in text


def test_unknown_or_missing_selection_is_a_clear_error(G):
    with pytest.raises(ValueError, match="nothing to summarise"):
        summary_markdown(G)
    with pytest.raises(ValueError, match="no influence from"):
        summary_markdown(G, path=["psw-wellbeing", "regulatory-political"])
    with pytest.raises(ValueError, match="md, docx"):
        summary(G, factor="stigma", fmt="pdf")


# ----------------------------------------------------------------------------- pswgraph report

def test_cli_report_markdown_to_stdout(capsys):
    assert main(["report", "hrm-policies", "psw-wellbeing", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Human resource management policies → PSW wellbeing") and "## References" in out


def test_cli_report_docx_and_path_and_compare(tmp_path, capsys, monkeypatch):
    out = tmp_path / "path.docx"
    assert main(["report", "--path", "policy mandates", "hrm-policies", "PSW wellbeing", "-o", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text.startswith("Policy mandates → ")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--compare", "SE", "Denmark", "--format", "docx", "--data", str(DEFAULT_DATA_DIR)]) == 0
    written = tmp_path / "pswgraph_summary_compare-SE-DK.docx"
    assert Document(str(written)).paragraphs[0].text == "Comparison: Sweden and Denmark"
    assert "wrote pswgraph_summary_compare-SE-DK.docx" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["report"], "give one selection"),
    (["report", "no-such-factor-at-all"], "unknown factor"),
    (["report", "a", "b", "c"], "use --path"),
])
def test_cli_report_errors_exit_2_without_traceback(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_strength_and_the_papers_limitations_stand_beside_the_findings(G):
    from graph.query.details import factor_details
    from graph.query.strength import STRENGTH_NOTE, strength_label

    text = summary_markdown(G, factor="psw-wellbeing")
    d = factor_details(G, "psw-wellbeing")
    assert f"{STRENGTH_NOTE} (all evidence): {strength_label(d['strength'])}." in text
    section = text.split("## Limitations the source papers state")[1].split("\n## ")[0]
    stated = {r["id"]: r for g in d["limitations"] for r in g["records"]}
    assert stated and all(r["paraphrase"].rstrip(".") in section for r in stated.values())
    notes = re.findall(r"^\[\^\d+\]: “(.*?)” \([^()]*\)\. Limitation", text, re.MULTILINE)
    assert {q.replace("\\", "") for q in notes} >= {r["quote"] for r in stated.values()}
