"""The explorer starts on any shape of package with bounded layout work (issue 24, item 3): counted, not timed."""

from __future__ import annotations

from collections import Counter

import pytest

from dashapp import create_app
from graph.data.memo import computed
from graph.data.synth import synthesize
from graph.present import layout as L


@pytest.mark.parametrize(("themes", "subthemes"), [(16, 8.0), (60, 3.0)])
def test_create_app_on_a_many_themed_package_stays_within_the_layout_budgets(tmp_path, themes, subthemes):
    synthesize(tmp_path, 3, themes=themes, subthemes=subthemes)
    L._visibility.cache_clear()
    before, laid_out = Counter(L.WORK), computed("theme-positions")
    app = create_app(tmp_path)
    work = Counter(L.WORK)
    work.subtract(before)
    assert computed("theme-positions") == laid_out + 1  # start-up laid out the first view, once
    assert work["theme-search"] <= L.THEME_SEARCH_BUDGET
    assert work["routing"] <= L.ROUTING_BUDGET
    assert work["band-shapes"] <= L.BAND_SHAPES_BUDGET
    assert (work["theme-search"] > 0) == (themes <= L.MAX_SEARCHED_THEMES)
    page = app.server.test_client().get("/_dash-layout")
    assert page.status_code == 200 and b"explore" in page.data
