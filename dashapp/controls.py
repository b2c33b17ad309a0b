"""The explorer's controls, one record each: the single home of what a control may hold.

A :class:`Control` names the component (id and property), its key in the page's address (if it is view state),
its default, what it allows (fixed choices, a numeric range, an id set of the graph, or text up to a length)
and how a value is made safe (:meth:`Control.clean`). From these records come the widgets' options and
defaults (the pages), the address both ways (:func:`encode`, :func:`decode`) and the request guard
(:mod:`dashapp.server.guard`), which also caps every value of a component or property not listed here
(:func:`cap`): a browser may send any string to any callback, however long.

>>> q = encode({"tabs": "compare", "c-countries": ["SE", "NO"], "f-min-evidence": 2})
>>> q
'?tab=compare&min=2&cc=SE,NO'
>>> decode(q)["c-countries"], decode(q)["f-min-evidence"], decode(q)["f-levels"]
(['SE', 'NO'], 2, [])
>>> decode("?layout=cose")["f-layout"]   # links made before the layouts were renamed still work
'force'
>>> decode("?sel=i:hrm-policies>psw-wellbeing")["selection"]
{'type': 'influence', 'source': 'hrm-policies', 'target': 'psw-wellbeing'}
>>> encode({"f-min-papers": 2, "p-min-papers": 0}), decode("?single=1&psingle=1")["f-min-papers"]   # an older link
('?minp=2', 2)
>>> P_HOPS.lo, P_HOPS.hi, P_HOPS.default, P_HOPS.clean("99"), by_id("p-hops") is P_HOPS
(1, 6, 4, 6, True)
>>> decode("?prank=total")["p-rank"], decode("?prank=longest")["p-rank"], encode({"p-rank": "fewest"})
('total', 'weakest', '?prank=fewest')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote

import networkx as nx

from graph.data.memo import memo
from graph.export import EXPORT_FORMATS
from graph.export.downloads import FIGURE_MODES, NETWORK_CONTENTS
from graph.present.layout import LAYOUT_ALIASES, VIEW_LAYOUTS
from graph.query.filters import country_choices
from graph.query.paths import DEFAULT_GRANULARITY, DEFAULT_RANKING, RANKING_LABELS

from .components.found import EVIDENCE_OPTION
from .components.options import PERSPECTIVES, POLARITIES, TAB_DEFAULT, TAB_PROP, TAB_VALUES, TABS, level_items

#: Longest free text a control keeps, and the cap on any string the guard meets (search boxes' ``search_value``...).
MAX_TEXT = 200
#: Most values in a list from the address (each is then checked against the data's ids by the guard).
MAX_LIST = 500
#: Most items in any list (or keys in any object) a request may carry in one value (the matrix has ~700 buttons).
MAX_ITEMS = 5000
#: Deepest nesting of lists and objects kept in a value (a node's data, a store): deeper parts are dropped.
MAX_DEPTH = 6
#: Longest page address kept (``url.search``): a plan marks every factor, a link lists many countries.
MAX_URL = 64 * 1024
#: Largest self-assessment file read, in bytes (46 factors take ~2 kB).
MAX_UPLOAD = 200_000

#: The page's address (``dcc.Location``): its ``search`` holds the view state.
URL = "url"

Choices = tuple[tuple[Any, str], ...]


@dataclass(frozen=True)
class Control:
    """One control: component ``id`` and ``prop``, address ``key`` (``None``: not in the address), ``kind``
    (``choice``, ``number``, ``switch``, ``list``, ``factor``, ``search`` (a factor, or ``evidence:ID:WORDS``),
    ``text``, ``selection``, ``upload``), ``default``;
    ``choices`` as ``(value, label)`` (and old values still accepted, ``aliases``), the range ``lo``..``hi``,
    the graph's id set ``ids`` it draws from (``levels``, ``themes``, ``countries``, ``studies``, ``factors``),
    ``max_len`` of its text, and ``old_key``: a key of older links, read when ``key`` is absent (as ``old_value``
    when that is given and the old link's value is not "0")."""

    id: str
    kind: str
    default: Any = None
    key: str | None = None
    prop: str = "value"
    choices: Choices = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    lo: int = 0
    hi: int = 0
    ids: str | None = None
    max_len: int = MAX_TEXT
    old_key: str | None = None
    old_value: Any = None

    @property
    def values(self) -> tuple[Any, ...]:
        """The values the control offers (``choices``, or the range of a ``number``)."""
        if self.kind == "number":
            return tuple(range(self.lo, self.hi + 1))
        return tuple(v for v, _ in self.choices)

    def options(self) -> list[dict[str, Any]]:
        """The widget's options: ``{"label", "value"}`` per choice."""
        return [{"label": label, "value": value} for value, label in self.choices]

    def clean(self, value: Any, known: Mapping[str, set[str]] | None = None) -> Any:
        """*value* made safe: its type, its choices or range, text cut to ``max_len``; with *known* (the graph's id
        sets, :func:`known_ids`) the ids it holds must exist, else they drop out (a single id becomes ``None``).

        >>> M_BY.clean("../x"), F_DEPTH.clean(99), F_UNEVIDENCED.clean("yes"), F_LAYOUT.clean("cose")
        ('country', 3, True, 'force')
        >>> F_POLARITIES.clean(["barrier", "evil", "barrier"]), F_COUNTRIES.clean(["SE", "XX"], {"countries": {"SE"}})
        (['barrier'], ['SE'])
        >>> S_QUICK.clean("x" * 999) == "x" * MAX_TEXT, S_QUICK.clean(["a"]), P_SOURCE.clean("zz", {"factors": set()})
        (True, '', None)
        """
        kind = self.kind
        if kind == "choice":
            value = self.aliases.get(value, value) if isinstance(value, str) else value
            return clean_choice(value, self.values, self.default)
        if kind == "number":
            return clean_number(value, self.lo, self.hi, self.default)
        if kind == "switch":
            return value if isinstance(value, bool) else self.default
        if kind == "list":
            if self.choices:
                return clean_list(value, set(self.values))
            if known is not None and self.ids:
                return clean_list(value, known[self.ids])
            return list(dict.fromkeys(v[:MAX_TEXT] for v in value if isinstance(v, str)))[:MAX_LIST] \
                if isinstance(value, list) else []
        if kind == "search" and isinstance(value, str) and value.startswith(EVIDENCE_OPTION):
            ev, _, words = value[len(EVIDENCE_OPTION):].partition(":")
            ok = ev in known["evidence"] if known is not None else len(ev) <= MAX_TEXT
            return f"{EVIDENCE_OPTION}{ev}:{words[:MAX_TEXT]}" if ok else None
        if kind in ("factor", "search"):
            if known is not None:
                return value if isinstance(value, str) and value in known["factors"] else None
            return value[:MAX_TEXT] if isinstance(value, str) else self.default
        if kind == "selection":
            return clean_selection(value, known["factors"] if known is not None else None,
                                   known["evidence"] if known is not None else None)
        if kind == "upload":
            return cap_data_url(value, self.max_len) if isinstance(value, str) else None
        return value[:self.max_len] if isinstance(value, str) else self.default


def _pairs(values: Any) -> Choices:
    return tuple((v, str(v)) for v in values)


# ----------------------------------------------------------------------------- the registry

TAB = Control(TABS, "choice", TAB_DEFAULT, "tab", prop=TAB_PROP, choices=_pairs(TAB_VALUES))
ADDRESS = Control(URL, "text", "", prop="search", max_len=MAX_URL)

# the explore view: the evidence filters (in the order the filter callbacks take them), then what is drawn
F_LEVELS = Control("f-levels", "list", [], "lv", ids="levels")
F_THEMES = Control("f-themes", "list", [], "th", ids="themes")
F_COUNTRIES = Control("f-countries", "list", [], "c", ids="countries")
F_STUDIES = Control("f-studies", "list", [], "s", ids="studies")
F_POLARITIES = Control("f-polarities", "list", [], "p", choices=_pairs(POLARITIES))
F_PERSPECTIVES = Control("f-perspectives", "list", [], "pp", choices=_pairs(PERSPECTIVES))
F_MIN_EVIDENCE = Control("f-min-evidence", "number", 0, "min", lo=0, hi=10)
F_UNEVIDENCED = Control("f-unevidenced", "switch", True, "unev")
#: "Stated or evidenced by at least … papers" (factors and influences); older links' ``single=1`` ("hide
#: single-source influences") read as 2.
F_MIN_PAPERS = Control("f-min-papers", "number", 0, "minp", lo=0, hi=4, old_key="single", old_value=2)
F_MIN_COUNTRIES = Control("f-min-countries", "number", 0, "mincc", lo=0, hi=4)
F_FOCUS = Control("f-focus", "factor", None, "focus")
F_DEPTH = Control("f-depth", "number", 1, "depth", lo=1, hi=3)
F_LAYOUT = Control("f-layout", "choice", "bands", "layout", choices=tuple(VIEW_LAYOUTS.items()),
                   aliases=LAYOUT_ALIASES)
F_SHOW = Control("f-show", "choice", "themes", "show", choices=(("themes", "themes (click one to open it)"),
                                                                ("subthemes", "all sub-themes")))
F_OPEN = Control("f-open", "list", [], "open", prop="data", ids="themes")
F_SELECTION = Control("selection", "selection", None, "sel", prop="data")
F_SEARCH = Control("f-search", "search")
#: The explore view's evidence filters, in the order the callbacks take them.
FILTERS = (F_LEVELS, F_THEMES, F_COUNTRIES, F_STUDIES, F_POLARITIES, F_PERSPECTIVES, F_MIN_EVIDENCE, F_UNEVIDENCED,
           F_MIN_PAPERS, F_MIN_COUNTRIES)

# the export toolbar over the explore view (not in the address)
X_FORMAT = Control("x-format", "choice", "graphml", choices=tuple((k, v.label) for k, v in EXPORT_FORMATS.items()))
X_CONTENT = Control("x-content", "choice", "drawn", choices=tuple(NETWORK_CONTENTS.items()))
X_FIGURE_MODE = Control("x-figure-mode", "choice", "screen", choices=tuple(FIGURE_MODES.items()))
X_SUMMARY_FORMAT = Control("x-summary-format", "choice", "docx", choices=(("docx", "Word (.docx)"),
                                                                          ("md", "Markdown (.md)")))

# the path finder
P_SOURCE = Control("p-source", "factor", None, "from")
P_TARGET = Control("p-target", "factor", None, "to")
P_HOPS = Control("p-hops", "number", 4, "hops", lo=1, hi=6)
P_COUNTRIES = Control("p-countries", "list", [], "pc", ids="countries")
P_PICK = Control("p-pick", "text", "all", "path")  # "all", or a route's number among those found
P_GRANULARITY = Control("p-granularity", "choice", DEFAULT_GRANULARITY, "gran",
                        choices=(("subtheme", "sub-themes as recorded"), ("theme", "themes (roll up)")))
#: "Use only hops at least … papers state or evidence"; older links' ``psingle=1`` read as 2.
P_MIN_PAPERS = Control("p-min-papers", "number", 0, "pminp", lo=0, hi=4, old_key="psingle", old_value=2)
P_MIN_COUNTRIES = Control("p-min-countries", "number", 0, "pmincc", lo=0, hi=4)
P_RANK = Control("p-rank", "choice", DEFAULT_RANKING, "prank", choices=tuple(RANKING_LABELS.items()))

# compare countries
C_COUNTRIES = Control("c-countries", "list", [], "cc", ids="countries")
C_SOURCE = Control("c-source", "factor", "regulatory-political", "cfrom")
C_TARGET = Control("c-target", "factor", "psw-wellbeing", "cto")
C_MIN_SHARED = Control("c-min-shared", "number", 0, "cshared", lo=0, hi=4)  # in at least … of the chosen countries
C_MIN_PAPERS = Control("c-min-papers", "number", 0, "cminp", lo=0, hi=4)

# the evidence matrix
M_BY = Control("m-by", "choice", "country", "mby", choices=(("country", "countries"), ("study", "studies")))
M_POLARITY = Control("m-polarity", "choice", "all", "mpol", choices=(("all", "all"), *_pairs(POLARITIES)))

# studies
S_QUICK = Control("s-quick", "text", "", "q")
S_SORT = Control("s-sort", "text", "", "sort", prop="data")  # e.g. "-year,label" (dashapp.pages.studies)
S_COUNTRIES = Control("s-countries", "list", [], "sc", ids="countries")  # studies from these countries

# plan
# marked a problem here / a strength here; a link of the old format's ``has`` (marked present) is read as problems
# (graph.data.vocabulary.LEGACY_STATES), its ``lacks`` (marked absent) as not known: see old_plan_marks
PL_PROBLEM = Control("pl-problem", "list", [], "problem", prop="data", ids="factors", old_key="has")
PL_STRENGTH = Control("pl-strength", "list", [], "strength", prop="data", ids="factors")
#: The Plan's address keys of the old format and the old mark each carried.
OLD_PLAN_KEYS = {"has": "present", "lacks": "absent"}
PL_OPEN = Control("pl-open", "list", [], "popen", prop="data", ids="themes")
PL_UPLOAD = Control("pl-upload", "upload", None, prop="contents", max_len=MAX_UPLOAD)
#: The address, copied in the page only when it is a Plan link of the old format (to say how it was converted).
PL_OLD_LINK = Control("pl-old-link", "text", None, prop="data", max_len=MAX_URL)

#: Every control, those in the address in the order of its keys.
CONTROLS: tuple[Control, ...] = (
    TAB, F_LEVELS, F_THEMES, F_COUNTRIES, F_STUDIES, F_POLARITIES, F_PERSPECTIVES, F_MIN_EVIDENCE, F_UNEVIDENCED,
    F_MIN_PAPERS, F_MIN_COUNTRIES, F_FOCUS, F_DEPTH, F_LAYOUT, F_SHOW, F_OPEN, F_SELECTION, P_SOURCE, P_TARGET, P_HOPS, P_COUNTRIES,
    P_PICK, P_GRANULARITY, P_MIN_PAPERS, P_MIN_COUNTRIES, P_RANK, C_COUNTRIES, C_SOURCE, C_TARGET, C_MIN_SHARED,
    C_MIN_PAPERS, M_BY, M_POLARITY, S_QUICK, S_SORT, S_COUNTRIES,
    PL_PROBLEM, PL_STRENGTH, PL_OPEN,
    ADDRESS, F_SEARCH, X_FORMAT, X_CONTENT, X_FIGURE_MODE, X_SUMMARY_FORMAT, PL_UPLOAD, PL_OLD_LINK,
)
#: The view state: the controls the address carries.
STATEFUL: tuple[Control, ...] = tuple(c for c in CONTROLS if c.key)
_BY_ID: dict[tuple[str, str], Control] = {(c.id, c.prop): c for c in CONTROLS}


def by_id(component: str, prop: str = "value") -> Control | None:
    """The control of *component*'s *prop* (``None``: not a registered control; the guard then only caps it)."""
    return _BY_ID.get((component, prop))


def known_ids(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The id sets of graph *G* the controls draw from (kept per graph)."""
    def build() -> dict[str, set[str]]:
        factors = {n for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
        return {"factors": factors, "themes": {n for n in factors if G.nodes[n].get("factor_kind") == "theme"},
                "levels": {lv for lv, _ in level_items(G)}, "countries": {code for code, _ in country_choices(G)},
                "studies": {n for n, a in G.nodes(data=True) if a.get("kind") == "study"},
                "evidence": {n for n, a in G.nodes(data=True) if a.get("kind") == "evidence"}}
    return memo(G, "control-ids", None, build)


# ----------------------------------------------------------------------------- cleaning

def clean_list(value: Any, allowed: set[str]) -> list[str]:
    """The known ids of *value*, in order, once each (anything else, or a non-list, drops out).

    >>> clean_list(["SE", "XX", "SE", 3, "NO"], {"SE", "NO"})
    ['SE', 'NO']
    >>> clean_list({"a": 1}, {"a"}), clean_list("SE", {"SE"})
    ([], [])
    """
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, str) and v in allowed))[:len(allowed)]


def clean_number(value: Any, lo: int, hi: int, default: int) -> int:
    """*value* as a whole number within ``[lo, hi]``, or *default* when it is not a number.

    >>> clean_number("3", 1, 6, 4), clean_number(99, 1, 3, 1), clean_number(-5, 0, 10, 0), clean_number(None, 1, 6, 4)
    (3, 3, 0, 4)
    """
    if isinstance(value, bool) or (isinstance(value, str) and len(value) > MAX_TEXT):
        return default
    try:
        number = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, lo), hi)


def clean_choice(value: Any, allowed: tuple[Any, ...], default: Any) -> Any:
    """*value* if it is one of *allowed*, else *default*.

    >>> clean_choice("theme", ("theme", "subtheme"), "subtheme"), clean_choice("../x", ("a",), "a")
    ('theme', 'a')
    """
    return value if isinstance(value, str) and value in allowed else default


def clean_selection(value: Any, factors: set[str] | None,
                    evidence: set[str] | None = None) -> dict[str, str] | None:
    """A selection store's value if well formed (a factor, an influence between two factors, or an evidence item
    found by a search, with the words searched in ``q``), else ``None``.

    Without *factors* / *evidence* (the address, read before the graph) any short ids pass.

    >>> clean_selection({"type": "factor", "id": "a", "x": 1}, {"a"}), clean_selection({"type": "factor", "id": "b"}, {"a"})
    ({'type': 'factor', 'id': 'a'}, None)
    >>> clean_selection({"type": "evidence", "id": "ev-1", "q": "eye opening"}, set(), {"ev-1"})
    {'type': 'evidence', 'id': 'ev-1', 'q': 'eye opening'}
    """
    if not isinstance(value, dict):
        return None

    def ok(v: Any) -> bool:
        return isinstance(v, str) and (v in factors if factors is not None else len(v) <= MAX_TEXT)

    if value.get("type") == "factor" and ok(value.get("id")):
        return {"type": "factor", "id": value["id"]}
    if value.get("type") == "influence" and ok(value.get("source")) and ok(value.get("target")):
        return {"type": "influence", "source": value["source"], "target": value["target"]}
    if value.get("type") == "evidence" and isinstance(ev := value.get("id"), str) \
            and (ev in evidence if evidence is not None else len(ev) <= MAX_TEXT):
        q = value.get("q")
        return {"type": "evidence", "id": ev, "q": q[:MAX_TEXT] if isinstance(q, str) else ""}
    return None


def cap_data_url(value: str, max_bytes: int) -> str:
    """A ``data:`` URL cut so that it holds a little over *max_bytes* (still whole base64 quads): a file too big
    to read stays too big to read, without the server decoding the rest.

    >>> import base64
    >>> url = cap_data_url("data:text/csv;base64," + base64.b64encode(b"x" * 1000).decode(), 6)
    >>> len(base64.b64decode(url.partition(",")[2], validate=True))   # over 6 bytes: the page says "too big"
    12
    """
    head, comma, payload = value.partition(",")
    if not comma:
        return value[:MAX_TEXT]
    return f"{head[:MAX_TEXT]},{payload[:4 * (max_bytes // 3 + 2)]}"


def cap(value: Any, depth: int = 0) -> Any:
    """Any value a browser sent, bounded: strings cut to :data:`MAX_TEXT`, lists and objects to :data:`MAX_ITEMS`
    items, nesting to :data:`MAX_DEPTH` (what the guard does to every property no control describes).

    >>> cap("x" * 60_000) == "x" * MAX_TEXT, cap({"a": ["y" * 300]}) == {"a": ["y" * MAX_TEXT]}, cap(3)
    (True, True, 3)
    """
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, list):
        return [cap(v, depth + 1) for v in value[:MAX_ITEMS]] if depth < MAX_DEPTH else []
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        return {str(k)[:MAX_TEXT]: cap(v, depth + 1) for k, v in items} if depth < MAX_DEPTH else {}
    return value


# ----------------------------------------------------------------------------- the address

def _url_kind(c: Control) -> str:
    return {"list": "list", "number": "int", "switch": "bool", "selection": "selection"}.get(c.kind, "str")


def _enc_value(c: Control, value: Any) -> str | None:
    kind = _url_kind(c)
    if value is None or value == c.default or (kind == "list" and not value):
        return None
    if kind == "list":
        return ",".join(quote(str(v), safe="") for v in value)
    if kind == "bool":
        return "1" if value else "0"
    if kind == "selection":
        if value.get("type") == "factor":
            return f"f:{quote(value['id'], safe='')}"
        if value.get("type") == "influence":
            return f"i:{quote(value['source'], safe='')}>{quote(value['target'], safe='')}"
        if value.get("type") == "evidence":
            return f"e:{quote(value['id'], safe='')}" + (f":{quote(value['q'], safe='')}" if value.get("q") else "")
        return None
    return quote(str(value), safe="")


def encode(values: dict[str, Any]) -> str:
    """The query string (with ``?``, or ``''``) for component values keyed by component id."""
    parts = []
    for c in STATEFUL:
        if c.id in values:
            v = _enc_value(c, values[c.id])
            if v is not None:
                parts.append(f"{c.key}={v}")
    return "?" + "&".join(parts) if parts else ""


def _dec_value(c: Control, raw: str) -> Any:
    kind = _url_kind(c)
    try:
        if kind == "list":
            return [v for v in raw.split(",") if v]
        if kind == "int":
            return int(raw)
        if kind == "bool":
            return raw not in ("0", "false", "no", "")
        if kind == "selection":
            sort, _, rest = raw.partition(":")
            if sort == "f" and rest:
                return {"type": "factor", "id": rest}
            if sort == "i" and ">" in rest:
                s, t = rest.split(">", 1)
                return {"type": "influence", "source": s, "target": t}
            if sort == "e" and rest:
                ev, _, q = rest.partition(":")
                return {"type": "evidence", "id": ev, "q": q}
            return None
        return raw
    except ValueError:
        return c.default


def decode(search: str | None) -> dict[str, Any]:
    """Component values keyed by component id from a query string; missing keys get their defaults.

    Every value is cleaned by its control (:meth:`Control.clean`, without the graph): a choice not
    offered, a number out of range or a tab that does not exist falls back to the default (numbers
    are clamped), lists keep values once each, text is cut short. Ids of the data (countries,
    factors, ...) are checked against the graph by the callbacks' guard.

    >>> d = decode("?gran=foo&mby=foo&layout=zzz&depth=99&min=-5&tab=../x&p=barrier,evil,barrier&lv=macro,macro")
    >>> d["p-granularity"], d["m-by"], d["f-layout"], d["f-depth"], d["f-min-evidence"], d["tabs"], d["f-polarities"]
    ('subtheme', 'country', 'bands', 3, 0, 'explore', ['barrier'])
    >>> d["f-levels"]   # the data's levels: checked by the callbacks' guard, here only once each
    ['macro']
    """
    raw = dict(parse_qsl((search or "")[:MAX_URL].lstrip("?"), keep_blank_values=False))
    out = {}
    for c in STATEFUL:
        key = c.key if c.key in raw or c.old_key not in raw else c.old_key
        if key != c.key and c.old_value is not None:
            out[c.id] = c.clean(c.old_value if raw[key] not in ("0", "false", "no") else c.default)
            continue
        out[c.id] = c.clean(_dec_value(c, raw[key]) if key in raw else c.default)
    return out


def old_plan_marks(search: str | None) -> dict[str, str]:
    """The marks an old-format Plan link carries, {factor: ``present`` | ``absent``} (``{}`` for a current link).

    :func:`decode` already reads ``has`` as problems; the Plan converts these
    (:func:`graph.query.plan.upgrade_assessment`) only to say what it did.

    >>> old_plan_marks("?tab=plan&has=stigma&lacks=mentoring,stigma"), old_plan_marks("?problem=stigma")
    ({'mentoring': 'absent', 'stigma': 'present'}, {})
    >>> decode("?tab=plan&has=stigma&lacks=mentoring")["pl-problem"]
    ['stigma']
    """
    raw = dict(parse_qsl((search or "")[:MAX_URL].lstrip("?"), keep_blank_values=False))
    out: dict[str, str] = {}
    for key in ("lacks", "has"):  # a factor in both: present wins, as it did
        if key in raw and (key != "has" or PL_PROBLEM.key not in raw):
            out.update(dict.fromkeys(PL_PROBLEM.clean(_dec_value(PL_PROBLEM, raw[key])), OLD_PLAN_KEYS[key]))
    return dict(sorted(out.items()))


__all__ = ["CONTROLS", "FILTERS", "MAX_ITEMS", "MAX_LIST", "MAX_TEXT", "MAX_UPLOAD", "MAX_URL", "STATEFUL", "URL",
           "Control", "by_id", "cap", "clean_choice", "clean_list", "clean_number", "clean_selection", "decode",
           "encode", "known_ids", "old_plan_marks"]
