"""File names that say what an export holds (:func:`export_filename`)."""

from __future__ import annotations

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
                    compare: Iterable[str] = (), content: str | None = None, layout: str | None = None) -> str:
    """A file name that says what an export holds: ``pswgraph-<view>-<kind><ext>``.

    Parameters
    ----------
    kind : what the file is — a key of :data:`EXPORT_FORMATS` (``graphml``, ``csv``, ``neo4j`` …) or any
        other word (``png``, ``svg``, ``pdf``, ``pptx``, ``summary`` …).
    ext : the extension (default: the format's, else ``.`` + *kind*).
    focus, depth : the focused factor and its hops. countries : the country filter (ISO codes).
    filters : the other explore filters (:func:`graph.query.filters.filter_influences` keywords: ``levels``,
        ``themes``, ``studies``, ``polarities``, ``perspectives``, ``min_evidence``, ``include_unevidenced``,
        ``min_sources``; a ``countries`` entry joins *countries*).
    selection : the selected factor ``{"type": "factor", "id"}`` or influence ``{"type": "influence",
        "source", "target"}``. path : a path's factor ids. compare : the countries compared.
    content : a variant of the same kind (e.g. ``with-evidence``). layout : a layout other than level bands.

    Returns
    -------
    Letters, digits, ``.`` and ``-`` only, at most :data:`MAX_NAME` characters; a name cut short ends in a
    hash of the whole, so two different views never share a name. Nothing chosen gives ``all``.

    Examples
    --------
    >>> export_filename("graphml", focus="psw-wellbeing", depth=2, countries=["SE"])
    'pswgraph-focus-psw-wellbeing-d2-SE-graphml.graphml'
    >>> export_filename("neo4j"), export_filename("csv")
    ('pswgraph-all-neo4j.zip', 'pswgraph-all-csv.zip')
    >>> export_filename("summary", ext=".docx", selection={"type": "influence", "source": "a", "target": "b"},
    ...                 filters={"polarities": ["barrier"], "min_evidence": 2})
    'pswgraph-a-to-b-barrier-min2-summary.docx'
    >>> export_filename("pdf", filters={"min_sources": 2}, content="slide")
    'pswgraph-sources2-slide-pdf.pdf'
    >>> export_filename("pptx", path=["x", "y", "z"]), export_filename("png", compare=["SE", "DK"])
    ('pswgraph-path-x-y-z-pptx.pptx', 'pswgraph-compare-SE-DK-png.png')
    >>> name = export_filename("gexf", filters={"themes": [f"theme-{i}" for i in range(40)]})
    >>> len(name) <= MAX_NAME, name.endswith(".gexf")
    (True, True)
    """
    filters = dict(filters or {})
    parts: list[str] = []
    if path:
        parts += ["path", *(_slug(p) for p in path)]
    if compare:
        parts += ["compare", *(_slug(c, keep_case=True) for c in compare)]
    if focus:
        parts += ["focus", _slug(focus), f"d{int(depth or 1)}"]
    if selection and selection.get("type") == "factor" and selection.get("id"):
        parts.append(_slug(selection["id"]))
    elif selection and selection.get("type") == "influence":
        parts += [_slug(selection.get("source", "")), "to", _slug(selection.get("target", ""))]
    codes = list(dict.fromkeys([*countries, *(filters.get("countries") or [])]))
    parts += [_slug(c, keep_case=True) for c in codes]
    for key, prefix in _NAME_FILTERS:
        parts += [prefix + _slug(v) for v in filters.get(key) or []]
    if filters.get("min_evidence"):
        parts.append(f"min{int(filters['min_evidence'])}")
    if filters.get("include_unevidenced") is False:
        parts.append("evidenced")
    if filters.get("min_sources"):
        parts.append(f"sources{int(filters['min_sources'])}")
    if layout and layout != "bands":
        parts.append(_slug(layout))
    if content:
        parts.append(_slug(content))
    ext = ext if ext is not None else EXPORT_FORMATS[kind].ext if kind in EXPORT_FORMATS else "." + _slug(kind)
    view = "-".join(p for p in parts if p) or "all"
    tail = "-" + (_slug(kind) or "export") + "." + (_slug(ext.lstrip(".")) or "bin")
    if len("pswgraph-" + view + tail) > MAX_NAME:
        digest = hashlib.sha1(view.encode()).hexdigest()[:10]
        view = view[: MAX_NAME - len("pswgraph-") - len(tail) - len(digest) - 1].rstrip("-.") + "-" + digest
    return "pswgraph-" + view + tail
