"""The pipeline's stages; the public entry point is the `helhedsplan` package (`helhedsplan.extract`).

`extract` is imported on first use (PEP 562), so that importing one stage or the command line does not
load every extractor and Pydantic with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.run import extract

__all__ = ["extract"]


def __getattr__(name: str) -> object:
    if name == "extract":
        from pipeline.run import extract

        return extract
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
