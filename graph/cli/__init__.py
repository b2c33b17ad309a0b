"""The ``pswgraph`` command line (the top layer): :func:`main` and :func:`build_parser`."""

from graph.cli.commands import build_parser, main

__all__ = ["build_parser", "main"]
