"""Pages hold Markdown, not HTML that runs, and nothing in the site is fetched from outside it.

Checked on the HTML as built — where html.parser has resolved every entity and escape trick — never on the source
text. One parser, two scopes:

- the article (what the pages and the data produced; `content` True, or inside Material's
  `<article class="md-content__inner">`): no <script>, <base>, <iframe>, <frame>, <object>, <embed>, <applet>,
  <portal>; no event-handler attribute (on…); no javascript:/vbscript: URL and no data:/blob: URL;
- everywhere (the theme's part of a page too, where a page's front-matter title or a nav label lands): no event
  handler, no <base> or frame, no javascript: URL, and no URL that makes the browser fetch from outside the site:
  src, srcset, poster, background, data, ping, action, <link href> (not rel=canonical and the like), SVG
  href (xlink:href), <meta http-equiv=refresh>, CSS url()/@import/image-set() in style attributes and <style>, and a
  script's literal URLs (html/urls.py reads them as a browser does). A link (<a href>, <area href>) to another
  site is allowed: it fetches nothing until the reader clicks it. Scripts outside the article are the theme's
  only: a src in the site, or one of Material's inline scripts, exactly (THEME_SCRIPTS); 404.html also has the ones
  site/not_found.py writes. Tags and attributes go by their local name (an SVG or XML file may name the XHTML or
  xlink namespace with any prefix: <h:script>, x:href); no <?xml-stylesheet?> (a style sheet or an XSLT that writes
  a page no check has seen).

page_problems checks one page; html/served_files.py site_problems a built folder (HTML; SVG and XML as strictly as an
article; CSS; JS; PDF).
The build checks each page as it is written and the rest of the folder after it (BuildCheck, wired by
site/mkdocs_hooks.py); `check` each page's rendered Markdown as HTML and its front-matter title (commands/check.py);
`publish` the folder it is about to put online (output/publish.py). What a browser and html.parser would read
differently (DIFFERENTIAL, and the raw-text elements in NEVER) is refused outright.
What slips past is blocked by the pages' Content-Security-Policy (overrides/main.html).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import asdict, dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from ..errors import DataError
from .urls import css_urls, normalise, script_urls, srcset_urls, where

NEVER = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
         "noscript", "noembed", "noframes", "xmp"}   # raw text for a browser, markup for html.parser: they could hide
# What a browser and html.parser read differently (Python 3.11): `<!-->` and `--!>` end a comment for a browser only;
# `<![CDATA[` is a marked section for html.parser but a bogus comment ending at the first `>` for a browser.
# A document type with its own declarations (`<!DOCTYPE svg [<!ENTITY s "<script>…">]>`): an SVG or XML file's parser
# expands `&s;` into elements, html.parser sees an unknown entity.
DIFFERENTIAL = re.compile(r"<!--->|<!-->|--!>|<!\[|<!DOCTYPE[^>\[]*\[|<!ENTITY|<!ATTLIST", re.I)
URL_ATTRIBUTES = {"src", "href", "srcset", "imagesrcset", "poster", "background", "data", "ping",
                  "action", "formaction", "manifest", "codebase", "lowsrc", "dynsrc", "icon", "cite", "longdesc",
                  "to", "from", "values"}
NOT_FETCHED = {("a", "href"), ("area", "href"), ("*", "cite"), ("*", "longdesc")}
NOT_FETCHED_LINKS = {"canonical", "alternate", "author", "license", "help", "me", "next", "prev", "bookmark"}
# Material's inline scripts (mkdocs-material 9.7, templates/base.html), by the SHA-256 of their text with the page's
# base URL written BASE: any other inline script outside the article is refused. After a Material upgrade the build
# names the new ones' digests: read the scripts in the upgraded base.html, then put the digests here.
THEME_SCRIPTS = {
    "a0e1541c4386669a1f47e4f625241c9634088450166b51889f52751b9d783902",   # __md_scope, __md_get, __md_set
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",   # the palette chosen before
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",   # the tab named in the address
}
_BASE_URL = re.compile(r'^__md_scope=new URL\((?:"[^"]*",location|document\.baseURI)\)')
MARKUP = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".xml")   # all but HTML checked as an article
NOT_FOUND_SCRIPTS = ("(function () {", "(function (c) {", "document.write(")   # site/not_found.py, 404.html only
# Material's repository widget (repo_url) asks the host's API for stars/forks only for these URLs (its bundle:
# components/source/facts/_/index.ts); for any other host it fetches nothing.
SOURCE_API = re.compile(r"^.+github\.com/([^/]+)/?([^/]+)?|^.+?([^/]*gitlab[^/]+)/(.+?)/?$", re.I)


@dataclass(frozen=True)
class Problem:
    vi: str
    en: str
    needle: str      # text to look for in the page's source, to give a line
    article: bool = True   # found in the article (else in the theme's part: a title, the nav, mkdocs.yml's text)

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shown(url: str) -> str:
    """A URL for a message: control characters written as \\xNN, cut at 100 characters, and what the browser
    reads when it differs."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", url[:100])
    read = normalise(url)[:100]
    return text if read == url[:100] else f"{text} (trình duyệt đọc là / read by the browser as {read})"


def _host(url: str) -> str:
    """The host part of a URL leaving the site (the text most likely found as is in the page's source)."""
    rest = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", "", normalise(url)).lstrip("/")
    return rest.split("/")[0] or url[:40]


def _tag_refused(tag: str) -> Problem:
    return Problem(f"thẻ <{tag}> không được dùng trong trang (HTML chạy được hoặc tải trang khác)",
                   f"the <{tag}> tag is not allowed in a page", f"<{tag}")


class _Checker(HTMLParser):
    def __init__(self, content: bool, scripts: tuple):
        super().__init__(convert_charrefs=True)
        self.problems: list[Problem] = []
        self.links: list[str] = []          # <a href> values (404.html: none may start at the server's root)
        self.fetched: list[str] = []        # every URL an attribute fetches, as written
        self._depth = 1 if content else 0   # inside the article
        self._opened = content              # the article was opened (a later </article> at depth 0 is stray)
        self._scripts = scripts             # prefixes of the other inline scripts allowed (404.html's)
        self._raw = None                    # "script", "json" or "style" while in one

    def _add(self, problem: Problem) -> None:
        self.problems.append(replace(problem, article=bool(self._depth)))

    def _url(self, tag: str, name: str, value: str, fetched: bool, written: bool = True) -> None:
        kind = where(value)
        if fetched and written and kind != "script":
            self.fetched.append(value)
        if kind == "script":
            self._add(Problem(f"địa chỉ chạy mã {shown(value)} trong thuộc tính {name} của <{tag}>",
                                         f"a script URL in {name} of <{tag}>", name))
        elif kind == "data" and self._depth:
            self._add(Problem(f"địa chỉ data:/blob: trong thuộc tính {name} của <{tag}> (nội dung nhúng "
                                         "không kiểm tra được)", f"a data:/blob: URL in {name} of <{tag}>", name))
        elif kind == "outside" and fetched:
            self._add(Problem(f"tải từ ngoài trang: {shown(value)} (thuộc tính {name} của <{tag}>)",
                                         f"fetched from outside the site: {shown(value)} ({name} of <{tag}>)",
                                         _host(value)))

    def handle_pi(self, data):
        """<?xml-stylesheet …?>: an SVG or XML file opened on its own fetches the style sheet it names, from anywhere,
        or an XSLT one (another .xml of the site) that writes a page with scripts no check has seen."""
        if data.lower().startswith("xml-stylesheet"):
            self._add(Problem("chỉ dẫn <?xml-stylesheet?> (tệp SVG/XML tự tải kiểu trình bày hay XSLT)",
                              "an <?xml-stylesheet?> instruction", "xml-stylesheet"))

    def handle_starttag(self, tag, attrs):
        # in an SVG or XML file any prefix names a namespace (<h:script xmlns:h="…xhtml"> runs, x:href fetches):
        # tags and attributes by their local name
        tag, attrs = _local(tag), [(_local(name), value) for name, value in attrs]
        if tag == "article" and self._depth:
            self._depth += 1
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self._depth, self._opened = 1, True
        values = {name: value or "" for name, value in attrs}
        if tag in NEVER or (tag == "script" and self._depth):
            self._add(_tag_refused(tag))
        rel = set(values.get("rel", "").lower().split())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(Problem(f"thuộc tính sự kiện {name}= trên <{tag}> (chạy mã)",
                                             f"the event-handler attribute {name}= on <{tag}>", name))
            elif name == "style":
                for url in css_urls(value):
                    self._url(tag, "style", url, True)
            elif name in URL_ATTRIBUTES:
                fetched = (tag, name) not in NOT_FETCHED and ("*", name) not in NOT_FETCHED \
                    and not (tag == "link" and rel and rel <= NOT_FETCHED_LINKS)
                for url in srcset_urls(value) if "srcset" in name else [value]:
                    self._url(tag, name, url, fetched)
                if tag in ("a", "area") and name == "href":
                    self.links.append(value)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.match(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", values.get("content", ""), re.I)
            if target:
                self._url(tag, "http-equiv=refresh", target.group(1), True)
        if values.get("data-md-component") == "source" and SOURCE_API.match(values.get("href", "")):
            self._add(Problem(f"khung kho mã gọi API của máy chủ {values['href']}",
                                         "the repository widget calls its host's API", "repo_url"))
        if tag == "script":
            self._raw = "json" if "json" in values.get("type", "") else "script"
            if "src" in values:
                self._raw = "json"   # its text (if any) never runs
        elif tag == "style":
            self._raw = "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._raw = None

    def handle_endtag(self, tag):
        tag = _local(tag)
        if tag == "article" and self._depth:
            self._depth -= 1
        elif tag == "article" and self._opened:      # a page that closes Material's article early, to write outside it
            self._add(Problem("thẻ đóng </article> thừa (trang viết ra ngoài phần nội dung)",
                                         "a stray </article> (the page writes outside its article)", "</article"))
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data):
        if self._raw == "style":
            if "<" in data:    # inside <svg> or <math> a browser reads tags in <style>; html.parser does not
                self._add(Problem("dấu < trong <style> (trong SVG/MathML trình duyệt đọc nó là thẻ)",
                                  "a < inside <style> (read as a tag inside SVG or MathML)", "<style"))
            for url in css_urls(data):
                self._url("style", "url()", url, True)
        elif self._raw == "script":
            self._raw = "json"     # one text per script element
            for url in script_urls(data):
                self._url("script", "fetch", url, True, written=False)
            text = data.strip()
            if self._depth:
                return             # the <script> tag is refused already
            sha = theme_digest(text)
            if sha not in THEME_SCRIPTS and not (self._scripts and text.startswith(self._scripts)):
                brief = _CONTROL.sub(" ", text[:60])
                self._add(Problem(f"đoạn mã <script> không phải của giao diện: {brief}",
                                  f"an inline script that is not the theme's (sha256 {sha}): {brief}", text[:30]))


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def theme_digest(script: str) -> str:
    """The SHA-256 (hex) THEME_SCRIPTS knows an inline script by: its text, stripped, the base URL written BASE."""
    return hashlib.sha256(_BASE_URL.sub("__md_scope=new URL(BASE)", script.strip()).encode("utf-8")).hexdigest()


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_SCRIPT_SRC = re.compile(r"""(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src 'self')""")


def pin_scripts(page_html: str, not_found: bool = False) -> str:
    """The page with its Content-Security-Policy (overrides/main.html) naming the digest of each inline script that
    is the theme's (THEME_SCRIPTS; on 404.html also site/not_found.py's): a browser that knows digests then ignores
    'unsafe-inline' and runs no other inline script or event handler; an older one keeps 'unsafe-inline'."""
    allowed = NOT_FOUND_SCRIPTS if not_found else ()
    pins = ["'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
            for m in _INLINE_SCRIPT.finditer(page_html)
            if theme_digest(m.group(1)) in THEME_SCRIPTS or (allowed and m.group(1).strip().startswith(allowed))]
    if not pins:
        return page_html
    return _SCRIPT_SRC.sub(lambda m: f"{m.group(1)} {' '.join(dict.fromkeys(pins))}", page_html, count=1)


_POLICY = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def without_policy(page_html: str) -> str:
    """The page without its Content-Security-Policy: for the preview copy opened from disk only (the offline
    plugin runs search in a frame from a file:// page, which the policy forbids); what the build refuses is the same."""
    return _POLICY.sub("", page_html, count=1)


def page_problems(page_html: str, content: bool = False, not_found: bool = False) -> _Checker:
    """The checker after reading one page (or, content=True, an article's HTML alone): .problems, .fetched,
    .links."""
    checker = _Checker(content, NOT_FOUND_SCRIPTS if not_found else ())
    for odd in dict.fromkeys(m.group() for m in DIFFERENTIAL.finditer(page_html)):
        checker.problems.append(Problem(f"cách viết HTML mà trình duyệt đọc khác bộ kiểm tra: {odd}",
                                        f"HTML that a browser reads otherwise than the checker: {odd}", odd))
    checker.feed(page_html)
    checker.close()
    unclosed = checker.cdata_elem   # html.parser leaves what follows an unclosed <style> unread; in SVG or MathML a
    if unclosed:                    # browser reads it as HTML
        checker._add(Problem(f"thẻ <{unclosed}> không được đóng: phần sau nó không kiểm tra được (trong SVG/MathML "
                             "trình duyệt đọc nó là HTML)", f"an unclosed <{unclosed}>: what follows it is not checked",
                             f"<{unclosed}"))
    return checker


FIX = ("Trang chỉ viết Markdown: xoá thẻ, thuộc tính hay địa chỉ này (hình ảnh: đặt tệp trong docs/assets/ rồi "
       "chèn bằng ![mô tả](đường-dẫn-tương-đối)). Nếu dòng này không có trong trang, nó đến từ dữ liệu hoặc "
       "tiêu đề (front matter, nav): sửa ở đó.")


OUTSIDE_ARTICLE = (" (ngoài phần nội dung: tiêu đề trong front matter, mục lục hoặc chữ trong mkdocs.yml)",
                   " (outside the article: a front-matter title, the nav or mkdocs.yml's text)")


def page_errors(file: str, source: str, problems) -> list[DataError]:
    """Problems of one page as errors naming its source file and, for one in the article that the source shows,
    the line."""
    return [DataError(file, source_line(source, p.needle) if p.article else None, None, "",
                      f"Trang có HTML không an toàn: {p.vi}{'' if p.article else OUTSIDE_ARTICLE[0]}.",
                      f"The page holds unsafe HTML: {p.en}{'' if p.article else OUTSIDE_ARTICLE[1]}.", FIX)
            for p in dict.fromkeys(problems)]


def source_line(source: str, needle: str) -> int | None:
    """The first line of a page's source holding needle (case-insensitive), or None (it came from data, or from an
    entity the source spells otherwise)."""
    needle = needle.lower().strip()
    if not needle:
        return None
    for number, line in enumerate(source.splitlines(), 1):
        if needle in line.lower():
            return number
    return None


def kept_checks(cache) -> tuple:
    """BuildCheck's two memos over the project's cache (macros/cache.py): the problems of a page, and of another file
    of the built folder, kept under its bytes, so a build where it did not change does not read it again (the code is
    in the cache's own key)."""
    from ..cache import digest

    def page(dest_uri: str, output: str, check) -> list:
        kept = cache.remember("safety", dest_uri, digest(output), lambda: [asdict(p) for p in check(output)])
        return [Problem(**p) for p in kept]

    def file(rel: str, path: Path, check) -> list:
        kept = cache.remember("safety", rel, digest(path.read_bytes()), lambda: [asdict(p) for p in check(path)])
        return [Problem(**p) for p in kept]
    return page, file


class BuildCheck:
    """The strict build's check (site/mkdocs_hooks.py wires it): each page as it is written, then the rest of the
    built folder; a problem outside the article (a nav title's, on every page) is said once, on its first page."""

    def __init__(self, root: Path, memo=None, files=None, walk=os.walk):
        """memo(dest_uri, output, check): check(output), or its result for the same output kept from before; files(rel,
        path, check): the same for another file of the built folder (`kept_checks`; mkdocs serve:
        site/incremental.py); walk: how the built folder is listed (site_problems)."""
        self.root, self.errors, self.checked, self.shared = Path(root), [], set(), set()
        self.memo = memo or (lambda dest_uri, output, check: check(output))
        self.files, self.walk = files, walk

    def page(self, output: str, source: str | None, src_uri: str, dest_uri: str) -> list:
        """Check the page as written; its problems (all of them, for `known` at a later build)."""
        found = self.memo(dest_uri, output, lambda html: page_problems(html).problems)
        self.known(found, source, src_uri, dest_uri)
        return found

    def known(self, found: list, source: str | None, src_uri: str, dest_uri: str) -> None:
        """A page's problems, found when it was written (mkdocs serve --dirty: a page not written again)."""
        problems = [p for p in found if p.article or p not in self.shared]
        self.shared.update(p for p in problems if not p.article)
        self.checked.add(dest_uri)
        if problems:
            path = Path(source or "")
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            name = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else f"docs/{src_uri}"
            self.errors += page_errors(name, text, problems)

    def finish(self, site: Path, docs: Path) -> list[DataError]:
        """Every error of the build: its pages' and the other files' (named in docs/ when they come from there)."""
        from .served_files import site_problems   # (it reads each page with page_problems, from here)
        return self.errors + [error for rel, problem in site_problems(site, self.checked, self.files, self.walk)
                              for error in page_errors(f"{docs.name}/{rel}" if (docs / rel).is_file()
                                                       else f"{site.name}/{rel}", "", [problem])]
