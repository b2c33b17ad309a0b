"""The explore view as one resolved value, and what is derived from it once per graph.

What a user set in the sidebar (names, ids, a focus typed by hand, themes opened by
clicks) is resolved once, at the edge, into a :class:`View`: a small frozen value of
ids. Everything the explore view draws is derived from it and kept per graph under it
(:func:`graph.data.memo.memo`): the rolled-up view graph, the facet counts of the filter
options and the laid-out geometry. Equal views are one key, however the user got there.

The canvas never receives more than :data:`MAX_ELEMENTS` elements (:func:`drawn_view`):
beyond it the open themes fold back into theme boxes (parallel influences between two
themes are then one weighted line), and if that is still too many, only the strongest
influences are drawn; a note says so, and a click on a theme opens it on its own.

>>> from graph import load_graph
>>> G = load_graph()
>>> v = View.resolve(G, countries=["Sweden"], focus="Self-care", expand=["psw-wellbeing"])
>>> v.filters.countries, v.focus, v.opened
(('SE',), 'self-care', ('psw-wellbeing',))
>>> v == View.resolve(G, countries=["SE"], focus="self-care", expand=["psw-wellbeing", "psw-wellbeing"])
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from graph.data.memo import memo
from graph.present.layout import LAYOUT_ALIASES, VIEW_LAYOUTS
from graph.query.counts import country_counts, facet_counts, study_counts
from graph.query.filters import EVIDENCE_FILTERS, Filters, filtered_influences, influence_neighbourhood
from graph.query.lookup import resolve_factor
from graph.query.rollup import ALL_THEMES, rolled_up, view_theme

#: The most elements (nodes, lines and level bands) the explore canvas is sent at once.
MAX_ELEMENTS = 600


@dataclass(frozen=True)
class View:
    """What the explore graph shows, as ids: filters, focus and its depth, open themes, layout.

    ``opened`` is a sorted tuple of theme ids, or :data:`graph.query.rollup.ALL_THEMES`;
    it already holds the theme of a focused or selected sub-theme.
    """

    filters: Filters = field(default_factory=Filters)
    focus: str | None = None
    depth: int = 1
    opened: tuple[str, ...] | str = ()
    layout: str = "bands"

    @classmethod
    def resolve(cls, G: nx.MultiDiGraph, *, levels: Any = None, themes: Any = None, countries: Any = None,
                studies: Any = None, polarities: Any = None, perspectives: Any = None, min_evidence: Any = 0,
                include_unevidenced: Any = True, min_sources: Any = 0, min_countries: Any = 0,
                focus: str | None = None, depth: Any = 1,
                layout: str | None = "bands", show: str | None = "themes", expand: Any = None,
                selection: dict[str, Any] | None = None) -> View:
        """The view for the explore controls' values (names resolved; unknown names raise ``NotFound``)."""
        filters = Filters.resolve(G, levels=levels, themes=themes, countries=countries, studies=studies,
                                  polarities=polarities, perspectives=perspectives, min_evidence=min_evidence,
                                  include_unevidenced=include_unevidenced, min_sources=min_sources,
                                  min_countries=min_countries)
        focus_id = (focus if focus in G and G.nodes[focus].get("kind") == "factor" else resolve_factor(G, focus)) \
            if focus else None
        layout = LAYOUT_ALIASES.get(layout or "bands", layout)
        opened: tuple[str, ...] | str = ALL_THEMES
        if show != "subthemes":
            wanted = [t for t in expand or [] if t in G]
            picked = [focus_id] if focus_id else []
            if selection and selection.get("type") == "factor":
                picked.append(selection.get("id"))
            wanted += [G.nodes[f]["theme"] for f in picked if f in G and G.nodes[f].get("factor_kind") == "subtheme"]
            opened = tuple(sorted(set(wanted)))
        return cls(filters=filters, focus=focus_id, depth=int(depth or 1), opened=opened,
                   layout=layout if layout in VIEW_LAYOUTS else "bands")

    def graph_key(self) -> View:
        """The part of the view its graph depends on (not the layout)."""
        return replace(self, layout="")


def view_graph(G: nx.MultiDiGraph, view: View) -> nx.DiGraph:
    """The rolled-up view of *view*, kept per graph and view (treat it as read-only).

    Under an evidence filter, factors with no matching evidence and no influence
    are left out; a focus keeps the factors within ``depth`` hops of it in the
    framework (filtered by level and theme only), as the evidence filters leave
    them (a sub-theme keeps its theme's box).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> view_graph(G, View()).number_of_nodes(), view_graph(G, View()) is view_graph(G, View(layout="circle"))
    (9, True)
    """
    return memo(G, "explore-view", view.graph_key(), lambda: _view_graph(G, view))


def _view_graph(G: nx.MultiDiGraph, view: View) -> nx.DiGraph:
    f = view.filters
    D = filtered_influences(G, f)
    V = _rolled(G, f, view.opened)
    if not view.focus:
        return V
    # the neighbourhood is taken in the framework as filtered by level and theme; the evidence
    # filters then thin what it shows (so an option's count is what choosing it leaves)
    S = _rolled(G, Filters(levels=f.levels, themes=f.themes), view.opened)
    rep = view_theme(D, view.focus, view.opened) if view.focus in D else None
    if rep is None or rep not in S or rep not in V:
        return V.subgraph([]).copy()
    N = V.subgraph(set(influence_neighbourhood(S, rep, view.depth)) & set(V)).copy()
    for _, a in list(N.nodes(data=True)):  # a sub-theme keeps its theme's box
        if a.get("factor_kind") == "subtheme" and a["theme"] not in N:
            N.add_node(a["theme"], **{**V.nodes[a["theme"]], "container": True, "evidence": [], "evidence_count": 0})
    return N


def _rolled(G: nx.MultiDiGraph, filters: Filters, opened: tuple[str, ...] | str) -> nx.DiGraph:
    """The filtered influences rolled up with *opened* themes open, kept per graph (shared: read only)."""
    return memo(G, "rolled-up", (filters, opened), lambda: rolled_up(
        filtered_influences(G, filters), G, opened, hide_empty=filters.has_evidence_filter))


def element_count(V: nx.DiGraph) -> int:
    """How many cytoscape elements drawing *V* takes: its nodes, lines and one band per level.

    >>> V = nx.DiGraph([("a", "b")])
    >>> V.nodes["a"]["level"] = V.nodes["b"]["level"] = "micro"
    >>> element_count(V)
    4
    """
    return V.number_of_nodes() + V.number_of_edges() + len({a.get("level") for _, a in V.nodes(data=True)})


@dataclass(frozen=True)
class Drawn:
    """What the canvas gets for a view: the graph drawn, the view it is, and why it is less than asked (or '')."""

    graph: nx.DiGraph
    view: View
    note: str = ""
    hidden_influences: int = 0


def drawn_view(G: nx.MultiDiGraph, view: View, cap: int = MAX_ELEMENTS) -> Drawn:
    """The view as drawn within *cap* elements (kept per graph, view and cap).

    Within the cap: the view itself. Beyond it, in turn: only the themes the user
    opened by hand stay open (not "all sub-themes"); then every theme is closed
    but the focused or selected one's; then only the strongest influences (most
    evidence) are kept. ``note`` says which, for the page.

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> d = drawn_view(G, View(opened="*"), cap=40)
    >>> element_count(d.graph) <= 40, d.view.opened, bool(d.note)
    (True, (), True)
    >>> drawn_view(G, View()).note
    ''
    """
    return memo(G, "drawn-view", (view.graph_key(), cap), lambda: _drawn(G, view.graph_key(), cap))


def _drawn(G: nx.MultiDiGraph, view: View, cap: int) -> Drawn:
    V = view_graph(G, view)
    if element_count(V) <= cap:
        return Drawn(V, view)
    asked = element_count(V)
    keep = () if view.opened == ALL_THEMES else view.opened
    tries = [keep] if keep else []
    tries.append(tuple(sorted({G.nodes[f]["theme"] for f in [view.focus] if f and f in G
                               and G.nodes[f].get("factor_kind") == "subtheme"})))
    for opened in tries:
        folded = replace(view, opened=opened)
        W = view_graph(G, folded)
        if element_count(W) <= cap:
            return Drawn(W, folded, f"{asked} elements are too many to draw at once: sub-themes are folded into "
                                    "their themes and parallel influences drawn as one line. Click a theme to "
                                    "open it.")
    folded = replace(view, opened=tries[-1])
    W = view_graph(G, folded)
    S = strongest(W, cap)
    hidden = W.number_of_edges() - S.number_of_edges()
    return Drawn(S, folded, f"Too many influences to draw at once: sub-themes are folded into their themes and "
                            f"only the {S.number_of_edges()} strongest of {W.number_of_edges()} influences are drawn "
                            f"({hidden} with the least evidence are left out). Narrow the view with a filter or "
                            "a focus, or click a theme to see all of its influences.", hidden)


def strongest(V: nx.DiGraph, cap: int) -> nx.DiGraph:
    """*V* with only as many of its influences, those with the most evidence, as fit in *cap* elements.

    >>> V = nx.DiGraph()
    >>> V.add_nodes_from("abc", level="micro")
    >>> V.add_edges_from([("a", "b", {"evidence_count": 1}), ("b", "c", {"evidence_count": 5})])
    >>> list(strongest(V, 5).edges), strongest(V, 9) is V
    ([('b', 'c')], True)
    """
    if element_count(V) <= cap:
        return V
    room = max(0, cap - (element_count(V) - V.number_of_edges()))
    edges = sorted(V.edges(data="evidence_count"), key=lambda e: (-(e[2] or 0), e[0], e[1]))
    S = nx.DiGraph(**V.graph)
    S.add_nodes_from(V.nodes(data=True))
    S.add_edges_from((u, v, V.edges[u, v]) for u, v, _ in edges[:room])
    return S


def view_evidence(V: nx.DiGraph) -> set[str]:
    """The evidence behind the factors drawn (boxes that only hold sub-themes excluded)."""
    return {e for _, a in V.nodes(data=True) if not a.get("container") for e in a.get("evidence", [])}


def facets(G: nx.MultiDiGraph, view: View) -> dict[str, dict[str, int]]:
    """Per evidence filter, the count behind each option: what the view holds under the *other* filters.

    Countries are counted by :func:`graph.query.counts.country_counts` and studies by
    :func:`graph.query.counts.study_counts` (reported by or citing the study: what the study filter
    keeps), as every view counts them; with no other filter set a country's count is the number
    the evidence matrix's column header shows. Kept per graph and view (the four views it takes are kept too).

    >>> from graph import load_graph
    >>> G = load_graph()
    >>> f = facets(G, View(filters=Filters(countries=("SE",))))
    >>> f["countries"]["SE"] > 0, f["countries"]["NO"] > 0, f["polarities"]["barrier"] > 0
    (True, True, True)
    """
    def count() -> dict[str, dict[str, int]]:
        views: dict[View, list[str]] = {}  # facets whose view is the same (their filter unset) count together
        for key in EVIDENCE_FILTERS:
            views.setdefault(replace(view, filters=view.filters.without(key)).graph_key(), []).append(key)
        counters = {"countries": country_counts, "studies": study_counts}
        out = {}
        for v, keys in views.items():
            evidence = view_evidence(view_graph(G, v))
            for k in keys:
                out[k] = counters[k](G, evidence) if k in counters else facet_counts(G, evidence, keys=[k])[k]
        return out
    return memo(G, "explore-facets", view.graph_key(), count)
