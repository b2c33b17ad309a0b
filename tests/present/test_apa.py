"""APA 7 reference entries: punctuation the venue already carries is not doubled."""

import pytest

from graph.present.apa import apa_reference


def _text(study):
    return "".join(t for t, _ in apa_reference(study))


@pytest.mark.parametrize("venue", ["Soc. Sci. Med.", "Psychiatr. Serv."])
def test_venue_ending_in_a_period_gets_no_second_one(venue):
    text = _text({"authors": "Ng, A.", "year": 2020, "title": "Peer work", "venue": venue})
    assert text == f"Ng, A. (2020). Peer work. {venue}"
    assert ".." not in text


def test_venue_without_a_period_still_ends_with_one():
    assert _text({"authors": "Ng, A.", "year": 2020, "title": "Peer work", "venue": "Lancet"}).endswith("Lancet.")


def test_abbreviated_venue_with_volume_and_pages_ends_once():
    text = _text({"authors": "Ng, A.", "year": 2020, "title": "T", "venue": "Soc. Sci. Med.", "volume": "3",
                  "pages": "1-2"})
    assert text.endswith("Soc. Sci. Med., 3, 1–2.")
