"""Evidence on the page: badges, study links, strength lines, evidence cards grouped by country and study."""

from __future__ import annotations

from typing import Any

from dash import html

from graph.present.style import BADGE_COLOURS
from graph.present.words import counted

from .markup import raw_html, to_html


def badge_style(key: str) -> dict[str, str]:
    """Inline colours of a level or polarity badge (text contrast at least 4.5:1)."""
    return {"backgroundColor": BADGE_COLOURS.get(key, "#5c636a"), "color": "#000" if key == "mixed" else "#fff"}


def badge(text: str, className: str = "", **kwargs: Any) -> html.Span:
    """A Bootstrap badge as a plain span (it can be sent as HTML: :mod:`dashapp.components.markup`)."""
    return html.Span(text, className=f"badge {className}".strip(), **kwargs)


def polarity_badge(polarity: str) -> html.Span:
    """A coloured badge for enabler / barrier / mixed / context (no Bootstrap colour class to override it)."""
    return badge(polarity or "—", f"polarity polarity-{polarity}", style=badge_style(polarity))


def study_link(study: dict[str, Any]) -> html.Span:
    """A study label with a DOI link when it has a well-formed DOI, else a web link when its url is http(s).

    The hrefs are derived again here (:func:`graph.query.details.doi_url`,
    :func:`graph.query.details.safe_url`) rather than trusted from *study*, so a
    ``javascript:`` or ``data:`` address never becomes a link, whoever built the dict.
    """
    from graph.query.details import doi_url, safe_url

    parts: list[Any] = [study.get("label", study.get("id", ""))]
    doi_href, url_href = doi_url(study.get("doi")), safe_url(study.get("url"))
    if doi_href:
        parts += [" ", html.A(f"doi:{study['doi']}", href=doi_href, target="_blank", rel="noopener noreferrer",
                              className="doi-link")]
    elif url_href:
        parts += [" ", html.A("link", href=url_href, target="_blank", rel="noopener noreferrer")]
    return html.Span(parts, title=study.get("title", ""))


def flag_badge(flag: str) -> html.Span:
    """A badge naming an evidence-strength flag (single source, contested, framework only) or "limitation"."""
    return badge(flag, f"me-1 strength-flag flag-{flag.replace(' ', '-')}", style=badge_style(flag))


def strength_line(d: dict[str, Any], *, compact: bool = False, scope: str = "") -> html.Div | html.Span:
    """How much evidence stands behind a factor, influence or hop (:mod:`graph.query.strength`): counts and flag badges.

    The full line reads "Evidence strength: 3 evidence items · 2 papers · … [contested]" with the
    caveat :data:`graph.query.strength.STRENGTH_NOTE` under it; *compact* (a path's hop) shows the
    number of papers and the flags, the whole line and the caveat in its tooltip. A record counted under
    an evidence filter (it holds ``"all"``) reads "1 evidence item *scope* from 1 paper · … [single source]",
    then, labelled, the all-evidence figure ("in all evidence: …"; compact: "1 paper · 4 papers in all").
    """
    from graph.query.strength import STRENGTH_NOTE, papers_label, strength_flags, strength_label, strength_total

    badges = [part for f in strength_flags(d) for part in (" ", flag_badge(f))]  # spaced: read as words
    tip = f"{strength_label(d, scope=scope)}. {STRENGTH_NOTE}."
    if compact:
        return html.Span([html.Span(papers_label(d), className="me-1 strength-papers"), *badges],
                         className="strength-line small", title=tip)
    total = strength_total(d)
    return html.Div([
        html.Div([html.Span("Evidence strength: ", className="fw-semibold"),
                  html.Span(strength_label(d, flags=False, scope=scope, total=False), className="me-1 strength-counts"),
                  *badges]),
        *([html.Div(total[:1].upper() + total[1:], className="strength-total")] if total else []),
        html.Div(f"{STRENGTH_NOTE}: how much the papers report, not how good the studies are.",
                 className="small text-muted strength-note"),
    ], className="strength-line small mt-2", title=tip)


#: The most evidence cards a panel is sent at once (the rest are counted, and found by narrowing the filters).
MAX_CARDS = 100
#: How many more cards each press of a panel's "Show more" adds.
MORE_CARDS = 20
#: The most limitation cards a panel is sent at once (they are folded away under their own heading).
MAX_LIMITATION_CARDS = 20


def limitation_list(groups: list[dict[str, Any]], *, what: str = "this evidence",
                    limit: int = MAX_LIMITATION_CARDS) -> html.Details | None:
    """The limitations the studies behind *what* state (:func:`graph.query.details.limitation_groups`), by study.

    ``None`` when there are none. Each card carries a "limitation" badge: they qualify the findings, they are not
    findings. At most *limit* cards are sent; the summary keeps the full count and a note says how many more.
    """
    n = sum(len(g["records"]) for g in groups)
    if not n:
        return None
    blocks, _ = _study_groups(groups, limit)
    if n > limit:
        blocks.append(html.P(f"… and {counted(n - limit, 'more limitation')}, not listed here: narrow the view with a filter "
                             "(a country, a study) to read them.", className="small more-evidence"))
    return html.Details([
        html.Summary(f"Limitations the studies behind {what} state ({n})"),
        html.P("Limitations, not findings: what these papers say limits their own results.",
               className="small text-muted mb-1"),
        raw_html(to_html(blocks)),
    ], open=n <= 3, className="limitations")


def evidence_card(rec: dict[str, Any]) -> html.Div:
    """One evidence record: quote, paraphrase, speaker, polarity (or "limitation") badge, section, cited studies."""
    limitation = rec.get("evidence_type") == "limitation"
    meta = [flag_badge("limitation") if limitation else polarity_badge(rec["polarity"])]
    if rec.get("speaker"):
        meta.append(badge(rec["speaker"], "bg-light text-dark speaker", title="speaker code"))
    if rec.get("perspective"):
        meta.append(html.Span(rec["perspective"], className="perspective"))
    if rec.get("section"):
        meta.append(html.Span(f"§ {rec['section']}", className="section"))
    body: list[Any] = [html.Div(meta, className="evidence-meta")]
    if rec.get("quote"):
        body.append(html.Blockquote(f"“{rec['quote']}”", className="evidence-quote"))
    if rec.get("paraphrase"):
        body.append(html.P(rec["paraphrase"], className="evidence-paraphrase"))
    if rec.get("cites"):
        body.append(html.Div(["Cites: ", *joined([study_link(s) for s in rec["cites"]])], className="evidence-cites"))
    if rec.get("study_themes"):
        body.append(html.Div("Paper's theme: " + "; ".join(t["label"] for t in rec["study_themes"]),
                             className="evidence-themes"))
    return html.Div(body, className="evidence-card" + (" limitation-card" if limitation else ""),
                    **{"data-evidence": rec["id"]})


def _study_groups(groups: list[dict[str, Any]], left: int) -> tuple[list[html.Div], int]:
    """One block per ``{"study", "records"}`` group, a heading and its cards, until *left* cards are sent.

    Returns the blocks and how many cards may still be sent.
    """
    blocks = []
    for g in groups:
        if left <= 0:
            break
        cards = [evidence_card(r) for r in g["records"][:left]]
        left -= len(cards)
        blocks.append(html.Div([html.H6(study_link(g["study"]), className="study-heading"), *cards],
                               className="study-group"))
    return blocks, left


def joined(items: list[Any], sep: str = "; ") -> list[Any]:
    """*items* with *sep* between each two (for a sentence of links)."""
    out: list[Any] = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.append(item)
    return out


def evidence_groups(groups: list[dict[str, Any]], *, empty: str = "No evidence recorded yet.",
                    limit: int = MAX_CARDS, more: dict[str, Any] | None = None) -> html.Div:
    """Evidence grouped by country, then study (from :func:`graph.query.details.group_by_country_and_study`).

    At most *limit* cards; the groups keep their full counts and a note says how many more there are (with
    *more*, a button of that id under them offers the next :data:`MORE_CARDS`). Sent as one box of HTML
    (:func:`dashapp.components.markup.raw_html`): a hundred cards as components cost the browser seconds per click.
    """
    if not groups:
        return html.Div(empty, className="empty-note")
    blocks = []
    left = limit
    for g in groups:
        studies, left = _study_groups(g["studies"], left)
        if not studies:
            break
        blocks.append(html.Details([html.Summary(f"{g['name']} ({g['count']})"), *studies], open=True,
                                   className="country-group"))
    total = sum(len(s["records"]) for g in groups for s in g["studies"])
    if total > limit:
        blocks.append(html.P(f"… and {counted(total - limit, 'more evidence item')}, not listed here: "
                             + ("show more below, or narrow" if more else "narrow")
                             + " the view with a filter (a country, a study, a polarity) to read them.",
                             className="small more-evidence"))
    box = raw_html(to_html(blocks), className="evidence-groups")
    if more is None or total <= limit:
        return box
    step = min(MORE_CARDS, total - limit)
    return html.Div([box, html.Button(f"Show {step} more (of {total - limit} not listed)", id=more, type="button",
                                      className="btn btn-outline-primary btn-sm mb-2 more-cards")])


def empty_note(text: str, **kwargs: Any) -> html.Div:
    """A visible explanation of why a view is empty."""
    return html.Div([html.Strong("Nothing to show. "), text], className="empty-note", **kwargs)


def loading(children: Any, **kwargs: Any) -> html.Div:
    """A box that dims while the page waits for the server (after 300 ms; ``body.psw-busy``, set by
    ``pswgraph.js``). Not ``dcc.Loading``: each of those re-checks its children on every change of the
    page's state, which cost a Plan click a second."""
    return html.Div(children, className="psw-loading", **kwargs)
