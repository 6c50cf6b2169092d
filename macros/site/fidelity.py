"""Fidelity to the signed text, wired: `check` and the build compare each signed year's printed report with its text
of record (data/fidelity.py) and stop on a difference nothing explains; the review copy lists every difference.

- the build (mkdocs_hooks on_env, every page rendered, before the whole report is assembled): the whole-report page's
  HTML with its sections' HTML in place of their marks (output/printed.py), the page that `pdf` prints;
- `check` (no build): the same pages as check renders them (Markdown with the macros run), made HTML with the
  Markdown extensions of mkdocs.yml. Each page's blocks are kept in the project's cache under its rendered text, and
  the comparison under all of its inputs: an unchanged report costs `check` nothing, one edited page one conversion.
The review copy's list of house-style differences is put in place of REVIEW_MARK (html/templates/review_appendix.html).
"""
from __future__ import annotations

import re
from dataclasses import asdict, replace
from pathlib import Path

from ..cache import digest
from ..data import fidelity
from ..errors import DataError, format_errors
from ..html.document import whole_report_page
from ..html.markup import render
from ..output.printed import MARK, Block, blocks

REVIEW_MARK = "<!-- baocao:review-style -->"


# --------------------------------------------------------------------------- one year

def compare_year(ctx, year: int, page_html: str, sections: dict) -> tuple[list[DataError], fidelity.Comparison | None]:
    """(errors, comparison) of a year's whole-report page (HTML with section marks) and its sections' HTML; nothing
    for a year without a text of record."""
    record = fidelity.read_record(ctx.root, year)
    if record is None or year not in ctx.ds.years:
        return [], None
    data = ctx.ds.years[year]
    changes = fidelity.changes_of(data, _decisions_text(ctx.root, year))
    result = fidelity.compare(record, blocks(page_html, whole_report_page(year), sections), changes)
    return errors_of(result.findings, year, ctx), result


def _decisions_text(root: Path, year: int) -> str:
    path = Path(root) / "data" / str(year) / "decisions.yml"
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError:
        return ""


# --------------------------------------------------------------------------- check: the pages as check renders them

def check_errors(ctx, config_file: Path | None, rendered: dict) -> list[DataError]:
    """What `check` reports about fidelity, from the pages it rendered ({src: Markdown with the macros run})."""
    out = []
    for year in sorted(ctx.ds.years):
        page = whole_report_page(year)
        if not fidelity.record_path(ctx.root, year).is_file():
            continue
        if page not in rendered:
            out.append(_no_print(year))
            continue
        marks = MARK.findall(rendered[page])
        if not marks or any(src not in rendered for src in marks):
            continue        # the whole report rendered in one piece (site/whole_report.py plan): the build compares
        wanted = [page] + sorted(set(marks))
        key = digest(fidelity.read_record(ctx.root, year), _decisions_text(ctx.root, year), _config_text(config_file),
                     *(part for src in wanted for part in (src, rendered[src])))
        found = ctx.cache.remember("fidelity", str(year), key, lambda: [
            asdict(f) for f in _check_year(ctx, year, config_file, {src: rendered[src] for src in wanted})])
        # the findings are kept, the messages made each time: a line of a page or a data file may have moved
        out += errors_of([_finding(f) for f in found], year, ctx)
    return out


def _finding(kept: dict) -> fidelity.Finding:
    change = fidelity.Change(**kept["change"]) if kept.get("change") else None
    return fidelity.Finding(**dict(kept, change=change, figures=tuple(kept.get("figures") or ())))


def _check_year(ctx, year: int, config_file, rendered: dict) -> list[fidelity.Finding]:
    page = whole_report_page(year)
    printed = []
    for item in _page_blocks(ctx, config_file, page, rendered[page]):   # a str: the mark of that section
        printed += _page_blocks(ctx, config_file, item, rendered[item]) if isinstance(item, str) else [item]
    record = fidelity.read_record(ctx.root, year)
    changes = fidelity.changes_of(ctx.ds.years[year], _decisions_text(ctx.root, year))
    return fidelity.compare(record, printed, changes).findings


def _page_blocks(ctx, config_file, src: str, markdown: str) -> list:
    """A page's printed blocks (and, for the whole-report page, the sources of its section marks in their place),
    kept in the cache under the page's rendered text."""
    def make():
        html = _to_html(config_file, markdown)
        parts = MARK.split(html)
        items = []
        for n, part in enumerate(parts):
            if n % 2:
                items.append(part)
            else:
                items += [asdict(b) for b in blocks(part, src)]
        return items
    kept = ctx.cache.remember("printed", src, digest(src, markdown, _config_text(config_file)), make)
    return [item if isinstance(item, str) else Block(**dict(item, figures=tuple(map(tuple, item["figures"]))))
            for item in kept]


_CONVERTERS: dict = {}


def _config_text(config_file) -> str:
    try:
        return Path(config_file).read_text(encoding="utf-8-sig") if config_file else ""
    except (OSError, UnicodeDecodeError):
        return ""


def _to_html(config_file, markdown: str) -> str:
    """Markdown -> HTML with the extensions mkdocs.yml configures (`markdown_extensions`)."""
    import markdown as md
    key = str(config_file)
    if key not in _CONVERTERS:
        _CONVERTERS[key] = md.Markdown(extensions=[_extension(name, options)
                                                   for name, options in _extensions(config_file)])
    converter = _CONVERTERS[key]
    converter.reset()
    return converter.convert(markdown)


def _extension(name: str, options: dict):
    """An extension made from its module (a Markdown extension of the standard set by its short name): Python-Markdown
    would otherwise look the name up among every installed package's entry points, slower than the conversion."""
    import importlib
    module = name if "." in name else f"markdown.extensions.{name}"
    try:
        return importlib.import_module(module.split(":")[0]).makeExtension(**options)
    except (ImportError, AttributeError):
        return name     # a third-party name: Python-Markdown finds it


def _extensions(config_file) -> list[tuple[str, dict]]:
    """mkdocs.yml `markdown_extensions`: (name, options) in order (sources/checks.py reads them, tags left unrun)."""
    from ..sources.checks import markdown_extensions
    names, settings = markdown_extensions(config_file) if config_file else ([], {})
    return [(name, settings.get(name) or {}) for name in names]


# --------------------------------------------------------------------------- the build

def build_results(pages, ctx, keep=None, year_key=None) -> tuple[list[DataError], dict, dict]:
    """(errors, {src of a whole-report page: comparison}, {src: the errors its page shows}) for the build: every
    MkDocs page rendered, the whole-report pages not assembled yet. keep(name, parts, make): make(), or what it made
    under the same name from the same parts before (mkdocs serve: site/incremental.py); the parts are everything a
    year's comparison reads."""
    by_src = {p.file.src_uri: p for p in pages if p is not None}
    errors, results, shown = [], {}, {}
    sections = {src: p.content for src, p in by_src.items() if p.content is not None}
    for year in sorted(ctx.ds.years):
        page = by_src.get(whole_report_page(year))
        if page is None and fidelity.record_path(ctx.root, year).is_file():
            errors.append(_no_print(year))
        if page is None or not page.content:
            continue
        marks = MARK.findall(page.content)
        if any(src not in sections for src in marks):
            continue        # `mkdocs serve --dirty` renders the changed pages only: no whole print to compare
        if keep is None:
            found, result = compare_year(ctx, year, page.content, sections)
        else:
            parts = (ctx.sources_digest, year_key(year), page.content, *(sections[src] for src in marks))
            found, result = keep(("fidelity", year), parts, lambda: compare_year(ctx, year, page.content, sections))
        errors += found
        for error in found:   # the print's page, and the page the differing words come from
            for src in {page.file.src_uri, error.file.removeprefix("docs/")}:
                shown.setdefault(src, []).append(error)
        if result is not None:
            results[page.file.src_uri] = result
    for error in errors:   # not one year's (a signed year without its print): on every print
        if not any(error in found for found in shown.values()):
            for src in results:
                shown.setdefault(src, []).append(error)
    return errors, results, shown


def on_env(pages, plugin, kept=None):
    """The build's comparison (before the whole report is assembled), then the review lists (after): stops the build
    on a difference nothing explains (under `mkdocs serve`: logged, the preview keeps running)."""
    from .context import serving
    from .plugin import STATE, _stop, log
    state = getattr(plugin, STATE, None)
    pages = [p for p in pages if p is not None]
    if state is None or state.errors:   # a data or page error is reported already; the print is not the report yet
        return lambda: None
    errors, results, shown = build_results(pages, state.renderer.ctx, *(
        (kept.keep, lambda year: kept.year_digest(state.renderer.ctx.root, year)) if kept else ()))
    if errors:
        if not serving():
            _stop(format_errors(errors))
        log.error(format_errors(errors))

    def after_assembly():
        add_review_lists(pages, results, kept.keep if kept else None)
        for p in pages:   # the preview shows them in the red box of the pages concerned, as every other error
            if p.content and shown.get(p.file.src_uri):
                found = shown[p.file.src_uri]
                p.content = str(render("data_errors.html", errors=[str(e) for e in found[:50]],
                                       more=len(found) - 50)) + p.content
    return after_assembly


def add_review_lists(pages, results: dict, keep=None) -> None:
    """The review copy's list of house-style differences, in place of its mark on each whole-report page.
    keep(name, parts, make): as in build_results (a page's HTML and a year's comparison handed again are most often
    the very same objects: compared at once, not read again)."""
    keep = keep or (lambda name, parts, make: make())
    for p in pages:
        if p is not None and p.content and keep(("review mark", p.file.src_uri), (p.content,),
                                                lambda p=p: REVIEW_MARK in p.content):
            result = results.get(p.file.src_uri)
            listed = keep(("review style", p.file.src_uri), (result,), lambda: str(review_style(result)))
            p.content = p.content.replace(REVIEW_MARK, listed)


def review_style(result: fidelity.Comparison | None):
    if result is None:
        return render("review_style.html", kinds=[])
    kinds = [{"title": title, "count": len(result.style.get(kind, [])), "items": result.style.get(kind, [])}
             for kind, title in fidelity.STYLE.items()]
    return render("review_style.html", kinds=kinds)


# --------------------------------------------------------------------------- messages

def _no_print(year: int) -> DataError:
    """A signed year whose print cannot be compared: without its whole-report page there is no print at all."""
    page = whole_report_page(year)
    return DataError("mkdocs.yml", None, None, "nav", f"Năm {year} đã có văn bản đã ký (data/{year}/"
                     f"{fidelity.RECORD_NAME}) nhưng không có trang toàn văn docs/{page}, nên không so được bản in.",
                     f"{year} has a signed text but no whole-report page docs/{page}: the print cannot be compared.",
                     f"Thêm vào nav của mkdocs.yml, trong mục 'Năm {year}': Toàn văn báo cáo (bản in): {page}")


def errors_of(findings: list, year: int, ctx) -> list[DataError]:
    texts = {p.src: p.text for p in ctx.pages}
    files = {p.src: p.source for p in ctx.pages}
    return [_with_figures(_error(f, year, ctx.root, texts, files), f, ctx.ds) for f in findings]


def _with_figures(error: DataError, f: fidelity.Finding, ds) -> DataError:
    """A difference in a printed figure names the data that made it: the editor changed that, not the page."""
    named = []
    for key in f.figures:
        year, _, name = key.partition("/")
        figure = ds.years[int(year)].figures.get(name) if year.isdigit() and int(year) in ds.years else None
        if figure is not None:
            named.append(f"{name} ({figure.file}:{figure.line})" if figure.line else f"{name} ({figure.file})")
    if not named:
        return error
    return replace(error, vi=f"{error.vi} Chữ khác là số liệu {', '.join(named)}.",
                   en=f"{error.en} The differing words are the figure(s) {', '.join(named)}.")


def _quoted(words: str, limit: int = 240) -> str:
    if not words:
        return "(không có / nothing)"
    return f"“{words if len(words) <= limit else words[:limit - 1].rstrip() + '…'}”"


def _error(f: fidelity.Finding, year: int, root: Path, texts: dict, files: dict) -> DataError:
    record = f"data/{year}/{fidelity.RECORD_NAME}"
    decisions = f"data/{year}/decisions.yml"
    c = f.change
    if f.problem == "stale":
        return DataError(decisions, c.line, None, c.decision or "corrections",
                         f"Đoạn trích bản gốc {_quoted(c.source)} ({c.label}) không có trong văn bản đã ký {record}.",
                         f"The quoted source words {_quoted(c.source)} are not in the signed text {record}.",
                         f"Chép đúng nguyên văn đoạn chữ từ {record} (cả dấu câu), hoặc xoá thay đổi này nếu không còn "
                         "cần.")
    if f.problem == "not_made":
        state = "đã được duyệt" if c.decision else "là sửa lỗi gõ"
        return DataError(decisions, c.line, None, c.decision or "corrections",
                         f"{c.label.capitalize()} {state} và ghi bản in viết {_quoted(c.published)}, nhưng bản in "
                         "không có đoạn chữ đó.",
                         f"The change says the print writes {_quoted(c.published)}, but the print does not.",
                         "Sửa trang (hoặc số liệu) cho bản in viết đúng như vậy, hoặc sửa `published` cho khớp chữ bản "
                         "in.")
    page = f"docs/{f.page}" if f.page else record
    if f.page in files:
        page = _relative(files[f.page], root) or page
    line = _line_of(texts.get(f.page, ""), f.printed, f.now)[1]
    if f.page == whole_report_page(year):   # not a section: a group heading (the nav) or the title (report.yml)
        found = [(_line_of(_read(root / rel), f.printed, f.now), rel) for rel in ("mkdocs.yml", f"data/{year}/report.yml")]
        (_, line), page = max(found, key=lambda item: item[0][0])
    where = f"bản in viết {_quoted(f.printed)}, văn bản đã ký ({record}) viết {_quoted(f.recorded)}"
    if f.problem == "decision_published":
        what_vi = f"ghi chú biên tập '{c.decision}'" if c.decision else "mục sửa lỗi gõ (corrections)"
        what_en = f"editorial decision '{c.decision}'" if c.decision else "the typo fix (corrections)"
        again = " và đặt `approval: null` để Ban Thường vụ duyệt lại" if c.decision else ""
        return DataError(page, line, None, c.decision or "corrections",
                         f"Câu in không còn đúng chữ mà {what_vi} cho in: {where}; {decisions} dòng {c.line} ghi bản "
                         f"in viết {_quoted(c.published)}.",
                         f"The printed sentence no longer says what {what_en} prints: {_quoted(f.was)} → "
                         f"{_quoted(f.now)}.",
                         f"Nếu chữ (số liệu) mới là đúng: sửa `published` ở {decisions} dòng {c.line} cho khớp bản "
                         f"in{again}; nếu không: sửa lại trang hoặc số liệu.")
    return DataError(page, line, None, "",
                     f"Câu in khác văn bản đã ký: {where} (chỗ khác: {_quoted(f.was)} → {_quoted(f.now)}).",
                     f"The printed sentence differs from the signed text: {_quoted(f.was)} → {_quoted(f.now)}.",
                     f"Nếu sửa có chủ ý: ghi một quyết định biên tập trong {decisions} (changes: source là chữ của văn "
                     f"bản đã ký, published là chữ bản in) để Ban Thường vụ duyệt; nếu không: sửa trang (hoặc số "
                     f"liệu) cho đúng văn bản đã ký.")


def _relative(path, root: Path) -> str | None:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError, TypeError):
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError:
        return ""


def _line_of(text: str, sentence: str, words: str) -> tuple[int, int | None]:
    """(score, line) of the source line that most likely writes the sentence: the most of its words (the changed
    ones count double; case aside: a part's heading prints in capitals), macro calls left out."""
    wanted = [w.casefold() for w in sentence.split() if len(w) > 2]
    changed = {w.casefold() for w in words.split()}
    best, line = 0, None
    for n, raw in enumerate(text.split("\n"), 1):
        plain = re.sub(r"\{\{.*?\}\}", " ", raw).casefold()
        score = sum((2 if w in changed else 1) for w in wanted if w in plain)
        if score > best:
            best, line = score, n
    return best, line
