"""Macros for document header, signature block, PDF link, whole report (issue 4): thin wiring only;
logic lives in printing.py."""
from __future__ import annotations

from pathlib import Path

from . import printing


def register(env, ctx) -> None:
    """Add this module's macros with @env.macro. ctx: ds, uses, page_year(), here_url(url), fail(exc, needle), doc_href(doc)."""
    shown: set = set()   # (page, block): the header and the signature appear at most once per page

    def report() -> dict:
        return ctx.ds.years[ctx.page_year()].report

    def once(block: str) -> bool:
        key = (env.page.file.src_uri, block)
        if key in shown:
            return False
        shown.add(key)
        return True

    @env.macro
    def document_header() -> str:
        """The Party document's first-page header, from data/<year>/report.yml: {{ document_header() }}"""
        return printing.document_header(report()) if once("header") else ""

    @env.macro
    def signature() -> str:
        """The closing block (Nơi nhận; T/M ĐẢNG ỦY, BÍ THƯ, signer): {{ signature() }}"""
        return printing.signature(report()) if once("signature") else ""

    @env.macro
    def pdf_link() -> str:
        """A download link to the whole report as PDF, only when `python -m macros pdf --publish` has put it
        under docs/<year>/ (so a build without the PDF stays strict and shows no dead link)."""
        year = ctx.page_year()
        name = printing.pdf_name(year)
        if not (Path(env.conf["docs_dir"]) / str(year) / name).is_file():
            return ""
        return printing.pdf_link(ctx.here_url(f"{year}/{name}"))

    @env.macro
    def whole_report() -> str:
        """Every numbered section of the year's nav, in order, under the document header and above the signature:
        the page `python -m macros pdf` prints. {{ whole_report() }}"""
        docs = Path(env.conf["docs_dir"])
        try:
            parts = printing.report_parts(env.conf["nav"], ctx.page_year())
        except LookupError as exc:
            ctx.fail(exc, "whole_report")
        body = printing.whole_report_markdown(parts, lambda page: (docs / page).read_text(encoding="utf-8"))
        return document_header() + "\n\n" + env.render(body, force_rendering=True) + "\n\n" + signature()
