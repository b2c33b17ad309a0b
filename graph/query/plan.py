"""From evidence to action: what managers did about a factor, and a checklist for one service.

A *self-assessment* maps factor ids to ``present``, ``absent`` or ``unknown``
(the default). A factor marked present is at play in the service: the
checklist treats it as a barrier to act on when the papers report strategies
that address it, and as an enabler the service has where a strategy relies on it.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.data.load import influence_graph
from graph.data.memo import memo
from graph.data.vocabulary import HINDERING, NOT_STATED_LABEL, PHASES, STATUSES

__all__ = ["ASSESSMENT_STATES", "barrier_evidence_count", "checklist", "checklist_rows", "mark_counts",
           "rolled_state", "strategies_for", "strategy_record", "theme_marks"]

#: The states a factor can have in a self-assessment; the first is the default.
ASSESSMENT_STATES = ("unknown", "present", "absent")

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


def strategies_for(G: nx.MultiDiGraph, factor: str, country: str | None = None, *,
                   subthemes: bool = True) -> list[dict]:
    """What managers, organisations and policy makers did or advised about *factor* (in *country*).

    Parameters
    ----------
    G : the knowledge graph.
    factor : a factor id.
    country : an ISO code: keep only strategies with evidence concerning it, and only that evidence.
    subthemes : for a theme, include strategies that address its sub-themes.

    Returns
    -------
    list of :func:`strategy_record` dicts, each with ``via`` (the factors
    among *factor* and its sub-themes that it addresses), in phase order
    (before, during, after, not stated), then done, intended, recommended.

    Raises
    ------
    KeyError when *factor* is not a factor of *G*.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> dk = strategies_for(G, "staff-readiness", "DK")
    >>> "strat-johansen-influential-mentors" in [r["id"] for r in dk]
    True
    >>> all(e["countries"] == ["DK"] for r in dk for e in r["evidence"])
    True
    >>> [r["phase"] for r in dk] == sorted((r["phase"] for r in dk), key=("before", "during", "after", "not stated").index)
    True
    """
    _factor(G, factor)
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
            raise ValueError(f"factor {f!r}: state {state!r}; expected one of {', '.join(ASSESSMENT_STATES)}")


def checklist(G: nx.MultiDiGraph, assessment: Mapping[str, str]) -> list[dict]:
    """The action checklist for a service's self-assessment.

    One item per factor marked ``present`` that some strategy addresses, grouped by level (macro first) and,
    within a level, ranked by how many factors it reaches downstream in the
    influence graph, then by its barrier evidence. Under each, the strategies
    that address it (:func:`strategies_for`, all countries), each with the
    state in this service of every factor it relies on.

    Parameters
    ----------
    G : the knowledge graph.
    assessment : factor id -> ``present``, ``absent`` or ``unknown``; factors left out are unknown.

    Returns
    -------
    list of dicts: ``factor``, ``label``, ``level``, ``level_label``,
    ``reach``, ``barrier_evidence``, ``strategies`` (each with
    ``relies_on_state``: {factor: state}) and ``enablers_present`` (factors
    marked present that those strategies rely on).

    Raises
    ------
    KeyError for an id that is not a factor; ValueError for an unknown state.

    Examples
    --------
    >>> from graph import load_graph
    >>> G = load_graph()
    >>> items = checklist(G, {"staff-readiness": "present", "time-limited-project-funding": "present",
    ...                       "mentoring": "present", "stigma": "absent"})
    >>> [i["factor"] for i in items]
    ['time-limited-project-funding', 'staff-readiness']
    >>> items[1]["enablers_present"]
    ['mentoring']
    """
    _check_assessment(G, assessment)
    D = influence_graph(G)
    items = []
    for f, state in assessment.items():
        if state != "present":
            continue
        a = G.nodes[f]
        strategies = strategies_for(G, f)
        if not strategies:
            continue
        for s in strategies:
            s["relies_on_state"] = {r: assessment.get(r, "unknown") for r in s["relies_on"]}
        enablers = sorted({r for s in strategies for r in s["relies_on"] if assessment.get(r) == "present"})
        level = a.get("level", "")
        items.append({"factor": f, "label": a.get("label", f), "level": level,
                      "level_label": G.nodes[level].get("label", level) if level in G else level,
                      "level_rank": a.get("level_rank", 0), "reach": len(nx.descendants(D, f)) if f in D else 0,
                      "barrier_evidence": barrier_evidence_count(G, f), "strategies": strategies,
                      "enablers_present": enablers})
    items.sort(key=lambda i: (i["level_rank"], -i["reach"], -i["barrier_evidence"], i["factor"]))
    return items


def checklist_rows(items: list[dict]) -> list[dict]:
    """The checklist flattened: one row per barrier and strategy, with empty owner, due date and status.

    Parameters
    ----------
    items : the output of :func:`checklist`.

    Returns
    -------
    list of dicts with ``level``, ``barrier``, ``phase``, ``strategy``,
    ``actor``, ``reported_as``, ``evidence`` (a one-line summary: how many
    quotes, from which countries), ``source``, ``owner``, ``due``, ``status``.

    Examples
    --------
    >>> from graph import load_graph
    >>> rows = checklist_rows(checklist(load_graph(), {"time-limited-project-funding": "present"}))
    >>> rows[0]["barrier"], rows[0]["owner"], rows[0]["status"]
    ('Time-limited project funding', '', '')
    """
    rows = []
    blank = {"owner": "", "due": "", "status": ""}
    for item in items:
        head = {"level": item["level_label"], "barrier": item["label"]}
        for s in item["strategies"]:
            n = len(s["evidence"])
            where = ", ".join(s["countries"]) or NOT_STATED_LABEL.lower()
            rows.append({**head, "phase": s["phase"], "strategy": s["label"], "actor": s["actor"],
                         "reported_as": s["status"], "evidence": f"{n} quote{'s' if n != 1 else ''} ({where})",
                         "source": s["study_label"], **blank})
    return rows


def mark_counts(assessment: Mapping[str, str], factors: list[str] | tuple[str, ...]) -> dict[str, int]:
    """How many of *factors* a self-assessment marks present, absent and not known.

    Parameters
    ----------
    assessment : factor id -> ``present``, ``absent`` or ``unknown``; factors left out are unknown.
    factors : the factor ids to count (e.g. a theme and its sub-themes).

    Returns
    -------
    dict ``{"present": n, "absent": n, "unknown": n}``; the three add up to ``len(factors)``.

    Examples
    --------
    >>> mark_counts({"a": "present", "b": "absent", "x": "present"}, ["a", "b", "c"])
    {'present': 1, 'absent': 1, 'unknown': 1}
    """
    out = {"present": 0, "absent": 0, "unknown": 0}
    for f in factors:
        state = assessment.get(f, "unknown")
        out[state if state in out else "unknown"] += 1
    return out


def theme_marks(G: nx.MultiDiGraph, assessment: Mapping[str, str]) -> dict[str, dict]:
    """The marks of each theme and its sub-themes together: what a theme drawn closed stands for.

    Parameters
    ----------
    G : the knowledge graph.
    assessment : factor id -> ``present``, ``absent`` or ``unknown``; factors left out are unknown.

    Returns
    -------
    dict theme id -> ``{"factors": [the theme, then its sub-themes], "present": n, "absent": n,
    "unknown": n}`` (:func:`mark_counts` over those factors), for every theme of *G*.

    Examples
    --------
    >>> from graph import load_graph
    >>> m = theme_marks(load_graph(), {"self-care": "present", "psw-wellbeing": "absent"})
    >>> m["psw-wellbeing"]["factors"]
    ['psw-wellbeing', 'emotional-involvement', 'self-care']
    >>> {k: m["psw-wellbeing"][k] for k in ("present", "absent", "unknown")}
    {'present': 1, 'absent': 1, 'unknown': 1}
    """
    themes = memo(G, "plan-theme-factors", None, lambda: {
        n: (n, *_subthemes(G, n)) for n, a in G.nodes(data=True)
        if a.get("kind") == "factor" and a.get("factor_kind") == "theme"})  # read once per graph
    return {t: {"factors": list(factors), **mark_counts(assessment, factors)} for t, factors in themes.items()}


def rolled_state(counts: Mapping[str, int]) -> str:
    """The one state a closed theme is drawn in, from its factors' :func:`mark_counts`.

    ``present`` when any of its factors is present (something in it is at play in the service),
    ``absent`` when every one is marked absent, else ``unknown``.

    Parameters
    ----------
    counts : ``{"present": n, "absent": n, "unknown": n}``.

    Returns
    -------
    ``"present"``, ``"absent"`` or ``"unknown"``.

    Examples
    --------
    >>> rolled_state({"present": 1, "absent": 3, "unknown": 4}), rolled_state({"present": 0, "absent": 2, "unknown": 0})
    ('present', 'absent')
    >>> rolled_state({"present": 0, "absent": 1, "unknown": 1})
    'unknown'
    """
    if counts.get("present", 0):
        return "present"
    if counts.get("absent", 0) and not counts.get("unknown", 0):
        return "absent"
    return "unknown"
