"""Ctrl+P of a page: real Chromium prints the built site with print media; pypdf reads the PDF.

Expectations come from the reference (A4 = 595 × 842 pt, margins 20/15/20/30 mm, body 14 pt, Times New Roman or
Liberation Serif) and from the built page itself (the text of the site's own chrome), not from print.css.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from oracles import squash

A4 = (595.28, 841.89)          # 210 × 297 mm in points
MM = 72 / 25.4
MARGIN = {"top": 20 * MM, "right": 15 * MM, "bottom": 20 * MM, "left": 30 * MM}
SERIF = re.compile(r"^(?:[A-Z]{6}\+)?(TimesNewRoman|Times-Roman|LiberationSerif)")
# Section pages with tables, an editorial note and cited documents.
SECTION_PAGES = ["2023/ii-1-1-chi-tieu-nganh/", "2023/ii-1-2-02-buu-chinh-vien-thong/"]
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-top", ".md-content__button"]


def page_text(page) -> str:
    """The text in the order it was drawn (a column of the header or the signature block stays together)."""
    return page.extract_text()


def first_line(page) -> str:
    """The topmost line of the page as laid out (left and right columns side by side)."""
    return next(line for line in page.extract_text(extraction_mode="layout").split("\n") if line.strip())


def text_runs(page) -> list[tuple[float, float, str, str, float]]:
    """(x, y, text, font name, size in pt) of every text run on a page, in PDF points."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or font is None:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[0] * cm[0] ** 2 + tm[0] * cm[1] ** 2) ** 0.5 if cm[1] else abs(tm[0] * cm[0])
        name = str(font.get("/BaseFont") or font.get("/FontDescriptor", {}).get("/FontName", "?"))
        runs.append((x, y, text, name, size * scale))
    page.extract_text(visitor_text=visit)
    return runs


def fonts(reader: PdfReader) -> dict[str, dict]:
    """Every font resource: name -> {subtype, embedded}."""
    out = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            subtype = str(font.get("/Subtype"))
            desc_font = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = desc_font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            name = str(font.get("/BaseFont") or descriptor.get("/FontName", "?"))
            embedded = subtype == "/Type3" or any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[name] = {"subtype": subtype, "embedded": embedded}
    return out


def assert_a4(reader: PdfReader) -> None:
    for n, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4[0]) <= 2 and abs(h - A4[1]) <= 2, f"page {n} is {w:.1f} × {h:.1f} pt, not A4 portrait"


def assert_serif_body(reader: PdfReader) -> None:
    """Fonts embedded; the text (90% of characters) in Times New Roman or Liberation Serif, some of it 14 pt;
    no character drawn in a fallback font (Vietnamese letters missing from the serif font would be)."""
    found = fonts(reader)
    assert found, "no fonts in the PDF"
    not_embedded = [n for n, f in found.items() if not f["embedded"]]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    chars, sizes = Counter(), Counter()
    for page in reader.pages:
        for _x, _y, text, name, size in text_runs(page):
            chars[bool(SERIF.match(name.lstrip("/")))] += len(text.strip())
            if SERIF.match(name.lstrip("/")):
                sizes[round(size, 1)] += len(text.strip())
    share = chars[True] / max(1, sum(chars.values()))
    assert share >= 0.9, (f"only {share:.0%} of the text is in Times New Roman / Liberation Serif; fonts: "
                          f"{sorted(found)} (on Debian install fonts-liberation2: Liberation 1.x lacks Vietnamese)")
    at_14 = sum(n for size, n in sizes.items() if abs(size - 14) <= 0.2)
    assert at_14 >= 100, f"hardly any text at 14 pt (sizes in pt: characters): {sizes.most_common(4)}"


def assert_no_missing_glyphs(text: str) -> None:
    bad = [c for c in set(text) if c in "\ufffd\uffff" or (0xE000 <= ord(c) <= 0xF8FF)]
    assert not bad, f"missing-glyph characters in the PDF text: {bad!r}"


def print_page(browser, url: str) -> tuple[PdfReader, dict]:
    """Ctrl+P: print media, the page's own @page size (Chrome's print dialog honours it)."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        chrome = page.evaluate(
            """(selectors) => {
                 const article = document.querySelector('article').innerText;
                 const lines = [];
                 for (const s of selectors)
                   for (const el of document.querySelectorAll(s))
                     for (const line of el.innerText.split('\\n'))
                       if (line.trim().length > 2 && !article.includes(line.trim())) lines.push(line.trim());
                 const search = document.querySelector('.md-search__input');
                 if (search) lines.push(search.getAttribute('placeholder'));
                 return lines;
               }""", CHROME)
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        style = page.evaluate("""() => {
            const p = document.querySelector('article.md-typeset > p, article.md-typeset > ul > li, article.md-typeset > ol > li');
            const s = getComputedStyle(p);
            return {family: s.fontFamily, size: s.fontSize, lineHeight: s.lineHeight, marginBottom: s.marginBottom};
        }""")
        draft = page.evaluate("() => document.querySelector('.draft-label')?.textContent ?? null")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    style["chrome"], style["draft"] = chrome, draft
    return PdfReader(io.BytesIO(pdf)), style


@pytest.mark.parametrize("path", SECTION_PAGES)
def test_ctrl_p_of_a_section_page_is_a_clean_a4_document(browser, site_url, path):
    reader, style = print_page(browser, site_url + path)
    assert_a4(reader)
    text = "\n".join(page_text(p) for p in reader.pages)
    flat = squash(text)
    assert len(flat) > 200, "the printed page is (nearly) empty"
    chrome = [line for line in style["chrome"] if line]
    assert len(chrome) >= 5, f"found too little site chrome to check against: {chrome}"
    leaked = [line for line in chrome if squash(line) in flat]
    assert not leaked, f"site navigation/search/header/footer text printed: {leaked}"
    assert_serif_body(reader)
    assert_no_missing_glyphs(text)
    # body paragraphs (or the list items the report is written in): 14 pt = 18.67 px; line height 1.2–1.5;
    # at least 6 pt = 8 px between them
    assert style["family"].split(",")[0].strip("\"' ") == "Times New Roman", style
    assert "Liberation Serif" in style["family"], style
    size = float(style["size"].rstrip("px"))
    assert abs(size - 14 * 96 / 72) < 0.1, style
    assert 1.2 <= float(style["lineHeight"].rstrip("px")) / size <= 1.5, style
    assert float(style["marginBottom"].rstrip("px")) >= 6 * 96 / 72 - 0.1, style


def test_ctrl_p_keeps_the_party_document_margins_and_page_numbers(browser, site_url):
    """Left text edge at 30 mm, right edge within 15 mm, text inside top/bottom 20 mm; page number centred in the
    top margin from page 2, none on page 1; a draft's label (its box on page 1) beside the number on every other
    page. Uses the longest section page, so there is a page 2."""
    reader, style = print_page(browser, site_url + "2023/in-toan-van/")
    assert len(reader.pages) >= 2
    w, h = A4
    lefts = []
    for n, page in enumerate(reader.pages, 1):
        runs = text_runs(page)
        body = [r for r in runs if r[1] < h - MARGIN["top"]]
        in_top = [r for r in runs if r[1] >= h - MARGIN["top"]]
        assert body, f"page {n} has no text"
        left = min(r[0] for r in body)
        lefts.append(left)
        assert left >= MARGIN["left"] - 1.5, f"page {n}: text starts at {left / MM:.1f} mm, in the 30 mm margin"
        assert min(r[1] for r in body) >= MARGIN["bottom"] - 1, f"page {n}: text runs into the bottom margin"
        if n == 1:
            assert not in_top, f"page 1 has a page number or text in the top margin: {in_top}"
        else:
            label = [style["draft"].strip()] if style["draft"] else []
            assert [r[2].strip() for r in in_top] == [str(n)] + label, f"page {n}: top margin holds {in_top}"
            x = in_top[0][0]
            centre = (MARGIN["left"] + w - MARGIN["right"]) / 2
            assert abs(x - centre) < 12, f"page {n}: page number at x={x:.0f} pt, not centred ({centre:.0f} pt)"
    assert abs(lefts[0] - MARGIN["left"]) <= 1.5, f"page 1: text starts at {lefts[0] / MM:.1f} mm, not 30 mm"


ROMAN = re.compile(r"^[IVX]+\.\s")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.\s")


def test_whole_report_heading_levels_follow_the_report_numbering(site):
    """In the whole-report page (the PDF's source) a section's heading level is its depth in the report's own
    numbering: 'II.' level 1, '1.' level 2, '1.2.' level 3, '1.2.1.' level 4; an unnumbered heading sits below the
    numbered one before it. The expectation comes from the numbering, never from the code that shifts headings."""
    import html as html_lib
    page = (site / "2023/in-toan-van/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    article = re.sub(r'<section class="review-only.*?</section>', "", article, flags=re.S)   # the review copy's list
    headings = [(int(m.group(1)), html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip())
                for m in re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", article, re.S)]
    numbered = [(level, title) for level, title in headings if ROMAN.match(title) or NUMBER.match(title)]
    assert len(numbered) >= 40, f"the whole report has too few numbered headings: {numbered}"
    last = None
    for level, title in headings:
        if ROMAN.match(title):
            expected = 1
        elif NUMBER.match(title):
            expected = 1 + len(NUMBER.match(title).group(1).split("."))
        else:
            assert last is not None and level > last, f"unnumbered heading {title!r} (h{level}) not below h{last}"
            continue
        assert level == expected, f"{title!r} is h{level}, its numbering says h{expected}"
        last = level


# --------------------------------------------------------------------------- one section, the cover, headings

def drafted(site_url: str, path: str) -> bool:
    """The page's year is a draft: its footer's stamp says so (macros/stamp.py), read from the served page."""
    from conftest import fetch
    return 'data-state="dự thảo"' in (fetch(site_url + path) or "")


def top_line(n: int, draft: bool) -> str:
    """What a printed page's top margin holds: the number from page 2, a draft's DỰ THẢO on every page."""
    return " ".join(([str(n)] if n > 1 else []) + (["DỰ THẢO"] if draft else []))


@pytest.mark.parametrize("path", ["2023/ii-1-2-06-thanh-tra/", "2023/ii-2-5-du-luan-noi-bo/", "2023/i-ket-qua-noi-bat/"])
def test_ctrl_p_of_one_section_has_no_blank_trailing_page(browser, site_url, path):
    """No page holds only its top margin; a section of a draft says DỰ THẢO at the top of every page, the first
    too (a page printed alone is still a draft: it has no box of its own)."""
    reader, _ = print_page(browser, site_url + path)
    draft = drafted(site_url, path)
    for n, page in enumerate(reader.pages, 1):
        lines = [line for line in page_text(page).split("\n") if line.strip()]
        head = top_line(n, draft)
        if head:
            assert lines and re.sub(r"\s+", " ", lines[0].strip()) == head, f"{path}: page {n} starts {lines[:1]}"
        body = lines[1:] if head else lines
        assert squash("".join(body)), f"{path}: page {n} of {len(reader.pages)} is blank but for its number"


def test_headings_print_in_the_same_case_alone_and_in_the_whole_report(browser, site_url):
    """A part ('I. MỘT SỐ KẾT QUẢ NỔI BẬT') in capitals, a section ('1.1. Kết quả chỉ tiêu ngành năm 2023') as
    written — whether its page is printed alone or in the whole report."""
    whole, _ = print_page(browser, site_url + "2023/in-toan-van/")
    whole_lines = {line.strip() for page in whole.pages for line in page_text(page).split("\n")}
    for path in ("2023/i-ket-qua-noi-bat/", "2023/ii-1-1-chi-tieu-nganh/", "2023/ii-2-3-kiem-tra-giam-sat/"):
        alone, _ = print_page(browser, site_url + path)
        heading = next(line.strip() for line in page_text(alone.pages[0]).split("\n")
                       if line.strip() and line.strip() != "DỰ THẢO")   # a draft's running head
        assert re.match(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s", heading), heading
        assert heading in whole_lines, f"{path}: printed alone as {heading!r}, not so in the whole report"
    part = next(line for line in whole_lines if line.startswith("I. "))
    assert part == part.upper(), part


def test_cover_prints_whole_cards_and_no_link_lines(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(site_url + "2023/", wait_until="load")
        page.emulate_media(media="print")
        cards = page.evaluate("() => [...document.querySelectorAll('.grid.cards > ul > li')].map(li => li.innerText)")
        links = page.evaluate("""() => [...document.querySelectorAll('.grid.cards > ul > li p')]
            .filter(p => p.querySelector('a')).map(p => [p.textContent, getComputedStyle(p).display])""")
    finally:
        page.close()
    reader, _ = print_page(browser, site_url + "2023/")
    pages = [squash(page_text(p)) for p in reader.pages]
    assert len(cards) >= 6 and links
    split = [card[:40] for card in cards if not any(squash(card) in p for p in pages)]
    assert not split, f"figure cards split over two pages (or missing): {split}"
    printed = [text for text, display in links if display != "none"]
    assert not printed, f"link lines printed on the cover: {printed}"
    assert not [text for text, _ in links if "·" in text and squash(text) in "".join(pages)]
    assert "Bảnintoànvăn" not in "".join(pages)


@pytest.mark.parametrize("path", ["2023/ii-1-2-06-thanh-tra/?h=thanh+tra", "2023/ii-1-2-04-chuyen-doi-so/?h=chuyen+doi+so"])
def test_ctrl_p_after_a_search_prints_no_highlight(browser, site_url, path):
    """A reader who came from a search result (its link carries ?h=, and the page marks the words searched, with
    or without diacritics) and prints: the Party document has no yellow on it."""
    page = browser.new_page()
    try:
        page.goto(site_url + path, wait_until="networkidle")
        page.emulate_media(media="print")
        marks = page.evaluate("""() => [...document.querySelectorAll('article mark')].map(m => {
            const s = getComputedStyle(m); return [m.innerText, s.backgroundColor, s.boxShadow] })""")
    finally:
        page.close()
    assert marks, f"{path}: no word marked on screen (the test needs some)"
    coloured = [m for m in marks if m[1] not in ("rgba(0, 0, 0, 0)", "transparent") or m[2] != "none"]
    assert not coloured, coloured[:5]


def test_ctrl_p_with_the_keyboard_on_a_figure_prints_no_focus_ring(browser, site_url):
    """A keyboard reader's focus is on a figure (its provenance shown) when they press Ctrl+P: no ring, no halo,
    no note on paper."""
    page = browser.new_page()
    try:
        page.goto(site_url + "2023/ii-1-2-02-buu-chinh-vien-thong/", wait_until="load")
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('article .fig')"):
                break
        page.emulate_media(media="print")
        state = page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el)
            const note = document.querySelector('.fig-note')
            return {fig: el.matches('article .fig'), outline: s.outlineStyle, shadow: s.boxShadow,
                    note: note ? getComputedStyle(note).display : 'none'} }""")
    finally:
        page.close()
    assert state["fig"], "Tab reached no figure"
    assert (state["outline"], state["shadow"], state["note"]) == ("none", "none", "none"), state


def test_pending_proposals_keep_their_lines_on_paper(browser, site_url):
    """A draft's pending change prints the source's words struck through and the proposal underlined, also where the
    change starts in a figure (inside its span.fig, whose print rule drops every line): else both texts print plain."""
    page = browser.new_page()
    try:
        page.goto(site_url + "2023/in-toan-van/", wait_until="load")
        page.emulate_media(media="print")
        marks = page.evaluate("""() => [...document.querySelectorAll('del.proposal, ins.proposal')].map(e =>
            [e.tagName.toLowerCase(), !!e.closest('.fig'), getComputedStyle(e).textDecorationLine, e.textContent])""")
    finally:
        page.close()
    assert any(in_fig for _, in_fig, _, _ in marks), f"no pending change inside a figure to check: {marks}"
    want = {"del": "line-through", "ins": "underline"}
    plain = [(tag, text[:60]) for tag, _, line, text in marks if want[tag] not in line]
    assert not plain, f"pending changes printed without their line: {plain}"


@pytest.fixture(scope="module")
def named_draft(tmp_path_factory) -> Path:
    """The project built with report.yml naming its draft ('Dự thảo lần 2'), once for this module."""
    from conftest import build_site, copy_project
    tmp = tmp_path_factory.mktemp("named-draft")
    project = copy_project(tmp / "project")
    report = project / "data" / "2023" / "report.yml"
    report.write_text(report.read_text(encoding="utf-8") + "draft_label: Dự thảo lần 2\n", encoding="utf-8")
    result = build_site(project, tmp / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp / "site"


def test_a_page_printed_alone_says_what_the_draft_calls_itself(named_draft, browser):
    """Ctrl+P of a section of a draft that names itself: those words in the top margin of every page, as in the
    whole report, not the default DỰ THẢO."""
    from macros.output.pdf import serve
    server = serve(named_draft)
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        for path in ("2023/ii-1-2-06-thanh-tra/", "2023/in-toan-van/"):
            reader, _ = print_page(browser, url + path)
            heads = [re.sub(r"\s+", " ", next(line for line in page_text(page).split("\n") if line.strip()).strip())
                     for page in reader.pages]
            alone = path != "2023/in-toan-van/"   # the whole report: its box on page 1, the margin from page 2
            wanted = [" ".join(([str(n)] if n > 1 else []) + ["Dự thảo lần 2"]) for n in range(1, len(heads) + 1)]
            assert heads[0 if alone else 1:] == wanted[0 if alone else 1:], (path, heads)
            assert not any("DỰ THẢO" in head for head in heads), (path, heads)
    finally:
        server.shutdown()
        server.server_close()
