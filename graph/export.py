"""Export any (sub)graph for Gephi, yEd, Cytoscape, Neo4j, slides and reference managers.

Every format keeps every node and edge attribute. Where a format holds only
scalars (GraphML, GEXF, CSV, Neo4j CSV) lists are joined with ``|`` (Neo4j
arrays with ``;``, its default) and dicts are written as JSON text; the graph
attribute ``list_attributes`` names the attributes that were lists. JSON-based
formats (``cyjs``, ``json``) keep lists and dicts as they are.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["EXPORT_FORMATS", "LIST_SEP", "export_graph", "flatten_value", "studies_of", "write_export"]

#: name -> file extension, media type and a short description.
EXPORT_FORMATS: dict[str, dict[str, str]] = {
    "graphml": {"ext": ".graphml", "mime": "application/graphml+xml", "label": "GraphML (Gephi, yEd, Cytoscape desktop)"},
    "gexf": {"ext": ".gexf", "mime": "application/gexf+xml", "label": "GEXF (Gephi)"},
    "cyjs": {"ext": ".cyjs", "mime": "application/json", "label": "Cytoscape.js JSON (Cytoscape desktop)"},
    "json": {"ext": ".json", "mime": "application/json", "label": "node-link JSON (networkx, D3)"},
    "csv": {"ext": ".zip", "mime": "application/zip", "label": "CSV nodes and edges (zip)"},
    "mermaid": {"ext": ".mmd", "mime": "text/plain", "label": "Mermaid flowchart (slides, Markdown)"},
    "neo4j": {"ext": ".zip", "mime": "application/zip", "label": "Neo4j bulk-import CSV set (zip)"},
    "bibtex": {"ext": ".bib", "mime": "application/x-bibtex", "label": "BibTeX of the studies (Zotero, JabRef)"},
    "ris": {"ext": ".ris", "mime": "application/x-research-info-systems", "label": "RIS of the studies (EndNote, Zotero)"},
}

LIST_SEP = "|"


def flatten_value(value: Any, sep: str = LIST_SEP) -> str | int | float | bool:
    """A scalar for formats without lists: lists joined by *sep*, dicts as JSON, ``None`` as ''.

    >>> flatten_value(["SE", "NO"]), flatten_value({"SE": ["text"]}), flatten_value(None), flatten_value(3)
    ('SE|NO', '{"SE": ["text"]}', '', 3)
    """
    if isinstance(value, list | tuple | set):
        return sep.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _list_attributes(H: nx.Graph) -> list[str]:
    names = {k for _, a in H.nodes(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    names |= {k for *_, a in H.edges(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    return sorted(names)


def _flat_graph(H: nx.Graph, sep: str = LIST_SEP) -> nx.Graph:
    """A copy of *H* (as a multigraph when *H* is one) with every attribute value a scalar."""
    F = H.__class__()
    F.graph.update({k: flatten_value(v, sep) for k, v in H.graph.items()})
    F.graph["list_attributes"] = sep.join(_list_attributes(H))
    F.add_nodes_from((n, {k: flatten_value(v, sep) for k, v in a.items()}) for n, a in H.nodes(data=True))
    if H.is_multigraph():
        F.add_edges_from((u, v, str(k), {x: flatten_value(y, sep) for x, y in a.items()})
                         for u, v, k, a in H.edges(keys=True, data=True))
    else:
        F.add_edges_from((u, v, {x: flatten_value(y, sep) for x, y in a.items()}) for u, v, a in H.edges(data=True))
    return F


def _edge_rows(H: nx.Graph):
    """(source, target, key, attrs) for every edge; key is '' for simple graphs."""
    if H.is_multigraph():
        yield from H.edges(keys=True, data=True)
    else:
        for u, v, a in H.edges(data=True):
            yield u, v, "", a


def _graphml(H: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(_flat_graph(H), buf, named_key_ids=True)
    return buf.getvalue()


def _gexf(H: nx.Graph) -> bytes:
    F = _flat_graph(H)
    for i, (*_, a) in enumerate(_edge_rows(F)):
        a.setdefault("id", f"e{i}")  # GEXF needs unique edge ids; influences keep theirs
    buf = io.BytesIO()
    nx.write_gexf(F, buf)
    return buf.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, set | tuple):
        return sorted(value)
    return str(value)


def _cyjs(H: nx.Graph) -> bytes:
    data = nx.cytoscape_data(H)
    data["data"] = {k: v for k, v in H.graph.items()}
    return json.dumps(data, ensure_ascii=False, indent=1, default=_json_default).encode()


def _node_link(H: nx.Graph) -> bytes:
    return json.dumps(nx.node_link_data(H, edges="edges"), ensure_ascii=False, indent=1,
                      default=_json_default).encode()


def _csv_text(header: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _columns(records: list[dict], first: list[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for r in records:
        seen.update(dict.fromkeys(sorted(r)))
    return list(seen)


def _csv_zip(H: nx.Graph) -> bytes:
    nodes = [{"id": n, **{k: flatten_value(v) for k, v in a.items()}} for n, a in H.nodes(data=True)]
    edges = [{**{k: flatten_value(v) for k, v in a.items()}, "source": u, "target": v, "key": k}
             for u, v, k, a in _edge_rows(H)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", _csv_text(_columns(nodes, ["id", "kind", "label"]), nodes))
        z.writestr("edges.csv", _csv_text(_columns(edges, ["source", "target", "key", "relation"]), edges))
        z.writestr("README.txt", "pswgraph export: nodes.csv (one row per node) and edges.csv (one row per edge).\n"
                   f"List values are joined with '{LIST_SEP}'; dict values are JSON. "
                   f"List attributes: {', '.join(_list_attributes(H)) or 'none'}.\n")
    return buf.getvalue()


def _neo4j_type(values: list[Any]) -> str:
    vals = [v for v in values if v is not None and v != ""]
    if vals and all(isinstance(v, bool) for v in vals):
        return "boolean"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "long"
    if vals and all(isinstance(v, float | int) and not isinstance(v, bool) for v in vals):
        return "double"
    if vals and all(isinstance(v, list | tuple | set) for v in vals):
        return "string[]"
    return "string"


def _neo4j_label(text: str) -> str:
    return "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", str(text)) if p) or "Node"


def _neo4j_file(records: list[tuple[dict, dict]], fixed: list[str]) -> str:
    """One bulk-import CSV: *records* are (fixed columns, properties)."""
    props = sorted({k for _, p in records for k in p})
    types = {k: _neo4j_type([p.get(k) for _, p in records]) for k in props}
    header = fixed + [f"{k}:{types[k]}" if types[k] != "string" else k for k in props]
    rows = []
    for f, p in records:
        row = dict(zip(fixed, (f[c] for c in fixed), strict=True))
        for k, h in zip(props, header[len(fixed):], strict=True):
            v = p.get(k)
            row[h] = flatten_value(v, ";") if v is not None else ""
            if isinstance(row[h], bool):
                row[h] = str(row[h]).lower()
        rows.append(row)
    return _csv_text(header, rows)


def _neo4j(H: nx.Graph) -> bytes:
    by_kind: dict[str, list] = {}
    for n, a in H.nodes(data=True):
        props = {k: v for k, v in a.items() if k != "id"}
        by_kind.setdefault(_neo4j_label(a.get("kind", "node")), []).append(({"id:ID": n, ":LABEL": _neo4j_label(
            a.get("kind", "node"))}, props))
    by_rel: dict[str, list] = {}
    for u, v, _, a in _edge_rows(H):
        rel = str(a.get("relation", "related_to")).upper()
        props = {k: x for k, x in a.items() if k != "relation"}
        by_rel.setdefault(rel, []).append(({":START_ID": u, ":END_ID": v, ":TYPE": rel}, props))
    buf = io.BytesIO()
    args = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for label, recs in sorted(by_kind.items()):
            z.writestr(f"nodes_{label}.csv", _neo4j_file(recs, ["id:ID", ":LABEL"]))
            args.append(f"  --nodes=import/nodes_{label}.csv")
        for rel, recs in sorted(by_rel.items()):
            z.writestr(f"relationships_{rel}.csv", _neo4j_file(recs, [":START_ID", ":END_ID", ":TYPE"]))
            args.append(f"  --relationships=import/relationships_{rel}.csv")
        z.writestr("import.sh", "#!/bin/sh\n# Unzip into $NEO4J_HOME/import, stop the database, then run:\n"
                   "neo4j-admin database import full --array-delimiter=';' --overwrite-destination \\\n"
                   + " \\\n".join(args) + " \\\n  neo4j\n")
    return buf.getvalue()


def _mermaid_id(node: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", str(node))


def _mermaid_text(text: Any) -> str:
    return str(text).replace('"', "#quot;").replace("\n", " ")


def _mermaid(H: nx.Graph) -> bytes:
    """Factors grouped by level, sub-themes linked to their theme, influences as arrows with evidence counts."""
    factors = {n: a for n, a in H.nodes(data=True) if a.get("kind", "factor") == "factor"}
    lines = ["flowchart TD"]
    levels = sorted({a.get("level", "") for a in factors.values()}, key=lambda lv: (
        min(a.get("level_rank", 9) for a in factors.values() if a.get("level", "") == lv), lv))
    for lv in levels:
        title = H.nodes[lv].get("label", lv) if lv in H else (lv.capitalize() or "Factors")
        lines.append(f'  subgraph {_mermaid_id("level_" + (lv or "none"))}["{_mermaid_text(title)}"]')
        for n, a in sorted(factors.items()):
            if a.get("level", "") == lv:
                shape = ('["', '"]') if a.get("factor_kind") == "theme" else ('("', '")')
                lines.append(f"    {_mermaid_id(n)}{shape[0]}{_mermaid_text(a.get('label', n))}{shape[1]}")
        lines.append("  end")
    for n, a in sorted(factors.items()):
        if a.get("parent") in factors:
            lines.append(f"  {_mermaid_id(n)} -.- {_mermaid_id(a['parent'])}")
    for u, v, _, a in sorted(_edge_rows(H), key=lambda e: (e[0], e[1], str(e[2]))):
        if u in factors and v in factors and a.get("relation", "influences") == "influences":
            arrow = "==>" if a.get("direction") == "upward" else "-->"
            n_ev = len(a.get("evidence", []))
            label = f'|"{n_ev} evidence"|' if n_ev else ""
            lines.append(f"  {_mermaid_id(u)} {arrow}{label} {_mermaid_id(v)}")
    return ("\n".join(lines) + "\n").encode()


def studies_of(H: nx.Graph, G: nx.MultiDiGraph | None = None) -> dict[str, dict]:
    """The studies behind a subgraph: its study nodes, the studies its evidence reports or cites, and the studies named on its edges.

    Parameters
    ----------
    H : any subgraph. G : the full graph, to look up studies named in *H* but not present in it.

    Returns
    -------
    ``{study id: attributes}`` sorted by id (ids without attributes are skipped).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.subgraph import select_subgraph
    >>> G = load_graph()
    >>> studies = studies_of(select_subgraph(G, countries=["DK"]), G)
    >>> "johansen-2024" in studies, list(studies) == sorted(studies)
    (True, True)
    >>> studies["johansen-2024"]["year"]
    2024
    """
    ids: list[str] = [n for n, a in H.nodes(data=True) if a.get("kind") == "study"]
    for _, a in H.nodes(data=True):
        if a.get("kind") == "evidence":
            ids += [a["study"], *a.get("cites", [])]
    for *_, a in _edge_rows(H):
        ids += list(a.get("studies", []))
    out = {}
    for s in dict.fromkeys(ids):
        attrs = H.nodes[s] if s in H else (G.nodes[s] if G is not None and s in G else None)
        if attrs is not None and attrs.get("kind") == "study":
            out[s] = dict(attrs)
    return dict(sorted(out.items()))


def _authors(a: dict) -> list[str]:
    return [p.strip() for p in str(a.get("authors") or "").split(";") if p.strip()]


def _bibtex_escape(text: Any) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(text))


def _bibtex(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    entries = []
    for sid, a in studies_of(H, G).items():
        fields = [("author", " and ".join(_authors(a))), ("title", a.get("title")),
                  ("journal" if a.get("venue") else "howpublished", a.get("venue")), ("year", a.get("year")),
                  ("volume", a.get("volume")), ("number", a.get("issue")), ("pages", str(a.get("pages") or "")
                                                                          .replace("-", "--").replace("–", "--")),
                  ("doi", a.get("doi")), ("url", a.get("url")), ("note", a.get("design"))]
        body = ",\n".join(f"  {k} = {{{_bibtex_escape(v) if k not in ('doi', 'url') else v}}}"
                          for k, v in fields if v not in (None, ""))
        entries.append(f"@{'article' if a.get('venue') else 'misc'}{{{sid},\n{body}\n}}\n")
    return "\n".join(entries).encode()


def _ris(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    out = []
    for sid, a in studies_of(H, G).items():
        lines = [("TY", "JOUR" if a.get("venue") else "GEN"), ("ID", sid)]
        lines += [("AU", au) for au in _authors(a)]
        pages = re.split(r"[-–]+", str(a.get("pages") or ""), maxsplit=1)
        lines += [("TI", a.get("title")), ("T2", a.get("venue")), ("PY", a.get("year")), ("VL", a.get("volume")),
                  ("IS", a.get("issue")), ("SP", pages[0]), ("EP", pages[1] if len(pages) > 1 else ""),
                  ("DO", a.get("doi")), ("UR", a.get("url")), ("N1", a.get("design"))]
        out += [f"{k}  - {v}" for k, v in lines if v not in (None, "")] + ["ER  - ", ""]
    return "\n".join(out).encode()


def export_graph(H: nx.Graph, fmt: str, G: nx.MultiDiGraph | None = None) -> bytes:
    """Serialise a graph in one of :data:`EXPORT_FORMATS`.

    Parameters
    ----------
    H : any graph from this package — :func:`graph.subgraph.select_subgraph`,
        :func:`graph.subgraph.neighbourhood`, :func:`graph.subgraph.filter_influences` …
    fmt : a key of :data:`EXPORT_FORMATS`.
    G : the full graph; BibTeX and RIS use it for studies named in *H* but absent from it.

    Returns
    -------
    The file's bytes (UTF-8 text, or a zip for ``csv`` and ``neo4j``).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.subgraph import select_subgraph
    >>> H = select_subgraph(load_graph(), levels=["micro"])
    >>> export_graph(H, "mermaid").decode().splitlines()[0]
    'flowchart TD'
    >>> export_graph(H, "graphml")[:5]
    b'<?xml'
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
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
    >>> from graph.subgraph import select_subgraph
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
