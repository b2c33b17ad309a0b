"""Every file the explorer offers for download, made from the values of its controls.

One function per button: :func:`figure_download` (PNG, SVG, PDF), :func:`view_deck_download` (the explore
view's PowerPoint), :func:`network_download` (the subgraph on screen, as drawn or with its evidence),
:func:`summary_download` (the written summary), :func:`route_deck_download` (the path finder's deck) and
:func:`comparison_deck_download` (the country comparison's deck). The explorer's callbacks and the
``pswgraph figure``, ``deck``, ``export`` and ``report`` commands call them, so the same view gives the
same file, under the same name, whichever made it. Each returns a :class:`Download`: the bytes, the file
name (:func:`graph.export.export_filename`) and the status line the explorer shows.

The view is given as the explorer holds it: *kw* (:func:`graph.present.screen.filter_kwargs`, ids in the
order picked) and ``focus``, ``depth``, ``layout``, ``show``, ``expand``, ``selection`` (keywords of
:func:`graph.present.screen.screen_view`; their defaults are the explorer's).

>>> from graph import load_graph
>>> G = load_graph()
>>> d = network_download(G, "mermaid", filter_kwargs(countries=["DK"]), focus="psw-wellbeing")
>>> d.name, d.data.decode().splitlines()[0]
('pswgraph_mermaid_focus-psw-wellbeing_DK.mmd', 'flowchart TD')
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.export.csvsafe import csv_text
from graph.export.drawing import drawn_view, with_drawing
from graph.export.formats import EXPORT_FORMATS, export_graph
from graph.export.names import export_filename
from graph.export.references import studies_of
from graph.present.checklist import CHECKLIST_FORMATS, checklist_document
from graph.present.comparison import (
    GRANULARITY,
    PANEL_LABEL_SCALE,
    and_list,
    comparison_panels,
    country_names,
    status_kinds,
)
from graph.present.figure import FIGURE_FORMATS, figure_caption, render_figure, sources_line
from graph.present.report import SUMMARY_FORMATS, summary
from graph.present.routes import country_name, hop_scope, route_name
from graph.present.screen import filter_kwargs, screen_view, selected_evidence, view_counts, view_words
from graph.query.compare import compare_countries, comparison_evidence, country_views
from graph.query.filters import select_subgraph
from graph.query.paths import DEFAULT_GRANULARITY, DEFAULT_RANKING, hop_strength, influence_paths
from graph.query.plan import checklist, checklist_rows

__all__ = ["FIGURE_MODES", "NETWORK_CONTENTS", "PLAN_COLUMNS", "ROUTE_HOPS", "Download", "checklist_download",
           "comparison_deck_download", "figure_download", "filter_kwargs", "network_download", "plan_csv",
           "route_deck_download", "summary_download", "view_deck_download"]

#: How a figure is drawn: as on screen (the default) or for a slide.
FIGURE_MODES = {"screen": "as on screen", "slide": "for a slide"}
#: What a network file holds: the drawing on screen (the default), or that plus the evidence, studies and countries.
NETWORK_CONTENTS = {"drawn": "factors and influences (as drawn)", "full": "with evidence, studies and countries"}
#: The path finder's longest route, in hops, by default.
ROUTE_HOPS = 4
#: What the folded picture of a deck says when the view had themes open.
FOLDED_NOTE = ("Sub-themes are folded into their themes so that labels stay readable (14 pt or more); open them "
               "in the explorer.")


@dataclass(frozen=True)
class Download:
    """A file to save: its bytes, its name and what the explorer's status line says of it."""

    data: bytes
    name: str
    message: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _picture(G: nx.MultiDiGraph, kw: dict[str, Any], view: dict[str, Any]) -> tuple[dict[str, Any], str, list[str]]:
    """The screen view, its words and the evidence behind what is drawn."""
    d = screen_view(G, kw, **view)
    return d, view_words(G, d["kw"], d["focus"], d["depth"]), sorted(view_counts(d["view"])[2])


def figure_download(G: nx.MultiDiGraph, fmt: str, kw: dict[str, Any], *, mode: str = "screen",
                    **view: Any) -> Download:
    """The captioned figure of the explore view: ``fmt`` ``png``, ``svg`` or ``pdf``; ``mode`` ``screen`` or
    ``slide`` (:data:`FIGURE_MODES`).

    Raises :class:`graph.query.lookup.NotFound` for an unknown focus.

    >>> from graph import load_graph
    >>> d = figure_download(load_graph(), "svg", filter_kwargs(), focus="psw-wellbeing", mode="slide")
    >>> d.name, d.data[:5]
    ('pswgraph_focus-psw-wellbeing_slide.svg', b'<?xml')
    """
    d, words, evidence = _picture(G, kw, view)
    mode = mode if mode in FIGURE_MODES else "screen"
    caption = figure_caption(G, d["elements"], evidence, view=words)
    fig = render_figure(d["elements"], title=words, caption=caption, sources=sources_line(G, evidence), fmt=fmt,
                        mode=mode)
    name = export_filename(fmt, ext=FIGURE_FORMATS[fmt].ext, focus=d["focus"], depth=d["depth"], filters=d["kw"],
                           content="slide" if mode == "slide" else None, layout=d["layout"])
    size = f"{fig.width_px} × {fig.height_px} px, " if fmt == "png" else ""
    return Download(fig.data, name, f"{fmt.upper()} figure ({size}alt text in the file): {caption}")


def view_deck_download(G: nx.MultiDiGraph, kw: dict[str, Any], **view: Any) -> Download:
    """The explore view's 16:9 briefing deck: the view (and, with themes open, the view folded into themes),
    the evidence of the selection (else of the view) and its references.

    Raises :class:`graph.query.lookup.NotFound` for an unknown focus.

    >>> from graph import load_graph
    >>> d = view_deck_download(load_graph(), filter_kwargs(countries=["NO"]))
    >>> d.name, d.data[:2]
    ('pswgraph_NO.pptx', b'PK')
    """
    from graph.present.deck import GraphView, build_deck  # python-pptx loads on the first deck

    d, words, evidence = _picture(G, kw, view)
    selection = view.get("selection")
    picked, heading, route = selected_evidence(G, selection, d["kw"], d["opens"])
    views = [GraphView(d["elements"])]
    if d["opens"]:  # the same view with every theme closed, should the open one be too big for a slide
        folded = screen_view(G, kw, focus=d["focus"], depth=d["depth"], layout=d["layout"], show="themes",
                             expand=[], selection=None)
        views.append(GraphView(folded["elements"], note=FOLDED_NOTE))
    n_factors, n_edges, _ = view_counts(d["view"])
    subtitle = f"{_plural(n_factors, 'factor')} and {_plural(n_edges, 'influence')}; {_plural(len(evidence), 'evidence item')}"
    if heading:
        subtitle += f". {heading.replace('Evidence: ', 'Selected: ')}"
    data = build_deck(G, title=words, subtitle=subtitle, views=views, evidence_ids=picked or evidence,
                      heading=heading or f"Evidence: {words}", route=route)
    sel = selection if selection and selection.get("type") in ("factor", "influence") else None
    name = export_filename("pptx", focus=d["focus"], depth=d["depth"], filters=d["kw"], selection=sel,
                           layout=d["layout"])
    return Download(data, name, "PowerPoint deck ready (16:9, speaker notes hold the full quotes).")


def network_download(G: nx.MultiDiGraph, fmt: str, kw: dict[str, Any], *, content: str = "drawn",
                     **view: Any) -> Download:
    """The subgraph on screen in one of :data:`graph.export.EXPORT_FORMATS`: as drawn (``content="drawn"``,
    the default: the factors and influences on screen with the explorer's positions and colours) or with
    their evidence, studies and countries (``"full"``). BibTeX and RIS hold the studies behind the factors
    on screen.

    Raises :class:`graph.query.lookup.NotFound` for an unknown focus.

    >>> from graph import load_graph
    >>> d = network_download(load_graph(), "gexf", filter_kwargs(), content="full")
    >>> d.name, d.message.startswith("GEXF")
    ('pswgraph_with-evidence.gexf', True)
    """
    fmt = fmt if fmt in EXPORT_FORMATS else "graphml"
    full = content == "full" or fmt in ("bibtex", "ris")  # references: every study behind the evidence
    d = screen_view(G, kw, **view)
    V = d["view"]
    H = D = drawn_view(V, G, d["layout"])
    if full:
        members = sorted({m for n, a in V.nodes(data=True) if not a.get("container") for m in a.get("members", [n])})
        H = with_drawing(select_subgraph(G, **kw, factors=members), D)
    name = export_filename(fmt, focus=d["focus"], depth=d["depth"], filters=kw,
                           content="with-evidence" if content == "full" and fmt not in ("bibtex", "ris") else None,
                           layout=d["layout"])
    if fmt in ("bibtex", "ris"):
        what = f"{len(studies_of(H, G))} studies behind the factors on screen"
    elif full:
        kinds = Counter(k for _, k in H.nodes(data="kind"))
        what = (f"{NETWORK_CONTENTS['full']}: {H.number_of_nodes()} nodes ({kinds['factor']} factors, "
                f"{kinds['evidence']} evidence, {kinds['study']} studies, {kinds['country']} countries)")
    else:
        what = f"{NETWORK_CONTENTS['drawn']}: {D.number_of_nodes()} factors, {D.number_of_edges()} influences"
    return Download(export_graph(H, fmt, G), name, f"{EXPORT_FORMATS[fmt].label} — {what}. Saved as {name}.")


def summary_download(G: nx.MultiDiGraph, fmt: str, kw: dict[str, Any], **view: Any) -> Download:
    """The written summary (``fmt`` ``docx`` or ``md``) of the selected factor or influence, else of the
    factors on screen, with APA 7 citations.

    Raises :class:`graph.query.lookup.NotFound` or ``KeyError`` for an unknown factor.

    >>> from graph import load_graph
    >>> d = summary_download(load_graph(), "md", filter_kwargs(), selection={"type": "factor", "id": "mentoring"})
    >>> d.name, d.data.decode().startswith("#")
    ('pswgraph_summary_mentoring.md', True)
    """
    fmt = fmt if fmt in SUMMARY_FORMATS else "docx"
    selection = view.get("selection")
    sel = selection if selection and selection.get("type") in ("factor", "influence") else None
    focus = None
    if sel and sel["type"] == "factor":
        data, what = summary(G, factor=sel["id"], filters=kw, fmt=fmt), G.nodes[sel["id"]]["label"]
    elif sel:
        data = summary(G, influence=(sel["source"], sel["target"]), filters=kw, fmt=fmt)
        what = f"{G.nodes[sel['source']]['label']} → {G.nodes[sel['target']]['label']}"
    else:
        d = screen_view(G, kw, **{**view, "selection": None})
        V, focus = d["view"], d["focus"]
        data = summary(G, view=V, filters=kw, fmt=fmt)
        what = f"the {sum(1 for _, a in V.nodes(data=True) if not a.get('container'))} factors on screen"
    name = export_filename("summary", ext=SUMMARY_FORMATS[fmt].ext, selection=sel, focus=focus,
                           depth=view.get("depth", 1), filters=kw)
    return Download(data, name, f"Written summary of {what}. Saved as {name}.")


def route_deck_download(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = ROUTE_HOPS,
                        countries: list[str] | None = None, granularity: str = DEFAULT_GRANULARITY,
                        rank: str = DEFAULT_RANKING, pick: int | None = None, min_sources: int = 0,
                        min_countries: int = 0) -> Download:
    """The path finder's deck: one slide per hop of a route from *source* to *target* (the route numbered
    *pick*, counting from 0, among those found, else the first), building it step by step.

    Parameters are :func:`graph.query.paths.influence_paths`'s, with the path finder's defaults.
    Raises :class:`graph.query.lookup.NotFound` for an unknown factor, ``ValueError`` when no route is found.

    >>> from graph import load_graph
    >>> d = route_deck_download(load_graph(), "regulatory-political", "psw-wellbeing", max_hops=3)
    >>> d.name.startswith("pswgraph_path-regulatory-political-"), d.name.endswith(".pptx")
    (True, True)
    """
    breadth = {k: v for k, v in {"min_sources": min_sources, "min_countries": min_countries}.items() if v and v > 1}
    paths = influence_paths(G, source, target, max_hops=int(max_hops), countries=countries or None,
                            granularity=granularity or DEFAULT_GRANULARITY, rank=rank, **breadth)
    if not paths:
        raise ValueError("No route to put in a deck: no path under these settings.")
    route = paths[pick] if isinstance(pick, int) and 0 <= pick < len(paths) else paths[0]
    route = {**route, "scope": hop_scope(G, countries),
             "hops": [{**h, "strength": hop_strength(G, h, bool(countries))} for h in route["hops"]]}
    where = f", every hop evidenced in {', '.join(country_name(G, c) for c in countries)}" if countries else ""
    label = G.nodes[route["nodes"][0]]["label"], G.nodes[route["nodes"][-1]]["label"]
    title = f"From {label[0]} to {label[1]}, step by step"
    subtitle = (f"{route_name(G, route['nodes'])}: {_plural(len(route['hops']), 'step')}, "
                f"{_plural(route['evidence_count'], 'evidence item')}{where}")
    from graph.present.deck import build_deck  # python-pptx loads on the first deck

    data = build_deck(G, title=title, subtitle=subtitle, views=[], evidence_ids=[], route=route)
    name = export_filename("pptx", path=route["nodes"], countries=countries or (), filters=breadth or None)
    return Download(data, name, f"Deck ready: {_plural(len(route['hops']), 'slide')} for the steps.")


def comparison_deck_download(G: nx.MultiDiGraph, countries: list[str], *, min_shared: int = 0,
                             min_sources: int = 0) -> Download:
    """The country comparison's deck: two to four countries' panels side by side, the shared and unique
    influences, and the evidence of the compared countries with its references; *min_shared*, *min_sources*:
    the breadth the comparison asks (:func:`graph.query.compare.compare_countries`).

    Raises :class:`graph.query.lookup.NotFound` for an unknown country, ``ValueError`` for fewer than two or
    more than four.

    >>> from graph import load_graph
    >>> comparison_deck_download(load_graph(), ["SE", "DK"]).name
    'pswgraph_compare-SE-DK.pptx'
    """
    codes = list(dict.fromkeys([countries] if isinstance(countries, str) else countries or []))
    if not 2 <= len(codes) <= 4:
        raise ValueError("Pick two to four countries first.")
    breadth = {"min_shared": min_shared, "min_sources": min_sources}
    result = compare_countries(G, codes, granularity=GRANULARITY, presence=True, **breadth)
    codes = result["countries"]
    names = country_names(G, codes)
    views = country_views(G, result, GRANULARITY, min_sources=min_sources)
    panels, legend = comparison_panels(G, codes, names, status_kinds(result, names), views)
    title = f"Influences evidenced in {and_list([names[c] for c in codes])}"
    from graph.present.deck import build_deck, comparison_rows  # python-pptx loads on the first deck

    rows = comparison_rows(G, result)
    shared = sum(r["shared"] for r in rows)
    evidence = comparison_evidence(G, codes, granularity=GRANULARITY, **breadth)  # the panels' evidence
    data = build_deck(G, title=title, subtitle=f"{len(rows)} influences between themes, {shared} shared by all",
                      views=[], evidence_ids=evidence, heading=f"Evidence from {and_list([names[c] for c in codes])}",
                      comparison={"title": title, "panels": panels, "rows": rows, "label_scale": PANEL_LABEL_SCALE,
                                  "legend": legend})
    return Download(data, export_filename("pptx", compare=codes), "Deck ready.")


#: The columns of the plan as CSV: one row per problem and strategy, owner, due date and status to fill in.
PLAN_COLUMNS = ["level", "problem", "phase", "strategy", "actor", "reported_as", "evidence", "source", "owner", "due",
                "status"]


def plan_csv(G: nx.MultiDiGraph, assessment: Mapping[str, str], country: str | None = None) -> str:
    """The plan as CSV (:func:`graph.query.plan.checklist_rows`): one row per problem and strategy, owner/due/status
    empty; *country*: only the strategies with evidence from it.

    Spreadsheet-safe (:func:`graph.export.csvsafe.csv_text`): a byte-order mark first, formulas neutralised.

    >>> from graph import load_graph
    >>> print(plan_csv(load_graph(), {"stigma": "problem"}).lstrip("\\ufeff").splitlines()[0])
    level,problem,phase,strategy,actor,reported_as,evidence,source,owner,due,status
    """
    return csv_text(PLAN_COLUMNS, checklist_rows(checklist(G, assessment, country)), bom=True)


def checklist_download(G: nx.MultiDiGraph, assessment: Mapping[str, str], fmt: str, *, country: str | None = None,
                       date: dt.date | None = None) -> Download:
    """The Plan view's "Save the checklist": the printable checklist (``fmt`` a key of
    :data:`graph.present.checklist.CHECKLIST_FORMATS`) or the plan as CSV (``csv``), named for the day it is
    saved (*date*, default today) and, with *country*, for the country whose strategies it keeps.

    >>> from graph import load_graph
    >>> d = checklist_download(load_graph(), {"stigma": "problem"}, "csv", date=dt.date(2026, 12, 7))
    >>> d.name, d.data[:3] == "\\ufeff".encode()
    ('pswgraph_plan_2026-12-07.csv', True)
    """
    day, where = date or dt.date.today(), [country] if country else []
    if fmt == "csv":
        return Download(plan_csv(G, assessment, country).encode(), export_filename("plan", ext=".csv", countries=where,
                                                                                   date=day), "Plan saved as CSV.")
    name = export_filename("checklist", ext=CHECKLIST_FORMATS[fmt].ext, countries=where, date=day)
    return Download(checklist_document(G, assessment, fmt, country=country), name,
                    f"Checklist saved as {CHECKLIST_FORMATS[fmt].label}.")
