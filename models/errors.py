"""Typed errors, so a batch can tell bad input (reported per file) from defects (bugs)."""

from __future__ import annotations

from pathlib import Path


class HelhedsplanError(Exception):
    """Base of every error this package raises on purpose."""


class ExtractionError(HelhedsplanError):
    """The file could not be read: corrupt, truncated, encrypted, or not what its name says."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = one_line(reason)
        super().__init__(f"{printable(path)}: {self.reason}")


class UnsupportedFormatError(ExtractionError):
    """No extractor handles this kind of file."""


class NoTextError(ExtractionError):
    """The file has no text layer and OCR is unavailable, or it holds no agreement text at all."""


class TemplateError(HelhedsplanError):
    """A mistake in a template data file (headings, guidance, vocabularies)."""

    def __init__(self, message: str, template_path: Path | str) -> None:
        self.template_path = str(template_path)
        super().__init__(f"{template_path}: {message}")


class OutputError(HelhedsplanError):
    """The output folder cannot be written (a full disk, a read-only or vanished folder): the batch stops."""


def printable(text: str | Path) -> str:
    """Text that can be printed and stored as UTF-8: the bytes of a file name that are not UTF-8 (which
    Python holds as lone surrogates) are shown as `\\xNN`. The same name always gives the same text, so it
    serves as a key (record names, manifest lines) as well as for display."""
    text = str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from a file name
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def one_line(message: str) -> str:
    """A message folded to one line: a batch prints and logs one line per file, whatever a library said."""
    return " ".join(message.split())
