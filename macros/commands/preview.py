"""`python -m macros preview --base REF --out DIR`: everything a reviewer of a pull request needs to look at, made
once, by the CI of every pull request (.github/, .gitea/, .gitlab-ci.yml), so an editor who only uses the Git
server's web pages can see the printed result of a change.

Into DIR: the change table (`thay-doi.md`, the comment the CI posts: `diff` between BASE and the working tree), the
draft PDF and the review copy (`pdf`), the Word file (`docx`), the workbook to fill (`sheet export`: an editor with
only the web pages sends it to the units, then uploads it filled into nhap/), and the site as a zip (`trang-web.zip`) that works
when unzipped and opened from disk (index.html by double-click, search included: the build with Material's offline
plugin, BAOCAO_OFFLINE=true in mkdocs.yml). One strict build serves the site zip, the PDFs and the Word file.

`check` runs first: a refused file stops everything with check's own message as the last lines of the log. A base
revision whose data is refused (a broken main) does not stop the preview of the pull request that mends it: the
table says so, with that revision's errors.
"""
from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ..errors import format_errors
from ..html.document import pdf_name
from ..output.build import OutputError, build_site, default_year
from .check import errors_of
from .diff import BrokenRevision, RevisionError, change_table
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


def add_arguments(parser) -> None:
    parser.add_argument("--base", help="phiên bản gốc để so sánh (mặc định: git merge-base main HEAD) / the revision "
                                       "to compare with")
    parser.add_argument("--out", type=Path, default=Path("build/xem-truoc"),
                        help="thư mục kết quả (mặc định build/xem-truoc) / output folder")
    parser.add_argument("--year", type=int, help="năm của PDF và tệp Word (mặc định: năm mới nhất, năm đang viết) / "
                                                 "the report year of the PDF and the Word file (default: the newest)")
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
    A table longer than a Git server takes in one comment (GitHub: 65,536 characters) is cut at a line, saying
    where the whole one is. lead (the inbox's report: what was applied to this branch, what was refused) goes first."""
    try:
        table = change_table(root, base)
    except BrokenRevision as exc:
        table = "".join(f"{line}\n\n" for line in exc.lead) + (
            "**Không so sánh được với phiên bản gốc** (phiên bản gốc có lỗi dữ liệu; bản xem trước là của phiên "
            "bản mới):\n\n~~~\n" + str(exc).replace("~~~", "---") + "\n~~~")
    whole = None
    if len(table) > COMMENT_CHARS:
        whole, table = table, table[:table.rfind("\n", 0, COMMENT_CHARS)] + (
            f"\n\n_… bảng quá dài cho một bình luận, đã cắt ở đây; bảng đầy đủ: tệp `{WHOLE_TABLE}` trong bản xem "
            f"trước._")
    lead = lead.strip()
    return (lead + "\n\n" if lead else "") + table + (link_line(link) if link else "") + "\n", whole


def run(args) -> int:
    root, out = args.root.resolve(), args.out.resolve()
    started = time.perf_counter()
    errors, ds = errors_of(root)
    if errors:
        print("Bản xem trước không được tạo: python -m macros check báo lỗi. Sửa các lỗi dưới đây rồi đẩy (push) "
              "lại. / No preview: check found errors.", file=sys.stderr)
        print(format_errors(errors), file=sys.stderr)
        return 1
    try:
        out.mkdir(parents=True, exist_ok=True)
        lead = args.lead.read_text(encoding="utf-8") if args.lead and args.lead.is_file() else ""
        text, whole = comment(root, args.base, args.link, lead)
        (out / TABLE).write_text(text, encoding="utf-8")
        made = {TABLE: out / TABLE}
        if whole:
            (out / WHOLE_TABLE).write_text(whole + "\n", encoding="utf-8")
            made[WHOLE_TABLE] = out / WHOLE_TABLE
        year = args.year or max(ds.years, default=None) or default_year(root)   # the year being written
        with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
            site = Path(tmp) / "site"
            build_site(root, site, offline=True)
            zip_site(site, out / SITE_ZIP)
            made[SITE_ZIP] = out / SITE_ZIP
            for review in (False, True):
                made[pdf_name(year, review)] = out / pdf_name(year, review)
                make_pdf(root, year, out / pdf_name(year, review), site, review)
            made[docx_name(year)] = out / docx_name(year)
            make_docx(root, year, out / docx_name(year), site)
        if year in ds.years:   # the workbook the units fill (sheet export): a web-only editor's copy of it
            made[sheet_name(year)] = out / sheet_name(year)
            export_workbook(year_rows(root, ds, year), year).save(made[sheet_name(year)])
    except (RevisionError, OutputError, DocxError) as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    total = sum(p.stat().st_size for p in made.values())
    print(f"Bản xem trước trong {out} ({seconds:.1f} s, {total / 1e6:.1f} MB): / Preview written:")
    for name, path in made.items():
        print(f"  {name} — {path.stat().st_size // 1024} KB")
    return 0
