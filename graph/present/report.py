"""A written summary of a selection — a factor, an influence, a path or a country comparison.

Every sentence is generated from the data: what influences what, in which
direction and across which levels, how many evidence items bear on it as an
enabler, a barrier or mixed, in which countries and from how many studies.
Each claim is followed by its citations in APA 7 author–date style
("(Grim et al., 2022; Johansen et al., 2024)"); quotes become numbered notes
with their speaker codes; the stated research gaps that concern the selection,
an APA 7 reference list with DOIs, and the filters and data package version
close the text.

:func:`summary_markdown` gives Markdown (quotes as ``[^n]`` footnotes);
:func:`summary` gives the bytes of a Markdown or a Word (DOCX) file. In DOCX
the quotes are a numbered "Notes" section at the end, each marked by a
superscript number in the text (python-docx cannot write Word's own
footnotes).

>>> from graph import load_graph
>>> text = summary_markdown(load_graph(), influence=("hrm-policies", "psw-wellbeing"))
>>> text.splitlines()[0]
'# Human resource management policies → PSW wellbeing'
>>> "## References" in text and "https://doi.org/" in text
True
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.data.vocabulary import NOT_STATED, NOT_STATED_LABEL, POLARITIES, is_limitation
from graph.present.apa import Run, add_docx_references, alphabetical, apa_citation, apa_reference
from graph.present.fileformat import Format, check_format, registry
from graph.present.words import counted
from graph.query.details import factor_details
from graph.query.filters import EVIDENCE_FILTERS, filter_influences, matching_evidence
from graph.query.lookup import resolve_country, resolve_factor
from graph.query.rollup import ALL_THEMES, rolled_influence_details, rolled_up
from graph.query.strength import STRENGTH_NOTE, narrow_strength, strength_label

__all__ = ["MAX_QUOTES", "SUMMARY_FORMATS", "apa_citation", "apa_reference", "describe_filters", "summary",
           "summary_markdown"]

#: Formats of :func:`summary`: name -> extension and media type.
SUMMARY_FORMATS = registry(
    Format("md", ".md", "text/markdown", "Markdown"),
    Format("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"),
)
#: Quotes given as notes per paragraph (spread over polarities and studies); the count of the rest is stated.
MAX_QUOTES = 3
POLARITY_ORDER = POLARITIES  # the order paragraphs list the polarities in
DIRECTION_WORDS = {"downward": "a downward influence", "upward": "an upward influence",
                   "lateral": "an influence within one level"}


# ----------------------------------------------------------------------------- citations

class _Citations:
    """The works a document cites, and their citation text once all are known (2016a/2016b need them all).

    :meth:`cite` leaves a marker in the text; :meth:`resolve` turns markers into APA citations.
    """

    _MARK = re.compile("\x00(\\(?)([^\x00]*)\x00")

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.used: dict[str, None] = {}

    def cite(self, ids: Iterable[str], parens: bool = True) -> str:
        """A marker citing the known studies among *ids* (``(A, 2020; B, 2021)`` once resolved); '' for none."""
        known = [s for s in dict.fromkeys(ids) if s in self.G and self.G.nodes[s].get("kind") == "study"]
        self.used.update(dict.fromkeys(known))
        return f"\x00{'(' if parens else ''}{chr(1).join(known)}\x00" if known else ""

    def _suffixes(self) -> dict[str, str]:
        groups: dict[str, list[str]] = {}
        for s in self.used:
            groups.setdefault(apa_citation(self.G.nodes[s]), []).append(s)
        out = {}
        for same in groups.values():
            if len(same) > 1:
                same.sort(key=lambda s: (str(self.G.nodes[s].get("title", "")).casefold(), s))
                out.update({s: "abcdefghijklmnopqrstuvwxyz"[i % 26] for i, s in enumerate(same)})
        return out

    def resolve(self, text: str) -> str:
        """*text* with every marker replaced by its citations, sorted as APA sorts them."""
        suffixes = self._suffixes()

        def group(m: re.Match) -> str:
            texts = sorted({apa_citation(self.G.nodes[s], suffixes.get(s, "")) for s in m.group(2).split(chr(1))},
                           key=alphabetical)
            return f"({'; '.join(texts)})" if m.group(1) else "; ".join(texts)
        return self._MARK.sub(group, text)

    def references(self) -> list[list[Run]]:
        """The APA reference list of every work cited, by citation text."""
        suffixes = self._suffixes()
        entries = sorted((alphabetical(apa_citation(self.G.nodes[s])), suffixes.get(s, ""), s) for s in self.used)
        return [apa_reference(self.G.nodes[s], suf) for _, suf, s in entries]


# ----------------------------------------------------------------------------- the document model

@dataclass
class _Para:
    text: str
    notes: list[int] = field(default_factory=list)


@dataclass
class _Doc:
    title: str
    intro: list[_Para] = field(default_factory=list)
    sections: list[tuple[str, list[_Para]]] = field(default_factory=list)
    gaps: list[_Para] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    references: list[list[Run]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n].get("label", n) if n in G else n


def _and(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> _and(["Sweden"]), _and(["Sweden", "Norway"]), _and(["Sweden", "Norway", "Denmark"])
    ('Sweden', 'Sweden and Norway', 'Sweden, Norway and Denmark')
    """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


_n = counted  # ``1 study``, ``3 studies``


def _country(G: nx.MultiDiGraph, code: str) -> str:
    """A country's name as it reads in a sentence ("the United States", "the Netherlands").

    >>> from graph import load_graph
    >>> _country(load_graph(), "US"), _country(load_graph(), "SE")
    ('the United States', 'Sweden')
    """
    name = _label(G, code)
    return f"the {name}" if re.match(r"(United |Netherlands|Philippines|Czech Republic)", name) else name


def _level_phrase(G: nx.MultiDiGraph, n: str) -> str:
    lv = G.nodes[n].get("level", "")
    return f"{_label(G, lv).lower() if lv in G else lv}" if lv else "no level"


def describe_filters(G: nx.MultiDiGraph, kw: dict[str, Any]) -> str:
    """A human phrase for active evidence filters (:func:`graph.query.filters.filter_influences` keywords).

    >>> from graph import load_graph
    >>> describe_filters(load_graph(), {"countries": ["DK"], "polarities": ["barrier"]})
    'in Denmark, with polarity barrier'
    >>> describe_filters(load_graph(), {"countries": ["SE", "not-stated"]})
    'in Sweden or country not stated'
    >>> describe_filters(load_graph(), {})
    ''
    """
    parts = []
    if kw.get("countries"):
        parts.append("in " + " or ".join(G.nodes[c]["label"] if c in G else NOT_STATED_LABEL.lower()
                                         if c == NOT_STATED else c for c in kw["countries"]))
    if kw.get("studies"):
        parts.append("reported by " + " or ".join(G.nodes[s].get("label", s) if s in G else s for s in kw["studies"]))
    if kw.get("polarities"):
        parts.append("with polarity " + " or ".join(kw["polarities"]))
    if kw.get("perspectives"):
        parts.append("from the " + " or ".join(kw["perspectives"]) + " perspective")
    if kw.get("min_evidence"):
        parts.append(f"with at least {kw['min_evidence']} evidence items")
    if kw.get("min_sources"):
        parts.append(f"stated or evidenced by at least {kw['min_sources']} papers")
    if kw.get("min_countries"):
        parts.append(f"evidenced in at least {kw['min_countries']} countries")
    if kw.get("levels"):
        parts.append("at the " + " or ".join(kw["levels"]) + " level")
    if kw.get("themes"):
        parts.append("within " + ", ".join(G.nodes[t]["label"] if t in G else t for t in kw["themes"]))
    return ", ".join(parts)


class _Writer:
    """Builds a :class:`_Doc`: evidence sentences with citations, quotes as notes."""

    def __init__(self, G: nx.MultiDiGraph, filters: dict[str, Any]) -> None:
        self.G, self.filters = G, filters
        ev = {k: filters.get(k) for k in EVIDENCE_FILTERS}
        self.allowed = frozenset(matching_evidence(G, **ev)) if any(ev.values()) else None
        self.cites = _Citations(G)
        self.notes: list[str] = []
        self.limitation_records: dict[str, dict[str, Any]] = {}

    def records(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in records if self.allowed is None or r["id"] in self.allowed]

    def evidence_paragraph(self, records: list[dict[str, Any]], subject: str) -> _Para:
        """What the evidence says about *subject*: counts by polarity, countries, studies; quotes as notes."""
        G = self.G
        if not records:
            if self.allowed is not None:
                return _Para(f"No evidence item bearing on {subject} matches the filters "
                             f"({describe_filters(G, self.filters)}).")
            return _Para(f"No evidence item bearing on {subject} is recorded in the data yet.")
        by_pol = {p: [r for r in records if r["polarity"] == p] for p in POLARITY_ORDER}
        counts = _and([f"{len(rs)} as {'an enabler' if p == 'enabler' else 'a barrier' if p == 'barrier' else p}"
                       for p, rs in by_pol.items() if rs])
        reporting = list(dict.fromkeys(r["study"]["id"] for r in records))
        sentences = [(f"{_n(len(records), 'evidence item')} from {_n(len(reporting), 'study', 'studies')} "
                     f"bear{'s' if len(records) == 1 else ''} on {subject}: {counts} "
                     f"{self.cites.cite(reporting)}.")]
        per_country: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            for c in r["countries"]:
                per_country.setdefault(c["code"], []).append(r)
        if per_country:
            order = sorted(per_country, key=lambda c: (-len(per_country[c]), _label(G, c)))
            parts = []
            for c in order:
                rs = per_country[c]
                ids = [r["study"]["id"] for r in rs] + [s["id"] for r in rs for s in r["cites"]
                                                        if c in s.get("countries", [])]
                parts.append(f"{_country(G, c)} ({_n(len(rs), 'item')}; {self.cites.cite(ids, parens=False)})")
            unplaced = sum(1 for r in records if not r["countries"])
            sentences.append(f"It is reported in {_and(parts)}"
                             + (f"; {_n(unplaced, 'item names', 'items name')} no country." if unplaced else "."))
        cited = list(dict.fromkeys(s["id"] for r in records for s in r["cites"]))
        if cited:
            sentences.append(f"These accounts draw on {_n(len(cited), 'further study', 'further studies')} "
                             f"{self.cites.cite(cited)}.")
        quotes = self.pick_quotes(records)
        notes = [self.note(r) for r in quotes]
        with_quote = sum(1 for r in records if r.get("quote"))
        if with_quote > len(quotes):
            sentences.append(f"The notes give {_n(len(quotes), 'quote')} of {with_quote}.")
        return _Para(" ".join(sentences), notes)

    @staticmethod
    def pick_quotes(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Up to :data:`MAX_QUOTES` quotes: one polarity after another, a new study before a second from one."""
        pools = [[r for r in records if r.get("quote") and r["polarity"] == p] for p in POLARITY_ORDER]
        chosen: list[dict[str, Any]] = []
        studies: set[str] = set()
        while len(chosen) < MAX_QUOTES and any(pools):
            for pool in pools:
                if pool and len(chosen) < MAX_QUOTES:
                    fresh = next((r for r in pool if r["study"]["id"] not in studies), pool[0])
                    pool.remove(fresh)
                    chosen.append(fresh)
                    studies.add(fresh["study"]["id"])
        return chosen

    def note(self, r: dict[str, Any]) -> int:
        kind = "Limitation" if is_limitation(r) else r["polarity"].capitalize()
        about = [kind, r.get("perspective") or "",
                 f"speaker {r['speaker']}" if r.get("speaker") else "",
                 f"section: {r['section']}" if r.get("section") else ""]
        self.notes.append(f"“{r['quote']}” {self.cites.cite([r['study']['id']])}. "
                          + "; ".join(a for a in about if a) + ".")
        return len(self.notes)

    def influence_paragraphs(self, d: dict[str, Any], lead: str = "") -> list[_Para]:
        """One influence (:func:`graph.query.rollup.rolled_influence_details`): what, direction, levels; its evidence."""
        G = self.G
        s, t = d["source"], d["target"]
        # who states the influence: the framework's study, else the studies whose evidence records it
        stated = self.cites.cite([d["stated_by"]["id"]] if d.get("stated_by") else
                                 [r["study"]["id"] for r in d["evidence"]])
        across = ("across levels, from the " + _level_phrase(G, s) + " to the " + _level_phrase(G, t)
                  if d["scope"] == "inter-level" else "within the " + _level_phrase(G, s))
        text = (f"{lead}{_label(G, s)} → {_label(G, t)}: the influence of {_label(G, s)} on {_label(G, t)} is "
                f"{DIRECTION_WORDS.get(d['direction'], 'an influence')} {across}{' ' + stated if stated else ''}.")
        parts = d.get("parts", [])
        if len(parts) > 1:
            text += (f" It stands for {_n(len(parts), 'recorded influence')}: "
                     + "; ".join(f"{p['source_label']} → {p['target_label']} ({_n(p['evidence_count'], 'item')})"
                                 for p in parts) + ".")
        ev = self.evidence_paragraph(self.records(d["evidence"]), "this influence")
        self.qualified_by(d.get("limitations", []))
        return [_Para(text + " " + ev.text + self.strength_sentence(d.get("strength")), ev.notes)]

    def strength_sentence(self, strength: dict[str, Any] | None) -> str:
        """The evidence counts and flags of :mod:`graph.query.strength`, labelled as counts, not a grade ("" if none).

        Under evidence filters, those of the matching evidence, the all-evidence figure beside them.
        """
        if not strength:
            return ""
        if self.allowed is None:
            return f" {STRENGTH_NOTE} (all evidence): {strength_label(strength)}."
        scope = describe_filters(self.G, {k: self.filters.get(k) for k in EVIDENCE_FILTERS})
        return f" {STRENGTH_NOTE}: {strength_label(narrow_strength(self.G, strength, self.allowed), scope=scope)}."

    def qualified_by(self, groups: list[dict[str, Any]]) -> None:
        """Keep the limitations (:func:`graph.query.details.limitation_groups`) stated by the papers behind a finding."""
        for g in groups:
            for r in g["records"]:
                self.limitation_records.setdefault(r["id"], r)

    def limitations(self) -> list[_Para]:
        """One paragraph per paper: the limitations it states, which qualify the findings above; quotes as notes."""
        by_study: dict[str, list[dict[str, Any]]] = {}
        for r in self.limitation_records.values():
            by_study.setdefault(r["study"]["id"], []).append(r)
        out = []
        for sid, records in sorted(by_study.items(), key=lambda x: _label(self.G, x[0]).casefold()):
            notes = [self.note(r) for r in records]
            out.append(_Para(f"{_n(len(records), 'limitation').capitalize()} stated {self.cites.cite([sid])}: "
                             + "; ".join((r.get("paraphrase") or r["quote"]).rstrip(".") for r in records) + ".",
                             notes))
        return out

    def gaps(self, factors: Iterable[str], levels: set[str]) -> list[_Para]:
        """The stated research gaps naming one of *factors* (or its theme or sub-themes), else these *levels* exactly."""
        G = self.G
        family: set[str] = set()
        for f in factors:
            family |= {f, G.nodes[f].get("theme") or f}
            family |= {n for n, a in G.nodes(data=True) if a.get("kind") == "factor" and a.get("theme") == f}
        out = []
        for n, a in sorted(G.nodes(data=True), key=lambda x: x[0]):
            if a.get("kind") != "gap":
                continue
            named = set(a.get("factors") or [])
            if named & family or (not named and levels and set(a.get("levels") or []) == levels):
                out.append(_Para(f"{a.get('statement', '').rstrip('.')} {self.cites.cite([a['study']])}."))
        return out

    def closing(self, selection: str) -> list[str]:
        G = self.G
        what = describe_filters(G, self.filters)
        return [f"Selection: {selection}.",
                f"Filters: {what or 'none (all evidence)'}.",
                f"Data: {G.graph.get('name', 'data package')} version {G.graph.get('version', 'unknown')}"
                + (f" ({G.graph['title']})" if G.graph.get("title") else "") + ".",
                f"Generated by pswgraph on {dt.date.today().isoformat()} from the data; no sentence is written by hand."]

    def finish(self, doc: _Doc) -> _Doc:
        limitations = self.limitations()
        if limitations:
            doc.sections.append(("Limitations the source papers state", limitations))
        fill = self.cites.resolve
        for p in [*doc.intro, *(p for _, ps in doc.sections for p in ps), *doc.gaps]:
            p.text = fill(p.text)
        doc.notes = [fill(n) for n in self.notes]
        doc.references = self.cites.references()
        return doc


# ----------------------------------------------------------------------------- selections

def _expand_for(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """The themes to open so that each of *nodes* stands for itself in a rolled-up view."""
    return sorted({G.nodes[n]["theme"] for n in nodes if G.nodes[n].get("factor_kind") == "subtheme"})


def _factor_doc(w: _Writer, factor: str) -> _Doc:
    G = w.G
    d = factor_details(G, factor)
    kind = ("a theme" if d["factor_kind"] == "theme" else f"a sub-theme of {d['theme_label']}")
    intro = f"{d['label']} is {kind} at the {_level_phrase(G, factor)}"
    intro += f" {w.cites.cite([d['introduced_by']['id']])}." if d.get("introduced_by") else "."
    if d["description"]:
        intro += f" The data describes it as: {d['description'].rstrip('.')}."
    if d["subthemes"]:
        intro += f" Its sub-themes: {_and([s['label'] for s in d['subthemes']])}."
    ev = w.evidence_paragraph(w.records(d["evidence"]), "this factor")
    ev.text += w.strength_sentence(d.get("strength"))
    w.qualified_by(d.get("limitations", []))
    doc = _Doc(d["label"], [_Para(intro), ev])
    # its influences as the explorer draws them: a theme rolled up with its sub-themes, a sub-theme as recorded
    expand = ALL_THEMES if d["factor_kind"] == "subtheme" else []
    V = rolled_up(filter_influences(G), G, expand)
    paras = []
    for u, v in sorted(V.in_edges(factor)) + sorted(V.out_edges(factor)):
        paras += w.influence_paragraphs(rolled_influence_details(G, u, v, expand))
    doc.sections.append((f"Influences ({len(paras)})", paras or [_Para("No influence is recorded for it.")]))
    doc.gaps = w.gaps([factor], {d["level"]})
    doc.closing = w.closing(f"the factor {d['label']} ({factor})")
    return doc


def _influence_doc(w: _Writer, source: str, target: str) -> _Doc:
    G = w.G
    expand = _expand_for(G, (source, target))
    d = rolled_influence_details(G, source, target, expand)
    doc = _Doc(f"{d['source_label']} → {d['target_label']}")
    doc.sections.append(("The influence", w.influence_paragraphs(d)))
    doc.gaps = w.gaps([source, target], {G.nodes[source]["level"], G.nodes[target]["level"]})
    doc.closing = w.closing(f"the influence {d['source_label']} → {d['target_label']}")
    return doc


def _path_doc(w: _Writer, path: list[str]) -> _Doc:
    G = w.G
    if len(path) < 2:
        raise ValueError("a path needs at least two factors")
    expand = _expand_for(G, path)
    labels = [_label(G, n) for n in path]
    doc = _Doc(" → ".join(labels), [_Para(f"A route of {_n(len(path) - 1, 'hop')} from {labels[0]} to {labels[-1]}, "
                                          "one paragraph per hop.")])
    paras = []
    for i, (u, v) in enumerate(itertools.pairwise(path), start=1):
        try:
            d = rolled_influence_details(G, u, v, expand)
        except KeyError:
            raise ValueError(f"no influence from {_label(G, u)} to {_label(G, v)} (hop {i} of the path)") from None
        paras += w.influence_paragraphs(d, lead=f"Hop {i}. ")
    doc.sections.append(("The route, hop by hop", paras))
    doc.gaps = w.gaps(path, {G.nodes[n]["level"] for n in path})
    doc.closing = w.closing("the path " + " → ".join(labels))
    return doc


def _view_doc(w: _Writer, V: nx.DiGraph) -> _Doc:
    G = w.G
    factors = [n for n, a in V.nodes(data=True) if not a.get("container") and n in G]
    expand = _expand_for(G, factors)
    labels = sorted((_label(G, n) for n in factors), key=str.casefold)
    doc = _Doc("The factors on screen", [_Para(f"{_n(len(factors), 'factor')} and "
                                                f"{_n(V.number_of_edges(), 'influence')} between them: "
                                                f"{_and(labels)}.")])
    paras = []
    for u, v in sorted(V.edges, key=lambda e: (_label(G, e[0]).casefold(), _label(G, e[1]).casefold())):
        paras += w.influence_paragraphs(rolled_influence_details(G, u, v, expand))
    doc.sections.append((f"Influences ({len(paras)})", paras or [_Para("No influence links these factors.")]))
    doc.gaps = w.gaps(factors, set())
    doc.closing = w.closing(f"the {_n(len(factors), 'factor')} on screen")
    return doc


def _compare_doc(w: _Writer, codes: list[str]) -> _Doc:
    from graph.query.compare import compare_countries

    G = w.G
    names = [_label(G, c) for c in codes]
    other = {k: v for k, v in w.filters.items() if k in ("levels", "themes", "studies", "polarities", "perspectives")}
    r = compare_countries(G, codes, granularity="theme", presence=True, **{k: v for k, v in other.items() if v})
    shared, unique = r["shared"], r["unique"]
    intro = (f"Influences between themes evidenced in {_and(names)}: {_n(len(shared), 'influence')} "
             f"in all of them; " + "; ".join(f"{_n(len(unique[c]), 'influence')} only in {_label(G, c)}"
                                             for c in codes) + ".")
    doc = _Doc("Comparison: " + " and ".join(names), [_Para(intro)])
    paras = []
    for row in r["presence"]:
        d = rolled_influence_details(G, row["source"], row["target"], [])
        parts = []
        for c in codes:
            allowed = set(matching_evidence(G, countries=[c], **{k: v for k, v in other.items()
                                                                  if k in ("studies", "polarities", "perspectives")
                                                                  and v}))
            rs = [x for x in d["evidence"] if x["id"] in allowed]
            if rs:
                parts.append(f"in {_country(G, c)} by {_n(len(rs), 'evidence item')} "
                             f"{w.cites.cite(x['study']['id'] for x in rs)}")
        status = ("in every country compared" if len(row["countries"]) == len(codes) else
                  f"only in {_country(G, row['countries'][0])}" if len(row["countries"]) == 1 else
                  f"in {_and([_country(G, c) for c in row['countries']])}")
        direction = DIRECTION_WORDS.get(d["direction"], "an influence")
        paras.append(_Para(f"{d['source_label']} → {d['target_label']} ({direction}) is evidenced {status}: "
                           + "; ".join(parts) + "."))
    doc.sections.append((f"Influences ({len(paras)})", paras or [_Para("No influence is evidenced in these countries.")]))
    # the gaps stated by the studies set in the countries compared
    doc.gaps = [_Para(f"{a.get('statement', '').rstrip('.')} {w.cites.cite([a['study']])}.")
                for n, a in sorted(G.nodes(data=True), key=lambda x: x[0]) if a.get("kind") == "gap"
                and set(G.nodes[a["study"]].get("countries") or []) & set(codes)]
    doc.closing = w.closing("a comparison of " + _and(names))
    return doc


def _document(G: nx.MultiDiGraph, factor: str | None, influence: Sequence[str] | None, path: Sequence[str] | None,
              countries: Sequence[str] | None, filters: dict[str, Any] | None, view: nx.DiGraph | None = None) -> _Doc:
    chosen = [x for x in (factor, influence, path, view) if x is not None and (x is view or x)]
    if len(chosen) > 1:
        raise ValueError("summarise one selection: a factor, an influence, a path or a view")
    filters = dict(filters or {})
    if not chosen:
        if not countries or len(countries) < 2:
            raise ValueError("nothing to summarise: give a factor, an influence, a path or two countries")
        codes = list(dict.fromkeys(c if c == NOT_STATED else resolve_country(G, c) for c in countries))
        return _compare_document(G, filters, codes)
    if countries:
        filters["countries"] = [c if c == NOT_STATED else resolve_country(G, c) for c in countries]
    w = _Writer(G, filters)
    if factor:
        doc = _factor_doc(w, resolve_factor(G, factor))
    elif view is not None:
        doc = _view_doc(w, view)
    elif influence:
        if len(influence) != 2:
            raise ValueError("an influence is two factors: source and target")
        doc = _influence_doc(w, resolve_factor(G, influence[0]), resolve_factor(G, influence[1]))
    else:
        doc = _path_doc(w, [resolve_factor(G, n) for n in path or []])
    return w.finish(doc)


def _compare_document(G: nx.MultiDiGraph, filters: dict[str, Any], codes: list[str]) -> _Doc:
    w = _Writer(G, {**filters, "countries": None})
    doc = _compare_doc(w, codes)
    doc.closing[1:2] = [f"Filters: countries compared {_and([_label(G, c) for c in codes])}"
                        + (f"; {describe_filters(G, {**filters, 'countries': None})}"
                           if describe_filters(G, {**filters, 'countries': None}) else "") + "."]
    return w.finish(doc)


# ----------------------------------------------------------------------------- Markdown and DOCX

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    r"""*text* with Markdown's special characters escaped (data never turns into markup).

    >>> _md("a*b_[c]")
    'a\\*b\\_\\[c\\]'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_runs(runs: list[Run]) -> str:
    return "".join(f"*{_md(t)}*" if s == "i" else _md(t) for t, s in runs)


def _markdown(doc: _Doc) -> str:
    def para(p: _Para) -> str:
        return _md(p.text) + "".join(f"[^{n}]" for n in p.notes)

    lines = [f"# {_md(doc.title)}", ""]
    lines += [x for p in doc.intro for x in (para(p), "")]
    for heading, paras in doc.sections:
        lines += [f"## {_md(heading)}", ""] + [x for p in paras for x in (para(p), "")]
    lines += ["## Research gaps stated in the sources", ""]
    lines += [x for p in doc.gaps for x in ("- " + para(p),)] or ["None of the stated research gaps concerns it."]
    lines += ["", "## References", ""] + [x for r in doc.references for x in (_md_runs(r), "")]
    lines += ["---", ""] + [x for c in doc.closing for x in (_md(c), "")]
    lines += [f"[^{i}]: {_md(n)}" for i, n in enumerate(doc.notes, start=1)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _docx(doc: _Doc) -> bytes:
    from docx import Document

    d = Document()
    d.core_properties.title = doc.title
    d.core_properties.author = "pswgraph"
    d.add_heading(doc.title, level=1)

    def para(p: _Para, style: str | None = None) -> None:
        out = d.add_paragraph(style=style)
        out.add_run(p.text)
        for n in p.notes:
            out.add_run(str(n)).font.superscript = True

    for p in doc.intro:
        para(p)
    for heading, paras in doc.sections:
        d.add_heading(heading, level=2)
        for p in paras:
            para(p)
    d.add_heading("Research gaps stated in the sources", level=2)
    for p in doc.gaps:
        para(p, "List Bullet")
    if not doc.gaps:
        d.add_paragraph("None of the stated research gaps concerns it.")
    if doc.notes:
        d.add_heading("Notes", level=2)
        for n in doc.notes:
            d.add_paragraph(n, style="List Number")
    d.add_heading("References", level=2)
    add_docx_references(d, doc.references)
    d.add_heading("About this summary", level=2)
    for c in doc.closing:
        d.add_paragraph(c)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def summary_markdown(G: nx.MultiDiGraph, *, factor: str | None = None, influence: Sequence[str] | None = None,
                     path: Sequence[str] | None = None, countries: Sequence[str] | None = None,
                     filters: dict[str, Any] | None = None, view: nx.DiGraph | None = None) -> str:
    """The written summary of one selection, in Markdown.

    Parameters
    ----------
    G : the knowledge graph.
    factor : a factor (id, label or alias); its evidence, then one paragraph per influence into or out of it
        (a theme's influences rolled up with its sub-themes', as the explorer draws them).
    influence : ``(source, target)``: one influence (between themes: every recorded influence it rolls up).
    path : factors in order: one paragraph per hop.
    countries : with a factor, influence or path, only evidence concerning these countries; alone (two or
        more), a comparison of the countries: one paragraph per influence between themes evidenced in any.
    filters : other evidence filters (:func:`graph.query.filters.filter_influences` keywords: ``studies``,
        ``polarities``, ``perspectives``, ``countries``; a comparison also takes ``levels`` and ``themes``).
    view : the factors on screen (an explore view, :func:`graph.query.rollup.rolled_up`): one paragraph per
        influence drawn.

    Returns
    -------
    Markdown: a title, a paragraph per influence or hop with APA 7 citations, quotes as footnotes
    (``[^n]``) with speaker codes, the research gaps, references with DOIs, filters and data version.

    Raises
    ------
    graph.query.lookup.NotFound for an unknown factor or country; ValueError for no selection, or a path hop
    with no influence.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> md = summary_markdown(G, factor="psw-wellbeing", countries=["SE"])
    >>> md.startswith("# PSW wellbeing"), "[^1]: “" in md, "Filters: in Sweden." in md
    (True, True, True)
    >>> "Hop 2. " in summary_markdown(G, path=["policy-mandates", "hrm-policies", "psw-wellbeing"])
    True
    >>> summary_markdown(G, countries=["SE", "DK"]).splitlines()[0]
    '# Comparison: Sweden and Denmark'
    >>> from graph.query.rollup import rolled_up
    >>> from graph.query.filters import filter_influences
    >>> summary_markdown(G, view=rolled_up(filter_influences(G), G)).splitlines()[2].startswith("9 factors and ")
    True
    """
    return _markdown(_document(G, factor, influence, path, countries, filters, view))


def summary(G: nx.MultiDiGraph, *, factor: str | None = None, influence: Sequence[str] | None = None,
            path: Sequence[str] | None = None, countries: Sequence[str] | None = None,
            filters: dict[str, Any] | None = None, view: nx.DiGraph | None = None, fmt: str = "md") -> bytes:
    """The written summary (:func:`summary_markdown`) as the bytes of a file: ``fmt`` ``"md"`` or ``"docx"``.

    The DOCX has the same text: headings, the quotes as a numbered "Notes" section (each marked by a
    superscript number in the text), references with a hanging indent.

    Examples
    --------
    >>> import io, zipfile
    >>> from graph import load_graph
    >>> data = summary(load_graph(), influence=["hrm-policies", "psw-wellbeing"], fmt="docx")
    >>> "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    True
    >>> summary(load_graph(), factor="stigma").splitlines()[0]
    b'# Stigma (various types)'
    """
    check_format(SUMMARY_FORMATS, fmt, "summary")
    doc = _document(G, factor, influence, path, countries, filters, view)
    return _markdown(doc).encode() if fmt == "md" else _docx(doc)
