"""No figure is typed in docs/ (the scanner lives in macros/sources/typed.py: `check`, the build and `mkdocs serve`
run it). Here: the real pages are clean, and the scanner catches what it must and leaves names, years and macros
alone. `check` and the build failing on a typed figure: tests/bad_inputs/ (30-typed-figure-in-page)."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.sources.pages import read_pages
from macros.sources.typed import typed_figure_errors

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def scan(docs_dir: Path) -> list[str]:
    """The scanner `check` and the build run (macros/sources/typed.py), on a folder of pages."""
    return [str(e) for e in typed_figure_errors(read_pages(docs_dir))]


def test_no_figure_is_typed_in_docs():
    hits = scan(DOCS)
    assert not hits, "Có số liệu gõ tay trong trang / figures typed in pages:\n" + "\n".join(hits)


@pytest.mark.parametrize("typed", [
    "Tỷ lệ dân số sử dụng smartphone chiếm 79,85%.",
    "Đảng bộ gồm 03 Chi bộ trực thuộc.",
    "tổng số dịch vụ: 2.119 dịch vụ",
    "Lĩnh vực Bưu chính: 02/03 chỉ tiêu đạt",
    "Lĩnh vực An toàn thông tin mạng: 3/3 chỉ tiêu đạt",
    "Tính đến 30/11/2023, Cổng dịch vụ công",
    "đã giải ngân với số tiền khoản 58 tỷ.",
    "theo hình thức trực tuyến tại 4 tỉnh",
    "Có 37 đảng viên",
    "Kỷ niệm 98 năm Ngày Báo chí Cách mạng Việt Nam",
    "(cập nhật tháng 10 năm 2023)",
    "Tỷ lệ giải quyết hồ sơ đúng hạn: 98,9 %",
    "theo Quy định số 85-QĐ/TW",
    "theo Nghị định số 42/2022/NĐ-CP",
    "Khoá <span>{{ fig('x') }}</span> và 27 cá nhân",
    'Có {{ "14.871" }} hộ nghèo',          # a written-out text is shown as typed
    "Tỷ lệ {{- '79,85%' -}} dân số",
])
def test_the_scanner_finds_a_typed_figure(typed, tmp_path):
    page = tmp_path / "docs" / "2023" / "trang.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\ntitle: Thử 2.119\n---\n# 1.2.4. Thử\n\n{typed}\n", encoding="utf-8")
    hits = scan(tmp_path / "docs")
    assert len(hits) >= 1 and hits[0].startswith("docs/2023/trang.md:6:"), hits


@pytest.mark.parametrize("fine", [
    'Tỷ lệ dân số sử dụng smartphone chiếm {{ fig("telecom.smartphone_users") }}.',
    'Đảng bộ gồm {{ fig("party.cells", pad=2) }} Chi bộ trực thuộc.',
    "{{ tally('ttbcxb') }} chỉ tiêu đạt",
    "# 1.2.13. Công tác kiểm soát TTHC",
    "## 2.3.1. Ủy ban kiểm tra Đảng ủy thực hiện giám sát",
    "**2.10.** Đăng ký, triển khai ít nhất",
    "Chuyên đề năm 2023; giai đoạn 2021 – 2025; nhiệm kỳ 2020 – 2025; đến năm 2030",
    "kết quả thực hiện năm 2023 Chương trình mục tiêu quốc gia",
    "Nghị quyết Trung ương 4 (khóa XI, XII); lần thứ IV; chi bộ 2 (tên); sinh con thứ 3;",
    "giai đoạn 1 theo hình thức trực tuyến; 3G/4G; 5G; tắt sóng 2G",
    "Đề án 06/CP; Đề án 06 (phiên bản 1.0); báo cáo định kỳ 6 tháng, năm",
    "Ví dụ `79,85%` trong mã; [liên kết](2023/ii-1-2-01-thong-tin-bao-chi.md)",
    "```yaml\nvalue: 79.85\n```",
    "Tiêu đề { #nhiem-vu-2-1 }",
    '{{ "{{" }} fig("telecom.smartphone_users") {{ "}}" }}',
    "<!-- đoạn tạm bỏ:\nCó 141 bưu cục, tỷ lệ 79,85%.\n-->",
])
def test_the_scanner_leaves_names_years_and_macros_alone(fine, tmp_path):
    page = tmp_path / "docs" / "trang.md"
    page.parent.mkdir(parents=True)
    page.write_text(fine + "\n", encoding="utf-8")
    assert scan(tmp_path / "docs") == []


def test_a_typed_figure_names_the_call_that_shows_it(tmp_path):
    """The fix names the call that shows the same number in the page's year (the 2023 data: 141 bưu cục is
    telecom.post_offices, 79,85% telecom.smartphone_users, two sectors reached 2 of 3 indicators); a number many
    figures show ('03') names none."""
    from macros.data import load
    from macros.sources.typed import name_figures
    page = tmp_path / "docs" / "2023" / "trang.md"
    page.parent.mkdir(parents=True)
    page.write_text("Có 141 bưu cục.\n\nTỷ lệ 79,85% dân số.\n\nLĩnh vực: 02/03 chỉ tiêu đạt.\n\nCó 03 chi bộ.\n",
                    encoding="utf-8")
    errors = name_figures(typed_figure_errors(read_pages(tmp_path / "docs")), load(ROOT).years[2023])
    assert [e.fix.split("? ")[0] for e in errors[:3]] == [
        'Có phải {{ fig("telecom.post_offices") }}', 'Có phải {{ fig("telecom.smartphone_users") }}',
        'Có phải {{ tally("buu_chinh") }} hoặc {{ tally("cntt") }}']
    assert len(errors) == 4 and not errors[3].fix.startswith("Có phải"), errors[3].fix
