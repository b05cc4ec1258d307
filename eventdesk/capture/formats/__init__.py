"""One module per family of badge formats; each returns a ParsedBadge or None, and never raises."""
