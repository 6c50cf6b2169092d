"""Where a URL leads, read as a browser reads it (pure functions; the one place for it).

A browser forgives what a pattern does not see (WHATWG URL standard, "basic URL parser"): it drops leading and
trailing C0 controls and spaces and every tab and newline inside (`ht&#9;tps://` is `https://` once the parser
has turned the entity into a tab), reads a backslash as a slash in http(s) URLs (`https:\\\\evil\\a.png`), needs no
slashes after a special scheme (`https:evil.example/x` goes to evil.example from a page served over another
scheme), and a URL starting with `//` keeps only the page's scheme. CSS has its own escapes (`url(\\68ttps://…)`).

`where(url)` answers for a URL already entity-decoded (html.parser does that for attributes; `html.unescape` for
other text): "site" (a relative or same-server path), "outside" (anything with a scheme other than the ones below,
or `//host`), "script" (javascript:, vbscript:), "data" (data:, blob:), "mail" (mailto:, tel:, sms: — leave nothing
to fetch). Any scheme counts as outside, `file:` and `C:/` included: the site only ever refers to itself.
"""
from __future__ import annotations

import re

_EDGES = "".join(chr(c) for c in range(0x21))             # C0 controls and space
_TAB_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SCRIPT_SCHEMES = {"javascript", "vbscript", "livescript"}
DATA_SCHEMES = {"data", "blob"}
MAIL_SCHEMES = {"mailto", "tel", "sms"}


def normalise(url: str) -> str:
    """The URL as the browser's parser sees it: edges stripped, tabs and newlines removed, backslashes as
    slashes."""
    return _TAB_NEWLINE.sub("", str(url).strip(_EDGES)).replace("\\", "/")


def where(url: str) -> str:
    """"site", "outside", "script", "data" or "mail" (see the module's docstring)."""
    url = normalise(url)
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in SCRIPT_SCHEMES:
            return "script"
        if name in DATA_SCHEMES:
            return "data"
        if name in MAIL_SCHEMES:
            return "mail"
        return "outside"
    return "outside" if url.startswith("//") else "site"


def srcset_urls(value: str) -> list[str]:
    """Every piece of a srcset that could be a URL (descriptors such as `2x` are harmless "site" pieces)."""
    return [piece for piece in re.split(r"[\s,]+", value) if piece]


_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_CSS_IMAGE_SET = re.compile(r"""(?:image-set|image|src|cross-fade)\(([^)]*)\)""", re.I)   # "…" strings are URLs
_QUOTED = re.compile(r""""([^"]*)"|'([^']*)'""")


def css_unescape(text: str) -> str:
    """CSS escapes resolved (`\\68` is `h`), comments removed."""
    def one(m):
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return "" if m.group(2) == "\n" else m.group(2)
    return _CSS_COMMENT.sub("", _CSS_ESCAPE.sub(one, text))


def css_urls(text: str) -> list[str]:
    """The URLs a style sheet (or a style attribute) makes the browser fetch: url(), @import, and the strings in
    image-set(), image(), src(), cross-fade()."""
    text = css_unescape(text)
    found = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]
    found += [m.group(1) if m.group(1) is not None else m.group(2) for m in _CSS_IMPORT.finditer(text)]
    for image_set in _CSS_IMAGE_SET.finditer(text):
        found += [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(image_set.group(1))]
    return found


_JS_FETCH = re.compile(r"""(?:\b(?:src|href|action|data)\s*[=:]|\b(?:fetch|importScripts|Worker|SharedWorker|"""
                       r"""sendBeacon|WebSocket|EventSource|import|open|location\.(?:assign|replace))\s*\()\s*"""
                       r"""(?:["'`][^"'`]*["'`]\s*,\s*)?["'`]([^"'`]*)["'`]""")


def script_urls(text: str) -> list[str]:
    """URLs a script hands, as a literal, to something that fetches (fetch("…"), src = "…", new Worker("…"),
    XMLHttpRequest.open("GET", "…") …). A script that builds its URL at run time is not seen here: pages may hold
    no script at all (html/page_safety.py), the site's own scripts are code reviewed as code, and the pages'
    Content-Security-Policy (overrides/main.html) blocks whatever a script still asks for outside the site."""
    return [_JS_ESCAPE.sub(_js_char, m.group(1)) for m in _JS_FETCH.finditer(text)]


_JS_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|(.))", re.S)


def _js_char(m) -> str:
    code = next((g for g in m.groups()[:3] if g), None)
    if code is None:
        return m.group(4)
    value = int(code, 16)
    return chr(value) if value <= 0x10FFFF else "\ufffd"
