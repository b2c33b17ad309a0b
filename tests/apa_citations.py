"""Read APA 7 author–date citations back out of a text and find the studies they name (for the tests).

Independent of :mod:`graph.present.report`: the rules are APA's, applied to the data's author lists.
"""

from __future__ import annotations

import re

#: An APA author–date citation inside parentheses: who, year (or n.d.), an optional a/b suffix.
CITATION = re.compile(r"(?:(?<=\()|(?<=; ))([^();]+?), (\d{4}|n\.d\.)([a-z]?)(?=[;)])")


def _families(authors: str) -> list[str]:
    """Family names; a group author (no "Family, Given" form) whole, its parentheses as brackets (APA 7)."""
    out = []
    for p in (p.strip() for p in authors.split(";")):
        if not p or "et al" in p.lower():
            continue
        family, comma, given = p.partition(",")
        person = comma and given.strip() and all(w[:1].isupper() for w in given.split())
        out.append(family.strip() if person else p.replace("(", "[").replace(")", "]"))
    return out


def _matches(study: dict, who: str, year: str) -> bool:
    """Whether *study* is one the citation "who, year" can stand for (APA 7 rules, read back independently)."""
    if str(study.get("year") or "n.d.") != year:
        return False
    names = _families(str(study.get("authors") or ""))
    et_al = "et al" in str(study.get("authors") or "").lower()
    if who.endswith(" et al."):
        return bool(names) and names[0] == who[: -len(" et al.")] and (len(names) >= 3 or et_al)
    if " & " in who:
        return names == who.split(" & ") and not et_al
    if names:
        return names == [who] and not et_al
    return str(study.get("title", "")).startswith(who.rstrip("…"))


def citations(text: str) -> list[tuple[str, str, str]]:
    """``(who, year, suffix)`` of every parenthetical citation in *text* outside verbatim quotes ("4 items" skipped)."""
    ours = re.sub(r"“[^”]*”", "“…”", text)  # a verbatim quote's own citations are the paper's words, not ours
    return [m.groups() for m in CITATION.finditer(ours) if not re.fullmatch(r"\d+ items?", m.group(1))]


def unresolved(G, text: str) -> list[str]:
    """Every citation in *text* that names no study of *G* (a suffix a/b/… needs that many candidates)."""
    studies = [a for _, a in G.nodes(data=True) if a.get("kind") == "study"]
    bad = []
    for who, year, suffix in set(citations(text)):
        candidates = [s for s in studies if _matches(s, who.replace("\\", ""), year)]
        if not candidates or (suffix and len(candidates) <= "abcdefghijklmnopqrstuvwxyz".index(suffix)):
            bad.append(f"({who}, {year}{suffix})")
        elif not suffix and len({(s["authors"], s["year"]) for s in candidates}) > 1:
            bad.append(f"({who}, {year}) is ambiguous")
    return bad
