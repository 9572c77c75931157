"""Cited, verifiable answers over a folder of documents.

>>> from assistant import Assistant
>>> with Assistant() as assistant:
...     answer = assistant.ask("Who wrote the study?")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Settings
    from .errors import AssistantError
    from .sdk import Assistant
    from .types import Answer, Citation, IngestReport, Passage, SkippedFile, SourceInfo, Turn

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Citation",
    "IngestReport",
    "Passage",
    "Settings",
    "SkippedFile",
    "SourceInfo",
    "Turn",
]
__version__ = "0.1.0"

# The public names are imported on first use, so that importing the package (which every
# submodule import does) costs nothing: the command line starts loading the embedding model
# before it imports the answering code (see ``assistant.cli``).
_WHERE = {
    "Answer": ".types",
    "Assistant": ".sdk",
    "AssistantError": ".errors",
    "Citation": ".types",
    "IngestReport": ".types",
    "Passage": ".types",
    "Settings": ".config",
    "SkippedFile": ".types",
    "SourceInfo": ".types",
    "Turn": ".types",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
