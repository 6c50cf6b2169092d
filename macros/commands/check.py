"""`python -m macros check`: the complete pre-flight — everything that would stop the build stops here, with the
same message, without building the site.

What it checks (site/preflight.py, the same list the build runs): no symbolic link or junction among the site's
files and no code setting of mkdocs.yml outside the allow-list (sources/links.py, config_policy.py); each data file
(loader, schema, schema comment),
derived figures, consistency rules, indicator statuses; every figure, document, indicator and report fact through
the page formatters; figures typed into pages; every page as a Jinja template (syntax, names, arguments); the files
mkdocs.yml names in `include_yaml`. Then every page is rendered with the real macros (site/render.py, the build's
renderer): a key a page asks for that the data does not have, an argument that does not fit. Pages may hold only
macro calls with written-out arguments (site/sandbox.py). Each rendered page, converted to HTML as MkDocs converts
it, and its front-matter title, and mkdocs.yml's text, hold no HTML that runs and fetch nothing from outside
(html/page_safety.py, the check the build runs on the pages it writes). Last, when all that passed, each signed
year's printed report against its text of record, data/<year>/signed.txt (site/fidelity.py, the build's comparison).
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

from .. import data
from ..cache import digest
from ..config_policy import ANY, EXTENSIONS, compose, read_config, walk
from ..data.rules import part_pairs, pending_rules
from ..data.fidelity import record_path
from ..errors import DataError, format_errors
from ..html.document import unrevised_counts, unwritten_count
from ..site import fidelity
from ..site.context import make_context
from ..site.preflight import site_errors
from ..site.render import CheckedPage, Renderer, page_environment
from ..sources.anchors import anchor_errors, markdown_ids
from ..sources.checks import markdown_extensions
from ..sources.nav import read_nav
from ..sources.nextyear import unchanged_naming_year
from ..sources.syntax import page_text

BRIEF_ABOVE = 30    # more figures not reported than this: one line per file (--year lists every one)


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=None, help="thư mục trang (mặc định: docs/)")
    parser.add_argument("--year", type=int, default=None,
                        help="liệt kê từng số liệu chưa báo cáo của năm này (lỗi thì luôn kiểm tra mọi năm) / list "
                             "every figure of this year not reported yet (errors are always checked for every year)")


def unreported_report(year, full: bool) -> list[str]:
    """'còn N số liệu chưa báo cáo' for a year, with file:line [key] label of each (or per file when many)."""
    todo, pending = year.unreported(), year.unreported(derived=True)
    if not pending:
        return []
    lines = [f"Năm {year.year}: còn {len(todo)} số liệu chưa báo cáo (value: null, hoặc chỉ tiêu 'chưa báo cáo'), "
             f"báo cáo là bản dự thảo. / {year.year}: {len(todo)} figure(s) not reported yet; the report is a draft."]
    if full or len(todo) <= BRIEF_ABOVE:
        lines += [f"  {f.file}:{f.line} [{f.key}] {f.label}" for f in todo]
    else:
        per_file = {}
        for f in todo:
            per_file.setdefault(f.file, []).append(f.key.split(".", 1)[1])
        lines += [f"  {file}: {len(keys)} — {', '.join(keys[:6])}{', …' if len(keys) > 6 else ''}"
                  for file, keys in per_file.items()]
        lines.append(f"  Xem từng số liệu: python -m macros check --year {year.year}")
    derived = len(pending) - len(todo)
    if derived:
        lines.append(f"  {derived} số liệu suy ra (tổng, tỷ lệ, đếm chỉ tiêu) có giá trị khi các số trên được ghi.")
    waiting = pending_rules(year)
    if waiting:
        lines.append(f"  {len(waiting)} quy tắc chờ số liệu để kiểm tra: {', '.join(r['id'] for r in waiting)}.")
    return lines


def unrevised_report(year) -> list[str]:
    """'Năm 2024: còn 57 đoạn chưa sửa từ năm 2023', and how many on each page (with their lines)."""
    if not year.unrevised:
        return []
    lines = [f"Năm {year.year}: {'; '.join(unrevised_counts(year))} (dấu unrevised ở đầu đoạn: sửa đoạn cho năm "
             f"{year.year} rồi xoá dấu), báo cáo là bản dự thảo. / {year.year}: {len(year.unrevised)} paragraph(s) "
             "copied from an earlier report not revised yet."]
    per_page = {}
    for src, line, _ in year.unrevised:
        per_page.setdefault(src, []).append(str(line))
    lines += [f"  docs/{src}: {len(ls)} đoạn, dòng {', '.join(ls)}" for src, ls in per_page.items()]
    return lines


def unrevised_words_report(root: Path, docs: Path, year: int) -> list[str]:
    """'Năm 2024: 3 đoạn giống hệt lời văn năm 2023 mà còn ghi "2023"', with their pages and lines: a mark removed,
    the words not revised (sources/nextyear.py). Said, not refused: such words may be right as they stand; once the
    year is signed (data/<year>/signed.txt) its words are the committee's record, and nothing is said."""
    if record_path(root, year).is_file():
        return []
    per_page = {}
    for page in sorted((docs / str(year)).glob("*.md")):
        before = docs / str(year - 1) / page.name
        if before.is_file():
            lines = unchanged_naming_year(page.read_text(encoding="utf-8-sig"), before.read_text(encoding="utf-8-sig"),
                                          year - 1)
            if lines:
                per_page[page.relative_to(docs.parent).as_posix()] = lines
    if not per_page:
        return []
    n = sum(len(lines) for lines in per_page.values())
    return ([f"Năm {year}: {n} đoạn giống hệt lời văn năm {year - 1} mà vẫn ghi \"{year - 1}\" (đã xoá dấu chưa sửa nhưng "
             f"chữ chưa sửa?): đọc lại từng đoạn, sửa cho năm {year}; đoạn nào đúng như vậy thì để nguyên. / {year}: {n} "
             f"paragraph(s) word for word as in {year - 1} still naming {year - 1}: read them again."]
            + [f"  {src}: dòng {', '.join(map(str, lines))}" for src, lines in per_page.items()])


def unwritten_report(year) -> list[str]:
    """'Năm 2024: còn 41 phần chưa soạn, trên 23 trang', and the lines of the marks on each page."""
    if not year.unwritten:
        return []
    lines = [f"Năm {year.year}: {unwritten_count(year)} (dòng unwritten() dưới đề mục: viết nội dung của phần rồi "
             f"xoá dòng đó), báo cáo là bản dự thảo. / {year.year}: {len(year.unwritten)} section(s) not written yet."]
    per_page = {}
    for src, line in year.unwritten:
        per_page.setdefault(src, []).append(str(line))
    lines += [f"  docs/{src}: dòng {', '.join(ls)}" for src, ls in per_page.items()]
    return lines


def errors_of(root: Path, docs: Path | None = None) -> tuple[list, object]:
    """(every error `check` reports, the dataset): what the build would stop on, for the project at root."""
    root = Path(root)
    docs = docs or root / "docs"
    ds = data.load(root)
    config = root / "mkdocs.yml"
    nav = read_nav(config) if config.is_file() else []
    ctx = make_context(root, docs if docs.is_dir() else root / "docs", ds, nav, False)
    if not docs.is_dir():
        return list(ds.errors), ds
    env, trees = page_environment(), {}
    errors, broken = site_errors(ctx, config, env, trees)
    if ds.years:
        current = {"page": None}
        renderer = Renderer(ctx, env, lambda: current["page"], nested=False, draw=False)
        env.globals.update(renderer.functions)
        seen, rendered = {str(e) for e in errors}, {}
        to_html = markdown_converter(config)
        extensions = repr(read_config(config).get("markdown_extensions"))
        errors += config_html(config) + docs_file_errors(docs, ctx.cache)
        for page in ctx.pages:
            if page.src in broken:
                continue
            text, found = page_text(page), []
            if page.meta.get("render_macros") is not False:
                current["page"] = CheckedPage(page.src, page.meta)
                text, found = renderer.render_page(page.src, text, page.meta, trees.get(page.src))
            rendered[page.src] = text
            unsafe = ctx.cache.remember(   # the same rendered page, source and extensions: the same answer
                "unsafe-html", page.src, digest(page.src, page.text, text, extensions),
                lambda: [asdict(e) for e in unsafe_html(page, to_html(text))])
            for error in found + [DataError(**e) for e in unsafe]:
                if str(error) not in seen:
                    seen.add(str(error))
                    errors.append(error)
        errors += _anchor_errors(ctx.pages, rendered, config)
        if not errors:   # the printed report against its signed text (a report with errors is not the print yet)
            errors += fidelity.check_errors(ctx, config if config.is_file() else None, rendered)
    return errors, ds


def _anchor_errors(pages, rendered: dict, config: Path) -> list:
    """Links to a '#anchor' the target page will not have: the ids MkDocs would find in the pages as rendered."""
    extensions, ids = markdown_extensions(config), {}

    def ids_of(src):
        if src not in rendered:
            return None
        if src not in ids:
            ids[src] = markdown_ids(rendered[src], *extensions)
        return ids[src]
    return anchor_errors([(p.src, f"docs/{p.src}", p.text) for p in pages if p.src in rendered], ids_of)


def markdown_converter(config: Path):
    """Markdown -> HTML as MkDocs converts a page: its default extensions and mkdocs.yml's, those the allow-list
    (config_policy.py) lets run, with their allowed options: the HTML checked is the article the build writes."""
    names, options = ["toc", "tables", "fenced_code"], {}
    for item in read_config(config).get("markdown_extensions") or []:
        name, opts = next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
        if not isinstance(name, str) or name not in EXTENSIONS:    # refused by config_policy: not run here either
            continue
        names.append(name)
        if isinstance(opts, dict):
            options[name] = {k: v for k, v in opts.items() if k in EXTENSIONS[name]
                             and (EXTENSIONS[name][k] == ANY or v in EXTENSIONS[name][k])}
    made = []    # made at the first page not in the cache

    def convert(text: str) -> str:
        if not made:
            import markdown
            made.append(markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=options))
        return made[0].reset().convert(text)
    return convert


_AS_LINK = {"nav": '<a href="{}">', "extra_css": '<link rel="stylesheet" href="{}">',   # how the theme writes them
            "theme.favicon": '<link rel="icon" href="{}">', "theme.logo": '<img src="{}">'}


def config_html(config: Path) -> list[DataError]:
    """HTML in mkdocs.yml's text (site_name, copyright, a nav title…), which the theme prints as it is, in every
    page, and the addresses of the nav and extra_css, which it writes as links (a nav entry 'X: javascript:…', a
    style sheet from outside): refused as in a page's article (the build finds them in the pages it writes)."""
    import html
    try:
        root = compose(Path(config).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):   # sources/checks.py config_nodes names a file that is not UTF-8
        return []
    errors = []
    for key, node in walk(root) if root is not None else ():
        value, link = getattr(node, "value", None), _AS_LINK.get(key) or _AS_LINK.get(key.split(".")[0])
        if isinstance(value, str) and ("<" in value or (link and re.search(r"[:\\]|^\s*//", value))):
            from ..html.page_safety import page_problems   # only for a tag or an address: check stays fast
            problems = page_problems(value if "<" in value else link.format(html.escape(value)), content=True).problems
            errors += [DataError(Path(config).name, node.start_mark.line + 1, node.start_mark.column + 1, key,
                                 f"mkdocs.yml có HTML không an toàn: {p.vi}.", f"mkdocs.yml holds unsafe HTML: {p.en}.",
                                 "Viết chữ thường, không viết thẻ HTML trong mkdocs.yml." if "<" in value else
                                 "Mục lục (nav) và extra_css chỉ trỏ tới tệp của trang (đường dẫn tính từ docs/).")
                       for p in problems]
    return errors


def docs_file_errors(docs: Path, cache=None) -> list[DataError]:
    """The files of docs/ that MkDocs copies to the site as they are and the build then checks (HTML, SVG, XML, style
    sheets, scripts, PDF files: html/served_files.py site_problems), checked here the same way (each kept in the
    project's cache under its bytes)."""
    from ..html.page_safety import kept_checks, page_errors
    from ..html.served_files import site_problems
    memo = kept_checks(cache)[1] if cache is not None else None
    return [error for rel, problem in site_problems(docs, memo=memo)
            for error in page_errors(f"docs/{rel}", "", [problem])]


def unsafe_html(page, article: str) -> list[DataError]:
    """HTML that runs or fetches from outside in a page's article, or in its front-matter title / description
    (which the theme prints outside the article): html/page_safety.py, as the build checks the page it writes."""
    from ..html.page_safety import page_errors, page_problems   # only when a page is not in the cache
    problems = page_problems(article, content=True).problems
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            problems += page_problems(page.meta[key], content=True).problems
    return page_errors(page.source, page.text, problems)


def run(args) -> int:
    start = time.perf_counter()
    errors, ds = errors_of(Path(args.root), args.docs)
    if args.year is not None and args.year not in ds.years:
        errors.append(DataError("data", None, None, "", f"Không có dữ liệu năm {args.year} (thư mục data/{args.year}/).",
                                f"No data for {args.year}.", "Chọn một năm có trong data/: "
                                + ", ".join(str(y) for y in sorted(ds.years)) + "."))
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    docs = Path(args.docs or Path(args.root) / "docs")
    years = ", ".join(str(y) for y in sorted(ds.years))
    rules = ", ".join((f"{len(ds.years[y].rules)} quy tắc" if ds.years[y].rules else
                       "KHÔNG có quy tắc nào (rules: [])") + f" và {len(part_pairs(ds.years[y]))} cặp phần–tổng năm {y}"
                      for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, {rules} ({elapsed:.2f} s).")
    for year in sorted(ds.years):
        if args.year in (None, year):
            for line in (unreported_report(ds.years[year], full=args.year == year) + unrevised_report(ds.years[year])
                         + unwritten_report(ds.years[year]) + unrevised_words_report(Path(args.root), docs, year)):
                print(line)
    return 0
