"""`helhedsplan check` finds sections deleted or left as template guidance: the exact finding code at the
exact field path, in text (edited copies of a real seed) and in DOCX (small delaftaler built with
python-docx in the template's layouts, tests/delaftale_docx.py). The command's output and exit codes are
tests/test_check_cli.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from pipeline import extract
from pipeline.check import check_file
from tests.delaftale_docx import (
    FILLED_ACTIVITY,
    FILLED_SUB,
    GUIDANCE_REVISION,
    GUIDANCE_STAFF,
    GUIDANCE_TARGET_GROUP,
    LAYOUTS,
    delaftale_docx,
    write_record,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
SECTION_CODES = {"missing_section", "empty_section", "template_residue"}


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
