"""Results derived from one loaded graph, computed once and kept while that graph is alive.

A loaded graph is frozen (:func:`graph.load_graph`), so anything derived from it
and a small hashable key (a :class:`graph.query.filters.Filters`, a view) stays true
for as long as the graph does. :func:`memo` keeps such results per graph, a
bounded number of each kind and at most :data:`MAX_BYTES` of them in all (sizes
estimated by :func:`approx_bytes` when each is kept), and counts how often each
kind was computed (:data:`COMPUTED`), which the tests read to check work is done once.
"""

from __future__ import annotations

import itertools
import sys
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import networkx as nx

__all__ = ["COMPUTED", "MAX_BYTES", "MAX_PER_KIND", "approx_bytes", "computed", "forget", "held_bytes", "memo"]

T = TypeVar("T")

#: How many results of one kind are kept per graph (the least recently used go first).
MAX_PER_KIND = 256
#: The most bytes of results kept per graph, all kinds together, as :func:`approx_bytes` estimates them (the least
#: recently used go first).
MAX_BYTES = 256 * 1024 * 1024
#: How many times each kind of result was computed (not taken from the memo), across graphs.
COMPUTED: Counter[str] = Counter()
#: Items of a container looked at to estimate its size (the rest are taken to be alike).
_SAMPLE = 32
#: Estimated bytes per node and per edge of a networkx graph (its adjacency and attribute dicts).
_GRAPH_ITEM_BYTES = 600


class _Store:
    """One graph's results: per kind, key -> (value, estimated bytes); and every (kind, key) in order of use."""

    def __init__(self) -> None:
        self.kinds: dict[str, OrderedDict[Hashable, tuple[Any, int]]] = {}
        self.order: OrderedDict[tuple[str, Hashable], None] = OrderedDict()
        self.size = 0

    def drop(self, kind: str, key: Hashable) -> None:
        self.size -= self.kinds[kind].pop(key)[1]
        del self.order[(kind, key)]


_MEMO: weakref.WeakKeyDictionary[nx.Graph, _Store] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def approx_bytes(value: Any, depth: int = 3) -> int:
    """About how many bytes *value* holds: its own size plus, down to *depth* levels, its items' (a sample of them,
    scaled to all); a networkx graph counted by its nodes and edges.

    An estimate, cheap whatever the size (at most 32 items a level are looked at): for bounding caches,
    not for accounting.

    >>> approx_bytes(b"x" * 10_000) >= 10_000, approx_bytes(["x" * 1_000] * 100) >= 100_000
    (True, True)
    >>> approx_bytes(nx.path_graph(1_000)) > approx_bytes(nx.path_graph(10))
    True
    """
    if isinstance(value, nx.Graph):
        return _GRAPH_ITEM_BYTES * (value.number_of_nodes() + value.number_of_edges())
    size = sys.getsizeof(value, 64)
    if depth <= 0 or isinstance(value, (str, bytes, bytearray, int, float, bool)) or value is None:
        return size
    if isinstance(value, Mapping):
        items = [approx_bytes(k, depth - 1) + approx_bytes(v, depth - 1)
                 for k, v in itertools.islice(value.items(), _SAMPLE)]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = [approx_bytes(v, depth - 1) for v in itertools.islice(value, _SAMPLE)]
    else:
        attrs = getattr(value, "__dict__", None)
        return size + (approx_bytes(attrs, depth - 1) if isinstance(attrs, dict) else 0)
    return size + (sum(items) * len(value) // len(items) if items else 0)


def held_bytes(G: nx.Graph) -> int:
    """The estimated bytes of the results kept for *G* (at most :data:`MAX_BYTES`, or one result).

    >>> held_bytes(nx.path_graph(2))
    0
    """
    with _LOCK:
        store = _MEMO.get(G)
        return store.size if store is not None else 0


def memo(G: nx.Graph, kind: str, key: Hashable, compute: Callable[[], T], keep: int = MAX_PER_KIND) -> T:
    """The result of ``compute()`` for (*G*, *kind*, *key*), computed on the first call only.

    At most *keep* results of *kind* are kept for *G*, and at most :data:`MAX_BYTES` of results of every
    kind (the least recently used go first; the newest is kept even when it alone is larger).

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
        store = _MEMO.get(G)
        if store is None:
            store = _MEMO[G] = _Store()
        results = store.kinds.setdefault(kind, OrderedDict())
        if key in results:
            results.move_to_end(key)
            store.order.move_to_end((kind, key))
            return results[key][0]
    value = compute()  # outside the lock: a result may ask for others
    size = approx_bytes(value)
    with _LOCK:
        COMPUTED[kind] += 1
        if key in results:  # computed meanwhile by another thread: one result, shared
            return results[key][0]
        results[key] = (value, size)
        store.order[(kind, key)] = None
        store.size += size
        while len(results) > keep:
            store.drop(kind, next(iter(results)))
        while store.size > MAX_BYTES and len(store.order) > 1:  # (one result larger than the bound stays alone)
            store.drop(*next(iter(store.order)))
    return value


def forget(G: nx.Graph, kind: str) -> None:
    """Drop every result of *kind* kept for *G*, so the next :func:`memo` computes it again (benchmarks).

    >>> G = nx.path_graph(2)
    >>> _ = memo(G, "doctest-forget", None, lambda: 1); forget(G, "doctest-forget")
    >>> memo(G, "doctest-forget", None, lambda: 2)
    2
    """
    with _LOCK:
        store = _MEMO.get(G)
        for key in list(store.kinds.get(kind, ())) if store is not None else ():
            store.drop(kind, key)


def computed(kind: str) -> int:
    """How many times results of *kind* were computed so far.

    >>> computed("no-such-kind")
    0
    """
    return COMPUTED[kind]
