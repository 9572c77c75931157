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


VIEWER_READY = """(() => {
  const box = document.querySelector('[data-testid="source-document"]');
  if (!box) return null;
  const focus = box.querySelector('mark.focus');
  if (!focus) return null;
  // The download button renders after the text: wait for the whole page, not a part of it.
  if (!document.body.innerText.includes('Download the original file')) return null;
  const r = focus.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  return {
    id: focus.id, text: focus.innerText, marks: box.querySelectorAll('mark').length,
    visible: r.bottom > Math.max(0, b.top) && r.top < Math.min(window.innerHeight, b.bottom),
    title: (document.querySelector('h1') || {}).innerText || '',
    body: document.body.innerText,
  };
})()"""


def test_clicking_a_citation_opens_the_source_viewer_at_the_quote(
    browser: DevTools, streamlit_url: str, tmp_path: Path
) -> None:
    browser.call("Page.navigate", url=streamlit_url)
    browser.wait_for(f"!!document.querySelector('{CHAT_INPUT}')", limit=90, what="the chat input")
    browser.evaluate(f"document.querySelector('{CHAT_INPUT}').focus()")
    browser.type_text(QUESTION)
    browser.wait_for(
        f"document.querySelector('{CHAT_INPUT}').value === {json.dumps(QUESTION)}", limit=10, what="the question"
    )
    browser.press_enter()
    browser.wait_for(ANSWER_READY, limit=240, what="a cited answer")
    # The [1] in the answer text is a link to the viewer.
    link = browser.wait_for(
        """(() => {
          const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
          const last = msgs[msgs.length - 1];
          const a = [...last.querySelectorAll('a')].find(a => a.innerText.trim() === '[1]');
          return a ? {href: a.href, target: a.target} : null;
        })()""",
        limit=30,
        what="a clickable [1] marker",
    )
    assert "/source?" in link["href"] and "doc=escalation-of-threats" in link["href"], link
    assert link["target"] == "_blank", link  # the viewer opens beside the chat, which stays as it was
    shot = browser.screenshot(tmp_path / "chat-clickable-citation.png")
    print(f"screenshot: {shot}")

    # Follow the link (a new tab in a desktop browser: the chat stays open) in this page.
    browser.call("Page.navigate", url=link["href"])
    found = browser.wait_for(VIEWER_READY, limit=90, what="the source viewer with the quote marked")
    assert found["id"] == "cite-1" and "Paktika" in found["text"], found
    assert found["visible"], "the viewer did not scroll to the quote"
    assert found["title"].startswith("The Escalation of Threats by the Pakistani Taliban")
    assert "escalation-of-threats-by-the-pakistani-taliban.md" in found["body"]
    assert "Download the original file" in found["body"]
    assert "Nora Al Habsi" in found["body"]  # the document's details
    assert "Traceback" not in found["body"]
    time.sleep(0.5)  # let the scroll settle before the capture
    shot = browser.screenshot(tmp_path / "source-viewer.png")
    width, height = _png_size(shot.read_bytes())
    print(f"screenshot: {shot} ({width}x{height})")
    assert width >= 800 and height >= 600


def _ask_and_follow_marker(browser: DevTools, url: str, question: str) -> str:
    """Ask ``question`` in the chat and return the href of the answer's [1] marker."""
    browser.call("Page.navigate", url=url)
    browser.wait_for(f"!!document.querySelector('{CHAT_INPUT}')", limit=90, what="the chat input")
    browser.evaluate(f"document.querySelector('{CHAT_INPUT}').focus()")
    browser.type_text(question)
    browser.wait_for(
        f"document.querySelector('{CHAT_INPUT}').value === {json.dumps(question)}", limit=10, what="the question"
    )
    browser.press_enter()
    browser.wait_for(ANSWER_READY, limit=240, what="a cited answer")
    link = browser.wait_for(
        """(() => {
          const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
          const a = [...msgs[msgs.length - 1].querySelectorAll('a')].find(a => a.innerText.trim() === '[1]');
          return a ? a.href : null;
        })()""",
        limit=30,
        what="a clickable [1] marker",
    )
    return str(link)


def test_pdf_citation_opens_the_rendered_page_with_the_quote_boxed(
    browser: DevTools, streamlit_url: str, streamlit_corpus: Path, tmp_path: Path
) -> None:
    from tests.test_loaders import make_pdf

    (streamlit_corpus / "harbour.pdf").write_bytes(
        make_pdf(
            [
                ["Annual report of the harbour authority.", "Ships arrived in good order all year."],
                ["The harbour master counted 733 container ships in 2022.", "Most of them came from the north."],
            ],
            title="Harbour report",
        )
    )
    href = _ask_and_follow_marker(browser, streamlit_url, "How many container ships did the harbour master count?")
    assert "doc=harbour.pdf" in href, href
    browser.call("Page.navigate", url=href)
    found = browser.wait_for(
        """(() => {
          const img = [...document.querySelectorAll('[data-testid="stImage"] img, img')]
            .find(i => i.naturalWidth > 400 && i.complete);
          const mark = document.querySelector('[data-testid="source-document"] mark.focus');
          if (!img || !mark) return null;
          return {caption: document.body.innerText, mark: mark.innerText, width: img.naturalWidth};
        })()""",
        limit=90,
        what="the rendered PDF page and the marked quote",
    )
    assert "Page 2, the cited passage boxed" in found["caption"], found["caption"][-800:]
    assert "733 container ships" in found["mark"]
    assert "page 2" in found["caption"]  # the cited-passages line names the quote's page
    browser.evaluate(
        "(document.querySelector('[data-testid=\"stImage\"]') || document.body).scrollIntoView({block: 'start'})"
    )
    time.sleep(0.5)
    shot = browser.screenshot(tmp_path / "pdf-viewer.png")
    print(f"screenshot: {shot}")
