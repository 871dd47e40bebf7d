"""Time `dataset` and `report` on an archive of 1,000 records made from real ones.

Each copy is a real record (from a records folder, e.g. `helhedsplan extract ../shared/corpus/docx
-o DIR`) given its own source hash and a numbered name and period, so the copies count as distinct
agreements, as in a national archive, rather than as duplicates of one another. Prints the seconds
and output sizes. Not a test: timings depend on the machine.

    .venv/bin/python benchmarks/datasets_bench.py /tmp/ds-records/records --n 1000
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from models import Record
from pipeline.writers.datasets import build_datasets
from pipeline.writers.report import write_report


def make_archive(source: Path, out: Path, n: int) -> int:
    """Write n records cycling through the source records; returns the number of distinct agreements."""
    records = [Record.model_validate_json(p.read_bytes()) for p in sorted(source.glob("*.json"))]
    if not records:
        raise SystemExit(f"no records in {source}")
    out.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        record = records[k % len(records)].model_copy(deep=True)
        record.source.sha256 = hashlib.sha256(f"{record.source.sha256}:{k}".encode()).hexdigest()
        record.source.file = f"archive/{k:04d}-{Path(record.source.file).name}"
        year = 2000 + k % 25  # a numbered area and its own period make each copy another agreement
        for agreement in [record.strategic_agreement, *record.sub_agreements]:
            if agreement is None:
                continue
            if isinstance(agreement.valid_from, str):
                agreement.valid_from = f"{year}{agreement.valid_from[4:]}"
            if isinstance(agreement.valid_to, str):
                agreement.valid_to = f"{year + 4}{agreement.valid_to[4:]}"
        if record.strategic_agreement is not None:
            record.strategic_agreement.area_name = f"{record.strategic_agreement.area_name} område {k}"
        for sub in record.sub_agreements:
            sub.initiative_name = f"{sub.initiative_name} område {k}"
        (out / f"{k:04d}.json").write_text(record.model_dump_json(), encoding="utf-8")
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=Path, help="folder of real record JSON files to copy")
    parser.add_argument("--n", type=int, default=1000, help="records in the archive (default 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "records"
        make_archive(args.records, archive, args.n)
        started = time.perf_counter()
        result = build_datasets(archive, Path(tmp) / "datasets")
        dataset_s = time.perf_counter() - started
        started = time.perf_counter()
        report = write_report(archive, Path(tmp) / "report.html")
        report_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in result.written)
        print(
            f"{args.n} records, {len(result.tables.agreements)} distinct agreements, "
            f"{len(result.tables.helhedsplaner)} helhedsplaner, {len(result.tables.activities)} activities"
        )
        print(f"dataset: {dataset_s:.1f} s, {len(result.written)} files, {size / 1e6:.1f} MB")
        print(f"report:  {report_s:.1f} s, {report.size_bytes / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
