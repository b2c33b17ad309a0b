"""The explorer in a real browser, for ``make bench``: navigation → drawn graph, pan/zoom frame times, server memory.

Serves the explorer over a package in a child process (the serving process whose peak RSS is read
from ``/proc``), drives headless Chromium at 1280×800 with Selenium and reads the times the page
itself reports (``performance.now()`` counts from the start of the navigation).

- **navigation → drawn**: from the start of the navigation to the first animation frame after the
  explore graph holds its nodes (the opening view, and every sub-theme with ``?show=subthemes``);
  floor: the same navigation to a page of the same Dash and Cytoscape scripts drawing an empty graph.
- **pan/zoom frame**: the interval between animation frames while the user drags the graph's background
  (then turns the mouse wheel over it), sent as real input events — the time the renderer takes to draw a
  frame; floor: the same on the empty graph.

Usage: ``python benchmarks/browser.py DATA_DIR`` prints the rows as JSON (``bench.py`` calls :func:`browser_rows`).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW = (1280, 800)
NAVIGATIONS = 5
FRAMES = 60

#: The page's own clock at the first frame after the graph *graph_id* holds at least one node.
DRAWN_JS = """
const done = arguments[arguments.length - 1], id = arguments[0], empty = arguments[1] === 'empty';
function check() {
  const el = document.getElementById(id), cy = el && el._cyreg && el._cyreg.cy;
  if (cy && (empty || cy.nodes().length > 0)) {
    requestAnimationFrame(() => done({t: performance.now(), nodes: cy.nodes().length, edges: cy.edges().length}));
  } else { requestAnimationFrame(check); }
}
check();
"""

#: Start counting frames: the intervals between the graph's redraws (Cytoscape's ``render`` event, once per frame it
#: draws; it skips frames when drawing is slow, so animation-frame ticks alone would flatter it) go into ``__gaps``.
RECORD_JS = """
const cy = document.getElementById(arguments[0])._cyreg.cy;
window.__gaps = []; let last = null;
window.__onRender = () => { const t = performance.now(); if (last !== null) window.__gaps.push(t - last); last = t; };
cy.on('render', window.__onRender);
"""
STOP_JS = """
document.getElementById(arguments[0])._cyreg.cy.off('render', window.__onRender);
return window.__gaps;
"""

#: A point of the graph's canvas on no node (where a drag pans), in page coordinates.
BACKGROUND_JS = """
const el = document.getElementById(arguments[0]), cy = el._cyreg.cy, box = el.getBoundingClientRect();
el.scrollIntoView({block: 'center'});
const b = el.getBoundingClientRect();
for (let y = 0.1; y < 0.95; y += 0.05) for (let x = 0.05; x < 0.95; x += 0.05) {
  const px = x * b.width, py = y * b.height;
  const hit = cy.nodes().not('.band').some(n => { const r = n.renderedBoundingBox(); return px >= r.x1 - 8 && px <= r.x2 + 8 &&
                                                                          py >= r.y1 - 8 && py <= r.y2 + 8; });
  if (!hit) return [b.left + px, b.top + py];
}
return [b.left + 4, b.top + 4];
"""


#: Turn the wheel over the graph at (x, y), one notch per animation frame, *n* notches (in, then out, ...).
WHEEL_JS = """
const done = arguments[arguments.length - 1], id = arguments[0], x = arguments[1], y = arguments[2], n = arguments[3];
const canvas = document.elementFromPoint(x, y) || document.getElementById(id);
let i = 0;
function notch() {
  if (i >= n) { done(true); return; }
  canvas.dispatchEvent(new WheelEvent('wheel', {deltaY: i % 20 < 10 ? -40 : 40, deltaMode: 0, clientX: x, clientY: y,
                                                 bubbles: true, cancelable: true}));
  i++;
  requestAnimationFrame(notch);
}
requestAnimationFrame(notch);
"""


def _gesture_frames(driver, mode: str, graph_id: str = "explore-graph", n: int = FRAMES) -> list[float]:
    """Frame intervals (ms) while the user drags the graph's background (``pan``) or turns the wheel over it (``zoom``).

    A drag is the browser's own input (Chrome DevTools ``Input.dispatchMouseEvent``), so Cytoscape handles it as
    it handles a reader's mouse; the wheel turns one notch per animation frame (``WheelEvent`` on the canvas, as
    a trackpad sends them), since one DevTools call per notch takes longer than a frame.
    """
    x, y = driver.execute_script(BACKGROUND_JS, graph_id)
    time.sleep(0.6)  # Cytoscape ignores the wheel for a moment after the page scrolls (it takes it for a page scroll)
    cdp = driver.execute_cdp_cmd
    driver.execute_script(RECORD_JS, graph_id)
    if mode == "pan":
        cdp("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        cdp("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "buttons": 1,
                                         "clickCount": 1})
        for i in range(n):
            dx = 3 * (i % 40 if i % 80 < 40 else 40 - i % 40)
            cdp("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + dx, "y": y + dx / 2, "button": "left",
                                             "buttons": 1})
        cdp("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "buttons": 0,
                                         "clickCount": 1})
    else:  # a wheel notch every animation frame, as a trackpad sends them (one DevTools call per notch is slower)
        driver.execute_async_script(WHEEL_JS, graph_id, x, y, n)
    time.sleep(0.2)
    gaps = driver.execute_script(STOP_JS, graph_id)
    return gaps or [0.0]


FLOOR_APP = """
import sys
import dash, dash_cytoscape as cyto
app = dash.Dash(__name__)
app.layout = dash.html.Div(cyto.Cytoscape(id="explore-graph", elements=[], layout={"name": "preset"},
                                          style={"width": "100%", "height": "600px"}))
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""

SERVE_APP = """
import sys
from dashapp import create_app
create_app(sys.argv[2]).run(host="127.0.0.1", port=int(sys.argv[1]), debug=False, threaded=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(code: str, *args: str, wait: float = 300.0) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    # a K = 100 package takes 15-30 s to check on a busy machine: past the default budget of a check
    # (PSWGRAPH_RELOAD_TIMEOUT, 20 s) the explorer would serve its problem page, and the clicks would measure that
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "PSWGRAPH_RELOAD_TIMEOUT": os.environ.get("PSWGRAPH_RELOAD_TIMEOUT", "600")}
    proc = subprocess.Popen([sys.executable, "-c", code, str(port), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited (code {proc.returncode}) before answering")
    proc.kill()
    raise RuntimeError(f"no answer from {url} within {wait:.0f} s")


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(arg)
    binary = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    if binary:
        options.binary_location = binary
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_script_timeout(120)
    driver.set_window_size(*WINDOW)
    return driver


def _stats(values_ms: list[float]) -> dict:
    s = sorted(values_ms)
    return {"median": statistics.median(s) / 1000, "p95": s[max(0, math.ceil(0.95 * len(s)) - 1)] / 1000,
            "n": len(s)}


def _navigate(driver, url: str, graph_id: str = "explore-graph", empty: bool = False) -> dict:
    driver.get("about:blank")
    driver.get(url)
    return driver.execute_async_script(DRAWN_JS, graph_id, "empty" if empty else "")


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), None)


def browser_rows(data_dir: Path) -> tuple[list[dict], dict]:
    """Rows (as ``bench.py`` reports them) and ``{"server_peak_rss_mb", "elements"}`` for the package *data_dir*."""
    rows: list[dict] = []
    info: dict = {}
    floor_proc, floor_url = _serve(FLOOR_APP)
    proc, url = _serve(SERVE_APP, str(data_dir))
    driver = _driver()
    try:
        floor_nav = _stats([_navigate(driver, floor_url, empty=True)["t"] for _ in range(NAVIGATIONS)])
        floor_frames = {mode: _stats(_gesture_frames(driver, mode)) for mode in ("pan", "zoom")}
        for name, query in (("opening view", ""), ("every sub-theme", "?show=subthemes")):
            drawn = [_navigate(driver, url + query) for _ in range(NAVIGATIONS)]
            info[name] = {"nodes": drawn[-1]["nodes"], "edges": drawn[-1]["edges"]}
            what = f"{drawn[-1]['nodes']} nodes, {drawn[-1]['edges']} edges"
            rows.append({"group": "browser", "op": f"navigation → drawn, {name} ({what})",
                         **_stats([d["t"] for d in drawn]), "floor_name": "the same, an empty graph",
                         "floor": floor_nav})
            for mode in ("pan", "zoom"):
                gaps = _gesture_frames(driver, mode)
                rows.append({"group": "browser", "op": f"{mode} frame, {name}", **_stats(gaps),
                             "floor_name": "the same, an empty graph", "floor": floor_frames[mode]})
    finally:
        driver.quit()
        info["server_peak_rss_mb"] = _peak_rss_mb(proc.pid)
        for p in (proc, floor_proc):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    return rows, info


if __name__ == "__main__":
    print(json.dumps(browser_rows(Path(sys.argv[1]).resolve()), indent=1))
