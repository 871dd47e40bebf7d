"""The document as the pipeline read it: normalised blocks rendered as one text, with each block's span.

This text is what provenance offsets index and what `helhedsplan text` prints, so it is built in one
place from the blocks the segmenter sees (after extraction, normalisation and OCR repair) and depends on
nothing else: the same file and pipeline version always give the same text. Plain form: a paragraph is
its lines, a table row its cells joined by " | " (a cell keeps its own line breaks), a blank block an
empty line, and a page break a form feed on a line of its own.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

from models import Block

CELL_SEPARATOR = " | "
PAGE_MARK = "\f"


@dataclass(frozen=True)
class ReadText:
    """The plain read text and, per block, the [start, end) it fills (a page mark fills an empty span)."""

    text: str
    blocks: list[Block]
    spans: list[tuple[int, int]]
    starts: list[int]
    source_spans: list[tuple[int, int]]  # per block given to render(), in its order (page marks left out)

    def blocks_between(self, start: int, end: int) -> list[Block]:
        """The blocks that hold any of text[start:end] (at least the block at `start`)."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        out = []
        for i in range(first, len(self.blocks)):
            s, e = self.spans[i]
            if s >= max(end, start + 1):
                break
            if e > start or s == start:
                out.append(self.blocks[i])
        return out or [self.blocks[first]]

    def markdown(self) -> str:
        """Paragraphs apart, rows as Markdown table lines, pages as rules: for a person to read."""
        parts: list[str] = []
        for block in self.blocks:
            if block.is_row:
                parts.append("| " + " | ".join(c.replace("\n", "<br>") for c in block.cells) + " |")
            elif block.kind == "page_break":
                parts.append(f"\n---\n<!-- page {block.page} -->\n" if block.page else "\n---\n")
            elif block.kind == "paragraph":
                parts.append(f"\n{block.text}\n")
        return "\n".join(parts).strip() + "\n"

    def as_json(self) -> str:
        """One object per block, with its kind, text or cells, page, style, bbox, confidence and span."""
        items = [
            {
                **block.model_dump(exclude_none=True, exclude_defaults=True),
                "kind": block.kind,
                "start": s,
                "end": e,
            }
            for block, (s, e) in zip(self.blocks, self.spans, strict=True)
        ]
        return json.dumps({"text": self.text, "blocks": items}, ensure_ascii=False, indent=2)


def _block_text(block: Block) -> str:
    if block.is_row:
        return CELL_SEPARATOR.join(block.cells)
    if block.kind == "paragraph":
        return block.text
    return ""


def render(blocks: list[Block]) -> ReadText:
    """Lay the blocks out one after the other; a change of page (or a page-break block) adds a page mark."""
    out: list[str] = []
    laid: list[Block] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    page: int | None = None

    def put(text: str, block: Block) -> None:
        nonlocal pos
        if out:
            out.append("\n")
            pos += 1
        out.append(text)
        laid.append(block)
        spans.append((pos, pos + len(text)))
        pos += len(text)

    source: list[tuple[int, int]] = []
    for block in blocks:
        if block.kind == "page_break":
            put(PAGE_MARK, block)
        else:
            if block.page is not None and page is not None and block.page != page:
                put(PAGE_MARK, Block(kind="page_break", page=block.page))
            page = block.page if block.page is not None else page
            put(_block_text(block), block)
        source.append(spans[-1])
    return ReadText(text="".join(out), blocks=laid, spans=spans, starts=[s for s, _ in spans], source_spans=source)
