"""The `text` command: the document as the pipeline read it; registered on the app in pipeline/cli.py.

Its plain form is the text provenance spans index (record.provenance[path].start/end), so a reviewer can
see exactly what the extractor gave the parsers, and check a value against its source.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from models import HelhedsplanError

if TYPE_CHECKING:
    from pipeline.provenance_text import ReadText


class TextFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


def read_file(path: Path) -> ReadText:
    """The read text of one agreement file, exactly as extraction builds its record from it. (Imports
    here: the CLI starts without Pydantic until a command needs it.)"""
    from extractors import extract_document
    from pipeline.assemble import read_blocks
    from pipeline.findings import Findings
    from pipeline.provenance_text import render

    blocks, _ = read_blocks(extract_document(path), Findings())
    return render(blocks)


def text(
    file: Annotated[Path, typer.Argument(help="An agreement file (DOCX, PDF, scanned PDF, txt/md).", dir_okay=False)],
    output_format: Annotated[
        TextFormat,
        typer.Option("--format", "-f", help="text: what provenance offsets index; markdown; json: blocks and spans."),
    ] = TextFormat.TEXT,
) -> None:
    """Print FILE as the pipeline read it: paragraphs, table rows as cells, page breaks marked."""
    try:
        read = read_file(file)
    except HelhedsplanError as exc:
        typer.echo(f"error {exc}", err=True)
        raise typer.Exit(2) from exc
    if output_format is TextFormat.MARKDOWN:
        sys.stdout.write(read.markdown())
    elif output_format is TextFormat.JSON:
        sys.stdout.write(read.as_json() + "\n")
    else:
        sys.stdout.write(read.text)
