"""Questions asked of a loaded graph: lookups, filters, paths, comparison, the matrix, strength, the plan."""
