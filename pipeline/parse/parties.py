"""A parties field's lines → Party records ({text, name, role, organisation}).

Each line or list item is one candidate. A line ending in ":" is a group header: when it names a body
("Odense Kommune, Børn- og Ungeforvaltningen:", "Samarbejdspartnere i …, Vejle Kommune:") that body is the
organisation of the lines under it that give none of their own; when it only labels a kind of party
("Kommunale parter:", "Øvrige parter:") it is not an organisation. Explanatory prose between the lines is
not a party, unless the sentence lists the parties ("Delaftalen indgås mellem A, B og C."). How one line
splits into name, role and organisation is party_line's job.
"""

from __future__ import annotations

import re

from models import Party
from pipeline.bullets import list_item
from pipeline.parse.party_line import names_body, split_line
from pipeline.parse.party_words import is_label_word, is_person_name, is_role_phrase, vocab

_CELL = re.compile(r"\s+[–—-]\s+|\s*/\s*|,\s*")


def _is_prose(line: str) -> bool:
    """A sentence of explanation: too long for a party line, or a full sentence that does not open with a
    person's name (a party line may end with a full stop too)."""
    words = line.split()
    if len(line) > vocab().max_party_chars:
        return True
    opens_with_person = any(is_person_name([*words[: k - 1], words[k - 1].rstrip(",")]) for k in (2, 3, 4)
                            if k <= len(words))
    return line.rstrip().endswith(".") and len(words) >= vocab().prose_min_words and not opens_with_person


def _is_column_header(line: str) -> bool:
    """A party table's header row ("Navn – Titel – Organisation") or a signature block's label ("Dato")."""
    cells = {c.lower().strip(".:") for c in _CELL.split(line) if c.strip()}
    headers = {h.lower() for h in vocab().table_headers}
    return bool(cells) and cells <= headers


def header_organisation(line: str) -> str | None:
    """The body a group header names, or None when it only labels a kind of party."""
    words = line.rstrip(" :").split()
    preps = vocab().header_prepositions
    if words and words[0].lower() in preps:  # "Fra Odense Kommune:"
        words = words[1:]
    if words and is_label_word(words[0]):  # "Samarbejdspartnere i Vejle Kommune:" → the body after the label
        rest = words[2:] if len(words) > 1 and words[1].lower() in preps else words[1:]
        if rest and rest[0][:1].isupper() and not any(is_label_word(w) for w in rest):
            return " ".join(rest)
    if not words or any(is_label_word(w) for w in words):
        return None
    return " ".join(words)


def _enumerated(line: str) -> list[str] | None:
    """The parties a sentence lists ("Delaftalen indgås mellem A, B og C."), or None when it lists none."""
    links = "|".join(re.escape(w) for w in vocab().enumeration_links)
    body = line.strip().rstrip(".")
    lead, _, listed = body.partition(":") if ":" in body else ("", "", body)
    segments = [s.strip() for s in re.split(rf",\s+|(?<!-)\s+(?:{links})\s+", listed) if s.strip()]
    if len(segments) < 2:
        return None
    first = segments[0].split()
    start = 0 if lead else next((i for i, w in enumerate(first[1:], start=1) if w[:1].isupper()), None)
    if start is None:
        return None
    segments[0] = " ".join(first[start:])
    if all(s[:1].isupper() for s in segments) and any(names_body(s) for s in segments):
        return segments
    return None


def _party(text: str, group_org: str | None) -> Party:
    name, role, org = split_line(text)
    if group_org and role and org and is_role_phrase(role.split()) and text.endswith(f"{role}, {org}"):
        # under a header naming the body, the unit after a role that says what it is of belongs to the role
        # ("Navn – afdelingsleder i Jobcenter Aalborg, Borgerrettet Indsats" under "… Aalborg Kommune:"),
        # up to the header's body when the line names it again
        unit = org.removesuffix(group_org).rstrip(", ") if org.endswith(group_org) else org
        role, org = ", ".join(filter(None, [role, unit])), None
    return Party(text=text, name=name, role=role, organisation=org or group_org)


def parse_parties(paragraphs: list[str]) -> list[Party]:
    """Parties from a field's paragraphs (each list item or line one candidate)."""
    parties: list[Party] = []
    group: str | None = None
    for para in paragraphs:
        line = list_item(para) or para.strip()
        if not any(c.isalpha() for c in line) or _is_column_header(line):  # blank or a signature rule
            continue
        if _is_prose(line):
            parties.extend(_party(s, group) for s in _enumerated(line) or [])
            continue
        if line.endswith(":"):
            group = header_organisation(line)
            continue
        parties.append(_party(line, group))
    return parties
