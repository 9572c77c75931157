"""Cited, verifiable answers over a folder of documents.

>>> from assistant import Assistant
>>> with Assistant() as assistant:
...     answer = assistant.ask("Who wrote the study?")
"""

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
