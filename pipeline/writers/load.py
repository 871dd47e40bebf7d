"""Read a directory of record JSON files, keeping the valid ones and reporting the rest.

An archive is written by many runs and versions of the extractor; one broken or stale file must not
stop an analyst from getting tables for all the others, so a file that fails validation is skipped
and reported, not fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from models import HelhedsplanError, Record
from models.record import LENIENT

logger = logging.getLogger(__name__)
RECORD_ID_LENGTH = 12


class NoRecordsError(HelhedsplanError):
    """The folder holds no record files: empty tables or an empty report would only hide the mistake."""


@dataclass(frozen=True)
class LoadedRecord:
    """A record together with the file it was read from, which the tables cite."""

    path: Path
    record: Record


@dataclass(frozen=True)
class Rejected:
    """A record file left out, and why."""

    path: Path
    reason: str


@dataclass
class LoadResult:
    loaded: list[LoadedRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def load_records(records_dir: Path) -> LoadResult:
    """Validate every `*.json` in name order; a second file with an already seen record id is rejected.

    Ids come from the source file's hash, so two records of the same source would collide in every table.
    """
    paths = sorted(records_dir.glob("*.json"))
    if not paths:
        nested = records_dir / "records"
        hint = f"did you mean {nested}?" if any(nested.glob("*.json")) else "run `helhedsplan extract` first"
        raise NoRecordsError(f"no record files (*.json) in {records_dir}; {hint}")
    result = LoadResult()
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            record = Record.model_validate_json(path.read_bytes(), context=LENIENT)
        except (OSError, ValidationError) as exc:
            result.rejected.append(Rejected(path, _short_reason(exc)))
            logger.warning("skipping %s: %s", path, _short_reason(exc))
            continue
        record_id = record.source.sha256[:RECORD_ID_LENGTH]
        if record_id in seen:
            reason = f"same source (sha256 {record_id}…) as {seen[record_id].name}"
            result.rejected.append(Rejected(path, reason))
            logger.warning("skipping %s: %s", path, reason)
            continue
        seen[record_id] = path
        result.loaded.append(LoadedRecord(path, record))
    if not result.loaded:
        first = result.rejected[0]
        detail = f"{first.path.name}: {first.reason}"
        raise NoRecordsError(f"none of the {len(paths)} files in {records_dir} is a valid record ({detail})")
    return result


def _short_reason(exc: Exception) -> str:
    """Pydantic's message lists every error; the first three are enough to find the problem."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        shown = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in errors[:3])
        more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
        return f"invalid record: {shown}{more}"
    return str(exc)
