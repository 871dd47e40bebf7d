"""One file in, one validated Record out: extract → normalise → repair → segment → parse → check → validate."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import printable
from pipeline.version import PIPELINE_VERSION

if TYPE_CHECKING:
    from models import Record

logger = logging.getLogger(__name__)

__all__ = ["PIPELINE_VERSION", "extract", "sha256_of"]


def sha256_of(path: Path) -> str:
    """Content hash of a file, read in chunks so huge files do not fill memory."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extract(path: str | Path, *, ocr_workers: int | None = None) -> Record:
    """Turn one agreement file into a validated Record. Raises models.HelhedsplanError on bad input.

    `ocr_workers`: pages of a scanned PDF OCR'd at once (default: one per core); a batch running several
    files in parallel passes fewer, so workers × OCR processes stays near the core count."""
    from extractors import extract_document
    from models import Record, Source
    from pipeline.assemble import document_to_record

    path = Path(path)
    doc = extract_document(path, ocr_workers=ocr_workers)
    source = Source(file=printable(path), sha256=sha256_of(path), format=doc.format, pages=doc.pages)
    record = document_to_record(doc, source)
    return Record.model_validate(record.model_dump())
