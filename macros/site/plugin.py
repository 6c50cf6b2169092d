"""The adapter to mkdocs-macros: it loads the build's context once and registers the page macros. Nothing here
computes a figure or writes HTML; a failed lookup becomes the page-and-line error an editor can act on."""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from .. import data
from ..sources.checks import include_yaml_errors, unknown_macros
from ..errors import LookupFailed, format_errors
from ..html.markup import render
from .context import make_context, serving
from .page_macros import MACROS, PageMacros
from .sandbox import PageSandbox

log = logging.getLogger("mkdocs.plugins.baocao")


class PageError(Exception):
    """A page asked for something the data does not have (message: page, line, key, what to do)."""


def define_env(env):
    root, is_serving = Path(env.project_dir), serving()
    env.config["on_error_fail"] = not is_serving   # a preview keeps running and shows the error in the page
    if is_serving:
        _preview_not_strict()
    ds = data.load(root)
    errors = list(ds.errors) + include_yaml_errors(Path(env.conf["config_file_path"]))
    ctx = env.baocao_context = make_context(root, Path(env.conf["docs_dir"]), ds, env.conf.get("nav"), is_serving)
    macros = PageMacros(ctx, lambda: env.page, lambda markdown: env.render(markdown, force_rendering=True))
    for name in MACROS:
        env.macro(_reported(env, ctx, getattr(macros, name)), name)
    if not errors:   # unknown macros are named only on data the pages can be read against
        errors += unknown_macros(ctx.pages, set(MACROS))   # the sandbox's allow-list: mkdocs-macros' own are out
    env.variables["data_errors"] = errors
    if errors and not is_serving:
        _stop(format_errors(errors))


def _reported(env, ctx, method):
    """The macro, with a failed lookup turned into an error naming the page, the line and the key."""
    @functools.wraps(method)
    def macro(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except LookupFailed as exc:
            failure = exc
        except Exception as exc:   # a fault of ours, not the editor's: still the page and line, never a traceback
            failure = LookupFailed(f"Lỗi khi chạy macro '{method.__name__}': {type(exc).__name__}: {exc}.",
                                   f"Macro '{method.__name__}' failed: {type(exc).__name__}: {exc}.",
                                   "Kiểm tra các đối số của macro trên dòng này; nếu đúng, báo cho nhóm kỹ thuật.")
        needle = str(args[0]) if args else method.__name__
        raise _page_error(env, ctx, failure, _line_of(env.page, needle), needle) from None
    return macro


def _page_error(env, ctx, failure: LookupFailed, line: int | None, key: str) -> PageError:
    """The page-and-line error (the file an editor opens: docs/<page>, or a system page's template)."""
    src = env.page.file.src_uri
    message = str(failure.at(ctx.sources.get(src, f"docs/{src}"), line, key))
    log.error(message)   # shown even by `mkdocs build -q`
    return PageError(message)


def on_pre_page_macros(env):
    """Before a page renders: mkdocs-macros' Jinja environment (made after define_env, once per build) becomes the
    pages' sandbox (site/sandbox.py), with the report's macros only."""
    if not isinstance(env.env, PageSandbox):
        macros = {name: env.macros[name] for name in MACROS}
        env._env = PageSandbox.like(env.env, macros, lambda refused, source: _page_error(
            env, env.baocao_context, refused, _source_line(env.page, source, refused.line), refused.key))


def _source_line(page, source: str, line: int | None) -> int | None:
    """The line of the page's file (front matter included) of `line` in the text being rendered."""
    path = page.file.abs_src_path
    text = Path(path).read_text(encoding="utf-8-sig") if path else ""
    if line and text.endswith(source):          # the page itself: MkDocs took off the front matter
        return text[:len(text) - len(source)].count("\n") + line
    lines = source.split("\n")
    wanted = lines[line - 1].strip() if line and 0 < line <= len(lines) else ""
    return _line_of(page, wanted) if wanted else None


def _line_of(page, needle: str) -> int | None:
    """The first line of the page's source (front matter included, as the editor sees it) that names `needle`."""
    path = page.file.abs_src_path
    source = Path(path).read_text(encoding="utf-8-sig").split("\n") if path else []
    for wanted in (f'"{needle}"', f"'{needle}'", needle):
        for no, text_line in enumerate(source, 1):
            if wanted in text_line:
                return no
    return None


def on_post_page_macros(env):
    """While previewing, data errors show at the top of every page instead of stopping the server."""
    errors = env.variables.get("data_errors")
    if errors and serving():
        env.markdown = render("data_errors.html", errors=[str(e) for e in errors]) + "\n\n" + env.markdown


def _message_only(error, markdown, page) -> str:
    """What mkdocs-macros logs for a failed page, and shows as the page under `mkdocs serve`: the page-and-line
    message, never a traceback (as inert text in the preview: the message quotes the page)."""
    return render("page_error.html", message=str(error)) if serving() else str(error)


def _register_message_only() -> None:
    from mkdocs_macros.errors import format_error
    format_error.register(PageError, _message_only)


_register_message_only()


def _stop(message: str):
    from mkdocs.exceptions import PluginError
    raise PluginError(message)


def _preview_not_strict() -> None:
    """Under `mkdocs serve` only: drop the warning counter that MkDocs' strict mode adds for this build (it is
    added again at each rebuild, before plugins run). Builds stay strict."""
    from mkdocs.utils import CountHandler
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)
