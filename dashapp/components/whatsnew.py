"""The "What's new in this version" panel: what the data served changed from the version served before it."""

from __future__ import annotations

from typing import Any

from dash import html

from graph.present.changes import change_sections

__all__ = ["WHATS_NEW", "whats_new"]

#: The panel's id.
WHATS_NEW = "whats-new"


def whats_new(changes: dict[str, Any] | None) -> html.Details | html.Div:
    """The panel, closed until clicked: a heading and a list per kind of change; nothing when there is none.

    >>> whats_new(None).className
    'd-none'
    >>> panel = whats_new({"versions": {"old": "0.1.0", "new": "0.1.0"},
    ...                    "new_countries": [{"id": "XS", "name": "Synthland", "evidence": 2}]})
    >>> panel.children[0].children
    "What's new in this version of the data: new countries (1)"
    """
    sections = change_sections(changes or {})
    if not sections:
        return html.Div(id=WHATS_NEW, className="d-none")
    counts = ", ".join(f"{title.split(' (')[0].lower()} ({len(lines)})" for title, lines in sections)
    v = changes.get("versions", {})
    since = f" (package version {v['old']} → {v['new']})" if v.get("old") != v.get("new") else ""
    return html.Details([
        html.Summary(f"What's new in this version of the data{since}: {counts}"),
        *[html.Div([html.H2(title, className="h6 mt-2 mb-1"), html.Ul([html.Li(line) for line in lines], className="mb-1")])
          for title, lines in sections],
    ], id=WHATS_NEW, className="alert alert-info small mb-2")

