"""The query sub-commands of the CLI: JSON shapes, tables, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph import load_graph
from graph.cli.commands import main
from graph.export import EXPORT_FORMATS

MINI = str(Path(__file__).parents[1] / "fixtures" / "mini")


def run(capsys, *argv: str, data: str | None = MINI) -> tuple[int, str, str]:
    code = main([*(["--data", data] if data else []), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_paths_json_shape(capsys):
    code, out, _ = run(capsys, "paths", "policy", "PSW wellbeing", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["source"] == "policy" and r["target"] == "wellbeing"
    assert [p["nodes"] for p in r["paths"]] == [["policy-mandate", "role-clarity", "stigma", "self-care"],  # 4 evidence
                                                ["policy", "org-culture", "team", "wellbeing"],  # 3
                                                ["policy", "team", "wellbeing"]]  # a theme stands for its sub-themes too
    assert (r["total"], r["total_exact"]) == (3, True)
    hop = r["paths"][1]["hops"][0]
    assert set(hop) == {"source", "target", "influences", "evidence", "studies", "countries", "strength"}
    assert hop["evidence"] == ["ev-no-002"] and hop["countries"] == ["NO"]


def test_paths_country_and_granularity(capsys):
    code, out, _ = run(capsys, "paths", "policy-mandate", "self-care", "--country", "Denmark", "--json")
    assert code == 0 and json.loads(out)["paths"] == []
    code, out, _ = run(capsys, "paths", "policy-mandate", "self-care", "--granularity", "theme", "--json")
    r = json.loads(out)
    assert r["source"] == "policy" and ["policy", "team", "wellbeing"] in [p["nodes"] for p in r["paths"]]
    code, out, _ = run(capsys, "paths", "policy", "wellbeing", "--max-hops", "2")
    assert code == 0 and "1 of 1 path(s)" in out
    assert "Policy and regulation → Team relationships → PSW wellbeing" in out
    code, out, _ = run(capsys, "paths", "policy", "wellbeing", "--limit", "1")
    assert code == 0 and "1 of 3 path(s)" in out and "--limit 3 lists more" in out


def test_up_and_downstream(capsys):
    code, out, _ = run(capsys, "upstream", "stigma", "--json")
    r = json.loads(out)
    assert code == 0 and r["factor"] == "stigma"
    assert r["upstream"] == {"role-clarity": 1, "policy-mandate": 2, "self-care": 2}
    assert r["labels"] == {"policy-mandate": "Policy mandate", "role-clarity": "Role clarity", "self-care": "Self-care",
                           "stigma": "Stigma"}
    code, out, _ = run(capsys, "downstream", "mandates")
    assert code == 0 and "3 factor(s)" in out and "self-care" in out


def test_compare_json_shape(capsys):
    code, out, _ = run(capsys, "compare", "SE", "norway", "--json")
    assert code == 0
    r = json.loads(out)
    assert sorted(r) == ["countries", "labels", "per_country", "shared", "unique"]
    assert r["countries"] == ["SE", "NO"] and r["shared"] == [["org-culture", "team"]]
    assert all(isinstance(e, list) and len(e) == 2 for e in r["per_country"]["SE"]["edges"])
    code, out, _ = run(capsys, "compare", "SE", "NO")
    assert "shared" in out and "SE only" in out


def test_compare_min_shared_keeps_the_influences_two_countries_evidence(capsys):
    """--min-shared 2 keeps exactly the influences the plain comparison shows in both countries."""
    _, out, _ = run(capsys, "compare", "SE", "NO", "--json")
    every = json.loads(out)
    code, out, _ = run(capsys, "compare", "SE", "NO", "--min-shared", "2", "--json")
    r = json.loads(out)
    assert code == 0 and r["per_country"]["SE"]["edges"] == r["per_country"]["NO"]["edges"] == every["shared"]
    assert r["unique"] == {"SE": [], "NO": []} and every["unique"]["SE"]


def test_matrix_outputs(capsys):
    code, out, _ = run(capsys, "matrix", "--json")
    r = json.loads(out)
    assert code == 0 and r["by"] == "country" and {"factor", "column", "polarity", "count"} == set(r["cells"][0])
    code, out, _ = run(capsys, "matrix", "--csv", "--by", "study")
    assert out.startswith("\ufeff")  # a byte-order mark: a spreadsheet reads it as UTF-8
    out = out.removeprefix("\ufeff")
    assert out.splitlines()[0] == "factor,label,review-2022,src-dk,src-no,src-se" and "stigma,Stigma,0,0,1,1" in out
    code, out, _ = run(capsys, "matrix")
    assert "gap" in out and "self-care" in out


def test_search_and_rank(capsys):
    code, out, _ = run(capsys, "search", "synthetic", "Sweden", "--json")
    r = json.loads(out)
    assert code == 0 and {"id": "src-se", "label": "Svensson et al. 2020"} in r["study"]
    code, out, _ = run(capsys, "search", "stigma")
    assert "stigma  Stigma" in out
    code, out, _ = run(capsys, "rank", "--json")
    assert code == 0 and json.loads(out)[0]["reach"] == 3 and len(json.loads(out)) == 10
    code, out, _ = run(capsys, "rank", "--top", "3")
    assert len(out.split("\n\n")[0].splitlines()) == 5  # header, rule, three factors; then the counts note


def test_export_focus_and_country(capsys, tmp_path):
    """As drawn: with every theme open, the focus's neighbourhood; by default (the nine themes, as the explorer
    opens) the focus in its opened theme and its neighbours' themes as boxes."""
    path = tmp_path / "sub.graphml"
    code, _, err = run(capsys, "export", "--format", "graphml", "--focus", "stigma", "--depth", "1", "--subthemes",
                       "-o", str(path))
    assert code == 0 and "wrote" in err
    H = nx.read_graphml(path)
    near = {"stigma", "role-clarity", "self-care"}
    assert {n for n, k in H.nodes(data="kind") if k == "factor"} == near
    assert run(capsys, "export", "--format", "graphml", "--focus", "stigma", "-o", str(path))[0] == 0
    G = load_graph(MINI)
    drawn = set(nx.read_graphml(path))
    assert drawn == {"stigma", *(G.nodes[n]["theme"] for n in near - {"stigma"})}
    path = tmp_path / "se.zip"
    assert run(capsys, "export", "--format", "neo4j", "--country", "SE", "-o", str(path))[0] == 0
    assert "import.sh" in zipfile.ZipFile(path).namelist()


@pytest.mark.parametrize("fmt, name", [("csv", "x.csv"), ("neo4j", "x.csv"), ("graphml", "x.gexf"),
                                       ("bibtex", "refs"), ("gexf", "x.zip")])
def test_export_refuses_a_file_name_that_does_not_match_its_format(capsys, tmp_path, fmt, name):
    code, _, err = run(capsys, "export", "--format", fmt, "-o", str(tmp_path / name))
    assert code == 2 and "nothing written" in err and EXPORT_FORMATS[fmt].ext in err
    assert not (tmp_path / name).exists()
    right = (tmp_path / name).with_suffix(EXPORT_FORMATS[fmt].ext)
    assert run(capsys, "export", "--format", fmt, "-o", str(right))[0] == 0 and right.stat().st_size > 0


@pytest.mark.parametrize("argv", [
    ["paths", "nonsense factor", "wellbeing"],
    ["upstream", "stigmatisation of"],
    ["compare", "SE", "Atlantis"],
    ["paths", "policy", "wellbeing", "--country", "Narnia"],
    ["export", "--format", "gexf", "--focus", "qqq", "-o", "/tmp/never.gexf"],
    ["compare", "SE", "sweden"],
])
def test_unknown_names_exit_2_with_message(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and "Traceback" not in err and err.startswith("pswgraph ")
    assert out == ""


def test_suggestions_listed(capsys):
    code, _, err = run(capsys, "upstream", "stigmatisation of")
    assert code == 2 and "did you mean" in err and "stigma" in err


def test_subprocess_no_traceback():
    p = subprocess.run([sys.executable, "-m", "graph.cli.commands", "paths", "wellbeeing zzz", "nowhere"],
                       check=False, capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "unknown factor" in p.stderr


def test_bundled_commands_run(capsys):
    code, out, _ = run(capsys, "paths", "regulatory-political", "psw-wellbeing", "--granularity", "theme", "--json",
                       data=None)
    r = json.loads(out)
    assert code == 0 and r["paths"] and all(p["nodes"][-1] == "psw-wellbeing" for p in r["paths"])
    code, out, _ = run(capsys, "compare", "SE", "NO", "DK", "--json", data=None)
    assert code == 0 and json.loads(out)["countries"] == ["SE", "NO", "DK"]
    for argv in (["matrix"], ["rank", "--top", "5"], ["downstream", "policy mandates"], ["search", "peer"]):
        assert run(capsys, *argv, data=None)[0] == 0


def test_matrix_csv_is_the_full_grid_with_zeros(capsys):
    """Every factor a row, every country a column, 0 for a gap — also under a polarity with few cells."""
    factors = [line.split(",")[0] for line in (Path(MINI) / "factors.csv").read_text(encoding="utf-8").splitlines()[1:]]
    for extra in ([], ["--polarity", "context"]):
        code, out, _ = run(capsys, "matrix", "--csv", *extra)
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
        assert code == 0 and rows[0] == ["factor", "label", "DK", "GB", "KE", "NO", "SE"]
        assert sorted(r[0] for r in rows[1:]) == sorted(factors)
        assert all(len(r) == 7 for r in rows) and sum(r[2:].count("0") for r in rows[1:]) >= len(factors)
    # a theme's row rolls up its sub-themes (Self-care's two Swedish items); --as-recorded keeps the theme's own
    assert ["wellbeing", "PSW wellbeing", "0", "1", "1", "0", "2"] in list(csv.reader(io.StringIO(run(capsys, "matrix", "--csv")[1])))
    assert ["wellbeing", "PSW wellbeing", "0", "1", "1", "0", "0"] in list(csv.reader(io.StringIO(
        run(capsys, "matrix", "--csv", "--as-recorded")[1])))
    assert ["self-care", "Self-care", "0", "0", "0", "0", "2"] in list(csv.reader(io.StringIO(run(capsys, "matrix", "--csv")[1])))


@pytest.mark.parametrize("argv", [
    ["paths", "policy", "PSW wellbeing"],
    ["downstream", "Team relationships"],
    ["rank"],
    ["compare", "GB", "KE"],
    ["matrix"],
])
def test_tables_show_labels_beside_ids(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "PSW wellbeing" in out.split("\n", 1)[1]  # in the table, not only the title
    if argv[0] in ("compare", "paths"):
        assert "PSW wellbeing (wellbeing)" in out
    if argv[0] in ("matrix", "paths"):
        assert "GB = United Kingdom" in out and "KE = Kenya" in out


def test_json_adds_labels(capsys):
    r = json.loads(run(capsys, "paths", "policy", "PSW wellbeing", "--json")[1])
    assert r["labels"]["wellbeing"] == "PSW wellbeing" and r["labels"]["SE"] == "Sweden"
    assert r["labels"]["src-se"] == "Svensson et al. 2020"
    r = json.loads(run(capsys, "compare", "GB", "KE", "--json")[1])
    assert r["labels"]["wellbeing"] == "PSW wellbeing" and r["labels"]["KE"] == "Kenya"
    rows = json.loads(run(capsys, "rank", "--json")[1])
    assert {"factor": "wellbeing", "label": "PSW wellbeing"}.items() <= next(r for r in rows if r["factor"] == "wellbeing").items()
    r = json.loads(run(capsys, "matrix", "--json")[1])
    assert r["labels"]["wellbeing"] == "PSW wellbeing" and r["labels"]["GB"] == "United Kingdom"


def test_tables_are_headed_by_the_active_filters(capsys):
    """A table says under which filters it was made (and says nothing of filters when none is set)."""
    for argv in (["upstream", "PSW wellbeing", "--country", "SE", "--polarity", "barrier"],
                 ["rank", "--country", "Sweden", "--polarity", "barrier", "--by", "reach"],
                 ["compare", "SE", "NO", "--polarity", "barrier"],
                 ["paths", "policy", "PSW wellbeing", "--country", "SE", "--polarity", "barrier"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out.splitlines()[0] == (
            "filters: with polarity barrier" if argv[0] == "compare" else "filters: in Sweden, with polarity barrier")
        code, out, _ = run(capsys, *[a for a in argv if a not in ("--country", "SE", "Sweden", "--polarity", "barrier")],
                           *(["SE"] if argv[0] == "compare" else []))
        assert code == 0 and "filters:" not in out
