"""Where the explorer's data comes from: the app's context (the cached graph, the last valid one) and the files on disk."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import flask
import networkx as nx

import graph
from graph.data import caps
from graph.data.load import package_signature
from graph.query.changes import package_changes

#: Seconds a changed package may take to be validated and built (in a child process) before the attempt is abandoned.
RELOAD_TIMEOUT = float(os.environ.get("PSWGRAPH_RELOAD_TIMEOUT") or 20)
#: Bytes a check may map beyond what the process serving maps (``$PSWGRAPH_RELOAD_MEMORY``, in MB; Linux): a package
#: needing more is refused with a message saying so.
RELOAD_MEMORY = (int(float(os.environ["PSWGRAPH_RELOAD_MEMORY"]) * 2**20) if os.environ.get("PSWGRAPH_RELOAD_MEMORY")
                 else caps.CHECK_MEMORY_BYTES)
#: Seconds after an abandoned (too slow) attempt before the same files are tried again.
RELOAD_RETRY = float(os.environ.get("PSWGRAPH_RELOAD_RETRY") or 60)
_LOG = logging.getLogger(__name__)


class DataPending(graph.DataError):
    """No valid graph yet, and the data on disk is still being checked (or its check ran out of time)."""


class _Reloader:
    """Per process: the last good graph, and the one background thread checking changed files.

    The thread validates and builds in a child process (:func:`graph.load_graph_within`) under
    :data:`RELOAD_TIMEOUT` and :data:`RELOAD_MEMORY`; it loops while the files keep changing, so one check runs at
    a time.
    """

    def __init__(self, data_dir: Path | None, timeout: float | None, warm: Callable[[nx.MultiDiGraph], Any] | None):
        self.data_dir, self._timeout, self.warm = data_dir, timeout, warm
        self.cond = threading.Condition()
        self.pid = os.getpid()
        self.thread: threading.Thread | None = None
        self.good: nx.MultiDiGraph | None = None
        self.good_sig: tuple | None = None
        self.bad_sig: tuple | None = None
        self.error: graph.DataError | None = None
        self.retry_at: float | None = None  # when an abandoned signature may be tried again
        self.deadline = 0.0  # when the running check will have been abandoned
        self.warming = False  # a valid graph is being warmed up (our own bounded work: a starting worker waits)
        self.checks = 0  # checks finished (tests wait on it)
        self.changes: dict[str, Any] | None = None  # what the graph served changed from the one served before it

    @property
    def timeout(self) -> float:
        """The budget of a check: the context's own, else :data:`RELOAD_TIMEOUT` as it is now."""
        return self._timeout if self._timeout is not None else RELOAD_TIMEOUT

    def _due(self, sig: tuple) -> bool:
        """Whether *sig* needs a check (new files, or a too-slow attempt whose retry time came)."""
        if sig == self.good_sig:
            return False
        return sig != self.bad_sig or (self.retry_at is not None and time.monotonic() >= self.retry_at)

    def current(self, sig: tuple) -> nx.MultiDiGraph:
        """The graph to serve for files with signature *sig*; starts a background check when they changed.

        Never validates on the calling thread. With a good graph it answers at once; with none yet
        (a process starting) it waits for the running check, at most until that check's deadline.
        """
        with self.cond:
            if self.pid != os.getpid():  # forked after a check started (gunicorn --preload): no thread here
                self.pid, self.thread = os.getpid(), None
            if self._due(sig) and self.thread is None:
                self.deadline = time.monotonic() + self.timeout + 1
                self.thread = threading.Thread(target=self._run, name="pswgraph-reload", daemon=True)
                self.thread.start()
            if self.good is not None:
                return self.good
            end = self.deadline  # this check's: a later one (the files changed again) does not extend the wait
            while self.thread is not None and self.good is None and (time.monotonic() < end or self.warming):
                self.cond.wait(max(end - time.monotonic(), 0.1))
            if self.good is not None:
                return self.good
            if self.thread is None and self.error is not None and not isinstance(self.error, graph.DataTimeout):
                raise self.error
            raise DataPending([graph.Problem(
                self._folder(), f"the data is being checked (it takes more than {self.timeout:g} s); "
                                "reload this page in a moment")])

    def _folder(self) -> str:
        return Path(self.data_dir).name if self.data_dir is not None else graph.DEFAULT_DATA_DIR.name

    def checking(self, sig: tuple) -> bool:
        """Whether files with signature *sig* are not yet known good or bad (being checked, or about to be)."""
        with self.cond:
            return self._due(sig)

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            with self.cond:
                self.thread = None
                self.cond.notify_all()

    def _loop(self) -> None:
        tried: set[tuple] = set()
        while True:
            sig = data_signature(self.data_dir)
            with self.cond:
                if not self._due(sig) or sig in tried:  # an abandoned attempt is retried by a later request
                    return
                tried.add(sig)
                self.deadline = time.monotonic() + self.timeout + 1
            retry_at = None
            try:
                G = graph.load_graph_within(self.data_dir, self.timeout, RELOAD_MEMORY)
                if self.warm is not None:
                    with self.cond:
                        self.warming = True
                    try:
                        self.warm(G)  # the start-up work too, before any request sees the new graph
                    finally:
                        with self.cond:
                            self.warming = False
            except graph.DataTimeout as err:
                G, error, retry_at = None, err, time.monotonic() + RELOAD_RETRY
            except graph.DataError as err:
                G, error = None, err
            except Exception as exc:  # noqa: BLE001 -- a bug (logged): shown as the package's problem, the last good graph kept
                _LOG.exception("checking the data package failed")
                G, error = None, graph.DataError([graph.Problem(self._folder(), f"could not be loaded: {exc}")])
            previous = self.good  # only this thread replaces it
            changes = _changes(previous, G) if previous is not None and G is not None and G is not previous else None
            with self.cond:
                if changes is not None:
                    self.changes = changes
                if G is not None:
                    self.good, self.good_sig, self.bad_sig, self.error, self.retry_at = G, sig, None, None, None
                else:
                    self.bad_sig, self.error, self.retry_at = sig, error, retry_at
                    _LOG.warning("%s%s", error, "\nServing the last valid version." if self.good is not None else "")
                self.checks += 1
                self.cond.notify_all()

    def settle(self, timeout: float) -> bool:
        """Wait until no check runs (at most *timeout* s); whether none does."""
        end = time.monotonic() + timeout
        with self.cond:
            while self.thread is not None and time.monotonic() < end:
                self.cond.wait(end - time.monotonic())
            return self.thread is None


def _changes(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> dict[str, Any] | None:
    """What *new* changed from *old* (:func:`graph.query.changes.package_changes`); None, logged, if that fails."""
    try:
        return package_changes(old, new)
    except Exception:  # noqa: BLE001 -- a bug (logged): the new graph is served all the same, without the panel
        _LOG.exception("listing what the new data changed failed")
        return None


@dataclass(frozen=True)
class AppContext:
    """Where the app's data comes from; views ask it for the (cached) graph.

    When the files on disk change, :meth:`graph` keeps answering with the last valid graph this
    process loaded while a background thread checks the new files (in a child process, under
    :data:`RELOAD_TIMEOUT`); :meth:`checking` and :meth:`problems` say so. A broken state is
    checked once, not on every call. *warm*, when given, runs on each new graph before it is served.
    """

    data_dir: Path | None = None
    warm: Callable[[nx.MultiDiGraph], Any] | None = field(default=None, compare=False, repr=False)
    timeout: float | None = field(default=None, compare=False, repr=False)  # None: RELOAD_TIMEOUT
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def _reloader(self) -> _Reloader:
        found = self._memo.get("reloader")
        if found is None:
            found = self._memo.setdefault("reloader", _Reloader(self.data_dir, self.timeout, self.warm))
        return found

    def graph(self) -> nx.MultiDiGraph:
        """The knowledge graph of the files on disk once checked, else the last valid one.

        Raises :class:`graph.DataError` only while no valid graph was ever loaded in this process
        (:class:`DataPending` while the files are still being checked). The files on disk are
        looked at once per request (their signature only: reading them happens in the background).
        """
        if flask.has_request_context():
            seen = flask.g.get("pswgraph_graphs")
            if seen is None:
                seen = flask.g.pswgraph_graphs = {}
            if self.data_dir not in seen:
                seen[self.data_dir] = self._graph()
            return seen[self.data_dir]
        return self._graph()

    def _graph(self) -> nx.MultiDiGraph:
        return self._reloader.current(data_signature(self.data_dir))

    def checking(self) -> bool:
        """Whether the files on disk changed and are still being checked."""
        return self._reloader.checking(data_signature(self.data_dir))

    def problems(self) -> list[graph.Problem]:
        """What is wrong with the data on disk now (``[]`` when it is valid or still being checked)."""
        try:
            self.graph()
        except graph.DataError as err:
            return err.problems
        reloader = self._reloader
        with reloader.cond:
            err = reloader.error if reloader.bad_sig == data_signature(self.data_dir) else None
        return err.problems if err is not None else []

    def version(self) -> str:
        """A short fingerprint of the files behind the graph served (changes when a new valid version loads)."""
        with contextlib.suppress(graph.DataError):
            self.graph()
        return hashlib.sha1(repr(self._reloader.good_sig).encode()).hexdigest()[:12]

    def changes(self) -> dict[str, Any] | None:
        """What the graph served changed from the one this process served before it
        (:func:`graph.query.changes.package_changes`); None until the data changed while serving."""
        with contextlib.suppress(graph.DataError):
            self.graph()
        return self._reloader.changes

    def settle(self, timeout: float = 60) -> bool:
        """Wait until the background check (if any) is done, at most *timeout* s; whether it is."""
        return self._reloader.settle(timeout)

    def influences(self) -> nx.DiGraph:
        """The full factor influence network."""
        return graph.influence_graph(self.graph())


def data_signature(data_dir: Path | None) -> tuple:
    """What identifies the files of a data package now (:func:`graph.data.load.package_signature`)."""
    return package_signature(Path(data_dir) if data_dir is not None else graph.DEFAULT_DATA_DIR)


def problem_text(problem: graph.Problem) -> str:
    """A problem with its file named without the folder, e.g. ``factors.csv, row 5, column 'kind': …``."""
    return str(replace(problem, file=Path(problem.file).name or problem.file))
