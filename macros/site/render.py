"""Pages through Jinja with the real macros: one renderer for `mkdocs build`, `mkdocs serve` and `check`.

A macro that fails never raises into Jinja (mkdocs-macros would print a Python traceback, or replace the page by
one): its guard records the error — page, line (the template's own line, found from the running template's frame),
column, key, what to do — and leaves a marked gap in the page. After the page: the build stops with the errors
(site/plugin.py), `mkdocs serve` shows them in the red box with the rest of the page readable, `check` lists them.
Arguments are checked against the macro's signature before it runs (sources/syntax.py `argument_problem`, the
same function the static check uses on literal arguments).
"""
from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field

from ..errors import DataError, LookupFailed, fault_text
from ..cache import code_cache
from ..html import proposals
from ..html.markup import render
from ..sources import bounds, headings
from ..sources.pages import page_url
from ..sources.syntax import argument_problem
from .page_macros import MACROS, PageMacros, signatures

# which data file a macro reads: when that file was refused (its error is reported), the page says nothing more
_SECTORS = ("indicators", "documents", "decisions")   # an indicator may cite a document and a decision
READS = {"doc": ("documents",), "note": ("decisions",), "tally": ("indicators",), "indicators_sentence": _SECTORS,
         "indicators_table": _SECTORS, "chart": ("indicators",), "report": ("report",),
         "document_header": ("report",), "signature": ("report",), "whole_report": ("report",) + _SECTORS,
         "key_figures": ("cover",)}


def page_environment():
    """The Jinja environment of the pages, as mkdocs.yml configures mkdocs-macros for the build (`on_undefined:
    strict`, default delimiters, no extension). `check` parses and renders with it; tests/test_page_checks.py holds
    the build's environment to the same settings."""
    import jinja2
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.bytecode_cache = code_cache().jinja(env)
    return env


@dataclass
class _File:
    src_uri: str


@dataclass
class CheckedPage:
    """What PageMacros needs of the page being rendered, outside MkDocs (`check`)."""
    src: str
    meta: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def file(self) -> _File:
        return _File(self.src)


class Renderer:
    """The page macros of one build (or one `check`), guarded; renders pages and collects their errors."""

    def __init__(self, ctx, env, current, variables=None, nested: bool = True, draw: bool = True):
        """nested=False, draw=False (`check`): the whole report is not assembled again (each section page is
        rendered on its own) and charts are not drawn (their data and tables are built): what the build draws
        from there cannot fail on data that passed."""
        self.ctx, self.env, self.current, self.nested = ctx, env, current, nested
        self.variables = variables if variables is not None else {}
        self.sources = {p.src: p for p in ctx.pages}
        self.errors: list[DataError] = []      # of the page being rendered
        self.calls = self.output = 0           # macro calls of the page being rendered, characters they returned
        self.offset = 0                        # file lines before the rendered Markdown (front matter)
        self._assembling = False               # rendering the sections inside the whole report
        self.macros = PageMacros(ctx, current, self.render_nested)
        self.macros.draw_charts = draw
        self.signatures = signatures()
        self.functions = {name: self._guarded(name) for name in MACROS}

    # ------------------------------------------------------------------ pages
    def render_page(self, src: str, markdown: str, meta: dict, parsed=None) -> tuple[str, list[DataError]]:
        """(the page's Markdown with macros run, its errors). When the template cannot run at all, the Markdown
        comes back as written (a preview still shows the page, the macro calls as text). `parsed`: the page's
        Jinja tree when the caller has parsed `markdown` already."""
        page = self.sources.get(src)
        self.errors, self.calls, self.output = [], 0, 0
        self.offset = _offset(page.text, markdown) if page is not None else 0
        try:
            out = self._template(src, markdown, parsed).render(**{**self.variables, **meta})
        except bounds.PageTooLarge as exc:   # the page stops there: no more work, one message
            self.errors.append(bounds.error(src, exc))
            return markdown, self.errors
        except Exception as exc:   # not a macro's failure (those are caught by the guard): say where, never raise
            self.errors.append(self._failure(src, exc))
            return markdown, self.errors
        year = self.ctx.ds.years.get(self.ctx.year_of(src, meta))
        if year is not None and "data-decision=" in out:   # a pending decision's words marked as a proposal
            out, problems = proposals.mark(out, year.decisions)
            self.errors += problems
        if "data-proposal=" in out:   # a count (or status) a pending decision sets: marked as its proposal
            years = self.ctx.ds.years
            out = proposals.mark_counts(out, lambda y: years[y].decisions if y in years else {},
                                        lambda y, key: self.macros.here(f"{y}/ghi-chu-bien-tap/#{key}"))
        return out, self.errors

    def _template(self, src: str, markdown: str, parsed=None):
        """The page as a template; with a bytecode cache (`check`'s environment) its compiled code is reused while
        the page's text is unchanged (Jinja compares the text)."""
        cache = self.env.bytecode_cache
        if cache is None:
            return self.env.from_string(parsed or markdown)
        bucket = cache.get_bucket(self.env, f"docs/{src}", None, markdown)
        if bucket.code is None:
            bucket.code = self.env.compile(parsed or markdown)
            cache.set_bucket(bucket)
        return self.env.template_class.from_code(self.env, bucket.code, self.env.make_globals(None))

    def render_nested(self, markdown: str) -> str:
        """Markdown with macros, inside a macro (the whole report): its failures become one failure of that macro.
        `check` (nested=False) renders each section page on its own and leaves the joined text as it is."""
        if not self.nested:
            return markdown
        saved, self.errors, self._assembling = self.errors, [], True
        try:
            out = self.env.from_string(markdown).render(**self.variables)
        except bounds.PageTooLarge:
            raise
        except Exception as exc:
            self.errors.append(LookupFailed(str(exc), str(exc)).at("", None, ""))
            out = ""
        finally:
            nested, self.errors, self._assembling = self.errors, saved, False
        if nested:
            raise LookupFailed(f"Toàn văn không dựng được: {len(nested)} lời gọi macro trong các trang mục bị lỗi "
                               f"(đầu tiên: {nested[0].vi}).",
                               f"The whole report cannot be assembled: {len(nested)} macro call(s) of the section "
                               "pages fail.", "Sửa các lỗi ở các trang mục (lệnh check liệt kê từng lỗi).")
        return out

    # ------------------------------------------------------------------ macros
    def _guarded(self, name: str):
        method, signature = getattr(self.macros, name), self.signatures[name]

        @functools.wraps(method)
        def macro(*args, **kwargs):
            self.calls += 1
            if self.calls > bounds.MAX_CALLS:
                raise self._over(bounds.too_many_calls(self.calls))
            problem = argument_problem(name, signature, args, kwargs)
            try:
                if problem:
                    raise LookupFailed(*problem)
                out = method(*args, **kwargs)
                if isinstance(out, str) and "data-proposal=" in out:
                    self._no_proposal_in_heading(out, args)
                self.output += len(out) if isinstance(out, str) else 0
                if self.output > bounds.MAX_OUTPUT:
                    raise self._over(bounds.too_much_output(self.output))
                return out
            except bounds.PageTooLarge:
                raise
            except LookupFailed as exc:
                failure = exc
            except Exception as exc:   # a fault of ours, not the editor's: still the page and line, never a traceback
                failure = LookupFailed(f"Lỗi khi chạy macro '{name}': {fault_text(exc)}.",
                                       f"Macro '{name}' failed: {fault_text(exc)}.",
                                       "Kiểm tra các đối số của macro trên dòng này; nếu đúng, báo cho nhóm kỹ thuật.")
            key = str(args[0]) if args and not problem else name
            if not self._already_reported(name, args):
                src = self.current().file.src_uri
                line = _template_line()
                line = line + self.offset if line else None
                self.errors.append(failure.at(f"docs/{src}", line, key, _column(self.sources.get(src), line, name)))
            return render("macro_error.html", key=key, message=str(failure))
        return macro

    def _no_proposal_in_heading(self, out: str, args: tuple) -> None:
        """A figure a pending decision sets carries its "[đề nghị]" mark wherever it shows (html/proposals.py); in a
        heading that mark would become the contents' entry and the heading's anchor, and the anchor would change on
        approval: refused where the call is written (a section rendered inside the whole report is checked on its
        own page)."""
        if self._assembling:
            return
        src = self.current().file.src_uri
        line = _template_line(3)
        line = line + self.offset if line else None
        page = self.sources.get(src)
        if page is None or not line or not headings.is_heading(page.text.split("\n"), line):
            return
        years = self.ctx.ds.years
        for year, key, decision in proposals.pending_in(out, lambda y: years[y].decisions if y in years else {}):
            raise LookupFailed(
                f"Số liệu này là đề nghị của ghi chú biên tập '{key}' ({decision.get('title') or key}, năm {year}), "
                "chưa được Ban Thường vụ duyệt, nên luôn hiện kèm dấu [đề nghị]. Trong đề mục, dấu đó vào cả mục "
                "lục và chỗ neo (#…) của đề mục, và chỗ neo sẽ đổi khi ghi chú được duyệt.",
                f"This figure is a proposal of editorial decision '{key}', not approved yet, so it carries the "
                "[đề nghị] mark; in a heading the mark would enter the table of contents and the heading's anchor, "
                "which would change on approval.",
                "Viết số này trong đoạn văn ngay dưới đề mục (đề mục giữ chữ không có số); hoặc, khi Ban Thường vụ đã "
                f"duyệt, ghi approval của '{key}' trong data/{year}/decisions.yml rồi mới đưa số vào đề mục.")

    def _over(self, exc: bounds.PageTooLarge) -> bounds.PageTooLarge:
        """The limit's error with the page line of the call that went over it."""
        line = _template_line(3)
        exc.line = line + self.offset if line else None
        return exc

    def _already_reported(self, name: str, args: tuple) -> bool:
        """The macro reads data whose file or entry was refused: that error is reported; this one would echo it."""
        ds = self.ctx.ds
        try:
            year = self.ctx.year_of(self.current().file.src_uri, self.current().meta)
        except Exception:
            return False
        if name == "fig" and args and isinstance(args[0], str):
            key = args[0]
            if key[:4].isdigit() and key[4:5] == "/":
                year, key = int(key[:4]), key[5:]
            return year in ds.years and ds.years[year].refused(key)
        return year in ds.years and any(ds.years[year].refused(stem) for stem in READS.get(name, ()))

    def _failure(self, src: str, exc: Exception) -> DataError:
        line = _traceback_line(exc)
        return DataError(f"docs/{src}", line + self.offset if line else None, None, "jinja",
                         f"Trang không hiển thị được: {fault_text(exc)}.",
                         f"The page cannot be rendered: {fault_text(exc)}.",
                         "Trong {{ }} chỉ gọi macro với khoá trong ngoặc kép, ví dụ {{ fig(\"telecom.smartphone_users\") "
                         "}}; không dùng thuộc tính, phép tính hay biến khác.")


def _offset(text: str, markdown: str) -> int:
    """File lines before the Markdown MkDocs hands over (front matter and the blank lines after it)."""
    if markdown and text.endswith(markdown):
        return text[: len(text) - len(markdown)].count("\n")
    return 0


def _template_line(depth: int = 2) -> int | None:
    """The line of the page template that is running the macro (the innermost template frame)."""
    frame = sys._getframe(depth)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _traceback_line(exc: Exception) -> int | None:
    """The template line of the innermost template frame of a failure (Jinja rewrites its frames so that their
    file is '<template>' and their line the template's)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _column(page, line: int | None, name: str) -> int | None:
    if page is None or not line:
        return None
    lines = page.text.split("\n")
    text = lines[line - 1] if line <= len(lines) else ""
    i = text.find(name + "(")
    return i + 1 if i >= 0 else None


def rendered_pages(ctx, pages=None) -> dict:
    """{src: the page's Markdown with its macros run}, by the renderer `check` uses (each page on its own, no chart
    drawn); a page whose macros fail keeps marked gaps (`diff` compares what a reader would see). `pages`: the
    sources.pages.Page objects to render (default: every page of the context)."""
    from ..sources.syntax import page_text
    env = page_environment()
    current = {"page": None}
    renderer = Renderer(ctx, env, lambda: current["page"], nested=False, draw=False)
    env.globals.update(renderer.functions)
    out = {}
    for page in ctx.pages if pages is None else pages:
        if page.meta.get("render_macros") is False:
            out[page.src] = page_text(page)
            continue
        current["page"] = CheckedPage(page.src, page.meta)
        out[page.src] = renderer.render_page(page.src, page_text(page), page.meta)[0]
    return out
