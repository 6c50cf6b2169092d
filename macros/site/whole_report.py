"""The whole-report page put together from the section pages' own HTML, instead of rendering every section again.

The `whole_report()` macro leaves, for each section, a mark (html/document.py SECTION_MARK: the page and how many
levels its headings go down) and writes only the group headings. MkDocs renders every page before it writes any
(`on_env` comes between the two), so the hook calls `fill()` there: each mark becomes the section page's HTML with
its headings shifted as `shift_headings` shifts them in Markdown (# -> ## ...; at most h6), heading ids made
unique over the whole page as Python-Markdown's toc does (`_1`, `_2`...), and the page's table of contents and
anchors rebuilt from the same headings. The result is the page the sections' Markdown would give rendered again
(tests/test_whole_report.py compares the two); it is only done when every section lives in the same folder as the
whole-report page, so that the sections' relative links stay right — otherwise the macro renders the sections
again, as it did before (and always when BAOCAO_WHOLE_REPORT=markdown).
"""
from __future__ import annotations

import os
import posixpath
import re

from ..html.document import SECTION_MARK
from ..html.markup import render
from ..sources.calls import calls

MODE_ENV = "BAOCAO_WHOLE_REPORT"          # "markdown": render the sections' Markdown again (the reference)
# Python-Markdown writes a raw HTML block followed by a blank line: the section takes the mark and one line end
_MARK = re.compile(re.escape(SECTION_MARK).replace(r"\{src\}", r"(\S+)").replace(r"\{shift\}", r"(\d+)") + "\n?")
_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_MARK_START = SECTION_MARK.split("{", 1)[0]


# Macros whose HTML depends on the page they are called from in a way the section's own page cannot give: the
# document header is written once per page (the whole-report page writes its own first), whole_report() itself.
_PAGE_BOUND = {"document_header", "whole_report"}   # signature(): see plan()


def plan(pages, page_url: str, sections: list) -> tuple[bool, bool]:
    """(assemble from the sections' HTML?, write the page's own signature?) for a whole-report page.

    Assembled only when every section lives in the page's folder (relative links are the same from both), has a
    path a mark can carry, and calls no page-bound macro; not when BAOCAO_WHOLE_REPORT=markdown. A section that
    signs (the last one does) brings its signature block along: the page does not sign a second time."""
    wanted = set(sections)
    called = {c.macro for c in calls([p for p in pages if p.src in wanted])}
    if any(p.meta.get("year") is not None for p in pages if p.src in wanted):
        return False, True   # a section with a year of its own: rendered as part of this page's year, as before
    if os.environ.get(MODE_ENV, "").strip().lower() == "markdown" or called & _PAGE_BOUND:
        return False, True
    here = posixpath.dirname(page_url.rstrip("/"))
    if not all(posixpath.dirname(src) == here and not re.search(r"\s|--", src) for src in sections):
        return False, True
    return True, "signature" not in called


def fill(pages, keep=None) -> None:
    """Every page holding section marks gets its sections' HTML, table of contents and anchors (MkDocs pages,
    all rendered; called from the on_env hook). keep(name, parts, make): make(), or what it made under the same name
    from the same parts before (mkdocs serve: site/incremental.py); the parts are the page's and its sections' HTML,
    Markdown and tables of contents (a table of contents compares as the very object: a page not rendered again
    hands back the same one, a page rendered again a new one)."""
    by_src = {p.file.src_uri: p for p in pages if p is not None}
    for page in by_src.values():
        if keep is None:
            if page.content and _MARK_START in page.content:
                _assemble(page, by_src)
            continue
        if not (page.content and keep(("whole report mark", page.file.src_uri), (page.content,),
                                      lambda page=page: _MARK_START in page.content)):
            continue
        parts = tuple(part for p in [page] + [by_src.get(m.group(1)) for m in _MARK.finditer(page.content)]
                      for part in ((p.content, p.markdown, p.toc) if p is not None else ("",)))

        def make(page=page):
            _assemble(page, by_src)
            return page.content, page.toc, page.present_anchor_ids
        page.content, page.toc, page.present_anchor_ids = keep(("whole report", page.file.src_uri), parts, make)


def _assemble(page, by_src) -> None:
    from markdown.extensions.toc import nest_toc_tokens, unique
    from mkdocs.structure.toc import get_toc

    own = _flat_toc(page.toc)
    used: set = set()
    pieces, tokens = [], []   # pieces: (html, ends with a raw HTML block)
    pos = 0
    for m in _MARK.finditer(page.content):
        pieces.append((_headings(page.content[pos:m.start()], 0, own, used, tokens, unique), False))
        section = by_src.get(m.group(1))
        if section is None or section.content is None:   # `mkdocs serve --dirty` renders changed pages only
            pieces.append((render("whole_report_missing.html", src=m.group(1)), True))
        else:
            html = _headings(section.content, int(m.group(2)), _flat_toc(section.toc), used, tokens, unique)
            pieces.append((html, _ends_raw(section)))
        pos = m.end()
    pieces.append((_headings(page.content[pos:], 0, own, used, tokens, unique), False))
    out = []
    for i, (html, _) in enumerate(pieces):
        if html and i and pieces[i - 1][1]:
            out.append("\n")    # Python-Markdown leaves a blank line after a raw HTML block that is not the last
        out.append(html)
    page.content = "".join(out)
    page.toc = get_toc(nest_toc_tokens(tokens))
    page.present_anchor_ids = set(page.present_anchor_ids or ()) | set(_ID.findall(page.content))


def _ends_raw(page) -> bool:
    """Whether the page's HTML ends with a raw HTML block: its last line is, as written, the end of its Markdown
    (a block Markdown made is never written like that in the Markdown)."""
    last = page.content.rstrip("\n").rsplit("\n", 1)[-1]
    return bool(last) and (page.markdown or "").rstrip().endswith(last)


def _flat_toc(toc) -> dict:
    """{heading id: (level, title)} of a page's table of contents, at every depth."""
    out, todo = {}, list(toc or [])
    while todo:
        link = todo.pop()
        out[link.id] = (link.level, link.title)
        todo.extend(link.children)
    return out


def _headings(html: str, shift: int, toc: dict, used: set, tokens: list, unique) -> str:
    """html with its Markdown headings (those with an id) shifted down and their ids unique in the whole page;
    the ones in the page's table of contents appended to tokens, in order."""
    def one(m):
        attrs = m.group(2) or ""
        found = _ID.search(attrs)
        if not found:                  # raw HTML, not a Markdown heading: left as written
            return m.group(0)
        old = found.group(1)
        new = unique(old, used)
        level = min(6, int(m.group(1)) + shift)
        inner = m.group(3)
        if new != old:
            attrs = attrs.replace(found.group(0), f' id="{new}"', 1)
            inner = inner.replace(f'href="#{old}"', f'href="#{new}"')   # the toc permalink, when there is one
        if old in toc:
            tokens.append({"level": level, "id": new, "name": toc[old][1], "children": []})
        return f"<h{level}{attrs}>{inner}</h{level}>"
    return _HEADING.sub(one, html)
