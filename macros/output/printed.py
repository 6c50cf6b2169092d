"""The text a printed report shows, read from the HTML of its whole-report page: what `python -m macros pdf` puts on
paper, block by block, each block named by the section page it comes from.

What paper shows follows docs/assets/print.css: left out are the parts shown on screen only (`.screen-only`, the
editorial notes and admonitions, the reasons for a draft), the review copy's parts (`.review-only`), the document's
header (bodies, number, place and date: not the committee's words) and its signature block except the signer's title
("BÍ THƯ"), heading anchors, scripts, the "DỰ THẢO" mark, and struck-through words (`<del>`, `<s>`: words shown as
removed are not the text). A part of the report (`.part`: "II. Kết quả …") prints in capitals, as print.css sets it.
Text is NFC with white space collapsed: what a reader sees, not how the bytes spell it.

The whole-report page before assembly carries, for each section, a mark (html/document.py SECTION_MARK) where the
section page's HTML goes: `blocks()` reads the page's own HTML between the marks and each section's HTML in place of
its mark, so every block knows its page. Pure: HTML in, blocks out.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..html.document import SECTION_MARK

SKIP_CLASSES = {"screen-only", "editorial-note", "admonition", "draft-reasons", "draft-mark", "review-only",
                "review-banner", "doc-header", "pdf-download", "headerlink", "visually-hidden", "md-source-file",
                "md-content__button", "recipients", "on-behalf", "signer-name", "signature-space", "fill-in",
                "proposal-note", "proposal-mark",   # a pending change's marks (html/proposals.py)
                "stamp-line", "stamp"}               # the build stamp
SKIP_TAGS = {"script", "style", "del", "s", "template", "noscript", "button", "svg", "img"}
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "dt", "dd", "pre"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MARK = re.compile(re.escape(SECTION_MARK).replace(r"\{src\}", r"(\S+)").replace(r"\{shift\}", r"\d+"))


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or heading of the print: its text, the page (docs/…) it comes from, and the figures
    in it ((text, key) of each `span.fig`: a difference in one names the data that made it)."""
    text: str
    page: str
    heading: bool = False
    figures: tuple = ()


def clean(text: str) -> str:
    """NFC, white space collapsed (a no-break space counts as a space), trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def blocks(page_html: str, page: str, sections: dict | None = None) -> list[Block]:
    """The printed blocks of a whole-report page, in order. `sections`: {src: HTML} of the section pages whose marks
    the page holds (a mark without its section's HTML gives nothing)."""
    out: list[Block] = []
    pos = 0
    for m in MARK.finditer(page_html):
        out += _blocks_of(page_html[pos:m.start()], page)
        section = (sections or {}).get(m.group(1))
        if section is not None:
            out += _blocks_of(section, m.group(1))
        pos = m.end()
    return out + _blocks_of(page_html[pos:], page)


def _blocks_of(html: str, page: str) -> list[Block]:
    import lxml.html
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    article = root.find(".//article")
    out: list[Block] = []
    _walk(article if article is not None else root, page, out)
    return out


def _skipped(el) -> bool:
    return (not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.get("hidden") is not None
            or bool(set((el.get("class") or "").split()) & SKIP_CLASSES))


def _walk(el, page: str, out: list, upper: bool = False) -> None:
    """Blocks in document order; a block inside a block (a list in a list item) comes after it, as on paper."""
    for child in el:
        if _skipped(child):
            continue
        caps = upper or "part" in (child.get("class") or "").split()
        if child.tag in BLOCK_TAGS:
            figures: list = []
            text = clean("".join(_inline(child, figures)))
            if text:
                out.append(Block(text.upper() if caps else text, page, child.tag in HEADING_TAGS, tuple(figures)))
        _walk(child, page, out, caps)


def _inline(el, figures: list) -> list[str]:
    """The text of el without the blocks inside it and without the skipped parts; its figures into `figures`."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "br":
            parts.append(" ")
        elif not _skipped(child) and child.tag not in BLOCK_TAGS and child.tag not in ("ul", "ol", "table"):
            inner = _inline(child, figures)
            if child.get("data-key") and "fig" in (child.get("class") or "").split():
                figures.append((clean("".join(inner)), child.get("data-key")))
            parts += inner
        elif _skipped(child) and (child.tail or "")[:1] in tuple(".,;:)…") and child.tail:
            parts[-1] = parts[-1].rstrip()   # "79,18% [note]." prints "79,18%." without the note's space
        parts.append(child.tail or "")
    return parts
