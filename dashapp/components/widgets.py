"""Small widgets the views share."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html


def radio_name(component_id: str | dict[str, Any]) -> str:
    """The ``name`` shared by a radio group's inputs, from its component id (a pattern-matching id too).

    >>> radio_name("f-depth"), radio_name({"type": "pl-state", "index": "mentoring"})
    ('f-depth', 'pl-state-mentoring')
    """
    if isinstance(component_id, dict):
        return "-".join(str(component_id[k]) for k in sorted(component_id, key=lambda k: k != "type"))
    return component_id


def radio_group(label: str, **kwargs: Any) -> html.Div:
    """``dbc.RadioItems(**kwargs)`` as one named group: its inputs share a ``name`` (one tab stop, the arrow keys
    choose) and a box of role ``radiogroup`` named *label* holds them.

    >>> g = radio_group("Depth", id="f-depth", options=[{"label": "1", "value": 1}], value=1)
    >>> g.role, g.children.name
    ('radiogroup', 'f-depth')
    """
    return html.Div(dbc.RadioItems(name=radio_name(kwargs["id"]), **kwargs), role="radiogroup",
                    **{"aria-label": label})
