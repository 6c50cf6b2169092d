"""HTML for the Party document's header and signature block (Hướng dẫn 36-HD/VPTW, Phụ lục 3).

Pure functions: the facts of data/<year>/report.yml in, HTML out. Every data string goes through render.text();
every unknown fact (number, date, signer's name, recipients) becomes a visible placeholder, never an invented value.
Layout classes are styled in docs/assets/print.css (screen and print).
"""
from __future__ import annotations

import datetime as dt
import re

from . import fmt
from .render import text

BLANK = "…"   # what a printed form leaves to be filled in by hand


def gap(field: str, shown: str = BLANK, where: str = "data/<năm>/report.yml") -> str:
    """A visible placeholder for an unknown fact; the tooltip says where to fill it in."""
    title = f"Chưa có thông tin này: điền mục “{field}” trong {where}"
    return f'<span class="placeholder" data-field="{text(field)}" title="{text(title)}">{text(shown)}</span>'


def _when(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def place_date(report: dict) -> str:
    """'An Giang, ngày 15 tháng 12 năm 2023', or a placeholder 'An Giang, ngày … tháng … năm …' when undated."""
    when = _when(report.get("date"))
    where = report.get("file", "data/<năm>/report.yml")
    if when is None:
        return f"{text(report['place'])}, " + gap("date", f"ngày {BLANK} tháng {BLANK} năm {BLANK}", where)
    return f"{text(report['place'])}, {text(fmt.date_long(when))}"


def number_line(report: dict) -> str:
    """'Số 12-BC/ĐU', or 'Số …-BC/ĐU' with the number left as a placeholder."""
    where = report.get("file", "data/<năm>/report.yml")
    if report.get("number"):
        return f"Số {text(report['number'])}"
    return "Số " + gap("number", BLANK, where) + text(report.get("number_suffix") or "")


def document_header(report: dict) -> str:
    """The first-page header: bodies and number at the left, the Party's name and the date at the right,
    then the document type and its summary. One block of HTML on one line (Markdown leaves it alone)."""
    where = report.get("file", "data/<năm>/report.yml")
    superior = text(report["superior_body"]) if report.get("superior_body") else gap("superior_body", "[chưa có đảng bộ cấp trên]", where)
    left = (f'<div class="doc-header-left"><p class="superior-body">{superior}</p>'
            f'<p class="issuing-body">{text(report["issuing_body"])}</p><p class="doc-star">*</p>'
            f'<p class="doc-number">{number_line(report)}</p></div>')
    right = ('<div class="doc-header-right"><p class="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</p>'
             f'<p class="place-date">{place_date(report)}</p></div>')
    title = (f'<p class="doc-type">{text(report["document_type"])}</p>'
             f'<p class="doc-summary">{text(report["summary"])}</p>')
    return f'<div class="doc-header">{left}{right}</div><div class="doc-title">{title}</div>'


def signature(report: dict) -> str:
    """The closing block: recipients at the left, 'T/M ĐẢNG ỦY' / 'BÍ THƯ' / the signer's name at the right.

    The right column comes last in the HTML, so the printed text ends with the signer's title and name."""
    where = report.get("file", "data/<năm>/report.yml")
    recipients = report.get("recipients")
    if recipients:
        items = "".join(f"<li>{text(r)}</li>" for r in recipients)
    else:
        items = "<li>" + gap("recipients", "[chưa có danh sách nơi nhận]", where) + "</li>"
    left = f'<div class="recipients"><p class="recipients-title">Nơi nhận:</p><ul>{items}</ul></div>'
    name = text(report["signer_name"]) if report.get("signer_name") else gap("signer_name", "[chưa có họ tên người ký]", where)
    right = (f'<div class="signer"><p class="on-behalf">{text(report["on_behalf"])}</p>'
             f'<p class="signer-title">{text(report["signer_title"])}</p><p class="signature-space"></p>'
             f'<p class="signer-name">{name}</p></div>')
    return f'<div class="doc-signature">{left}{right}</div>'


def pdf_name(year: int) -> str:
    """File name of the whole report as PDF: bao-cao-2023.pdf."""
    return f"bao-cao-{year}.pdf"


def pdf_link(href: str) -> str:
    return (f'<p class="pdf-download"><a class="md-button" href="{text(href)}" download>'
            "Tải toàn văn báo cáo (PDF, khổ A4)</a></p>")


# --- The whole report on one page (the source of the PDF) ---------------------------------------------------------

NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s")   # 'II. …', '1. …', '1.2.13. …': a section of the report
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)
_HEADING = re.compile(r"^(#{1,6})(?=\s)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def report_parts(nav: list, year: int) -> list[tuple[int, str, str | None]]:
    """The report's sections in nav order, from mkdocs.yml's nav under 'Năm <year>'.

    Returns (depth, title, page) with page None for a group that is only a heading in the nav. Only numbered
    entries count ('I. …', '1.2. …'), so the year's cover, the dashboard and 'Phụ lục' stay out."""
    section = None
    for item in nav or []:
        if isinstance(item, dict) and f"Năm {year}" in item:
            section = item[f"Năm {year}"]
    if section is None:
        raise LookupError(f"mkdocs.yml: nav has no section 'Năm {year}' / không có mục 'Năm {year}' trong nav")
    out: list = []

    def walk(items, depth):
        for item in items:
            if not isinstance(item, dict):
                continue
            for title, value in item.items():
                if not NUMBERED.match(str(title)):
                    continue
                if isinstance(value, list):
                    out.append((depth, str(title), None))
                    walk(value, depth + 1)
                else:
                    out.append((depth, str(title), str(value)))
    walk(section, 1)
    return out


def strip_front_matter(markdown: str) -> str:
    return _FRONT_MATTER.sub("", markdown, count=1)


def shift_headings(markdown: str, by: int) -> str:
    """'# Title' -> '### Title' for by=2 (at most six #); code fences are left alone."""
    if by <= 0:
        return markdown
    lines, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + by), line)
        lines.append(line)
    return "\n".join(lines)


def has_title(markdown: str) -> bool:
    return any(line.startswith("# ") for line in markdown.split("\n"))


def whole_report_markdown(parts, read) -> str:
    """Join the section pages (read(page) -> Markdown source) under the nav's group headings, in order."""
    chunks = []
    for depth, title, page in parts:
        if page is None:
            chunks.append("#" * min(6, depth) + " " + text(title))
            continue
        body = strip_front_matter(read(page))
        if not has_title(body):
            body = "# " + text(title) + "\n\n" + body
        chunks.append(shift_headings(body, depth - 1).strip())
    return "\n\n".join(chunks)
