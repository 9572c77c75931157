"""Fixtures: llm_server (filled in by its feature)."""
