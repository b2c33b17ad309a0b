"""Export round-trips: write each format, read it back, compare nodes, edges and key attributes."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph import load_graph
from graph.export import EXPORT_FORMATS, export_graph, studies_of, write_export
from graph.query.filters import filter_influences, select_subgraph

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


@pytest.fixture
def M():
    return load_graph(MINI)


@pytest.fixture
def H(M):
    return select_subgraph(M, countries=["SE", "NO"])


def _edge_set(g):
    return sorted((str(u), str(v), str(a.get("relation"))) for u, v, a in g.edges(data=True))


def _influence(g, u, v):
    return next(a for _, t, a in g.out_edges(u, data=True) if t == v and a.get("relation") == "influences")


def test_formats_listed():
    assert set(EXPORT_FORMATS) == {"graphml", "gexf", "cyjs", "json", "csv", "mermaid", "neo4j", "bibtex", "ris"}
    assert all(v.name == k and v.ext.startswith(".") and v.mime and v.label for k, v in EXPORT_FORMATS.items())


def test_unknown_format(H):
    with pytest.raises(ValueError, match="graphml"):
        export_graph(H, "pdf")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_round_trip(H, fmt):
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    R = reader(io.BytesIO(export_graph(H, fmt)))
    assert set(R) == set(H)
    assert _edge_set(R) == _edge_set(H)
    assert R.nodes["role-clarity"]["label"] == "Role clarity"
    assert R.nodes["role-clarity"]["aliases"] == "role ambiguity"
    assert R.nodes["ev-se-001"]["quote"] == H.nodes["ev-se-001"]["quote"]
    assert R.nodes["src-se"]["year"] == 2020 and R.nodes["src-se"]["is_source"] is True
    e = _influence(R, "org-culture", "team")
    assert e["evidence"].split("|") == _influence(H, "org-culture", "team")["evidence"]
    assert e["countries"] == "NO|SE" and e["direction"] == "downward"
    if fmt == "graphml":
        assert "countries" in R.graph["list_attributes"].split("|")
        assert R.nodes["ev-rev-002"]["countries"] == "SE|NO"


def test_gexf_edge_ids_unique(H):
    ids = re.findall(rb'<edge [^>]*id="([^"]+)"', export_graph(H, "gexf"))
    assert len(ids) == H.number_of_edges() == len(set(ids))


def test_cyjs_round_trip_keeps_lists(H):
    data = json.loads(export_graph(H, "cyjs"))
    assert {"nodes", "edges"} <= set(data["elements"])
    R = nx.cytoscape_graph(data)
    assert set(R) == set(H)
    assert _edge_set(R) == _edge_set(H)
    assert R.nodes["ev-rev-002"]["countries"] == ["SE", "NO"]
    assert _influence(R, "org-culture", "team")["evidence"] == ["ev-rev-002"]


def test_node_link_round_trip(H):
    R = nx.node_link_graph(json.loads(export_graph(H, "json")), edges="edges")
    assert set(R) == set(H) and _edge_set(R) == _edge_set(H)
    assert R.nodes["policy"]["aliases"] == ["national policy", "government policy"]
    assert isinstance(R, nx.MultiDiGraph)


def test_influence_digraph_exports(M):
    D = filter_influences(M, countries=["SE"])
    R = nx.node_link_graph(json.loads(export_graph(D, "json")), edges="edges")
    assert set(R.edges) == set(D.edges)
    R = nx.read_graphml(io.BytesIO(export_graph(D, "graphml")))
    assert set(R.edges) == set(D.edges)
    assert R.edges["org-culture", "team"]["country_basis"] == '{"NO": ["text"], "SE": ["text"]}'


def test_csv_zip(H):
    z = zipfile.ZipFile(io.BytesIO(export_graph(H, "csv")))
    assert {"nodes.csv", "edges.csv"} <= set(z.namelist())
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert {r["id"] for r in nodes} == set(H)
    assert sorted((r["source"], r["target"], r["relation"]) for r in edges) == _edge_set(H)
    pol = {r["id"]: r["aliases"] for r in nodes if r["kind"] == "factor"}
    assert pol["policy"] == "national policy|government policy"


def test_neo4j_bulk_import(H):
    z = zipfile.ZipFile(io.BytesIO(export_graph(H, "neo4j")))
    names = z.namelist()
    assert "import.sh" in names and "nodes_Factor.csv" in names and "relationships_INFLUENCES.csv" in names
    ids, rels = set(), []
    for name in names:
        if not name.endswith(".csv"):
            continue
        rows = list(csv.DictReader(io.StringIO(z.read(name).decode())))
        if name.startswith("nodes_"):
            ids |= {r["id:ID"] for r in rows}
            if name == "nodes_Study.csv":
                assert "year:long" in rows[0] and "is_source:boolean" in rows[0]
            if name == "nodes_Factor.csv":
                assert {r["id:ID"]: r["aliases:string[]"] for r in rows}["policy"] == "national policy;government policy"
        else:
            rels += [(r[":START_ID"], r[":END_ID"], r[":TYPE"].lower()) for r in rows]
    assert ids == set(H)
    assert sorted(rels) == _edge_set(H)
    assert "--nodes=import/nodes_Factor.csv" in z.read("import.sh").decode()


def test_mermaid(H):
    text = export_graph(H, "mermaid").decode()
    assert text.startswith("flowchart TD\n")
    assert 'subgraph n_level_macro["Macro level"]' in text
    assert "n_self_care ==> n_role_clarity" not in text  # not evidenced in SE/NO: not in H
    assert 'n_stigma -->|"1 evidence"| n_self_care' in text
    factors = [n for n, k in H.nodes(data="kind") if k == "factor"]
    assert all(f"n_{f.replace('-', '_')}" in text for f in factors)


def _parse_bibtex(text):
    out = {}
    for typ, key, body in re.findall(r"@(\w+)\{([^,]+),\n(.*?)\n\}", text, re.DOTALL):
        out[key] = {"type": typ, **dict(re.findall(r"^\s*(\w+) = \{(.*)\},?$", body, re.MULTILINE))}
    return out


def _parse_ris(text):
    out, cur = [], {}
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m:
            continue
        tag, val = m.groups()
        if tag == "ER":
            out.append(cur)
            cur = {}
        else:
            cur.setdefault(tag, []).append(val)
    return out


def test_bibtex_and_ris(M, H):
    expected = {"src-se", "src-no", "review-2022", "cited-gb"}  # not cited-ke: only GB/KE evidence cites it
    assert set(studies_of(H, M)) == expected
    bib = _parse_bibtex(export_graph(H, "bibtex").decode())
    assert set(bib) == expected
    assert bib["src-se"]["doi"] == "10.1234/fixture.se" and bib["src-se"]["author"] == "Svensson, S. and Berg, T."
    assert bib["src-se"]["pages"] == "10--20" and bib["src-se"]["type"] == "article"
    assert _parse_bibtex(export_graph(M, "bibtex").decode())["cited-ke"]["type"] == "misc"
    ris = _parse_ris(export_graph(H, "ris").decode())
    assert {r["ID"][0] for r in ris} == expected
    se = next(r for r in ris if r["ID"] == ["src-se"])
    assert se["AU"] == ["Svensson, S.", "Berg, T."] and se["DO"] == ["10.1234/fixture.se"]
    assert se["SP"] == ["10"] and se["EP"] == ["20"] and se["TY"] == ["JOUR"]


def test_bibtex_of_influence_digraph_needs_full_graph(M):
    D = filter_influences(M, countries=["DK"])
    assert set(_parse_bibtex(export_graph(D, "bibtex", M).decode())) == {"src-se", "src-dk"}
    assert export_graph(D, "bibtex") == b""


def test_write_export_and_bundled(tmp_path, G):
    S = select_subgraph(G, levels=["micro"])
    for fmt, meta in EXPORT_FORMATS.items():
        p = write_export(S, fmt, tmp_path / "out" / f"x{meta.ext}", G)
        assert p.exists()
        if fmt not in ("bibtex", "ris"):  # an empty reference list is legitimate before curation
            assert p.stat().st_size > 0
    R = nx.read_graphml(tmp_path / "out" / "x.graphml")
    assert set(R) == set(S)


def test_bundled_references_parse_back_whole(G):
    """Every study of the bundled graph is one RIS record and one BibTeX entry, with balanced braces."""
    n = len(studies_of(G))
    ris = export_graph(G, "ris").decode()
    assert len(_parse_ris(ris)) == n == ris.count("\nER  - ") + ris.startswith("ER  - ")
    bib = export_graph(G, "bibtex").decode()
    assert len(_parse_bibtex(bib)) == n and bib.count("{") == bib.count("}")
    assert not re.search(r"\band et al", bib)


def test_ris_never_names_et_al_as_an_author():
    """RIS has no "and others": an "et al." in the authors is left out, never written as a person."""
    from graph import load_graph
    from graph.export import export_graph

    G = load_graph()
    ris = export_graph(G, "ris", G).decode("utf-8")
    authors = [line[6:].strip() for line in ris.splitlines() if line.startswith("AU  - ")]
    assert authors and not any(a.rstrip(".").lower() in ("et al", "al., et") for a in authors)
    assert any("et al" in ";".join(a.get("authors", [])) if isinstance(a.get("authors"), list)
               else "et al" in str(a.get("authors", "")) for _, a in G.nodes(data=True) if a.get("kind") == "study")
