"""``pswgraph synth``: a synthetic package K times the bundled one, valid and shaped like it."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pytest

from graph.cli.commands import main
from graph.data.load import DEFAULT_DATA_DIR, load_graph

K = 2


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _n(value: str) -> int:
    return len([x for x in value.split("|") if x])


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    assert main(["synth", "--scale", str(K), "--seed", "7", "-o", str(out)]) == 0
    return out


def test_synth_package_passes_validate(synth_dir, capsys):
    assert main(["validate", str(synth_dir)]) == 0
    assert "valid" in capsys.readouterr().out


def test_synth_scales_each_table_as_stated(synth_dir):
    base = {t: len(_rows(DEFAULT_DATA_DIR, t)) for t in ("evidence", "studies", "citations", "factors", "influences")}
    got = {t: len(_rows(synth_dir, t)) for t in base}
    assert got["evidence"] == K * base["evidence"] and got["studies"] == K * base["studies"]
    assert got["citations"] == K * base["citations"]
    assert got["factors"] == round(base["factors"] * math.sqrt(K))
    assert got["influences"] == round(base["influences"] * K ** 0.75)
    countries = _rows(synth_dir, "countries")
    assert len(_rows(DEFAULT_DATA_DIR, "countries")) < len(countries) <= 60


def test_synth_evidence_distributions_match_bundled(synth_dir):
    base, syn = _rows(DEFAULT_DATA_DIR, "evidence"), _rows(synth_dir, "evidence")
    for column in ("polarity", "perspective", "country_basis"):
        assert Counter(r[column] for r in syn) == Counter({k: K * n for k, n in Counter(r[column] for r in base).items()})
    for column in ("factors", "influences", "cites", "countries"):
        per_row = Counter(_n(r[column]) for r in base)
        assert Counter(_n(r[column]) for r in syn) == Counter({k: K * n for k, n in per_row.items()}), column


def test_synth_countries_skewed_and_new_factors_evidenced(synth_dir):
    counts = Counter(c for r in _rows(synth_dir, "evidence") for c in r["countries"].split("|") if c)
    top = counts.most_common()
    assert top[0][1] > 5 * top[len(top) // 2][1]  # a few countries hold most of the evidence
    G = load_graph(synth_dir)
    clones = [n for n, a in G.nodes(data=True) if a["kind"] == "factor" and "-x" in n]
    assert clones and any(G.in_degree(n) > 1 for n in clones)


def test_synth_same_seed_same_package(synth_dir, tmp_path):
    assert main(["synth", "--scale", str(K), "--seed", "7", "-o", str(tmp_path)]) == 0
    for table in ("evidence", "influences", "factors"):
        assert (tmp_path / f"{table}.csv").read_bytes() == (synth_dir / f"{table}.csv").read_bytes()
