"""`python -m macros sign --year 2024`: store the year's text of record, once the committee has signed the report.

The text is the printed report's (the whole-report page that `pdf` prints, read as paper shows it:
output/printed.py), one paragraph a line, in `data/<year>/signed.txt`. From then on `check` and the build compare the
print with it (data/fidelity.py), so any later edit of the signed report needs an editorial decision. Refused: a year
that has a text of record already (it is never replaced), a project `check` refuses, and a report that is still a
draft by the rule the web, the PDF and the Word file follow, the pages' marks included (the committee signs the final
text: every decision approved, every figure reported, every section written and revised, number and date known).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..data import fidelity
from ..errors import format_errors
from ..html.document import draft_reasons, whole_report_page
from ..output.build import OutputError, build_site
from ..output.pdf import WHOLE_REPORT_PAGE
from ..output.printed import blocks
from .check import errors_of


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, required=True, help="năm của báo cáo đã ký / the signed report's year")
    parser.add_argument("--site", type=Path, help="dùng trang đã build sẵn thay vì build lại / reuse a built site folder")


def run(args) -> int:
    root, year = Path(args.root).resolve(), args.year
    target = fidelity.record_path(root, year)
    rel = target.relative_to(root).as_posix()
    if target.exists():
        print(f"Năm {year} đã có văn bản đã ký ({rel}); văn bản đã ký không bao giờ bị thay. Mọi sửa đổi báo cáo sau "
              f"khi ký cần một quyết định biên tập trong data/{year}/decisions.yml. / {rel} exists: a signed text is "
              "never replaced; record an editorial decision for any later change.", file=sys.stderr)
        return 2
    errors, ds = errors_of(root)     # what check says, and the year's data with its pages' marks (unrevised, unwritten)
    if errors:
        print(format_errors(errors) + "\nSửa các lỗi trên (python -m macros check) rồi ký lại. / Fix the errors, "
              "then sign.", file=sys.stderr)
        return 1
    if year not in ds.years:
        print(f"Không có dữ liệu năm {year} (data/{year}/). / No data for {year}.", file=sys.stderr)
        return 2
    reasons = draft_reasons(ds.years[year])
    if reasons:
        print(f"Báo cáo năm {year} còn là dự thảo, chưa ký được:\n" + "\n".join(f"  - {r}" for r in reasons)
              + f"\nBan Thường vụ ký bản chính thức: duyệt mọi ghi chú biên tập, báo cáo mọi số liệu, soạn xong mọi "
              f"phần, ghi số và ngày trong data/{year}/report.yml, rồi chạy lại. / The {year} report is still a draft; sign the final "
              "report.", file=sys.stderr)
        return 1
    try:
        text = printed_text(root, year, args.site)
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 2
    target.write_text(text, encoding="utf-8")
    print(f"Đã lưu văn bản đã ký năm {year}: {rel} ({text.count(chr(10))} đoạn). Đưa tệp này vào Git; từ nay mọi chỗ "
          f"bản in khác nó cần một quyết định biên tập trong data/{year}/decisions.yml. / Stored the signed text of "
          f"{year} in {rel}; commit it.")
    return 0


def printed_text(root: Path, year: int, site: Path | None = None) -> str:
    """The printed report's text, one paragraph a line, from a built site (built here when none is given)."""
    with tempfile.TemporaryDirectory(prefix="baocao-sign-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build_site(root, site)
        page = Path(site) / WHOLE_REPORT_PAGE.format(year=year) / "index.html"
        if not page.is_file():
            raise OutputError(f"Trang web không có trang toàn văn {WHOLE_REPORT_PAGE.format(year=year)}. / The site has "
                              "no whole-report page.")
        html = page.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.find("</article>")
    found = blocks(html[start:end + len("</article>")] if start >= 0 else html, whole_report_page(year))
    return "".join(b.text + "\n" for b in found)
