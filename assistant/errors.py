"""The one error tree of the assistant.

Every failure a user can see is an :class:`AssistantError`; foreign errors
(httpx, chromadb, onnxruntime, file parsers) are translated at the one adapter
that touches them and chained with ``raise ... from exc``.

::

    AssistantError                 one clear line, plus the next step (``hint``)
    ├── UsageError                 bad input from the caller (empty question, bad flag)
    ├── ConfigError                a setting is missing or invalid
    ├── ModelError                 the embedding model files are missing or broken
    ├── IndexError_                the vector index
    │   ├── IndexUnavailableError  the Chroma server or directory cannot be reached
    │   ├── IndexMismatchError     the index was built with another embedding model
    │   └── IndexBusyError         another process holds the ingest lock
    ├── LoaderError                one file could not be read (ingest skips it)
    ├── SessionError               the conversation store failed
    └── LLMError                   the model endpoint
        ├── LLMConnectionError     cannot connect
        ├── LLMTimeoutError        connect/read timeout or the answer deadline passed
        ├── LLMStatusError         HTTP error status (``status_code``)
        └── LLMResponseError       malformed response or stream

Front doors print ``str(error)``, which already ends with the hint.
"""

from __future__ import annotations

__all__ = [
    "AssistantError",
    "ConfigError",
    "IndexBusyError",
    "IndexError_",
    "IndexMismatchError",
    "IndexUnavailableError",
    "LLMConnectionError",
    "LLMError",
    "LLMResponseError",
    "LLMStatusError",
    "LLMTimeoutError",
    "LoaderError",
    "ModelError",
    "SessionError",
    "UsageError",
]


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose.

    ``message`` says what went wrong in one line; ``hint`` names the next step.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} ({hint})")


class UsageError(AssistantError):
    """The caller passed something unusable (CLI exit code 2)."""


class ConfigError(AssistantError):
    """A setting is missing or invalid."""


class ModelError(AssistantError):
    """The embedding model cannot be loaded."""


class IndexError_(AssistantError):
    """Base for vector-index failures."""


class IndexUnavailableError(IndexError_):
    """The Chroma directory or server cannot be used."""


class IndexMismatchError(IndexError_):
    """The index was built with a different embedding model or chunking."""


class IndexBusyError(IndexError_):
    """Another process is ingesting into the same index."""


class LoaderError(AssistantError):
    """A file could not be turned into a document."""


class SessionError(AssistantError):
    """The conversation store failed."""


class LLMError(AssistantError):
    """Base for failures of the chat-completions endpoint."""


class LLMConnectionError(LLMError):
    """The endpoint could not be reached."""


class LLMTimeoutError(LLMError):
    """A timeout or the per-answer deadline expired."""


class LLMStatusError(LLMError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, message: str, *, status_code: int, hint: str | None = None) -> None:
        self.status_code = status_code
        super().__init__(message, hint=hint)


class LLMResponseError(LLMError):
    """The endpoint's response (or stream) could not be parsed."""
