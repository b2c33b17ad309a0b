"""Figures and the briefing deck, measured: sizes, metadata, alt text, geometry, text fit and font sizes."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from apa_citations import citations, unresolved
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.util import Emu

from dashapp.components import AppContext
from dashapp.pages import explore as E
from graph import load_graph
from graph.present import apa
from graph.present.deck import MIN_LABEL_PT, GraphView, build_deck, comparison_rows, rank_evidence
from graph.present.figure import figure_caption, label_points, legend_items, render_figure, sources_line
from graph.present.screen import view_words
from graph.present.style import BADGE_COLOURS
from graph.present.textfit import rounded_inset, text_height, text_width, wrap
from graph.query.compare import compare_countries
from graph.query.details import evidence_records
from graph.query.paths import influence_paths

DATE = dt.date(2026, 11, 30)
CTX = AppContext()
DEFAULTS = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]


@pytest.fixture(scope="module")
def G():
    return load_graph()


def drawn(focus=None, show="themes", expand=(), selection=None, countries=()):
    filters = list(DEFAULTS)
    filters[E.FILTER_IDS.index(E.COUNTRIES)] = list(countries)
    return E.screen_view(CTX, filters, focus, 1, "bands", show, list(expand), selection)


def figure(G, d, fmt="png", mode="screen"):
    evidence = sorted(E.view_counts(d["view"])[2])
    words = view_words(G, d["kw"], d["focus"], d["depth"])
    caption = figure_caption(G, d["elements"], evidence, view=words, date=DATE)
    return render_figure(d["elements"], title=words, caption=caption, sources=sources_line(G, evidence), fmt=fmt,
                         mode=mode), caption


# ----------------------------------------------------------------------------- figures

def test_png_is_1920_px_wide_on_white_with_title_and_alt_text_in_its_metadata(G):
    fig, caption = figure(G, drawn("psw-wellbeing"))
    img = Image.open(io.BytesIO(fig.data))
    assert img.size[0] >= 1920 and img.size == (fig.width_px, fig.height_px)
    assert img.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    assert img.text["Title"] == "PSW wellbeing and the factors within 1 hop of it"
    assert img.text["Description"] == fig.alt and caption in fig.alt
    assert "Network diagram" in fig.alt and "PSW wellbeing" in fig.alt


def test_caption_names_view_counts_data_version_and_date(G):
    d = drawn("psw-wellbeing", countries=["SE"])
    evidence = E.view_counts(d["view"])[2]
    papers = {G.nodes[e]["study"] for e in evidence}
    caption = figure_caption(G, d["elements"], evidence, view=view_words(G, d["kw"], d["focus"], 1), date=DATE)
    assert caption.startswith("PSW wellbeing and the factors within 1 hop of it, in Sweden.")
    assert f"{len(evidence)} evidence items from {len(papers)} paper" in caption
    assert f"{G.graph['name']} {G.graph['version']}" in caption and "2026-11-30" in caption
    cited = "(" + sources_line(G, evidence).removeprefix("Sources: ").removesuffix(".") + ")"
    assert len(citations(cited)) == len(papers) and unresolved(G, cited) == []  # APA 7, read back independently


def test_svg_has_title_and_desc_first_and_pdf_carries_the_alt_text(G):
    svg, _ = figure(G, drawn("psw-wellbeing"), fmt="svg")
    text = svg.data.decode("utf-8")
    head = text[text.index("<svg"):]
    assert re.match(r"<svg[^>]*role=\"img\"[^>]*>\s*<title id=\"pswgraph-title\">PSW wellbeing and the factors",
                    head)
    assert "<desc id=\"pswgraph-desc\">Network diagram" in head
    pdf, _ = figure(G, drawn("psw-wellbeing"), fmt="pdf")
    assert pdf.data.startswith(b"%PDF") and b"/Subject" in pdf.data and b"/Title" in pdf.data


def test_slide_mode_drops_the_selection_highlight_screen_mode_keeps_it(G):
    sel = {"type": "factor", "id": "hrm-policies"}
    plain, marked = drawn("psw-wellbeing"), drawn("psw-wellbeing", selection=sel)
    assert any("selected" in (el.get("classes") or "") for el in marked["elements"])

    def pixels(d, mode):
        fig = render_figure(d["elements"], title="t", caption="c", sources="s", mode=mode, alt="a")
        return Image.open(io.BytesIO(fig.data)).convert("RGB").tobytes()

    assert pixels(plain, "slide") == pixels(marked, "slide")
    assert pixels(plain, "screen") != pixels(marked, "screen")


def test_slide_mode_labels_are_larger_than_on_screen(G):
    els = drawn("psw-wellbeing")["elements"]
    assert label_points(els, 9.6, 6, "slide") > label_points(els, 9.6, 6, "screen")


def test_legend_draws_line_styles_as_drawn(G):
    items = legend_items(drawn("psw-wellbeing")["elements"])
    lines = [i for i in items if i["kind"] == "line"]
    assert [i["dashed"] for i in lines[:2]] == [False, True]
    assert any(i["tee"] and i["colour"] == "#D55E00" for i in lines)
    assert any(i["alpha"] < 1 for i in lines)
    # the levels drawn, top band first (PSW wellbeing's neighbours are meso and micro), then the focus outline
    assert [i["label"] for i in items if i["kind"] == "box"] == ["Meso (organisation)", "Micro (team)",
                                                                 "focus factor (black outline)"]
    everything = [i["label"] for i in legend_items(drawn()["elements"]) if i["kind"] == "box"]
    assert everything == ["Macro (systems)", "Meso (organisation)", "Micro (team)"]


# ----------------------------------------------------------------------------- deck helpers

def decks(G):
    focus = drawn("psw-wellbeing")
    ev = sorted(E.view_counts(focus["view"])[2])
    route = influence_paths(G, "regulatory-political", "psw wellbeing", max_hops=3)[0]
    everything = drawn(show="subthemes")
    se, no = drawn(countries=["SE"]), drawn(countries=["NO"])
    result = compare_countries(G, ["SE", "NO"], granularity="theme", presence=True)
    return {
        "focus": build_deck(G, title=view_words(G, focus["kw"], "psw-wellbeing", 1), subtitle="s",
                            views=[GraphView(focus["elements"])], evidence_ids=ev, date=DATE),
        "path": build_deck(G, title="A path", subtitle="s", views=[], evidence_ids=[], route=route, date=DATE),
        "split": build_deck(G, title="Everything", subtitle="s", views=[GraphView(everything["elements"])],
                            evidence_ids=[], date=DATE),
        "compare": build_deck(G, title="Sweden and Norway", subtitle="s", views=[], evidence_ids=[], date=DATE,
                              comparison={"title": "Sweden and Norway",
                                          "panels": [("Sweden", se["elements"]), ("Norway", no["elements"])],
                                          "rows": comparison_rows(G, result)}),
    }, route


@pytest.fixture(scope="module")
def built(G):
    data, route = decks(G)
    return {k: Presentation(io.BytesIO(v)) for k, v in data.items()}, route


def all_shapes(prs):
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            yield i, slide, shape


def frame_overflow(shape) -> float:
    """How far (inches) a text frame's text, wrapped at its width less insets with DejaVu metrics, overflows it."""
    tf = shape.text_frame
    inset = 0.0  # a rounded rectangle's text area lies inside its corners, as PowerPoint and LibreOffice lay it out
    if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE:
        inset = rounded_inset(Emu(shape.width).inches, Emu(shape.height).inches)
    inner_w = Emu(shape.width - tf.margin_left - tf.margin_right).inches - 2 * inset
    need = Emu(tf.margin_top + tf.margin_bottom).inches + 2 * inset
    for p in tf.paragraphs:
        runs = [r for r in p.runs if r.text]
        if not runs:
            continue
        pt = max(r.font.size.pt for r in runs)
        bold = any(r.font.bold for r in runs)
        indent = Emu(int(p._p.pPr.get("marL", 0))).inches if p._p.pPr is not None else 0
        lines = wrap("".join(r.text for r in runs), pt, inner_w - indent, bold)
        assert all(text_width(x, pt, bold) <= inner_w - indent + 1e-6 for x in lines), f"a word wider than {shape}"
        need += text_height(len(lines), pt) + (p.space_after.pt / 72 if p.space_after is not None else 0)
    return need - Emu(shape.height).inches


# ----------------------------------------------------------------------------- deck tests

def test_every_slide_is_16_9_and_every_shape_inside_it(built):
    for name, prs in built[0].items():
        assert (round(Emu(prs.slide_width).inches, 3), round(Emu(prs.slide_height).inches, 3)) == (13.333, 7.5)
        for i, _, sh in all_shapes(prs):
            assert sh.left >= 0 and sh.top >= 0, (name, i, sh.name)
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height, (name, i, sh.name)


def test_no_text_frame_overflows_measured_with_the_fonts_metrics(built):
    for name, prs in built[0].items():
        for i, _, sh in all_shapes(prs):
            if sh.has_text_frame and sh.text_frame.text:
                assert frame_overflow(sh) <= 0.01, (name, i, sh.text_frame.text[:60])


def test_font_sizes_are_set_on_runs_and_as_stated(built):
    for name, prs in built[0].items():
        for i, slide, sh in all_shapes(prs):
            if not sh.has_text_frame:
                continue
            assert sh.text_frame._txBody.find(".//{*}defRPr") is None  # no paragraph-default sizes
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is not None and r.font.size.pt >= 14, (name, i, r.text[:40])
                    if r.text.startswith("“"):
                        assert r.font.size.pt >= 16, (name, i, r.text[:40])
        for slide in list(prs.slides)[1:]:  # every slide title: the first text box, 28 pt bold
            first = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text)
            run = first.text_frame.paragraphs[0].runs[0]
            assert run.font.size.pt == 28 and run.font.bold


def test_every_picture_has_meaningful_alt_text(built):
    pictures = [(name, sh) for name, prs in built[0].items() for _, _, sh in all_shapes(prs)
                if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) >= 5
    for name, pic in pictures:
        descr = pic._element.nvPicPr.cNvPr.get("descr", "")
        assert descr.startswith("Network diagram") and "image" not in descr.split(".")[0].lower(), name
        assert len(descr) > 80, name


def test_graph_slide_labels_reach_14_pt_or_the_graph_is_split_and_says_so(built):
    focus, split = built[0]["focus"], built[0]["split"]
    titles = [s.shapes[0].text_frame.text for s in split.slides]
    assert [t for t in titles if t.startswith("Everything — ")] == ["Everything — Macro (systems)",
                                                                  "Everything — Meso (organisation)",
                                                                  "Everything — Micro (team)"]
    notes = [sh.text_frame.text for s in split.slides for sh in s.shapes if sh.has_text_frame]
    assert sum("Split by level so labels stay readable" in t for t in notes) == 3
    pic = next(sh for sh in focus.slides[1].shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)
    els = drawn("psw-wellbeing")["elements"]
    assert label_points(els, Emu(pic.width).inches, Emu(pic.height).inches, "slide") >= MIN_LABEL_PT


def test_graph_slide_legend_draws_line_styles_as_connectors(built):
    slide = built[0]["focus"].slides[1]
    connectors = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.LINE]
    dashes = [sh.line._get_or_add_ln().find("{*}prstDash") for sh in connectors]
    assert len(connectors) >= 4 and sum(d is not None for d in dashes) == 1
    assert any(sh.line._get_or_add_ln().find(".//{*}alpha") is not None for sh in connectors)


def test_path_deck_has_one_slide_per_hop_building_the_route(built, G):
    prs, route = built[0]["path"], built[1]
    steps = [s for s in prs.slides if s.shapes[0].text_frame.text.startswith("Step ")]
    assert len(steps) == len(route["hops"]) >= 2
    for k, (slide, hop) in enumerate(zip(steps, route["hops"], strict=True)):
        title = slide.shapes[0].text_frame.text
        assert title.startswith(f"Step {k + 1} of {len(route['hops'])}: {G.nodes[hop['source']]['label']} → ")
        boxes = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                 and sh.text_frame.text not in ("Enabler", "Barrier", "Mixed", "Context")]
        assert len(boxes) == k + 2  # the route so far
        text = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        studies = {G.nodes[e]["study"] for e in hop["evidence"]}
        assert apa.in_text([G.nodes[s] for s in studies]) in text
        assert "countries:" in text


def test_evidence_has_polarity_colour_and_label_and_the_rest_goes_to_the_notes(built, G):
    prs = built[0]["focus"]
    slides = [s for s in prs.slides if s.shapes[0].text_frame.text.startswith("Evidence")]
    badges = [sh for s in slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert badges
    for b in badges:
        label = b.text_frame.text.lower()
        assert label in BADGE_COLOURS and f"#{b.fill.fore_color.rgb}".lower() == BADGE_COLOURS[label].lower()
    notes = slides[-1].notes_slide.notes_text_frame.text
    assert "more evidence items, not on the slides" in notes
    with_speaker = next(ln for ln in notes.split("\n\n") if "— speaker " in ln)
    assert re.search(r"\(\d{4}\)\. ", with_speaker)  # the full APA reference follows


def test_evidence_slides_quote_full_sentences_each_labelled_with_what_it_supports(built, G):
    """Quotes chosen by content: whole sentences (no table headings or fragments), each under the factor or
    influence it supports, findings with a speaker code among the first."""
    prs = built[0]["focus"]
    slides = [s for s in prs.slides if s.shapes[0].text_frame.text.startswith("Evidence")]
    factor_names = {a["label"] for _, a in G.nodes(data=True) if a.get("kind") == "factor"}
    blocks = [sh.text_frame.paragraphs for s in slides for sh in s.shapes
              if sh.has_text_frame and len(sh.text_frame.paragraphs) == 3]
    assert len(blocks) >= 5
    for about, quote, who in ((p[0].text, p[1].text, p[2].text) for p in blocks):
        words = quote.strip("“”").split()
        assert len(words) >= 6 and quote.strip("“”")[:1].isupper(), quote  # not a heading, not a fragment
        assert quote.rstrip("”").rstrip(")").endswith((".", "!", "?", "…", "[…]")), quote
        assert about.startswith("On ") and any(name in about for name in factor_names), about
        assert who.startswith("— ")
    assert any("speaker " in p[2].text for p in blocks[:3])


def test_quotes_are_ranked_sentences_first(G):
    records = evidence_records(G, sorted(E.view_counts(drawn("psw-wellbeing")["view"])[2]))
    ranked = [r for r in rank_evidence(records) if r.get("quote")]

    def whole(q):  # a capital first, a full stop last, eight words or more: read independently of the deck
        q = q.strip()
        return len(q.split()) >= 8 and q[:1].isupper() and q.rstrip("”\"’')").endswith((".", "!", "?", "…"))

    flags = [whole(r["quote"]) for r in ranked]
    assert all(flags[:20]) and not all(flags[20:])  # headings and fragments there are, but not first
    assert all(r["polarity"] in ("enabler", "barrier") for r in ranked[:3])


def test_references_are_apa_7_and_resolve_to_studies(built, G):
    prs = built[0]["focus"]
    refs = [p.text for s in prs.slides if s.shapes[0].text_frame.text.startswith("References")
            for sh in list(s.shapes)[1:] for p in sh.text_frame.paragraphs]
    studies = {apa.reference(a): n for n, a in G.nodes(data=True) if a.get("kind") == "study"}
    assert refs and all(r in studies for r in refs)
    assert refs == sorted(refs, key=apa.alphabetical)
    assert any(r.startswith("Grim, K., Bergmark, M., Argentzell, E., & Rosenberg, D. (2022). ") for r in refs)


def test_comparison_deck_has_panels_side_by_side_and_the_shared_table(built):
    prs = built[0]["compare"]
    panel_slide = prs.slides[1]
    pics = sorted((sh for sh in panel_slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE), key=lambda p: p.left)
    assert len(pics) == 2 and pics[0].top == pics[1].top and pics[0].left + pics[0].width <= pics[1].left
    table = [sh.text_frame.text for s in prs.slides if s.shapes[0].text_frame.text.startswith("Shared and unique")
             for sh in s.shapes if sh.has_text_frame]
    assert "Sweden and Norway (shared)" in table and any(t.startswith("only ") for t in table)


def compare_view_deck(countries):
    """The deck the compare view's button sends for *countries*: (its file name, the presentation)."""
    import base64
    import json

    from dashapp import create_app
    from dashapp.server.replay import CALLBACK, body

    app = create_app()
    key = next(k for k in app.callback_map if k.startswith("..c-pptx-file.data"))
    payload = body(app, key, {"c-pptx": 1, "c-countries": countries})
    payload["changedPropIds"] = ["c-pptx.n_clicks"]
    response = app.server.test_client().post(CALLBACK, data=json.dumps(payload), content_type="application/json")
    sent = response.get_json()["response"]["c-pptx-file"]["data"]
    return sent, Presentation(io.BytesIO(base64.b64decode(sent["content"])))


def test_compare_view_deck_draws_panels_at_14_pt_with_their_status_colours_as_lines():
    """The compare view's button: panels with labels of 14 pt or more (no note says otherwise), a line legend."""
    sent, prs = compare_view_deck(["SE", "NO"])
    assert sent["filename"] == "pswgraph_compare-SE-NO.pptx"
    panels = prs.slides[1]
    assert [sh.text_frame.text for sh in panels.shapes if sh.has_text_frame][:3] == [
        "Influences evidenced in Sweden and Norway", "Sweden", "Norway"]
    assert not panels.has_notes_slide  # the note that labels fall under 14 pt is absent
    legend = [sh for sh in panels.shapes if sh.shape_type == MSO_SHAPE_TYPE.LINE]
    assert {str(sh.line.color.rgb) for sh in legend} == {"222222", "CC79A7"}


@pytest.mark.parametrize("countries", [["SE", "DK", "NO"], ["SE", "DK", "NO", "GB"]])
def test_comparison_deck_carries_its_evidence_and_references_two_panels_a_slide(G, countries):
    """Three or four countries: two panels a slide at 14 pt or more; evidence and references of the comparison."""
    from graph.query.compare import comparison_evidence

    _, prs = compare_view_deck(countries)
    titles = [s.shapes[0].text_frame.text for s in prs.slides]
    panel_slides = [s for s in prs.slides if any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)]
    assert len(panel_slides) == 2 and titles[1].endswith("(1 of 2)") and titles[2].endswith("(2 of 2)")
    assert all(len(wrap(t, 28, 12.333, True)) == 1 for t in titles[1:3])  # one line: room for the panels
    names = []
    for s in panel_slides:
        pics = [sh for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert 1 <= len(pics) <= 2 and not s.has_notes_slide  # no note that labels fall under 14 pt
        names += [sh.text_frame.text for sh in s.shapes if sh.has_text_frame][1:1 + len(pics)]
    assert names == [G.nodes[c]["label"] for c in countries]
    evidence = comparison_evidence(G, countries, granularity="theme")
    papers = {G.nodes[e]["study"] for e in evidence}
    assert len(evidence) > 50 and papers
    everything = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "No evidence recorded" not in everything and "No references." not in everything
    ev_slides = [s for s, t in zip(prs.slides, titles, strict=True) if t.startswith("Evidence from")]
    quoted = sum(1 for s in ev_slides for sh in s.shapes if sh.has_text_frame and len(sh.text_frame.paragraphs) == 3
                 and sh.text_frame.paragraphs[1].text.startswith("“"))
    assert ev_slides and quoted >= 3
    refs = [sh.text_frame.text for s, t in zip(prs.slides, titles, strict=True) if t.startswith("References")
            for sh in s.shapes if sh.has_text_frame][1:]
    assert refs and all(apa.reference(G.nodes[p]).split(" (")[0] in " ".join(refs) for p in papers)


def test_title_names_the_focus_without_contradiction(G):
    kw = E.filter_kwargs(*DEFAULTS)
    words = view_words(G, kw, "psw-wellbeing", 2)
    assert words == "PSW wellbeing and the factors within 2 hops of it" and "All" not in words


# ----------------------------------------------------------------------------- APA

@pytest.mark.parametrize("authors,expected", [
    ("Freidson, E.", "(Freidson, 2001)"),
    ("Asad, S.; Chreim, S.", "(Asad & Chreim, 2001)"),
    ("Grim, K.; Bergmark, M.; Argentzell, E.", "(Grim et al., 2001)"),
    ("Åkerblom, K.B.; Mohn-Haugen, T.; et al.", "(Åkerblom et al., 2001)"),
    ("Commonwealth of Australia", "(Commonwealth of Australia, 2001)"),
])
def test_in_text_citations(authors, expected):
    assert apa.in_text([{"authors": authors, "year": 2001}]) == expected


def test_reference_with_a_cut_author_list_keeps_et_al():
    ref = apa.reference({"authors": "Åkerblom, K.B.; Mohn-Haugen, T.; Agdal, R.; et al.", "year": 2023,
                         "title": "Managers as allies", "venue": "Int J Ment Health Syst", "volume": "17",
                         "pages": "17", "doi": "10.1186/s13033-023-00588-5"})
    assert ref == ("Åkerblom, K. B., Mohn-Haugen, T., Agdal, R., et al. (2023). Managers as allies. "
                   "Int J Ment Health Syst, 17, 17. https://doi.org/10.1186/s13033-023-00588-5")


# ----------------------------------------------------------------------------- awkward labels

AWKWARD = {"CR": "Relationships\rwith team members", "CRLF": "Relationships\r\nwith team members",
           "U+2028/U+2029": "Relationships\u2028with team\u2029members",
           "one very long word": "Relationships" * 40, "very long": "Relationships with team members " * 60}


@pytest.mark.parametrize("kind", list(AWKWARD))
def test_figures_and_decks_draw_awkward_labels_wrapped_or_cut(G, kind):
    label = AWKWARD[kind]
    elements = [{**el, "data": {**el["data"], "label": label, "full_label": label}}
                if el["data"].get("id") == "team-relationships" else el for el in drawn("psw-wellbeing")["elements"]]
    for fmt in ("png", "svg", "pdf"):
        fig = render_figure(elements, title=label, caption=label, sources="s", fmt=fmt)
        assert fig.data[:4] in (b"\x89PNG", b"<?xm", b"%PDF")
    svg = render_figure(elements, title=label, caption="c", sources="s", fmt="svg").data.decode("utf-8")
    body = svg[svg.index("</desc>"):]  # the drawing, after the alt text
    assert not re.search("[\r\u2028\u2029]", body)
    if kind.startswith(("one very", "very")):
        assert "…" in body  # cut, with an ellipsis
    prs = Presentation(io.BytesIO(build_deck(G, title=label, subtitle=label, views=[GraphView(elements)],
                                             evidence_ids=[], date=DATE)))
    for i, _, sh in all_shapes(prs):
        if sh.has_text_frame and sh.text_frame.text.strip():
            assert not re.search("[\r\u2028\u2029]|_x000D_", sh.text_frame.text), (i, sh.name)
            assert frame_overflow(sh) <= 0.02, (kind, i, sh.text_frame.text[:60])
