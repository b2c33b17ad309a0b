"""Any level ids and any number of levels (ordered by rank) work in every view, in the browser."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dashapp import create_app

from .conftest import cy_eval, wait_for

pytestmark = pytest.mark.browser
BUNDLED = Path(__file__).resolve().parents[2] / "data"


def _rewrite(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows = change(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def four_levels(tmp: Path) -> Path:
    """The bundled package plus a fourth level under micro, with a theme and an influence into it."""
    d = tmp / "four"
    shutil.copytree(BUNDLED, d)
    _rewrite(d / "levels.csv", lambda rows: [*rows, {"id": "nano", "label": "Nano level", "rank": "4",
                                                     "description": "A test level below micro"}])
    _rewrite(d / "factors.csv", lambda rows: [*rows, {
        "id": "nano-theme", "label": "Nano theme", "kind": "theme", "parent": "", "level": "nano",
        "description": "A test theme at a fourth level.", "aliases": "", "introduced_by": "mirbahaeddin-2022"}])
    _rewrite(d / "influences.csv", lambda rows: [*rows, {
        "id": "psw-wellbeing--nano-theme", "source": "psw-wellbeing", "target": "nano-theme",
        "study": "mirbahaeddin-2022", "basis": "framework", "description": "test"}])
    return d


def renamed_levels(tmp: Path) -> Path:
    """The bundled package with its levels named system / organisation / team."""
    d = tmp / "renamed"
    shutil.copytree(BUNDLED, d)
    names = {"macro": "system", "meso": "organisation", "micro": "team"}
    _rewrite(d / "levels.csv", lambda rows: [{**r, "id": names[r["id"]]} for r in rows])
    _rewrite(d / "factors.csv", lambda rows: [{**r, "level": names[r["level"]]} for r in rows])
    _rewrite(d / "gaps.csv", lambda rows: [  # the levels a stated gap concerns ('|'-separated)
        {**r, "levels": "|".join(names.get(v, v) for v in r["levels"].split("|") if v)} for r in rows])
    return d


@pytest.mark.parametrize("make, levels", [(four_levels, ["macro", "meso", "micro", "nano"]),
                                          (renamed_levels, ["system", "organisation", "team"])])
def test_every_view_works_with_other_levels(dash_duo, tmp_path, make, levels):
    dash_duo.start_server(create_app(make(tmp_path)))
    dash_duo.wait_for_contains_text("#f-counts", "factors", timeout=20)
    wait_for(lambda: cy_eval(dash_duo, "explore-graph", "cy.nodes('.band').length") == len(levels),
             message="one band per level")
    # bands top to bottom in rank order
    tops = cy_eval(dash_duo, "explore-graph", "cy.nodes('.band').map(b => [b.data('level'), b.position('y')])")
    assert [lv for lv, _ in sorted(tops, key=lambda t: t[1])] == levels
    level_boxes = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#f-levels input')).map(i => i.value)")
    assert level_boxes == levels
    # every view opens and draws
    dash_duo.driver.get(dash_duo.server_url + "/?tab=paths&from=regulatory-political&to=psw-wellbeing&gran=theme")
    dash_duo.wait_for_contains_text("#paths-list", " routes ", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=compare&cc=SE,NO")
    dash_duo.wait_for_contains_text("#compare-panels", "Norway", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/?tab=matrix")
    dash_duo.wait_for_contains_text("#view-matrix", "Country not stated", timeout=20)
    wait_for(lambda: len(dash_duo.driver.find_elements("css selector", "#matrix-heatmap button")) > 100,
             timeout=30, message="matrix cells drawn")  # (and the server done before the test stops it)
    assert dash_duo.get_logs() == []
