"""Shared building blocks of the views, imported as ``from dashapp import components as C``.

* :mod:`.context` — the app's context (the cached graph, the last valid one) and the files on disk;
* :mod:`.options` — the vocabularies and choices the views offer (tabs, levels, factors, countries, studies);
* :mod:`.cytoscape` — graph drawing: stylesheets, the legend, the canvas (the elements: :mod:`graph.present.elements`);
* :mod:`.evidence` — evidence cards, badges, strength lines, empty notes;
* :mod:`.widgets` — small shared widgets (a radio group that is one tab stop).

The palette lives in :mod:`graph.present.style` (one definition, shared with the exports) and is offered here too.
"""

from graph.present.style import (
    BADGE_COLOURS,
    EDGE_COLOUR,
    HIGHLIGHT_COLOUR,
    LEVEL_COLOURS,
    LEVEL_LABELS,
    LEVEL_TINTS,
    OKABE_ITO,
    POLARITY_COLOURS,
    UPWARD_COLOUR,
    edge_look,
    level_colours,
    node_size,
)

from .context import AppContext, DataPending, data_signature, problem_text
from .cytoscape import (
    base_stylesheet,
    canvas_style,
    graph_elements,
    legend,
    routed_stylesheet,
    segment_style,
    selection_stylesheet,
    view_elements,
    view_geometry,
    view_stylesheet,
)
from .evidence import (
    MAX_CARDS,
    MAX_LIMITATION_CARDS,
    MORE_CARDS,
    badge_style,
    empty_note,
    evidence_card,
    evidence_groups,
    flag_badge,
    joined,
    limitation_list,
    loading,
    polarity_badge,
    strength_line,
    study_link,
)
from .options import (
    LEVELS,
    PERSPECTIVES,
    POLARITIES,
    TAB_DEFAULT,
    TAB_PROP,
    TAB_VALUES,
    TABS,
    breadth_options,
    counted_options,
    country_items,
    factor_options,
    level_items,
    opened,
    skip_unless_visible,
    study_items,
)
from .widgets import radio_group

__all__ = [
    "BADGE_COLOURS", "EDGE_COLOUR", "HIGHLIGHT_COLOUR", "LEVELS", "LEVEL_COLOURS", "LEVEL_LABELS", "LEVEL_TINTS",
    "MAX_CARDS", "MAX_LIMITATION_CARDS", "MORE_CARDS", "OKABE_ITO", "PERSPECTIVES", "POLARITIES", "POLARITY_COLOURS", "TABS",
    "TAB_DEFAULT", "TAB_PROP", "TAB_VALUES", "UPWARD_COLOUR", "AppContext", "DataPending", "badge_style",
    "base_stylesheet", "breadth_options", "canvas_style", "counted_options", "country_items", "data_signature", "edge_look", "empty_note",
    "evidence_card", "evidence_groups", "factor_options", "flag_badge", "graph_elements", "joined", "legend",
    "level_colours", "level_items", "limitation_list", "loading", "node_size", "opened", "polarity_badge", "problem_text",
    "radio_group", "routed_stylesheet", "segment_style", "selection_stylesheet", "skip_unless_visible", "strength_line", "study_items", "study_link",
    "view_elements", "view_geometry", "view_stylesheet",
]
