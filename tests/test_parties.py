"""Party lines → name, role, organisation: the corpus's and seeds' real lines against their gold, and the
shapes the rules promise that the corpus does not hold."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD, SHARED

from pipeline.parse.parties import header_organisation, parse_parties
from pipeline.parse.party_line import split_line

CORPUS_SOURCES = SHARED / "corpus" / "sources"


def _units(doc: dict) -> list[dict]:
    return ([doc["strategic_agreement"]] if doc.get("strategic_agreement") else []) + doc.get("sub_agreements", [])


def _parts(party: dict) -> tuple:
    return party["text"], party["name"], party["role"], party["organisation"]


def _corpus_cells() -> list[tuple[str, list[str], list[dict]]]:
    """Each corpus agreement's parties cell as written (its lines) with the gold parties."""
    if not CORPUS_SOURCES.exists():
        return []
    cells = []
    for source in sorted(CORPUS_SOURCES.glob("*.source.json")):
        gold = json.loads((SHARED / "corpus" / "gold" / source.name.replace(".source", "")).read_text("utf-8"))
        for i, (unit, gold_unit) in enumerate(zip(_units(json.loads(source.read_text("utf-8"))), _units(gold), strict=True)):
            lines = unit.get("parties_lines") or [p["text"] for p in unit["parties"]]
            cells.append((f"{source.name.split('.')[0]}[{i}]", lines, gold_unit["parties"]))
    return cells


@pytest.mark.skipif(not CORPUS_SOURCES.exists(), reason="../shared/corpus is not beside the repo")
@pytest.mark.parametrize(("where", "lines", "gold"), _corpus_cells(), ids=lambda v: v if isinstance(v, str) else "")
def test_corpus_parties_cell_parses_to_gold(where: str, lines: list[str], gold: list[dict]) -> None:
    """Every shape in the corpus: person first, "v/", title first, bare bodies, group headers, closing prose."""
    got = [(p.text, p.name, p.role, p.organisation) for p in parse_parties(lines)]
    assert got == [_parts(p) for p in gold], where


# The shapes authors write a person with a role and a body in (issue 12), each from a gold party's parts.
SHAPES = {
    "name – role, body": "{name} – {role}, {organisation}",
    "name, role, body": "{name}, {role}, {organisation}",
    "name (role), body": "{name} ({role}), {organisation}",
    "body v/ role name": "{organisation} v/ {role} {name}",
    "body v/ name, role": "{organisation} v/ {name}, {role}",
}


@pytest.mark.skipif(not CORPUS_SOURCES.exists(), reason="../shared/corpus is not beside the repo")
@pytest.mark.parametrize("shape", SHAPES)
def test_corpus_people_read_the_same_in_every_shape(shape: str) -> None:
    """Every corpus party with a name, a role and a body, rewritten in each shape in its own cell (group
    headers and the other lines kept), parses to the same parts; roles with a unit ("afdelingsleder i Jobcenter
    Aalborg, Borgerrettet Indsats") and several words after the title ("teamleder for Integration og Sprog")."""
    checked = 0
    for where, lines, gold in _corpus_cells():
        people = [p for p in gold if p["name"] and p["role"] and p["organisation"]]
        if not people or any(p["text"] not in lines for p in people):
            continue
        written = {p["text"]: SHAPES[shape].format(**p) for p in people}
        got = parse_parties([written.get(line, line) for line in lines])
        want = [(written.get(p["text"], p["text"]), p["name"], p["role"], p["organisation"]) for p in gold]
        assert [(p.text, p.name, p.role, p.organisation) for p in got] == want, where
        checked += len(people)
    assert checked >= 10


def test_seed_parties_equal_gold(seed_records: dict[str, dict]) -> None:
    """The seeds' parties (Vejle's group headers, Slagelse's bullets and appositives, Viborg's OCR'd titles)."""
    for path in sorted(GOLD.glob("*.json")):
        stem = path.name.split(".")[0]
        gold = json.loads(path.read_text("utf-8"))
        record = seed_records[stem]
        for gold_unit in _units(gold):
            label = gold_unit.get("focus_area_label")
            got_unit = next(u for u in _units(record) if u.get("focus_area_label") == label)
            assert [_parts(p) for p in got_unit["parties"]] == [_parts(p) for p in gold_unit["parties"]], stem


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Karen Blixen (projektleder), Boligforeningen Rungsted", ("Karen Blixen", "projektleder", "Boligforeningen Rungsted")),
        ("Koordinator: Anne-Marie Holm", ("Anne-Marie Holm", "Koordinator", None)),
        ("Afdelingsleder – ungeområdet", (None, "Afdelingsleder – ungeområdet", None)),
        ("Jobcenter Køge v/ Lars Bo Jensen, virksomhedskonsulent", ("Lars Bo Jensen", "virksomhedskonsulent", "Jobcenter Køge")),
        ("Jan van der Berg – konsulent", ("Jan van der Berg", "konsulent", None)),
        ("Mette Hansen – Køge Bibliotek", ("Mette Hansen", None, "Køge Bibliotek")),
        ("Sofie Lund – områdeleder – Køge Kommune", ("Sofie Lund", "områdeleder", "Køge Kommune")),
        ("K. E. Madsen, formand, Afdelingsbestyrelsen", ("K. E. Madsen", "formand", "Afdelingsbestyrelsen")),
        ("Administrerende direktør Bo Ryge, Boligselskabet Sjælland", ("Bo Ryge", "Administrerende direktør", "Boligselskabet Sjælland")),
        ("Boligselskabet Sjælland v/ administrerende direktør Bo Ryge", ("Bo Ryge", "administrerende direktør", "Boligselskabet Sjælland")),
        ("Lone Kirk – leder af Klub Nord, Køge Kommune", ("Lone Kirk", "leder af Klub Nord", "Køge Kommune")),
        ("Kulturhuset Pavillonen, et samarbejde mellem kommune og forening", (None, None, "Kulturhuset Pavillonen")),
        ("Køge Kommune, Center for Børn (CFB)", (None, None, "Køge Kommune, Center for Børn (CFB)")),
        ("Ungdomsskolen Nord (aftenklub for 14-17-årige)", (None, None, "Ungdomsskolen Nord")),
        ("Boligselskabet Sjælland – Bo Ryge – direktør", ("Bo Ryge", "direktør", "Boligselskabet Sjælland")),
        ("direktør – Bo Ryge – Boligselskabet Sjælland", ("Bo Ryge", "direktør", "Boligselskabet Sjælland")),
        ("For Roskilde Kommune: Anders Bach, borgmester", ("Anders Bach", "borgmester", "Roskilde Kommune")),
        ("Lars Holt, konsulent, Jobcenter Køge, lh@koege.dk, 22 33 44 55", ("Lars Holt", "konsulent", "Jobcenter Køge")),
        ("Lise Holm, ansvarlig for lektiecaféen, Frivillighuset", ("Lise Holm", "ansvarlig for lektiecaféen", "Frivillighuset")),
        ("Peter Hansen – Fællesskab i Sydøst", ("Peter Hansen", None, "Fællesskab i Sydøst")),
        ("Køge Kommune;", (None, None, "Køge Kommune")),
    ],
)
def test_constructed_shapes_split(line: str, expected: tuple) -> None:
    """Shapes the rules cover that the corpus does not write."""
    assert split_line(line) == expected


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("Parter i Køge Kommune:", "Køge Kommune"),
        ("Repræsentanter fra Midt- og Vestsjællands Politi:", "Midt- og Vestsjællands Politi"),
        ("Køge Kommune, Børne- og Ungeforvaltningen:", "Køge Kommune, Børne- og Ungeforvaltningen"),
        ("Fra Jobcenter Køge:", "Jobcenter Køge"),
        ("Kommunale parter:", None),
        ("Øvrige aktører:", None),
        ("Boligorganisationer og helhedsplan:", None),
        ("Andre samarbejdspartnere:", None),
    ],
)
def test_group_header_names_a_body_or_only_a_kind(header: str, body: str | None) -> None:
    assert header_organisation(header) == body


def test_members_inherit_a_named_header_but_not_a_label() -> None:
    parties = parse_parties(
        ["Parter i Køge Kommune:", "Peter Vang – leder af Klub Nord", "Øvrige parter:", "Lise Holm – frivillig"]
    )
    assert [(p.name, p.organisation) for p in parties] == [("Peter Vang", "Køge Kommune"), ("Lise Holm", None)]


def test_running_prose_naming_parties_becomes_one_party_each() -> None:
    parties = parse_parties(
        ["Delaftalen indgås mellem Køge Kommune, Boligselskabet Strandparken og Midt- og Vestsjællands Politi."]
    )
    assert [p.organisation for p in parties] == [
        "Køge Kommune",
        "Boligselskabet Strandparken",
        "Midt- og Vestsjællands Politi",
    ]


def test_closing_sentence_table_header_and_signature_rules_are_not_parties() -> None:
    parties = parse_parties(
        [
            "Navn – Titel – Organisation",
            "Bo Ryge – direktør – Boligselskabet Sjælland",
            "Parterne mødes hver måned i styregruppen og følger op på delmålene.",
            "______________________",
            "Dato",
        ]
    )
    assert [(p.name, p.role, p.organisation) for p in parties] == [("Bo Ryge", "direktør", "Boligselskabet Sjælland")]
