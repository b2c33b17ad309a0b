"""An unknown component-suite file is 404 with the security headers, never a 500 with a logged traceback (issue 27)."""

from __future__ import annotations

import logging

import pytest

from dashapp import create_app
from dashapp.server.headers import HEADERS


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


@pytest.mark.parametrize("path", ["dash_cytoscape/x.js", "dash/nope.js", "nope/nope.js", "dash/../../etc/passwd",
                                  "dash/dcc/nope.v2_0_0m1700000000.js", "plotly/package_data/" + "x" * 5000 + ".js"])
def test_unknown_component_suite_file_is_404(client, caplog, path):
    with caplog.at_level(logging.INFO):
        response = client.get("/_dash-component-suites/" + path)
    assert response.status_code == 404, response.data[:200]
    assert b"registered" not in response.data and b"Traceback" not in response.data
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    for name in HEADERS:
        assert name in response.headers, name


def test_known_component_suite_file_still_served(client):
    response = client.get("/_dash-component-suites/dash_cytoscape/dash_cytoscape.min.js")
    assert response.status_code == 200 and len(response.data) > 10_000
