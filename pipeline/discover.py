"""Which files a batch reads: the inputs under the given paths, and what it passes over, with the reason.

A folder of an archive holds more than agreements (spreadsheets, images, `Thumbs.db`) and now and then a
subfolder the user may not read. Both are reported (the summary and the manifest count them) rather than
silently left out, so that a user can tell "not there" from "not read".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractors import EXTRACTORS


@dataclass
class Found:
    """Inputs to read (iterating a Found yields them), files passed over and folders that could not be listed."""

    files: list[Path] = field(default_factory=list)
    passed_over: list[tuple[Path, str]] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.files)

    def note_unreadable(self, exc: OSError) -> None:
        """os.walk's error callback: a folder that could not be listed."""
        self.unreadable.append((Path(exc.filename or ""), f"cannot read folder: {exc.strerror or exc}"))


def discover(paths: Iterable[Path], suffixes: Iterable[str] = EXTRACTORS) -> Found:
    """Input files under the given paths (folders recursively, sorted); files given by name are kept as given.

    Symbolic links to files are kept, so that a broken or looping one is reported rather than silently
    dropped; links to folders are not followed, which keeps a link loop from recursing.
    """
    wanted = {suffix.lower() for suffix in suffixes}
    found = Found()
    for p in paths:
        if not p.is_dir():
            found.files.append(p)
            continue
        inside: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        for folder, _, names in os.walk(p, onerror=found.note_unreadable):
            for name in names:
                path = Path(folder, name)
                if path.suffix.lower() in wanted:
                    inside.append(path)
                else:
                    skipped.append((path, f"unsupported file type {path.suffix.lower() or '(none)'}"))
        found.files += sorted(inside)
        found.passed_over += sorted(skipped)
    return found
