"""Plan view: a manager marks each factor as a problem here (a barrier the service faces, or an enabler it lacks),
a strength here (an enabler it has) or not known; the view recolours the graph by that self-assessment and lists,
by level, the problems with the strategies managers used elsewhere (phase, status, study, countries, quotes), and
for each strategy the factors it relies on as ✓ a strength you have, ✗ a problem here or ? not known. One mark
per factor, so no factor is both a problem and a strength.

The self-assessment is view state: :data:`PROBLEM` and :data:`STRENGTH` hold factor ids (everything else is
not known) and travel in the URL (``problem=…&strength=…``), so a plan is a shareable link and back/forward work.
Links of the old format (``has=…&lacks=…``) and saved files with the old marks (present / absent) still load,
converted by :func:`graph.query.plan.upgrade_assessment`, with a note saying so (:func:`conversion_note`).
"Start from a country's evidence" replaces the marks by :func:`graph.query.plan.country_problems` and says
how many it marked and by what rule (:func:`country_note`).
It can be downloaded and uploaded again as a small JSON or CSV file; nothing is stored on the server.
The plan itself downloads as CSV or as a printable A4 checklist (DOCX, PDF, XLSX:
:func:`graph.present.checklist.checklist_document`).
The form (:data:`FORM`) is one box of HTML (:func:`form_html`); the page checks its radio buttons from the two
stores, and a press on one writes the stores.

The graph opens on the themes, as the explore view does (:func:`graph.query.rollup.rolled_up`): each theme box counts
the marks of the theme and its sub-themes (:func:`graph.query.plan.theme_marks`). A click on a theme, or picking it in
the list above the graph, opens it into its sub-themes with their own marks; one theme is open at a time, so the
labels stay readable on a laptop. The open theme is view state too (:data:`OPEN`, ``popen=…`` in the URL).
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import html as html_text
import io
import json
from typing import Any

import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graph.data.memo import memo
from graph.data.vocabulary import (
    ASSESSMENT_LABELS,
    ASSESSMENT_STATES,
    ASSESSMENT_SYMBOLS,
    LEGACY_STATES,
    RELIES_LABELS,
    UNKNOWN,
)
from graph.data.vocabulary import (
    PROBLEM as IS_PROBLEM,
)
from graph.data.vocabulary import (
    STRENGTH as IS_STRENGTH,
)
from graph.export import export_filename
from graph.export.csvsafe import csv_text
from graph.export.downloads import checklist_download
from graph.present.checklist import CHECKLIST_FORMATS, PHASE_LABELS
from graph.present.layout import short_label
from graph.present.view import MAX_ELEMENTS, Drawn, View, drawn_view
from graph.present.words import counted
from graph.query.filters import country_choices
from graph.query.plan import (
    checklist,
    country_polarity_counts,
    country_problems,
    rolled_state,
    theme_marks,
    upgrade_assessment,
)

from .. import components as C
from .. import controls as ctl
from ..components import AppContext
from ..components.markup import html_panel, raw_html, register_panel, store_id, to_html
from ..components.widgets import radio_name
from .explore import filter_kwargs

PROBLEM = ctl.PL_PROBLEM.id  # dcc.Store: factor ids marked a problem here
STRENGTH = ctl.PL_STRENGTH.id  # dcc.Store: factor ids marked a strength here
#: Pattern-matching id type of the radio groups: ``{"type": STATE, "index": factor}``.
STATE = "pl-state"
FORM = "pl-form"
COUNTRY = "pl-country"
FROM_COUNTRY = "pl-from-country"
CLEAR = "pl-clear"
SUMMARY = "pl-summary"
GRAPH = "pl-graph"
OPEN = ctl.PL_OPEN.id  # dcc.Store: the theme opened into its sub-themes in the graph ([] or [one theme id])
OPEN_PICK = "pl-open-pick"  # the keyboard's way to open a theme: a select listing the themes with their marks
THEMES_ONLY = "pl-themes-only"  # "Show themes only": folds the open theme back
GRAPH_NOTE = "pl-graph-note"  # why the graph draws less than every theme and influence (a large package), or ""
HOVER = "pl-hover"  # the marks of the node under the pointer (its tooltip), or how to use the graph
OLD_LINK = ctl.PL_OLD_LINK.id  # dcc.Store: the address, when it is a Plan link of the old format (else never set)
PAINT = "pl-paint"  # dcc.Store: PAINT_WORDS, for the page to mark the graph
PAINTED = "pl-painted"  # output of the page's marking of the graph (nothing read from it)
FITTED = "pl-fitted"  # output of the client-side refit after a redraw (the canvas changes height with the view)
CHECKLIST = "pl-checklist"
SAVE_JSON = "pl-save-json"
SAVE_CSV = "pl-save-csv"
SAVE_PLAN = "pl-save-plan"  # the plan itself: one row per barrier and strategy, with owner / due / status to fill in
#: The printable checklist (:func:`graph.present.checklist.checklist_document`): button id per format.
SAVE_DOC = {fmt: f"pl-save-{fmt}" for fmt in CHECKLIST_FORMATS}
DOWNLOAD = "pl-download"
UPLOAD = ctl.PL_UPLOAD.id
UPLOAD_STATUS = "pl-upload-status"
#: Largest self-assessment file read, in bytes.
MAX_UPLOAD = ctl.MAX_UPLOAD

STATE_LABELS = ASSESSMENT_LABELS
#: Marks that carry the state without colour (the page and a black-and-white print).
STATE_SYMBOLS = ASSESSMENT_SYMBOLS
#: The order the radio buttons, summaries and counts give the marks in.
STATES = (IS_PROBLEM, IS_STRENGTH, UNKNOWN)


def assessment_of(problem: list[str] | None, strength: list[str] | None) -> dict[str, str]:
    """The self-assessment {factor: state} of the two stores (a problem wins a tie).

    >>> sorted(assessment_of(["a", "b"], ["b", "c"]).items())
    [('a', 'problem'), ('b', 'problem'), ('c', 'strength')]
    """
    out = {f: IS_STRENGTH for f in strength or []}
    out.update({f: IS_PROBLEM for f in problem or []})
    return out


def factor_labels(G: Any) -> dict[str, str]:
    """Every factor's label by id (kept per graph).

    >>> from graph import load_graph
    >>> factor_labels(load_graph())["stigma"]
    'Stigma (various types)'
    """
    return memo(G, "plan-factor-labels", None, lambda: {
        n: a.get("label", n) for n, a in G.nodes(data=True) if a.get("kind") == "factor"})


def graph_assessment(G: Any, problem: list[str] | None, strength: list[str] | None) -> dict[str, str]:
    """The self-assessment of the two stores (:func:`assessment_of`), kept to the factors of *G*.

    >>> from graph import load_graph
    >>> graph_assessment(load_graph(), ["stigma", "no-such-factor"], None)
    {'stigma': 'problem'}
    """
    labels = factor_labels(G)
    return {f: s for f, s in assessment_of(problem, strength).items() if f in labels}


def stores_of(assessment: dict[str, str]) -> tuple[list[str], list[str]]:
    """(problem, strength) sorted ids from a self-assessment.

    >>> stores_of({"b": "problem", "a": "problem", "c": "strength", "d": "unknown"})
    (['a', 'b'], ['c'])
    """
    return (sorted(f for f, s in assessment.items() if s == IS_PROBLEM),
            sorted(f for f, s in assessment.items() if s == IS_STRENGTH))


def _names(labels: dict[str, str], factors: list[str], most: int = 6) -> str:
    names = [labels.get(f, f) for f in factors]
    return "; ".join(names[:most]) + (f"; and {len(names) - most} more" if len(names) > most else "")


def conversion_note(converted: dict[str, list[str]], labels: dict[str, str], what: str = "This file") -> str:
    """What converting old marks did (:func:`graph.query.plan.upgrade_assessment`), in a sentence or two ('' if none).

    >>> print(conversion_note({"present": ["a"], "absent": ["b", "c"]}, {"b": "B"}))
    This file was in the old format (marks "present" and "absent") and was converted: 1 factor marked present is now a problem here; 2 marked absent ("not at play here") are now not known, as "absent" said neither a problem nor a strength — mark them again if you know: B; c.
    """
    if not converted:
        return ""
    parts = []
    if converted.get("present"):
        n = len(converted["present"])
        parts.append(f"{n} factor{'s' if n != 1 else ''} marked present {'are' if n != 1 else 'is'} now a problem here")
    if converted.get("absent"):
        n = len(converted["absent"])
        parts.append(f"{n} marked absent (\"not at play here\") {'are' if n != 1 else 'is'} now not known, as "
                     "\"absent\" said neither a problem nor a strength — mark "
                     f"{'them' if n != 1 else 'it'} again if you know: {_names(labels, converted['absent'])}")
    return f"{what} was in the old format (marks \"present\" and \"absent\") and was converted: {'; '.join(parts)}."


def country_note(G: Any, country: str, marked: list[str], replaced: int = 0) -> str:
    """The sentence the page shows after "Start from a country's evidence": how many factors it marked and why.

    >>> from graph import load_graph
    >>> from graph.query.plan import country_problems
    >>> G = load_graph()
    >>> country_note(G, "DK", country_problems(G, "DK"))[:48]
    "Started from Denmark's evidence: marked 5 factor"
    """
    name = G.nodes[country].get("label", country) if country in G else country
    counts = country_polarity_counts(G, country)
    n_factors = len(factor_labels(G))
    n = len(marked)
    return (f"Started from {name}'s evidence: marked {n} factor{'s' if n != 1 else ''} a problem here — "
            f"those with more evidence items from {name} reporting them as a barrier than as an enabler "
            f"(items reporting both, \"mixed\", count on neither side). "
            f"{len(counts) - n} other factor{'s' if len(counts) - n != 1 else ''} with evidence from {name} "
            f"and {n_factors - len(counts)} without any are left not known: mark what you know of your service, "
            "including its strengths." + (f" This replaced your {replaced} earlier mark{'s' if replaced != 1 else ''}."
                                          if replaced else ""))


def to_json(assessment: dict[str, str], version: str = "") -> str:
    """The self-assessment as the small JSON file the view downloads.

    >>> json.loads(to_json({"stigma": "problem"}, "0.1.0"))["assessment"]
    {'stigma': 'problem'}
    """
    return json.dumps({"pswgraph_self_assessment": 2, "data_version": version,
                       "assessment": dict(sorted(assessment.items()))}, indent=2)


def to_csv(assessment: dict[str, str], labels: dict[str, str]) -> str:
    """The self-assessment as CSV: ``factor,label,state``, one row per factor of *labels* (unmarked: unknown).

    Spreadsheet-safe (:func:`graph.export.csvsafe.csv_text`): a byte-order mark first, formulas neutralised.

    >>> print(to_csv({"b": "strength"}, {"a": "A", "b": "=B"}).lstrip("\\ufeff"), end="")
    factor,label,state
    a,A,unknown
    b,"'=B",strength
    """
    return csv_text(["factor", "label", "state"], ([f, labels[f], assessment.get(f, "unknown")] for f in sorted(labels)),
                    bom=True)


def parse_upload(contents: str | None, factors: dict[str, str]) -> tuple[dict[str, str] | None, str]:
    """A self-assessment from an uploaded JSON or CSV file (a ``data:`` URL), and a message for the page.

    *factors*: the graph's factor ids and their labels. Unknown factors and states are skipped and counted;
    a file that is neither gives ``None``. A file of the old format (marks ``present`` / ``absent``) is
    converted (:func:`graph.query.plan.upgrade_assessment`) and the message says how (:func:`conversion_note`).

    >>> data = "data:text/csv;base64," + base64.b64encode(b"factor,state\\nstigma,strength\\nxx,problem\\n").decode()
    >>> parse_upload(data, {"stigma": "Stigma"})
    ({'stigma': 'strength'}, 'Loaded 1 mark; skipped 1 row not naming a factor and a state.')
    >>> old = "data:text/csv;base64," + base64.b64encode(b"factor,state\\nstigma,present\\n").decode()
    >>> parse_upload(old, {"stigma": "Stigma"})[0]
    {'stigma': 'problem'}
    >>> parse_upload("data:text/plain;base64,!!!", {"stigma"})[0] is None
    True
    """
    try:
        raw = base64.b64decode((contents or "").partition(",")[2], validate=True)
        if len(raw) > MAX_UPLOAD:
            return None, f"That file is over {MAX_UPLOAD:,} bytes; expected a small self-assessment file."
        text = raw.decode("utf-8-sig")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, "That file could not be read; expected a JSON or CSV self-assessment saved from this view."
    pairs: list[tuple[Any, Any]] = []
    try:
        data = json.loads(text)
        marks = data.get("assessment") if isinstance(data, dict) else None
        if not isinstance(marks, dict):
            return None, "That JSON file has no 'assessment' object; expected a file saved from this view."
        pairs = list(marks.items())
    except RecursionError:
        return None, "That JSON file is nested too deeply; expected a file saved from this view."
    except json.JSONDecodeError:
        reader = csv.DictReader(io.StringIO(text))
        try:
            rows = list(reader)
        except csv.Error as exc:  # a cell over csv's 131,072 characters, a NUL …
            return None, (f"That CSV file could not be read at line {reader.line_num + 1:,} ({exc}); expected a file "
                          "saved from this view.")
        if not rows or "factor" not in rows[0] or "state" not in rows[0]:
            return None, "That file is neither JSON nor a CSV with 'factor' and 'state' columns."
        pairs = [(r.get("factor"), r.get("state")) for r in rows]
    kept = {f: s for f, s in pairs if isinstance(f, str) and isinstance(s, str) and f in factors
            and (s in ASSESSMENT_STATES or s in LEGACY_STATES)}
    out, converted = upgrade_assessment(kept)
    skipped = len(pairs) - len(kept)
    note = conversion_note(converted, factors)
    return out, f"Loaded {counted(len(out), 'mark')}" + (f"; skipped {counted(skipped, 'row')} not naming a factor and a state."
                                                  if skipped else ".") + (f" {note}" if note else "")


def _factors_by_level(G: Any) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """[(level, level label, [(factor, label, theme label)])] with themes before their sub-themes.

    One pass over the nodes, whatever the number of levels (a scan per level took 112 s for 10,000 levels);
    kept per graph.
    """
    return memo(G, "plan-factors-by-level", None, lambda: _group_factors_by_level(G))


def _group_factors_by_level(G: Any) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """:func:`_factors_by_level`, computed."""
    by_level: dict[str, list] = {}
    for n, a in G.nodes(data=True):
        if a.get("kind") == "factor":
            theme = a.get("theme", n)
            by_level.setdefault(a.get("level"), []).append(
                ((G.nodes[theme].get("label", theme), a.get("factor_kind") != "theme", a.get("label", n)),
                 n, a.get("label", n)))
    out = []
    for level, level_label in C.level_items(G):
        rows = sorted(by_level.get(level, ()))
        out.append((level, level_label, [(n, label, key[0]) for key, n, label in rows]))
    return out


def form_html(G: Any) -> str:
    """The self-assessment form as one HTML string (kept per graph): per level, one fieldset per factor with its
    three radio buttons (a problem here, a strength here, not known; "not known" checked), themes before their
    sub-themes.

    The page sets which button is checked from the two stores and writes the stores when one is pressed
    (``pswgraph.planForm`` and the page's change listener): with hundreds of factors, hundreds of radio groups as
    Dash components took seconds of the browser's time per mark. Names and labels are escaped.

    >>> from graph import load_graph
    >>> markup = form_html(load_graph())
    >>> markup.count('<fieldset class="pl-factor"'), markup.count('type="radio"')
    (46, 138)
    >>> 'name="pl-state-stigma" value="problem"' in markup
    True
    """
    return memo(G, "plan-form-html", None, lambda: _form_html(G))


def _form_html(G: Any) -> str:
    """:func:`form_html`, built."""
    esc = html_text.escape
    out = []
    i = 0
    for _level, level_label, rows in _factors_by_level(G):
        out.append(f'<section aria-label="{esc(level_label)}"><h4 class="h6 mt-2">{esc(level_label)}</h4>')
        for n, label, _theme in rows:
            sub = G.nodes[n].get("factor_kind") == "subtheme"
            name = esc(radio_name({"type": STATE, "index": n}))
            buttons = []
            for s in STATES:
                i += 1
                buttons.append(f'<div class="form-check form-check-inline"><input type="radio" '
                               f'class="form-check-input me-1" name="{name}" value="{s}" id="pl-s{i}"'
                               f'{" checked" if s == UNKNOWN else ""}><label class="form-check-label" '
                               f'for="pl-s{i}">{esc(STATE_LABELS[s])}</label></div>')
            out.append(f'<fieldset class="pl-factor" data-factor="{esc(n)}"><legend class="pl-factor-label'
                       f'{" ps-3" if sub else " fw-semibold"}">{esc(label)}</legend><div role="radiogroup" '
                       f'aria-label="{esc(label)}"><div class="pl-radios{" ps-3" if sub else ""}">'
                       f'{"".join(buttons)}</div></div></fieldset>')
        out.append("</section>")
    return "".join(out)


def _strategy_block(G: Any, s: dict[str, Any], assessment: dict[str, str]) -> html.Li:
    needs = []
    for f in s["relies_on"]:
        state = assessment.get(f, UNKNOWN)
        needs.append(html.Span(f"{RELIES_LABELS[state]}: {G.nodes[f].get('label', f)}",
                               className=f"pl-need pl-need-{state}"))
    quotes = [html.Blockquote([f"“{e['quote']}”", html.Span(f" ({e['speaker']})" if e["speaker"] else "",
                                                               className="text-muted")], className="pl-quote small mb-1")
              for e in s["evidence"]]
    where = ", ".join(s["countries"]) or "country not stated"
    n = len(s["evidence"])
    return html.Li([
        html.Div([html.Strong(s["label"]), f" — {s['status']}, by {s['actor']}"], className="pl-strategy-label"),
        html.Div([f"{s['study_label']} · {where}",
                  f" · ERIC (our crosswalk): {s['eric_crosswalk']}" if s["eric_crosswalk"] else ""],
                 className="small text-muted"),
        html.Div(["Relies on: ", *[part for i, n in enumerate(needs) for part in ((n,) if not i else ("; ", n))]],
                 className="small") if needs else None,
        html.Details([html.Summary(f"{n} quote{'s' if n != 1 else ''}", className="small"), *quotes]),
    ], className="pl-strategy mb-2", **{"data-strategy": s["id"]})


def checklist_children(G: Any, assessment: dict[str, str]) -> list[Any]:
    """The plan: per level, each factor marked a problem here (ranked), its strategies by phase, the strengths
    they rely on."""
    items = checklist(G, assessment)
    if not items:
        return [C.empty_note("Mark the problems in your service — a barrier you face, or an enabler you lack — "
                             "(or start from a country's evidence): they appear here with what managers elsewhere "
                             "did about them.")]
    by_level: dict[str, list[dict[str, Any]]] = {}
    for i in items:
        by_level.setdefault(i["level"], []).append(i)
    out: list[Any] = []
    for level, level_label, _ in _factors_by_level(G):
        mine = by_level.get(level, [])
        if not mine:
            continue
        out.append(html.H3(level_label, className="h6 mt-3 pl-level"))
        for rank, item in enumerate(mine, 1):
            phases = []
            for phase, phase_label in PHASE_LABELS.items():
                strategies = [s for s in item["strategies"] if s["phase"] == phase]
                if strategies:
                    phases.append(html.Div([html.H5(phase_label, className="small fw-bold mt-2 mb-1"),
                                            html.Ul([_strategy_block(G, s, assessment) for s in strategies],
                                                    className="list-unstyled ms-2")]))
            strengths = [G.nodes[f].get("label", f) for f in item["strengths"]]
            out.append(html.Article([
                html.H4([f"{rank}. ", html.Span(f"{STATE_SYMBOLS[IS_PROBLEM]} ", **{"aria-hidden": "true"}),
                         item["label"], html.Span(" (a problem here)", className="visually-hidden")],
                        className="h6 mb-1"),
                html.Div(f"Reaches {counted(item['reach'], 'factor')} downstream · {item['barrier_evidence']} barrier evidence · "
                         f"{len(item['strategies'])} strateg{'y' if len(item['strategies']) == 1 else 'ies'}",
                         className="small text-muted"),
                html.Div("✓ Strengths you have that these strategies rely on: " + "; ".join(strengths),
                         className="small pl-strengths") if strengths else None,
                *phases,
            ], className="pl-item border rounded p-2 mb-2", **{"data-factor": item["factor"]}))
    return out


def summary_text(assessment: dict[str, str], n_factors: int, n_items: int) -> str:
    """One line: how many factors are marked each way, and how many problems the plan lists.

    >>> summary_text({"a": "problem", "b": "strength", "c": "problem"}, 46, 1)
    '✗ 2 a problem here · ✓ 1 a strength here · ? 43 not known — 1 of the 2 problems has strategies in the data'
    >>> summary_text({"a": "problem"}, 46, 0).split(' — ')[1]
    'the 1 problem has no strategies in the data'
    """
    p = sum(s == IS_PROBLEM for s in assessment.values())
    st = sum(s == IS_STRENGTH for s in assessment.values())
    return (f"{STATE_SYMBOLS[IS_PROBLEM]} {p} {STATE_LABELS[IS_PROBLEM]} · "
            f"{STATE_SYMBOLS[IS_STRENGTH]} {st} {STATE_LABELS[IS_STRENGTH]} · "
            f"{STATE_SYMBOLS[UNKNOWN]} {n_factors - p - st} {STATE_LABELS[UNKNOWN]} — "
            + ("no problem marked yet" if not p else
               f"the 1 problem has {'' if n_items else 'no '}strategies in the data" if p == 1 else
               f"{n_items} of the {p} problems {'has' if n_items == 1 else 'have'} strategies in the data"))


#: The words and symbols of the marks, for the page to mark the graph again (``pswgraph.planPaint``) as
#: :func:`marks_phrase` and :func:`graph_elements` do.
PAINT_WORDS = {"order": list(STATES), "symbols": STATE_SYMBOLS, "labels": STATE_LABELS,
               "words": {IS_PROBLEM: ["problem", "problems"], IS_STRENGTH: ["strength", "strengths"],
                         UNKNOWN: ["not known", "not known"]}}


def marks_phrase(counts: dict[str, int], *, short: bool = True) -> str:
    """The marks a theme's factors carry: as its box shows them (*short*: one line, symbols of the legend) or in
    words, as its tooltip and the theme list read.

    >>> marks_phrase({"problem": 2, "strength": 1, "unknown": 5})
    '✗ 2 · ✓ 1 · ? 5'
    >>> marks_phrase({"problem": 2, "strength": 1, "unknown": 5}, short=False)
    '2 problems, 1 strength, 5 not known'
    """
    if short:
        return " · ".join(f"{STATE_SYMBOLS[s]} {counts[s]}" for s in STATES)
    return ", ".join(f"{counts[s]} {PAINT_WORDS['words'][s][counts[s] != 1]}" for s in STATES)


def open_themes(G: Any, opened: Any) -> list[str]:
    """The theme the graph opens: the first id of *opened* that is a theme with sub-themes ([] if none).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> open_themes(G, ["self-care", "hrm-policies", "psw-wellbeing"]), open_themes(G, None)
    (['hrm-policies'], [])
    """
    marks = theme_marks(G, {})
    return [t for t in opened or [] if isinstance(t, str) and len(marks.get(t, {}).get("factors", ())) > 1][:1]


def plan_view(G: Any, opened: list[str] | tuple[str, ...] = (), cap: int = MAX_ELEMENTS) -> Drawn:
    """The Plan's graph (every factor and influence, the themes in *opened* open) as drawn within *cap* elements,
    as the explore graph is (:func:`graph.present.view.drawn_view`): a larger package's graph keeps its strongest
    influences, and ``note`` says so (:func:`graph_note`).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> plan_view(G).note, plan_view(G, cap=30).hidden_influences
    ('', 17)
    """
    kw = filter_kwargs(None, None, None, None, None, None, 0, True)
    return drawn_view(G, View.resolve(G, **kw, focus=None, depth=1, show="themes", expand=list(opened)), cap)


def graph_note(drawn: Drawn) -> str:
    """What the Plan's graph leaves out, in words ("" when it draws every theme and influence).

    >>> from graph import load_graph
    >>> print(graph_note(plan_view(load_graph(), cap=30)))
    Too many influences to draw at once: only the 18 strongest of 35 are drawn (those with the most evidence); every factor is in the form and your plan.
    """
    if not drawn.note:
        return ""
    n = drawn.graph.number_of_edges()
    return (f"Too many influences to draw at once: only the {n} strongest of {n + drawn.hidden_influences} are "
            "drawn (those with the most evidence); every factor is in the form and your plan.")


def graph_elements(G: Any, assessment: dict[str, str], opened: list[str] | tuple[str, ...] = (),
                   cap: int = MAX_ELEMENTS) -> list[dict[str, Any]]:
    """The factor graph as the Plan draws it, each factor classed by its state (``st-problem`` …).

    The themes with their influences rolled up (the explore view's :func:`graph.query.rollup.rolled_up`), the
    themes in *opened* drawn as boxes around their sub-themes, within *cap* elements (:func:`plan_view`). A
    closed theme stands for itself and its sub-themes: it is classed by :func:`graph.query.plan.rolled_state` of
    their marks, labelled with their counts (:func:`marks_phrase`) and carries them in ``marks``; every node has
    a ``title`` (its tooltip).

    Each marked node also carries what the page needs to mark it again without asking the server
    (``pswgraph.planPaint``, with :data:`PAINT_WORDS`): ``base`` (its label without marks), ``tail`` (the end of
    its tooltip) and, for a closed theme, ``members`` (the factors it counts).
    """
    drawn = plan_view(G, opened, cap)
    V, opened = drawn.graph, drawn.view.opened
    rolled = theme_marks(G, assessment)
    states: dict[str, str] = {}
    for n, a in V.nodes(data=True):
        closed = a.get("factor_kind") == "theme" and n in rolled and n not in opened
        states[n] = rolled_state(rolled[n]) if closed else assessment.get(n, UNKNOWN)
    elements = C.view_elements(V, G, "bands", node_marks={n: "st-" + s for n, s in states.items()})
    for el in elements:
        d = el["data"]
        n = d.get("id")
        if d.get("kind") not in ("factor", "group") or n not in states:
            continue
        full = d.get("full_label", n)
        if d.get("can_open"):
            counts = rolled[n]
            d["marks"] = {s: counts[s] for s in STATES}
            d["members"] = counts["factors"]
            d["base"] = short_label(full)
            d["tail"] = f" (the theme and its {len(counts['factors']) - 1} sub-themes). Click to show its sub-themes."
            d["label"] = f"{d['base']}\n{marks_phrase(counts)}"
            d["title"] = f"{full}: {marks_phrase(counts, short=False)}{d['tail']}"
        else:
            state = states[n]
            d["base"] = d["label"]
            d["tail"] = ". Click the theme to fold its sub-themes back." if n in opened else ""
            d["label"] = f"{STATE_SYMBOLS[state]} {d['base']}"
            d["title"] = f"{full}: {STATE_LABELS[state]}{d['tail']}"
    return elements


def theme_options(G: Any, assessment: dict[str, str]) -> list[dict[str, str]]:
    """The options of :data:`OPEN_PICK`: each theme, by level, with the marks of its factors in words."""
    rolled = theme_marks(G, assessment)
    options = []
    for level, _label, rows in _factors_by_level(G):
        for n, label, _theme in rows:
            if n in rolled and len(rolled[n]["factors"]) > 1:
                options.append({"label": f"{label} ({marks_phrase(rolled[n], short=False)})", "value": n})
    return options


def stylesheet() -> list[dict[str, Any]]:
    """The explore stylesheet, plus the self-assessment: a problem thick and dark-bordered on vermillion, a strength
    double-bordered on bluish green, not known dashed (and each label starts with its symbol, ✗ ✓ ?); theme
    boxes' labels larger (they carry the marks' counts), influences fainter."""
    return C.view_stylesheet() + [
        {"selector": "node.st-problem", "style": {"border-width": 6, "border-color": "#000",
                                                  "background-color": C.OKABE_ITO["vermillion"]}},
        {"selector": "node.box.st-problem", "style": {"background-color": "#f6c9b0"}},
        {"selector": "node.st-strength", "style": {"border-width": 6, "border-style": "double", "border-color": "#000",
                                                   "background-color": C.OKABE_ITO["green"]}},
        {"selector": "node.box.st-strength", "style": {"background-color": "#b3e3d3"}},
        {"selector": "node.st-unknown", "style": {"border-style": "dashed"}},
        # a closed theme's box: its name, then its factors' marks (up to four lines)
        {"selector": "node.box", "style": {"font-size": "16px", "text-max-width": "188px", "line-height": 1.12}},
        # the marks are what this graph is read for: influences stay in the background
        {"selector": "edge", "style": {"opacity": 0.4}},
    ]


def layout(ctx_: AppContext) -> html.Div:
    """The Plan view: the self-assessment form (left), the recoloured graph and the checklist (right)."""
    G = ctx_.graph()
    return html.Div([
        dcc.Store(id=PROBLEM, data=ctl.PL_PROBLEM.default),
        dcc.Store(id=STRENGTH, data=ctl.PL_STRENGTH.default),
        dcc.Store(id=OPEN, data=ctl.PL_OPEN.default),
        dcc.Store(id=OLD_LINK),
        dcc.Download(id=DOWNLOAD),
        html.H2("Plan: from evidence to action", className="h5"),
        html.P("Mark each factor as a problem here (a barrier your service faces, or an enabler it lacks), a "
               "strength here (an enabler it has), or not known. The problems are listed by level, ranked by how "
               "far they reach in the influence graph and by their barrier evidence, with what managers elsewhere "
               "did about them and whether your service has the strengths those strategies rely on. Your marks stay in this page's address (share or "
               "bookmark it) and in the files you save; nothing is stored on the server.", className="small"),
        dbc.Row([
            dbc.Col([
                html.H3("Your service", className="h6"),
                html.Label("Start from a country's evidence", htmlFor=COUNTRY, className="form-label small"),
                dbc.InputGroup([
                    dbc.Select(id=COUNTRY, options=[{"label": label, "value": code}
                                                    for code, label in country_choices(G) if code in G], value=None,
                               placeholder="Choose a country"),
                    dbc.Button("Mark its mostly-barrier factors as problems", id=FROM_COUNTRY, n_clicks=0,
                               color="secondary", outline=True,
                               title="Replaces your marks: a factor becomes a problem here when more of the "
                                     "country's evidence items report it as a barrier than as an enabler; "
                                     "the rest are not known"),
                ], size="sm", className="mb-2 pl-country"),
                html.Div([
                    dbc.Button("Save as JSON", id=SAVE_JSON, n_clicks=0, size="sm", color="primary", className="me-1"),
                    dbc.Button("Save as CSV", id=SAVE_CSV, n_clicks=0, size="sm", color="primary", className="me-1"),
                    dbc.Button("Clear all marks", id=CLEAR, n_clicks=0, size="sm", color="secondary", outline=True),
                ], className="mb-2"),
                dcc.Upload(html.Div(["Load a saved self-assessment: drop a JSON or CSV file here, or ",
                                     html.A("choose one", href="#")]),
                           id=UPLOAD, max_size=MAX_UPLOAD, multiple=False, accept=".json,.csv,application/json,text/csv",
                           className="pl-upload small border rounded p-2 mb-1"),
                html.Div(id=UPLOAD_STATUS, role="status", className="small text-muted mb-2"),
                raw_html(form_html(G), id=FORM, className="pl-form"),
            ], lg=5, className="pl-left"),
            dbc.Col([
                html.Div(id=SUMMARY, role="status", className="small fw-semibold mb-1"),
                html.Div("Graph: each theme box counts the marks of the theme and its sub-themes: ✗ a problem "
                         "here · ✓ a strength here · ? not known. Thick dark border = at least one problem; double "
                         "border = all strengths; dashed border = no problem, not all known.", className="small text-muted pl-graph-legend"),
                html.Div([
                    html.Label("Show the sub-themes of", htmlFor=OPEN_PICK, className="small text-nowrap me-2 mb-0"),
                    dbc.Select(id=OPEN_PICK, options=theme_options(G, {}), value="", size="sm",
                               placeholder="choose a theme, or click one in the graph", className="pl-open-pick"),
                    dbc.Button("Show themes only", id=THEMES_ONLY, n_clicks=0, size="sm", color="secondary",
                               outline=True, disabled=True, className="ms-2 text-nowrap"),
                ], className="d-flex align-items-center my-1"),
                html.Div(cyto.Cytoscape(id=GRAPH, elements=[], stylesheet=stylesheet(), layout={
                    "name": "preset", "fit": True, "padding": 14, "animate": False}, style={"width": "100%", "height": "420px"},
                    minZoom=0.1, maxZoom=3, boxSelectionEnabled=False, autoungrabify=True),
                    className="border rounded pl-graph-frame", tabIndex="0", role="img", id=GRAPH + "-frame",
                    **{"aria-label": "Graph of the factors by level, drawn by your marks. The marks of each theme "
                                     "are listed in the “Show the sub-themes of” list above it."}),
                html.Div(id=GRAPH_NOTE, role="status", className="small text-muted"),
                html.Div("Point at a theme for its marks; click it to show its sub-themes.", id=HOVER,
                         className="small text-muted mb-2 pl-hover"),
                dcc.Store(id=FITTED), dcc.Store(id=PAINT, data=PAINT_WORDS), dcc.Store(id=PAINTED),
                html.Div([html.H3("Your plan", className="h6 me-auto mb-0"),
                          html.Span("Save the checklist:", className="small me-1"),
                          dbc.ButtonGroup([
                              *[dbc.Button(fmt.upper(), id=SAVE_DOC[fmt], n_clicks=0, color="primary",
                                           title=f"A printable A4 action checklist ({fmt.upper()}) with citations, "
                                                 "owner / due date / status columns and your self-assessment")
                                for fmt in CHECKLIST_FORMATS],
                              dbc.Button("CSV", id=SAVE_PLAN, n_clicks=0, color="primary",
                                         title="One row per problem and strategy, owner / due / status empty")],
                              size="sm", className="pl-save-plan")],
                         className="d-flex align-items-center mb-1"),
                html_panel(CHECKLIST, className="pl-checklist", **{"aria-live": "off"}),
            ], lg=7),
        ]),
    ], className="plan-view")


def register(app: Dash, ctx_: AppContext) -> None:
    """The view's callbacks: radios ⇄ stores (in the page), a country's start, clearing and loading files →
    stores; stores → graph, summary and plan; opening a theme in the graph; saving files."""

    app.clientside_callback(  # the stores → the checked buttons (a press writes the stores: pswgraph.js)
        ClientsideFunction(namespace="pswgraph", function_name="planForm"),
        Output(FORM, "title"), Input(PROBLEM, "data"), Input(STRENGTH, "data"), State(FORM, "id"))

    @app.callback(Output(PROBLEM, "data", allow_duplicate=True), Output(STRENGTH, "data", allow_duplicate=True),
                  Output(UPLOAD_STATUS, "children", allow_duplicate=True),
                  Input(FROM_COUNTRY, "n_clicks"), Input(CLEAR, "n_clicks"), Input(UPLOAD, "contents"),
                  State(COUNTRY, "value"), State(PROBLEM, "data"), State(STRENGTH, "data"), prevent_initial_call=True)
    def mark(_from, _clear, contents, country, problem, strength):
        """Marks set all at once: cleared, started from a country's evidence, or loaded from a file (a radio's
        click is handled in the page: ``pswgraph.planMarks``)."""
        G = ctx_.graph()
        labels = factor_labels(G)
        current = assessment_of(problem, strength)
        message: Any = no_update
        trig = ctx.triggered_id
        if trig == CLEAR:
            new: dict[str, str] = {}
        elif trig == FROM_COUNTRY:
            if not country or country not in G:
                raise PreventUpdate
            marked = country_problems(G, country)
            message = country_note(G, country, marked, replaced=sum(s != UNKNOWN for s in current.values()))
            new = dict.fromkeys(marked, IS_PROBLEM)
        elif trig == UPLOAD:
            loaded, message = parse_upload(contents, labels)
            if loaded is None:
                return no_update, no_update, message
            new = loaded
        else:
            raise PreventUpdate
        p, st = stores_of(new)
        if (p, st) == stores_of(current):
            return no_update, no_update, message
        return p, st, message

    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="oldPlanLink"),
                            Output(OLD_LINK, "data"), Input(ctl.URL, "search"))

    @app.callback(Output(UPLOAD_STATUS, "children"), Input(OLD_LINK, "data"), prevent_initial_call=True)
    def old_link(search):
        """A link of the old format (``has`` / ``lacks``): :func:`dashapp.controls.decode` read it (``has`` as
        problems); say how it was converted. The address is then rewritten in the new keys, and the note stays."""
        old = ctl.old_plan_marks(search)
        if not old:
            raise PreventUpdate
        G = ctx_.graph()
        labels = factor_labels(G)
        return conversion_note(upgrade_assessment({f: s for f, s in old.items() if f in labels})[1], labels,
                               "This link")

    register_panel(app, CHECKLIST)

    @app.callback(Output(SUMMARY, "children"), Output(store_id(CHECKLIST), "data"),
                  Input(PROBLEM, "data"), Input(STRENGTH, "data"), Input(C.opened("plan"), "data"),
                  State(C.TABS, C.TAB_PROP), prevent_initial_call=True)
    def update_plan(problem, strength, _opened, tab=None):
        C.skip_unless_visible(tab, "plan")
        G = ctx_.graph()
        assessment = graph_assessment(G, problem, strength)
        n_items = len(checklist(G, assessment))
        return summary_text(assessment, len(factor_labels(G)), n_items), to_html(checklist_children(G, assessment))

    @app.callback(Output(GRAPH, "elements"), Output(GRAPH, "style"), Output(THEMES_ONLY, "disabled"),
                  Output(GRAPH_NOTE, "children"),
                  Input(OPEN, "data"), Input(C.opened("plan"), "data"), State(C.TABS, C.TAB_PROP),
                  prevent_initial_call=True)
    def update_graph(opened, _opened, tab=None):
        """The graph as it opens (no marks: the page marks it from the stores, ``pswgraph.planPaint``), drawn
        again only when another theme is opened."""
        C.skip_unless_visible(tab, "plan")
        G = ctx_.graph()
        opened = open_themes(G, opened)
        elements = memo(G, "plan-elements", tuple(opened), lambda: graph_elements(G, {}, opened))
        return elements, C.canvas_style(elements), not opened, graph_note(plan_view(G, opened))

    app.clientside_callback(  # the marks on the graph: each factor's state, each closed theme's counts
        ClientsideFunction(namespace="pswgraph", function_name="planPaint"),
        Output(PAINTED, "data"), Input(PROBLEM, "data"), Input(STRENGTH, "data"), Input(GRAPH, "elements"),
        State(PAINT, "data"), State(GRAPH, "id"), prevent_initial_call=True)

    @app.callback(Output(OPEN_PICK, "options"), Input(PROBLEM, "data"), Input(STRENGTH, "data"),
                  Input(C.opened("plan"), "data"), State(C.TABS, C.TAB_PROP), prevent_initial_call=True)
    def update_theme_list(problem, strength, _opened, tab=None):
        """The themes to open, each with its marks in words."""
        C.skip_unless_visible(tab, "plan")
        G = ctx_.graph()
        return theme_options(G, graph_assessment(G, problem, strength))

    @app.callback(Output(OPEN, "data", allow_duplicate=True), Output(OPEN_PICK, "value"),
                  Input(GRAPH, "tapNodeData"), Input(OPEN_PICK, "value"), Input(THEMES_ONLY, "n_clicks"),
                  Input(OPEN, "data"), prevent_initial_call=True)
    def open_theme(node, picked, _only, opened):
        """A click on a theme opens it (and folds any other); a click on the open theme, or the button, folds it."""
        G = ctx_.graph()
        current = open_themes(G, opened)
        trig = ctx.triggered_id
        if trig == GRAPH:
            theme = node.get("id") if isinstance(node, dict) else None
            if not open_themes(G, [theme]):
                raise PreventUpdate  # a sub-theme (or nothing): its marks are set in the form
            new = [] if theme in current else [theme]
        elif trig == OPEN_PICK:
            new = open_themes(G, [picked])
        elif trig == THEMES_ONLY:
            new = []
        else:  # the store changed (a link, back / forward): the list follows
            return no_update, current[0] if current else ""
        return (new if new != (opened or []) else no_update), new[0] if new else ""

    app.clientside_callback(
        "function (d) { return d && d.title ? d.title : window.dash_clientside.no_update; }",
        Output(HOVER, "children"), Input(GRAPH, "mouseoverNodeData"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction(namespace="pswgraph", function_name="refit"),
                            Output(FITTED, "data"), Input(GRAPH, "elements"), State(GRAPH, "id"),
                            prevent_initial_call=True)

    @app.callback(Output(DOWNLOAD, "data"), Input(SAVE_JSON, "n_clicks"), Input(SAVE_CSV, "n_clicks"),
                  Input(SAVE_PLAN, "n_clicks"), *[Input(b, "n_clicks") for b in SAVE_DOC.values()],
                  State(PROBLEM, "data"), State(STRENGTH, "data"), prevent_initial_call=True)
    def save(_json, _csv, _plan, *rest):
        problem, strength = rest[-2:]
        G = ctx_.graph()
        labels = factor_labels(G)
        assessment = graph_assessment(G, problem, strength)
        today = dt.date.today()  # in every name: a plan saved again another day keeps the one before
        for fmt, button in [*SAVE_DOC.items(), ("csv", SAVE_PLAN)]:
            if ctx.triggered_id == button:
                d = checklist_download(G, assessment, fmt, date=today)
                return dcc.send_bytes(d.data, d.name)
        if ctx.triggered_id == SAVE_CSV:
            return dcc.send_string(to_csv(assessment, labels),
                                   export_filename("self-assessment", ext=".csv", date=today))
        return dcc.send_string(to_json(assessment, str(G.graph.get("version", ""))),
                               export_filename("self-assessment", ext=".json", date=today))
