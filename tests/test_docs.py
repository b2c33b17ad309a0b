"""The README's and docs/querying.md's Python sessions run as doctests on the bundled data."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("doc", ["README.md", "docs/querying.md"])
def test_python_sessions_hold(doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # exports in the sessions write relative paths
    (tmp_path / "out").mkdir()
    result = doctest.testfile(str(ROOT / doc), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 5
    assert result.failed == 0
