"""What axe cannot see, seen as the readers do, in real Chromium (tests/test_a11y.py runs axe-core and the
keyboard's focus): the intranet's readers use Chrome, Edge or Firefox, phones too, without Internet, some with a
screen reader or a keyboard only, at 200 % or 400 % zoom, with their own text spacing, in Windows' high-contrast
mode, or asking their system for less motion.

- Zoom and spacing: at 320 CSS px (400 % of 1280) and with WCAG 1.4.12's text spacing no page scrolls sideways and no
  words are cut off.
- Forced colours: the charts take the reader's colours (an SVG's fill and stroke are not repainted).
- Less motion: nothing glides (the theme's smooth scrolls jump).
- Screen readers: a chart is one image, its title and description; English is marked lang="en", every page
  lang="vi"; no id twice; the page for a missing address speaks Vietnamese. (Links named alike go alike:
  tests/test_a11y.py, from the pages its audit loads.)
- Search with the keyboard only, on a phone's width, offline: Tab goes through the results.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from test_offline import pages

PHONE = 360


# WCAG 1.4.12's text spacing, the most a reader's style sheet may ask for.
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important }"
                " p { margin-bottom: 2em !important }")
# Text cut by the box that holds it (an ellipsis, or overflow hidden): what no reader can get back by scrolling.
CLIPPED = """() => [...document.querySelectorAll("body *")].filter(el => {
    const s = getComputedStyle(el), cut = v => v === "hidden" || v === "clip"
    if (!(el instanceof HTMLElement) || !(cut(s.overflowX) || cut(s.overflowY) || s.textOverflow === "ellipsis")
        || !el.checkVisibility()) return false
    // the header's one line; the drawer's frame, whose other panels wait beside it to slide in; text for a screen reader
    if (el.matches(".md-sidebar__scrollwrap") || el.closest(".md-header__topic, .visually-hidden, .fig-live, .md-search")
        || !el.innerText.trim()) return false
    const r = el.getBoundingClientRect()
    return r.width > 2 && r.height > 2 && (((cut(s.overflowX) || s.textOverflow === "ellipsis") && el.scrollWidth > el.clientWidth + 1)
        || (cut(s.overflowY) && el.scrollHeight > el.clientHeight + 1)) })
  .map(el => `${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]}: ${el.innerText.trim().slice(0, 50)}`)"""


@pytest.mark.parametrize("width", [320, 1280])
def test_no_words_are_cut_at_400_percent_zoom_or_with_wider_text_spacing(browser, site_url, width):
    """A 1280 px screen at 400 % zoom is 320 CSS px wide (WCAG 1.4.10), and a reader may widen the letter, word and
    line spacing (1.4.12): no page then scrolls sideways, and no words are cut off with an ellipsis or by their
    box — not the next and previous page's names in the footer, not the section names heading the navigation
    drawer. (The header's one line is the theme's: its words are the drawer's title and link, here whole.)"""
    page = browser.new_page(viewport={"width": width, "height": 800})
    cut, wide = [], []
    for path in ("", "2023/", "2023/ii-1-1-chi-tieu-nganh/", "2023/ii-1-2-01-thong-tin-bao-chi/",
                 "2023/ii-2-1-giao-duc-chinh-tri/", "2023/iii-3-1-nhiem-vu-chinh-tri/", "huong-dan-bien-tap/"):
        page.goto(site_url + path, wait_until="load")
        for spacing in (False, True):   # the page as loaded, then with the reader's spacing added (only read between)
            if spacing:
                page.add_style_tag(content=TEXT_SPACING)
            cut += [f"{path or '/'}{' (spacing)' if spacing else ''} {c}" for c in page.evaluate(CLIPPED)]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wide.append(path)
    page.close()
    assert not wide, f"pages wider than {width} px: {wide}"
    assert not cut, f"{len(cut)} texts cut off: {cut[:8]}"


# The colour a reader sees for a CSS colour value, and the contrast of two (WCAG 2.1's relative luminance).
CONTRAST = """
    const probe = document.body.appendChild(document.createElement("i"))
    probe.style.forcedColorAdjust = "none"          // else forced colours repaint the probe itself
    const rgb = value => { probe.style.color = ""; probe.style.color = value
        return getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number) }
    const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 })
        return 0.2126 * r + 0.7152 * g + 0.0722 * b }
    const contrast = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
    const behind = el => { for (let e = el; e; e = e.parentElement) { const bg = getComputedStyle(e).backgroundColor
        if (bg && bg !== "transparent" && !/rgba\\(.*, 0\\)$/.test(bg)) return bg }
        return getComputedStyle(document.documentElement).backgroundColor }
"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_charts_stay_visible_in_forced_colors(browser, site_url, scheme):
    """Windows' high-contrast themes (forced colours) repaint the page with the reader's few colours, but not an
    SVG's fill and stroke: a chart drawn black on white lost its labels on a black high-contrast page. In forced
    colours every label and value of every chart contrasts 4.5:1 with what is behind it, every bar and legend
    swatch 3:1 (its fill or its outline), and the two series still look different."""
    context = browser.new_context(viewport={"width": 1000, "height": 900}, color_scheme=scheme, forced_colors="active")
    page = context.new_page()
    page.goto(site_url + "2023/tong-quan-chi-tieu/", wait_until="load")
    found = page.evaluate("""() => {""" + CONTRAST + """
        const out = {texts: 0, bars: 0, faint: [], series: new Set()}
        for (const svg of document.querySelectorAll("figure.chart svg")) {
          const bg = behind(svg.parentElement), name = svg.closest("figure").dataset.chart
          for (const t of svg.querySelectorAll("text")) {
            if (!t.textContent.trim()) continue
            out.texts++
            const ratio = contrast(getComputedStyle(t).fill, bg)
            if (ratio < 4.5) out.faint.push(`${name}: text '${t.textContent.trim()}' ${ratio.toFixed(2)}:1`)
          }
          for (const r of svg.querySelectorAll("rect.color-0, rect.color-1, .color-0 rect, .color-1 rect")) {
            if (r.matches(".background")) continue
            out.bars++
            const s = getComputedStyle(r), stroke = parseFloat(s.strokeWidth) > 0 && s.stroke !== "none"
            const ratio = Math.max(contrast(s.fill, bg), stroke ? contrast(s.stroke, bg) : 1)
            if (ratio < 3) out.faint.push(`${name}: bar ${r.getAttribute("class")} ${ratio.toFixed(2)}:1`)
            out.series.add((r.closest(".color-0") || r).matches(".color-0") + ":" + s.fill)
          }
        }
        return {texts: out.texts, bars: out.bars, faint: out.faint, series: [...out.series]} }""")
    forced = page.evaluate("matchMedia('(forced-colors: active)').matches")
    context.close()
    assert forced
    assert found["texts"] > 30 and found["bars"] > 20, found
    assert not found["faint"], f"{len(found['faint'])} parts of the charts hardly visible: {found['faint'][:8]}"
    assert len(found["series"]) == 2, f"the two series look alike: {found['series']}"


def test_a_screen_reader_hears_a_chart_as_its_title_and_description(browser, site_url):
    """A chart is an image to a screen reader, named by its title and described in words (every number); its
    drawing's texts (category labels cut in lines, axis ticks, the values in the drawing's order: "0 5 10 15 02 02
    03 03 15 07…") are not read one by one after it. Chromium's accessibility tree: each chart one image node with
    that name and no text beneath; the chart's table follows it."""
    page = browser.new_page()
    page.goto(site_url + "2023/tong-quan-chi-tieu/", wait_until="load")
    wanted = page.evaluate("""() => [...document.querySelectorAll("figure.chart svg")].map(svg =>
        [svg.querySelector("title").textContent, svg.querySelector("desc").textContent].join(" "))""")
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    page.close()
    by_id = {n["nodeId"]: n for n in nodes}

    def texts(node):
        for k in node.get("childIds", []):
            child = by_id.get(k)
            if child and not child.get("ignored"):
                if child.get("role", {}).get("value") == "StaticText":
                    yield child.get("name", {}).get("value", "")
                yield from texts(child)
    charts = [n for n in nodes if n.get("role", {}).get("value") == "image" and not n.get("ignored")
              and n.get("name", {}).get("value", "") in wanted]
    assert len(wanted) >= 3 and len(charts) == len(wanted), (len(charts), wanted)
    beneath = {c["name"]["value"][:40]: list(texts(c))[:6] for c in charts if list(texts(c))}
    assert not beneath, f"texts read inside the charts: {beneath}"


def test_search_by_keyboard_only_on_a_phone_offline(browser, site_url):
    """A reader with a keyboard and no mouse, on a phone's width, on a network without Internet: Tab reaches the
    search box, a query without diacritics finds results, Tab goes through them (each on the screen, in order) and
    Shift+Tab back, Enter opens the one with the focus; no request leaves the server. The theme closed the search
    on Tab: the results were reachable only by the arrow keys, which nothing says."""
    context = browser.new_context(viewport={"width": PHONE, "height": 740}, is_mobile=True, has_touch=True)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(site_url + "2023/", wait_until="networkidle")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-search__input')"):
            break
    else:
        pytest.fail("Tab does not reach the search box")
    page.wait_for_function("() => document.getElementById('__search').checked")   # the theme opens it a frame later
    page.keyboard.type("cap quang", delay=20)
    shown, last = "[...document.querySelectorAll('.md-search-result__link')].map(a => a.href).join()", None
    for _ in range(40):                        # the results of the whole query, not of a shorter one being replaced
        page.wait_for_timeout(250)
        now = page.evaluate(shown)
        if now == last and now.count(",") >= 2:
            break
        last = now
    results = page.evaluate("""() => [...document.querySelectorAll(".md-search-result a[href], .md-search-result summary")]
        .filter(el => el.checkVisibility()).map(el => el.getAttribute("href") || "summary")""")
    assert len(results) >= 3, (results, page.evaluate("""() => ({open: document.getElementById("__search").checked,
        focus: document.activeElement.className, links: document.querySelectorAll(".md-search-result__link").length})"""))
    reached = []
    for _ in range(len(results) + 3):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => { const el = document.activeElement, r = el.getBoundingClientRect()
            return {in_results: !!el.closest(".md-search-result"), what: el.getAttribute("href") || el.tagName.toLowerCase(),
                    on_screen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && el.checkVisibility(),
                    open: document.getElementById("__search").checked} }""")
        if state["what"] in ("div",):                 # the results' scroll box, a stop of the theme's own
            continue
        if not state["in_results"]:
            break
        assert state["open"] and state["on_screen"], state
        reached.append(state["what"])
        if len(reached) == 3:
            break
    assert reached == results[:3], f"Tab from the search box reached {reached}, not the results {results[:3]}"
    focused = "document.activeElement.getAttribute('href') || document.activeElement.tagName.toLowerCase()"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == reached[1]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == reached[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0] == reached[0].split("?")[0], (page.url, reached[0])
    context.close()
    away = [u for u in requests if not u.startswith(site_url) and not u.startswith("data:")]
    assert requests and not away, f"requests leaving the server: {away[:5]}"


# Small English words that are no Vietnamese word written without its marks: three or more unmarked words in a row
# holding one of them are an English phrase ("Start a new merge request"), not a name ("Times New Roman").
ENGLISH_WORDS = {"the", "a", "an", "and", "with", "that", "has", "is", "are", "of", "to", "no", "on", "its", "still", "new",
                 "which"}


def english_outside_lang_en(html: str) -> tuple[str | None, list]:
    """The page's <html lang>, and the English phrases of its text (outside code, scripts and SVG) that no element
    marks lang="en"."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.lang, self.found = [], None, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "html":
                self.lang = attrs.get("lang")
            elif tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"):
                self.stack.append((tag, attrs.get("lang")))

        def handle_endtag(self, tag):
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break

        def handle_data(self, data):
            if any(t in ("script", "style", "code", "pre", "kbd", "svg") or (lang or "").startswith("en")
                   for t, lang in self.stack):
                return
            for run in re.findall(r"(?<![^\W\d_])[A-Za-z]+(?:\s+[A-Za-z]+){2,}(?![^\W\d_])", data):
                if ENGLISH_WORDS & set(run.split()):
                    self.found.append(" ".join(run.split()))

    reader = Reader()
    reader.feed(html)
    return reader.lang, reader.found


def test_pages_are_vietnamese_and_mark_their_english(site):
    """A screen reader reads a page in the voice of its language (WCAG 3.1.1, 3.1.2): every page says it is
    Vietnamese, and an English phrase in it (the guide's English sentences, the English names of a Git server's
    buttons) is marked lang="en", else it is read out with Vietnamese sounds."""
    wrong, unmarked = [], []
    for path in pages(site):
        file = site / path / "index.html" if not path.endswith(".html") else site / path
        lang, found = english_outside_lang_en(file.read_text(encoding="utf-8"))
        if lang != "vi":
            wrong.append(f"{path}: {lang}")
        unmarked += [f"{path or '/'}: {phrase}" for phrase in found]
    assert not wrong, f"pages not in Vietnamese: {wrong}"
    assert not unmarked, f"{len(unmarked)} English phrases not marked lang=\"en\": {unmarked[:8]}"


def test_the_english_finder_finds_english():
    """The finder above on a sentence of each kind: English unmarked, English marked, Vietnamese, a name."""
    lang, found = english_outside_lang_en('<html lang="vi"><p>Bấm nút (Start a new merge request); '
                                          '<span lang="en">the file keeps plain hyphens</span>; chữ Times New Roman, '
                                          'Tỷ lệ hộ gia đình <code>with a key</code></p></html>')
    assert lang == "vi" and found == ["Start a new merge request"]


def test_no_id_is_used_twice_on_a_page(site):
    """An id names one element (WCAG 4.1.1): a link to #id, a label's for=, aria-labelledby (a chart's title and
    description) reach only the first of two. Every built page; the overview holds several charts."""
    twice = []
    for path in pages(site):
        file = site / path / "index.html" if not path.endswith(".html") else site / path
        ids = Counter(re.findall(r'<[a-zA-Z][^>]*?\sid="([^"]*)"', file.read_text(encoding="utf-8")))
        twice += [f"{path or '/'}: {key} ×{n}" for key, n in ids.items() if n > 1]
    assert not twice, twice[:10]


def test_the_page_for_a_missing_address_speaks_vietnamese_and_offers_a_way_on(browser, site_url):
    """An address the site does not have shows 404.html: its heading was the theme's English "404 - Not found" on a
    page marked Vietnamese. It says in Vietnamese that the page is not there, and links to the home page."""
    page = browser.new_page()
    page.goto(site_url + "404.html", wait_until="load")      # what the intranet server sends (tests/test_not_found_page.py)
    heading = page.inner_text("article h1")
    links = page.evaluate("[...document.querySelectorAll('article a[href]')].map(a => a.href)")
    page.close()
    assert "404" in heading and re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]",
                                          heading.lower()), heading
    assert site_url in links, f"no link to the home page: {links}"


def test_nothing_glides_for_a_reader_who_asked_for_less_motion(browser, site_url):
    """prefers-reduced-motion: the table of contents beside a long page follows the reader's place in it; after a
    scroll of the page it glided there (the theme's smooth scroll) even for a reader whose system asks for less
    motion. Here it jumps: sampled every frame, it takes no position between where it was and where it goes."""
    seen = {}
    for motion in ("reduce", "no-preference"):
        context = browser.new_context(viewport={"width": 1280, "height": 600}, reduced_motion=motion)
        page = context.new_page()
        page.goto(site_url + "huong-dan-bien-tap/", wait_until="load")
        page.wait_for_timeout(400)
        seen[motion] = page.evaluate("""() => new Promise(done => {
            const toc = document.querySelector(".md-sidebar--secondary .md-sidebar__scrollwrap"), tops = [toc.scrollTop]
            window.scrollTo(0, document.documentElement.scrollHeight)
            const start = performance.now()
            const sample = () => { if (tops[tops.length - 1] !== toc.scrollTop) tops.push(toc.scrollTop)
                performance.now() - start < 1500 ? requestAnimationFrame(sample) : done(tops) }
            requestAnimationFrame(sample) })""")
        context.close()
    glide = seen["no-preference"]
    assert len(glide) > 3 and glide[-1] > glide[0] + 200, f"the table of contents did not glide: nothing tested ({glide})"
    assert len(seen["reduce"]) <= 3 and seen["reduce"][-1] == glide[-1], f"it glides with less motion asked: {seen}"
