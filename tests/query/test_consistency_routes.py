"""Route ranking against the CSV files: a hop's papers and items, a route's weakest hop and distinct evidence,
recomputed with the ``csv`` module (not the project's loader), and the order the routes are listed in."""

from __future__ import annotations

import csv
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.query.paths import RANKINGS, path_search

DATA = Path(__file__).resolve().parents[2] / "data"
THEMES = ["regulatory-political", "economic-financial", "organizational-culture", "leadership-supervision",
          "change-management", "hrm-policies", "team-relationships", "psw-wellbeing", "macro-sociocultural"]
COUNTRIES = ["SE", "NO", "DK", "AU", "CA", "GB", "US"]


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


@cache
def _tables() -> dict:
    """From the CSV files: influences, findings per influence, each finding's study and countries, factor themes."""
    study_countries = {r["id"]: _split(r["countries"]) for r in _rows("studies")}
    findings = {}
    for r in _rows("evidence"):
        if (r.get("evidence_type") or "finding") == "limitation":
            continue
        own = _split(r["countries"])
        countries = set(own) if own else {c for s in _split(r["cites"]) for c in study_countries.get(s, [])}
        findings[r["id"]] = {"study": r["study"], "countries": countries, "influences": _split(r["influences"])}
    theme = {r["id"]: r["parent"] or r["id"] for r in _rows("factors")}
    influences = {r["id"]: r for r in _rows("influences")}
    return {"findings": findings, "theme": theme, "influences": influences}


def _hop_influences(u: str, v: str, granularity: str) -> list[str]:
    """The influences a hop u → v stands for: as recorded, or every one rolled up between the two themes."""
    t = _tables()
    if granularity == "subtheme":
        return [i for i, r in t["influences"].items() if (r["source"], r["target"]) == (u, v)]
    return [i for i, r in t["influences"].items()
            if (t["theme"][r["source"]], t["theme"][r["target"]]) == (u, v)]


def _hop(u: str, v: str, granularity: str, countries: list[str]) -> dict:
    """A hop's papers, items and evidence ids, counted from the CSV rows; under *countries* only theirs."""
    t = _tables()
    ids = _hop_influences(u, v, granularity)
    ev = {e for e, f in t["findings"].items() if set(f["influences"]) & set(ids)}
    if countries:
        ev = {e for e in ev if t["findings"][e]["countries"] & set(countries)}
        papers = {t["findings"][e]["study"] for e in ev}
    else:
        papers = {t["influences"][i]["study"] for i in ids} | {t["findings"][e]["study"] for e in ev}
    return {"papers": len(papers), "items": len(ev), "evidence": ev}


def _check(G, source: str, target: str, granularity: str, countries: list[str], rank: str, max_hops: int) -> int:
    found = path_search(G, source, target, max_hops=max_hops, granularity=granularity, countries=countries or None,
                        rank=rank)
    keys = []
    for p in found["paths"]:
        hops = [_hop(h["source"], h["target"], granularity, countries) for h in p["hops"]]
        assert all(h["items"] for h in hops) or not countries  # under a country filter every hop has its evidence
        weakest = min((h["papers"], h["items"]) for h in hops)
        assert (p["weakest"]["papers"], p["weakest"]["evidence"]) == weakest, p["nodes"]
        at = p["weakest"]["hop"]
        assert (hops[at]["papers"], hops[at]["items"]) == weakest
        assert p["evidence_count"] == len(set().union(*(h["evidence"] for h in hops)))
        n, total = len(p["hops"]), p["evidence_count"]
        keys.append({"weakest": (-weakest[0], -weakest[1], n, -total), "total": (-total, n, -weakest[0], -weakest[1]),
                     "fewest": (n, -weakest[0], -weakest[1], -total)}[rank])
    assert keys == sorted(keys)
    return len(found["paths"])


@pytest.mark.parametrize(("source", "target", "granularity", "countries"), [
    ("regulatory-political", "psw-wellbeing", "theme", ["SE"]),
    ("regulatory-political", "psw-wellbeing", "subtheme", ["DK"]),
    ("regulatory-political", "psw-wellbeing", "theme", []),
    ("leadership-supervision", "team-relationships", "subtheme", []),
    ("macro-sociocultural", "team-relationships", "theme", ["NO", "DK"]),
])
def test_hop_papers_and_items_match_the_csv_files(G, source, target, granularity, countries):
    for rank in RANKINGS:
        assert _check(G, source, target, granularity, countries, rank, 6 if countries else 4) > 0


def test_the_sweden_chain_counts_from_the_csv_files(G):
    """The 6-hop Swedish chain: 33 distinct items, its weakest hop one paper and two items on the Swedish evidence."""
    chain = path_search(G, "regulatory-political", "psw-wellbeing", max_hops=6, granularity="theme",
                        countries=["SE"], rank="total")["paths"][0]
    hops = [_hop(u, v, "theme", ["SE"]) for u, v in pairwise(chain["nodes"])]
    assert len(set().union(*(h["evidence"] for h in hops))) == 33 == chain["evidence_count"]
    assert min((h["papers"], h["items"]) for h in hops) == (1, 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(THEMES), target=st.sampled_from(THEMES),
       granularity=st.sampled_from(["theme", "subtheme"]),
       countries=st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True),
       rank=st.sampled_from(RANKINGS), max_hops=st.integers(1, 5))
def test_random_route_queries_match_the_csv_files(G, source, target, granularity, countries, rank, max_hops):
    if source != target:
        _check(G, source, target, granularity, countries, rank, max_hops)
