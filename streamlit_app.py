"""The Streamlit chat UI: ``streamlit run streamlit_app.py`` from the repository root.

A thin front door over the public SDK: pages live in ``ui/pages/``, shared
glue in ``ui/app.py`` and pure rendering helpers in ``ui/render.py``.
Settings come from the environment (``ASSISTANT_CORPUS_DIR``,
``ASSISTANT_DATA_DIR``, ``ASSISTANT_LLM_BASE_URL``, ...).
"""

from __future__ import annotations

from datetime import UTC, datetime
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
viewer = st.Page(
    str(HERE / "ui/pages/source.py"), title="Sources", icon=":material/find_in_page:", url_path="source"
)
page = st.navigation([chat, documents, viewer, quality])

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


def _ask_delete(session_id: str) -> None:
    st.session_state["_confirm_delete"] = session_id


def _cancel_delete() -> None:
    st.session_state.pop("_confirm_delete", None)


def _delete(session_id: str) -> None:
    st.session_state.pop("_confirm_delete", None)
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
    # A calm tint marks the open conversation; titles wrap instead of being cut.
    st.markdown(
        "<style>"
        f".st-key-open-{render.css_escape(current)} button "
        "{ background: rgba(49,130,206,0.10); border-color: rgba(49,130,206,0.45); }"
        "[class*='st-key-open-'] button { justify-content: flex-start; text-align: left; }"
        "[class*='st-key-open-'] button p { white-space: normal; text-align: left; }"
        "</style>",
        unsafe_allow_html=True,
    )
    today = datetime.now(UTC).date().isoformat()
    pending = st.session_state.get("_confirm_delete")
    by_origin: dict[str, list[tuple[str, str, str]]] = {}
    for row in sessions[:60]:
        by_origin.setdefault(render.conversation_origin(row[0]), []).append(row)
    for origin in ("web", "cli", "slack", "sdk"):
        rows = by_origin.get(origin)
        if not rows:
            continue
        if origin != "web" or len(by_origin) > 1:
            st.caption(f"**{render.ORIGIN_LABELS[origin]}**")
        for session_id, title, updated_at in rows:
            left, right = st.columns([4, 1], vertical_alignment="center")
            label = (title or "Untitled").strip()
            label = label if len(label) <= 80 else label[:79].rsplit(" ", 1)[0] + "…"
            left.button(
                f"{label}  \n:gray[{render.conversation_when(updated_at, today)}]",
                key=f"open-{session_id}",
                help=f"{render.ORIGIN_LABELS[origin]}; last message {updated_at[:16].replace('T', ' ')} UTC",
                on_click=_resume,
                args=(session_id,),
                width="stretch",
            )
            right.button(
                ":material/delete:",
                key=f"delete-{session_id}",
                help="Delete this conversation",
                on_click=_ask_delete,
                args=(session_id,),
            )
            if pending == session_id:
                st.warning(f"Delete “{label}” and its answers? This cannot be undone.")
                yes, no = st.columns(2)
                yes.button("Delete", key="confirm-delete", type="primary", on_click=_delete, args=(session_id,))
                no.button("Cancel", key="cancel-delete", on_click=_cancel_delete)
    if flash := st.session_state.pop("_flash", None):
        st.error(flash)
