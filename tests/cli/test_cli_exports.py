"""The command line makes what the explorer makes: every download of the README's example views, byte for
byte (timestamps aside), under the explorer's file name; the explorer's defaults; refused file names."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from dashapp import controls as ctl
from dashapp import create_app
from dashapp.server.replay import CALLBACK, body
from graph.cli.commands import build_parser, main
from graph.export import EXPORT_FORMATS
from graph.present.figure import FIGURE_FORMATS

#: The README's example views (its export section: the figure of PSW wellbeing and its neighbours, the
#: deck's graph slide; its command-line export: two hops around it in Denmark), and one with every theme
#: open, two filters and a selection: explorer controls and the same view as command-line options.
VIEWS = {
    "PSW wellbeing, 1 hop": ({ctl.F_FOCUS.id: "psw-wellbeing"}, ["--focus", "psw-wellbeing"]),
    "PSW wellbeing, 2 hops, Denmark": ({ctl.F_FOCUS.id: "psw-wellbeing", ctl.F_DEPTH.id: 2,
                                        ctl.F_COUNTRIES.id: ["DK"]},
                                       ["--focus", "PSW wellbeing", "--depth", "2", "--country", "Denmark"]),
    "sub-themes, Sweden and Norway, barriers, a selection": (
        {ctl.F_SHOW.id: "subthemes", ctl.F_COUNTRIES.id: ["SE", "NO"], ctl.F_POLARITIES.id: ["barrier"],
         ctl.F_SELECTION.id: {"type": "factor", "id": "psw-wellbeing"}},
        ["--subthemes", "--country", "SE", "--country", "Norway", "--polarity", "barrier", "--select", "wellbeing"]),
}


@pytest.fixture(scope="module")
def app():
    return create_app()


def _download(app, output: str, overrides: dict, trigger: str) -> tuple[str, bytes]:
    """Press the explorer's button *trigger* with the controls set to *overrides*: the file's name and bytes."""
    key = next(k for k in app.callback_map if k.startswith(f"..{output}.data") or k == f"{output}.data")
    req = body(app, key, {**overrides, trigger: 1})
    req["changedPropIds"] = [f"{trigger}.n_clicks"]
    r = app.server.test_client().post(CALLBACK, data=json.dumps(req), content_type="application/json")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    data = r.get_json()["response"][output]["data"]
    return data["filename"], base64.b64decode(data["content"]) if data.get("base64") else data["content"].encode()


def _cli(tmp_path: Path, monkeypatch, capsys, *argv: str) -> tuple[str, bytes]:
    """Run pswgraph in an empty folder without -o: the one file it writes, by name, and its bytes."""
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    for f in folder.iterdir():
        f.unlink()
    monkeypatch.chdir(folder)
    assert main(list(argv)) == 0, capsys.readouterr().err
    (written,) = folder.iterdir()
    return written.name, written.read_bytes()


def _normalised(data: bytes) -> object:
    """The content, the moment it was made left out: an SVG's dc:date, a PDF's CreationDate (and the file id
    made from it), the times in a zip's entries and in an office file's core properties."""
    if data[:2] == b"PK":
        z = zipfile.ZipFile(io.BytesIO(data))
        return [(n, re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", z.read(n))) for n in z.namelist()]
    data = re.sub(rb"<dc:date>[^<]*</dc:date>", b"", data)
    data = re.sub(rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", data)
    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", data)  # fpdf2 2.7 writes +00'00' after it


def _same(explorer: tuple[str, bytes], cli: tuple[str, bytes]) -> None:
    assert cli[0] == explorer[0]  # the explorer's file name
    assert len(cli[1]) > 0 and _normalised(cli[1]) == _normalised(explorer[1])


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt, mode", [(f, m) for f in FIGURE_FORMATS for m in ctl.X_FIGURE_MODE.values])
def test_cli_figure_is_the_explorers_figure(app, tmp_path, monkeypatch, capsys, view, fmt, mode):
    controls, argv = VIEWS[view]
    explorer = _download(app, "x-figure-file", {**controls, ctl.X_FIGURE_MODE.id: mode}, f"x-{fmt}")
    _same(explorer, _cli(tmp_path, monkeypatch, capsys, "figure", *argv, "--format", fmt, "--for", mode))


@pytest.mark.parametrize("view", VIEWS)
def test_cli_deck_of_the_view_is_the_explorers_deck(app, tmp_path, monkeypatch, capsys, view):
    controls, argv = VIEWS[view]
    _same(_download(app, "x-pptx-file", controls, "x-pptx"), _cli(tmp_path, monkeypatch, capsys, "deck", *argv))


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("content, flag", [("drawn", []), ("full", ["--with-evidence"])])
def test_cli_export_is_the_explorers_subgraph_file(app, tmp_path, monkeypatch, capsys, view, fmt, content, flag):
    controls, argv = VIEWS[view]
    explorer = _download(app, "x-file", {**controls, ctl.X_FORMAT.id: fmt, ctl.X_CONTENT.id: content}, "x-download")
    _same(explorer, _cli(tmp_path, monkeypatch, capsys, "export", "--format", fmt, *flag, *argv))


def test_as_drawn_is_the_default(tmp_path, monkeypatch, capsys):
    argv = ["export", "--format", "gexf", "--focus", "psw-wellbeing"]
    drawn = _cli(tmp_path, monkeypatch, capsys, *argv, "--as-drawn")
    assert _cli(tmp_path, monkeypatch, capsys, *argv) == drawn
    assert _cli(tmp_path, monkeypatch, capsys, *argv, "--with-evidence")[1] != drawn[1]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_cli_written_summary_of_the_view_is_the_explorers(app, tmp_path, monkeypatch, capsys, view, fmt):
    controls, argv = VIEWS[view]
    explorer = _download(app, "x-summary-file", {**controls, ctl.X_SUMMARY_FORMAT.id: fmt}, "x-summary")
    _same(explorer, _cli(tmp_path, monkeypatch, capsys, "report", "--view", "--format", fmt, *argv))


@pytest.mark.parametrize("controls, argv", [
    # the README's slide of a route step: regulatory and political factors to PSW wellbeing, 3 hops
    ({ctl.P_SOURCE.id: "regulatory-political", ctl.P_TARGET.id: "psw-wellbeing", ctl.P_HOPS.id: 3},
     ["regulatory-political", "psw-wellbeing", "--max-hops", "3"]),
    ({ctl.P_SOURCE.id: "regulatory-political", ctl.P_TARGET.id: "psw-wellbeing", ctl.P_COUNTRIES.id: ["SE"],
      ctl.P_GRANULARITY.id: "theme", ctl.P_PICK.id: "1", ctl.P_MIN_PAPERS.id: 2},
     ["Regulatory and political factors", "PSW wellbeing", "--country", "Sweden", "--granularity", "theme",
      "--pick", "2", "--min-papers", "2"]),
])
def test_cli_route_deck_is_the_path_finders_deck(app, tmp_path, monkeypatch, capsys, controls, argv):
    explorer = _download(app, "p-pptx-file", controls, "p-pptx")
    _same(explorer, _cli(tmp_path, monkeypatch, capsys, "deck", "--route", *argv))


@pytest.mark.parametrize("controls, argv", [
    ({}, []),
    ({ctl.C_MIN_SHARED.id: 2, ctl.C_MIN_PAPERS.id: 2}, ["--min-shared", "2", "--min-papers", "2"]),
])
def test_cli_comparison_deck_is_the_comparisons_deck(app, tmp_path, monkeypatch, capsys, controls, argv):
    explorer = _download(app, "c-pptx-file", {ctl.C_COUNTRIES.id: ["SE", "NO", "DK"], **controls}, "c-pptx")
    _same(explorer, _cli(tmp_path, monkeypatch, capsys, "deck", "--compare", "Sweden", "NO", "Denmark", *argv))


#: A self-assessment: factors marked a problem here and a strength here, as the Plan view's marks and as options.
MARKS = ({ctl.PL_PROBLEM.id: ["time-limited-project-funding", "staff-readiness", "role-clarity"],
          ctl.PL_STRENGTH.id: ["mentoring"]},
         ["--problem", "Time-limited project funding", "--problem", "staff-readiness", "--problem", "role-clarity",
          "--strength", "mentoring"])


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_cli_checklist_is_the_plans_checklist(app, tmp_path, monkeypatch, capsys, fmt):
    explorer = _download(app, "pl-download", MARKS[0], f"pl-save-{fmt}")
    cli = _cli(tmp_path, monkeypatch, capsys, "checklist", *MARKS[1], "--format", fmt)
    _same(explorer, cli)


def test_cli_checklist_csv_is_the_plans_csv(app, capsys):
    name, data = _download(app, "pl-download", MARKS[0], "pl-save-plan")
    assert main(["checklist", *MARKS[1], "--csv"]) == 0
    out = capsys.readouterr().out
    assert name.endswith(".csv") and out.encode() == data and len(out.splitlines()) > 3


def test_cli_view_options_default_to_the_explorers_controls():
    """One view for the same arguments: an option left out means what the control left alone means."""
    parser = build_parser()
    for command in ("figure", "deck", "export", "report"):
        a = parser.parse_args([command, *(["--format", "gexf"] if command == "export" else [])])
        assert a.depth == ctl.F_DEPTH.default and a.layout == ctl.F_LAYOUT.default
        assert ("subthemes" if a.subthemes else "themes") == ctl.F_SHOW.default
        assert a.min_evidence == ctl.F_MIN_EVIDENCE.default and a.min_countries == ctl.F_MIN_COUNTRIES.default
        assert (not a.evidenced_only) == ctl.F_UNEVIDENCED.default and a.min_papers == ctl.F_MIN_PAPERS.default
        assert a.focus == ctl.F_FOCUS.default and a.select == ctl.F_SELECTION.default and not a.open
    a = parser.parse_args(["figure"])
    assert a.mode == ctl.X_FIGURE_MODE.default
    a = parser.parse_args(["export", "--format", "gexf"])
    assert ("full" if a.with_evidence else "drawn") == ctl.X_CONTENT.default
    a = parser.parse_args(["deck", "--route", "a", "b"])
    assert (a.max_hops, a.granularity, a.rank) == (ctl.P_HOPS.default, ctl.P_GRANULARITY.default, ctl.P_RANK.default)


@pytest.mark.parametrize("argv, ext", [
    (["figure", "-o", "view.jpg"], ".png"),
    (["figure", "--format", "pdf", "-o", "view.png"], ".pdf"),
    (["figure", "--format", "svg", "-o", "view"], ".svg"),
    (["deck", "--compare", "SE", "DK", "-o", "nordic.ppt"], ".pptx"),
    (["export", "--format", "gexf", "--with-evidence", "-o", "view.graphml"], ".gexf"),
    (["report", "--view", "--format", "docx", "-o", "view.md"], ".docx"),
    (["report", "PSW wellbeing", "--format", "docx", "-o", "wellbeing.md"], ".docx"),
])
def test_an_output_name_that_does_not_match_its_format_is_refused(tmp_path, monkeypatch, capsys, argv, ext):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pswgraph {argv[0]}: ") and "Traceback" not in err
    assert ext in err and "nothing written" in err and argv[-1] in err
    assert list(tmp_path.iterdir()) == []


def test_a_selected_influence_the_view_does_not_draw_is_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["deck", "--select", "regulatory-political", "psw-wellbeing"]) == 2
    err = capsys.readouterr().err
    assert "no influence Regulatory and political factors → PSW wellbeing in this view" in err
    assert list(tmp_path.iterdir()) == []


def test_route_and_comparison_decks_refuse_the_explore_views_options(capsys):
    assert main(["deck", "--route", "regulatory-political", "psw-wellbeing", "--focus", "stigma"]) == 2
    assert "the route deck does not use --focus" in capsys.readouterr().err
    assert main(["deck", "--compare", "SE", "--level", "micro"]) == 2
    assert "the comparison deck does not use --level" in capsys.readouterr().err
