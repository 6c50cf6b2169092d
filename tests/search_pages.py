"""What the built pages hold and how the site's search answers, for the search tests (tests/test_search.py: the
search box typed in; tests/test_search_ranking.py: many queries through Material's own search worker)."""
from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.site.search import SEARCH_INDEX


# Everyday queries, typed with and without diacritics, and the report sections that hold the phrase, read in the
# source text (data/2023/signed.txt, line numbers there). The first result must be one of them.
EVERYDAY = [
    ("hộ cận nghèo", "ho can ngheo", {"2023/ii-1-2-02-buu-chinh-vien-thong/"}),           # l. 35, in 1.2.2
    ("đảng viên dự bị", "dang vien du bi", {"2023/ii-2-2-to-chuc-xay-dung-dang/"}),       # l. 88, in 2.2
    ("tự diễn biến", "tu dien bien", {"2023/ii-2-1-giao-duc-chinh-tri/",                # l. 83, in 2.1
                                      "2023/iii-2-nhiem-vu-trong-tam/",                 # l. 128, III.2 (2.5)
                                      "2023/iii-3-2-xay-dung-dang/"}),                  # l. 146, III.3.2.1
    ("cáp quang", "cap quang", {"2023/ii-1-1-chi-tieu-nganh/",                          # l. 20, in 1.1
                                "2023/ii-1-2-02-buu-chinh-vien-thong/"}),               # l. 34, in 1.2.2
    ("dịch vụ công trực tuyến", "dich vu cong truc tuyen",
     {"2023/ii-1-2-01-thong-tin-bao-chi/",                                              # l. 31, in 1.2.1
      "2023/ii-1-2-04-chuyen-doi-so/",                                                  # l. 40-41, in 1.2.4
      "2023/ii-1-2-13-kiem-soat-tthc/"}),                                               # l. 79, in 1.2.13
    ("chuyển đổi số", "chuyen doi so", {"2023/ii-1-2-04-chuyen-doi-so/"}),                # l. 39: the heading of 1.2.4
    ("39.242", "39242", {"2023/ii-1-2-02-buu-chinh-vien-thong/"}),                        # l. 35, in 1.2.2
]
# Report sections: the pages of parts I, II and III (not the summaries, appendices or guide).
SECTION = re.compile(r"^2023/(i|ii|iii)-")
BLOCKS = {"p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre",
          "summary", "tr", "div", "table", "ul", "ol", "section", "details", "blockquote"}
# One word, two spellings (tone on the first or second vowel of a final oa, oe, uy): the search reads them alike.
TONE_SPELLINGS = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
                  "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
LATE_TONE = re.compile(r"(?<![q\w])(\w*?)(?<!q)(" + "|".join(TONE_SPELLINGS) + r")(?!\w)")


class Blocks(HTMLParser):
    """The text of a built page's <article>, one string per block (paragraph, item, cell, heading)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.blocks: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1
            if tag in BLOCKS or tag == "br":
                self.blocks.append([])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag in BLOCKS:
                self.blocks.append([])

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1].append(data)


def spelling(text: str) -> str:
    text = " ".join(text.lower().split())
    return LATE_TONE.sub(lambda m: m[1] + TONE_SPELLINGS[m[2]], text)


def page_blocks(site: Path, path: str) -> list[str]:
    parser = Blocks()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return [t for t in (spelling("".join(b)) for b in parser.blocks) if t]


def holds(blocks: list[str], phrase: str) -> bool:
    """The phrase, as whole words one after the other with no punctuation between, in one block of the page."""
    rx = re.compile(r"(?<!\w)" + re.escape(spelling(phrase)) + r"(?!\w)")
    return any(rx.search(b) for b in blocks)


@pytest.fixture(scope="module")
def searched_pages(site):
    """URL path -> text blocks, for every page the search index holds (one without a search entry is excluded)."""
    index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    paths = sorted({d["location"].split("#")[0] for d in index["docs"]})
    indexed = {p: " ".join(spelling(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"])) for d in index["docs"]
                           if d["location"].split("#")[0] == p) for p in paths}
    squeeze = lambda t: re.sub(r"\W+", "", t)   # noqa: E731  (spacing differs between the index and the page)
    # a block the page shows but the index leaves out (data-search-exclude: the guide's generated examples) is not
    # something search can find
    return {p: [b for b in page_blocks(site, p) if squeeze(b)[:40] in squeeze(indexed[p])] for p in paths}


def open_worker(browser, site: Path, site_url: str):
    """ask(queries) -> {query: [page of each result group, in order]}, from a new Material search worker of the
    built site, set up and asked exactly as the search box does it (messages SETUP with search_index.json, QUERY).
    ask.setup_ms: the time the worker took to build its index; ask.page: the page holding it (close it)."""
    script = next((site / "assets/javascripts/workers").glob("search.*.min.js")).relative_to(site).as_posix()
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("warning", "error") else None)
    page.goto(site_url + "404.html")
    setup_ms = page.evaluate("""async script => {
        const index = await (await fetch("search/search_index.json")).json()
        index.options = {suggest: false}                         // what Material's app adds (no search.suggest)
        self.searchWorker = new Worker(script)
        self.said = []                                           // the worker's other messages (search-rank.js)
        self.ask = message => new Promise(done => {
          searchWorker.onmessage = e => e.data.type === 0 || e.data.type === 1 || e.data.type === 3 ? done(e.data)
            : said.push(e.data)
          searchWorker.postMessage(message) })
        const start = performance.now()
        await ask({type: 0, data: index})
        return performance.now() - start }""", script)

    def ask(queries: list[str]) -> dict:
        answers = page.evaluate("""async queries => {
            const out = {}
            for (const q of queries) {
              const start = performance.now()
              const result = await ask({type: 2, data: q})
              out[q] = {ms: performance.now() - start,
                        pages: result.data.items.map(group => group[0].location.split("#")[0])}
            }
            return out }""", queries)
        ask.ms.update({q: a["ms"] for q, a in answers.items()})
        return {q: a["pages"] for q, a in answers.items()}

    ask.setup_ms, ask.ms, ask.problems, ask.page = setup_ms, {}, problems, page
    return ask


@pytest.fixture(scope="module")
def worker(browser, site, site_url):
    """open_worker's ask, one worker for the module's tests."""
    ask = open_worker(browser, site, site_url)
    yield ask
    ask.page.close()


def source_phrases(count: int, seed: int = 14) -> list[str]:
    """Phrases of two to four words taken at random (seeded: the same every run) from the source text's lines."""
    from test_content import seed_path
    path = seed_path()
    assert path.is_file(), "the source text is missing (data/2023/signed.txt)"
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", line).strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if len(line) > 40]
    rng, phrases = random.Random(seed), set()
    while len(phrases) < count:
        words = re.findall(r"[^\W\d_]+", rng.choice(lines))
        n = rng.choice([2, 3, 3, 4])
        if len(words) >= n:
            start = rng.randrange(len(words) - n + 1)
            phrases.add(" ".join(words[start:start + n]).lower())
    return sorted(phrases)


def misplaced(answers: dict, holders: dict) -> list[str]:
    """The queries (those a page holds) whose first result does not hold them, or is not a report section where a
    report section holds them: one line each."""
    wrong = []
    for q, pages in holders.items():
        first = (answers[q] or [None])[0]
        if pages and first not in pages:
            wrong.append(f"{q!r}: first {first}; held by {pages[:4]}")
        elif any(SECTION.match(p) for p in pages) and not SECTION.match(first or ""):
            wrong.append(f"{q!r}: first {first} is not a report section; sections hold it: {pages[:4]}")
    return wrong
