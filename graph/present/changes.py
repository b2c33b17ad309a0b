"""What a new version of the data changed (:func:`graph.query.changes.package_changes`), as plain text or Markdown."""

from __future__ import annotations

from typing import Any

__all__ = ["change_sections", "changes_markdown", "changes_text"]


def _n(count: int, one: str) -> str:
    return f"{count} {one}{'' if count == 1 else 's'}"


def change_sections(changes: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The changes as ``(heading, [lines])``, a section per kind of change that has any, in reading order.

    >>> change_sections({"new_countries": [{"id": "XS", "name": "Synthland", "evidence": 3}],
    ...                  "evidence_per_study": [{"study": "x-2025", "label": "X 2025", "old": 0, "new": 3}]})
    [('New countries', ['Synthland (XS): 3 evidence items']), ('Evidence per study', ['X 2025 (x-2025): 0 → 3 evidence items (+3)'])]
    """
    def influence(r: dict) -> str:
        flags = [w for k, w in (("contested", "contested"), ("single_source", "single source")) if r.get(k)]
        return (f"{r['label']} ({r['id']}): {_n(r['evidence'], 'evidence item')}, {_n(r['papers'], 'paper')}"
                + "".join(f", {f}" for f in flags))

    rows = [
        ("New factors", [f"{r['label']} ({r['id']})" for r in changes.get("new_factors", [])]),
        ("Removed factors", [f"{r['label']} ({r['id']})" for r in changes.get("removed_factors", [])]),
        ("New influences", [influence(r) for r in changes.get("new_influences", [])]),
        ("Removed influences", [f"{r['label']} ({r['id']})" for r in changes.get("removed_influences", [])]),
        ("Became contested (now reported as an enabler and as a barrier)",
         [f"{r['kind']}: {r['label']} ({r['id']})" for r in changes.get("became_contested", [])]),
        ("No longer single-source (a second paper now states or evidences it)",
         [f"{r['kind']}: {r['label']} ({r['id']})" for r in changes.get("no_longer_single_source", [])]),
        ("Gaps filled (factor × country cells that had no evidence)",
         [f"{r['factor']} × {r['country']}: {_n(r['evidence'], 'evidence item')}" for r in changes.get("gaps_filled", [])]),
        ("New countries", [f"{r['name']} ({r['id']}): {_n(r['evidence'], 'evidence item')}"
                           for r in changes.get("new_countries", [])]),
        ("Evidence per study", [f"{r['label']} ({r['study']}): {r['old']} → {_n(r['new'], 'evidence item')} "
                                f"({r['new'] - r['old']:+d})" for r in changes.get("evidence_per_study", [])]),
    ]
    return [(title, lines) for title, lines in rows if lines]


def _title(changes: dict[str, Any]) -> str:
    v = changes.get("versions", {})
    return f"What changed: version {v.get('old') or '?'} → {v.get('new') or '?'}"


def changes_text(changes: dict[str, Any]) -> str:
    """The changes as plain text: a heading with the versions, then a section per kind of change.

    >>> print(changes_text({"versions": {"old": "0.1.0", "new": "0.2.0"},
    ...                     "new_factors": [{"id": "synth-factor", "label": "Synthetic factor"}]}))
    What changed: version 0.1.0 → 0.2.0
    <BLANKLINE>
    New factors (1):
      Synthetic factor (synth-factor)
    >>> changes_text({"versions": {"old": "1", "new": "1"}}).splitlines()[-1]
    'No changes.'
    """
    out = [_title(changes)]
    for title, lines in change_sections(changes) or [("No changes.", [])]:
        out += ["", title + (f" ({len(lines)}):" if lines else "")] + [f"  {line}" for line in lines]
    return "\n".join(out)


def changes_markdown(changes: dict[str, Any]) -> str:
    """The changes as Markdown: a level-1 heading, a level-2 heading and a bullet list per kind of change.

    >>> print(changes_markdown({"versions": {"old": "0.1.0", "new": "0.2.0"},
    ...                         "new_factors": [{"id": "synth-factor", "label": "Synthetic factor"}]}))
    # What changed: version 0.1.0 → 0.2.0
    <BLANKLINE>
    ## New factors (1)
    <BLANKLINE>
    - Synthetic factor (synth-factor)
    <BLANKLINE>
    """
    out = [f"# {_title(changes)}", ""]
    sections = change_sections(changes)
    for title, lines in sections:
        out += [f"## {title} ({len(lines)})", "", *(f"- {line}" for line in lines), ""]
    if not sections:
        out += ["No changes.", ""]
    return "\n".join(out)
