"""Reading a template field's lines into its value, shared by the delaftale and strategic builders:
paragraphs with fixed text and guidance removed, residue, missing and empty findings on the way."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.findings import Findings, is_empty_value
from pipeline.paragraphs import to_paragraphs
from pipeline.parse.dates import parse_period
from pipeline.residue import strip_boilerplate, strip_guidance
from pipeline.units import Field, Line

Joiner = Callable[[list[str]], str | None]


def lines_text(paras: list[str]) -> str | None:
    """Paragraphs kept apart (text fields, lists)."""
    return "\n".join(paras) or None


def one_line(paras: list[str]) -> str | None:
    """Paragraphs run together (names, periods: a wrap must not split them)."""
    return " ".join(p.strip() for p in paras) or None


class ValueReader:
    """Turns a field's lines into clean paragraphs, reporting residue and emptiness on the way."""

    def __init__(self, findings: Findings, width: int | None, marked: tuple[str, ...] = ()) -> None:
        self.findings = findings
        self.width = width
        self.marked = marked  # text the source marks as guidance

    def paragraphs(self, lines: list[Line], path: str) -> list[str]:
        """Paragraphs of `lines` without template text; guidance found is reported at `path` (also for
        lines outside every field, reported at the agreement itself)."""
        kept, residues = strip_guidance(strip_boilerplate(to_paragraphs(lines, self.width)), self.marked)
        self.findings.residue(path, [r.text for r in residues])
        return kept

    def leftover(self, lines: list[Line], path: str) -> None:
        """Lines that reach no field (outside every heading, around a table): what is neither the template's
        fixed text nor guidance becomes an `unparsed_value` finding at `path`, so nothing is lost unseen."""
        kept = self.paragraphs(lines, path)
        # a fixed sentence a page or cell wrap split over two paragraphs is recognised once they are joined
        for text in strip_boilerplate([" ".join(kept)]) if kept else []:
            self.findings.add("unparsed_value", path, f"text outside every field of the record: {text!r}")

    def field(self, fld: Field | None, path: str, heading: str, required: bool,
              join: Joiner) -> tuple[list[str], str | None]:
        """(paragraphs, joined value) of a field, with missing/empty findings when it is mandatory."""
        if fld is None:
            if required:
                self.findings.missing(path, heading)
            return [], None
        paras = self.paragraphs(fld.lines, path)
        value = join(paras) if paras else None
        if is_empty_value(value):
            if required:
                self.findings.empty(path, heading)
            return [], None
        return paras, value

    def period(self, fld: Field | None, base: str, heading: str, required: bool) -> tuple[str | None, str | None]:
        """(valid_from, valid_to) of a "gælder fra - til" field; text that is no date range is reported."""
        _, period = self.field(fld, f"{base}.valid_from", heading, required, one_line)
        valid_from, valid_to = parse_period(period)
        if period and not (valid_from and valid_to):
            self.findings.add("unparsed_value", f"{base}.valid_from", f"period {period!r} is not a date range")
        return valid_from, valid_to
