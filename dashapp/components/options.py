"""The vocabularies and choices the views offer: tabs, levels, polarities, perspectives, factor/country/study options."""

from __future__ import annotations

from typing import Any

import networkx as nx
from dash.exceptions import PreventUpdate

from graph.data.memo import memo
from graph.present.style import LEVEL_LABELS

#: The store holding the active view's key, and its property (the tab bar's buttons set it).
TABS = "tabs"
TAB_PROP = "data"
TAB_DEFAULT = "explore"
TAB_VALUES = ("explore", "paths", "compare", "matrix", "studies", "plan")


def opened(view: str) -> str:
    """The id of the store the page sets to *view* each time that view's tab is shown (``pswgraph.openedView``).

    A view's drawing callbacks take it as their input, and the tab as state: a tab switch asks the server for the
    view opened alone, not for every view (each of which would answer that it is hidden).

    >>> opened("matrix")
    'matrix-opened'
    """
    return f"{view}-opened"


def skip_unless_visible(tab: str | None, view: str) -> None:
    """Stop a view's drawing callback while its tab is hidden; it runs when the user opens the tab.

    >>> skip_unless_visible("matrix", "matrix")
    """
    if (tab or "explore") != view:
        raise PreventUpdate

POLARITIES = ["enabler", "barrier", "mixed", "context"]
PERSPECTIVES = ["manager", "peer worker", "staff", "service user", "reviewer", "author"]
LEVELS = ["macro", "meso", "micro"]


def level_items(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """``(id, label)`` of the package's levels by rank; the framework's three get their longer labels.

    >>> from graph import load_graph
    >>> level_items(load_graph())[0]
    ('macro', 'Macro (systems)')
    """
    levels = sorted(((a.get("rank", 0), n, a.get("label", n)) for n, a in G.nodes(data=True)
                     if a.get("kind") == "level"))
    return [(n, LEVEL_LABELS.get(n, label)) for _, n, label in levels]


def factor_options(G: nx.MultiDiGraph, *, themes_only: bool = False, slim: bool = False) -> list[dict[str, Any]]:
    """Dropdown options for factors: label with level, searchable by label, id and aliases (kept per graph).

    *slim* options carry no ``search`` text (label only): what a page is first sent, the
    dropdowns' own search callbacks (:func:`dashapp.pages.explore.forgiving_options`) answer
    typing with the full options. Shared lists: copy an option to change it.
    """
    def build() -> list[dict[str, Any]]:
        opts = []
        for n, a in G.nodes(data=True):
            if a.get("kind") != "factor" or (themes_only and a.get("factor_kind") != "theme"):
                continue
            indent = "" if a.get("factor_kind") == "theme" else "· "
            opt = {"label": f"{indent}{a['label']} ({a['level']})", "value": n,
                   "_rank": (a["level_rank"], a.get("theme", n), a.get("factor_kind") != "theme")}
            if not slim:
                opt["search"] = " ".join([a["label"], n, *a.get("aliases", [])])
            opts.append(opt)
        opts.sort(key=lambda o: o.pop("_rank"))
        return opts
    return memo(G, "factor-options", (themes_only, slim), build)


def counted_options(items: list[tuple[str, str]], counts: dict[str, int] | None) -> list[dict[str, Any]]:
    """Options ``label (n)`` from ``(value, label)`` pairs; values with no count get ``(0)``."""
    counts = counts or {}
    return [{"label": f"{label} ({counts.get(value, 0)})", "value": value} for value, label in items]


def country_items(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """``(code, name)`` of every country, by name."""
    return sorted(((n, a["label"]) for n, a in G.nodes(data=True) if a.get("kind") == "country"),
                  key=lambda x: x[1])


def study_items(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """``(id, label)`` of every study, the four sources first."""
    studies = [(n, a) for n, a in G.nodes(data=True) if a.get("kind") == "study"]
    studies.sort(key=lambda x: (not x[1].get("is_source"), x[1].get("label", x[0])))
    return [(n, a.get("label", n)) for n, a in studies]


#: The thresholds a breadth control offers ("at least … papers / countries"): 0 is "any".
BREADTH = (0, 2, 3, 4)


def breadth_options(values: tuple[int, ...] = BREADTH) -> list[dict[str, Any]]:
    """The options of an "at least … papers / countries" radio group.

    >>> [o["label"] for o in breadth_options()]
    ['any', '2+', '3+', '4+']
    """
    return [{"label": "any" if n == 0 else f"{n}+", "value": n} for n in values]
