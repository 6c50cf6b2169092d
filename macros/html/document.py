"""The Party document's parts (Hướng dẫn 36-HD/VPTW, Phụ lục 3): header, signature block, PDF link, and the whole
report assembled from its section pages. The facts of data/<year>/report.yml in, HTML out; every unknown fact
(number, date, signer's name, recipients) becomes a visible placeholder, never an invented value.
Layout classes are styled in docs/assets/print.css (screen and print).
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from .. import formats
from ..sources.pages import shift_headings, split_front_matter
from .figures import placeholder
from .markup import render, text

BLANK = "…"   # what a printed form leaves to be filled in by hand


def gap(report: dict, field: str, shown: str = BLANK) -> Markup:
    """A visible placeholder for an unknown fact; the tooltip says where to fill it in."""
    where = report.get("file", "data/<năm>/report.yml")
    return placeholder(shown, field=field, title=f"Chưa có thông tin này: điền mục “{field}” trong {where}")


def _when(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def place_date(report: dict) -> Markup:
    """'An Giang, ngày 15 tháng 12 năm 2023', or 'An Giang, ngày … tháng … năm …' with a placeholder when undated."""
    when = _when(report.get("date"))
    if when is None:
        return text(f"{report['place']}, ") + gap(report, "date", f"ngày {BLANK} tháng {BLANK} năm {BLANK}")
    return text(f"{report['place']}, {formats.date_long(when)}")


def number_line(report: dict) -> Markup:
    """'Số 12-BC/ĐU' (number 12, or "12-BC/ĐU"), or 'Số …-BC/ĐU' with the number left as a placeholder."""
    number = report.get("number")
    if number not in (None, ""):
        bare = str(number).isdigit()   # number: 45 -> 'Số 45-BC/ĐU'
        return text(f"Số {number}" + ((report.get("number_suffix") or "") if bare else ""))
    return text("Số ") + gap(report, "number") + text(report.get("number_suffix") or "")


def document_header(report: dict) -> Markup:
    superior = report.get("superior_body") or gap(report, "superior_body", "[chưa có đảng bộ cấp trên]")
    return render("document_header.html", report=report, superior=superior, number=number_line(report),
                  place_date=place_date(report))


def signature(report: dict) -> Markup:
    recipients = report.get("recipients") or [gap(report, "recipients", "[chưa có danh sách nơi nhận]")]
    signer = report.get("signer_name") or gap(report, "signer_name", "[chưa có họ tên người ký]")
    return render("signature.html", report=report, recipients=recipients, signer=signer)


def pdf_name(year: int) -> str:
    """File name of the whole report as PDF: bao-cao-2023.pdf."""
    return f"bao-cao-{year}.pdf"


def pdf_link(href: str) -> Markup:
    return render("pdf_link.html", href=href)


def whole_report_markdown(parts, read) -> str:
    """Join the section pages (read(page) -> Markdown source) under the nav's group headings, in order."""
    chunks = []
    for depth, title, page in parts:
        if page is None:
            chunks.append("#" * min(6, depth) + " " + text(title))
            continue
        _, body, _ = split_front_matter(read(page))
        if not any(line.startswith("# ") for line in body.split("\n")):
            body = "# " + text(title) + "\n\n" + body
        chunks.append(shift_headings(body, depth - 1).strip())
    return "\n\n".join(chunks)
