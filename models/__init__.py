"""Pydantic models: the record contract (shared/contract/RECORD.md) and the blocks passed between stages.

The Pydantic models are imported on first use (PEP 562): the typed errors are needed by every command,
Pydantic (a tenth of a second) only by those that build or read records, so `helhedsplan --version` or a
re-run with nothing to do starts without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from models.errors import (
    ExtractionError,
    HelhedsplanError,
    NoTextError,
    OutputError,
    TemplateError,
    UnsupportedFormatError,
)

if TYPE_CHECKING:
    from models.block import Block, ExtractedDocument, UnreadPage
    from models.record import (
        Activity,
        Baseline,
        Finding,
        FocusAreaBlock,
        Goal,
        Indicator,
        Party,
        Provenance,
        Record,
        Section,
        Source,
        StrategicAgreement,
        SubAgreement,
        SubGoal,
        TextRepair,
    )

_LAZY_MODULES = ("models.record", "models.block")

__all__ = [
    "Activity",
    "Baseline",
    "Block",
    "ExtractedDocument",
    "ExtractionError",
    "Finding",
    "FocusAreaBlock",
    "Goal",
    "HelhedsplanError",
    "Indicator",
    "NoTextError",
    "OutputError",
    "Party",
    "Provenance",
    "Record",
    "Section",
    "Source",
    "StrategicAgreement",
    "SubAgreement",
    "SubGoal",
    "TemplateError",
    "TextRepair",
    "UnreadPage",
    "UnsupportedFormatError",
]


def __getattr__(name: str) -> object:
    """Import a model from its module the first time it is asked for."""
    if name in __all__:
        for module in _LAZY_MODULES:
            value = getattr(importlib.import_module(module), name, None)
            if value is not None:
                globals()[name] = value
                return value
    raise AttributeError(f"module 'models' has no attribute {name!r}")
