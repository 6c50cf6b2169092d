"""A revision as `diff` compares it (commands/diff.py): its data (derived figures included), which pages show each
figure and cite each document, the prose of the pages an editor writes with their macros run (the renderer `check`
uses), mkdocs.yml's nav and settings, and the pages' front matter."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import data as dataset
from .. import formats
from ..config_policy import read_config
from ..data.changes import FieldChange, FigureChange, figure_changes
from ..html.uses import figure_uses
from ..site.context import make_context
from ..site.render import rendered_pages
from ..sources import nav
from ..sources.calls import by_argument, calls
from ..sources.checks import config_nodes
from ..sources.system import all_pages


@dataclass
class Snapshot:
    label: str
    ds: dataset.Dataset
    uses: dict       # {global_key: [(src_path, line)]}
    titles: dict     # {src_path: page title}
    cited: dict = field(default_factory=dict)          # {(year, "doc" | "note", key): [(src_path, line)]}
    report_pages: dict = field(default_factory=dict)   # {year: [src_path]}: pages showing report.yml's facts
    prose: dict = field(default_factory=dict)          # {src_path: Markdown with macros run}: docs/ pages only
    menu: list = field(default_factory=list)           # mkdocs.yml's nav
    settings: dict = field(default_factory=dict)       # mkdocs.yml as plain data
    meta: dict = field(default_factory=dict)           # {src_path: front matter}: docs/ pages only
    blocks: dict = field(default_factory=dict)         # {(year, 'indicators_table("ttbcxb")'): [src_path]}


REPORT_MACROS = ("document_header", "signature", "report", "whole_report")
# the macros whose words stand in the page's prose (html/prose.py compares them there) or cited (`cited`); every other
# one writes a block (a table, a chart, the signature...) that the prose leaves out: its call is compared instead
IN_PROSE = ("fig", "tally", "doc", "note", "report_year", "unrevised", "unwritten", "indicators_sentence")


def snapshot(project: Path, label: str, cache=None) -> Snapshot:
    """A revision's data and pages; what the loader keeps goes into `cache` (the checkout's: revisions share most
    files, and a temporary folder's own cache would be thrown away)."""
    ds = dataset.load(project, cache)
    _, unreadable = config_nodes(project / "mkdocs.yml")   # read as {}, every nav entry would look added
    if unreadable:
        ds.errors = ds.errors + unreadable
    docs = project / "docs"
    settings = read_config(project / "mkdocs.yml")
    site_nav = settings.get("nav") or []
    pages = all_pages(docs, site_nav) if docs.is_dir() else []
    ok = not ds.errors
    ctx = make_context(project, docs, ds, site_nav, False) if ok and ds.years else None   # the pages' marks first:
    presented = ctx.presented if ctx else ds.presented()                                # they decide this year
    uses = figure_uses(pages, ds.years, presented) if ok else {}
    cited = by_argument(pages, ("doc", "note"), ds.years, presented) if ok else {}
    report_pages: dict = {}
    blocks: dict = {}
    own = {p.src for p in pages if not p.origin}
    for c in (calls(pages, ds.years, presented) if ok else []):
        if c.macro in REPORT_MACROS:
            report_pages.setdefault(c.year, []).append(c.src)
        if c.macro not in IN_PROSE and c.src in own:   # the pages an editor writes, not the system pages
            blocks.setdefault((c.year, f'{c.macro}("{c.arg}")' if c.arg else f"{c.macro}()"), []).append(c.src)
    # the pages an editor writes (docs/), not the system pages made from the data
    prose = rendered_pages(ctx, [p for p in ctx.pages if not p.origin]) if ctx else {}
    return Snapshot(label, ds, uses, nav.page_titles(pages, site_nav), cited,
                    {y: list(dict.fromkeys(p)) for y, p in report_pages.items()}, prose, site_nav, settings,
                    {p.src: p.meta for p in pages if not p.origin}, blocks)


def shown(fig) -> str:
    """A figure as the site shows it: what `diff` compares."""
    return formats.figure_text(fig)


def compare(old: dataset.Dataset, new: dataset.Dataset) -> list[FigureChange]:
    """Figures whose value (as the site shows it) differs, then figures added, then figures removed."""
    return figure_changes(old, new, shown)


def shown_changed(old: dataset.Dataset, new: dataset.Dataset) -> set:
    """The global keys of the figures in both whose value as the site shows it differs (indicators' too): the
    figures table (or the indicators' rows) says them."""
    before = {f.global_key: f for f in old.all_figures()}
    return {f.global_key for f in new.all_figures()
            if f.global_key in before and shown(before[f.global_key]) != shown(f)}


def citation_changes(base: Snapshot, head: Snapshot) -> list[FieldChange]:
    """A page that starts or stops citing a document or an editorial note, or showing a block (a table of
    indicators, a chart, the signature...: Snapshot.blocks) as many times."""
    out = []
    for (year, call) in sorted(set(base.blocks) | set(head.blocks), key=str):
        before, after = (Counter(s.blocks.get((year, call), [])) for s in (base, head))
        for src in sorted((after - before).elements()):
            out.append(FieldChange("block", year, call, "", None, src, added=True))
        for src in sorted((before - after).elements()):
            out.append(FieldChange("block", year, call, "", src, None, removed=True))
    for key in sorted(set(base.cited) | set(head.cited), key=str):
        before = {src for src, _ in base.cited.get(key, [])}
        after = {src for src, _ in head.cited.get(key, [])}
        year, macro, name = key
        for src in sorted(after - before):
            out.append(FieldChange("citation", year, name, f"trích dẫn ({macro})", None, src, added=True))
        for src in sorted(before - after):
            out.append(FieldChange("citation", year, name, f"trích dẫn ({macro})", src, None, removed=True))
    return out
