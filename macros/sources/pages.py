"""The site's Markdown pages as sources: front matter, year, URL, title, and the text macros would run on.

One reader of front matter (as MkDocs reads it: YAML between '---' lines at the top), used by every stage.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import chars

_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)   # MkDocs' own pattern
_YEAR_DIR = re.compile(r"^(\d{4})/")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*(\{[^}]*\})?\s*$")
_HEADING = re.compile(r"^(#{1,6})(?=\s)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def front_matter_text(text: str) -> tuple[str | None, str]:
    """(the front matter's YAML text or None, the body)."""
    m = _FRONT.match(text)
    return (m.group(1), text[m.end():]) if m else (None, text)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter as a dict, the body, how many lines the front matter takes). A front matter YAML cannot
    read counts as none: sources/misprints.py reports it (MkDocs would print it as text)."""
    meta, body, lines = _split(text)
    return dict(meta), body, lines


@lru_cache(maxsize=1024)   # a system page's template is read once for every year that shows it
def _split(text: str) -> tuple[dict, str, int]:
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[m.end():], m.group(0).count("\n")


@dataclass
class Page:
    src: str                  # path under docs/, forward slashes: "2023/ii-1-1-chi-tieu-nganh.md"
    text: str                 # the whole file, front matter included (line numbers match the editor's)
    meta: dict = field(default_factory=dict)
    body: str = ""
    origin: str = ""          # the file it is read from, when not docs/<src> (a system page's template)
    undecodable: tuple | None = None   # (line, column, bytes) of the first byte that is not UTF-8

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def source(self) -> str:
        """The file an editor opens for this page, from the project folder: 'docs/2023/x.md' or a template."""
        return self.origin or f"docs/{self.src}"


def read_page(docs_dir: Path, path: Path, src: str | None = None, origin: str = "") -> Page:
    """A page as the build reads it (UTF-8, any line ending, one spelling of every letter, nothing invisible:
    chars.page_text); bytes that are not UTF-8 are replaced and noted in `undecodable` (the pre-flight reports them)
    instead of stopping the reader. `src` and `origin` for a page shown at another place than its file (system
    pages)."""
    raw, undecodable = path.read_bytes(), None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8-sig", "replace")
        undecodable = chars.undecodable(exc)
    text = chars.page_text(text.replace("\r\n", "\n").replace("\r", "\n"))   # NFC, ð → đ, no invisible: as built
    meta, body, _ = split_front_matter(text)
    return Page(src or path.relative_to(docs_dir).as_posix(), text, meta, body, origin, undecodable)


def read_pages(docs_dir, read=None) -> list[Page]:
    """Every Markdown page under docs_dir, sorted by path. read: read_page, or one that hands back a page read
    before while its file is unchanged (`mkdocs serve`: site/incremental.py); a Page is never changed once read."""
    docs_dir, read = Path(docs_dir), read or read_page
    return [read(docs_dir, md) for md in sorted(docs_dir.rglob("*.md"))]


def page_year(src: str, meta: dict, years, default: int | None) -> int | None:
    """A page's year: front matter `year:`, else the year folder it lives in, else `default` (the year the site
    presents: Dataset.presented(), the newest complete one)."""
    if isinstance(meta.get("year"), int):
        return meta["year"]
    m = _YEAR_DIR.match(src)
    if m and int(m.group(1)) in years:
        return int(m.group(1))
    return default


def page_url(src: str) -> str:
    """docs path -> site URL with directory URLs: '2023/ii-1-1.md' -> '2023/ii-1-1/'."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


@lru_cache(maxsize=8192)
def rel_url(from_url: str, to_url: str) -> str:
    """Relative link between two MkDocs page URLs (directory URLs). Kept per pair: posixpath.relpath asks the
    system for the working folder at every call, and a figures table makes thousands of links."""
    to_path, _, anchor = to_url.partition("#")
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else ""
    rel = posixpath.relpath(to_path or ".", base or ".")
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def file_url(url: str, sources) -> str:
    """A directory-style site URL as the file a build without directory URLs writes (the preview's site that opens
    from disk): '2023/van-ban/#k' -> '2023/van-ban.html#k', '2023/' -> '2023/index.html' (2023/index.md), '' ->
    'index.html'; a file's URL ('2023/so-lieu-2023.xlsx') as is. sources: the docs paths ('2023/van-ban.md')."""
    path, sep, anchor = url.partition("#")
    if path == "" or path.endswith("/"):
        stem = path.rstrip("/")
        path = f"{stem}.html" if stem and f"{stem}.md" in sources else f"{path}index.html"
    return path + sep + anchor


def rel_file_url(from_file: str, to_url: str, sources) -> str:
    """Relative link from a page written as a file ('2023/bang-so-lieu.html': use_directory_urls false) to a
    directory-style URL (what the macros name), leading to the file the build writes."""
    to_path, sep, anchor = file_url(to_url, sources).partition("#")
    return _relative(to_path, posixpath.dirname(from_file)) + sep + anchor


@lru_cache(maxsize=8192)
def _relative(path: str, start: str) -> str:
    return posixpath.relpath(path, start or ".")


def blanked(match: re.Match) -> str:
    """A regex match's text with every character but line ends made a space (re.sub replacement): what follows
    keeps its line and column. One string per line, not one substitution per character (the guide's long code
    blocks)."""
    return "\n".join(" " * len(line) for line in match.group().split("\n"))


def executed(markdown: str) -> str:
    """The page without its {% raw %} blocks (shown literally, never run), line numbers kept."""
    return _RAW.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)


def heading(body: str) -> str | None:
    """The page's first level-1 heading."""
    for line in body.split("\n"):
        m = _H1.match(line)
        if m:
            return m.group(1)
    return None


def shift_headings(markdown: str, by: int) -> str:
    """'# Title' -> '### Title' for by=2 (at most six #); code fences are left alone."""
    if by <= 0:
        return markdown
    lines, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + by), line)
        lines.append(line)
    return "\n".join(lines)
