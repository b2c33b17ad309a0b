"""Results derived from one loaded graph, computed once and kept while that graph is alive.

A loaded graph is frozen (:func:`graph.load_graph`), so anything derived from it
and a small hashable key (a :class:`graph.query.filters.Filters`, a view) stays true
for as long as the graph does. :func:`memo` keeps such results per graph, a
bounded number of each kind, and counts how often each kind was computed
(:data:`COMPUTED`), which the tests read to check work is done once.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import networkx as nx

__all__ = ["COMPUTED", "MAX_PER_KIND", "computed", "forget", "memo"]

T = TypeVar("T")

#: How many results of one kind are kept per graph (the least recently used go first).
MAX_PER_KIND = 256
#: How many times each kind of result was computed (not taken from the memo), across graphs.
COMPUTED: Counter[str] = Counter()

_MEMO: weakref.WeakKeyDictionary[nx.Graph, dict[str, OrderedDict]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def memo(G: nx.Graph, kind: str, key: Hashable, compute: Callable[[], T], keep: int = MAX_PER_KIND) -> T:
    """The result of ``compute()`` for (*G*, *kind*, *key*), computed on the first call only.

    Parameters
    ----------
    G : the graph the result is derived from (kept weakly: the results go with it).
    kind : what the result is (a name, also the key of :data:`COMPUTED`).
    key : what else the result depends on; hashable. compute : makes the result.
    keep : how many results of this kind are kept for *G* (default :data:`MAX_PER_KIND`).

    Returns
    -------
    The result, shared by every caller: treat it as read-only.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> memo(G, "doctest-n", None, lambda: G.number_of_nodes()), memo(G, "doctest-n", None, lambda: -1)
    (3, 3)
    >>> COMPUTED["doctest-n"]
    1
    """
    with _LOCK:
        kinds = _MEMO.setdefault(G, {})
        store = kinds.setdefault(kind, OrderedDict())
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = compute()  # outside the lock: a result may ask for others
    with _LOCK:
        COMPUTED[kind] += 1
        store[key] = value
        while len(store) > keep:
            store.popitem(last=False)
    return value


def forget(G: nx.Graph, kind: str) -> None:
    """Drop every result of *kind* kept for *G*, so the next :func:`memo` computes it again (benchmarks).

    >>> G = nx.path_graph(2)
    >>> _ = memo(G, "doctest-forget", None, lambda: 1); forget(G, "doctest-forget")
    >>> memo(G, "doctest-forget", None, lambda: 2)
    2
    """
    with _LOCK:
        _MEMO.get(G, {}).pop(kind, None)


def computed(kind: str) -> int:
    """How many times results of *kind* were computed so far.

    >>> computed("no-such-kind")
    0
    """
    return COMPUTED[kind]
