"""What every macro of a build shares, made once per build: the dataset, the pages, the figure uses, serve mode.

Plain Python (no MkDocs import): the adapter fills it from the MkDocs config; tests build it from a folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import chars
from ..cache import for_project
from ..data import Dataset
from ..data.files import year_digest
from ..html.uses import figure_uses
from ..sources import nav as navigation
from ..sources.calls import UNREVISED, UNWRITTEN, by_argument, draft_marks
from ..sources.pages import page_year
from ..sources.system import all_pages

SERVE_ENV = "BAOCAO_MKDOCS_COMMAND"     # set by the MkDocs hook on_startup: "serve", "build" or "gh-deploy"
CITING_MACROS = ("doc", "note", "indicators_sentence")


def serving() -> bool:
    """True under `mkdocs serve` (the one place that knows)."""
    return os.environ.get(SERVE_ENV) == "serve"


@dataclass(frozen=True)
class SiteContext:
    root: Path
    docs_dir: Path
    ds: Dataset
    pages: tuple            # of sources.pages.Page
    nav: list
    serving: bool

    @cached_property
    def uses(self) -> dict:
        """{global figure key: [(src_path, line)]}: which page shows which figure."""
        return figure_uses(self.pages, self.ds.years, self.presented)

    @cached_property
    def titles(self) -> dict:
        """{src_path: title}: nav title, else H1, else path (read once per build)."""
        return navigation.page_titles(self.pages, self.nav)

    @cached_property
    def citing_calls(self) -> dict:
        return by_argument(self.pages, CITING_MACROS, self.ds.years, self.presented)

    @cached_property
    def texts(self) -> dict:
        """{src_path: the page's text as read for this build} (front matter included)."""
        return {p.src: p.text for p in self.pages}

    @cached_property
    def sources(self) -> dict:
        """{src_path: the file an editor opens}: docs/<src>, or a system page's template."""
        return {p.src: p.source for p in self.pages}

    @cached_property
    def sources_digest(self) -> str:
        """A digest of the pages, the nav and the presented year (once per build; site/kept.py)."""
        from .kept import sources_digest
        return sources_digest(self)

    @cached_property
    def data_digests(self) -> dict:
        """{year: digest of its data files and the schemas} (data/files.py year_digest), once per build; none without
        a cache to key."""
        return {year: year_digest(self.root, year) for year in self.ds.years} if self.cache else {}

    @cached_property
    def cache(self):
        """The project's cache (macros/cache.py): results kept between builds."""
        return for_project(self.root)

    @cached_property
    def presented(self) -> int | None:
        """The year the site presents (data.Dataset.presented), once per build: every macro call asks for it."""
        return self.ds.presented()

    @cached_property
    def stamp(self):
        """Where this build comes from: revision, build date (macros/stamp.py), read once per build."""
        from .. import stamp
        return stamp.read(self.root)

    @cached_property
    def drafts(self) -> dict:
        """{year: True while its report is a draft} (html/document.py draft_reasons), once per build."""
        from ..html.document import is_draft
        return {year: is_draft(data) for year, data in self.ds.years.items()}

    def year_of(self, src: str, meta: dict) -> int | None:
        """A page's year (front matter `year:`, its year folder, else the year the site presents)."""
        return page_year(src, meta or {}, self.ds.years, self.presented)


def make_context(root: Path, docs_dir: Path, ds: Dataset, nav, is_serving: bool, read=None, keep=None) -> SiteContext:
    """The build's context; each year's data learns which of its paragraphs are marked unrevised and which of its
    sections are not written yet (its report is a draft while any is: html/document.py draft_reasons), before the
    year the site presents is known: that year is a complete one, pages included (a mark on a page of no year folder
    counts for the newest year, the one being written). read: how a page is read (sources/pages.py read_pages);
    keep(name, parts, make): make(), or what it made from the same parts before (`mkdocs serve`)."""
    nav = chars.canonical_tree(nav or [])   # titles typed decomposed (a Mac) are the titles the code looks for
    ctx = SiteContext(Path(root), Path(docs_dir), ds, tuple(all_pages(docs_dir, nav, read)), nav, is_serving)
    keep = keep or (lambda name, parts, make: make())
    marks = keep("draft marks", (ctx.pages, tuple(ds.years), ds.latest()),
                 lambda: draft_marks(ctx.pages, ds.years, ds.latest()))
    for year, data in ds.years.items():
        data.unrevised = marks.get((year, UNREVISED), [])
        data.unwritten = [(src, line) for src, line, _ in marks.get((year, UNWRITTEN), [])]
    return ctx
