"""Redaction of configured secrets from text a person or a log may see.

One :class:`Redactor` knows every secret the settings hold: the LLM and judge API
keys, the values of ``ASSISTANT_LLM_HEADERS`` (whole, and for ``Authorization`` headers
also the credential after the scheme, so ``Bearer <token>`` is caught when only the
token is echoed back), the Slack bot and app tokens and the signing secret. Notices, error messages, log lines and stored turns
pass through it before they leave the process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pydantic import SecretStr

if TYPE_CHECKING:
    from .config import Settings

__all__ = ["REDACTED", "Redactor", "bounded_excerpt", "header_secrets"]

REDACTED = "[redacted]"
# Shorter values (a header such as "X-Org: acme") are configuration, not credentials, and
# replacing them would garble ordinary words; real keys and tokens are far longer.
_MIN_SECRET = 8


class Redactor:
    """Replaces every configured secret in a text with ``[redacted]`` (or the ``marker`` given). Immutable, thread-safe."""

    __slots__ = ("_marker", "_secrets")

    def __init__(self, secrets: Iterable[str | SecretStr | None] = (), *, marker: str = REDACTED) -> None:
        self._marker = marker
        values: set[str] = set()
        for secret in secrets:
            text = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
            if not text:
                continue
            text = text.strip()
            if len(text) >= _MIN_SECRET:
                values.add(text)
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets: tuple[str, ...] = tuple(sorted(values, key=len, reverse=True))

    @classmethod
    def from_settings(cls, settings: Settings) -> Redactor:
        """A redactor for every secret ``settings`` holds."""
        return cls(
            [
                settings.llm_api_key,
                settings.judge_api_key,
                *header_secrets(settings.llm_headers),
                settings.slack_bot_token,
                settings.slack_app_token,
                settings.slack_signing_secret,
            ]
        )

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, self._marker)
        return text

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"


def header_secrets(headers: Mapping[str, str]) -> list[str]:
    """The values of ``headers`` to redact: every value, and the credential of an
    ``Authorization`` value ("Bearer <credential>")."""
    out: list[str] = []
    for name, value in headers.items():
        out.append(value)
        if name.strip().lower() in ("authorization", "proxy-authorization") and len(value.split()) == 2:
            out.append(value.split()[1])
    return out


def bounded_excerpt(text: str | bytes, redact: Redactor, limit: int = 200) -> str:
    """At most ``limit`` characters of ``text`` for a log line: redacted first, then cut, with
    whitespace runs folded and control characters escaped."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    # Redact the whole text before cutting, so a secret straddling the cut is not left half-visible.
    text = " ".join(redact(text).split())
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"
