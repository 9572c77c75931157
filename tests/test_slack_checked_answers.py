"""Slack never shows the model's unchecked text: the thread gets "Looking it up…" and then
the checked answer, through the real bot against the local Slack API stand-in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.slack.blocks import PLACEHOLDER_TEXT
from assistant.testing import HashingEmbedder, InMemoryStore, JudgingChatModel
from tests.plugins.slack_fake import BOT_USER_ID, FakeSlackApi
from tests.test_slack_app import CHANNEL, event_body, mention, new_ts, serve_http, slack_settings

DOC = """---
title: The Harbour Report
authors: Mara Lind; Oskar Berg
---
# The Harbour Report

The new harbour opened in 2019 after six years of construction. It handles about 40,000 containers a month.
"""
HALLUCINATION = "It was paid for by the Velmora city council."


@pytest.fixture()
def harbour_settings(tmp_path: Path, slack_api: FakeSlackApi) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(DOC, encoding="utf-8")
    return slack_settings(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), slack_api)


@pytest.fixture()
def executor() -> Iterator[ThreadPoolExecutor]:
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-checked")
    yield pool
    pool.shutdown(wait=True)


def test_thread_shows_looking_it_up_then_only_the_checked_answer(
    harbour_settings: Settings, slack_api: FakeSlackApi, executor: ThreadPoolExecutor
) -> None:
    model = JudgingChatModel(
        [f"The new harbour opened in 2019 [1]. {HALLUCINATION[:-1]} [1]."],
        verdicts={HALLUCINATION: "not_supported"},
    )
    with Assistant(harbour_settings, embedder=HashingEmbedder(), store=InMemoryStore(), llm=model) as assistant:
        with serve_http(assistant, harbour_settings, executor) as bot:
            ts = new_ts()
            response = bot.post(event_body(mention(f"<@{BOT_USER_ID}> When did the new harbour open?", ts=ts)))
            assert response.status_code == 200
            [reply] = slack_api.wait_for_reply(CHANNEL, ts)
    assert model.requests, "the model was asked"
    writes = slack_api.calls_of("chat.postMessage") + slack_api.calls_of("chat.update")
    assert writes[0].params["text"] == PLACEHOLDER_TEXT
    # Nothing the bot ever wrote to Slack held the model's unsupported sentence.
    for call in writes:
        assert "Velmora" not in json.dumps(call.params), call.params
    text = reply.all_text()
    assert "The new harbour opened in 2019. [1]" in text and "*Sources*" in text
