"""Figures, tallies, citations, indicator sentences and tables, editorial notes: Dataset in, HTML out.

Python decides what to show; templates in templates/ lay it out; markup.py escapes every data string.
"""
from __future__ import annotations

from markupsafe import Markup

from .. import formats
from ..data import STATUS_SLUG, STATUSES, UNREPORTED, Figure, Indicator, Year
from .markup import render, text

DOCUMENT_FORMS = ("short", "full", "title")   # the ways a page may cite a document ({{ doc(key, form) }})
HOW = {"sum": " = {}", "ratio": " = {}", "tally": " (đếm từ danh sách chỉ tiêu)", "items": " (đếm số văn bản)"}


def placeholder(shown: str, field: str | None = None, title: str | None = None) -> Markup:
    return render("placeholder.html", shown=shown, field=field, title=title)


def missing(what: str) -> Markup:
    """A fact the source does not give: '[chưa có ngày]'."""
    return placeholder(f"[chưa có {what}]", title="Bản gốc không có thông tin này")


def provenance(fig: Figure) -> str:
    """'label — số liệu 2023/key = a + b — tệp data/2023/x.yml:12': what a reader sees on asking about a number."""
    where = f"{fig.file}:{fig.line}" if fig.line else fig.file
    how = HOW.get(fig.derived, "")
    if fig.derived in ("sum", "ratio"):
        how = how.format((" + " if fig.derived == "sum" else " / ").join(fig.inputs))
    return f"{fig.label} — số liệu {fig.global_key}{how} — tệp {where}"


def figure(fig: Figure, pad: int = 0, shown: str | None = None) -> Markup:
    """A figure in the page: its value in an element that names its key and file (provenance)."""
    body = shown if shown is not None else formats.figure_text(fig, pad)
    return render("figure.html", fig=fig, title=provenance(fig), body=body)


def tally(year: Year, sector: str, status: str = "đạt", pad: int = 2) -> Markup:
    """'11/12': the indicators of a sector with a status, over all of them."""
    part = year.figures[f"indicators.{sector}.{STATUS_SLUG[status]}"]
    whole = year.figures[f"indicators.{sector}.total"]
    return figure(part, pad) + "/" + figure(whole, pad)


def document(doc: dict, form: str = "full", href: str | None = None) -> Markup:
    """A cited document, written the same way everywhere.

    short: 'Quy định số 85-QĐ/TW'; full: adds 'ngày 07/10/2022 của Ban Bí thư'; title: adds the quoted title.
    """
    parts = [f"{doc['kind']} số {doc['number']}"]
    if form in ("full", "title"):
        if doc.get("date"):
            parts.append(f"ngày {formats.date(doc['date'])}")
        if doc.get("issuer"):
            parts.append(f"của {doc['issuer']}")
    if form == "title" and doc.get("title"):
        parts.append(f"“{doc['title']}”")
    return render("document.html", doc=doc, body=" ".join(parts), href=href)


def indicator_name(year: Year, ind: Indicator) -> Markup:
    """The indicator's name with its target figure in place of {target}."""
    if not ind.name:
        return placeholder("[bản gốc không nêu tên chỉ tiêu]")
    if ind.target is None:
        return text(ind.name)
    target = figure(year.figures[f"indicators.{ind.id}.target"])
    return target.join(text(part) for part in ind.name.split("{target}"))


def indicator_clause(year: Year, ind: Indicator, doc_href=None) -> Markup:
    """“name” nhưng hiện tại là 79,18% — or the reason the report gives."""
    out = Markup("“") + indicator_name(year, ind) + Markup("”")
    if ind.actual is not None:
        out += Markup(" ") + text(ind.actual_phrase) + Markup(" ") + figure(year.figures[f"indicators.{ind.id}.actual"])
    if ind.reason:
        out += Markup(" ") + text(ind.reason)
    if ind.reason_document:
        doc = year.documents[ind.reason_document]
        out += Markup(" ") + document(doc, "full", doc_href(doc) if doc_href else None)
    return out


def sector(year: Year, sector_id: str):
    return next(sec for sec in year.sectors if sec.id == sector_id)


def indicator_sentence(year: Year, sector_id: str, doc_href=None) -> Markup:
    """The report's sentence for one sector: 'Lĩnh vực Bưu chính: 02/03 chỉ tiêu đạt, 01 chỉ tiêu chưa thực hiện (…)'."""
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
    return out + Markup(".")


def _figure_or_dash(year: Year, key: str, present: bool):
    return figure(year.figures[key]) if present else "—"


def indicator_table(year: Year, sector_id: str) -> Markup:
    sec = sector(year, sector_id)
    rows = [{"name": indicator_name(year, ind),
             "target": _figure_or_dash(year, f"indicators.{ind.id}.target", ind.target is not None),
             "actual": _figure_or_dash(year, f"indicators.{ind.id}.actual", ind.actual is not None),
             "slug": STATUS_SLUG[ind.status], "status": ind.status, "note": ind.reason or ""}
            for ind in sec.indicators]
    return render("indicator_table.html", sector=sec, tally=tally(year, sec.id), rows=rows)


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


def decision_note(decision: dict, href: str | None = None) -> Markup:
    return render("decision_note.html", decision=decision, href=href)
