"""Run the pipeline over many files: one record per input, per-file errors, atomic writes.

A file that cannot be read gets a one-line error and the batch goes on; a record is written to a
temporary file and renamed into place, so an interrupted run never leaves half a record behind.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractors import EXTRACTORS
from models import HelhedsplanError, Record
from pipeline.run import extract

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileResult:
    path: Path
    record_path: Path | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Input files under the given paths (folders recursively, supported suffixes only), sorted."""
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and not f.is_symlink() and f.suffix.lower() in EXTRACTORS
            )
        else:
            yield p


def record_path_for(path: Path, out_dir: Path) -> Path:
    return out_dir / "records" / f"{path.stem}.json"


def write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_record(record: Record, target: Path) -> None:
    write_atomic(target, record.model_dump_json(indent=2) + "\n")


def process_file(path: Path, out_dir: Path) -> FileResult:
    """Extract one file and write its record; bad input becomes a FileResult with an error."""
    try:
        record = extract(path)
    except HelhedsplanError as exc:
        return FileResult(path, None, str(exc))
    except (OSError, ValueError) as exc:
        return FileResult(path, None, f"{path}: {type(exc).__name__}: {exc}")
    target = record_path_for(path, out_dir)
    write_record(record, target)
    return FileResult(path, target, None)
