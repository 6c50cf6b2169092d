"""Search finds Vietnamese typed without diacritics ("chuyen doi so" finds "chuyển đổi số").

Through the real search box of the built site in real Chromium. How the folding reaches Material's search:
the comment at the top of docs/assets/search-fold.js.
"""
from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from macros.site.search import fold
from macros.site.search import LUNR_VI_JS, SEARCH_FOLD_JS, SearchFoldMissing, install_search_fold

# (with diacritics, as typed without them): the words every reader of this report searches for
PAIRS = [("chuyển đổi số", "chuyen doi so"), ("đảng viên", "dang vien"), ("bưu chính", "buu chinh"),
         ("hộ cận nghèo", "ho can ngheo")]
SEARCH_INPUT = "input[data-md-component=search-query]"


def test_fold_rule():
    """The rule as the issue states it (expected values written by hand, not computed)."""
    assert fold("Chuyển đổi số") == "chuyen doi so"
    assert fold("ĐẢNG VIÊN") == "dang vien"
    assert fold("Bưu chính") == "buu chinh"
    assert fold("hộ cận nghèo") == "ho can ngheo"
    assert fold("Ứng dụng công nghệ thông tin") == "ung dung cong nghe thong tin"
    decomposed = "Ho\u0302\u0323 ca\u0302\u0323n"            # NFD input (as some keyboards send it)
    assert fold(decomposed) == "ho can"
    assert fold("đ Đ") == "d d"
    assert fold("") == ""
    assert fold("abc 123 /:") == "abc 123 /:"


class ArticleText(HTMLParser):
    """The text of a built page's <article> (the page's own content, without navigation)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(site: Path, path: str) -> str:
    parser = ArticleText()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def search(browser, site_url):
    """type(query) -> result list [{page, title, marks}] read from Material's search box, in display order."""
    context = browser.new_context()
    page = context.new_page()
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None)
    page.goto(site_url, wait_until="networkidle")

    def run(query: str) -> list[dict]:
        box = page.locator(SEARCH_INPUT)
        box.click()
        box.fill("")
        box.press_sequentially(query, delay=20)     # typed key by key, as a reader does
        # the worker answers every keystroke; the list is final when it stops changing
        last, stable, deadline = None, 0, time.monotonic() + 15
        while stable < 4 and time.monotonic() < deadline:
            page.wait_for_timeout(150)
            now = page.eval_on_selector_all(".md-search-result__item", """items => items.map(li => {
                const a = li.querySelector("a.md-search-result__link")
                return {href: a.href, title: a.querySelector("h1, h2").innerText,
                        marks: [...li.querySelectorAll("mark")].map(m => m.innerText)} })""")
            stable = stable + 1 if now == last and now else 0
            last = now
        for item in last or []:
            item["page"] = urlsplit(item["href"]).path
        return last or []

    run.page, run.warnings = page, warnings
    yield run
    context.close()


def top_pages(results: list[dict], n: int = 3) -> list[str]:
    return [r["page"] for r in results[:n]]


@pytest.mark.parametrize("with_marks, without", PAIRS)
def test_query_without_diacritics_finds_the_same_pages(search, site, site_url, with_marks, without):
    found_with, found_without = search(with_marks), search(without)
    print(f"\n{with_marks!r}: {top_pages(found_with, 5)}\n{without!r}: {top_pages(found_without, 5)}")
    assert found_without, f"{without!r} finds nothing"
    assert found_with, f"{with_marks!r} finds nothing"
    assert top_pages(found_without)[0] == top_pages(found_with)[0]
    assert set(top_pages(found_without)) == set(top_pages(found_with))
    # the pages found really contain the words: the text shown keeps its diacritics and is highlighted
    words = with_marks.split()
    marks = [m for r in found_without for m in r["marks"]]
    assert any(m.lower().startswith(words[0]) for m in marks), f"no <mark>{words[0]}</mark> in {marks[:20]}"
    base = urlsplit(site_url).path
    texts = {p: article_text(site, p[len(base):]) for p in {r["page"] for r in found_without}}
    assert any(with_marks in t.lower() for t in texts.values()), \
        f"none of the pages {without!r} found contains {with_marks!r}"


def test_query_with_diacritics_shows_highlighted_diacritics(search):
    results = search("chuyển đổi số")
    marks = {m.lower().rstrip(",.;:") for r in results for m in r["marks"]}
    assert {"chuyển", "đổi", "số"} <= marks, marks
    titles = " ".join(r["title"] for r in results)
    assert "chuyển đổi số" in titles.lower()


def test_typing_letter_by_letter_never_breaks_search(search):
    """Every prefix typed on the way answers without lunr's "Invalid query" (see the TokenSet test below)."""
    search.warnings.clear()
    for word in ["dang", "so", "1", "2023"]:
        assert search(word), f"{word!r} finds nothing"
    invalid = [w for w in search.warnings if "Invalid query" in w or "TypeError" in w]
    assert not invalid, invalid


def test_result_page_highlights_the_words_with_diacritics(search, site_url):
    """search.highlight: the result link carries the folded terms; the page marks "chuyển", not only "chuyen"."""
    results = search("chuyen doi so")
    href = results[0]["href"]
    assert parse_qs(urlsplit(href).query)["h"] == ["chuyen doi so"]
    page = search.page
    page.goto(href, wait_until="networkidle")
    marks = page.eval_on_selector_all("article mark[data-md-highlight]", "ms => ms.map(m => m.innerText)")
    assert any(fold(m) == "chuyen" and m.lower() == "chuyển" for m in marks), marks
    assert all(fold(m).startswith(("chuyen", "doi", "so")) for m in marks), marks
    page.goto(site_url, wait_until="networkidle")


def test_javascript_fold_agrees_with_python(search, site):
    """The worker's fold (search-fold.js, run in Chromium) and macros/site/search.py agree on every word of the site."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["title"] + " " + re.sub(r"<[^>]+>", " ", d["text"]) for d in index["docs"])
    words = sorted(set(text.split()))
    words += [w.upper() for w in words[:200]] + ["Ho\u0302\u0323", "ĐĐđđ", "Ưu tiên", "Ơn"]
    assert len(words) > 500
    in_browser = search.page.evaluate("words => words.map(searchFold)", words)
    assert in_browser == [fold(w) for w in words]


def test_hook_appends_fold_to_the_worker_language_file_once(site, tmp_path):
    built = (site / LUNR_VI_JS).read_text(encoding="utf-8")
    fold_js = (site / SEARCH_FOLD_JS).read_text(encoding="utf-8")
    assert built.endswith(fold_js) and built.count(fold_js) == 1
    copy = tmp_path / "site"
    for rel in (LUNR_VI_JS, SEARCH_FOLD_JS):
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text((site / rel).read_text(encoding="utf-8"), encoding="utf-8")
    install_search_fold(copy)                       # as a `mkdocs serve --dirty` rebuild would
    assert (copy / LUNR_VI_JS).read_text(encoding="utf-8") == built


def test_hook_names_what_is_missing(tmp_path):
    with pytest.raises(SearchFoldMissing, match="search-fold.js"):
        install_search_fold(tmp_path)
    (tmp_path / SEARCH_FOLD_JS).parent.mkdir(parents=True)
    (tmp_path / SEARCH_FOLD_JS).write_text("/* fold */", encoding="utf-8")
    with pytest.raises(SearchFoldMissing, match="lunr.vi.min.js"):
        install_search_fold(tmp_path)


def test_lunr_word_graph_keys_are_unambiguous(browser, site, site_url):
    """The lunr fix in search-fold.js, on the lunr the worker really loads (the built worker and lunr.vi.min.js).

    lunr keys a word-graph node by final flag + (edge label + child id)...: edges {"1"->234} and {"1"->2, "3"->4}
    both give "01234", so lunr merged different nodes and invented words that crash prefix queries."""
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).relative_to(site).as_posix()
    page = browser.new_page()
    page.goto(site_url + "404.html")
    for script in (worker, "assets/javascripts/lunr/min/lunr.stemmer.support.min.js", LUNR_VI_JS):
        page.add_script_tag(url=site_url + script)
    keys = page.evaluate("""() => {
        const node = (edges, final) => Object.assign(new lunr.TokenSet(), {edges, final})
        const child = id => Object.assign(new lunr.TokenSet(), {id})
        return [node({"1": child(234)}, false).toString(),
                node({"1": child(2), "3": child(4)}, false).toString()] }""")
    page.close()
    assert keys[0] != keys[1], keys
