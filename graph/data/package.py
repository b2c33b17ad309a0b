"""Reading a whole data package: the descriptor, every table, then the checks across tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.data.integrity import References, check_ids, check_keys, check_list_cells, check_semantics
from graph.data.problems import DataError, Problem
from graph.data.schema import read_descriptor
from graph.data.tables import read_table

__all__ = ["read_package"]


def read_package(data_dir: str | Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Read and validate the data package in *data_dir*, parsing each file once.

    Parameters
    ----------
    data_dir : folder holding ``datapackage.json`` and its CSV tables.

    Returns
    -------
    (descriptor, tables): the parsed ``datapackage.json`` and, per table name,
    its rows as dicts of typed values (empty cells are ``None``; ``_row`` is
    the spreadsheet row number).

    Raises
    ------
    DataError listing every problem found: a table that cannot be read comes
    first, with one line counting the references into it that could not be checked.

    Examples
    --------
    >>> from graph.data.load import DEFAULT_DATA_DIR
    >>> desc, tables = read_package(DEFAULT_DATA_DIR)
    >>> sorted(r["id"] for r in tables["levels"])
    ['macro', 'meso', 'micro']
    """
    root = Path(data_dir).resolve()
    desc, problems = read_descriptor(root)
    if desc is None:
        raise DataError(problems)
    tables: dict[str, list[dict] | None] = {}
    files: dict[str, str] = {}
    unread: dict[str, Problem] = {}
    for res in desc["resources"]:
        files[res["name"]] = str(root / res["path"])
        rows, probs = read_table(root, res)
        tables[res["name"]] = rows
        if rows is None:
            unread[res["name"]] = probs[0]
        problems += probs
    refs = References(tables, files)
    later = (check_keys(desc, tables, refs) + refs.problems + check_ids(tables, files) + check_list_cells(tables, files)
             + check_semantics(tables, files))
    for name, n in refs.follow_ons.items():
        cause = unread[name]
        what = "missing" if cause.message.startswith("file not found") else "unreadable"
        summary = Problem(cause.file, f"… and {n:,} reference{'s' if n > 1 else ''} to the {what} table '{name}' "
                          "from other tables, not checked one by one (fix the table first)")
        problems.insert(problems.index(cause) + 1, summary)
    problems += later
    if problems:
        raise DataError(problems)
    return desc, {name: rows or [] for name, rows in tables.items()}
