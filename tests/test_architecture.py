"""The code's layout: graph/ in layers, no import circles (function-level imports included), few top-level modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]


def _import_graph() -> nx.DiGraph:
    g = grimp.build_graph("graph", "dashapp")  # grimp reads imports written inside functions too
    D = nx.DiGraph()
    for m in g.modules:
        D.add_node(m)
        D.add_edges_from((m, i) for i in g.find_modules_directly_imported_by(m))
    return D


def test_no_import_cycles_between_modules():
    cycles = [c for c in nx.simple_cycles(_import_graph()) if len(c) > 1]
    assert cycles == [], "import circles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def test_graph_never_imports_dash_or_the_explorer():
    D = _import_graph()
    g = grimp.build_graph("graph", "dashapp", include_external_packages=True)
    graph_modules = [m for m in D if m == "graph" or m.startswith("graph.")]
    imported = {i for m in graph_modules for i in g.find_modules_directly_imported_by(m)}
    assert not {i for i in imported if i.split(".")[0] in ("dashapp", "dash", "dash_cytoscape", "flask")}


def test_graph_top_level_is_a_handful_of_layers():
    top = sorted(p.name for p in (ROOT / "graph").iterdir() if p.suffix == ".py")
    packages = sorted(p.name for p in (ROOT / "graph").iterdir() if (p / "__init__.py").exists())
    assert len(top) <= 8, top
    assert {"data", "query", "present", "export", "cli"} <= set(packages)


def test_import_contracts_are_kept():
    """The import-linter contracts in pyproject.toml (layers, no circles, no Dash in graph) all hold."""
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache"], check=False, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "0 broken" in run.stdout


def test_old_import_paths_give_the_moved_modules():
    import graph.paths
    from graph.subgraph import select_subgraph

    import graph.query.paths
    from graph.query.filters import select_subgraph as moved

    assert graph.paths is graph.query.paths and select_subgraph is moved
