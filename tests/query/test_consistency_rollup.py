"""Theme rows roll up their sub-themes, and a country shows one number in every view (issue 22, items 1–2).

The expected numbers are recomputed here from the CSV files with the ``csv`` module alone — which
evidence supports which factor (``evidence.csv`` ``factors``, and the two ends of each of its
``influences`` in ``influences.csv``), each factor's theme (``factors.csv`` ``parent``), and the
countries each item concerns (its own ``countries``, else those of the studies it cites in
``studies.csv``: :func:`graph.data.build.evidence_country_bases`'s rule, mirrored, not imported) —
and the API, the CLI (``--csv``, ``--json``), the matrix view's callback (through Flask's test
client, as the browser posts it), the explorer's filter and theme boxes, the details panel and the
compare view must all give the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashapp import create_app
from dashapp.pages import explore as E
from dashapp.pages.matrix import cell_panel
from dashapp.server.replay import CALLBACK, body, page_values
from graph import DEFAULT_DATA_DIR
from graph.cli.commands import main
from graph.present.view import View, facets, view_graph
from graph.query.counts import country_counts, paper_counts, rollup_note, study_counts
from graph.query.details import cell_breakdown, cell_evidence, factor_details, restrict_details, study_rows
from graph.query.filters import Filters, matching_set
from graph.query.matrix import evidence_matrix, matrix_counts, matrix_gaps, pivot_matrix
from graph.query.paths import influence_view

NOT_STATED = "not-stated"  # the pseudo-country's code, as the data package's schema spells it


# ----------------------------------------------------------------------------- the CSV files, read by hand

def _rows(name: str) -> list[dict[str, str]]:
    with (Path(DEFAULT_DATA_DIR) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


class Expected:
    """What the CSV files say, counted without the package's code."""

    def __init__(self) -> None:
        factors = _rows("factors")
        self.theme = {r["id"]: r["parent"] or r["id"] for r in factors}
        self.kind = {r["id"]: r["kind"] for r in factors}
        self.label = {r["id"]: r["label"] for r in factors}
        self.themes = [r["id"] for r in factors if r["kind"] == "theme"]
        self.subthemes = defaultdict(list)
        for r in factors:
            if r["parent"]:
                self.subthemes[r["parent"]].append(r["id"])
        ends = {r["id"]: (r["source"], r["target"]) for r in _rows("influences")}
        cited_countries = {r["id"]: _split(r["countries"]) for r in _rows("studies")}
        self.country_names = {r["id"]: r["name"] for r in _rows("countries")}
        self.rolled: Counter[tuple[str, str]] = Counter()  # (factor, column) -> distinct items, sub-themes included
        self.own: Counter[tuple[str, str]] = Counter()  # (factor, column) -> items on the factor itself
        self.items: Counter[str] = Counter()  # column -> items about any factor
        self.papers: Counter[str] = Counter()  # reporting paper -> items about any factor
        self.from_study: Counter[str] = Counter()  # study reporting or cited -> items about any factor
        self.ids: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in _rows("evidence"):
            if r["evidence_type"] == "limitation":  # qualifies findings, supports no factor
                continue
            supported = set(_split(r["factors"])) | {f for i in _split(r["influences"]) for f in ends[i]}
            if not supported:  # a finding about no factor: no row can show it
                continue
            own = _split(r["countries"])  # the text's countries; else the cited studies' (titles)
            columns = own or sorted({c for s in _split(r["cites"]) for c in cited_countries.get(s, [])}) or [NOT_STATED]
            rolled = supported | {self.theme[f] for f in supported}
            for c in columns:
                self.items[c] += 1
                for f in rolled:
                    self.rolled[f, c] += 1
                    self.ids[f, c].add(r["id"])
                for f in supported:
                    self.own[f, c] += 1
            self.papers[r["study"]] += 1
            for s in dict.fromkeys([r["study"], *_split(r["cites"])]):
                self.from_study[s] += 1
        self.columns = sorted(self.items, key=lambda c: (c == NOT_STATED, c))  # those some evidence concerns

    def gaps(self) -> set[tuple[str, str]]:
        return {(f, c) for f in self.theme for c in self.columns if not self.rolled[f, c]}

    def false_gaps(self) -> dict[str, list[str]]:
        """Per column, the themes the as-recorded matrix shows empty though a sub-theme has evidence there."""
        out: dict[str, list[str]] = {}
        for c in self.columns:
            found = [t for t in self.themes if not self.own[t, c] and any(self.own[s, c] for s in self.subthemes[t])]
            if found:
                out[c] = found
        return out


@pytest.fixture(scope="module")
def X() -> Expected:
    return Expected()


@pytest.fixture(scope="module")
def app():
    return create_app()


def _cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.removeprefix("\ufeff")  # a CSV starts with a byte-order mark


def _components(node, kind: str):
    """Every component of type *kind* in a callback's JSON answer."""
    if isinstance(node, dict):
        if node.get("type") == kind and "props" in node:
            yield node["props"]
        for v in node.values():
            yield from _components(v, kind)
    elif isinstance(node, list):
        for v in node:
            yield from _components(v, kind)


def _text(node) -> str:
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return "".join(_text(x) for x in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children") if "props" in node else node.get("children"))
    return ""


def _post(app, prefix: str, overrides: dict) -> dict:
    key = next(k for k in app.callback_map if k.startswith(prefix))
    r = app.server.test_client().post(CALLBACK, data=json.dumps(body(app, key, overrides)),
                                      content_type="application/json")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.get_json()["response"]


# ----------------------------------------------------------------------------- the data has what the issue is about

def test_the_data_has_themes_whose_evidence_is_all_on_their_sub_themes(X):
    """Before the fix these were shown as gaps; Denmark's and Sweden's are the issue's example."""
    false = X.false_gaps()
    assert false.get("DK") and false.get("SE"), false
    print("themes empty as recorded though their sub-themes have evidence:",
          {c: len(ts) for c, ts in false.items()})


# ----------------------------------------------------------------------------- item 1: theme rows roll up

def test_api_matrix_is_the_rolled_up_count_from_the_csv_files(G, X):
    wide = pivot_matrix(evidence_matrix(G, not_stated=True))
    recorded = pivot_matrix(evidence_matrix(G, not_stated=True, as_recorded=True))
    assert set(wide.index) == set(X.theme)
    for f in wide.index:
        for c in wide.columns:
            assert wide.loc[f, c] == X.rolled[f, c], (f, c)
            assert recorded.loc[f, c] == X.own[f, c], (f, c)
    # every cell's evidence is as many items as the cell counts, and a theme's are its sub-themes' and its own
    for (f, c), ids in X.ids.items():
        assert set(cell_evidence(G, f, c)) == ids, (f, c)
    for t in X.themes:
        for c in X.columns:
            b = cell_breakdown(G, t, c)
            assert len(b["own"]) == X.own[t, c] and len(b["evidence"]) == X.rolled[t, c]
            assert set(b["evidence"]) == set(b["own"]).union(*(s["evidence"] for s in b["subthemes"]))


def test_a_theme_is_a_gap_only_when_it_and_all_its_sub_themes_are_empty(G, X):
    gaps = set(matrix_gaps(G))
    assert gaps == X.gaps()
    for t, c in gaps:
        assert not any(X.own[s, c] for s in [t, *X.subthemes.get(t, [])])
    for c, themes in X.false_gaps().items():
        assert not gaps & {(t, c) for t in themes}, c
    # as recorded, the old gaps come back: exactly the themes empty on their own
    assert set(matrix_gaps(G, as_recorded=True)) - gaps == {(t, c) for c, ts in X.false_gaps().items() for t in ts}


def test_cli_csv_and_json_hold_the_rolled_up_counts(capsys, X):
    rows = list(csv.reader(io.StringIO(_cli(capsys, "matrix", "--csv"))))
    head = rows[0]
    assert head[:2] == ["factor", "label"]
    for r in rows[1:]:
        for c, v in zip(head[2:], r[2:], strict=True):
            assert int(v) == X.rolled[r[0], c], (r[0], c)
    old = list(csv.reader(io.StringIO(_cli(capsys, "matrix", "--csv", "--as-recorded"))))
    assert old[0] == head
    for r in old[1:]:
        for c, v in zip(head[2:], r[2:], strict=True):
            assert int(v) == X.own[r[0], c], (r[0], c)
    data = json.loads(_cli(capsys, "matrix", "--json"))
    assert data["as_recorded"] is False
    cells: Counter[tuple[str, str]] = Counter()
    for cell in data["cells"]:
        cells[cell["factor"], cell["column"]] += cell["count"]
    assert cells == +Counter({k: v for k, v in X.rolled.items() if k[1] != NOT_STATED})
    assert data["column_counts"] == {c: X.items.get(c, 0) for c in data["columns"]}
    help_text = _cli_help(capsys)
    assert "--as-recorded" in help_text and "sub-themes" in help_text


def _cli_help(capsys) -> str:
    with pytest.raises(SystemExit):
        main(["matrix", "--help"])
    return capsys.readouterr().out


class _Elements(HTMLParser):
    """The elements of an HTML text as ``{attribute: value, "children": their text}``, by tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[dict]] = defaultdict(list)
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {**dict(attrs), "children": ""}
        self.found[tag].append(element)
        self.open.append(element)

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["children"] += data


def _html_elements(text: str, tag: str) -> list[dict]:
    parser = _Elements()
    parser.feed(text)
    return parser.found[tag]


def test_matrix_view_callback_shows_the_rolled_up_counts_and_says_where_they_are(app, X):
    answer = _post(app, "matrix-heatmap-html", {"tabs": "matrix", "m-by": "country"})
    markup = answer["matrix-heatmap-html"]["data"]
    buttons = {b["data-cell"]: b for b in _html_elements(markup, "button") if "data-cell" in b}  # not the column names
    seen_columns = {i.split("|")[1] for i in buttons}
    assert seen_columns == set(X.columns)
    for index, b in buttons.items():
        f, c = index.split("|")
        n, text, aria = X.rolled[f, c], _text(b.get("children")), b["aria-label"]
        assert text == (str(n) if n else ""), index
        assert ("(a gap)" in aria) == (n == 0), aria
        note = rollup_note(X.own[f, c], n) if X.kind[f] == "theme" else ""
        if note:
            assert f"({note})" in aria and note in b["title"], aria
        else:
            assert "on the theme itself" not in aria
    # the example: a theme with nothing of its own in Denmark, all of it in its sub-themes
    for t in X.false_gaps()["DK"]:
        b = buttons[f"{t}|DK"]
        assert _text(b["children"]) == str(X.rolled[t, "DK"]) != "0"
        assert f"0 on the theme itself · {X.rolled[t, 'DK']} in its sub-themes" in b["aria-label"]
    # the column headers: one number per country, the one every view shows
    heads = [h for h in _html_elements(markup, "th") if "matrix-col" in h.get("class", "")]
    for h in heads:
        name, n = re.fullmatch(r"(.*) \((\d+)\)", _text(h["children"])).groups()
        code = next(c for c in X.columns if (X.country_names.get(c) or "Country not stated") == name)
        assert int(n) == X.items[code], name


def test_a_theme_cell_opened_lists_its_sub_themes_evidence_and_is_no_gap(app, G, X):
    t = X.false_gaps()["DK"][0]
    answer = _post(app, "matrix-cell", {"tabs": "matrix", "m-by": "country",
                                        "matrix-selected": {"factor": t, "column": "DK", "by": "country"}})
    text = _text(answer["matrix-cell"]["children"])
    n = X.rolled[t, "DK"]
    assert f"{n} evidence item" in text and f"0 on the theme itself · {n} in its sub-themes" in text
    assert "A gap" not in text and "nothing in the data speaks to it" not in text
    for s in X.subthemes[t]:
        if X.rolled[s, "DK"]:
            assert f"{X.label[s]} {X.rolled[s, 'DK']}" in text
    # a real gap still says so, for a theme too
    gap = next(((f, c) for f, c in sorted(X.gaps()) if X.kind[f] == "theme" and c != NOT_STATED), None)
    if gap:
        answer = _post(app, "matrix-cell", {"tabs": "matrix", "m-by": "country",
                                            "matrix-selected": {"factor": gap[0], "column": gap[1], "by": "country"}})
        text = _text(answer["matrix-cell"]["children"])
        assert "A gap: no evidence about" in text and "or any of its sub-themes" in text


def test_no_gap_is_announced_for_a_theme_with_evidence_in_its_sub_themes(G, X):
    """Every theme cell's panel, as the matrix view's callback builds it: a gap is said of empty cells only."""
    def text(node) -> str:
        if isinstance(node, str | int | float):
            return str(node)
        if isinstance(node, list | tuple):
            return "".join(text(x) for x in node)
        return text(getattr(node, "children", None)) if node is not None else ""

    for t in X.themes:
        for c in X.columns:
            said = text(cell_panel(G, t, c, "country", None))
            assert ("A gap" in said) == (X.rolled[t, c] == 0), (t, c)
            if X.rolled[t, c]:
                assert f"{X.rolled[t, c]} evidence item" in said
                note = rollup_note(X.own[t, c], X.rolled[t, c])
                assert (note in said) if note else "on the theme itself" not in said


def test_explore_theme_boxes_details_and_compare_count_themes_alike(G, X):
    for c in ("DK", "SE", "NO"):
        V = view_graph(G, View(filters=Filters(countries=(c,))))
        allowed = matching_set(G, Filters(countries=(c,)))
        panel = influence_view(G, "theme", countries=[c])
        for t in X.themes:
            n = X.rolled[t, c]
            assert (V.nodes[t]["evidence_count"] if t in V else 0) == n, (t, c)  # the explorer's theme box
            assert (len(panel.nodes[t]["evidence"]) if t in panel else 0) == n, (t, c)  # compare's panel
            d = restrict_details(factor_details(G, t), allowed)  # the details panel under the country filter
            assert len(d["evidence"]) == n and len(d["own"]) == X.own[t, c], (t, c)
            assert next((g["count"] for g in d["groups"] if g["code"] == c), 0) == n


# ----------------------------------------------------------------------------- item 2: one number per country

def test_a_country_shows_one_number_in_every_view(app, G, X, capsys):
    expected = dict(X.items)
    assert country_counts(G) == expected  # the one function
    assert facets(G, View())["countries"] == expected  # the explorer's country filter, nothing else chosen
    labels = {o["value"]: o["label"] for o in E.drawing(G, View())["options"][0]}
    for code, n in expected.items():
        assert labels[code].endswith(f" ({n})"), labels[code]
    compare = {o["value"]: o["label"] for o in page_values(app)[("c-countries", "options")]}
    for code, n in expected.items():
        assert compare[code].endswith(f" ({n})"), compare[code]
    assert json.loads(_cli(capsys, "matrix", "--json"))["column_counts"] == {
        c: expected.get(c, 0) for c in sorted(X.country_names)}
    text = _cli(capsys, "matrix")
    for code in X.columns:
        if code != NOT_STATED:
            assert f"{code} = {X.country_names[code]} ({expected[code]})" in text
    # the matrix view's headers: test_matrix_view_callback_shows_the_rolled_up_counts_and_says_where_they_are


def test_a_paper_and_a_study_show_one_number_each(G, X):
    assert paper_counts(G) == dict(X.papers)
    assert study_counts(G) == dict(X.from_study)
    assert facets(G, View())["studies"] == dict(X.from_study)  # the study filter keeps reported or cited
    rows = {r["id"]: r["evidence"] for r in study_rows(G)}
    assert {s: n for s, n in rows.items() if n} == dict(X.from_study)  # the Studies table, as the study filter
    assert set(X.papers) <= set(matrix_counts(G, "study").columns)
