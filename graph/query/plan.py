"""From evidence to action: what managers did about a factor, and a checklist for one service.

A *self-assessment* maps factor ids to ``problem``, ``strength`` or ``unknown`` (the default;
:data:`graph.data.vocabulary.ASSESSMENT_STATES`), one meaning per mark: a *problem here* is a barrier the
service faces or an enabler it lacks, and the checklist lists it with the strategies that address it; a
*strength here* is an enabler the service has, which a strategy can rely on. A factor has one mark, so no
factor is both. Assessments in the old format (``present`` / ``absent``) are converted by
:func:`upgrade_assessment`; :func:`country_problems` starts an assessment from a country's evidence.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.data.load import influence_graph
from graph.data.memo import memo
from graph.data.vocabulary import (
    ASSESSMENT_STATES,
    HINDERING,
    LEGACY_STATES,
    NOT_STATED_LABEL,
    PHASES,
    PROBLEM,
    STATUSES,
    STRENGTH,
    UNKNOWN,
    is_limitation,
)
from graph.query.lookup import names_errors, resolve_country

__all__ = ["ASSESSMENT_STATES", "barrier_evidence_count", "checklist", "checklist_rows", "country_polarity_counts",
           "country_problems", "mark_counts", "rolled_state", "strategies_for", "strategy_record", "theme_marks",
           "upgrade_assessment"]

_BARRIER_POLARITIES = HINDERING


def _factor(G: nx.MultiDiGraph, factor: str) -> dict:
    if factor not in G or G.nodes[factor].get("kind") != "factor":
        raise KeyError(factor)
    return G.nodes[factor]


def _subthemes(G: nx.MultiDiGraph, factor: str) -> list[str]:
    return sorted(u for u, _, r in G.in_edges(factor, data="relation")
                  if r == "part_of" and G.nodes[u].get("kind") == "factor")


def _concerns(G: nx.MultiDiGraph, evidence: str, country: str | None) -> bool:
    return country is None or country in G.nodes[evidence].get("country_bases", {})


def strategy_record(G: nx.MultiDiGraph, strategy: str, country: str | None = None) -> dict:
    """One strategy with its study, factors and evidence quotes, for display or JSON.

    Parameters
    ----------
    G : the knowledge graph. strategy : a strategy id.
    country : keep only the evidence concerning this ISO code (default: all).

    Returns
    -------
    dict with the strategy's columns (``label``, ``description``, ``actor``,
    ``phase``, ``status``, ``study``, ``addresses``, ``relies_on``,
    ``eric_crosswalk``), ``study_label``, ``countries`` (of all its evidence)
    and ``evidence``: one dict per evidence row kept (``id``, ``quote``,
    ``speaker``, ``section``, ``polarity``, ``perspective``, ``countries``).

    Raises
    ------
    KeyError when *strategy* is not a strategy of *G*.

    Examples
    --------
    >>> from graph import load_graph
    >>> r = strategy_record(load_graph(), "strat-johansen-influential-mentors")
    >>> r["study_label"], r["phase"], r["countries"]
    ('Johansen et al. 2024', 'before', ['DK'])
    >>> any(e["speaker"] == "FM5" for e in r["evidence"])
    True
    """
    if strategy not in G or G.nodes[strategy].get("kind") != "strategy":
        raise KeyError(strategy)
    a = G.nodes[strategy]
    evidence = []
    for ev in a["evidence"]:
        if not _concerns(G, ev, country):
            continue
        e = G.nodes[ev]
        evidence.append({"id": ev, "quote": e.get("quote", ""), "speaker": e.get("speaker", ""),
                         "section": e.get("section", ""), "polarity": e.get("polarity", ""),
                         "perspective": e.get("perspective", ""), "countries": sorted(e.get("country_bases", {}))})
    keys = ("label", "description", "actor", "phase", "status", "study", "eric_crosswalk")
    return {"id": strategy, **{k: a.get(k, "") for k in keys},
            "study_label": G.nodes[a["study"]].get("label", a["study"]) if a["study"] in G else a["study"],
            "addresses": list(a["addresses"]), "relies_on": list(a["relies_on"]),
            "countries": list(a.get("countries", [])), "evidence": evidence}


def _order(record: dict) -> tuple:
    phase = PHASES.index(record["phase"]) if record["phase"] in PHASES else len(PHASES)
    status = STATUSES.index(record["status"]) if record["status"] in STATUSES else len(STATUSES)
    return (phase, status, record["study"], record["label"])


@names_errors
def strategies_for(G: nx.MultiDiGraph, factor: str, country: str | None = None, *,
                   subthemes: bool = True) -> list[dict]:
    """What managers, organisations and policy makers did or advised about *factor* (in *country*).

    Parameters
    ----------
    G : the knowledge graph.
    factor : a factor id.
    country : an ISO code or name: keep only strategies with evidence concerning it, and only that evidence.
    subthemes : for a theme, include strategies that address its sub-themes.

    Returns
    -------
    list of :func:`strategy_record` dicts, each with ``via`` (the factors
    among *factor* and its sub-themes that it addresses), in phase order
    (before, during, after, not stated), then done, intended, recommended.

    Raises
    ------
    KeyError when *factor* is not a factor of *G*; :class:`graph.query.lookup.NotFound` for an unknown country.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> dk = strategies_for(G, "staff-readiness", "DK")
    >>> dk == strategies_for(G, "staff-readiness", "Denmark")
    True
    >>> "strat-johansen-influential-mentors" in [r["id"] for r in dk]
    True
    >>> all(e["countries"] == ["DK"] for r in dk for e in r["evidence"])
    True
    >>> [r["phase"] for r in dk] == sorted((r["phase"] for r in dk), key=("before", "during", "after", "not stated").index)
    True
    """
    _factor(G, factor)
    country = resolve_country(G, country) if country is not None else None
    targets = {factor, *(_subthemes(G, factor) if subthemes else ())}
    found: dict[str, set[str]] = {}
    for f in targets:
        for s, _, r in G.in_edges(f, data="relation"):
            if r == "addresses" and G.nodes[s].get("kind") == "strategy":
                found.setdefault(s, set()).add(f)
    out = []
    for s, via in found.items():
        record = strategy_record(G, s, country)
        if country is not None and not record["evidence"]:
            continue
        record["via"] = sorted(via)
        out.append(record)
    return sorted(out, key=_order)


def barrier_evidence_count(G: nx.MultiDiGraph, factor: str) -> int:
    """How many barrier or mixed evidence rows support *factor* (directly or through an influence).

    >>> from graph import load_graph
    >>> barrier_evidence_count(load_graph(), "time-limited-project-funding") > 0
    True
    """
    return len({u for u, _, r in G.in_edges(factor, data="relation") if r == "supports"
                and G.nodes[u].get("kind") == "evidence" and G.nodes[u].get("polarity") in _BARRIER_POLARITIES})


def _check_assessment(G: nx.MultiDiGraph, assessment: Mapping[str, str]) -> None:
    for f, state in assessment.items():
        _factor(G, f)
        if state not in ASSESSMENT_STATES:
            raise ValueError(f"factor {f!r}: state {state!r}; expected one of {', '.join(ASSESSMENT_STATES)}"
                             + (" (an old mark: convert it with upgrade_assessment)" if state in LEGACY_STATES else ""))


def upgrade_assessment(assessment: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A self-assessment in the current marks, converting those of the old format.

    The old format had one mark, ``present``, that meant "this problem is here" for some factors and "we have
    this strength" for others, and ``absent``, "this factor is not at play here". The old checklist read
    ``present`` as a barrier to act on, so it becomes ``problem``; ``absent`` asserted neither a problem nor a
    strength (a barrier not here is no strength a strategy can rely on; an enabler not here would be a
    problem, a mark the old format could not tell apart), so it becomes ``unknown`` — no mark is guessed
    (:data:`graph.data.vocabulary.LEGACY_STATES`).

    Parameters
    ----------
    assessment : factor id -> a current state, or an old one (``present``, ``absent``).

    Returns
    -------
    (the assessment in current states, {old state: sorted factor ids converted from it}); the second is
    empty when nothing was in the old format. Any other state is left as it is (the caller checks it).

    Examples
    --------
    >>> upgrade_assessment({"a": "present", "b": "absent", "c": "strength"})
    ({'a': 'problem', 'b': 'unknown', 'c': 'strength'}, {'absent': ['b'], 'present': ['a']})
    >>> upgrade_assessment({"a": "problem"})
    ({'a': 'problem'}, {})
    """
    out, converted = {}, {}
    for f, state in assessment.items():
        if state in LEGACY_STATES:
            converted.setdefault(state, []).append(f)
            state = LEGACY_STATES[state]
        out[f] = state
    return out, {k: sorted(v) for k, v in sorted(converted.items())}


def country_polarity_counts(G: nx.MultiDiGraph, country: str) -> dict[str, dict[str, int]]:
    """Per factor, how many evidence items concerning *country* report it as a barrier, an enabler or mixed.

    An item counts for a factor when it supports it (tagged to the factor, or to an influence the factor is an
    end of — the graph's ``supports`` edges); a study's stated limitation is no evidence for a factor. Each item
    counts once per factor.

    Parameters
    ----------
    G : the knowledge graph. country : an ISO code (a country node of *G*).

    Returns
    -------
    dict factor id -> ``{"barrier": n, "enabler": n, "mixed": n}`` for every factor with any such item
    (``context`` items are not counted).

    Examples
    --------
    >>> from graph import load_graph
    >>> c = country_polarity_counts(load_graph(), "DK")
    >>> c["staff-readiness"]["barrier"] > c["staff-readiness"]["enabler"]
    True
    """
    def build() -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for ev, a in G.nodes(data=True):
            if a.get("kind") != "evidence" or country not in a.get("country_bases", {}) or is_limitation(a):
                continue
            polarity = a.get("polarity")
            if polarity not in ("barrier", "enabler", "mixed"):
                continue
            for f in {v for _, v, r in G.out_edges(ev, data="relation") if r == "supports"}:
                counts = out.setdefault(f, {"barrier": 0, "enabler": 0, "mixed": 0})
                counts[polarity] += 1
        return dict(sorted(out.items()))
    return memo(G, "plan-country-polarity", country, build)


def country_problems(G: nx.MultiDiGraph, country: str) -> list[str]:
    """The factors a start from *country*'s evidence marks a problem: those whose evidence from it is mostly barrier.

    The rule: more of the country's items report the factor as a barrier than as an enabler
    (:func:`country_polarity_counts`: barrier > enabler). A *mixed* item speaks both for and against, so it
    counts on neither side (counting it on both gives the same answer). Every other factor is left not known:
    mostly-enabler evidence elsewhere says nothing sure about this service's strengths.

    Parameters
    ----------
    G : the knowledge graph. country : an ISO code.

    Returns
    -------
    sorted factor ids.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> dk = country_problems(G, "DK")
    >>> "staff-readiness" in dk, "mentoring" in dk
    (True, False)
    """
    return [f for f, c in country_polarity_counts(G, country).items() if c["barrier"] > c["enabler"]]


@names_errors
def checklist(G: nx.MultiDiGraph, assessment: Mapping[str, str], country: str | None = None) -> list[dict]:
    """The action checklist for a service's self-assessment.

    One item per factor marked ``problem`` that some strategy addresses, grouped by level (macro first) and,
    within a level, ranked by how many factors it reaches downstream in the
    influence graph, then by its barrier evidence. Under each, the strategies
    that address it (:func:`strategies_for`: all countries, or *country*), each with the
    state in this service of every factor it relies on.

    Parameters
    ----------
    G : the knowledge graph.
    assessment : factor id -> ``problem``, ``strength`` or ``unknown``; factors left out are unknown.
    country : an ISO code: only strategies with evidence concerning it, and only that evidence (default: all).

    Returns
    -------
    list of dicts: ``factor``, ``label``, ``level``, ``level_label``,
    ``reach``, ``barrier_evidence``, ``strategies`` (each with
    ``relies_on_state``: {factor: state}), ``strengths`` (factors marked a
    strength that those strategies rely on) and ``problems_relied_on`` (factors
    they rely on that are marked a problem). A factor is in ``strengths`` only
    when marked a strength, so never also an item (a problem).

    Raises
    ------
    KeyError for an id that is not a factor; ValueError for an unknown state
    (old marks: :func:`upgrade_assessment` first).

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> items = checklist(G, {"staff-readiness": "problem", "time-limited-project-funding": "problem",
    ...                       "mentoring": "strength", "stigma": "unknown"})
    >>> [i["factor"] for i in items]
    ['time-limited-project-funding', 'staff-readiness']
    >>> items[1]["strengths"]
    ['mentoring']
    >>> dk = checklist(G, {"staff-readiness": "problem"}, "DK")
    >>> all(e["countries"] == ["DK"] for i in dk for s in i["strategies"] for e in s["evidence"])
    True
    """
    _check_assessment(G, assessment)
    D = influence_graph(G)
    items = []
    for f, state in assessment.items():
        if state != PROBLEM:
            continue
        a = G.nodes[f]
        strategies = strategies_for(G, f, country)
        if not strategies:
            continue
        for s in strategies:
            s["relies_on_state"] = {r: assessment.get(r, UNKNOWN) for r in s["relies_on"]}
        relied = {r for s in strategies for r in s["relies_on"]}
        level = a.get("level", "")
        items.append({"factor": f, "label": a.get("label", f), "level": level,
                      "level_label": G.nodes[level].get("label", level) if level in G else level,
                      "level_rank": a.get("level_rank", 0), "reach": len(nx.descendants(D, f)) if f in D else 0,
                      "barrier_evidence": barrier_evidence_count(G, f), "strategies": strategies,
                      "strengths": sorted(r for r in relied if assessment.get(r) == STRENGTH),
                      "problems_relied_on": sorted(r for r in relied if assessment.get(r) == PROBLEM)})
    items.sort(key=lambda i: (i["level_rank"], -i["reach"], -i["barrier_evidence"], i["factor"]))
    return items


def checklist_rows(items: list[dict]) -> list[dict]:
    """The checklist flattened: one row per problem and strategy, with empty owner, due date and status.

    Parameters
    ----------
    items : the output of :func:`checklist`.

    Returns
    -------
    list of dicts with ``level``, ``problem``, ``phase``, ``strategy``,
    ``actor``, ``reported_as``, ``evidence`` (a one-line summary: how many
    quotes, from which countries), ``source``, ``owner``, ``due``, ``status``.

    Examples
    --------
    >>> from graph import load_graph
    >>> rows = checklist_rows(checklist(load_graph(), {"time-limited-project-funding": "problem"}))
    >>> rows[0]["problem"], rows[0]["owner"], rows[0]["status"]
    ('Time-limited project funding', '', '')
    """
    rows = []
    blank = {"owner": "", "due": "", "status": ""}
    for item in items:
        head = {"level": item["level_label"], "problem": item["label"]}
        for s in item["strategies"]:
            n = len(s["evidence"])
            where = ", ".join(s["countries"]) or NOT_STATED_LABEL.lower()
            rows.append({**head, "phase": s["phase"], "strategy": s["label"], "actor": s["actor"],
                         "reported_as": s["status"], "evidence": f"{n} quote{'s' if n != 1 else ''} ({where})",
                         "source": s["study_label"], **blank})
    return rows


def mark_counts(assessment: Mapping[str, str], factors: list[str] | tuple[str, ...]) -> dict[str, int]:
    """How many of *factors* a self-assessment marks a problem, a strength and not known.

    Parameters
    ----------
    assessment : factor id -> ``problem``, ``strength`` or ``unknown``; factors left out are unknown.
    factors : the factor ids to count (e.g. a theme and its sub-themes).

    Returns
    -------
    dict ``{"problem": n, "strength": n, "unknown": n}``; the three add up to ``len(factors)``.

    Examples
    --------
    >>> mark_counts({"a": "problem", "b": "strength", "x": "problem"}, ["a", "b", "c"])
    {'problem': 1, 'strength': 1, 'unknown': 1}
    """
    out = {PROBLEM: 0, STRENGTH: 0, UNKNOWN: 0}
    for f in factors:
        state = assessment.get(f, UNKNOWN)
        out[state if state in out else UNKNOWN] += 1
    return out


def theme_marks(G: nx.MultiDiGraph, assessment: Mapping[str, str]) -> dict[str, dict]:
    """The marks of each theme and its sub-themes together: what a theme drawn closed stands for.

    Parameters
    ----------
    G : the knowledge graph.
    assessment : factor id -> ``problem``, ``strength`` or ``unknown``; factors left out are unknown.

    Returns
    -------
    dict theme id -> ``{"factors": [the theme, then its sub-themes], "problem": n, "strength": n,
    "unknown": n}`` (:func:`mark_counts` over those factors), for every theme of *G*.

    Examples
    --------
    >>> from graph import load_graph
    >>> m = theme_marks(load_graph(), {"self-care": "problem", "psw-wellbeing": "strength"})
    >>> m["psw-wellbeing"]["factors"]
    ['psw-wellbeing', 'emotional-involvement', 'self-care']
    >>> {k: m["psw-wellbeing"][k] for k in ("problem", "strength", "unknown")}
    {'problem': 1, 'strength': 1, 'unknown': 1}
    """
    themes = memo(G, "plan-theme-factors", None, lambda: {
        n: (n, *_subthemes(G, n)) for n, a in G.nodes(data=True)
        if a.get("kind") == "factor" and a.get("factor_kind") == "theme"})  # read once per graph
    return {t: {"factors": list(factors), **mark_counts(assessment, factors)} for t, factors in themes.items()}


def rolled_state(counts: Mapping[str, int]) -> str:
    """The one state a closed theme is drawn in, from its factors' :func:`mark_counts`.

    ``problem`` when any of its factors is a problem (something in it needs acting on), ``strength`` when
    every one is marked a strength, else ``unknown``.

    Parameters
    ----------
    counts : ``{"problem": n, "strength": n, "unknown": n}``.

    Returns
    -------
    ``"problem"``, ``"strength"`` or ``"unknown"``.

    Examples
    --------
    >>> rolled_state({"problem": 1, "strength": 3, "unknown": 4}), rolled_state({"problem": 0, "strength": 2, "unknown": 0})
    ('problem', 'strength')
    >>> rolled_state({"problem": 0, "strength": 1, "unknown": 1})
    'unknown'
    """
    if counts.get(PROBLEM, 0):
        return PROBLEM
    if counts.get(STRENGTH, 0) and not counts.get(UNKNOWN, 0):
        return STRENGTH
    return UNKNOWN
