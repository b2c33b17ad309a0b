"""Measure and wrap text with a real font's metrics (DejaVu Sans, the TrueType font matplotlib bundles).

Figures and the deck both use DejaVu Sans, so a width measured here is the
width drawn; PowerPoint, where the font is missing, substitutes a narrower one.

>>> round(text_width("Peer support", 14), 2) > 1.0     # inches at 14 pt
True
>>> wrap("peer support worker roles", 14, 1.5)
['peer support', 'worker roles']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: The font family named in figures and deck runs.
FONT = "DejaVu Sans"
#: Line height as a multiple of the font size (DejaVu Sans ascent + descent is about 1.17 em).
LINE_HEIGHT = 1.2


def font_file(bold: bool = False) -> Path:
    """The DejaVu Sans TrueType file matplotlib ships (present wherever matplotlib is installed).

    >>> font_file(bold=True).name
    'DejaVuSans-Bold.ttf'
    """
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


#: The size (pt) widths are measured at, then scaled; and the share of a line wrapping leaves free for kerning
#: between words (word widths are summed, spaces included).
_UNIT, _SLACK = 100, 1.005


@lru_cache(maxsize=4)
def _font(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_file(bold)), _UNIT)


#: Line breaks other than ``\n`` (CR, CRLF, vertical tab, form feed, NEL, U+2028, U+2029) and other control
#: characters, which a text layout engine may refuse: :func:`plain_lines` makes them ``\n`` or drops them.
_BREAKS = ("\r\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029")
_CONTROLS = {c: None for c in range(32) if chr(c) not in "\n\t"} | {0x7f: None, ord("\t"): " "}


def plain_lines(text: str) -> str:
    r"""*text* with every kind of line break made ``\n``, tabs made spaces and other control characters dropped.

    >>> plain_lines("a\r\nb\rc\u2028d\u2029e\tf\x00")
    'a\nb\nc\nd\ne f'
    """
    for br in _BREAKS:
        text = text.replace(br, "\n")
    return text.translate(_CONTROLS)


@lru_cache(maxsize=65536)
def _unit_width(text: str, bold: bool) -> float:
    return _font(bold).getlength(plain_lines(text).replace("\n", " ")) / _UNIT


def text_width(text: str, pt: float, bold: bool = False) -> float:
    """Width in inches of one line of *text* at *pt* points (advance widths, kerning included).

    >>> text_width("", 12)
    0.0
    """
    return _unit_width(text, bold) * pt / 72


def wrap(text: str, pt: float, width_in: float, bold: bool = False, *, split_long: bool = False,
         max_lines: int | None = None) -> list[str]:
    r"""Lines of *text* wrapped at word boundaries to *width_in* inches, as a text frame wraps them.

    Parameters
    ----------
    text : the words; every kind of line break (CR, CRLF, U+2028, U+2029, …) starts a line (:func:`plain_lines`).
    pt, width_in, bold : the font size (points), the width (inches) and the weight.
    split_long : cut a word wider than the width across lines (else it stands alone on its line, wider).
    max_lines : at most this many lines, the last ending in "…" where words were left out.

    Returns
    -------
    The lines, without their line breaks.

    >>> wrap("a\r\nb", 12, 5)
    ['a', 'b']
    >>> all(text_width(line, 12) <= 1 for line in wrap("x" * 40, 12, 1, split_long=True))
    True
    >>> lines = wrap("one two three four five six", 12, 0.6, max_lines=2)
    >>> len(lines), lines[-1][-1]
    (2, '…')
    """
    space = _unit_width(" ", bold)
    limit = width_in * 72 / pt / _SLACK  # in unit widths
    lines: list[str] = []
    for para in plain_lines(text).split("\n"):
        line, used = "", 0.0
        words = para.split(" ")
        while words:
            word = words.pop(0)
            w = _unit_width(word, bold)
            if split_long and w > limit and len(word) > 1:  # the longest head that fits, the rest next
                cut = max(1, max((i for i in range(1, len(word)) if _unit_width(word[:i], bold) <= limit), default=1))
                words.insert(0, word[cut:])
                word, w = word[:cut], _unit_width(word[:cut], bold)
                if line:
                    lines.append(line)
                    line, used = "", 0.0
            if line and used + space + w > limit:
                lines.append(line)
                line, used = word, w
            elif line:
                line, used = f"{line} {word}", used + space + w
            else:
                line, used = word, w
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max(max_lines, 1)]
        last = kept[-1]
        while last and _unit_width(last + "…", bold) > limit:
            last = last[:-1]
        kept[-1] = last.rstrip() + "…"
        return kept
    return lines


def text_height(n_lines: int, pt: float, line_height: float = LINE_HEIGHT) -> float:
    """Height in inches of *n_lines* lines at *pt* points.

    >>> text_height(2, 36)
    1.2
    """
    return n_lines * pt * line_height / 72


#: A rounded rectangle's corner radius as a share of its shorter side (OOXML preset ``roundRect``, default
#: ``adj`` 16667) and the share of that radius its text area keeps clear on each side (``1 - cos 45°``).
ROUND_ADJ, ROUND_TEXT_SHARE = 0.16667, 1 - 2 ** -0.5


def rounded_inset(width_in: float, height_in: float, adj: float = ROUND_ADJ) -> float:
    """Inches a rounded rectangle's text area lies inside each of its sides, before the text frame's insets.

    PowerPoint and LibreOffice lay text out in the preset's text rectangle (``l = t = ss * adj * 0.29289``,
    ``ss`` the shorter side), not in the whole shape; a rectangle's inset is 0.

    >>> round(rounded_inset(2.0, 1.0), 4)
    0.0488
    >>> rounded_inset(2.0, 1.0) == rounded_inset(1.0, 2.0)
    True
    """
    return min(width_in, height_in) * adj * ROUND_TEXT_SHARE


def fits(text: str, pt: float, width_in: float, height_in: float, bold: bool = False) -> bool:
    """Whether *text* wrapped to *width_in* fits *height_in* without a word wider than the width.

    >>> fits("short", 14, 2, 0.5), fits("short", 14, 2, 0.1)
    (True, False)
    """
    lines = wrap(text, pt, width_in, bold)
    return (text_height(len(lines), pt) <= height_in + 1e-9
            and all(text_width(line, pt, bold) <= width_in + 1e-9 for line in lines))
