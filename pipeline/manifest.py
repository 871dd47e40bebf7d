"""`OUT/manifest.jsonl`: one JSON object per line, one line per input per run, appended and never rewritten.

Each line goes out in whole writes on an O_APPEND descriptor, each write checked; a line that cannot be
written whole (a full disk) is cut back off, so the file stays one JSON object per line. A line cut by a
`kill -9` or a crash is removed when the next run opens the manifest. Every text is stored as valid UTF-8:
bytes of a file name that are not UTF-8 are written as `\\xNN` (models.errors.printable).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models.errors import printable


@dataclass(frozen=True)
class Done:
    """The last good line of a record: what made it, from which input."""

    sha256: str
    pipeline_version: str
    path: str


class Manifest:
    """Reads the manifest's last good line per record and appends this run's lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run = datetime.now(UTC).isoformat(timespec="seconds")
        self._fd: int | None = None

    def done(self) -> dict[str, Done]:
        """Record path (relative to OUT) → its last ok or skipped line."""
        latest: dict[str, Done] = {}
        if not self.path.exists():
            return latest
        with self.path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                    if entry["status"] in ("ok", "skipped") and entry["record"]:
                        latest[entry["record"]] = Done(entry["sha256"], entry["pipeline_version"], entry["path"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # written by hand, or by another tool
        return latest

    def append(self, entry: dict[str, Any]) -> None:
        """Write one line whole, or raise OSError with the manifest as it was."""
        fd = self._open()
        line = (json.dumps({key: _text(value) for key, value in entry.items()}, ensure_ascii=False) + "\n").encode()
        size = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
        except OSError:
            os.ftruncate(fd, size)
            raise

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
            _drop_cut_last_line(self._fd)
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _drop_cut_last_line(fd: int) -> None:
    """Truncate the file after its last newline: what follows it is a line a killed batch left unfinished."""
    size = os.fstat(fd).st_size
    end = size
    while end > 0:
        chunk = os.pread(fd, min(end, 1 << 16), max(0, end - (1 << 16)))
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            end = end - len(chunk) + newline + 1
            break
        end -= len(chunk)
    if end < size:
        os.ftruncate(fd, end)


def _text(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value
