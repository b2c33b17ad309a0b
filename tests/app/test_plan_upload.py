"""Hostile self-assessment uploads get a message saying what was expected, never a server error (issue 27)."""

from __future__ import annotations

import base64
import csv

import pytest

from dashapp.pages import plan

LABELS = {"stigma": "Stigma", "mentoring": "Mentoring"}


def _upload(text: str, kind: str = "text/csv") -> tuple[dict | None, str]:
    return plan.parse_upload(f"data:{kind};base64," + base64.b64encode(text.encode()).decode(), LABELS)


def test_deep_json_says_nested_too_deeply():
    loaded, message = _upload("[" * 100_000 + "]" * 100_000, "application/json")
    assert loaded is None and message == "That JSON file is nested too deeply; expected a file saved from this view."


def test_csv_cell_past_the_csv_module_limit_names_the_line():
    limit = csv.field_size_limit(131_072)  # the default (reading a data package may have raised it)
    try:
        loaded, message = _upload("factor,state\nstigma,problem\nmentoring," + "x" * 140_000 + "\n")
    finally:
        csv.field_size_limit(limit)
    assert loaded is None and message.startswith("That CSV file could not be read at line 3 (field larger than "
                                                 "field limit (131072)); expected a file saved from this view.")


def test_csv_long_cell_within_the_upload_cap_skipped_when_the_limit_allows_it():
    text = "factor,state\nstigma,problem\nmentoring," + "x" * 140_000 + "\n"
    assert len(text) < plan.MAX_UPLOAD
    limit = csv.field_size_limit(plan.MAX_UPLOAD)
    try:
        loaded, message = _upload(text)
    finally:
        csv.field_size_limit(limit)
    assert loaded == {"stigma": "problem"} and "skipped 1 row not naming" in message


@pytest.mark.parametrize("marks", [{"stigma": ["problem"]}, {"stigma": {"a": 1}}, {"stigma": None}, {"stigma": 3}])
def test_json_marks_of_another_type_skipped(marks):
    import json

    loaded, message = _upload(json.dumps({"assessment": {**marks, "mentoring": "strength"}}), "application/json")
    assert loaded == {"mentoring": "strength"} and "skipped 1 row not naming" in message


def test_csv_row_with_extra_cells_skipped():
    loaded, message = _upload("factor,state\nstigma,problem,extra\nmentoring,strength\n")
    assert loaded == {"stigma": "problem", "mentoring": "strength"}
    loaded, message = _upload("factor,state\nstigma\n")
    assert loaded == {} and "skipped 1 row not naming" in message
