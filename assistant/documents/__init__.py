"""Documents: files to :class:`~assistant.types.Document` (one parser per format), and
documents to chunks.

This package satisfies the :class:`~assistant.protocols.Loader` port as a module
(``discover``, ``source_name``, ``load``).
"""

from ._chunking import chunk_document
from ._loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, discover, load, source_name

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "chunk_document", "discover", "load", "source_name"]
