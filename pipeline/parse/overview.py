"""The activity overview ("Aktiviteter, som skal bidrage …"): one item per activity, as written.

Items are list items, or a short name line followed by description lines ("Familieliv og Bydelsmødre"
then "Indsats der støtter …"), which are kept together as "name\\ndescription".
"""

from __future__ import annotations

from pipeline.normalise import BULLET

NAME_MAX_CHARS = 90


def _is_name(text: str) -> bool:
    return len(text) <= NAME_MAX_CHARS and not text.rstrip().endswith((".", "!", "?"))


def parse_overview(paragraphs: list[str]) -> list[str]:
    items: list[str] = []
    described = False  # the last item already has its description
    for para in paragraphs:
        text = para.removeprefix(BULLET).strip()
        if not text:
            continue
        if para.startswith(BULLET):
            items.append(text)
            described = True
        elif text.endswith(":") and not items:
            continue  # a lead-in ("Delaftalen omfatter følgende indsatser:")
        elif items and text[:1].islower():
            items[-1] = f"{items[-1]} {text}"
        elif not items or (_is_name(text) and (described or (_is_name(items[-1]) and "\n" in items[-1]))):
            items.append(text)
            described = not _is_name(text)
        elif _is_name(text) and _is_name(items[-1]) and "\n" not in items[-1]:
            items.append(text)
        else:
            items[-1] = f"{items[-1]}\n{text}"
            described = True
    return items
