"""Large read-only panels as one HTML string instead of hundreds of Dash components.

Every Dash component in the page costs the browser work on every state change of the renderer, so a panel
of 600 components (the Plan's checklist) took seconds per click. A panel that has no inputs of its own is
built as usual from ``html.*`` components, turned into escaped HTML here (:func:`to_html`), sent as the
``data`` of a store and written into its box by the page (``pswgraph.setHtml``): one component, however
long the panel. Text and attribute values are escaped, so the papers' words are never read as markup.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc
from dash import html as dhtml

#: Attribute names of the components' props (the rest are the lower-cased prop name).
_ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex"}
#: Elements with no closing tag.
_VOID = {"br", "hr", "img", "input", "wbr"}
#: Props that are no attributes of the element (Dash's own, or events).
_SKIP = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "key", "setProps"}
_CAMEL = re.compile(r"[A-Z]")
_SAFE_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_:.-]*$")


def _style(style: dict[str, Any]) -> str:
    """A style dict as CSS text (``fontSize`` → ``font-size``)."""
    return "; ".join(f"{_CAMEL.sub(lambda m: '-' + m.group(0).lower(), k)}: {v}" for k, v in style.items())


def to_html(node: Any) -> str:
    """*node* (``html.*`` components, strings, numbers, lists of them, ``None``) as escaped HTML.

    Parameters
    ----------
    node : a Dash ``html`` component, a string or number, a list of these, or None

    Returns
    -------
    str : the HTML; text and attribute values escaped, ``className`` as ``class``, ``style`` as CSS,
    ``aria-*`` and ``data-*`` kept; a prop whose name is not a plain attribute name is dropped.

    >>> from dash import html
    >>> to_html(html.Div(["a < b", html.Strong("“x”")], className="note", **{"data-factor": 'f"1'}))
    '<div class="note" data-factor="f&quot;1">a &lt; b<strong>“x”</strong></div>'
    >>> to_html([html.Details([html.Summary("2 quotes"), html.Blockquote("<script>")]), None, 3])
    '<details><summary>2 quotes</summary><blockquote>&lt;script&gt;</blockquote></details>3'
    """
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_html(n) for n in node)
    if isinstance(node, (str, int, float)):
        return _html.escape(str(node), quote=False)
    if getattr(node, "_namespace", None) != "dash_html_components":
        raise TypeError(f"to_html takes html.* components, not {type(node).__name__}")
    tag = node._type.lower()
    attrs = []
    for prop, value in node.to_plotly_json()["props"].items():
        if prop in _SKIP or value is None or value is False:
            continue
        name = _ATTRIBUTES.get(prop, prop if prop.startswith(("aria-", "data-")) else prop.lower())
        if not _SAFE_NAME.match(name) or name.startswith("on"):
            continue
        text = _style(value) if prop == "style" and isinstance(value, dict) else "" if value is True else str(value)
        attrs.append(f' {name}="{_html.escape(text, quote=True)}"' if value is not True else f" {name}")
    head = f"<{tag}{''.join(attrs)}>"
    if tag in _VOID:
        return head
    return f"{head}{to_html(getattr(node, 'children', None))}</{tag}>"


def raw_html(markup: str, **kwargs: Any) -> dhtml.Div:
    """A box showing *markup* (from :func:`to_html`): one component wherever it sits in a panel (the page writes
    its ``data-html`` into it: ``pswgraph.js``).

    >>> props = raw_html("<b>x</b>", className="cards").to_plotly_json()["props"]
    >>> props["className"], props["data-html"]
    ('psw-html cards', '<b>x</b>')
    """
    return dhtml.Div(className=f"psw-html {kwargs.pop('className', '')}".strip(), **{"data-html": markup}, **kwargs)


def html_panel(panel_id: str, **kwargs: Any) -> dhtml.Div:
    """The box a panel's HTML is written into (``aria-live`` off: the view says what changed), and its store
    (``panel_id + "-html"``): a callback writing :func:`to_html` into ``(store_id(panel_id), "data")`` fills it."""
    return dhtml.Div([dcc.Store(id=store_id(panel_id)), dhtml.Div(id=panel_id, **kwargs)])


def store_id(panel_id: str) -> str:
    """The id of the store holding the HTML of the panel *panel_id*.

    >>> store_id("pl-checklist")
    'pl-checklist-html'
    """
    return f"{panel_id}-html"


def register_panel(app: Dash, panel_id: str) -> None:
    """The page writes the store's HTML into the panel's box (no request)."""
    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="setHtml"),
                            Output(panel_id, "title"), Input(store_id(panel_id), "data"), State(panel_id, "id"),
                            prevent_initial_call=True)
