"""Benchmarks: ``make bench``. Each operation's median and p95 beside its floor, measured in the same run.

Runs the bundled package, synthetic packages 10 and 100 times larger (``pswgraph synth``) and,
with ``--k1000`` (``make bench K1000=1``), 1,000 times. Each K is run in two shapes (:data:`SHAPES`):
our proportions (themes and sub-themes × √K) and 16 themes with 8 sub-themes each (``--shapes``). Each package is measured in a fresh
process (so "cold" is cold and the peak RSS is that package's), and the results are written to
``BENCHMARKS.md`` between the ``bench`` markers (the load check's section is kept).

Floors, as the issue defines them: load — pandas reading the same CSVs plus networkx building a
MultiDiGraph of the same number of nodes and edges (``add_nodes_from``/``add_edges_from``);
callbacks — a no-op callback through the same Dash route; paths, reach, compare and rank —
networkx on the bare influence DiGraph (edges only) of the same view.

Usage: ``python benchmarks/bench.py [--k1000] [--scales 10,100] [--shapes ours,wide] [--save FILE] [--before FILE]
[--no-write]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_CACHE = ROOT / "benchmarks" / ".data"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PATH_K = 10  # routes a path query returns (the floor asks networkx for as many)
#: Shapes of the synthetic packages: name -> (label suffix, ``synthesize`` options). "ours": the bundled
#: proportions; "wide": few themes with many sub-themes each (like an independent generator's packages).
SHAPES = {"ours": ("", {}), "wide": (", 16 themes × 8 sub-themes", {"themes": 16, "subthemes": 8})}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def measure(fn: Callable[[], object], *, runs: int = 20, budget: float = 1.0, timeout: float = 30.0,
            setup: Callable[[], object] | None = None) -> dict:
    """Time *fn*: at least 3 runs (1 if the first takes over *budget*), at most *runs* or *budget* seconds.

    *setup*, untimed, runs before each run (e.g. forgetting the loaded graph).

    Returns ``{"median", "p95", "n"}`` in seconds, or ``{"timeout": seconds}`` when one run exceeds *timeout*.
    """
    times: list[float] = []
    cpu: list[float] = []
    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    while len(times) < runs:
        if setup is not None:
            setup()
        gc.collect()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            fn()
        except _Timeout:
            return {"timeout": timeout}
        except Exception as err:  # noqa: BLE001 - e.g. the alarm caught inside a Dash callback: an HTTP 500
            if time.perf_counter() - t0 >= timeout:
                return {"timeout": timeout}
            return {"error": f"{err.__class__.__name__}: {str(err)[:120]}"}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        spent = time.perf_counter() - start
        if (len(times) >= 3 and spent > budget) or (len(times) == 1 and times[0] > budget):
            break
    ordered = sorted(times)
    return {"median": statistics.median(times), "p95": ordered[max(0, math.ceil(0.95 * len(times)) - 1)],
            "n": len(times), "cpu": statistics.median(cpu)}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- floors ---------------------------------------------------------------------------------------

def load_floor(data_dir: Path, n_nodes: int, n_edges: int) -> None:
    """pandas reads every CSV of the package; networkx builds a MultiDiGraph of as many nodes and edges."""
    import networkx as nx
    import pandas as pd

    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        pd.read_csv(data_dir / r["path"], dtype=str, keep_default_na=False)
    F = nx.MultiDiGraph()
    F.add_nodes_from((f"n{i}", {"kind": "x"}) for i in range(n_nodes))
    F.add_edges_from((f"n{i % n_nodes}", f"n{(i * 7) % n_nodes}", {"relation": "r"}) for i in range(n_edges))


def bare(V):
    """The bare DiGraph of an influence view: its edges, no attributes."""
    import networkx as nx

    B = nx.DiGraph()
    B.add_edges_from(V.edges)
    return B


def paths_floor(B, s: str, t: str, max_hops: int) -> list:
    """networkx's k shortest simple paths of at most *max_hops* hops (Yen), on the bare DiGraph."""
    import networkx as nx

    if s not in B or t not in B or not nx.has_path(B, s, t):
        return []
    return [p for p in islice(nx.shortest_simple_paths(B, s, t), PATH_K) if len(p) - 1 <= max_hops]


# --- one package, in its own process --------------------------------------------------------------

def run_one(data_dir: Path, heavy: bool, timeout: float, load_only: bool = False, graph_only: bool = False) -> dict:
    """Every operation on the package in *data_dir*; returns ``{"rows": [...], "info": {...}}``."""
    import networkx  # noqa: F401 - imported before timing: the floor's first run must not pay for imports
    import pandas  # noqa: F401

    import graph
    from graph.data.load import DEFAULT_DATA_DIR, load_graph

    rows: list[dict] = []

    def row(group: str, op: str, result: dict, floor_name: str = "", floor: dict | None = None, **extra) -> None:
        rows.append({"group": group, "op": op, **{k: v for k, v in result.items()},
                     "floor_name": floor_name, "floor": floor or {}, **extra})
        shown = f"{result['median'] * 1000:9.1f} ms  p95 {result['p95'] * 1000:9.1f}" if "median" in result \
            else f"   > {result['timeout']:.0f} s (stopped)" if "timeout" in result else f"   error {result['error']}"
        fl = f"   floor {floor['median'] * 1000:8.1f} ms" if floor and "median" in floor else ""
        print(f"  {group:<9} {op:<44} {shown}{fl}", file=sys.stderr, flush=True)

    cold_load = measure(lambda: load_graph(data_dir), setup=graph.clear_cache, runs=10 if not heavy else 3, budget=3.0,
                        timeout=max(timeout, 600))
    G = load_graph(data_dir)
    n, m = G.number_of_nodes(), G.number_of_edges()
    counts = {"nodes": n, "edges": m, "evidence": sum(1 for _, k in G.nodes(data="kind") if k == "evidence"),
              "factors": sum(1 for _, k in G.nodes(data="kind") if k == "factor")}
    row("load", "load_graph cold (parse, validate, build)", cold_load, "pandas read + nx build",
        measure(lambda: load_floor(data_dir, n, m), runs=10 if not heavy else 3, budget=3.0, timeout=600))
    row("load", "load_graph cached", measure(lambda: load_graph(data_dir), runs=200, budget=0.5))
    rss_after_load = _rss_mb()
    info = {**counts, "rss_after_load_mb": rss_after_load, "rss_peak_mb": rss_after_load,
            "csv_mb": sum(p.stat().st_size for p in data_dir.glob("*.csv")) / 1e6}
    if load_only:
        return {"rows": rows, "info": info}
    floors: list[tuple] = []  # measured after the serving work, so their memory is not counted in its peak

    from graph import influence_graph
    from graph.query.compare import compare_countries, pathway_country_matrix
    from graph.query.matrix import evidence_matrix, pivot_matrix
    from graph.query.paths import downstream, influence_paths, influence_view, upstream
    from graph.query.rank import rank_factors

    s, t, countries = "regulatory-political", "psw-wellbeing", ["SE", "NO", "DK"]
    t0 = time.perf_counter()
    influence_graph(G)
    once = time.perf_counter() - t0
    row("views", "influence_graph (once per load)", {"median": once, "p95": once, "n": 1})
    views = {}
    for name, gran, filters in (("theme", "theme", {}), ("subtheme", "subtheme", {}),
                                ("theme SE", "theme", {"countries": ["SE"]})):
        t0 = time.perf_counter()
        views[name] = bare(influence_view(G, gran, **filters))  # the first asking builds (and caches) the view
        once = time.perf_counter() - t0
        row("views", f"influence_view {name} (first asking; cached after)", {"median": once, "p95": once, "n": 1})
    hops = (3, 4, 5, 6)
    for gran in ("theme", "subtheme"):
        for h in hops:
            for country in (None, "SE"):
                if gran == "subtheme" and country is None and h not in (4, 6):
                    continue
                if gran == "subtheme" and country:
                    continue
                where = f", {country}" if country else ""
                op = f"paths {gran}, {h} hops{where}"
                r = measure(lambda h=h, c=country, g=gran: influence_paths(
                    G, s, t, max_hops=h, granularity=g, countries=[c] if c else None), timeout=timeout)
                B = views[f"{gran} SE" if country else gran]
                floors.append(("paths", op, r, "nx shortest_simple_paths, bare DiGraph",
                               lambda B=B, h=h: paths_floor(B, s, t, h)))
    for name, fn in (("upstream of psw-wellbeing, theme", lambda: upstream(G, t, granularity="theme")),
                     ("downstream, theme, SE", lambda: downstream(G, s, granularity="theme", countries=["SE"])),
                     ("upstream, subtheme, 6 hops", lambda: upstream(G, t, 6))):
        B = views["theme SE" if "SE" in name else "theme" if "theme" in name else "subtheme"]
        floors.append(("reach", name, measure(fn, timeout=timeout), "nx ancestors, bare DiGraph",
                       lambda B=B: __import__("networkx").ancestors(B, t) if t in B else set()))
    floors.append(("compare", "compare_countries SE, NO, DK", measure(lambda: compare_countries(G, countries),
                                                                    timeout=timeout),
                   "nx: 3 bare edge sets intersected", lambda: set(views["theme SE"].edges) & set(views["theme"].edges)))
    floors.append(("compare", "pathway × country matrix, theme, 4 hops",
                   measure(lambda: pathway_country_matrix(G, s, t, countries, 4, granularity="theme"), timeout=timeout),
                   "nx shortest_simple_paths, bare DiGraph", lambda: paths_floor(views["theme"], s, t, 4)))
    floors.append(("rank", "rank_factors, subtheme", measure(lambda: rank_factors(G), timeout=timeout),
                   "nx betweenness, bare DiGraph", lambda: __import__("networkx").betweenness_centrality(views["subtheme"])))
    if not heavy:  # K = 1,000: loading, views, paths, reach, compare and rank only
        for by in ("country", "study"):
            row("matrix", f"evidence_matrix by {by} + pivot",
                measure(lambda by=by: pivot_matrix(evidence_matrix(G, by=by)), timeout=timeout))
        _exports(G, row, timeout)
        _figures(data_dir, row, timeout)
        if Path(data_dir).resolve() == DEFAULT_DATA_DIR.resolve():  # synthetic packages hold no strategies
            _checklists(G, row, timeout)
        _details(G, row, timeout)
        _strength(G, row, timeout)
        if not graph_only:
            _callbacks(data_dir, row, floors, timeout)
    rss = _rss_mb()
    for group, op, r, fname, ffn, *extra in floors:
        row(group, op, r, fname, measure(ffn, timeout=timeout), **(extra[0] if extra else {}))
    if not heavy and not graph_only:
        _browser(data_dir, rows, info)
    return {"rows": rows, "info": {**info, "rss_peak_mb": rss}}


def _browser(data_dir: Path, rows: list[dict], info: dict) -> None:
    """Navigation → drawn and pan/zoom frames in Chromium (``benchmarks/browser.py``); the serving process's peak RSS."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from browser import browser_rows

        found, extra = browser_rows(Path(data_dir).resolve())
    except Exception as err:  # noqa: BLE001 - no Chromium here: the rest of the report still stands
        print(f"  browser: not measured ({err.__class__.__name__}: {str(err)[:200]})", file=sys.stderr, flush=True)
        info["browser_error"] = f"{err.__class__.__name__}: {str(err)[:200]}"
        return
    for r in found:
        rows.append(r)
        print(f"  browser   {r['op']:<44} {r['median'] * 1000:9.1f} ms  p95 {r['p95'] * 1000:9.1f}", file=sys.stderr,
              flush=True)
    info["server_peak_rss_mb"] = extra.get("server_peak_rss_mb")
    try:
        from clicks import click_rows

        info["clicks"] = click_rows(Path(data_dir).resolve())
    except Exception as err:  # noqa: BLE001 - as above
        info["clicks_error"] = f"{err.__class__.__name__}: {str(err)[:200]}"
        return
    for r in info["clicks"]:
        print(f"  click     {r['op']:<44} {r['renderer_ms']:9.1f} ms renderer  {r['bytes'] / 1000:7.1f} KB",
              file=sys.stderr, flush=True)


#: Per click: renderer time (ms) and reply bytes at most, by package (issue 24).
CLICK_TARGETS = {"bundled": (300, 60_000), "K = 100": (1000, 200_000)}


def click_table(clicks: list[dict]) -> list[str]:
    """The clicks measured in Chromium (``benchmarks/clicks.py``), each beside its floor."""
    out = [("Clicks in Chromium, from the click until the page is idle (median of 3; `benchmarks/clicks.py`): the "
            "renderer's main-thread time, the wall time and the bytes of the replies, beside the floor (a click whose "
            "callback does nothing, on a page of the same scripts)."), "",
           "| click | renderer ms | wall ms | replies | floor renderer ms | floor wall ms | floor replies |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in clicks:
        f = r["floor"]
        out.append(f"| {r['op']} | {r['renderer_ms']:,.0f} | {r['wall_ms']:,.0f} | {r['bytes'] / 1000:,.1f} KB | "
                   f"{f['renderer_ms']:,.0f} | {f['wall_ms']:,.0f} | {f['bytes']} B |")
    return [*out, ""]


def _exports(G, row, timeout: float) -> None:
    from graph.export import EXPORT_FORMATS, export_graph
    from graph.query.filters import select_subgraph

    row("export", "select_subgraph SE", measure(lambda: select_subgraph(G, countries=["SE"]), timeout=timeout))
    H = select_subgraph(G, countries=["SE"])
    for fmt in EXPORT_FORMATS:
        size = len(export_graph(H, fmt, G))
        row("export", f"export {fmt}, SE", measure(lambda fmt=fmt: export_graph(H, fmt, G), timeout=timeout),
            size=size)


def _figures(data_dir: Path, row, timeout: float) -> None:
    """What a user waits on after pressing PNG or PowerPoint: the figure and the deck, drawn on the server."""
    from dashapp.components import AppContext
    from dashapp.pages import explore as E
    from graph.present.deck import GraphView, build_deck
    from graph.present.figure import render_figure

    ctx = AppContext(data_dir=data_dir)
    G = ctx.graph()
    defaults = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]
    for name, focus in (("nine themes", None), ("focus psw-wellbeing", "psw-wellbeing")):
        d = E.screen_view(ctx, defaults, focus, 1, "bands", "themes", [], None)
        ev = sorted(E.view_counts(d["view"])[2])
        row("export", f"figure PNG ({name})", measure(lambda d=d: render_figure(
            d["elements"], title="t", caption="c", sources="s", fmt="png"), timeout=timeout))
        row("export", f"deck ({name})", measure(lambda d=d, ev=ev: build_deck(
            G, title="t", subtitle="s", views=[GraphView(d["elements"])], evidence_ids=ev), timeout=timeout))


def _checklists(G, row, timeout: float) -> None:
    """What a manager waits on after pressing DOCX, PDF or XLSX in the Plan view: two barriers, and every factor."""
    from graph.present.checklist import CHECKLIST_FORMATS, checklist_document

    two = {"time-limited-project-funding": "present", "role-clarity": "present"}
    every = {n: "present" for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    for name, marks in (("2 barriers", two), ("every factor present", every)):
        for fmt in CHECKLIST_FORMATS:
            row("export", f"checklist {fmt.upper()} ({name})",
                measure(lambda m=marks, f=fmt: checklist_document(G, m, f), timeout=timeout))


def _details(G, row, timeout: float) -> None:
    from graph.query.details import factor_details

    row("details", "factor_details psw-wellbeing", measure(lambda: factor_details(G, "psw-wellbeing"), timeout=timeout))


def _strength(G, row, timeout: float) -> None:
    """Evidence strength: the per-graph index built afresh, every theme line's counts, the min_sources filter."""
    from graph.data.memo import forget
    from graph.query import strength as S
    from graph.query.filters import Filters, _filter
    from graph.query.paths import influence_view

    def fresh_index():
        forget(G, "strength-index")
        return S.strength_index(G)
    row("strength", "strength_index (built once per graph)", measure(fresh_index, timeout=timeout))
    S.strength_index(G)
    T = influence_view(G, "theme")
    row("strength", "edge_strength, every theme line (cached)",
        measure(lambda: [S.edge_strength(G, a) for _, _, a in T.edges(data=True)], timeout=timeout))
    row("strength", "filtered influences, min_sources=2 (uncached)",
        measure(lambda: _filter(G, Filters(min_sources=2)), timeout=timeout))


def _callbacks(data_dir: Path, row, floors: list, timeout: float) -> None:
    """Every main callback through Dash's route (Flask test client), its response size; the no-op floor."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from callbacks import add_noop_callback, callback_operations, noop_body, post

    from dashapp import create_app

    t0 = time.perf_counter()
    app = create_app(data_dir)
    add_noop_callback(app)
    client = app.server.test_client()
    page = client.get("/")
    layout = client.get("/_dash-layout")
    row("page", "create_app + first page", {"median": time.perf_counter() - t0, "p95": time.perf_counter() - t0, "n": 1},
        size=len(page.get_data()))
    row("page", "GET /_dash-layout", measure(lambda: client.get("/_dash-layout"), timeout=timeout),
        size=len(layout.get_data()))
    noop = noop_body()
    for name, request in callback_operations(app):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            size = post(client, request)
        except Exception as err:  # noqa: BLE001 - a failing callback is reported, the run goes on
            print(f"  callback {name}: {err}", flush=True)
            continue
        first = {"median": time.perf_counter() - t0, "p95": time.perf_counter() - t0, "n": 1,
                 "cpu": time.process_time() - c0}
        floors.append(("callback", f"{name} (first asking)", first, "no-op callback, same route",
                       lambda: post(client, noop), {"size": size}))
        floors.append(("callback", f"{name} (asked again: the answer store)",
                       measure(lambda r=request: post(client, r), timeout=timeout),
                       "no-op callback, same route", lambda: post(client, noop), {"size": size}))


# --- all packages, report -------------------------------------------------------------------------

def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:,.0f}" if x >= 0.1 else f"{x * 1000:,.1f}" if x >= 0.001 \
        else f"{x * 1000:,.2f}"


def _fig(r: dict) -> tuple[str, str]:
    if "timeout" in r:
        return f"> {r['timeout'] * 1000:,.0f} (stopped)", "—"
    if "error" in r:
        return "error", "—"
    return _ms(r.get("median")), _ms(r.get("p95"))


def report(results: dict[str, dict], before: dict | None, command: str) -> str:
    """The markdown section: the machine, the command, one table per package."""
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f", {int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    lines = [START, f"## Benchmarks ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
             (f"Machine: {cpu or platform.processor()}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, "
             f"{platform.system()} {platform.release()}. Command: `{command}`."), "",
             ("Times in ms: median and p95 of wall time over the runs (n), and the median CPU time of the process "
              "(the machine is shared, so wall time includes waiting for a core), each beside its floor measured in "
              "the same run "
             "(see `benchmarks/bench.py`). *Before* is the same operation before this round of work, where measured "
             "(`benchmarks/before.json`)."), ""]
    lines += targets(results)
    for label, res in results.items():
        info = res["info"]
        lines += [(f"### {label}: {info['evidence']:,} evidence, {info['factors']:,} factors, {info['nodes']:,} nodes, "
                  f"{info['edges']:,} edges, {info['csv_mb']:.1f} MB of CSV"), "",
                  (f"Peak RSS of the process (load, app, every operation; floors not counted): "
                  f"**{info['rss_peak_mb']:,.0f} MB** ({info['rss_after_load_mb']:,.0f} MB after loading)."
                  + (f" Peak RSS of the serving process (the explorer started on this package, then the browser "
                     f"session below): **{info['server_peak_rss_mb']:,.0f} MB**." if info.get("server_peak_rss_mb")
                     else "")), "",
                  ("| group | operation | median | p95 | CPU | n | floor | floor median | floor p95 | × floor | size "
                  "| before median |"),
                  "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
        lines[-2:-2] = click_table(info["clicks"]) if info.get("clicks") else []
        old = {(r["group"], r["op"]): r for r in ((before or {}).get(label, {}).get("rows", []))}
        for r in res["rows"]:
            med, p95 = _fig(r)
            fmed, fp95 = _fig(r["floor"]) if r["floor"] else ("", "")
            ratio = f"{r['median'] / r['floor']['median']:.1f}" if "median" in r and r["floor"].get("median") else ""
            size = f"{r['size'] / 1000:,.0f} KB" if r.get("size") else ""
            b = old.get((r["group"], r["op"]))
            bmed = _fig(b)[0] if b else ""
            cpu = _ms(r["cpu"]) if "cpu" in r else ""
            lines.append(f"| {r['group']} | {r['op']} | {med} | {p95} | {cpu} | {r.get('n', '')} | {r['floor_name']} | "
                         f"{fmed} | {fp95} | {ratio} | {size} | {bmed} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def targets(results: dict[str, dict]) -> list[str]:
    """The issue's targets, each met or missed, with the figure measured."""
    out = ["### Targets", "", "| target | measured | met |", "|---|---|---|"]

    def add(what: str, figure: str, ok: bool) -> None:
        out.append(f"| {what} | {figure} | {'yes' if ok else '**no**'} |")

    for label, res in results.items():
        load = next((r for r in res["rows"] if r["op"].startswith("load_graph cold")), None)
        if load and "median" in load and load["floor"].get("median"):
            ratio = load["median"] / load["floor"]["median"]
            cpu = load.get("cpu", 0) / load["floor"]["cpu"] if load["floor"].get("cpu") else None
            add(f"{label}: load_graph cold within 1.5× its floor",
                f"{ratio:.2f}× wall ({_ms(load['median'])} / {_ms(load['floor']['median'])} ms)"
                + (f", {cpu:.2f}× CPU" if cpu else ""), ratio <= 1.5)
    for big_label, big in results.items():
        if not big_label.startswith("K = 100"):
            continue
        for group in ("paths", "compare", "reach"):
            rows = [r for r in big["rows"] if r["group"] == group]
            worst = max(rows, key=lambda r: r.get("p95", float("inf")), default=None)
            if worst:
                p95 = worst.get("p95")
                add(f"{big_label}: every {group} query p95 under 200 ms", f"worst {worst['op']}: "
                    + (f"{_ms(p95)} ms" if p95 is not None else _fig(worst)[0]), p95 is not None and p95 < 0.2)
        served = big["info"].get("server_peak_rss_mb")
        if served:
            add(f"{big_label}: the serving process (pswgraph's app, after start-up and a browser session) "
                "within 500 MB RSS",
                f"{served:,.0f} MB peak", served <= 500)
    for label, res in results.items():
        limit = 0.1 if label == "bundled" else 0.3 if label.startswith("K = 100") else None
        calls = [r for r in res["rows"] if r["group"] == "callback" and "median" in r]
        if limit and calls:
            worst = max(calls, key=lambda r: r["p95"])
            add(f"{label}: every callback p95 under {limit * 1000:.0f} ms (first askings included)",
                f"worst {worst['op']}: {_ms(worst['p95'])} ms", worst["p95"] < limit)
        sized = [r for r in res["rows"] if r["group"] == "callback" and r.get("size")]
        if sized:
            big_one = max(sized, key=lambda r: r["size"])
            add(f"{label}: every callback response under 500 KB", f"largest {big_one['op']}: "
                f"{big_one['size'] / 1000:,.0f} KB", big_one["size"] <= 500 * 1000)
        layout = next((r for r in res["rows"] if r["op"] == "GET /_dash-layout" and r.get("size")), None)
        if layout:
            add(f"{label}: initial page under 1 MB", f"{layout['size'] / 1000:,.0f} KB layout", layout["size"] <= 1e6)
        nav_limit = 1.5 if label == "bundled" else 3.0 if label.startswith("K = 100") else None
        for r in res["rows"]:
            if r["group"] != "browser" or "median" not in r:
                continue
            if r["op"].startswith("navigation") and nav_limit:
                add(f"{label}: {r['op']} within {nav_limit:g} s", f"{_ms(r['median'])} ms median", r["median"] <= nav_limit)
            elif "frame" in r["op"] and label.startswith("K = 100"):
                add(f"{label}: {r['op']} p95 under 50 ms", f"{_ms(r['p95'])} ms", r["p95"] < 0.05)
        ms, size = CLICK_TARGETS.get(label, (None, None))
        for c in res["info"].get("clicks", []) if ms else []:
            add(f"{label}: click '{c['op']}' within {ms:,} ms renderer time and {size / 1000:,.0f} KB",
                f"{c['renderer_ms']:,.0f} ms, {c['bytes'] / 1000:,.1f} KB",
                c["renderer_ms"] <= ms and c["bytes"] <= size)
    huge = results.get("K = 1,000")
    if huge:
        add("K = 1,000: loads within 8 GB", f"{huge['info']['rss_peak_mb']:,.0f} MB peak RSS",
            huge["info"]["rss_peak_mb"] <= 8192)
    return [*out, ""]


def write_section(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Put *text* between the markers of *path* (before the load check's section when first written)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old.split(START)[0] + text + old.split(END, 1)[1]
    elif "\n## Load check" in old:
        head, tail = old.split("\n## Load check", 1)
        new = head.rstrip() + "\n\n" + text + "\n\n## Load check" + tail
    else:
        new = old.rstrip() + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def package(scale: int, shape: str = "ours") -> Path:
    """The synthetic package *scale* × the bundled one in *shape* (:data:`SHAPES`; made once, kept in
    ``benchmarks/.data``); the bundled data itself for K = 1 in our shape."""
    from graph.data.load import DEFAULT_DATA_DIR
    from graph.data.synth import synthesize

    if scale == 1 and shape == "ours":
        return DEFAULT_DATA_DIR
    out = DATA_CACHE / (f"k{scale}" if shape == "ours" else f"k{scale}-{shape}")
    stamp = out / ".made"
    base_mtime = max(p.stat().st_mtime for p in DEFAULT_DATA_DIR.glob("*"))
    synth_mtime = (ROOT / "graph" / "data" / "synth.py").stat().st_mtime
    if not stamp.exists() or stamp.stat().st_mtime < max(base_mtime, synth_mtime):
        t0 = time.perf_counter()
        synthesize(out, scale, seed=0, **SHAPES[shape][1])
        stamp.touch()
        print(f"made K={scale} ({shape}) in {time.perf_counter() - t0:.1f} s: {out}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k1000", action="store_true", help="also K = 1,000 (load, cached load, paths)")
    ap.add_argument("--scales", default="1,10,100", help="comma-separated K (1 = the bundled data)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated shapes of {', '.join(SHAPES)} "
                    "(K = 1,000: ours only)")
    ap.add_argument("--timeout", type=float, default=30.0, help="stop an operation whose one run exceeds this (s)")
    ap.add_argument("--save", metavar="FILE", help="also save the results as JSON")
    ap.add_argument("--before", metavar="FILE", default=str(ROOT / "benchmarks" / "before.json"),
                    help="JSON of an earlier run shown as 'before'")
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    ap.add_argument("--results", metavar="FILE", nargs="+", help="write the report from saved runs (--save) only")
    ap.add_argument("--load-only", action="store_true", help="time loading only (cold, cached, floor)")
    ap.add_argument("--graph-only", action="store_true", help="skip the app and its callbacks")
    ap.add_argument("--one", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--heavy", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.heavy, args.timeout, args.load_only, args.graph_only)))
        return 0
    scales = [int(x) for x in args.scales.split(",") if x] + ([1000] if args.k1000 else [])
    results = {}
    t0 = time.perf_counter()
    if args.results:
        for f in args.results:
            results.update(json.loads(Path(f).read_text(encoding="utf-8")))
        scales = []
    shapes = [x for x in args.shapes.split(",") if x]
    unknown = set(shapes) - set(SHAPES)
    if unknown:
        ap.error(f"unknown shape(s): {', '.join(sorted(unknown))}; known: {', '.join(SHAPES)}")
    runs = [(k, shape) for k in scales for shape in shapes if k < 1000 or shape == "ours"]
    for k, shape in runs:
        label = ("bundled" if k == 1 and shape == "ours" else f"K = {k:,}") + SHAPES[shape][0]
        print(f"{label}:", flush=True)
        cmd = [sys.executable, __file__, "--one", str(package(k, shape)), "--timeout", str(args.timeout)]
        if k >= 1000:
            cmd.append("--heavy")
        if args.load_only:
            cmd.append("--load-only")
        if args.graph_only:
            cmd.append("--graph-only")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False,
                              env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
        out = proc.stdout.strip().splitlines()
        if proc.returncode != 0 or not out:
            print(f"{label}: failed (exit {proc.returncode})", file=sys.stderr)
            continue
        results[label] = json.loads(out[-1])
    print(f"total {time.perf_counter() - t0:.0f} s", flush=True)
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1), encoding="utf-8")
    before = json.loads(Path(args.before).read_text(encoding="utf-8")) if Path(args.before).exists() else None
    command = "make bench" + (" K1000=1" if args.k1000 or "K = 1,000" in results else "")
    text = report(results, before, command)
    if not args.no_write:
        write_section(text)
    return 0 if len(results) >= len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
