"""The other files of a built folder (or of docs/, which MkDocs copies as they are): each read as a browser would
read it and checked as html/page_safety.py checks a page. HTML and, as strictly as an article, SVG and XML (opened
on their own they run their scripts); style sheets and scripts for what they fetch from outside the site; PDF
files for what runs by itself in a reader's viewer (html/pdf_actions.py). A file not in UTF-8 is refused: a browser
would read it otherwise than the checker."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .page_safety import MARKUP, Problem, _host, page_problems, shown
from .urls import css_urls, script_urls, where


def code_problems(text: str, css: bool) -> list[Problem]:
    """A style sheet's or a script's fetches from outside the site."""
    urls = css_urls(text) if css else script_urls(text)
    return [Problem(f"tải từ ngoài trang: {shown(u)}", f"fetched from outside the site: {shown(u)}", _host(u))
            for u in urls if where(u) in ("outside", "script")]


def site_problems(site: Path, skip=frozenset(), memo=None, walk=os.walk) -> list[tuple[str, Problem]]:
    """(file, problem) for every page and every style sheet and script of a built site (but the files in skip,
    paths relative to site, checked already). memo(rel, path, check): check(path), or what it found for the same
    file before (the project's cache: `kept_checks`; mkdocs serve: site/incremental.py); walk: os.walk, or one
    that lists a folder again only when it changed (mkdocs serve)."""
    found = []
    memo = memo or (lambda rel, path, check: check(path))
    for rel in _checked_files(Path(site), walk):
        if rel in skip:
            continue
        path = Path(site, rel)
        found += [(rel, p) for p in dict.fromkeys(memo(rel, path, lambda path, rel=rel: _file_problems(path, rel)))]
    return found


def _checked_files(site: Path, walk=os.walk) -> list[str]:
    """The paths (relative, with /) of the built folder's pages, style sheets and scripts, sorted; links are not
    followed into folders (os.walk: listing ten years' folder takes a fifth of what Path.rglob does)."""
    kinds = MARKUP + (".css", ".js", ".mjs", ".pdf")
    rels, top = [], os.fspath(site)
    for folder, _, names in walk(top):   # each folder is top or a path under it (os.path.join)
        base = folder[len(top) + 1:].replace(os.sep, "/") if folder != top else ""
        rels += [f"{base}/{name}" if base else name for name in names if os.path.splitext(name)[1].lower() in kinds]
    return sorted(rels)


# What a file says its encoding is: <meta charset>, <?xml encoding?>, CSS @charset (utf-8 is the only one read here)
_DECLARED = re.compile(r"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:-]+)"""
                       r"""|@charset\s+["']([\w.:-]+)""", re.I)
NOT_UTF8 = Problem("tệp không phải UTF-8 (UTF-16, byte 0, hay khai báo bảng mã khác): trình duyệt đọc nó khác bộ kiểm "
                   "tra", "the file is not UTF-8 (UTF-16, a zero byte, another declared encoding): a browser reads it "
                   "otherwise than the checker", "")


def _file_problems(path: Path, rel: str) -> list:
    """A file read as UTF-8 only: one in UTF-16 (a byte-order mark, or none: an XML parser guesses it from '<\\0'),
    or declaring another encoding, is what a browser reads otherwise (its <script> ran in Chromium, unseen here)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf_actions import pdf_actions
        found = pdf_actions(path)
        return [Problem(f"tệp PDF có phần tự chạy khi mở ({', '.join(found)}: mã JavaScript, mở chương trình, gửi "
                        "hay tải dữ liệu) hoặc không đọc được; thay nó bằng bản in lại thành PDF (Print → Microsoft "
                        "Print to PDF) hay bản quét lại", f"the PDF holds what runs by itself when opened "
                        f"({', '.join(found)}) or cannot be read; replace it with a copy printed to PDF or scanned "
                        "again", "")] if found else []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return [NOT_UTF8]
    if "\0" in text or (suffix != ".js" and any("".join(m.groups("")).lower() not in ("utf-8", "utf8")
                                                for m in _DECLARED.finditer(text))):
        return [NOT_UTF8]
    if suffix in MARKUP:     # an SVG or XML file opened on its own runs its scripts
        strict = suffix not in (".html", ".htm")
        return page_problems(text, content=strict, not_found=rel == "404.html").problems
    return code_problems(text, suffix == ".css")
