"""Tokenising is remembered for short texts; callers still get their own list."""

from __future__ import annotations

from assistant.text import tokens


def test_a_caller_changing_its_tokens_does_not_change_the_next_callers() -> None:
    first = tokens("The Debian project’s name comes from Debra and Ian.")
    assert first == ["the", "debian", "project's", "name", "comes", "from", "debra", "and", "ian"]
    first.append("extra")
    first[0] = "changed"
    assert tokens("The Debian project’s name comes from Debra and Ian.")[:2] == ["the", "debian"]
    assert "extra" not in tokens("The Debian project’s name comes from Debra and Ian.")


def test_long_texts_tokenise_like_short_ones() -> None:
    sentence = "Packages are built from source by the maintainers. "
    long_text = sentence * 100  # longer than what is remembered
    assert tokens(long_text) == tokens(sentence) * 100
