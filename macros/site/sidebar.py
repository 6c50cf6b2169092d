"""The sidebar with many years (`navigation.prune` in mkdocs.yml): a page carries its own year's nav, the other
years one line each. A page outside every year (the home page, the editors' guide) would then show every year
folded; it shows the year the site presents open instead, so its sections are one glance away as before.

MkDocs objects only by duck type (a section's `title`, `children`, `active`): MkDocs marks a section active while a
page inside it is rendered; the hook marks the presented year's section the same way for a page outside the years,
and takes the mark back once that page is written.
"""
from __future__ import annotations

from ..sources.nav import title_year


def section_to_open(items, presented: int | None):
    """The presented year's top-level section when no year section is open for the page being rendered, else None."""
    years = [item for item in items or [] if getattr(item, "is_section", False) and title_year(item.title)]
    if presented is None or any(section.active for section in years):
        return None
    return next((section for section in years if title_year(section.title) == presented), None)
