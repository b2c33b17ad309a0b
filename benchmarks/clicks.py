"""Clicks measured where the user waits: in the browser, from the click until the page is idle.

For each interaction, headless Chromium (1280×800) performs the user's action as real input and reports:

- **renderer time**: the main thread's busy time (Chrome DevTools ``Performance.getMetrics`` ``TaskDuration``
  delta) from just before the click until the page is idle — no callback pending, no reply in flight,
  two animation frames drawn and 300 ms without a task. CPU time, so less sensitive to machine load than
  wall time.
- **wall time** over the same span (less the final quiet 300 ms), and
- **reply bytes**: the bodies of the ``_dash-update-component`` replies the click caused.

Floor: the same click on a page of the same scripts whose callback returns nothing (a button → a store).

Usage: ``python benchmarks/clicks.py [DATA_DIR] [NAME_PART]`` prints the rows as JSON; ``make bench`` (``bench.py``) calls
:func:`click_rows` on the bundled data and reports them beside the other browser figures.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from browser import SERVE_APP, _driver, _serve

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 3

#: Counts the bytes of the Dash replies and the requests in flight (installed once per page load).
HOOK_JS = """
if (!window.__pswHooked) {
  window.__pswHooked = true; window.__replyBytes = 0; window.__inFlight = 0; window.__lastTask = performance.now();
  const orig = window.fetch;
  window.fetch = function (...args) {
    window.__inFlight++;
    return orig.apply(this, args).then(async r => {
      try { const t = await r.clone().text(); window.__replyBytes += new TextEncoder().encode(t).length; }
      finally { window.__inFlight--; }
      return r;
    }, e => { window.__inFlight--; throw e; });
  };
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__lastTask = e.startTime + e.duration; })
      .observe({entryTypes: ['longtask']});
  } catch (e) {}
}
window.__replyBytes = 0;
"""

#: Resolves once no Dash callback is pending, no reply is in flight, and 300 ms passed with no long task.
IDLE_JS = """
const done = arguments[arguments.length - 1];
function busy() {
  const s = window.store && window.store.getState();
  const pending = s && s.pendingCallbacks && s.pendingCallbacks.length;
  return window.__inFlight > 0 || pending || (s && s.isLoading);
}
let quietSince = null;
function check() {
  const now = performance.now();
  if (busy() || now - window.__lastTask < 300) { quietSince = null; }
  else if (quietSince === null) { quietSince = now; }
  if (quietSince !== null && now - quietSince >= 300) {
    requestAnimationFrame(() => requestAnimationFrame(() => done({t: performance.now() - 300,
                                                                  bytes: window.__replyBytes})));
  } else { setTimeout(check, 50); }
}
setTimeout(check, 50);
"""


#: The floor: the same page with one more button whose callback does nothing (it copies its clicks into a store).
FLOOR_APP = """
import sys
from dash import Input, Output, dcc, html
from dashapp import create_app
app = create_app(sys.argv[2])
page = app.layout
app.layout = lambda: html.Div([html.Button("nothing", id="bench-noop-btn", n_clicks=0), dcc.Store(id="bench-noop"),
                               page()])
app.callback(Output("bench-noop", "data"), Input("bench-noop-btn", "n_clicks"), prevent_initial_call=True)(
    lambda n: n)
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False, threaded=True)
"""


def _task_seconds(driver) -> float:
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def measure_click(driver, act: Callable[[], None]) -> dict:
    """Renderer ms, wall ms and reply bytes of *act* (the user's action) until the page is idle."""
    driver.execute_script(HOOK_JS)
    driver.execute_async_script(IDLE_JS)  # start from an idle page
    driver.execute_script("window.__replyBytes = 0;")
    cpu0 = _task_seconds(driver)
    t0 = driver.execute_script("return performance.now();")
    act()
    idle = driver.execute_async_script(IDLE_JS)
    cpu1 = _task_seconds(driver)
    return {"renderer_ms": (cpu1 - cpu0) * 1000, "wall_ms": idle["t"] - t0, "bytes": idle["bytes"]}


def _open(driver, url: str, wait_for: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get(url)
    WebDriverWait(driver, 300).until(lambda d: d.find_elements(By.CSS_SELECTOR, wait_for))
    driver.execute_script(HOOK_JS)
    driver.execute_async_script(IDLE_JS)


def _click(driver, css: str, *otherwise: str) -> Callable[[], None]:
    """A real click on the element *css* selects (else the first that one of *otherwise* selects)."""
    from selenium.webdriver.common.by import By

    def act() -> None:
        el = next(found[0] for c in (css, *otherwise) if (found := driver.find_elements(By.CSS_SELECTOR, c)))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
        el.click()
    return act


def _select(driver, css: str, value: str) -> Callable[[], None]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    return lambda: Select(driver.find_element(By.CSS_SELECTOR, css)).select_by_value(value)


#: The page coordinates of node *id* of the Cytoscape graph *graph* (scrolled into view first).
NODE_JS = """
const el = document.getElementById(arguments[0]), cy = el._cyreg.cy, n = cy.getElementById(arguments[1]);
el.scrollIntoView({block: 'center'});
const p = n.renderedPosition(), b = el.getBoundingClientRect();
return [b.left + p.x, b.top + p.y];
"""


def _tap(driver, graph: str, node: str) -> Callable[[], None]:
    """A real mouse click (Chrome DevTools input events) where *node* is drawn."""
    def act() -> None:
        x, y = driver.execute_script(NODE_JS, graph, node)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                                "buttons": 1 if kind == "mousePressed" else 0,
                                                                "clickCount": 1})
    return act


#: The bundled data's targets (the figures before and after issue 24 were taken on them).
BUNDLED = {"theme": "organizational-culture", "cell": "team-relationships|SE", "countries": ("SE", "DK", "NO"),
           "country": "DK", "mark": "stigma", "marked": "leadership-commitment"}


def targets(data_dir: Path) -> dict:
    """What the clicks click on a package: the bundled data's targets where it has them, else the same kind of
    thing (the theme with the most sub-themes, the countries with the most evidence, the first two factors…).

    >>> targets(ROOT / "data") == BUNDLED
    True
    """
    sys.path.insert(0, str(ROOT))
    from graph import load_graph
    from graph.query.counts import country_counts

    G = load_graph(data_dir)
    factors = sorted(n for n, a in G.nodes(data=True) if a.get("kind") == "factor")
    if all(t in G for t in (BUNDLED["theme"], BUNDLED["mark"], BUNDLED["marked"], *BUNDLED["countries"])):
        return BUNDLED
    themes = [n for n in factors if G.nodes[n].get("factor_kind") == "theme"]
    subs = {t: sum(1 for n in factors if G.nodes[n].get("theme") == t and n != t) for t in themes}
    counts = country_counts(G)
    countries = sorted((c for c in counts if c in G), key=lambda c: (-counts[c], c))[:3]
    return {"theme": max(themes, key=lambda t: (subs[t], t)), "cell": None, "countries": tuple(countries),
            "country": countries[0], "mark": factors[0], "marked": factors[1]}


def interactions(driver, url: str, on: dict = BUNDLED) -> list[tuple[str, Callable[[], None], Callable[[], None]]]:
    """(name, set-up, action): each set-up brings a fresh page to where the user clicks; *on*: :func:`targets`."""
    plan = url + "?tab=plan"
    radio = '[data-factor="{f}"] input[value="{s}"]'
    country = on["country"]
    # the named cell where the matrix shows its row (a larger package's matrix is paged), else its first non-gap cell
    cell = [f'#matrix-heatmap button[data-cell="{on["cell"]}"]'] * bool(on["cell"]) + [
        "#matrix-heatmap button.matrix-btn:not(.gap)"]

    def plan_page() -> None:
        _open(driver, plan, "#pl-form input[type=radio]")

    def plan_from_country() -> None:
        plan_page()
        _select(driver, "#pl-country", country)()
        driver.execute_async_script(IDLE_JS)

    def plan_marked() -> None:
        plan_page()
        _select(driver, "#pl-country", country)()
        _click(driver, "#pl-from-country")()
        driver.execute_async_script(IDLE_JS)

    def explore() -> None:
        _open(driver, url, "#explore-graph")

    def matrix() -> None:
        _open(driver, url + "?tab=matrix", "#matrix-heatmap button.matrix-btn")

    def studies() -> None:
        _open(driver, url + "?tab=studies", "#s-body tr")

    return [
        ("Explore: open a theme", explore, _tap(driver, "explore-graph", on["theme"])),
        ("Explore: tick a filter (barrier)", explore,
         _click(driver, "#f-polarities input[value=barrier]")),
        ("switch to the Evidence matrix tab", explore, _click(driver, ".tab-bar [role=tab][data-view=matrix]")),
        ("Matrix: click a cell", matrix, _click(driver, *cell)),
        ("switch to the Studies tab", explore, _click(driver, ".tab-bar [role=tab][data-view=studies]")),
        ("Studies: next page", studies, _click(driver, "#s-next")),
        ("switch to Compare (three countries)",
         lambda: _open(driver, url + "?cc=" + ",".join(on["countries"]), "#explore-graph"),
         _click(driver, ".tab-bar [role=tab][data-view=compare]")),
        ("Plan: one mark (a problem here)", plan_page, _click(driver, radio.format(f=on["mark"], s="problem"))),
        ("Plan: one mark, with a country's marks set", plan_marked,
         _click(driver, radio.format(f=on["marked"], s="strength"))),
        ("Plan: start from a country", plan_from_country, _click(driver, "#pl-from-country")),
        ("switch to the Plan tab", lambda: _open(driver, url, "#explore-graph"),
         _click(driver, ".tab-bar [role=tab][data-view=plan]")),
    ]


def _median(driver, setup: Callable[[], None], act: Callable[[], None]) -> dict:
    """The medians over :data:`REPEATS` clicks; a click (or the set-up before it) whose page is not idle within the
    driver's script timeout counts as infinitely slow (and ``timeouts`` says how many were), so the other
    interactions are still measured."""
    from selenium.common.exceptions import TimeoutException

    runs, timeouts = [], 0
    for _ in range(REPEATS):
        try:
            setup()
            runs.append(measure_click(driver, act))
        except TimeoutException:
            timeouts += 1
            runs.append(dict.fromkeys(("renderer_ms", "wall_ms", "bytes"), math.inf))
    return {**{k: statistics.median(r[k] for r in runs) for k in ("renderer_ms", "wall_ms", "bytes")},
            "timeouts": timeouts}


def click_rows(data_dir: Path | None = None, only: str = "") -> list[dict]:
    """One row per interaction: median renderer ms, wall ms and reply bytes over :data:`REPEATS` clicks, each
    with the floor (a click whose callback does nothing, on the same page) in ``floor``."""
    data = str(Path(data_dir or ROOT / "data").resolve())
    floor_proc, floor_url = _serve(FLOOR_APP, data)
    proc, url = _serve(SERVE_APP, data)
    driver = _driver()
    driver.execute_cdp_cmd("Performance.enable", {})
    rows = []
    try:
        floor = _median(driver, lambda: _open(driver, floor_url + "?tab=plan", "#pl-form input[type=radio]"),
                        _click(driver, "#bench-noop-btn"))
        for name, setup, act in interactions(driver, url, targets(Path(data))):
            if not only or only in name:
                rows.append({"op": name, **_median(driver, setup, act), "floor": floor})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # each row as soon as it is measured
    finally:
        driver.quit()
        for p in (proc, floor_proc):
            p.terminate()
    return rows


if __name__ == "__main__":
    print(json.dumps(click_rows(Path(sys.argv[1]) if len(sys.argv) > 1 else None,
                                sys.argv[2] if len(sys.argv) > 2 else ""), indent=1))
