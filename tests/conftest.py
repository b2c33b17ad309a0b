"""Shared fixtures: the bundled graph and throw-away copies of the data package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import DEFAULT_DATA_DIR, load_graph


@pytest.fixture(scope="session")
def G():
    """The knowledge graph built from the bundled data package."""
    return load_graph()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data package."""
    dest = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, dest)
    return dest
