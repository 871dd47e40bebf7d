"""Paths, page geometry and fixed dates shared by every step of the sample maker."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
GOLDEN = REPO / "tests" / "golden"
SCAN_DPI = 200
SCAN_SOURCE = "aftale-delaftale"  # the sample that also gets a scanned, image-only copy
CONVERT_TIMEOUT_S = 180
DOCUMENT_DATE = dt.datetime(2026, 1, 15, 9, 0, 0)
ZIP_DATE = (2026, 1, 15, 9, 0, 0)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FONT = "Liberation Sans"  # metric-compatible with Arial, and shipped with LibreOffice
# A4 with 2 cm margins leaves 17 cm; column widths (cm) keep table words whole in the PDF.
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
COLUMN_WIDTHS_CM = {
    1: (17.0,),
    2: (5.5, 11.5),
    5: (3.4, 4.0, 3.4, 3.2, 3.0),
    6: (3.0, 3.4, 3.6, 2.8, 1.5, 2.7),
}
# LibreOffice 7.4 ignores SOURCE_DATE_EPOCH and img2pdf draws a random file ID: these entries are the only
# run-to-run differences in the PDFs, and are pinned after writing.
PDF_CREATION_DATE = re.compile(rb"/CreationDate\(D:\d{14}")
PDF_ID = re.compile(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)")
PDF_CHECKSUM = re.compile(rb"(/DocChecksum /)[0-9A-F]{32}")

Layout = Literal["label_above", "label_left"]
Gold = dict[str, Any]
