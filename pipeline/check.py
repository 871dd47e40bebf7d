"""Check agreements for what a reviewer must fix, without writing records.

A reviewer wants the findings of a batch (missing or empty mandatory sections, leftover guidance) and a
verdict a CI job can act on. Agreement files are extracted in memory; record JSON files from an earlier
`extract` run are reused as they are, so an archive can be re-checked without re-reading every PDF. One
unreadable file is reported and the rest are still checked, as in `extract`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from extractors import EXTRACTORS
from models import ExtractionError, HelhedsplanError
from models.errors import one_line, printable
from pipeline.run import extract

if TYPE_CHECKING:  # Pydantic is imported when a file is checked, not when the command line starts
    from pydantic import ValidationError

    from models import Finding, Record

logger = logging.getLogger(__name__)

RECORD_SUFFIX = ".json"
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
ROW_FIELDS = ("file", "code", "severity", "path", "label", "pages", "message")
SHOWN_VALIDATION_ERRORS = 3  # Pydantic lists every error; the first few locate the problem


class FailOn(StrEnum):
    """The lowest severity that fails a check; `never` only reports."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


@dataclass(frozen=True)
class CheckedFile:
    """One input's findings in document order, or why it could not be read."""

    path: Path
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    labels: tuple[str, ...] = ()  # per finding: its path in the agreement's words


class FindingRow(TypedDict):
    """A finding with the file it came from: one line of the JSON and CSV output."""

    file: str
    code: str | None
    severity: str | None
    path: str | None
    label: str | None
    pages: str | None
    message: str


def discover_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to check: agreement files and record JSON under folders (recursively, sorted); files as given.

    Unlike `batch.discover`, record JSON counts too, so `output/records` can be checked directly.
    """
    suffixes = {*EXTRACTORS, RECORD_SUFFIX}
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and not f.is_symlink() and f.suffix.lower() in suffixes
            )
        else:
            yield p


def check_file(path: Path, min_confidence: float | None = None) -> CheckedFile:
    """Findings of one agreement or record file; bad input becomes a CheckedFile with an error. With
    `min_confidence`, values the pipeline is less sure of are added as `low_confidence` findings."""
    name = printable(path)
    if not path.exists():
        return CheckedFile(path, error=f"{name}: no such file or folder")
    if not path.is_file():  # a FIFO or device named .pdf would block or never end, as in `extract`
        return CheckedFile(path, error=f"{name}: not a regular file")
    try:
        record = _record_of(path)
    except HelhedsplanError as exc:
        return CheckedFile(path, error=one_line(str(exc)))
    except (OSError, ValueError) as exc:
        return CheckedFile(path, error=one_line(f"{name}: {type(exc).__name__}: {exc}"))
    except Exception as exc:  # one file must not stop the check of the others
        logger.exception("unexpected error checking %s", name)
        return CheckedFile(path, error=one_line(f"{name}: unexpected {type(exc).__name__}: {exc} (a pipeline defect)"))
    from pipeline.provenance_labels import label

    findings = list(record.findings)
    if min_confidence is not None:
        from pipeline.provenance import low_confidence

        findings += low_confidence(record, min_confidence)
    return CheckedFile(path, tuple(findings), labels=tuple(label(record, f.path) for f in findings))


def _record_of(path: Path) -> Record:
    if path.suffix.lower() == RECORD_SUFFIX:
        return _read_record(path)
    return extract(path)


def _read_record(path: Path) -> Record:
    """A record JSON file; one that does not validate is bad input (reported), not a crash."""
    from pydantic import ValidationError

    from models import Record
    from models.record import LENIENT

    try:
        return Record.model_validate_json(path.read_bytes(), context=LENIENT)
    except ValidationError as exc:
        raise ExtractionError(path, f"not a valid record: {_first_errors(exc)}") from exc


def _first_errors(exc: ValidationError) -> str:
    errors = exc.errors()
    shown = "; ".join(
        f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in errors[:SHOWN_VALIDATION_ERRORS]
    )
    more = len(errors) - SHOWN_VALIDATION_ERRORS
    return shown + (f" (+{more} more)" if more > 0 else "")


def fails(results: Iterable[CheckedFile], fail_on: FailOn) -> bool:
    """True when some finding is at or above the `fail_on` severity."""
    if fail_on is FailOn.NEVER:
        return False
    floor = SEVERITY_RANK[fail_on.value]
    return any(SEVERITY_RANK[f.severity] >= floor for r in results for f in r.findings)


def exit_code(results: list[CheckedFile], fail_on: FailOn) -> int:
    """2 when an input was unreadable (its findings are unknown, worse than any finding), 1 on a failing
    finding, else 0."""
    if any(r.error for r in results):
        return 2
    return 1 if fails(results, fail_on) else 0


def pages_text(finding: Finding) -> str | None:
    """A finding's pages as a reader writes them ("2", "2-3", "2, 5"); None without pages."""
    pages = finding.pages or []
    if not pages:
        return None
    if pages == list(range(pages[0], pages[-1] + 1)) and len(pages) > 1:
        return f"{pages[0]}-{pages[-1]}"
    return ", ".join(map(str, pages))


def finding_rows(results: Iterable[CheckedFile]) -> list[FindingRow]:
    """One row per finding; a readable file without findings gets one row of its own, so a batch's
    output says which files were checked and found clean."""
    rows: list[FindingRow] = []
    for r in results:
        if r.error:
            continue
        if not r.findings:
            rows.append(FindingRow(file=str(r.path), code=None, severity=None, path=None, label=None, pages=None,
                                   message="no findings"))
        for f, name in zip(r.findings, r.labels or [None] * len(r.findings), strict=True):
            rows.append(FindingRow(file=str(r.path), code=f.code, severity=f.severity, path=f.path, label=name,
                                   pages=pages_text(f), message=f.message))
    return rows


def to_json(results: Iterable[CheckedFile]) -> str:
    return json.dumps(finding_rows(results), indent=2, ensure_ascii=False)


def to_csv(results: Iterable[CheckedFile]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(finding_rows(results))
    return out.getvalue()


def count_findings(results: Iterable[CheckedFile]) -> Counter[tuple[str, str]]:
    """How many findings per (code, severity); severity follows the code, so each code has one row."""
    return Counter((f.code, f.severity) for r in results for f in r.findings)
