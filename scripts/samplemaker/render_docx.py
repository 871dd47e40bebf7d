"""DOCX rendering of a sample with python-docx, in the LBF template's table layouts."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from samplemaker.content import (
    FocusAreaContent,
    GoalBlock,
    IndicatorRow,
    Sample,
    StrategicContent,
    SubAgreementContent,
    Value,
    value,
)
from samplemaker.settings import (
    COLUMN_WIDTHS_CM,
    DOCUMENT_DATE,
    FONT,
    MARGIN_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    W_NS,
    ZIP_DATE,
    Layout,
)
from samplemaker.template_text import (
    ACTIVITY_FIELDS,
    ACTIVITY_LABELS,
    AGREEMENT_DOCUMENTS,
    DELAFTALE_INTRO,
    GOAL_HEADER,
    GUIDANCE_NOTE,
    LABEL_COHERENCE,
    LABEL_INITIATIVE,
    LABEL_OVERVIEW,
    LABEL_PARTIES,
    LABEL_PERIOD,
    LABEL_REVISION,
    LABEL_SCHEMAS,
    LABEL_STAFF,
    LABEL_SUB_GOALS,
    PROBLEM_COMPLEX_LABEL,
    SUB_GOAL_HEADER,
    SUB_GOALS_INTRO,
    YEAR_HEADER,
)


def new_document(title: str) -> Document:
    """A document with fixed metadata and the page furniture (header, page-number footer) PDFs repeat."""
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "helhedsplan samples"
    props.title = title
    props.created = props.modified = props.last_printed = DOCUMENT_DATE
    props.revision = 1
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.header.paragraphs[0].text = "LANDSBYGGEFONDEN"
    footer = section.footer.paragraphs[0]
    footer.add_run("Side ")
    footer._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    return document


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, guidance: bool = False) -> None:
    """Add text as one run; "\\n" becomes a line break inside the paragraph (Shift+Enter in Word)."""
    run = paragraph.add_run()
    run.bold = bold
    if guidance:
        run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    first, *rest = text.split("\n")
    run.add_text(first)
    for line in rest:
        run.add_break()
        run.add_text(line)


def write_value(container: Document | _Cell, field: Value) -> None:
    """Write a value's lines as paragraphs ("• " lines as Word list items), then any guidance in green."""
    for line in field.lines:
        bullet = line.startswith("• ")
        paragraph = container.add_paragraph(style="List Bullet" if bullet else None)
        add_text(paragraph, line[2:] if bullet else line)
    if field.guidance:
        add_text(container.add_paragraph(), field.guidance, guidance=True)


def fill_cell(cell: _Cell, field: Value) -> None:
    """Replace a new cell's one empty paragraph by the value (an empty value keeps the empty cell)."""
    if not field.lines and not field.guidance:
        return
    placeholder = cell.paragraphs[0]._p
    write_value(cell, field)
    placeholder.getparent().remove(placeholder)


def label_cell(cell: _Cell, label: str) -> None:
    """A template heading in bold, written into the new cell's one paragraph."""
    add_text(cell.paragraphs[0], label, bold=True)


def bold_paragraph(document: Document, text: str) -> None:
    add_text(document.add_paragraph(), text, bold=True)


def new_table(document: Document, cols: int) -> Table:
    table = document.add_table(rows=0, cols=cols)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS_CM[cols], strict=True):
        column.width = Cm(width)
    return table


def fix_cell_widths(table: Table) -> None:
    """Word and LibreOffice size columns by each cell's own width, so copy the grid's widths to every cell."""
    widths = COLUMN_WIDTHS_CM[len(table.columns)]
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = Cm(width)


def field_table(document: Document, layout: Layout, fields: Sequence[tuple[str, Value]]) -> None:
    """Template headings with their values: label row above value row, or label cell left of value cell."""
    table = new_table(document, 1 if layout == "label_above" else 2)
    for label, field in fields:
        if layout == "label_above":
            label_cell(table.add_row().cells[0], label)
            fill_cell(table.add_row().cells[0], field)
        else:
            left, right = table.add_row().cells
            label_cell(left, label)
            fill_cell(right, field)
    fix_cell_widths(table)
    document.add_paragraph()


def goal_table(document: Document, header: Sequence[str], goals: Sequence[GoalBlock], year_column: bool) -> None:
    """A Delmål/Mål table whose goal cell is merged down over the rows of its indicators."""
    columns = [*header[:4], YEAR_HEADER, header[4]] if year_column else list(header)
    table = new_table(document, len(columns))
    for cell, title in zip(table.add_row().cells, columns, strict=True):
        label_cell(cell, title)
    for goal in goals:
        first = len(table.rows)
        for row in goal.indicators:
            cells = table.add_row().cells[1:]
            texts = [row.indicator, *indicator_cells(row, year_column)]
            for cell, text in zip(cells, texts, strict=True):
                fill_cell(cell, value(*text.splitlines()))
        merged = table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
        fill_cell(merged, value(goal.goal))
    fix_cell_widths(table)
    document.add_paragraph()


def indicator_cells(row: IndicatorRow, year_column: bool) -> list[str]:
    baselines = "\n".join(f.text for f in row.baselines)
    other = row.other.text if row.other else ""
    year = [row.year or ""] if year_column else []
    return [baselines, other, *year, row.source]


def write_sub_agreement(document: Document, sub: SubAgreementContent, layout: Layout) -> None:
    document.add_heading(f"Delaftale for indsatsområdet {sub.label}", level=1)
    if sub.guidance_note:
        add_text(document.add_paragraph(), GUIDANCE_NOTE, guidance=True)
    for paragraph in DELAFTALE_INTRO:
        document.add_paragraph(paragraph)
    field_table(
        document,
        layout,
        [
            (LABEL_INITIATIVE, value(sub.initiative)),
            (LABEL_PERIOD, value(sub.period)),
            (LABEL_PARTIES, parties_value(sub)),
        ],
    )
    bold_paragraph(document, LABEL_SUB_GOALS)
    for paragraph in SUB_GOALS_INTRO:
        document.add_paragraph(paragraph)
    goal_table(document, SUB_GOAL_HEADER, sub.sub_goals, sub.year_column)
    overview = Value(tuple(f"• {item}" for item in sub.overview.lines), sub.overview.guidance)
    coherence = [] if sub.coherence is None else [(LABEL_COHERENCE, sub.coherence)]
    field_table(
        document,
        layout,
        [(LABEL_OVERVIEW, overview), (LABEL_STAFF, sub.staff), *coherence, (LABEL_REVISION, sub.revision)],
    )
    bold_paragraph(document, LABEL_SCHEMAS)
    for activity in sub.activities:
        fields = [(ACTIVITY_LABELS["name"], value(activity.name))]
        fields += [(ACTIVITY_LABELS[key], getattr(activity, key)) for key in ACTIVITY_FIELDS]
        field_table(document, layout, fields)


def parties_value(sub: SubAgreementContent) -> Value:
    lines: list[str] = []
    for group in sub.party_groups:
        lines += [group.header] if group.header else []
        lines += [f"• {line.text}" for line in group.parties]
    return Value(tuple(lines), sub.parties_guidance)


def write_strategic(document: Document, strategic: StrategicContent) -> None:
    """The strategic agreement with labels and headings as paragraphs, each value in the paragraphs below."""
    document.add_heading("Strategisk samarbejdsaftale om boligsocial indsats", level=0)
    for label, field in (
        ("Områdets navn:", value(strategic.area_name)),
        ("Aftalens parter:", value(*(f"• {p}" for p in strategic.parties))),
        ("Samarbejdsaftalen gælder fra - til:", value(strategic.period)),
    ):
        bold_paragraph(document, label)
        write_value(document, field)
    bold_paragraph(document, "Aftaledokumenter")
    document.add_paragraph(AGREEMENT_DOCUMENTS)
    for section in strategic.sections:
        document.add_heading(f"{section.number}. {section.heading}", level=2)
        write_value(document, section.body)
        if section.key == "overordnede_maal":
            goal_table(document, GOAL_HEADER, strategic.goals, year_column=False)
        if section.key == "indsatsomraader":
            write_focus_areas(document, strategic.focus_areas)


def write_focus_areas(document: Document, focus_areas: Sequence[FocusAreaContent]) -> None:
    for focus_area in focus_areas:
        document.add_heading(focus_area.label, level=3)
        bold_paragraph(document, PROBLEM_COMPLEX_LABEL)
        write_value(document, focus_area.problem_complex)


def render(sample: Sample, path: Path) -> None:
    title = "Strategisk samarbejdsaftale" if sample.strategic else "Delaftale"
    document = new_document(title)
    if sample.strategic:
        write_strategic(document, sample.strategic)
        document.add_page_break()
    for i, sub in enumerate(sample.sub_agreements):
        if i:
            document.add_page_break()
        write_sub_agreement(document, sub, sample.layout)
    document.save(str(path))
    freeze_zip(path)


def freeze_zip(path: Path) -> None:
    """python-docx stamps zip members with the current time; rewrite them with a fixed one."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
