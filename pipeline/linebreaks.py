"""The one rule for joining a line to the next: how a hard-wrapped line break is undone.

PDF text, OCR lines, narrow table cells and text exports all break lines inside paragraphs; every stage
that puts such lines back together calls `join_wrapped` (or `undo_hyphenation` for a text whose wraps are
still "\\n"), so that "børne-" + "og unge" reads the same whichever format it came from. The words that
continue a suspended compound are template data (`[linebreaks]` in helhedsplan.toml).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.catalogue import template

HYPHENS = "-\u00ad\u2010"  # hyphen-minus, soft hyphen, Unicode hyphen
NAME_REST_WORDS = 3  # the rest of a name wrapped onto the next line is at most this many words
OPEN_END_MARKS = (",", "–", "&", "/")
_LOWER = "a-zæøåéü"


@cache
def _suspended() -> frozenset[str]:
    return frozenset(w.casefold() for w in template().linebreaks.suspended_compound_words)


def _not_suspended() -> str:
    words = "|".join(re.escape(w) for w in sorted(_suspended(), key=len, reverse=True))
    return rf"(?!(?:{words})(?:\s|$|[.,;:]))"


@cache
def _hyphen_break() -> re.Pattern[str]:
    """A hyphen at a line end between lower-case letters, not before a suspended compound's next word:
    a hyphenation point, dropped."""
    return re.compile(rf"(?<=[{_LOWER}])[{HYPHENS}]\n(?=[{_LOWER}]){_not_suspended()}")


@cache
def _compound_break() -> re.Pattern[str]:
    """A line break after the hyphen of a compound that needs it ("SSP-" + "konsulent", "15-17-" +
    "årige"): the hyphen stays, the break goes."""
    return re.compile(rf"(?<=[A-ZÆØÅ0-9][{HYPHENS}])\n(?=[{_LOWER}]){_not_suspended()}")


def breaks_word(line: str, nxt: str) -> bool:
    """Does `line` end in a hyphenation point that `nxt` completes ("udvik-" + "ling …")? Then the line
    break is inside a word, however short the line."""
    line, nxt = line.rstrip(), nxt.lstrip()
    return bool(line) and bool(_hyphen_break().match(f"{line}\n{nxt}", len(line) - 1))


def join_wrapped(line: str, nxt: str) -> str:
    """`line` followed by the line it wrapped onto: hyphenation undone, a number range ("14.30-" / "16.30",
    "15-" / "17-årige") or a compound's hyphen ("SSP-" / "konsulent") closed up, else one space between."""
    line, nxt = line.rstrip(), nxt.lstrip()
    if not line or not nxt:
        return line or nxt
    if breaks_word(line, nxt):
        return line[:-1] + nxt
    if _compound_break().match(f"{line}\n{nxt}", len(line)) or _number_range(line, nxt):
        return line + nxt
    return f"{line} {nxt}"


def _number_range(line: str, nxt: str) -> bool:
    """A hyphen between two figures: a range cut at its hyphen."""
    return len(line) > 1 and line[-1] in HYPHENS and line[-2].isdigit() and nxt[:1].isdigit()


def ends_in_hyphen(line: str) -> bool:
    """Does `line` end in a hyphen attached to a word ("Trygheds-", "30-"), not a dash standing alone?"""
    line = line.rstrip()
    return len(line) > 1 and line[-1] in HYPHENS and not line[-2].isspace()


def join_kept_hyphen(line: str, nxt: str) -> str:
    """`line`, ending in a hyphen the author typed, and the line after it, hyphen kept. In a table cell a
    line-end hyphen is the author's (Word breaks an over-long word in a narrow cell without one), so it is
    never dropped: the next line follows directly after a compound's hyphen ("SSP-" / "regi") or in a
    number range ("30-" / "64 år"), after a space otherwise ("Børne-" / "og unge"; "Trygheds-" / "survey"
    may have been typed either way, and the space is the reading that changes no word)."""
    line, nxt = line.rstrip(), nxt.lstrip()
    tight = nxt[:1].isdigit() or bool(_compound_break().match(f"{line}\n{nxt}", len(line)))
    return line + nxt if tight else f"{line} {nxt}"


def undo_hyphenation(text: str) -> str:
    """Re-join words split at the line ends of a "\\n"-joined text, keeping the other line breaks."""
    return _compound_break().sub("", _hyphen_break().sub("", text))


def open_end(text: str) -> bool:
    """A line that stops mid-phrase, on a joining word or a comma ("Helhedsplan Hvedemarken og")."""
    words = text.split()
    return text.endswith(OPEN_END_MARKS) or (bool(words) and words[-1].casefold() in _open_end_words())


def name_runs_on(line: str, nxt: str) -> bool:
    """A capitalised name cut by the wrap ("… Jens" / "Ole Brix", "Helhedsplan" / "Hvedemarken og
    Ravnsbjerg Vænge"): both sides capitalised, and the next line a short remainder (its joining words not
    counted) that ends there, not a heading of its own (which ends in a colon). Only a wrap if the next
    line's first word would not have fitted: the readers that know the room test that."""
    last = line.rsplit(" ", 1)[-1]
    rest = [word for word in nxt.split() if word.casefold() not in _open_end_words()]
    short = len(rest) <= NAME_REST_WORDS and not nxt.endswith(":") and not open_end(nxt)
    return last[:1].isupper() and short


@cache
def _open_end_words() -> frozenset[str]:
    return frozenset(word.casefold() for word in template().linebreaks.open_end_words)
