"""Mermaid flowcharts of the factors, for slides and Markdown."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from graph.export.flatten import _edge_rows, _fold


def _mermaid_id(node: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", str(node))


#: Characters Mermaid would read as syntax, markup or an entity inside a quoted label, as Mermaid entity codes.
_MERMAID_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def _mermaid_text(text: Any) -> str:
    r"""A label for inside Mermaid's double quotes: one line, with ``" # < > &`` and backticks as entity codes.

    >>> _mermaid_text('A "b"\r\nclick #x <i>&`')
    'A #quot;b#quot; click #35;x #lt;i#gt;#amp;#96;'
    """
    return re.sub('["#<>&`]', lambda m: _MERMAID_ENTITIES[m.group()], _fold(text))


def _mermaid(H: nx.Graph) -> bytes:
    """Factors grouped by level, sub-themes linked to their theme, influences as arrows with evidence counts."""
    factors = {n: a for n, a in H.nodes(data=True) if a.get("kind", "factor") == "factor"}
    lines = ["flowchart TD"]
    levels = sorted({a.get("level", "") for a in factors.values()}, key=lambda lv: (
        min(a.get("level_rank", 9) for a in factors.values() if a.get("level", "") == lv), lv))
    for lv in levels:
        title = H.nodes[lv].get("label", lv) if lv in H else (lv.capitalize() or "Factors")
        lines.append(f'  subgraph {_mermaid_id("level_" + (lv or "none"))}["{_mermaid_text(title)}"]')
        for n, a in sorted(factors.items()):
            if a.get("level", "") == lv:
                shape = ('["', '"]') if a.get("factor_kind") == "theme" else ('("', '")')
                lines.append(f"    {_mermaid_id(n)}{shape[0]}{_mermaid_text(a.get('label', n))}{shape[1]}")
        lines.append("  end")
    for n, a in sorted(factors.items()):
        if a.get("parent") in factors:
            lines.append(f"  {_mermaid_id(n)} -.- {_mermaid_id(a['parent'])}")
    for u, v, _, a in sorted(_edge_rows(H), key=lambda e: (e[0], e[1], str(e[2]))):
        if u in factors and v in factors and a.get("relation", "influences") == "influences":
            arrow = "==>" if a.get("direction") == "upward" else "-->"
            n_ev = len(a.get("evidence", []))
            label = f'|"{n_ev} evidence"|' if n_ev else ""
            lines.append(f"  {_mermaid_id(u)} {arrow}{label} {_mermaid_id(v)}")
    return ("\n".join(lines) + "\n").encode()
