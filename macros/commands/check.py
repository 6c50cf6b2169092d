"""`python -m macros check`: every data file, every rule and every figure a page asks for — no site build.

What it checks: each data file (loader, schema, schema comment), derived figures, consistency rules, indicator
statuses; the figures, documents and editorial notes that pages ask for by key; the files mkdocs.yml names in
`include_yaml`; that pages hold only macro calls with written-out arguments (site/sandbox.py). What only the build
sees: a macro's own refusal (pad out of range, whole_report() outside the whole-report page).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import data
from ..data.cover import slot_keys
from ..data.rules import pending_rules
from ..errors import DataError, LookupFailed, format_errors
from ..html.uses import figure_uses
from ..sources.calls import calls
from ..sources.checks import include_yaml_errors
from ..html.cover import link_errors
from ..site.page_macros import MACROS
from ..site.sandbox import page_refusals
from ..sources.nav import read_nav
from ..sources.system import all_pages


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


def page_errors(ds: data.Dataset, pages) -> list[DataError]:
    """Figures, documents and editorial notes that pages ask for but the data does not have."""
    errors = []
    sources = {p.src: p.source for p in pages}
    for year in ds.years.values():
        errors += link_errors(year, sources)
    cover_keys = {y: {k for card in year.cover for k in slot_keys(card)} for y, year in ds.years.items()}
    for key, places in sorted(figure_uses(pages, ds.years, ds.presented()).items()):
        year, local = int(key[:4]), key[5:]
        if year in ds.years and ds.years[year].refused(local):
            continue   # its data file has an error, reported already
        try:
            data.find_figure(ds, year, local)
        except LookupFailed as exc:   # (a cover card's key is reported at its line of cover.yml by the loader)
            cover_page = f"{year}/index.md" if local in cover_keys.get(year, ()) else None
            errors += [exc.at(sources[src], line, local) for src, line in places if src != cover_page]
    for c in calls(pages, ds.years, ds.presented()):
        if c.macro not in ("doc", "note") or not c.arg:
            continue
        stem = "documents" if c.macro == "doc" else "decisions"
        if c.year not in ds.years or ds.years[c.year].refused(stem):
            continue
        try:
            (data.find_document if c.macro == "doc" else data.find_decision)(ds, c.year, c.arg)
        except LookupFailed as exc:
            errors.append(exc.at(sources[c.src], c.line, c.arg))
    return errors


def run(args) -> int:
    start = time.perf_counter()
    root = args.root
    ds = data.load(root)
    errors = list(ds.errors)
    docs = args.docs or root / "docs"
    if docs.is_dir() and ds.years:
        pages = all_pages(docs, read_nav(root / "mkdocs.yml"))
        errors += page_errors(ds, pages)
        errors += page_refusals(pages, MACROS)
    if (root / "mkdocs.yml").is_file():
        errors += include_yaml_errors(root / "mkdocs.yml")
    if args.year is not None and args.year not in ds.years:
        errors.append(DataError("data", None, None, "", f"Không có dữ liệu năm {args.year} (thư mục data/{args.year}/).",
                                f"No data for {args.year}.", "Chọn một năm có trong data/: "
                                + ", ".join(str(y) for y in sorted(ds.years)) + "."))
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    years = ", ".join(str(y) for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, "
          f"{sum(len(y.rules) for y in ds.years.values())} quy tắc ({elapsed:.2f} s).")
    for year in sorted(ds.years):
        if args.year in (None, year):
            for line in unreported_report(ds.years[year], full=args.year == year):
                print(line)
    return 0
