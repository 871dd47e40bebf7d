"""The datasets' thresholds and preferences, read once from `pipeline/templates/datasets.toml`.

They are template knowledge (how alike two copies must be, which format reads best), so they live
in data an analyst can tune; a mistake in the file is a TemplateError naming it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.errors import TemplateError
from pipeline.writers.vocab import TEMPLATES_DIR

SETTINGS_FILE = "datasets.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IdentitySettings(_Section):
    name_similarity: float = Field(ge=0, le=100)
    text_similarity: float = Field(ge=0, le=100)
    text_chars: int = Field(gt=0)


class BestCopySettings(_Section):
    format_rank: dict[str, int]


class HelhedsplanSettings(_Section):
    name_similarity: float = Field(ge=0, le=100)


class ActivitySettings(_Section):
    link_similarity: float = Field(ge=0, le=100)


class DatasetSettings(_Section):
    identity: IdentitySettings
    best_copy: BestCopySettings
    helhedsplan: HelhedsplanSettings
    activities: ActivitySettings


@cache
def dataset_settings(path: Path = TEMPLATES_DIR / SETTINGS_FILE) -> DatasetSettings:
    try:
        return DatasetSettings.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TemplateError(str(exc), path) from exc
