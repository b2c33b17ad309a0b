"""What the explore view puts on screen for a set of control values, as the exports need it.

The explorer's graph callback and its downloads, and the command line's ``figure``, ``deck``, ``export``
and ``report``, all build the drawn view here (:func:`screen_view`), so the same arguments draw the same
view whichever asks: filters as :func:`filter_kwargs` gives them, a focus and its depth, the layout, the
themes opened and the selection.

>>> from graph import load_graph
>>> G = load_graph()
>>> s = screen_view(G, filter_kwargs(countries=["SE"]), focus="psw-wellbeing")
>>> view_words(G, s["kw"], s["focus"], s["depth"])
'PSW wellbeing and the factors within 1 hop of it, in Sweden'
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.data.load import influence_graph
from graph.data.memo import memo
from graph.present.elements import view_elements, view_geometry
from graph.present.report import describe_filters
from graph.present.view import Drawn, View, drawn_view
from graph.query.details import factor_details, restrict_details
from graph.query.filters import EVIDENCE_FILTERS, matching_evidence
from graph.query.rollup import rolled_influence_details, view_theme

__all__ = ["filter_kwargs", "screen_view", "selected_evidence", "view_counts", "view_drawing",
           "view_marks", "view_words"]

def filter_kwargs(levels: list[str] | None = None, themes: list[str] | None = None,
                  countries: list[str] | None = None, studies: list[str] | None = None,
                  polarities: list[str] | None = None, perspectives: list[str] | None = None,
                  min_evidence: int | None = 0, unevidenced: bool | None = True, min_papers: int | None = 0,
                  min_countries: int | None = 0) -> dict[str, Any]:
    """The explore filters' values as keyword arguments of :func:`graph.query.filters.filter_influences`.

    Parameters
    ----------
    levels, themes, countries, studies, polarities, perspectives : ids, in the order picked (``None``: all).
    min_evidence : the fewest evidence items. unevidenced : keep influences without evidence.
    min_papers : keep only factors and influences at least this many papers state or evidence.
    min_countries : keep only those evidenced in at least this many countries.

    Returns
    -------
    A dict; each default is the explorer's (its sidebar's, in the same positional order).

    Examples
    --------
    >>> kw = filter_kwargs(countries=["DK"], min_papers=2)
    >>> kw["countries"], kw["min_sources"], kw["include_unevidenced"], kw["levels"]
    (['DK'], 2, True, None)
    """
    return {"levels": levels or None, "themes": themes or None, "countries": countries or None,
            "studies": studies or None, "polarities": polarities or None, "perspectives": perspectives or None,
            "min_evidence": int(min_evidence or 0), "include_unevidenced": bool(unevidenced),
            "min_sources": int(min_papers or 0),
            "min_countries": int(min_countries or 0)}


def view_drawing(G: nx.MultiDiGraph, view: View) -> tuple[Drawn, tuple[dict, dict, dict]]:
    """The view as drawn within the element cap (:func:`graph.present.view.drawn_view`) and its geometry
    (:func:`graph.present.elements.view_geometry`), kept per graph and view.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> drawn, (pos, routes, _) = view_drawing(G, View())
    >>> drawn.graph.number_of_nodes(), len(pos), view_drawing(G, View())[0] is drawn
    (9, 9, True)
    """
    def make() -> tuple[Drawn, tuple[dict, dict, dict]]:
        drawn = drawn_view(G, view)
        return drawn, view_geometry(drawn.graph, G, view.layout)
    return memo(G, "view-drawing", view, make)


def view_counts(V: nx.DiGraph) -> tuple[int, int, set[str]]:
    """Factors drawn (boxes that only hold sub-themes excluded), influences drawn, evidence behind them.

    >>> from graph import load_graph
    >>> n_factors, n_edges, evidence = view_counts(screen_view(load_graph(), filter_kwargs())["view"])
    >>> n_factors, n_edges > 0, len(evidence) > 0
    (9, True, True)
    """
    nodes = [n for n, a in V.nodes(data=True) if not a.get("container")]
    evidence = {e for n in nodes for e in V.nodes[n].get("evidence", [])}
    return len(nodes), V.number_of_edges(), evidence


def view_words(G: nx.MultiDiGraph, kw: dict[str, Any], focus: str | None, depth: int) -> str:
    """The view in words, for a title: what is drawn, around which factor, under which filters.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> view_words(G, filter_kwargs(countries=["SE"]), "psw-wellbeing", 1)
    'PSW wellbeing and the factors within 1 hop of it, in Sweden'
    >>> view_words(G, filter_kwargs(), None, 1)
    'All factors and influences'
    """
    what = describe_filters(G, kw)
    if focus and focus in G:
        head = f"{G.nodes[focus]['label']} and the factors within {depth} hop{'s' * (depth != 1)} of it"
    else:
        head = "Factors and influences" if what else "All factors and influences"
    return f"{head}, {what}" if what else head


def view_marks(V: nx.DiGraph, focus: str | None, selection: dict[str, Any] | None,
               G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """Classes that make the focus and the selection stand out: the rest of the view fades.

    An evidence item (found by a search) marks the drawn boxes of its factors and the arrows of its
    influences (*G* names them). Returns ``node_marks`` and ``edge_marks`` for
    :func:`graph.present.elements.view_elements`.

    >>> V = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> view_marks(V, "a", {"type": "factor", "id": "b"})["node_marks"]
    {'a': 'focus', 'b': 'selected', 'c': 'near'}
    """
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str], str] = {}
    if focus and focus in V:
        nodes[focus] = "focus"
    sel = None
    if selection and selection.get("type") == "factor" and selection.get("id") in V:
        sel = selection["id"]
        group = {sel, *(n for n, a in V.nodes(data=True) if a.get("theme") == sel)}  # an open theme and its parts
        near = group | {m for g in group for m in (*V.predecessors(g), *V.successors(g))}
        for n in V:
            nodes[n] = nodes.get(n) or ("near" if n in near - group else "faded" if n not in near else "")
        nodes[sel] = "selected"
        for u, v in V.edges:
            edges[(u, v)] = "near" if u in group or v in group else "faded"
    elif selection and selection.get("type") == "influence" and V.has_edge(selection["source"], selection["target"]):
        e = (selection["source"], selection["target"])
        for n in V:
            nodes[n] = "near" if n in e else nodes.get(n) or "faded"
        for uv in V.edges:
            edges[uv] = "selected" if uv == e else "faded"
    elif selection and selection.get("type") == "evidence" and G is not None and selection.get("id") in G:
        a = G.nodes[selection["id"]]
        drawn = {f: f if f in V else G.nodes[f].get("theme") for f in a.get("factors", []) if f in G}
        hit = {d for d in drawn.values() if d in V}
        pairs = {(drawn.get(s), drawn.get(t)) for s, _, t in (i.partition("--") for i in a.get("influences", []))}
        for n in V:
            nodes[n] = "selected" if n in hit else nodes.get(n) or "faded"
        for uv in V.edges:
            edges[uv] = "selected" if uv in pairs else "faded"
    for n in list(nodes):  # the open theme around a part the selection shows is not faded: it names that part
        theme = V.nodes[n].get("theme") if V.nodes[n].get("factor_kind") == "subtheme" else None
        if nodes[n] != "faded" and nodes.get(theme) == "faded":
            nodes[theme] = ""
    return {"node_marks": {n: c for n, c in nodes.items() if c}, "edge_marks": edges}


def screen_view(G: nx.MultiDiGraph, kw: dict[str, Any], *, focus: str | None = None, depth: int | None = 1,
                layout: str | None = "bands", show: str | None = "themes", expand: list[str] | None = None,
                selection: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the explore graph draws for these control values, as the figures and decks need it.

    Parameters
    ----------
    G : the knowledge graph. kw : the filters (:func:`filter_kwargs`).
    focus, depth : a factor (id, label or alias) and the hops around it. layout : a key of
        :data:`graph.present.layout.VIEW_LAYOUTS` (or an alias). show : ``themes`` (click one to open it)
        or ``subthemes``. expand : the themes opened. selection : the selected factor, influence or
        evidence item (``{"type": "factor", "id": …}`` …).

    Returns
    -------
    A dict: ``view`` (the drawn DiGraph, within the element cap), ``elements`` (cytoscape's, with the
    focus and selection marks), ``kw``, ``focus`` (its id), ``depth``, ``layout``, ``opens`` (the themes
    open), ``note`` (what the element cap folded, or ``""``), ``spec`` (the resolved
    :class:`graph.present.view.View`) and ``drawn`` (:class:`graph.present.view.Drawn`).
    Raises :class:`graph.query.lookup.NotFound` for an unknown focus factor.

    Examples
    --------
    >>> from graph import load_graph
    >>> s = screen_view(load_graph(), filter_kwargs(), focus="wellbeing", depth=2)
    >>> s["focus"], s["depth"], s["layout"], [e["classes"] for e in s["elements"] if e["data"]["id"] == "psw-wellbeing"]
    ('psw-wellbeing', 2, 'bands', ['micro theme leaf box focus'])
    """
    view = View.resolve(G, **kw, focus=focus, depth=depth, layout=layout, show=show, expand=expand,
                        selection=selection)
    drawn, geometry = view_drawing(G, view)
    V, opens = drawn.graph, drawn.view.opened
    marks = view_marks(V, view.focus and view_theme(influence_graph(G), view.focus, opens), selection, G)
    return {"view": V, "elements": view_elements(V, G, view.layout, geometry=geometry, **marks), "kw": kw,
            "focus": view.focus, "depth": view.depth, "layout": view.layout, "opens": opens,
            "note": drawn.note or "", "spec": view, "drawn": drawn}


def selected_evidence(G: nx.MultiDiGraph, selection: dict[str, Any] | None, kw: dict[str, Any],
                      opened: Any) -> tuple[list[str], str, dict[str, Any] | None]:
    """The evidence of the selected factor or influence, as the details panel lists it under the filters.

    Returns
    -------
    ``(evidence ids, heading, route)``: the route is a one-hop route for a selected influence (the deck's
    route slides), else ``None``; nothing selected gives ``([], "", None)``. ``ValueError`` for an influence
    the view does not draw.

    Examples
    --------
    >>> from graph import load_graph
    >>> ids, heading, route = selected_evidence(load_graph(), {"type": "factor", "id": "psw-wellbeing"}, {}, ())
    >>> len(ids) > 0, heading, route
    (True, 'Evidence: PSW wellbeing', None)
    """
    ev = {k: kw.get(k) for k in EVIDENCE_FILTERS}
    allowed = frozenset(matching_evidence(G, **ev)) if any(ev.values()) else None
    if selection and selection.get("type") == "factor" and selection.get("id") in G:
        d = restrict_details(factor_details(G, selection["id"]), allowed)
        return [r["id"] for r in d["evidence"]], f"Evidence: {d['label']}", None
    if selection and selection.get("type") == "influence":
        try:
            rolled = rolled_influence_details(G, selection["source"], selection["target"], opened)
        except KeyError:
            names = [G.nodes[n].get("label", n) if n in G else n for n in (selection["source"], selection["target"])]
            raise ValueError(f"no influence {names[0]} → {names[1]} in this view") from None
        d = restrict_details(rolled, allowed, G)
        ids = [r["id"] for r in d["evidence"]]
        hop = {"source": selection["source"], "target": selection["target"], "evidence": ids,
               "countries": sorted({c["code"] for r in d["evidence"] for c in r.get("countries", [])}),
               "strength": d["strength"]}
        return ids, f"Evidence: {d['source_label']} → {d['target_label']}", \
            {"nodes": [selection["source"], selection["target"]], "hops": [hop], "scope": describe_filters(G, ev)}
    if selection and selection.get("type") == "evidence" and selection.get("id") in G:
        return [selection["id"]], f"Evidence found by searching “{selection.get('q', '')}”", None
    return [], "", None
