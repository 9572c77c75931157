"""The chat page in a real headless Chromium: ask, see the cited answer, capture it."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

import pytest

from tests.plugins.browser import DevTools

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Which provinces did Pakistan strike?"
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
ANSWER_READY = """(() => {
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (msgs.length < 2) return null;
  const last = msgs[msgs.length - 1];
  const marks = [...last.querySelectorAll('mark')].map(m => m.innerText);
  if (!marks.length) return null;
  return {text: last.innerText, marks: marks};
})()"""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_question_in_a_real_browser_shows_cited_answer(
    browser: DevTools, streamlit_url: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    browser.call("Page.navigate", url=streamlit_url)
    browser.wait_for(f"!!document.querySelector('{CHAT_INPUT}')", limit=90, what="the chat input")
    browser.evaluate(f"document.querySelector('{CHAT_INPUT}').focus()")
    browser.type_text(QUESTION)
    browser.wait_for(
        f"document.querySelector('{CHAT_INPUT}').value === {json.dumps(QUESTION)}",
        limit=10,
        what="the typed question",
    )
    browser.press_enter()
    found = browser.wait_for(ANSWER_READY, limit=240, what="a cited answer with a highlighted passage")
    print(f"question to rendered answer: {time.monotonic() - started:.1f}s")

    assert "Paktika" in found["text"] and "Khost" in found["text"]
    assert "[1]" in found["text"]
    assert any("Paktika" in mark for mark in found["marks"]), found["marks"]
    sources = browser.evaluate(
        "[...document.querySelectorAll('[data-testid=\"stExpander\"]')].map(e => e.innerText).join('\\n')"
    )
    assert "escalation-of-threats-by-the-pakistani-taliban.md" in sources
    assert "Traceback" not in browser.evaluate("document.body.innerText")

    # Let the sidebar catch up (it lists the new conversation) before the capture.
    browser.wait_for(
        "document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes('Which provinces')",
        limit=30,
        what="the conversation in the sidebar",
    )
    shot = browser.screenshot(tmp_path / "chat-answer.png")
    data = shot.read_bytes()
    width, height = _png_size(data)
    print(f"screenshot: {shot} ({len(data)} bytes, {width}x{height})")
    assert width >= 800 and height >= 600
    from PIL import Image  # matplotlib's dependency; a blank page has a single colour

    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the screenshot looks blank"
