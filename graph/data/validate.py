"""Validate a pswgraph data package and parse it into typed rows.

Checks are driven by the Table Schemas in ``datapackage.json`` (types, required
fields, enums, patterns, ranges, primary and foreign keys) plus the rules a
schema cannot express: '|'-separated id lists, ids unique across tables,
``parent`` cycles, a sub-theme under a theme at its own level, and the columns
and references the graph is built from (checked even when a schema forgets them).

Every problem is collected, never just the first, as a :class:`Problem` naming
the file, the spreadsheet row (the header is row 1), the column, the bad value
and what was expected. A package is untrusted input: only regular files inside
its own folder are read, and every size below is capped, so no package can
crash, hang or exhaust the process.

This module gathers the public names of the modules that do the work, one concern
each: :mod:`~graph.data.caps` (the size caps), :mod:`~graph.data.problems`
(:class:`Problem`, :class:`DataError`), :mod:`~graph.data.files` (reading inside the
package folder), :mod:`~graph.data.patterns` (the known ``pattern`` constraints),
:mod:`~graph.data.schema` (the descriptor), :mod:`~graph.data.cells`,
:mod:`~graph.data.tables`, :mod:`~graph.data.integrity` (keys, references, rules
across tables) and :mod:`~graph.data.package` (:func:`read_package`).

>>> from graph.data.load import DEFAULT_DATA_DIR
>>> desc, tables = read_package(DEFAULT_DATA_DIR)
>>> len(tables["levels"]), split_list("a|b")
(3, ['a', 'b'])
"""

from graph.data.caps import (
    MAX_DESCRIPTOR_BYTES,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_INTEGER_DIGITS,
    MAX_JSON_DEPTH,
    MAX_LISTED_PROBLEMS,
    MAX_PATTERN_VALUE_CHARS,
    MAX_ROWS,
)
from graph.data.cells import SEP, split_list
from graph.data.package import read_package
from graph.data.patterns import pattern_problem
from graph.data.problems import CONTROL, DataError, InternalError, Problem, format_problems
from graph.data.schema import (
    CORE_COLUMNS,
    FIELD_TYPES,
    LIST_REFERENCES,
    NODE_TABLES,
    OPTIONAL_TABLES,
    REFERENCES,
    REQUIRED_TABLES,
)

__all__ = [
    "CONTROL",
    "CORE_COLUMNS",
    "FIELD_TYPES",
    "LIST_REFERENCES",
    "MAX_DESCRIPTOR_BYTES",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_LISTED_PROBLEMS",
    "MAX_PATTERN_VALUE_CHARS",
    "MAX_ROWS",
    "NODE_TABLES",
    "OPTIONAL_TABLES",
    "REFERENCES",
    "REQUIRED_TABLES",
    "SEP",
    "DataError",
    "InternalError",
    "Problem",
    "format_problems",
    "pattern_problem",
    "read_package",
    "split_list",
]
