"""The adapter to mkdocs-macros: it loads the build's context once, runs the pre-flight (`check`'s list), and renders
each page with the guarded page macros (site/render.py). Nothing here computes a figure or writes HTML.

No Python traceback reaches an editor: an error before the pages (data, a typed figure, a page's syntax) stops the
build with the list `check` prints; a page whose macros fail stops it with that page's errors; under `mkdocs serve`
both show in the red box at the top of the page and the rest of the page stays readable. MkDocs prints these as
ERROR records, so a quiet build (`-q`) prints them too.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .. import chars, data, stamp
from ..cache import for_project
from ..errors import DataError, fault_text, format_errors
from ..html.document import draft_label
from ..html.markup import render
from ..sources.pages import split_front_matter
from . import incremental
from .context import make_context, serving
from .preflight import site_errors
from .page_macros import MACROS
from .render import Renderer, page_environment
from .sandbox import PageSandbox

log = logging.getLogger("mkdocs.plugins.baocao")
STATE = "_baocao"   # the plugin object's attribute holding this build's state


class _State:
    def __init__(self, renderer, errors, broken):
        self.renderer, self.errors, self.broken = renderer, errors, broken


def without_git_info() -> None:
    """mkdocs-macros runs `git` twelve times at every build, for its `git` variable (commit, tag, author…), whether
    a page reads it or not (≈30–60 ms a build, and again at every `mkdocs serve` rebuild). No page can read it: a
    page may call the report's macros and nothing else (site/sandbox.py). So it gets mkdocs-macros' own answer for a
    folder that is not a git checkout, without the twelve processes. Called at startup, before mkdocs-macros loads
    its context; with a mkdocs-macros that has no such function, nothing changes."""
    from mkdocs_macros import context as macros_context
    if callable(getattr(macros_context, "get_git_info", None)):
        macros_context.get_git_info = lambda: {"status": False, "date": None}


def define_env(env):
    root, is_serving = Path(env.project_dir), serving()
    env.config["on_error_fail"] = not is_serving   # a preview keeps running and shows the error in the page
    if is_serving:
        _preview_not_strict()
    try:
        ds = incremental.load(root, data.load) if incremental.enabled() else data.load(root)
        ctx = make_context(root, Path(env.conf["docs_dir"]), ds, env.conf.get("nav"), is_serving,
                           *((incremental.SERVE.read_page, incremental.SERVE.keep) if incremental.enabled() else ()))
        if incremental.enabled():
            incremental.key_years(ctx)
        errors, broken = site_errors(ctx, Path(env.conf["config_file_path"]), page_environment(),
                                     keep=incremental.SERVE.keep if incremental.enabled() else None)
        renderer = Renderer(ctx, None, lambda: env.page)   # Jinja environment: set per page (made after this hook)
        if incremental.enabled():
            incremental.watch_years(ctx)   # mkdocs serve: which years each page reads (site/incremental.py)
    except Exception as exc:   # a fault of ours: a message, never a traceback
        _stop(_fault("define_env", exc))
    for name, function in renderer.functions.items():
        env.macro(function, name)
    setattr(env, STATE, _State(renderer, errors, broken))
    if errors and not is_serving:
        _stop(format_errors(errors))


def on_pre_page_macros(env):
    """Render the page ourselves (mkdocs-macros is told the page is rendered: `render_macros: false` on its copy of
    the page), so a failure is an error naming page, line and key, never a traceback."""
    state = getattr(env, STATE, None)
    if state is None:
        return
    page, renderer = env.page, state.renderer
    page.meta = chars.canonical_tree(page.meta or {})   # the page as check reads it (sources/pages.py read_page)
    env.markdown = chars.page_text(env.markdown)
    meta = dict(page.meta)
    env.variables["page"].meta = {**meta, "render_macros": False}   # mkdocs-macros' copy of the page only
    src = page.file.src_uri
    if meta.get("render_macros") is False:
        if incremental.enabled() and src in incremental.SERVE.texts:   # shown as written: made from its file alone
            incremental.SERVE.keep_markdown(state.renderer.ctx, src, state.errors, set(), env.markdown)
        return
    errors = []
    if src not in state.broken:
        if not isinstance(env.env, PageSandbox):   # the pages' Jinja: the report's macros and nothing else
            env._env = PageSandbox.like(env.env, {name: env.macros[name] for name in MACROS},
                                        lambda refused, source: refused)   # a LookupFailed: the renderer places it
            env._env.bytecode_cache = for_project(env.project_dir).jinja(env._env)   # pages compiled once
        renderer.env = env.env
        renderer.variables = {k: v for k, v in env.variables.items() if k != "page"}
        markdown, errors = incremental.render_page(renderer, src, env.markdown, meta, state.errors) \
            if incremental.enabled() else renderer.render_page(src, env.markdown, meta)
        env.markdown = markdown
    if errors and not serving():
        _stop(format_errors(errors))
    if src in state.broken and incremental.enabled():
        incremental.SERVE.forget(src)
    shown = state.errors + errors
    if shown:
        box = render("data_errors.html", errors=[str(e) for e in shown[:50]], more=len(shown) - 50)
        env.markdown = f"{box}\n\n{env.markdown}"   # plain text join: Markup + str would escape the page


def on_post_page_macros(env):
    """A page whose first heading holds a macro ('# Báo cáo năm {{ report_year() }}': the system pages) is titled by
    that heading as rendered — in the browser tab, the nav and the footer's previous/next links. mkdocs-macros sets
    the title to its own rendering of the heading, which is the template as written, since the page is rendered here
    (`render_macros: false` on its copy); that setting is taken back, so MkDocs reads the title from the rendered
    page. A front-matter title is never a template: it shows as written."""
    from mkdocs.utils import get_markdown_title
    page = env.page
    title = vars(page).get("title")
    if title and "{{" in str(title) and "title" not in page.meta \
            and title == get_markdown_title(split_front_matter(page.file.content_string)[1]):
        del page.title


def presented_year(plugin) -> int | None:
    """The year the site presents, from this build's state on the mkdocs-macros plugin (None before define_env)."""
    state = getattr(plugin, STATE, None)
    return state.renderer.ctx.presented if state is not None else None


def build_dataset(plugin):
    """This build's Dataset (None before define_env)."""
    state = getattr(plugin, STATE, None)
    return state.renderer.ctx.ds if state is not None else None


def stamped(plugin, output: str, page) -> str:
    """A built page with the stamp (revision, build date, the state of the page's year: macros/stamp.py) in place of
    its marks: the footer, the figures page, a draft's or review copy's first lines. page=None (404.html): no state."""
    found = stamp_of(plugin, page)
    return output if found is None else stamp.fill(output, *found)


def stamp_of(plugin, page) -> tuple | None:
    """(the build's stamp, whether the page's year is a draft, what that draft calls itself) for `stamped`; None
    before define_env."""
    state = getattr(plugin, STATE, None)
    if state is None:
        return None
    ctx = state.renderer.ctx
    year = ctx.year_of(page.file.src_uri, page.meta) if page is not None and not ctx.ds.errors else None
    draft = ctx.drafts.get(year)
    return ctx.stamp, draft, draft_label(ctx.ds.years[year].report) if draft else None


def build_state(plugin) -> tuple:
    """(this build's SiteContext, the errors found before any page) — (None, []) before define_env."""
    state = getattr(plugin, STATE, None)
    return (state.renderer.ctx, state.errors) if state is not None else (None, [])


def _fault(where: str, exc: Exception) -> str:
    return str(DataError("macros/", None, None, where, f"Lỗi chương trình khi chuẩn bị trang: {fault_text(exc)}.",
                         f"Internal error while preparing the site: {fault_text(exc)}.",
                         "Chạy python -m macros check; nếu lệnh đó không báo lỗi, báo cho nhóm kỹ thuật."))


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
