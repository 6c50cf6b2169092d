"""Draft or final (issue 12, parts 1 and 3): one rule, the same for the web, the PDF and the Word file.

The rule (Hướng dẫn 36-HD/VPTW; reference van-ban.md): a report without its number, date, signer or recipients, or with
an editorial decision not yet approved, or with a figure not reported yet, is a draft — "DỰ THẢO" at the top of
page 1. Filled in, in a temporary copy of the project (`number: 45`, `date: 2023-12-15`, a signer, recipients as a list,
every decision approved), the real commands print a final document: no DỰ THẢO, the number and date in the header, the
signature lines centred on one axis, the recipients as "-" lines, a bookmark per heading. Expected values come from
the YAML written here and the data read with PyYAML; the files are read with pypdf and python-docx.
"""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import ROOT, copy_project
from test_print import squash

pytestmark = pytest.mark.build   # every test here reads a site, a PDF or a Word file built for it

YEAR = 2023
DATA = ROOT / "data" / str(YEAR)
FILLED = {"number": 45, "date": "2023-12-15", "signer_name": "Nguyễn Văn Thử",
          "recipients": ["Ban Thường vụ Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh;", "Lưu Văn phòng Đảng ủy."],
          "confirmed": {"by": "Văn phòng Đảng ủy", "date": "2023-12-14"}}
APPROVAL = "{by: Ban Thường vụ Đảng ủy, date: 2023-12-14}"


def macros(*args, root=ROOT):
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(root), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def fill_in(project) -> None:
    """report.yml filled as an editor would, every editorial decision approved."""
    path = project / "data" / str(YEAR) / "report.yml"
    text = path.read_text(encoding="utf-8")
    lines = {"number": "number: 45", "date": "date: 2023-12-15", "signer_name": f"signer_name: {FILLED['signer_name']}",
             "recipients": "recipients:\n" + "".join(f"  - {r}\n" for r in FILLED["recipients"]).rstrip("\n"),
             "confirmed": "confirmed: {by: Văn phòng Đảng ủy, date: 2023-12-14}"}
    for field, line in lines.items():
        text, n = re.subn(rf"^{field}: .*$", line, text, flags=re.M)
        assert n == 1, field
    path.write_text(text, encoding="utf-8")
    decisions = project / "data" / str(YEAR) / "decisions.yml"
    text = decisions.read_text(encoding="utf-8")
    assert "approval: null" in text
    decisions.write_text(text.replace("approval: null", f"approval: {APPROVAL}"), encoding="utf-8")


@pytest.fixture(scope="module")
def final_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("final") / "project")
    fill_in(project)
    result = macros("check", root=project)
    assert result.returncode == 0, f"the filled-in report.yml is refused:\n{result.stdout}\n{result.stderr}"
    return project


@pytest.fixture(scope="module")
def final_pdf(final_project, browser):
    out = final_project / "build" / "final.pdf"
    result = macros("pdf", "--year", YEAR, "--out", out, root=final_project)
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nfinal PDF: {result.stdout.strip()}")
    return PdfReader(str(out))


@pytest.fixture(scope="module")
def final_docx(final_project):
    out = final_project / "build" / "final.docx"
    result = macros("docx", "--year", YEAR, "--out", out, root=final_project)
    assert result.returncode == 0, result.stdout + result.stderr
    return docx.Document(str(out))


def outline_titles(outline):
    for item in outline:
        yield from outline_titles(item) if isinstance(item, list) else [item.title]


# --------------------------------------------------------------------------- the final PDF

def test_final_pdf_has_no_draft_mark_and_the_number_and_date(final_pdf):
    texts = [p.extract_text() for p in final_pdf.pages]
    whole = "\n".join(texts)
    assert "DỰ THẢO" not in whole.upper()
    first = squash(texts[0])
    assert "Số45-BC/ĐU" in first and squash("An Giang, ngày 15 tháng 12 năm 2023") in first
    top = next(line for line in final_pdf.pages[0].extract_text(extraction_mode="layout").split("\n") if line.strip())
    assert "ĐẢNGCỘNGSẢNVIỆTNAM" in squash(top), top
    assert "[" not in whole and "…" * 5 not in whole, "a placeholder or a clerk's blank in a final document"
    assert "đề nghị sửa" not in whole, "a final document never carries a proposal"


def test_final_pdf_recipients_and_signature_lines(final_pdf):
    report = yaml.safe_load((DATA / "report.yml").read_text(encoding="utf-8"))
    last = final_pdf.pages[-1].extract_text(extraction_mode="layout").split("\n")
    left = [line.split("   ")[0].strip() for line in last if line.strip()]
    start = next(i for i, line in enumerate(left) if squash(line).startswith("Nơinhận:"))
    column = squash("".join(left[start + 1:]))
    assert column.startswith(squash("".join(f"- {r}" for r in FILLED["recipients"]))), column
    flat = squash(final_pdf.pages[-1].extract_text())
    assert flat.endswith(squash(report["on_behalf"] + report["signer_title"] + FILLED["signer_name"]))


def test_final_signature_lines_are_centred_on_one_axis(final_project, browser, tmp_path):
    """As Chromium lays the page out for print: the centre of every line of text of the signature block (the words
    themselves, not their boxes) on one vertical, within half a point."""
    from conftest import build_site, serve
    assert build_site(final_project, tmp_path / "site").returncode == 0
    server = serve(tmp_path / "site")
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/{YEAR}/in-toan-van/", wait_until="load")
        page.emulate_media(media="print")
        centres = page.evaluate("""() => [...document.querySelectorAll('.doc-signature .signer p')]
            .filter(p => p.textContent.trim()).map(p => {
              const range = document.createRange(); range.selectNodeContents(p);
              const box = range.getBoundingClientRect(); return [p.textContent.trim(), (box.left + box.right) / 2]; })""")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    assert [text for text, _ in centres][-1] == FILLED["signer_name"] and len(centres) == 3, centres
    xs = [x for _, x in centres]
    assert max(xs) - min(xs) <= 0.7, f"signature lines not centred on one axis (px): {centres}"


def test_final_pdf_bookmarks_metadata_and_approved_corrections(final_pdf):
    titles = list(outline_titles(final_pdf.outline))
    assert len(titles) >= 20, titles
    assert any(t.startswith("1.2.5.") for t in titles) and any(t.startswith("III.") for t in titles)
    report = yaml.safe_load((DATA / "report.yml").read_text(encoding="utf-8"))
    assert final_pdf.metadata.title == report["summary"] and final_pdf.metadata.author == report["issuing_body"]
    # where it came from: in the properties only (a copy outside Git says so), never on a final document's pages
    assert (final_pdf.metadata["/State"], final_pdf.metadata["/Revision"]) == ("chính thức", "không rõ phiên bản")
    assert "Bảndựng" not in squash("\n".join(p.extract_text() for p in final_pdf.pages))
    assert str(final_pdf.trailer["/Root"]["/Lang"]) == "vi"
    documents = yaml.safe_load((DATA / "documents.yml").read_text(encoding="utf-8"))["documents"]
    whole = "\n".join(p.extract_text() for p in final_pdf.pages)
    for doc in documents.values():        # an approved decision puts the corrected number in the print
        if doc.get("corrected_number"):
            assert doc["corrected_number"] in whole and doc["number"] not in whole, doc["number"]


# --------------------------------------------------------------------------- the final Word file

def test_final_word_file_same_rules(final_docx):
    body = final_docx.element.body
    assert body[0].tag == qn("w:tbl"), "a final Word file starts with its header, no draft mark"
    text = "\n".join(p.text for p in final_docx.element.body.iter(qn("w:t")) if p.text)
    assert "DỰ THẢO" not in text.upper() and "Bản dựng" not in text
    header = final_docx.sections[0].header.paragraphs[0]   # pages 2…: the number alone, centred
    assert "DỰ THẢO" not in header.text.upper() and header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "đề nghị sửa" not in text and not final_docx.element.body.findall(".//" + qn("w:strike")), \
        "an approved decision prints plain, never as a proposal"
    core = final_docx.core_properties
    assert (core.content_status, core.version) == ("chính thức", "không rõ phiên bản")
    left, right = final_docx.tables[0].rows[0].cells
    number = next(p for p in left.paragraphs if p.text.startswith("Số"))
    assert number.text == "Số 45-BC/ĐU"
    assert not number._p.findall(".//" + qn("w:noBreakHyphen")) and "45-BC" in number._p.xml, \
        "Word's Find must match the number typed with an ordinary hyphen"
    assert right.paragraphs[-1].text == "An Giang, ngày 15 tháng 12 năm 2023"
    recipients_cell, signer = final_docx.tables[-1].rows[0].cells
    assert [p.text for p in recipients_cell.paragraphs if p.text][1:] == [f"- {r}" for r in FILLED["recipients"]]
    lines = [p for p in signer.paragraphs if p.text]
    assert [p.text for p in lines][-1] == FILLED["signer_name"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signer.paragraphs)


# --------------------------------------------------------------------------- the review copy

def test_review_copy_shows_every_decision_and_change(site, browser, tmp_path):
    out = tmp_path / "xem-xet.pdf"
    result = macros("pdf", "--review", "--site", site, "--year", YEAR, "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(str(out))
    whole = squash("\n".join(p.extract_text() for p in reader.pages))
    data = yaml.safe_load((DATA / "decisions.yml").read_text(encoding="utf-8"))
    assert "BẢNXEMXÉT" in whole and "Ghichúbiêntập" in whole
    for key, d in data["decisions"].items():
        assert squash(d["title"]) in whole, key
        for change in d.get("changes") or []:
            assert squash(change["source"]) in whole, (key, change["source"][:60])
    for change in data.get("corrections") or []:
        assert squash(change["source"]) in whole, change["source"]
    assert "xem xét" in reader.metadata.subject


# --------------------------------------------------------------------------- the one rule

@pytest.fixture(scope="module")
def year_2023():
    from macros import data
    ds = data.load(ROOT)
    assert not ds.errors, ds.errors
    return ds.years[YEAR]


def filled(year):
    year = copy.deepcopy(year)
    year.report.update(FILLED)
    for d in year.decisions.values():
        d["approval"] = {"by": "Ban Thường vụ Đảng ủy", "date": "2023-12-14"}
    return year


def test_draft_rule_on_the_data(year_2023):
    from macros.html.document import draft_reasons
    report = yaml.safe_load((DATA / "report.yml").read_text(encoding="utf-8"))
    decisions = yaml.safe_load((DATA / "decisions.yml").read_text(encoding="utf-8"))["decisions"]
    reasons = " | ".join(draft_reasons(year_2023))
    for field in ("number", "date", "signer_name", "recipients", "confirmed"):
        assert (f"“{field}”" in reasons) == (not report.get(field)), (field, reasons)
    pending = [d["title"] for d in decisions.values() if not d.get("approval")]
    assert all(title in reasons for title in pending)
    assert draft_reasons(filled(year_2023)) == []


@pytest.mark.parametrize("change", ["number", "date", "signer_name", "recipients", "confirmed", "decision",
                                    "unreported", "indicator"])
def test_any_one_missing_fact_makes_a_draft(year_2023, change):
    from macros.data import UNREPORTED
    from macros.html.document import draft_reasons, is_draft
    year = filled(year_2023)
    if change in FILLED:
        year.report[change] = [] if change == "recipients" else None
    elif change == "decision":
        next(iter(year.decisions.values()))["approval"] = None
    elif change == "unreported":       # a figure written with value: null (next year's data)
        year.figures["telecom.smartphone_users"].value = None
    else:
        year.sectors[0].indicators[0].status = UNREPORTED
    assert is_draft(year) and len(draft_reasons(year)) == 1, draft_reasons(year)


def test_document_number_as_an_editor_writes_it():
    from macros.html.document import document_number
    assert document_number({"number": 45, "number_suffix": "-BC/ĐU"}) == "45-BC/ĐU"
    assert document_number({"number": "45-BC/ĐU", "number_suffix": "-BC/ĐU"}) == "45-BC/ĐU"
    assert document_number({"number": None, "number_suffix": "-BC/ĐU"}) is None


def test_a_final_reports_review_copy_says_where_it_came_from(final_project, browser, tmp_path):
    """The final document's pages carry nothing but the committee's text; its review copy (not a document to file)
    says which build it is, under the review banner (macros/stamp.py; this copy is outside Git)."""
    out = tmp_path / "xem-xet.pdf"
    result = macros("pdf", "--review", "--year", YEAR, "--out", out, root=final_project)
    assert result.returncode == 0, result.stdout + result.stderr
    first = squash(PdfReader(str(out)).pages[0].extract_text())
    assert squash("Bản dựng: không rõ phiên bản, dựng ngày") in first and first.count("Bảndựng") == 1
    assert "chínhthức" in first and "DỰTHẢO" not in first.upper()
