"""Page furniture: running headers/footers and page numbers in the margin bands, which belong to no
paragraph and would split a table continued over a page break."""

from __future__ import annotations

import re
from collections import defaultdict

from extractors.pdf_items import POSITION_TOLERANCE, PdfItem, PdfLine, PdfPage, PdfTable

MARGIN_BAND = 0.12  # share of page height at top and bottom where running headers/footers sit
RUNNING_LINE_MIN_SHARE = 0.5  # a margin line on at least this share of pages is page furniture
_PAGE_NUMBER = re.compile(r"^(?:side\s+|page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE)


def drop_page_furniture(pages: list[PdfPage]) -> None:
    """Remove running headers/footers and lone page numbers from the top and bottom margin bands."""
    running = _running_lines(pages)
    for page in pages:
        page.items = [item for item in page.items if not _is_furniture(item, page.height, running)]


def _is_furniture(item: PdfItem, height: float, running: set[tuple[str, int]]) -> bool:
    """A margin line that is a page number or a running line; a tentative table standing for such lines
    (a footer whose parts are set far apart) is furniture too."""
    if isinstance(item, PdfTable):
        return item.fallback is not None and all(_is_furniture(line, height, running) for line in item.fallback)
    running_line = (_furniture_key(item.text), _slot(item)) in running
    return _in_margin(item, height) and (is_page_number(item.text) or running_line)


def is_page_number(text: str) -> bool:
    """ "3", "- 3 -", "Side 3 af 7", "3/10": a page number, whatever else the margin holds."""
    return _PAGE_NUMBER.match(text) is not None


def _running_lines(pages: list[PdfPage]) -> set[tuple[str, int]]:
    """Margin lines (digits masked, so "Side 3" matches "Side 4") that recur in one slot on most pages."""
    seen: defaultdict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for item in _lines(page):
            if _in_margin(item, page.height):
                for slot in (_slot(item) - 1, _slot(item), _slot(item) + 1):
                    seen[(_furniture_key(item.text), slot)].add(page.number)
    needed = max(2, RUNNING_LINE_MIN_SHARE * len(pages))
    return {key for key, numbers in seen.items() if len(numbers) >= needed}


def _lines(page: PdfPage) -> list[PdfLine]:
    """The page's lines, those a tentative table stands for included."""
    return [line for item in page.items for line in ([item] if isinstance(item, PdfLine) else item.fallback or [])]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _slot(line: PdfLine) -> int:
    """Vertical position in tolerance-sized steps; neighbours are counted too, so jitter is absorbed."""
    return round(line.top / POSITION_TOLERANCE)


def _in_margin(line: PdfLine, height: float) -> bool:
    return line.bottom <= MARGIN_BAND * height or line.top >= (1 - MARGIN_BAND) * height
