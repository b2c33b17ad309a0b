"""Adding a study: ``pswgraph template``, ``import``, ``check-quotes`` and ``diff``.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_living_commands(sub)
>>> sub.choices["check-quotes"].parse_args(["--text", "grim-2022=paper.pdf"]).text
['grim-2022=paper.pdf']
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.cli.help import add_command
from graph.data.load import DEFAULT_DATA_DIR, load_graph
from graph.data.quotes import QuoteCheck, check_study_quotes, read_paper
from graph.present.changes import changes_markdown, changes_text
from graph.query.changes import package_changes

__all__ = ["add_living_commands", "format_quote_checks", "parse_texts"]


def parse_texts(pairs: list[str]) -> dict[str, str]:
    """``STUDY_ID=PATH`` arguments as ``{study: path}``; ValueError naming what was expected.

    >>> parse_texts(["grim-2022=/tmp/grim.pdf"])
    {'grim-2022': '/tmp/grim.pdf'}
    >>> parse_texts(["grim.pdf"])
    Traceback (most recent call last):
    ValueError: --text 'grim.pdf': expected STUDY_ID=PATH (e.g. grim-2022=~/papers/grim.pdf)
    """
    out = {}
    for pair in pairs:
        study, sep, path = pair.partition("=")
        if not sep or not study.strip() or not path.strip():
            raise ValueError(f"--text {pair!r}: expected STUDY_ID=PATH (e.g. grim-2022=~/papers/grim.pdf)")
        out[study.strip()] = str(Path(path.strip()).expanduser())
    return out


def format_quote_checks(study: str, path: str, checks: list[QuoteCheck]) -> list[str]:
    """The report of one study's quotes: a line per quote, the closest passage and the differences under a miss.

    >>> from graph.data.quotes import check_quote, normalise_text
    >>> text = normalise_text("Staff were wary of the new role.")
    >>> checks = [check_quote("Staff were wary", text, "ev-x-001", "evidence"),
    ...           check_quote("Staff were wary about the new role", text, "ev-x-002", "evidence")]
    >>> print("\\n".join(format_quote_checks("x-2020", "x.txt", checks)))
    found      evidence ev-x-001
    NOT FOUND  evidence ev-x-002
      quote:   'Staff were wary about the new role'
      closest: 'Staff were wary of the new role' (92% alike)
      differs: quote 'about' / text 'of'
    x-2020: 1 of 2 quotes found in x.txt; 1 not found
    """
    lines = []
    for c in checks:
        lines.append(f"{'found' if c.found else 'NOT FOUND':<9}  {c.table} {c.record}")
        for m in c.misses:
            lines.append(f"  quote:   {m.fragment!r}")
            if m.passage:
                lines.append(f"  closest: {m.passage!r} ({m.similarity:.0%} alike)")
                lines += [f"  differs: quote {q!r} / text {t!r}" for q, t in m.differences]
            else:
                lines.append("  closest: no passage of the text shares its words")
    missing = sum(not c.found for c in checks)
    lines.append(f"{study}: {len(checks) - missing} of {len(checks)} quotes found in {path}; {missing} not found")
    return lines


def _check_json(c: QuoteCheck) -> dict:
    return {"record": c.record, "table": c.table, "column": c.column, "found": c.found,
            "misses": [{"fragment": m.fragment, "closest": m.passage, "similarity": m.similarity,
                        "differences": [list(d) for d in m.differences]} for m in c.misses]}


def _cmd_check_quotes(args: argparse.Namespace) -> int:
    texts = parse_texts(args.text)
    G = load_graph(args.data)
    report, missing = {}, 0
    for study, path in texts.items():
        checks = check_study_quotes(G, study, read_paper(path))
        missing += sum(not c.found for c in checks)
        if args.json:
            report[study] = {"text": path, "quotes": [_check_json(c) for c in checks]}
        else:
            print("\n".join(format_quote_checks(study, path, checks)))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    if missing:
        print(f"{missing:,} quote(s) not found verbatim", file=sys.stderr)
    return 1 if missing else 0


def _cmd_diff(args: argparse.Namespace) -> int:
    old = load_graph(args.old)  # a graph stays whole while held, though the cache keeps only the latest package
    changes = package_changes(old, load_graph(args.new))
    if args.json:
        print(json.dumps(changes, indent=2, ensure_ascii=False))
    else:
        print(changes_markdown(changes) if args.markdown else changes_text(changes))
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from graph.data.validate import read_package
    from graph.data.workbook import write_template

    out = write_template(*read_package(args.data or DEFAULT_DATA_DIR), args.output)
    print(f"wrote {out}: fill it in, then: pswgraph import {out} --text STUDY_ID=your-copy.pdf", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from graph.data.curate import import_workbook
    from graph.data.validate import DataError, format_problems

    data_dir = args.data or DEFAULT_DATA_DIR
    try:
        added = import_workbook(args.workbook, data_dir, args.text)
    except DataError as err:
        print("\n".join(format_problems(err.problems)), file=sys.stderr)
        print(f"{len(err.problems):,} problem(s) in {args.workbook}; nothing written to {data_dir}", file=sys.stderr)
        return 1
    print(f"{data_dir}: added " + ", ".join(f"{n} {table}" for table, n in added.items()))
    return 0


def add_living_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``template``, ``import``, ``check-quotes`` and ``diff`` to ``pswgraph``'s sub-parsers."""
    p = add_command(sub, "template", "write a curation workbook for adding a study",
                    "Write an Excel workbook for adding one study to the package: a sheet per table a study adds\n"
                    "rows to (studies, countries, influences, study themes, evidence, gaps, strategies,\n"
                    "citations), each column described, drop-downs of the package's own vocabularies and ids.\n"
                    "Fill it in, then 'pswgraph import' it.",
                    ["pswgraph template --xlsx -o new-study.xlsx", "pswgraph --data ~/my-package template -o new.xlsx"])
    p.add_argument("--xlsx", action="store_true", help="an Excel workbook (the only format)")
    p.add_argument("-o", "--output", default="new-study.xlsx", metavar="FILE", help="the workbook to write")
    p.set_defaults(func=_cmd_template)
    p = add_command(sub, "import", "merge a filled curation workbook into the package",
                    "Check a filled curation workbook against the package and merge it into the CSV tables,\n"
                    "with a curation-log entry per row. Every problem is listed by sheet, row and column\n"
                    "(exit 1), and nothing is written until there are none. With --text, every quote is\n"
                    "checked against your copy of the paper first.",
                    ["pswgraph import new-study.xlsx --data ~/my-package --text ~/papers/smith-2025.pdf"])
    p.add_argument("workbook", metavar="WORKBOOK", help="the filled workbook (.xlsx)")
    p.add_argument("--text", metavar="PATH", help="your copy of the new paper (PDF or text): check every quote")
    p.set_defaults(func=_cmd_import)
    p = add_command(sub, "check-quotes", "check a study's quotes against your own copy of the paper",
                    "Check every quote of a study (evidence and gaps) against your own copy of the paper,\n"
                    "a plain-text or PDF file: found, or not found with the closest passage and what differs.\n"
                    "Only what text extraction changes is forgiven: white space, hyphens at line ends,\n"
                    "ligatures, curly quotes; '…' in a quote marks an omission. The paper's text is read,\n"
                    "compared and forgotten (pswgraph never stores it). Exit 1 when a quote is not found.",
                    ["pswgraph check-quotes --text grim-2022=~/papers/grim-2022.pdf",
                     "pswgraph check-quotes --data ~/my-package --text my-study-2025=paper.txt --json"])
    p.add_argument("--text", action="append", required=True, metavar="STUDY_ID=PATH",
                   help="a study's id and your copy of its paper (PDF or text); repeatable")
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p.set_defaults(func=_cmd_check_quotes)
    p = add_command(sub, "diff", "what a new version of the data changed",
                    "List what the package in NEW_DIR changed from the one in OLD_DIR: new (and removed) factors\n"
                    "and influences, factors and influences that became contested or are no longer\n"
                    "single-source, gaps filled (factor x country cells of the evidence matrix that had no\n"
                    "evidence), new countries, and each paper's evidence count where it changed. The counts\n"
                    "are those every view shows. A report by default; --json or --markdown.",
                    ["pswgraph diff data ~/my-package", "pswgraph diff data ~/my-package --markdown > CHANGES.md"])
    p.add_argument("old", metavar="OLD_DIR", help="the package before")
    p.add_argument("new", metavar="NEW_DIR", help="the package after")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--markdown", action="store_true", help="print Markdown")
    p.set_defaults(func=_cmd_diff)
