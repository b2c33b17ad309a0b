"""Load check: 50 simulated users replay the explorer's real callback sequence against gunicorn on 127.0.0.1.

Each user loads the page (``/``, ``/_dash-layout``, ``/_dash-dependencies``), then, as a reader
would, draws the explore view, filters it by a country and a polarity, focuses a factor, opens its
details, and opens the path finder, the comparison and the matrix — each a POST of the request the
renderer sends (:mod:`dashapp.server.replay`). Prints requests/s, p50/p95/p99 per step, errors and the
workers' memory, and writes them to ``BENCHMARKS.md`` (``--no-write`` to only print).

Usage: ``python benchmarks/loadtest.py [--users 50] [--seconds 60] [--workers 2]`` (``make loadtest``).
"""

from __future__ import annotations

import argparse
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
from dashapp.server.replay import page_values, steps

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user(base: str, sequence, until: float, results: dict, errors: list, lock: threading.Lock,
         think: float = 0.0) -> None:
    """Replay ``sequence()`` (a new one each round) until *until*; after a click wait a random time of mean *think* s."""
    rng = random.Random(threading.get_ident())
    time.sleep(rng.random())  # users arrive over a second
    while time.time() < until:
        for name, path, data in sequence():
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
            if think and data is not None:  # a reader looks at what a click drew before the next click
                time.sleep(min(rng.expovariate(1 / think), 4 * think))


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


HEAD = "# Benchmarks\n\nMeasured on this project's CI-like machine; `make bench` and `make loadtest` regenerate them.\n"
SECTION = "## Load check"


def record(text: str, report: str) -> str:
    """*text* (BENCHMARKS.md) with *report* in its load-check section, in place of an earlier run of the same kind.

    A run is a ``### 50 users, 60 s, <think time>, <choices>, ...`` block; the rest of the file stays.

    >>> doc = "# B\\n\\n## Load check\\n\\nWhy.\\n\\n### 5 users, 1 s, no think time, x (old)\\n\\nold\\n\\n## Other\\n"
    >>> print(record(doc, "### 5 users, 1 s, no think time, x (new)\\n\\nnew"))
    # B
    <BLANKLINE>
    ## Load check
    <BLANKLINE>
    Why.
    <BLANKLINE>
    ### 5 users, 1 s, no think time, x (new)
    <BLANKLINE>
    new
    <BLANKLINE>
    ## Other
    <BLANKLINE>
    """
    if SECTION not in text:
        text = text.rstrip() + f"\n\n{SECTION}\n"
    head, _, rest = text.partition(SECTION)
    body, sep, tail = rest.partition("\n## ")
    kind = report.split("\n", 1)[0].rsplit(" (", 1)[0]
    runs = body.split("\n### ")
    kept = [r for r in runs[1:] if not ("### " + r).startswith(kind)]
    body = "\n\n".join([runs[0].rstrip(), *("### " + r.strip() for r in kept), report.strip()]) + "\n"
    return head + SECTION + body + ("\n## " + tail if sep else "")


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def serial(args: argparse.Namespace) -> int:
    """Each user's sequence once, one request at a time, in this process: time and size of every answer."""
    t0 = time.perf_counter()
    app = create_app(args.data)
    client = app.server.test_client()
    client.get("/")  # start-up: the package is parsed and the page built
    start = time.perf_counter() - t0
    values = page_values(app)
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    errors = []
    for i in range(args.users):
        for name, path, data in steps(app, None if args.fixed else random.Random(i), values):
            t = time.perf_counter()
            r = client.post(path, data=data, content_type="application/json") if data else client.get(path)
            times.setdefault(name, []).append(time.perf_counter() - t)
            sizes[name] = max(sizes.get(name, 0), len(r.data))
            if r.status_code not in (200, 204) or b"Something went wrong" in r.data:
                errors.append(name)
    where = f"package {Path(args.data).name}" if args.data else "the bundled data"
    lines = [f"### serial, {args.users} users' sequences, {where} ({time.strftime('%Y-%m-%d %H:%M')})", "",
             (f"start-up (parse, build, first page) {start:.1f} s; **{len(errors)} errors**; every request timed, "
             f"first answers to each question included; machine load average {os.getloadavg()[0]:.1f}"), "",
             "| step | requests | p50 ms | p95 ms | max ms | largest response KB |", "|---|---|---|---|---|---|"]
    for name, xs in times.items():
        lines.append(f"| {name} | {len(xs)} | {statistics.median(xs) * 1000:.0f} | {pct(xs, 0.95):.0f} | "
                     f"{max(xs) * 1000:.0f} | {sizes[name] / 1024:.0f} |")
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text(encoding="utf-8") if path.exists() else HEAD
        path.write_text(record(text, report), encoding="utf-8")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a user waits after each click (exponential, at most 4x; default 0: none)")
    ap.add_argument("--fixed", action="store_true", help="every user asks the same questions (default: each "
                    "user picks a new country, factors, themes and countries to compare every round)")
    ap.add_argument("--data", help="data package folder (default: the bundled data)")
    ap.add_argument("--serial", action="store_true",
                    help="no server: replay the users' requests one at a time through the app's test client and "
                    "report each callback's time (first answers included) and largest response")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if args.serial:
        return serial(args)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "PYTHONPATH": str(ROOT), **({"PSWGRAPH_DATA": args.data} if args.data else {})}
    server = subprocess.Popen([str(gunicorn), "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
                               "dashapp.wsgi:server"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        app = create_app(args.data)
        values = page_values(app)
        fixed = steps(app, None, values)

        def chooser(i: int):  # each round, a user's next questions (seeded per user)
            rng = random.Random(i)
            return (lambda: fixed) if args.fixed else (lambda: steps(app, rng, values))
        sequences = [chooser(i) for i in range(args.users)]
        sequence = fixed
        results: dict[str, list[float]] = {}
        errors: list[str] = []
        lock = threading.Lock()
        until = time.time() + args.seconds
        threads = [threading.Thread(target=user, args=(base, seq, until, results, errors, lock, args.think))
                   for seq in sequences]
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
    think = f"think time mean {args.think:g} s after each click" if args.think else "no think time"
    asks = "every user the same questions" if args.fixed else "each user new choices every round"
    lines = [(f"### {args.users} users, {args.seconds:.0f} s, {think}, {asks}, "
              f"gunicorn -w {args.workers}, {os.cpu_count()} cores ({time.strftime('%Y-%m-%d %H:%M')})"),
             "", (f"{n} requests, {n / elapsed:.1f} requests/s, **{len(errors)} errors**, "
             f"peak memory of master and workers {peak:.0f} MB; machine load average at the end "
             f"{os.getloadavg()[0]:.1f}"), "",
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
        text = path.read_text(encoding="utf-8") if path.exists() else HEAD
        path.write_text(record(text, report), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
