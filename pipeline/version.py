"""The pipeline version written into every manifest line: the resume key is (sha256, PIPELINE_VERSION).

A record is only as current as the code and template data that made it. The package version alone stays
"0.1.0" through commits that change the output, so a hash of the template data (`pipeline/templates/*`) and
of the code itself (the `pipeline`, `extractors` and `models` sources) is appended: a re-run then re-makes
every record whenever either changes, and skips them while neither does.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

PACKAGE = "helhedsplan"
_ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("pipeline", "extractors", "models")
TEMPLATES = _ROOT / "pipeline" / "templates"
HASH_CHARS = 12


def package_version() -> str:
    """The installed distribution's version (pyproject's `version`)."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def content_hash() -> str:
    """A short hash over the template data and the code's sources, by relative path and content."""
    digest = hashlib.sha256()
    groups = [(TEMPLATES, sorted(p for p in TEMPLATES.iterdir() if p.is_file()))]
    groups += [(_ROOT, sorted((_ROOT / package).rglob("*.py"))) for package in CODE_PACKAGES]
    for root, files in groups:
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:HASH_CHARS]


PIPELINE_VERSION = f"{package_version()}+{content_hash()}"
