"""Normalisation: strip export residue and page furniture so only the document's own words remain.

Works block by block (cells of rows one by one): HTML and Markdown left by DOCX exports, every bullet
shape (`-`, `*`, `•`, OCR's `e`/`o`/`¢`, `<li>`) → "• ", inline dash lists split into items, running
headers/footers and page numbers dropped, footnote lines and their glued reference markers removed.
Re-joining hard-wrapped lines is left to value building (pipeline.paragraphs), which knows the field.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import cache

from models import Block
from pipeline.bullets import BULLET, normalise_bullet
from pipeline.catalogue import template

_TAG_BREAK = re.compile(r"</?(p|div|br|tr|h\d)\b[^>]*>", re.IGNORECASE)
_TAG_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG_ANY = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOLD_JOIN = re.compile(r"\*\*\*\*|____")  # two bold runs back to back: a label and its value
_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_GLUED_LABEL = re.compile(r"(?<=[a-zæøå)]):(?=[A-ZÆØÅ*])")  # "Aktivitetsnavn:Navn" → "Aktivitetsnavn: Navn"
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_INLINE_BULLET = re.compile(r"(?<=\S)\s*•\s*")
_DASH_ITEM = re.compile(r"\s+-\s+(?=[A-ZÆØÅ0-9\"”“(])")
_LABEL_DASH = re.compile(r":\s+-\s+(?=\S)")
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+[A-ZÆØÅ\"”“]")
_ALLCAPS = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ .\-&]{4,}$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@cache
def _furniture() -> re.Pattern[str]:
    """All furniture patterns as one alternation: one regex call per line instead of one per pattern."""
    return re.compile("|".join(f"(?:{p})" for p in template().vocab.furniture_patterns), re.IGNORECASE)


def clean_markup(text: str) -> str:
    """Remove HTML and Markdown residue, keeping list items and paragraph breaks as lines."""
    text = unicodedata.normalize("NFC", text)
    if "<" in text and ">" in text:
        text = _TAG_ITEM.sub("\n• ", text)
        text = _TAG_BREAK.sub("\n", text)
        text = _TAG_ANY.sub("", text)
    text = html.unescape(text) if "&" in text else text
    text = _BOLD_JOIN.sub("\n", text)
    text = _GLUED_LABEL.sub(": ", text)
    for _ in range(3):  # nested emphasis (***bold italic***) needs more than one pass
        stripped = _EMPH.sub(lambda m: m.group(2) or m.group(3) or "", text)
        if stripped == text:
            break
        text = stripped
    text = text.replace("**", "")
    text = _MD_ESCAPE.sub(r"\1", text)
    return text


def bullet_lines(line: str) -> list[str]:
    """One source line → its list items: leading bullet marks unified, inline bullets and dash lists split."""
    line = _MD_HEADING.sub("", line)
    line = _SPACES.sub(" ", line).strip()
    if not line:
        return []
    line = normalise_bullet(line, stray_letters=True)
    parts = _INLINE_BULLET.split(line)
    out: list[str] = []
    for i, part in enumerate(parts):
        part = part.strip()
        if not part:
            continue
        out.extend(_split_dash_list(part if i == 0 else BULLET + part.removeprefix(BULLET)))
    return out


def _split_dash_list(line: str) -> list[str]:
    """Split "Label: - a - b" and "- a - b" (lists flattened into one line) into bullet lines."""
    if line.startswith(BULLET) and " - " in line:
        head, items = "", line[len(BULLET):]
    else:
        m = _LABEL_DASH.search(line)
        if not m:
            return [line]
        head, items = line[: m.start() + 1], line[m.end():]
    pieces = [p.strip() for p in _DASH_ITEM.split(items) if p.strip()]
    return ([head] if head else []) + [BULLET + p for p in pieces]


def _rejoin_dash_lists(raw_lines: list[str]) -> list[str]:
    """A flattened dash list wrapped over several lines (PDF cells) is one list: when a text opens with a
    list item or "Label: -" and holds more dash-separated items, lines that do not start an item are
    joined back to the line before, so the items can then be split at their dashes."""
    first = next((ln.strip() for ln in raw_lines if ln.strip()), "")
    opens_list = first.startswith(("- ", "• ")) or _LABEL_DASH.search(first) is not None
    joined = " ".join(ln.strip() for ln in raw_lines)
    if len(raw_lines) < 2 or not opens_list or not _DASH_ITEM.search(joined[2:]):
        return raw_lines
    out: list[str] = []
    for line in raw_lines:
        stripped = line.strip()
        if out and stripped and not stripped.startswith(("-", "•")):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(line)
    return out


def clean_text(text: str) -> str:
    """Markup removal plus bullet normalisation for one block's text or one cell."""
    lines: list[str] = []
    for raw in _rejoin_dash_lists(clean_markup(text).split("\n")):
        lines.extend(bullet_lines(raw))
    return "\n".join(lines)


def _is_furniture(line: str, repeated: set[str]) -> bool:
    s = line.strip()
    return s in repeated or _furniture().match(s) is not None


def _footnote_numbers(blocks: list[Block]) -> set[str]:
    """Numbers of footnote lines whose marker is glued to a word elsewhere ("boligsektor1.")."""
    body = "\n".join(b.text for b in blocks if b.kind == "paragraph") + "\n" + "\n".join(
        c for b in blocks if b.is_row for c in b.cells
    )
    found = set()
    for b in blocks:
        if b.kind != "paragraph":
            continue
        for line in b.text.split("\n"):
            m = _FOOTNOTE.match(line.strip())
            if m and re.search(rf"[a-zæøå]{m.group(1)}(?=[\s.,;:)]|$)", body):
                found.add(m.group(1))
    return found


def _strip_markers(text: str, numbers: set[str]) -> str:
    for n in numbers:
        text = re.sub(rf"(?<=[a-zæøå]){n}(?=[\s.,;:)]|$)", "", text)
    return text


def normalise_blocks(blocks: list[Block]) -> list[Block]:
    """Clean every block; drop page furniture and footnotes. Returns new blocks in the same order."""
    cleaned: list[Block] = []
    for b in blocks:
        if b.is_row:
            cleaned.append(b.model_copy(update={"cells": [clean_text(c) for c in b.cells]}))
        elif b.kind == "paragraph":
            cleaned.append(b.model_copy(update={"text": clean_text(b.text)}))
        else:
            cleaned.append(b)
    counts = Counter(
        line.strip() for b in cleaned if b.kind == "paragraph" for line in b.text.split("\n")
    )
    repeated = {s for s, n in counts.items() if n >= 2 and _ALLCAPS.match(s)}
    notes = _footnote_numbers(cleaned)
    out: list[Block] = []
    for b in cleaned:
        if b.kind == "paragraph":
            lines = [
                _strip_markers(line, notes)
                for line in b.text.split("\n")
                if not _is_furniture(line, repeated) and not _is_footnote(line, notes)
            ]
            if lines:
                out.append(b.model_copy(update={"text": "\n".join(lines)}))
            else:
                out.append(Block(kind="blank", page=b.page))
        elif b.is_row:
            cells = [_strip_markers(c, notes) for c in b.cells]
            if any(c and not _is_furniture(c, repeated) for c in cells):
                out.append(b.model_copy(update={"cells": cells}))
        else:
            out.append(b)
    return out


def _is_footnote(line: str, numbers: set[str]) -> bool:
    m = _FOOTNOTE.match(line.strip())
    return bool(m and m.group(1) in numbers)
