"""Findings: what a reviewer must know about a record (missing or empty mandatory sections, template
residue, values that should be structured and are not, OCR repairs). Severity follows the code."""

from __future__ import annotations

from functools import cache

from models import Finding
from models.record import FindingCode, Severity
from pipeline.catalogue import template
from pipeline.match import fold

SEVERITY: dict[FindingCode, Severity] = {
    "missing_section": "error",
    "empty_section": "warning",
    "template_residue": "warning",
    "unparsed_value": "info",
    "ocr_repair": "info",
    "low_confidence": "info",
    "page_unreadable": "warning",
}


class Findings:
    """Collects findings for one record, in document order."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, code: FindingCode, path: str, message: str) -> None:
        self.items.append(Finding(code=code, severity=SEVERITY[code], path=path, message=message))

    def residue(self, path: str, texts: list[str]) -> None:
        for text in texts:  # the whole guidance text: a reviewer searches the document for it
            self.add("template_residue", path, f"template guidance left in the document: {text!r}")

    def missing(self, path: str, heading: str) -> None:
        self.add("missing_section", path, f"mandatory section {heading!r} is missing")

    def empty(self, path: str, heading: str) -> None:
        self.add("empty_section", path, f"section {heading!r} is empty or holds only placeholder text")


@cache
def _empty_values() -> frozenset[str]:
    return frozenset(fold(v) for v in template().vocab.empty_values)


def is_empty_value(text: str | None) -> bool:
    """True for nothing, a dash, "N/A", "Udfyldes senere" and the like."""
    if text is None:
        return True
    stripped = text.strip(" \n•-–—.:")
    return not stripped or fold(stripped) in _empty_values()
