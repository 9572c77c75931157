"""The LLM adapter: an OpenAI-compatible client on httpx, its LangChain chat model,
and an optional local llama.cpp server.

``_chat_model`` (LangChain) and ``_local`` (xllamacpp) are imported lazily, so
``import assistant.llm`` stays cheap for callers that only need the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._client import AsyncLLMClient, LLMClient
from ._lazy import LazyLLMClient

if TYPE_CHECKING:
    from ._chat_model import AssistantChatModel
    from ._local import LocalLLMServer, default_gguf, serve

__all__ = ["AssistantChatModel", "AsyncLLMClient", "LLMClient", "LazyLLMClient", "LocalLLMServer", "default_gguf", "serve"]

_LAZY = {
    "AssistantChatModel": "_chat_model",
    "LocalLLMServer": "_local",
    "default_gguf": "_local",
    "serve": "_local",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
