"""Extractor registry: file suffix → module implementing extractors.base's contract."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from models.errors import UnsupportedFormatError

if TYPE_CHECKING:
    from models import ExtractedDocument

# Modules are imported lazily so that a missing optional dependency of one format
# does not stop the others from working.
EXTRACTORS: dict[str, str] = {
    ".txt": "extractors.text",
    ".md": "extractors.text",
    ".rst": "extractors.text",  # pandoc's reStructuredText reads as its Markdown: grid tables, underlined headings
    ".html": "extractors.text_html",
    ".htm": "extractors.text_html",
    ".docx": "extractors.docx",
    ".doc": "extractors.docx",
    ".odt": "extractors.docx",  # converted to DOCX with LibreOffice, as an old .doc is
    ".rtf": "extractors.docx",
    ".pdf": "extractors.pdf",
    # scans archived as pictures: each frame a page, read by OCR as a scanned PDF page is
    ".tif": "extractors.image",
    ".tiff": "extractors.image",
    ".png": "extractors.image",
    ".jpg": "extractors.image",
    ".jpeg": "extractors.image",
    ".jp2": "extractors.image",
    ".bmp": "extractors.image",
    ".webp": "extractors.image",
}

SUPPORTED = " ".join(EXTRACTORS)  # for messages that tell a user which files are read


def extractor_for(path: Path) -> ModuleType:
    """Return the extractor module for a path, or raise UnsupportedFormatError."""
    name = EXTRACTORS.get(path.suffix.lower())
    if name is None:
        raise UnsupportedFormatError(path, f"unsupported file type {path.suffix or '(none)'!r}")
    return importlib.import_module(name)


def extract_document(path: Path, **options: object) -> ExtractedDocument:
    """Extract any supported file into blocks. `options` (e.g. `ocr_workers`) go to the extractors that
    declare them and are ignored by the others, so callers need not know which format a file is."""
    module = extractor_for(path)
    accepted = inspect.signature(module.extract).parameters
    return module.extract(path, **{k: v for k, v in options.items() if k in accepted and v is not None})
