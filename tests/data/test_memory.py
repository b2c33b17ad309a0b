"""Memory when reading a hostile table (issue 27): a long cell is held about twice, not fourteen times.

Measured with :mod:`tracemalloc` (every allocation Python and the csv module make), so the bound
is structural: it does not depend on the machine or its load.
"""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest

from graph.data import caps, tables
from graph.data.schema import read_descriptor


@pytest.fixture
def csv_limit():
    """The csv module's field limit at its default during the test (reading a package only ever raises it)."""
    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


TEXTS = ["", "a,b\n", "a,b", "a,b\r\nc,d\r\n", "a\rb\rc", "a,b\nx" + "y" * 40 + "\nc,d\n", '"q\nr",s\n' * 3,
         "x" * 30 + "\r" + "y" * 30 + "\n", "a\r\n" + "z" * 50 + "\r\n", "\n\n\n", "é" * 20 + "\nü\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_lines_are_the_lines_stringio_gives(text, monkeypatch):
    monkeypatch.setattr(tables, "CHUNK", 8)  # every path: short stretches, long lines, lone '\r'
    assert list(tables.lines(text)) == list(io.StringIO(text, newline=""))


def test_a_20_mib_cell_is_refused_by_row_and_column_holding_under_three_times_the_file(data_copy, csv_limit):
    path = data_copy / "levels.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{header}\nhuge,Huge,1,{'x' * 20 * 2**20}\n{rest}", encoding="utf-8")
    size = path.stat().st_size
    desc, _ = read_descriptor(data_copy.resolve())
    levels = next(r for r in desc["resources"] if r["name"] == "levels")
    tracemalloc.start()
    try:
        _, problems = tables.read_table(data_copy.resolve(), levels)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * size  # the bytes and the text (2x); it was 14x: a copy at 4 bytes a character, twice
    assert [(p.row, p.column) for p in problems] == [(2, "description")]
    assert problems[0].message.startswith(f"more than {caps.MAX_FIELD_CHARS:,} characters; expected at most")


def test_a_quoted_cell_over_the_cap_across_lines_is_named_by_its_column(data_copy, csv_limit, monkeypatch):
    monkeypatch.setattr(caps, "MAX_FIELD_CHARS", 131_072)
    path = data_copy / "levels.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    cell = ('line ""one""\n' * 20_000)  # 260,000 characters over 20,000 lines, quotes doubled
    path.write_text(f'{header}\n{rest}long,"{cell}",1,d\n', encoding="utf-8")
    desc, _ = read_descriptor(data_copy.resolve())
    levels = next(r for r in desc["resources"] if r["name"] == "levels")
    _, problems = tables.read_table(data_copy.resolve(), levels)
    assert [(p.row, p.column) for p in problems] == [(rest.count("\n") + 2, "label")]
