"""The colours every drawing of the graph shares (the explorer, exported figures, the deck).

Okabe–Ito colour-blind-safe palette; level tints keep dark text readable.

>>> LEVEL_COLOURS["macro"], UPWARD_COLOUR
('#0072B2', '#D55E00')
"""

from __future__ import annotations

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
LEVEL_COLOURS = {"macro": OKABE_ITO["blue"], "meso": OKABE_ITO["orange"], "micro": OKABE_ITO["green"]}
#: Light tints of the level colours: the fill of a theme box, dark text stays readable on it.
LEVEL_TINTS = {"macro": "#d6e6f2", "meso": "#fbecc7", "micro": "#cdeee3"}
LEVEL_LABELS = {"macro": "Macro (systems)", "meso": "Meso (organisation)", "micro": "Micro (team)"}
UPWARD_COLOUR = OKABE_ITO["vermillion"]
HIGHLIGHT_COLOUR = OKABE_ITO["purple"]
EDGE_COLOUR = "#555555"
#: Opacity of an influence the framework states but no evidence supports yet ("framework only").
UNEVIDENCED_OPACITY = 0.4
POLARITY_COLOURS = {"enabler": OKABE_ITO["green"], "barrier": OKABE_ITO["vermillion"],
                    "mixed": OKABE_ITO["orange"], "context": "#6c757d"}
#: Badge fills: the palette darkened where white text would fall under 4.5:1 contrast (mixed keeps black text).
BADGE_COLOURS = {"macro": LEVEL_COLOURS["macro"], "meso": "#8a5a00", "micro": "#00704f",
                 "enabler": "#00704f", "barrier": "#a84a00", "mixed": OKABE_ITO["orange"], "context": "#5c636a"}
