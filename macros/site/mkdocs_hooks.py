"""MkDocs hooks (mkdocs.yml `hooks:`), for what mkdocs-macros has no event for. Wiring only.

- on_startup: remember whether this is `mkdocs serve` (site/context.py reads it), so data errors show in the page
  instead of stopping the preview server; mkdocs-macros' `git` variable, which no page can read, made without
  running `git` (site/plugin.py);
- on_files: the system pages (cover, dashboard, appendices…: sources/system.py) join the build, one template each,
  for every year whose nav lists them; their "edit" button opens the template;
- on_env: the theme's compiled templates kept in the project's cache; the printed report compared with its signed
  text (site/fidelity.py); the whole-report page filled with the sections' HTML (site/whole_report.py), now that
  every page is rendered, and the review copy's list of differences; links to a '#anchor' a page does not
  have stop the build with `check`'s message (site/links.py; under serve: in the page's red box);
- on_page_context / on_post_page: a page outside every year shows the presented year open in the sidebar
  (site/sidebar.py); on_post_page (and on_post_template for 404.html): the stamp (revision, build date, draft or
  final: macros/stamp.py) in its marks;
- on_serve: the watched folders polled every 0.1 s (site/preview.py), so a saved file shows sooner, and not while
  a rebuild runs; a rebuild that fails before any plugin runs (a tab in mkdocs.yml) gives `check`'s message in the
  log and the pages' red box, never a traceback, and the next save rebuilds; what the server holds after its first
  build is left out of later garbage collections;
- under `mkdocs serve` only, on_startup keeps mkdocs.yml as MkDocs reads it and on_config the theme's file list
  between rebuilds while they are unchanged (site/preview.py); a rebuild
  makes again only what the save changed (site/incremental.py): on_files keys
  the site, on_nav keeps the nav, on_page_markdown takes an unchanged page's HTML from the last rebuild, on_env
  gives a page whose theme output is unchanged an empty template and its kept search entries, on_post_page puts
  its kept output back;
- on_post_page / on_post_build: every page as written, then the rest of the built folder, checked for HTML that
  runs and for fetches from outside the site (html/page_safety.py; each check kept in the project's cache under the
  file's bytes, page_safety.kept_checks); the strict build stops on any; each page's
  Content-Security-Policy names its theme scripts' digests (page_safety.pin_scripts);
- on_post_build: accent-insensitive search — site/search.py appends assets/search-fold.js to Material's lunr.vi;
  a 404.html that works from any sub-folder (site/not_found.py); each year's figures as downloads beside its
  figures page, <year>/so-lieu-<year>.xlsx and .csv (site/downloads.py).
MkDocs loads this file by path, so the project folder is put on sys.path to import the package.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

_PROJECT = str(Path(__file__).resolve().parents[2])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from macros import cache, chars  # noqa: E402  (after the path above)
from macros.errors import format_errors  # noqa: E402
from macros.html import page_safety  # noqa: E402
from macros.site import context, downloads, fidelity, incremental, links, not_found, preview, search, sidebar  # noqa: E402,E501
from macros.site import whole_report  # noqa: E402
from macros.site.plugin import build_dataset, build_state, presented_year, stamp_of, stamped, without_git_info  # noqa: E402,E501
from macros.sources import system  # noqa: E402


log = logging.getLogger("mkdocs.plugins.baocao")


def on_startup(command, dirty):
    os.environ[context.SERVE_ENV] = command
    without_git_info()   # no `git` processes for a variable no page can read (site/plugin.py)
    incremental.SERVE.dirty = bool(dirty) and command == "serve"
    if incremental.enabled():   # mkdocs.yml read once while its bytes are the same (site/preview.py)
        preview.keep_config_file(incremental.SERVE.keep)
    if incremental.SERVE.dirty:   # its kept work keeps the nav and the links right (site/incremental.py)
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not str(record.msg).startswith("A 'dirty' build is being performed"))


def on_config(config):
    for name in ("nav", "site_name", "site_description", "site_author", "copyright"):   # as published: one spelling
        config[name] = chars.canonical_tree(config[name])   # of every letter, as check reads them (NFC, đ)
    if incremental.enabled():   # mkdocs serve: the theme's files listed once, not at every rebuild
        preview.keep_theme_files(config.theme, Path(config["config_file_path"]).parent, incremental.SERVE.keep)
    return config


def _cache(config) -> cache.Cache:
    return cache.for_project(Path(config["config_file_path"]).parent)


def on_env(env, config, files):
    """The theme's templates compiled once and kept (macros/cache.py), not compiled again at every build; the
    whole-report page gets its sections' HTML."""
    env.bytecode_cache = _cache(config).jinja(env)
    pages = [f.page for f in files.documentation_pages()]   # every page is rendered by now
    if incremental.enabled():
        incremental.SERVE.restore(pages)   # mkdocs serve --dirty: the pages MkDocs skipped, as rendered before
    review_lists = fidelity.on_env(pages, config.plugins.get("macros"),   # the print against its signed text
                                   incremental.SERVE if incremental.enabled() else None)
    whole_report.fill(pages, incremental.SERVE.keep if incremental.enabled() else None)
    review_lists()
    ctx = build_state(config.plugins.get("macros"))[0]
    errors = links.page_anchor_errors(files, ctx and ctx.texts)
    if errors and not context.serving():
        from mkdocs.exceptions import PluginError
        raise PluginError(format_errors(errors))
    _ANCHORS[:] = errors
    if incremental.enabled():   # mkdocs serve: pages whose theme output is unchanged are not written again
        plugin = config.plugins.get("macros")
        incremental.SERVE.before_theme(pages, _NAV[0], env, presented_year(plugin), lambda page: (
            repr(stamp_of(plugin, page)), [str(e) for e in errors if e.file == f"docs/{page.file.src_uri}"]))
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is not None:
            incremental.SERVE.search_entries(index, files)
    return env


_NAV = [None, None]   # this build's nav and files (on_nav)


def on_nav(nav, config, files):
    _NAV[:] = [nav, files]
    return nav


def on_page_markdown(markdown, page, config, files):
    """mkdocs serve: a page whose Markdown is unchanged takes its HTML from the last rebuild (site/incremental.py)."""
    if incremental.enabled():
        page.markdown = markdown
        incremental.SERVE.before_render(page, files)
    return markdown


def on_files(files, config):
    from mkdocs.structure.files import File, Files, file_sort_key
    docs_dir = Path(config["docs_dir"])
    for src, template in system.system_sources(docs_dir, config["nav"]).items():
        page = File.generated(config, src, abs_src_path=str(template))
        page.edit_uri = os.path.relpath(template, docs_dir).replace(os.sep, "/")   # the template, in the repository
        files.append(page)
    files = Files(sorted(files, key=file_sort_key))   # in the order MkDocs reads docs/ (the search index keeps it)
    if incremental.enabled():
        incremental.SERVE.start(Path(config["config_file_path"]).parent, config["config_file_path"], files,
                                *build_state(config.plugins.get("macros")))
    return files


_ANCHORS = []  # under `mkdocs serve`: links to a missing '#anchor', shown in their page's box (site/links.py)
_OPENED = []   # the year section opened for the page being rendered (site/sidebar.py)


def on_page_context(context, page, config, nav):
    """A page outside every year shows the presented year's sections in the sidebar (site/sidebar.py)."""
    section = sidebar.section_to_open(nav.items, presented_year(config.plugins.get("macros")))
    if section is not None:
        section.active = True
        _OPENED.append(section)
    return context


_CHECK = []    # this build's page_safety.BuildCheck


def on_pre_build(config):
    kept = incremental.SERVE if incremental.enabled() else None   # mkdocs serve: in memory; else the project's cache
    memos = (kept.page_problems, kept.file_problems) if kept else page_safety.kept_checks(_cache(config))
    _CHECK[:] = [page_safety.BuildCheck(Path(config["config_file_path"]).parent, *memos,
                                        **({"walk": kept.walk} if kept else {}))]


def on_post_page(output, page, config):
    while _OPENED:
        _OPENED.pop().active = False
    if incremental.enabled():
        output = incremental.SERVE.theme_output(page, output)
    output = links.boxed(output, [e for e in _ANCHORS if e.file == f"docs/{page.file.src_uri}"])
    output = stamped(config.plugins.get("macros"), output, page)   # revision, build date, draft: macros/stamp.py
    problems = _CHECK[0].page(output, page.file.abs_src_path, page.file.src_uri, page.file.dest_uri)
    if incremental.enabled():
        incremental.SERVE.keep_problems(page.file.src_uri, problems)
    return page_safety.without_policy(output) if _from_disk(config) else page_safety.pin_scripts(output)


def _from_disk(config) -> bool:
    """The preview build (BAOCAO_OFFLINE=true: Material's offline plugin on), opened from disk, not served."""
    offline = config.plugins.get("material/offline")
    return bool(offline and offline.config.enabled)


def on_post_template(output_content, template_name, config):
    """404.html (a theme template, not a page): its footer stamped too, without a year's state."""
    return stamped(config.plugins.get("macros"), output_content, None) if template_name == "404.html" \
        else output_content


def on_serve(server, config, builder):
    preview.poll_sooner(server)   # a saved file noticed within 0.1 s, not 0.5 s
    preview.guard_rebuilds(server, config["config_file_path"], config["site_dir"])
    preview.no_polls_while_building(server)   # a save during a build is found by the first poll after it
    preview.leave_out_of_collections()   # after the first build: what the server holds for good
    return server


def on_post_build(config):
    from mkdocs.exceptions import PluginError
    if incremental.enabled():   # mkdocs serve --dirty: the pages MkDocs did not write this time
        for f, problems in incremental.SERVE.skipped_pages(_NAV[1]):
            _CHECK[0].known(problems, f.abs_src_path, f.src_uri, f.dest_uri)   # as checked when written
    try:
        search.install_search_fold(Path(config["site_dir"]), _cache(config),
                                   incremental.SERVE.search_forms() if incremental.enabled() else None)
    except search.SearchFoldMissing as exc:
        raise PluginError(str(exc)) from None
    not_found.install_relocatable_404(Path(config["site_dir"]), config.get("site_url"))
    kept = incremental.SERVE if incremental.enabled() else None   # mkdocs serve: what the last rebuild wrote
    root = Path(config["config_file_path"]).parent
    downloads.write_downloads(Path(config["site_dir"]), build_dataset(config.plugins.get("macros")),
                              system.system_sources(Path(config["docs_dir"]), config["nav"]), _cache(config),
                              kept.downloads if kept and kept.dirty else None,
                              kept and (lambda year: kept.year_digest(root, year)))
    page = Path(config["site_dir"]) / "404.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        page.write_text(page_safety.without_policy(html) if _from_disk(config) else
                        page_safety.pin_scripts(html, not_found=True), encoding="utf-8")
    unsafe = _CHECK[0].finish(Path(config["site_dir"]), Path(config["docs_dir"]))
    if unsafe and not context.serving():
        raise PluginError(format_errors(unsafe))
    for error in unsafe:    # mkdocs serve: said, the preview goes on
        log.error(str(error))
    if incremental.enabled():
        incremental.SERVE.finish(f.src_uri for f in _NAV[1].documentation_pages())

