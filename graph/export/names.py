"""File names that say what an export holds, once (:func:`export_filename`)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from graph.export.formats import EXPORT_FORMATS

__all__ = ["MAX_NAME", "export_filename"]

#: The explore filters that a file name spells out, in this order, with their prefix.
_NAME_FILTERS = (("levels", ""), ("themes", "theme-"), ("studies", "study-"), ("polarities", ""),
                 ("perspectives", ""))
#: The longest name :func:`export_filename` gives (a longer one is cut and ends in a hash).
MAX_NAME = 120


def _slug(text: Any, keep_case: bool = False) -> str:
    """*text* in letters, digits, ``.`` and ``-`` only.

    >>> _slug("PSW wellbeing / Self-care!"), _slug("SE", keep_case=True)
    ('psw-wellbeing-self-care', 'SE')
    """
    text = str(text) if keep_case else str(text).lower()
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")


def export_filename(kind: str, *, ext: str | None = None, focus: str | None = None, depth: int | None = None,
                    countries: Iterable[str] = (), filters: dict[str, Any] | None = None,
                    selection: dict[str, Any] | None = None, path: Iterable[str] = (),
                    compare: Iterable[str] = (), content: str | None = None, layout: str | None = None,
                    date: _dt.date | str | None = None) -> str:
    """A file name that says what an export holds, once: ``pswgraph_<kind>_<view>_<date><ext>``.

    Fields are joined by ``_``, the words within one by ``-``. The kind is left out where the extension
    already says it (``.png`` for a PNG figure, ``.graphml``, ``.pptx``); the view is ``all`` when nothing is
    chosen and no kind is named.

    Parameters
    ----------
    kind : what the file is — a key of :data:`EXPORT_FORMATS` (``graphml``, ``csv``, ``neo4j`` …) or any
        other word (``png``, ``svg``, ``pdf``, ``pptx``, ``summary``, ``checklist`` …).
    ext : the extension (default: the format's, else ``.`` + *kind*).
    focus, depth : the focused factor and its hops (named when more than 1). countries : the country filter
        (ISO codes).
    filters : the other explore filters (:func:`graph.query.filters.filter_influences` keywords: ``levels``,
        ``themes``, ``studies``, ``polarities``, ``perspectives``, ``min_evidence``, ``include_unevidenced``,
        ``min_sources``; a ``countries`` entry joins *countries*).
    selection : the selected factor ``{"type": "factor", "id"}`` or influence ``{"type": "influence",
        "source", "target"}``. path : a path's factor ids. compare : the countries compared.
    content : a variant of the same kind (e.g. ``with-evidence``). layout : a layout other than level bands.
    date : the day it was made (a file saved again and again, e.g. a checklist), ISO 8601.

    Returns
    -------
    Letters, digits, ``.``, ``-`` and ``_`` only, at most :data:`MAX_NAME` characters; a name cut short ends
    in a hash of the whole, so two different views never share a name.

    Examples
    --------
    >>> export_filename("png", focus="psw-wellbeing", countries=["NO"])
    'pswgraph_focus-psw-wellbeing_NO.png'
    >>> export_filename("checklist", ext=".docx", countries=["DK"], date=_dt.date(2026, 12, 7))
    'pswgraph_checklist_DK_2026-12-07.docx'
    >>> export_filename("graphml", focus="psw-wellbeing", depth=2, countries=["SE", "DK"])
    'pswgraph_focus-psw-wellbeing-d2_SE-DK.graphml'
    >>> export_filename("neo4j"), export_filename("csv"), export_filename("gexf")
    ('pswgraph_neo4j.zip', 'pswgraph_csv.zip', 'pswgraph_all.gexf')
    >>> export_filename("summary", ext=".docx", selection={"type": "influence", "source": "a", "target": "b"},
    ...                 filters={"polarities": ["barrier"], "min_evidence": 2})
    'pswgraph_summary_a-to-b_barrier_min2.docx'
    >>> export_filename("pdf", filters={"min_sources": 2}, content="slide")
    'pswgraph_sources2_slide.pdf'
    >>> export_filename("pptx", path=["x", "y", "z"]), export_filename("png", compare=["SE", "DK"])
    ('pswgraph_path-x-y-z.pptx', 'pswgraph_compare-SE-DK.png')
    >>> name = export_filename("gexf", filters={"themes": [f"theme-{i}" for i in range(40)]})
    >>> len(name) <= MAX_NAME, name.endswith(".gexf")
    (True, True)
    """
    filters = dict(filters or {})

    def field(*words: str) -> str:
        return "-".join(w for w in words if w)

    parts: list[str] = []
    if path:
        parts.append(field("path", *(_slug(p) for p in path)))
    if compare:
        parts.append(field("compare", *(_slug(c, keep_case=True) for c in compare)))
    if focus:
        parts.append(field("focus", _slug(focus), f"d{int(depth)}" if depth and int(depth) != 1 else ""))
    if selection and selection.get("type") == "factor" and selection.get("id"):
        parts.append(_slug(selection["id"]))
    elif selection and selection.get("type") == "influence":
        parts.append(field(_slug(selection.get("source", "")), "to", _slug(selection.get("target", ""))))
    codes = list(dict.fromkeys([*countries, *(filters.get("countries") or [])]))
    parts.append(field(*(_slug(c, keep_case=True) for c in codes)))
    for key, prefix in _NAME_FILTERS:
        values = [_slug(v) for v in filters.get(key) or []]
        parts.append(field(prefix.rstrip("-"), *values) if values else "")
    if filters.get("min_evidence"):
        parts.append(f"min{int(filters['min_evidence'])}")
    if filters.get("include_unevidenced") is False:
        parts.append("evidenced")
    if filters.get("min_sources"):
        parts.append(f"sources{int(filters['min_sources'])}")
    if filters.get("min_countries"):
        parts.append(f"countries{int(filters['min_countries'])}")
    if layout and layout != "bands":
        parts.append(_slug(layout))
    if content:
        parts.append(_slug(content))
    ext = ext if ext is not None else EXPORT_FORMATS[kind].ext if kind in EXPORT_FORMATS else "." + _slug(kind)
    suffix = "." + (_slug(ext.lstrip(".")) or "bin")
    named = _slug(kind) if _slug(kind) != suffix[1:] else ""
    view = "_".join(p for p in parts if p) or ("" if named else "all")
    day = date.isoformat() if isinstance(date, _dt.date) else _slug(date or "")
    head = "_".join(p for p in ("pswgraph", named) if p)
    room = MAX_NAME - len(head) - len(suffix) - (len(day) + 1 if day else 0) - 1
    if len(view) > room:
        digest = hashlib.sha1(view.encode()).hexdigest()[:10]
        view = view[: room - len(digest) - 1].rstrip("-._") + "-" + digest
    return "_".join(p for p in (head, view, day) if p) + suffix
