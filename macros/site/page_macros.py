"""The macros a page may call, as plain methods over the build's SiteContext and the page being rendered.

Each is a thin wrapper: look up (data stage), lay out (html stage), link relative to the current page. A failed
lookup raises LookupFailed; the adapter (plugin.py) turns it into the page-and-line error. Testable without MkDocs:
`current()` returns anything with `.url`, `.file.src_uri` and `.meta`.
"""
from __future__ import annotations


from markupsafe import Markup

from .. import data
from ..errors import LookupFailed
from ..data import compare
from ..data.cover import slot_keys as cover_keys
from ..html import appendix, charts, cover, document, figures, years
from ..sources import nav
from ..sources.pages import page_url, rel_file_url, rel_url
from ..sources.system import WHOLE_REPORT
from . import downloads
from . import whole_report
from .context import SiteContext
from .kept import kept

PAD = range(0, 5)      # fig(..., pad=n): the report writes at most '0003'

MACROS = ("fig", "tally", "indicators_sentence", "indicators_table", "doc", "note", "report", "document_header",
          "signature", "pdf_link", "whole_report", "figures_table", "documents_table", "decisions_list", "chart",
          "report_year", "key_figures", "report_contents", "plan_results", "year_comparison", "other_years",
          "unrevised", "unwritten")
IN_ATTRIBUTE = ("report_year",)   # the macros that may stand where an HTML attribute is written (a link's address
#                                   or title, a picture's alt): they return plain text (a year), not HTML


class PageMacros:
    def __init__(self, ctx: SiteContext, current, render_markdown):
        self.ctx = ctx
        self.current = current                  # () -> the page being rendered
        self.render_markdown = render_markdown  # Markdown with macros -> Markdown (mkdocs-macros' env.render)
        self._once: set = set()                 # (page, block): header and signature at most once per page
        self._assembling = False                # whole_report() is rendering the section pages
        self.draw_charts = True                 # `check` builds a chart's data and table but not its SVG drawing

    # ------------------------------------------------------------------ the current page
    def year(self) -> int:
        page = self.current()
        return self.ctx.year_of(page.file.src_uri, page.meta)

    def data(self) -> data.Year:
        return self.ctx.ds.years[self.year()]

    def here(self, target: str) -> str:
        """A link from the page being rendered to a directory-style site URL ('2023/van-ban/#k'). The preview's site
        (opened from disk: MkDocs' use_directory_urls false under the offline plugin) writes pages as files, and
        MkDocs then names the page '2023/bang-so-lieu.html': the link leads to that file's neighbour."""
        page = self.current().url
        if page.endswith(".html"):
            return rel_file_url(page, target, self.ctx.sources)
        return rel_url(page, target)

    def doc_href(self, doc: dict) -> str:
        return self.here(f"{self.year()}/van-ban/#{doc['key']}")

    def _first_time(self, block: str) -> bool:
        key = (self.current().file.src_uri, block)
        if key in self._once:
            return False
        self._once.add(key)
        return True

    # ------------------------------------------------------------------ figures and citations
    def fig(self, key: str, pad: int = 0, currency: bool = True) -> Markup:
        """A figure from data/: {{ fig("telecom.smartphone_users") }}; pad=2 writes '03'; currency=False writes
        money as '58 tỷ'."""
        if type(pad) is not int or pad not in PAD:
            raise LookupFailed(f"pad={pad!r}: pad là số chữ số tối thiểu, một số nguyên từ {PAD[0]} đến {PAD[-1]}.",
                               f"pad={pad!r}: pad is the minimum number of digits, a whole number "
                               f"from {PAD[0]} to {PAD[-1]}.",
                               "Viết pad=2 để có '03' như bản gốc, hoặc bỏ pad.")
        return figures.figure(data.find_figure(self.ctx.ds, self.year(), key), pad, currency=currency)

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
        return figures.indicator_table(self.data(), sector, self.doc_href)

    def doc(self, key: str, form: str = "full") -> Markup:
        """A cited document: form 'short', 'full', 'title', or the source's words around the registry's facts:
        {{ doc("qd_85_tw", "{kind} số {number} ngày {date} của Ban Bí thư") }}."""
        d = data.find_document(self.ctx.ds, self.year(), key)
        if form not in figures.FORMS and "{" not in form:   # a misspelt form ("ngắn") would print as the citation
            raise LookupFailed(f"Cách trích văn bản '{form}' không có: dùng 'short', 'full', 'title', hoặc chữ của bản "
                               "gốc với các chỗ {kind}, {number}, {date}….",
                               f"No citation form '{form}': use 'short', 'full', 'title' or the source's words with "
                               "{kind}, {number}, {date}….",
                               f"Viết {{{{ doc(\"{key}\", \"short\") }}}} (Quyết định số …), \"full\" (thêm ngày và cơ "
                               "quan ban hành), \"title\" (thêm trích yếu), hoặc chữ của bản gốc, ví dụ "
                               "\"{kind} số {number} ngày {date} của {issuer}\".")
        try:
            return figures.document(d, form, self.doc_href(d), self.data().decisions)
        except ValueError as exc:
            raise LookupFailed(f"Cách trích văn bản '{form}' có chỗ {{{exc}}} không hợp lệ.",
                               f"Citation form '{form}' has an unknown field {{{exc}}}.",
                               "Dùng short, full, title hoặc chữ của bản gốc với các chỗ {kind}, {number}, {date}, "
                               "{date_long}, {issuer}, {title}.") from None
        except KeyError as exc:
            raise LookupFailed(f"Văn bản '{key}' không có {exc.args[0]} trong documents.yml mà cách trích cần.",
                               f"Document '{key}' has no {exc.args[0]} for this citation form.",
                               f"Thêm {exc.args[0]} cho '{key}' trong documents.yml, hoặc bỏ {{{exc.args[0]}}} "
                               "khỏi cách trích.") from None

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
        if not charts.has_bars(made):   # a new year: nothing reported for it yet
            return charts.empty_html(name, self.year(), unreported=True)
        return charts.figure_html(made, self._draw(made))

    # ------------------------------------------------------------------ the Party document
    def document_header(self) -> Markup:
        """The Party document's first-page header, from data/<year>/report.yml."""
        return document.document_header(self.data()) if self._first_time("header") else Markup("")

    def signature(self) -> Markup:
        """The closing block (Nơi nhận; T/M ĐẢNG ỦY, BÍ THƯ, signer)."""
        return document.signature(self.data()) if self._first_time("signature") else Markup("")

    def pdf_link(self) -> Markup:
        """A download link to the whole report as PDF, only when `python -m macros pdf --publish` has put it under
        docs/<year>/ (so a build without the PDF stays strict and shows no dead link)."""
        name = document.pdf_name(self.year())
        if not (self.ctx.docs_dir / str(self.year()) / name).is_file():
            return Markup("")
        return document.pdf_link(self.here(f"{self.year()}/{name}"))

    def whole_report(self) -> Markup:
        """Every numbered section of the year's nav, in order, under the document header and above the signature:
        the page `python -m macros pdf` prints. Only on that page: a section page would print the report inside
        itself (and the sections it renders may not call it again)."""
        page = document.whole_report_page(self.year())
        if self._assembling or self.current().file.src_uri != page:
            raise LookupFailed(f"whole_report() chỉ dùng trên trang toàn văn docs/{page}, không dùng trong một phần của "
                               "báo cáo.", f"whole_report() belongs on the whole-report page docs/{page} only, not in a "
                               "section of the report.", "Xoá {{ whole_report() }} khỏi trang này.")
        parts = self._parts()
        marks, sign = whole_report.plan(self.ctx.pages, self.current().url, [page for _, _, page in parts if page])
        # the pages read from docs/ only, never a file by the path the nav gives ('../../etc/passwd'): said at the nav
        body = document.whole_report_markdown(parts, lambda page: self.ctx.texts.get(page, ""), marks)
        if not marks:   # the sections' Markdown rendered again, here
            self._assembling = True
            try:
                body = self.render_markdown(body)
            finally:
                self._assembling = False
        return self.document_header() + Markup("\n\n") + Markup(body) + Markup("\n\n") \
            + (self.signature() if sign else Markup("")) + Markup("\n\n") + document.review_appendix(self.data())

    # ------------------------------------------------------------------ the year's cover (a system page)
    def unrevised(self, since: str) -> Markup:
        """{{ unrevised("2023") }} at the start of a paragraph copied from the 2023 report (new-year --from-text): a
        visible mark; the report stays a draft until every one is removed (check counts them)."""
        if not (isinstance(since, str) and since.isdigit() and int(since) < self.year()):
            raise LookupFailed(f"unrevised({since!r}): cần năm của báo cáo đã chép đoạn này, trước năm {self.year()}.",
                               f"unrevised({since!r}): the year the paragraph was copied from is expected.",
                               f'Viết unrevised("{self.year() - 1}"); đoạn đã sửa xong thì xoá cả dấu này.')
        return document.unrevised_mark(since, self.year())

    def unwritten(self) -> Markup:
        """{{ unwritten() }} under a heading of a page new-year made: the section is not written yet. A visible
        placeholder on the web and on paper; the report stays a draft until every one is replaced by the text."""
        return document.unwritten_mark(self.year())

    def report_year(self, offset: int = 0) -> int:
        """The year of the page, or a year counted from it: {{ report_year() }}, {{ report_year(-1) }} (the year
        before) in a template shared by every year."""
        if type(offset) is not int:
            raise LookupFailed(f"report_year({offset!r}): cần một số nguyên, ví dụ report_year(-1).",
                               f"report_year({offset!r}): a whole number is expected, e.g. report_year(-1).",
                               "Viết report_year() cho năm của trang, report_year(-1) cho năm trước.")
        return self.year() + offset

    def key_figures(self) -> Markup:
        """The cover's cards, from data/<year>/cover.yml."""
        year = self.data()
        if not year.cover and "cover" not in year.failed:
            raise LookupFailed(f"Năm {year.year} chưa có số liệu chính cho trang đầu (data/{year.year}/cover.yml).",
                               f"No key figures for the cover of {year.year} (data/{year.year}/cover.yml).",
                               "Tạo tệp đó theo mẫu cover.yml của một năm khác (mục 1 của hướng dẫn biên tập).")
        if any(year.refused(k) for card in year.cover for k in cover_keys(card)):
            return Markup("")   # a card's figure has a data error, reported at its own line already
        bad = cover.link_errors(year, self.ctx.sources)
        if bad:
            raise LookupFailed(str(bad[0]), bad[0].en, bad[0].fix)
        return cover.key_figures(year, lambda key: data.find_figure(self.ctx.ds, year.year, key), self.ctx.titles)

    def report_contents(self) -> Markup:
        """The table of contents of the year's report, from the nav: numbered sections, then the appendices."""
        year = self.year()
        return cover.contents(self._parts(), nav.appendix_groups(self.ctx.nav, year), year, skip=(WHOLE_REPORT,))

    def _parts(self) -> list:
        try:
            return nav.report_parts(self.ctx.nav, self.year())
        except LookupError:
            raise LookupFailed(f"mkdocs.yml: nav không có mục 'Năm {self.year()}'.",
                               f"mkdocs.yml: the nav has no 'Năm {self.year()}' section.",
                               "Thêm mục năm vào nav (python -m macros new-year làm việc này).") from None

    def _draw(self, chart) -> str:
        """A chart's SVG, kept in the project's cache by its numbers; none in `check` (draw_charts False)."""
        return charts.cached_svg(chart, self.ctx.cache) if self.draw_charts else ""

    # ------------------------------------------------------------------ across years (system pages, dashboard)
    def plan_results(self, brief: bool = False) -> Markup:
        """The previous year's targets beside this year's results, each with its status (đạt / chưa đạt / chưa báo
        cáo); brief: the dashboard's section."""
        return years.plan_results(compare.targets(self.ctx.ds, self.year()), self.year(),
                                  self._source_link("ke-hoach-ket-qua.md"), brief, self._draw)

    def year_comparison(self, brief: bool = False) -> Markup:
        """The figures this year shares with the previous one: both values, the change, its direction."""
        year = self.data()
        headline = {k for card in year.cover for k in cover_keys(card)} | {
            r.result.key for r in compare.targets(self.ctx.ds, year.year) if r.result is not None}
        return years.year_comparison(compare.changes(self.ctx.ds, year.year), year.year, headline,
                                     self._source_link("so-sanh-cac-nam.md"), brief, self._draw)

    def other_years(self) -> Markup:
        """On the home page: the other years' reports, and which are drafts."""
        return years.other_years(self.ctx.ds, self.year(),
                                 lambda y: self.here(page_url(f"{y}/index.md")) if f"{y}/index.md" in self.ctx.sources
                                 else None)

    def _source_link(self, name: str) -> str | None:
        """A Markdown link target to the year's page `name` from a page of the same year folder (MkDocs checks it)."""
        return name if f"{self.year()}/{name}" in self.ctx.sources else None

    # ------------------------------------------------------------------ the appendix pages
    def _link(self, src: str) -> str:
        return self.here(page_url(src))

    def figures_table(self) -> Markup:
        """Bảng số liệu: every figure of the page's year, its source and the pages that use it; the year's figures
        as downloads (written into the site after the build: site/downloads.py)."""
        return kept(self.ctx, "figures_table", self.current().url, self.year(), lambda: appendix.figures_page(
            self.data(), self.ctx.uses, self.ctx.titles, self._link,
            lambda key: self.here(f"{self.year()}/van-ban/#{key}"),
            lambda key: self.here(f"{self.year()}/ghi-chu-bien-tap/#{key}"), self.ctx.sources,
            {ext: self.here(rel) for ext, rel in downloads.names(self.year()).items()}))

    def documents_table(self) -> Markup:
        """Văn bản được trích dẫn: the registry, one anchor per document key, and where each is cited."""
        year = self.data()
        return kept(self.ctx, "documents_table", self.current().url, year.year, lambda: appendix.documents_page(
            year, appendix.citations(year, self.ctx.citing_calls), self.ctx.titles, self._link, self.ctx.sources))

    def decisions_list(self) -> Markup:
        """Ghi chú biên tập: every decision (anchor = its key), the source text, the decision, its figures."""
        year = self.data()
        return kept(self.ctx, "decisions_list", self.current().url, year.year, lambda: appendix.decisions_page(
            year, self.ctx.citing_calls, self.ctx.titles, self._link,
            lambda key: self.here(f"{year.year}/bang-so-lieu/#{key}"), self.ctx.sources))


def signatures() -> dict:
    """{macro name: its signature as a page calls it}: what `check` and the build hold every call to."""
    import inspect
    return {name: inspect.signature(getattr(PageMacros, name)).replace(
        parameters=list(inspect.signature(getattr(PageMacros, name)).parameters.values())[1:]) for name in MACROS}
