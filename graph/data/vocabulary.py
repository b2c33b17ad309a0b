"""The words the data is coded in, each written once: polarities, perspectives, levels, phases, statuses,
actors, evidence types, and the pseudo-country "not stated".

Every module that filters, counts, orders or labels by one of these reads it here;
``data/datapackage.json`` states the same lists as its fields' ``enum`` constraints
(:data:`ENUMS`, checked by ``tests/test_vocabulary.py``).

>>> POLARITIES
('enabler', 'barrier', 'mixed', 'context')
>>> LEVEL_LABELS["meso"], PHASE_LABELS["not stated"]
('Meso (organisation)', 'Phase not stated')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ACTORS",
    "ASSESSMENT_LABELS",
    "ASSESSMENT_STATES",
    "ASSESSMENT_SYMBOLS",
    "ENABLING",
    "ENUMS",
    "EVIDENCE_TYPES",
    "FINDING",
    "HINDERING",
    "LEGACY_STATES",
    "LEVELS",
    "LEVEL_LABELS",
    "LIMITATION",
    "NOT_STATED",
    "NOT_STATED_LABEL",
    "NOT_STATED_NOTE",
    "PERSPECTIVES",
    "PHASES",
    "PHASE_LABELS",
    "POLARITIES",
    "POLARITY_LABELS",
    "PROBLEM",
    "RELIES_LABELS",
    "STATUSES",
    "STRENGTH",
    "UNKNOWN",
    "evidence_type",
    "is_limitation",
]

#: What a finding says of a factor or an influence, in the order reports and tables list them.
POLARITIES = ("enabler", "barrier", "mixed", "context")
#: How each polarity is written in documents.
POLARITY_LABELS = {p: p.capitalize() for p in POLARITIES}
#: The polarities that speak for a factor, and those that speak against it (``mixed`` is both).
ENABLING, HINDERING = ("enabler", "mixed"), ("barrier", "mixed")

#: Whose view an evidence row reports.
PERSPECTIVES = ("manager", "peer worker", "staff", "service user", "reviewer", "author")

#: The framework's levels, top down (the ids of ``levels.csv``; a package may add more).
LEVELS = ("macro", "meso", "micro")
#: The framework's levels as drawings and controls name them.
LEVEL_LABELS = {"macro": "Macro (systems)", "meso": "Meso (organisation)", "micro": "Micro (team)"}

#: Implementation phases in time order (after Grim et al. 2022), then "not stated".
PHASES = ("before", "during", "after", "not stated")
#: How each phase heads a group of strategies.
PHASE_LABELS = {"before": "Before implementation", "during": "During implementation",
                "after": "After implementation", "not stated": "Phase not stated"}
#: How a paper reports a strategy, from the firmest to the softest.
STATUSES = ("done", "intended", "recommended")
#: Who acts, from the system down to the team.
ACTORS = ("policy", "organisation", "manager", "team")

#: The marks of a Plan self-assessment: each factor is *a problem here* (a barrier the service faces, or an
#: enabler it lacks), *a strength here* (an enabler it has) or *not known* (the default: no mark).
UNKNOWN, PROBLEM, STRENGTH = "unknown", "problem", "strength"
#: The states a factor can have in a self-assessment; the first is the default.
ASSESSMENT_STATES = (UNKNOWN, PROBLEM, STRENGTH)
#: How each mark is written (radio buttons, summaries, files).
ASSESSMENT_LABELS = {PROBLEM: "a problem here", STRENGTH: "a strength here", UNKNOWN: "not known"}
#: A mark without colour (the page, the drawing and a black-and-white print).
ASSESSMENT_SYMBOLS = {PROBLEM: "✗", STRENGTH: "✓", UNKNOWN: "?"}
#: How the plan writes the state of a factor a strategy relies on.
RELIES_LABELS = {STRENGTH: "✓ a strength you have", PROBLEM: "✗ a problem here", UNKNOWN: "? not known"}
#: The marks of the old format (one mark, "present", meant a problem for some factors and a strength for others)
#: and what each becomes: "present" was read as a barrier to act on, so a problem; "absent" said only that the
#: factor is not at play (neither a barrier to act on nor an enabler the service has), so not known.
LEGACY_STATES = {"present": PROBLEM, "absent": UNKNOWN}

#: The two kinds of evidence row (``evidence_type``; an empty cell or no column: a finding).
FINDING, LIMITATION = "finding", "limitation"
EVIDENCE_TYPES = (FINDING, LIMITATION)

#: The pseudo-country of evidence that concerns no country: a country filter value, a facet, a matrix
#: column and the last group of evidence by country.
NOT_STATED = "not-stated"
#: How :data:`NOT_STATED` is shown.
NOT_STATED_LABEL = "Country not stated"
#: Why some evidence has no country — the same words wherever :data:`NOT_STATED` is offered.
NOT_STATED_NOTE = ("Country not stated: a literature or theory claim that neither the paper nor the titles of "
                   "the studies it cites place in a country — nothing is guessed.")

#: (table, field) -> the values ``datapackage.json`` allows there: the lists above.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("evidence", "polarity"): POLARITIES,
    ("evidence", "perspective"): PERSPECTIVES,
    ("evidence", "evidence_type"): EVIDENCE_TYPES,
    ("strategies", "phase"): PHASES,
    ("strategies", "status"): STATUSES,
    ("strategies", "actor"): ACTORS,
}


def evidence_type(attrs: Mapping[str, Any]) -> str:
    """``"finding"`` or ``"limitation"``: the type of an evidence row or node (none given: a finding).

    Parameters
    ----------
    attrs : the row's cells, or the node's attributes.

    Returns
    -------
    :data:`FINDING` or :data:`LIMITATION` (or whatever other type the row names).

    Examples
    --------
    >>> evidence_type({"evidence_type": "limitation"}), evidence_type({"evidence_type": ""}), evidence_type({})
    ('limitation', 'finding', 'finding')
    """
    return str(attrs.get("evidence_type") or FINDING)


def is_limitation(attrs: Mapping[str, Any]) -> bool:
    """Whether an evidence row states a study's limitation (``evidence_type`` ``limitation``), not a finding.

    A limitation qualifies findings: it supports no factor and evidences no
    influence, so it never counts towards a strength.

    Parameters
    ----------
    attrs : the row's cells, or the node's attributes.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_limitation({"evidence_type": "limitation"}), is_limitation({"evidence_type": ""}), is_limitation({})
    (True, False, False)
    """
    return evidence_type(attrs) == LIMITATION
