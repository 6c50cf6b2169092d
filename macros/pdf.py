"""`python -m macros pdf`: the whole report as one A4 PDF, printed by headless Chromium (Playwright).

Builds the site (strict) into a temporary folder — or reuses one with --site —, serves it on 127.0.0.1, opens the
page that holds the whole report (docs/<year>/in-toan-van.md: document header, every numbered section in nav order,
signature block) and prints it with the site's print.css (A4, margins, page numbers from page 2).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import printing

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WHOLE_REPORT_PAGE = "{year}/in-toan-van/"


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, help="năm của báo cáo (mặc định: năm mới nhất) / report year (default: newest)")
    parser.add_argument("--out", type=Path, help="tệp PDF (mặc định build/bao-cao-<năm>.pdf) / output file")
    parser.add_argument("--site", type=Path, help="dùng trang đã build sẵn thay vì build lại / reuse a built site folder")
    parser.add_argument("--publish", action="store_true",
                        help="chép PDF vào docs/<năm>/ để lần build sau có liên kết tải về / copy the PDF into docs/<year>/ "
                             "so the next build links it for download")


class PdfError(Exception):
    pass


def chromium_path() -> str | None:
    """$CHROMIUM when set (and then only it), else Debian's /usr/bin/chromium or one on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"] if Path(os.environ["CHROMIUM"]).exists() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def newest_year(root: Path) -> int:
    data = root / "data"
    years = [int(p.name) for p in data.iterdir() if p.is_dir() and p.name.isdigit()] if data.is_dir() else []
    if not years:
        raise PdfError(f"Không có thư mục năm nào trong {root / 'data'} / no year folder under data/")
    return max(years)


def build_site(root: Path, dest: Path) -> None:
    """The strict build of the project into dest (`pdf` and `publish` both use this one). No `-q`: with it MkDocs
    drops its warnings before --strict counts them, so a broken link would pass; build_log keeps what matters."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(dest)]
    result = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace",
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8"))
    if result.returncode != 0:
        raise BuildFailed(build_log(result.stdout))


class BuildFailed(PdfError):
    """The strict build failed; .log holds MkDocs' warnings and errors (build_log)."""

    def __init__(self, log: str):
        self.log = log
        super().__init__("Build trang web thất bại, chưa in được PDF — sửa lỗi dưới đây rồi chạy lại. / "
                         "The site build failed; fix the errors below and run again.\n" + log)


_LOG_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s")


def build_log(output: str) -> str:
    """MkDocs' output without INFO records and without Python tracebacks (an editor reads this): a traceback's
    indented frames are dropped, its last line (the exception and its message) is kept. A record's continuation
    lines are indented; any other line (MkDocs' "Aborted with …") is kept."""
    kept, skipping, in_traceback = [], False, False
    for line in output.splitlines():
        record = _LOG_RECORD.match(line)
        if record:
            skipping = record.group(1) in ("DEBUG", "INFO")
        elif line[:1] not in (" ", "\t"):   # not an INFO record's indented list: "Aborted with 2 warnings…"
            skipping = False
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            if line[:1].isspace():
                continue
            in_traceback = False
        if not skipping and line.strip():
            kept.append(line)
    return "\n".join(kept) or "(MkDocs không in lý do / MkDocs printed no reason)"


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


def print_pdf(url: str, out: Path, executable: str) -> None:
    """Open url in headless Chromium, with every request outside 127.0.0.1 refused, and print it to out.
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
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                       else route.abort())
            response = page.goto(url, wait_until="load")
            if response is None or not response.ok:
                raise PdfError(f"Không mở được trang {url} (HTTP {response.status if response else '?'}) / cannot open the page")
            page.emulate_media(media="print")
            page.evaluate("document.fonts.ready.then(() => true)")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(out), format="A4", prefer_css_page_size=True, print_background=True)
        except PlaywrightError as exc:
            raise PdfError(f"Chromium không in được {out}: {_first_line(exc)}. Đóng tệp PDF nếu đang mở, kiểm tra "
                           f"chỗ trống trên đĩa rồi chạy lại. / Chromium could not print {out}; close the PDF if it is "
                           "open, check the free disk space and run again.") from None
        finally:
            with contextlib.suppress(PlaywrightError):
                browser.close()


def make_pdf(root: Path, year: int, out: Path, site: Path | None = None) -> dict:
    """Build (or reuse) the site and print the whole report; returns what was measured."""
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
        page_path = WHOLE_REPORT_PAGE.format(year=year)
        if not (site / page_path / "index.html").is_file():
            raise PdfError(f"Trang web không có trang toàn văn {page_path} (tệp docs/{year}/in-toan-van.md với "
                           "{{{{ whole_report() }}}} và mục nav tương ứng trong mkdocs.yml). / "
                           f"The site has no whole-report page {page_path}.")
        server = serve(site)
        try:
            print_pdf(f"http://127.0.0.1:{server.server_address[1]}/{page_path}", out, executable)
        finally:
            server.shutdown()
            server.server_close()
    done = time.perf_counter()
    from pypdf import PdfReader
    return {"pages": len(PdfReader(str(out)).pages), "build_s": built - started, "print_s": done - built,
            "total_s": done - started}


def run(args) -> int:
    root = args.root.resolve()
    try:
        year = args.year or newest_year(root)
        out = (args.out or root / "build" / printing.pdf_name(year)).resolve()
        check_output(out)
        site = args.site.resolve() if args.site else None
        stats = make_pdf(root, year, out, site)
    except PdfError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Đã in {out} — {stats['pages']} trang A4, {stats['total_s']:.1f} s "
          f"(build {stats['build_s']:.1f} s, in {stats['print_s']:.1f} s). / "
          f"Wrote {stats['pages']} A4 pages in {stats['total_s']:.1f} s.")
    if args.publish:
        target = root / "docs" / str(year) / printing.pdf_name(year)
        try:
            shutil.copyfile(out, target)
        except OSError as exc:
            print(f"Không chép được PDF vào {target} ({exc.strerror or exc}). / Cannot copy the PDF to {target}.",
                  file=sys.stderr)
            return 2
        print(f"Đã chép vào {target}: lần build sau trang web có liên kết tải PDF. / Copied for the next build.")
    return 0
