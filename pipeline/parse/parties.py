"""Party lines → {text, name, role, organisation}.

Shapes found in agreements: "Navn – titel" (a person and their role), "Titel Organisation, Kommune",
"Organisation v/ Navn", "Titel: Navn", a bare organisation, and group headers ending in ":" whose body
("Samarbejdspartnere i Børne- og ungeforvaltningen, Vejle Kommune:") is the organisation of the lines
under it. Explanatory prose between the lines is not a party.
"""

from __future__ import annotations

import re
from functools import cache

from models import Party
from pipeline.catalogue import template
from pipeline.normalise import BULLET

_DASH = re.compile(r"\s+[–—-]\s+")
_VED = re.compile(r"\s+v/\s*")
_PERSON = re.compile(r"^[A-ZÆØÅ][a-zæøåé'\-]+(?:\s+(?:[A-ZÆØÅ][a-zæøåé'\-]+|[A-ZÆØÅ]\.))+$")
PROSE_MIN_WORDS = 5
MAX_PARTY_CHARS = 160


@cache
def _role_words() -> tuple[str, ...]:
    return tuple(w.lower() for w in template().vocab.role_words)


def _is_role(word: str) -> bool:
    w = word.lower().strip(",.:")
    return any(w.endswith(r) for r in _role_words())


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(line) > MAX_PARTY_CHARS or (line.rstrip().endswith(".") and len(words) >= PROSE_MIN_WORDS)


def _is_column_header(line: str) -> bool:
    """A party table's header row ("Navn – Titel – Organisation")."""
    words = {w.lower().strip(".,:/") for w in _DASH.split(line)}
    headers = {h.lower() for h in template().vocab.party_table_headers}
    return len(words) > 1 and words <= headers


def _header_org(line: str) -> str | None:
    """The body a group header names, or None when it only labels a kind of party."""
    body = line.rstrip(" :")
    for prefix in sorted(template().vocab.party_header_prefixes, key=len, reverse=True):
        if body.lower().startswith(prefix.lower()):
            body = body[len(prefix) :].strip()
            break
    else:
        if any(w in body.lower().split() for w in template().vocab.party_label_words):
            return None
    if not body or any(w in body.lower().split() for w in template().vocab.party_label_words):
        return None
    return body


def split_party(text: str, group_org: str | None) -> Party:
    """Name, role and organisation of one party line, as far as the line gives them."""
    name = role = org = None
    parts = _DASH.split(text, maxsplit=2)
    if len(parts) == 3 and _PERSON.match(parts[0].strip()):  # a table row: name, role, organisation
        name, role, org = (p.strip() for p in parts)
    elif len(parts) >= 2 and _PERSON.match(parts[0].strip()):
        name, role = parts[0].strip(), text[len(parts[0]) :].strip(" –—-")
    elif _VED.search(text):
        org, name = (p.strip() for p in _VED.split(text, maxsplit=1))
    elif ":" in text and _PERSON.match(text.split(":", 1)[1].strip()):
        role, name = (p.strip() for p in text.split(":", 1))
    else:
        words = text.split()
        if words and _is_role(words[0]):
            rest = " ".join(words[1:])
            if rest and rest[:1].isupper():
                role, org = words[0], rest
            else:
                role = text
        else:
            org = text
    return Party(text=text, name=name, role=role, organisation=org or group_org)


def parse_parties(paragraphs: list[str]) -> list[Party]:
    """Parties from a field's paragraphs (each list item or line one candidate)."""
    parties: list[Party] = []
    group: str | None = None
    for para in paragraphs:
        line = para.removeprefix(BULLET).strip()
        if not line or _is_prose(line):
            continue
        if line.endswith(":"):
            group = _header_org(line)
            continue
        if _is_column_header(line):
            continue
        is_item = para.startswith(BULLET)
        party = split_party(line, group if (is_item or group) else None)
        parties.append(party)
    return parties
