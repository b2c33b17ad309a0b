"""Import paths of the flat layout before 0.2 (``graph.paths``, ``graph.subgraph`` …), kept for one release.

Each old module name is an alias of the module that now holds its code, so ``from graph.paths import
influence_paths`` still works and gives the very same function as ``graph.query.paths``. New code imports
from the layered packages; CHANGELOG.md lists every move.

>>> import graph.paths, graph.query.paths
>>> graph.paths is graph.query.paths
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from types import ModuleType

#: old module (under ``graph.``) -> the module that now holds its code
MOVED: dict[str, str] = {
    "validate": "data.validate", "build": "data.build", "load": "data.load", "strategies": "data.strategies",
    "synth": "data.synth", "memo": "data.memo",
    "lookup": "query.lookup", "subgraph": "query.filters", "strength": "query.strength", "rollup": "query.rollup",
    "paths": "query.paths", "compare": "query.compare", "rank": "query.rank", "evidence": "query.details",
    "plan": "query.plan",
    "style": "present.style", "layout": "present.layout", "textfit": "present.textfit", "apa": "present.apa",
    "figure": "present.figure", "deck": "present.deck", "report": "present.report",
    "checklist_export": "present.checklist",
    "cli_help": "cli.help", "cli_query": "cli.query", "cli_plan": "cli.plan", "cli_report": "cli.report",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``graph.<old name>`` and loads it as the module it moved to."""

    def find_spec(self, fullname: str, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package == "graph" and name in MOVED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None  # a placeholder, replaced in exec_module

    def exec_module(self, module: ModuleType) -> None:
        # importlib reads sys.modules again after exec_module, so the alias *is* the new module
        sys.modules[module.__name__] = importlib.import_module("graph." + MOVED[module.__name__.rpartition(".")[2]])


def install() -> None:
    """Put the alias finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
