"""Everything that stops the build, found before any page is built: `check` and the build run this same list.

  the data (data.load: loader, schemas, derived figures, rules), mkdocs.yml (readable, its nav's pages exist), the
  files it names in `include_yaml`, links between pages to files that exist, pages named '.md' exactly
  (sources/checks.py),
  every figure, document, indicator and report fact through the page formatters (html/showable.py), figures typed
  into pages (sources/typed.py), text a page would print instead of what it means (sources/misprints.py: single
  braces, a call in code, '%' after a call, unclosed front matter), and every page read as a Jinja template: syntax, names, literal arguments
  (sources/syntax.py), with the Jinja environment of the pages (site/render.py `page_environment`).
What is left for rendering (a key a page asks for, an argument computed at run time) is found by the Renderer,
which `check` runs over every page and the build runs page by page.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..cache import digest
from ..config_policy import policy_errors, read_config
from ..errors import DataError
from ..html.showable import unshowable
from ..sources import bounds, syntax
from ..sources.checks import config_errors, config_nodes, include_yaml_errors, link_errors
from ..sources.file_names import file_errors
from ..sources.links import link_errors as linked_files
from ..sources.misprints import misprint_errors
from ..sources.nav import page_paths
from ..sources.typed import name_documents, name_figures, typed_figure_errors
from .page_macros import IN_ATTRIBUTE, MACROS, signatures
from .sandbox import tree_refusals


def site_errors(ctx, config_file: Path | None, env, trees: dict | None = None, keep=None) -> tuple[list[DataError], set]:
    """(every error found before rendering, the pages that cannot be rendered at all). Refuses from ctx.ds what the
    pages could not show (so no page echoes it). `trees` receives the parsed pages (sources/syntax.py).
    keep(name, parts, make): make(), or what it made from the same parts before (`mkdocs serve`: each page's checks,
    which read its text alone, are made again only for a page whose text changed: site/incremental.py)."""
    links, code = project_errors(ctx.root, config_file, apart=True)
    if links:    # nothing read through a link is checked (or quoted) further
        return links + code, {page.src for page in ctx.pages}
    errors = code + list(ctx.ds.errors) + file_errors(ctx.docs_dir)
    config_unread = False
    if config_file is not None and Path(config_file).is_file():
        errors += config_errors(Path(config_file), ctx.docs_dir, ctx.pages) + include_yaml_errors(Path(config_file))
        config_unread = config_nodes(Path(config_file))[0] is None   # not YAML, empty, or an alias
    if not config_unread:   # without the nav, the system pages are unknown: their links would only echo that error
        errors += link_errors(ctx.pages, ctx.docs_dir, page_paths(ctx.nav))
    errors += unshowable(ctx.ds, ctx.cache, ctx.data_digests)
    known, sigs, broken = set(env.globals), signatures(), set()
    names_key, typed = digest(*sorted(known)), []
    keep = keep or (lambda name, parts, make: make())
    for page in ctx.pages:
        found, typed_here = keep(("page checks", page.src),
                                 (page.text, page.undecodable, bool(page.origin), names_key, trees is None),
                                 lambda page=page: _page_checks(page, env, sigs, known, trees, ctx.cache, names_key))
        if typed_here:
            year = ctx.ds.years.get(ctx.year_of(page.src, page.meta))
            typed += name_figures(name_documents(typed_here, {d.get("number"): k for k, d in year.documents.items()}
                                                 if year else {}), year)
        if found:
            errors += found
            broken.add(page.src)
    return errors + typed, broken


def _page_checks(page, env, sigs, known, trees, cache, names_key: str) -> tuple[list, list]:
    """(what stops the page, the figures typed into it): from its text alone (and the code)."""
    if page.undecodable:
        line, column, raw = page.undecodable
        return [DataError(f"docs/{page.src}", line, column, "", f"Trang không phải mã UTF-8 (gặp byte {raw}).",
                          f"The page is not UTF-8 encoded (bytes {raw}).",
                          "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại.")], []
    if not page.body.strip() and not page.origin:   # saved empty (the web editor, a failed paste), or only its front
        #                                            matter left: a section without a word
        return [DataError(f"docs/{page.src}", None, None, "", "Trang đang trống (có lẽ tệp bị lưu rỗng): trang web, "
                          "bản in sẽ có một mục không có chữ nào.",
                          "The page is empty (saved empty by mistake?): the site and the print would show a section "
                          "without a word.",
                          "Khôi phục nội dung trang (trang web của kho Git: History / Lịch sử của tệp, chọn bản trước; "
                          f"hoặc git checkout -- docs/{page.src}); nếu bỏ mục này thì xoá tệp và dòng của nó trong nav "
                          "của mkdocs.yml.")], []
    found = bounds.page_size_errors(page.src, page.text)   # before Jinja reads it: too long a page takes minutes
    if found:
        return found, []
    return _page_errors(page, env, sigs, known, trees, cache, names_key)


def project_errors(root: Path, config_file: Path | None, apart: bool = False):
    """What the project may not hold at all, checked before anything is read from it: a symbolic link or junction
    among the files the site is made from (sources/links.py), a code-bearing setting of mkdocs.yml outside the
    allow-list (config_policy.py). `check`, the build and `publish` (before it builds) call this. apart: the two
    lists (links, settings) instead of one."""
    config_file = Path(config_file) if config_file is not None else Path(root) / "mkdocs.yml"
    links, code = linked_files(Path(root), read_config(config_file)), policy_errors(config_file)
    return (links, code) if apart else links + code


def _page_errors(page, env, sigs, known, trees, cache, names_key: str) -> tuple[list, list]:
    """(what stops the page: syntax, names, arguments, refusals; the figures typed into it). Both depend on the
    page's text alone (and the code): kept in the project's cache under that text. A page read again goes into
    `trees` when given (`check` renders it from there; an unchanged page's compiled code is in the Jinja cache)."""
    def check() -> list:
        parsed = {} if trees is None else trees
        found = misprint_errors(f"docs/{page.src}", page.text, MACROS, IN_ATTRIBUTE) \
            + (syntax.page_errors(env, page, sigs, known, parsed) or tree_refusals(page.src, parsed[page.src], MACROS))
        return [[asdict(e) for e in found], [asdict(e) for e in typed_figure_errors([page])]]
    found, typed = cache.remember("pages", page.src, digest(page.src, page.text, names_key), check)
    return [DataError(**e) for e in found], [DataError(**e) for e in typed]
