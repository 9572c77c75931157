"""Block Kit rendering of answers: content, the two kinds of reply, Slack's limits."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.slack.blocks import (
    CLOSEST_HEADER,
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_FALLBACK,
    MAX_SECTION,
    NOT_GROUNDED_HEADER,
    answer_blocks,
    escape,
    markdown_to_mrkdwn,
    truncate,
)
from assistant.types import Answer, Chunk, Citation, Passage

TITLE = "The Escalation of Threats by the Pakistani Taliban: Indications and Implications"
QUOTE = "authored by Nora Al Habsi, researcher and director of the Scientific Publications Department"


def citation(n: int, quote: str = QUOTE, title: str = TITLE, page: int | None = None) -> Citation:
    return Citation(
        n=n, source="study.md", title=title, chunk_id=f"c{n}", start=0, end=len(quote), quote=quote, page=page
    )


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every mrkdwn/plain_text string in the blocks."""
    found: list[str] = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            found.append(element["text"])
    return found


def assert_well_escaped(text: str) -> None:
    """Every ``&`` starts a complete escape and every ``<`` opens a closed link."""
    text = re.sub(r"(?m)^> ", "", text)  # a quote line's marker is the one raw ``>``
    for match in re.finditer("&", text):
        assert re.match(r"&(amp|lt|gt);", text[match.start() :]), text[
            match.start() - 10 : match.start() + 10
        ]
    depth = 0
    for char in text:
        if char == "<":
            assert depth == 0
            depth = 1
        elif char == ">":
            assert depth == 1
            depth = 0
    assert depth == 0


def assert_within_limits(blocks: list[dict[str, Any]], fallback: str) -> None:
    assert len(blocks) <= MAX_BLOCKS
    assert len(fallback) <= MAX_FALLBACK
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION
        if block["type"] == "context":
            assert len(block["elements"]) <= MAX_CONTEXT_ELEMENTS
            assert all(len(e["text"]) <= MAX_SECTION for e in block["elements"])
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
    for text in [*texts(blocks), fallback]:
        assert_well_escaped(text)


def test_grounded_answer_shows_markers_and_quoted_sources() -> None:
    answer = Answer(
        text="The study was written by **Nora Al Habsi** and Ali Bakr [1].",
        grounded=True,
        mode="extractive",
        citations=(citation(1, page=3),),
    )
    blocks, fallback = answer_blocks(answer)
    assert_within_limits(blocks, fallback)
    joined = "\n".join(texts(blocks))
    assert "*Nora Al Habsi*" in joined and "**" not in joined
    assert "[1]" in blocks[0]["text"]["text"]
    assert f"[1] *{TITLE}* (p. 3)\n> {QUOTE}" in joined
    assert "Sources" in joined and NOT_GROUNDED_HEADER not in joined
    assert "Nora Al Habsi" in fallback and "[1]" in fallback


def test_not_grounded_reply_is_distinct_and_lists_related_passages() -> None:
    chunk = Chunk(
        id="c9",
        source="study.md",
        title=TITLE,
        text="TTP attacks rose in 2023 & beyond.",
        start=0,
        end=34,
        index=0,
    )
    answer = Answer(
        text="The documents do not say who won the 1992 Cricket World Cup.",
        grounded=False,
        mode="extractive",
        related=(Passage(chunk=chunk, score=0.3, rank=1),),
        notice="Indexed corpus/ (1 document) on first use.",
    )
    blocks, fallback = answer_blocks(answer)
    assert_within_limits(blocks, fallback)
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": NOT_GROUNDED_HEADER, "emoji": True},
    }
    joined = "\n".join(texts(blocks))
    assert "Related passages" in joined and "Sources" not in joined
    assert "> TTP attacks rose in 2023 &amp; beyond." in joined
    assert blocks[-1]["type"] == "context" and "Indexed corpus/" in blocks[-1]["elements"][0]["text"]
    assert fallback.startswith(NOT_GROUNDED_HEADER)
    assert "Indexed corpus/" in fallback


def test_closest_answer_has_its_own_header_and_keeps_its_citations() -> None:
    answer = Answer(
        text="The study describes the talks but not their date [1].",
        grounded=False,
        outcome="closest",
        mode="extractive",
        citations=(citation(1, page=2),),
    )
    blocks, fallback = answer_blocks(answer)
    assert_within_limits(blocks, fallback)
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == CLOSEST_HEADER
    joined = "\n".join(texts(blocks))
    assert NOT_GROUNDED_HEADER not in joined
    assert "*Closest sources*" in joined and f"[1] *{TITLE}* (p. 2)\n> {QUOTE}" in joined
    assert fallback.startswith(CLOSEST_HEADER)


def test_details_citations_and_page_ranges() -> None:
    details = Citation(
        n=1, source="study.md", title=TITLE, chunk_id="", start=0, end=0, quote="Nora Al Habsi; Ali Bakr",
        kind="details", field="authors",
    )
    spanning = Citation(
        n=2, source="r.pdf", title="Report", chunk_id="c2", start=5, end=90, quote="across the break", page=1, page_end=2
    )
    answer = Answer(text="Nora Al Habsi and Ali Bakr [1]. More [2].", grounded=True, mode="extractive", citations=(details, spanning))
    blocks, fallback = answer_blocks(answer)
    assert_within_limits(blocks, fallback)
    joined = "\n".join(texts(blocks))
    assert f"[1] *{TITLE}* (document details: authors)\n> Nora Al Habsi; Ali Bakr" in joined
    assert "[2] *Report* (pp. 1\u20132)" in joined


def test_a_question_read_otherwise_is_shown_first() -> None:
    answer = Answer(
        text="Driven by a desire [1].", grounded=True, mode="extractive", citations=(citation(1),),
        question="why?", resolved_question="Why will the attacks persist?",
    )
    blocks, _ = answer_blocks(answer)
    assert blocks[0]["type"] == "context"
    assert blocks[0]["elements"][0]["text"] == "Read as: Why will the attacks persist?"
    same = Answer(text="Yes [1].", grounded=True, mode="llm", citations=(citation(1),), question="Who wrote it", resolved_question="who wrote it?")
    assert all(b["type"] != "context" for b in answer_blocks(same)[0])


def test_grounded_reply_without_notice_has_no_context_block() -> None:
    blocks, _ = answer_blocks(Answer(text="Yes [1].", grounded=True, mode="llm", citations=(citation(1),)))
    assert all(b["type"] != "context" for b in blocks)


@pytest.mark.parametrize("shift", range(6))
def test_huge_answer_with_thirty_citations_respects_every_limit(shift: int) -> None:
    # Escapes sit at every offset around the cut points, so a naive cut would split one.
    text = " ".join(f"{'x' * shift}<tag> & **bold {i}** [{i % 30 + 1}]." for i in range(3000))
    citations = tuple(citation(n, quote=("A & B <c> " * 400), title=f"Doc <{n}> & co") for n in range(1, 31))
    answer = Answer(text=text, grounded=True, mode="llm", citations=citations, notice="Fell back & answered.")
    blocks, fallback = answer_blocks(answer)
    assert_within_limits(blocks, fallback)
    assert fallback.endswith("…")
    assert blocks[-1]["type"] == "context"  # the notice survives the budget
    shown = [t for t in texts(blocks) if re.match(r"\[\d+\] \*", t)]
    hidden = "".join(t for t in texts(blocks) if t.startswith("…and "))
    # Every source is either shown with its quote or named in the overflow line.
    for n in range(1, 31):
        assert any(t.startswith(f"[{n}] *") for t in shown) or f"[{n}] *" in hidden


def test_many_related_passages_fit_the_block_budget() -> None:
    chunk = Chunk(id="c", source="s.md", title="T", text="word " * 2000, start=0, end=10000, index=0)
    related = tuple(Passage(chunk=chunk, score=0.1, rank=i) for i in range(80))
    blocks, fallback = answer_blocks(
        Answer(text="Not in the sources.", grounded=False, mode="extractive", related=related)
    )
    assert_within_limits(blocks, fallback)
    assert "…and " in "\n".join(texts(blocks))


def test_markdown_conversion() -> None:
    converted = markdown_to_mrkdwn(
        "## Summary\n**Bold**, *italic*, __also bold__, ~~gone~~ and `**code**` [2].\n"
        "- first\n* second\nSee [the site](https://example.org/a?b=1&c=2)."
    )
    assert converted.splitlines() == [
        "*Summary*",
        "*Bold*, _italic_, *also bold*, ~gone~ and `**code**` [2].",
        "• first",
        "• second",
        "See <https://example.org/a?b=1&amp;c=2|the site>.",
    ]


def test_escape_and_truncate_never_split_an_escape() -> None:
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    text = escape("<<<<<<<<<<&&&&&&&&&&")
    for limit in range(2, len(text)):
        cut = truncate(text, limit)
        assert len(cut) <= limit and cut.endswith("…")
        assert_well_escaped(cut)
    assert truncate("short", 10) == "short"


def test_related_passage_across_a_page_break_names_both_pages() -> None:
    from assistant.types import PageSpan

    chunk = Chunk(
        id="c1", source="r.pdf", title="Report", text="End of one page.\n\nStart of the next.", start=0, end=36,
        index=0, page=1, pages=(PageSpan(page=1, start=0, end=16), PageSpan(page=2, start=18, end=36)),
    )
    answer = Answer(text="The sources don't say.", grounded=False, mode="extractive", related=(Passage(chunk=chunk, score=0.2, rank=1),))
    joined = "\n".join(texts(answer_blocks(answer)[0]))
    assert "*Report* (pp. 1\u20132)" in joined
