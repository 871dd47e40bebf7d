"""Agreement periods ("01.10.21 – 30.09.25", "1. januar 2026 - 31. december 2029") → ISO dates.

Hand-written rather than dateparser: periods are two dates in a handful of Danish shapes, and a
general parser both mis-reads two-digit Danish years and costs ~1 s of import per worker.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# Danish month names and common abbreviations (language facts, not template knowledge).
MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Letter groups OCR reads as one another (a scan out of focus joins "li" into "h", "ni" into "m"): a month
# name read so ("1. juh 2025", "30. jum 2029") is the one whose skeleton, each group written as its
# first, is the word's. Longer groups first.
GLYPH_GROUPS = (("li", "h"), ("ni", "m"), ("rn", "m"), ("in", "m"), ("cl", "d"), ("ri", "n"), ("0", "o"))
_DATE = re.compile(
    r"(?P<iso>(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))"
    r"|(?P<num>(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)?\d{2})(?!\d))"
    r"|(?P<txt>(?:(?P<td>\d{1,2})\.?\s*)?(?P<tm>[^\W\d_][^\W_]{2,8})\.?\s+(?P<ty>(?:19|20)\d{2}))"
    r"|(?P<year>(?<![\d.])(?:19|20)\d{2}(?![\d.]))",
    re.IGNORECASE,
)


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if y < 100 else y


def _to_date(m: re.Match[str], end_of_period: bool) -> date | None:
    try:
        if m.group("iso"):
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if m.group("num"):
            return date(_year(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("txt"):
            y, mo = int(m.group("ty")), month(m.group("tm"))
            if mo is None:  # "fra 2025": a word before the year, no month
                return date(y, 12, 31) if end_of_period else date(y, 1, 1)
            if m.group("td"):
                return date(y, mo, int(m.group("td")))
            return date(y, mo, calendar.monthrange(y, mo)[1] if end_of_period else 1)
        y = int(m.group("year"))
        return date(y, 12, 31) if end_of_period else date(y, 1, 1)
    except ValueError:
        return None


def _skeleton(word: str) -> str:
    for group, shape in GLYPH_GROUPS:
        word = word.replace(group, shape)
    return word


_BY_SKELETON: dict[str, set[int]] = {}
for _name, _number in MONTHS.items():
    _BY_SKELETON.setdefault(_skeleton(_name), set()).add(_number)


def month(word: str) -> int | None:
    """The month a word names, as written or as OCR misread it; None for any other word."""
    word = word.lower()
    if word in MONTHS:
        return MONTHS[word]
    numbers = _BY_SKELETON.get(_skeleton(word), set())
    return next(iter(numbers)) if len(numbers) == 1 else None


def parse_period(text: str | None) -> tuple[str | None, str | None]:
    """(valid_from, valid_to) as ISO strings; None where the text gives no readable date."""
    if not text:
        return None, None
    matches = list(_DATE.finditer(text))
    if not matches:
        return None, None
    start = _to_date(matches[0], end_of_period=False)
    end = _to_date(matches[1], end_of_period=True) if len(matches) > 1 else None
    return (start.isoformat() if start else None, end.isoformat() if end else None)
