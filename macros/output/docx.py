"""The whole report as an editable Word file in the form of a Party document (Hướng dẫn 36-HD/VPTW, Phụ lục 3).

Pure conversion: the HTML of the built whole-report page (the page the PDF prints) in, a python-docx Document out.
Nothing here reads data/ or knows a figure: what the page shows is what the Word file says, so the site, the PDF and
the Word file cannot disagree.

What a Word user gets:
- A4 portrait, margins top 20 / bottom 20 / left 30 / right 15 mm (LAYOUT), Times New Roman 14 pt, language vi-VN;
- a "DỰ THẢO" box at the top of page 1 when the page marks the report as a draft (.draft-mark);
- the header as a borderless two-column table (.doc-header), the document type and summary (.doc-title);
- headings as Word's own "Heading 1…6" styles (the navigation pane lists them), paragraphs in "Body Text",
  lists in "List Bullet" / "List Bullet 2" with "-" and "+" markers (real Word numbering), tables in "Table Grid"
  with a repeated header row and a "Caption" above;
- page numbers (a PAGE field) centred at the top from page 2 (a different first-page header);
- the signature block and "Nơi nhận:" as a borderless two-column table (.doc-signature), "Nơi nhận" in the Party
  guide's form or the decree's (.recipients-nha-nuoc);
- the page's images (PNG, JPEG…) as pictures no wider than the text, described by their alt text; one Word cannot
  show as it is (SVG) as "[Hình: alt text]";
- capitals as real letters (never Word's All Caps), document numbers with ordinary hyphens (Word's Find matches
  them), a pending decision's marks (<del>, <ins>) as struck and underlined runs;
- the project's own package: Word 2013+ compatibility, no foreign application name, no leftover parts
  (word/package.py).
Left out, as on paper: editorial notes and admonitions, the PDF link, screen-only parts, heading anchors, hidden
text, drawings (a chart keeps its caption and its data table). Links and figures keep their text only.

The parts: word/styles.py (page setup, named styles, numbering, page numbers), word/text.py (what is read of the
page, runs of text), word/blocks.py (the writer: headings, paragraphs, lists, tables), word/formal.py (draft mark,
header, title, signature), word/xml.py (WordprocessingML helpers).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from docx import Document

from .word.blocks import Writer
from .word.package import own_package
from .word.styles import BODY, LAYOUT, Layout, page_numbers
from .word.text import text_of


class DocxError(Exception):
    """A page the converter cannot turn into the report (no article, no content)."""


def article(page_html: str):
    """The report's content of a built page: its <article>."""
    try:
        root = lxml.html.document_fromstring(page_html)
    except Exception as exc:   # lxml raises several kinds on empty or broken input
        raise DocxError(f"Không đọc được trang HTML ({exc}). / Cannot parse the page.") from None
    found = root.xpath("//article")
    if not found:
        raise DocxError("Trang toàn văn không có phần <article> chứa nội dung báo cáo. / The page has no <article>.")
    return found[0]


PICTURE_FILES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}   # what Word shows as it is (SVG: "[Hình: …]")


def site_pictures(site: Path, page: Path):
    """src of an <img> of the built page -> the image file under the built site, or None: an address elsewhere, a
    file that is not there or not a picture Word shows as it is."""
    top = site.resolve()

    def find(src: str) -> Path | None:
        link = urlsplit(src)
        if link.scheme or link.netloc or not link.path:
            return None
        path = (top / unquote(link.path).lstrip("/")) if link.path.startswith("/") else \
            (page.parent / unquote(link.path))
        path = path.resolve()
        if not path.is_relative_to(top) or not path.is_file() or path.suffix.lower() not in PICTURE_FILES:
            return None
        return path
    return find


UNKNOWN_REVISION = "không rõ phiên bản"   # macros/stamp.py UNKNOWN
CORE_PROPERTY_CHARS = 255   # Word's document properties (and python-docx) hold at most 255 characters


def _fit(text: str, limit: int = CORE_PROPERTY_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def facts(content) -> dict:
    """Title, author and subject of the report, read from the page's header and title blocks (a long summary is cut
    with '…' in the document's properties; the text of the report keeps it whole); whether it is a draft, and why
    (the page's list, made by html/document.py draft_reasons)."""
    def first(cls):
        found = content.find_class(cls)
        return text_of(found[0]) if found else ""
    heading = content.xpath(".//h1")
    summary = first("doc-summary") or (text_of(heading[0]) if heading else "")
    doc_type = first("doc-type")
    return {"title": _fit(summary), "author": _fit(first("issuing-body")),
            "subject": _fit(doc_type.capitalize() if doc_type else ""), "draft": bool(content.find_class("draft-mark")),
            "reasons": [text_of(li) for box in content.find_class("draft-reasons") for li in box.iter("li")],
            **stamp_facts(content)}


def stamp_facts(content) -> dict:
    """Where the page came from (macros/stamp.py), as its footer says: revision, build date, draft or final, and the
    stamp in words; "không rõ phiên bản" for a page built without one."""
    found = content.getroottree().getroot().find_class("stamp")
    if not found:
        return {"revision": UNKNOWN_REVISION, "built": "", "state": "", "stamp": UNKNOWN_REVISION}
    el = found[0]
    return {"revision": el.get("data-revision") or UNKNOWN_REVISION, "built": el.get("data-built") or "",
            "state": el.get("data-state") or "", "stamp": _fit(text_of(el))}


def report_docx(page_html: str, layout: Layout = LAYOUT, now: dt.datetime | None = None, pictures=None):
    """The whole-report page's HTML as (python-docx Document, number of span.fig written). pictures: the src of an
    image of the page -> its file (site_pictures), or None: "[Hình: …]" in its place."""
    content = article(page_html)
    doc = Document()
    writer = Writer(doc, layout, pictures)
    marks = content.find_class("draft-mark")
    if marks:
        writer.draft_mark(marks[0], doc)
    writer.blocks(content, doc, lambda: BODY)
    if not any(p.text.strip() for p in doc.paragraphs) and not doc.tables:
        raise DocxError("Trang toàn văn không có nội dung. / The whole-report page is empty.")
    page_numbers(doc, layout)
    own_package(doc)
    info = facts(content)
    core = doc.core_properties
    core.title, core.author, core.subject = info["title"], info["author"], info["subject"]
    core.last_modified_by, core.comments, core.keywords = info["author"], info["stamp"], ""
    core.version, core.content_status = _fit(info["revision"]), info["state"]
    core.language, core.revision = "vi-VN", 1
    core.created = core.modified = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return doc, writer.figures
