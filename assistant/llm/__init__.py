"""The LLM adapter: an OpenAI-compatible client on httpx, its LangChain chat model,
and an optional local llama.cpp server.

``chat_model`` (LangChain) and ``local`` (xllamacpp) are imported lazily, so
``import assistant.llm`` stays cheap for callers that only need the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .client import AsyncLLMClient, LLMClient

if TYPE_CHECKING:
    from .chat_model import AssistantChatModel
    from .local import LocalLLMServer, default_gguf, serve

__all__ = ["AssistantChatModel", "AsyncLLMClient", "LLMClient", "LocalLLMServer", "default_gguf", "serve"]

_LAZY = {
    "AssistantChatModel": "chat_model",
    "LocalLLMServer": "local",
    "default_gguf": "local",
    "serve": "local",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
