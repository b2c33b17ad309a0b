"""pswgraph: a knowledge graph of factors influencing peer support worker role implementation.

The code is in layers, every import pointing down:

- :mod:`graph.data` — the data package: descriptor, validation, loading, building the graph;
- :mod:`graph.query` — filters, lookups, paths, comparison, the matrix, strength, the plan;
- :mod:`graph.present` — layout, figures, decks, written documents;
- :mod:`graph.export` — network and reference formats;
- :mod:`graph.cli` — the ``pswgraph`` command line.

>>> import graph
>>> G = graph.load_graph()
>>> sum(1 for _, a in G.nodes(data=True) if a["kind"] == "level")
3
"""

from graph import _moved
from graph.data.load import (
    DEFAULT_DATA_DIR,
    clear_cache,
    influence_graph,
    load_graph,
    load_graph_within,
    validate_package,
)
from graph.data.problems import DataTimeout
from graph.data.validate import DataError, InternalError, Problem

_moved.install()

__all__ = ["DEFAULT_DATA_DIR", "DataError", "DataTimeout", "InternalError", "Problem", "clear_cache", "influence_graph",
           "load_graph", "load_graph_within", "validate_package"]
__version__ = "0.1.0"
