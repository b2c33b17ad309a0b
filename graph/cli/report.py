"""``pswgraph report``: the written summary of a factor, an influence, a path or a country comparison.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_report_command(sub)
>>> sub.choices["report"].parse_args(["--path", "a", "b", "--format", "docx"]).path
['a', 'b']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.exports import add_view_options, checked_output, view_arguments, write_download
from graph.cli.help import add_command
from graph.data.load import load_graph
from graph.data.vocabulary import POLARITIES
from graph.export import export_filename
from graph.export.downloads import summary_download
from graph.present.report import SUMMARY_FORMATS, summary
from graph.query.lookup import resolve_country, resolve_factor

__all__ = ["add_report_command"]


def _cmd_view_report(args: argparse.Namespace) -> int:
    """The explorer's written summary of the view (of the selection, with --select)."""
    if args.factors or args.path or args.compare:
        raise ValueError("--view summarises the explore view: give --select FACTOR [TARGET] for a selection, "
                         "not FACTOR, --path or --compare")
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output not in (None, "-") else "docx")
    if fmt not in SUMMARY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(SUMMARY_FORMATS)}")
    G = load_graph(args.data)
    kw, view = view_arguments(G, args)
    d = summary_download(G, fmt, kw, **view)
    if args.output == "-":
        sys.stdout.buffer.write(d.data)
        return 0
    return write_download(d, checked_output(args.output, SUMMARY_FORMATS[fmt].ext,
                                            f"--format {fmt} writes a {SUMMARY_FORMATS[fmt].label}"))


def _cmd_report(args: argparse.Namespace) -> int:
    if args.view:
        return _cmd_view_report(args)
    G = load_graph(args.data)
    chosen = [bool(args.factors), bool(args.path), bool(args.compare)]
    if sum(chosen) != 1:
        raise ValueError("give one selection: FACTOR, SOURCE TARGET, --path A B …, or --compare C C …, "
                         "or --view")
    if len(args.factors) > 2:
        raise ValueError("give one factor, or two (an influence); use --path for a longer route")
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output not in (None, "-") else "md")
    if fmt not in SUMMARY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(SUMMARY_FORMATS)}")
    if args.output != "-":
        checked_output(args.output, SUMMARY_FORMATS[fmt].ext, f"--format {fmt} writes a {SUMMARY_FORMATS[fmt].label}")
    filters = {"studies": args.study or None, "polarities": args.polarity or None}
    countries = args.compare or args.country or None
    kw: dict = {"countries": countries, "filters": filters}
    name: dict = {"countries": [resolve_country(G, c) for c in args.country or []], "filters": filters}
    if len(args.factors) == 1:
        kw["factor"] = resolve_factor(G, args.factors[0])
        name["selection"] = {"type": "factor", "id": kw["factor"]}
    elif len(args.factors) == 2:
        kw["influence"] = [resolve_factor(G, f) for f in args.factors]
        name["selection"] = {"type": "influence", "source": kw["influence"][0], "target": kw["influence"][1]}
    elif args.path:
        kw["path"] = [resolve_factor(G, f) for f in args.path]
        name["path"] = kw["path"]
    else:
        name = {"compare": [resolve_country(G, c) for c in args.compare], "filters": filters}
    data = summary(G, fmt=fmt, **kw)
    if args.output == "-" or (args.output is None and fmt == "md"):
        sys.stdout.write(data.decode())
        return 0
    path = Path(args.output or export_filename("summary", ext=SUMMARY_FORMATS[fmt].ext, **name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path} ({fmt}, {len(data):,} bytes)", file=sys.stderr)
    return 0


def add_report_command(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to ``pswgraph``'s sub-parsers."""
    p = add_command(sub, "report", "a written summary with APA citations (Markdown or Word)",
                    "A written summary of one selection, generated from the data: a paragraph per influence\n"
                    "or hop (what influences what, direction, levels, enablers and barriers, countries,\n"
                    "studies), each claim with APA 7 citations; quotes as notes with speaker codes; the\n"
                    "stated research gaps; references with DOIs; the filters and data version.\n"
                    "Markdown goes to standard output unless -o; DOCX is written to -o, else to a file\n"
                    "named for the selection. --view writes the explorer's 'Written summary' of the view\n"
                    "(the view options below, with the explorer's defaults; Word unless --format md).",
                    ['pswgraph report "PSW wellbeing" --format md',
                     "pswgraph report hrm-policies psw-wellbeing --format docx -o influence.docx",
                     "pswgraph report --path policy-mandates hrm-policies psw-wellbeing -o path.md",
                     "pswgraph report --compare SE DK --format docx",
                     "pswgraph report --view --focus psw-wellbeing --country DK   # as the explorer's button"])
    p.add_argument("factors", nargs="*", metavar="FACTOR",
                   help="one factor, or two (SOURCE TARGET: the influence between them)")
    p.add_argument("--path", nargs="+", metavar="F", help="factors in order: a paragraph per hop")
    p.add_argument("--compare", nargs="+", metavar="C", help="two or more countries to compare")
    p.add_argument("--country", action="append", metavar="C",
                   help="only evidence concerning this country; repeatable (default: all)")
    p.add_argument("--study", action="append", metavar="S",
                   help="only evidence from this study (id or citation); repeatable (default: all)")
    p.add_argument("--polarity", action="append", choices=POLARITIES,
                   help="only evidence of this polarity; repeatable (default: all)")
    p.add_argument("--format", choices=list(SUMMARY_FORMATS),
                   help="md or docx (default: from the -o file's extension, else md)")
    p.add_argument("-o", "--output", metavar="PATH", help="the file to write ('-': standard output)")
    p.add_argument("--view", action="store_true", help="the explorer's written summary of the view (below)")
    add_view_options(p)
    p.set_defaults(func=_cmd_report)
