"""One party line → (name, role, organisation), whatever order the author wrote them in.

Authors write a party as a person first ("Navn – titel", "Navn, titel, Organisation", "Navn (titel),
Organisation"), a body represented by someone ("Organisation v/ Navn", "… v/ titel Navn", "… v/ Navn,
titel", "… v/ Navn (titel)"), a title first ("Titel Navn, Organisation", "Boligsocial chef Navn, …",
"Titel: Navn", "Viceskolechef Børn og Unge, Viborg Kommune"), or a bare body. Which shape a line has is
decided by what its words are (party_words: titles, bodies' words, name words), never by position alone.
"""

from __future__ import annotations

import re

from pipeline.parse.party_words import (
    is_organisation_word,
    is_person_name,
    is_role_phrase,
    is_title,
    is_title_phrase,
    trailing_name,
    vocab,
)

_DASH = re.compile(r"\s+(?:[–—-]|--)\s+")
_COMMA = re.compile(r",\s+")
_PAREN_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")
_ACRONYM_NOTE = re.compile(r"^[A-ZÆØÅ0-9&/-]{2,}$")
_CONTACT = re.compile(
    r"(?:,|\s[–—-])\s*(?:(?:tlf|tel|telefon|mobil|e-?mail|mail)\.?:?\s*)?"
    r"(?:[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ]{6,}\d)\s*$",
    re.IGNORECASE,
)

Split = tuple[str | None, str | None, str | None]


def _top_level(text: str, sep: re.Pattern[str]) -> tuple[str, str] | None:
    """`text` cut at the first `sep` that stands outside parentheses, or None."""
    for m in sep.finditer(text):
        before = text[: m.start()]
        if before.count("(") == before.count(")"):
            return before.strip(), text[m.end() :].strip()
    return None


def _first_cut(text: str) -> tuple[str, str, str] | None:
    """`text` cut at its first top-level comma or dash: (head, separator kind, tail)."""
    cuts = [(c, kind) for kind, sep in (("comma", _COMMA), ("dash", _DASH)) if (c := _top_level(text, sep))]
    if not cuts:
        return None
    (head, tail), kind = min(cuts, key=lambda ck: len(ck[0][0]))
    return head, kind, tail


def organisation(text: str) -> str:
    """The body a text names, without a trailing note on what it is ("IF Vibehøj (fodbold og boksning)",
    "Økonomirådgivningen, et tilbud under …"); an acronym in parentheses is part of the name ("(CAI)")."""
    body = text.strip().rstrip(".").strip()
    m = _PAREN_TAIL.search(body)
    if m and body[: m.start()].strip() and not _ACRONYM_NOTE.match(m.group(1).strip()):
        body = body[: m.start()].strip()
    for m in _COMMA.finditer(body):
        opener = body[m.end() :].split(maxsplit=1)[:1]
        if opener and opener[0] in vocab().appositive_openers:
            return body[: m.start()].strip()
    return body


def names_body(text: str) -> bool:
    """A text that names a body: capitalised and holding a body's word ("Boligselskabet Stensbølle")."""
    return text[:1].isupper() and any(is_organisation_word(w) for w in text.split())


def _is_role_text(text: str) -> bool:
    """A title ("administrerende direktør") or a function written in lower case ("ansvarlig for lektiecafé")."""
    words = text.split()
    return is_title_phrase(words) or is_role_phrase(words) or (bool(words) and all(w[:1].islower() for w in words))


def _role_and_org(rest: str) -> tuple[str | None, str | None]:
    """What follows a person's name: a role, maybe with its body after a comma or dash; a capitalised text
    that is no title is the body ("Navn – Køge Bibliotek")."""
    rest = rest.strip(" –—-,").strip()
    if not rest:
        return None, None
    if rest.startswith("(") and (close := rest.find(")")) > 0:
        inner, after = rest[1:close].strip(), rest[close + 1 :].strip(" ,–—-")
        return inner or None, organisation(after) if after else None
    cut = _first_cut(rest)
    if cut:
        head, kind, tail = cut
        if kind == "comma" and _is_role_text(head) and tail[:1].isupper():
            return _role_then_body(head, tail)
        if kind == "dash" and names_body(tail) and not names_body(head):
            return head, organisation(tail)
    if not (is_title(rest.split()[0]) or _is_role_text(rest)) and rest[:1].isupper():
        return None, organisation(rest)
    return rest, None


def _role_then_body(role: str, tail: str) -> tuple[str, str]:
    """A role that says what it is of may go on after its comma with a unit ("afdelingsleder i Jobcenter
    Aalborg, Borgerrettet Indsats, Beskæftigelsesforvaltningen, Aalborg Kommune"): the body starts at the
    first comma part that names one."""
    parts = _COMMA.split(tail)
    if is_role_phrase(role.split()):
        at = next((i for i, part in enumerate(parts) if names_body(part)), 0)
        role, parts = ", ".join([role, *parts[:at]]), parts[at:]
    return role, organisation(", ".join(parts))


def _person_first(text: str) -> Split | None:
    """ "Navn – titel", "Navn, titel, Organisation", "Navn (titel)": a person's name, then a separator."""
    words = text.split()
    for k in range(len(words), 1, -1):
        head = [*words[: k - 1], words[k - 1].rstrip(",")]
        rest = " ".join(words[k:])
        separated = words[k - 1].endswith(",") or not rest or rest[:1] in "(–—-"
        if separated and is_person_name(head):
            role, org = _role_and_org(rest)
            return " ".join(head), role, org
    return None


def _title_first(text: str) -> Split | None:
    """ "Titel Navn, Organisation", "Boligsocial chef Navn", "Titel Organisation", a role alone."""
    words = text.split()
    first_title = next((i for i, w in enumerate(words[:4]) if is_title(w.rstrip(","))), None)
    if first_title is None or not is_title_phrase([w.rstrip(",") for w in words[: first_title + 1]]):
        return None
    cut = _first_cut(text)
    head, tail = (cut[0], cut[2]) if cut else (text, "")
    head_words = head.split()
    start = trailing_name(head_words)
    if start is not None and is_title_phrase(head_words[:start]):
        return " ".join(head_words[start:]), " ".join(head_words[:start]), organisation(tail) if tail else None
    role_words = [w.rstrip(",") for w in words[: first_title + 1]]
    rest = text[len(" ".join(words[: first_title + 1])) :].strip(" ,")
    if rest[:1].isupper() and not _DASH.match(" " + rest):
        return None, " ".join(role_words), organisation(rest)
    return None, text, None


def _represented(text: str) -> Split | None:
    """ "Organisation v/ Navn", "… v/ titel Navn", "… v/ Navn, titel", "… v/ Navn (titel)"."""
    words = text.split()
    for i, word in enumerate(words[1:], start=1):
        if word.lower() not in vocab().represented_by:
            continue
        body, rep = " ".join(words[:i]).rstrip(","), " ".join(words[i + 1 :])
        person = _person_first(rep)
        if person:  # the body is named before "v/": a unit after the role belongs to the role
            name, role, unit = person
            return name, ", ".join(filter(None, [role, unit])) or None, organisation(body)
        rep_words = rep.split()
        start = trailing_name(rep_words)
        if start is not None:
            return " ".join(rep_words[start:]), " ".join(rep_words[:start]) or None, organisation(body)
        if word == "v/" and rep:
            return None, rep, organisation(body)
    return None


def _cells(text: str) -> Split | None:
    """A party table's row read as one line ("Organisation – Navn – Titel", cells in any order): the cell
    holding a person's name gives the name (and a role it carries), title cells the role, the rest the body."""
    cells = [c.strip() for c in _DASH.split(text)]
    if len(cells) < 2:
        return None
    people = [(i, p) for i, c in enumerate(cells) if (p := _person_first(c))]
    if len(people) != 1:
        return None
    at, (name, role, org) = people[0]
    others = [c for i, c in enumerate(cells) if i != at]
    roles = [c for c in others if _is_role_text(c) or is_title(c.split()[0])]
    bodies = [c for c in others if c not in roles]
    role = ", ".join(filter(None, [role, *roles])) or None
    org = org or (organisation(", ".join(bodies)) if bodies else None)
    return name, role, org


def _labelled(text: str) -> Split | None:
    """ "Titel: Navn" (a function, then who holds it); "For Organisation: Navn, titel" (a signatory)."""
    cut = _top_level(text, re.compile(r":\s+"))
    if cut is None:
        return None
    label, rest = cut
    person = _person_first(rest)
    if person is None:
        return None
    if is_title_phrase(label.split()):
        return person[0], person[1] or label, person[2]
    words = label.split()
    body = " ".join(words[1:] if len(words) > 1 and words[0].lower() in vocab().header_prepositions else words)
    return person[0], person[1], person[2] or organisation(body)


def split_line(text: str) -> Split:
    """Name, role and organisation that one party line gives (None where it gives none). Contact details
    at the end of the line (e-mail, phone) and list punctuation are no part of any of them."""
    core = text.strip().rstrip(",;").strip()
    while (m := _CONTACT.search(core)) and m.start() > 0:
        core = core[: m.start()].strip()
    for shape in (_person_first, _represented, _labelled, _cells, _title_first):
        found = shape(core)
        if found:
            return found
    return None, None, organisation(core)
