"""Fixtures: browser (filled in by its feature)."""
