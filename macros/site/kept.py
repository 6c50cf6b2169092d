"""The appendix pages (Bảng số liệu, Văn bản được trích dẫn, Ghi chú biên tập) kept in the cache (macros/cache.py).

Each is made from a year's data (its figures, documents, decisions), every page that shows or cites them, and the
pages' titles from the nav. So it is kept under a digest of ALL of that — every file under data/<year>/, the schemas,
every page's text, the nav, the year the site presents — with the page it is shown on: any change to those makes it
again; a build where nothing changed (a second build, CI, publish, `pdf` and `docx` after a preview) reuses it, and
an edit to one year's data leaves the other years' appendix pages as they are.
"""
from __future__ import annotations

from markupsafe import Markup

from .. import cache
from .context import SiteContext


def sources_digest(ctx: SiteContext) -> str:
    """A digest of what every appendix page is made from besides its year's data: the pages, the nav, the year the
    site presents."""
    return cache.digest(*(part for page in ctx.pages for part in (page.src, page.origin, page.text)), repr(ctx.nav),
                        ctx.presented)


def kept(ctx: SiteContext, what: str, page_url: str, year: int, make) -> Markup:
    """make() (HTML for the page at page_url, of `year`), or the same HTML kept from a build with the same sources."""
    if not ctx.cache:
        return make()
    key = cache.digest(what, page_url, ctx.sources_digest, ctx.data_digests.get(year))
    return Markup(ctx.cache.remember("appendix", f"{what} {page_url}", key, lambda: str(make())))
