"""Links to a place in a page (`[…](2023/van-ban.md#muc-2)`, `[…](#muc-2)`) checked against the anchors that page
has once rendered: the ids MkDocs finds in it (headings' slugs from `toc`, `{ #id }` attribute lists, `id=` and
`<a name=>` in its elements and in its raw HTML: a document's row in the documents table, `#qd_85_tw`).

`anchored_links(page)` finds the links in the page's source (outside code), with line and column;
`anchor_errors(pages, ids_of)` names each link whose anchor the target does not have. `ids_of(src)` gives the ids
of a rendered page (None: the page was not rendered, its own error is reported). The build passes MkDocs' own ids
(page.present_anchor_ids, site/mkdocs_hooks.py); `check` passes `markdown_ids` of the page as its renderer made it,
converted with mkdocs.yml's Markdown extensions — the same ids, without building the site.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from ..errors import DataError
from .pages import blanked, executed

_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\]\(<?([^)\s>#]*)#([^)\s>]*)>?(?:\s+\"[^\"]*\")?\)")


@lru_cache(maxsize=4096)   # every page's links are read at each build, and again at each rebuild of mkdocs serve
def anchored_links(src: str, text: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """(line, column, target page src, anchor, link as written) for every link with '#' in the page `src`."""
    if not _LINK.search(text):
        return ()   # most pages link to no anchor: no need to blank their code first
    plain = _INLINE_CODE.sub(blanked, _FENCED.sub(blanked, executed(text)))
    found = []
    for m in _LINK.finditer(plain):
        path, anchor = m.group(1), m.group(2)
        if not anchor or "://" in path or path.startswith(("/", "mailto:")) or (path and not path.endswith(".md")):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
        line = plain.count("\n", 0, m.start(1)) + 1
        column = m.start(1) - (plain.rfind("\n", 0, m.start(1)) + 1) + 1
        found.append((line, column, target, anchor, f"{path}#{anchor}"))
    return tuple(found)


def anchor_errors(pages, ids_of) -> list[DataError]:
    """pages: (src, the file shown to the editor, source text); ids_of(src) -> set of ids, or None."""
    errors = []
    for src, shown, text in pages:
        for line, column, target, anchor, written in anchored_links(src, text):
            ids = ids_of(target)
            if ids is None or anchor in ids:
                continue
            near = sorted(ids, key=lambda i: _distance(i, anchor))[:1]
            hint = f"Có phải '#{near[0]}'? " if near and _distance(near[0], anchor) <= max(3, len(anchor) // 3) else ""
            errors.append(DataError(shown, line, column, written,
                                    f"Liên kết tới '#{anchor}' nhưng trang docs/{target} không có chỗ neo (anchor) "
                                    "tên như vậy.",
                                    f"The link points to '#{anchor}', which docs/{target} does not have.",
                                    f"{hint}Tên neo của một đề mục là đề mục viết thường, không dấu, nối bằng '-' "
                                    "(ví dụ '# 2.1. Công tác' → '#21-cong-tac'), hoặc đặt tên riêng: "
                                    "'## Đề mục { #ten-neo }'; không cần neo thì bỏ phần '#…'."))
    return errors


def markdown_ids(markdown_text: str, extensions: list, configs: dict) -> set:
    """The ids MkDocs would find in a page's Markdown, with the given Markdown extensions: every element's id and
    `name` of <a>, in the Markdown's elements (its _ExtractAnchorsTreeprocessor) and in its raw HTML (its
    _RawHTMLPreprocessor: the rows of the documents and figures tables)."""
    import markdown
    from markdown.htmlparser import htmlparser
    from markdown.preprocessors import Preprocessor
    from markdown.treeprocessors import Treeprocessor

    found: set = set()

    class RawIds(htmlparser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update(v for k, v in attrs if v and (k == "id" or (k == "name" and tag == "a")))
            return super().handle_starttag(tag, attrs)

    class RawHtml(Preprocessor):
        def run(self, lines):
            parser = RawIds()
            parser.feed("\n".join(lines))
            parser.close()
            return lines

    class Extract(Treeprocessor):
        def run(self, root):
            for element in root.iter():
                if element.get("id"):
                    found.add(element.get("id"))
                if element.tag == "a" and element.get("name"):
                    found.add(element.get("name"))

    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    md.preprocessors.register(RawHtml(md), "baocao_raw_html_ids", 21)       # as MkDocs: right before html_block
    md.treeprocessors.register(Extract(md), "baocao_extract_anchors", 4)   # after toc (5) has set the headings' ids
    md.convert(markdown_text)
    return found


def _distance(a: str, b: str) -> int:
    import difflib
    return round((1 - difflib.SequenceMatcher(None, a, b).ratio()) * max(len(a), len(b)))
