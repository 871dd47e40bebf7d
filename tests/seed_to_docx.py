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


def _heading_of(line: str, headings: list[str]) -> str | None:
    """The heading a line starts with, as printed with its colon or (as some exports have it) without."""
    for h in headings:
        if line.startswith(h):
            return h
        if line == h.rstrip(":"):
            return line
    return None


def seed_to_label_left_docx(src: Path, dst: Path, headings: list[str]) -> Path:
    """The template's other layout: each heading in a left cell, its value in the cell to its right.

    `headings` are the template's headings as printed (with their colon); a line that starts with one
    opens a row, and the lines up to the next heading (or table) fill its right-hand cell.
    """
    doc = Document()
    rows: list[list[str]] = []
    label_rows: list[list[str]] = []

    def flush_labels() -> None:
        if label_rows:
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in label_rows:
                left, right = table.add_row().cells
                left.text, right.text = label, value
            label_rows.clear()

    for block in text_to_blocks(src.read_text(encoding="utf-8")):
        if block.kind == "row":
            flush_labels()
            rows.append(_cells(block.cells))
            continue
        if rows:
            _add_table(doc, rows)
            rows = []
        if block.kind != "paragraph":
            continue
        for line in clean_markup(block.text).split("\n"):
            heading = _heading_of(line.strip(), headings)
            if heading is not None:
                label_rows.append([heading, line.strip()[len(heading) :].strip()])
            elif label_rows:
                value = label_rows[-1][1]
                label_rows[-1][1] = f"{value}\n{line}" if value else line
            else:
                doc.add_paragraph(line)
    if rows:
        _add_table(doc, rows)
    flush_labels()
    doc.save(dst)
    return dst
