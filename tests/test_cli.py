"""The pswgraph command line: exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.cli import main


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
