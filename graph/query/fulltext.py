"""Full-text search over the evidence: the papers' words (quotes), the paraphrases, speaker codes and sections.

One SQLite FTS5 index (Python's standard library) is built per loaded graph, on the first search, and kept while
the graph lives (:func:`graph.data.memo.memo`). Ranked by relevance (BM25, a quote's words counting twice); a word
that occurs nowhere in the evidence is replaced by the closest words that do (typos forgiven); the matched words
come back marked, so a view can highlight them without parsing anything.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.data.memo import memo

__all__ = ["FIELDS", "MAX_HITS", "Segment", "evidence_index", "excerpt", "search_evidence", "snippet"]

#: The evidence fields searched, with their weight in the ranking.
FIELDS: dict[str, float] = {"quote": 2.0, "paraphrase": 1.0, "speaker": 0.5, "section": 0.5}
#: The most hits one search returns.
MAX_HITS = 200
#: The most words of one query looked at (the rest are ignored).
MAX_WORDS = 12
#: How close (0–1) a word must be to stand in for a misspelt one, and how many may.
TYPO_CUTOFF, TYPO_CHOICES = 0.75, 3
#: A close word is kept only when its similarity is within this of the closest one's.
TYPO_SPREAD = 0.05
#: Marks around a matched word in FTS5's highlight() output (control characters no cell may hold).
_OPEN, _CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)

#: A run of text and whether it matched the query: ``("eye opening", True)``.
Segment = tuple[str, bool]


@dataclass
class EvidenceIndex:
    """The FTS5 table of one graph's evidence and the words it holds (for typo correction)."""

    conn: sqlite3.Connection
    words: frozenset[str]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def closest(self, word: str) -> list[str]:
        """The indexed words that *word* stands for: itself or words it begins, else the closest spellings.

        >>> from graph import load_graph
        >>> evidence_index(load_graph()).closest("opennig")
        ['opening']
        """
        if word in self.words or len(word) >= 3 and any(w.startswith(word) for w in self.words):
            return [word]
        close = difflib.get_close_matches(word, self.words, n=TYPO_CHOICES, cutoff=TYPO_CUTOFF)
        ratio = {w: difflib.SequenceMatcher(None, word, w).ratio() for w in close}
        return [w for w in close if ratio[w] >= ratio[close[0]] - TYPO_SPREAD]  # only the nearly best


def _words(text: str) -> list[str]:
    """The words of *text*, case-folded.

    >>> _words("Eye-opening, ja!")
    ['eye', 'opening', 'ja']
    """
    return [w.casefold() for w in _WORD.findall(text)]


def _build(G: nx.MultiDiGraph) -> EvidenceIndex:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    cols = ", ".join(FIELDS)
    conn.execute(f"CREATE VIRTUAL TABLE evidence USING fts5(id UNINDEXED, {cols}, "
                 "tokenize = 'porter unicode61 remove_diacritics 2')")
    rows, words = [], set()
    for n, a in G.nodes(data=True):
        if a.get("kind") != "evidence":
            continue
        values = [str(a.get(f) or "") for f in FIELDS]
        rows.append((n, *values))
        for v in values:
            words.update(_words(v))
    conn.executemany(f"INSERT INTO evidence VALUES ({', '.join('?' * (len(FIELDS) + 1))})", rows)
    conn.commit()
    return EvidenceIndex(conn, frozenset(words))


def evidence_index(G: nx.MultiDiGraph) -> EvidenceIndex:
    """The full-text index of *G*'s evidence, built once per graph.

    Parameters
    ----------
    G : the knowledge graph.

    Returns
    -------
    An :class:`EvidenceIndex` (shared: read-only).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> evidence_index(G) is evidence_index(G)
    True
    """
    return memo(G, "fulltext-index", None, lambda: _build(G), keep=1)


def _segments(marked: str) -> list[Segment]:
    """Split FTS5 highlight() output into (text, matched) runs.

    >>> _segments("an \\x02eye\\x03 \\x02opening\\x03 time")
    [('an ', False), ('eye', True), (' ', False), ('opening', True), (' time', False)]
    """
    out: list[Segment] = []
    for i, part in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", marked)):
        if part:
            out.append((part, i % 2 == 1))
    return out


def _match_expression(index: EvidenceIndex, text: str) -> tuple[str, list[str]]:
    """The FTS5 query for *text* (every word, or one of the words standing for it) and the words used.

    >>> from graph import load_graph
    >>> _match_expression(evidence_index(load_graph()), "eye opennig")
    ('"eye" AND ("opening")', ['eye', 'opening'])
    """
    terms, used = [], []
    for word in _words(text)[:MAX_WORDS]:
        choices = index.closest(word)
        if not choices:
            return "", []
        used += choices
        quoted = [f'"{c}"' + ("*" if c == word and c not in index.words else "") for c in choices]
        terms.append(quoted[0] if choices == [word] else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(terms), used


def search_evidence(G: nx.MultiDiGraph, text: str, *, limit: int = 50, speakers: Iterable[str] = (),
                    sections: Iterable[str] = (), evidence: Iterable[str] | None = None) -> dict[str, Any]:
    """Evidence whose quote, paraphrase, speaker code or section holds every word of *text*, most relevant first.

    Parameters
    ----------
    G : the knowledge graph. text : the words looked for (a misspelt word is replaced by the closest words the
    evidence holds; a word of three letters or more also finds the words it begins).
    limit : the most hits returned (at most :data:`MAX_HITS`). speakers, sections : keep only evidence with one of
    these speaker codes / sections (facets; empty keeps all). evidence : keep only these evidence ids (a view's).

    Returns
    -------
    ``{"query": the words searched, "total": hits before *limit*, "hits": [...], "facets": {"speaker": {code: n},
    "section": {section: n}}}``; each hit is ``{"id", "score", "study", "countries", "factors", "influences",
    "speaker", "section", "quote", "paraphrase"}`` where quote and paraphrase are lists of
    :data:`Segment` (matched words marked ``True``). Facets count every hit, before the speaker/section choice.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> r = search_evidence(G, "eye opening")
    >>> r["hits"][0]["id"], [t for t, hit in r["hits"][0]["quote"] if hit]
    ('ev-grim-519', ['eye', 'opening'])
    >>> search_evidence(G, "eye opennig")["hits"][0]["id"]
    'ev-grim-519'
    >>> search_evidence(G, "")["total"]
    0
    """
    empty = {"query": [], "total": 0, "hits": [], "facets": {"speaker": {}, "section": {}}}
    index = evidence_index(G)
    expression, used = _match_expression(index, text)
    if not expression:
        return empty
    hl = ", ".join(f"highlight(evidence, {i + 1}, '{_OPEN}', '{_CLOSE}')" for i in range(2))
    weights = ", ".join(str(w) for w in (0.0, *FIELDS.values()))
    with index.lock:
        rows = index.conn.execute(f"SELECT id, bm25(evidence, {weights}), {hl}, speaker, section FROM evidence "
                                  "WHERE evidence MATCH ? ORDER BY bm25(evidence, " + weights + ")",
                                  (expression,)).fetchall()
    keep = None if evidence is None else set(evidence)
    rows = [r for r in rows if keep is None or r[0] in keep]
    facets = {"speaker": Counter(r[4] for r in rows if r[4]), "section": Counter(r[5] for r in rows if r[5])}
    speakers, sections = set(speakers), set(sections)
    rows = [r for r in rows if (not speakers or r[4] in speakers) and (not sections or r[5] in sections)]
    hits = []
    for n, score, quote, paraphrase, speaker, section in rows[:max(0, min(limit, MAX_HITS))]:
        a = G.nodes[n]
        hits.append({"id": n, "score": round(-score, 3), "study": a.get("study", ""),
                     "countries": list(a.get("countries", [])), "factors": list(a.get("factors", [])),
                     "influences": list(a.get("influences", [])), "speaker": speaker, "section": section,
                     "quote": _segments(quote), "paraphrase": _segments(paraphrase)})
    return {"query": used, "total": len(rows), "hits": hits,
            "facets": {k: dict(v.most_common()) for k, v in facets.items()}}


def excerpt(segments: list[Segment], width: int = 160) -> list[Segment]:
    """The part of *segments* around its first matched word, about *width* characters, cut at words.

    Parameters
    ----------
    segments : a hit's ``quote`` or ``paraphrase`` (:func:`search_evidence`). width : characters kept around
    the first match (the whole text when shorter).

    Returns
    -------
    Segments, with an unmatched "… " / " …" where text was cut.

    Examples
    --------
    >>> excerpt([("Some managers found it ", False), ("eye", True), (" ", False), ("opening", True)], width=20)
    [('… ', False), ('it ', False), ('eye', True), (' ', False), ('opening', True)]
    """
    text = "".join(t for t, _ in segments)
    first = next((sum(len(t) for t, _ in segments[:i]) for i, (_, hit) in enumerate(segments) if hit), 0)
    start = max(0, min(first - width // 4, len(text) - width))
    if start and (space := text.find(" ", start, first)) >= 0:  # start at a word
        start = space + 1
    end = min(len(text), start + width)
    if end < len(text) and (space := text.rfind(" ", first + 1, end)) > 0:  # end at a word
        end = space
    out: list[Segment] = [("… ", False)] if start else []
    pos = 0
    for t, hit in segments:
        lo, hi = max(pos, start), min(pos + len(t), end)
        if lo < hi:
            out.append((t[lo - pos:hi - pos], hit))
        pos += len(t)
    return out + ([(" …", False)] if end < len(text) else [])


def snippet(segments: list[Segment], width: int = 160, mark: tuple[str, str] = ("«", "»")) -> str:
    """:func:`excerpt` as text, each matched word between the two strings of *mark*.

    >>> snippet([("Some managers found it ", False), ("eye", True), (" ", False), ("opening", True)], width=20)
    '… it «eye» «opening»'
    """
    return "".join(mark[0] + t + mark[1] if hit else t for t, hit in excerpt(segments, width))
