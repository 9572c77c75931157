"""Quality page: the latest eval report, or how to make one."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from ui import app

assistant = app.get_assistant()
latest = Path(assistant.settings.data_dir) / "evals" / "latest"
report_md = latest / "report.md"
report_json = latest / "report.json"
charts = sorted(latest.glob("*.png")) if latest.is_dir() else []

st.title("Answer quality")

if not (report_md.is_file() or report_json.is_file() or charts):
    st.info(
        "No evaluation report yet. Produce one with\n\n"
        f"`assistant eval --out {latest}`\n\n"
        "It measures retrieval, citation validity, faithfulness and refusals on the question set, "
        "and this page shows the result.",
        icon=":material/straighten:",
    )
else:
    if report_md.is_file():
        # The report is our own eval runner's Markdown; no HTML is allowed through.
        st.markdown(report_md.read_text(encoding="utf-8", errors="replace"))
    for chart in charts:
        st.image(str(chart), caption=chart.stem.replace("_", " "))
    if report_json.is_file():
        with st.expander("Raw report (report.json)"):
            try:
                st.json(json.loads(report_json.read_text(encoding="utf-8")), expanded=False)
            except (OSError, ValueError) as exc:
                st.warning(f"report.json could not be read: {exc}")
    st.caption(f"From `{latest}`. Refresh with `assistant eval --out {latest}`.")
