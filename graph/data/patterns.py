r"""``pattern`` constraints: a closed vocabulary of known patterns, owned by the code.

A package's ``datapackage.json`` is untrusted, and a regular expression is a program:
one such as ``(a*)(a*)(a*)c`` can take seconds, or hours, on a single short cell.
So no regular expression from a package is ever compiled or run. A field's
``constraints.pattern`` must be, character for character, one of the patterns in
:data:`KNOWN_PATTERNS` (exactly those the bundled package uses); any other is a
problem (:func:`pattern_problem`). A cell is then matched, with ``fullmatch``,
against the known pattern's own regular expression, compiled once here and checked
to take linear time on any cell (``tests/test_hostile_packages.py`` times each on a
1,000,000-character near-miss).

Where the pattern as written could backtrack (the two influence-id patterns: a
slug may itself hold ``--``, so ``a--b--c`` splits two ways and a list of such ids
exponentially many), the regex that is run is an equivalent one with an atomic
group and possessive repetitions, which commits to the first split.

>>> known("[A-Z]{2}").description
'a country code: two capital letters (ISO 3166-1 alpha-2)'
>>> bool(known("[A-Z]{2}").regex.fullmatch("SE")), known("[0-9]+")
(True, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KNOWN_PATTERNS", "KnownPattern", "known", "pattern_problem"]


@dataclass(frozen=True)
class KnownPattern:
    """One pattern pswgraph knows.

    Attributes
    ----------
    name : short name (``slug``, ``slug-list`` …).
    pattern : the pattern exactly as a ``datapackage.json`` writes it.
    description : what it accepts, in plain words (used in messages).
    example : a value it accepts.
    safe : an equivalent of *pattern* that cannot backtrack, where *pattern* could (else None).
    regex : what a cell is matched against (``fullmatch``): *safe* or *pattern*, compiled.

    >>> KnownPattern("x", "x", "the letter x", "x").regex.pattern
    'x'
    """

    name: str
    pattern: str
    description: str
    example: str
    safe: str | None = None
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the regex once."""
        object.__setattr__(self, "regex", re.compile(self.safe or self.pattern))


#: One influence id whose first ``--`` followed by a letter is the split: once found,
#: the rest can only be letters, digits and hyphens, so no other split is ever tried.
_INFLUENCE = r"(?>[a-z][a-z0-9-]*?--[a-z])[a-z0-9-]*+"

#: Every pattern a package may use, keyed by the pattern as written.
KNOWN_PATTERNS: dict[str, KnownPattern] = {k.pattern: k for k in (
    KnownPattern("slug", r"[a-z][a-z0-9-]*",
                 "a lowercase slug: a letter, then letters, digits or hyphens", "policy-mandates"),
    KnownPattern("study-id", r"[a-z0-9][a-z0-9-]*",
                 "a study id: a lowercase letter or digit, then letters, digits or hyphens", "otte-2020a"),
    KnownPattern("country", r"[A-Z]{2}", "a country code: two capital letters (ISO 3166-1 alpha-2)", "SE"),
    KnownPattern("influence-id", r"[a-z][a-z0-9-]*--[a-z][a-z0-9-]*",
                 "an influence id: two lowercase slugs joined by '--' (source--target)", "stigma--help-seeking",
                 safe=_INFLUENCE),
    KnownPattern("evidence-id", r"ev-[a-z0-9-]+",
                 "an evidence id: 'ev-', then lowercase letters, digits or hyphens", "ev-otte-2020a-001"),
    KnownPattern("gap-id", r"gap-[a-z0-9-]+",
                 "a gap id: 'gap-', then lowercase letters, digits or hyphens", "gap-otte-2020a-training"),
    KnownPattern("strategy-id", r"strat-[a-z0-9-]+",
                 "a strategy id: 'strat-', then lowercase letters, digits or hyphens", "strat-otte-2020a-training"),
    KnownPattern("log-id", r"log-[0-9]+", "a log id: 'log-', then digits", "log-001"),
    KnownPattern("date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date written YYYY-MM-DD", "2024-05-31"),
    KnownPattern("doi", r"10\.[0-9]{4,9}/[\-._;()/:A-Za-z0-9]+",
                 "a DOI without https://doi.org/: '10.', 4 to 9 digits, '/', then letters, digits or - . _ ; ( ) / :",
                 "10.1016/S0140-6736(20)30183-5"),
    KnownPattern("url", r'(https?://|www\.)[^\s<>"{}|\\^`]+',
                 "a web address: 'http://', 'https://' or 'www.', then no space and none of < > \" { } | \\ ^ `",
                 "https://example.org/report.pdf"),
    KnownPattern("slug-list", r"([a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*)*)?",
                 "lowercase slugs separated by '|', or nothing", "stigma|role-clarity"),
    KnownPattern("study-id-list", r"([a-z0-9][a-z0-9-]*(\|[a-z0-9][a-z0-9-]*)*)?",
                 "study ids separated by '|', or nothing", "otte-2020a|grant-2012"),
    KnownPattern("country-list", r"([A-Z]{2}(\|[A-Z]{2})*)?",
                 "country codes (two capital letters) separated by '|', or nothing", "SE|AU"),
    KnownPattern("word-list", r"([a-z]+(\|[a-z]+)*)?",
                 "lowercase words (letters only) separated by '|', or nothing", "macro|micro"),
    KnownPattern("influence-list", r"([a-z][a-z0-9-]*--[a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*--[a-z][a-z0-9-]*)*)?",
                 "influence ids (source--target) separated by '|', or nothing", "stigma--help-seeking|a--b",
                 safe=rf"(?:{_INFLUENCE}(?:\|{_INFLUENCE})*+)?"),
    KnownPattern("evidence-list", r"ev-[a-z0-9-]+(\|ev-[a-z0-9-]+)*",
                 "one or more evidence ids separated by '|'", "ev-otte-2020a-001|ev-otte-2020a-002"),
)}


def known(pattern: Any) -> KnownPattern | None:
    """The :class:`KnownPattern` written exactly as *pattern*, or None (also for a value that is not a string).

    Parameters
    ----------
    pattern : a ``constraints.pattern`` value from a ``datapackage.json``.

    Returns
    -------
    KnownPattern or None.

    >>> known("ev-[a-z0-9-]+").name, known(["ev-[a-z0-9-]+"])
    ('evidence-id', None)
    """
    return KNOWN_PATTERNS.get(pattern) if isinstance(pattern, str) else None


def pattern_problem(pattern: Any) -> str | None:
    """Why *pattern* cannot be used as a ``pattern`` constraint, or None when it can (it is known).

    Parameters
    ----------
    pattern : the constraint's value, whatever its type.

    Returns
    -------
    a reason (str), saying what is expected, or None.

    >>> pattern_problem("[a-z][a-z0-9-]*") is None
    True
    >>> pattern_problem("(a*)(a*)(a*)c")
    'is not a pattern pswgraph knows; expected one of the 17 patterns in graph/data/patterns.py (README.md lists them)'
    """
    if known(pattern):
        return None
    return (f"is not a pattern pswgraph knows; expected one of the {len(KNOWN_PATTERNS)} patterns in "
            "graph/data/patterns.py (README.md lists them)")
