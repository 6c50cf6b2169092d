"""Macros for the appendix pages (issue 5): "Bảng số liệu", "Văn bản được trích dẫn", "Ghi chú biên tập".

Thin wiring only: the HTML comes from review.py; here we only know which page is being built.
"""
from __future__ import annotations

from pathlib import Path

from . import review, usage

CALLS = ("doc", "note", "indicators_sentence")


def register(env, ctx) -> None:
    """ctx: ds, uses, page_year(), here_url(url), fail(exc, needle), doc_href(doc)."""
    docs_dir = Path(env.conf["docs_dir"])
    ds = ctx.ds

    cache = {}   # page titles and macro calls: read once per build, not once per appendix page

    def titles() -> dict:
        if "titles" not in cache:
            cache["titles"] = review.page_titles(Path(env.project_dir), env.conf.get("nav") or [])
        return cache["titles"]

    def link(src: str) -> str:
        return ctx.here_url(usage.page_url(src))

    def doc_link(key: str) -> str:
        return ctx.here_url(f"{ctx.page_year()}/van-ban/#{key}")

    def calls() -> dict:
        if "calls" not in cache:
            cache["calls"] = review.scan_calls(docs_dir, CALLS, ds.years, ds.latest())
        return cache["calls"]

    @env.macro
    def figures_table() -> str:
        """Bảng số liệu: every figure of the page's year, its source and the pages that use it."""
        return review.figures_page(ds.years[ctx.page_year()], ctx.uses, titles(), link, doc_link)

    @env.macro
    def documents_table() -> str:
        """Văn bản được trích dẫn: the registry, one anchor per document key, and where each is cited."""
        year = ds.years[ctx.page_year()]
        return review.documents_page(year, review.citations(year, calls()), titles(), link)

    @env.macro
    def decisions_list() -> str:
        """Ghi chú biên tập: every decision (anchor = its key), the source text, the decision, its figures."""
        year = ds.years[ctx.page_year()]
        return review.decisions_page(year, calls(), titles(), link,
                                     lambda key: ctx.here_url(f"{year.year}/bang-so-lieu/#{key}"))
