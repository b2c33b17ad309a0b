"""The ``pswgraph`` command line: :func:`main` and :func:`build_parser`.

Sub-commands are built in (here and in :mod:`graph.cli.query`) or plug-ins: an
entry point in the ``pswgraph.commands`` group names a function that configures
the sub-parser it is given (arguments, ``func``, a description whose first line
is the command's summary). It is loaded only when its command runs or the
command list is shown. That is how ``pswgraph serve`` arrives: the explorer
registers it, so this package never imports the explorer or Dash.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from graph.cli.exports import add_export_commands
from graph.cli.help import HelpFormatter, add_command
from graph.cli.living import add_living_commands
from graph.cli.plan import add_plan_commands
from graph.cli.query import add_query_commands
from graph.cli.report import add_report_command
from graph.data.load import DEFAULT_DATA_DIR, load_graph
from graph.data.synth import COUNTRY_SKEW
from graph.data.validate import DataError, format_problems
from graph.query.lookup import NotFound

__all__ = ["COMMANDS_GROUP", "build_parser", "graph_info", "main"]

COMMANDS_GROUP = "pswgraph.commands"

DESCRIPTION = """\
Query the knowledge graph of factors that help or hinder peer support worker (PSW) roles in
mental health services: factors, influences between them, studies, countries and evidence.
Name factors and countries by id, label or alias ('PSW wellbeing', psw-wellbeing, wellbeing;
SE, Sweden). Tables by default; --json where offered."""

EPILOG = """\
Examples:
  pswgraph info
  pswgraph search wellbeing
  pswgraph paths "Regulatory and political factors" "PSW wellbeing" --granularity theme
  pswgraph upstream "PSW wellbeing" --country SE
  pswgraph compare Sweden Norway Denmark
  pswgraph matrix --by study --csv > matrix.csv
  pswgraph strategies "Staff readiness" --country DK
  pswgraph report "PSW wellbeing" --format docx -o wellbeing.docx
  pswgraph figure --focus psw-wellbeing --country SE
  pswgraph deck --route regulatory-political psw-wellbeing --max-hops 3
  pswgraph serve --port 8050

'pswgraph COMMAND --help' shows a command's options, defaults and examples."""


def graph_info(G) -> dict:
    """Counts per node kind and edge relation, and the package's name and version.

    >>> from graph import load_graph
    >>> info = graph_info(load_graph())
    >>> info["nodes"]["level"], info["factors"]["theme"]
    (3, 9)
    """
    kinds = Counter(a["kind"] for _, a in G.nodes(data=True))
    rels = Counter(a["relation"] for _, _, a in G.edges(data=True))
    fk = Counter(a["factor_kind"] for _, a in G.nodes(data=True) if a["kind"] == "factor")
    return {
        "name": G.graph.get("name", ""),
        "version": G.graph.get("version", ""),
        "nodes": dict(sorted(kinds.items())),
        "edges": dict(sorted(rels.items())),
        "factors": {"theme": fk.get("theme", 0), "subtheme": fk.get("subtheme", 0)},
        "influences": rels.get("influences", 0),
    }


def _table(rows: list[tuple[str, object]], title: str) -> str:
    width = max((len(k) for k, _ in rows), default=0)
    return "\n".join([title, *(f"  {k:<{width}}  {v:>6}" for k, v in rows)])


def _cmd_info(args: argparse.Namespace) -> int:
    info = graph_info(load_graph(args.data))
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"{info['name']} {info['version']}")
    print(_table(list(info["nodes"].items()), "nodes by kind:"))
    print(_table(list(info["edges"].items()), "edges by relation:"))
    print(f"factors: {info['factors']['theme']} themes, {info['factors']['subtheme']} sub-themes; "
          f"{info['influences']} influences")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Check a package, parsing it once (as :func:`load_graph` does): problems on stdout, exit 1; else a summary."""
    data_dir = args.data_dir or args.data or DEFAULT_DATA_DIR
    try:
        info = graph_info(load_graph(data_dir))
    except DataError as err:
        for line in format_problems(err.problems):
            print(line)
        print(f"{len(err.problems):,} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    n = info["nodes"]
    print(f"{data_dir}: valid — {n.get('factor', 0)} factors, {info['influences']} influences, "
          f"{n.get('evidence', 0)} evidence, {n.get('study', 0)} studies, {n.get('country', 0)} countries")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from graph.data.synth import synthesize

    try:
        counts = synthesize(args.out, args.scale, seed=args.seed, base_dir=args.data, themes=args.themes,
                            subthemes=args.subthemes, countries=args.countries, factor_skew=args.factor_skew,
                            country_skew=args.country_skew)
    except ValueError as err:
        print(f"pswgraph synth: {err}", file=sys.stderr)
        return 2
    print(f"{args.out}: {counts['evidence']:,} evidence, {counts['studies']:,} studies, {counts['factors']:,} factors, "
          f"{counts['influences']:,} influences, {counts['countries']:,} countries")
    return 0


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--data DIR`` after the command too (``pswgraph info --data DIR``), unless it already does."""
    if "--data" not in parser._option_string_actions:
        parser.add_argument("--data", default=argparse.SUPPRESS, metavar="DIR",
                            help="data package folder (default: the bundled data)")


class _SubCommands(argparse._SubParsersAction):
    """Sub-parsers whose plug-in commands (:data:`COMMANDS_GROUP` entry points) are set up only when used."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plugins: dict = {}  # command name -> entry point not loaded yet

    def add_plugins(self) -> None:
        """A placeholder sub-parser for every plug-in command; built-in names win."""
        for ep in entry_points(group=COMMANDS_GROUP):
            if ep.name not in self._name_parser_map:
                self.plugins[ep.name] = ep
                self.add_parser(ep.name, help=f"(from {ep.value})", formatter_class=HelpFormatter)

    def load(self, name: str) -> None:
        """Let plug-in *name* configure its sub-parser (arguments, description, ``func``)."""
        ep = self.plugins.pop(name, None)
        if ep is None:
            return
        parser = self._name_parser_map[name]
        try:
            ep.load()(parser)
        except ImportError as err:
            parser.set_defaults(func=_unavailable(f"needs {ep.value}: {err}"))
            parser.description = f"unavailable: {err}"
        _add_data_option(parser)
        summary = (parser.description or "").split("\n")[0]
        for choice in self._choices_actions:
            if choice.dest == name:
                choice.help = summary

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def _unavailable(message: str) -> Callable[[argparse.Namespace], int]:
    """A command that fails with *message* (exit status 2 through :func:`main`)."""

    def run(args: argparse.Namespace) -> int:
        raise ValueError(message)
    return run


class _Parser(argparse.ArgumentParser):
    commands: _SubCommands | None = None

    def format_help(self) -> str:
        """The top-level help lists every command, so plug-ins are loaded first."""
        if self.commands is not None:
            for name in list(self.commands.plugins):
                self.commands.load(name)
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; :mod:`graph.cli.query` and plug-ins (entry points) add sub-commands to it."""
    parser = _Parser(prog="pswgraph", description=DESCRIPTION, epilog=EPILOG, formatter_class=HelpFormatter)
    parser.add_argument("--data", default=None, metavar="DIR", help="data package folder (default: the bundled data)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", action=_SubCommands)
    parser.commands = sub
    p = add_command(sub, "info", "counts per node kind and edge relation",
                    "Count the graph's nodes per kind (factors, studies, evidence, …) and edges per relation,\n"
                    "with the data package's name and version. A table by default; --json for JSON.",
                    ["pswgraph info", "pswgraph --data ~/my-package info --json"])
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_info)
    p = add_command(sub, "validate", "check a data package; one line per problem",
                    "Check a data package against its schema and cross-references: one line per problem\n"
                    "(file, row, column, value, what was expected); exit 1 if any, 0 with a summary when clean.",
                    ["pswgraph validate", "pswgraph validate ~/my-package"])
    p.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR",
                   help="the package folder (default: --data, else the bundled data)")
    p.set_defaults(func=_cmd_validate)
    p = add_command(sub, "synth", "write a synthetic package K times the bundled one (benchmarks)",
                    "Write a synthetic data package shaped like the bundled one (or --data): evidence, studies,\n"
                    "citations, study themes and gaps x K, factors x sqrt(K), influences x K^0.75, up to 60\n"
                    "countries with a realistic skew. Not evidence about anything: for benchmarks and tests.\n"
                    "--themes, --subthemes, --countries and the skews change the package's shape.",
                    ["pswgraph synth --scale 100 -o /tmp/k100", "pswgraph validate /tmp/k100",
                     "pswgraph synth --scale 100 --themes 16 --subthemes 8 -o /tmp/k100-wide"])
    p.add_argument("--scale", type=int, required=True, metavar="K", help="how many times the bundled package")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed writes the same package")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="folder to write")
    p.add_argument("--themes", type=int, metavar="N", help="how many themes (default: the bundled number x sqrt(K))")
    p.add_argument("--subthemes", type=float, metavar="N",
                   help="sub-themes per theme on average (default: the bundled sub-themes x sqrt(K) in all)")
    p.add_argument("--countries", type=int, metavar="N", help="how many countries (default: the bundled number x "
                   "sqrt(K), at most 60)")
    p.add_argument("--factor-skew", type=float, default=0.0, metavar="S",
                   help="evidence over the copies of a factor or influence: the j-th weighs 1/j^S (0: even)")
    p.add_argument("--country-skew", type=float, default=COUNTRY_SKEW, metavar="S",
                   help="evidence over countries: the k-th most evidenced weighs 1/k^S (0: even)")
    p.set_defaults(func=_cmd_synth)
    add_query_commands(sub)
    add_export_commands(sub)
    add_plan_commands(sub)
    add_report_command(sub)
    add_living_commands(sub)
    for command in sub.choices.values():
        _add_data_option(command)
    sub.add_plugins()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pswgraph`` on *argv*; the exit status: 0 ok, 1 invalid data, 2 usage (bad name or argument), 141 closed pipe.

    ``--data DIR`` may stand before or after the command.

    >>> build_parser().parse_args(["info", "--data", "pkg"]).data, build_parser().parse_args(["--data", "pkg", "info"]).data
    ('pkg', 'pkg')
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:  # the reader went away (``pswgraph … | head -1``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return 141  # 128 + SIGPIPE, as a shell reports a command ended by a closed pipe
    except DataError as err:
        for line in format_problems(err.problems):
            print(line, file=sys.stderr)
        print(f"{len(err.problems):,} problem(s) in the data package", file=sys.stderr)
        return 1
    except (NotFound, ValueError) as err:  # unknown name or bad argument: a message, no traceback
        print(f"pswgraph {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
