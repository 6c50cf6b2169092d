"""Search finds Vietnamese typed without diacritics ("chuyen doi so" finds "chuyển đổi số"), and the first result is
what the reader meant (exact words, phrase, report sections first).

Through the real search box of the built site in real Chromium, typed key by key as a reader does; how the worker
is installed (the build's hook); the fold rule. Many more queries, asked of Material's own search worker as the box
asks them: tests/test_search_ranking.py. How the folding and the ranking reach Material's search: the comment at
the top of docs/assets/search-fold.js.
"""
from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from macros.site.search import LUNR_VI_JS, SEARCH_INDEX, WORKER_SCRIPTS, SearchFoldMissing, install_search_fold
from macros.site.search_forms import FormCounts, fold, forms, word
from search_pages import EVERYDAY, holds, searched_pages  # noqa: F401  (a fixture)

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
    # i and y written either way at the end of a syllable after a consonant (both accepted spellings, and readers
    # type either): tỉ lệ / tỷ lệ, kỉ luật / kỷ luật, qui định / quy định, lí / lý; not a vowel pair (huy, tuy)
    # nor y alone (y tế)
    assert fold("tỉ lệ") == fold("tỷ lệ") == fold("ty le") == "ti le"
    assert fold("Kỉ luật, kỷ niệm") == "ki luat, ki niem"
    assert fold("qui định") == fold("Quy định") == "qui dinh"
    assert fold("lý do") == fold("lí do") == "li do"
    assert fold("huy động, tuy nhiên, y tế, ý kiến, quyết") == "huy dong, tuy nhien, y te, y kien, quyet"



@pytest.mark.quick
def test_forms_count_every_written_form_in_titles_and_texts():
    """The ranking's statistics on a small index (counts written by hand): tags are not words, punctuation around a
    word is dropped, a word with one written form is left out."""
    index = {"config": {"separator": r"[\s\-]+"},
             "docs": [{"title": "Hộ nghèo", "text": "<p class=\"hồ\">hộ, Hồ họ-hộ</p>"},
                      {"title": "Hồ", "text": "nghèo hộ. Họ họ"}]}
    assert forms(index) == {"ho": "hộ 4 họ 3 hồ 2"}   # the hồ inside the tag is not counted


@pytest.mark.quick
def test_forms_counted_page_by_page_follow_each_page_changed_added_or_removed():
    """`mkdocs serve --dirty` counts the forms page by page (site/incremental.py): after a page's entries change, a
    page is added or one is removed, the counts are those of the index as it now is (counts written by hand)."""
    separator = r"[\s\-]+"
    a, b = [{"title": "Hộ nghèo", "text": "hộ hồ"}], [{"title": "Họ", "text": "hộ họ"}]
    counts = FormCounts()
    counts.update({"a.md": a, "b.md": b}, separator)
    assert counts.forms() == {"ho": "hộ 3 họ 2 hồ 1"}
    counts.update({"a.md": a, "b.md": [{"title": "Hồ", "text": "hồ"}]}, separator)   # b indexed again
    assert counts.forms() == {"ho": "hồ 3 hộ 2"}
    counts.update({"a.md": a, "b.md": b, "c.md": [{"title": "Nghẹo", "text": ""}]}, separator)   # c added
    assert counts.forms() == {"ho": "hộ 3 họ 2 hồ 1", "ngheo": "nghèo 1 nghẹo 1"}
    counts.update({"b.md": b}, separator)   # a and c removed: nghèo has one form left
    assert counts.forms() == {"ho": "họ 2 hộ 1"}
    hyphen = [{"title": "Hộ-họ hồ", "text": ""}]
    counts.update({"b.md": hyphen}, separator)
    assert counts.forms() == {"ho": "họ 1 hồ 1 hộ 1"}
    counts.update({"b.md": hyphen}, r"[\s]+")   # another separator: the same entries cut again ('hộ-họ' one word)
    assert counts.forms() == {}

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


def type_query(page, query: str, keys: bool = False) -> list[dict]:
    """Put query into the search box of the open page; the result list [{href, page, title, marks}] in display
    order, once the worker has answered. keys=True: typed key by key, as a reader does (the worker answers every
    prefix on the way); else put in the box at once and searched on the key lifted last (End), once."""
    box = page.locator(SEARCH_INPUT)
    if page.evaluate("document.getElementById('__search').checked"):
        box.focus()                                   # the search is open, the box already on the screen
    elif page.viewport_size["width"] >= 960:          # the theme shows the box in the header from 60em
        box.click()
    else:                                             # a phone: the box opens from the header's search button
        page.click("label.md-header__button[for=__search]")
        page.wait_for_function("() => document.getElementById('__search').checked")
        box.focus()
    box.fill("")
    box.press("End")                                  # the empty query: the list of the last search goes away
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    if keys:
        box.press_sequentially(query, delay=20)
    else:
        box.fill(query)
    # Material reads the box on keyup; Playwright inserts a letter with diacritics ("ố") as text, with no key
    # event (a Vietnamese keyboard sends keys: "s o o s"), so the last letter needs the key a reader lifts last
    box.press("End")
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


@pytest.fixture(scope="module")
def search(browser, site_url):
    """type(query) -> result list [{page, title, marks}] read from Material's search box, in display order."""
    context = browser.new_context()
    page = context.new_page()
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None)
    page.goto(site_url, wait_until="networkidle")

    def run(query: str, keys: bool = False) -> list[dict]:
        return type_query(page, query, keys)

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
    for prefix in ["dang", "so", "1", "2023"]:
        assert search(prefix, keys=True), f"{prefix!r} finds nothing"
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
    """The worker's fold (search-fold.js, run in Chromium) and macros/site/search_forms.py agree on every word of the site."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["title"] + " " + re.sub(r"<[^>]+>", " ", d["text"]) for d in index["docs"])
    words = sorted(set(text.split()))
    words += [w.upper() for w in words[:200]] + ["Ho\u0302\u0323", "ĐĐđđ", "Ưu tiên", "Ơn"]
    assert len(words) > 500
    in_browser = search.page.evaluate("words => words.map(searchFold)", words)
    assert in_browser == [fold(w) for w in words]
    # the word rule of the ranking (search-fold.js `word`, macros/site/search_forms.py `word`) agrees too
    words += ["Uỷ,", "(hoà)", "quý", "“tự", "39.242;", "79,85%", "Thuỷ", "khoẻ."]
    in_browser = search.page.evaluate("words => words.map(searchWord)", words)
    assert in_browser == [word(w) for w in words]
    assert [word(w) for w in ["Uỷ,", "(hoà)", "quý", "“tự", "39.242;"]] == ["ủy", "hòa", "quý", "tự", "39.242"]


def test_hook_appends_the_worker_scripts_to_the_worker_language_file_once(site, tmp_path):
    built = (site / LUNR_VI_JS).read_text(encoding="utf-8")
    scripts = [(site / rel).read_text(encoding="utf-8") for rel in WORKER_SCRIPTS]
    assert all(built.count(code) == 1 for code in scripts)
    assert [built.index(code) for code in scripts] == sorted(built.index(code) for code in scripts)
    assert built.endswith(scripts[-1])
    copy = tmp_path / "site"
    for rel in (LUNR_VI_JS, *WORKER_SCRIPTS, SEARCH_INDEX):
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text((site / rel).read_text(encoding="utf-8"), encoding="utf-8")
    install_search_fold(copy)                       # as a `mkdocs serve --dirty` rebuild would
    assert (copy / LUNR_VI_JS).read_text(encoding="utf-8") == built


def test_hook_names_what_is_missing(tmp_path):
    (tmp_path / "assets").mkdir()
    for rel in WORKER_SCRIPTS:                      # each named, in turn: docs/assets/search-fold.js, ...
        with pytest.raises(SearchFoldMissing, match=f"docs/{re.escape(rel)}"):
            install_search_fold(tmp_path)
        (tmp_path / rel).write_text(f"/* {rel} */", encoding="utf-8")
    with pytest.raises(SearchFoldMissing, match="lunr.vi.min.js"):
        install_search_fold(tmp_path)
    (tmp_path / LUNR_VI_JS).parent.mkdir(parents=True)
    (tmp_path / LUNR_VI_JS).write_text("/* lunr.vi */", encoding="utf-8")
    with pytest.raises(SearchFoldMissing, match="search_index.json"):
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


@pytest.mark.parametrize("with_marks, without, expected", EVERYDAY, ids=[e[1] for e in EVERYDAY])
def test_everyday_query_puts_the_section_holding_the_phrase_first(search, site, site_url, searched_pages,
                                                                 with_marks, without, expected):
    base = urlsplit(site_url).path
    firsts = {}
    for query in (with_marks, without):
        results = search(query)
        assert results, f"{query!r} finds nothing"
        firsts[query] = results[0]["page"][len(base):]
        print(f"\n{query!r}: {[r['page'][len(base):] for r in results[:4]]}")
    assert firsts[with_marks] in expected, (with_marks, firsts[with_marks], expected)
    assert firsts[without] == firsts[with_marks]
    assert holds(searched_pages[firsts[with_marks]], with_marks)


class HiddenOnScreen(HTMLParser):
    """The text of the elements a built page hides on screen (print.css: .print-only, .review-only: the review
    copy's banner and list, a blank the clerk fills on paper), one string per element."""

    HIDDEN = {"print-only", "review-only"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.texts: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        hidden = bool(self.HIDDEN & set((dict(attrs).get("class") or "").split()))
        if hidden and not any(self.stack):
            self.texts.append([])
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack):
            self.texts[-1].append(data)


def test_the_index_holds_no_text_the_screen_hides(site):
    """A reader who searches "bản xem xét" got the year's page, whose banner for the review copy is hidden on screen:
    the search index holds none of the words a page hides on screen (two words or more, letters)."""
    index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    indexed = {}
    for d in index["docs"]:
        text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]).split())
        indexed[d["location"].split("#")[0]] = indexed.get(d["location"].split("#")[0], "") + " " + text
    seen, wrong = 0, []
    for path, text in indexed.items():
        parser = HiddenOnScreen()
        parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
        for hidden in (" ".join("".join(t).split()) for t in parser.texts):
            if len(re.findall(r"[^\W\d_]+", hidden)) >= 2:
                seen += 1
                if hidden in text:
                    wrong.append(f"{path or '/'}: {hidden[:80]!r}")
    assert seen, "no page hides text on screen: the test reads nothing"
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path, query", [("2023/ii-1-2-02-buu-chinh-vien-thong/", "ho can ngheo"),
                                         ("2023/ii-1-2-04-chuyen-doi-so/", "chuyen doi so")])
def test_result_page_marks_whole_words_but_the_last(search, site_url, path, query):
    """The page a result opens (?h=, folded) marked every word with diacritics beginning with a term: "hoạt", "hoàn"
    for "ho can ngheo". The words with diacritics marked (search-fold.js; Material marks the plain ones) are the
    words typed, the last one also as a beginning."""
    page = search.page
    page.goto(f"{site_url}{path}?h={query.replace(' ', '+')}", wait_until="networkidle")
    marks = page.eval_on_selector_all("article mark[data-md-highlight]", "ms => ms.map(m => m.innerText)")
    page.goto(site_url, wait_until="networkidle")
    terms = query.split()
    ours = [m for m in marks if fold(m) != m.lower()]
    assert ours, marks
    wrong = [m for m in ours if fold(m) not in terms[:-1] and not fold(m).startswith(terms[-1])]
    assert not wrong, wrong


# What the box shows and a screen reader hears when a word no page holds is read as another (search-query.js
# `correct`): (typed, the words "Kết quả cho:" names, the word no page holds).
READ_AS = [("internett", "internet", "internett"), ("ho can nghieo", "ho can nghèo", "nghieo")]
NOTICE = """() => { const el = document.querySelector(".search-read"), meta = document.querySelector(".md-search-result__meta")
    if (!el) return null
    const box = el.getBoundingClientRect(), strong = el.querySelector("strong")
    const hit = box.height ? document.elementFromPoint(box.left + Math.min(box.width, 40) / 2, box.top + box.height / 2) : null
    return {text: el.innerText.replace(/\\s+/g, " ").trim(), live: el.getAttribute("role") === "status"
              || el.getAttribute("aria-live") === "polite",
            afterCount: !!meta && meta.nextElementSibling === el, height: box.height, left: box.left,
            right: box.right, width: innerWidth, overflows: el.scrollWidth > el.clientWidth + 1,
            seen: !!hit && el.contains(hit), bold: strong ? +getComputedStyle(strong).fontWeight : 0,
            color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor} }"""


@pytest.mark.parametrize("screen", ["desktop", "phone-forced-colors"])
def test_a_word_read_as_another_says_so_visibly_and_to_a_screen_reader(browser, site_url, screen):
    """"internett" was silently searched as "internet": the box now says "Kết quả cho: internet" (the word read
    in bold) and that no page holds "internett", in a polite live region (there, empty, before the search: a region
    added with its text is often not read), right under the count of results, on a 360 px phone in forced-colors
    mode too (on the screen, not cut, not overflowing). A query read as typed shows nothing there. The result's link
    carries the word read (?h=), so the page opened marks it, and no result says the typed word is missing."""
    options = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
               "forced_colors": "active"} if screen.startswith("phone") else {}
    context = browser.new_context(**options)
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="networkidle")
        before = page.evaluate(NOTICE)
        assert before and before["live"] and before["text"] == "", before
        for typed, read, missing in READ_AS:
            results = type_query(page, typed)
            shown = page.evaluate(NOTICE)
            assert results, typed
            assert shown["text"].startswith(f"Kết quả cho: {read}"), (typed, shown)
            assert f"“{missing}”" in shown["text"] and "không" in shown["text"].lower(), (typed, shown)
            assert shown["live"] and shown["afterCount"], shown
            assert shown["seen"] and shown["height"] > 0 and shown["overflows"] is False, shown
            assert 0 <= shown["left"] and shown["right"] <= shown["width"], shown
            assert shown["bold"] >= 600, shown              # the word read stands out without colour
            assert shown["color"] != shown["background"], shown
            h = parse_qs(urlsplit(results[0]["href"]).query)["h"][0].split()
            assert fold(read.split()[-1]) in h, (typed, h)
            said_missing = page.eval_on_selector_all(".md-search-result__terms", "ps => ps.map(p => p.innerText)")
            assert not any(missing in t for t in said_missing), said_missing
        type_query(page, "internet")
        assert page.evaluate(NOTICE)["text"] == "", "a query read as typed shows no notice"
    finally:
        context.close()
