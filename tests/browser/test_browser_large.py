"""A package ten times larger in the browser: the graph keeps within the element cap and pans on a picture of itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashapp import create_app
from graph.data.synth import synthesize
from graph.present.view import MAX_ELEMENTS

from .conftest import cy_eval, wait_for, wait_stable

pytestmark = pytest.mark.browser

#: Above this many elements the explorer pans on a picture of the graph (read from the page's own script).
LARGE_GRAPH = int(re.search(r"var LARGE_GRAPH = (\d+);",
                            (Path(__file__).resolve().parents[2] / "dashapp" / "assets" / "pswgraph.js").read_text()).group(1))


def _drawn(dash_duo) -> int:
    return cy_eval(dash_duo, "explore-graph", "cy.elements().length") or 0


def test_a_large_view_is_capped_and_pans_on_a_picture_while_the_bundled_view_redraws_in_full(dash_duo, tmp_path):
    synthesize(tmp_path / "k10", 10, seed=3)
    dash_duo.start_server(create_app(tmp_path / "k10"))
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/?show=subthemes")
    wait_for(lambda: _drawn(dash_duo) > LARGE_GRAPH, timeout=60, message="the large view drawn")
    n = _drawn(dash_duo)
    assert LARGE_GRAPH < n <= MAX_ELEMENTS
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.renderer().textureOnViewport") is True,
             message="the large graph pans and zooms on a picture of itself")
    # the user drags the background: the view moves
    before = cy_eval(dash_duo, "explore-graph", "[cy.pan().x, cy.pan().y]")
    dash_duo.driver.execute_script("document.getElementById('explore-graph').scrollIntoView({block: 'center'})")
    wait_stable(lambda: dash_duo.driver.execute_script(
        "return document.getElementById('explore-graph').getBoundingClientRect().top"), message="the graph in view")
    # the page has scrolled: Cytoscape takes the next input as the reader's once it no longer counts it as scrolling
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "!cy.renderer().scrollingPage"), message="Cytoscape ready")
    x, y = dash_duo.driver.execute_script("""
        const el = document.getElementById('explore-graph'), cy = el._cyreg.cy;
        const b = el.getBoundingClientRect();
        for (let fy = 0.05; fy < 0.95; fy += 0.05) for (let fx = 0.05; fx < 0.95; fx += 0.05) {
          const px = fx * b.width, py = fy * b.height;
          if (!cy.nodes().not('.band').some(nd => { const r = nd.renderedBoundingBox();
                                       return px >= r.x1 - 8 && px <= r.x2 + 8 && py >= r.y1 - 8 && py <= r.y2 + 8; }))
            return [b.left + px, b.top + py];
        }
        return [b.left + 4, b.top + 4];""")
    cdp = dash_duo.driver.execute_cdp_cmd
    cdp("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    cdp("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "buttons": 1,
                                     "clickCount": 1})
    for i in range(1, 11):
        cdp("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + 4 * i, "y": y + 2 * i, "button": "left",
                                         "buttons": 1})
    cdp("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x + 40, "y": y + 20, "button": "left",
                                     "buttons": 0, "clickCount": 1})
    after = cy_eval(dash_duo, "explore-graph", "[cy.pan().x, cy.pan().y]")
    assert after[0] - before[0] == pytest.approx(40, abs=2) and after[1] - before[1] == pytest.approx(20, abs=2)


def test_the_bundled_opening_view_redraws_in_full_while_panned(dash_duo):
    dash_duo.start_server(navigate=False)
    dash_duo.driver.set_window_size(1280, 800)
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_for(lambda: _drawn(dash_duo) > 0, message="the opening view drawn")
    assert _drawn(dash_duo) <= LARGE_GRAPH
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.renderer().textureOnViewport") is False,
             message="a small graph drawn in full")
