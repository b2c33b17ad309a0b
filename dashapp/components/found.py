"""What a search of the papers' words found: search options for the explorer's box and the panel of one hit."""

from __future__ import annotations

from typing import Any

from dash import html

from graph.query.details import evidence_records
from graph.query.fulltext import Segment, excerpt, search_evidence, snippet

from .evidence import evidence_card, joined, study_link

#: The prefix of a search-box value that opens an evidence item found by its words (``evidence:ID:WORDS``).
EVIDENCE_OPTION = "evidence:"
#: Evidence options offered under the factors while typing, and other hits listed in the panel.
MAX_OPTIONS, MAX_MORE = 8, 10


def marked(segments: list[Segment]) -> list[Any]:
    """Children showing *segments*, matched words in ``<mark>``.

    >>> [getattr(c, "children", c) for c in marked([("a ", False), ("eye", True)])]
    ['a ', 'eye']
    """
    return [html.Mark(t) if hit else t for t, hit in segments]


def evidence_options(G: Any, text: str) -> list[dict[str, Any]]:
    """Dropdown options for the evidence whose words match *text* (best first): the quote around the match,
    study and speaker; the option's ``search`` holds *text* so the dropdown's own filter keeps it.

    >>> from graph import load_graph
    >>> opts = evidence_options(load_graph(), "eye opening")
    >>> opts[0]["value"], "«eye» «opening»" in opts[0]["search"]
    ('evidence:ev-grim-519', True)
    """
    found = search_evidence(G, text, limit=MAX_OPTIONS)
    out = []
    for h in found["hits"]:
        segs = _matching(h)
        short = snippet(segs, 90)
        who = " · ".join(x for x in (G.nodes[h["study"]].get("label", h["study"]) if h["study"] in G else "",
                                     h["speaker"]) if x)
        out.append({"label": html.Span([html.Span("Evidence: ", className="found-kind"), "“",
                                        *marked(excerpt(segs, 90)), "”",
                                        html.Span(f" — {who}" if who else "", className="found-who")],
                                       className="found-option"),
                    "value": EVIDENCE_OPTION + h["id"], "search": f"{short} {text}"})
    return out


def evidence_panel(G: Any, evidence_id: str, text: str, goto: Any, goto_edge: Any) -> list[Any]:
    """The details panel of one evidence item found by searching *text*: its card with the matched words marked,
    where it comes from, the factors and influences it supports (links selecting them), and the other hits.

    *goto(fid, label)* / *goto_edge(source, target, label)* make the links (the page's ids).
    """
    rec = evidence_records(G, [evidence_id])[0]
    found = search_evidence(G, text, limit=MAX_MORE + 1)
    hit = next((h for h in found["hits"] if h["id"] == evidence_id), None)
    rows: list[Any] = [html.H2("Found in the papers' words", className="details-title h4")]
    if text:
        n = found["total"]
        rows.append(html.P(f"Searched for “{text}”: {n} evidence item{'' if n == 1 else 's'}; this one:",
                           className="small text-muted"))
    country = ", ".join(c["name"] for c in rec["countries"]) or "country not stated"
    rows.append(html.P(["From ", study_link(rec["study"]), f" · {country}"], className="found-source"))
    card = evidence_card(rec)
    if hit:  # the same card, the matched words marked
        for block in card.children:
            cls = getattr(block, "className", "")
            if cls == "evidence-quote" and any(m for _, m in hit["quote"]):
                block.children = ["“", *marked(hit["quote"]), "”"]
            elif cls == "evidence-paraphrase" and any(m for _, m in hit["paraphrase"]):
                block.children = marked(hit["paraphrase"])
    rows.append(card)
    if rec["factors"]:
        rows.append(html.P(["About: ", *joined([goto(f, G.nodes[f].get("label", f)) for f in rec["factors"]
                                                 if f in G])], className="found-factors"))
    edges = [i.split("--", 1) for i in rec["influences"] if "--" in i]
    if edges:
        rows.append(html.P(["Influences it supports: ", *joined(
            [goto_edge(s, t, f"{G.nodes[s].get('label', s)} → {G.nodes[t].get('label', t)}")
             for s, t in edges if s in G and t in G])], className="found-influences"))
    more = [h for h in found["hits"] if h["id"] != evidence_id][:MAX_MORE]
    if more:
        rows.append(html.Details([
            html.Summary(f"Other evidence matching “{text}” ({found['total'] - 1})"),
            html.Ul([html.Li(["“", *marked(excerpt(_matching(h), 110)), "” ",
                              html.Span(h["id"], className="text-muted small")]) for h in more]),
        ], className="found-more"))
    return rows


def _matching(hit: dict[str, Any]) -> list[Segment]:
    """The hit's quote if the words matched it, else its paraphrase."""
    return hit["quote"] if any(m for _, m in hit["quote"]) else hit["paraphrase"]
