"""Load check: 50 simulated users replay the explorer's real callback sequence against gunicorn on 127.0.0.1.

Each user loads the page (``/``, ``/_dash-layout``, ``/_dash-dependencies``), then, as a reader
would, draws the explore view, filters it by a country and a polarity, focuses a factor, opens its
details, and opens the path finder, the comparison and the matrix — each a POST of the request the
renderer sends (:mod:`dashapp.replay`). Prints requests/s, p50/p95/p99 per step, errors and the
workers' memory, and writes them to ``BENCHMARKS.md`` (``--no-write`` to only print).

Usage: ``python benchmarks/loadtest.py [--users 50] [--seconds 60] [--workers 2]`` (``make loadtest``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from dashapp import create_app
from dashapp.replay import CALLBACK, body

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def steps(app) -> list[tuple[str, str, bytes | None]]:
    """The sequence one user replays: (name, path, POST body or None)."""
    keys = list(app.callback_map)

    def key(prefix: str) -> str:
        return next(k for k in keys if k.startswith(prefix))

    explore, details = key("..explore-graph.elements"), key("details.children")
    paths, compare, matrix = key("..paths-graph.elements"), key("..compare-panels.children"), key("matrix-heatmap")
    posts = [
        ("explore: first view", body(app, explore)),
        ("explore: Sweden, barrier", body(app, explore, {"f-countries": ["SE"], "f-polarities": ["barrier"]})),
        ("explore: focus", body(app, explore, {"f-focus": "psw-wellbeing", "f-depth": 2})),
        ("details: factor, filtered", body(app, details, {"selection": {"type": "factor", "id": "hrm-policies"},
                                                         "f-countries": ["SE"]})),
        ("paths: theme to theme", body(app, paths, {"p-source": "regulatory-political", "p-target": "psw-wellbeing",
                                                    "tabs": "paths"})),
        ("compare: three countries", body(app, compare, {"c-countries": ["SE", "NO", "DK"], "tabs": "compare"})),
        ("matrix: countries", body(app, matrix, {"tabs": "matrix"})),
    ]
    page = [("page: /", "/", None), ("page: layout", "/_dash-layout", None),
            ("page: dependencies", "/_dash-dependencies", None)]
    return page + [(name, CALLBACK, json.dumps(b).encode()) for name, b in posts]


def user(base: str, sequence, until: float, results: dict, errors: list, lock: threading.Lock) -> None:
    rng = random.Random(threading.get_ident())
    time.sleep(rng.random())  # users arrive over a second
    while time.time() < until:
        for name, path, data in sequence:
            req = urllib.request.Request(base + path, data=data,
                                         headers={"Content-Type": "application/json"} if data else {})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    text = resp.read()
                    # a callback that failed inside answers 200 with the page's error message: an error here
                    ok = resp.status in (200, 204) and b"Something went wrong" not in text
            except urllib.error.HTTPError as err:
                ok = err.code == 204
            except OSError as err:
                ok = False
                with lock:
                    errors.append(f"{name}: {err}")
            dt = time.perf_counter() - t0
            with lock:
                results.setdefault(name, []).append(dt)
                if not ok:
                    errors.append(name)
            if time.time() >= until:
                return


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the gunicorn master and workers), in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
                               "dashapp.wsgi:server"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        sequence = steps(create_app())
        results: dict[str, list[float]] = {}
        errors: list[str] = []
        lock = threading.Lock()
        until = time.time() + args.seconds
        threads = [threading.Thread(target=user, args=(base, sequence, until, results, errors, lock))
                   for _ in range(args.users)]
        t0 = time.time()
        for t in threads:
            t.start()
        peak = 0.0
        while any(t.is_alive() for t in threads):
            peak = max(peak, _rss_mb(server.pid))
            time.sleep(0.5)
        elapsed = time.time() - t0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    n = sum(len(v) for v in results.values())
    lines = [(f"## Load check ({time.strftime('%Y-%m-%d')}): {args.users} users, {args.seconds:.0f} s, "
             f"gunicorn -w {args.workers}, {os.cpu_count()} cores"),
             "", (f"{n} requests, {n / elapsed:.1f} requests/s, **{len(errors)} errors**, "
             f"peak memory of master and workers {peak:.0f} MB"), "",
             "| step | requests | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|"]
    for name, _, _ in sequence:
        xs = results.get(name, [])
        if xs:
            lines.append(f"| {name} | {len(xs)} | {statistics.median(xs) * 1000:.0f} | {pct(xs, 0.95):.0f} | "
                         f"{pct(xs, 0.99):.0f} |")
    report = "\n".join(lines)
    print(report)
    if errors:
        print("first errors:", errors[:5])
    if not args.no_write:
        path = ROOT / "BENCHMARKS.md"
        head = "# Benchmarks\n\nMeasured on this project's CI-like machine; `make bench` and `make loadtest` regenerate them.\n"
        old = path.read_text(encoding="utf-8") if path.exists() else head
        old = old.split("\n## Load check")[0].rstrip() + "\n"
        path.write_text(old + "\n" + report + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
