"""The one shape of a file-format registry: figures, summaries, checklists and exports list :class:`Format`\\ s.

>>> PNG = Format("png", ".png", "image/png", "PNG image")
>>> formats = registry(PNG)
>>> formats["png"].ext, check_format(formats, "png", "figure") is PNG
('.png', True)
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Format", "check_format", "registry"]


class Format(NamedTuple):
    """A file format something can be written in."""

    #: The name callers choose it by (``--format``, a dropdown value).
    name: str
    #: The file extension, with its dot.
    ext: str
    #: The media type a download is sent with.
    mime: str
    #: A short description for menus.
    label: str


def registry(*formats: Format) -> dict[str, Format]:
    """The formats by name, in the order given.

    Parameters
    ----------
    formats : the formats.

    Returns
    -------
    dict of name -> :class:`Format`.

    Examples
    --------
    >>> list(registry(Format("md", ".md", "text/markdown", "Markdown"), Format("pdf", ".pdf", "application/pdf", "PDF")))
    ['md', 'pdf']
    """
    return {f.name: f for f in formats}


def check_format(formats: dict[str, Format], fmt: str, what: str) -> Format:
    """The format named *fmt* in *formats*, or a ValueError naming the choices.

    Parameters
    ----------
    formats : a :func:`registry`. fmt : the name asked for. what : what is written (``figure``, ``summary`` …).

    Returns
    -------
    The :class:`Format`.

    Examples
    --------
    >>> check_format(registry(Format("md", ".md", "text/markdown", "Markdown")), "rtf", "summary")
    Traceback (most recent call last):
    ...
    ValueError: unknown summary format 'rtf'; expected one of md
    """
    if fmt not in formats:
        raise ValueError(f"unknown {what} format {fmt!r}; expected one of {', '.join(formats)}")
    return formats[fmt]
