"""The site works on an intranet with no internet.

The built site must reference nothing outside itself, and in real Chromium every page must load with every
non-loopback request failing at once (a proxy that is not there), without console errors, with its Vietnamese text drawn in locally installed
(not web) fonts that have a glyph for every character shown.
"""
from __future__ import annotations

import re
import subprocess
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


LOOPBACK = {"127.0.0.1", "localhost"}
# Attributes whose URL the browser fetches by itself (an <a href> is only followed when clicked).
FETCHED = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
           ("embed", "src"), ("object", "data"), ("input", "src")}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*(?:https?:)?//""", re.I)
# Material's repository widget (repo_url) asks the host's API for stars/forks only for these URLs (its bundle:
# components/source/facts/_/index.ts); for any other host it fetches nothing.
SOURCE_API = re.compile(r"^.+github\.com/([^/]+)/?([^/]+)?|^.+?([^/]*gitlab[^/]+)/(.+?)/?$", re.I)
TOFU = ("\u25a1", "\ufffd")          # white square, replacement character


def pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a URL path."""
    paths = []
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


class FetchedUrls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in FETCHED and value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
            if name == "style" and value:
                self.styles.append(value)
        if ("data-md-component", "source") in attrs:
            self.sources.append(dict(attrs).get("href", ""))


def test_built_site_fetches_nothing_from_outside(site):
    """Static check of the real build: no tag or stylesheet that makes the browser fetch from another host."""
    found = []
    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) > 10, "the site has too few pages: was it built?"
    for f in html_files:
        text = f.read_text(encoding="utf-8")
        parser = FetchedUrls()
        parser.feed(text)
        found += [f"{f.relative_to(site)}: {u}" for u in parser.urls if EXTERNAL.match(u)]
        found += [f"{f.relative_to(site)}: style {s}" for s in parser.styles if CSS_EXTERNAL.search(s)]
        found += [f"{f.relative_to(site)}: repository widget calls the API of {u}" for u in parser.sources
                  if SOURCE_API.match(u)]
        if "fonts.googleapis.com" in text or "fonts.gstatic.com" in text:
            found.append(f"{f.relative_to(site)}: Google Fonts (theme.font must stay false)")
    for css in sorted(site.rglob("*.css")):
        for m in CSS_EXTERNAL.finditer(css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(site)}: {m.group(0)}")
    assert not found, "the site would fetch from outside:\n" + "\n".join(found)


def installed_font_charsets() -> dict[str, set[int]]:
    """PostScript name -> code points, for every font fontconfig knows (the fonts Chromium can use)."""
    out = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{charset}\n"],
                         capture_output=True, text=True, check=True).stdout
    fonts: dict[str, set[int]] = {}
    for line in out.splitlines():
        name, _, charset = line.partition("\t")
        points = fonts.setdefault(name, set())
        for part in charset.split():
            first, _, last = part.partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
    return fonts


def drawable(ch: str, points: set[int]) -> bool:
    """A character can be drawn by fonts with these code points: itself, or its NFD parts (HarfBuzz composes)."""
    return ord(ch) in points or all(ord(c) in points for c in unicodedata.normalize("NFD", ch))


def settle(page, inflight: set, activity: list, quiet: float = 0.2, seconds: float = 10.0) -> None:
    """Wait until no request of the pages is in flight and none started or ended for `quiet` seconds (the search
    worker asks for its scripts and index after `load`). Playwright's networkidle waits a fixed 0.5 s of quiet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.wait_for_timeout(25)
        if not inflight and time.monotonic() - activity[0] >= quiet:
            return
    raise AssertionError(f"{page.url}: requests still pending after {seconds} s: {[r.url for r in inflight]}")


TABS = 6   # pages loaded at once by the offline test


def drawn_fonts(page, cdp, path: str, used: dict) -> set[str]:
    """The fonts Chromium really drew the page's text with (PostScript names); `used` counts glyphs per family.
    One element per (computed font, character) pair is enough: for a given style the font that draws a character
    is always the same, so later elements that add no new pair are not asked about."""
    page.evaluate("""() => { const seen = new Map();
        for (const el of document.body.querySelectorAll("*")) {
          const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("");
          if (!text.trim()) continue;
          const cs = getComputedStyle(el), key = cs.fontFamily + "|" + cs.fontWeight + "|" + cs.fontStyle;
          const chars = seen.get(key) || new Set(); seen.set(key, chars);
          let adds = false;
          for (const ch of text) if (!chars.has(ch)) { chars.add(ch); adds = true; }
          if (adds) el.setAttribute("data-font-check", "");
        } }""")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    found = set()
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-font-check]"})["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            assert not font["isCustomFont"], f"{path}: web font {font['familyName']} (fonts must be local)"
            found.add(font["postScriptName"])
            used[font["familyName"]] = used.get(font["familyName"], 0) + font["glyphCount"]
    return found


def offline_context(browser, requests: list, blocked: list, **options):
    """A browser context with no way out: every request not to loopback goes to a proxy that is not there (so it
    fails at once), and is recorded in `blocked`; every request in `requests`. No request routing through Python
    (Playwright's route() sends each request through the test and turns the browser's cache off: twice as slow)."""
    from conftest import free_port
    context = browser.new_context(proxy={"server": f"http://127.0.0.1:{free_port()}", "bypass": ",".join(LOOPBACK)},
                                  **options)

    def seen(request):
        requests.append(request.url)
        if urlsplit(request.url).hostname not in LOOPBACK:
            blocked.append(request.url)
    context.on("request", seen)
    return context


def test_every_page_loads_offline(browser, site, site_url):
    """Every page in real Chromium with no way out: no request outside may be tried, none may fail."""
    fonts = installed_font_charsets()
    blocked, failed, errors, requests = [], [], [], []
    context = offline_context(browser, requests, blocked)
    inflight, activity = set(), [time.monotonic()]   # requests not yet answered; when the last one began or ended

    def started(r):
        inflight.add(r)
        activity[0] = time.monotonic()

    def ended(r):
        inflight.discard(r)
        activity[0] = time.monotonic()

    def tab():
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: console {m.type}: {m.text}")
                if m.type in ("error", "assert") else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}")
                if urlsplit(r.url).hostname in LOOPBACK else None)
        page.on("response", lambda r: failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
        page.on("request", started)
        page.on("requestfinished", ended)
        page.on("requestfailed", ended)
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        return page, cdp

    tabs = [tab() for _ in range(TABS)]
    paths = pages(site)
    used, undrawn, tofu = {}, {}, []
    for first in range(0, len(paths), TABS):   # TABS pages load at once, and their late requests are awaited once
        batch = list(zip(paths[first:first + TABS], tabs))
        for path, (page, _) in batch:
            page.goto(site_url + path, wait_until="commit")
        for _, (page, _) in batch:
            page.wait_for_load_state("load")
        for path, (page, cdp) in batch:   # read while the search workers ask for their index (nothing changes the text)
            text = page.evaluate("document.body.innerText")
            assert len(text.strip()) > 20, f"{path}: the page shows no text"
            tofu += [f"{path}: {ch!r}" for ch in TOFU if ch in text]
            page_fonts = drawn_fonts(page, cdp, path, used)
            unknown = page_fonts - fonts.keys()
            assert not unknown, f"{path}: fonts not known to fontconfig: {unknown}"
            points = set().union(*(fonts[name] for name in page_fonts))
            missing = {ch for ch in text if not ch.isspace() and not drawable(ch, points)}
            if missing:
                undrawn[path] = "".join(sorted(missing))
        settle(tabs[0][0], inflight, activity)   # before the tabs go on: a request cut short would count as failed
    context.close()

    print(f"\noffline: {len(paths)} pages, {len(requests)} requests, {len(blocked)} blocked; fonts drawn: {used}")
    assert not blocked, "requests to outside the site:\n" + "\n".join(sorted(set(blocked)))
    assert not failed, "requests that failed:\n" + "\n".join(failed)
    assert not errors, "console errors:\n" + "\n".join(errors)
    assert not tofu, "missing-glyph boxes in the text:\n" + "\n".join(tofu)
    assert not undrawn, f"characters no font on the page can draw (fonts used: {used}): {undrawn}"
    assert used, "no font drew any text"


def test_offline_check_sees_an_outside_request(browser, site_url):
    """The guard itself works: a page that asks an outside host is caught (so 'none blocked' means something). The
    site's Content-Security-Policy would stop the request before the guard sees it (tests/test_page_safety.py
    proves that); bypassed here, as this tests the guard, not the policy."""
    blocked, failed = [], []
    context = offline_context(browser, [], blocked, bypass_csp=True)
    page = context.new_page()
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.goto(site_url, wait_until="networkidle")
    loaded = page.evaluate("""() => new Promise(done => {
        const link = document.createElement("link")
        link.rel = "stylesheet"; link.href = "https://fonts.googleapis.com/css?family=Roboto"
        link.onerror = () => done(false); link.onload = () => done(true); document.head.append(link) })""")
    context.close()
    assert blocked == ["https://fonts.googleapis.com/css?family=Roboto"]
    # stopped by the proxy that is not there, not by a missing network (that would be ERR_NAME_NOT_RESOLVED)
    assert not loaded and failed == [(blocked[0], "net::ERR_PROXY_CONNECTION_FAILED")], failed
