"""The extractor contract, one module per input format.

Each extractor module exposes:

    def extract(path: Path) -> ExtractedDocument
        Read the file and return its content as ordered blocks (paragraphs and table rows), in reading
        order. Raise models.ExtractionError (or a subclass) with a one-line reason for unreadable input:
        corrupt, truncated, encrypted, password-protected, wrong type. Never print; use logging.

    def is_available() -> bool
        False when a required binary or library is missing (e.g. tesseract), so the pipeline can say so
        clearly instead of failing deep inside.

Blocks keep table rows as cells (Block(kind="row", cells=[...])) and paragraphs as text; list items start
with "• ". Headers, footers and page numbers should be left out where the format marks them; the
normaliser removes repeated running lines that slip through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from models import ExtractedDocument


class Extractor(Protocol):
    def extract(self, path: Path) -> ExtractedDocument: ...

    def is_available(self) -> bool: ...
