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
    site presents, and the files under data/ outside the year folders (the schemas)."""
    data = ctx.root / "data"
    shared = sorted(p for p in data.rglob("*") if p.is_file() and not _in_year(p, data)) if data.is_dir() else []
    return cache.digest(cache.files_digest(ctx.root, shared),
                        *(part for page in ctx.pages for part in (page.src, page.origin, page.text)), repr(ctx.nav),
                        ctx.presented)


def year_digest(root, year: int) -> str:
    """A digest of every file under data/<year>/: an appendix page of that year is made from that year's data only
    (its figures, documents, decisions), so a change to another year leaves it as it is."""
    folder = root / "data" / str(year)
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return cache.digest(str(year), cache.files_digest(root, files))


def _in_year(path, data) -> bool:
    first = path.relative_to(data).parts[0]
    return first.isdigit() and len(first) == 4 and (data / first).is_dir()


def kept(ctx: SiteContext, what: str, page_url: str, year: int, make) -> Markup:
    """make() (HTML for the page at page_url, of `year`), or the same HTML kept from a build with the same sources."""
    store = ctx.cache
    if not store:
        return make()
    key = cache.digest(what, page_url, ctx.sources_digest, year_digest(ctx.root, year))
    html = store.get("appendix", f"{what} {page_url}", key)
    if html is None:
        html = str(make())
        store.put("appendix", f"{what} {page_url}", key, html)
    return Markup(html)
