"""Evidence strength (graph.query.strength): counts recomputed here from the CSVs, the three flags on real influences,
limitations never counted, the min-sources filter, and the CLI's strength columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph import DEFAULT_DATA_DIR, influence_graph, load_graph
from graph.cli.commands import main
from graph.query.details import factor_details, influence_details, study_rows
from graph.query.filters import filter_influences
from graph.query.paths import influence_paths
from graph.query.rollup import rolled_influence_details, rolled_up
from graph.query.strength import (
    STRENGTH_NOTE,
    edge_strength,
    factor_strength,
    influence_strength,
    influences_strength,
    strength_index,
    strength_label,
    with_min_sources,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINI, MINI_LIMITATIONS = FIXTURES / "mini", FIXTURES / "mini_limitations"


def _table(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str | None) -> list[str]:
    return [x for x in (cell or "").split("|") if x]


class FromCsv:
    """Strength counts worked out from the package's CSV files alone, the way the docs define them."""

    def __init__(self, data_dir: Path):
        self.influences = {r["id"]: r for r in _table(data_dir, "influences")}
        self.factors = {r["id"]: r for r in _table(data_dir, "factors")}
        rows = _table(data_dir, "evidence")
        self.findings = [r for r in rows if (r.get("evidence_type") or "finding") == "finding"]
        self.limitations = [r for r in rows if r.get("evidence_type") == "limitation"]
        self.study_countries = {r["id"]: _split(r["countries"]) for r in _table(data_dir, "studies")}

    def countries(self, row: dict[str, str]) -> set[str]:
        own = _split(row["countries"])
        return set(own) if own else {c for s in _split(row["cites"]) for c in self.study_countries.get(s, [])}

    def record(self, rows: list[dict[str, str]], papers: set[str], framework: bool) -> dict:
        pols = {r["polarity"] for r in rows}
        return {
            "evidence": len(rows),
            "papers": len(papers | {r["study"] for r in rows}),
            "cited_studies": len({c for r in rows for c in _split(r["cites"])}),
            "countries": len(set().union(*(self.countries(r) for r in rows))),
            "single_source": len(papers | {r["study"] for r in rows}) == 1,
            "contested": bool(pols & {"enabler", "mixed"}) and bool(pols & {"barrier", "mixed"}),
            "framework_only": framework and not rows,
        }

    def influence(self, inf_id: str) -> dict:
        inf = self.influences[inf_id]
        rows = [r for r in self.findings if inf_id in _split(r["influences"])]
        return self.record(rows, {inf["study"]}, inf["basis"] == "framework")

    def factor(self, fid: str) -> dict:
        members = {fid} | {f for f, r in self.factors.items() if r["parent"] == fid}
        touching = {i for i, r in self.influences.items() if {r["source"], r["target"]} & members}
        rows = [r for r in self.findings if set(_split(r["factors"])) & members or set(_split(r["influences"])) & touching]
        return self.record(rows, {self.factors[fid]["introduced_by"]}, True)


KEYS = ("evidence", "papers", "cited_studies", "countries", "single_source", "contested", "framework_only")


def _counts(d: dict) -> dict:
    return {k: d[k] for k in KEYS}


@pytest.mark.parametrize("data_dir", [DEFAULT_DATA_DIR, MINI, MINI_LIMITATIONS], ids=["bundled", "mini", "limitations"])
def test_every_influence_and_factor_counts_what_the_csv_files_hold(data_dir):
    G, expected = load_graph(data_dir), FromCsv(data_dir)
    for inf_id, r in expected.influences.items():
        assert _counts(influence_strength(G, r["source"], r["target"])) == expected.influence(inf_id), inf_id
    for fid in expected.factors:
        assert _counts(factor_strength(G, fid)) == expected.factor(fid), fid


@pytest.mark.parametrize(("source", "target", "flag", "value"), [
    # Table 2 alone: the review's framework states it, no text evidence
    ("macro-sociocultural", "economic-financial", "framework_only", True),
    # every one of the four papers reports it, as enabler, barrier and mixed
    ("role-clarity", "staff-readiness", "single_source", False),
    ("role-clarity", "staff-readiness", "contested", True),
    # Johansen et al. alone state and evidence it, as enabler and as barrier
    ("change-management-model", "staff-readiness", "single_source", True),
    ("change-management-model", "staff-readiness", "contested", True),
])
def test_flags_on_real_influences_agree_with_their_evidence_rows(G, source, target, flag, value):
    inf_id = f"{source}--{target}"
    s = influence_strength(G, source, target)
    assert s[flag] is value
    assert s[flag] == FromCsv(DEFAULT_DATA_DIR).influence(inf_id)[flag]
    words = {"framework_only": "framework only", "single_source": "single source", "contested": "contested"}
    assert (words[flag] in strength_label(s)) is value


def test_the_bundled_data_has_each_flag_and_corroborated_influences(G):
    records = strength_index(G)["influences"].values()
    assert any(r["framework_only"] for r in records)
    assert any(r["contested"] for r in records) and any(not r["contested"] for r in records)
    assert any(r["single_source"] for r in records) and any(r["papers"] >= 2 for r in records)


def test_values_are_computed_once_per_graph(G):
    a = influence_strength(G, "role-clarity", "staff-readiness")
    assert a is influence_strength(G, "role-clarity", "staff-readiness")
    assert a is strength_index(G)["influences"]["role-clarity--staff-readiness"]
    assert factor_strength(G, "psw-wellbeing") is strength_index(G)["factors"]["psw-wellbeing"]
    ids = ["policy-mandates--hiring-criteria", "health-system-funding--hiring-criteria"]
    assert influences_strength(G, ids) is influences_strength(G, list(reversed(ids)))


def test_limitations_never_count_and_are_listed_apart():
    plain, limited = load_graph(MINI), load_graph(MINI_LIMITATIONS)
    # the same findings with and without three limitation rows: the same counts, influence by influence
    assert strength_index(plain)["influences"] == strength_index(limited)["influences"]
    assert strength_index(plain)["factors"] == strength_index(limited)["factors"]
    d = factor_details(limited, "role-clarity")
    assert "ev-se-lim-001" not in {r["id"] for r in d["evidence"]}
    listed = {r["id"]: r for g in d["limitations"] for r in g["records"]}
    assert "ev-se-lim-001" in listed and listed["ev-se-lim-001"]["evidence_type"] == "limitation"
    i = influence_details(limited, "role-clarity", "stigma")
    assert [r["id"] for r in i["evidence"]] == ["ev-no-001"]
    assert "ev-no-lim-001" in {r["id"] for g in i["limitations"] for r in g["records"]}
    assert i["strength"]["evidence"] == 1 and i["strength"]["polarities"] == {"barrier": 1}
    assert factor_details(plain, "role-clarity")["limitations"] == []
    # the studies table counts the findings a study reports, not its limitations
    assert {r["id"]: r["evidence"] for r in study_rows(limited)} == {r["id"]: r["evidence"] for r in study_rows(plain)}


def test_rolled_up_line_counts_the_influences_it_stands_for(G):
    d = rolled_influence_details(G, "regulatory-political", "hrm-policies")
    assert d["strength"] == influences_strength(G, d["ids"])
    assert d["strength"]["evidence"] == len({r["id"] for r in d["evidence"]})
    V = rolled_up(filter_influences(G), G)
    assert edge_strength(G, V.edges["regulatory-political", "hrm-policies"]) == d["strength"]


def test_min_sources_keeps_exactly_the_influences_several_papers_state(G):
    D = influence_graph(G)
    several = {(u, v) for u, v in D.edges if influence_strength(G, u, v)["papers"] >= 2}
    assert 0 < len(several) < D.number_of_edges()
    assert set(filter_influences(G, min_sources=2).edges) == several
    assert set(with_min_sources(G, D, 2).edges) == several
    assert with_min_sources(G, D, 1) is D


def test_paths_with_min_sources_use_no_single_source_hop(G):
    every = influence_paths(G, "leadership-supervision", "team-relationships")
    kept = influence_paths(G, "leadership-supervision", "team-relationships", min_sources=2)
    assert kept and len(kept) < len(every)
    assert all(influences_strength(G, h["influences"])["papers"] >= 2 for p in kept for h in p["hops"])
    assert [p for p in every if all(influences_strength(G, h["influences"])["papers"] >= 2 for h in p["hops"])] == kept


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["--data", str(MINI), *argv])
    return code, capsys.readouterr().out


def test_cli_paths_show_papers_and_flags_per_hop(capsys):
    G = load_graph(MINI)
    code, out = _run(capsys, "paths", "policy", "wellbeing", "--max-hops", "2")
    assert code == 0 and "papers" in out and STRENGTH_NOTE.lower() in out
    hop_rows = [line for line in out.splitlines() if line.startswith("Policy and regulation (policy)")]
    expected = influence_strength(G, "policy", "team")
    assert expected["framework_only"] and expected["single_source"]
    assert hop_rows and hop_rows[0].split()[-5:] == [str(expected["papers"]), "single", "source,", "framework", "only"]
    code, out = _run(capsys, "paths", "policy", "wellbeing", "--json")
    hop = json.loads(out)["paths"][0]["hops"][0]
    assert hop["strength"]["papers"] == influences_strength(G, hop["influences"])["papers"]


def test_cli_min_sources_drops_single_source_hops(capsys):
    G = load_graph(MINI)
    _, out = _run(capsys, "paths", "policy-mandate", "stigma", "--json")
    every = json.loads(out)["paths"]
    _, out = _run(capsys, "paths", "policy-mandate", "stigma", "--min-sources", "2", "--json")
    kept = json.loads(out)["paths"]
    assert every and not kept  # role-clarity → stigma: Nordmann 2021 alone states it
    assert influence_strength(G, "role-clarity", "stigma")["single_source"]


def test_cli_rank_shows_each_factors_papers(capsys):
    G = load_graph(MINI)
    code, out = _run(capsys, "rank")
    assert code == 0 and STRENGTH_NOTE.lower() in out
    header = out.splitlines()[0].split()
    assert header[-2:] == ["papers", "strength"]
    for line in out.splitlines()[2:]:
        if not line.strip():
            break
        fid = line.split()[0]
        s = factor_strength(G, fid)
        cells = line.split()
        papers_at = next(i for i in range(len(cells) - 1, -1, -1) if cells[i].isdigit())
        assert int(cells[papers_at]) == s["papers"], fid
    code, out = _run(capsys, "rank", "--json")
    assert all(r["strength"]["papers"] == factor_strength(G, r["factor"])["papers"] for r in json.loads(out))
