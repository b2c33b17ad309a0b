"""Export any (sub)graph for Gephi, yEd, Cytoscape, Neo4j, slides and reference managers.

>>> from graph import load_graph
>>> from graph.export import export_graph
>>> export_graph(load_graph(), "mermaid").decode().splitlines()[0]
'flowchart TD'
"""

from graph.export.formats import (
    DRAWING_NODE_KEYS,
    EXPORT_FORMATS,
    LIST_SEP,
    drawn_view,
    export_filename,
    export_graph,
    flatten_value,
    studies_of,
    with_drawing,
    write_export,
)

__all__ = ["DRAWING_NODE_KEYS", "EXPORT_FORMATS", "LIST_SEP", "drawn_view", "export_filename", "export_graph",
           "flatten_value", "studies_of", "with_drawing", "write_export"]
