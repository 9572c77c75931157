"""Shared fixtures. Each real-server fixture lives in its own plugin module."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

pytest_plugins = [
    "tests.plugins.core",
    "tests.plugins.llm_server",
    "tests.plugins.slack_fake",
    "tests.plugins.chroma_server",
    "tests.plugins.browser",
]

# Keep third-party caches and tracing out of the user's home, and the environment
# out of Settings, for every test.
for _name in list(os.environ):
    if _name.startswith("ASSISTANT_") or _name.startswith("SLACK_") or _name.startswith("LANGSMITH"):
        del os.environ[_name]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# matplotlib (the eval report's charts, the UI tests) writes its font cache under the home
# folder: a temporary one of this process instead, removed when it exits (its children, the
# CLI runs, inherit it).
if "MPLCONFIGDIR" not in os.environ:
    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="mplconfig-")
    atexit.register(shutil.rmtree, os.environ["MPLCONFIGDIR"], True)
