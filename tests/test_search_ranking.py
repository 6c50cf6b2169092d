"""The first result is what the reader meant: many queries (phrases of the source, every written form of a word,
numbers, dates, codes, typos, pasted text) through Material's own search worker of the built site, asked as the
search box asks it (tests/search_pages.py: open_worker). The search box itself, typed into: tests/test_search.py.
How the folding and the ranking reach Material's search: the top comment of docs/assets/search-fold.js.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter

from macros.site.search import LUNR_VI_JS, SEARCH_INDEX
from macros.site.search_forms import fold, word
from search_pages import (EVERYDAY, SECTION, holds, misplaced, open_worker, searched_pages, source_phrases,  # noqa: F401
                          spelling, worker)


def test_phrases_of_the_report_find_a_page_holding_them_first(worker, searched_pages):
    """Any phrase of the report (not only the everyday queries): the first result holds the phrase, and is a
    report section wherever a report section holds it; typed without diacritics, the first result holds the
    phrase's most frequent written form on the site (counted here in the pages' text)."""
    phrases = source_phrases(120)
    folded = {fold(p) for p in phrases}
    answers = worker(phrases + sorted(folded))
    wrong = []
    for phrase in phrases:
        first = (answers[phrase] or [None])[0]
        holders = [p for p, blocks in searched_pages.items() if holds(blocks, phrase)]
        if holders and first not in holders:
            wrong.append(f"{phrase!r}: first {first} lacks it; held by {holders[:4]}")
        if any(SECTION.match(p) for p in holders) and not SECTION.match(first or ""):
            wrong.append(f"{phrase!r}: first {first} is not a report section; sections hold it")
    for query in sorted(folded):
        forms = Counter()
        n = len(query.split())
        for blocks in searched_pages.values():
            for block in blocks:
                words = re.findall(r"\w+", block)      # whole words; punctuation inside the run breaks the phrase
                for i in range(len(words) - n + 1):
                    if fold(" ".join(words[i:i + n])) == query and holds([block], " ".join(words[i:i + n])):
                        forms[" ".join(words[i:i + n])] += 1
        if not forms:
            continue
        top = max(forms.values())
        first = (answers[query] or [None])[0]
        if not any(holds(searched_pages.get(first, []), f) for f, c in forms.items() if c == top):
            wrong.append(f"{query!r}: first {first} lacks the most frequent form(s) {forms.most_common(3)}")
    assert not wrong, "\n".join(wrong)
    assert not worker.problems, worker.problems


def test_each_written_form_finds_a_page_with_that_form_first(worker, searched_pages):
    """hộ, hồ, họ, hỗ all fold to "ho": typed with their diacritics, each finds first a page holding that very word."""
    seen: dict[str, set] = {}
    for blocks in searched_pages.values():
        for block in blocks:
            for part in re.split(r"[\s\-]+", block):      # words as Material's index cuts them: "BC/ĐU" is one
                w = re.sub(r"^\W+|\W+$", "", part)
                if re.fullmatch(r"[^\W\d_]+", w):
                    seen.setdefault(fold(w), set()).add(w)
    queries = sorted(w for forms in seen.values() if len(forms) > 1 for w in forms if fold(w) != w)
    assert {"hộ", "hồ", "đảng", "số", "sở"} <= set(queries)
    answers = worker(queries)
    wrong = [f"{q!r}: first {(answers[q] or [None])[0]}" for q in queries
             if not holds(searched_pages.get((answers[q] or [None])[0], []), q)]
    assert not wrong, f"{len(wrong)} of {len(queries)} written forms:\n" + "\n".join(wrong)


def test_numbers_match_with_or_without_thousands_separators(worker):
    answers = worker(["39242", "39.242", "39,242", "14871", "14.871", "39 242", "14 871", "14\u00a0871"])
    for query in answers:
        assert answers[query][:1] == ["2023/ii-1-2-02-buu-chinh-vien-thong/"], (query, answers[query][:3])   # l. 35


def written_with_or_without_zeros(query: str) -> re.Pattern:
    """The query as a page may write it: each number with or without leading zeros ("5 cuộc" holds in "05 cuộc",
    "21/6/1925" in "21/06/1925"), whole words and whole numbers only."""
    parts = re.split(r"(\d+)", spelling(query))
    body = "".join("0*" + str(int(p)) if p.isdigit() else re.escape(p) for p in parts)
    return re.compile(r"(?<![\w.,/])" + body + r"(?![\w/]|[.,]\d)")


def test_dates_and_counts_typed_as_the_source_writes_them_find_the_page_first(worker, searched_pages):
    """The pages write a date with two-digit day and month (21/06/1925, the house style of the print) and some counts
    with a leading zero (05 cuộc thanh tra, 02/03 chỉ tiêu); a reader types the date as the source report does
    (21/6/1925) and a count as a number (5 cuộc thanh tra, 2/3). Every date of the source, and every count the source
    writes with a leading zero followed by its next two words, typed without the zeros: the first result holds it
    (written with or without zeros), and is a report section wherever one holds it."""
    from test_content import seed_path
    source = seed_path().read_text(encoding="utf-8")
    dates = re.findall(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])", source)
    counts = [" ".join(m) for m in re.findall(r"(?<![\d.,/])(0\d(?:/\d+)?)\s+([^\W\d_]+)\s+([^\W\d_]+)", source)]
    queries = sorted({re.sub(r"(?<!\d)0+(?=\d)", "", q) for q in dates + counts})
    holders = {q: [p for p, blocks in searched_pages.items() if any(written_with_or_without_zeros(q).search(b)
                                                                    for b in blocks)] for q in queries}
    queries = [q for q in queries if holders[q]]      # a date the report no longer gives (a decision) is not looked for
    assert len(queries) > 30, queries
    wrong = misplaced(worker(queries), {q: holders[q] for q in queries})
    assert not wrong, f"{len(wrong)} of {len(queries)}:\n" + "\n".join(wrong)


def test_text_pasted_with_a_colon_finds_its_page(browser, site, site_url, searched_pages):
    """A reader pastes a piece of the report holding a colon ("giai đoạn 2021-2025: 02/02 chỉ tiêu đạt", "Lĩnh vực
    Bưu chính: 02/03"): lunr reads "word:" as the name of a field to search in, so the query was refused ("Invalid
    query", nothing found) or the word was dropped. Each colon of the source with the words around it: found, the
    first result holding it where a page does (a new worker: its console is this test's alone)."""
    from test_content import seed_path
    source = seed_path().read_text(encoding="utf-8")
    queries = sorted({" ".join(m.split()) for m in re.findall(r"(?:\S+\s+)?\S+:\s+\S+\s+\S+", source)})
    assert len(queries) > 30, queries
    ask = open_worker(browser, site, site_url)
    try:
        answers = ask(queries)
    finally:
        ask.page.close()
    refused = [p for p in ask.problems if "Invalid query" in p]
    assert not refused, f"{len(refused)} of {len(queries)} refused: {refused[:5]}"
    wrong = [f"{q!r}: found nothing" for q in queries if not answers[q]]
    for q in queries:
        holders = [p for p, blocks in searched_pages.items() if holds(blocks, q)]
        if answers[q] and holders and answers[q][0] not in holders:
            wrong.append(f"{q!r}: first {answers[q][0]}; held by {holders[:4]}")
    assert not wrong, f"{len(wrong)} of {len(queries)}:\n" + "\n".join(wrong)


def test_text_pasted_with_an_opening_bracket_or_quote_finds_its_page(worker, searched_pages):
    """'Tôn Đức Thắng (20/8/1888', 'Trung ương Đảng “Về việc': the page breaks the phrase at the bracket or quote as
    the query does; each opening bracket or quote of the source with the two words before it and the word after:
    the first result holds it where a page does, a report section where one does."""
    from test_content import seed_path
    source = seed_path().read_text(encoding="utf-8")
    queries = sorted({" ".join(m.split()) for m in re.findall(r"\S+\s+\S+\s+[(“][^\s)”]+", source)})
    assert len(queries) > 20, queries
    holders = {q: [p for p, blocks in searched_pages.items()   # the words one after the other, bracket or not
                   if holds(blocks, q) or holds(blocks, re.sub("[(“]", "", q))] for q in queries}
    wrong = misplaced(worker(queries), holders)
    assert sum(bool(pages) for pages in holders.values()) > 10, holders
    assert not wrong, f"{len(wrong)} of {len(queries)}:\n" + "\n".join(wrong)


def test_a_phrase_holding_a_hyphenated_word_finds_the_page_holding_it(worker, searched_pages):
    """"của tỉnh giai đoạn 2021-2025": Material's worker writes a word cut by the index's separator once per piece
    ("2021-2025* 2021-2025*"), so the query read "… 2021 2025 2021 2025" and no page held it as a phrase. Every word
    of the source with a hyphen inside, with the two words before it: the first result holds the phrase where a page
    does, and is a report section where one does."""
    from test_content import seed_path
    source = seed_path().read_text(encoding="utf-8")
    queries = sorted({" ".join(m.split()) for m in re.findall(r"\S+\s+\S+\s+\S+\s+[^\s-]+-[^\s-]+", source)})
    assert len(queries) > 20, queries
    holders = {q: [p for p, blocks in searched_pages.items() if holds(blocks, q.rstrip(",.;:"))] for q in queries}
    wrong = misplaced(worker(queries), holders)
    assert sum(bool(pages) for pages in holders.values()) > 10, holders
    assert not wrong, f"{len(wrong)} of {len(queries)}:\n" + "\n".join(wrong)


def test_a_tilde_typed_before_a_number_does_not_hang_the_search(browser, site, site_url):
    """"khoảng ~80%": lunr reads "~80" as a spelling tolerance of 80 letters for the word before, and the worker
    spent minutes building every word within 80 edits of "khoảng": the search box answered nothing more until the
    page was reloaded. Each query answers within seconds, and the next one too."""
    ask = open_worker(browser, site, site_url)
    try:                                         # each answer awaited 10 s at most: a busy worker fails the test
        answers = ask.page.evaluate("""async queries => {
            const out = {}
            for (const q of queries) {
              const start = performance.now()
              const late = new Promise(done => setTimeout(() => done(null), 10000))
              const answer = await Promise.race([ask({type: 2, data: q}), late])
              out[q] = {ms: Math.round(performance.now() - start), found: answer && answer.data.items.length}
              if (!answer)
                break
            }
            return out }""", ["khoảng ~80%", "đảng viên ~9", "cáp quang ~50", "hộ nghèo"])
    finally:
        ask.page.close()
    assert len(answers) == 4 and answers["hộ nghèo"]["found"], answers
    assert all(a["ms"] < 5000 for a in answers.values()), answers


def test_earlier_searches_do_not_change_the_results_of_later_ones(browser, site, site_url):
    """A reader searches many times on one page: the answer to a query is the same before and after other queries
    (every prefix typed on the way to numbers, dates and counts, whose index terms share positions: "39.242" and
    "39242", "21/06/1925" and "21/6/1925"). A new worker, so that nothing was asked before."""
    queries = ["39242", "14871", "21/6/1925", "2/3", "5 cuộc thanh tra", "dang vien du bi"]
    typed = [q[:i] for q in queries + ["39.242", "14.871", "21/06/1925", "02/03", "3 Chi bộ", "đảng viên"]
             for i in range(1, len(q) + 1)]
    ask = open_worker(browser, site, site_url)
    try:
        before = ask(queries)
        ask(typed)
        after = ask(queries)
    finally:
        ask.page.close()
    assert all(before.values()), before
    changed = {q: (before[q][:3], after[q][:3]) for q in queries if after[q] != before[q]}
    assert not changed, changed


def test_search_stays_fast_and_small(worker, site):
    """Query time (every prefix of the everyday queries, as typed key by key), index build time, and the size of
    what the ranking adds to the page's downloads (the word forms in lunr.vi.min.js)."""
    typed = [q[:i] for pair in EVERYDAY for q in pair[:2] for i in range(1, len(q) + 1)]
    worker(typed)
    times = [worker.ms[q] for q in typed]
    forms = re.search(r"self\.searchForms = .*?;\n", (site / LUNR_VI_JS).read_text(encoding="utf-8")).group(0)
    index_bytes = (site / SEARCH_INDEX).stat().st_size
    print(f"\nsearch: index built in {worker.setup_ms:.0f} ms; {len(typed)} queries: median "
          f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms; search_index.json {index_bytes} bytes, "
          f"word forms {len(forms.encode())} bytes")
    assert max(times) < 500, max(times)
    assert worker.setup_ms < 5000, worker.setup_ms
    assert len(forms.encode()) < 30_000


def first_shown(worker, queries: list[str]) -> dict:
    """query -> the title and text Material shows for its first result (HTML, the words found in <mark>)."""
    return worker.page.evaluate("""async queries => {
        const out = {}
        for (const q of queries) {
          const first = (await ask({type: 2, data: q})).data.items[0][0]
          out[q] = first.title + " " + first.text
        }
        return out }""", queries)


def first_marks(worker, queries: list[str]) -> dict:
    """query -> the words Material marks in its first result (title and text, as the result list shows them)."""
    return {q: re.findall(r"<mark[^>]*>(.*?)</mark>", shown) for q, shown in first_shown(worker, queries).items()}


# A piece of a code written with slashes, typed alone (the source writes "1552/BTTTT-TTH" l. 46, "1096/BTTTT-KHTC"
# l. 19, "85-QĐ/TW" l. 14, "3G/4G" l. 34, "Đề án 06/CP" l. 46): the index's separator keeps "1552/BTTTT" whole.
CODE_PIECES = ["BTTTT", "btttt", "TW", "4G", "CP"]
# Queries with no word in them: no result (lunr read a query without clauses as one that only excludes: every page)
NO_WORDS = ["😀", "📱", "…", "?"]


def test_a_piece_of_a_code_with_slashes_finds_the_pages_holding_it_marked(worker, searched_pages):
    """"BTTTT" finds the sections citing "Công văn số 1552/BTTTT-TTH" first (a report section where one holds it),
    and the result shows the code marked."""
    holders = {q: [p for p, blocks in searched_pages.items()
                   if any(re.search(r"(?<![^\s/(\-])" + re.escape(q.lower()) + r"(?![^\s/,.;:)\-])", b) for b in blocks)]
               for q in CODE_PIECES}
    assert all(holders.values()), holders
    wrong = misplaced(worker(CODE_PIECES), holders)
    assert not wrong, "\n".join(wrong)
    marks = first_marks(worker, CODE_PIECES)
    for q in CODE_PIECES:
        assert any(q.lower() in fold(m).split("/") for m in marks[q]), (q, marks[q][:6])


def test_a_query_without_words_finds_nothing(worker):
    answers = worker(NO_WORDS)
    assert answers == {q: [] for q in NO_WORDS}, {q: a[:3] for q, a in answers.items()}


def test_the_first_result_marks_only_the_words_typed(worker):
    """Material adds "*" to every word typed, so "hộ cận nghèo" also matched "hoạt", "hoàn", and the result marked
    them ("Tỷ lệ <mark>hoạt</mark> động"), and showed those paragraphs instead of the phrase. A word followed by
    another is whole; only the last may be the beginning of a word (the reader may still be typing it)."""
    queries = [q for pair in EVERYDAY for q in pair[:2]] + ["quy dinh so 85", "BTTTT", "chuyen doi s"]
    wrong = {}
    for q, marks in first_marks(worker, queries).items():
        words = [fold(word(w)) for w in q.split()]
        assert marks, f"{q!r}: nothing marked"
        for mark in marks:
            m = fold(word(mark))
            seen = {m, re.sub(r"[.,]", "", m), *m.split("/")}   # 39.242 typed 39242; 1552/BTTTT typed BTTTT
            if not seen & set(words) and not any(f.startswith(words[-1]) for f in seen):
                wrong.setdefault(q, []).append(mark)
    assert not wrong, wrong


def test_the_first_result_shows_the_phrase_marked(worker):
    """Material shows a result's first two paragraphs holding a marked word: for "hộ cận nghèo" those were
    paragraphs with "hộ gia đình", not the one holding the phrase. Where the result holds the words together, it
    marks them there: the text shown holds the phrase, each of its words marked."""
    queries = [q for pair in EVERYDAY for q in pair[:2] if " " in q] + ["quy dinh so 85", "Tôn Đức Thắng"]
    wrong = {}
    for q, shown in first_shown(worker, queries).items():
        runs = re.findall(r"(?:<mark[^>]*>[^<]*</mark>\s*)+", shown)
        together = [" ".join(fold(word(w)) for w in re.findall(r"<mark[^>]*>([^<]*)</mark>", run)) for run in runs]
        if not any(fold(q) in run for run in together):
            wrong[q] = together[:4]
    assert not wrong, wrong


# One letter wrong, as on a phone (query, the phrase meant): the words of the source text, l. 20, 35, 39, 34, 31.
# "thanh traa" (l. 24, 48): the chart of Tổng quan chỉ tiêu drew its labels as SVG text, which the index took glued
# together ("Thanh traAn toàn thông tin mạng"), so "traa" was read as "traan" and the chart's page came first.
TYPOS = [("cap quangg", "cáp quang"), ("ho can nghieo", "hộ cận nghèo"), ("chuyeb doi so", "chuyển đổi số"),
         ("internett", "internet"), ("dich vu cong truc tuyem", "dịch vụ công trực tuyến"),
         ("thanh traa", "thanh tra")]


def test_a_word_one_letter_wrong_finds_the_phrase_meant(worker, searched_pages):
    """A word no page holds is read as the word one letter away that follows the word before it ("ho can nghieo":
    "nghèo", not "nghiệp", which more pages hold); a number is never read as another ("39243" is not 39.242)."""
    holders = {q: [p for p, blocks in searched_pages.items() if holds(blocks, meant)] for q, meant in TYPOS}
    assert all(holders.values()), holders
    answers = worker([q for q, _ in TYPOS] + ["39243"])
    wrong = misplaced(answers, holders)
    assert not wrong, "\n".join(wrong)
    number = [p for p, blocks in searched_pages.items() if holds(blocks, "39.242") and SECTION.match(p)]
    assert number and not set(answers["39243"]) & set(number), answers["39243"]


# A reader drops a small word (query, as the source writes it): l. 14 "Quy định số 85-QĐ/TW", l. 46 "Bộ Thông tin và
# Truyền thông". The guide quotes "Quy định 85-QĐ/TW" as written in the query: it came first.
DROPPED_WORD = [("Quy định 85", "quy định số 85"), ("quy dinh 85", "quy định số 85"),
                ("Bộ Thông tin Truyền thông", "bộ thông tin và truyền thông")]


def test_a_query_missing_a_small_word_finds_the_report_first(worker, searched_pages):
    """The report's section holding the words in order, one word between two of them, comes before an appendix or
    the guide holding them together; the first result holds the phrase as the source writes it."""
    holders = {q: [p for p, blocks in searched_pages.items() if holds(blocks, meant) and SECTION.match(p)]
               for q, meant in DROPPED_WORD}
    assert all(holders.values()), holders
    wrong = misplaced(worker([q for q, _ in DROPPED_WORD]), holders)
    assert not wrong, "\n".join(wrong)


def test_a_word_of_three_letters_is_never_read_as_another(worker, searched_pages):
    """Three letters are too few to guess from (search-query.js MIN_CORRECTED): "bcd" or "BCĐ" (Ban Chỉ đạo, which
    the report does not use) finds nothing, and is not read as "BCH" (Ban Chấp hành, which it does)."""
    assert any(holds(blocks, "bch") for blocks in searched_pages.values())
    assert not any(holds(blocks, "bcđ") or holds(blocks, "bcd") for blocks in searched_pages.values())
    answers = worker(["bcd", "BCĐ"])
    assert answers == {"bcd": [], "BCĐ": []}, answers


# The other spelling of i/y after a consonant (the site writes "tỷ lệ" l. 19, 34; "kỷ luật" l. 120; "quy định" l. 14;
# "kỷ niệm" l. 6): a reader writes "tỉ lệ", "kỉ luật", "qui định" (both spellings are in use), with or without marks.
I_Y = [("tỉ lệ", "tỷ lệ"), ("ti le", "tỷ lệ"), ("kỉ luật", "kỷ luật"), ("ki luat", "kỷ luật"),
       ("qui định", "quy định"), ("qui dinh", "quy định"), ("kỉ niệm", "kỷ niệm")]


def test_i_or_y_spelt_either_way_finds_the_page(worker, searched_pages):
    """The first result holds the phrase as the site spells it, a report section where one does."""
    holders = {q: [p for p, blocks in searched_pages.items() if holds(blocks, meant)] for q, meant in I_Y}
    assert all(holders.values()), holders
    wrong = misplaced(worker([q for q, _ in I_Y]), holders)
    assert not wrong, "\n".join(wrong)
