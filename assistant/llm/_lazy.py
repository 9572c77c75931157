"""A chat client built from ``Settings`` on first use, so building an
:class:`~assistant.Assistant` never touches the endpoint's configuration until a question
needs the model (and a bad URL fails there, as one clear error)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from ..config import Settings
from ._client import LLMClient

__all__ = ["LazyLLMClient"]


class LazyLLMClient:
    """Satisfies :class:`~assistant.protocols.ChatClient`; closes only a client it built."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client: LLMClient | None = None
        self._lock = threading.Lock()

    def get(self) -> LLMClient:
        with self._lock:
            if self._client is None:
                self._client = LLMClient.from_settings(self._settings)
            return self._client

    def complete(self, messages: Sequence[Any], **options: Any) -> str:
        return self.get().complete(messages, **options)

    def stream(self, messages: Sequence[Any], **options: Any) -> Iterator[str]:
        return self.get().stream(messages, **options)

    def ping(self) -> bool:
        return self.get().ping()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
