"""Quotes checked against the user's own copy of a paper: found verbatim, or the closest passage and what differs.

The project never stores a paper's text: the user gives their own copy (plain text or PDF) at run time,
and it is read, compared and forgotten. Both sides are compared after undoing only what text extraction
changes, nothing more (:func:`normalise_text`):

* white space: runs of spaces, tabs, line breaks and no-break spaces count as one space;
* line-break hyphenation: ``imple-`` at the end of a line and ``mentation`` on the next match
  ``implementation`` (and ``peer-`` / ``support`` still matches ``peer-support``);
* ligatures: ``ﬁ``, ``ﬂ``, ``ﬀ``, ``ﬃ``, ``ﬄ``, ``ﬅ``, ``ﬆ`` are the letters they join;
* curly quotes and apostrophes are straight ones; composed and decomposed accents are the same letter.

Case, punctuation, dashes and words are compared as they stand: a paraphrase is not a quote. An
ellipsis (``…``, ``...`` or ``[…]``) in a quote marks an omission: each part between ellipses must be
found on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import networkx as nx

__all__ = [
    "Miss",
    "QuoteCheck",
    "check_quote",
    "check_study_quotes",
    "closest_passage",
    "find_fragment",
    "normalise_quote",
    "normalise_text",
    "quote_fragments",
    "read_paper",
    "study_quotes",
    "word_differences",
]

#: Where the text had a hyphen at the end of a line: the word may be read with or without it.
BREAK = "\u00ad"
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
           "\u201f": '"'}
_TRANSLATE = str.maketrans({**_LIGATURES, **_QUOTES, "\u200b": "", "\ufeff": ""})
_HYPHEN_BREAK = re.compile(r"(\w)[-\u2010\u00ad][ \t]*\r?\n\s*(?=\w)")
_SPACE = re.compile(r"\s+")
ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.")
_EDGE = " .,;:"
#: Characters of text between two matching blocks, beyond those of the quote, that make an end block a stray.
_STRAY = 12
#: Candidate places tried when looking for the closest passage.
_CANDIDATES = 12


def normalise_text(text: str) -> str:
    """*text* as the quotes are compared with it: white space, line-break hyphens, ligatures, curly quotes undone.

    A hyphen that ends a line becomes :data:`BREAK`, which a quote may read as nothing or as its own hyphen.

    >>> normalise_text("the \ufb01rst imple-\\n  mentation of “peer-\\nsupport”")
    'the first imple\\xadmentation of "peer\\xadsupport"'
    """
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _HYPHEN_BREAK.sub(lambda m: m.group(1) + BREAK, text)
    return _SPACE.sub(" ", text).strip()


def normalise_quote(quote: str) -> str:
    """A quote (or part of one) normalised as :func:`normalise_text` normalises the paper.

    >>> normalise_quote("  ‘Somebody  the others\\nwould listen to’ ")
    "'Somebody the others would listen to'"
    """
    return normalise_text(quote).replace(BREAK, "")


def quote_fragments(quote: str) -> list[str]:
    """The parts of *quote* between ellipses (an omission), each normalised; empty parts left out.

    >>> quote_fragments("It was a strategic choice.... Somebody the others would listen to")
    ['It was a strategic choice', 'Somebody the others would listen to']
    >>> quote_fragments("first part […] second part")
    ['first part', 'second part']
    """
    parts = [normalise_quote(part) for part in ELLIPSIS.split(quote)]
    last = len(parts) - 1
    # the punctuation an omission leaves at its edges (a sentence's full stop beside '...') is not the paper's words
    parts = [p.lstrip(_EDGE) if i else p for i, p in enumerate(parts)]
    return [p for p in (p.rstrip(_EDGE) if i < last else p for i, p in enumerate(parts)) if p]


def _pattern(fragment: str) -> re.Pattern:
    """A fragment as a pattern: a line-break hyphen may stand between any two characters, or for its hyphen."""
    parts = []
    for ch in fragment:
        parts.append(f"[-{BREAK}]" if ch == "-" else re.escape(ch) + f"{BREAK}?")
    return re.compile("".join(parts))


def find_fragment(fragment: str, text: str) -> int:
    """Where normalised *fragment* stands in normalised *text*, or -1.

    >>> text = normalise_text("a first imple-\\nmentation of peer-\\nsupport roles")
    >>> find_fragment("implementation of peer-support", text), find_fragment("implementation of peersupport", text)
    (8, 8)
    >>> find_fragment("implementation of peer support", text)
    -1
    """
    m = _pattern(fragment).search(text)
    return m.start() if m else -1


@dataclass(frozen=True)
class Miss:
    """One part of a quote not found: the part, the closest passage of the text, how alike (0–1), what differs."""

    fragment: str
    passage: str
    similarity: float
    differences: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class QuoteCheck:
    """One quote checked: its record, table and column, the quote, and the parts not found (none: found)."""

    record: str
    table: str
    column: str
    quote: str
    misses: list[Miss] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """Every part of the quote stands in the text."""
        return not self.misses


def check_quote(quote: str, text: str, record: str = "", table: str = "", column: str = "quote") -> QuoteCheck:
    """Check one *quote* against a paper's normalised *text* (:func:`normalise_text`).

    Parameters
    ----------
    quote : the quote as recorded ('…' marks an omission).
    text : the paper's text, normalised once by :func:`normalise_text`.
    record, table, column : where the quote is recorded (for the report).

    Returns
    -------
    :class:`QuoteCheck`; for each part not found, a :class:`Miss` with the closest passage and what differs.

    Examples
    --------
    >>> text = normalise_text("Managers said the PSW role was unclear. Staff were wary of the new\\nrole at first.")
    >>> check_quote("Staff were wary of the new role", text).found
    True
    >>> miss = check_quote("Staff were wary about the new role", text).misses[0]
    >>> miss.passage, miss.differences
    ('Staff were wary of the new role', [('about', 'of')])
    """
    misses = []
    parts = quote_fragments(quote)
    for part in parts:
        if find_fragment(part, text) < 0:
            passage, similarity = closest_passage(part, text)
            misses.append(Miss(part, passage, similarity, word_differences(part, passage)))
    if not parts:
        misses.append(Miss(quote, "", 0.0, []))
    return QuoteCheck(record, table, column, quote, misses)


def closest_passage(fragment: str, text: str) -> tuple[str, float]:
    """The passage of normalised *text* most like *fragment*, and how alike they are (0–1).

    Places where three words of the fragment stand together (else one of its longer words) are
    tried, each widened to whole words; the most similar wins. ``("", 0.0)`` when no word of the fragment
    is in the text.

    >>> text = normalise_text("Before the PSWs started, staff were trained. Then the PSWs began work.")
    >>> closest_passage("staff were all trained", text)
    ('staff were trained', 0.9)
    >>> closest_passage("nothing alike", text)
    ('', 0.0)
    >>> closest_passage("the peer-support workers role", normalise_text("The peer-\\nsupport workers' role"))
    ("The peer-support workers' role", 0.931)
    """
    where = [i for i, ch in enumerate(text) if ch != BREAK]  # a position in the joined text -> in *text*
    plain = text.replace(BREAK, "")
    words = fragment.split()
    starts: Counter[int] = Counter()
    for size in (3, 1):
        for k in range(len(words) - size + 1):
            gram = " ".join(words[k:k + size])
            if size == 1 and len(gram) < 5:
                continue
            offset = len(" ".join(words[:k])) + (1 if k else 0)
            at, seen = plain.find(gram), 0
            while at >= 0 and seen < 50:
                starts[max(0, at - offset)] += 1
                at, seen = plain.find(gram, at + 1), seen + 1
        if starts:
            break
    span, score = None, 0.0
    n = len(fragment)
    for start, _ in starts.most_common(_CANDIDATES):
        lo, hi = max(0, start - n // 4), min(len(plain), start + n + n // 4)
        window = plain[lo:hi]
        blocks = _core([b for b in SequenceMatcher(None, fragment, window, autojunk=False).get_matching_blocks()
                        if b.size])
        if not blocks:
            continue
        a = max(0, blocks[0].b - blocks[0].a)
        b = min(len(window), blocks[-1].b + blocks[-1].size + (n - blocks[-1].a - blocks[-1].size))
        a, b = _word_bounds(window, a, b)
        ratio = round(SequenceMatcher(None, fragment, _trim(fragment, window[a:b]), autojunk=False).ratio(), 3)
        if ratio > score:
            span, score = (lo + a, lo + b), ratio
    if span is None:
        return "", 0.0
    shown = text[where[span[0]]:where[span[1] - 1] + 1]
    # a word broken at a line end is shown as printed, with its hyphen, unless the quote reads it joined
    shown = re.sub(rf"(\w+){BREAK}(\w+)", lambda m: m[1] + ("" if m[1] + m[2] in fragment else "-") + m[2], shown)
    return _trim(fragment, shown.replace(BREAK, "")), score


def _core(blocks: list) -> list:
    """Matching blocks without stray ones at either end: a block the next is far from in the text, not in the quote.

    (A heading before the passage that repeats its first words would otherwise widen it.)

    >>> from difflib import Match
    >>> _core([Match(0, 1, 15), Match(15, 55, 4), Match(19, 60, 147)])
    [Match(a=15, b=55, size=4), Match(a=19, b=60, size=147)]
    """
    def stray(first, second) -> bool:
        return (second.b - first.b - first.size) - (second.a - first.a - first.size) > _STRAY
    while len(blocks) > 1 and stray(blocks[0], blocks[1]):
        blocks = blocks[1:]
    while len(blocks) > 1 and stray(blocks[-2], blocks[-1]):
        blocks = blocks[:-1]
    return blocks


def _trim(fragment: str, passage: str) -> str:
    """*passage* without the punctuation beyond the quoted words (after the last, before the first).

    >>> _trim("staff were trained", "(staff were trained.")
    'staff were trained'
    """
    passage = passage.strip()
    if fragment[-1:].isalnum():
        passage = passage.rstrip(".,;:!?)\"'")
    if fragment[:1].isalnum():
        passage = passage.lstrip("(\"'")
    return passage


def _word_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen ``text[a:b]`` to whole words."""
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


def word_differences(fragment: str, passage: str) -> list[tuple[str, str]]:
    """What differs between a quote's *fragment* and the text's *passage*, word by word: ``(quote's, text's)``.

    >>> word_differences("staff were all trained", "staff were trained")
    [('all', '')]
    >>> word_differences("the Peer role", "the peer role")
    [('Peer', 'peer')]
    """
    q, t = fragment.split(), passage.split()
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, q, t, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((" ".join(q[i1:i2]), " ".join(t[j1:j2])))
    return out


def read_paper(path: str | Path) -> str:
    """The text of the user's copy of a paper, normalised (:func:`normalise_text`): plain text, or a PDF's text.

    A PDF is read with ``pypdf`` page by page. Nothing is kept: the text lives as long as the caller holds it.

    Raises
    ------
    ValueError naming the file and what was expected when it is missing, unreadable or holds no text.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
    ...     _ = fh.write("One line\\nand the next.")
    >>> read_paper(fh.name)
    'One line and the next.'
    >>> os.unlink(fh.name)
    >>> read_paper("/no/such/paper.pdf")
    Traceback (most recent call last):
    ValueError: /no/such/paper.pdf: file not found; expected the paper as a plain-text or PDF file
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{p}: file not found; expected the paper as a plain-text or PDF file")
    raw = p.read_bytes()
    if raw.startswith(b"%PDF"):
        text = _pdf_text(p)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(f"{p}: not UTF-8 text nor a PDF; expected the paper as a plain-text (UTF-8) or PDF file") \
                from None
    text = normalise_text(text)
    if not text:
        raise ValueError(f"{p}: holds no text; expected the paper's text (a scanned PDF needs OCR first)")
    return text


def _pdf_text(path: Path) -> str:
    """Every page's text of the PDF at *path*."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise ValueError(f"{path}: reading a PDF needs pypdf (pip install pypdf)") from None
    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError) as err:
        raise ValueError(f"{path}: unreadable PDF ({err.__class__.__name__}); expected a PDF with a text layer") \
            from None


def study_quotes(G: nx.MultiDiGraph, study: str) -> list[tuple[str, str, str]]:
    """Every quote a study's records hold: ``(record id, table, quote)``, evidence then gaps, by id.

    >>> from graph.data.load import load_graph
    >>> quotes = study_quotes(load_graph(), "johansen-2024")
    >>> len(quotes) >= 1, quotes[0][1], all(q for _, _, q in quotes)
    (True, 'evidence', True)
    """
    tables = {"evidence": "evidence", "gap": "gaps"}
    rows = [(n, tables[a["kind"]], a["quote"]) for n, a in G.nodes(data=True)
            if a.get("kind") in tables and a.get("study") == study and a.get("quote")]
    return sorted(rows, key=lambda r: (r[1] != "evidence", r[0]))


def check_study_quotes(G: nx.MultiDiGraph, study: str, text: str) -> list[QuoteCheck]:
    """Check every quote of *study* against the normalised *text* of the user's copy (:func:`read_paper`).

    Parameters
    ----------
    G : the knowledge graph. study : a study id (ValueError for an unknown one).
    text : the paper's text, normalised.

    Returns
    -------
    One :class:`QuoteCheck` per quote, in :func:`study_quotes` order.

    >>> from graph.data.load import load_graph
    >>> G = load_graph()
    >>> record, _, quote = study_quotes(G, "johansen-2024")[0]
    >>> [c.found for c in check_study_quotes(G, "johansen-2024", normalise_text("... " + quote + " ..."))][:1]
    [True]
    >>> check_study_quotes(G, "no-such-study", "")
    Traceback (most recent call last):
    ValueError: no study 'no-such-study' in the data package; expected a study id such as 'akerblom-2023'
    """
    if G.nodes.get(study, {}).get("kind") != "study":
        some = sorted(n for n, a in G.nodes(data=True) if a.get("kind") == "study" and a.get("is_source"))
        raise ValueError(f"no study {study!r} in the data package; expected a study id such as {some[0]!r}")
    return [check_quote(quote, text, record, table) for record, table, quote in study_quotes(G, study)]
