"""The README's data dictionary, generated from ``datapackage.json``: one section per table, one row per column.

The descriptions are the package's own (each resource's and each field's
``description``), so the dictionary cannot drift from the schema. Rewrite the
README's section with ``python -m graph.data.dictionary`` (``--check`` exits 1
when it is out of date); ``tests/test_readme.py`` checks it is current.

>>> text = data_dictionary(json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8")))
>>> text.splitlines()[0]
'### `levels` — `data/levels.csv`'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from graph.data.load import DEFAULT_DATA_DIR
from graph.data.schema import LIST_REFERENCES

__all__ = ["BEGIN", "END", "data_dictionary", "main", "readme_section", "with_section"]

#: The lines that enclose the generated section in README.md.
BEGIN = "<!-- data dictionary: generated from data/datapackage.json by `python -m graph.data.dictionary` -->"
END = "<!-- end of the generated data dictionary -->"
#: An ``enum`` longer than this is not listed in the table.
MAX_LISTED_VALUES = 12


def _cell(text: str) -> str:
    r"""*text* safe in a Markdown table cell (a ``|`` escaped, on one line).

    >>> _cell("a|b\nc")
    'a\\|b c'
    """
    return " ".join(str(text).split("\n")).replace("|", "\\|")


def _allowed(field: dict[str, Any]) -> str:
    """The "allowed values / format" cell of a field: its enum, pattern or range."""
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        values = c["enum"]
        parts.append(", ".join(f"`{v}`" for v in values) if len(values) <= MAX_LISTED_VALUES
                     else f"one of the {len(values)} values listed in the schema")
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
    return _cell("; ".join(parts))


def _keys(res: dict[str, Any]) -> str:
    """The line naming a table's primary key, foreign keys and columns of '|'-separated ids."""
    schema = res["schema"]
    pk = schema.get("primaryKey", [])
    out = [f"Primary key: {', '.join(f'`{k}`' for k in ([pk] if isinstance(pk, str) else pk))}."] if pk else []
    fks = [f"`{fk['fields']}` → `{fk['reference']['resource'] or res['name']}.{fk['reference']['fields']}`"
           for fk in schema.get("foreignKeys", [])]
    if fks:
        out.append(f"Foreign keys: {'; '.join(fks)}.")
    lists = [f"`{col}` → `{target}.id`" for (table, col), target in LIST_REFERENCES.items() if table == res["name"]]
    if lists:
        out.append(f"Lists of ids ('\\|'-separated): {'; '.join(lists)}.")
    return " ".join(out)


def data_dictionary(desc: dict[str, Any]) -> str:
    """The data dictionary of a package descriptor, in Markdown.

    Parameters
    ----------
    desc : the parsed ``datapackage.json``.

    Returns
    -------
    One ``###`` section per resource: its description, its keys and a table of its
    columns (type, whether required, allowed values, meaning); ends with a newline.

    Examples
    --------
    >>> desc = {"resources": [{"name": "t", "path": "t.csv", "description": "A table.", "schema": {
    ...     "primaryKey": ["id"], "fields": [{"name": "id", "type": "string", "description": "The id.",
    ...                                       "constraints": {"required": True, "enum": ["a", "b"]}}]}}]}
    >>> print(data_dictionary(desc))
    ### `t` — `data/t.csv`
    <BLANKLINE>
    A table.
    <BLANKLINE>
    Primary key: `id`.
    <BLANKLINE>
    | column | type | required | allowed values / format | meaning |
    |---|---|---|---|---|
    | `id` | string | yes | `a`, `b` | The id. |
    <BLANKLINE>
    """
    sections = []
    for res in desc.get("resources", []):
        lines = [f"### `{res['name']}` — `data/{res['path']}`", ""]
        if res.get("description"):
            lines += [res["description"], ""]
        keys = _keys(res)
        if keys:
            lines += [keys, ""]
        lines += ["| column | type | required | allowed values / format | meaning |", "|---|---|---|---|---|"]
        for f in res["schema"]["fields"]:
            required = "yes" if f.get("constraints", {}).get("required") else ""
            lines.append(f"| `{f['name']}` | {f.get('type', 'string')} | {required} | {_allowed(f)} | "
                         f"{_cell(f.get('description', ''))} |")
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


def readme_section(readme: str) -> str:
    """The generated section of a README's text, between :data:`BEGIN` and :data:`END` (without them).

    >>> readme_section(f"x\\n{BEGIN}\\nhello\\n{END}\\ny")
    'hello\\n'
    """
    start, end = readme.index(BEGIN) + len(BEGIN) + 1, readme.index(END)
    return readme[start:end]


def with_section(readme: str, section: str) -> str:
    """*readme* with its generated section replaced by *section*.

    >>> with_section(f"x\\n{BEGIN}\\nold\\n{END}\\ny", "new\\n") == f"x\\n{BEGIN}\\nnew\\n{END}\\ny"
    True
    """
    start, end = readme.index(BEGIN) + len(BEGIN) + 1, readme.index(END)
    return readme[:start] + section + readme[end:]


def main(argv: list[str] | None = None) -> int:
    """Rewrite README.md's data dictionary from ``data/datapackage.json`` (``--check``: only say if it is current).

    Returns the exit status: 0, or 1 when ``--check`` finds the README out of date.
    """
    args = sys.argv[1:] if argv is None else argv
    readme = Path(DEFAULT_DATA_DIR).parent / "README.md"
    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    text = readme.read_text(encoding="utf-8")
    new = with_section(text, data_dictionary(desc))
    if "--check" in args:
        if new != text:
            print("README.md's data dictionary is out of date: run python -m graph.data.dictionary", file=sys.stderr)
            return 1
        return 0
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
