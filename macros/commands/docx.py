"""`python -m macros docx`: the whole report as an editable Word file (.docx) in the Party-document form.

Builds the site (strict) into a temporary folder — or reuses one with --site —, reads the page that holds the whole
report (the page `python -m macros pdf` prints) and converts its content with macros/output/docx.py. The Word file
therefore says what the site and the PDF say, figure for figure.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from ..output.docx import DocxError, article, facts, report_docx, site_pictures
from ..output.build import OutputError, build_site, default_year   # the one place the site is built from
from ..output.pdf import WHOLE_REPORT_PAGE, whole_report_path
from .cli import output_file


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, help="năm của báo cáo (mặc định: năm mới nhất đã đủ số liệu và lời văn) / report year (default: the newest complete one, figures and pages)")
    parser.add_argument("--out", type=output_file, help="tệp Word (mặc định build/bao-cao-<năm>.docx) / output file")
    parser.add_argument("--site", type=Path, help="dùng trang đã build sẵn thay vì build lại / reuse a built site folder")


def docx_name(year: int) -> str:
    return f"bao-cao-{year}.docx"


def check_target(out: Path) -> None:
    """Refuse, before any work, an --out that cannot become a file."""
    if out.is_dir():
        raise DocxError(f"{out} là một thư mục; hãy cho --out một tên tệp, ví dụ {out / 'bao-cao.docx'}. / "
                        "--out is a folder: give a file name.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocxError(f"Không tạo được thư mục {out.parent} ({exc.strerror or exc}) — chọn chỗ khác với --out. / "
                        "Cannot create the output folder.") from None


def save(doc, out: Path) -> None:
    """Write through a temporary file in the same folder, so a failed save leaves no half-written .docx."""
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".~", suffix=".docx", delete=False) as handle:
            tmp = Path(handle.name)
            doc.save(handle)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # as an ordinary new file (a temporary file is private to its owner)
        os.replace(tmp, out)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise DocxError(f"Không ghi được {out} ({exc.strerror or exc}). Nếu tệp đang mở trong Word, hãy đóng lại; "
                        "hoặc chọn chỗ khác với --out. / Cannot write the file (close it in Word, or choose another "
                        "--out).") from None


def make_docx(root: Path, year: int, out: Path, site: Path | None = None) -> dict:
    """Build (or reuse) the site and write the whole report as .docx; returns what was measured."""
    check_target(out)
    if site is None and not (root / "data" / str(year)).is_dir():
        raise DocxError(f"Không có dữ liệu năm {year} (thư mục {root / 'data' / str(year)}). / No data for {year}.")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="baocao-docx-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            try:
                build_site(root, site)
            except OutputError as exc:
                raise DocxError(str(exc)) from None
        built = time.perf_counter()
        path = whole_report_path(site, year)
        page = site / path / "index.html" if path and path.endswith("/") else site / (path or "-")
        if path is None:
            raise DocxError(f"Trang web {site} không có trang toàn văn {WHOLE_REPORT_PAGE.format(year=year)} (tệp "
                            f"docs/{year}/in-toan-van.md với {{{{ whole_report() }}}} và mục nav tương ứng trong "
                            f"mkdocs.yml). / The site has no whole-report page for {year}.")
        try:
            page_html = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DocxError(f"Không đọc được {page} ({exc}). / Cannot read the whole-report page.") from None
        doc, figures = report_docx(page_html, pictures=site_pictures(site, page))
        info = facts(article(page_html))
    save(doc, out)
    done = time.perf_counter()
    return {"figures": figures, "paragraphs": len(doc.paragraphs), "tables": len(doc.tables),
            "bytes": out.stat().st_size, "build_s": built - started, "convert_s": done - built,
            "total_s": done - started, "draft": info["draft"], "reasons": info["reasons"]}


def run(args) -> int:
    root = args.root.resolve()
    try:
        year = args.year or default_year(root)
        out = (args.out or root / "build" / docx_name(year)).resolve()
        site = args.site.resolve() if args.site else None
        stats = make_docx(root, year, out, site)
    except (DocxError, OutputError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Đã ghi {out} — {stats['paragraphs']} đoạn, {stats['tables']} bảng, {stats['figures']} số liệu, "
          f"{stats['bytes'] // 1024} KB, {stats['total_s']:.1f} s (build {stats['build_s']:.1f} s, "
          f"chuyển {stats['convert_s']:.1f} s). / Wrote the Word file in {stats['total_s']:.1f} s.")
    print_draft_reasons(stats)
    return 0


def print_draft_reasons(stats: dict) -> None:
    """A draft says why (the page's list, from html/document.py draft_reasons), so the clerk knows what is left."""
    if stats.get("draft"):
        print("DỰ THẢO, vì / a draft, because:")
        for reason in stats.get("reasons") or ["(trang không ghi lý do / the page gives no reason)"]:
            print(f"  - {reason}")
