"""The explorer's "What's new in this version" panel: shown once the data changes while it serves."""

from __future__ import annotations

import csv

from dashapp import create_app


def _append(path, row: dict) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n", restval="").writerow(row)


def test_a_new_version_of_the_data_brings_a_panel_listing_what_it_changed(data_copy):
    app = create_app(data_copy)
    client = app.server.test_client()
    assert "What's new" not in client.get("/_dash-layout").get_data(as_text=True)  # nothing changed yet

    _append(data_copy / "countries.csv", {"id": "XS", "name": "Synthland (fictional)", "region": "Europe",
                                          "income_group": "high"})
    _append(data_copy / "evidence.csv", {"id": "ev-synthfixture-901", "study": "grim-2022", "section": "Results",
                                         "paraphrase": "Synthetic row for a test.", "polarity": "enabler",
                                         "perspective": "manager", "factors": "role-clarity", "countries": "XS",
                                         "country_basis": "text", "evidence_type": "finding"})
    client.get("/_dash-layout")  # a request notices the new files and starts their check
    assert app.layout.ctx.settle()
    page = client.get("/_dash-layout").get_data(as_text=True)
    assert "What's new in this version of the data: new countries (1), evidence per study (1)" in page
    assert "Synthland (fictional) (XS): 1 evidence item" in page
    assert "(grim-2022):" in page and "(+1)" in page
