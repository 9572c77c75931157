"""Fixtures: slack_fake (filled in by its feature)."""
