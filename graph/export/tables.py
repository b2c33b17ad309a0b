"""CSV nodes and edges and the Neo4j bulk-import set (zips), every text cell guarded against CSV injection."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import networkx as nx

from graph.export.csvsafe import csv_text
from graph.export.flatten import LIST_SEP, _edge_rows, _list_attributes, flatten_value


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
        z.writestr("nodes.csv", csv_text(_columns(nodes, ["id", "kind", "label"]), nodes))
        z.writestr("edges.csv", csv_text(_columns(edges, ["source", "target", "key", "relation"]), edges))
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
    return csv_text(header, rows)


def _neo4j(H: nx.Graph) -> bytes:
    by_kind: dict[str, list] = {}
    for n, a in H.nodes(data=True):
        props = {k: v for k, v in a.items() if k != "id"}
        by_kind.setdefault(_neo4j_label(a.get("kind", "node")), []).append(({"id:ID": n, ":LABEL": _neo4j_label(
            a.get("kind", "node"))}, props))
    by_rel: dict[str, list] = {}
    for u, v, _, a in _edge_rows(H):
        # the type names a file and goes into import.sh: letters, digits and _ only
        rel = re.sub(r"[^A-Z0-9_]+", "_", str(a.get("relation", "related_to")).upper()) or "RELATED_TO"
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
