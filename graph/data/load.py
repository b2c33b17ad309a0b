"""Load the bundled (or any) data package into a NetworkX graph, once per process."""

from __future__ import annotations

import gc
import io
import json
import logging
import multiprocessing
import os
import pickle
import signal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph.data import caps
from graph.data.build import build_graph, merge_country_bases
from graph.data.files import open_inside, path_problem
from graph.data.memo import memo
from graph.data.package import read_package
from graph.data.problems import DataError, DataTimeout, InternalError, Problem

__all__ = ["DEFAULT_DATA_DIR", "clear_cache", "influence_edges", "influence_graph", "limit_memory", "load_graph",
           "load_graph_within",
           "package_signature", "validate_package"]

#: The data package shipped with pswgraph (``data/`` beside the ``graph`` package).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

_CACHE: dict[tuple, nx.MultiDiGraph] = {}
#: How many times a data package was parsed (tests use it to check work is done once).
PARSE_COUNT = {"n": 0}
_LOG = logging.getLogger(__name__)
_FROZEN = {"n": 0}  # graphs frozen out of the collector's reach (gc.freeze) since the last release


def package_signature(data_dir: str | Path) -> tuple:
    """What identifies a data package's current contents: its folder, and the time and size of its descriptor
    and of each file the descriptor names.

    No other file in the folder is looked at (a folder of 50,000 unrelated files cost 3.1 s a request,
    and a change to one of them a full parse); the descriptor is read again only when it changes.

    Parameters
    ----------
    data_dir : the package folder (as given: not resolved).

    Returns
    -------
    ``(folder, ((name, mtime_ns, size), …))``, names in order (``-1`` for a file that is missing);
    just ``(folder,)`` when the descriptor cannot be found.

    Examples
    --------
    >>> package_signature(DEFAULT_DATA_DIR) == package_signature(DEFAULT_DATA_DIR)
    True
    >>> [name for name, _, _ in package_signature(DEFAULT_DATA_DIR)[1]][:3]
    ['citations.csv', 'countries.csv', 'curation_log.csv']
    >>> package_signature("/no/such/folder")
    ('/no/such/folder',)
    """
    path = Path(data_dir)
    try:
        st = (path / "datapackage.json").stat()
    except OSError:
        return (str(path),)
    key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    if key not in _NAMED:
        if len(_NAMED) >= 8:
            _NAMED.clear()
        _NAMED[key] = _named_files(path)
    entries = [("datapackage.json", st.st_mtime_ns, st.st_size)]
    for name in _NAMED[key]:
        try:
            f = (path / name).stat()
            entries.append((name, f.st_mtime_ns, f.st_size))
        except OSError:
            entries.append((name, -1, -1))
    return (str(path), tuple(sorted(entries)))


#: (folder, descriptor's inode, time and size) -> the files that descriptor names.
_NAMED: dict[tuple, tuple[str, ...]] = {}


def _named_files(root: Path) -> tuple[str, ...]:
    """The files the descriptor in *root* names (``path`` of each resource, when plain and inside), else none.

    >>> "levels.csv" in _named_files(DEFAULT_DATA_DIR), _named_files(Path("/no/such/folder"))
    (True, ())
    """
    try:
        raw, _ = open_inside(root.resolve(), "datapackage.json", caps.MAX_DESCRIPTOR_BYTES, "datapackage.json")
        desc = json.loads(raw.decode("utf-8-sig")) if raw is not None else None
    except (OSError, RuntimeError, ValueError):  # unreadable, not JSON or nested too deeply: no file named
        return ()
    resources = desc.get("resources") if isinstance(desc, dict) else None
    if not isinstance(resources, list):
        return ()
    paths = (r.get("path") for r in resources[:caps.MAX_RESOURCES] if isinstance(r, dict))
    return tuple(dict.fromkeys(p for p in paths if isinstance(p, str) and p != "datapackage.json"
                               and path_problem(p) is None))


def clear_cache() -> None:
    """Forget every loaded graph, so the next :func:`load_graph` parses again."""
    _CACHE.clear()
    _release()


def _release() -> None:
    """Hand graphs frozen out of the collector's reach back to it, and collect the ones no longer used."""
    if _FROZEN["n"]:
        gc.unfreeze()
        gc.collect()
        _FROZEN["n"] = 0


def load_graph(data_dir: str | Path | None = None) -> nx.MultiDiGraph:
    """Load the whole knowledge graph.

    Parameters
    ----------
    data_dir : a data package folder; default the bundled ``data/``.

    Returns
    -------
    networkx.MultiDiGraph, frozen (copy it with ``nx.MultiDiGraph(G)`` to edit).
    Node ids are the data's ids, unique across kinds. Every node has ``kind``
    (level, factor, study, country, evidence, study_theme, gap, strategy) and
    ``label``; every edge has ``relation`` (at_level, part_of, influences,
    supports, qualifies (a limitation → factor), reported_in, cites,
    concerns_country, maps_to, in_study_theme, concerns, introduced_by,
    addresses, relies_on, supported_by). The package is parsed once per
    process and reparsed only when one of its files changes. The loaded graph
    is moved out of the garbage collector's reach (:func:`gc.freeze`), so
    requests never pay for a full collection scanning it; loading another
    package releases it again.

    Raises
    ------
    DataError listing every problem when the data is invalid (``pswgraph
    validate`` reports exactly these problems); InternalError, its traceback
    logged, when our own code fails on a package that passed every check.

    Examples
    --------
    >>> G = load_graph()
    >>> G.nodes["macro"]["kind"], G.nodes["policy-mandates"]["parent"]
    ('level', 'regulatory-political')
    >>> load_graph() is G
    True
    """
    path = Path(data_dir).resolve() if data_dir is not None else DEFAULT_DATA_DIR
    sig = package_signature(path)
    G = _CACHE.get(sig) if len(sig) > 1 else None  # a folder that cannot be listed is parsed again
    if G is None:
        _CACHE.clear()  # keep one package in memory; data dirs rarely alternate
        _release()
        G = _adopt(sig, _parse(path))
    return G


def _parse(path: Path) -> nx.MultiDiGraph:
    """Validate and build the package in *path* (no cache): the frozen graph, else DataError or InternalError."""
    collecting = gc.isenabled()
    gc.disable()  # parsing and building make millions of objects and no cycles: the collector would rescan them
    try:
        desc, tables = read_package(path)
        PARSE_COUNT["n"] += 1
        return nx.freeze(build_graph(desc, tables))
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # a package that passed every check and still fails to build: our bug
        _LOG.exception("internal error loading the data package %s", path)
        raise InternalError(f"loading {path} failed with {exc.__class__.__name__}: {exc}") from exc
    finally:
        if collecting:
            gc.enable()


def _adopt(sig: tuple, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Keep *G* as the package with signature *sig*, out of the collector's reach (the cache holds one package)."""
    _CACHE.clear()
    _release()
    _CACHE[sig] = G
    _FROZEN["n"] += 1
    gc.freeze()  # the graph lives as long as the process: no collection need scan its millions of objects again
    return G


def _proxy(items: dict[str, Any]) -> MappingProxyType:
    """A read-only edge attribute mapping again, once unpickled (see :func:`graph.data.build.add_edges`)."""
    return MappingProxyType(items)


def _dumps(payload: Any) -> bytes:
    """*payload* pickled, the graph's shared read-only edge mappings included (pickled once each)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {MappingProxyType: lambda m: (_proxy, (dict(m),))}
    pickler.dump(payload)
    return buf.getvalue()


def limit_memory(extra: int) -> bool:
    """Let this process map at most *extra* bytes more than it maps now (its address space, ``RLIMIT_AS``).

    An allocation past the limit raises :class:`MemoryError` instead of growing the process until
    the machine swaps or the kernel kills something. Linux only (it reads ``/proc/self/statm``);
    elsewhere nothing is limited. Call it in a child process: the limit cannot be raised again.

    Parameters
    ----------
    extra : bytes the process may still map.

    Returns
    -------
    Whether a limit was set.

    Examples
    --------
    >>> import multiprocessing
    >>> def child(conn):
    ...     limited = limit_memory(64 * 2**20)
    ...     try:
    ...         conn.send((limited, len(bytearray(256 * 2**20))))
    ...     except MemoryError:
    ...         conn.send((limited, "MemoryError"))
    >>> receive, send = multiprocessing.Pipe(duplex=False)
    >>> p = multiprocessing.get_context("fork").Process(target=child, args=(send,)); p.start()
    >>> receive.recv() in {(True, "MemoryError"), (False, 256 * 2**20)}; p.join()
    True
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = mapped + max(int(extra), 0)
        resource.setrlimit(resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    except (ImportError, OSError, ValueError):
        return False
    return True


def _check_in_child(conn: Any, path: Path, memory: int | None) -> None:
    """The child's work for :func:`load_graph_within`: parse *path* with at most *memory* bytes more than the parent
    mapped (None: no limit), send back the graph or the problems."""
    for sig in (signal.SIGTERM, signal.SIGINT):  # a forked server worker's own handlers would not end the child
        signal.signal(sig, signal.SIG_DFL)
    if memory is not None:
        limit_memory(memory)
    try:
        payload: tuple[str, Any] = ("graph", _parse(path))
    except DataError as err:
        payload = ("problems", err.problems)
    except InternalError as err:
        payload = ("internal", err.what)
    except MemoryError:
        payload = ("memory", None)
    try:
        data = _dumps(payload)
    except MemoryError:  # the graph was built, but its pickle does not fit
        del payload  # (the graph: room for the short answer)
        data = _dumps(("memory", None))
    conn.send_bytes(data)
    conn.close()


def load_graph_within(data_dir: str | Path | None, seconds: float,
                      memory: int | None = caps.CHECK_MEMORY_BYTES) -> nx.MultiDiGraph:
    """:func:`load_graph`, with the validation and building done in a child process given *seconds* and *memory* at
    most.

    A package too slow to check (a 40,000-column header) cannot hold the caller longer than the budget:
    the child is killed then and :class:`DataTimeout` raised. A package too big to check cannot grow
    the child past *memory* bytes beyond what the caller maps (:func:`limit_memory`, Linux): an
    allocation over it fails and :class:`DataError` says so. The child is forked where the platform
    can (no imports to repeat), and sends the built graph back pickled: for a package 10 times the
    bundled one, parsing and building took 0.69 s and the pickle round trip 0.37 s, so this is cheaper
    than validating in the child and building again here. The graph is then cached as :func:`load_graph`
    caches it, so loading the same files again costs nothing.

    Parameters
    ----------
    data_dir : a data package folder; default the bundled ``data/``.
    seconds : the time budget for validating and building.
    memory : the memory budget, in bytes the child may map beyond the caller's (None: no limit);
        default :data:`graph.data.caps.CHECK_MEMORY_BYTES`.

    Returns
    -------
    networkx.MultiDiGraph, as :func:`load_graph` returns it.

    Raises
    ------
    DataError listing every problem, or saying the package needs more than *memory* to check;
    DataTimeout (a DataError) when the time ran out or the child died; InternalError on a bug, as
    :func:`load_graph`.

    Examples
    --------
    >>> clear_cache()
    >>> G = load_graph_within(DEFAULT_DATA_DIR, 60)
    >>> G.nodes["macro"]["kind"], load_graph() is G, nx.is_frozen(G)
    ('level', True, True)
    >>> try:
    ...     load_graph_within("/no/such/folder", 60)
    ... except DataError as err:
    ...     print(err.problems[0].message)
    not a folder; expected a data package folder
    """
    path = Path(data_dir).resolve() if data_dir is not None else DEFAULT_DATA_DIR
    sig = package_signature(path)
    G = _CACHE.get(sig) if len(sig) > 1 else None
    if G is not None:
        return G
    mp = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    receive, send = mp.Pipe(duplex=False)
    child = mp.Process(target=_check_in_child, args=(send, path, memory), name="pswgraph-check", daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise DataTimeout([Problem(path.name, f"checking the package took longer than {seconds:g} s and was "
                                                  "abandoned")])
        kind, value = pickle.loads(receive.recv_bytes())
    except EOFError:  # killed (out of memory?) before it answered
        child.join(1)
        raise DataTimeout([Problem(path.name, f"checking the package stopped (exit code {child.exitcode})")]) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if kind == "problems":
        raise DataError(value)
    if kind == "memory":
        raise DataError([Problem(path.name, f"the data package needs more than {(memory or 0) / 2**20:g} MB of "
                                            "memory to check; it was not loaded")])
    if kind == "internal":
        raise InternalError(value)
    PARSE_COUNT["n"] += 1
    return _adopt(sig, value)


def influence_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """Every influence of *G* as ``(source, target, attributes)``, in edge order.

    Read from the factors' own out-edges (a factor's few), never from a scan of all
    the graph's edges, and kept per graph; treat it as read-only.

    Parameters
    ----------
    G : the knowledge graph from :func:`load_graph`.

    Returns
    -------
    A list of ``(source, target, attrs)``, one per influence.

    Examples
    --------
    >>> G = load_graph()
    >>> edges = influence_edges(G)
    >>> len(edges) == sum(1 for _, _, r in G.edges(data="relation") if r == "influences")
    True
    >>> ("economic-financial", "hrm-policies") in {(u, v) for u, v, _ in edges}
    True
    """
    succ = G._succ  # the adjacency dicts: a factor's out-edges without building view objects
    return memo(G, "influence-edges", None, lambda: [
        (u, v, a) for u, k in G.nodes(data="kind") if k == "factor"
        for v, keyed in succ[u].items() for a in keyed.values() if a["relation"] == "influences"])


def influence_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The factor → factor influence network of *G*.

    Parameters
    ----------
    G : the knowledge graph from :func:`load_graph`.

    Returns
    -------
    networkx.DiGraph over every factor (with its node attributes), one edge per
    influence with ``id``, ``study`` (who states it), ``basis``, ``scope``
    (inter-level / intra-level), ``direction`` (downward / upward / lateral),
    ``evidence`` (ids), ``studies`` (the stating study and those reporting the
    evidence), ``countries`` (ISO codes the evidence concerns: as the text places
    it, or, where it places it nowhere, through a cited study's title) and
    ``country_basis`` ({code: sorted bases}).
    Cached per graph; treat it as read-only.

    Examples
    --------
    >>> D = influence_graph(load_graph())
    >>> D.has_edge("economic-financial", "hrm-policies")
    True
    >>> D.edges["economic-financial", "hrm-policies"]["scope"]
    'inter-level'
    """
    return memo(G, "influence-graph", None, lambda: _influence_graph(G))


def _influence_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """:func:`influence_graph`, computed."""
    D = nx.DiGraph()
    for n, a in G.nodes(data=True):
        if a["kind"] == "factor":
            D.add_node(n, **a)
    for u, v, a in influence_edges(G):
        studies = list(dict.fromkeys([a["study"], *(G.nodes[ev]["study"] for ev in a["evidence"])]))
        bases = merge_country_bases(G, a["evidence"])
        D.add_edge(u, v, **{k: a[k] for k in ("id", "study", "basis", "description", "scope", "direction")},
                   evidence=list(a["evidence"]), studies=studies, countries=list(bases), country_basis=bases)
    return D


def validate_package(data_dir: str | Path) -> list[Problem]:
    """Return every problem in the data package at *data_dir* (empty when valid).

    The package is loaded as :func:`graph.load_graph` loads it (and cached), so a
    package this accepts loads, and one it rejects raises :class:`DataError` with
    the same problems.

    Parameters
    ----------
    data_dir : the package folder.

    Returns
    -------
    list of :class:`Problem`, in order: causes before their consequences.

    >>> validate_package(DEFAULT_DATA_DIR)
    []
    """
    try:
        load_graph(data_dir)
    except DataError as err:
        return err.problems
    return []
