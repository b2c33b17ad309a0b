"""``pattern`` constraints: a length cap and a heuristic against catastrophic backtracking.

A package's ``datapackage.json`` is untrusted, and so are its regular expressions:
:func:`pattern_problem` rejects those that could take exponential (or cubic) time
on a cell before any cell is matched against them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from graph.data import caps

__all__ = ["compiled", "pattern_problem"]

#: Characters the heuristic tries when it compares character classes.
_SAMPLE = "".join(map(chr, range(0x250))) + "\u2028\u3000\u4e2d\ufeff\U0001f600"
_ALL = frozenset(_SAMPLE)
_CATEGORIES = {name: re.compile(rx) for name, rx in (
    ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
    ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}


class _Unsafe(Exception):
    """A pattern that could backtrack catastrophically."""


@dataclass(frozen=True)
class _Info:
    nullable: bool
    first: frozenset  # characters a match can start with
    last: frozenset  # characters a match can end with
    chars: frozenset  # every character a match can hold
    rep: frozenset  # characters consumed by repetitions inside


_EMPTY = _Info(True, frozenset(), frozenset(), frozenset(), frozenset())


def _charset(op, av) -> frozenset:
    """The sample characters one character-matching node (*op*, *av*) of a parsed pattern accepts.

    >>> sorted(_charset(*sre_parse.parse("[a-c]")[0]))
    ['a', 'b', 'c']
    """
    if op is sre_c.LITERAL:
        return frozenset({chr(av)})
    if op is sre_c.NOT_LITERAL:
        return _ALL - {chr(av)}
    if op is sre_c.ANY:
        return _ALL - {"\n"}
    chars: set[str] = set()
    negate = False
    for op2, av2 in av:
        if op2 is sre_c.NEGATE:
            negate = True
        elif op2 is sre_c.LITERAL:
            chars.add(chr(av2))
        elif op2 is sre_c.RANGE:
            chars.update(c for c in _SAMPLE if av2[0] <= ord(c) <= av2[1])
        elif op2 is sre_c.CATEGORY and str(av2) in _CATEGORIES:
            chars.update(c for c in _SAMPLE if _CATEGORIES[str(av2)].match(c))
        else:
            chars.update(_ALL)
    return _ALL - chars if negate else frozenset(chars)


def _seq(items, in_repeat: bool) -> _Info:
    """Analyse a sequence; reject three overlapping repetitions in a row (cubic backtracking)."""
    info = _EMPTY
    chain, prev, absorbed = 0, frozenset(), False
    for op, av in items:
        part = _node(op, av, in_repeat)
        repeats = op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[1] > 1
        if repeats:
            chain = chain + 1 if absorbed and prev & part.first else 1
            if chain >= 3:
                raise _Unsafe("three or more repetitions in a row that can take the same characters")
            prev, absorbed = part.chars, True
        elif not part.nullable and not part.chars <= prev:
            absorbed = False
        first = info.first | part.first if info.nullable else info.first
        last = part.last | info.last if part.nullable else part.last
        info = _Info(info.nullable and part.nullable, first, last, info.chars | part.chars, info.rep | part.rep)
    return info


def _node(op, av, in_repeat: bool) -> _Info:
    """Analyse one node of a parsed pattern."""
    if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
        s = _charset(op, av)
        return _Info(False, s, s, s, frozenset())
    if op is sre_c.AT:
        return _EMPTY
    if op is sre_c.SUBPATTERN:
        return _seq(av[-1], in_repeat)
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _seq(av, in_repeat)
    if op is sre_c.BRANCH:
        parts = [_seq(branch, in_repeat) for branch in av[1]]
        if in_repeat:
            for i, a in enumerate(parts):
                for b in parts[i + 1:]:
                    if a.first & b.first or a.nullable or b.nullable:
                        raise _Unsafe("alternatives inside a repetition that can start with the same character")
        return _Info(any(p.nullable for p in parts), frozenset().union(*(p.first for p in parts)),
                     frozenset().union(*(p.last for p in parts)), frozenset().union(*(p.chars for p in parts)),
                     frozenset().union(*(p.rep for p in parts)))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        b = _seq(body, in_repeat or high > 1)
        if high <= 1:
            return _Info(b.nullable or low == 0, b.first, b.last, b.chars, b.rep)
        if b.nullable:
            raise _Unsafe("a repetition of something that can be empty")
        if b.rep and b.first & b.rep and b.last & b.rep:
            raise _Unsafe("nested repetitions with nothing to tell their rounds apart")
        return _Info(low == 0, b.first, b.last, b.chars, b.rep | b.chars)
    raise _Unsafe(f"{str(op).lower().replace('_', ' ')} (only characters, classes, groups, alternatives, "
                  "repetitions and anchors are allowed)")


def pattern_problem(pattern: Any) -> str | None:
    """Why *pattern* cannot be used as a ``pattern`` constraint, or None when it can.

    A pattern must be a string of at most :data:`~graph.data.caps.MAX_PATTERN_CHARS` characters that
    compiles, without back-references or look-arounds, and pass a heuristic against
    catastrophic backtracking: no repetition of something that contains a repetition
    unless a character no inner repetition takes opens or closes each round, no
    alternatives starting alike inside a repetition, no three repetitions in a row
    that can take the same characters. Costs stay at worst quadratic in the cell's
    length, and cells tested are at most :data:`~graph.data.caps.MAX_PATTERN_VALUE_CHARS` long.

    Parameters
    ----------
    pattern : the constraint's value.

    Returns
    -------
    a reason (str), or None.

    >>> pattern_problem(r"([a-z][a-z0-9-]*(\\|[a-z][a-z0-9-]*)*)?") is None
    True
    >>> pattern_problem("(a+)+$")
    'could backtrack catastrophically: nested repetitions with nothing to tell their rounds apart; expected a pattern without that'
    >>> pattern_problem("[a-z")
    'does not compile (unterminated character set at position 0); expected a valid regular expression'
    """
    if not isinstance(pattern, str):
        return "expected a string"
    return _pattern_problem(pattern)


@functools.lru_cache(maxsize=256)
def _pattern_problem(pattern: str) -> str | None:
    """:func:`pattern_problem` of a string, remembered: a package's patterns are checked at every load."""
    if len(pattern) > caps.MAX_PATTERN_CHARS:
        return f"is {len(pattern):,} characters long; expected at most {caps.MAX_PATTERN_CHARS:,}"
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return f"does not compile ({exc}); expected a valid regular expression"
    try:
        _seq(list(parsed), in_repeat=False)
    except _Unsafe as exc:
        return f"could backtrack catastrophically: {exc}; expected a pattern without that"
    except RecursionError:
        return f"nested too deeply; expected at most {caps.MAX_PATTERN_CHARS:,} characters of simple nesting"
    return None


@functools.lru_cache(maxsize=256)
def compiled(pattern: str) -> re.Pattern:
    """*pattern* compiled, remembered (a pattern is tested against every cell of its column)."""
    return re.compile(pattern)
