"""The pswgraph command line: exit codes and output."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from graph.cli.commands import build_parser, main

GRAPH_DIR = Path(__file__).resolve().parents[2] / "graph"
MINI = str(Path(__file__).parents[1] / "fixtures" / "mini")


def test_info_json(capsys):
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["nodes"]["level"] == 3
    assert info["factors"]["theme"] >= 9 and info["factors"]["subtheme"] >= 25
    assert info["influences"] >= 28
    assert info["name"] == "pswgraph-data" and info["version"]


def test_info_table(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "nodes by kind:" in out and "influences" in out


def test_validate_clean_exit_0(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and len(out.strip().splitlines()) == 1


def test_validate_missing_folder_exit_1(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "not a folder" in capsys.readouterr().out


def test_console_script_no_traceback_on_bad_data(tmp_path):
    bad = tmp_path / "d"
    bad.mkdir()
    (bad / "datapackage.json").write_text("{", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "validate", str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "datapackage.json" in proc.stdout


def test_info_on_bad_data_exit_1_no_traceback(tmp_path):
    bad = tmp_path / "d"
    bad.mkdir()
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "--data", str(bad), "info"], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "datapackage.json" in proc.stderr


@pytest.mark.parametrize("argv", [["search", "wellbeing"], ["paths", "regulatory-political", "PSW wellbeing", "--granularity", "theme"]])
def test_closed_pipe_ends_quietly(argv):
    """``pswgraph … | head -1``: the reader goes away; no BrokenPipeError traceback, exit 0 or 141."""
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the command writes (startup alone takes longer)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) in (0, 141)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_pipe_read_one_line_then_close():
    """The ``head -1`` shape: read the first line, close, no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "search", "e", "--limit", "100000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) in (0, 141)
    assert "Traceback" not in err, err


def _commands() -> dict:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def test_top_level_help_has_description_and_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert "The ``pswgraph`` command line" not in out and "peer support worker" in out
    assert "Examples:" in out and "pswgraph paths" in out
    assert set(_commands()) <= set(out.split())  # every command listed, serve included
    assert "(from " not in out  # plug-in commands show their own summary


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_help_has_description_defaults_and_example(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    usage, description = out.split("\n\n")[:2]
    assert usage.startswith(f"usage: pswgraph {command}") and len(description.split()) >= 5
    assert "default" in out and "Example" in out and f"  pswgraph {command}" in out
    flat = " ".join(out.split())
    for action in _commands()[command]._actions:  # every option with a real default states it
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS) and action.help:
            assert f"(default: {action.default})" in flat, action.dest


def test_granularity_default_is_the_shared_constant(capsys):
    from graph.query.paths import DEFAULT_GRANULARITY as expected

    for command in ("paths", "upstream", "downstream", "compare", "rank"):
        (granularity,) = [a for a in _commands()[command]._actions if a.dest == "granularity"]
        assert granularity.default == expected
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"(default: {expected})" in " ".join(capsys.readouterr().out.split())


def test_graph_never_imports_the_screen():
    """The library must not know the explorer: no dash or dashapp import anywhere in graph/, not even lazily."""
    pattern = re.compile(r"^\s*(import|from)\s+dash|import_module\(\s*[\"']dash|\bdashapp\b", re.MULTILINE)
    offenders = [f"{path.name}:{m.group(0).strip()}" for path in sorted(GRAPH_DIR.glob("*.py"))
                 for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_serve_help_lists_port_with_default():
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "serve", "--help"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "--port PORT" in proc.stdout and "(default: 8050)" in proc.stdout and "--host" in proc.stdout


def test_other_commands_do_not_load_dash():
    code = f"import sys; from graph.cli.commands import main; main(['--data', {MINI!r}, 'info']); print('dash' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def configure_hello(p: argparse.ArgumentParser) -> None:
    """A plug-in command for the tests below."""
    p.description = "say hello\n\nA test plug-in."
    p.add_argument("--name", default="world", help="whom to greet")
    p.set_defaults(func=lambda args: print(f"hello {args.name}") or 0)


def test_plugin_commands_load_only_when_used(monkeypatch, capsys):
    import graph.cli.commands

    group = graph.cli.commands.COMMANDS_GROUP
    eps = [EntryPoint("hello", f"{__name__}:configure_hello", group), EntryPoint("broken", "no_such_module:f", group),
           EntryPoint("info", "no_such_module:f", group)]  # a built-in name is never taken over
    monkeypatch.setattr(graph.cli.commands, "entry_points", lambda group: [ep for ep in eps if ep.group == group])
    assert main(["hello", "--name", "you"]) == 0 and capsys.readouterr().out == "hello you\n"
    assert main(["broken"]) == 2 and "no_such_module" in capsys.readouterr().err
    assert main(["--data", MINI, "info"]) == 0
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "say hello" in out and "unavailable" in out


def test_data_option_after_every_command():
    """``pswgraph COMMAND --data DIR`` works for every command, plug-ins included (``--help`` loads them)."""
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert [name for name, p in sub.choices.items() if "--data" not in p._option_string_actions] == []


def test_info_data_after_the_command(capsys):
    assert main(["info", "--data", MINI, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "pswgraph-mini-fixture"
    assert main(["--data", MINI, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "pswgraph-mini-fixture"


def test_exit_1_invalid_data_2_usage(tmp_path, capsys):
    assert main(["info", "--data", str(tmp_path)]) == 1  # no datapackage.json: invalid data
    assert "datapackage.json" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["info", "--no-such-option"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["info", "--data"])
    assert exit_.value.code == 2
    assert main(["paths", "no-such-factor", "psw-wellbeing"]) == 2
