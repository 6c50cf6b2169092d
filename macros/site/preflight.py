"""Everything that stops the build, found before any page is built: `check` and the build run this same list.

  the data (data.load: loader, schemas, derived figures, rules), mkdocs.yml (readable, its nav's pages exist), the
  files it names in `include_yaml`, links between pages to files that exist (sources/checks.py),
  every figure, document, indicator and report fact through the page formatters (html/showable.py), figures typed
  into pages (sources/typed.py), and every page read as a Jinja template: syntax, names, literal arguments
  (sources/syntax.py), with the Jinja environment of the pages (site/render.py `page_environment`).
What is left for rendering (a key a page asks for, an argument computed at run time) is found by the Renderer,
which `check` runs over every page and the build runs page by page.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..cache import digest
from ..errors import DataError
from ..html.showable import unshowable
from ..sources import syntax
from ..sources.checks import config_errors, include_yaml_errors, link_errors
from ..sources.typed import typed_figure_errors
from .page_macros import MACROS, signatures
from .sandbox import tree_refusals


def site_errors(ctx, config_file: Path | None, env, trees: dict | None = None) -> tuple[list[DataError], set]:
    """(every error found before rendering, the pages that cannot be rendered at all). Refuses from ctx.ds what the
    pages could not show (so no page echoes it). `trees` receives the parsed pages (sources/syntax.py)."""
    errors = list(ctx.ds.errors)
    if config_file is not None and Path(config_file).is_file():
        errors += config_errors(Path(config_file), ctx.docs_dir, ctx.pages) + include_yaml_errors(Path(config_file))
    errors += link_errors(ctx.pages, ctx.docs_dir)
    errors += unshowable(ctx.ds, ctx.cache, ctx.data_digests)
    known, sigs, broken = set(env.globals), signatures(), set()
    names_key, typed = digest(*sorted(known)), []
    for page in ctx.pages:
        if page.undecodable:
            line, column, raw = page.undecodable
            errors.append(DataError(f"docs/{page.src}", line, column, "", f"Trang không phải mã UTF-8 (gặp byte {raw}).",
                                    f"The page is not UTF-8 encoded (bytes {raw}).",
                                    "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại."))
            broken.add(page.src)
            continue
        found, typed_here = _page_errors(page, env, sigs, known, trees, ctx.cache, names_key)
        typed += typed_here
        if found:
            errors += found
            broken.add(page.src)
    return errors + typed, broken


def _page_errors(page, env, sigs, known, trees, cache, names_key: str) -> tuple[list, list]:
    """(what stops the page: syntax, names, arguments, refusals; the figures typed into it). Both depend on the
    page's text alone (and the code): kept in the project's cache under that text. A page read again goes into
    `trees` when given (`check` renders it from there; an unchanged page's compiled code is in the Jinja cache)."""
    def check() -> list:
        parsed = {} if trees is None else trees
        found = syntax.page_errors(env, page, sigs, known, parsed) or tree_refusals(page.src, parsed[page.src], MACROS)
        return [[asdict(e) for e in found], [asdict(e) for e in typed_figure_errors([page])]]
    found, typed = cache.remember("pages", page.src, digest(page.src, page.text, names_key), check)
    return [DataError(**e) for e in found], [DataError(**e) for e in typed]
