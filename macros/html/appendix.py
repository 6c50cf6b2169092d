"""The appendix pages: "Bảng số liệu" (every figure, its source, the pages that show it), "Văn bản được trích dẫn"
(the cited documents and where) and "Ghi chú biên tập" (editorial decisions). Dataset and page uses in, HTML out.

`link(src_path)` is given by the caller (it knows the page being built).
"""
from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup

from .. import formats
from ..errors import DataError
from .figures import approval_text, document, figure, indicator_name, missing
from .markup import render

HOW = {"sum": "Tổng", "ratio": "Tỷ lệ", "tally": "Đếm từ danh sách chỉ tiêu", "items": "Đếm số văn bản",
       "years_between": "Số năm tròn từ ngày đến ngày"}


class MissingLabel(ValueError):
    """A figure without a Vietnamese label cannot be published: the build stops."""


def page_links(places, titles: dict, link, sources: dict | None = None) -> Markup:
    """Links to the pages (once each) of a list of (src_path, line); the tooltip names the file and lines
    (`sources`: {src_path: file} where it is not docs/<src_path>, e.g. a system page's template)."""
    seen = {}
    for src, line in places:
        seen.setdefault(src, []).append(line)
    pages = [{"href": link(src), "title": titles.get(src, src),
              "where": f"{(sources or {}).get(src, 'docs/' + src)}, dòng {', '.join(str(n) for n in lines)}"} for src, lines in seen.items()]
    return render("page_links.html", pages=pages) if pages else Markup("")


# --------------------------------------------------------------------------- Bảng số liệu

def require_labels(year) -> None:
    for fig in year.figures.values():
        if not str(fig.label or "").strip():
            raise MissingLabel(str(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.label",
                                             f"Số liệu '{fig.key}' không có tên (label), không thể đưa lên Bảng số liệu.",
                                             f"Figure '{fig.key}' has no label.",
                                             "Ghi tên tiếng Việt của số liệu vào label.")))


def derivation(fig, year, doc_link) -> Markup:
    """How a figure comes about, in words, with links to the rows of its inputs."""
    documents = []
    if fig.derived == "items":
        documents = [document(year.documents[k], "short", doc_link(k), year.decisions) if k in year.documents else k
                     for k in fig.inputs]
    return render("derivation.html", fig=fig, how=HOW.get(fig.derived, ""), source=getattr(fig, "source", None),
                  documents=documents)


def breakable(key: str) -> list[str]:
    """A key in parts a narrow column may wrap between (after dots and underscores, never inside a word)."""
    return re.findall(r"[^._]*[._]|[^._]+$", key)


def figures_page(year, uses: dict, titles: dict, link, doc_link, decision_link=None,
                 sources: dict | None = None, downloads: dict | None = None) -> Markup:
    """Every figure of the year, with where it comes from and the pages that show it; unused ones listed too; a
    figure under an editorial decision says whether the decision is approved or pending (decision_link(key)); the
    figures not reported yet are listed with the file and line to fill in; downloads: {"xlsx"|"csv": href}."""
    require_labels(year)
    rows = [{"fig": fig, "key_parts": breakable(fig.key), "value": figure(fig),
             "where": f"{fig.file}:{fig.line}" if fig.line else fig.file,
             "derivation": derivation(fig, year, doc_link),
             "decision": Markup(" ").join(decision_state(year, key, decision_link)
                                          for key in dict.fromkeys((fig.decision, *fig.proposed_by)) if key),
             "pages": page_links(uses.get(fig.global_key, []), titles, link, sources)}
            for fig in year.figures.values()]
    unused = [row["fig"] for row in rows if not row["pages"]]
    pending = [d for d in year.decisions.values() if not d.get("approval")]
    unreported = year.unreported(derived=True)
    return render("figures_page.md", year=year.year, downloads=downloads or {}, total=len(rows), unused=len(unused),
                  decisions=len(year.decisions), pending=pending, decision_link=decision_link or (lambda key: ""),
                  table=render("figures_table.html", rows=rows),
                  unused_list=render("unused_figures.html", figures=unused), unreported=len(unreported),
                  unreported_list=render("unreported_figures.html", figures=[
                      {"fig": f, "where": f"{f.file}:{f.line}" if f.line else f.file} for f in unreported
                      if not f.derived], derived=sum(1 for f in unreported if f.derived)) if unreported else "")


def decision_state(year, key, link=None) -> Markup:
    """A figure's editorial decision and whether it is approved (a link to it when link is given)."""
    if not key or key not in year.decisions:
        return Markup("")
    d = year.decisions[key]
    return render("decision_state.html", key=key, title=d["title"], approved=bool(d.get("approval")),
                  state=approval_text(d), href=link(key) if link else None)


def correction_of(doc: dict, decisions: dict) -> str:
    """The documents page's word on a number the source may have mistyped: which number prints, and why."""
    if not doc.get("corrected_number"):
        return ""
    d = decisions.get(doc.get("decision") or "", {})
    if d.get("approval"):
        return f"Bản gốc ghi {doc['number']}; sửa theo ghi chú biên tập đã duyệt."
    return f"Bản gốc ghi {doc['number']}; đề nghị sửa thành {doc['corrected_number']} (ghi chú biên tập chưa duyệt)."


# --------------------------------------------------------------------------- Văn bản được trích dẫn

def citations(year, calls: dict) -> dict:
    """{document key: [(src_path, line)]}: doc("key") calls, and indicators_sentence("sector") calls whose sentence
    cites the document as an indicator's reason."""
    out = defaultdict(list)
    for (y, macro, arg), places in calls.items():
        if macro == "doc" and y == year.year:
            out[arg].extend(places)
    for sec in year.sectors:
        for ind in sec.indicators:
            if ind.reason_document and ind.name:
                out[ind.reason_document].extend(calls.get((year.year, "indicators_sentence", sec.id), []))
    return out


def documents_page(year, cited: dict, titles: dict, link, sources: dict | None = None) -> Markup:
    rows = [{"key": key, "citation": document(d, "short", decisions=year.decisions),
             "correction": correction_of(d, year.decisions),
             "date": formats.date(d["date"]) if d.get("date") else missing("ngày"),
             "issuer": d.get("issuer") or missing("cơ quan ban hành"),
             "title": d.get("title") or missing("trích yếu"),
             "pages": page_links(sorted(set(cited.get(key, []))), titles, link, sources)}
            for key, d in year.documents.items()]
    return render("documents_table.html", rows=rows)


# --------------------------------------------------------------------------- Ghi chú biên tập

def decisions_page(year, calls: dict, titles: dict, link, figures_link, sources: dict | None = None) -> Markup:
    decisions = []
    for key, d in year.decisions.items():
        figs = [f for f in year.figures.values() if f.decision == key or key in f.proposed_by]
        shown = {f.key.rsplit(".", 1)[0] for f in figs}
        inds = [i for s in year.sectors for i in s.indicators
                if key in (i.decision, i.status_decision) and f"indicators.{i.id}" not in shown]
        items = [render("decision_item.html", fig=f, href=figures_link(f.key), value=figure(f)) for f in figs]
        items += [render("decision_item.html", fig=None, ind=i, name=indicator_name(year, i)) for i in inds]
        pages = page_links(calls.get((year.year, "note", key), []), titles, link, sources)
        decisions.append({"key": key, "title": d["title"], "approved": bool(d.get("approval")),
                          "block": render("decision.html", d=d, items=items, pages=pages, state=approval_text(d),
                                          approved=bool(d.get("approval")))})
    pending = [d for d in decisions if not d["approved"]]
    return render("decisions_page.md", decisions=decisions, pending=pending, corrections=year.corrections)
