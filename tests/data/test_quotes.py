"""Quotes checked against the user's own copy of a paper: only what text extraction changes is forgiven."""

from __future__ import annotations

import pytest

from graph.data.quotes import check_quote, normalise_text, quote_fragments, read_paper

PAPER = ("Managers described the \ufb01rst months as “a time of imple-\n  mentation without a map”. The peer-\n"
         "support workers’ role was unclear to staff, who were wary of it.")


def test_extraction_artefacts_are_forgiven():
    text = normalise_text(PAPER)
    for quote in ("the first months", '"a time of implementation without a map"', "The peer-support workers' role",
                  "who were   wary\nof it."):
        assert check_quote(quote, text).found, quote


def test_words_case_and_punctuation_are_not_forgiven():
    text = normalise_text(PAPER)
    for quote in ("The first months", "the peer support workers", "a time of implementation with no map",
                  "staff who were wary"):
        assert not check_quote(quote, text).found, quote


def test_ellipsis_parts_are_found_each_on_its_own_and_a_missing_part_is_named():
    text = normalise_text(PAPER)
    assert check_quote("Managers described the first months … who were wary of it.", text).found
    check = check_quote("Managers described the first months … who were afraid of it.", text)
    assert [m.fragment for m in check.misses] == ["who were afraid of it."]
    assert quote_fragments("a [...] b") == ["a", "b"]


def test_a_miss_shows_the_closest_passage_and_what_differs():
    miss = check_quote("the support workers' role was not clear to staff", normalise_text(PAPER)).misses[0]
    assert miss.passage.endswith("peer-support workers' role was unclear to staff")  # the hyphen the text breaks at
    assert ("not clear", "unclear") in miss.differences
    assert 0.5 < miss.similarity < 1


def test_a_pdf_copy_is_read_with_its_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Results. The managers valued the peer support workers' lived experience.")
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    text = read_paper(path)
    assert check_quote("valued the peer support workers' lived experience", text).found
    assert not check_quote("valued the peer workers' lived experience", text).found


def test_unreadable_copies_get_a_message_naming_the_file(tmp_path):
    bad = tmp_path / "paper.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(ValueError, match="paper.pdf: unreadable PDF"):
        read_paper(bad)
    latin = tmp_path / "paper.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8 text"):
        read_paper(latin)
