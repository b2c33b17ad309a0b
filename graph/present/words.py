"""Words for numbers: one phrasing of a count for every text the project writes (the explorer's panels too)."""

from __future__ import annotations


def counted(count: int, one: str, many: str | None = None) -> str:
    """*count* and its noun, singular for exactly one: ``1 paper``, ``2 papers``, ``0 studies``.

    Parameters
    ----------
    count : how many. one : the noun for one. many : the noun for several (default *one* + "s").

    Returns
    -------
    The count and the noun, e.g. ``"3 studies"``.

    >>> counted(1, "paper"), counted(2, "paper"), counted(0, "study", "studies"), counted(1, "evidence item")
    ('1 paper', '2 papers', '0 studies', '1 evidence item')
    """
    return f"{count} {one if count == 1 else (many or one + 's')}"


__all__ = ["counted"]
