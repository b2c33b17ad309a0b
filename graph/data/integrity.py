"""Keys, references and the rules a schema cannot express: ids unique across tables, parents forming trees,
sub-themes at their theme's level, strategies quoting their own study."""

from __future__ import annotations

from typing import Any

from graph.data.cells import SEP, split_list
from graph.data.problems import Problem
from graph.data.schema import LIST_REFERENCES, NODE_TABLES, REFERENCES, field_names

__all__ = ["References", "check_keys", "check_semantics"]


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


def check_keys(desc: dict[str, Any], tables: dict[str, list[dict] | None], refs: References) -> list[Problem]:
    problems: list[Problem] = []
    files = refs.files
    for res in desc["resources"]:
        name, schema = res["name"], res["schema"]
        rows = tables.get(name) or []
        for field in schema["fields"]:
            if field.get("constraints", {}).get("unique"):
                values = [v for v in (r.get(field["name"]) for r in rows) if v is not None]
                if len(set(values)) == len(values):
                    continue
                seen: dict[Any, int] = {}
                for r in rows:
                    v = r.get(field["name"])
                    if v is None:
                        continue
                    if v in seen:
                        problems.append(Problem(files[name], f"duplicate; first used in row {seen[v]}; expected a unique value",
                                                r["_row"], field["name"], str(v)))
                    else:
                        seen[v] = r["_row"]
        pk = field_names(schema.get("primaryKey")) or []
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
    problems, reported = [], set()
    for start in nodes:
        seen, cur = [], start
        while cur in nodes and nodes[cur].get("parent"):
            if cur in seen:
                cycle = seen[seen.index(cur):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    row = nodes[cycle[0]]
                    problems.append(Problem(fname, "'parent' forms a cycle: " + " -> ".join([*cycle, cycle[0]]) +
                                            "; expected a tree", row["_row"], "parent", row["parent"]))
                break
            seen.append(cur)
            cur = nodes[cur]["parent"]
    return problems
