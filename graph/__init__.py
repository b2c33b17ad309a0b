"""pswgraph: a knowledge graph of factors influencing peer support worker role implementation.

>>> import graph
>>> G = graph.load_graph()
>>> sum(1 for _, a in G.nodes(data=True) if a["kind"] == "level")
3
"""

from .load import DEFAULT_DATA_DIR, clear_cache, influence_graph, load_graph
from .validate import DataError, Problem, validate_package

__all__ = ["DEFAULT_DATA_DIR", "DataError", "Problem", "clear_cache", "influence_graph", "load_graph", "validate_package"]
__version__ = "0.1.0"
