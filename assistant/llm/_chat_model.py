"""A LangChain chat model over :class:`~assistant.llm.LLMClient`.

It lets the answer chain stay a LangChain runnable (``invoke``, ``stream``,
``ainvoke``, ``astream``, batching, callbacks) while every request still goes
through our client, with its deadline, retries and typed errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

from ..config import Settings
from ._client import AsyncLLMClient, LLMClient

__all__ = ["AssistantChatModel", "to_openai_messages"]


def to_openai_messages(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as OpenAI ``{"role", "content"}`` dicts (text content only)."""
    converted: list[dict[str, str]] = []
    for message in messages:
        if isinstance(message, SystemMessage):
            role = "system"
        elif isinstance(message, HumanMessage):
            role = "user"
        elif isinstance(message, AIMessage):
            role = "assistant"
        elif isinstance(message, ToolMessage):
            role = "tool"
        elif isinstance(message, ChatMessage):
            role = message.role
        else:
            raise TypeError(f"unsupported message type {type(message).__name__}")
        converted.append({"role": role, "content": message.text})
    return converted


class AssistantChatModel(BaseChatModel):
    """Chat model backed by an OpenAI-compatible endpoint through our own client.

    ``client`` serves the sync API; ``async_client`` (optional) serves the async
    API natively, otherwise async calls run the sync client in an executor.
    Clients passed in are not closed by :meth:`close`; those built by
    :meth:`from_settings` are. ``stop`` and any call kwargs (``temperature``,
    ``max_tokens``, ``deadline`` ...) are passed on to the client.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: LLMClient = Field(exclude=True)
    async_client: AsyncLLMClient | None = Field(default=None, exclude=True)
    _owned: bool = PrivateAttr(default=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> AssistantChatModel:
        """A model with sync and async clients built from ``settings.llm_*`` (closed by :meth:`close`)."""
        model = cls(client=LLMClient.from_settings(settings), async_client=AsyncLLMClient.from_settings(settings))
        model._owned = True
        return model

    def close(self) -> None:
        """Close the clients this model created itself (outside a running event loop)."""
        if not self._owned:
            return
        self.client.close()
        if self.async_client is not None:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                asyncio.run(self.async_client.aclose())
            else:
                raise RuntimeError("inside an event loop, await AssistantChatModel.aclose() instead")

    async def aclose(self) -> None:
        """Close the clients this model created itself."""
        if self._owned:
            self.client.close()
            if self.async_client is not None:
                await self.async_client.aclose()

    @property
    def _llm_type(self) -> str:
        return "openai-compatible-httpx"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"base_url": self.client.base_url, "model": self.client.model}

    @staticmethod
    def _options(stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        options = {k: v for k, v in kwargs.items() if k != "stream"}
        if stop:
            options["stop"] = list(stop)
        return options

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = self.client.complete(to_openai_messages(messages), **self._options(stop, kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for text in self.client.stream(to_openai_messages(messages), **self._options(stop, kwargs)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager is not None:
                run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.async_client is None:
            return await super()._agenerate(messages, stop, run_manager, **kwargs)
        text = await self.async_client.acomplete(to_openai_messages(messages), **self._options(stop, kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        if self.async_client is None:
            async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
                yield chunk
            return
        async for text in self.async_client.astream(to_openai_messages(messages), **self._options(stop, kwargs)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager is not None:
                await run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk
