"""The ``pswgraph`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence

from .cli_query import add_query_commands
from .load import DEFAULT_DATA_DIR, load_graph
from .lookup import NotFound
from .validate import DataError, validate_package

__all__ = ["graph_info", "main"]


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
    data_dir = args.data_dir or args.data or DEFAULT_DATA_DIR
    problems = validate_package(data_dir)
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    info = graph_info(load_graph(data_dir))
    n = info["nodes"]
    print(f"{data_dir}: valid — {n.get('factor', 0)} factors, {info['influences']} influences, "
          f"{n.get('evidence', 0)} evidence, {n.get('study', 0)} studies, {n.get('country', 0)} countries")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    """Start the browser explorer (Dash is imported only here, never by the graph package itself)."""
    from dashapp.app import create_app

    app = create_app(args.data)
    print(f"pswgraph explorer on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; other modules add their sub-commands to it."""
    parser = argparse.ArgumentParser(prog="pswgraph", description=__doc__)
    parser.add_argument("--data", default=None, help="data package folder (default: the bundled data)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("info", help="counts per node kind and edge relation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_info)
    p = sub.add_parser("validate", help="check a data package; one line per problem")
    p.add_argument("data_dir", nargs="?", default=None)
    p.set_defaults(func=_cmd_validate)
    add_query_commands(sub)
    p = sub.add_parser("serve", help="open the interactive explorer in the browser (Dash)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    p.add_argument("--data", default=argparse.SUPPRESS, help="data package folder (default: the bundled data)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, error pop-ups); off by default")
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
        for p in err.problems:
            print(p, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in the data package", file=sys.stderr)
        return 1
    except (NotFound, ValueError) as err:  # unknown name or bad argument: a message, no traceback
        print(f"pswgraph {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
