"""Chat page: one conversation per chat, every answer with checkable sources."""

from __future__ import annotations

import streamlit as st

from assistant import AssistantError
from ui import app, render

assistant = app.get_assistant()
session_id = app.current_session()
messages: list[dict] = st.session_state.setdefault("messages", [])
limit = int(assistant.settings.max_question_chars)
INPUT_KEY = "question_input"


def _check_length() -> None:
    """Refuse an over-long question before it is sent, keeping the typed text in the box."""
    typed = st.session_state.get(INPUT_KEY)
    text = typed if isinstance(typed, str) else ""
    if (reason := render.too_long(text, limit)) is not None:
        st.session_state["_too_long"] = reason
        st.session_state[INPUT_KEY] = text  # the box keeps what was typed


st.title("Ask your documents")
st.caption(
    "Answers quote or cite the indexed documents. Every claim carries a [n] marker: "
    "click it to open the passage in its document."
)

answer_number = 0
for index, message in enumerate(messages):
    with st.chat_message(message["role"]):
        if message["role"] == "assistant" and message.get("answer"):
            app.render_answer(
                message["answer"], assistant, key=f"{session_id}-{index}", feedback=(session_id, answer_number)
            )
            answer_number += 1
        else:
            st.markdown(render.escape_markdown(message["content"]))

question = st.chat_input("Ask a question about the documents…", key=INPUT_KEY, on_submit=_check_length)
if refused := st.session_state.pop("_too_long", None):
    question = None
    st.error(refused, icon=":material/error:")

if not messages and question is None:
    try:
        sources = assistant.sources()
        if not sources and render.unindexed_files(assistant.settings.corpus_dir, set()):
            # The first question would index the folder anyway; doing it now lets the
            # examples below come from the documents' own titles.
            with st.spinner("Indexing the documents…"):
                assistant.ingest()
            sources = assistant.sources()
            app.invalidate_status()
        titles = [s.title for s in sources]
    except AssistantError as exc:
        titles = []
        st.caption(str(exc))
    if examples := render.example_questions(titles):
        slot = st.empty()
        with slot.container():
            st.caption("Try one of these:")
            for number, example in enumerate(examples):
                if st.button(example, key=f"example-{number}", icon=":material/lightbulb:"):
                    question = example
        if question is not None:
            slot.empty()  # the chat has started

if question is not None:
    if not question.strip():
        st.info("Type a question first.", icon=":material/edit:")
    else:
        mode = app.status(assistant).get("mode", "extractive")
        # The new turn is drawn in one slot, so a failed turn can be taken back off the page.
        slot = st.empty()
        with slot.container():
            with st.chat_message("user"):
                st.markdown(render.escape_markdown(question))
            with st.chat_message("assistant"):
                try:
                    answer = app.answer_turn(assistant, session_id, question, str(mode))
                except AssistantError as exc:
                    failure: str | None = str(exc)
                else:
                    failure = None
                    app.render_answer(
                        answer.to_dict(),
                        assistant,
                        key=f"{session_id}-{len(messages) + 1}",
                        feedback=(session_id, answer_number),
                    )
        if failure is not None:
            slot.empty()
            st.error(failure, icon=":material/error:")  # the conversation stays as it was
        else:
            messages.append({"role": "user", "content": question})
            messages.append({"role": "assistant", "content": answer.text, "answer": answer.to_dict()})
            app.invalidate_status()
