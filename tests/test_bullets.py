"""The bullet rules (`pipeline/bullets.py`, shapes in `templates/bullets.toml`): every list mark a source
uses becomes the record's "• ", and nothing that only looks like one does. Lines are as the corpus's
PDFs, text exports and scans of them carry them."""

from __future__ import annotations

import pytest

from pipeline.bullets import is_bullet_token, is_ocr_bullet, normalise_bullet, private_use_to_bullet


@pytest.mark.parametrize(
    ("line", "from_ocr", "expected"),
    [
        ("\uf0b7 Boligselskabet Fjordbo", False, "• Boligselskabet Fjordbo"),
        ("\uf0b7Boligselskabet Fjordbo", False, "• Boligselskabet Fjordbo"),
        ("▪ Projektleder, 25 %", False, "• Projektleder, 25 %"),
        ("- Jobcafé", False, "• Jobcafé"),
        ("– Jobcafé", False, "• Jobcafé"),
        ("o Jobcafé", False, "• Jobcafé"),
        ("-5 grader", False, "-5 grader"),
        ("og så videre", False, "og så videre"),
        ("e Viceskolechef Børn og Unge", True, "• Viceskolechef Børn og Unge"),
        ("«+ Boligforeningen Lyngbo", True, "• Boligforeningen Lyngbo"),
        (". Sprogcenter Fjordby", True, "• Sprogcenter Fjordby"),
        (".€ styrke samarbejdet", True, "• styrke samarbejdet"),
        ("€+. Rasmus Krogh", True, "• Rasmus Krogh"),
        ("te Fast træffetid", True, "• Fast træffetid"),
        ("e er ikke en punkt", True, "e er ikke en punkt"),
        ("e Viceskolechef", False, "e Viceskolechef"),
    ],
)
def test_normalise_bullet(line: str, from_ocr: bool, expected: str) -> None:
    assert normalise_bullet(line, ocr=from_ocr) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("e Boligforeningen Lyngbo", "• Boligforeningen Lyngbo"),
        ("o Jobcafé", "• Jobcafé"),
        ("¢ Fast træffetid", "• Fast træffetid"),
        ("en god start", "en god start"),
        ("e", "e"),
    ],
)
def test_stray_letters_of_an_ocr_copy_are_bullets(line: str, expected: str) -> None:
    assert normalise_bullet(line, stray_letters=True) == expected


def test_private_use_glyphs_of_a_text_export_become_bullets() -> None:
    assert private_use_to_bullet("\uf0b7 Lektiecafé\n\uf0a7 Jobcafé") == "• Lektiecafé\n• Jobcafé"


@pytest.mark.parametrize(("token", "expected"), [("•", True), ("e", True), ("-", True), ("og", False), ("5", False)])
def test_bullet_tokens(token: str, expected: bool) -> None:
    assert is_bullet_token(token) is expected


@pytest.mark.parametrize(("word", "expected"), [("«+", True), (".€", True), ("e", False), ("", False), ("-5", False)])
def test_ocr_bullet_words(word: str, expected: bool) -> None:
    assert is_ocr_bullet(word) is expected

