"""Documents: files to :class:`~assistant.types.Document` (one parser per format), and
documents to chunks.

``_discover`` finds the files and names them; ``_load`` reads one safely and picks the
parser by suffix; ``_decode`` turns bytes into text; ``_markdown``, ``_html``, ``_pdf`` and
``_docx`` parse one format each; ``_common`` holds the limits and the error shape;
``_chunking`` cuts documents into sentence-aligned chunks.

This package satisfies the :class:`~assistant.protocols.Loader` port as a module
(``discover``, ``source_name``, ``load``).
"""

from ._chunking import chunk_document
from ._common import MAX_FILE_BYTES, MAX_TEXT_CHARS, SUPPORTED_SUFFIXES
from ._discover import discover, source_name
from ._load import load
from ._pdflayout import fold_page_text

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "SUPPORTED_SUFFIXES", "chunk_document", "discover", "fold_page_text", "load", "source_name"]
