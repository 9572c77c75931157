"""The Streamlit chat UI: ``streamlit run streamlit_app.py`` from the repository root.

A thin front door over the public SDK: pages live in ``ui/pages/``, shared
glue in ``ui/app.py`` and pure rendering helpers in ``ui/render.py``.
Settings come from the environment (``ASSISTANT_CORPUS_DIR``,
``ASSISTANT_DATA_DIR``, ``ASSISTANT_LLM_BASE_URL``, ...).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant import AssistantError
from ui import app, render

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Pakistani Taliban study: cited answers", page_icon=":material/menu_book:", layout="wide"
)

chat = st.Page(str(HERE / "ui/pages/chat.py"), title="Chat", icon=":material/chat:", default=True)
documents = st.Page(str(HERE / "ui/pages/documents.py"), title="Documents", icon=":material/description:")
quality = st.Page(str(HERE / "ui/pages/quality.py"), title="Quality", icon=":material/monitoring:")
page = st.navigation([chat, documents, quality])

try:
    assistant = app.get_assistant()
except AssistantError as exc:
    st.error(str(exc))
    st.stop()


def _resume(session_id: str) -> None:
    try:
        app.load_conversation(session_id)
    except AssistantError as exc:
        st.session_state["_flash"] = str(exc)


def _delete(session_id: str) -> None:
    try:
        assistant.delete_session(session_id)
    except AssistantError as exc:
        st.session_state["_flash"] = str(exc)
        return
    if st.session_state.get("session_id") == session_id:
        app.new_conversation()


# The page runs first so the sidebar already lists a conversation its question just started.
page.run()

with st.sidebar:
    try:
        for line in render.status_lines(app.status(assistant)):
            st.caption(line)
    except AssistantError as exc:
        st.caption(str(exc))
    st.button("New conversation", icon=":material/add:", on_click=app.new_conversation, width="stretch")
    st.subheader("Conversations")
    try:
        sessions = assistant.sessions()
    except AssistantError as exc:
        sessions = []
        st.caption(str(exc))
    if not sessions:
        st.caption("No conversations yet.")
    current = app.current_session()
    for session_id, title, updated_at in sessions[:30]:
        left, right = st.columns([5, 1], vertical_alignment="center")
        label = (title or "Untitled")[:60]
        left.button(
            label,
            type="primary" if session_id == current else "secondary",
            key=f"open-{session_id}",
            help=f"Last message {updated_at[:16].replace('T', ' ')}",
            on_click=_resume,
            args=(session_id,),
            width="stretch",
        )
        right.button(
            ":material/delete:",
            key=f"delete-{session_id}",
            help="Delete this conversation",
            on_click=_delete,
            args=(session_id,),
        )
    if flash := st.session_state.pop("_flash", None):
        st.error(flash)
