"""Resolve what a user types (id, label, alias, ISO code, DOI …) to a node id.

Matching is case-insensitive and ignores punctuation; a small typo is forgiven
when one node is clearly the closest (:mod:`difflib`). No match raises
:class:`NotFound`, whose ``suggestions`` lists the closest node ids.
"""

from __future__ import annotations

import difflib
import functools
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import networkx as nx

__all__ = ["NotFound", "closest_factors", "names_errors", "one_or_many", "resolve_country", "resolve_factor",
           "resolve_node", "resolve_study", "search", "search_keys"]

F = TypeVar("F", bound=Callable[..., Any])
#: Packages whose calls are pswgraph's own (an error reaching them is not prefixed: they word it themselves).
OWN_PACKAGES = ("graph", "dashapp")

#: Typo tolerance: similarity (0–1) above which the closest name is accepted.
ACCEPT_RATIO = 0.85
#: Similarity above which a name is offered as a suggestion.
SUGGEST_RATIO = 0.6


def names_errors(fn: F) -> F:
    """Make *fn* name itself in the errors it raises to its caller: ``influence_paths: unknown country 'Narnia' …``.

    A :class:`NotFound` or ``ValueError`` raised inside *fn* (or in what it calls) is re-raised, the same
    object, its message led by *fn*'s name, when *fn* was called from outside pswgraph (a script, a notebook):
    that is the function the user called, however deep the error arose. Calls from ``graph`` and the
    explorer keep the bare message, which their own messages (``pswgraph paths: …``) frame.

    >>> @names_errors
    ... def pick(name):
    ...     raise ValueError(f"no {name!r}")
    >>> pick.__name__
    'pick'
    """
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (NotFound, ValueError) as err:
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.split(".")[0] not in OWN_PACKAGES and not getattr(err, "function", None):
                err.function = fn.__qualname__  # type: ignore[union-attr]
                err.args = (f"{fn.__qualname__}: {err.args[0] if err.args else err}", *err.args[1:])
            raise
    return wrapper  # type: ignore[return-value]


def one_or_many(values: str | Iterable[str] | None) -> list[str]:
    """*values* as a list, a single string being one value (``"DK"`` is Denmark, not D and K).

    >>> one_or_many("DK"), one_or_many(["SE", "DK"]), one_or_many(None)
    (['DK'], ['SE', 'DK'], [])
    """
    return [values] if isinstance(values, str) else list(values or [])


class NotFound(LookupError):
    """No node matches a name; ``suggestions`` holds the closest node ids (best first)."""

    def __init__(self, kind: str, name: str, suggestions: list[str], labels: dict[str, str] | None = None):
        self.kind, self.name, self.suggestions = kind, name, list(suggestions)
        labels = labels or {}
        if self.suggestions:
            hint = "; did you mean: " + ", ".join(
                f"{s} ({labels[s]})" if labels.get(s) and labels[s] != s else s for s in self.suggestions) + "?"
        else:
            hint = f"; no similar {kind} found"
        super().__init__(f"unknown {kind} {name!r}{hint}")

    def __str__(self) -> str:  # LookupError would otherwise repr() the message
        return self.args[0]


def _norm(text: object) -> str:
    """Lower-case *text* and reduce punctuation and runs of spaces to one space.

    >>> _norm("  PSW  Well-being! ")
    'psw well being'
    """
    return " ".join(re.sub(r"[^\w]+", " ", str(text).casefold()).split())


def _shares_word(query: str, key: str) -> bool:
    """Whether a word of *key* and one of *query* share their first five letters (or *key* is in *query*).

    >>> _shares_word("stigmatisation of", "stigma"), _shares_word("funds", "funding"), _shares_word("a b", "c")
    (True, False, False)
    """
    if len(key) >= 4 and key in query:
        return True
    return any(len(w) >= 4 and len(x) >= 4 and w[:5] == x[:5] for w in query.split() for x in key.split())


def search_keys(G: nx.MultiDiGraph, node: str) -> list[str]:
    """The names a node answers to: id, label, aliases, name, title and DOI.

    >>> from graph import load_graph
    >>> "policy mandates" in search_keys(load_graph(), "policy-mandates")
    True
    """
    a = G.nodes[node]
    keys = [node, a.get("label", ""), a.get("name", ""), a.get("title", ""), a.get("doi", ""), *a.get("aliases", [])]
    return [k for k in dict.fromkeys(_norm(k) for k in keys if k) if k]


def resolve_node(G: nx.MultiDiGraph, name: str, kind: str,
                 keys: Callable[[nx.MultiDiGraph, str], Iterable[str]] = search_keys) -> str:
    """Resolve *name* to the id of a node of *kind*.

    Parameters
    ----------
    G : the knowledge graph. name : what the user typed. kind : node kind
    (``factor``, ``country``, ``study`` …). keys : the names a node answers to.

    Returns
    -------
    The node id. Tried in turn: exact id; a normalised id, label or alias; a
    unique node whose names contain the text; the closest name by
    :mod:`difflib` when clearly closest (ratio ≥ ``ACCEPT_RATIO``).

    Raises
    ------
    NotFound with up to five suggestions.

    Examples
    --------
    >>> from graph import load_graph
    >>> resolve_node(load_graph(), "Macro level", "level")
    'macro'
    """
    if isinstance(name, str) and name in G and G.nodes[name].get("kind") == kind:  # an exact id: no scan
        return name
    candidates = [n for n, k in G.nodes(data="kind") if k == kind]
    q = _norm(name)
    names: dict[str, list[str]] = {}  # normalised name -> node ids
    for n in candidates:
        for k in keys(G, n):
            names.setdefault(k, [])
            if n not in names[k]:
                names[k].append(n)
    labels = {n: str(G.nodes[n].get("label", n)) for n in candidates}
    if q and len(names.get(q, [])) == 1:
        return names[q][0]
    containing = list(dict.fromkeys(n for k, ns in names.items() if q and q in k for n in ns))
    if len(containing) == 1 and len(q) >= 3:
        return containing[0]
    scored = sorted(((difflib.SequenceMatcher(None, q, k).ratio(), k) for k in names), reverse=True)
    close = [(r, k) for r, k in scored if r >= ACCEPT_RATIO]
    if close:
        best = {n for r, k in close if r == close[0][0] for n in names[k]}
        if len(best) == 1 and (len(close) == 1 or close[0][0] - close[1][0] >= 0.05 or
                               all(names[k] == names[close[0][1]] for _, k in close)):
            return best.pop()
    if q in names:  # an ambiguous exact name: offer its owners
        containing = names[q] + containing
    similar = [n for r, k in scored if r >= SUGGEST_RATIO for n in names[k]]
    shared_words = [n for _, k in scored if _shares_word(q, k) for n in names[k]]
    suggestions = list(dict.fromkeys([*containing, *similar, *shared_words]))
    raise NotFound(kind, name, suggestions[:5], labels)


def resolve_factor(G: nx.MultiDiGraph, name: str) -> str:
    """Resolve a factor by id, label or alias (case-insensitive, typo-tolerant).

    Parameters
    ----------
    G : the knowledge graph. name : an id, label or alias.

    Returns
    -------
    The factor's id; raises :class:`NotFound` with suggestions otherwise.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> resolve_factor(G, "PSW Wellbeing"), resolve_factor(G, "policy mandats")
    ('psw-wellbeing', 'policy-mandates')
    >>> resolve_factor(G, "zzz unknown")
    Traceback (most recent call last):
    ...
    graph.query.lookup.NotFound: unknown factor 'zzz unknown'; no similar factor found
    """
    return resolve_node(G, name, "factor")


def _country_keys(G: nx.MultiDiGraph, node: str) -> list[str]:
    return [_norm(node), _norm(G.nodes[node].get("name", ""))]


def resolve_country(G: nx.MultiDiGraph, name: str) -> str:
    """Resolve a country by ISO 3166 code or name (case-insensitive, typo-tolerant).

    Parameters
    ----------
    G : the knowledge graph. name : a code (``se``) or a name (``Sweden``).

    Returns
    -------
    The ISO code; raises :class:`NotFound` with suggestions otherwise.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> resolve_country(G, "se"), resolve_country(G, "Norway"), resolve_country(G, "Denmrak")
    ('SE', 'NO', 'DK')
    """
    return resolve_node(G, name.strip().upper() if len(name.strip()) == 2 else name, "country", _country_keys)


def resolve_study(G: nx.MultiDiGraph, name: str) -> str:
    """Resolve a study by id, short citation, title or DOI.

    Parameters
    ----------
    G : the knowledge graph. name : e.g. ``mirbahaeddin-2022`` or ``Mirbahaeddin & Chreim 2022``.

    Returns
    -------
    The study id; raises :class:`NotFound` with suggestions otherwise.

    Examples
    --------
    >>> from graph import load_graph
    >>> resolve_study(load_graph(), "Mirbahaeddin & Chreim 2022")
    'mirbahaeddin-2022'
    """
    return resolve_node(G, name, "study")


#: Node attributes searched by :func:`search`, per node kind.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "factor": ("id", "label", "aliases", "description"),
    "study": ("id", "label", "authors", "title", "venue", "doi", "design", "setting"),
    "evidence": ("id", "paraphrase", "quote", "speaker", "section"),
}


def search(G: nx.MultiDiGraph, text: str, kinds: Iterable[str] = ("factor", "study", "evidence")) -> dict[str, list[str]]:
    """Nodes whose text contains every word of *text* (case-insensitive).

    Parameters
    ----------
    G : the knowledge graph. text : words to look for.
    kinds : node kinds to search (``factor``, ``study``, ``evidence``); see ``SEARCH_FIELDS``.

    Returns
    -------
    ``{kind: [node ids]}`` for every kind asked for; ids whose id, label or
    alias contains the text come first, then the rest, each part sorted.

    Examples
    --------
    >>> from graph import load_graph
    >>> hits = search(load_graph(), "wellbeing")
    >>> "psw-wellbeing" in hits["factor"], sorted(hits)
    (True, ['evidence', 'factor', 'study'])
    """
    words = _norm(text).split()
    out: dict[str, list[str]] = {}
    for kind in kinds:
        fields = SEARCH_FIELDS.get(kind, ("id", "label"))
        strong, weak = [], []
        for n, a in G.nodes(data=True):
            if a["kind"] != kind:
                continue
            values = [a.get(f, n if f == "id" else "") for f in fields]
            hay = _norm(" ".join(" ".join(v) if isinstance(v, list) else str(v) for v in values))
            if words and all(w in hay for w in words):
                names = " ".join(search_keys(G, n)[:3] + [_norm(x) for x in a.get("aliases", [])])
                (strong if all(w in names for w in words) else weak).append(n)
        out[kind] = sorted(strong) + sorted(weak)
    return out


def closest_factors(G: nx.MultiDiGraph, text: str, limit: int = 8) -> list[str]:
    """Factor ids for what a user is typing: names containing it first, then the closest despite typos.

    Parameters
    ----------
    G : the knowledge graph. text : the typed text. limit : most ids returned.

    Returns
    -------
    Factor ids, best first (substring matches by label, then :mod:`difflib`
    matches of the text against each word run of the labels and aliases).

    Examples
    --------
    >>> from graph import load_graph
    >>> closest_factors(load_graph(), "welbeing")[0]
    'psw-wellbeing'
    >>> closest_factors(load_graph(), "stigma")[0]
    'stigma'
    """
    q = _norm(text)
    if not q:
        return []
    scored: list[tuple[float, str]] = []
    for n, a in G.nodes(data=True):
        if a.get("kind") != "factor":
            continue
        names = [_norm(x) for x in (a.get("label", n), n.replace("-", " "), *a.get("aliases", []))]
        if any(q in name for name in names):
            scored.append((2.0 + (1.0 if names[0].startswith(q) else 0.0), n))
            continue
        best = 0.0
        k = len(q.split())
        for name in names:
            words = name.split()
            for i in range(max(1, len(words) - k + 1)):
                best = max(best, difflib.SequenceMatcher(None, q, " ".join(words[i:i + k])).ratio())
        if best >= SUGGEST_RATIO + 0.1:
            scored.append((best, n))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [n for _, n in scored[:limit]]
