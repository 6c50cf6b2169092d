"""`python -m macros check`: the complete pre-flight — everything that would stop the build stops here, with the
same message, without building the site.

What it checks (site/preflight.py, the same list the build runs): each data file (loader, schema, schema comment),
derived figures, consistency rules, indicator statuses; every figure, document, indicator and report fact through
the page formatters; figures typed into pages; every page as a Jinja template (syntax, names, arguments); the files
mkdocs.yml names in `include_yaml`. Then every page is rendered with the real macros (site/render.py, the build's
renderer): a key a page asks for that the data does not have, an argument that does not fit.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import data
from ..errors import format_errors
from ..site.context import make_context
from ..site.preflight import site_errors
from ..site.render import CheckedPage, Renderer, page_environment
from ..sources.nav import read_nav
from ..sources.syntax import page_text


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=None, help="thư mục trang (mặc định: docs/)")


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
        seen = {str(e) for e in errors}
        for page in ctx.pages:
            if page.src in broken or page.meta.get("render_macros") is False:
                continue
            current["page"] = CheckedPage(page.src, page.meta)
            for error in renderer.render_page(page.src, page_text(page), page.meta, trees.get(page.src))[1]:
                if str(error) not in seen:
                    seen.add(str(error))
                    errors.append(error)
    return errors, ds


def run(args) -> int:
    start = time.perf_counter()
    errors, ds = errors_of(Path(args.root), args.docs)
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    years = ", ".join(str(y) for y in sorted(ds.years))
    rules = ", ".join(f"{len(ds.years[y].rules)} quy tắc năm {y}" if ds.years[y].rules else
                      f"KHÔNG có quy tắc nào cho năm {y} (rules: [])" for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, {rules} ({elapsed:.2f} s).")
    return 0
