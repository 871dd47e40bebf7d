"""OCR letter repair (pipeline/repair.py) on real values from the seeds and the table's examples.

The seed-based tests read /work/shared (the repo root's parent holds `shared/`): the Viborg
agreement OCR'd without Danish data, its line-by-line clean twin, and two clean agreements.
They are skipped with a reason where that folder is absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
import wordfreq

from pipeline import lexicon, repair, repair_channel
from pipeline.repair import looks_ocr_damaged, repair_text
from pipeline.repair_channel import load_table

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
DAMAGED_SEED = SEEDS / "viborg_uddannelse_ocr_001.txt"
REPAIRED_TWIN = SHARED / "gold" / "viborg_uddannelse_ocr_001.repaired.txt"
CLEAN_SEEDS = ["vejle_uddannelse_000.txt", "slagelse_strategisk_004.txt"]

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared seeds not found at {SEEDS}")

MIN_ERRORS_REMOVED = 0.90
MAX_CLEAN_CHANGE_RATIO = 0.001
MAX_CPU_SECONDS_PER_DOCUMENT = 1.0  # an 18 KB document, once the lexicon is loaded


def load_cer() -> ModuleType:
    """The shared evaluation's CER module, imported from shared/eval."""
    eval_dir = str(SHARED / "eval")
    if eval_dir not in sys.path:
        sys.path.insert(0, eval_dir)
    import cer

    return cer


@pytest.fixture(scope="module")
def damaged_text() -> str:
    return DAMAGED_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def repaired_seed(damaged_text: str) -> repair.RepairResult:
    return repair_text(damaged_text)


# --- words from the Viborg seed, in the context they stand in there ----------------------
@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Viceskolechef Bgrn og Unge", "Viceskolechef Børn og Unge"),
        ("aktiviteter i omradet, som", "aktiviteter i området, som"),
        ("Delm&l skal forstds som", "Delmål skal forstås som"),
        ("@vrige faglige input inviteres ad hoc.", "Øvrige faglige input inviteres ad hoc."),
        ("ansvar for Igbende at falge op pa delmalene.", "ansvar for løbende at følge op på delmålene."),
        ("indsatser folges Isbende og evalueres", "indsatser følges løbende og evalueres"),
        ("en tid understgtter de overordnede mal", "en tid understøtter de overordnede mål"),
        ("Delaftalerne er sdledes bilag", "Delaftalerne er således bilag"),
        ("M3let er at tilbyde relationel velfserd", "Målet er at tilbyde relationel velfærd"),
        ("til kvinder pa8 SOSU-uddannelsen.", "til kvinder på SOSU-uddannelsen."),
        ("Eksempelvis klassefzellesskaber, fritidsaktiviteter", "Eksempelvis klassefællesskaber, fritidsaktiviteter"),
        ("e (@ge chancerne for, at bgrn", "e Øge chancerne for, at børn"),
        ("Andelen af 18-29 &rige, der", "Andelen af 18-29 årige, der"),
        ("Boligomradernes indikatorer peger pa", "Boligområdernes indikatorer peger på"),
        ("Navn pad den boligsociale indsats", "Navn på den boligsociale indsats"),
        ("ved arets afgangsprgve", "ved årets afgangsprøve"),
        ("Andel af bgrn 0g unge", "Andel af børn og unge"),
        ("stgtte fra boligsociale ressourcer", "støtte fra boligsociale ressourcer"),
    ],
)
def test_seed_words_are_repaired(damaged: str, expected: str) -> None:
    assert repair_text(damaged, damaged=True).text == expected


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("husstanden far mulighed for at", "husstanden får mulighed for at"),  # verb after subject
        ("min far og mor", "min far og mor"),  # the noun after a possessive
        ("Barselscafé: 10 timer pr. uge pr. ar.", "Barselscafé: 10 timer pr. uge pr. år."),
        ("Helhedsplanen rummer 484 i alderen 7-17 ar.", "Helhedsplanen rummer 484 i alderen 7-17 år."),
        ("er det malet at helhedsplanen", "er det målet at helhedsplanen"),
        ("som er malet hvid", "som er malet hvid"),  # painted, after an auxiliary
        ("for et ar af gangen", "for et år af gangen"),
        ("Indsatsen kan bade vaere samtaler", "Indsatsen kan både være samtaler"),
        ("Ad hoc-gruppen sammenszettes sa den", "Ad hoc-gruppen sammensættes så den"),
        ("Der er tid for alle", "Der er tid for alle"),  # 'for' stays 'for'
        ("Ian Smith deltager hver uge", "Ian Smith deltager hver uge"),
    ],
)
def test_ambiguous_forms_follow_context(damaged: str, expected: str) -> None:
    assert repair_text(damaged, damaged=True).text == expected


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Bgrn", "Børn"),
        ("BGRNEHAVEN", "BØRNEHAVEN"),
        ("OMRADET", "OMRÅDET"),
        ("i boligomradet", "i boligområdet"),
    ],
)
def test_capitalisation_follows_the_original(damaged: str, expected: str) -> None:
    assert repair_text(damaged, damaged=True).text == expected


@pytest.mark.parametrize(
    "clean",
    [
        "Michael Nielsen og Mette Hjelholt fra Gerlev",
        "Workshop i forhold til teenagere (SSP, LBF, PPL, R&D)",
        "Se www.lbf.dk eller skriv til info@lbf.dk",
        "mindst 2,0i gennemsnit i 9./10. klasse, 01.08.2025-31.07.2029",
        "Uddannelse & Læring",
        "I praksis vil hver beboer få tilbud",
        "The board meets every second week",
        "e Fremme trivsel\no styrke familiers trivsel\npunkt a og b",
    ],
)
@pytest.mark.parametrize("damaged", [True, False, None])
def test_clean_text_survives(clean: str, damaged: bool | None) -> None:
    assert repair_text(clean, damaged=damaged).text == clean


@pytest.mark.parametrize("text", ["", "   \n\n", "2025-2029 | 75% | 31.12.2026", "\u2022 \u2013 &"])
def test_texts_without_words_pass_through(text: str) -> None:
    result = repair_text(text, damaged=True)
    assert (result.text, result.tokens_changed, result.changes) == (text, 0, [])


def test_windows_line_ends_are_kept() -> None:
    text = "Delm&l og indikatorer\r\n\r\n@vrige faglige input\r\n"
    assert repair_text(text, damaged=True).text == "Delmål og indikatorer\r\n\r\nØvrige faglige input\r\n"


def test_whitespace_and_lines_are_kept() -> None:
    text = "e  Styrke foraeldres\tkompetencer,\n\n  o styrke sdrbare familiers trivsel  \n"
    result = repair_text(text, damaged=True)
    assert result.text == "e  Styrke forældres\tkompetencer,\n\n  o styrke sårbare familiers trivsel  \n"
    assert result.changes == [("foraeldres", "forældres"), ("sdrbare", "sårbare")]
    assert result.tokens_changed == 2


# --- the table's own examples ---------------------------------------------------------
@pytest.mark.parametrize("rule", load_table().rules, ids=lambda r: f"{r.ocr}->{r.letter}")
def test_rule_examples(rule: repair_channel.RepairRule) -> None:
    damaged, expected = rule.example
    assert repair_text(damaged, damaged=True).text == expected


@pytest.mark.parametrize("ending", load_table().endings, ids=lambda e: e.suffix)
def test_ending_examples(ending: repair_channel.Ending) -> None:
    damaged, expected = ending.example
    assert repair_text(damaged, damaged=True).text == expected


@pytest.mark.parametrize("entry", load_table().ambiguous, ids=lambda a: a.form)
def test_ambiguous_examples(entry: repair_channel.AmbiguousForm) -> None:
    damaged, expected = entry.example
    assert repair_text(damaged, damaged=True).text == expected


# --- lexicons ---------------------------------------------------------------------------
def test_wordfreq_has_danish_offline() -> None:
    assert wordfreq.zipf_frequency("børn", "da") > 5


def test_missing_system_word_list_is_tolerated(monkeypatch: pytest.MonkeyPatch) -> None:
    caches = [lexicon.load_lexicon, repair_channel.cost_as_written, repair_channel.channel_repair]
    monkeypatch.setattr(lexicon, "SYSTEM_WORDLIST", Path("/nonexistent/danish"))
    for cached in caches:
        cached.cache_clear()
    try:
        assert repair_text("Viceskolechef Bgrn og Unge", damaged=True).text == "Viceskolechef Børn og Unge"
    finally:
        monkeypatch.undo()
        for cached in caches:
            cached.cache_clear()


# --- acceptance on the seeds ------------------------------------------------------------
@needs_shared
def test_cer_errors_removed(damaged_text: str, repaired_seed: repair.RepairResult) -> None:
    cer = load_cer()
    clean = REPAIRED_TWIN.read_text(encoding="utf-8")
    before, after = cer.cer(clean, damaged_text), cer.cer(clean, repaired_seed.text)
    assert 1 - after / before >= MIN_ERRORS_REMOVED


@needs_shared
def test_block_by_block_repair_needs_no_verdict(damaged_text: str) -> None:
    """The pipeline repairs block by block without passing the document's verdict."""
    cer = load_cer()
    clean = REPAIRED_TWIN.read_text(encoding="utf-8")
    by_line = "\n".join(repair_text(line).text for line in damaged_text.split("\n"))
    assert 1 - cer.cer(clean, by_line) / cer.cer(clean, damaged_text) >= MIN_ERRORS_REMOVED


@needs_shared
@pytest.mark.parametrize("name", CLEAN_SEEDS)
def test_clean_seeds_barely_change_block_by_block(name: str) -> None:
    results = [repair_text(line) for line in (SEEDS / name).read_text(encoding="utf-8").split("\n")]
    changed, seen = sum(r.tokens_changed for r in results), sum(r.tokens_seen for r in results)
    assert changed / seen <= MAX_CLEAN_CHANGE_RATIO


@needs_shared
def test_line_structure_matches_the_twin(repaired_seed: repair.RepairResult) -> None:
    twin = REPAIRED_TWIN.read_text(encoding="utf-8").split("\n")
    lines = repaired_seed.text.split("\n")
    assert [len(line.split(" ")) for line in lines] == [len(line.split(" ")) for line in twin]


@needs_shared
def test_damaged_seed_is_detected(damaged_text: str) -> None:
    assert looks_ocr_damaged(damaged_text)


@needs_shared
@pytest.mark.parametrize("name", CLEAN_SEEDS)
def test_clean_seeds_barely_change(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert not looks_ocr_damaged(text)
    result = repair_text(text)
    assert result.tokens_changed / result.tokens_seen <= MAX_CLEAN_CHANGE_RATIO


@needs_shared
def test_repair_is_fast(damaged_text: str) -> None:
    """CPU time, not wall time, so that a busy test machine does not fail it."""
    lexicon.load_lexicon()
    repair_channel.cost_as_written.cache_clear()
    repair_channel.channel_repair.cache_clear()
    started = time.process_time()
    repair_text(damaged_text)
    assert time.process_time() - started < MAX_CPU_SECONDS_PER_DOCUMENT
