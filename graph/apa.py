"""APA 7 author–date citations and references from a study's fields (authors, year, title, venue, …).

Authors are stored ``"Surname, I.; Surname, Given Name; …"``; a trailing
``et al.`` entry means the list was cut and stays ``et al.``.

>>> s = {"authors": "Asad, S.; Chreim, S.", "year": 2016, "title": "Peer support", "venue": "CMHJ",
...      "volume": "52", "issue": "7", "pages": "767–774", "doi": "10.1007/x"}
>>> in_text([s])
'(Asad & Chreim, 2016)'
>>> reference(s)
'Asad, S., & Chreim, S. (2016). Peer support. CMHJ, 52(7), 767–774. https://doi.org/10.1007/x'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["author_names", "in_text", "narrative", "reference", "reference_parts"]

_ET_AL = re.compile(r"^et\.? al\.?$", re.IGNORECASE)


def author_names(authors: str) -> tuple[list[str], bool]:
    """The authors as ``Surname, I. I.`` (given names cut to initials) and whether the list was cut (et al.).

    >>> author_names("Johansen, Kirsten Kjær; Gassner, L.-A.J.; et al.")
    (['Johansen, K. K.', 'Gassner, L.-A. J.'], True)
    >>> author_names("Commonwealth of Australia")
    (['Commonwealth of Australia'], False)
    """
    names, cut = [], False
    for part in (p.strip() for p in (authors or "").split(";")):
        if not part:
            continue
        if _ET_AL.match(part):
            cut = True
            continue
        if "," in part and not part.startswith(("U.S.", "Department")):
            surname, given = (x.strip() for x in part.split(",", 1))
            initials = ""
            for m in re.finditer(r"(-?)([^\W\d_])[^\s.\-]*", given):
                initials += (m[1] if initials and m[1] else " " if initials else "") + f"{m[2]}."
            names.append(f"{surname}, {initials}" if initials else surname)
        else:
            names.append(part)
    return names, cut


def _surname(name: str) -> str:
    return name.split(",", 1)[0]


def narrative(study: dict[str, Any]) -> str:
    """The author part of an in-text citation: ``A``, ``A & B`` or ``A et al.``.

    >>> narrative({"authors": "Grim, K.; Bergmark, M.; Argentzell, E."})
    'Grim et al.'
    """
    names, cut = author_names(study.get("authors", ""))
    if not names:
        return study.get("label", "Anonymous").rsplit(" ", 1)[0]
    if len(names) == 1 and not cut:
        return _surname(names[0])
    if len(names) == 2 and not cut:
        return f"{_surname(names[0])} & {_surname(names[1])}"
    return f"{_surname(names[0])} et al."


def in_text(studies: Iterable[dict[str, Any]]) -> str:
    """A parenthetical citation of *studies*, alphabetical: ``(Asad & Chreim, 2016; Grim et al., 2022)``.

    >>> in_text([])
    ''
    """
    cites = sorted({f"{narrative(s)}, {s.get('year') or 'n.d.'}" for s in studies}, key=str.casefold)
    return f"({'; '.join(cites)})" if cites else ""


def reference_parts(study: dict[str, Any]) -> list[tuple[str, bool]]:
    """An APA 7 reference as ``(text, italic)`` pieces (the title of a book or the journal and volume in italics).

    >>> reference_parts({"authors": "Freidson, E.", "year": 2001, "title": "Professionalism", "venue": ""})
    [('Freidson, E. (2001). ', False), ('Professionalism', True), ('.', False)]
    """
    names, cut = author_names(study.get("authors", ""))
    if len(names) > 20:
        names = [*names[:19], "…", names[-1]]
    if not names:
        who = ""
    elif len(names) == 1:
        who = names[0] + (", et al." if cut else "")
    elif cut:
        who = ", ".join(names) + ", et al."
    else:
        who = ", ".join(names[:-1]) + ", & " + names[-1]
    title = (study.get("title") or "").rstrip(".")
    head = f"{who}{'' if who.endswith('.') else '.'} ({study.get('year') or 'n.d.'}). " if who else ""
    parts: list[tuple[str, bool]] = []
    venue, volume = study.get("venue", ""), study.get("volume", "")
    if not who:  # no author: the title moves to the author position
        head = ""
        parts.append((f"{title}. ({study.get('year') or 'n.d.'}). ", False))
    if venue and (volume or study.get("pages") or study.get("doi")):  # an article: the journal in italics
        if who:
            parts.append((f"{head}{title}. ", False))
        parts.append((venue, True))
        if volume:
            parts += [(", ", False), (str(volume), True)]
        if study.get("issue"):
            parts.append((f"({study['issue']})", False))
        if study.get("pages"):
            parts.append((f", {study['pages']}", False))
        parts.append((".", False))
    else:  # a book or report: its title in italics, the publisher after it
        if who:
            parts += [(head, False), (title, True), (".", False)]
        if venue:
            parts.append((f" {venue}.", False))
    doi, url = study.get("doi", ""), study.get("url", "")
    if doi:
        parts.append((f" https://doi.org/{doi}", False))
    elif url:
        parts.append((f" {url}", False))
    return parts


def reference(study: dict[str, Any]) -> str:
    """An APA 7 reference as plain text (see :func:`reference_parts`).

    >>> reference({"authors": "Commonwealth of Australia", "year": 2013, "title": "A framework",
    ...            "url": "https://example.org"})
    'Commonwealth of Australia. (2013). A framework. https://example.org'
    """
    return "".join(t for t, _ in reference_parts(study))
