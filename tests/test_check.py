"""`helhedsplan check`: agreements with a known section deleted or left as template guidance must give the
exact finding code at the exact field path, in text (edited copies of a real seed) and in DOCX (small
delaftaler built with python-docx in the template's layouts), and the command's output and exit codes must
be usable by a CI job.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import docx
import pytest
from docx.document import Document
from typer.testing import CliRunner

from models import Finding, Record
from pipeline import extract
from pipeline.catalogue import template
from pipeline.check import ROW_FIELDS, check_file
from pipeline.cli import app

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
SECTION_CODES = {"missing_section", "empty_section", "template_residue"}

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


def section_findings(path: Path) -> set[tuple[str, str]]:
    """(code, path) of the findings about sections; OCR repairs and unparsed values are another matter."""
    checked = check_file(path)
    assert checked.error is None, checked.error
    return {(f.code, f.path) for f in checked.findings if f.code in SECTION_CODES}


def cut(text: str, start: str, end: str) -> str:
    """`text` without the span from `start` up to (not including) `end`; both must be there."""
    i = text.index(start)
    return text[:i] + text[text.index(end, i) :]


# --- Text: edited copies of the Vejle seed ------------------------------------------------------------


def _seed_text(stem: str) -> str:
    path = SEEDS / f"{stem}.txt"
    if not path.exists():
        pytest.skip("../shared/seeds is not beside the repo")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def vejle() -> str:
    return _seed_text("vejle_uddannelse_000")


def write_text(tmp_path: Path, text: str, name: str = "delaftale.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unmodified_seed_has_no_section_findings(vejle: str, tmp_path: Path) -> None:
    assert section_findings(write_text(tmp_path, vejle)) == set()


def test_deleted_staff_section_is_missing(vejle: str, tmp_path: Path) -> None:
    text = cut(vejle, "Medarbejderressourcer for indsatsområdet:", "Sammenhæng med den kommunale indsats")
    assert "Medarbejderressourcer" not in text
    assert section_findings(write_text(tmp_path, text)) == {("missing_section", "sub_agreements[0].staff_resources")}


def test_revision_left_as_guidance_is_residue_and_empty(vejle: str, tmp_path: Path) -> None:
    schemas = "Aktiviteter, som skal bidrage til indfrielsen af delmålene for indsatsområdet (tilføj"
    text = cut(vejle, "Det aftales, at revideringer", schemas)
    text = text.replace(schemas, f"{GUIDANCE_REVISION}\n\n{schemas}")
    assert section_findings(write_text(tmp_path, text)) == {
        ("template_residue", "sub_agreements[0].revision"),
        ("empty_section", "sub_agreements[0].revision"),
    }


def test_activity_purpose_dash_is_empty(vejle: str, tmp_path: Path) -> None:
    purpose = "- Tværfaglige indsatser og styrkelse af familiernes handlekompetencer"
    line = next(line for line in vejle.splitlines() if line.startswith(purpose))
    text = vejle.replace(line, "-")
    expected = {("empty_section", "sub_agreements[0].activities[1].purpose")}
    assert section_findings(write_text(tmp_path, text)) == expected


# --- DOCX: small delaftaler in the template's layouts ---------------------------------------------------

LAYOUTS = ("paragraphs", "label_above", "label_left")
SUB_LABELS = {h.field: h.printed for h in template().sub_heading if h.field not in ("problem_complex", "sub_goals", "activities")}
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


DOCX_CASES = {
    "complete": ({}, {}, set()),
    "staff deleted": ({"staff_resources": None}, {}, {("missing_section", "sub_agreements[0].staff_resources")}),
    "coherence deleted": (
        {"municipal_coherence": None},
        {},
        {("missing_section", "sub_agreements[0].municipal_coherence")},
    ),
    "revision left as guidance": (
        {"revision": [GUIDANCE_REVISION]},
        {},
        {("template_residue", "sub_agreements[0].revision"), ("empty_section", "sub_agreements[0].revision")},
    ),
    "guidance beside the applicant's text": (
        {"staff_resources": ["En boligsocial medarbejder, 100 %.", GUIDANCE_STAFF]},
        {},
        {("template_residue", "sub_agreements[0].staff_resources")},
    ),
    "activity field deleted": (
        {},
        {"responsibilities": None},
        {("missing_section", "sub_agreements[0].activities[0].responsibilities")},
    ),
    "activity field left as guidance": (
        {},
        {"target_group": [GUIDANCE_TARGET_GROUP]},
        {
            ("template_residue", "sub_agreements[0].activities[0].target_group"),
            ("empty_section", "sub_agreements[0].activities[0].target_group"),
        },
    ),
    "activity field a dash": ({}, {"purpose": ["-"]}, {("empty_section", "sub_agreements[0].activities[0].purpose")}),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_docx_section_findings(layout: str, case: str, tmp_path: Path) -> None:
    sub, activity, expected = DOCX_CASES[case]
    path = delaftale_docx(tmp_path / "delaftale.docx", layout, {**FILLED_SUB, **sub}, {**FILLED_ACTIVITY, **activity})
    assert section_findings(path) == expected


UNCATALOGUED_GUIDANCE = "Angiv antal timer pr. uge og fordelingen mellem parterne i partnerskabet."


def _highlight(path: Path, text: str, colour: str) -> Path:
    """Mark the run holding `text` as the template marks its guidance: a Word highlight."""
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document(str(path))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [*document.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    runs = [run for paragraph in paragraphs for run in paragraph.runs if text in run.text]
    assert runs, text
    for run in runs:
        run.font.highlight_color = getattr(WD_COLOR_INDEX, colour)
    document.save(str(path))
    return path


@pytest.mark.parametrize("layout", LAYOUTS)
def test_green_highlighted_guidance_is_residue_even_when_uncatalogued(layout: str, tmp_path: Path) -> None:
    """The template prints guidance on green; a sentence no catalogue knows is still cut and reported."""
    staff = {"staff_resources": ["En boligsocial medarbejder, 100 %.", UNCATALOGUED_GUIDANCE]}
    path = delaftale_docx(tmp_path / "delaftale.docx", layout, {**FILLED_SUB, **staff}, FILLED_ACTIVITY)
    assert section_findings(path) == set()  # not highlighted: the applicant's own text
    _highlight(path, UNCATALOGUED_GUIDANCE, "BRIGHT_GREEN")
    assert section_findings(path) == {("template_residue", "sub_agreements[0].staff_resources")}
    assert extract(path).sub_agreements[0].staff_resources == "En boligsocial medarbejder, 100 %."


def test_other_highlights_and_short_green_words_are_the_applicants(tmp_path: Path) -> None:
    staff = {"staff_resources": ["En boligsocial medarbejder, 100 %.", UNCATALOGUED_GUIDANCE]}
    path = delaftale_docx(tmp_path / "delaftale.docx", "label_left", {**FILLED_SUB, **staff}, FILLED_ACTIVITY)
    _highlight(_highlight(path, UNCATALOGUED_GUIDANCE, "YELLOW"), "Jobcafé", "BRIGHT_GREEN")
    assert section_findings(path) == set()
    assert UNCATALOGUED_GUIDANCE in (extract(path).sub_agreements[0].staff_resources or "")


def test_record_json_is_reused_with_its_findings(tmp_path: Path) -> None:
    agreement = delaftale_docx(
        tmp_path / "delaftale.docx", "label_left", {**FILLED_SUB, "staff_resources": None}, FILLED_ACTIVITY
    )
    write_record(extract(agreement), tmp_path / "delaftale.json")
    assert check_file(tmp_path / "delaftale.json").findings == check_file(agreement).findings


# --- Strategic agreement: edited copies of the Slagelse seed --------------------------------------------


@pytest.fixture(scope="module")
def slagelse() -> str:
    return _seed_text("slagelse_strategisk_004")


@pytest.mark.parametrize("body", ["", "-\n"], ids=["nothing", "dash"])
def test_emptied_strategic_section_is_reported(slagelse: str, body: str, tmp_path: Path) -> None:
    heading = "7. Lokal evaluering |\n"
    text = cut(slagelse, heading, "8. Revision af samarbejdsaftalen")
    text = text.replace("\n8. Revision", f"\n{heading}{body}8. Revision")
    assert heading in text
    assert ("empty_section", "strategic_agreement.sections[6]") in section_findings(write_text(tmp_path, text))


def test_missing_strategic_section_path_names_no_other_section(slagelse: str, tmp_path: Path) -> None:
    path = write_text(tmp_path, cut(slagelse, "4. Samspil med centrale", "5. Overordnede mål"))
    missing = [f for f in check_file(path).findings if f.code == "missing_section" and "Samspil" in f.message]
    assert len(missing) == 1
    index = re.fullmatch(r"strategic_agreement\.sections\[(\d+)\]", missing[0].path)
    assert index is not None, missing[0].path
    record = extract(path)
    assert record.strategic_agreement is not None
    sections = record.strategic_agreement.sections
    assert int(index[1]) >= len(sections) or sections[int(index[1])].number == 4


# --- The command -------------------------------------------------------------------------------------


@pytest.fixture
def agreements(tmp_path: Path) -> dict[str, Path]:
    """clean (no findings), warning (revision left as guidance), error (staff deleted), info (a record whose
    only finding is an unparsed value)."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "clean": delaftale_docx(folder / "clean.docx", "label_left", FILLED_SUB, FILLED_ACTIVITY),
        "warning": delaftale_docx(
            folder / "warning.docx", "label_above", {**FILLED_SUB, "revision": [GUIDANCE_REVISION]}, FILLED_ACTIVITY
        ),
        "error": delaftale_docx(
            folder / "error.docx", "paragraphs", {**FILLED_SUB, "staff_resources": None}, FILLED_ACTIVITY
        ),
    }
    record = extract(files["clean"])
    record.findings.append(
        Finding(code="unparsed_value", severity="info", path="sub_agreements[0].valid_from", message="odd period")
    )
    files["info"] = folder / "records" / "info.json"
    write_record(record, files["info"])
    return files


def invoke(*args: str):
    return CliRunner().invoke(app, ["check", *args], env={"COLUMNS": "160"})


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("clean", None, 0),
        ("error", None, 1),
        ("warning", None, 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
        ("error", "never", 0),
    ],
)
def test_exit_code_follows_fail_on(agreements: dict[str, Path], name: str, fail_on: str | None, code: int) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    result = invoke(str(agreements[name]), *options)
    assert result.exit_code == code, result.output


def test_json_output_lists_every_finding_with_its_file(agreements: dict[str, Path]) -> None:
    result = invoke(str(agreements["warning"].parent), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(tuple(row) == ROW_FIELDS for row in rows)
    assert {(Path(r["file"]).name, r["code"], r["severity"], r["path"]) for r in rows} == {
        ("clean.docx", None, None, None),  # a clean file is listed too, with no finding
        ("error.docx", "missing_section", "error", "sub_agreements[0].staff_resources"),
        ("info.json", "unparsed_value", "info", "sub_agreements[0].valid_from"),
        ("warning.docx", "template_residue", "warning", "sub_agreements[0].revision"),
        ("warning.docx", "empty_section", "warning", "sub_agreements[0].revision"),
    }


def test_csv_output_parses_with_a_header(agreements: dict[str, Path]) -> None:
    result = invoke(str(agreements["warning"]), str(agreements["error"]), "--format", "csv")
    assert result.exit_code == 1, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == ROW_FIELDS
    rows = list(reader)
    assert [(Path(r["file"]).name, r["code"]) for r in rows] == [
        ("warning.docx", "template_residue"),
        ("warning.docx", "empty_section"),
        ("error.docx", "missing_section"),
    ]
    assert "Medarbejderressourcer" in rows[2]["message"]


def test_unreadable_file_exits_2_and_the_others_are_still_printed(agreements: dict[str, Path]) -> None:
    broken = agreements["error"].with_name("broken.docx")
    broken.write_bytes(b"PK\x03\x04 cut off")
    result = invoke(str(broken), str(agreements["error"]), "--format", "json")
    assert result.exit_code == 2
    assert "broken.docx" in result.stderr
    assert [(Path(r["file"]).name, r["path"]) for r in json.loads(result.stdout)] == [
        ("error.docx", "sub_agreements[0].staff_resources")
    ]


def test_invalid_record_json_is_unreadable(agreements: dict[str, Path]) -> None:
    bad = agreements["info"].with_name("bad.json")
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    result = invoke(str(bad), str(agreements["clean"]))
    assert result.exit_code == 2
    assert "not a valid record" in result.stderr


def test_table_shows_findings_and_counts(agreements: dict[str, Path]) -> None:
    broken = agreements["error"].with_name("broken.docx")
    broken.write_bytes(b"not a zip")
    result = invoke(str(agreements["error"]), str(agreements["clean"]), str(broken))
    assert result.exit_code == 2
    out = result.stdout
    for text in ("missing_section", "sub_agreements[0].staff_resources", "no findings", "unreadable"):
        assert text in out
    assert re.search(r"missing_section\s+error\s+1", out)
    assert "3 files checked, 1 unreadable" in out


@pytest.mark.parametrize("columns", [100, 160])
def test_table_fits_the_terminal_width(agreements: dict[str, Path], columns: int) -> None:
    result = CliRunner().invoke(app, ["check", str(agreements["warning"].parent)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 1, result.output
    assert max(map(len, result.stdout.splitlines())) <= columns


def test_check_writes_nothing(agreements: dict[str, Path]) -> None:
    folder = agreements["clean"].parent
    before = sorted(folder.rglob("*"))
    invoke(str(folder))
    assert sorted(folder.rglob("*")) == before


def test_folder_without_inputs_exits_2(tmp_path: Path) -> None:
    result = invoke(str(tmp_path))
    assert result.exit_code == 2
    assert "no agreement or record files found" in result.stderr
