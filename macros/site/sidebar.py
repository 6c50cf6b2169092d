"""The sidebar with many years (`navigation.prune` in mkdocs.yml): a page carries its own year's nav, the other
years one line each. A page outside every year (the home page, the editors' guide) would then show every year
folded; it shows the year the site presents open instead, so its sections are one glance away as before.

MkDocs objects only by duck type (a section's `title`, `children`, `active`): MkDocs marks a section active while a
page inside it is rendered; the hook marks the presented year's section the same way for a page outside the years,
and takes the mark back once that page is written.
"""
from __future__ import annotations

import re

YEAR_TITLE = "Năm {year}"   # the nav's year sections, as mkdocs.yml names them (sources/nav.py reads the same)
_YEAR_TITLE = re.compile(r"^Năm \d{4}$")


def year_sections(items) -> list:
    """The nav's top-level sections titled 'Năm <year>'."""
    return [item for item in items or [] if getattr(item, "is_section", False) and _YEAR_TITLE.match(str(item.title))]


def section_to_open(items, presented: int | None):
    """The presented year's section when no year section is open for the page being rendered, else None."""
    years = year_sections(items)
    if presented is None or any(section.active for section in years):
        return None
    wanted = YEAR_TITLE.format(year=presented)
    return next((section for section in years if section.title == wanted), None)
