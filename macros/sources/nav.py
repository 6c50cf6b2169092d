"""mkdocs.yml's nav: one walker, and what is read from it (page titles, a year's numbered report sections)."""
from __future__ import annotations

import re
from pathlib import Path

from .pages import heading

_YEAR_TITLE = re.compile(r"^\s*Năm\s+(\d{4})\s*$")   # a year's section of the nav ('Năm 2023'; a no-break space too)
NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s")   # 'II. …', '1. …', '1.2.13. …': a section of the report


def walk(items, depth: int = 1):
    """Every titled entry of a nav, in order: (depth, title, page path or None for a group, children)."""
    for item in items or []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, list):
                yield depth, str(title), None, value
                yield from walk(value, depth + 1)
            elif isinstance(value, str):
                yield depth, str(title), value, None


def page_paths(items):
    """Every page path of a nav, titled ('- Title: 2023/x.md') or not ('- 2023/index.md'), in order."""
    for item in items or []:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from page_paths(value)


def titles(nav) -> dict:
    """{src_path: nav title}."""
    return {page: title for _, title, page, _ in walk(nav) if page}


def changed_entries(old_nav, new_nav, new_pages=frozenset(), moved=frozenset(), gone_pages=frozenset()) -> list[tuple]:
    """The titled entries of the nav (the sidebar's page and group names) that differ between two revisions, in
    order: [(old (depth, title, page or None) or None, new … or None)]. An entry added for a page in `new_pages`
    (said elsewhere, as a new page), or a group added holding only such pages, is left out; so is an entry whose
    (title, page) is in `moved` (it only moved: said elsewhere, commands/order_changes.py), and one removed with a
    page in `gone_pages` (a deleted year's, said as one line)."""
    import difflib

    def entries(nav):
        return [((d, t, p), p is None and {q for _, _, q, _ in walk(c) if q}) for d, t, p, c in walk(nav)
                if (t, p) not in moved]
    a, b = entries(old_nav), entries(new_nav)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, [e for e, _ in a], [e for e, _ in b],
                                                      autojunk=False).get_opcodes():
        olds = [e for e, pages in a[i1:i2] if not (e[2] in gone_pages or (pages and pages <= set(gone_pages)))]
        news = [e for e, pages in b[j1:j2] if not (e[2] in new_pages or (pages and pages <= set(new_pages)))]
        for k in range(max(len(olds), len(news)) if op != "equal" else 0):
            out.append((olds[k] if k < len(olds) else None, news[k] if k < len(news) else None))
    return out


def title_year(title: str) -> int | None:
    """The year a nav section titled 'Năm <year>' is for, else None."""
    m = _YEAR_TITLE.match(str(title))
    return int(m.group(1)) if m else None


def year_section(nav, year: int) -> list | None:
    """The entries under 'Năm <year>'."""
    for _, title, _, children in walk(nav):
        if title_year(title) == year and children is not None:
            return children
    return None


def report_parts(nav, year: int) -> list[tuple[int, str, str | None]]:
    """The report's numbered sections under 'Năm <year>', in nav order: (depth, title, page or None for a group).
    Only numbered entries count ('I. …', '1.2. …'): the year's cover, dashboard and appendices stay out."""
    section = year_section(nav, year)
    if section is None:
        raise LookupError(f"mkdocs.yml: nav has no section 'Năm {year}' / không có mục 'Năm {year}' trong nav")
    out = []

    def numbered(items, depth):
        for item in items:
            if not isinstance(item, dict):
                continue
            for title, value in item.items():
                if not NUMBERED.match(str(title)):
                    continue
                out.append((depth, str(title), value if isinstance(value, str) else None))
                if isinstance(value, list):
                    numbered(value, depth + 1)
    numbered(section, 1)
    return out


def appendix_groups(nav, year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The year's groups of pages that are not report sections ('Phụ lục'): [(title, [(page title, page)])]."""
    out = []
    for item in year_section(nav, year) or []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, list) and not NUMBERED.match(str(title)):
                out.append((str(title), [(t, p) for _, t, p, _ in walk(value) if p]))
    return out


def read_nav(config_file: Path) -> list:
    """The nav of a mkdocs.yml read as plain data ([] when there is none or it cannot be read; a tag is never run)."""
    from ..config_policy import read_config
    return read_config(Path(config_file)).get("nav") or []


def page_titles(pages, nav) -> dict:
    """{src_path: title} of every page (sources.pages.Page): the nav title, else the page's H1, else its path."""
    named = titles(nav)
    return {p.src: named.get(p.src) or heading(p.body) or p.src for p in pages}
