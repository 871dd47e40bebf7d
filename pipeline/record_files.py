"""Where records go and how they are written: one name per input, whole files only, readable by others.

The contract names a record after its input's stem. File systems cap a name at 255 bytes and archives hold
longer stems and stems that are not UTF-8; a record name is made to fit and to be valid UTF-8 (see
`record_name`), so that such an input gets its record like any other instead of stopping the batch.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from models.errors import printable

logger = logging.getLogger(__name__)

RECORDS_DIR = "records"
NAME_MAX_BYTES = 255  # Linux, macOS and Windows file systems alike
RECORD_SUFFIX = ".json"
PARTIAL_PREFIX = ".partial-"  # a record being written: `.partial-<random>.json.tmp`, renamed when whole
PARTIAL_SUFFIX = ".json.tmp"
DIGEST_CHARS = 10


def record_name(base: str) -> str:
    """`<base>.json`, valid UTF-8 and at most NAME_MAX_BYTES long.

    Bytes of the input's name that are not UTF-8 are written as `\\xNN` (as `printable` shows them), and a
    name too long is cut on a character boundary and given a short hash of the whole base, so two long
    names that share their first 240 bytes still get two records.
    """
    base = printable(base)
    name = base + RECORD_SUFFIX
    if len(name.encode()) <= NAME_MAX_BYTES:
        return name
    tag = "~" + hashlib.sha256(base.encode()).hexdigest()[:DIGEST_CHARS]
    room = NAME_MAX_BYTES - len((tag + RECORD_SUFFIX).encode())
    cut = base.encode()[:room].decode("utf-8", errors="ignore")
    return cut + tag + RECORD_SUFFIX


def plan_records(files: Iterable[Path], out_dir: Path) -> list[tuple[Path, Path]]:
    """Each distinct input with its record path, in sorted order.

    When stems collide (`a.docx`, `a.pdf`), the first input in sorted order keeps `a.json` and later ones
    get `a.pdf.json` (then `a.pdf.2.json` …), so that names are stable from one run to the next and resume
    finds the same records again. Names are compared case-insensitively because archives are often written
    to case-insensitive shares.
    """
    unique = {Path(os.path.abspath(p)): p for p in reversed(list(files))}
    taken: set[str] = set()
    plan: list[tuple[Path, Path]] = []
    for key in sorted(unique):
        path = unique[key]
        name = next(n for n in _candidate_names(path) if n.casefold() not in taken)
        taken.add(name.casefold())
        plan.append((path, out_dir / RECORDS_DIR / name))
    return plan


def is_renamed(path: Path, record: Path) -> bool:
    """Whether an input's record had to take another name than `<stem>.json` (a collision or a long name)."""
    return record.name != record_name(path.stem)


def _candidate_names(path: Path) -> Iterator[str]:
    yield record_name(path.stem)
    yield record_name(path.stem + path.suffix)
    n = 2
    while True:
        yield record_name(f"{path.stem}{path.suffix}.{n}")
        n += 1


def write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see a partial file.

    The temporary name is short whatever the record's name, and the file gets the mode any new file of the
    user's gets (0644 under the usual umask), not mkstemp's private 0600.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask; reading it means setting it, so it is set straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sweep_partial_writes(folders: Iterable[Path]) -> None:
    """Remove the temporary files of records a killed batch was writing; their inputs have no manifest
    line yet, so this run extracts them again."""
    for folder in folders:
        for partial in folder.glob(f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}"):
            logger.info("removing %s, left by an interrupted batch", partial)
            partial.unlink(missing_ok=True)
