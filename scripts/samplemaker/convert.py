"""PDF and scan conversion (LibreOffice, pdftoppm, img2pdf), pinned to be byte-for-byte deterministic."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from samplemaker.content import Sample
from samplemaker.gold import sample_gold
from samplemaker.settings import (
    CONVERT_TIMEOUT_S,
    DOCUMENT_DATE,
    GOLDEN,
    PDF_CHECKSUM,
    PDF_CREATION_DATE,
    PDF_ID,
    REPO,
    SAMPLES,
    SCAN_DPI,
    SCAN_SOURCE,
)

logger = logging.getLogger("make_samples")


def missing_tools(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def to_pdf(docx_path: Path) -> Path:
    """Convert with LibreOffice in a private profile, so a running LibreOffice does not block it."""
    with tempfile.TemporaryDirectory(prefix="make-samples-") as tmp:
        command = [
            "soffice",
            f"-env:UserInstallation={Path(tmp).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
    pdf_path = docx_path.with_suffix(".pdf")
    freeze_pdf(pdf_path, seed=docx_path.read_bytes())
    return pdf_path


def freeze_pdf(path: Path, seed: bytes) -> None:
    """Pin the creation date, file ID and checksum, replacing bytes one for one so xref offsets stay valid."""
    stamp = DOCUMENT_DATE.strftime("%Y%m%d%H%M%S").encode()
    file_id = hashlib.sha256(seed).hexdigest()[:32].upper().encode()
    data = PDF_CREATION_DATE.sub(b"/CreationDate(D:" + stamp, path.read_bytes())
    data = PDF_ID.sub(rb"\g<1>" + file_id + rb"\g<2>" + file_id + rb"\g<3>", data)
    data = PDF_CHECKSUM.sub(rb"\g<1>" + file_id, data)
    path.write_bytes(data)


def to_scan(pdf_path: Path, scan_path: Path) -> None:
    """An image-only PDF: pages rendered to grey PNGs and wrapped back into a PDF, as a scanner would."""
    with tempfile.TemporaryDirectory(prefix="make-samples-") as tmp:
        prefix = Path(tmp, "side")
        render_pages = ["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(pdf_path), str(prefix)]
        subprocess.run(render_pages, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
        pages = sorted(str(p) for p in Path(tmp).glob("side*.png"))
        wrap = ["img2pdf", "--nodate", "--producer", "", "-o", str(scan_path), *pages]
        subprocess.run(wrap, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S)
    freeze_pdf(scan_path, seed=pdf_path.read_bytes())


def write_gold(sample: Sample) -> Path:
    path = GOLDEN / f"{sample.stem}.json"
    path.write_text(json.dumps(sample_gold(sample), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def make_pdfs(docx_paths: Sequence[Path]) -> None:
    if missing := missing_tools("soffice"):
        logger.warning("skipping PDF samples: %s not installed", ", ".join(missing))
        return
    pdfs = [to_pdf(path) for path in docx_paths]
    logger.info("wrote %s", ", ".join(str(p.relative_to(REPO)) for p in pdfs))
    if missing := missing_tools("pdftoppm", "img2pdf"):
        logger.warning("skipping scanned sample: %s not installed", ", ".join(missing))
        return
    scan = SAMPLES / f"{SCAN_SOURCE}-scan.pdf"
    to_scan(SAMPLES / f"{SCAN_SOURCE}.pdf", scan)
    logger.info("wrote %s", scan.relative_to(REPO))
