"""APA 7 author–date citations and reference-list entries from a study's fields (authors, year, title, venue …).

The one formatter of the written summary (:mod:`graph.present.report`), the decks
(:mod:`graph.present.deck`) and the figures, so a work is cited alike everywhere.
Authors are stored ``"Family, Given; Family, I.; …"``; a trailing ``et al.``
entry means the data does not name the rest, and the citation says so
rather than invent them. An author that does not read ``Family, Given`` is
an organisation, cited by its whole name.

>>> s = {"authors": "Asad, S.; Chreim, S.", "year": 2016, "title": "Peer support", "venue": "CMHJ",
...      "volume": "52", "issue": "7", "pages": "767-774", "doi": "10.1007/x"}
>>> in_text([s])
'(Asad & Chreim, 2016)'
>>> reference(s)
'Asad, S., & Chreim, S. (2016). Peer support. CMHJ, 52(7), 767–774. https://doi.org/10.1007/x'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from graph.query.details import doi_url, safe_url

__all__ = ["Run", "add_docx_references", "alphabetical", "apa_citation", "apa_reference", "in_text", "narrative", "reference",
           "reference_parts"]


def _authors(study: dict[str, Any]) -> tuple[list[str], bool]:
    """The named authors of a study (``Family, I.``) and whether the data ends them with "et al."."""
    names = [p.strip() for p in str(study.get("authors") or "").split(";") if p.strip()]
    named = [n for n in names if not re.fullmatch(r"et\.?\s*al\.?", n, re.IGNORECASE)]
    return named, len(named) < len(names)


def _is_person(name: str) -> bool:
    """Whether *name* reads ``Family, Given`` (every given name capitalised), not an organisation's name.

    >>> _is_person("Grim, Katarina"), _is_person("Åkerblom, K.B."), _is_person("World Health Organization")
    (True, True, False)
    >>> _is_person("U.S. Department of Health & Human Services, Substance Abuse and Mental Health Services")
    False
    """
    family, comma, given = name.partition(",")
    return bool(comma and family.strip() and given.strip()) and all(w[:1].isupper() for w in given.split())


def _family(name: str) -> str:
    """A person's family name; an organisation's whole name (its parentheses as brackets, as APA cites it).

    >>> _family("Grim, Katarina"), _family("Department of Health (DH)")
    ('Grim', 'Department of Health [DH]')
    """
    if _is_person(name):
        return name.split(",")[0].strip()
    return name.strip().replace("(", "[").replace(")", "]")


def _short_title(study: dict[str, Any]) -> str:
    words = str(study.get("title") or study.get("label") or study.get("id", "")).split()
    return " ".join(words[:4]) + ("…" if len(words) > 4 else "")


def apa_citation(study: dict[str, Any], suffix: str = "") -> str:
    """The APA 7 parenthetical author–date citation of a study, without the parentheses.

    One author: family name; two: both joined by "&"; three or more: the first and "et al.";
    no author: the first words of the title; no year: "n.d.". *suffix* tells apart two works
    cited alike (2016a, 2016b).

    >>> apa_citation({"authors": "Asad, S.; Chreim, S.", "year": 2016})
    'Asad & Chreim, 2016'
    >>> apa_citation({"authors": "Grim, K.; Bergmark, M.; Argentzell, E.", "year": 2022}, "a")
    'Grim et al., 2022a'
    >>> apa_citation({"authors": "", "title": "Lag om samverkan vid utskrivning", "year": None})
    'Lag om samverkan vid…, n.d.'
    """
    return f"{_who(study)}, {study.get('year') or 'n.d.'}{suffix}"


def _who(study: dict[str, Any]) -> str:
    named, et_al = _authors(study)
    if not named:
        return _short_title(study)
    if len(named) == 1 and not et_al:
        return _family(named[0])
    if len(named) == 2 and not et_al:
        return f"{_family(named[0])} & {_family(named[1])}"
    return f"{_family(named[0])} et al."


def _initials(given: str) -> str:
    """APA initials of given names: ``Katarina`` → ``K.``, ``K.B.`` → ``K. B.``, ``Jean-Paul`` → ``J.-P.``.

    >>> _initials("Katarina"), _initials("K.B."), _initials("Jean-Paul"), _initials("Kirsten Kjær")
    ('K.', 'K. B.', 'J.-P.', 'K. K.')
    """
    words = [w for w in re.split(r"[\s.]+", given) if w]
    return " ".join("-".join(part[0] + "." for part in w.split("-") if part) for w in words)


def _apa_name(name: str) -> str:
    """``Family, I. I.`` from ``Family, Given Names`` (an organisation's name as it is)."""
    if not _is_person(name):
        return name.strip()
    family, _, given = name.partition(",")
    return f"{family.strip()}, {_initials(given)}"


def _apa_names(study: dict[str, Any]) -> str:
    named, et_al = _authors(study)
    named = [_apa_name(n) for n in named]
    if et_al:  # the data does not name the rest: say so rather than invent them
        return ", ".join(named) + ", et al."
    if len(named) > 20:
        return ", ".join(named[:19]) + ", … " + named[-1]
    if len(named) > 1:
        return ", ".join(named[:-1]) + ", & " + named[-1]
    return named[0] if named else ""


Run = tuple[str, str]  # (text, style): style "" plain, "i" italic


def apa_reference(study: dict[str, Any], suffix: str = "") -> list[Run]:
    """An APA 7 reference-list entry as runs of text, ``(text, "i")`` in italics.

    >>> ref = apa_reference({"authors": "Asad, S.; Chreim, S.", "year": 2016, "title": "Peer support providers",
    ...                      "venue": "Community Mental Health Journal", "volume": "52", "issue": "7",
    ...                      "pages": "767-774", "doi": "10.1007/s10597-015-9970-5"})
    >>> "".join(t for t, _ in ref)
    'Asad, S., & Chreim, S. (2016). Peer support providers. Community Mental Health Journal, 52(7), 767–774. https://doi.org/10.1007/s10597-015-9970-5'
    >>> [t for t, s in ref if s == "i"]
    ['Community Mental Health Journal', '52']
    >>> "".join(t for t, _ in apa_reference({"authors": "Ng, A.", "year": 2020, "title": "T", "venue": "Soc. Sci. Med."}))
    'Ng, A. (2020). T. Soc. Sci. Med.'
    """
    names = _apa_names(study)
    year = f"({study.get('year') or 'n.d.'}{suffix})."
    title = str(study.get("title") or study.get("label") or study.get("id", "")).strip().rstrip(".")
    names += "" if not names or names.endswith(".") else "."  # "World Health Organization. (2022)."
    runs: list[Run] = [(f"{names} {year} " if names else "", ""), (f"{title}.", "" if names else "i")]
    if not names:  # APA: a work with no author starts with its title
        runs = [(f"{title}.", "i"), (f" {year}", "")]
    venue = str(study.get("venue") or "").strip()
    if venue:
        runs += [(" ", ""), (venue, "i")]
        if study.get("volume"):
            runs += [(", ", ""), (str(study["volume"]), "i")]
        if study.get("issue"):
            runs.append((f"({study['issue']})", ""))
        if study.get("pages"):
            runs.append((", " + re.sub(r"\s*[-–]+\s*", "–", str(study["pages"])), ""))
        if not runs[-1][0].endswith("."):  # "Soc. Sci. Med." is not followed by a second period
            runs.append((".", ""))
    link = doi_url(study.get("doi")) or safe_url(study.get("url"))
    if link:
        runs.append((" " + link, ""))
    return [(t, s) for t, s in runs if t]


def alphabetical(text: str) -> str:
    """A sort key that files Å with A and é with e, as an English reference list does.

    >>> sorted(["Mirbahaeddin", "Åkerblom", "Abbott"], key=alphabetical)
    ['Abbott', 'Åkerblom', 'Mirbahaeddin']
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def narrative(study: dict[str, Any]) -> str:
    """The author part of a citation: ``A``, ``A & B`` or ``A et al.`` (the first title words if no author).

    >>> narrative({"authors": "Grim, K.; Bergmark, M.; Argentzell, E."})
    'Grim et al.'
    """
    return _who(study)


def in_text(studies: Iterable[dict[str, Any]]) -> str:
    """A parenthetical citation of *studies*, alphabetical: ``(Asad & Chreim, 2016; Grim et al., 2022)``.

    >>> in_text([{"authors": "Grim, K.; Bergmark, M.; Argentzell, E.", "year": 2022},
    ...          {"authors": "Åkerblom, K.B.; et al.", "year": 2023}])
    '(Åkerblom et al., 2023; Grim et al., 2022)'
    >>> in_text([])
    ''
    """
    cites = sorted({apa_citation(s) for s in studies}, key=alphabetical)
    return f"({'; '.join(cites)})" if cites else ""


def reference_parts(study: dict[str, Any]) -> list[tuple[str, bool]]:
    """:func:`apa_reference` as ``(text, italic)`` pieces.

    >>> reference_parts({"authors": "Freidson, E.", "year": 2001, "title": "Professionalism", "venue": "Polity"})
    [('Freidson, E. (2001). ', False), ('Professionalism.', False), (' ', False), ('Polity', True), ('.', False)]
    """
    return [(text, style == "i") for text, style in apa_reference(study)]


def reference(study: dict[str, Any]) -> str:
    """An APA 7 reference as plain text (see :func:`apa_reference`).

    >>> reference({"authors": "Commonwealth of Australia", "year": 2013, "title": "A framework",
    ...            "url": "https://example.org"})
    'Commonwealth of Australia. (2013). A framework. https://example.org'
    """
    return "".join(text for text, _ in apa_reference(study))


def add_docx_references(document: Any, references: list[list[Run]]) -> None:
    """Append an APA 7 reference list to a python-docx *document*: one paragraph per entry, hanging indent,
    italic runs where :func:`apa_reference` marks them (``"i"``).

    >>> from docx import Document
    >>> d = Document()
    >>> add_docx_references(d, [[("Author, A. (2020). ", ""), ("Title", "i"), (".", "")]])
    >>> d.paragraphs[-1].text, d.paragraphs[-1].runs[1].italic
    ('Author, A. (2020). Title.', True)
    """
    from docx.shared import Pt

    for runs in references:
        p = document.add_paragraph()
        p.paragraph_format.left_indent = Pt(36)
        p.paragraph_format.first_line_indent = Pt(-36)  # APA's hanging indent
        for text, style in runs:
            p.add_run(text).italic = style == "i"
