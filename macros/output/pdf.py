"""The whole report as one A4 PDF, printed by headless Chromium (Playwright).

Builds the site (strict) into a temporary folder — or reuses one with --site —, serves it on 127.0.0.1, opens the
page that holds the whole report (docs/<year>/in-toan-van.md: document header, every numbered section in nav order,
signature block) and prints it with the site's print.css (A4, margins, page numbers from page 2): the committee's
text only (DỰ THẢO while a draft). The review copy (review=True) is the same page with the class `review-copy` on
<html>: print.css then shows the editorial notes and the list of every change against the source.
The PDF links nowhere outside itself (a link to another page of the site is plain text, as on paper). It is tagged,
has a bookmark per heading (named by the heading's own text: spaced_titles), and names the report (title, author,
subject, language vi; also as XMP) and where it came from (/Revision, /BuildDate, /State and the stamp in words as
/Keywords: macros/stamp.py), read from the printed page itself (output/docx.facts), so it says what the page says.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from .build import OutputError, build_site

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WHOLE_REPORT_PAGE = "{year}/in-toan-van/"
# A link to another page of the site (a cited document, a pending mark's note) would lead, clickable, to the server
# the PDF was printed from (http://127.0.0.1:<port>/…), dead on every machine the PDF is filed on or sent to: plain
# text, as print.css already shows it. A link within the page itself stays (a jump inside the PDF).
UNLINK_OTHER_PAGES = """() => { const here = location.href.split('#')[0];
  for (const a of document.querySelectorAll('a[href]')) if (a.href.split('#')[0] !== here) a.removeAttribute('href'); }"""


class PdfError(OutputError):
    pass


def whole_report_path(site: Path, year: int) -> str | None:
    """The whole-report page of a built site, as a path under it: '2023/in-toan-van/' (the site), or
    '2023/in-toan-van.html' (the preview's site that opens from disk); None when the site has neither."""
    page = WHOLE_REPORT_PAGE.format(year=year)
    for path, file in ((page, page + "index.html"), (page.rstrip("/") + ".html",) * 2):
        if (site / file).is_file():
            return path
    return None


def chromium_path() -> str | None:
    """$CHROMIUM when set (and then only it), else Debian's /usr/bin/chromium or one on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"] if Path(os.environ["CHROMIUM"]).exists() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):   # the browser closed while a file was still being sent
            pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """The built site on 127.0.0.1 at a free port, in a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_output(out: Path) -> None:
    """Fail before the build when out is a folder or its folder cannot be written."""
    if out.is_dir():
        raise PdfError(f"--out {out} là một thư mục; cần tên tệp, ví dụ {out / 'bao-cao.pdf'}. / "
                       f"--out {out} is a folder; give a file name, e.g. {out / 'bao-cao.pdf'}.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out.parent):
            pass
    except OSError as exc:
        raise PdfError(f"Không ghi được vào thư mục {out.parent} ({exc.strerror or exc}) — chọn chỗ khác với --out. / "
                       f"Cannot write into {out.parent} ({exc.strerror or exc}); choose another --out.") from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def print_pdf(url: str, out: Path, executable: str, review: bool = False) -> dict:
    """Open url in headless Chromium, with every request but to url's own server refused, and print it to out (tagged,
    with bookmarks), then write the report's facts into it; returns them.
    Playwright's errors (a browser that does not start or dies, a PDF that cannot be written) become PdfError."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except PlaywrightError as exc:
            raise PdfError(f"Không khởi động được Chromium ({executable}): {_first_line(exc)}. Cài lại gói 'chromium' "
                           "hoặc đặt CHROMIUM=/đường/dẫn/chromium đúng. / Chromium did not start; reinstall Debian's "
                           "'chromium' package or set CHROMIUM to a working browser.") from None
        try:
            page = browser.new_page()
            served = "/".join(url.split("/", 3)[:3]) + "/"   # http://127.0.0.1:<port>/ exactly: no other local service
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith((served, "data:"))
                       else route.abort())
            response = page.goto(url, wait_until="load")
            if response is None or not response.ok:
                raise PdfError(f"Không mở được trang {url} (HTTP {response.status if response else '?'}) / cannot open the page")
            if review:
                page.evaluate("document.documentElement.classList.add('review-copy')")
            page.evaluate(UNLINK_OTHER_PAGES)
            page.emulate_media(media="print")
            page.evaluate("document.fonts.ready.then(() => true)")
            info = document_facts(page.content(), review)
            out.parent.mkdir(parents=True, exist_ok=True)
            pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
        except PlaywrightError as exc:
            raise PdfError(f"Chromium không in được {out}: {_first_line(exc)}. Đóng tệp PDF nếu đang mở, kiểm tra "
                           f"chỗ trống trên đĩa rồi chạy lại. / Chromium could not print {out}; close the PDF if it is "
                           "open, check the free disk space and run again.") from None
        finally:
            with contextlib.suppress(PlaywrightError):
                browser.close()
    write_with_facts(pdf, out, info)
    return info


def document_facts(page_html: str, review: bool = False) -> dict:
    """Title (the report's summary), author (the issuing body), subject (the document type), as the page prints them."""
    from .docx import article, facts
    from .word.text import printed_headings
    content = article(page_html)
    info = dict(facts(content), headings=printed_headings(content))
    if review:
        info["subject"] = f"{info['subject']} — bản xem xét".strip(" —")
    return info


def write_with_facts(pdf: bytes, out: Path, info: dict) -> None:
    """The PDF with its metadata (/Title, /Author, /Subject, the stamp, /Lang vi, the title shown in the viewer's window) and its
    bookmarks open one level, written through a temporary file so a failure leaves no half-written PDF."""
    import io
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": info["title"], "/Author": info["author"], "/Subject": info["subject"],
                         "/Creator": "python -m macros pdf", "/Keywords": info.get("stamp", ""),
                         "/Revision": info.get("revision", ""), "/BuildDate": info.get("built", ""),
                         "/State": info.get("state", "")})
    writer.xmp_metadata = xmp(info)
    root = writer._root_object
    stream = root["/Metadata"].get_object()   # pypdf leaves the stream untyped: readers look for these two
    stream[NameObject("/Type")], stream[NameObject("/Subtype")] = NameObject("/Metadata"), NameObject("/XML")
    root[NameObject("/Lang")] = TextStringObject("vi")
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    if writer.outline:
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")
        spaced_titles(root["/Outlines"], info.get("headings", []))
    tmp = out.with_name(f".~{out.name}")
    try:
        with open(tmp, "wb") as handle:
            writer.write(handle)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PdfError(f"Không ghi được {out} ({exc.strerror or exc}). Đóng tệp PDF nếu đang mở rồi chạy lại. / "
                       f"Cannot write {out}; close the PDF if it is open and run again.") from None


def xmp(info: dict):
    """The report's title, author, subject and language in XMP, where accessibility checkers (PDF/UA) and archives
    read them, as the document information dictionary says them."""
    from pypdf.xmp import XmpInformation
    meta = XmpInformation.create()
    meta.dc_title, meta.dc_description = {"x-default": info["title"]}, {"x-default": info["subject"]}
    meta.dc_creator, meta.dc_language = [info["author"]], ["vi"]
    meta.pdf_keywords = info.get("stamp", "")
    return meta


def _squash(text: str) -> str:
    return "".join(text.split())


def spaced_titles(outlines, headings: list[str]) -> None:
    """Chromium names a bookmark by the heading's laid-out lines, joined without the space where a line wrapped
    ("pháttriển"): give each bookmark its heading's own text, matched in order letter for letter (spaces aside)."""
    from pypdf.generic import NameObject, TextStringObject
    queue = list(headings)

    def visit(node):
        while node is not None:
            node = node.get_object()
            title = str(node.get("/Title", ""))
            for i, heading in enumerate(queue):
                if _squash(heading) == _squash(title):
                    node[NameObject("/Title")] = TextStringObject(heading)
                    del queue[:i + 1]
                    break
            if "/First" in node:
                visit(node["/First"])
            node = node.get("/Next")

    visit(outlines.get_object().get("/First"))


def make_pdf(root: Path, year: int, out: Path, site: Path | None = None, review: bool = False) -> dict:
    """Build (or reuse) the site and print the whole report (or its review copy); returns what was measured."""
    executable = chromium_path()
    if not executable:
        raise PdfError("Không tìm thấy trình duyệt Chromium để in PDF. Cài gói 'chromium' (Debian/Ubuntu: "
                       "sudo apt-get install chromium fonts-liberation2) hoặc đặt biến môi trường CHROMIUM=/đường/dẫn/chromium "
                       f"(hiện tại CHROMIUM={os.environ.get('CHROMIUM', '')!r}). / Chromium not found: install Debian's "
                       "'chromium' package or set CHROMIUM=/path/to/chromium.")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build_site(root, site)
        built = time.perf_counter()
        page_path = whole_report_path(site, year)
        if page_path is None:
            page_path = WHOLE_REPORT_PAGE.format(year=year)
            raise PdfError(f"Trang web không có trang toàn văn {page_path} (tệp docs/{year}/in-toan-van.md với "
                           "{{{{ whole_report() }}}} và mục nav tương ứng trong mkdocs.yml). / "
                           f"The site has no whole-report page {page_path}.")
        server = serve(site)
        try:
            info = print_pdf(f"http://127.0.0.1:{server.server_address[1]}/{page_path}", out, executable, review)
        finally:
            server.shutdown()
            server.server_close()
    done = time.perf_counter()
    from pypdf import PdfReader
    reader = PdfReader(str(out))
    return {"pages": len(reader.pages), "bookmarks": _count(reader.outline), "draft": info.get("draft", False),
            "reasons": info.get("reasons", []),
            "build_s": built - started, "print_s": done - built, "total_s": done - started}


def _count(outline) -> int:
    return sum(_count(item) if isinstance(item, list) else 1 for item in outline)
