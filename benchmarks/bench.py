"""Benchmarks: ``make bench``. Times the operations users wait on, on the bundled data.

Prints one line per operation: best and median wall time over N repeats.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import graph
from graph.cli import graph_info
from graph.load import DEFAULT_DATA_DIR


def timeit(name: str, fn: Callable[[], object], repeat: int = 20) -> None:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    print(f"{name:<44} best {min(times) * 1000:8.2f} ms   median {statistics.median(times) * 1000:8.2f} ms")


def cold_load() -> None:
    graph.clear_cache()
    graph.load_graph(DEFAULT_DATA_DIR)


def main() -> None:
    timeit("load_graph (parse + validate + build)", cold_load, repeat=10)
    G = graph.load_graph()
    timeit("load_graph (cached)", graph.load_graph, repeat=200)
    timeit("influence_graph (uncached)", lambda: _fresh_influence(G))
    _optional(G)
    print("graph:", graph_info(G)["nodes"])


def _fresh_influence(G):
    from graph import load as L

    L._INFLUENCE_CACHE.pop(G, None)
    return graph.influence_graph(G)


def _optional(G) -> None:
    """Query benchmarks, for the modules that exist."""
    try:
        from graph.paths import influence_paths
        timeit("influence_paths regulatory → wellbeing (4 hops)",
               lambda: influence_paths(G, "regulatory-political", "psw-wellbeing", max_hops=4))
    except ImportError:
        pass
    try:
        from graph.subgraph import filter_influences
        timeit("filter_influences (country SE)", lambda: filter_influences(G, countries=["SE"]))
    except ImportError:
        pass
    try:
        from graph.compare import compare_countries, evidence_matrix
        timeit("compare_countries SE, NO, DK", lambda: compare_countries(G, ["SE", "NO", "DK"]))
        timeit("evidence_matrix by country", lambda: evidence_matrix(G, by="country"))
    except ImportError:
        pass
    try:
        from graph.evidence import factor_details
        from graph.layout import factor_positions
        timeit("factor_details (details panel, stigma)", lambda: factor_details(G, "stigma"))
        timeit("factor_positions (explore layout)", lambda: factor_positions(graph.influence_graph(G)))
    except ImportError:
        pass
    try:
        from graph import strength as S
        from graph.paths import influence_view

        def fresh_index():
            S._INDEX.pop(G, None)
            return S.strength_index(G)
        timeit("strength_index (built once per graph)", fresh_index)
        S.strength_index(G)
        T = influence_view(G, "theme")
        timeit("edge_strength, every theme line (cached)",
               lambda: [S.edge_strength(G, a) for _, _, a in T.edges(data=True)])
        timeit("filter_influences (min_sources=2)", lambda: filter_influences(G, min_sources=2))
    except ImportError:
        pass
    try:
        from dashapp.components import graph_elements
        D = graph.influence_graph(G)
        timeit("graph_elements (explore canvas, all factors)", lambda: graph_elements(D, G))
    except ImportError:
        pass
    _exports(G)
    _checklists(G)


def _checklists(G) -> None:
    """What a manager waits on after pressing DOCX, PDF or XLSX in the Plan view: two barriers, and every factor."""
    from graph.checklist_export import CHECKLIST_FORMATS, checklist_document

    two = {"time-limited-project-funding": "present", "role-clarity": "present"}
    every = {n: "present" for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    for name, marks in (("2 barriers", two), ("every factor present", every)):
        for fmt in CHECKLIST_FORMATS:
            timeit(f"checklist {fmt.upper()} ({name})", lambda m=marks, f=fmt: checklist_document(G, m, f), repeat=3)


def _exports(G) -> None:
    """What a user waits on after pressing PNG or PowerPoint: the figure and the deck, drawn on the server."""
    from dashapp import explore as E
    from dashapp.components import AppContext
    from graph.deck import GraphView, build_deck
    from graph.figure import render_figure

    ctx = AppContext()
    defaults = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]
    for name, focus, show in (("nine themes", None, "themes"), ("every sub-theme", None, "subthemes"),
                              ("focus PSW wellbeing", "psw-wellbeing", "themes")):
        d = E.drawn_view(ctx, defaults, focus, 1, "bands", show, [], None)
        evidence = sorted(E.view_counts(d["view"])[2])
        timeit(f"figure PNG ({name})", lambda d=d: render_figure(d["elements"], title="t", caption="c",
                                                                 sources="s", fmt="png"), repeat=3)
        timeit(f"deck ({name})", lambda d=d, ev=evidence: build_deck(G, title="t", subtitle="s",
                                                                     views=[GraphView(d["elements"])],
                                                                     evidence_ids=ev), repeat=3)


if __name__ == "__main__":
    main()
