"""The words of the theme (Material for MkDocs) that a reader sees or hears are Vietnamese and say what the control
does: no English left from Material's Vietnamese file ("Initializing search" while the search starts), the
back-to-top button not named like the table of contents, the skip link naming where it goes.

Read from the real built site: the pages' static HTML and the words the theme's script shows later (its
`__config` translations).
"""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import material

from test_offline import pages

ENGLISH = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"


def english_words() -> dict[str, str]:
    """Material's English words, key -> text (the file the theme falls back to)."""
    return dict(re.findall(r'^\s*"([\w.]+)": "(.*)",?$', ENGLISH.read_text(encoding="utf-8"), re.M))


def shown_words(html: str) -> dict[str, str]:
    """What the theme writes on a page for the reader: the later words of its script, the skip link, the
    back-to-top button and the search box's first message."""
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    words = dict(config["translations"])
    for key, pattern in (("action.skip", r'class="md-skip">(.*?)</a>'),
                         ("top", r'class="md-top md-icon"[^>]*>(?:\s|<svg.*?</svg>)*(.*?)</button>'),
                         ("search.result.initializer", r'class="md-search-result__meta">(.*?)</div>')):
        found = re.search(pattern, html, re.S)
        if found:
            words[key] = " ".join(unescape(found[1]).split())
    return words


def built_pages(site: Path) -> dict[str, str]:
    return {p: (site / p / "index.html" if not p.endswith(".html") else site / p).read_text(encoding="utf-8")
            for p in pages(site)}


def test_no_english_word_of_the_theme_reaches_a_reader(site):
    english = english_words()
    assert english["search.result.initializer"] == "Initializing search"      # the file is read right
    found = {}
    for path, html in built_pages(site).items():
        words = shown_words(html)
        assert {"search.result.placeholder", "search.result.initializer"} <= set(words), path
        for key, text in words.items():
            if text == english.get(key) and not text.startswith("#"):
                found.setdefault(f"{key}: {text!r}", path)
    assert not found, f"English words of the theme on the pages: {found}"


def test_the_theme_s_buttons_and_links_say_what_they_do(site):
    """The back-to-top button does not call itself the table of contents (the secondary navigation's name); the
    skip link says it goes to the page's content."""
    html = (site / "2023" / "ii-1-1-chi-tieu-nganh" / "index.html").read_text(encoding="utf-8")
    words = shown_words(html)
    toc = re.search(r'<nav class="md-nav md-nav--secondary" aria-label="([^"]+)"', html)[1]
    assert toc.lower() not in words["top"].lower(), (words["top"], toc)
    assert "nội dung" in words["action.skip"].lower(), words["action.skip"]
