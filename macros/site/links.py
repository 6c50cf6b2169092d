"""The build's side of sources/anchors.py: after every page is rendered (MkDocs' on_env), the links to a '#anchor'
are held to the ids MkDocs found in each page — before MkDocs checks them itself, so the editor reads the same
Vietnamese message as from `check`, and a quiet build (`-q`, where MkDocs' own warning is not counted) stops too.
Under `mkdocs serve` the errors go into the page's red box (`boxed`), and the server keeps running."""
from __future__ import annotations

import re

from ..errors import DataError
from ..html.markup import render
from ..sources.anchors import anchor_errors

_ARTICLE = re.compile(r"<article\b[^>]*>")


def page_anchor_errors(files, texts: dict | None = None) -> list[DataError]:
    """texts: {src: the page's text} as the build read it already (site/context.py), else read again here."""
    pages = [f for f in files.documentation_pages() if f.page is not None]
    ids = {f.src_uri: f.page.present_anchor_ids for f in pages}
    texts = texts or {}
    return anchor_errors([(f.src_uri, f"docs/{f.src_uri}", texts.get(f.src_uri) or f.content_string) for f in pages],
                         ids.get)


def boxed(html: str, errors: list[DataError], mark: str = "") -> str:
    """The page's HTML with its errors in the red box at the top of the article (under `mkdocs serve`); `mark`
    names the box with HTML comments around it, so it can be found and taken out again."""
    if not errors:
        return html
    box = str(render("data_errors.html", errors=[str(e) for e in errors], more=0))
    if mark:
        box = f"<!--{mark}-->{box}<!--/{mark}-->"
    m = _ARTICLE.search(html)
    return html[: m.end()] + box + html[m.end():] if m else html
