"""helhedsplan: LBF helhedsplan agreements (DOCX, PDF, scanned PDF, text) → validated JSON records.

The public API. The code lives in the top-level `pipeline`, `extractors` and `models` packages; this one
name is what users import, since generic names like those clash in other environments::

    import helhedsplan
    record = helhedsplan.extract("agreement.docx")   # a helhedsplan.Record (Pydantic)

`extract` raises a `helhedsplan.HelhedsplanError` (an `ExtractionError` for a file that cannot be read)
on bad input. `PIPELINE_VERSION` is the version written into each manifest line: the package version and
a hash of the code and template data.
"""

from __future__ import annotations

from models import (
    ExtractionError,
    HelhedsplanError,
    NoTextError,
    Record,
    TemplateError,
    UnsupportedFormatError,
)
from pipeline.run import extract
from pipeline.version import PIPELINE_VERSION, package_version

__version__ = package_version()

__all__ = [
    "PIPELINE_VERSION",
    "ExtractionError",
    "HelhedsplanError",
    "NoTextError",
    "Record",
    "TemplateError",
    "UnsupportedFormatError",
    "__version__",
    "extract",
]
