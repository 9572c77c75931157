"""Fixtures: chroma_server (filled in by its feature)."""
