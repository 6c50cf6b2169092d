"""`python -m macros pdf`: the whole report as one A4 PDF (see output/pdf.py for how)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..html.document import pdf_name
from ..output.build import OutputError, default_year
from ..output.pdf import check_output, make_pdf
from .cli import output_file
from .docx import print_draft_reasons


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, help="năm của báo cáo (mặc định: năm mới nhất đã đủ số liệu và lời văn) / report year (default: the newest complete one, figures and pages)")
    parser.add_argument("--out", type=output_file, help="tệp PDF (mặc định build/bao-cao-<năm>.pdf) / output file")
    parser.add_argument("--site", type=Path, help="dùng trang đã build sẵn thay vì build lại / reuse a built site folder")
    parser.add_argument("--review", action="store_true",
                        help="bản xem xét cho Đảng ủy: có ghi chú biên tập và mọi chỗ sửa so với bản gốc (mặc định "
                             "build/bao-cao-<năm>-ban-xem-xet.pdf) / the review copy: editorial notes and every change "
                             "against the source")
    parser.add_argument("--publish", action="store_true",
                        help="chép PDF vào docs/<năm>/ để lần build sau có liên kết tải về / copy the PDF into docs/<year>/ "
                             "so the next build links it for download")


def run(args) -> int:
    root = args.root.resolve()
    try:
        year = args.year or default_year(root)
        if args.review and args.publish:
            print("--review và --publish không dùng cùng nhau: bản xem xét không đưa lên trang. / "
                  "--review cannot be published.", file=sys.stderr)
            return 2
        out = (args.out or root / "build" / pdf_name(year, args.review)).resolve()
        check_output(out)
        site = args.site.resolve() if args.site else None
        stats = make_pdf(root, year, out, site, args.review)
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 2
    kind = "bản xem xét" if args.review else "DỰ THẢO" if stats["draft"] else "bản chính thức"
    print(f"Đã in {out} ({kind}) — {stats['pages']} trang A4, {stats['bookmarks']} dấu trang, {stats['total_s']:.1f} s "
          f"(build {stats['build_s']:.1f} s, in {stats['print_s']:.1f} s). / "
          f"Wrote {stats['pages']} A4 pages ({'review copy' if args.review else 'draft' if stats['draft'] else 'final'}, "
          f"{stats['bookmarks']} bookmarks) in {stats['total_s']:.1f} s.")
    if not args.review:
        print_draft_reasons(stats)
    if args.publish:
        target = root / "docs" / str(year) / pdf_name(year)
        try:
            shutil.copyfile(out, target)
        except OSError as exc:
            print(f"Không chép được PDF vào {target} ({exc.strerror or exc}). / Cannot copy the PDF to {target}.",
                  file=sys.stderr)
            return 2
        print(f"Đã chép vào {target}: lần build sau trang web có liên kết tải PDF. / Copied for the next build.")
    return 0
