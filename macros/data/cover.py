"""The key figures of a year's cover page (data/<year>/cover.yml): text with {key} slots, read and checked here.

A slot is `{party.members}` (the figure as the report writes it) or `{party.cells:02}` (padded to two digits: 03).
Everything outside the slots is plain text, shown as typed (escaped on the page, never Markdown or a template).
"""
from __future__ import annotations

import re

SLOT = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_][a-z0-9_-]*)+)(?::0(\d))?\}")


def split(template: str) -> list:
    """'{a}/{b:02} đạt' -> [('a', 0), '/', ('b', 2), ' đạt']: text pieces and (key, pad) slots, in order."""
    out, pos = [], 0
    for m in SLOT.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        out.append((m.group(1), int(m.group(2) or 0)))
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    return out


def slot_keys(card: dict) -> list[str]:
    """Every figure key a card shows (value first, then text), in order."""
    return [p[0] for field in ("value", "text") for p in split(card.get(field, "")) if isinstance(p, tuple)]
