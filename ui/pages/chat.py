"""Chat page: one conversation per chat, every answer with checkable sources."""

from __future__ import annotations

import streamlit as st

from assistant import AssistantError
from ui import app, render

assistant = app.get_assistant()
session_id = app.current_session()
messages: list[dict] = st.session_state.setdefault("messages", [])

st.title("Ask the study")
st.caption(
    "Questions about “The Escalation of Threats by the Pakistani Taliban” (TRENDS Research and Advisory) "
    "and any documents you add. Every claim carries a [n] marker: open Sources to see the exact passage."
)

for message in messages:
    with st.chat_message(message["role"]):
        if message["role"] == "assistant" and message.get("answer"):
            app.render_answer(message["answer"], assistant)
        else:
            st.markdown(render.escape_markdown(message["content"]))

question = st.chat_input("Ask a question about the study…", max_chars=None)
if question is not None:
    if not question.strip():
        st.info(
            "Type a question first, for example: Which provinces did Pakistan strike?", icon=":material/edit:"
        )
    else:
        mode = app.status(assistant).get("mode", "extractive")
        # The new turn is drawn in one slot, so a failed turn can be taken back off the page.
        slot = st.empty()
        with slot.container():
            with st.chat_message("user"):
                st.markdown(
                    render.escape_markdown(question if len(question) <= 2000 else question[:2000] + " …")
                )
            with st.chat_message("assistant"):
                try:
                    answer = app.answer_turn(assistant, session_id, question, str(mode))
                except AssistantError as exc:
                    failure: str | None = str(exc)
                else:
                    failure = None
                    app.render_answer(answer.to_dict(), assistant)
        if failure is not None:
            slot.empty()
            st.error(failure, icon=":material/error:")  # the conversation stays as it was
        else:
            messages.append({"role": "user", "content": question})
            messages.append({"role": "assistant", "content": answer.text, "answer": answer.to_dict()})
            app.invalidate_status()
