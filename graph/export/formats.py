"""The export formats (:data:`EXPORT_FORMATS`) and :func:`export_graph`, which writes a (sub)graph in one.

Every format keeps every node and edge attribute. Where a format holds only
scalars (GraphML, GEXF, CSV, Neo4j CSV) lists are joined with ``|`` (Neo4j
arrays with ``;``, its default) and dicts are written as JSON text; the graph
attribute ``list_attributes`` names the attributes that were lists. JSON-based
formats (``cyjs``, ``json``) keep lists and dicts as they are.

No text in the graph can change the structure of an export or run as code
where it is opened (issue 12):

* CSV and Neo4j CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab
  or carriage return gets a leading ``'`` and is always quoted (OWASP, "CSV
  Injection"), so a spreadsheet shows it as text instead of evaluating it.
  Only text is neutralised: numbers (ints and floats in the graph, such as a
  negative weight) are written as numbers, so numeric columns stay numeric.
* BibTeX and RIS carry a doi only when it is a well-formed DOI and a url only
  when it is an http(s) address (:func:`graph.query.details.doi_url`,
  :func:`graph.query.details.safe_url`): a reference manager makes links of them.
* BibTeX: every field is escaped (``{``, ``}`` and ``\\`` become balanced
  commands, doi and url lose them), newlines are folded, so no value can close
  its field or open another; "et al." becomes ``others``.
* RIS: newlines and other control characters in every field become spaces, so
  a value cannot start a new tag or record.
* Mermaid: labels are quoted, ``"`` ``#`` ``<`` ``>`` ``&`` and backticks are
  written as Mermaid entity codes, and newlines are folded.
* GraphML and GEXF: characters XML 1.0 does not allow (and every other control
  character but tab, newline and carriage return) are dropped from ids, names
  and values.

A graph that carries a drawing (:func:`graph.export.drawing.drawn_view`: node ``x``, ``y``,
``colour``, ``size``, ``shape``; edge ``colour``, ``style``, ``width``) opens
as drawn: GEXF gets ``viz:position``, ``viz:color``, ``viz:size``,
``viz:shape`` and edge ``viz:color``, ``viz:thickness``, ``viz:shape`` (y
negated: Gephi's y axis points up, the explorer's down); GraphML gets yEd's
``y:ShapeNode`` / ``y:PolyLineEdge`` graphics (position, size, fill, label,
line colour, width and dash) besides plain ``x``, ``y``, ``r``, ``g``, ``b``,
``size`` attributes (screen coordinates, y down, as yEd and Cytoscape use);
Cytoscape JSON gets each node's ``position``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.export.mermaid import _mermaid
from graph.export.network import _cyjs, _gexf, _graphml, _node_link
from graph.export.references import _bibtex, _ris
from graph.export.tables import _csv_zip, _neo4j
from graph.present.fileformat import Format, check_format, registry

__all__ = ["EXPORT_FORMATS", "export_graph", "write_export"]

#: name -> :class:`~graph.present.fileformat.Format` (extension, media type and a short description).
EXPORT_FORMATS: dict[str, Format] = registry(
    Format("graphml", ".graphml", "application/graphml+xml", "GraphML (Gephi, yEd, Cytoscape desktop)"),
    Format("gexf", ".gexf", "application/gexf+xml", "GEXF (Gephi)"),
    Format("cyjs", ".cyjs", "application/json", "Cytoscape.js JSON (Cytoscape desktop)"),
    Format("json", ".json", "application/json", "node-link JSON (networkx, D3)"),
    Format("csv", ".zip", "application/zip", "CSV nodes and edges (zip)"),
    Format("mermaid", ".mmd", "text/plain", "Mermaid flowchart (slides, Markdown)"),
    Format("neo4j", ".zip", "application/zip", "Neo4j bulk-import CSV set (zip)"),
    Format("bibtex", ".bib", "application/x-bibtex", "BibTeX of the studies (Zotero, JabRef)"),
    Format("ris", ".ris", "application/x-research-info-systems", "RIS of the studies (EndNote, Zotero)"),
)


def export_graph(H: nx.Graph, fmt: str, G: nx.MultiDiGraph | None = None) -> bytes:
    """Serialise a graph in one of :data:`EXPORT_FORMATS`.

    Parameters
    ----------
    H : any graph from this package — :func:`graph.query.filters.select_subgraph`,
        :func:`graph.query.filters.neighbourhood`, :func:`graph.query.filters.filter_influences` …
    fmt : a key of :data:`EXPORT_FORMATS`.
    G : the full graph; BibTeX and RIS use it for studies named in *H* but absent from it.

    Returns
    -------
    The file's bytes (UTF-8 text, or a zip for ``csv`` and ``neo4j``).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> H = select_subgraph(load_graph(), levels=["micro"])
    >>> export_graph(H, "mermaid").decode().splitlines()[0]
    'flowchart TD'
    >>> export_graph(H, "graphml")[:5]
    b'<?xml'
    """
    check_format(EXPORT_FORMATS, fmt, "export")
    if fmt in ("bibtex", "ris"):
        return (_bibtex if fmt == "bibtex" else _ris)(H, G)
    writer = {"graphml": _graphml, "gexf": _gexf, "cyjs": _cyjs, "json": _node_link, "csv": _csv_zip,
              "mermaid": _mermaid, "neo4j": _neo4j}[fmt]
    return writer(H)


def write_export(H: nx.Graph, fmt: str, path: str | Path, G: nx.MultiDiGraph | None = None) -> Path:
    """Write :func:`export_graph` output to *path* (parent folders are created); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> G = load_graph()
    >>> H = select_subgraph(G, countries=["SE"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     text = write_export(H, "ris", pathlib.Path(d) / "sweden" / "refs.ris", G).read_text()
    >>> text.startswith("TY  - "), "ID  - grim-2022" in text
    (True, True)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_graph(H, fmt, G))
    return path
