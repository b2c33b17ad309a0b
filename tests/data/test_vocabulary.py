"""The coded words are written once (graph.data.vocabulary) and agree with datapackage.json's enums."""

from __future__ import annotations

import json

import pytest

from graph import DEFAULT_DATA_DIR, load_graph
from graph.data import vocabulary as V


def _enums() -> dict[tuple[str, str], list[str]]:
    desc = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return {(r["name"], f["name"]): f["constraints"]["enum"] for r in desc["resources"]
            for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})}


@pytest.mark.parametrize("where", sorted(V.ENUMS))
def test_each_vocabulary_is_the_enum_datapackage_json_states(where):
    assert list(V.ENUMS[where]) == _enums()[where]


def test_the_framework_levels_are_the_bundled_levels_in_rank_order():
    G = load_graph()
    levels = sorted((a["rank"], n) for n, a in G.nodes(data=True) if a["kind"] == "level")
    assert tuple(n for _, n in levels) == V.LEVELS == tuple(V.LEVEL_LABELS)


def test_labels_cover_their_vocabularies():
    assert tuple(V.POLARITY_LABELS) == V.POLARITIES and tuple(V.PHASE_LABELS) == V.PHASES
    assert set(V.ENABLING) | set(V.HINDERING) == {"enabler", "barrier", "mixed"}


def test_old_names_are_the_vocabulary():
    from graph.data.build import is_limitation
    from graph.data.strategies import ACTORS, PHASES, STATUSES
    from graph.present.checklist import PHASE_LABELS
    from graph.present.report import POLARITY_ORDER
    from graph.present.style import LEVEL_LABELS
    from graph.query.compare import POLARITIES as compare_polarities
    from graph.query.filters import NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE
    from graph.query.matrix import POLARITIES
    from graph.query.strength import FINDING, LIMITATION

    assert (PHASES, STATUSES, ACTORS) == (V.PHASES, V.STATUSES, V.ACTORS)
    assert POLARITIES == compare_polarities == POLARITY_ORDER == V.POLARITIES
    assert (NOT_STATED, NOT_STATED_LABEL, NOT_STATED_NOTE) == (V.NOT_STATED, V.NOT_STATED_LABEL, V.NOT_STATED_NOTE)
    assert (FINDING, LIMITATION) == V.EVIDENCE_TYPES and is_limitation is V.is_limitation
    assert PHASE_LABELS is V.PHASE_LABELS and LEVEL_LABELS is V.LEVEL_LABELS


def test_evidence_with_no_country_is_grouped_under_the_one_not_stated_code():
    from graph.query.details import group_by_country_and_study

    recs = [{"id": "e1", "countries": [], "study": {"id": "s", "label": "S"}}]
    [group] = group_by_country_and_study(recs)
    assert (group["code"], group["name"]) == (V.NOT_STATED, V.NOT_STATED_LABEL)
