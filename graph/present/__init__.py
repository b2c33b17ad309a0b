"""What a person reads: layout, style, figures, decks, written summaries and checklists."""
