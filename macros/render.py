"""HTML for figures, tallies, citations and tables. Pure functions over the dataset.

Every data string goes through `text()`: HTML-escaped and with Markdown's special characters turned into
entities, so a value shows exactly as typed (never as markup, never as a template).
"""
from __future__ import annotations

import html
import posixpath

from . import fmt
from .dataset import STATUS_SLUG, STATUSES, UNREPORTED, Figure, Indicator, Year

# HTML's own three, then every character Markdown or Jinja could read as syntax, as a numeric entity
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: f"&#{ord(c)};" for c in "\\`*_[]{}#+!|~\"'"}})
PLACEHOLDER = "[chưa có]"


def text(value) -> str:
    """Data string -> safe inline HTML that Markdown leaves alone."""
    return str(value).translate(_TEXT)


def attr(value) -> str:
    """Data string -> HTML attribute value. Markdown never looks inside a raw tag, so HTML escaping is enough."""
    return html.escape(str(value), quote=True)


def placeholder(what: str) -> str:
    return f'<span class="placeholder" title="Bản gốc không có thông tin này">[chưa có {text(what)}]</span>'


def value_text(fig: Figure, pad: int = 0) -> str:
    """The figure as the report writes it, as plain text."""
    if fig.kind == "percent":
        return fmt.percent(fig.value, fig.decimals)
    if fig.kind == "money":
        return fmt.money(fig.value)
    if fig.kind == "date":
        return fmt.date(fig.value)
    if fig.kind == "month":
        return fmt.month(fig.value)
    return fmt.count(fig.value, pad)


def figure(fig: Figure, pad: int = 0, shown: str | None = None) -> str:
    """A figure in the page: its value in an element that names its key and file (provenance)."""
    where = f"{fig.file}:{fig.line}" if fig.line else fig.file
    how = {"sum": " = " + " + ".join(fig.inputs), "ratio": " = " + " / ".join(fig.inputs),
           "tally": " (đếm từ danh sách chỉ tiêu)", "items": " (đếm số văn bản)"}.get(fig.derived, "")
    title = f"{fig.label} — số liệu {fig.global_key}{how} — tệp {where}"
    body = shown if shown is not None else text(value_text(fig, pad))
    return (f'<span class="fig" data-key="{attr(fig.global_key)}" data-file="{attr(fig.file)}" '
            f'title="{attr(title)}">{body}</span>')


def tally(year: Year, sector: str, status: str = "đạt", pad: int = 2) -> str:
    part = year.figures[f"indicators.{sector}.{STATUS_SLUG[status]}"]
    whole = year.figures[f"indicators.{sector}.total"]
    return f"{figure(part, pad)}/{figure(whole, pad)}"


def rel_url(from_url: str, to_url: str) -> str:
    """Relative link between two MkDocs page URLs (directory URLs)."""
    to_path, _, anchor = to_url.partition("#")
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else ""
    rel = posixpath.relpath(to_path or ".", base or ".")
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def document(doc: dict, form: str = "full", href: str | None = None) -> str:
    """A cited document, written the same way everywhere.

    short: 'Quy định số 85-QĐ/TW'; full: adds 'ngày 07/10/2022 của Ban Bí thư'; title: adds the quoted title.
    """
    parts = [f"{text(doc['kind'])} số {text(doc['number'])}"]
    if form in ("full", "title"):
        if doc.get("date"):
            parts.append(f"ngày {fmt.date(doc['date'])}")
        if doc.get("issuer"):
            parts.append(f"của {text(doc['issuer'])}")
    if form == "title" and doc.get("title"):
        parts.append(f"“{text(doc['title'])}”")
    body = " ".join(parts)
    if href:
        return f'<a class="doc-ref" href="{text(href)}" data-doc="{text(doc["key"])}">{body}</a>'
    return body


def indicator_name(year: Year, ind: Indicator) -> str:
    if not ind.name:
        return '<span class="placeholder">[bản gốc không nêu tên chỉ tiêu]</span>'
    out = text(ind.name)
    if ind.target is not None:
        out = out.replace(text("{target}"), figure(year.figures[f"indicators.{ind.id}.target"]))
    return out


def indicator_clause(year: Year, ind: Indicator, doc_href=None) -> str:
    """“name” nhưng hiện tại là 79,18% — or the reason the report gives."""
    out = f"“{indicator_name(year, ind)}”"
    if ind.actual is not None:
        out += f" {text(ind.actual_phrase)} {figure(year.figures[f'indicators.{ind.id}.actual'])}"
    if ind.reason:
        out += f" {text(ind.reason)}"
    if ind.reason_document:
        doc = year.documents[ind.reason_document]
        out += " " + document(doc, "full", doc_href(doc) if doc_href else None)
    return out


def indicator_sentence(year: Year, sector_id: str, doc_href=None) -> str:
    """The report's sentence for one sector: 'Lĩnh vực Bưu chính: 02/03 chỉ tiêu đạt, 01 chỉ tiêu chưa thực hiện (…)'."""
    sec = _sector(year, sector_id)
    out = f"{text(sec.lead)}: {tally(year, sec.id)} chỉ tiêu đạt"
    for status in STATUSES[1:]:
        chosen = [i for i in sec.indicators if i.status == status]
        if not chosen:
            continue
        n = figure(year.figures[f"indicators.{sec.id}.{STATUS_SLUG[status]}"], pad=2)
        named = [indicator_clause(year, i, doc_href) for i in chosen if i.name]
        out += f", {n} chỉ tiêu {text(status)}"
        if named:
            out += " (" + "; ".join(named) + ")"
    return out + "."


def _sector(year: Year, sector_id: str):
    for sec in year.sectors:
        if sec.id == sector_id:
            return sec
    raise KeyError(sector_id)


def indicator_table(year: Year, sector_id: str) -> str:
    sec = _sector(year, sector_id)
    rows = []
    for n, ind in enumerate(sec.indicators, 1):
        target = figure(year.figures[f"indicators.{ind.id}.target"]) if ind.target is not None else "—"
        actual = figure(year.figures[f"indicators.{ind.id}.actual"]) if ind.actual is not None else "—"
        note = text(ind.reason) if ind.reason else ""
        rows.append(f"<tr><td>{n}</td><td>{indicator_name(year, ind)}</td><td class=\"num\">{target}</td>"
                    f"<td class=\"num\">{actual}</td><td><span class=\"status status-{STATUS_SLUG[ind.status]}\">"
                    f"{text(ind.status)}</span></td><td>{note}</td></tr>")
    caption = f"Chỉ tiêu lĩnh vực {text(sec.name)}: {tally(year, sec.id)} đạt"
    return ('<table class="indicators" data-sector="' + text(sec.id) + '"><caption>' + caption + "</caption>"
            "<thead><tr><th>TT</th><th>Chỉ tiêu</th><th>Chỉ tiêu đề ra</th><th>Kết quả</th><th>Tình trạng</th>"
            "<th>Ghi chú</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def indicator_summary(year: Year) -> str:
    # "chưa báo cáo" gets a column only in a year that has such indicators (a new year's scaffold)
    shown = [s for s in STATUSES if s != UNREPORTED or year.figures[f"indicators.all.{STATUS_SLUG[s]}"].value]
    head = "".join(f"<th>{text(s.capitalize())}</th>" for s in shown)
    rows = []
    for sec in year.sectors + [None]:
        gid = sec.id if sec else "all"
        name = text(sec.name) if sec else "<strong>Tổng cộng</strong>"
        cells = "".join(f'<td class="num">{figure(year.figures[f"indicators.{gid}.{STATUS_SLUG[s]}"], 2)}</td>'
                        for s in shown)
        total = figure(year.figures[f"indicators.{gid}.total"], 2)
        rows.append(f'<tr data-sector="{gid}"><td>{name}</td>{cells}<td class="num">{total}</td></tr>')
    return ('<table class="indicators-summary"><caption>Tổng hợp chỉ tiêu ngành theo lĩnh vực</caption><thead><tr>'
            f"<th>Lĩnh vực</th>{head}<th>Tổng số</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def decision_note(decision: dict, href: str | None = None) -> str:
    more = f' <a href="{text(href)}">Xem mọi ghi chú biên tập</a>.' if href else ""
    return (f'<div class="admonition note editorial-note" data-decision="{text(decision["key"])}">'
            f'<p class="admonition-title">Ghi chú biên tập: {text(decision["title"])}</p>'
            f'<p>Bản gốc: {text(decision["source_says"])}</p><p>Bản công bố: {text(decision["decision"])}{more}</p></div>')
