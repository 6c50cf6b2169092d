"""The thin adapter between the report's data and mkdocs-macros: it only wires functions to pages.

Formatting lives in fmt.py, data and checks in dataset.py, HTML in render.py; nothing here computes a figure.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from . import charts_macros, check, dataset, print_macros, render, review_macros, usage
from .dataset import LookupFailed, find_decision, find_document, find_figure, find_sector
from .errors import format_errors

SERVE_ENV = "BAOCAO_MKDOCS_COMMAND"   # set by macros/site_hooks.py at startup


class PageError(LookupFailed):
    pass


def define_env(env):
    root = Path(env.project_dir)
    serving = os.environ.get(SERVE_ENV) == "serve"
    # A preview keeps running and shows the error in the page; a build stops at the first broken page.
    env.config["on_error_fail"] = not serving
    if serving:   # `strict: true` would abort every preview rebuild at the first warning, so no error ever showed
        _preview_not_strict()
    _require_include_yaml(env, root)
    ds = dataset.load(root)
    env.variables["data_errors"] = ds.errors
    env.variables["serving"] = serving
    if ds.errors and not serving:
        from mkdocs.exceptions import PluginError
        raise PluginError(format_errors(ds.errors))
    docs_dir = Path(env.conf["docs_dir"])
    uses = usage.scan(docs_dir, ds.years, ds.latest())

    def page_year() -> int:
        page = env.page
        return usage.page_year(page.file.src_uri, "", ds.years, ds.latest()) if not page.meta.get("year") \
            else int(page.meta["year"])

    def fail(exc: Exception, needle: str):
        """Name the page and line that asked for the missing thing."""
        src = env.page.file.src_uri
        line = ""
        path = env.page.file.abs_src_path     # the source with its front matter, so lines match the editor's
        source = (Path(path).read_text(encoding="utf-8-sig") if path else env.markdown).split("\n")
        for wanted in (f'"{needle}"', f"'{needle}'", needle):
            found = [no for no, text_line in enumerate(source, 1) if wanted in text_line]
            if found:
                line = f":{found[0]}"
                break
        message = f"Trang docs/{src}{line}: {exc}"
        logging.getLogger("mkdocs.plugins.baocao").error(message)   # shown even by `mkdocs build -q`
        raise PageError(message) from None

    def here_url(target: str) -> str:
        return render.rel_url(env.page.url, target)

    def doc_href(doc) -> str:
        return here_url(f"{page_year()}/van-ban/#{doc['key']}")

    @env.macro
    def fig(key: str, pad: int = 0) -> str:
        """A figure from data/: {{ fig("telecom.smartphone_users") }}; pad=2 writes '03'."""
        try:
            return render.figure(find_figure(ds, page_year(), key), pad)
        except LookupFailed as exc:
            fail(exc, key)

    @env.macro
    def tally(sector: str, status: str = "đạt") -> str:
        """'11/12': indicators of a sector (or "all") with the status, over all of them."""
        try:
            if sector != "all":
                find_sector(ds, page_year(), sector)
            return render.tally(ds.years[page_year()], sector, status)
        except LookupFailed as exc:
            fail(exc, sector)

    @env.macro
    def indicators_sentence(sector: str) -> str:
        try:
            find_sector(ds, page_year(), sector)
        except LookupFailed as exc:
            fail(exc, sector)
        return render.indicator_sentence(ds.years[page_year()], sector, doc_href)

    @env.macro
    def indicators_table(sector: str = "all") -> str:
        year = ds.years[page_year()]
        if sector == "all":
            return render.indicator_summary(year)
        try:
            find_sector(ds, page_year(), sector)
        except LookupFailed as exc:
            fail(exc, sector)
        return render.indicator_table(year, sector)

    @env.macro
    def doc(key: str, form: str = "full") -> str:
        """A cited document: form 'short', 'full' or 'title'."""
        try:
            d = find_document(ds, page_year(), key)
        except LookupFailed as exc:
            fail(exc, key)
        return render.document(d, form, doc_href(d))

    @env.macro
    def note(key: str) -> str:
        """An editorial note where the published text differs from the source."""
        try:
            d = find_decision(ds, page_year(), key)
        except LookupFailed as exc:
            fail(exc, key)
        return render.decision_note(d, here_url(f"{page_year()}/ghi-chu-bien-tap/#{key}"))

    @env.macro
    def report(field: str) -> str:
        """A fact of the document itself (number, date, signer...), with a visible placeholder when unknown."""
        meta = ds.years[page_year()].report
        if field not in meta:
            fail(LookupFailed(f"Không có mục '{field}' trong data/{page_year()}/report.yml."), field)
        value = meta[field]
        return render.placeholder(field) if value in (None, "") else render.text(value)

    env.variables["figure_uses"] = uses
    env.variables["dataset"] = ds
    ctx = Context(ds=ds, uses=uses, page_year=page_year, here_url=here_url, fail=fail, doc_href=doc_href)
    for module in (print_macros, review_macros, charts_macros):
        module.register(env, ctx)
    # A page calling a macro nobody defines: named with page, line and name (Jinja alone gives no line).
    unknown = check.unknown_macros(docs_dir, set(env.macros) | set(env.variables))
    if unknown and not serving:
        from mkdocs.exceptions import PluginError
        raise PluginError(format_errors(unknown))
    ds.errors.extend(unknown)


class Context:
    """What the macro modules share: the dataset, figure uses, and helpers that know the current page."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def on_post_page_macros(env):
    """While previewing, data errors show at the top of every page instead of stopping the server."""
    errors = env.variables.get("data_errors")
    if errors and env.variables.get("serving"):
        items = "".join(f"<li><code>{render.text(e)}</code></li>" for e in errors)
        env.markdown = (f'<div class="admonition failure data-errors"><p class="admonition-title">'
                        f"Dữ liệu có {len(errors)} lỗi — trang này chưa thể công bố</p><ol>{items}</ol></div>\n\n"
                        + env.markdown)


def _require_include_yaml(env, root: Path) -> None:
    """mkdocs-macros only logs a missing include_yaml file at INFO level; here it stops the build."""
    named = [next(iter(e.values())) if isinstance(e, dict) else e for e in env.config.get("include_yaml") or []]
    if all((root / str(name)).is_file() for name in named):
        return   # nothing missing: skip re-reading mkdocs.yml for line numbers
    errors = check.include_yaml_errors(Path(env.conf["config_file_path"]))
    if errors:
        from mkdocs.exceptions import PluginError
        raise PluginError(format_errors(errors))


def _preview_not_strict() -> None:
    """Under `mkdocs serve` only: drop the warning counter that MkDocs' strict mode adds for this build (it is
    added again at each rebuild, before plugins run). Builds stay strict."""
    from mkdocs.utils import CountHandler
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)
