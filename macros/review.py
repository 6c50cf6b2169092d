"""What reviewers and readers see about the figures themselves: page titles, who cites what, and the HTML of the
appendix pages "Bảng số liệu", "Văn bản được trích dẫn" and "Ghi chú biên tập".

Pure functions over the dataset and the Markdown sources; `link(src_path)` is given by the caller (it knows the page
being built). Every data string goes through render.text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from . import fmt, render, usage
from .errors import DataError

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*(\{[^}]*\})?\s*$")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
HOW = {"sum": "Tổng", "ratio": "Tỷ lệ", "tally": "Đếm từ danh sách chỉ tiêu", "items": "Đếm số văn bản"}


class MissingLabel(ValueError):
    """A figure without a Vietnamese label cannot be published: the build stops."""


# --------------------------------------------------------------------------- pages and titles

def nav_titles(nav) -> dict:
    """{src_path: title} from mkdocs.yml's nav (entries without a title are left out)."""
    out = {}

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                for title, target in item.items():
                    if isinstance(target, str):
                        out[target] = str(title)
                    else:
                        walk(target)
    walk(nav)
    return out


def heading(markdown: str) -> str | None:
    """The page's first level-1 heading."""
    for line in _FRONT.sub("", markdown, count=1).split("\n"):
        m = _H1.match(line)
        if m:
            return m.group(1)
    return None


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without building the Python objects its !!python/name tags name."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def page_titles(project: Path, nav_config=None) -> dict:
    """{src_path: title} of every page of a project folder: the nav title, else the page's H1, else its path.
    nav_config: the nav already loaded (under MkDocs); otherwise it is read from the project's mkdocs.yml."""
    project = Path(project)
    nav = nav_titles(nav_config) if nav_config is not None else {}
    config = project / "mkdocs.yml"
    if nav_config is None and config.is_file():
        try:
            nav = nav_titles((yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_AnyTagLoader) or {}).get("nav"))
        except yaml.YAMLError:
            nav = {}
    titles = {}
    docs = project / "docs"
    for md in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        src = md.relative_to(docs).as_posix()
        titles[src] = nav.get(src) or heading(md.read_text(encoding="utf-8-sig")) or src
    return titles


def scan_calls(docs_dir: Path, macros: tuple, years, default_year) -> dict:
    """{(page year, macro, first argument): [(src_path, line), ...]} for calls such as {{ doc("qd_85_tw") }}."""
    found = defaultdict(list)
    for src, no, _, year, macro, arg in usage.calls(docs_dir, years, default_year):
        if macro in macros and arg:
            found[(year, macro, arg)].append((src, no))
    return dict(found)


def _pages(places, titles: dict, link) -> str:
    """Links to the pages (once each) of a list of (src_path, line)."""
    seen = {}
    for src, line in places:
        seen.setdefault(src, []).append(line)
    return "; ".join(f'<a href="{render.text(link(src))}" title="docs/{render.text(src)}, dòng '
                     f'{", ".join(str(n) for n in lines)}">{render.text(titles.get(src, src))}</a>'
                     for src, lines in seen.items())


# --------------------------------------------------------------------------- Bảng số liệu

def require_labels(year) -> None:
    for fig in year.figures.values():
        if not str(fig.label or "").strip():
            raise MissingLabel(str(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.label",
                                             f"Số liệu '{fig.key}' không có tên (label), không thể đưa lên Bảng số liệu.",
                                             f"Figure '{fig.key}' has no label.",
                                             "Ghi tên tiếng Việt của số liệu vào label.")))


def derivation(fig, year, doc_link) -> str:
    """How a figure comes about, in words, with links to the rows of its inputs."""
    source = f", mục {render.text(fig.source)}" if getattr(fig, "source", None) else ""
    if fig.derived in ("sum", "ratio"):
        parts = [f'<a href="#{render.text(k)}"><code>{render.text(k)}</code></a>' for k in fig.inputs]
        sep = " + " if fig.derived == "sum" else " / "
        tail = " × 100" if fig.derived == "ratio" else ""
        return f"{HOW[fig.derived]}: {sep.join(parts)}{tail}" + (f" (báo cáo ghi ở{source[1:]})" if source else "")
    if fig.derived == "tally":
        return f"{HOW['tally']} ({len(fig.inputs)} chỉ tiêu)"
    if fig.derived == "items":
        docs = [render.document(year.documents[k], "short", doc_link(k)) if k in year.documents else render.text(k)
                for k in fig.inputs]
        return f"{HOW['items']}: " + "; ".join(docs) + (f" (báo cáo ghi ở{source[1:]})" if source else "")
    return "Ghi trong báo cáo" + source


def _breakable(key: str) -> str:
    """A key that a narrow column wraps after its dots and underscores, never inside a word (<wbr>)."""
    return render.text(key).replace(".", ".<wbr>").replace("&#95;", "&#95;<wbr>")


def figures_page(year, uses: dict, titles: dict, link, doc_link) -> str:
    """Every figure of the year, with where it comes from and the pages that show it; unused ones listed too."""
    require_labels(year)
    rows, unused = [], []
    for fig in year.figures.values():
        places = uses.get(fig.global_key, [])
        if not places:
            unused.append(fig)
        where = f"{fig.file}:{fig.line}" if fig.line else fig.file
        pages = _pages(places, titles, link) or '<span class="unused">Chưa trang nào dùng</span>'
        rows.append(f'<tr id="{render.text(fig.key)}" data-key="{render.text(fig.global_key)}"'
                    f'{" data-unused" if not places else ""}>'
                    f"<td><code>{_breakable(fig.key)}</code></td><td>{render.text(fig.label)}</td>"
                    f'<td class="num">{render.figure(fig)}</td><td>{render.text(fig.unit)}</td>'
                    f"<td><code>{render.text(where)}</code></td><td>{derivation(fig, year, doc_link)}</td>"
                    f"<td>{pages}</td></tr>")
    total = len(year.figures)
    summary = (f'<p class="figures-summary">Năm {year.year} có <strong>{total}</strong> số liệu: '
               f'<strong>{total - len(unused)}</strong> số liệu được dùng trên các trang, '
               f'<strong>{len(unused)}</strong> số liệu chưa trang nào dùng.</p>')
    table = ('<table class="figures-table"><thead><tr><th>Khoá</th><th>Số liệu</th><th>Giá trị</th><th>Đơn vị</th>'
             "<th>Tệp nguồn</th><th>Cách có số liệu</th><th>Trang sử dụng</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>")
    unused_list = ('<ul class="unused-figures">' + "".join(
        f'<li><a href="#{render.text(f.key)}"><code>{render.text(f.key)}</code></a> — {render.text(f.label)}</li>'
        for f in unused) + "</ul>") if unused else "<p>Mọi số liệu đều được dùng.</p>"
    return (summary + "\n\n## Tất cả số liệu {#tat-ca}\n\n" + table
            + "\n\n## Số liệu chưa trang nào dùng {#chua-dung}\n\n" + unused_list)


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


def documents_page(year, cited: dict, titles: dict, link) -> str:
    rows = []
    for n, (key, d) in enumerate(year.documents.items(), 1):
        date = fmt.date(d["date"]) if d.get("date") else render.placeholder("ngày")
        issuer = render.text(d["issuer"]) if d.get("issuer") else render.placeholder("cơ quan ban hành")
        title = render.text(d["title"]) if d.get("title") else render.placeholder("trích yếu")
        pages = _pages(sorted(set(cited.get(key, []))), titles, link) or '<span class="unused">Chưa trang nào trích</span>'
        rows.append(f'<tr id="{render.text(key)}" data-doc="{render.text(key)}"><td>{n}</td>'
                    f"<td>{render.document(d, 'short')}</td><td>{date}</td><td>{issuer}</td><td>{title}</td>"
                    f"<td>{pages}</td></tr>")
    return ('<table class="documents-table"><thead><tr><th>TT</th><th>Văn bản</th><th>Ngày ban hành</th>'
            "<th>Cơ quan ban hành</th><th>Trích yếu</th><th>Được trích dẫn tại</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


# --------------------------------------------------------------------------- Ghi chú biên tập

def decisions_page(year, calls: dict, titles: dict, link, figures_link) -> str:
    parts = []
    for key, d in year.decisions.items():
        figs = [f for f in year.figures.values() if f.decision == key]
        shown = {f.key.rsplit(".", 1)[0] for f in figs}
        inds = [i for s in year.sectors for i in s.indicators if i.decision == key and f"indicators.{i.id}" not in shown]
        items = [f'<li><a href="{render.text(figures_link(f.key))}"><code>{render.text(f.key)}</code></a> — '
                 f"{render.text(f.label)}: {render.figure(f)}</li>" for f in figs]
        items += [f"<li>Chỉ tiêu <code>{render.text(i.id)}</code>: {render.indicator_name(year, i)} "
                  f"(tình trạng: {render.text(i.status)})</li>" for i in inds]
        concerns = f'<ul class="decision-figures">{"".join(items)}</ul>' if items else "<p>Không gắn với số liệu cụ thể.</p>"
        pages = _pages(calls.get((year.year, "note", key), []), titles, link)
        parts.append(f"## {render.text(d['title'])} {{#{key}}}\n\n"
                     f'<div class="decision" data-decision="{render.text(key)}">'
                     f'<p><strong>Bản gốc ghi:</strong> {render.text(d["source_says"])}</p>'
                     f'<p><strong>Bản công bố:</strong> {render.text(d["decision"])}</p>'
                     f"<p><strong>Số liệu liên quan:</strong></p>{concerns}"
                     + (f"<p><strong>Trang có ghi chú này:</strong> {pages}</p>" if pages else "") + "</div>")
    return "\n\n".join(parts) if parts else "<p>Chưa có ghi chú biên tập nào.</p>"
