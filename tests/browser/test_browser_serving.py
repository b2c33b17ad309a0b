"""The explorer under its security headers in headless Chromium: it renders and the browser reports no CSP violation."""

from __future__ import annotations

import urllib.request

import pytest

from dashapp import create_app
from dashapp.server import guard

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser


def _csp_complaints(logs: list[dict]) -> list[dict]:
    return [e for e in logs if "Content Security Policy" in e.get("message", "") or "Refused to" in e.get("message", "")]


def test_every_view_renders_under_the_content_security_policy(dash_duo):
    dash_duo.start_server()
    with urllib.request.urlopen(dash_duo.server_url + "/") as response:  # the real server's headers
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Server"] == guard.SERVER  # no Werkzeug/Python version
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="explore graph drawn")
    for view, ready, text in (("paths", "#view-paths", "From"), ("compare", "#compare-panels", ""),
                              ("matrix", "#matrix-heatmap", "Macro"), ("studies", "#s-status", "Rows")):
        dash_duo.find_element(f"[data-view={view}]").click()
        if text:
            dash_duo.wait_for_contains_text(ready, text, timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/?c=SE,XX&layout=zzz&depth=99&tab=../x")
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    assert _csp_complaints(dash_duo.get_logs() or []) == []


def test_banner_names_the_problem_while_the_last_valid_data_is_shown(dash_duo, data_copy):
    dash_duo.start_server(create_app(data_copy))
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    path = data_copy / "factors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[4].split(",")
    fields[2] = "zzz"
    lines[4] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#data-status", "factors.csv, row 5", timeout=20)
    assert "showing the last valid version" in dash_duo.find_element("#data-status").text
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes().length") > 0, message="graph still drawn")
