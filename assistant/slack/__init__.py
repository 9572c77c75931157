"""Slack front door: cited answers in threads, follow-ups in the same thread.

Run it with ``assistant slack --socket`` (Socket Mode) or ``assistant slack --http``
(Events API); see ``docs/slack.md`` and ``manifest.yaml`` in this folder.
"""

from __future__ import annotations

from assistant.slack.app import create_app, make_http_server, run_http, run_socket_mode, socket_mode_handler
from assistant.slack.blocks import answer_blocks

__all__ = [
    "answer_blocks",
    "create_app",
    "make_http_server",
    "run_http",
    "run_socket_mode",
    "socket_mode_handler",
]
