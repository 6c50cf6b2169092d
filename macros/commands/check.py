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
from ..errors import DataError, LookupFailed, format_errors
from ..html.uses import figure_uses
from ..sources.calls import calls
from ..sources.checks import include_yaml_errors
from ..sources.pages import read_pages
from ..site.page_macros import MACROS
from ..site.sandbox import page_refusals


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=None, help="thư mục trang (mặc định: docs/)")


def page_errors(ds: data.Dataset, pages) -> list[DataError]:
    """Figures, documents and editorial notes that pages ask for but the data does not have."""
    errors = []
    for key, places in sorted(figure_uses(pages, ds.years, ds.latest()).items()):
        year, local = int(key[:4]), key[5:]
        if year in ds.years and ds.years[year].refused(local):
            continue   # its data file has an error, reported already
        try:
            data.find_figure(ds, year, local)
        except LookupFailed as exc:
            errors += [exc.at(f"docs/{src}", line, local) for src, line in places]
    for c in calls(pages, ds.years, ds.latest()):
        if c.macro not in ("doc", "note") or not c.arg:
            continue
        stem = "documents" if c.macro == "doc" else "decisions"
        if c.year not in ds.years or ds.years[c.year].refused(stem):
            continue
        try:
            (data.find_document if c.macro == "doc" else data.find_decision)(ds, c.year, c.arg)
        except LookupFailed as exc:
            errors.append(exc.at(f"docs/{c.src}", c.line, c.arg))
    return errors


def run(args) -> int:
    start = time.perf_counter()
    root = args.root
    ds = data.load(root)
    errors = list(ds.errors)
    docs = args.docs or root / "docs"
    if docs.is_dir() and ds.years:
        errors += page_errors(ds, read_pages(docs))
    if docs.is_dir():
        errors += page_refusals(read_pages(docs), MACROS)
    if (root / "mkdocs.yml").is_file():
        errors += include_yaml_errors(root / "mkdocs.yml")
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    years = ", ".join(str(y) for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, "
          f"{sum(len(y.rules) for y in ds.years.values())} quy tắc ({elapsed:.2f} s).")
    return 0
