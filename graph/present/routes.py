"""Routes in words, as the path finder and its deck name them: :func:`route_name`, :func:`hop_scope`."""

from __future__ import annotations

import networkx as nx

from graph.present.layout import short_label
from graph.present.report import describe_filters
from graph.query.filters import NOT_STATED, NOT_STATED_LABEL

__all__ = ["MAX_ROUTE_NAME", "country_name", "hop_scope", "route_name"]

#: The longest route name in the highlight choices (longer ones drop middle factors for "…").
MAX_ROUTE_NAME = 90


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n]["label"] if n in G else n


def country_name(G: nx.MultiDiGraph, code: str) -> str:
    """A country's name ("Country not stated" for :data:`graph.query.filters.NOT_STATED`).

    >>> from graph import load_graph
    >>> country_name(load_graph(), "DK"), country_name(load_graph(), "not-stated")
    ('Denmark', 'Country not stated')
    """
    if code == NOT_STATED:
        return NOT_STATED_LABEL
    return G.nodes[code].get("label", code) if code in G else code


def _clip(text: str, max_chars: int) -> str:
    """*text* cut at a word boundary to at most *max_chars* characters, "…" marking the cut."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars - 1].rsplit(" ", 1)[0].rstrip(" ,;:&-")
    return f"{head}…"


def route_name(G: nx.MultiDiGraph, nodes: list[str], max_chars: int = MAX_ROUTE_NAME) -> str:
    """A route named by its factors (short labels), shortened to about *max_chars*.

    Long factor names are clipped first ("Readiness for the integration…"), the
    middle ones sharing what the first and last leave; a route still too long
    then drops middle factors for a single "…". The first and last factors are
    always named.
    """
    names = [short_label(_label(G, n)) for n in nodes]
    text = " → ".join(names)
    if len(text) > max_chars:
        first, last, middle = _clip(names[0], 40), _clip(names[-1], 40), names[1:-1]
        share = max(14, (max_chars - len(first) - len(last) - 3 * (len(middle) + 1)) // max(1, len(middle)))
        names = [first, *(_clip(n, share) for n in middle), last]
        text = " → ".join(names)
    keep = len(names) - 2
    while len(text) > max_chars and keep > 0:
        keep -= 1
        head = names[1:1 + (keep + 1) // 2]
        tail = names[len(names) - 1 - keep // 2:len(names) - 1] if keep // 2 else []
        text = " → ".join([names[0], *head, "…", *tail, names[-1]])
    return text


def hop_scope(G: nx.MultiDiGraph, countries: list[str] | None) -> str:
    """The path finder's country filter in words (``""``: no filter), as the hops' strength says it."""
    return describe_filters(G, {"countries": countries}) if countries else ""
