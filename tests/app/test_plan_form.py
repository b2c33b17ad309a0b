"""The Plan's self-assessment form, sent as one box of HTML (issue 24): every factor once, with its three radio
buttons in one named group, "not known" checked, and the papers' words (or a hostile package's) escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from dashapp.pages import plan
from graph import load_graph


class _Form(HTMLParser):
    """The fieldsets of the form: [(data-factor, legend text, [(input name, value, checked)])]."""

    def __init__(self):
        super().__init__()
        self.groups: list[tuple[str, str, list[tuple[str, str, bool]]]] = []
        self.tags: list[str] = []
        self._legend = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "fieldset":
            self.groups.append((a["data-factor"], "", []))
        elif tag == "legend":
            self._legend = True
        elif tag == "input":
            self.groups[-1][2].append((a["name"], a["value"], "checked" in a))

    def handle_endtag(self, tag):
        self._legend = self._legend and tag != "legend"

    def handle_data(self, data):
        if self._legend:
            factor, legend, inputs = self.groups[-1]
            self.groups[-1] = (factor, legend + data, inputs)


def _parsed(G) -> _Form:
    form = _Form()
    form.feed(plan.form_html(G))
    return form


def test_the_form_has_every_factor_once_with_three_buttons_in_one_group_not_known_checked():
    G = load_graph()
    factors = {n: a["label"] for n, a in G.nodes(data=True) if a.get("kind") == "factor"}
    form = _parsed(G)
    assert sorted(f for f, _, _ in form.groups) == sorted(factors)
    for factor, legend, inputs in form.groups:
        assert legend == factors[factor]
        assert [v for _, v, _ in inputs] == ["problem", "strength", "unknown"]
        assert {name for name, _, _ in inputs} == {f"pl-state-{factor}"}
        assert [v for _, v, checked in inputs if checked] == ["unknown"]


def test_a_label_holding_markup_is_shown_as_text_not_read_as_markup():
    G = load_graph().copy()
    evil = '<img src=x onerror="alert(1)"> & "Stigma"'
    G.nodes["stigma"]["label"] = evil
    form = _parsed(G)
    assert "img" not in form.tags and "script" not in form.tags
    assert {f: legend for f, legend, _ in form.groups}["stigma"] == evil
