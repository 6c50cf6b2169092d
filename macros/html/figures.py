"""Figures, tallies, citations, indicator sentences and tables, editorial notes: Dataset in, HTML out.

Python decides what to show; templates in templates/ lay it out; markup.py escapes every data string.
"""
from __future__ import annotations

from markupsafe import Markup

from .. import formats
from ..data import STATUS_SLUG, STATUSES, UNREPORTED, Figure, Indicator, Year
from ..data.model import UNNAMED
from .markup import render, text

DOCUMENT_FORMS = ("short", "full", "title")   # the ways a page may cite a document ({{ doc(key, form) }})
HOW = {"sum": " = {}", "ratio": " = {}", "tally": " (đếm từ danh sách chỉ tiêu)", "items": " (đếm số văn bản)",
       "years_between": " = số năm từ {}"}


def placeholder(shown: str, field: str | None = None, title: str | None = None) -> Markup:
    return render("placeholder.html", shown=shown, field=field, title=title)


def missing(what: str) -> Markup:
    """A fact the source does not give: '[chưa có ngày]'."""
    return placeholder(f"[chưa có {what}]", title="Bản gốc không có thông tin này")


def provenance(fig: Figure) -> str:
    """'label — số liệu 2023/key = a + b — tệp data/2023/x.yml:12': what a reader sees on asking about a number."""
    where = f"{fig.file}:{fig.line}" if fig.line else fig.file
    how = HOW.get(fig.derived, "")
    if fig.derived in ("sum", "ratio", "years_between"):
        how = how.format({"sum": " + ", "ratio": " / "}.get(fig.derived, " đến ").join(fig.inputs))
    return f"{fig.label} — số liệu {fig.global_key}{how} — tệp {where}"


UNREPORTED_SHOWN = "[chưa báo cáo]"


def unreported_note(fig: Figure) -> str:
    """What to do about a figure not reported yet, for its tooltip."""
    if fig.derived:
        return "chưa báo cáo: tính được khi các số liệu thành phần có giá trị"
    where = f"{fig.file}:{fig.line}" if fig.line else fig.file
    what = "actual (và status)" if fig.key.startswith("indicators.") else "value"
    return f"chưa báo cáo: ghi {what} tại {where}"


def figure(fig: Figure, pad: int = 0, shown: str | None = None, currency: bool = True) -> Markup:
    """A figure in the page: its value in an element that names its key and file (provenance); a figure not
    reported yet is the visible placeholder '[chưa báo cáo]', never a number. currency=False writes money as the
    source often does, '58 tỷ' (the unit đồng understood)."""
    proposal = " ".join(f"{fig.year}/{key}" for key in fig.proposed_by)   # marked while pending (proposals.py)
    if fig.value is None:
        return render("figure.html", fig=fig, title=f"{provenance(fig)} — {unreported_note(fig)}",
                      body=placeholder(UNREPORTED_SHOWN), proposal=proposal)
    body = shown if shown is not None else formats.figure_text(fig, pad, currency)
    return render("figure.html", fig=fig, title=provenance(fig), body=body, proposal=proposal)


def tally(year: Year, sector: str, status: str = "đạt", pad: int = 2) -> Markup:
    """'11/12': the indicators of a sector with a status, over all of them."""
    part = year.figures[f"indicators.{sector}.{STATUS_SLUG[status]}"]
    whole = year.figures[f"indicators.{sector}.total"]
    return figure(part, pad) + "/" + figure(whole, pad)


FORMS = ("short", "full", "title")
DOC_FIELDS = ("kind", "number", "date", "date_long", "issuer", "title")


def cited_number(doc: dict, decisions: dict | None = None) -> str:
    """The number a citation prints: the source's, or the corrected one once its editorial decision is approved."""
    decision = (decisions or {}).get(doc.get("decision") or "")
    if doc.get("corrected_number") and decision and decision.get("approval"):
        return doc["corrected_number"]
    return doc["number"]


def citation_parts(form: str) -> list[tuple[str, str | None]]:
    """A page's own citation form as (literal words, field or None): "{kind} {number} ngày {date} của Ban Bí thư".
    Fields: kind, number, date (07/10/2022), date_long (ngày 27 tháng 4 năm 2006), issuer, title.
    Raises ValueError naming an unknown field (or the form, for a stray brace)."""
    import string
    try:
        parsed = list(string.Formatter().parse(form))
    except ValueError:
        raise ValueError(form) from None
    for _, field, spec, conv in parsed:
        if field is not None and (field not in DOC_FIELDS or spec or conv):
            raise ValueError(field or form)
    return [(literal, field) for literal, field, _, _ in parsed]


def _field(doc: dict, field: str, decisions) -> Markup | str | None:
    if field == "number":
        return render("doc_number.html", number=cited_number(doc, decisions))
    if field in ("date", "date_long"):
        when = doc.get("date")
        return None if not when else formats.date(when) if field == "date" else formats.date_long(when)
    return doc.get(field) or None


def document(doc: dict, form: str = "full", href: str | None = None, decisions: dict | None = None) -> Markup:
    """A cited document; its number never breaks across lines.

    short: 'Quy định số 85-QĐ/TW'; full: adds 'ngày 07/10/2022 của Ban Bí thư Trung ương Đảng' (what the registry has);
    title: adds the quoted title. Any other form is the page's own words around the registry's facts, as the source
    writes that citation: "{kind} {number} ngày {date} của Ban Bí thư" — nothing added, nothing dropped; a field the
    registry lacks raises KeyError(field)."""
    if form in FORMS:
        body = text(f"{doc['kind']} số ") + _field(doc, "number", decisions)
        if form != "short":
            if doc.get("date"):
                body += text(f" ngày {formats.date(doc['date'])}")
            if doc.get("issuer"):
                body += text(f" của {doc['issuer']}")
        if form == "title" and doc.get("title"):
            body += text(f" “{doc['title']}”")
    else:
        body = Markup("")
        for literal, field in citation_parts(form):
            body += text(literal)
            if field:
                value = _field(doc, field, decisions)
                if value is None:
                    raise KeyError(field)
                body += text(value)
    return render("document.html", doc=doc, body=body, href=href)


QUALIFIERS = ("ít nhất", "tối thiểu", "trên", "dưới", "từ", "không quá", "tối đa")   # words a target may carry


def indicator_name(year: Year, ind: Indicator) -> Markup:
    """The indicator's name with its target figure in place of {target}."""
    if not ind.name:
        return placeholder(f"[{UNNAMED}]")
    key = f"indicators.{ind.id}.target"
    if key not in year.figures:
        return text(ind.name)
    target = figure(year.figures[key])     # "[chưa báo cáo]" in a new year until the target is known
    return target.join(text(part) for part in ind.name.split("{target}"))


def target_qualifier(name: str | None) -> str:
    """The word the name writes just before its target, as written: 'Ít nhất {target} hộ…' -> 'Ít nhất';
    'Tăng trưởng bình quân trên {target}' -> 'trên'; 'đạt {target}' -> '' (no qualifier)."""
    before = (name or "").split("{target}", 1)[0].rstrip()
    for word in QUALIFIERS:
        if before.lower().endswith(word) and (len(before) == len(word) or before[-len(word) - 1] == " "):
            return before[-len(word):]
    return ""


def indicator_target(year: Year, ind: Indicator) -> Markup:
    """The target as the source states it: 'trên 10%', 'Ít nhất 50%', '90%'."""
    target = figure(year.figures[f"indicators.{ind.id}.target"])
    word = target_qualifier(ind.name)
    return text(word + " ") + target if word else target


def qualified(fig: Figure) -> Markup:
    """A plan target with the words the source writes before it ('ít nhất 90%'); '100%' when it writes none."""
    return text(fig.qualifier + " ") + figure(fig) if fig.qualifier else figure(fig)


def indicator_clause(year: Year, ind: Indicator, doc_href=None) -> Markup:
    """“name” nhưng hiện tại là 79,18% — or the reason the report gives, with the document it cites."""
    out = Markup("“") + indicator_name(year, ind) + Markup("”")
    if ind.actual is not None:
        out += Markup(" ") + text(ind.actual_phrase) + Markup(" ") + figure(year.figures[f"indicators.{ind.id}.actual"])
    out += reason(year, ind, doc_href)
    return out


def reason(year: Year, ind: Indicator, doc_href=None) -> Markup:
    """' do nhiệm vụ này tạm ngừng triển khai theo Công văn số 1096/BTTTT-KHTC ngày … của Bộ TTTT': the reason and
    the document it names, never one without the other."""
    out = Markup("")
    if ind.reason:
        out += Markup(" ") + text(ind.reason)
    if ind.reason_document:
        doc = year.documents[ind.reason_document]
        out += Markup(" ") + document(doc, "full", doc_href(doc) if doc_href else None, year.decisions)
    return out


def sector(year: Year, sector_id: str):
    return next(sec for sec in year.sectors if sec.id == sector_id)


def indicator_sentence(year: Year, sector_id: str, doc_href=None) -> Markup:
    """The report's sentence for one sector: 'Lĩnh vực Bưu chính: 02/03 chỉ tiêu đạt, 01 chỉ tiêu chưa thực hiện (…)'.
    No full stop: the page writes it where the source does."""
    sec = sector(year, sector_id)
    out = text(sec.lead) + Markup(": ") + tally(year, sec.id) + Markup(" chỉ tiêu đạt")
    for status in STATUSES[1:]:
        chosen = [i for i in sec.indicators if i.status == status]
        if not chosen:
            continue
        n = figure(year.figures[f"indicators.{sec.id}.{STATUS_SLUG[status]}"], pad=2)
        named = [indicator_clause(year, i, doc_href) for i in chosen if i.name]
        out += Markup(", ") + n + Markup(" chỉ tiêu ") + text(status)
        if named:
            out += Markup(" (") + Markup("; ").join(named) + Markup(")")
    return out


def _figure_or_dash(year: Year, key: str):
    return figure(year.figures[key]) if key in year.figures else "—"


def unnamed_line(sec) -> str:
    """The indicators the source does not name, counted in one line: '11 chỉ tiêu còn lại đạt; bản gốc không nêu
    tên' (or '' when it names them all)."""
    counts = {}
    for ind in sec.indicators:
        if not ind.name:
            counts[ind.status] = counts.get(ind.status, 0) + 1
    if not counts:
        return ""
    rest = "còn lại " if sum(counts.values()) < len(sec.indicators) else ""   # "remaining": only after named ones
    parts = [f"{formats.count(n, 2)} chỉ tiêu {rest}{status}" for status, n in
             sorted(counts.items(), key=lambda kv: STATUSES.index(kv[0]))]
    return "; ".join(parts) + "; bản gốc không nêu tên"


def status(year: Year, ind: Indicator) -> Markup:
    """An indicator's status; one an editorial decision sets names it (data-proposal), marked while it is pending."""
    return render("status.html", slug=STATUS_SLUG[ind.status], status=ind.status,
                  proposal=f"{year.year}/{ind.status_decision}" if ind.status_decision else "")


def indicator_table(year: Year, sector_id: str, doc_href=None) -> Markup:
    """One sector's indicators that the source names (target as it states it, result, status, reason and its
    document), then one computed line for those it does not name."""
    sec = sector(year, sector_id)
    rows = [{"name": indicator_name(year, ind),
             "target": indicator_target(year, ind) if ind.target is not None else "—",
             "actual": _figure_or_dash(year, f"indicators.{ind.id}.actual"),
             "status": status(year, ind),
             "note": reason(year, ind, doc_href).lstrip() if ind.reason or ind.reason_document else ""}
            for ind in sec.indicators if ind.name]
    return render("indicator_table.html", sector=sec, tally=tally(year, sec.id), rows=rows, rest=unnamed_line(sec))


def indicator_summary(year: Year) -> Markup:
    # "chưa báo cáo" gets a column only in a year that has such indicators (a new year's scaffold)
    shown = [s for s in STATUSES if s != UNREPORTED or year.figures[f"indicators.all.{STATUS_SLUG[s]}"].value]
    rows = []
    for sec in year.sectors + [None]:
        gid = sec.id if sec else "all"
        rows.append({"id": gid, "name": sec.name if sec else "", "total_row": sec is None,
                     "cells": [figure(year.figures[f"indicators.{gid}.{STATUS_SLUG[s]}"], 2) for s in shown],
                     "total": figure(year.figures[f"indicators.{gid}.total"], 2)})
    return render("indicator_summary.html", statuses=[s.capitalize() for s in shown], rows=rows)


def approval_text(decision: dict) -> str:
    """'Đã duyệt: Ban Thường vụ Đảng ủy, 15/12/2023' or 'Chưa duyệt'."""
    approval = decision.get("approval")
    if not approval:
        return "Chưa duyệt"
    when = approval.get("date")
    when = formats.date(when) if hasattr(when, "year") else str(when or "")
    return f"Đã duyệt: {approval.get('by')}, {when}"


def decision_note(decision: dict, href: str | None = None) -> Markup:
    return render("decision_note.html", decision=decision, href=href, state=approval_text(decision))
