"""The macro calls of the pages, read from the Markdown sources without building the site."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .pages import Page, executed, page_year

# {{ name(  or  {{ name("first argument"  — every macro call of a page, with its first string argument if any
_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*\(\s*(?:[\"']([^\"']*)[\"'])?")


@dataclass(frozen=True)
class Call:
    src: str          # page path under docs/
    line: int         # 1-based, in the file as the editor sees it (front matter included)
    column: int
    year: int | None  # the page's year
    macro: str
    arg: str          # first string argument, or ""


def calls(pages: list[Page], years=(), default_year=None):
    """Every macro call of every page, outside {% raw %} blocks. The one place that reads pages for calls."""
    for page in pages:
        year = page_year(page.src, page.meta, years, default_year)
        for lineno, column, macro, arg in _text_calls(page.text):
            yield Call(page.src, lineno, column, year, macro, arg)


@lru_cache(maxsize=4096)   # a page's text is read for its calls several times a build, and again at each rebuild
def _text_calls(text: str) -> tuple:
    return tuple((lineno, m.start(1) + 1, m.group(1), m.group(2) or "")
                 for lineno, line in enumerate(executed(text).split("\n"), 1) for m in _CALL.finditer(line))


UNREVISED = "unrevised"    # {{ unrevised("2023") }}: a paragraph copied from that year's report, not revised yet
UNWRITTEN = "unwritten"    # {{ unwritten() }}: a section of a new year's page (new-year), not written yet


def draft_marks(pages: list[Page], years, default_year) -> dict:
    """{(page year, macro): [(src_path, line, first argument)]} of every mark that keeps a report a draft: the
    unrevised paragraphs ({{ unrevised("2023") }}, the argument the year copied from) and the sections not written
    yet ({{ unwritten() }})."""
    found = defaultdict(list)
    for c in calls(pages, years, default_year):
        if c.macro in (UNREVISED, UNWRITTEN):
            found[(c.year, c.macro)].append((c.src, c.line, c.arg))
    return dict(found)


def by_argument(pages: list[Page], macros: tuple, years, default_year) -> dict:
    """{(page year, macro, first argument): [(src_path, line), ...]} for calls such as {{ doc("qd_85_tw") }}."""
    found = defaultdict(list)
    for c in calls(pages, years, default_year):
        if c.macro in macros and c.arg:
            found[(c.year, c.macro, c.arg)].append((c.src, c.line))
    return dict(found)
