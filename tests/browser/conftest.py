"""Browser-test setup: headless Debian Chromium for dash.testing, and a loud skip (or, in CI, a failure) without it."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import warnings
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)


def pytest_configure(config: pytest.Config) -> None:
    """Run Chrome headless (dash.testing then also enables downloads in headless mode)."""
    if hasattr(config.option, "headless"):
        config.option.headless = True
    # test servers of concurrent pytest runs must not share ports (dash counts up from 58050 in each)
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


#: Where screenshots for the README go when PSWGRAPH_SCREENSHOTS=1.
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shot(dash_duo):
    """``shot(name)``: a 1280×800 screenshot into docs/screenshots when PSWGRAPH_SCREENSHOTS=1 (else a no-op)."""
    def take(name: str) -> None:
        if os.environ.get("PSWGRAPH_SCREENSHOTS") == "1":
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            driver = dash_duo.driver
            # a laptop's 1280×800 page, whatever size the test ran at (the window's own chrome added)
            driver.set_window_size(1280, 800)
            inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight]")
            driver.set_window_size(1280 + 1280 - inner_w, 800 + 800 - inner_h)
            time.sleep(0.5)
            driver.execute_script(  # the graphs on screen refit to their new size, as after a tab switch
                "document.querySelectorAll('div').forEach(function (el) {"
                "  if (el._cyreg && el._cyreg.cy && el.offsetWidth > 0) { el._cyreg.cy.resize(); el._cyreg.cy.fit(undefined, 14); }"
                "}); window.scrollTo(0, 0);")
            time.sleep(1.0)  # let layouts and fits settle
            driver.save_screenshot(str(SCREENSHOT_DIR / f"{name}.png"))
    return take


def wait_for(predicate, timeout: float = 15.0, message: str = "condition") -> None:
    """Poll *predicate* until truthy or fail after *timeout* seconds."""
    end = time.time() + timeout
    while time.time() < end:
        with contextlib.suppress(Exception):  # the page may be mid-render
            if predicate():
                return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def cy_eval(dash_duo, graph_id: str, expr: str):
    """Evaluate *expr* with ``cy`` bound to the cytoscape instance of *graph_id*."""
    return dash_duo.driver.execute_script(
        f"var el = document.getElementById({graph_id!r}); var cy = el && el._cyreg && el._cyreg.cy;"
        f"return cy ? ({expr}) : null;")
