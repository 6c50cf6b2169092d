"""404.html works when the site is served from a sub-folder (the README's IIS example,
C:\\inetpub\\wwwroot\\bao-cao → http://server/bao-cao/), at any address a reader may mistype, and from the root.

A tiny web server maps PREFIX to the built site and answers every miss with 404.html's content and status 404, as
IIS (httpErrors), nginx (error_page) and Apache (ErrorDocument) do; nothing outside PREFIX is served, so a link
from the server's root fails. Real Chromium loads the missing address: no request may fail, the stylesheets must
apply, and the header's links must lead into PREFIX.
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen
from urllib.error import HTTPError

import pytest


class SubFolderHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under prefix; every other address is a miss answered with 404.html (status 404)."""

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self.not_found()
        local = Path(self.directory) / path[len(self.prefix):]
        if local.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if not (local.is_file() or (local / "index.html").is_file()):
            return self.not_found()
        self.path = "/" + path[len(self.prefix):]
        return super().do_GET()

    def not_found(self):
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module", params=["/bao-cao/", "/"], ids=["sub-folder", "root"])
def served(request, site):
    handler = functools.partial(SubFolderHandler, directory=str(site), prefix=request.param)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", request.param
    server.shutdown()
    server.server_close()


def status(url: str) -> int:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status
    except HTTPError as exc:
        return exc.code


def test_the_test_server_serves_only_its_prefix(served):
    """So that a link from the server's root really fails in the browser test below."""
    origin, prefix = served
    assert status(f"{origin}{prefix}assets/baocao.css") == 200
    assert status(f"{origin}{prefix}khong-co/") == 404
    if prefix != "/":
        assert status(f"{origin}/assets/baocao.css") == 404


MISSES = ["khong-co", "khong-co/", "2023/khong-co/", "2023/ii-1-1-chi-tieu-nganh/khong-co.html", "search/"]


@pytest.mark.parametrize("miss", MISSES)
def test_404_page_is_styled_and_links_into_the_site(browser, served, miss):
    origin, prefix = served
    url = f"{origin}{prefix}{miss}"
    failed, errors, seen = [], [], []
    page = browser.new_page()
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: (seen.append((r.url, r.status)),
                                   failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 and r.url != url
                                   else None))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(url, wait_until="networkidle")
        assert response.status == 404
        assert "404" in page.inner_text("article")
        sheets = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
                                     .map(l => [l.href, !!l.sheet && l.sheet.cssRules.length])""")
        header_bg = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        home = page.evaluate("document.querySelector('a.md-logo').href")
        nav = page.evaluate("[...document.querySelectorAll('.md-nav__link[href]')].map(a => a.href)")
    finally:
        page.close()
    assert not failed, f"{url}: requests that failed:\n" + "\n".join(failed)
    assert not errors, f"{url}: script errors: {errors}"
    assert len(sheets) >= 3 and all(rules for _href, rules in sheets), sheets
    assert all(href.startswith(f"{origin}{prefix}assets/") for href, _rules in sheets), sheets
    assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), "the header is unstyled"
    assert home == f"{origin}{prefix}"
    assert f"{origin}{prefix}2023/" in nav and f"{origin}{prefix}huong-dan-bien-tap/" in nav   # the pruned nav
    assert (f"{origin}{prefix}search/search_index.json", 200) in seen, "the search index was not loaded"
