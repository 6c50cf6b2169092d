"""The appendix pages (Bảng số liệu, Văn bản được trích dẫn, Ghi chú biên tập) kept in the cache (macros/cache.py).

Each is made from the whole project: a year's figures, every page that shows or cites them, the pages' titles from
the nav. So it is kept under a digest of ALL of it — every file under data/ (figures and schemas), every page's
text, the nav — with the page it is shown on: any change anywhere makes them again; a build where nothing changed
(a second build, CI, publish, `pdf` and `docx` after a preview) reuses them. They are most of the macros' time:
at ten years, 0.4 s of a 5 s build.
"""
from __future__ import annotations

from markupsafe import Markup

from .. import cache
from .context import SiteContext


def sources_digest(ctx: SiteContext) -> str:
    """A digest of everything an appendix page is made from: data/ (every file), the pages, the nav."""
    data = ctx.root / "data"
    files = sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else []
    return cache.digest(*(part for p in files for part in (p.relative_to(ctx.root).as_posix(), p.read_bytes())),
                        *(part for page in ctx.pages for part in (page.src, page.origin, page.text)), repr(ctx.nav),
                        ctx.ds.presented())


def kept(ctx: SiteContext, what: str, page_url: str, make) -> Markup:
    """make() (HTML for the page at page_url), or the same HTML kept from a build with the same sources."""
    store = ctx.cache
    if not store:
        return make()
    key = cache.digest(what, page_url, ctx.sources_digest)
    html = store.get("appendix", f"{what} {page_url}", key)
    if html is None:
        html = str(make())
        store.put("appendix", f"{what} {page_url}", key, html)
    return Markup(html)
