"""The look every drawing shares: level and polarity colours, line colours, node sizes.

One definition for the explorer (its components import it from
here), the files that carry a drawing (GEXF/GraphML, through
:mod:`graph.export.drawing`), the figures (:mod:`graph.present.figure`) and the decks
(:mod:`graph.present.deck`), so every drawing has the explorer's colours. Colours are the Okabe–Ito colour-blind-safe palette.

>>> LEVEL_COLOURS["micro"], level_colours("macro")
('#009E73', ('#0072B2', '#d6e6f2'))
"""

from __future__ import annotations

import math

from graph.data.vocabulary import LEVEL_LABELS

__all__ = ["BADGE_COLOURS", "BORDER_WIDTH", "EDGE_COLOUR", "EXTRA_LEVEL_COLOURS", "FAINT_COLOUR", "HIGHLIGHT_BORDER_WIDTH", "HIGHLIGHT_COLOUR", "LEVEL_COLOURS",
           "LEVEL_LABELS", "LEVEL_TINTS", "OKABE_ITO", "POLARITY_COLOURS", "UNEVIDENCED_OPACITY", "UPWARD_COLOUR",
           "edge_look", "level_colours", "node_size"]

#: Okabe–Ito colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
LEVEL_COLOURS = {"macro": OKABE_ITO["blue"], "meso": OKABE_ITO["orange"], "micro": OKABE_ITO["green"]}
#: Light tints of the level colours: the fill of a theme box, dark text stays readable on it.
LEVEL_TINTS = {"macro": "#d6e6f2", "meso": "#fbecc7", "micro": "#cdeee3"}
UPWARD_COLOUR = OKABE_ITO["vermillion"]
HIGHLIGHT_COLOUR = OKABE_ITO["purple"]
EDGE_COLOUR = "#555555"
#: A factor's border as drawn, and a highlighted factor's (px).
BORDER_WIDTH, HIGHLIGHT_BORDER_WIDTH = 1, 5
#: An influence of the framework with no evidence yet is drawn faint.
FAINT_COLOUR = "#BBBBBB"
#: Opacity of an influence the framework states but no evidence supports yet ("framework only").
UNEVIDENCED_OPACITY = 0.4
POLARITY_COLOURS = {"enabler": OKABE_ITO["green"], "barrier": OKABE_ITO["vermillion"],
                    "mixed": OKABE_ITO["orange"], "context": "#6c757d"}
#: Badge fills: the palette darkened where white text would fall under 4.5:1 contrast (mixed keeps black text).
BADGE_COLOURS = {"macro": LEVEL_COLOURS["macro"], "meso": "#8a5a00", "micro": "#00704f",
                 "enabler": "#00704f", "barrier": "#a84a00", "mixed": OKABE_ITO["orange"], "context": "#5c636a",
                 # evidence-strength flags and limitations: white text on each is at least 6:1
                 "single source": "#4a4a8a", "contested": "#7b2d6b", "framework only": "#5c636a",
                 "limitation": "#3d5a80"}
#: Colours (and tints) for levels a package names beyond the framework's three, in rank order.
EXTRA_LEVEL_COLOURS = [(OKABE_ITO["sky"], "#dcecf7"), (OKABE_ITO["purple"], "#f5e1ec"), ("#8c8c8c", "#ececec"),
                       (OKABE_ITO["yellow"], "#fbf7cc")]


def level_colours(level: str, rank: int | None = None) -> tuple[str, str]:
    """(colour, light tint) of a level: the palette's for macro/meso/micro, else one by its rank.

    >>> level_colours("meso"), level_colours("nano", 4)[0]
    (('#E69F00', '#fbecc7'), '#56B4E9')
    """
    if level in LEVEL_COLOURS:
        return LEVEL_COLOURS[level], LEVEL_TINTS[level]
    return EXTRA_LEVEL_COLOURS[max(0, (rank or 4) - 4) % len(EXTRA_LEVEL_COLOURS)]


def node_size(count: int, max_count: int) -> float:
    """Node diameter in px from its evidence count (area grows with the count).

    >>> node_size(0, 0), node_size(9, 9), node_size(0, 9)
    (26.0, 58.0, 22.0)
    """
    if max_count <= 0:
        return 26.0
    return round(22 + 36 * math.sqrt(count / max_count), 1)


def edge_look(scope: str, direction: str, evidence_count: int, max_count: int) -> dict[str, object]:
    """How the explorer draws an influence line: colour, line style, width (px) and opacity.

    Upward influences are vermillion, others dark grey; intra-level lines are
    dashed; width grows with the evidence; a line with no evidence is faint.

    >>> edge_look("intra-level", "upward", 0, 10)
    {'colour': '#D55E00', 'style': 'dashed', 'width': 1.5, 'opacity': 0.4}
    >>> edge_look("inter-level", "downward", 10, 10)["width"]
    6.0
    """
    return {"colour": UPWARD_COLOUR if direction == "upward" else EDGE_COLOUR,
            "style": "dashed" if scope == "intra-level" else "solid",
            "width": round(1.5 + (4.5 * evidence_count / max_count if max_count else 0), 1),
            "opacity": 0.85 if evidence_count else UNEVIDENCED_OPACITY}
