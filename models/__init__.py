"""Pydantic models: the record contract (shared/contract/RECORD.md) and the blocks passed between stages."""

from models.block import Block, ExtractedDocument
from models.errors import (
    ExtractionError,
    HelhedsplanError,
    NoTextError,
    TemplateError,
    UnsupportedFormatError,
)
from models.record import (
    Activity,
    Baseline,
    Finding,
    FocusAreaBlock,
    Goal,
    Indicator,
    Party,
    Record,
    Section,
    Source,
    StrategicAgreement,
    SubAgreement,
    SubGoal,
    TextRepair,
)

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
    "Party",
    "Record",
    "Section",
    "Source",
    "StrategicAgreement",
    "SubAgreement",
    "SubGoal",
    "TemplateError",
    "TextRepair",
    "UnsupportedFormatError",
]
