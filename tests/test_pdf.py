"""`python -m macros pdf`: the real command writes the whole report as one A4 PDF; pypdf reads it.

Expectations come from the data (data/2023/report.yml read here with plain YAML), from mkdocs.yml's nav and from the
built section pages (every span.fig they show), not from the code that makes the PDF.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from collections import Counter

import lxml.html
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT
from test_print import (A4, MARGIN, assert_a4, assert_no_missing_glyphs, assert_serif_body, page_text,
                        squash, text_runs)

YEAR = 2023
NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s")

pytestmark = [pytest.mark.browser, pytest.mark.build]   # the real `python -m macros pdf`: Chromium prints


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def fold(text: str) -> str:
    """Headings are printed in capitals (h1) — compare without case and whitespace."""
    return squash(text).casefold()


RUN: dict = {}   # what the command printed


@pytest.fixture(scope="module")
def report_pdf(browser, tmp_path_factory):
    """Run the real command, as a user would; `browser` makes a machine without Chromium skip (never in CI)."""
    out = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "macros", "pdf", "--year", str(YEAR), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    seconds = time.perf_counter() - started
    assert result.returncode == 0, f"python -m macros pdf failed:\n{result.stdout}\n{result.stderr}"
    assert out.is_file(), result.stdout
    reader = PdfReader(str(out))
    print(f"\nwhole report: {len(reader.pages)} pages in {seconds:.1f} s — {result.stdout.strip()}")
    RUN["stdout"] = result.stdout
    return reader


@pytest.fixture(scope="module")
def texts(report_pdf):
    return [page_text(p) for p in report_pdf.pages]


def nav_sections() -> list[tuple[str, str | None]]:
    """(nav title, page source or None for a group) of every numbered entry under 'Năm 2023', in nav order."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]   # !ENV
    year = next(item[f"Năm {YEAR}"] for item in nav if isinstance(item, dict) and f"Năm {YEAR}" in item)
    out = []

    def walk(items):
        for item in items:
            for title, value in (item.items() if isinstance(item, dict) else []):
                if NUMBERED.match(title):
                    out.append((title, None if isinstance(value, list) else value))
                    if isinstance(value, list):
                        walk(value)
    walk(year)
    return out


def built_page(site, src: str) -> str:
    return (site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def test_whole_report_is_a4_with_serif_embedded_fonts_and_no_missing_glyphs(report_pdf, texts):
    assert_a4(report_pdf)
    assert len(report_pdf.pages) >= 3
    assert_serif_body(report_pdf)
    assert_no_missing_glyphs("\n".join(texts))


def report_yml() -> dict:
    return yaml.safe_load((ROOT / "data" / str(YEAR) / "report.yml").read_text(encoding="utf-8"))


def is_draft() -> bool:
    """Hướng dẫn 36-HD/VPTW: without its number, date, signer or recipients, or with an editorial decision not yet
    approved, the report is a draft (read here from the data, not from the code that decides)."""
    report = yaml.safe_load((ROOT / "data" / str(YEAR) / "report.yml").read_text(encoding="utf-8"))
    decisions = yaml.safe_load((ROOT / "data" / str(YEAR) / "decisions.yml").read_text(encoding="utf-8"))["decisions"]
    return (any(not report.get(f) for f in ("number", "date", "signer_name", "recipients", "confirmed"))
            or any(not d.get("approval") for d in decisions.values()))


def test_starts_with_the_party_header_from_the_data(report_pdf, texts):
    report = report_yml()
    lines = [line for line in report_pdf.pages[0].extract_text(extraction_mode="layout").split("\n") if line.strip()]
    if is_draft():   # the box 'DỰ THẢO' and where it came from above the header, then the header's first line
        assert squash(lines[0]) == "DỰTHẢO", f"the top line of page 1 of a draft is {lines[0]!r}"
        assert lines[1].strip().startswith("Bản dựng: "), lines[1]
        lines = lines[2:]
    assert "ĐẢNGCỘNGSẢNVIỆTNAM" in squash(lines[0]), f"the header's top line is {lines[0]!r}"
    first = squash(texts[0])
    for field in ("superior_body", "issuing_body", "document_type", "summary", "place"):
        if report.get(field):
            assert squash(report[field]) in first, f"report.yml {field} is not on page 1"
    if report.get("number") and not is_draft():
        assert squash(f"Số {report['number']}") in first
    else:   # unknown number: 'Số' and the suffix, nothing invented between them
        assert re.search(r"Số[^0-9]{0,3}" + re.escape(squash(report["number_suffix"])), first), first[:300]
    date_line = next(line for line in texts[0].split("\n") if report["place"] in line)
    date_part = date_line[date_line.index(report["place"]):]
    if report.get("date") is None or is_draft():   # the clerk writes day and month by hand: 'ngày    tháng    năm 2023'
        assert re.fullmatch(rf"{report['place']},\s+ngày\s+tháng\s+năm\s+{YEAR}", date_part.strip()), date_part
    else:
        assert str(report["date"].year) in date_part


def test_ends_with_the_signature_block(texts):
    report = report_yml()
    last = squash(texts[-1])
    title = squash(report["signer_title"])
    assert title == "BÍTHƯ"
    assert title in last, "BÍ THƯ is not on the last page"
    after = last[last.rindex(title) + len(title):]
    if report.get("signer_name"):
        assert after == squash(report["signer_name"]), f"after BÍ THƯ: {after!r}"
    else:   # on paper, the unknown name is a dotted line for the clerk, never a bracketed placeholder
        assert re.fullmatch(r"[.…]{10,}", after), f"after BÍ THƯ: {after!r}"
    before = last[:last.rindex(title)]
    assert before.endswith(squash(report["on_behalf"])), before[-80:]
    assert "Nơinhận:" in last


def test_every_numbered_section_is_printed_in_nav_order(site, texts):
    flat = fold("\n".join(texts))
    position, missing = 0, []
    for title, src in nav_sections():
        heading = title
        if src:   # a page: its own first heading as built
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", built_page(site, src), re.S)
            heading = plain(h1.group(1)) if h1 else title
        found = flat.find(fold(heading), position)
        if found < 0:
            missing.append(heading)
        else:
            position = found + len(fold(heading))
    assert len(nav_sections()) >= 30
    assert not missing, f"headings missing or out of order in the PDF: {missing}"


NOT_PRINTED = ("editorial-note", "screen-only", "admonition", "review-only")   # the web's own parts (issue 12)


def printed_figures(page_html: str) -> Counter:
    """(key, value) of every span.fig a page shows on paper: not those of the web's tables and editorial notes."""
    root = lxml.html.document_fromstring(page_html)
    article = root.xpath("//article")[0]
    for cls in NOT_PRINTED:
        for el in article.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"):
            if el.getparent() is not None:
                el.getparent().remove(el)
    return Counter((span.get("data-key"), squash(span.text_content()))
                   for span in article.xpath(".//span[contains(concat(' ', @class, ' '), ' fig ')]"))


def test_every_figure_shown_on_the_report_pages_is_in_the_pdf(site, texts):
    flat = squash("\n".join(texts))
    pages = [src for _title, src in nav_sections() if src]
    shown = Counter()
    for src in pages:
        shown += printed_figures(built_page(site, src))
    assert len(shown) >= 20, f"too few figures on the report pages to be a real check: {len(shown)}"
    missing = sorted({f"{key} = {value}" for key, value in shown if value not in flat})
    assert not missing, f"figures shown on the site but absent from the PDF: {missing}"
    # and the whole-report page that was printed carries every one of them, as often as the pages do
    whole = printed_figures(built_page(site, f"{YEAR}/in-toan-van.md"))
    fewer = {k: (n, whole[k]) for k, n in shown.items() if whole[k] < n}
    assert not fewer, f"figures printed fewer times than the pages show them (pages, printed): {fewer}"


def test_not_the_dashboard_nor_the_appendix(site, texts):
    flat = fold("\n".join(texts))
    for src in (f"{YEAR}/tong-quan-chi-tieu.md", f"{YEAR}/van-ban.md"):   # (editorial notes are printed inline)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", built_page(site, src), re.S)
        assert h1, src
        assert fold(plain(h1.group(1))) not in flat, f"{src} was printed into the report"


def test_a_draft_says_so_and_prints_no_placeholder(texts):
    """DỰ THẢO at the top of page 1 exactly when the data leaves the report a draft; on paper no bracketed
    placeholder, the blanks a clerk fills by hand instead ('Số      -BC/ĐU')."""
    whole = "\n".join(texts)
    assert ("DỰ THẢO" in texts[0].split("\n")[0]) == is_draft()
    assert whole.count("DỰ THẢO") == (1 if is_draft() else 0)
    # a pending decision's note (issue 23) is the one bracket a draft prints
    whole = re.sub(r"\[đề\s+nghị\s+sửa,\s+chờ\s+Ban\s+Thường\s+vụ\s+duyệt\]", "", whole)
    assert "[" not in whole and "]" not in whole, re.findall(r".{30}[\[\]].{30}", whole)[:3]
    report = report_yml()
    if not report.get("number"):
        assert re.search(r"Số\s{3,}" + re.escape(report["number_suffix"]), texts[0]), texts[0][:400]


def test_only_the_committees_text_no_notes_no_tables_the_source_lacks(site, texts):
    """No editorial note, no web table, no screen part in the print (issue 12, part 2)."""
    whole = "\n".join(texts)
    for words in ("Ghi chú biên tập", "Bản gốc:", "Bản công bố:", "bản gốc không nêu tên", "Tổng hợp chỉ tiêu",
                  "Chỉ tiêu từng lĩnh vực", "dự thảo vì", "BẢN XEM XÉT"):
        assert words not in whole, words
    html = built_page(site, f"{YEAR}/in-toan-van.md")
    captions = [plain(c) for c in re.findall(r"<caption>(.*?)</caption>", html, re.S)]
    assert captions, "the whole-report page has no web table left to check"
    assert not [c for c in captions if squash(c) in squash(whole)], captions


def test_document_numbers_and_list_markers(site, texts):
    """Every document number printed whole on one line (no break at its hyphen or slash); lists start with "-"."""
    whole = "\n".join(texts)
    numbers = {plain(n) for n in re.findall(r'<span class="doc-no">(.*?)</span>', built_page(site, f"{YEAR}/in-toan-van.md"))}
    assert len(numbers) >= 15
    broken = [n for n in numbers if n not in whole]
    assert not broken, f"document numbers broken across lines (or missing) in the PDF: {broken}"
    lines = [line for text in texts for line in text.split("\n")]
    assert sum(1 for line in lines if re.match(r"-\s", line)) >= 60
    assert not any(c in whole for c in "•◦▪"), "a bullet printed where Vietnamese official text uses '-'"


def test_metadata_and_a_bookmark_for_every_heading(site, report_pdf):
    report = report_yml()
    meta = report_pdf.metadata
    assert meta.title == report["summary"] and meta.author == report["issuing_body"]
    assert meta.subject.casefold() == report["document_type"].casefold()
    assert str(report_pdf.trailer["/Root"].get("/Lang")) == "vi"

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]
    marks = [squash(t).casefold() for t in titles(report_pdf.outline)]
    headings = [squash(plain(h)).casefold() for attrs, h in
                re.findall(r"<h[1-6]([^>]*)>(.*?)</h[1-6]>", built_page(site, f"{YEAR}/in-toan-van.md"), re.S)
                if "screen-only" not in attrs and "review-heading" not in attrs]
    headings = [h for h in headings if h]
    assert len(marks) >= 20
    assert [h for h in headings if h not in marks] == [], "headings without a bookmark"


def test_every_bookmark_is_its_heading_with_its_spaces(site, report_pdf):
    """Issue 23: Chromium joined the lines of a wrapped heading without a space ("pháttriển"); each bookmark is now
    the heading's own text (a part in capitals, as it prints), every one of them."""
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]
    headings = [" ".join(plain(h).split()).upper() if re.search(r'class="[^"]*\bpart\b', attrs) else " ".join(plain(h).split())
                for attrs, h in re.findall(r"<h[1-6]([^>]*)>(.*?)</h[1-6]>", built_page(site, f"{YEAR}/in-toan-van.md"), re.S)
                if "screen-only" not in attrs and "review-heading" not in attrs]
    assert list(titles(report_pdf.outline)) == [h for h in headings if h]
    assert len(headings) >= 40


def test_the_command_says_why_the_report_is_a_draft(report_pdf):
    """`pdf` prints the reasons of html/document.py draft_reasons, read here from the data: every fact report.yml
    lacks (by its key) and every decision not approved (by its title)."""
    out = RUN["stdout"]
    report = report_yml()
    decisions = yaml.safe_load((ROOT / "data" / str(YEAR) / "decisions.yml").read_text(encoding="utf-8"))["decisions"]
    assert ("DỰ THẢO, vì" in out) == is_draft()
    for field in ("number", "date", "signer_name", "recipients", "confirmed"):
        assert (f"“{field}”" in out) == (not report.get(field)), field
    for d in decisions.values():
        assert (d["title"] in out) == (not d.get("approval")), d["title"]


def test_metadata_and_a_drafts_first_page_say_where_it_came_from(site, report_pdf, texts):
    """Revision, build date, draft or final (macros/stamp.py) as the site's footer says them; the small line on the
    first page of a draft only (a final one: tests/test_official.py)."""
    footer = lxml.html.document_fromstring(built_page(site, f"{YEAR}/in-toan-van.md")).find_class("stamp")[0]
    meta = report_pdf.metadata
    assert meta["/Revision"] == footer.get("data-revision") and len(meta["/Revision"]) >= 7
    assert meta["/BuildDate"] == footer.get("data-built")
    assert meta["/State"] == ("dự thảo" if is_draft() else "chính thức")
    assert meta["/Keywords"].startswith(f"Bản dựng: phiên bản {meta['/Revision']}")
    first = squash(texts[0])
    assert (squash(f"Bản dựng: phiên bản {meta['/Revision']}") in first) == is_draft()
    assert "Bảndựng" not in squash("\n".join(texts[1:]))


def test_page_numbers_centred_at_the_top_from_page_two(report_pdf):
    w, h = A4
    for n, page in enumerate(report_pdf.pages, 1):
        top = [r for r in text_runs(page) if r[1] >= h - MARGIN["top"]]
        if n == 1:
            assert not top, f"page 1 carries a number: {top}"
            continue
        assert [r[2].strip() for r in top] == [str(n)], f"page {n}: top margin holds {top}"
        centre = (MARGIN["left"] + w - MARGIN["right"]) / 2
        assert abs(top[0][0] - centre) < 12, f"page {n}: number at x={top[0][0]:.0f} pt, centre {centre:.0f} pt"


def test_pdf_command_explains_a_missing_chromium(tmp_path):
    """Without a browser (here: $CHROMIUM names none) the command stops with a Vietnamese message saying what to
    install, not a traceback, and writes no PDF."""
    env = dict(os.environ, CHROMIUM=str(tmp_path / "no-chromium"), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "pdf", "--out", str(tmp_path / "x.pdf")], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Không tìm thấy trình duyệt Chromium" in result.stderr and "chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_site_links_the_pdf_only_when_it_was_published(project, tmp_path):
    """`pdf --publish` puts the PDF under docs/<year>/: the next strict build copies it and links it for download;
    without it the build stays strict and shows no dead link."""
    from pypdf import PdfWriter
    from conftest import build_site
    page = f"{YEAR}/in-toan-van/index.html"
    assert build_site(project, tmp_path / "without").returncode == 0
    assert "pdf-download" not in (tmp_path / "without" / page).read_text(encoding="utf-8")
    writer = PdfWriter()
    writer.add_blank_page(width=A4[0], height=A4[1])
    with open(project / "docs" / str(YEAR) / f"bao-cao-{YEAR}.pdf", "wb") as fh:
        writer.write(fh)
    result = build_site(project, tmp_path / "with")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "with" / page).read_text(encoding="utf-8")
    link = re.search(r'<p class="pdf-download"><a [^>]*href="([^"]+)"', built)
    assert link, "no download link although the PDF is there"
    target = (tmp_path / "with" / page).parent / link.group(1)
    assert target.resolve().is_file() and target.name == f"bao-cao-{YEAR}.pdf", target
