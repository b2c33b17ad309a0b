"""The caps that keep any data package, however hostile, from crashing, hanging or exhausting pswgraph.

Other modules read them as ``caps.NAME`` at call time, so a test can lower one.

>>> MAX_ROWS
1000000
"""

from __future__ import annotations

#: Largest ``datapackage.json`` read, in bytes.
MAX_DESCRIPTOR_BYTES = 1024 * 1024
#: Deepest nesting of arrays and objects in ``datapackage.json``.
MAX_JSON_DEPTH = 32
#: Largest CSV table read, in bytes.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Longest cell, in characters (a long verbatim quote is a few thousand).
MAX_FIELD_CHARS = 1_000_000
#: Most data rows in one table.
MAX_ROWS = 1_000_000
#: Longest cell tested against a ``pattern`` (ids, codes, DOIs and lists of them).
MAX_PATTERN_VALUE_CHARS = 1_000
#: Most digits in an ``integer`` cell.
MAX_INTEGER_DIGITS = 18
#: Most columns in a table's header, and most fields in a table's schema.
MAX_COLUMNS = 200
#: Most tables (resources) in ``datapackage.json``.
MAX_RESOURCES = 64
#: Most values in one field's ``enum``, ``trueValues`` or ``falseValues``.
MAX_ENUM_VALUES = 1_000
#: Most ids in one '|'-separated cell (each id once).
MAX_LIST_ENTRIES = 200
#: Most memory checking a package in a child process may take (:func:`graph.data.load.load_graph_within`), in bytes
#: of address space beyond what the process serving maps.
CHECK_MEMORY_BYTES = 2 * 1024**3
#: How many problems are listed before the rest are counted ("… N more problems").
MAX_LISTED_PROBLEMS = 1_000
