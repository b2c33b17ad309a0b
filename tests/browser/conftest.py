"""Browser-test setup: one headless Debian Chromium and one served explorer per test process, a fresh page per test;
a loud skip (or, in CI, a failure) without Chromium.

``dash_duo`` here replaces dash.testing's fixture of that name with the same API (``start_server``, ``driver``,
``server_url``, ``find_element``, ``wait_for_*``, ``get_logs``, ``download_path``): ``start_server()`` with no
app navigates to the explorer on the bundled data, served once per process; ``start_server(app)`` serves that
app (another data package) for this test alone; ``navigate=False`` only sets ``server_url``, for a test that
opens a page of its own next. The browser is reset before each test (blank page, default
window size, no device emulation, cookies and storage cleared, logs drained, a fresh download folder), so a test
sees what it would see in a new browser; the app keeps its state in the URL, so a fresh URL is a fresh state.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import time
import warnings
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
#: The least any wait in a browser test waits before it fails, in seconds: generous, since a wait only costs its
#: timeout when it fails, and a busy machine (load average 8-14) boots a page or answers a callback slowly.
MIN_WAIT = 60.0
START_TIMEOUT = PAGE_TIMEOUT = MIN_WAIT
#: How often a wait looks again, in seconds.
POLL = 0.05


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)


def pytest_configure(config: pytest.Config) -> None:
    """Run Chrome headless (dash.testing then also enables downloads in headless mode)."""
    if hasattr(config.option, "headless"):
        config.option.headless = True
    # test servers of concurrent pytest runs must not share ports (dash counts up from 58050 in each);
    # the servers started here take a port the system hands out instead (see _free_port)
    from dash.testing.application_runners import BaseDashRunner

    BaseDashRunner._next_port = 20000 + (os.getpid() % 2000) * 16


def pytest_setup_options():
    """ChromeOptions for dash.testing: headless, sandbox-free, quiet, Debian's chromium binary."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1100"):
        options.add_argument(arg)
    binary = _chromium()
    if binary:
        options.binary_location = binary
    return options


@pytest.fixture(autouse=True)
def _require_browser() -> None:
    """Skip loudly without Chromium/chromedriver; fail instead when PSWGRAPH_REQUIRE_BROWSER=1 (CI)."""
    missing = [name for name, found in (("chromium", _chromium()), ("chromedriver", shutil.which("chromedriver")))
               if not found]
    if not missing:
        return
    message = (f"browser tests need {' and '.join(missing)} "
               "(Debian: apt-get install chromium chromium-driver)")
    if os.environ.get("PSWGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " — required because PSWGRAPH_REQUIRE_BROWSER=1", pytrace=False)
    warnings.warn(message, stacklevel=1)
    pytest.skip("SKIPPED LOUDLY: " + message)


def _free_port() -> int:
    """A port no one listens on now, from the system (so concurrent test processes never collide)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app, **kwargs):
    """Serve *app* in a thread of this process (dash.testing's ThreadedRunner) on a free port."""
    from dash.testing.application_runners import ThreadedRunner

    runner = ThreadedRunner()
    kwargs.setdefault("port", _free_port())
    kwargs.setdefault("start_timeout", START_TIMEOUT)
    runner(app, **kwargs)
    return runner


def _make_duo_class():
    from dash.testing.browser import Browser

    class SharedDuo(Browser):
        """dash.testing's ``dash_duo`` API over one Chromium that lives for the whole test process."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._bundled = None  # the runner serving create_app() on the bundled data, started on first use
            self._own: list = []  # runners of this test's own apps
            self._origins: set[str] = set()
            self._window = self.driver.get_window_size()

        def start_server(self, app=None, navigate=True, **kwargs):
            """Navigate to the explorer on the bundled data (no *app*), or serve *app* for this test and go there."""
            if app is None:
                if self._bundled is None:
                    from dashapp import create_app

                    self._bundled = _serve(create_app(), **kwargs)
                runner = self._bundled
            else:
                runner = _serve(app, **kwargs)
                self._own.append(runner)
            self._origins.add(runner.url)
            if navigate:
                self.server_url = runner.url  # navigates and waits for Dash's entry point, as dash_duo does
            else:  # the test goes to a page of its own next: no page load before it
                self._url = runner.url

        def wait_for_page(self, url=None, timeout=PAGE_TIMEOUT):
            return super().wait_for_page(url, max(timeout, PAGE_TIMEOUT))

        def _wait_for(self, method, timeout, msg):
            """Every ``wait_for_*`` waits at least MIN_WAIT seconds, whatever the test asked, and looks every
            POLL seconds (selenium's default, half a second, made each wait cost a quarter second more on
            average than what it waited for)."""
            from selenium.common.exceptions import TimeoutException
            from selenium.webdriver.support.wait import WebDriverWait

            try:
                return WebDriverWait(self.driver, max(timeout or 0, MIN_WAIT), poll_frequency=POLL).until(method)
            except Exception as err:
                raise TimeoutException(str(msg(self.driver) if callable(msg) else msg)) from err

        def alive(self) -> bool:
            try:
                self.driver.window_handles  # noqa: B018 - a round trip to the browser
            except Exception:  # noqa: BLE001 - a crashed or hung Chromium: start another
                return False
            return True

        def reset(self, download_path: str) -> None:
            """A new browser's state: one blank tab at the default size, nothing stored, no logs, a new download folder."""
            d = self.driver
            handles = d.window_handles
            for h in handles[1:]:
                d.switch_to.window(h)
                d.close()
            d.switch_to.window(handles[0])
            self._window_idx = 0
            d.get("about:blank")
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            d.execute_cdp_cmd("Network.clearBrowserCookies", {})
            for origin in self._origins:
                d.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            if d.get_window_size() != self._window:
                d.set_window_size(self._window["width"], self._window["height"])
            d.implicitly_wait(2)
            d.set_script_timeout(MIN_WAIT * 2)  # a script waits for a busy page's main thread (default: 30 s)
            d.set_page_load_timeout(MIN_WAIT * 2)
            self.wait_timeout = 10
            self._download_path = download_path
            d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_path})
            self.reset_log_timestamp()
            self._url = ""

        def finish(self) -> None:
            """After a test: leave its page, stop the servers it started."""
            with contextlib.suppress(Exception):
                self.driver.get("about:blank")
            while self._own:
                runner = self._own.pop()
                self._origins.discard(runner.url)
                with contextlib.suppress(Exception):
                    runner.stop()

        def quit(self) -> None:
            self.finish()
            if self._bundled is not None:
                with contextlib.suppress(Exception):
                    self._bundled.stop()
            with contextlib.suppress(Exception):
                self.driver.quit()

    return SharedDuo


@pytest.fixture(scope="session")
def _browser_session(request):
    """This process's Chromium (started when a browser test first asks; restarted if it died)."""
    holder: dict = {}

    def get():
        duo = holder.get("duo")
        if duo is not None and not duo.alive():
            duo.quit()
            duo = None
        if duo is None:
            cfg = request.config
            duo = holder["duo"] = _make_duo_class()(
                browser=cfg.getoption("webdriver"), remote=cfg.getoption("remote"),
                remote_url=cfg.getoption("remote_url"), headless=cfg.getoption("headless"),
                options=cfg.hook.pytest_setup_options(), percy_run=False, pause=cfg.getoption("pause"))
        return duo

    yield get
    if holder.get("duo") is not None:
        holder["duo"].quit()


@pytest.fixture
def dash_duo(_require_browser, _browser_session, tmp_path):
    """dash.testing's ``dash_duo``, on the process's shared Chromium and (by default) its shared bundled-data server."""
    duo = _browser_session()
    download = tmp_path / "download"
    download.mkdir()
    duo.reset(str(download))
    yield duo
    duo.finish()


#: Where screenshots for the README go when PSWGRAPH_SCREENSHOTS=1.
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

#: Resolves once the browser has painted twice (layouts and fits started in this frame have been drawn).
NEXT_PAINT_JS = ("var done = arguments[arguments.length - 1];"
                 "requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });")


def _graphs_settled(driver) -> bool:
    """Every Cytoscape graph on screen has stopped animating (no running layout or viewport animation)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('div')).every(function (el) {"
        "  var cy = el._cyreg && el._cyreg.cy; return !cy || !cy.animated() && !cy.nodes().animated(); });")


@pytest.fixture
def shot(dash_duo):
    """``shot(name)``: a 1280×800 screenshot into docs/screenshots when PSWGRAPH_SCREENSHOTS=1 (else a no-op);
    ``shot(name, phone=True)``: a 390×844 phone's screen (emulated), scrolled where the test left it."""
    def take(name: str, phone: bool = False) -> None:
        if os.environ.get("PSWGRAPH_SCREENSHOTS") == "1":
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            driver = dash_duo.driver
            want = [390, 844] if phone else [1280, 800]
            if phone:
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            else:  # a laptop's 1280×800 page, whatever size the test ran at (the window's own chrome added)
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                driver.set_window_size(1280, 800)
                inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight]")
                driver.set_window_size(1280 + 1280 - inner_w, 800 + 800 - inner_h)
            wait_for(lambda: driver.execute_script("return [window.innerWidth, window.innerHeight]") == want,
                     message=f"the window at {want[0]}×{want[1]}")
            driver.execute_async_script(NEXT_PAINT_JS)
            if not phone:
                driver.execute_script(  # the graphs on screen refit to their new size, as after a tab switch
                    "document.querySelectorAll('div').forEach(function (el) {"
                    "  if (el._cyreg && el._cyreg.cy && el.offsetWidth > 0) { el._cyreg.cy.resize(); el._cyreg.cy.fit(undefined, 14); }"
                    "}); window.scrollTo(0, 0);")
            wait_for(lambda: _graphs_settled(driver), message="layouts and fits settled")
            driver.execute_async_script(NEXT_PAINT_JS)
            driver.save_screenshot(str(SCREENSHOT_DIR / f"{name}.png"))
    return take


def wait_for(predicate, timeout: float = MIN_WAIT, message: str = "condition", floor: bool = True) -> None:
    """Poll *predicate* until truthy or fail after *timeout* seconds (MIN_WAIT at least, unless not *floor*:
    a short wait inside a retry loop)."""
    end = time.time() + (max(timeout, MIN_WAIT) if floor else timeout)
    while time.time() < end:
        with contextlib.suppress(Exception):  # the page may be mid-render
            if predicate():
                return
        time.sleep(POLL)
    raise AssertionError(f"timed out waiting for {message}")


def wait_for_first_option(dash_duo, text: str) -> None:
    """Wait until a dropdown's options are filtered to the typed *text*: the first option names it (Enter takes
    the first option; pressed while the list still shows the options from before the text, it takes another)."""
    wait_for(lambda: text.casefold() in dash_duo.driver.find_elements(
        "css selector", ".dash-dropdown-option")[0].text.casefold(), message=f"the options filtered to {text!r}")


def wait_stable(read, timeout: float = MIN_WAIT, message: str = "a steady value", polls: int = 3):
    """Poll *read* until it returns the same (not None) value *polls* times in a row, 0.1 s apart; return it.

    For what moves for a while and then stops: a smooth scroll, a layout fitting to its box."""
    end, last, same = time.time() + max(timeout, MIN_WAIT), None, 0
    while time.time() < end:
        value = None
        with contextlib.suppress(Exception):  # the page may be mid-render
            value = read()
        same = same + 1 if value is not None and value == last else 0
        if same >= polls - 1:
            return value
        last = value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


#: [zoom, pan x, pan y, still animating] of every Cytoscape graph under *root* (a CSS selector).
VIEWPORTS_JS = """return Array.from(document.querySelectorAll(arguments[0] + ' div')).filter(d => d._cyreg)
    .map(d => { const cy = d._cyreg.cy; return [cy.zoom(), cy.pan().x, cy.pan().y,
                                               cy.animated() || cy.nodes().animated()]; });"""


def wait_for_graphs_settled(dash_duo, root: str = "body", message: str = "graphs laid out and fitted",
                            idle: bool = False) -> None:
    """Wait until no Cytoscape graph under *root* animates and their viewports stay put (and, if *idle*, the page
    waits for no callback: nothing is about to redraw them)."""
    def still():
        if idle and dash_duo.driver.execute_script("return !window.store || window.store.getState().isLoading"):
            return None
        viewports = dash_duo.driver.execute_script(VIEWPORTS_JS, root)
        return None if any(g[3] for g in viewports) else viewports

    wait_stable(still, message=message)


#: CSS selectors of the views the tab bar hides (display: none), as axe-core excludes them from a scan.
HIDDEN_VIEWS_JS = """return Array.from(document.querySelectorAll('div.view[id]'))
    .filter(v => getComputedStyle(v).display === 'none').map(v => ['#' + v.id]);"""


def visible_view(driver) -> dict:
    """An axe-core context for the page as it is seen: header, tab bar, the open view; not the hidden views."""
    return {"exclude": driver.execute_script(HIDDEN_VIEWS_JS) or []}


def cy_eval(dash_duo, graph_id: str, expr: str):
    """Evaluate *expr* with ``cy`` bound to the cytoscape instance of *graph_id*."""
    return dash_duo.driver.execute_script(
        f"var el = document.getElementById({graph_id!r}); var cy = el && el._cyreg && el._cyreg.cy;"
        f"return cy ? ({expr}) : null;")


#: The page coordinates where node arguments[1] of the Cytoscape graph arguments[0] is drawn (null if undrawn).
NODE_POINT_JS = """var el = document.getElementById(arguments[0]), cy = el && el._cyreg && el._cyreg.cy;
var n = cy && cy.getElementById(arguments[1]); if (!n || !n.length) { return null; }
var p = n.renderedPosition(), b = el.getBoundingClientRect(); return [b.left + p.x, b.top + p.y];"""


def mouse_click(dash_duo, graph_id: str, node: str, scroll: bool = True) -> tuple[float, float]:
    """A real mouse click (Chrome DevTools input events) where *node* of *graph_id* is drawn; return the point.

    With *scroll*, the page first scrolls the point into view if it is off screen (as a user would)."""
    driver = dash_duo.driver
    x, y = driver.execute_script(NODE_POINT_JS, graph_id, node)
    height = driver.execute_script("return window.innerHeight")
    if scroll and not 40 <= y <= height - 40:
        driver.execute_script("window.scrollBy(0, arguments[0])", y - height / 2)
        driver.execute_async_script(NEXT_PAINT_JS)
        x, y = driver.execute_script(NODE_POINT_JS, graph_id, node)
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                            "buttons": 1 if kind == "mousePressed" else 0,
                                                            "clickCount": 1})
    return x, y
