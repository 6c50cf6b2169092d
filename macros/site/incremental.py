"""`mkdocs serve`: a saved file costs what it changes, not what the site costs.

MkDocs builds every page again at every save; at ten years that is ten times the pages an edit to one year's data
can change. Under `mkdocs serve` only (never `mkdocs build`, `pdf`, `publish`), each page's work is kept in memory
between rebuilds, stage by stage, under a digest of everything that stage is made from:

1. its macros (site/plugin.py): the page's text and front matter, the site (`site_key`), every page's text, the nav
   and the presented year (`SiteContext.sources_digest`), the site's data errors, and the data of each year the
   page read the last time it was rendered (`YearsRead`, site/years_read.py, records them as the macros run) -> its
   Markdown;
2. Markdown to HTML (MkDocs' `Page.render`): that Markdown, the site -> the page's HTML, table of contents, title
   and anchors;
3. the theme and the search index: the page's final HTML (after the whole report is assembled and the preview's
   boxes are added), its title, table of contents, front matter and address, the nav (every page's title and
   address), the site -> the page as the theme writes it, and its search entries;
4. the safety check of the page as written (html/page_safety.py) -> its problems.

A stage whose digest is unchanged hands back what it made last time; anything else is made as in a full build.
So an edit to one year's data renders again the pages that read that year (its own pages, the next year's, which
compare with it, and the home page), and of those only the ones whose Markdown changed go through Markdown, theme
and check again. A page whose macros failed is never kept. Each year's data and each year's print comparison are
kept too, while the year's files are unchanged (`keep`).

What every rebuild reads of the whole site is read only where it changed, so that a save at ten years costs about
what it costs at one: a page's file is read again only when its size or times changed (`read_page`), each page's
pre-flight (site/preflight.py) is kept under its text, what the context makes from every page (figure uses, the
citing calls, the titles, the draft marks, the sources' digest) under the pages themselves, the search's JSON and
word forms page by page (site/kept_search.py), a file of the built folder's safety check under its bytes; the
review copy's lists under their year's comparison. mkdocs.yml, as MkDocs and the checks read it, is kept under its
bytes (site/preview.py, config_policy.py).

`mkdocs serve --dirty` (the README's command) goes one step further: MkDocs then leaves the built folder in place
between rebuilds and asks each page whether it changed (`File.is_modified`). A page whose macros' inputs are
unchanged answers no: MkDocs does not read, render or write it at all; its HTML, title, table of contents and
anchors are put back for the pages that use them (the whole report, the print's comparison, the nav), and if its
theme output or what is added to it (stamp, anchor errors) would now differ, it is written after all. The search
index is put together in the site's order from every page's entries. Without --dirty every page goes through
the cheap stages above, and the result is the same. tests/test_serve_incremental.py holds every page and the
search index served after edits to what a full rebuild gives.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import digest
from ..data.files import year_digest
from .kept_search import KeptSearch
from .search_forms import FormCounts
from .years_read import YearsRead

KEPT_TEMPLATE = "baocao-kept-page.html"   # an empty theme template: the page's HTML is taken from the last build
WATCHED = ("macros", "overrides")          # code and templates: any change makes every page again


@dataclass
class _Page:
    macros_key: str = ""
    markdown: str = ""
    years: frozenset = frozenset()
    meta: dict = field(default_factory=dict)
    rendered_markdown: str = ""   # what MkDocs turned into HTML (the macros' Markdown and the page's error box)
    render_key: str = ""
    rendered: tuple = ()          # content, toc, title from the render, anchor ids, links to anchors (by src)
    theme_key: str = ""
    content: str = ""             # the HTML the theme was given (compared as text: most often the very same string)
    output: str = ""
    search: list = field(default_factory=list)
    search_json: tuple = (None, "")   # (the entries, as JSON): `_entries_json`
    toc: tuple = (None, "")           # (the table of contents, as text for the theme key)
    written: str = ""             # the theme key and what was added to its output: the page as written
    problems: list = field(default_factory=list)   # of the page as written (html/page_safety.py)


class Incremental(KeptSearch):
    """The kept work of one `mkdocs serve` process (kept on the hooks module between rebuilds)."""

    def __init__(self):
        self.pages: dict[str, _Page] = {}
        self.problems: dict[str, list] = {}
        self.kept: dict = {}          # keep(): name -> (the parts, what was made from them)
        self.site = self.nav = ""
        self.texts: dict = {}         # {src: the page's text}, as this rebuild read it (SiteContext.texts)
        self.digests: dict = {}
        self.files: dict = {}         # a file -> (its size and times, the digest of its bytes)
        self.sources: dict = {}       # a page's file (path, src, origin) -> (its size and times, the page read)
        self.read: set = set()        # the pages' files read at this rebuild
        self.listings: dict = {}      # a folder of the built site -> (its time, its folders, its files, to enter)
        self.shared = ("", "", None, "")   # macros_key: (site, sources' digest, errors, their digest)
        self.template_hits: set = set()
        self.dirty = False            # mkdocs serve --dirty: MkDocs skips the pages that say they are unchanged
        self.downloads: dict = {}     # --dirty: the figures' downloads in the built folder, by their key
        self.skipped: set = set()     # this rebuild's pages MkDocs neither renders nor writes
        self.searched = None          # --dirty: (the index's separator, {src: the page's search entries}) of this rebuild
        self.forms = FormCounts()     # --dirty: the search's word forms, counted page by page
        self.writing: dict = {}       # src -> the key of the page as it is about to be written
        self.counts = {"macros": 0, "render": 0, "theme": 0}   # pages made again at the last rebuild

    # ------------------------------------------------------------------ the build
    def start(self, root: Path, config_file: str, files, ctx, errors) -> None:
        """A new rebuild (on_files): the site's key (mkdocs.yml, code and templates, the files and their
        addresses); under --dirty, the pages whose macros' inputs are unchanged are not made again by MkDocs."""
        root = Path(root)
        stats = [(str(p.relative_to(root)), p.stat().st_mtime_ns, p.stat().st_size)
                 for folder in WATCHED for p in sorted((root / folder).rglob("*"))
                 if p.is_file() and "__pycache__" not in p.parts]
        self.site = digest(Path(config_file).read_bytes(), repr(stats),
                           repr([(f.src_uri, f.url) for f in files]))
        self.template_hits, self.skipped, self.writing, self.searched = set(), set(), {}, None
        self.counts = {"macros": 0, "render": 0, "theme": 0}
        self.texts = ctx.texts if ctx is not None else {}
        if not self.dirty or ctx is None:
            return
        for f in files.documentation_pages():
            kept = self.pages.get(f.src_uri)
            if kept and kept.written and kept.rendered and f.src_uri in self.texts and \
                    kept.macros_key == self.macros_key(ctx, f.src_uri, errors):
                self.skipped.add(f.src_uri)
            f.is_modified = lambda src=f.src_uri: src not in self.skipped

    def rewrite_all(self) -> None:
        """The built pages were changed outside a rebuild (site/preview.py puts an error box in them): the next
        rebuild writes every page again."""
        for kept in self.pages.values():
            kept.written = ""

    def restore(self, pages) -> None:
        """The pages MkDocs skipped, as they were rendered (on_env, before anything reads them)."""
        for page in pages:
            if page.file.src_uri in self.skipped:
                kept = self.pages[page.file.src_uri]
                page.meta = dict(kept.meta)
                page.markdown = kept.rendered_markdown
                content, toc, title, anchors, _ = kept.rendered
                page.content, page.toc, page._title_from_render = content, toc, title
                page.present_anchor_ids = set(anchors)

    def begin(self) -> None:
        """A rebuild starts (define_env): its data is read again."""
        self.digests, self.read = {}, set()

    def year_digest(self, root, year) -> str:
        """files.year_digest, once per rebuild; a data file is read again only when its size or time changed."""
        if year not in self.digests:
            self.digests[year] = year_digest(Path(root), year, self.file_digest)
        return self.digests[year]

    def file_digest(self, path: Path, info=None) -> str:
        """The digest of a file's bytes, kept under its size and times (info: its os.stat_result, when read
        already): MkDocs' watcher notices a save by the same signs (a save that changes none of them is not rebuilt
        by MkDocs either)."""
        info = info or path.stat()
        signs = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        kept = self.files.get(path)
        if kept is None or kept[0] != signs:
            kept = self.files[path] = (signs, digest(path.read_bytes()))
        return kept[1]

    def read_page(self, docs_dir: Path, path: Path, src: str | None = None, origin: str = ""):
        """sources/pages.py read_page, or the page read at an earlier rebuild while its file has the same size and
        times (the signs MkDocs' watcher goes by)."""
        from ..sources.pages import read_page
        info = path.stat()
        signs = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        key = (path, src, origin)
        self.read.add(key)
        kept = self.sources.get(key)
        if kept is None or kept[0] != signs:
            kept = self.sources[key] = (signs, read_page(docs_dir, path, src, origin))
        return kept[1]

    # ------------------------------------------------------------------ 1. macros
    def macros_key(self, ctx, src: str, errors) -> str:
        """What a page's macros are made from: its file (front matter and Markdown, in the digest of every page's
        text, the nav and the presented year: `sources_digest`), the site, the site's errors, and the data of the
        years it read the last time. What every page shares is digested once a rebuild."""
        if self.shared[:2] != (self.site, ctx.sources_digest) or self.shared[2] is not errors:
            self.shared = (self.site, ctx.sources_digest, errors,
                           digest(self.site, ctx.sources_digest, repr([str(e) for e in errors])))
        kept = self.pages.get(src)
        years = kept.years if kept else frozenset()
        return digest(self.shared[3], src, *(f"{y}:{self.year_digest(ctx.root, y) if y in ctx.ds.years.years else None}"
                                             for y in sorted(years)))

    def markdown(self, src: str, key: str) -> str | None:
        kept = self.pages.get(src)
        return kept.markdown if kept is not None and kept.macros_key == key else None

    def keep_markdown(self, ctx, src: str, errors, years: set, out: str) -> None:
        kept = self.pages.setdefault(src, _Page())
        kept.years = frozenset(years)
        kept.macros_key, kept.markdown = self.macros_key(ctx, src, errors), out
        self.counts["macros"] += 1

    def forget(self, src: str) -> None:
        """A page whose macros failed: rendered again next time (its later stages are keyed by their own input)."""
        if src in self.pages:
            self.pages[src].macros_key = ""

    # ------------------------------------------------------------------ 2. Markdown to HTML
    def before_render(self, page, files) -> None:
        """The page's HTML from the last build when its Markdown is the same (MkDocs' render is skipped for this
        page), else the render as usual, kept."""
        kept = self.pages.setdefault(page.file.src_uri, _Page())
        kept.meta, kept.rendered_markdown = dict(page.meta), page.markdown
        key = digest(self.site, page.markdown)
        if kept.render_key == key and kept.rendered:
            content, toc, title, anchors, links = kept.rendered

            def restore(config, files_=files):
                page.content, page.toc, page._title_from_render = content, toc, title
                page.present_anchor_ids = set(anchors)
                page.links_to_anchors = {f: dict(v) for s, v in links.items()
                                         if (f := files_.get_file_from_path(s)) is not None} if links else links
            page.render = restore
            return
        render = page.render

        def render_and_keep(config, files_):
            render(config, files_)
            links = page.links_to_anchors
            kept.render_key = key
            kept.rendered = (page.content, page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()),
                             {f.src_uri: dict(v) for f, v in links.items()} if links else links)
            self.counts["render"] += 1
        page.render = render_and_keep

    # ------------------------------------------------------------------ 3. theme and search
    def before_theme(self, pages, nav, env, presented, added) -> None:
        """After every page is rendered and assembled (on_env): the pages whose theme output can be taken from the
        last build are given the empty template; added(page): what is added to a page's theme output (its stamp,
        its anchor errors). A page MkDocs skipped stays skipped only if it would be written as it was."""
        from jinja2 import ChoiceLoader, DictLoader
        self.nav = digest(repr(_nav_items(nav.items)), presented)
        env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])
        for page in pages:
            src = page.file.src_uri
            kept = self.pages.setdefault(src, _Page())
            key = self._theme_key(page, kept)
            self.writing[src] = digest(key, added(page))
            if src in self.skipped:
                if kept.written == self.writing[src] and kept.content == page.content:
                    continue
                self.skipped.discard(src)   # MkDocs writes it after all (File.is_modified asks again)
            if kept.theme_key == key and kept.content == page.content and kept.output:
                page.meta["template"] = KEPT_TEMPLATE
                page.content = ""   # read by nothing after this but the theme and the search index, both kept
                self.template_hits.add(page.file.src_uri)
            else:
                kept.theme_key, kept.content, kept.output, kept.search = key, page.content, "", []

    def _theme_key(self, page, kept: _Page) -> str:
        if kept.toc[0] is not page.toc:   # a page not rendered again has the very same table of contents
            kept.toc = (page.toc, repr(_toc_items(page.toc)))
        return digest(self.site, self.nav, page.url, kept.toc[1], page.title, repr(sorted(page.meta.items(), key=str)))

    def theme_output(self, page, output: str) -> str:
        """The page as the theme writes it: kept from the last build, or this build's, now kept."""
        src = page.file.src_uri
        kept = self.pages.get(src)
        if kept is not None:
            kept.written = self.writing.get(src, "")
        if src in self.template_hits:
            page.meta.pop("template", None)
            return kept.output
        if kept is not None:
            kept.output = output
            self.counts["theme"] += 1
        return output

    def keep(self, name, parts: tuple, make):
        """make(), or what it made under this name the last time, when made from the same parts (a year's data, its
        figure uses, its print compared, a whole report assembled). The parts are compared as they are: the long
        texts a rebuild hands again are most often the very same strings, compared at once."""
        kept = self.kept.get(name)
        if kept is None or kept[0] != parts:
            kept = self.kept[name] = (parts, make())
        return kept[1]

    # ------------------------------------------------------------------ 4. the page as written
    def page_problems(self, dest_uri: str, output: str, check):
        key = digest(output)
        if key not in self.problems:
            self.problems[key] = check(output)
        return self.problems[key]

    def file_problems(self, rel: str, path: Path, check):
        """What the check of a file of the built folder found, kept under its bytes (read again only when its size
        or times changed: the sitemap, 404.html and the search's script are written at every rebuild, most often
        the same)."""
        key = digest("file", path, self.file_digest(path))
        if key not in self.problems:
            self.problems[key] = check(path)
        return self.problems[key]

    def walk(self, top: str):
        """os.walk(top) (links to folders listed, not entered), each folder listed again only when its time changed
        (a file added, removed or renamed in it changes it): the built folder has a folder for each page."""
        todo = [top]
        while todo:
            folder = todo.pop()
            try:
                info = os.stat(folder)
            except OSError:   # gone meanwhile: os.walk passes over it too
                continue
            kept = self.listings.get(folder)
            if kept is None or kept[0] != (info.st_mtime_ns, info.st_ino):
                dirs, names = [], []
                with os.scandir(folder) as entries:
                    for entry in entries:
                        (dirs if entry.is_dir() else names).append((entry.name, entry.is_symlink()))
                kept = self.listings[folder] = ((info.st_mtime_ns, info.st_ino), [d for d, _ in dirs],
                                                [n for n, _ in names], [d for d, link in dirs if not link])
            yield folder, kept[1], kept[2]
            todo.extend(os.path.join(folder, d) for d in reversed(kept[3]))

    def keep_problems(self, src: str, problems: list) -> None:
        if src in self.pages:
            self.pages[src].problems = list(problems)

    def skipped_pages(self, files) -> list:
        """[(file, problems)] of the pages MkDocs did not write this time (their file is the last one written)."""
        return [(f, self.pages[f.src_uri].problems) for f in files.documentation_pages() if f.src_uri in self.skipped]

    def finish(self, srcs) -> None:
        """Pages no longer in the site, and checks of pages no longer written, are forgotten."""
        for src in set(self.pages) - set(srcs):
            del self.pages[src]
        for key in set(self.sources) - self.read:   # pages no longer in the site
            del self.sources[key]
        if len(self.problems) > 4 * max(len(self.pages), 1):
            self.problems.clear()


def _toc_items(items) -> list:
    return [(i.title, i.id, i.level, _toc_items(i.children)) for i in items or ()]


def _nav_items(items) -> list:
    return [(type(i).__name__, i.title, getattr(i, "url", None), _nav_items(getattr(i, "children", None) or []))
            for i in items]


def enabled() -> bool:
    """Kept work under `mkdocs serve` only; BAOCAO_SERVE_FULL=1 makes every page again at every save."""
    from .context import serving
    return serving() and not os.environ.get("BAOCAO_SERVE_FULL")


SERVE = Incremental()   # the one `mkdocs serve` process's kept work


def load(root, load_data):
    """mkdocs serve: a rebuild starts; the data loaded, each unchanged year as it was (data/load.py `keep`)."""
    from ..cache import keep_in_memory
    keep_in_memory()
    SERVE.begin()
    return load_data(root, keep=SERVE.keep, year_key=lambda year: SERVE.year_digest(root, year))


def render_page(renderer, src: str, markdown: str, meta: dict, site_errors) -> tuple:
    """renderer.render_page, or the page's Markdown from the last rebuild when nothing it was made from changed;
    the years it reads are recorded for the next time."""
    ctx = renderer.ctx
    if src not in SERVE.texts:   # not a page of this rebuild's context: made, never kept
        return renderer.render_page(src, markdown, meta)
    out = SERVE.markdown(src, SERVE.macros_key(ctx, src, site_errors))
    if out is not None:
        return out, []
    years = ctx.ds.years
    years.read = set()
    try:
        out, errors = renderer.render_page(src, markdown, meta)
    finally:
        read, years.read = years.read, None
    if errors:
        SERVE.forget(src)
    else:
        SERVE.keep_markdown(ctx, src, site_errors, read, out)
    return out, errors


def key_years(ctx) -> None:
    """The context's digest of each year's data (the appendix pages' keys, site/kept.py; what each year cannot show,
    html/showable.py) from this rebuild's digests: a data file is read again only when it changed."""
    if ctx.cache:
        ctx.__dict__["data_digests"] = {year: SERVE.year_digest(ctx.root, year) for year in ctx.ds.years}


def watch_years(ctx) -> None:
    """The context's years recorded as the macros read them; what every page shares is worked out first, outside
    any page (site/context.py: made once per build from every page and every year), and what is made from the
    pages alone is kept while they are the same (Page objects compare by their text, front matter and path)."""
    from ..html.uses import figure_calls, figure_uses
    years, pages = ctx.ds.years, ctx.pages
    same = (pages, ctx.nav, tuple(years), ctx.presented)
    for name in ("sources_digest", "titles", "citing_calls"):
        ctx.__dict__[name] = SERVE.keep(("context", name), same, lambda name=name: getattr(ctx, name))
    shown = SERVE.keep(("context", "figure calls"), same, lambda: figure_calls(pages, years, ctx.presented))
    ctx.__dict__["uses"] = figure_uses(pages, years, ctx.presented, lambda year, shown, make: SERVE.keep(
        ("uses", year), (shown, SERVE.year_digest(ctx.root, year) if year in years else ""), make), shown)
    for name in ("drafts", "data_digests"):
        getattr(ctx, name)
    ctx.ds.years = YearsRead(ctx.ds.years)
