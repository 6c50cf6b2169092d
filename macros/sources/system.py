"""System pages: the pages every year has that are the same every year — the year's cover (document header, key
figures, table of contents), the dashboard, the cited documents, the figures table, the editorial notes, the whole
report for print, plan against results, years side by side. One template each in sources/system_pages/; no year
folder holds a copy, so a fix reaches every year.

A year gets a system page where mkdocs.yml's nav lists it under the year ("2024/van-ban.md") and docs/ has no file
of that name (a file in docs/ is the year's own page and wins). The page's year is its folder, as for any page;
a template names it with {{ report_year() }}. The MkDocs hook adds these pages to the build (site/mkdocs_hooks.py);
`check`, `diff` and the figures page read them through all_pages().
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import nav as navigation
from .pages import Page, read_page, read_pages

TEMPLATES = Path(__file__).resolve().parent / "system_pages"
TEMPLATE_DIR = "macros/sources/system_pages"          # the same folder, from the project folder (for editors)
WHOLE_REPORT = "in-toan-van.md"                 # the whole report for print (python -m macros pdf prints it)
NAMES = frozenset(p.name for p in TEMPLATES.glob("*.md"))
_YEAR_PAGE = re.compile(r"^(\d{4})/([a-z0-9-]+\.md)$")


def is_system_name(name: str) -> bool:
    return name in NAMES


def system_sources(docs_dir, nav) -> dict:
    """{src path: template path} of every system page the nav lists and docs/ does not hold."""
    out = {}
    for page in navigation.page_paths(nav):
        m = _YEAR_PAGE.match(page)
        if m and m.group(2) in NAMES and not (Path(docs_dir) / page).exists():
            out[page] = TEMPLATES / m.group(2)
    return out


YEAR_MACRO = "{{ report_year() }}"


def system_pages(docs_dir, nav, read=None) -> list[Page]:
    """The system pages as sources: the template's text (its lines, for messages), the body with the year in
    place of {{ report_year() }} (its headings are the page's title as readers see it). read: as in read_pages."""
    read = read or read_page
    return [_in_year(read(TEMPLATES, template, src, f"{TEMPLATE_DIR}/{template.name}"), src[:4])
            for src, template in system_sources(docs_dir, nav).items()]


def _in_year(page: Page, year: str) -> Page:
    return replace(page, body=page.body.replace(YEAR_MACRO, year))


def all_pages(docs_dir, nav, read=None) -> list[Page]:
    """The pages of the site: every Markdown file under docs_dir and the system pages, sorted by path. read: as in
    read_pages."""
    return sorted(read_pages(docs_dir, read) + system_pages(docs_dir, nav, read), key=lambda p: p.src)
