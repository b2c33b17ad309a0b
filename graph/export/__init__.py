"""Export any (sub)graph for Gephi, yEd, Cytoscape, Neo4j, slides and reference managers.

One module per family of formats, as :mod:`networkx.readwrite` has them:

* :mod:`~graph.export.formats` — the registry :data:`EXPORT_FORMATS`, :func:`export_graph`, :func:`write_export`
  (and what every format guarantees about the text it carries);
* :mod:`~graph.export.network` — GraphML, GEXF, Cytoscape JSON, node-link JSON;
* :mod:`~graph.export.tables` — CSV nodes and edges, the Neo4j bulk-import set (guarded against CSV injection);
* :mod:`~graph.export.mermaid` — Mermaid flowcharts;
* :mod:`~graph.export.references` — BibTeX and RIS of the studies (:func:`studies_of`);
* :mod:`~graph.export.drawing` — the explorer's drawing (:func:`drawn_view`, :func:`with_drawing`) and how
  GEXF and GraphML carry it;
* :mod:`~graph.export.flatten` — scalar values and XML-safe text (:func:`flatten_value`);
* :mod:`~graph.export.names` — file names that say what an export holds (:func:`export_filename`).

>>> from graph import load_graph
>>> from graph.export import export_graph
>>> export_graph(load_graph(), "mermaid").decode().splitlines()[0]
'flowchart TD'
"""

from graph.export.drawing import DRAWING_NODE_KEYS, drawn_view, with_drawing
from graph.export.flatten import LIST_SEP, flatten_value
from graph.export.formats import EXPORT_FORMATS, export_graph, write_export
from graph.export.names import export_filename
from graph.export.references import studies_of

__all__ = ["DRAWING_NODE_KEYS", "EXPORT_FORMATS", "LIST_SEP", "drawn_view", "export_filename", "export_graph",
           "flatten_value", "studies_of", "with_drawing", "write_export"]
