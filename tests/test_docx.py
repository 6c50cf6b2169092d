"""`python -m macros docx`: the real command writes the whole report as a Word file; python-docx
reads it back, and LibreOffice renders it once to compare with the PDF.

Expectations come from the reference (A4, margins 20/15/20/30 mm, Times New Roman 14 pt: test_print's constants),
from data/2023/report.yml read here with plain YAML, and from the built whole-report page read here with lxml (every
span.fig, heading, list item and table it shows on paper), not from the converter.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter

import docx
import lxml.html
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import ROOT
from test_print import MARGIN, MM, SERIF, fonts, text_runs
from oracles import squash

pytestmark = pytest.mark.build   # every test here reads a site, a PDF or a Word file built for it

YEAR = 2023
BODY_FONT, BODY_PT = "Times New Roman", 14                     # Hướng dẫn 36-HD/VPTW: Times New Roman, body 14 pt
A4_MM = (210, 297)
MM_EMU = 36000   # English Metric Units in a millimetre
# Left out of the printed report: notes, the PDF link, screen-only parts, anchors, hidden text.
NOT_PRINTED = ("editorial-note", "admonition", "pdf-download", "screen-only", "md-source-file", "headerlink",
               "visually-hidden", "md-content__button", "review-only")
PAGE = f"{YEAR}/in-toan-van/index.html"


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def printed_article(site):
    """The whole-report page's <article> with what paper leaves out removed."""
    root = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8"))
    article = root.xpath("//article")[0]
    for el in article.xpath(".//style | .//script | .//*[" + " or ".join(has_class(c) for c in NOT_PRINTED) + "]"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    return article


def words(el) -> str:
    return " ".join(el.text_content().split())


def report_yml() -> dict:
    return yaml.safe_load((ROOT / "data" / str(YEAR) / "report.yml").read_text(encoding="utf-8"))


def run_command(*args, root=ROOT, timeout=300):
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(root), "docx", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


RUN: dict = {}   # what the command printed


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory):
    """The real command, as a user runs it (it builds the site itself)."""
    out = tmp_path_factory.mktemp("docx") / "bao-cao.docx"
    started = time.perf_counter()
    result = run_command("--year", YEAR, "--out", out)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, f"python -m macros docx failed:\n{result.stdout}\n{result.stderr}"
    assert out.is_file(), result.stdout
    print(f"\nWord file: {out.stat().st_size // 1024} KB in {seconds:.1f} s — {result.stdout.strip()}")
    RUN["stdout"] = result.stdout
    return out


@pytest.fixture(scope="module")
def document(docx_file):
    return docx.Document(str(docx_file))


def body_paragraphs(document):
    """Every paragraph of the body in order, those inside tables included."""
    return [docx.text.paragraph.Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]


def full_text(document) -> str:
    return "\n".join(p.text for p in body_paragraphs(document))


def effective(run, paragraph, attr: str):
    """A run's font name or size as Word resolves it: the run, then the paragraph's style chain, then defaults."""
    value = getattr(run.font, attr)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attr)
        style = style.base_style
    if value is None and attr == "name":
        fonts_el = run.part.document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
        value = fonts_el.get(qn("w:ascii")) if fonts_el is not None else None
    return value


def data_tables(document):
    """The report's tables: every top-level table but the header's and the signature's frames."""
    return document.tables[1:-1]


# ---- page, type, header --------------------------------------------------------------------------------------

def test_page_is_a4_with_the_party_margins(document):
    assert len(document.sections) == 1
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == A4_MM
    for side in ("top", "right", "bottom", "left"):
        got = getattr(section, f"{side}_margin").pt
        assert abs(got - MARGIN[side]) < 1, f"{side} margin is {got / MM:.1f} mm, not {MARGIN[side] / MM:.0f} mm"


def test_text_is_times_new_roman_14_with_vietnamese_language(document):
    checked = 0
    for paragraph in body_paragraphs(document):
        body = paragraph.style.name == "Body Text" or paragraph.style.name.startswith(("Heading", "List"))
        for run in paragraph.runs:
            assert effective(run, paragraph, "name") == BODY_FONT, (paragraph.style.name, paragraph.text[:60])
            if body:
                assert effective(run, paragraph, "size").pt == BODY_PT, (paragraph.style.name, paragraph.text[:60])
                checked += 1
    assert checked >= 150, f"too few body runs to be a real check: {checked}"
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang is not None and lang.get(qn("w:val")) == "vi-VN"


def borderless(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return borders is not None and all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


def test_header_is_a_borderless_two_column_table_with_the_data(document):
    report = report_yml()
    header = document.tables[0]
    assert len(header.columns) == 2 and len(header.rows) == 1 and borderless(header)
    body = document.element.body
    before = [docx.text.paragraph.Paragraph(el, document).text for el in body[:body.index(header._tbl)]]
    assert before in ([], ["\u00a0DỰ THẢO\u00a0"]) or (len(before) == 2 and before[0].strip() == "DỰ THẢO"
                                                      and before[1].startswith("Bản dựng: ")), \
        f"something precedes the header: {before}"
    left, right = (cell.paragraphs for cell in header.rows[0].cells)
    left_text = [p.text for p in left]
    assert left_text[:3] == [report["superior_body"], report["issuing_body"], "*"], left_text
    assert left_text[3].startswith("Số") and left_text[3].endswith(report["number"] or report["number_suffix"])
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left + right)
    assert all(r.font.bold for r in left[1].runs if r.text.strip()), "the issuing body is not bold"
    assert not any(r.font.bold for r in left[0].runs), "the superior body is bold"
    party, place = right[0], right[1]
    assert party.text.upper() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert all(r.font.bold and r.font.underline and r.font.size.pt == 15 for r in party.runs)
    assert place.text.startswith(report["place"] + ", ngày")
    assert all(r.font.italic for r in place.runs if r.text.strip())
    if report.get("date") is None:   # day and month left blank for the clerk, the year of the report
        assert re.fullmatch(rf"{report['place']},\s+ngày\s+tháng\s+năm\s+{YEAR}", place.text), place.text
    else:
        assert str(report["date"].year) in place.text


def test_document_type_and_summary_follow_the_header(document):
    report = report_yml()
    body = document.element.body
    after = body.index(document.tables[0]._tbl) + 1
    doc_type, summary = (docx.text.paragraph.Paragraph(p, document) for p in body[after:after + 2])
    assert doc_type.text == report["document_type"] and summary.text == report["summary"]
    for paragraph, least in ((doc_type, 15), (summary, BODY_PT)):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER or paragraph.style.paragraph_format.alignment == \
            WD_ALIGN_PARAGRAPH.CENTER
        assert all((r.font.bold or paragraph.style.font.bold) for r in paragraph.runs)
        assert least <= effective(paragraph.runs[0], paragraph, "size").pt <= 16


# ---- the report's content ------------------------------------------------------------------------------------

def test_every_printed_figure_is_in_the_word_file_in_the_page_order(site, document):
    shown = [squash(words(span)) for span in printed_article(site).xpath(f".//span[{has_class('fig')}]")]
    assert len(set(shown)) >= 50, f"too few figures on the whole-report page to be a real check: {len(set(shown))}"
    text, position, missing = squash(full_text(document)), 0, []
    for value in shown:
        found = text.find(value, position)
        if found < 0:
            missing.append(value)
        else:
            position = found + len(value)
    assert not missing, f"figures printed on the page but absent from the Word file (or out of order): {missing}"


def test_the_word_file_says_what_the_page_prints_word_for_word(site, document):
    """All the printed text, in order; only the "- " typed before each recipient (print.css draws it) is extra."""
    article = printed_article(site)
    for mark in article.xpath(f".//*[{has_class('draft-mark')}]"):
        mark.getparent().remove(mark)   # the Word file puts it first, wherever the page has it
    for part in article.xpath(f".//*[{has_class('part')}]"):   # print.css prints a part in capitals
        for el in part.iter():
            el.text, el.tail = (el.text or "").upper(), (el.tail or "").upper() if el is not part else el.tail
    page = squash(article.text_content())
    paragraphs = body_paragraphs(document)
    if paragraphs and paragraphs[0]._p.getparent() is document.element.body and \
            paragraphs[0]._p.xpath(".//w:bdr"):
        paragraphs = paragraphs[1:]
    recipients = {p._p for p in document.tables[-1].rows[0].cells[0].paragraphs}
    word = squash("".join(p.text.removeprefix("- ") if p._p in recipients else p.text for p in paragraphs))
    assert len(page) > 10000
    if word != page:
        at = next(i for i, (a, b) in enumerate(zip(word + "\0", page + "\0")) if a != b)
        pytest.fail(f"the Word file departs from the page at character {at}:\n"
                    f"page: …{page[max(0, at - 60):at + 60]}…\nword: …{word[max(0, at - 60):at + 60]}…")


def test_editorial_notes_and_screen_parts_are_left_out(site, document):
    root = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8"))
    notes = root.xpath(f"//article//*[{has_class('admonition-title')}]")
    text = full_text(document)
    for note in notes:
        assert words(note) not in text, f"an editorial note is in the Word file: {words(note)!r}"
    assert "¶" not in text and "Chỉnh sửa" not in text


def test_headings_are_word_headings_in_the_page_order(site, document):
    expected = [(int(h.tag[1]), words(h).upper() if "part" in h.classes else words(h))   # a part: in capitals
                for h in printed_article(site).xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")]
    got = [(int(p.style.name.split()[-1]), p.text) for p in body_paragraphs(document)
           if p.style.name.startswith("Heading ")]
    assert len(expected) >= 30
    assert got == expected
    for level in {n for n, _ in expected}:   # Word's navigation pane lists paragraphs whose style has a level
        style = document.styles[f"Heading {level}"]
        assert style.style_id == f"Heading{level}" and style.element.find(".//" + qn("w:outlineLvl")) is not None


def numbering_text(document, style) -> str:
    num_id = style.element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    return abstract.find(qn("w:lvl")).find(qn("w:lvlText")).get(qn("w:val"))


def test_lists_are_list_paragraphs_with_dash_markers(site, document):
    article = printed_article(site)
    items = []
    for li in article.xpath(f".//li[not(ancestor::*[{has_class('doc-signature')}])]"):
        for nested in li.xpath("./ul|./ol"):   # a nested list's items are paragraphs of their own
            nested.getparent().remove(nested)
        items.append(words(li))
    listed = [p for p in body_paragraphs(document) if p.style.name.startswith("List Bullet")]
    assert len(items) >= 50 and len(listed) == len(items)
    assert [squash(p.text) for p in listed] == [squash(i) for i in items]
    assert numbering_text(document, document.styles["List Bullet"]) == "-"
    assert not any(p.text.startswith(("•", "- ")) for p in listed), "the marker is typed into the text"


def test_tables_are_word_tables_with_a_named_style_and_the_page_rows(site, document):
    html_tables = printed_article(site).xpath(".//table")
    tables = data_tables(document)
    assert len(tables) == len(html_tables)   # the printed report has no table the source lacks (issue 12): today none
    for html_table, table in zip(html_tables, tables):
        assert table.style is not None and table.style.name not in ("Normal Table", None)
        rows = html_table.xpath("./thead/tr|./tbody/tr|./tr")
        assert len(table.rows) == len(rows)
        for tr, row in zip(rows, table.rows):
            assert [squash(words(c)) for c in tr.xpath("./th|./td")] == [squash(c.text) for c in row.cells]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, "the header row does not repeat"
        caption = html_table.find("caption")
        if caption is not None:
            before = table._tbl.getprevious()
            assert before.tag == qn("w:p") and docx.text.paragraph.Paragraph(before, document).text == words(caption)


def test_signature_block_and_recipients(document):
    report = report_yml()
    signature = document.tables[-1]
    assert len(signature.columns) == 2 and borderless(signature)
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None, "the signature block may split"
    left, right = signature.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    recipients = [p.text for p in left.paragraphs[1:] if p.text]
    assert recipients and all(r.startswith("- ") for r in recipients)
    if report.get("recipients"):
        assert [r.removeprefix("- ") for r in recipients] == list(report["recipients"])
    lines = [p for p in right.paragraphs]
    texts = [p.text for p in lines if p.text]
    assert texts[:2] == [report["on_behalf"], report["signer_title"]]
    if report.get("signer_name"):
        assert texts[2:] == [report["signer_name"]]
    else:   # a dotted line for the clerk, never a bracketed placeholder
        assert len(texts) == 3 and re.fullmatch(r"[.…]{10,}", texts[2]), texts
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines), "signature lines not on one axis"
    assert sum(1 for p in lines if not p.text) >= 3, "no room left for the signature and seal"
    assert all(r.font.bold for p in lines for r in p.runs if r.text.strip())
    body = document.element.body
    assert body.index(signature._tbl) == len(body) - 2, "the signature block is not the end of the document"
    before = signature._tbl.getprevious()
    assert before.tag == qn("w:p") and before.pPr.keepNext_val, "the signature could stand alone on the last page"


def test_page_numbers_from_page_two_centred_at_the_top(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer, "no titlePg: the first page would carry a number"
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header
    instructions = "".join(t.text for t in header._element.iter(qn("w:instrText")))
    simple = [f.get(qn("w:instr")) for f in header._element.iter(qn("w:fldSimple"))]
    assert "PAGE" in instructions.split() or any("PAGE" in (s or "").split() for s in simple)
    # centred: the paragraph, or (a draft, its label at the right) a tab to a stop in the middle of the 165 mm line
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER or (
        header.paragraphs[0].text.startswith("\t") and header_stops(document)[0] == ("CENTER", 82.5))
    assert not section.first_page_header.is_linked_to_previous
    assert "PAGE" not in "".join(t.text for t in section.first_page_header._element.iter(qn("w:instrText")))


def test_every_page_of_a_draft_says_so(site, document):
    """Page 1 of a draft has its box; the header of every other page says it too, bold, against the right margin
    (the page number stays centred), so a loose page of a draft is never taken for the signed text."""
    marks = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8")).xpath(
        f"//article//*[{has_class('draft-mark')}]")
    header = document.sections[0].header.paragraphs[0]
    labels = [r for r in header.runs if r.text.strip() and not r._r.xpath("./w:instrText | ./w:fldChar")
              and r.text.strip() != "2"]
    if not marks:
        assert labels == [] and "DỰ THẢO" not in header.text.upper()
        return
    assert [r.text for r in labels] == [words(marks[0])] and all(r.font.bold for r in labels), header.text
    assert header_stops(document) == [("CENTER", 82.5), ("RIGHT", 165)], "tab stops (mm) of the header"
    assert header.text.count("\t") == 2, "number and label are not set on the centre and right tab stops"


def header_stops(document) -> list:
    """(alignment, mm from the margin) of the header's tab stops (its own, else its style's)."""
    header = document.sections[0].header.paragraphs[0]
    stops = list(header.paragraph_format.tab_stops) or list(document.styles["Header"].paragraph_format.tab_stops)
    return [(t.alignment.name, round(t.position / MM_EMU * 2) / 2) for t in stops]


def test_core_properties_name_the_report(document):
    report = report_yml()
    core = document.core_properties
    assert core.title == report["summary"]
    assert core.author == report["issuing_body"]
    assert core.subject.casefold() == report["document_type"].casefold()
    assert core.language == "vi-VN"
    assert "python-docx" not in (core.comments + core.author + core.last_modified_by)


def test_properties_and_a_drafts_first_lines_say_where_it_came_from(site, document):
    """Revision and draft or final in the file's properties (macros/stamp.py), as the site's footer says them; the
    small line under DỰ THẢO on a draft only (a final one: tests/test_official.py)."""
    page = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8"))
    footer = page.find_class("stamp")[0]
    core = document.core_properties
    assert core.version == footer.get("data-revision") and len(core.version) >= 7
    assert core.content_status == footer.get("data-state") and core.comments == footer.text_content()
    lines = [p.text for p in body_paragraphs(document) if p.text.startswith("Bản dựng:")]
    if page.find_class("draft-mark"):
        assert lines == [footer.text_content()] and body_paragraphs(document)[1].text == lines[0]
    else:
        assert lines == []


def test_draft_mark_only_when_the_page_has_one(site, document):
    marks = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8")).xpath(
        f"//article//*[{has_class('draft-mark')}]")
    first = body_paragraphs(document)[0]
    if marks:
        assert document.element.body[0].tag == qn("w:p") and words(marks[0]) in first.text
        assert all(r.font.bold for r in first.runs) and first.runs[0]._r.rPr.find(qn("w:bdr")) is not None
    else:
        assert "DỰ THẢO" not in full_text(document).upper()


# ---- failures end with a message, never a traceback ----------------------------------------------------------

def assert_refused(result, *needles):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_file_has_the_permissions_of_an_ordinary_new_file(docx_file):
    ordinary = docx_file.parent / "ordinary.txt"
    ordinary.write_text("x")
    assert docx_file.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777
    assert not [p.name for p in docx_file.parent.iterdir() if p.name.startswith(".~")], "a temporary file was left"


def test_out_is_a_folder(site, tmp_path):
    assert_refused(run_command("--site", site, "--out", tmp_path), "thư mục", "folder")


def test_out_cannot_be_written(site, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert_refused(run_command("--site", site, "--out", blocker / "bao-cao.docx"), "Không")


def test_site_without_the_whole_report_page(tmp_path):
    (tmp_path / "site").mkdir()
    assert_refused(run_command("--site", tmp_path / "site", "--out", tmp_path / "x.docx"), "toàn văn", "whole-report")
    assert not (tmp_path / "x.docx").exists()


def test_build_failure_is_reported(project, tmp_path):
    telecom = project / "data" / str(YEAR) / "telecom.yml"
    telecom.write_text(telecom.read_text(encoding="utf-8") + "\n\tbroken: [\n", encoding="utf-8")
    out = tmp_path / "x.docx"
    assert_refused(run_command("--year", YEAR, "--out", out, root=project), "Build trang web thất bại", "build failed")
    assert not out.exists()


# ---- rendered by LibreOffice, compared with the PDF ----------------------------------------------------------

# ---- Word like Word (issue 23, part 4) -------------------------------------------------------------------------

def part_xml(docx_file, name: str) -> str:
    with zipfile.ZipFile(docx_file) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.build   # the Word file comes from the real command, which builds the site
def test_opens_without_compatibility_mode_and_names_no_foreign_application(docx_file):
    with zipfile.ZipFile(docx_file) as z:
        names = set(z.namelist())
    settings = part_xml(docx_file, "word/settings.xml")
    mode = re.search(r'<w:compatSetting w:name="compatibilityMode" w:uri="[^"]*" w:val="(\d+)"/>', settings)
    assert mode and int(mode.group(1)) >= 15, "Word 2013 or later, else the file opens in Compatibility Mode"
    app = part_xml(docx_file, "docProps/app.xml")
    assert "<Application>python -m macros docx</Application>" in app and "Microsoft" not in app
    leftovers = [n for n in names if n.startswith(("customXml/", "docProps/thumbnail")) or "stylesWithEffects" in n]
    assert leftovers == [], f"parts of python-docx's template nobody writes: {leftovers}"
    types = part_xml(docx_file, "[Content_Types].xml")
    assert "stylesWithEffects" not in types and "customXml" not in types


@pytest.mark.build   # the Word file comes from the real command, which builds the site
def test_capitals_are_real_letters_and_numbers_have_ordinary_hyphens(docx_file, document):
    """Copied out of Word, a part's heading keeps its capitals; Word's Find matches "85-QĐ/TW" typed as is."""
    for name in ("word/document.xml", "word/styles.xml"):
        xml = part_xml(docx_file, name)
        assert not re.search(r"<w:caps(?! w:val=\"(0|false)\")", xml), f"All Caps formatting in {name}"
    body = part_xml(docx_file, "word/document.xml")
    assert "noBreakHyphen" not in body
    text = full_text(document)
    assert "85-QĐ/TW" in text
    parts = [p.text for p in body_paragraphs(document) if p.style.name == "Heading 1"]
    assert parts and all(t == t.upper() for t in parts), parts


@pytest.mark.build   # the Word file comes from the real command, which builds the site
def test_recipients_in_the_party_guides_form(document):
    """Hướng dẫn 36-HD/VPTW (report.yml recipients_form: dang, the default): "Nơi nhận:" underlined at 14 pt, the
    lines at 12 pt (van-ban.md marks this unverified; recipients_form: nha-nuoc gives the decree's 12/11 pt)."""
    assert report_yml().get("recipients_form", "dang") == "dang"
    left = document.tables[-1].rows[0].cells[0]
    title, *lines = [p for p in left.paragraphs if p.text]
    assert title.text == "Nơi nhận:"
    assert all(r.font.underline and r.font.size.pt == 14 and not r.font.bold for r in title.runs)
    assert lines and all(r.font.size.pt == 12 for p in lines for r in p.runs)


@pytest.mark.build   # the Word file comes from the real command, which builds the site
def test_pending_changes_are_marked_as_proposals(document):
    """Issue 23, part 1: each change of a decision not yet approved shows the source's words struck through and the
    proposal underlined, then the note; none once approved (tests/test_official.py)."""
    decisions = yaml.safe_load((ROOT / "data" / str(YEAR) / "decisions.yml").read_text(encoding="utf-8"))["decisions"]
    pending = [c for d in decisions.values() if not d.get("approval") for c in d.get("changes") or []]
    runs = [r for p in body_paragraphs(document) for r in p.runs]
    notes = [r for r in runs if r.text == "[đề nghị sửa, chờ Ban Thường vụ duyệt]"]
    assert len(notes) == len(pending) and all(r.font.italic for r in notes)
    struck = squash("".join(r.text for r in runs if r.font.strike))
    underlined = squash("".join(r.text for r in runs if r.font.underline and r.font.size is None))
    for change in pending:
        source, published = change["source"].split(), change["published"].split()
        mine = [w for w in source if w not in published]        # words only the source has: struck
        assert all(squash(w) in struck for w in mine), (mine, struck[:200])
        theirs = [w for w in published if w not in source]      # words only the proposal has: underlined
        assert all(squash(w) in underlined for w in theirs), (theirs, underlined[:200])


@pytest.mark.build   # the Word file comes from the real command, which builds the site
def test_the_command_says_why_the_report_is_a_draft(docx_file):
    out = RUN["stdout"]
    report = report_yml()
    assert "DỰ THẢO, vì" in out
    for field in ("number", "date", "signer_name", "recipients", "confirmed"):
        assert (f"“{field}”" in out) == (not report.get(field)), field


def outline_titles(outline):
    for item in outline:
        yield from outline_titles(item) if isinstance(item, list) else [item.title]


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice: .ci/run installs Debian's libreoffice-writer")
        pytest.skip("no LibreOffice (soffice) found: apt-get install libreoffice-writer")
    return path


def test_libreoffice_renders_it_like_the_pdf(site, site_pdf, docx_file, tmp_path):
    office = soffice()   # (site_pdf needs Chromium: the `browser` fixture fails in CI without it)
    started = time.perf_counter()
    rendered = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
                              capture_output=True, text=True, timeout=300)
    office_s = time.perf_counter() - started
    word_pdf = tmp_path / (docx_file.stem + ".pdf")
    assert word_pdf.is_file(), rendered.stdout + rendered.stderr
    assert YEAR == 2023   # the year conftest's site_pdf prints
    word, pdf = PdfReader(str(word_pdf)), PdfReader(str(site_pdf))
    print(f"\npages: Word via LibreOffice {len(word.pages)} ({office_s:.1f} s), PDF {len(pdf.pages)}")
    assert len(word.pages) == len(pdf.pages), (len(word.pages), len(pdf.pages))
    # page breaks: each heading (the PDF's bookmarks) on the same page in both, so page references agree
    pages = {name: [squash(p.extract_text()).casefold() for p in reader.pages] for name, reader in
             (("word", word), ("pdf", pdf))}
    found = {name: [] for name in pages}
    for title in outline_titles(pdf.outline):
        for name, texts in pages.items():
            start = found[name][-1] if found[name] else 0
            found[name].append(next((i for i in range(start, len(texts)) if squash(title).casefold()[:40] in texts[i]),
                                    -1))
    same = sum(a == b >= 0 for a, b in zip(found["word"], found["pdf"]))
    print(f"headings on the same page in both: {same}/{len(found['pdf'])}")
    assert len(found["pdf"]) >= 40 and same >= len(found["pdf"]) - 2, list(zip(found["word"], found["pdf"]))
    # list indents: the "-" markers in the first-line indent of the body, the next lines at the margin, in both
    indents = {}
    for name, reader in (("word", word), ("pdf", pdf)):
        runs = [r for page in reader.pages[1:] for r in text_runs(page)]
        markers = Counter(round(x / MM) for x, _, text, _, _ in runs if text.strip() in ("-", "- ") or
                          re.match(r"-[\s\u00a0]", text))
        lines = Counter(round(x / MM) for x, _, _, _, _ in runs)
        indents[name] = (markers.most_common(1)[0][0], lines.most_common(1)[0][0])
    print(f"list marker and margin (mm from the page edge): {indents}")
    assert indents["word"] == indents["pdf"] and indents["pdf"][0] - indents["pdf"][1] == 10, indents
    for page in word.pages:
        width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
        assert (round(width), round(height)) == A4_MM
    used = fonts(word)
    assert used and all(SERIF.match(name.lstrip("/")) for name in used), f"fonts of the rendered Word file: {used}"
    assert all(info["embedded"] for info in used.values())
    text = squash("".join(page.extract_text() for page in word.pages))
    marks = lxml.html.document_fromstring((site / PAGE).read_text(encoding="utf-8")).find_class("draft-mark")
    if marks:   # a draft says so on every page, as the PDF does
        assert all(squash(words(marks[0])) in squash(p.extract_text()) for p in word.pages), "a page says no draft"
    report = report_yml()
    for line in (report["issuing_body"], report["summary"], report["on_behalf"], "Nơi nhận:"):
        assert squash(line) in text, f"{line!r} missing from the rendered Word file"


# ---- the converter on the page contract (the parts the site will print: draft mark, filled-in signature…) -------

CONTRACT_PAGE = """<html><head><title>t</title></head><body><nav>menu</nav><article class="md-content__inner md-typeset">
<a class="md-content__button md-icon" href="edit"><svg><path d="M0"/></svg></a>
<p class="draft-mark">DỰ THẢO</p>
<div class="doc-header"><div class="doc-header-left"><p class="superior-body">ĐẢNG BỘ CẤP TRÊN</p>
<p class="issuing-body">ĐẢNG ỦY BAN HÀNH</p><p class="doc-star">*</p><div class="doc-number">Số <span>45</span>-BC/ĐU</div></div>
<div class="doc-header-right"><p class="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</p>
<p class="place-date">An Giang, ngày 15 tháng 12 năm 2023</p></div></div>
<div class="doc-title"><p class="doc-type">BÁO CÁO</p><p class="doc-summary">Tóm tắt &lt;b&gt;{{ x }}</p></div>
<div class="pdf-download"><a href="x.pdf">Tải PDF</a></div>
<h1 id="a">I. Mục một<a class="headerlink" href="#a">¶</a></h1>
<p>Có   <span class="fig" data-key="k">1.234</span>
người, <a href="http://example.invalid/">liên kết</a>, <strong>đậm</strong> và <span class="placeholder">[chưa có]</span>.</p>
<div class="admonition note editorial-note"><p class="admonition-title">Ghi chú biên tập</p><p>Lời ghi chú</p></div>
<p class="screen-only">Chỉ trên màn hình</p><p>Câu<span class="visually-hidden"> ẩn</span> hết.</p>
<ul><li>Một<ul><li>Hai</li></ul></li><li><p>Ba</p><p>Ba tiếp</p></li></ul>
<ol><li>Bước</li></ol><ol><li>Lại</li></ol>
<h2 id="b">1. Bảng</h2>
<table><caption>Tên bảng</caption><thead><tr><th colspan="2">Gộp hai cột</th></tr></thead>
<tbody><tr><td>a</td><td class="num">1</td></tr></tbody></table>
<table><tr><td>x</td><td rowspan="2">y</td></tr><tr><td>z</td></tr></table>
<div class="doc-signature"><div class="recipients"><p class="recipients-title">Nơi nhận:</p>
<ul><li>Ban Thường vụ Đảng ủy Khối,</li><li>Lưu Văn phòng Đảng ủy.</li></ul></div>
<div class="signer"><p class="on-behalf">T/M ĐẢNG ỦY</p><p class="signer-title">BÍ THƯ</p>
<p class="signature-space"></p><p class="signer-name">Nguyễn Văn A</p></div></div>
</article><footer>chân trang</footer></body></html>"""


@pytest.fixture(scope="module")
def contract():
    from macros.output.docx import report_docx
    document, figures = report_docx(CONTRACT_PAGE)
    assert figures == 1
    return document


def test_contract_draft_mark_is_a_bold_box_on_top(contract):
    first = contract.element.body[0]
    assert first.tag == qn("w:p")
    paragraph = docx.text.paragraph.Paragraph(first, contract)
    assert paragraph.text.strip("\u00a0 ") == "DỰ THẢO"
    assert all(r.font.bold for r in paragraph.runs) and first.find(".//" + qn("w:bdr")) is not None
    assert full_text(contract).count("DỰ THẢO") == 1
    assert contract.element.body[1].tag == qn("w:tbl")
    left = [p.text for p in contract.tables[0].rows[0].cells[0].paragraphs]
    assert left == ["ĐẢNG BỘ CẤP TRÊN", "ĐẢNG ỦY BAN HÀNH", "*", "Số 45-BC/ĐU"]


def test_contract_text_is_inert_and_only_what_paper_shows(contract):
    text = full_text(contract)
    for kept in ("Có 1.234 người, liên kết, đậm và [chưa có].", "Tóm tắt <b>{{ x }}", "Câu hết.", "Số 45-BC/ĐU"):
        assert kept in text, kept
    for dropped in ("menu", "Tải PDF", "¶", "example.invalid", "Ghi chú biên tập", "Lời ghi chú", "Chỉ trên màn hình",
                    "ẩn", "chân trang"):
        assert dropped not in text, dropped
    strong = [r for p in body_paragraphs(contract) for r in p.runs if r.text == "đậm"]
    assert strong and strong[0].font.bold


def test_contract_lists_tables_and_signature(contract):
    paragraphs = {p.text: p for p in body_paragraphs(contract)}
    assert paragraphs["Một"].style.name == "List Bullet" and paragraphs["Hai"].style.name == "List Bullet 2"
    assert numbering_text(contract, contract.styles["List Bullet"]) == "-"
    bullet_2 = contract.styles["List Bullet 2"].element.pPr.numPr
    assert bullet_2.ilvl.val == 1
    assert paragraphs["Ba"].style.name == "List Bullet" and paragraphs["Ba tiếp"].style.name == "List Continue"
    first, again = paragraphs["Bước"]._p.pPr.numPr.numId.val, paragraphs["Lại"]._p.pPr.numPr.numId.val
    assert first != again, "the second numbered list does not restart at 1"
    tables = data_tables(contract)
    assert len(tables) == 2
    assert tables[0]._tbl.getprevious() is not None and \
        docx.text.paragraph.Paragraph(tables[0]._tbl.getprevious(), contract).text == "Tên bảng"
    assert tables[0].rows[0].cells[0]._tc.grid_span == 2 and tables[0].rows[0].cells[0].text == "Gộp hai cột"
    assert tables[0].rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert tables[1].rows[0].cells[1].text == "y" and tables[1].rows[1].cells[1].text == "y"   # rowspan merged
    assert tables[1]._tbl.getprevious().tag == qn("w:p"), "two tables in a row would merge into one in Word"
    left, right = contract.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- Ban Thường vụ Đảng ủy Khối,", "- Lưu Văn phòng Đảng ủy."]
    assert [p.text for p in right.paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    core = contract.core_properties
    assert (core.title, core.author, core.language) == ("Tóm tắt <b>{{ x }}", "ĐẢNG ỦY BAN HÀNH", "vi-VN")


PICTURE = ROOT / "docs" / "assets" / "huong-dan" / "pdf-du-thao.png"   # a real PNG of the project


def test_a_picture_of_the_page_is_in_the_word_file_with_its_description(site, tmp_path):
    """An image an editor puts in a page (guide: `![mô tả](../assets/x.png)`) prints in the PDF; the Word file holds
    the same picture, no wider than the text, described by its alt text — and an image it cannot carry (SVG, a file
    not in the site) leaves a visible "[Hình: …]" with the description, never nothing. The real command on the
    session's whole-report page with two images added (a site folder of its own: no build)."""
    mini = tmp_path / "site"
    page = mini / PAGE
    page.parent.mkdir(parents=True)
    (mini / "assets").mkdir()
    shutil.copy(PICTURE, mini / "assets" / "anh.png")
    (mini / "assets" / "ve.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    html = (site / PAGE).read_text(encoding="utf-8")
    first = re.search(r"<h[1-6][^>]*>", html).start()
    pictures = ('<p><img alt="Ảnh có mô tả" src="../../assets/anh.png" /></p>'
                '<p>Chữ trước <img alt="Hình vẽ" src="../../assets/ve.svg" /> chữ sau.</p>')
    page.write_text(html[:first] + pictures + html[first:], encoding="utf-8")
    out = tmp_path / "anh.docx"
    result = run_command("--year", YEAR, "--site", mini, "--out", out)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert shapes[0]._inline.docPr.get("descr") == "Ảnh có mô tả"
    assert shapes[0].width <= document.sections[0].page_width - document.sections[0].left_margin \
        - document.sections[0].right_margin
    with zipfile.ZipFile(out) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and package.read(media[0]) == PICTURE.read_bytes()
    text = full_text(document)
    assert "Chữ trước chữ sau." in text and "[Hình: Hình vẽ]" in text
    assert text.index("[Hình: Hình vẽ]") < text.index(words(printed_article(site).xpath(".//h1")[0]).upper())


def test_contract_page_without_article_is_refused():
    from macros.output.docx import DocxError, report_docx
    with pytest.raises(DocxError, match="article"):
        report_docx("<html><body><p>x</p></body></html>")
    with pytest.raises(DocxError):
        report_docx("")
