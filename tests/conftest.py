"""Shared fixtures: the seeds and gold in ../shared (beside the repo root) and the scorer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval/score.py is not beside the repo")
    return _load("score", path)


@pytest.fixture(scope="session")
def seed_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Records of the three seeds, extracted once per test session and read back as JSON."""
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the repo")
    from pipeline.batch import BatchOptions, run_batch

    out = tmp_path_factory.mktemp("seeds")
    records = {}
    for result in run_batch(sorted(SEEDS.glob("*.txt")), BatchOptions(out, workers=1)).results:
        path = result.path
        assert result.status == "ok", result.error
        assert result.record_path is not None
        import json

        records[path.stem] = json.loads(result.record_path.read_text(encoding="utf-8"))
    return records


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/corpus_scores.json from this run instead of checking against it",
    )
