"""Small delaftaler built with python-docx in the template's three layouts (bold paragraphs, label row
over value row, label cell left of value cell), with any field deleted or left as guidance: the inputs of
the `check` tests, made at test time from the template's own headings."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document

from models import Record
from pipeline.catalogue import template

GUIDANCE_REVISION = "Her beskrives lokale aftaler for revision af delaftalen."
GUIDANCE_STAFF = (
    "Her oplistes de medarbejdere/-funktioner, der indgår i dette indsatsområde, herunder hvor stor en del af "
    "den enkelte medarbejders samlede ressourcer der forventes anvendt i indsatsområdet (timer eller %). "
    "Angivelserne skal stemme overens med angivelserne i budgettet."
)
GUIDANCE_TARGET_GROUP = (
    "Beskrivelse af målgruppen/målgrupperne: antal, aldersgruppe, køn, etnicitet eller andre relevante oplysninger."
)


def write_record(record: Record, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record.model_dump_json(indent=2), encoding="utf-8")


LAYOUTS = ("paragraphs", "label_above", "label_left")
SUB_LABELS = {
    h.field: h.printed for h in template().sub_heading if h.field not in ("problem_complex", "sub_goals", "activities")
}
ACTIVITY_LABELS = {h.field: h.printed for h in template().activity_heading}
FILLED_SUB: dict[str, list[str] | None] = {
    "initiative_name": ["Fjordby Boligsociale Helhedsplan 2024-2027"],
    "period": ["01.01.2024 - 31.12.2027"],
    "parties": ["Boligselskabet Fjordbo", "Fjordby Kommune, Jobcenter"],
    "activity_overview": ["Jobcafé", "Virksomhedsnetværk"],
    "staff_resources": ["En boligsocial medarbejder, 100 %."],
    "municipal_coherence": ["Indsatsen supplerer jobcentrets indsats med lokal kontakt til beboerne."],
    "revision": ["Delaftalen revideres årligt af bestyrelsen."],
}
FILLED_ACTIVITY: dict[str, list[str] | None] = {
    "name": ["Jobcafé"],
    "purpose": ["At flere beboere kommer i job eller uddannelse."],
    "target_group": ["Ledige beboere mellem 18 og 64 år."],
    "content_and_practice": ["Ugentlig åben café med jobvejledning."],
    "responsibilities": ["Den boligsociale medarbejder driver caféen; jobcentret stiller en konsulent."],
}
HEAD_FIELDS = ("initiative_name", "period", "parties")
TEXT_FIELDS = ("activity_overview", "staff_resources", "municipal_coherence", "revision")
SUB_GOAL_ROWS = (
    ("Delmål", "Indikator", "Baseline boligområde/målgruppe", "Evt. anden baseline", "Datakilde"),
    ("Flere beboere i job", "Andel 16-64-årige i beskæftigelse", "52,0 %", "71,3 %", "LBF"),
)
SCHEMAS_LABEL = (
    "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet "
    "(tilføj skemaer - ét skema pr. aktivitet):"
)


def bold(document: Document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def write_fields(document: Document, layout: str, fields: list[tuple[str, list[str]]]) -> None:
    """Labels with their values: bold paragraphs over value paragraphs, a label row over a value row, or a
    label cell left of a value cell (the three ways applicants' copies of the template come)."""
    if layout == "paragraphs":
        for label, lines in fields:
            bold(document, label)
            for line in lines:
                document.add_paragraph(line)
        return
    table = document.add_table(rows=0, cols=1 if layout == "label_above" else 2)
    for label, lines in fields:
        if layout == "label_above":
            label_cell, value_cell = table.add_row().cells[0], table.add_row().cells[0]
        else:
            label_cell, value_cell = table.add_row().cells
        label_cell.paragraphs[0].add_run(label).bold = True
        value_cell.paragraphs[0].text = lines[0] if lines else ""
        for line in lines[1:]:
            value_cell.add_paragraph(line)
    document.add_paragraph()


def delaftale_docx(
    path: Path, layout: str, sub: dict[str, list[str] | None], activity: dict[str, list[str] | None]
) -> Path:
    """A one-activity delaftale for Beskæftigelse; a field given as None is deleted, heading and all."""

    def present(
        values: dict[str, list[str] | None], labels: dict[str, str], keys: tuple[str, ...]
    ) -> list[tuple[str, list[str]]]:
        return [(labels[k], v) for k in keys if (v := values[k]) is not None]

    document = docx.Document()
    document.add_heading("Delaftale for indsatsområdet Beskæftigelse", level=1)
    write_fields(document, layout, present(sub, SUB_LABELS, HEAD_FIELDS))
    bold(document, "Delmål og indikatorer for indsatsområdet")
    table = document.add_table(rows=len(SUB_GOAL_ROWS), cols=len(SUB_GOAL_ROWS[0]))
    for row, texts in zip(table.rows, SUB_GOAL_ROWS, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph()
    write_fields(document, layout, present(sub, SUB_LABELS, TEXT_FIELDS))
    bold(document, SCHEMAS_LABEL)
    write_fields(document, layout, present(activity, ACTIVITY_LABELS, tuple(ACTIVITY_LABELS)))
    document.save(str(path))
    return path
