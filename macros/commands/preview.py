"""`python -m macros preview --base REF --out DIR`: everything a reviewer of a pull request needs to look at, made
once, by the CI of every pull request (.github/, .gitea/, .gitlab-ci.yml), so an editor who only uses the Git
server's web pages can see the printed result of a change.

Into DIR: the change table (`thay-doi.md`, the comment the CI posts: `diff` between BASE and the working tree), the
draft PDF and the review copy (`pdf`), the Word file (`docx`) and the workbook to fill (`sheet export`: an editor with
only the web pages sends it to the units, then uploads it filled into nhap/) of each year whose data/ or docs/
folder the change touches (none: the newest year, the one being written), and the site as a zip (`trang-web.zip`) that works
when unzipped and opened from disk (index.html by double-click, search included: the build with Material's offline
plugin, BAOCAO_OFFLINE=true in mkdocs.yml). One strict build serves the site zip, the PDFs and the Word file.
DIR is preview's own: the files an earlier run made there are removed first, so a second run for another year does
not leave the first one's PDFs beside its own. A workbook or Word file is removed only while it is byte for byte what
a run wrote (their SHA-256 in DIR/.xem-truoc.sha256): one a person filled or edited in place (so-lieu-2024.xlsx), or
that no run recorded, is never removed nor overwritten — this run writes its own beside it under a free name
('so-lieu-2024 (2).xlsx') and says so. Anything else is left alone, and a DIR that is the project, holds it, or lies
in docs/ or data/ is refused (unsafe_out).

`check` runs first: a refused file stops everything with check's own message as the last lines of the log, and the
comment (`thay-doi.md`, the only file then) lists the same errors — file, line, key, what to do — since an editor
who only uses the web pages sees the comment first. A preview that stops half-way (the build, a PDF, the Word file,
git) says so at the top of the comment, above the table, with the reason; CI posts and uploads what there is, so an
earlier push's table never stands as if it held. A base revision whose data is refused (a broken main) does not stop
the preview of the pull request that mends it: the table says so, with that revision's errors.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ..data.fidelity import record_path
from ..errors import MAX_LISTED, format_errors
from ..html.document import pdf_name
from ..output.build import OutputError, build_site, default_year
from .check import errors_of
from .code_changes import changed_files, md_text, printable
from .diff import FLAGGED, BrokenRevision, RevisionError, change_table
from .revisions import default_base, git, resolve
from .docx import DocxError, docx_name, make_docx
from ..output.pdf import make_pdf
from ..sheet.rows import year_rows
from ..sheet.workbook import export_workbook

TABLE = "thay-doi.md"
WHOLE_TABLE = "thay-doi-day-du.md"   # only when the table is too long for one comment
COMMENT_CHARS = 60_000               # GitHub takes 65,536 characters in a comment; room for the link line
SITE_ZIP = "trang-web.zip"
SITE_FOLDER = "bao-cao-xem-truoc"     # the one folder the zip holds (its index.html opens the site)


def sheet_name(year: int) -> str:
    return f"so-lieu-{year}.xlsx"   # the name `sheet export` gives it


def year_files(year: int) -> tuple[str, ...]:
    """The names of the files preview makes for one year."""
    return pdf_name(year), pdf_name(year, True), docx_name(year), sheet_name(year)


MANIFEST = ".xem-truoc.sha256"   # what the last run wrote: "<sha256>  <name>" a line (sha256sum -c reads it)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(out: Path) -> dict:
    """{name: sha256} of the files the last run wrote into out ({} when it recorded none)."""
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    return {name: sha for sha, _, name in (line.partition("  ") for line in lines) if name}


def ours_by_name(path: Path) -> bool:
    """A name preview gives its files (thay-doi.md, bao-cao-2024.pdf, so-lieu-2024.xlsx…)."""
    return path.name in (TABLE, WHOLE_TABLE, SITE_ZIP) or any(
        path.name in year_files(int(y)) for y in re.findall(r"\d{4}", path.name))


FILLED_IN = (".xlsx", ".docx")   # files a person may fill or edit where they lie: the workbook, the Word file


def earlier_files(out: Path) -> tuple[list[Path], list[Path]]:
    """(the files an earlier run made in out, by preview's names or as recorded: removed before this run writes, so
    the folder holds one run's files, never another year's PDF from before; the workbooks and Word files among them
    that are no longer byte for byte what a run recorded writing — so-lieu-2024.xlsx filled in place — never removed
    nor overwritten). Anything else there (a file of the user's, a folder) is left alone."""
    if not out.is_dir():
        return [], []
    made = recorded(out)
    removable, kept = [], []
    for path in sorted(out.iterdir()):
        if not (path.is_file() or path.is_symlink()) or not (path.name in made or ours_by_name(path)):
            continue
        # a link under preview's name is removed, never written through; what it leads to is not touched
        filled = not path.is_symlink() and path.suffix.lower() in FILLED_IN and made.get(path.name) != digest(path)
        (kept if filled else removable).append(path)
    return removable, kept


def free_path(out: Path, name: str, taken: set) -> Path:
    """out/name, or out/'name (2).ext' … when a file there must be kept (taken: names not to write over)."""
    path, n = out / name, 1
    while path.name in taken or path.is_symlink() or path.exists():
        n += 1
        path = out / f"{Path(name).stem} ({n}){Path(name).suffix}"
    return path


def record(out: Path, made: dict) -> None:
    """Write the manifest of this run's files (what the next run may remove)."""
    (out / MANIFEST).write_text("".join(f"{digest(path)}  {path.name}\n" for path in made.values()
                                        if path.is_file()), encoding="utf-8")


def unsafe_out(root: Path, out: Path) -> str | None:
    """Why out cannot be preview's folder (it removes its earlier files there: a published bao-cao-2023.pdf in
    docs/2023/, say), or None. The project, a folder holding it, docs/ and data/ (and what is in them) are refused."""
    root, out = root.resolve(), out.resolve()
    what = ("thư mục dự án / the project folder" if out == root else
            "thư mục chứa dự án / a folder holding the project" if out in root.parents else
            next((f"{name}/ của dự án (hoặc thư mục trong đó) / the project's {name}/ (or a folder in it)"
                  for name in ("docs", "data") if out == root / name or root / name in out.parents), None))
    if what is None and out.exists() and not out.is_dir():
        what = "một tệp, không phải thư mục / a file, not a folder"
    if what is None:
        return None
    return (f"--out {out} là {what}. Bản xem trước xoá các tệp nó đã tạo ở lần chạy trước (thay-doi.md, "
            f"bao-cao-<năm>.pdf…) trong thư mục kết quả, nên thư mục đó phải là của riêng nó: chọn một thư mục khác, "
            f"ví dụ --out build/xem-truoc (mặc định). / --out must be a folder of preview's own, not the project, a "
            f"folder holding it, docs/ or data/: preview removes its earlier files there. Choose another folder, "
            f"e.g. build/xem-truoc (the default).")


def add_arguments(parser) -> None:
    parser.add_argument("--base", help="phiên bản gốc để so sánh (mặc định: git merge-base main HEAD) / the revision "
                                       "to compare with")
    parser.add_argument("--out", type=Path, default=Path("build/xem-truoc"),
                        help="thư mục kết quả (mặc định build/xem-truoc); tệp của lần chạy trước trong đó bị xoá, tệp "
                             "khác giữ nguyên / output folder; the files of an earlier run in it are removed, others "
                             "kept")
    parser.add_argument("--year", type=int, help="năm của PDF và tệp Word (mặc định: các năm mà thay đổi chạm tới "
                                                 "trong data/ hay docs/, không có thì năm mới nhất) / the report year "
                                                 "of the PDFs and the Word file (default: the years changed, else the "
                                                 "newest)")
    parser.add_argument("--link", help="địa chỉ tải thư mục kết quả (CI), ghi cuối bảng thay đổi / where the CI "
                                       "offers the folder for download, added under the table")
    parser.add_argument("--lead", type=Path, help="tệp Markdown đặt trên bảng thay đổi (CI: báo cáo của lệnh inbox; "
                                                  "không có tệp thì bỏ qua) / Markdown put above the change table")


def zip_site(site: Path, out: Path) -> None:
    """The built site as one folder in a zip (deflated), the files in a stable order."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{SITE_FOLDER}/{path.relative_to(site).as_posix()}")


def link_line(url: str) -> str:
    return (f"\n\n**Bản xem trước** (PDF dự thảo, bản xem xét, tệp Word, trang web mở từ máy: giải nén "
            f"`{SITE_ZIP}`, nhấp đúp `{SITE_FOLDER}/index.html`): <{url.strip()}>")


def comment(root: Path, base: str | None, link: str | None = None, lead: str = "") -> tuple[str, str | None]:
    """(the pull request's comment, the whole table when the comment had to be cut): the change table from base to
    the working tree, and where the files are. A base whose data is refused (a broken main; this revision passed
    check) is said, with its errors, instead of a table: the pull request that mends main still gets its preview.
    A table longer than a Git server takes in one comment (GitHub: 65,536 characters) beside the lead is cut at a
    line, saying where the whole one is. lead (the inbox's report: what was applied to this branch, what was
    refused) goes first."""
    try:
        table = change_table(root, base)
    except BrokenRevision as exc:
        table = "".join(f"{line}\n\n" for line in exc.lead) + (
            "**Không so sánh được với phiên bản gốc** (phiên bản gốc có lỗi dữ liệu; bản xem trước là của phiên "
            "bản mới):\n\n~~~\n" + str(exc).replace("~~~", "---") + "\n~~~")
    whole, lead = None, lead.strip()
    room = max(COMMENT_CHARS // 4, COMMENT_CHARS - len(lead))   # the lead counts too: one comment holds both
    if len(table) > room:
        whole, table = table, cut(table, room)
    return (lead + "\n\n" if lead else "") + table + (link_line(link) if link else "") + "\n", whole


def cut(table: str, room: int) -> str:
    """The table cut at a line to fit `room`, saying which sections were cut; what looks like a slip (the last
    section, a line a slip) is kept after the cut, never lost below it."""
    at = table.find(f"\n\n{FLAGGED}")
    rest, flagged = (table[:at], table[at:]) if at >= 0 else (table, "")
    if len(flagged) > room // 2:
        flagged = flagged[:flagged.rfind("\n", 0, room // 2)] + "\n- …"
    end = rest.rfind("\n", 0, room - len(flagged) - 1000)
    titles = [(m.start(), m.group(1)) for m in re.finditer(r"(?:^|\n\n)\*\*([^*\n]+)\*\*", rest)]
    within = [f"phần cuối của {title}" for start, title in titles if start < end][-1:]
    parts = within + [title for start, title in titles if start >= end]
    return rest[:end] + (f"\n\n_… bảng quá dài cho một bình luận, đã cắt ở đây (cắt: {md_text('; '.join(parts))}); "
                         f"bảng đầy đủ: tệp `{WHOLE_TABLE}` trong bản xem trước._") + flagged


YEAR_PATH = re.compile(r"^(?:data|docs)/(\d{4})/")


def changed_years(root: Path, base: str | None, years) -> list[int]:
    """The report years whose data or pages differ from base (the working tree against it): the prints a reviewer
    needs. [] when none does, or git cannot tell (the table then says why)."""
    try:
        commit = resolve(root, base) if base else default_base(root)
        files = changed_files(git, root, commit, None)
    except RevisionError:
        return []
    return sorted({int(m.group(1)) for path in files if (m := YEAR_PATH.match(path))} & set(years))


def refused(errors: list, link: str | None) -> str:
    """The comment when check refuses the data: its errors as inert list items (file, line, key, what to do)."""
    items = [f"- {md_text(printable(str(e)))}" for e in errors[:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        items.append(f"- … và {len(errors) - MAX_LISTED} lỗi khác / and {len(errors) - MAX_LISTED} more")
    return ("**Chưa có bản xem trước: dữ liệu có lỗi** / no preview: check found errors. Sửa từng lỗi dưới đây ngay "
            "trên trang web (mở tệp, bấm Edit, sửa ở dòng được chỉ ra) trong cùng nhánh này; máy kiểm tra lại và "
            f"thay bình luận này. ({len(errors)} lỗi)\n\n" + "\n".join(items)
            + (f"\n\nLần kiểm tra này (nhật ký, tệp) / this run: <{link.strip()}>" if link else "") + "\n")


STEP = {"table": "bảng thay đổi", "site": "trang web", "pdf": "PDF dự thảo", "review": "bản xem xét",
        "docx": "tệp Word", "sheet": "bảng tính để các đơn vị điền"}


def incomplete(step: str, reason: str) -> str:
    """The line that leads the comment when the preview stopped half-way: at which file, and why."""
    lines = [f"- {md_text(printable(line))}" for line in reason.splitlines() if line.strip()][:MAX_LISTED]
    return (f"**Bản xem trước chưa đầy đủ** / preview incomplete: dừng khi làm {STEP[step]}; các tệp sau đó không có. "
            "Nếu lỗi chỉ tới một tệp của bạn, sửa nó trong cùng nhánh; nếu không, báo nhóm kỹ thuật. Lý do:\n\n"
            + "\n".join(lines or ["- (xem nhật ký của máy kiểm tra / see the log)"]))


def say_incomplete(path: Path, step: str, reason: str) -> None:
    """Put the incomplete line above whatever table is already written."""
    table = path.read_text(encoding="utf-8") if path.is_file() else ""
    path.write_text(incomplete(step, reason) + ("\n\n" + table if table else "\n"), encoding="utf-8")


def run(args) -> int:
    root, out = args.root.resolve(), args.out.resolve()
    started = time.perf_counter()
    unsafe = unsafe_out(root, out)
    if unsafe:
        print(unsafe, file=sys.stderr)
        return 2
    lead = args.lead.read_text(encoding="utf-8").strip() if args.lead and args.lead.is_file() else ""
    removable, kept = earlier_files(out)
    for path in removable:   # the folder holds this run's files only (an earlier run's table included)
        try:
            path.unlink()
        except OSError as exc:
            print(f"Không xoá được {path} của lần chạy trước ({exc.strerror or exc}); đóng tệp nếu nó đang mở, hoặc "
                  f"chọn thư mục khác với --out. / Cannot remove an earlier run's file.", file=sys.stderr)
            return 2
    taken = {path.name for path in kept}
    for path in kept:
        print(f"Giữ nguyên {path} (không xoá, không ghi đè): tệp có thể đã được điền hay sửa (không còn đúng như bản "
              f"xem trước đã ghi). Tệp cùng tên của lần chạy này được ghi với tên khác, ví dụ "
              f"'{free_path(out, path.name, taken).name}'. / Kept {path.name}: changed since preview wrote it; this "
              "run writes its own under another name.", file=sys.stderr)

    def place(name: str) -> Path:
        return free_path(out, name, taken)
    errors, ds = errors_of(root)
    if errors:
        out.mkdir(parents=True, exist_ok=True)
        table = place(TABLE)
        table.write_text((lead + "\n\n" if lead else "") + refused(errors, args.link), encoding="utf-8")
        record(out, {TABLE: table})
        print("Bản xem trước không được tạo: python -m macros check báo lỗi. Sửa các lỗi dưới đây rồi đẩy (push) "
              "lại. / No preview: check found errors.", file=sys.stderr)
        print(format_errors(errors), file=sys.stderr)
        return 1
    step = "table"
    made = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        text, whole = comment(root, args.base, args.link, lead)
        made[TABLE] = place(TABLE)
        made[TABLE].write_text(text, encoding="utf-8")
        if whole:
            made[WHOLE_TABLE] = place(WHOLE_TABLE)
            made[WHOLE_TABLE].write_text(whole + "\n", encoding="utf-8")
        # the years the pull request changes, else the newest (the year being written)
        years = [args.year] if args.year else changed_years(root, args.base, ds.years) or \
            [max(ds.years, default=None) or default_year(root)]
        with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
            site = Path(tmp) / "site"
            step = "site"
            build_site(root, site, offline=True)
            made[SITE_ZIP] = place(SITE_ZIP)
            zip_site(site, made[SITE_ZIP])
            for year in years:
                for review in (False, True):
                    step = "review" if review else "pdf"
                    made[pdf_name(year, review)] = place(pdf_name(year, review))
                    make_pdf(root, year, made[pdf_name(year, review)], site, review)
                step = "docx"
                made[docx_name(year)] = place(docx_name(year))
                make_docx(root, year, made[docx_name(year)], site)
                # the workbook the units fill (sheet export): a web-only editor's copy of it; none for a signed year
                if year in ds.years and not record_path(root, year).is_file():
                    step = "sheet"
                    made[sheet_name(year)] = place(sheet_name(year))
                    export_workbook(year_rows(root, ds, year), year).save(made[sheet_name(year)])
    except (RevisionError, OutputError, DocxError) as exc:
        say_incomplete(made.get(TABLE, out / TABLE), step, str(exc))
        with contextlib.suppress(OSError):
            record(out, made)
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    except Exception:   # a fault of ours: cli.py says it; the comment says the preview stopped
        with contextlib.suppress(OSError):
            say_incomplete(made.get(TABLE, out / TABLE), step, "lỗi chương trình (xem nhật ký) / internal error (see "
                                                               "the log)")
            record(out, made)
        raise
    record(out, made)
    seconds = time.perf_counter() - started
    total = sum(p.stat().st_size for p in made.values())
    print(f"Bản xem trước trong {out} ({seconds:.1f} s, {total / 1e6:.1f} MB): / Preview written:")
    for path in made.values():
        print(f"  {path.name} — {path.stat().st_size // 1024} KB")
    return 0
