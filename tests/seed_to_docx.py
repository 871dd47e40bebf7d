"""Re-create a Word document from a seed's text export, for testing the DOCX and PDF paths on real content.

Paragraph lines become paragraphs; "|" and tab rows become table rows, each run of rows one table as wide
as its widest row, with the export's trailing empty cells dropped first.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

from extractors.text import text_to_blocks
from pipeline.normalise import clean_markup


def _cells(cells: list[str]) -> list[str]:
    while len(cells) > 1 and not cells[-1].strip():
        cells = cells[:-1]
    return [clean_markup(c) for c in cells]


def _add_table(doc: Document, rows: list[list[str]]) -> None:
    """One table for a run of rows, as wide as its widest row (a shorter row's last cell spans the rest)."""
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for cells in rows:
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=False):
            cell.text = text
        if len(cells) < width:  # a short row's last cell spans the rest, as merged cells do in the template
            row[len(cells) - 1].merge(row[width - 1])


def seed_to_docx(src: Path, dst: Path) -> Path:
    doc = Document()
    rows: list[list[str]] = []
    for block in text_to_blocks(src.read_text(encoding="utf-8")):
        if block.kind == "row":
            rows.append(_cells(block.cells))
            continue
        if rows:
            _add_table(doc, rows)
            rows = []
        if block.kind == "paragraph":
            for line in block.text.split("\n"):
                doc.add_paragraph(clean_markup(line))
    if rows:
        _add_table(doc, rows)
    doc.save(dst)
    return dst
