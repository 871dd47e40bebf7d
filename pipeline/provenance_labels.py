"""Human labels for record paths: "Uddannelse og livschancer › Lektiecaféen › Ansvars- og rollefordeling".

A reviewer reads a finding by the agreement's words, not by `sub_agreements[0].activities[1].responsibilities`:
the focus area of the delaftale, the activity's name, and the template heading of the field, which the
record models carry as their fields' titles (so the label follows the models, not a copy of them).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from models import Record

SEPARATOR = " › "
_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def _title(model: BaseModel, key: str) -> str | None:
    """The template heading a model's field carries as its title (without a code note); None without one."""
    info = type(model).model_fields.get(key)
    return info.title.split(" (")[0] if info is not None and info.title else None


def _name(item: BaseModel) -> str | None:
    """What an item is called in the document, when it has a name of its own."""
    for key in ("focus_area_label", "name", "heading", "sub_goal", "goal", "indicator"):
        value = getattr(item, key, None)
        if isinstance(value, str) and value.strip():
            return value.strip() if len(value) <= 60 else value[:57].rstrip() + "…"
    return None


def label(record: Record, path: str) -> str:
    """The path in the document's own words: a named item by its name, an unnamed one by its list's
    heading and number, a field by its heading. Steps it cannot resolve keep their key."""
    parts: list[str] = []
    node: object = record
    for m in _STEP.finditer(path):
        key, index = m.group(1), m.group(2)
        if not isinstance(node, BaseModel):
            break
        value = getattr(node, key, None)
        heading = "Strategisk samarbejdsaftale" if key == "strategic_agreement" else _title(node, key)
        if index is not None and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
            named = _name(value) if isinstance(value, BaseModel) else None
            parts.append(named or f"{'Delaftale' if key == 'sub_agreements' else heading or key} {int(index) + 1}")
        elif heading:
            parts.append(heading)
        node = value
    return SEPARATOR.join(parts) or path
