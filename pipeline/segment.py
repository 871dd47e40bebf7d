"""Segmentation: normalised blocks → agreements (units) → template fields, by recognising headings.

A file may hold a strategic agreement, delaftaler, or both (a bundle); each title line starts a unit.
Inside a unit every recognised heading starts a field; the text after a heading on the same line (or in
the cells to its right, in label-left-of-value tables) is the field's first value line. Lines that
belong to no field (the template's fixed paragraphs, guidance before the first heading) stay in the
unit's preamble so residue checks can still see them.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.catalogue import Heading, template
from pipeline.heading_words import match_words, meanings
from pipeline.match import HeadingMatch, best_label, fold, match_heading
from pipeline.units import Field, FocusBlock, Line, Unit

# "5. ", "5) ", and "5, " as OCR reads a section number's period in a halftone or 150-200 dpi scan
_SECTION_NO = re.compile(r"^\s*(\d)\s*[.),]\s*")


def _candidates(headings: list[Heading], prefix: str = "") -> dict[str, list[str]]:
    return {prefix + h.field: h.names for h in headings}


@cache
def _catalogues() -> dict[str, dict[str, list[str]]]:
    t = template()
    return {
        "unit": {u.kind: [u.heading, *u.aliases] for u in t.unit},
        "sub": {**_candidates(t.sub_heading), **_candidates(t.activity_heading, "act.")},
        "strategic": _candidates(t.strategic_heading),
        "section": {str(s.number): [s.heading, *s.aliases] for s in t.section},
        "focus": {f.code: [f.label, *f.aliases] for f in t.focus_area},
        "problem": {"problem": [t.vocab.problem_complex_heading]},
    }


@cache
def _sub_meanings() -> tuple[dict[str, object], list[str]]:
    """Key words of the delaftale headings (activity fields as "act.…"), and the keys in template order."""
    t = template()
    keys = {h.field: h.keys for h in t.sub_heading} | {f"act.{h.field}": h.keys for h in t.activity_heading}
    return meanings(keys), list(keys)


@cache
def _strategic_meanings() -> tuple[dict[str, object], dict[str, object]]:
    """Key words of the strategic header fields and of the numbered sections (keyed by number)."""
    t = template()
    header = meanings({h.field: h.keys for h in t.strategic_heading})
    return header, meanings({str(s.number): s.keys for s in t.section})


@cache
def _tails() -> dict[str, str]:
    t = template()
    return {h.field: h.tail for h in t.sub_heading + t.activity_heading if h.tail}


def focus_code(label: str) -> str:
    """Code of a focus-area title as written; `other` when it is none of the known ones."""
    hit = best_label(label, _catalogues()["focus"], template().segment.focus_label_cutoff)
    return hit[0] if hit else "other"


class _Probe:
    """A line joined with the text lines after it, to match headings wrapped over several lines."""

    def __init__(self, lines: list[Line], i: int) -> None:
        self.parts = [lines[i].head]
        self.indices = [i]
        j = i + 1
        while lines[i].kind == "text" and j < len(lines) and len(self.parts) <= template().segment.probe_lines:
            if lines[j].kind != "text":
                break
            self.parts.append(lines[j].text)
            self.indices.append(j)
            j += 1
        self.text = " ".join(self.parts)

    def split(self, end: int) -> tuple[int, str]:
        """Index of the line where the heading ends and the text after it on that line."""
        offset = 0
        for part, idx in zip(self.parts, self.indices, strict=True):
            if end <= offset + len(part):
                return idx, part[end - offset :]
            offset += len(part) + 1
        return self.indices[-1], ""


def _consume_tail(text: str, end: int) -> int:
    """Skip a heading's fixed parenthetical tail "(Eventuelle reviderede aftaler …):"."""
    rest = text[end:]
    stripped = rest.lstrip()
    if not stripped.startswith("("):
        return end
    close = stripped.find(")")
    if close < 0:
        return end
    new_end = end + (len(rest) - len(stripped)) + close + 1
    m = re.match(r"\s*[:|]+", text[new_end:])
    return new_end + (m.end() if m else 0)


def _consume_note(text: str, end: int) -> int:
    """Skip a short parenthetical an author added to a heading on its line ("Delaftalens parter (navn,
    titel):"): it explains the heading and is no value. Only when a colon or the line's end follows it."""
    m = re.match(r"\s*\([^()\n]{1,80}\)\s*(:|\||$|\n)", text[end:])
    return end + m.end() if m else end


class Segmenter:
    """Walks the lines once, opening units and fields as headings appear."""

    def __init__(self) -> None:
        self.t = template()
        self.cat = _catalogues()
        self.units: list[Unit] = []
        self.target: list[Line] | None = None
        self.activity: dict[str, Field] | None = None

    def run(self, lines: list[Line]) -> list[Unit]:
        i = 0
        while i < len(lines):
            i = self._step(lines, i)
        return self.units

    def _unit(self) -> Unit:
        if not self.units:
            self.units.append(Unit(kind="sub"))
            self.target = self.units[-1].preamble
        return self.units[-1]

    def _append(self, line: Line) -> None:
        self._unit()
        assert self.target is not None
        self.target.append(line)

    def _step(self, lines: list[Line], i: int) -> int:
        line = lines[i]
        head = line.head
        if line.kind == "blank" or not head.strip() or (len(head) > self.t.segment.max_heading_line
                                                           and line.kind == "text"):
            self._append(line)
            return i + 1
        probe = _Probe(lines, i)
        nxt = self._try_unit(lines, i, probe)
        if nxt is None:
            unit = self._unit()
            nxt = self._try_sub(lines, i, probe) if unit.kind == "sub" else self._try_strategic(lines, i, probe)
            if nxt is None and not unit.titled and not unit.fields and not unit.activities:
                unit.kind = "strategic"  # untitled: its first headings decide which agreement it is
                nxt = self._try_strategic(lines, i, probe)
                if nxt is None:
                    unit.kind = "sub"
        if nxt is None:
            self._append(line)
            return i + 1
        return nxt

    # -- units ---------------------------------------------------------------------------------
    def _try_unit(self, lines: list[Line], i: int, probe: _Probe) -> int | None:
        m = match_heading(probe.text, self.cat["unit"], self.t.score_cutoff)
        if m is None or (m.score < 100 and match_words(probe.parts[0], _sub_meanings()[0])):  # type: ignore[arg-type]
            return None  # near a title only by its shared words, but it says a field: "Delmål for indsatsområdet"
        kind = "strategic" if m.key == "strategic" else "sub"
        idx, rest = probe.split(m.end)
        if kind == "strategic" and any(u.kind == "strategic" for u in self.units):
            # one strategic agreement per file: a repeated title (a running header, the title typed twice) is
            # the template's own line, no value; a line that goes on after it is text
            return None if rest.strip(" :|–-") else idx + 1
        label = rest.strip(" :|–-") or None
        j = idx + 1
        if kind == "sub" and label is None:
            j, label = self._label_below(lines, j)
        if self.units and not self.units[-1].fields and not self.units[-1].activities and (
            kind == "sub" and self.units[-1].kind == "sub" and self.units[-1].label is None
        ):
            self.units.pop()  # text before the first title was not an agreement of its own
        unit = Unit(kind=kind, label=label, titled=True, start=lines[i].block)
        self.units.append(unit)
        self.target = unit.preamble
        self.activity = None
        return j

    def _label_below(self, lines: list[Line], j: int) -> tuple[int, str | None]:
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        if j < len(lines) and best_label(lines[j].head, self.cat["focus"], self.t.segment.focus_label_cutoff):
            return j + 1, lines[j].head.strip()
        return j, None

    # -- delaftale -----------------------------------------------------------------------------
    def _try_sub(self, lines: list[Line], i: int, probe: _Probe) -> int | None:
        m = match_heading(probe.text, self.cat["sub"], self.t.score_cutoff)
        unit = self.units[-1]
        if m is None:
            return self._try_sub_words(lines, probe, unit)
        key = m.key
        end = _consume_tail(probe.text, m.end) if key in _tails() else _consume_note(probe.text, m.end)
        if not self._plausible(unit, key, probe.text, m):
            return None
        self._open_sub(unit, key, probe.text[:end].strip())
        return self._rest(lines, probe, end)

    def _try_sub_words(self, lines: list[Line], probe: _Probe, unit: Unit) -> int | None:
        """A heading in the author's words (pipeline/heading_words.py), taken only where the template would
        have it: a delaftale field not yet seen and after those seen, outside any activity schema; an
        activity field not yet in the open schema, once the schemas may start. Anything else is text of
        the field it stands in ("Indhold:" inside Indhold og praksis, "Øvrige parter:" among parties)."""
        wm = match_words(probe.parts[0], _sub_meanings()[0])  # type: ignore[arg-type]
        if wm is None:
            return None
        key = next((k for k in wm.keys if self._in_order(unit, k)), None)
        if key is None:
            return None
        self._open_sub(unit, key, probe.parts[0][: wm.end].strip())
        return self._rest(lines, probe, wm.end)

    def _in_order(self, unit: Unit, key: str) -> bool:
        order = _sub_meanings()[1]
        seen = [order.index(k) for k in unit.fields]
        if key.startswith("act."):
            fld = key.removeprefix("act.")
            if self.activity is not None:
                return fld == "name" or fld not in self.activity
            return max(seen, default=-1) >= order.index(self.t.heading_words.activities_after)
        return self.activity is None and not unit.activities and order.index(key) > max(seen, default=-1)

    def _open_sub(self, unit: Unit, key: str, heading: str) -> None:
        """Start the field `key` (an activity field as "act.…") at a heading; later lines go into it."""
        fld = Field(key=key.removeprefix("act."), heading=heading)
        if key.startswith("act."):
            if self.activity is None or fld.key == "name" or fld.key in self.activity:
                self.activity = {}
                unit.activities.append(self.activity)
            self.activity[fld.key] = fld
        else:
            self.activity = None
            if key in unit.fields:
                fld = unit.fields[key]
            else:
                unit.fields[key] = fld
        self.target = fld.lines

    def _plausible(self, unit: Unit, key: str, text: str, m: HeadingMatch) -> bool:
        """Activity fields need an open activity schema, the schemas' header, or a colon, so that a
        table's "Målgruppe" column label is not taken for one."""
        if not key.startswith("act.") or key == "act.name":
            return True
        return self.activity is not None or "activities" in unit.fields or text[: m.end].rstrip().endswith(":")

    def _rest(self, lines: list[Line], probe: _Probe, end: int) -> int:
        """Put what follows the heading on its own line (or row) into the current field."""
        idx, rest = probe.split(end)
        first = lines[probe.indices[0]]
        assert self.target is not None
        if first.kind == "row":
            cells = [c for c in first.cells if c.strip()]
            values = [rest.strip(" :|"), *cells[1:]]
            self.target.extend(Line("text", t) for v in values for t in v.split("\n") if t.strip())
        elif rest.strip(" :|"):
            self.target.append(Line("text", rest.strip(" :|")))
        return idx + 1

    # -- strategic agreement ---------------------------------------------------------------------
    def _try_strategic(self, lines: list[Line], i: int, probe: _Probe) -> int | None:
        unit = self.units[-1]
        head = probe.parts[0]
        sec = self._match_section(head) or self._match_section_words(lines[i], unit)
        if sec is not None:
            number, end = sec
            fld = Field(key=str(number), heading=head[:end].strip())
            unit.sections[number] = fld
            self.target = fld.lines
            return self._rest(lines, probe, end)
        m = match_heading(probe.text, self.cat["strategic"], self.t.score_cutoff)
        if m is not None and not unit.sections:
            fld = unit.fields.setdefault(m.key, Field(key=m.key, heading=probe.text[: m.end].strip()))
            self.target = fld.lines
            return self._rest(lines, probe, m.end)
        if m is None and not unit.sections and (key := self._header_words(head, unit)) is not None:
            fld = unit.fields[key[0]] = Field(key=key[0], heading=head[: key[1]].strip())
            self.target = fld.lines
            return self._rest(lines, probe, key[1])
        focus = next((s.number for s in self.t.section if s.parser == "focus_areas"), None)
        if focus in unit.sections and max(unit.sections) == focus:
            return self._try_focus_block(lines, i)
        return None

    def _match_section(self, head: str) -> tuple[int, int] | None:
        """(section number, end of its heading) for a template section heading, numbered or standing alone."""
        num = _SECTION_NO.match(head)
        text = head[num.end() :] if num else head
        if not num and len(fold(text).split()) > self.t.segment.unnumbered_section_max_words:
            return None
        m = match_heading(text, self.cat["section"], self.t.score_cutoff, capital_start=num is None)
        if m is None or (num and num.group(1) != m.key):
            return None
        if not num and len(text[m.end :].strip()) > 0:
            return None  # an unnumbered heading must stand alone to count
        return int(m.key), (num.end() if num else 0) + m.end

    def _match_section_words(self, line: Line, unit: Unit) -> tuple[int, int] | None:
        """A section heading in the author's words ("4. Samspil med andre indsatser i området"): its key words
        say the section its number names, or, unnumbered, it is styled as a heading; either way it comes
        after the sections already found."""
        head = line.head
        num = _SECTION_NO.match(head)
        if num is None and not (line.style or "").lower().startswith(self.t.segment.heading_style_prefix):
            return None
        wm = match_words(head[num.end() :] if num else head, _strategic_meanings()[1])  # type: ignore[arg-type]
        if wm is None:
            return None
        after = max(unit.sections, default=0)
        number = next((int(k) for k in wm.keys if int(k) > after and (num is None or k == num.group(1))), None)
        return None if number is None else (number, (num.end() if num else 0) + wm.end)

    def _header_words(self, head: str, unit: Unit) -> tuple[str, int] | None:
        """(field, end) of a strategic header field in the author's words ("Aftaleperiode:"), not yet seen."""
        wm = match_words(head, _strategic_meanings()[0])  # type: ignore[arg-type]
        if wm is None:
            return None
        order = list(_strategic_meanings()[0])
        after = max((order.index(k) for k in unit.fields if k in order), default=-1)
        key = next((k for k in wm.keys if order.index(k) > after), None)
        return None if key is None else (key, wm.end)

    def _try_focus_block(self, lines: list[Line], i: int) -> int | None:
        head = lines[i].head.strip(" |:")
        if len(head) > self.t.segment.focus_block_max_chars:
            return None
        hit = best_label(head, self.cat["focus"], self.t.segment.focus_block_cutoff)
        if hit is None:
            return None
        j = i + 1
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        block = FocusBlock(label=head, code=hit[0])
        if j < len(lines):
            m = match_heading(lines[j].head, self.cat["problem"], self.t.score_cutoff)
            if m is not None:
                rest = lines[j].head[m.end :].strip(" :|")
                if rest:
                    block.lines.append(Line("text", rest))
                j += 1
            else:
                j = i + 1
        self.units[-1].focus_blocks.append(block)
        self.target = block.lines
        return j


def segment(lines: list[Line]) -> list[Unit]:
    """Split a document's lines into agreements and their fields."""
    return Segmenter().run(lines)
