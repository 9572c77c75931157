"""Settings: the only reader of the environment.

Every option has an ``ASSISTANT_`` environment variable (``ASSISTANT_DATA_DIR``
for ``data_dir`` and so on); the Slack credentials also accept Slack's own
names (``SLACK_BOT_TOKEN``, ``SLACK_APP_TOKEN``, ``SLACK_SIGNING_SECRET``).
Secrets are :class:`pydantic.SecretStr`, so they never show in a repr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


def _default_corpus_dir() -> Path:
    return Path("corpus")


class Settings(BaseSettings):
    """Configuration of an :class:`~assistant.Assistant` and its front doors."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    # --- documents and storage -------------------------------------------------
    corpus_dir: Path = Field(default_factory=_default_corpus_dir, description="Folder of documents to index.")
    data_dir: Path = Field(default=Path(".assistant"), description="Index, sessions and caches.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; embedded when unset.")
    collection: str = Field(default="documents", description="Chroma collection name.")
    chroma_timeout: float = Field(
        default=6.0, gt=0, le=600, description="Seconds any one call to a Chroma server may take (connect: at most 3)."
    )

    # --- chunking and retrieval --------------------------------------------------
    chunk_size: int = Field(default=700, ge=100, le=8000, description="Target chunk size in characters.")
    chunk_overlap: int = Field(default=1, ge=0, le=5, description="Sentences repeated between chunks.")
    top_k: int = Field(default=5, ge=1, le=50, description="Passages retrieved per question.")
    embedding_batch_size: int = Field(default=32, ge=1, le=512)
    embedding_threads: int = Field(default=0, ge=0, le=256, description="Embedding threads; 0 = one per core.")

    # --- answering ----------------------------------------------------------------
    max_question_chars: int = Field(default=4000, ge=1)
    unsupported: Literal["remove", "mark"] = Field(
        default="remove", description="What to do with LLM sentences their citations do not support."
    )

    # --- LLM endpoint (OpenAI-compatible) ----------------------------------------
    llm_base_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:8080/v1")
    llm_model: str = Field(default="default")
    llm_api_key: SecretStr | None = None
    llm_headers: dict[str, str] = Field(default_factory=dict, description="Extra HTTP headers (JSON).")
    llm_connect_timeout: float = Field(default=3.0, gt=0)
    llm_read_timeout: float = Field(default=30.0, gt=0)
    llm_deadline: float = Field(default=60.0, gt=0, description="Overall seconds per answer.")
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_temperature: float = Field(default=0.1, ge=0, le=2)
    llm_max_tokens: int = Field(default=400, ge=1)

    # --- The judge of the model's sentences (and of eval answers) ----------------
    # In the LLM mode each answer's sentences are judged in one request to the judge endpoint
    # when these are set, else to the answer model; "offline" keeps the offline checker alone.
    answer_judge: Literal["model", "offline"] = Field(
        default="model", description="Who judges the meaning of the model's sentences: the model, or the offline checker."
    )
    judge_base_url: str | None = None
    judge_model: str | None = None
    judge_api_key: SecretStr | None = None

    # --- Slack -------------------------------------------------------------------
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "ASSISTANT_SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "ASSISTANT_SLACK_APP_TOKEN", "slack_app_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "ASSISTANT_SLACK_SIGNING_SECRET", "slack_signing_secret"),
    )
    slack_api_url: str | None = Field(default=None, description="Slack Web API base URL.")
    slack_allowed_channels: list[str] = Field(default_factory=list)

    # --- diagnostics -------------------------------------------------------------
    debug: bool = Field(default=False, description="Show tracebacks in the CLI.")

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if len(value) < 3:
            raise ValueError("collection names need at least 3 characters")
        return value

    @property
    def llm_configured(self) -> bool:
        """True when an LLM endpoint is set."""
        return bool(self.llm_base_url)

    @property
    def sessions_path(self) -> Path:
        return self.data_dir / "sessions.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"
