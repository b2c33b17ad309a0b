"""``pswgraph synth``: a synthetic package K times the bundled one, valid and shaped like it."""

from __future__ import annotations

import csv
import hashlib
import math
from collections import Counter
from pathlib import Path

import pytest

from graph.cli.commands import main
from graph.data.load import DEFAULT_DATA_DIR, load_graph
from graph.data.synth import COUNTRY_SKEW, synthesize

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


#: sha256 of every file ``synthesize`` wrote from ``tests/fixtures/mini`` (name, NUL, bytes, in name order),
#: recorded before the shape options existed: the defaults must still write exactly these bytes.
MINI_DIGESTS = {(3, 0): "63cc64896e6c5ac7ef7c6ee74e715a34884f79a765813387431c6b5347a261fc",
                (2, 7): "eb2408c76487fedd247673dec62e5d3628970b6bc83bd8fa14a610d573718aaa"}
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(("k", "seed"), sorted(MINI_DIGESTS))
def test_synth_defaults_write_the_same_bytes_as_before_the_shape_options(tmp_path, k, seed):
    synthesize(tmp_path / "plain", k, seed=seed, base_dir=MINI)
    assert _digest(tmp_path / "plain") == MINI_DIGESTS[(k, seed)]
    synthesize(tmp_path / "spelled", k, seed=seed, base_dir=MINI, factor_skew=0.0, country_skew=COUNTRY_SKEW)
    assert _digest(tmp_path / "spelled") == MINI_DIGESTS[(k, seed)]


def test_synth_shape_options_set_themes_subthemes_and_countries(tmp_path, capsys):
    out = tmp_path / "wide"
    assert main(["synth", "--scale", "2", "--themes", "16", "--subthemes", "6", "--countries", "20",
                 "-o", str(out)]) == 0
    factors = _rows(out, "factors")
    themes = [r for r in factors if r["kind"] == "theme"]
    subs = [r for r in factors if r["kind"] == "subtheme"]
    assert len(themes) == 16 and len(subs) == 96
    assert {r["parent"] for r in subs} <= {r["id"] for r in themes}
    assert len(_rows(out, "countries")) == 20
    assert len(_rows(out, "evidence")) == 2 * len(_rows(DEFAULT_DATA_DIR, "evidence"))
    assert "--themes 16 --subthemes 6 --countries 20" in (out / "datapackage.json").read_text(encoding="utf-8")
    assert main(["validate", str(out)]) == 0
    assert "valid" in capsys.readouterr().out


def test_synth_refuses_a_shape_smaller_than_its_base(tmp_path, capsys):
    assert main(["synth", "--scale", "2", "--themes", "4", "-o", str(tmp_path)]) == 2
    assert "at least" in capsys.readouterr().err
    with pytest.raises(ValueError, match="--countries"):
        synthesize(tmp_path, 2, base_dir=MINI, countries=1)


def _clone_share(folder: Path, factor: str) -> tuple[int, int]:
    """Evidence naming the original *factor* and naming its last clone."""
    ids = [r["id"] for r in _rows(folder, "factors") if r["id"] == factor or r["id"].startswith(f"{factor}-x")]
    counts = Counter(f for r in _rows(folder, "evidence") for f in r["factors"].split("|") if f in ids)
    return counts[ids[0]], counts[ids[-1]]


def test_synth_skews_move_evidence_to_the_first_clones_and_countries(tmp_path):
    even, skewed = tmp_path / "even", tmp_path / "skewed"
    synthesize(even, 4, themes=9, subthemes=12, factor_skew=0.0, country_skew=0.0)
    synthesize(skewed, 4, themes=9, subthemes=12, factor_skew=3.0, country_skew=3.0)
    first_even, last_even = _clone_share(even, "stigma")
    first_skew, last_skew = _clone_share(skewed, "stigma")
    assert first_skew > first_even and last_skew < last_even
    named = {d: Counter(c for r in _rows(d, "evidence") for c in r["countries"].split("|") if c) for d in (even, skewed)}
    assert len(named[skewed]) < len(named[even])  # skewed: the copies go to the top countries, fewer get any
