"""Where the explorer's data comes from: the app's context (the cached graph, the last valid one) and the files on disk."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import flask
import networkx as nx

import graph
from graph.data.load import package_signature


@dataclass(frozen=True)
class AppContext:
    """Where the app's data comes from; views ask it for the (cached) graph.

    When the files on disk turn invalid (a half-saved CSV), :meth:`graph` keeps
    answering with the last valid graph this process loaded and :meth:`problems`
    says what is wrong; a broken state is validated once, not on every call.
    """

    data_dir: Path | None = None
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def graph(self) -> nx.MultiDiGraph:
        """The knowledge graph (parsed once per process by :func:`graph.load_graph`), else the last valid one.

        Raises :class:`graph.DataError` only while no valid graph was ever loaded in this process.
        The files on disk are looked at once per request.
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
        memo = self._memo
        sig = data_signature(self.data_dir)
        if sig != memo.get("bad_sig"):
            try:
                G = graph.load_graph(self.data_dir)
            except graph.DataError as err:  # a bug (graph.InternalError, its traceback logged) is not caught here
                memo.update(bad_sig=sig, error=err)
                logging.getLogger(__name__).warning("%s%s", memo["error"], "\nServing the last valid version."
                                                    if memo.get("good") is not None else "")
            else:
                memo.update(good=G, good_sig=sig, bad_sig=None, error=None)
                return G
        if memo.get("good") is None:
            raise memo["error"]
        return memo["good"]

    def problems(self) -> list[graph.Problem]:
        """What is wrong with the data on disk now (``[]`` when it is valid)."""
        try:
            self.graph()
        except graph.DataError as err:
            return err.problems
        err = self._memo.get("error")
        return err.problems if err is not None else []

    def version(self) -> str:
        """A short fingerprint of the files behind the graph served (changes when a new valid version loads)."""
        with contextlib.suppress(graph.DataError):
            self.graph()
        return hashlib.sha1(repr(self._memo.get("good_sig")).encode()).hexdigest()[:12]

    def influences(self) -> nx.DiGraph:
        """The full factor influence network."""
        return graph.influence_graph(self.graph())


def data_signature(data_dir: Path | None) -> tuple:
    """What identifies the files of a data package now (:func:`graph.data.load.package_signature`)."""
    return package_signature(Path(data_dir) if data_dir is not None else graph.DEFAULT_DATA_DIR)


def problem_text(problem: graph.Problem) -> str:
    """A problem with its file named without the folder, e.g. ``factors.csv, row 5, column 'kind': …``."""
    return str(replace(problem, file=Path(problem.file).name or problem.file))
