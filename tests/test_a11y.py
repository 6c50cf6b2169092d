"""Every page readable with any eyes and on any screen, in real Chromium.

- WCAG 2.1 AA: axe-core (from the npm registry, pinned in package.json / package-lock.json, installed by
  `npm ci` in scripts/test.sh; never fetched at run time) over every page of the built site at 1280 px, and over one
  page of each kind (KINDS) at 1280 px and 360 px in the light scheme and in the dark one: no serious or critical
  violation. Every page's width is measured on a 360 px phone (the narrow phones readers still use). Links named
  alike go alike (WCAG 2.4.4), on every page. Each page is loaded once for all of these.
- Phones: no page wider than a 360 px screen; wide tables scroll in their own box with the first column kept;
  chart labels at least 11 px and never cut, the chart's table a tap away; a tap on a figure shows its provenance.
- Structure (axe's rules beyond WCAG's tags, STRUCTURE_RULES): headings in order, landmarks, the skip link, named
  dialogs. What axe cannot see (zoom, text spacing, forced colours, less motion, what a screen reader is given,
  search by Tab): tests/test_a11y_readers.py.
- Keyboard focus is visible; the scheme follows the reader's system and has a toggle; the header shows no
  repository link and no edit pencil while none is configured (tests/test_review_pages.py), the footer names the
  department.
"""
from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import yaml

from conftest import ROOT
from test_offline import pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 360)
PHONE = 360
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]
WIDE_TABLES = ["indicators", "indicators-summary", "figures-table", "documents-table"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI must have axe-core: scripts/test.sh runs `npm ci` (package.json, package-lock.json)")
        pytest.skip("axe-core is not installed: run `npm ci` in the project folder (scripts/test.sh does)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_source: str, rules: list | None = None, also: list = ()) -> list:
    """axe's violations on the page: of the rules named, else of every WCAG 2.1 A/AA rule and the rules `also` names
    (one pass over the page for both; each violation says its rule, `id`)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source)   # not a <script>: the site's Content-Security-Policy runs only its own
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_AA}
    return page.evaluate("""async ([only, also]) => {
        const rules = Object.fromEntries(also.map(id => [id, {enabled: true}]))
        const result = await axe.run(document, {runOnly: only, rules, resultTypes: ["violations"]})
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n")[1])})) }""",
                         [only, list(also)])


# One page of each kind the site has (each made by its own template or macros): axed at both widths, in both schemes.
KINDS = ("", "2023/", "2023/tong-quan-chi-tieu/", "2023/ii-1-1-chi-tieu-nganh/", "2023/ii-1-2-02-buu-chinh-vien-thong/",
         "2023/ii-2-2-to-chuc-xay-dung-dang/", "2023/van-ban/", "2023/bang-so-lieu/", "2023/ghi-chu-bien-tap/",
         "2023/in-toan-van/", "huong-dan-bien-tap/", "404.html")


# axe's rules beyond WCAG's tags for what a screen reader user moves by: headings in order, one h1, landmarks (one
# main, each named apart, all text inside one), the skip link's target, named dialogs.
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "empty-heading", "landmark-one-main", "landmark-unique",
                   "region", "skip-link", "aria-dialog-name"]


# Every CSS transition and animation run to its end (the theme fades colours in when the scheme changes and moves its
# panels when the width changes): what axe reads and what is measured is the end state, not a frame of the change.
SETTLED = """() => Promise.all(document.getAnimations().filter(a => a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)))"""
# A link's name as a screen reader lists it, and where it goes (a place on the page itself: its #fragment).
LINKS = """() => [...document.querySelectorAll("article a[href]")].map(a => {
    const url = new URL(a.href), here = url.origin + url.pathname === location.origin + location.pathname
    const name = (a.getAttribute("aria-label") || a.innerText || a.title || "").trim().replace(/\\s+/g, " ")
    return [name, here ? url.hash : url.origin + url.pathname] })"""


def show(page, width: int, scheme: str) -> None:
    """The loaded page at another width or in the other scheme, as the reader's window and system change it: the
    theme follows both without a reload (its scheme toggle is on "follow the system"). The end state is what a page
    loaded that way shows: every element's computed colours, every page's width and axe's count of nodes checked
    per rule were the same, compared on the built site (2026-12-05)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s",
                           arg="slate" if scheme == "dark" else "default")
    page.evaluate(SETTLED)


@pytest.fixture(scope="module")
def audit(browser, site, site_url, axe_source):
    """axe (all WCAG 2.1 A/AA rules, light scheme) on every page at the desktop width; on one page of each kind at
    every width, axe in the light scheme and its colour rules in the dark one; every page's width on a phone; the
    links of every page's article. Each page is loaded once, at the desktop width in the light scheme, then shown
    at the phone's width and in the dark scheme (show()).
    {width: {"light": [(page, violation)], "dark": [...], "widths": {page: px}, "axed": [pages]},
     "links": {page: [(name, place)]}}."""
    every = pages(site)
    missing = [k for k in KINDS if k not in every]
    assert not missing, f"pages of a kind no longer built (update KINDS): {missing}"
    out = {width: {"light": [], "dark": [], "structure": [], "widths": {}, "axed": []} for width in WIDTHS}
    out["links"] = {}
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, color_scheme="light")
    page = context.new_page()

    def light(path, width):
        found = out[width]
        found["widths"][path] = page.evaluate("document.documentElement.scrollWidth")
        found["axed"].append(path)
        for v in run_axe(page, axe_source, also=STRUCTURE_RULES):   # none of these is a WCAG rule
            found["structure" if v["id"] in STRUCTURE_RULES else "light"].append((path, v))

    for path in every:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.emulate_media(color_scheme="light")
        page.goto(site_url + path, wait_until="load")
        out["links"][path] = page.evaluate(LINKS)
        light(path, WIDTHS[0])
        show(page, PHONE, "light")
        if path not in KINDS:
            out[PHONE]["widths"][path] = page.evaluate("document.documentElement.scrollWidth")
            continue
        light(path, PHONE)
        for width in (PHONE, WIDTHS[0]):
            show(page, width, "dark")
            out[width]["dark"] += [(path, v) for v in run_axe(page, axe_source, CONTRAST_RULES)]
    context.close()
    for width in WIDTHS:
        found = out[width]
        for scheme in ("light", "dark"):
            counts = Counter((v["id"], v["impact"]) for _, v in found[scheme])
            print(f"\naxe {width} px {scheme}: {len(found['axed'])} pages, violations by rule: {dict(counts) or 'none'}")
        print(f"widest page at {width} px: {max(found['widths'].values())} px")
    assert len(out[WIDTHS[0]]["axed"]) == len(every) and all(set(KINDS) <= set(out[w]["axed"]) for w in WIDTHS)
    assert set(out[PHONE]["widths"]) == set(every)
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_accessibility_violation(audit, width, scheme):
    bad = [f"{path}: {v['id']} ({v['impact']}): {v['nodes'][:3]}" for path, v in audit[width][scheme]
           if v["impact"] in ("serious", "critical")]
    assert not bad, f"{len(bad)} serious/critical axe violations at {width} px, {scheme} scheme:\n" + "\n".join(bad)


@pytest.mark.parametrize("width", WIDTHS)
def test_headings_landmarks_and_dialogs_are_in_order(audit, width):
    """axe's structure rules (STRUCTURE_RULES) on every page at the desktop width, on a page of each kind on a
    phone: headings in order, landmarks, the skip link's target, named dialogs (the search box)."""
    found = [f"{path or '/'}: {v['id']}: {v['nodes'][:2]}" for path, v in audit[width]["structure"]]
    assert not found, found[:8]


def test_links_named_alike_go_alike(audit):
    """A screen reader lists a page's links by their names, out of their sentences (WCAG 2.4.4): two links of an
    article with one name lead to one page, and two links to places on the page itself to one place ("Xem bảng
    số liệu của biểu đồ" under each of four charts named none of them). No link is named only "đây", "xem"…"""
    found, bare = [], []
    for path, links in audit["links"].items():
        places = {}
        for name, place in links:
            places.setdefault(name, set()).add(place)
            if re.fullmatch(r"(tại |ở )?(đây|xem|xem thêm|chi tiết|link|liên kết)\.?", name.lower()) or not name:
                bare.append(f"{path or '/'}: {name!r}")
        found += [f"{path or '/'}: {name!r} -> {len(p)} places" for name, p in places.items() if len(p) > 1]
    assert sum(map(len, audit["links"].values())) > 100, "the articles hold almost no links: nothing tested"
    assert not bare, bare[:10]
    assert not found, found[:10]


def test_axe_finds_what_it_should(browser, site_url, axe_source):
    """The check itself works: white text on Material's own red (#ef5552, 3.4:1) is reported."""
    page = browser.new_page()
    page.goto(site_url, wait_until="load")
    page.evaluate("""() => { const p = document.createElement("p"); p.textContent = "Chữ trắng trên nền đỏ nhạt"
        p.style.cssText = "color: #fff; background: #ef5552; font-size: 14px"; document.querySelector("article").prepend(p) }""")
    found = run_axe(page, axe_source, ["color-contrast"])
    page.close()
    assert any(v["id"] == "color-contrast" and v["impact"] == "serious" for v in found)


def test_no_page_is_wider_than_a_phone(audit):
    wide = {path: px for path, px in audit[PHONE]["widths"].items() if px > PHONE}
    assert not wide, f"pages wider than {PHONE} px: {wide}"


@pytest.fixture(scope="module")
def phone(browser, site_url):
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, has_touch=True, is_mobile=True,
                                  color_scheme="light")
    page = context.new_page()
    yield page
    context.close()


def test_wide_tables_scroll_in_their_box_with_the_first_column_kept(phone, site_url):
    checked = []
    for path in ("2023/bang-so-lieu/", "2023/van-ban/", "2023/ii-1-1-chi-tieu-nganh/"):
        phone.goto(site_url + path, wait_until="load")
        for table in WIDE_TABLES:
            state = phone.evaluate("""name => [...document.querySelectorAll("article table." + name)].map(t => {
                const first = t.querySelector("tbody tr > :first-child"), second = t.querySelector("tbody tr > :nth-child(2)")
                const before = [first.getBoundingClientRect().left, second.getBoundingClientRect().left]
                t.scrollLeft = t.scrollWidth
                const after = [first.getBoundingClientRect().left, second.getBoundingClientRect().left]
                return {scrolls: t.scrollWidth > t.clientWidth, moved: t.scrollLeft,
                        kept: Math.abs(after[0] - before[0]) < 1, others: Math.abs(before[1] - after[1] - t.scrollLeft) < 1,
                        focusable: t.tabIndex === 0, right: t.getBoundingClientRect().right} })""", table)
            for s in state:
                checked.append((path, table))
                assert s["right"] <= PHONE, (path, table, s)
                if s["scrolls"]:
                    assert s["moved"] > 0 and s["kept"] and s["others"], (path, table, s)
                    assert s["focusable"], (path, table, "a scrolling table must take the keyboard focus")
    assert {t for _, t in checked} == set(WIDE_TABLES), checked


def test_figure_keys_wrap_at_dots_and_underscores_not_inside_words(phone, site_url):
    phone.goto(site_url + "2023/bang-so-lieu/", wait_until="load")
    lines = phone.evaluate("""() => [...document.querySelectorAll("table.figures-table td:first-child code")].map(code => {
        const range = document.createRange(), text = code.firstChild && code.textContent, out = []
        let line = "", top = null
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT)
        while (walker.nextNode()) {
          const node = walker.currentNode
          for (let i = 0; i < node.data.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1)
            const y = Math.round(range.getBoundingClientRect().top)
            if (top !== null && y > top + 2) { out.push(line); line = "" }
            top = y; line += node.data[i]
          }
        }
        out.push(line)
        return out })""")
    assert len(lines) > 50
    broken = [ls for ls in lines if len(ls) > 1]
    assert broken, "no key wraps on a phone: the column is not narrow, nothing was checked"
    inside = [ls for ls in lines for a in ls[:-1] if not a.endswith((".", "_"))]
    assert not inside, f"keys broken inside a word: {inside[:5]}"


def chart_texts(page) -> list:
    return page.evaluate("""() => [...document.querySelectorAll("figure.chart svg text")].map(t => ({
        chart: t.closest("figure").dataset.chart,
        text: [...t.querySelectorAll("tspan")].map(s => s.textContent).join(" ") || t.textContent,
        axis: !!t.closest("g.axis.y"),
        px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }))""")


def test_chart_labels_are_legible_on_a_phone_and_never_cut(phone, site_url):
    phone.goto(site_url + "2023/tong-quan-chi-tieu/", wait_until="load")
    texts = chart_texts(phone)
    assert len({t["chart"] for t in texts}) >= 3
    small = [(t["chart"], t["text"], round(t["px"], 1)) for t in texts if t["px"] < 11]
    assert not small, f"chart text under 11 px on a {PHONE} px phone: {small[:10]}"
    assert not [t for t in texts if "…" in t["text"] or "..." in t["text"]]
    # every category label, its lines put together, is the full name the chart's table shows
    names = phone.evaluate("""() => Object.fromEntries([...document.querySelectorAll("figure.chart")].map(f =>
        [f.dataset.chart, [...f.querySelectorAll("table.chart-data tbody tr > td:first-child")].map(td => td.innerText.trim())]))""")
    for chart, wanted in names.items():
        labels = [" ".join(t["text"].split()) for t in texts if t["chart"] == chart and t["axis"]]   # lines joined
        if chart in ("linh-vuc", "tinh-trang"):
            assert sorted(labels) == sorted(wanted), (chart, labels, wanted)
        else:                                  # names of indicators: the table may say more (the target), never less
            assert all(any(label.lower() in name.lower() for name in wanted) for label in labels), (chart, labels)
    # the chart's table is a tap away
    links = phone.evaluate("""() => [...document.querySelectorAll("figure.chart .chart-table-link a")].map(a =>
        !!document.getElementById(a.getAttribute("href").slice(1)))""")
    assert links and all(links)


def test_chart_labels_in_print_are_at_least_9_points(browser, site_url):
    page = browser.new_page(viewport={"width": 794, "height": 1123})      # A4 at 96 dpi
    page.emulate_media(media="print")
    page.goto(site_url + "2023/tong-quan-chi-tieu/", wait_until="load")
    texts = chart_texts(page)
    page.close()
    small = [(t["chart"], t["text"], round(t["px"] * 0.75, 1)) for t in texts if t["px"] * 0.75 < 9]
    assert texts and not small, f"chart text under 9 pt in print: {small[:10]}"


def test_charts_stay_readable_in_the_dark_scheme(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "2023/tong-quan-chi-tieu/", wait_until="load")
    state = page.evaluate("""() => ({scheme: document.body.getAttribute("data-md-color-scheme"),
        boxes: [...document.querySelectorAll("figure.chart .chart-svg-box")].map(b => getComputedStyle(b).backgroundColor),
        text: [...new Set([...document.querySelectorAll("figure.chart svg text")].map(t => getComputedStyle(t).fill))]})""")
    context.close()
    assert state["scheme"] == "slate"
    assert state["boxes"] and set(state["boxes"]) == {"rgb(255, 255, 255)"}, state   # the SVG draws black on white
    assert state["text"] == ["rgb(0, 0, 0)"], state


def test_a_tap_on_a_figure_shows_where_it_comes_from(phone, site_url):
    phone.goto(site_url + "2023/ii-1-2-02-buu-chinh-vien-thong/", wait_until="load")
    fig = phone.locator("article .fig[title]").first
    title = fig.get_attribute("title")
    fig.tap()
    note = phone.locator("article .fig-note")
    assert note.count() == 1 and note.inner_text() == title and "data/2023/" in title
    fig.tap()
    assert phone.locator("article .fig-note").count() == 0


def tab_stops(page, selector: str, wanted: int, presses: int):
    """Press Tab until `wanted` elements matching selector had the focus (at most `presses` times); at each stop:
    the focused element's title if it matches (else None), the visible note's text, the live region's text (the
    one with role=status), and how many notes the page holds."""
    seen = 0
    for _ in range(presses):
        if seen == wanted:
            return
        page.keyboard.press("Tab")
        state = page.evaluate("""selector => { const el = document.activeElement
            const note = document.querySelector("article .fig-note"), live = document.querySelector("[role=status].fig-live")
            return {title: el.matches(selector) ? el.getAttribute("title") : null,
                    note: note && note.checkVisibility() ? note.innerText : null,
                    live: live ? live.textContent : null, notes: document.querySelectorAll(".fig-note").length} }""",
                              selector)
        seen += state["title"] is not None
        yield state


def test_the_keyboard_reaches_a_figure_s_provenance(browser, site_url):
    """Without a mouse or a touch screen: Tab reaches each figure of the text, its provenance shows beside it while
    it has the focus and is said to a screen reader (a live region's text), Escape closes it, and moving on
    leaves no note behind. A figure inside a link is not a second stop (the link is one)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "2023/ii-1-2-02-buu-chinh-vien-thong/", wait_until="load")
    figures = page.evaluate("""() => [...document.querySelectorAll("article .fig[title]")]
        .filter(f => !f.closest("a")).map(f => f.getAttribute("title"))""")
    assert len(figures) > 5
    reached = []
    for state in tab_stops(page, ".fig[title]", len(figures), 300):
        if state["title"] is None:
            assert state["notes"] == 0, state          # moving on leaves no note behind
            continue
        assert state["note"] == state["title"] and state["live"] == state["title"], state
        reached.append(state["title"])
    assert reached == figures, (len(reached), len(figures))
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.querySelectorAll('article .fig-note').length") == 1
    page.keyboard.press("Escape")
    assert page.evaluate("document.querySelectorAll('article .fig-note').length") == 0
    page.close()


def test_the_keyboard_reaches_what_a_draft_still_lacks(browser, site_url):
    """A draft shows what it still lacks where the fact goes ("Số … -BC/ĐU", "ngày … tháng … năm …"); what that
    "…" stands for and where to fill it in is the placeholder's title. Tab reaches each such placeholder of the
    year's cover page and shows and says that text, as for a figure."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "2023/", wait_until="load")
    wanted = page.evaluate("""() => [...document.querySelectorAll("article .placeholder[title]")]
        .filter(p => !p.closest("a")).map(p => p.getAttribute("title"))""")
    assert wanted, "the cover page of a draft has no placeholder (the test needs one)"
    reached = []
    for state in tab_stops(page, ".placeholder[title]", len(wanted), 150):
        if state["title"]:
            assert state["note"] == state["title"] == state["live"], state
            reached.append(state["title"])
    page.close()
    assert reached == wanted, (reached, wanted)


def test_a_screen_reader_tells_the_source_s_words_from_the_proposal(browser, site, site_url):
    """A pending change shows the source's words struck through and the proposal underlined; a screen reader reads
    neither line. In Chromium's accessibility tree (what a screen reader is given), read in order: each run of
    struck text of a proposal (one change, perhaps cut in pieces by a figure's tags) says first that it is the
    source's, each run of underlined text that it is proposed, and says it once, on every page that holds one."""
    paths = [p for p in pages(site) if 'class="proposal"' in
             (site / p / "index.html" if not p.endswith(".html") else site / p).read_text(encoding="utf-8")]
    assert len(paths) >= 3, paths
    page = browser.new_page()
    cdp = page.context.new_cdp_session(page)
    wrong, runs = [], 0
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        by_id = {n["nodeId"]: n for n in nodes}

        def kind(node):
            role = node.get("role", {}).get("value")
            if role not in ("deletion", "insertion") or "backendDOMNodeId" not in node:
                return None
            attributes = cdp.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})["node"]["attributes"]
            classes = dict(zip(attributes[::2], attributes[1::2])).get("class", "").split()
            return role if "proposal" in classes else None

        spoken = []                                 # (deletion|insertion|None, text), in reading order

        def walk(node, inside):
            inside = kind(node) or inside
            if node.get("role", {}).get("value") == "StaticText":
                spoken.append((inside, node.get("name", {}).get("value", "")))
                return
            for k in node.get("childIds", []):
                if k in by_id:
                    walk(by_id[k], inside)
        walk(nodes[0], None)
        run = []
        for inside, text in spoken + [(None, "end")]:
            if run and (inside != run[0][0] or (inside is None and text.strip())):
                runs += 1
                said, says = "".join(t for _, t in run).lower(), "bản gốc" if run[0][0] == "deletion" else "đề nghị"
                if says not in said[:40] or said.count(says) != 1:
                    wrong.append(f"{path}: {run[0][0]} read as {said[:120]!r}")
                run = []
            if inside:
                run.append((inside, text))
    page.close()
    assert runs >= 8, runs
    assert not wrong, "\n".join(wrong[:10])


def test_a_screen_reader_hears_how_many_results_the_search_found(browser, site_url):
    """The search box shows its count of results ("3 tài liệu liên quan") as the reader types; a screen reader
    user, whose focus stays in the box, hears it only from a live region (WCAG 4.1.3)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "2023/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("dang vien", delay=30)
    page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    said = page.evaluate("""() => { const meta = document.querySelector(".md-search-result__meta")
        const live = meta.closest("[role=status], [aria-live=polite], [aria-live=assertive]")
        return live ? live.textContent.trim() : null }""")
    page.close()
    assert said and any(ch.isdigit() for ch in said), said


def test_each_row_of_the_indicator_tables_is_named_for_a_screen_reader(site):
    """In a table of indicators (one sector's, and the summary by sector), a screen reader reading a cell ("79,18%",
    "Chưa đạt: 01") says which row it belongs to only when the row's name is its row header (th scope="row"); a
    plain cell names no row. Every row of every such table on the built pages (but a row that is one sentence)."""
    rows = []
    for path in pages(site):
        html = (site / path / "index.html" if not path.endswith(".html") else site / path).read_text(encoding="utf-8")
        for table in re.findall(r'<table class="indicators(?:-summary)?\b.*?</table>', html, re.S):
            body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)[1]
            rows += [(path, row) for row in re.findall(r"<tr\b.*?</tr>", body, re.S) if "colspan" not in row]
    assert len(rows) > 20, len(rows)
    unnamed = [(path, re.sub(r"<[^>]+>", " ", row)[:80]) for path, row in rows
               if len(re.findall(r'<th scope="row"[^>]*>\s*\S', row)) != 1]
    assert not unnamed, f"{len(unnamed)} of {len(rows)} rows without a row header: {unnamed[:4]}"


def test_pages_give_no_hover_only_instruction(site):
    """A phone has no mouse: a sentence that says to hover over something ("rê chuột lên một con số") also says to
    tap. (A sentence telling what a hovering reader is shown, "khi rê chuột hay qua trình đọc màn hình", is no
    instruction.)"""
    found, instructions = [], 0
    for path in pages(site):
        file = site / path / "index.html" if not path.endswith(".html") else site / path
        text = re.sub(r"<[^>]+>", " ", file.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if re.search(r"(rê|di|trỏ) chuột (lên|vào|qua|trên)|hover (over|on)", sentence, re.I):
                instructions += 1
                if not re.search(r"chạm", sentence, re.I):
                    found.append(f"{path}: {' '.join(sentence.split())[:120]}")
    assert instructions >= 2, "the site's instructions to hover are no longer found: nothing tested"
    assert not found, "\n".join(found)


# The focused element as the reader sees it: its ring, and whether it is drawn on the screen at all (the palette's
# radio button is drawn by the label after it)
FOCUSED = """() => {
    const el = document.activeElement
    const shown = el.matches("input.md-option") ? el.nextElementSibling : el, s = getComputedStyle(shown)
    const r = shown.getBoundingClientRect()
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1)
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1)
    const top = document.elementFromPoint(x, y)                // not under another panel of the navigation
    return {tag: el.tagName, text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 30),
            outline: s.outlineStyle === "auto" || (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2),
            shadow: s.boxShadow !== "none",
            on_screen: r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
                       && r.top < innerHeight && shown.checkVisibility({opacityProperty: true, visibilityProperty: true})
                       && !!top && (shown.contains(top) || top.contains(shown))}
}"""


@pytest.mark.parametrize("width", [1280, 1024, 360])
def test_keyboard_focus_is_visible(browser, site_url, width):
    """Tab through the first controls and links of a page: each focused element is on the screen and shows a ring
    (outline or shadow) — on a wide screen, on a narrow window where the navigation is a drawer, on a phone. A Tab
    stop that shows nothing (the closed search results, the closed drawer's links, a link under another panel of
    the drawer) leaves the reader lost."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = []
    for path in ("", "2023/ii-1-1-chi-tieu-nganh/"):
        page.goto(site_url + path, wait_until="load")
        # the end state of each move, not a frame of the theme's fade-in (the skip link slides in)
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important }")
        for _ in range(45):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUSED)
            if not state["on_screen"]:          # the theme opens the search box on focus, a moment later
                page.wait_for_timeout(250)
                state = page.evaluate(FOCUSED)
            if state["tag"] == "BODY":
                continue
            seen.append(state)
    page.close()
    assert len(seen) > 40
    hidden = [s for s in seen if not (s["outline"] or s["shadow"])]
    assert not hidden, f"focus not visible on: {hidden[:5]}"
    nowhere = [s for s in seen if not s["on_screen"]]
    assert not nowhere, f"{len(nowhere)} of {len(seen)} Tab stops show nothing: {nowhere[:6]}"


def test_scheme_follows_the_system_and_has_a_toggle(browser, site_url):
    """Each visit follows the reader's system (light or dark); the toggle goes light -> dark -> system again."""
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    for system, expected in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=system)
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        assert page.evaluate(scheme) == expected
        page.goto(site_url + "2023/", wait_until="load")            # and so on every page, every visit
        assert page.evaluate(scheme) == expected
        seen = []
        for _ in range(3):
            toggle = page.locator("form[data-md-component=palette] label:visible")
            assert toggle.count() == 1 and toggle.get_attribute("title"), "one named toggle"
            toggle.click()
            seen.append(page.evaluate(scheme))
        assert seen == ["default", "slate", expected], seen
        context.close()


def test_footer_names_the_department_not_the_theme(site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    html = (site / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<footer class="md-footer">.*?</footer>', html, re.S).group(0)
    assert config["copyright"] in footer and "Sở Thông tin và Truyền thông" in config["copyright"]
    assert "Material for MkDocs" not in footer and "mkdocs-material" not in footer.lower()


def test_printing_from_the_dark_scheme_prints_the_light_one(browser, site_url, tmp_path):
    """Ctrl+P of a reader in the dark scheme still gives black on white (a Party document)."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "2023/ii-1-1-chi-tieu-nganh/", wait_until="load")
    page.evaluate("""() => { self.printed = []
        addEventListener("beforeprint", () => printed.push(document.body.getAttribute("data-md-color-scheme"))) }""")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.pdf(path=str(tmp_path / "page.pdf"))                # Chromium's print: fires beforeprint / afterprint
    assert page.evaluate("printed") == ["default"]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()
