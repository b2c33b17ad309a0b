"""Help for ``pswgraph`` and its sub-commands: a description, every option's default and examples."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

__all__ = ["HelpFormatter", "add_command", "examples"]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Description and epilog kept as written; ``(default: …)`` after each option's help.

    A default of ``None`` or ``False`` (an unset option, an off flag) is not shown,
    nor one the help text already states.
    """

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        unset = any(action.default is x for x in (None, False, argparse.SUPPRESS))
        optional = bool(action.option_strings) or action.nargs in ("?", "*")
        if unset or not optional or "default" in text:
            return text
        return f"{text} (default: %(default)s)".lstrip()


def examples(*lines: str) -> str:
    """An epilog of example command lines.

    >>> print(examples("pswgraph info", "pswgraph info --json"))
    Examples:
      pswgraph info
      pswgraph info --json
    """
    return "\n".join(["Examples:", *(f"  {line}" for line in lines)])


def add_command(sub: argparse._SubParsersAction, name: str, summary: str, description: str,
                example_lines: Sequence[str]) -> argparse.ArgumentParser:
    """Add sub-command *name*: *summary* for the command list, *description* and examples for its ``--help``."""
    return sub.add_parser(name, help=summary, description=description, epilog=examples(*example_lines),
                          formatter_class=HelpFormatter)
