"""The macros a page may call, as plain methods over the build's SiteContext and the page being rendered.

Each is a thin wrapper: look up (data stage), lay out (html stage), link relative to the current page. A failed
lookup raises LookupFailed; the adapter (plugin.py) turns it into the page-and-line error. Testable without MkDocs:
`current()` returns anything with `.url`, `.file.src_uri` and `.meta`.
"""
from __future__ import annotations


from markupsafe import Markup

from .. import data
from ..errors import LookupFailed
from ..html import appendix, charts, document, figures
from ..sources import nav
from ..sources.pages import page_url, rel_url
from .context import SiteContext

MACROS = ("fig", "tally", "indicators_sentence", "indicators_table", "doc", "note", "report", "document_header",
          "signature", "pdf_link", "whole_report", "figures_table", "documents_table", "decisions_list", "chart")


class PageMacros:
    def __init__(self, ctx: SiteContext, current, render_markdown):
        self.ctx = ctx
        self.current = current                  # () -> the page being rendered
        self.render_markdown = render_markdown  # Markdown with macros -> Markdown (mkdocs-macros' env.render)
        self._once: set = set()                 # (page, block): header and signature at most once per page
        self.draw_charts = True                 # `check` builds a chart's data and table but not its SVG drawing

    # ------------------------------------------------------------------ the current page
    def year(self) -> int:
        page = self.current()
        return self.ctx.year_of(page.file.src_uri, page.meta)

    def data(self) -> data.Year:
        return self.ctx.ds.years[self.year()]

    def here(self, target: str) -> str:
        return rel_url(self.current().url, target)

    def doc_href(self, doc: dict) -> str:
        return self.here(f"{self.year()}/van-ban/#{doc['key']}")

    def _first_time(self, block: str) -> bool:
        key = (self.current().file.src_uri, block)
        if key in self._once:
            return False
        self._once.add(key)
        return True

    # ------------------------------------------------------------------ figures and citations
    def fig(self, key: str, pad: int = 0) -> Markup:
        """A figure from data/: {{ fig("telecom.smartphone_users") }}; pad=2 writes '03'."""
        return figures.figure(data.find_figure(self.ctx.ds, self.year(), key), pad)

    def tally(self, sector: str, status: str = "đạt") -> Markup:
        """'11/12': indicators of a sector (or "all") with the status, over all of them."""
        if status not in data.STATUSES:
            raise LookupFailed(f"Không có tình trạng '{status}'.", f"Unknown status '{status}'.",
                               f"Dùng một trong: {', '.join(data.STATUSES)}.")
        if sector != "all":
            data.find_sector(self.ctx.ds, self.year(), sector)
        return figures.tally(self.data(), sector, status)

    def indicators_sentence(self, sector: str) -> Markup:
        data.find_sector(self.ctx.ds, self.year(), sector)
        return figures.indicator_sentence(self.data(), sector, self.doc_href)

    def indicators_table(self, sector: str = "all") -> Markup:
        if sector == "all":
            return figures.indicator_summary(self.data())
        data.find_sector(self.ctx.ds, self.year(), sector)
        return figures.indicator_table(self.data(), sector)

    def doc(self, key: str, form: str = "full") -> Markup:
        """A cited document: form 'short', 'full' or 'title'."""
        d = data.find_document(self.ctx.ds, self.year(), key)
        return figures.document(d, form, self.doc_href(d))

    def note(self, key: str) -> Markup:
        """An editorial note where the published text differs from the source."""
        d = data.find_decision(self.ctx.ds, self.year(), key)
        return figures.decision_note(d, self.here(f"{self.year()}/ghi-chu-bien-tap/#{key}"))

    def report(self, field: str) -> Markup:
        """A fact of the document itself (number, date, signer...), with a visible placeholder when unknown."""
        value = data.find_report_field(self.ctx.ds, self.year(), field)
        return figures.missing(field) if value in (None, "") else figures.text(value)

    def chart(self, name: str) -> Markup:
        """An indicator chart of the page's year as inline SVG with its data table: {{ chart("linh-vuc") }}."""
        if name not in charts.CHARTS:
            raise LookupFailed(f"Không có biểu đồ '{name}'.", f"Unknown chart '{name}'.",
                               f"Dùng một trong: {', '.join(charts.CHARTS)}.")
        made = charts.CHARTS[name](self.data())
        if made is None:
            return charts.empty_html(name, self.year())
        return charts.figure_html(made, charts.svg(made) if self.draw_charts else "")

    # ------------------------------------------------------------------ the Party document
    def document_header(self) -> Markup:
        """The Party document's first-page header, from data/<year>/report.yml."""
        return document.document_header(self.data().report) if self._first_time("header") else Markup("")

    def signature(self) -> Markup:
        """The closing block (Nơi nhận; T/M ĐẢNG ỦY, BÍ THƯ, signer)."""
        return document.signature(self.data().report) if self._first_time("signature") else Markup("")

    def pdf_link(self) -> Markup:
        """A download link to the whole report as PDF, only when `python -m macros pdf --publish` has put it under
        docs/<year>/ (so a build without the PDF stays strict and shows no dead link)."""
        name = document.pdf_name(self.year())
        if not (self.ctx.docs_dir / str(self.year()) / name).is_file():
            return Markup("")
        return document.pdf_link(self.here(f"{self.year()}/{name}"))

    def whole_report(self) -> Markup:
        """Every numbered section of the year's nav, in order, under the document header and above the signature:
        the page `python -m macros pdf` prints."""
        try:
            parts = nav.report_parts(self.ctx.nav, self.year())
        except LookupError:
            raise LookupFailed(f"mkdocs.yml: nav không có mục 'Năm {self.year()}'.",
                               f"mkdocs.yml: the nav has no 'Năm {self.year()}' section.",
                               "Thêm mục năm vào nav (python -m macros new-year làm việc này).") from None
        docs = self.ctx.docs_dir
        body = document.whole_report_markdown(parts, lambda page: (docs / page).read_text(encoding="utf-8-sig"))
        return self.document_header() + Markup("\n\n") + Markup(self.render_markdown(body)) + Markup("\n\n") \
            + self.signature()

    # ------------------------------------------------------------------ the appendix pages
    def _link(self, src: str) -> str:
        return self.here(page_url(src))

    def figures_table(self) -> Markup:
        """Bảng số liệu: every figure of the page's year, its source and the pages that use it."""
        return appendix.figures_page(self.data(), self.ctx.uses, self.ctx.titles, self._link,
                                     lambda key: self.here(f"{self.year()}/van-ban/#{key}"))

    def documents_table(self) -> Markup:
        """Văn bản được trích dẫn: the registry, one anchor per document key, and where each is cited."""
        year = self.data()
        return appendix.documents_page(year, appendix.citations(year, self.ctx.citing_calls), self.ctx.titles,
                                       self._link)

    def decisions_list(self) -> Markup:
        """Ghi chú biên tập: every decision (anchor = its key), the source text, the decision, its figures."""
        year = self.data()
        return appendix.decisions_page(year, self.ctx.citing_calls, self.ctx.titles, self._link,
                                       lambda key: self.here(f"{year.year}/bang-so-lieu/#{key}"))


def signatures() -> dict:
    """{macro name: its signature as a page calls it}: what `check` and the build hold every call to."""
    import inspect
    return {name: inspect.signature(getattr(PageMacros, name)).replace(
        parameters=list(inspect.signature(getattr(PageMacros, name)).parameters.values())[1:]) for name in MACROS}
