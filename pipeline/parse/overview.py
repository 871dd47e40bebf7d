"""The activity overview ("Aktiviteter, som skal bidrage …"): one item per activity, as written.

Authors list activities one per line or bullet. A line may carry its own description ("Jobcafé Syd:
Ugentlig åben …", "Ungeværkstedet – åbent værksted …"), or a short name line is followed by a description
line ("Familieliv og Bydelsmødre" then "Indsats der støtter …"), which belongs to it and is kept as
"name\\ndescription". How long a name may be and which marks separate it from its description are
template data (`[overview]` in helhedsplan.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.bullets import BULLET, list_item
from pipeline.catalogue import template


@dataclass
class _Item:
    text: str
    described: bool  # the item has its description (or is a bullet, which stands alone)


def _is_name(text: str) -> bool:
    """A bare activity name: short, and no sentence that ends."""
    return len(text) <= template().overview.name_max_chars and not text.rstrip().endswith((".", "!", "?"))


def _is_named_item(text: str) -> bool:
    """A "Navn: beskrivelse" or "Navn – beskrivelse" line: a short name, a separator, then more text."""
    cfg = template().overview
    for sep in cfg.name_separators:
        name, found, rest = text.partition(sep)
        if found and rest.strip() and 0 < len(name.strip()) <= cfg.separated_name_max_chars:
            return _is_name(name)
    return False


def parse_overview(paragraphs: list[str]) -> list[str]:
    """One string per activity, in document order; a lead-in line before the first item is dropped."""
    items: list[_Item] = []
    for para in paragraphs:
        item = list_item(para)
        text = item if item is not None else para.strip()
        if not text:
            continue
        last = items[-1] if items else None
        if item is not None:
            items.append(_Item(text, described=para.startswith(BULLET) or not _is_name(text)))
        elif last is None and text.endswith(":"):
            continue  # a lead-in ("Delaftalen omfatter følgende indsatser:")
        elif last is not None and text[:1].islower():
            last.text = f"{last.text} {text}"  # a line cut off by a page or column break
        elif last is not None and not last.described and not _is_name(text):
            last.text = f"{last.text}\n{text}"  # the description under a name line
            last.described = True
        elif _is_named_item(text):
            items.append(_Item(text, described=True))
        elif _is_name(text) or last is None:
            items.append(_Item(text, described=not _is_name(text)))
        else:
            last.text = f"{last.text}\n{text}"  # a further description paragraph
    return [item.text for item in items]
