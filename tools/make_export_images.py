"""Make the README's export examples: a figure (PNG, as exported) and a slide of the deck (drawn by slide_preview).

Usage: python tools/make_export_images.py   (writes docs/exports/figure.png, slide-graph.png, slide-step.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashapp.components import AppContext
from dashapp.pages import explore as E
from graph.present.deck import GraphView, build_deck
from graph.present.figure import figure_caption, render_figure, sources_line
from graph.present.screen import view_words
from graph.query.paths import influence_paths
from tools.slide_preview import render

OUT = Path(__file__).resolve().parent.parent / "docs" / "exports"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ctx = AppContext()
    G = ctx.graph()
    filters = [E.FILTER_DEFAULTS[i] for i in E.FILTER_IDS]
    d = E.screen_view(ctx, filters, "psw-wellbeing", 1, "bands", "themes", [], None)
    evidence = sorted(E.view_counts(d["view"])[2])
    words = view_words(G, d["kw"], d["focus"], d["depth"])
    caption = figure_caption(G, d["elements"], evidence, view=words)
    fig = render_figure(d["elements"], title=words, caption=caption, sources=sources_line(G, evidence), fmt="png")
    (OUT / "figure.png").write_bytes(fig.data)  # as downloaded: title, caption and alt text in its metadata
    route = influence_paths(G, "regulatory-political", "psw wellbeing", max_hops=3)[0]
    deck = build_deck(G, title=words, subtitle="", views=[GraphView(d["elements"])], evidence_ids=evidence,
                      route=route)
    path = OUT / "deck.pptx"
    path.write_bytes(deck)
    render(str(path), 2, str(OUT / "slide-graph.png"), dpi=90)
    render(str(path), 3, str(OUT / "slide-step.png"), dpi=90)
    path.unlink()


if __name__ == "__main__":
    main()
