"""The Party document's parts (Hướng dẫn 36-HD/VPTW, Phụ lục 3): draft or final, header, signature block, PDF link,
and the whole report assembled from its section pages. The facts of data/<year>/report.yml in, HTML out.

Draft or final is decided in ONE place, `draft_reasons(year)`: the web, the PDF and the Word file all print the page
these functions make. An unknown fact (number, date, signer, recipients) is shown twice in the HTML: on screen as a
visible placeholder that says where to fill it in (`.screen-only`), on paper as the blank a clerk fills by hand
(`.print-only`: "Số      -BC/ĐU", "ngày    tháng    năm 2023"). Never an invented value.
Layout classes are styled in docs/assets/print.css (screen and print).
"""
from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from .. import formats
from ..data import UNREPORTED
from ..sources.pages import shift_headings, split_front_matter
from .figures import approval_text, placeholder
from .markup import render, text

BLANK = "…"                       # what the web shows for an unknown part of a line
HAND = "\u00a0" * 6               # room left on paper for a clerk's hand (no-break spaces do not collapse)
DOTTED = "…" * 12                 # a dotted line on paper (recipients, the signer's name)
DRAFT_LABEL = "DỰ THẢO"
DRAFT_POSITIONS = ("left", "center", "right")
RECIPIENTS_FORMS = ("dang", "nha-nuoc")   # "Nơi nhận" as the Party guide sets it (default), or the state decree
CONFIRMED_FACTS = "đảng bộ cấp trên, số, ngày, người ký, nơi nhận"
PART = re.compile(r"^[IVXLC]+\.\s")   # "II. Kết quả …": a part of the report, printed in capitals


# --------------------------------------------------------------------------- draft or final

def pending_decisions(year) -> list[dict]:
    """Editorial decisions the committee has not approved yet (approval: null)."""
    return [d for d in year.decisions.values() if not d.get("approval")]


def unreported(year) -> list[str]:
    """Figures and indicators of the year without their value yet: the stated figures written with value: null
    (Year.unreported) and the indicators whose status is 'chưa báo cáo'."""
    keys = [f.key for f in year.unreported()]
    keys += [f"indicators.{i.id}" for s in year.sectors for i in s.indicators
             if i.status == UNREPORTED and f"indicators.{i.id}.actual" not in keys]
    return keys


def draft_reasons(year) -> list[str]:
    """Why the report is still a draft, in the reader's words; an empty list means final.

    A draft: the document number, the date, the signer's name or the recipients are not in report.yml, the facts the
    source does not give (superior body, number, date, signer, recipients) are not confirmed (`confirmed: null`), an
    editorial decision is not approved, a figure is not reported yet, or a paragraph copied from last year's report
    is still marked unrevised (`new-year --from-text`), or a section of a page new-year made is not written yet
    ({{ unwritten() }}). The web, the PDF and the Word file all use this."""
    report = year.report
    where = report.get("file", f"data/{year.year}/report.yml")
    reasons = [f"chưa có {what} (mục “{field}” trong {where})"
               for field, what in (("number", "số văn bản"), ("date", "ngày ký"), ("signer_name", "họ tên người ký"),
                                   ("recipients", "nơi nhận"))
               if report.get(field) in (None, "", [])]
    if not confirmed(report):
        reasons.append(f"chưa ai xác nhận các thông tin bản gốc không có ({CONFIRMED_FACTS}: mục “confirmed” trong "
                       f"{where}, ví dụ confirmed: {{by: Văn phòng Đảng ủy, date: {year.year}-12-15}})")
    pending = pending_decisions(year)
    if pending:
        reasons.append(f"{len(pending)} ghi chú biên tập chưa được duyệt: "
                       + "; ".join(d["title"] for d in pending))
    missing = unreported(year)
    if missing:
        reasons.append(f"{len(missing)} số liệu, chỉ tiêu chưa báo cáo")
    reasons += unrevised_counts(year)
    if year.unwritten:
        reasons.append(unwritten_count(year))
    return reasons


def confirmed(report: dict) -> bool:
    """Someone has confirmed the facts the source does not give (report.yml `confirmed: {by, date}`)."""
    return bool((report.get("confirmed") or {}).get("by"))


def unrevised_counts(year) -> list[str]:
    """'còn 57 đoạn chưa sửa từ năm 2023': the paragraphs copied from an earlier report and not revised yet."""
    since = {}
    for _, _, source in year.unrevised:
        since[source] = since.get(source, 0) + 1
    return [f"còn {n} đoạn chưa sửa từ năm {source}" for source, n in sorted(since.items())]


def unrevised_mark(since: str, year: int) -> Markup:
    return render("unrevised.html", since=since, year=year)


def unwritten_count(year) -> str:
    """'còn 41 phần chưa soạn, trên 23 trang': the sections of the pages new-year made that are not written yet."""
    pages = len({src for src, _ in year.unwritten})
    return f"còn {len(year.unwritten)} phần chưa soạn, trên {pages} trang"


def unwritten_mark(year: int) -> Markup:
    return render("unwritten.html", year=year)


def is_draft(year) -> bool:
    return bool(draft_reasons(year))


# --------------------------------------------------------------------------- pieces of the header and signature

def gap(report: dict, field: str, shown: str = BLANK) -> Markup:
    """A visible placeholder for an unknown fact; the tooltip says where to fill it in."""
    where = report.get("file", "data/<năm>/report.yml")
    return placeholder(shown, field=field, title=f"Chưa có thông tin này: điền mục “{field}” trong {where}")


def fill_in(report: dict, field: str, on_screen: str, on_paper: str) -> Markup:
    """An unknown fact: the placeholder on screen, the blank a clerk fills on paper."""
    return render("fill_in.html", screen=gap(report, field, on_screen), paper=on_paper)


def _when(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def place_date(report: dict, year: int, draft: bool = False) -> Markup:
    """'An Giang, ngày 15 tháng 12 năm 2023'; undated: 'ngày … tháng … năm …' on screen, 'ngày    tháng    năm 2023'
    on paper (the year of the report; day and month left for the clerk). A draft prints no date, whatever report.yml
    holds: the screen shows the date written there, marked as not printed."""
    when = _when(report.get("date"))
    paper = f"ngày{HAND} tháng{HAND} năm {year}"
    if when is None:
        return text(f"{report['place']}, ") + fill_in(report, "date", f"ngày {BLANK} tháng {BLANK} năm {BLANK}", paper)
    if draft:
        return text(f"{report['place']}, ") + held_back(report, "date", formats.date_long(when), paper)
    return text(f"{report['place']}, {formats.date_long(when)}")


def held_back(report: dict, field: str, value: str, on_paper: str) -> Markup:
    """A fact report.yml holds that a draft does not print: on screen the value, marked; on paper the clerk's blank."""
    where = report.get("file", "data/<năm>/report.yml")
    shown = placeholder(value, field=field, title=f"Bản dự thảo không in mục “{field}” ({where}): chỉ in khi báo "
                                                  "cáo là bản chính thức")
    return render("fill_in.html", screen=shown, paper=on_paper)


def document_number(report: dict) -> str | None:
    """'45-BC/ĐU' from `number: 45` (the suffix added) or `number: 45-BC/ĐU` (kept); None when unknown."""
    number = report.get("number")
    if number in (None, ""):
        return None
    suffix = report.get("number_suffix") or ""
    number = str(number).strip()
    return number if (suffix and number.endswith(suffix)) or not number.isdigit() else number + suffix


def number_line(report: dict, draft: bool = False) -> Markup:
    """'Số 45-BC/ĐU' (never broken across lines); unknown: 'Số …-BC/ĐU' on screen, 'Số      -BC/ĐU' on paper. A
    draft prints no number, whatever report.yml holds."""
    number = document_number(report)
    if number and draft:
        return text("Số ") + held_back(report, "number", number, HAND + (report.get("number_suffix") or ""))
    if number:
        return text("Số ") + render("doc_number.html", number=number)
    return text("Số ") + fill_in(report, "number", BLANK, HAND) + text(report.get("number_suffix") or "")


def draft_mark(year) -> Markup:
    """'DỰ THẢO' at the top of the first page while the report is a draft (and, on screen only, why); on paper the
    same words in the top margin of every other page (print.css reads them from --draft-running, which every page of
    a draft year sets: macros/stamp.py)."""
    reasons = draft_reasons(year)
    if not reasons:
        return Markup("")
    report = year.report
    position = report.get("draft_position") if report.get("draft_position") in DRAFT_POSITIONS else "left"
    return render("draft_mark.html", label=draft_label(report), position=position, reasons=reasons)


def draft_label(report: dict) -> str:
    """What a draft calls itself at the top of its first page and in the top margin of every printed page
    (report.yml draft_label, else the guide's word)."""
    return report.get("draft_label") or DRAFT_LABEL


def document_header(year) -> Markup:
    report = year.report
    draft = is_draft(year)
    superior = report.get("superior_body") or fill_in(report, "superior_body", "[chưa có đảng bộ cấp trên]", DOTTED)
    return draft_mark(year) + render("review_banner.html") + render("document_header.html", report=report, superior=superior,
                                     number=number_line(report, draft), place_date=place_date(report, year.year, draft))


def signature(year) -> Markup:
    report = year.report
    recipients = report.get("recipients") or [fill_in(report, "recipients", "[chưa có danh sách nơi nhận]", DOTTED)]
    signer = report.get("signer_name") or fill_in(report, "signer_name", "[chưa có họ tên người ký]", DOTTED)
    form = report.get("recipients_form") if report.get("recipients_form") in RECIPIENTS_FORMS else RECIPIENTS_FORMS[0]
    return render("signature.html", report=report, recipients=recipients, signer=signer, form=form)


def review_appendix(year) -> Markup:
    """The review copy's account of every change against the source (hidden but in `pdf --review`)."""
    decisions = [dict(d, state=approval_text(d)) for d in year.decisions.values()]
    return render("review_appendix.html", decisions=decisions, corrections=year.corrections)


def whole_report_page(year: int) -> str:
    """The page (a system page of the year) that holds the whole report with {{ whole_report() }}, the one the PDF
    prints."""
    return f"{year}/in-toan-van.md"


def pdf_name(year: int, review: bool = False) -> str:
    """File name of the whole report as PDF: bao-cao-2023.pdf (the review copy: bao-cao-2023-ban-xem-xet.pdf)."""
    return f"bao-cao-{year}-ban-xem-xet.pdf" if review else f"bao-cao-{year}.pdf"


def pdf_link(href: str) -> Markup:
    return render("pdf_link.html", href=href)


# --------------------------------------------------------------------------- the whole report

def part_heading(level: int, title: str) -> str:
    """A Markdown heading; a part of the report ('II. …') gets the class that prints it in capitals, in the whole
    report as in the print of its own page."""
    return "#" * min(6, level) + " " + text(title) + (" { .part }" if PART.match(title) else "")


# Where a section's HTML goes in the whole-report page: a raw HTML block Markdown keeps as it is; the site adapter
# (site/whole_report.py) puts the section page's own HTML there once every page is rendered.
SECTION_MARK = "<!-- baocao:section {src} {shift} -->"


def whole_report_markdown(parts, read, marks: bool = False) -> str:
    """Join the section pages (read(page) -> Markdown source) under the nav's group headings, in order.

    marks=False: the sections' Markdown itself, headings shifted under their group (rendered again in the page).
    marks=True: each section's place only (SECTION_MARK with the shift of its headings), and its title as a
    heading when the page has no H1 of its own; the rest of the Markdown is the same."""
    chunks = []
    for depth, title, page in parts:
        if page is None:
            chunks.append(part_heading(depth, title))
            continue
        _, body, _ = split_front_matter(read(page))
        titled = any(line.startswith("# ") for line in body.split("\n"))
        if marks:
            head = "" if titled else part_heading(depth, title) + "\n\n"
            chunks.append(str(head) + SECTION_MARK.format(src=page, shift=depth - 1))   # str: the mark unescaped
            continue
        if not titled:   # str(): the body is Markdown with macro calls, not text to escape
            body = str(part_heading(1, title)) + "\n\n" + body
        chunks.append(shift_headings(body, depth - 1).strip())
    return "\n\n".join(chunks)
