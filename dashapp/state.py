"""The whole view state in the URL query string, both ways (shareable links; back and forward work).

>>> q = encode({"tabs": "compare", "c-countries": ["SE", "NO"], "f-min-evidence": 2})
>>> q
'?tab=compare&min=2&cc=SE,NO'
>>> decode(q)["c-countries"], decode(q)["f-min-evidence"], decode(q)["f-levels"]
(['SE', 'NO'], 2, [])
>>> decode("?layout=cose")["f-layout"]   # links made before the layouts were renamed still work
'force'
>>> decode("?sel=i:hrm-policies>psw-wellbeing")["selection"]
{'type': 'influence', 'source': 'hrm-policies', 'target': 'psw-wellbeing'}
>>> encode({"f-hide-single": True, "p-hide-single": False}), decode("?single=1")["f-hide-single"]
('?single=1', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote

from dash import Dash, Input, Output, ctx, no_update

from graph.present.layout import LAYOUT_ALIASES, VIEW_LAYOUTS

from . import compare, explore, guard, matrix, paths, plan, studies
from . import components as C

URL = "url"
TABS = C.TABS
TAB_DEFAULT = C.TAB_DEFAULT
TAB_VALUES = C.TAB_VALUES


@dataclass(frozen=True)
class Field:
    """One piece of view state: URL key, component id and property, value kind, default."""

    key: str
    id: str
    prop: str
    kind: str  # str | list | int | bool | selection
    default: Any


FIELDS: list[Field] = [
    Field("tab", TABS, C.TAB_PROP, "str", TAB_DEFAULT),
    Field("lv", explore.LEVELS, "value", "list", []),
    Field("th", explore.THEMES, "value", "list", []),
    Field("c", explore.COUNTRIES, "value", "list", []),
    Field("s", explore.STUDIES, "value", "list", []),
    Field("p", explore.POLARITIES, "value", "list", []),
    Field("pp", explore.PERSPECTIVES, "value", "list", []),
    Field("min", explore.MIN_EVIDENCE, "value", "int", 0),
    Field("unev", explore.UNEVIDENCED, "value", "bool", True),
    Field("single", explore.HIDE_SINGLE, "value", "bool", False),
    Field("focus", explore.FOCUS, "value", "str", None),
    Field("depth", explore.DEPTH, "value", "int", 1),
    Field("layout", explore.LAYOUT, "value", "str", "bands"),
    Field("show", explore.SHOW, "value", "str", "themes"),
    Field("open", explore.EXPAND, "data", "list", []),
    Field("sel", explore.SELECTION, "data", "selection", None),
    Field("from", paths.SOURCE, "value", "str", None),
    Field("to", paths.TARGET, "value", "str", None),
    Field("hops", paths.HOPS, "value", "int", 4),
    Field("pc", paths.COUNTRIES, "value", "list", []),
    Field("path", paths.PICK, "value", "str", "all"),
    Field("gran", paths.GRANULARITY, "value", "str", paths.DEFAULTS[paths.GRANULARITY]),
    Field("psingle", paths.HIDE_SINGLE, "value", "bool", False),
    Field("cc", compare.COUNTRIES, "value", "list", []),
    Field("cfrom", compare.SOURCE, "value", "str", compare.DEFAULTS[compare.SOURCE]),
    Field("cto", compare.TARGET, "value", "str", compare.DEFAULTS[compare.TARGET]),
    Field("mby", matrix.BY, "value", "str", "country"),
    Field("mpol", matrix.POLARITY, "value", "str", "all"),
    Field("q", studies.QUICK, "value", "str", ""),
    Field("sort", studies.SORT, "data", "str", studies.DEFAULTS[studies.SORT]),
    Field("has", plan.PRESENT, "data", "list", []),
    Field("lacks", plan.ABSENT, "data", "list", []),
    Field("popen", plan.OPEN, "data", "list", []),
]


def _enc_value(f: Field, value: Any) -> str | None:
    if value is None or value == f.default or (f.kind == "list" and not value):
        return None
    if f.kind == "list":
        return ",".join(quote(str(v), safe="") for v in value)
    if f.kind == "bool":
        return "1" if value else "0"
    if f.kind == "selection":
        if value.get("type") == "factor":
            return f"f:{quote(value['id'], safe='')}"
        if value.get("type") == "influence":
            return f"i:{quote(value['source'], safe='')}>{quote(value['target'], safe='')}"
        return None
    return quote(str(value), safe="")


def encode(values: dict[str, Any]) -> str:
    """The query string (with ``?``, or ``''``) for component values keyed by component id."""
    parts = []
    for f in FIELDS:
        if f.id in values:
            v = _enc_value(f, values[f.id])
            if v is not None:
                parts.append(f"{f.key}={v}")
    return "?" + "&".join(parts) if parts else ""


def _dec_value(f: Field, raw: str) -> Any:
    try:
        if f.kind == "list":
            return [v for v in raw.split(",") if v]
        if f.kind == "int":
            return int(raw)
        if f.kind == "bool":
            return raw not in ("0", "false", "no", "")
        if f.kind == "selection":
            kind, _, rest = raw.partition(":")
            if kind == "f" and rest:
                return {"type": "factor", "id": rest}
            if kind == "i" and ">" in rest:
                s, t = rest.split(">", 1)
                return {"type": "influence", "source": s, "target": t}
            return None
        return raw
    except ValueError:
        return f.default


def decode(search: str | None) -> dict[str, Any]:
    """Component values keyed by component id from a query string; missing keys get their defaults.

    Every value is checked against what its control allows (:mod:`dashapp.guard`): a choice not
    offered, a number out of range or a tab that does not exist falls back to the default (numbers
    are clamped), lists keep known values once each, text is cut short. Ids of the data (countries,
    factors, ...) are checked against the graph by the callbacks' guard.

    >>> d = decode("?gran=foo&mby=foo&layout=zzz&depth=99&min=-5&tab=../x&p=barrier,evil,barrier&lv=macro,macro")
    >>> d["p-granularity"], d["m-by"], d["f-layout"], d["f-depth"], d["f-min-evidence"], d["tabs"], d["f-polarities"]
    ('subtheme', 'country', 'bands', 3, 0, 'explore', ['barrier'])
    >>> d["f-levels"]   # the data's levels: checked by the callbacks' guard, here only once each
    ['macro']
    """
    raw = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))
    out = {f.id: (_dec_value(f, raw[f.key]) if f.key in raw else f.default) for f in FIELDS}
    for f in FIELDS:
        value = out[f.id]
        if f.id in guard.CHOICES:
            out[f.id] = guard.clean_choice(value, *guard.CHOICES[f.id])
        elif f.id in guard.NUMBERS:
            out[f.id] = guard.clean_number(value, *guard.NUMBERS[f.id])
        elif f.id in guard.FIXED_LISTS:
            out[f.id] = guard.clean_list(value, set(guard.FIXED_LISTS[f.id]))
        elif f.kind == "list":
            out[f.id] = list(dict.fromkeys(value))[:guard.MAX_LIST]
        elif f.kind == "str" and isinstance(value, str):
            out[f.id] = value[:guard.MAX_TEXT]
    if out[TABS] not in TAB_VALUES:
        out[TABS] = TAB_DEFAULT
    layout = LAYOUT_ALIASES.get(out[explore.LAYOUT], out[explore.LAYOUT])
    out[explore.LAYOUT] = layout if layout in VIEW_LAYOUTS else "bands"
    return out


def register(app: Dash) -> None:
    """One callback keeps the URL and every stateful control in step (a same-callback cycle).

    A control change rewrites ``url.search`` (a new history entry); a URL change
    (page load, back/forward, a pasted link) sets the controls. "Reset" returns
    every explore control to its default and keeps the tab.
    """
    outputs = [Output(URL, "search")] + [Output(f.id, f.prop, allow_duplicate=True)
                                         if f.id in (explore.SELECTION, explore.EXPAND, plan.PRESENT, plan.ABSENT, plan.OPEN)
                                         else Output(f.id, f.prop) for f in FIELDS]
    inputs = [Input(URL, "search"), Input(explore.RESET, "n_clicks")] + [Input(f.id, f.prop) for f in FIELDS]

    @app.callback(*outputs, *inputs, prevent_initial_call="initial_duplicate")
    def sync(search, _reset, *values):
        trig = ctx.triggered_id
        if trig == explore.RESET:
            state = decode("")
            state[TABS] = values[0] or TAB_DEFAULT
            return [encode(state), *[state[f.id] for f in FIELDS]]
        if trig is None or trig == URL:  # only the controls the address changes: the page need not redraw the rest
            state = decode(search)
            return [no_update, *[no_update if state[f.id] == v else state[f.id] for f, v in zip(FIELDS, values)]]
        current = {f.id: v for f, v in zip(FIELDS, values)}
        query = encode(current)
        return [query if query != (search or "") else no_update, *[no_update] * len(FIELDS)]
