"""Keys, references and the rules a schema cannot express: ids unique across tables, parents forming trees,
sub-themes at their theme's level, strategies quoting their own study."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from graph.data import caps
from graph.data.cells import SEP, check_constraints, split_list
from graph.data.problems import INVISIBLE, Problem
from graph.data.schema import CORE_COLUMNS, ID_PATTERNS, LIST_REFERENCES, NODE_TABLES, REFERENCES, field_names

__all__ = ["References", "check_ids", "check_keys", "check_list_cells", "check_semantics", "unique_columns"]


class References:
    """Reference checks that count, rather than list, references into a table that could not be read."""

    def __init__(self, tables: dict[str, list[dict] | None], files: dict[str, str]):
        self.tables, self.files = tables, files
        self.follow_ons: dict[str, int] = {}
        self.problems: list[Problem] = []
        self._ids: dict[tuple[str, tuple[str, ...]], set] = {}

    def valid(self, target: str, cols: tuple[str, ...]) -> set | None:
        """The keys of *target* over *cols*, or None when the table could not be read."""
        if self.tables.get(target) is None:
            return None
        if (target, cols) not in self._ids:
            self._ids[target, cols] = {tuple(r.get(c) for c in cols) for r in self.tables[target]}
        return self._ids[target, cols]

    def check(self, name: str, cols: list[str], target: str, tcols: list[str]) -> None:
        """Every row of *name* whose *cols* are all filled must name a row of *target*."""
        valid = self.valid(target, tuple(tcols))
        if valid is not None and len(cols) == 1:  # one pass over the column first: usually all are found
            named = {r.get(cols[0]) for r in self.tables.get(name) or []}
            named.discard(None)
            if all((v,) in valid for v in named):
                return
        for r in self.tables.get(name) or []:
            k = tuple(r.get(c) for c in cols)
            if None in k or (valid is not None and k in valid):
                continue
            if valid is None:
                self.follow_ons[target] = self.follow_ons.get(target, 0) + 1
                continue
            self.problems.append(Problem(self.files[name], f"no such id in table '{target}' ({self.files[target]})",
                                         r["_row"], cols[0], "|".join(map(str, k))))

    def check_lists(self) -> None:
        """The '|'-separated id lists of :data:`LIST_REFERENCES`."""
        for (t, col), target in LIST_REFERENCES.items():
            valid = self.valid(target, ("id",))
            cells = [c for c in (r.get(col) for r in self.tables.get(t) or []) if c]
            if valid is not None and {(p.strip(),) for p in SEP.join(cells).split(SEP)} - {("",)} <= valid:
                continue  # every id named is found
            for r in self.tables.get(t) or []:
                for part in split_list(r.get(col)):
                    if valid is None:
                        self.follow_ons[target] = self.follow_ons.get(target, 0) + 1
                    elif (part,) not in valid:
                        self.problems.append(Problem(self.files[t], f"no such id in table '{target}' "
                                                     f"({self.files[target]})", r["_row"], col, part))


def unique_columns(name: str, schema: dict[str, Any]) -> list[str]:
    """The columns of table *name* whose values must be unique, whatever its schema leaves out.

    A field marked ``unique``, a primary key of one column (a key is unique by definition, with or
    without ``unique``), and the ``id`` of every table the graph is built from.

    Parameters
    ----------
    name : the resource's name.
    schema : its Table Schema, already checked.

    Returns
    -------
    column names, each once, in the schema's order.

    >>> unique_columns("levels", {"fields": [{"name": "id"}, {"name": "label"}]})
    ['id']
    >>> unique_columns("notes", {"fields": [{"name": "k"}, {"name": "v"}], "primaryKey": "k"})
    ['k']
    """
    pk = field_names(schema.get("primaryKey")) or []
    return [f["name"] for f in schema["fields"]
            if f.get("constraints", {}).get("unique") or pk == [f["name"]]
            or (f["name"] == "id" and "id" in CORE_COLUMNS.get(name, {}))]


def check_ids(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    r"""Every ``id`` in Unicode normal form C, free of invisible characters and, in a table the graph is built from,
    matching its pattern (:data:`~graph.data.schema.ID_PATTERNS`), whatever the schema's patterns say.

    Two ids that differ only by a zero-width character, a bidi mark or their normal form
    look the same and would be two nodes; an id with ',' or '>' would break an address or a selector.

    Parameters
    ----------
    tables : table name -> rows (None: unreadable).
    files : table name -> its file, for the messages.

    Returns
    -------
    one :class:`Problem` per id refused (the first thing wrong with it).

    >>> rows = [{"id": "stig\u200bma", "_row": 2}, {"id": "cafe\u0301", "_row": 3}, {"id": "a,b", "_row": 4},
    ...         {"id": "stigma", "_row": 5}]
    >>> for p in check_ids({"factors": rows}, {"factors": "factors.csv"}):
    ...     print(p.row, p.message[:55])
    2 holds the invisible character U+200B at character 5; ex
    3 not in Unicode normal form C (NFC); expected the compos
    4 expected text matching the pattern [a-z][a-z0-9-]*: a l
    """
    problems: list[Problem] = []
    for name, rows in tables.items():
        field = {"constraints": {"pattern": ID_PATTERNS[name]}} if name in ID_PATTERNS else None
        for r in rows or []:
            i = r.get("id")
            if not isinstance(i, str):
                continue
            why = None
            if i.isascii():
                pass
            elif bad := INVISIBLE.search(i):
                why = (f"holds the invisible character U+{ord(bad.group()):04X} at character {bad.start() + 1}; "
                       "expected an id of visible characters only")
            elif not unicodedata.is_normalized("NFC", i):
                why = (f"not in Unicode normal form C (NFC); expected the composed form "
                       f"{unicodedata.normalize('NFC', i)!r}, so that ids that look the same are the same")
            if why is None and field is not None:
                why = check_constraints(i, i, field)
            if why:
                problems.append(Problem(files[name], why, r["_row"], "id", i))
    return problems


def check_list_cells(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    """Each '|'-separated cell of :data:`LIST_REFERENCES` names each id once, and at most
    :data:`~graph.data.caps.MAX_LIST_ENTRIES` ids (every id listed becomes an edge).

    Parameters
    ----------
    tables, files : as for :func:`check_ids`.

    Returns
    -------
    one :class:`Problem` per cell over the cap, or per id listed twice in a cell.

    >>> rows = [{"factors": "a|b|a|a", "_row": 2}]
    >>> [str(p) for p in check_list_cells({"gaps": rows}, {"gaps": "gaps.csv"})]
    ["gaps.csv, row 2, column 'factors': 'a': listed 3 times in this cell; expected each id once"]
    """
    problems: list[Problem] = []
    for t, col in LIST_REFERENCES:
        for r in tables.get(t) or []:
            parts = split_list(r.get(col))
            if len(parts) > caps.MAX_LIST_ENTRIES:
                problems.append(Problem(files[t], f"{len(parts):,} ids; expected at most {caps.MAX_LIST_ENTRIES:,} "
                                        "separated by '|'", r["_row"], col, r[col]))
            elif len(set(parts)) != len(parts):
                problems += [Problem(files[t], f"listed {n} times in this cell; expected each id once", r["_row"], col, part)
                             for part, n in Counter(parts).items() if n > 1]
    return problems


def check_keys(desc: dict[str, Any], tables: dict[str, list[dict] | None], refs: References) -> list[Problem]:
    problems: list[Problem] = []
    files = refs.files
    for res in desc["resources"]:
        name, schema = res["name"], res["schema"]
        rows = tables.get(name) or []
        pk = field_names(schema.get("primaryKey")) or []
        for column in unique_columns(name, schema):
            values = [v for v in (r.get(column) for r in rows) if v is not None]
            if len(set(values)) == len(values):
                continue
            seen: dict[Any, int] = {}
            for r in rows:
                v = r.get(column)
                if v is None:
                    continue
                if v in seen:
                    problems.append(Problem(files[name], f"duplicate; first used in row {seen[v]}; expected a unique value",
                                            r["_row"], column, str(v)))
                else:
                    seen[v] = r["_row"]
        if len(pk) > 1:
            seen_pk: dict[tuple, int] = {}
            for r in rows:
                k = tuple(r.get(c) for c in pk)
                if None in k:
                    continue
                if k in seen_pk:
                    problems.append(Problem(files[name], f"duplicate primary key ({', '.join(pk)}); first used in row {seen_pk[k]}",
                                            r["_row"], pk[0], "|".join(map(str, k))))
                seen_pk.setdefault(k, r["_row"])
    for (t, col), target in REFERENCES.items():
        refs.check(t, [col], target, ["id"])
    for res in desc["resources"]:
        name = res["name"]
        for fk in res["schema"].get("foreignKeys", []):
            cols, tcols = field_names(fk["fields"]), field_names(fk["reference"]["fields"])
            target = fk["reference"].get("resource") or name
            if len(cols) == 1 and REFERENCES.get((name, cols[0])) == target and tcols == ["id"]:
                continue  # checked above
            refs.check(name, cols, target, tcols)
    refs.check_lists()
    return problems


def check_semantics(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    # ids unique across node tables
    owner: dict[str, str] = {}
    for t in NODE_TABLES:
        for r in tables.get(t) or []:
            i = r.get("id")
            if i is None:
                continue
            if i in owner and owner[i] != t:
                problems.append(Problem(files[t], f"id already used in table '{owner[i]}'; expected ids unique across tables",
                                        r["_row"], "id", i))
            owner.setdefault(i, t)
    # factors: theme/subtheme structure and levels
    factors = {r["id"]: r for r in tables.get("factors") or [] if r.get("id")}
    for r in factors.values():
        parent = factors.get(r.get("parent") or "")
        if r.get("kind") == "theme" and r.get("parent"):
            problems.append(Problem(files["factors"], "a theme has no parent; expected an empty cell or kind 'subtheme'",
                                    r["_row"], "parent", r["parent"]))
        if r.get("kind") == "subtheme" and not r.get("parent"):
            problems.append(Problem(files["factors"], "a sub-theme needs the id of its parent theme", r["_row"], "parent", ""))
        if r.get("kind") == "subtheme" and parent is not None and parent.get("kind") == "subtheme" \
                and parent["id"] != r["id"]:
            problems.append(Problem(files["factors"], f"the parent '{parent['id']}' is itself a sub-theme; "
                                    "expected a theme (kind 'theme')", r["_row"], "parent", r["parent"]))
        if parent is not None and r.get("level") and parent.get("level") and r["level"] != parent["level"]:
            problems.append(Problem(files["factors"], f"sub-theme at level '{r['level']}' but its theme '{parent['id']}' is "
                                    f"at '{parent['level']}'; expected the theme's level", r["_row"], "level", r["level"]))
    problems += _cycles(factors, files["factors"])
    problems += _cycles({r["id"]: r for r in tables.get("study_themes") or [] if r.get("id")}, files["study_themes"])
    for r in tables.get("influences") or []:
        if r.get("source") and r.get("source") == r.get("target"):
            problems.append(Problem(files["influences"], "an influence needs two different factors", r["_row"], "target", r["target"]))
        if r.get("id") and r.get("source") and r.get("target") and r["id"] != f"{r['source']}--{r['target']}":
            problems.append(Problem(files["influences"], f"expected the id '{r['source']}--{r['target']}' (SOURCE--TARGET)",
                                    r["_row"], "id", r["id"]))
    for r in tables.get("evidence") or []:
        if not r.get("factors") and not r.get("influences") and r.get("polarity") != "context":
            problems.append(Problem(files["evidence"], "evidence must name at least one factor or influence "
                                    "(only a 'context' claim, e.g. a limitation, may name none)", r["_row"], "factors", ""))
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["evidence"], "countries given without a basis; expected 'text' or 'setting'",
                                    r["_row"], "country_basis", ""))
    for r in tables.get("gaps") or []:
        if not r.get("factors") and not r.get("levels"):
            problems.append(Problem(files["gaps"], "a gap must name at least one factor or level", r["_row"], "factors", ""))
    problems += _check_strategies(tables, files)
    for r in tables.get("studies") or []:
        if r.get("countries") and not r.get("country_basis"):
            problems.append(Problem(files["studies"], "countries given without a basis; expected 'text' or 'title'",
                                    r["_row"], "country_basis", ""))
    return problems


def _check_strategies(tables: dict[str, list[dict] | None], files: dict[str, str]) -> list[Problem]:
    """A strategy's evidence comes from its own study and quotes the paper; no factor is both addressed and relied on.

    >>> ev = [{"id": "ev-a-1", "study": "a", "quote": "q"}, {"id": "ev-b-1", "study": "b", "quote": ""}]
    >>> st = [{"id": "strat-a", "study": "a", "addresses": "x", "relies_on": "x", "evidence": "ev-a-1|ev-b-1", "_row": 2}]
    >>> for p in _check_strategies({"evidence": ev, "strategies": st}, {"strategies": "strategies.csv"}):
    ...     print(p)
    strategies.csv, row 2, column 'evidence': 'ev-b-1': reported in study 'b', not in the strategy's study 'a'; expected evidence from the same paper
    strategies.csv, row 2, column 'evidence': 'ev-b-1': the evidence row has no quote; expected evidence that quotes the paper
    strategies.csv, row 2, column 'relies_on': 'x': also in 'addresses'; expected a factor the strategy either addresses or relies on
    """
    problems: list[Problem] = []
    evidence = {r["id"]: r for r in tables.get("evidence") or [] if r.get("id")}
    for r in tables.get("strategies") or []:
        fname = files["strategies"]
        for ev in split_list(r.get("evidence")):
            e = evidence.get(ev)
            if e is None:
                continue  # reported by the reference check
            if r.get("study") and e.get("study") != r["study"]:
                problems.append(Problem(fname, f"reported in study '{e.get('study')}', not in the strategy's study "
                                        f"'{r['study']}'; expected evidence from the same paper", r["_row"], "evidence", ev))
            if not (e.get("quote") or "").strip():
                problems.append(Problem(fname, "the evidence row has no quote; expected evidence that quotes the paper",
                                        r["_row"], "evidence", ev))
        addresses = set(split_list(r.get("addresses")))
        for f in split_list(r.get("relies_on")):
            if f in addresses:
                problems.append(Problem(fname, "also in 'addresses'; expected a factor the strategy either addresses "
                                        "or relies on", r["_row"], "relies_on", f))
    return problems


def _cycles(nodes: dict[str, dict], fname: str) -> list[Problem]:
    """One problem per ``parent`` cycle among *nodes* (id -> row).

    >>> [p.message for p in _cycles({"a": {"parent": "b", "_row": 2}, "b": {"parent": "a", "_row": 3}}, "f.csv")]
    ["'parent' forms a cycle: a -> b -> a; expected a tree"]
    """
    problems: list[Problem] = []
    done: set[str] = set()  # every node whose way up was already followed: each node is walked once
    for start in nodes:
        path: dict[str, int] = {}  # the nodes on this walk, in order (dicts keep it), each with its place
        cur = start
        while cur in nodes and cur not in done and nodes[cur].get("parent"):
            if cur in path:
                cycle = list(path)[path[cur]:]
                row = nodes[cycle[0]]
                problems.append(Problem(fname, "'parent' forms a cycle: " + " -> ".join([*cycle, cycle[0]]) +
                                        "; expected a tree", row["_row"], "parent", row["parent"]))
                break
            path[cur] = len(path)
            cur = nodes[cur]["parent"]
        done.update(path)
    return problems
