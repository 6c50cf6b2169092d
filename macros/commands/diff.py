"""`python -m macros diff [BASE] [HEAD]`: what a reader would see change between two git revisions, as Markdown
tables for a pull request, most important first: one summary line and a year's report turning final or a draft again;
figures (and the derived figures that move); the pages' prose and headings, sentence by sentence with the changed
words marked (html/prose.py, on the pages rendered by the renderer `check` uses); the sidebar's names, what was
reordered (order_changes.py), mkdocs.yml's other settings and the pages' front matter (site_changes.py); a signed text of record stored, changed or deleted, and
the pictures (code_changes.py); labels and units, cited documents and citations, the blocks a macro writes on a page
(a table of indicators, the signature: added or taken off, snapshot.Snapshot.blocks), the report's own facts, editorial
decisions, indicators; then what looks like a slip, for the reviewer to confirm (data/changes.py). New figures and
indicators not reported yet (a new year from `new-year`) are one count each, not a row each.

BASE defaults to `git merge-base main HEAD`, HEAD to the working tree. Each revision's data/, docs/ and mkdocs.yml
are read with `git archive` into a temporary folder (revisions.py) and loaded with dataset.load (snapshot.py), so derived figures
move too. Nothing is fetched: in a shallow CI clone, fetch the target branch first and name it as BASE.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from markupsafe import Markup

from .. import formats
from ..cache import for_project
from ..data.changes import FieldChange, FigureChange, field_changes, renamed_figures, slips
from ..errors import format_errors
from ..data import UNREPORTED
from ..html.document import draft_reasons
from ..html.markup import text as inert
from ..html.prose import changes as prose_changes, marked, moves as prose_moves, sentences
from .code_changes import (changed_code, changed_files, foreign_letters, github_inert, heading, md_code, md_text,
                           pictures, printable, signed_texts)
from .order_changes import order_section
from .revisions import RevisionError, default_base, diverged, export, git, resolve
from .site_changes import meta_section, nav_section, settings_section
from .snapshot import Snapshot, citation_changes, compare, shown, shown_changed, snapshot  # noqa: F401  (Snapshot)

NO_CHANGE = "Không có số liệu nào thay đổi."   # and nothing else a reader would see
FLAGGED = "**Cần người duyệt xác nhận**"        # the last section: what looks like a slip
WORKTREE = "thư mục làm việc"


# --------------------------------------------------------------------------- Markdown

MARK = {"changed": "", "derived": " (suy ra)", "added": " (thêm mới)", "removed": " (đã xoá)"}
WORD = {"changed": "sửa trực tiếp", "derived": "suy ra", "added": "thêm mới", "removed": "bị xoá"}
KIND = {"figure": "Số liệu", "document": "Văn bản", "report": "Thông tin văn bản (report.yml)",
        "decision": "Ghi chú biên tập", "indicator": "Chỉ tiêu", "citation": "Trích dẫn",
        "block": "Bảng, khối trên trang (macro)",
        "cover": "Thẻ số liệu chính (cover.yml)", "sector": "Lĩnh vực chỉ tiêu",
        "rule": "Quy tắc kiểm tra (rules.yml, người đọc không thấy)"}
FIELD_VI = {"label": "tên", "unit": "đơn vị", "kind": "loại", "number": "số, ký hiệu", "date": "ngày",
            "issuer": "cơ quan ban hành", "title": "trích yếu / tiêu đề", "source_says": "bản gốc ghi",
            "decision": "quyết định", "status": "tình trạng", "target": "chỉ tiêu", "actual": "kết quả",
            "name": "tên", "target_op": "so sánh", "actual_phrase": "lời dẫn kết quả", "reason": "lý do",
            "reason_document": "văn bản nêu lý do", "signer_name": "người ký", "recipients": "nơi nhận",
            "superior_body": "đảng bộ cấp trên", "issuing_body": "cấp ủy ban hành", "number_suffix": "ký hiệu",
            "place": "địa danh", "document_type": "loại văn bản", "summary": "trích yếu", "on_behalf": "thẩm quyền ký",
            "signer_title": "chức vụ người ký", "source": "mục của báo cáo ghi số", "qualifier": "chữ trước số",
            "value": "số lớn", "text": "lời dưới số", "links": "liên kết", "page": "trang", "approval": "duyệt",
            "changes": "chữ sửa", "lead": "lời dẫn", "indicators": "chỉ tiêu", "id": "khoá",
            "check": "phép so", "left": "vế trái", "right": "vế phải",
            "status_decision": "ghi chú biên tập xếp tình trạng", "source_status": "tình trạng bản gốc xếp",
            "corrected_number": "số đề nghị sửa", "out_of_use": "không còn dùng", "confirmed": "xác nhận",
            "draft_label": "chữ dự thảo", "draft_position": "chỗ chữ dự thảo", "recipients_form": "cách ghi nơi nhận"}
ALIKE = {"heading": "đề mục đổi cấp: mục lục, dấu trang của bản in đổi theo",
         "emphasis": "chữ đậm hay nghiêng đổi", "figure": "số liệu trong câu lấy từ khoá khác"}
ITEM_VI = {**FIELD_VI, "source": "bản gốc", "published": "bản in", "by": "người duyệt"}   # inside a value


def value_text(value) -> str:
    """A data value as a reader would read it: dates dd/mm/yyyy, lists joined, yes/no in Vietnamese, nothing as '—'."""
    if value is None or value == "" or value in ([], ()):
        return "—"
    if isinstance(value, bool):   # out_of_use: true
        return "có" if value else "không"
    if isinstance(value, (dt.date, dt.datetime)):
        return formats.date(value if not isinstance(value, dt.datetime) else value.date())
    if isinstance(value, (list, tuple)):   # a tuple: the loader's (an indicator's source_status)
        return "; ".join(value_text(v) for v in value)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        return formats.number(value)
    if isinstance(value, dict):
        return "; ".join(f"{ITEM_VI.get(k, k)}: {value_text(v)}" for k, v in value.items()
                         if k not in ("key", "file", "line") and v not in (None, ""))
    return str(value)


def _pages(srcs, base: Snapshot, head: Snapshot) -> str:
    titles = {**base.titles, **head.titles}
    return Markup("; ".join(f"{md_text(titles.get(src, src))} (`{md_code(src)}`)" for src in dict.fromkeys(srcs)) or "—")


def pages_cell(key: str, base: Snapshot, head: Snapshot) -> str:
    return _pages([src for snap in (head, base) for src, _ in snap.uses.get(key, [])], base, head)


def _field_pages(change: FieldChange, base: Snapshot, head: Snapshot) -> str:
    snaps = (head, base)
    if change.kind == "rule":   # seen by `check` only
        return "—"
    if change.kind in ("document", "decision"):
        macro = "doc" if change.kind == "document" else "note"
        return _pages([src for s in snaps for src, _ in s.cited.get((change.year, macro, change.key), [])], base, head)
    if change.kind == "sector":
        return pages_cell(f"{change.year}/indicators.{change.key}.total", base, head)
    if change.kind == "cover":
        return _pages([f"{change.year}/index.md"], base, head)
    if change.kind == "report":
        return _pages([src for s in snaps for src in s.report_pages.get(change.year, [])], base, head)
    if change.kind == "indicator":
        return pages_cell(f"{change.year}/indicators.{change.key}.actual", base, head) \
            if change.field in ("actual", "target") else _sector_pages(change, base, head)
    return pages_cell(f"{change.year}/{change.key}", base, head)


def _sector_pages(change: FieldChange, base: Snapshot, head: Snapshot) -> str:
    for snap in (head, base):
        year = snap.ds.years.get(change.year)
        for sec in (year.sectors if year else []):
            if any(i.id == change.key for i in sec.indicators):
                return pages_cell(f"{change.year}/indicators.{sec.id}.total", base, head)
    return "—"


def unreported_new(c: FigureChange, base: Snapshot) -> bool:
    """A new figure not reported yet (what `new-year` makes, one per figure of the year before), or computed in a
    year the base does not have (the counts of a new year's indicators): counted, not listed."""
    return c.status == "added" and (c.new.value is None or (bool(c.new.derived) and c.new.year not in base.ds.years))


def unreported_new_indicator(f: FieldChange) -> bool:
    return f.kind == "indicator" and f.added and isinstance(f.new, dict) and f.new.get("status") == UNREPORTED \
        and f.new.get("actual") is None


def summary(figures: list[FigureChange], prose: list, head: Snapshot, base: Snapshot) -> str:
    """The pull request in one line: figures changed, sentences changed, figures still not reported."""
    shown = [c for c in figures if not unreported_new(c, base)]
    waiting = sum(len(y.unreported()) for y in head.ds.years.values()) if head.ds is not None else 0
    return (f"**Tóm tắt** từ {base.label} đến {head.label}: {len(shown)} số liệu đổi, {len(prose)} câu lời văn đổi, "
            f"{waiting} số liệu còn chưa báo cáo.")


def draft_section(base: Snapshot, head: Snapshot) -> list[str]:
    """A year's report that becomes final (no reason left to be a draft) or a draft again: the mark on the first page
    of the web, PDF and Word file appears or goes (html/document.py draft_reasons decides it for all three)."""
    lines = []
    if base.ds is None or head.ds is None:
        return lines
    for year in sorted(set(base.ds.years) & set(head.ds.years)):
        was, now = (draft_reasons(s.ds.years[year]) for s in (base, head))
        if bool(was) != bool(now):
            lines.append(f"**Năm {year}: báo cáo trở lại thành dự thảo** (trang web, PDF, Word có dấu dự thảo), vì: "
                         + md_text("; ".join(now)) + "." if now else
                         f"**Năm {year}: báo cáo thành bản chính thức** (không còn lý do là dự thảo: trang web, PDF, "
                         f"Word bỏ dấu dự thảo).")
    return lines


def figures_section(changes: list[FigureChange], base: Snapshot, head: Snapshot) -> list[str]:
    """The figures whose value a reader sees change; new figures not reported yet (a new year) as one count."""
    waiting = [c for c in changes if unreported_new(c, base)]
    changes = [c for c in changes if not unreported_new(c, base)]
    if not changes and not waiting:
        return [f"**Số liệu**: không có số liệu nào đổi giá trị từ {base.label} đến {head.label}."]
    lines = []
    if changes:
        counts = {s: sum(1 for c in changes if c.status == s) for s in MARK}
        lines += [f"**Số liệu thay đổi** ({', '.join(f'{n} {WORD[s]}' for s, n in counts.items() if n)}):", "",
                  "| Số liệu | Tên | Cũ | Mới | Trang hiển thị |", "|---|---|---|---|---|"]
        for c in changes:
            fig = c.new or c.old
            old = shown(c.old) if c.old else "—"
            new = shown(c.new) if c.new else "—"
            lines.append(f"| `{md_code(c.key)}`{MARK[c.status]} | {md_text(fig.label)} | {md_text(old)} | "
                         f"{md_text(new)} | {md_text(pages_cell(c.key, base, head))} |")
        if counts["derived"]:
            lines += ["", "_(suy ra): số liệu được tính từ số liệu khác (tổng, tỷ lệ, đếm), thay đổi theo._"]
    if waiting:
        years = sorted({c.key.split("/", 1)[0] for c in waiting})
        lines += ([""] if lines else []) + [
            f"_{len(waiting)} số liệu mới (năm {', '.join(years)}) chưa báo cáo (value: null) hoặc được tính từ chúng, "
            f"không liệt kê; danh sách: python -m macros check --year {years[-1]}._"]
    return lines


def whole_pages(base: Snapshot, head: Snapshot, gone: set = frozenset()) -> tuple[dict, dict]:
    """({src: sentences} of the pages the head adds, {src: sentences} of those it deletes): each said in one line,
    not a row a sentence. A deleted year's pages are its own line (deleted_years), not here."""
    added = {src: len(sentences(text)) for src, text in head.prose.items() if src not in base.prose}
    deleted = {src: len(sentences(text)) for src, text in base.prose.items()
               if src not in head.prose and src.split("/", 1)[0] not in gone}
    return added, deleted


def renamed_pages(base: Snapshot, head: Snapshot, added: dict, deleted: dict) -> dict:
    """{old src: new src} of the pages whose file was renamed (the web editor's rename), their words unchanged: one
    line, not a page deleted and a page added with every sentence counted as changed."""
    new_by_text = {}
    for src in added:
        new_by_text.setdefault(head.prose[src], []).append(src)
    return {src: new_by_text[base.prose[src]].pop(0) for src in deleted if new_by_text.get(base.prose[src])}


def renamed_section(renamed: dict, base: Snapshot, head: Snapshot) -> list[str]:
    if not renamed:
        return []
    return [f"**Trang đổi tên tệp** ({len(renamed)}; lời văn không đổi, địa chỉ trang web đổi: liên kết cũ tới trang "
            "không còn dùng được): " + "; ".join(f"{md_text(_pages([new], base, head))}: `{md_code(old)}` → "
                                                 f"`{md_code(new)}`" for old, new in renamed.items()) + "."]


def prose_section(prose: list, base: Snapshot, head: Snapshot, added: dict, deleted: dict) -> list[str]:
    """Sentences of the pages that changed, with the changed words marked; a page added or deleted (whole_pages) as
    one line (its title, its path, how many sentences), not a row a sentence."""
    prose = [p for p in prose if p.src not in added and p.src not in deleted]
    lines = []
    for word, pages in (("Trang mới", added), ("Trang bị xoá", deleted)):
        if pages:   # e.g. a new year's pages (new-year), a section taken out of the report
            lines += [f"**{word}** ({len(pages)}): " + "; ".join(
                f"{_pages([src], base, head)}: {n} câu" for src, n in pages.items()) + "."]
    if not prose:
        return lines
    lines += ([""] if lines else []) + [
        f"**Lời văn thay đổi** ({len(prose)} câu; chữ bị bỏ <del>gạch ngang</del>, chữ mới <ins>gạch dưới</ins>):",
        "", "| Trang | Đề mục | Cũ | Mới |", "|---|---|---|---|"]
    for p in prose:
        old, new = marked(p.old, p.new)
        if p.alike:   # the words read alike: say what differs
            new += f" _(chữ như cũ; {ALIKE[p.alike]})_"
        lines.append(f"| {md_text(_pages([p.src], base, head))} | {md_text(inert(p.heading) if p.heading else '—')} | "
                     f"{md_text(old)} | {md_text(new)} |")
    return lines


def fields_section(fields: list[FieldChange], base: Snapshot, head: Snapshot) -> list[str]:
    """Labels, units, documents, citations, report facts, decisions, indicators; new indicators not reported yet
    (a new year) as one count."""
    waiting = [f for f in fields if unreported_new_indicator(f)]
    carried = carried_over([f for f in fields if not unreported_new_indicator(f)], base, head)
    fields = [f for f in fields if not unreported_new_indicator(f) and f not in carried]
    lines = []
    if fields:
        lines += [f"**Thay đổi khác người đọc sẽ thấy** ({len(fields)}):", "",
                  "| Loại | Khoá | Mục | Cũ | Mới | Trang |", "|---|---|---|---|---|---|"]
        for f in fields:
            what = "(thêm mới)" if f.added else "(đã xoá)" if f.removed else "ghi chú biên tập" \
                if f.field == "decision" and f.kind != "decision" else FIELD_VI.get(f.field, f.field)
            key = f"{{{{ {f.key} }}}}" if f.kind == "block" else f"{f.year}/{f.key}"
            lines.append(f"| {KIND[f.kind]} | `{md_code(key)}` | {md_text(what)} | "
                         f"{md_text(value_text(f.old))} | {md_text(value_text(f.new))} | "
                         f"{md_text(_field_pages(f, base, head) if f.kind not in ('citation', 'block') else _pages([f.new or f.old], base, head))} |")
    if waiting:
        lines += ["", f"_{len(waiting)} chỉ tiêu mới còn chưa báo cáo, không liệt kê._"]
    if carried:
        years = sorted({f.year for f in carried})
        lines += ["", f"_{len(carried)} mục của năm {', '.join(map(str, years))} chép nguyên từ năm trước (văn bản "
                      "được trích dẫn, ghi chú biên tập, thông tin văn bản, thẻ trang đầu, lĩnh vực chỉ tiêu, quy tắc), không "
                      "liệt kê; mục nào khác năm trước thì có trong bảng._"]
    return lines


def carried_over(fields: list[FieldChange], base: Snapshot, head: Snapshot) -> list[FieldChange]:
    """The rows of a year the base does not have that only repeat the year before it, as `new-year` copies them
    (the documents registry, report facts): the same entry with the same fields in the previous year."""
    from types import SimpleNamespace
    out = []
    for year in {f.year for f in fields if f.year not in base.ds.years and f.year - 1 in head.ds.years}:
        before, now = (SimpleNamespace(years={year: head.ds.years[y]}) for y in (year - 1, year))
        differ = {(c.kind, c.key) for c in field_changes(before, now)}
        out += [f for f in fields if f.year == year and f.kind in ("document", "decision", "report", "cover",
                                                                  "sector", "rule")
                and (f.kind, f.key) not in differ and (f.added or f.kind in ("report", "cover"))]
    return out


def flagged_section(flagged: list, letters: list = ()) -> list[str]:
    """What looks like a slip (data/changes.py slips), and the letters of another script the table holds
    (code_changes.foreign_letters: marked where they stand)."""
    if not flagged and not letters:
        return []
    return [f"{FLAGGED} (có thể là nhầm lẫn; nếu đúng ý, bỏ qua):", ""] + \
        [f"- ⚠ `{md_code(s.key)}`: {md_text(s.vi)}" for s in flagged] + \
        ([f"- ⚠ chữ không phải chữ Latinh (trông như chữ Việt nhưng là chữ khác: tìm kiếm, so với văn bản đã ký không "
          f"nhận ra), ghi kèm mã ngay chỗ nó trong bảng: {md_text('; '.join(letters))}. / letters of another script, "
          f"marked [U+…] where they stand."] if letters else [])


def deleted_years(changes: list, prose: list, base: Snapshot, head: Snapshot) -> tuple[list[str], set]:
    """(one line per year the head no longer has, those years as text): a whole report taken off the site, said
    plainly instead of a row per figure and per sentence of it."""
    gone = {str(y) for y in set(base.ds.years) - set(head.ds.years)} if base.ds and head.ds else set()
    lines = []
    for year in sorted(gone):
        figures = sum(1 for c in changes if c.key.split("/", 1)[0] == year)
        pages = sum(1 for src in base.prose if src.split("/", 1)[0] == year and src not in head.prose)
        lines.append(f"**Năm {year}: cả báo cáo bị xoá** (`data/{year}/`, `docs/{year}/`): {figures} số liệu, {pages} "
                     f"trang không còn trên trang web, PDF, Word; từng số, từng câu không liệt kê. / the whole {year} "
                     f"report is deleted.")
    return lines, gone


def markdown(changes: list[FigureChange], base: Snapshot, head: Snapshot, fields: list | None = None,
             flagged: list | None = None, prose: list | None = None, files: list | None = None,
             signed: list | None = None, moves: list | None = None) -> str:
    """The pull request's comment, most important first: the summary line, a whole year deleted (one line instead of
    its rows), a signed text of record stored, changed or deleted (`signed`, code_changes.signed_texts), a report
    turning final or a draft, figures, prose sentence by sentence, the other changes a reader sees, then what a
    human should confirm. The one place the table is assembled."""
    fields, flagged, prose, files, signed = fields or [], flagged or [], prose or [], files or [], signed or []
    gone_lines, gone = deleted_years(changes, prose, base, head)
    if gone:   # the rows of a deleted year are its one line
        changes = [c for c in changes if c.key.split("/", 1)[0] not in gone]
        prose = [p for p in prose if p.src.split("/", 1)[0] not in gone or p.src in head.prose]
        fields = [f for f in fields if str(f.year) not in gone]
        flagged = [f for f in flagged if str(f.key).split("/", 1)[0] not in gone]
    added, deleted = whole_pages(base, head, gone)   # one line each, without their sentences and citations
    fields = [f for f in fields if not (f.kind in ("citation", "block") and (f.new or f.old) in (added | deleted))]
    menu = [nav_section(base.menu, head.menu, set(head.titles) - set(base.titles),
                        {src for src in set(base.titles) - set(head.titles)
                         if src.split("/", 1)[0] in gone or src in deleted}),
            order_section(base.ds, head.ds, base.menu, head.menu, moves or [], {**base.titles, **head.titles}),
            settings_section(base.settings, head.settings), meta_section(base.meta, head.meta)]
    renamed = renamed_pages(base, head, added, deleted)   # a page moved to another file name, its words unchanged
    prose = [p for p in prose if p.src not in renamed and p.src not in renamed.values()]
    moved_pages = set(renamed) | set(renamed.values())   # what such a page cites and shows moved with it
    fields = [f for f in fields if not (f.kind in ("citation", "block") and (f.new or f.old) in moved_pages)]
    added = {src: n for src, n in added.items() if src not in renamed.values()}
    deleted = {src: n for src, n in deleted.items() if src not in renamed}
    if not changes and not fields and not prose and not any(menu) and not files and not signed and not gone \
            and not added and not deleted and not renamed:
        return NO_CHANGE
    sections = [[summary(changes, prose, head, base)], gone_lines, signed, draft_section(base, head),
                figures_section(changes, base, head),
                renamed_section(renamed, base, head), prose_section(prose, base, head, added, deleted), *menu, files,
                fields_section(fields, base, head)]
    # a blank line between sections: GFM ends a table only there (a title on the next line would be one more row)
    table, letters = foreign_letters(github_inert("\n\n".join("\n".join(lines) for lines in sections if lines)))
    return "\n\n".join([table] + ["\n".join(flagged_section(flagged, letters))] * bool(flagged or letters))


# --------------------------------------------------------------------------- command line

def add_arguments(parser) -> None:
    parser.add_argument("base", nargs="?", help="phiên bản gốc (mặc định: git merge-base main HEAD)")
    parser.add_argument("head", nargs="?", help="phiên bản mới (mặc định: thư mục làm việc, kể cả thay đổi chưa commit)")


class BrokenRevision(RevisionError):
    """A revision whose data the loader refuses; the message lists its errors. `lead`: the lines that need no data
    and must lead whatever is shown instead of the table (code changed, a signed text changed, a base off history)."""

    def __init__(self, message: str, lead: list[str] | None = None):
        super().__init__(message)
        self.lead = lead or []


def change_table(root: Path, base: str | None = None, head: str | None = None) -> str:
    """The pull request's comment between two revisions (base: the merge base with main; head: the working tree).
    RevisionError when git cannot give a revision or a revision's data has errors (the message says which)."""
    root = Path(root).resolve()
    base_commit = resolve(root, base) if base else default_base(root)
    head_commit = resolve(root, head) if head else None
    with tempfile.TemporaryDirectory(prefix="baocao-diff-") as tmp:
        cache = for_project(root)
        old = snapshot(export(root, base_commit, Path(tmp) / "base"), f"`{base or 'merge-base main'}` "
                       f"({base_commit[:8]})", cache)
        new = snapshot(export(root, head_commit, Path(tmp) / "head"), f"`{head}` ({head_commit[:8]})", cache) \
            if head_commit else snapshot(root, WORKTREE, cache)
    files = changed_files(git, root, base_commit, head_commit)
    code = changed_code(git, root, base_commit, head_commit, files)   # "Thay đổi mã — cần người duyệt kỹ thuật" first
    lead = diverged(root, base_commit, head_commit) + heading(code) + signed_texts(files)
    broken = [s for s in (old, new) if s.ds.errors]
    if broken:   # no table, but what needs no data is still said first
        raise BrokenRevision("\n".join(f"Phiên bản {s.label} có lỗi dữ liệu, không so sánh được. / The data of this "
                                       f"revision has errors.\n{format_errors(s.ds.errors)}" for s in broken),
                             [line for line in lead if line])
    figures = compare(old.ds, new.ds)
    renamed = renamed_figures(figures, shown)   # a key renamed, a figure moved to another file: one row, no sentence
    figures = [c for c in figures if c.key not in renamed and c.key not in renamed.values()]
    fields = [FieldChange("figure", int(new_key.split("/")[0]), new_key.split("/", 1)[1], "id",
                          old_key.split("/", 1)[1], new_key.split("/", 1)[1]) for old_key, new_key in renamed.items()] \
        + field_changes(old.ds, new.ds, renamed) + citation_changes(old, new)
    revalued = shown_changed(old.ds, new.ds)   # their sentences are not listed again: the figures table has them
    table = markdown(figures, old, new, fields, slips(figures, fields, new.ds),
                     prose_changes(old.prose, new.prose, renamed, revalued), pictures(files), signed_texts(files),
                     prose_moves(old.prose, new.prose, renamed, revalued))
    return "\n".join(diverged(root, base_commit, head_commit) + heading(code) + [table])


def run(args) -> int:
    try:
        table = change_table(args.root, args.base, args.head)
    except BrokenRevision as exc:
        print(printable("\n\n".join(exc.lead + [str(exc)])), file=sys.stderr)
        return 1
    except RevisionError as exc:
        print(printable(f"Lỗi / error: {exc}"), file=sys.stderr)
        return 2
    print(printable(table))
    return 0
