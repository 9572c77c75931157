"""A request for more of the last answer: what the text says next, cited."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant, Settings
from assistant.answering._followups import resolve_followup
from assistant.answering._more import NO_SOURCES, NOTHING_MORE, NOTHING_TO_GO_ON, continued
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import Chunk, Citation, SentenceSpan, Turn

HARBOUR = """# The harbour

## The ferry

The Tarnwick ferry first sailed in 1998. It carries forty cars on each crossing. In winter it sails twice a day. The crew of six is led by a master. Tickets are sold on board.

## The pier

The pier was rebuilt in 2004. It is three hundred metres long.
"""


def _assistant(tmp_path: Path) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    return Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder(), store=InMemoryStore())


def test_tell_me_more_quotes_what_the_section_says_next(tmp_path: Path) -> None:
    with _assistant(tmp_path) as assistant:
        first = assistant.chat("s", "When did the Tarnwick ferry first sail?")
        assert first.outcome == "answered" and "first sailed in 1998" in first.citations[0].quote
        more = assistant.chat("s", "Tell me more.")
        assert more.outcome == "answered"
        assert [c.quote for c in more.citations] == [
            "It carries forty cars on each crossing.",
            "In winter it sails twice a day.",
            "The crew of six is led by a master.",
        ]
        assert more.resolved_question == "More on: When did the Tarnwick ferry first sail?"
        text = (tmp_path / "corpus" / "harbour.md").read_text(encoding="utf-8")
        assert all(text[c.start : c.end] == c.quote for c in more.citations)
        # Again: the rest of the section, then nothing more, said as such, never a repeat.
        again = assistant.chat("s", "Go on.")
        assert [c.quote for c in again.citations] == ["Tickets are sold on board."]
        last = assistant.chat("s", "More, please.")
        assert last.outcome == "not_answered" and last.text == NOTHING_MORE


def test_a_request_for_more_is_read_only_when_bare() -> None:
    answer = {"grounded": True, "answer": "1998 [1].", "citations": []}
    history = [Turn(role="user", content="When did it sail?", resolved="When did it sail?"), Turn(role="assistant", content="", answer=answer)]
    for message in ("Tell me more.", "Can you elaborate?", "OK, go on.", "More details, please", "Expand on that."):
        assert resolve_followup(message, history).more == answer, message
    for message in ("Tell me more about the pier.", "More than forty?", "Continue the story."):
        assert resolve_followup(message, history).more is None, message
    # After an answer that declined there is nothing to go on from (an empty mapping).
    declined = [history[0], Turn(role="assistant", content="", answer={"grounded": False, "citations": []})]
    assert resolve_followup("Tell me more.", declined).more == {}


def test_continued_stays_in_the_section_and_skips_what_was_quoted() -> None:
    sentences = ["The first part opens the section.", "The second part goes on with it.", "The third part ends the section."]
    text = " ".join(sentences) + "\n\nThe next section begins here."
    spans, at = [], 0
    for sentence in sentences:
        spans.append((at, at + len(sentence)))
        at += len(sentence) + 1
    cut = spans[-1][1]
    first = Chunk(
        id="c0", source="d.md", title="D", text=text[:cut], start=0, end=cut, index=0, section="Alpha",
        sentences=tuple(SentenceSpan(start=a, end=b, text=text[a:b]) for a, b in spans),
    )
    begin = text.index("The next")
    second = Chunk(
        id="c1", source="d.md", title="D", text=text[begin:], start=begin, end=len(text), index=1, section="Beta",
        sentences=(SentenceSpan(start=begin, end=len(text), text=text[begin:]),),
    )

    def cite(n: int, i: int) -> Citation:
        a, b = spans[i]
        return Citation(n=n, source="d.md", title="D", chunk_id="c0", start=a, end=b, quote=text[a:b])

    more = continued([cite(1, 0)], [first, second])
    assert more is not None and [c.quote for c in more.citations] == sentences[1:]
    assert all(text[c.start : c.end] == c.quote for c in more.citations)
    # A sentence already quoted is not quoted again; past the section's end there is nothing.
    done = continued([cite(1, 0), cite(2, 2)], [first, second])
    assert done is not None and not done.grounded and done.text == NOTHING_MORE
    # Citations of a document the chunks are not of: no reading at all.
    assert continued([Citation(n=1, source="x.md", title="X", chunk_id="x", start=0, end=5, quote="Other")], [first]) is None


def test_where_does_it_say_that_gives_the_last_answers_sources(tmp_path: Path) -> None:
    with _assistant(tmp_path) as assistant:
        first = assistant.chat("s", "When did the Tarnwick ferry first sail?")
        assert first.outcome == "answered"
        for message in ("Where does it say that?", "Source?", "Which page is that on?"):
            sources = assistant.chat("s", message)
            assert sources.outcome == "answered", message
            assert [c.quote for c in sources.citations] == [c.quote for c in first.citations]
            assert sources.text.startswith("From “The harbour”, section “The harbour > The ferry”: “The Tarnwick ferry first sailed in 1998.”")
            assert sources.resolved_question == "Sources of: When did the Tarnwick ferry first sail?"
        # After "Tell me more." that found nothing more, the sources are still the answer's.
        assert assistant.chat("s", "When was the pier rebuilt?").outcome == "answered"
        assistant.chat("s", "Tell me more.")
        assert assistant.chat("s", "Tell me more.").text == NOTHING_MORE
        assert "It is three hundred metres long." in assistant.chat("s", "Where does it say that?").text
        # A question the sources did not answer has no sources and nothing to go on from.
        assert assistant.chat("s", "Who painted the lighthouse?").outcome == "not_answered"
        assert assistant.chat("s", "Where does it say that?").text == NO_SOURCES
        assert assistant.chat("s", "Tell me more.").text == NOTHING_TO_GO_ON


def test_a_request_about_the_last_answer_asks_no_model(tmp_path: Path) -> None:
    from assistant.testing import ScriptedChatModel

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    model = ScriptedChatModel(["The Tarnwick ferry first sailed in 1998 [1]."])
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore(), llm=model) as assistant:
        assert assistant.chat("s", "When did the Tarnwick ferry first sail?").grounded
        asked = len(model.requests)
        more = assistant.chat("s", "Tell me more.")
        sources = assistant.chat("s", "Source?")
        assert len(model.requests) == asked  # no rewrite, no answer, no judge
        assert more.outcome == "answered" and more.citations[0].quote == "It carries forty cars on each crossing."
        assert sources.outcome == "answered" and sources.citations


def test_the_sources_of_an_answer_whose_document_changed_are_not_shown_as_current(tmp_path: Path) -> None:
    from assistant.answering._more import SOURCES_CHANGED

    with _assistant(tmp_path) as assistant:
        assert assistant.chat("s", "When did the Tarnwick ferry first sail?").outcome == "answered"
        (tmp_path / "corpus" / "harbour.md").write_text(HARBOUR.replace("first sailed in 1998", "first sailed in 1999"), encoding="utf-8")
        assistant.ingest()
        answer = assistant.chat("s", "Where does it say that?")
        assert answer.outcome == "not_answered" and answer.text == SOURCES_CHANGED
