"""The data package: its descriptor, validation, loading and the graph built from it (the lowest layer)."""
