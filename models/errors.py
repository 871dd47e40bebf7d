"""Typed errors, so a batch can tell bad input (reported per file) from defects (bugs)."""

from __future__ import annotations

from pathlib import Path


class HelhedsplanError(Exception):
    """Base of every error this package raises on purpose."""


class ExtractionError(HelhedsplanError):
    """The file could not be read: corrupt, truncated, encrypted, or not what its name says."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedFormatError(ExtractionError):
    """No extractor handles this kind of file."""


class NoTextError(ExtractionError):
    """The file has no text layer and OCR is unavailable, or it holds no agreement text at all."""


class TemplateError(HelhedsplanError):
    """A mistake in a template data file (headings, guidance, vocabularies)."""

    def __init__(self, message: str, template_path: Path | str) -> None:
        self.template_path = str(template_path)
        super().__init__(f"{template_path}: {message}")
