"""The CSV files read without the package's code, for tests that recount what the package counts."""

from __future__ import annotations

import csv
from pathlib import Path

from graph import DEFAULT_DATA_DIR


def rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/NAME.csv`` as dicts."""
    with (Path(DEFAULT_DATA_DIR) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(cell: str | None) -> list[str]:
    """The ids of a ``|`` list cell."""
    return [x.strip() for x in (cell or "").split("|") if x.strip()]
