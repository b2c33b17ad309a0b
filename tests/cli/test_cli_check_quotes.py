"""``pswgraph check-quotes``: every quote of a study against the user's copy; exit 1 when one is not found."""

from __future__ import annotations

import json

from graph import load_graph
from graph.cli.commands import main
from graph.data.quotes import study_quotes

STUDY = "johansen-2024"


def _copy_of_paper(tmp_path, change=None):
    """A 'paper' holding the study's quotes as text extraction leaves them: lines broken, hyphenated, curly quotes."""
    quotes = [q.replace("…", " [gap] ") for _, _, q in study_quotes(load_graph(), STUDY)]
    text = "\n\n".join(q.replace(" ", "\n", 3).replace("'", "\u2019") for q in quotes)
    text = text.replace("implementation", "imple-\nmentation")
    if change:
        text = text.replace(*change, 1)
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    return path, quotes


def test_every_quote_found_exits_0_and_says_so(tmp_path, capsys):
    path, quotes = _copy_of_paper(tmp_path)
    assert main(["check-quotes", "--text", f"{STUDY}={path}"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nfound ") + out.startswith("found ") == len(quotes)
    assert f"{STUDY}: {len(quotes)} of {len(quotes)} quotes found" in out


def test_a_changed_word_exits_1_naming_the_record_closest_passage_and_difference(tmp_path, capsys):
    record, _, quote = study_quotes(load_graph(), STUDY)[0]
    word = max(quote.split(), key=len)
    path, _ = _copy_of_paper(tmp_path, change=(word, word + "X"))
    assert main(["check-quotes", "--text", f"{STUDY}={path}", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)[STUDY]["quotes"]
    missed = [q for q in report if not q["found"]]
    assert [q["record"] for q in missed] == [record]
    assert [word, word + "X"] in missed[0]["misses"][0]["differences"]


def test_unknown_study_or_missing_file_is_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["check-quotes", "--text", f"no-such-study={tmp_path}/x.txt"]) == 2
    assert main(["check-quotes", "--text", f"{STUDY}={tmp_path}/missing.pdf"]) == 2
    err = capsys.readouterr().err
    assert "missing.pdf: file not found" in err and "Traceback" not in err
