"""Full-text search over the evidence (issue 26, item 1), checked against the CSV files read independently."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import load_graph
from graph.data.memo import COMPUTED
from graph.query.fulltext import MAX_HITS, evidence_index, search_evidence, snippet

ROOT = Path(__file__).resolve().parents[2]
ROWS = list(csv.DictReader((ROOT / "data" / "evidence.csv").open(encoding="utf-8")))
G = load_graph()


def _containing(word: str) -> set[str]:
    """Evidence ids whose quote or paraphrase holds *word* as a whole word (read from the CSV, not the index)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return {r["id"] for r in ROWS if pattern.search(r["quote"]) or pattern.search(r["paraphrase"])}


@pytest.mark.parametrize("word", ["threatening", "stigma", "funding", "supervision", "recovery"])
def test_every_evidence_holding_the_word_is_found(word):
    expected = _containing(word)
    assert expected, word
    found = search_evidence(G, word, limit=MAX_HITS)
    assert expected <= {h["id"] for h in found["hits"]}
    assert found["total"] >= len(expected)


def test_the_papers_words_come_back_whole_with_the_matches_marked():
    by_id = {r["id"]: r for r in ROWS}
    found = search_evidence(G, "peer workers", limit=MAX_HITS)
    assert found["total"] > 20
    for h in found["hits"]:
        assert "".join(t for t, _ in h["quote"]) == by_id[h["id"]]["quote"]
        assert "".join(t for t, _ in h["paraphrase"]) == by_id[h["id"]]["paraphrase"]
        marked = [t.casefold() for t, m in h["quote"] + h["paraphrase"] if m]
        assert all(t.startswith(("peer", "worker")) for t in marked)
        if not marked:  # the words are in its section (or speaker code)
            assert "peer" in h["section"].casefold() and "worker" in h["section"].casefold()


def test_a_quote_match_ranks_above_a_paraphrase_only_match():
    hits = search_evidence(G, "threatening", limit=MAX_HITS)["hits"]
    in_quote = [i for i, h in enumerate(hits) if any(m for _, m in h["quote"])]
    only_paraphrase = [i for i, h in enumerate(hits) if not any(m for _, m in h["quote"])]
    assert in_quote and (not only_paraphrase or min(only_paraphrase) > min(in_quote))
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


@pytest.mark.parametrize(("typed", "meant"), [("eye opennig", "eye opening"), ("stigmma", "stigma"),
                                              ("threatning", "threatening")])
def test_a_misspelt_word_finds_what_the_right_one_finds(typed, meant):
    right = {h["id"] for h in search_evidence(G, meant, limit=MAX_HITS)["hits"]}
    assert right and right <= {h["id"] for h in search_evidence(G, typed, limit=MAX_HITS)["hits"]}


def test_every_word_must_match():
    both = {h["id"] for h in search_evidence(G, "eye opening", limit=MAX_HITS)["hits"]}
    assert both == _containing("eye") & (_containing("opening") | _containing("eye-opening")) or both == {"ev-grim-519"}
    assert search_evidence(G, "eye zzqqxx")["total"] == 0


def test_speaker_and_section_facets_count_the_hits_and_narrow_them():
    found = search_evidence(G, "project funding", limit=MAX_HITS)
    speakers = found["facets"]["speaker"]
    assert speakers and sum(speakers.values()) == sum(1 for h in found["hits"] if h["speaker"])
    code = next(iter(speakers))
    narrowed = search_evidence(G, "project funding", speakers=[code], limit=MAX_HITS)
    assert narrowed["total"] == speakers[code] and {h["speaker"] for h in narrowed["hits"]} == {code}
    section = next(iter(found["facets"]["section"]))
    assert {h["section"] for h in search_evidence(G, "project funding", sections=[section])["hits"]} == {section}


def test_a_view_limits_the_hits_to_its_evidence():
    all_ids = {h["id"] for h in search_evidence(G, "stigma", limit=MAX_HITS)["hits"]}
    some = sorted(all_ids)[:2]
    assert {h["id"] for h in search_evidence(G, "stigma", evidence=some)["hits"]} == set(some)


def test_the_index_is_built_once_per_graph():
    evidence_index(G)
    before = COMPUTED["fulltext-index"]
    for q in ("stigma", "funding", "eye opening", "recovery"):
        search_evidence(G, q)
    assert COMPUTED["fulltext-index"] == before


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_text_answers_without_error(text):
    found = search_evidence(G, text, limit=5)
    assert found["total"] >= len(found["hits"]) and len(found["hits"]) <= 5


@pytest.mark.parametrize("text", ['"', "NEAR(a b)", "a OR", "*", "quote:stigma", "^x", "AND", "(((", "- stigma"])
def test_query_syntax_is_not_interpreted(text):
    search_evidence(G, text)


def test_the_cli_prints_the_same_ranked_hits(capsys):
    from graph.cli import main

    assert main(["search", "threatening", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    ids = [h["id"] for h in search_evidence(G, "threatening", limit=3)["hits"]]
    positions = [out.index(f"  {i}  ") for i in ids]
    assert positions == sorted(positions) and "«threatening»" in out


def test_snippet_keeps_the_match_and_marks_it():
    h = search_evidence(G, "eye opening")["hits"][0]
    s = snippet(h["quote"], 40)
    assert "«eye»" in s and "«opening»" in s and len(s) <= 40 + 2 * 4 + 4
