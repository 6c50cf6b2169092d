"""No figure is typed in docs/: every count, percentage, amount, tally, date and document number reaches a page
through a macro ({{ fig(...) }}, {{ tally(...) }}, {{ doc(...) }}), so it lives once in data/.

The scanner reads the Markdown sources (not the built site) and looks only at prose: front matter, macro calls,
Jinja statements and comments, code, HTML tags, link targets and attribute lists are blanked first (line numbers are
kept, so a hit names its line).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _blank(match: re.Match) -> str:
    """Same length, same newlines: what follows keeps its line and column."""
    return re.sub(r"[^\n]", " ", match.group())


NOT_PROSE = [
    re.compile(r"\A---\n.*?\n---\n", re.S),                 # front matter
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),          # fenced code
    re.compile(r"\]\(\{\{.*?\}\}[^)\s]*\)"),                 # link targets naming the year: ({{ report_year() }}/x.md)
    re.compile(r"\{\{.*?\}\}", re.S),                      # {{ fig("...") }}
    re.compile(r"\{%.*?%\}", re.S),                        # {% if ... %}
    re.compile(r"\{#.*?#\}", re.S),                        # {# comment #}
    re.compile(r"`[^`\n]*`"),                              # inline code
    re.compile(r"<[^>\n]*>"),                              # HTML tags and their attributes
    re.compile(r"\]\([^)\s]*\)"),                          # link targets: (2023/ii-1-2-01-thong-tin-bao-chi.md)
    re.compile(r"\{:?\s*[#.][^}\n]*\}"),                   # attribute lists: { #nhiem-vu-2-1 }
]

# The ONLY numbers prose may contain besides years, section numbers and ordinals. Keep this list tiny.
ALLOWED = [
    "Đề án 06",          # the name of a government scheme (Đề án 06/CP), not a count
    "định kỳ 6 tháng",   # the name of a reporting period (the half-year report), not a measured figure
]

COUNTING_NOUNS = (
    "hộ", "doanh nghiệp", "dịch vụ", "DVC", "chi bộ", "chi ủy", "đảng viên", "đồng chí", "quần chúng", "tỉnh", "huyện",
    "xã", "năm", "tháng", "ngày", "cuộc", "lượt", "tập thể", "cá nhân", "kế hoạch", "chương trình", "văn bản",
    "quyết định", "bưu cục", "bưu điện", "thùng thư", "kho", "trang", "người", "tin", "bài", "công trình", "tỷ",
    "triệu", "nghìn", "đồng", "chỉ tiêu", "lớp", "đợt", "phó giám đốc", "cơ quan", "đơn vị", "hồ sơ", "thủ tục",
)
_NOT_A_YEAR = r"(?!(?:19|20)\d\d(?!\d))"     # 'năm 2023 Chương trình…': a year is a name, not a count

FIGURES = {
    "tỷ lệ phần trăm / percentage": r"\d+(?:[.,]\d+)?\s?%",
    "số có dấu chấm hàng nghìn / thousands separator": r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])",
    "số thập phân / decimal": r"(?<![\d.,])\d+,\d+(?!\d)",
    "tỷ số hoặc ngày x/y / tally or date": r"(?<![\w/])\d+\s?/\s?\d+",
    "số hiệu văn bản / document number": r"(?<![\w/])\d+[ \t]?[/-][ \t]?[A-ZĐ][\w-]*",   # on one line: "2030\n- Tổ" is not one
    "số đếm hai chữ số / two-digit count": r"(?<![\w.,/])0\d(?![\w.,/%])",
    "tháng / month": r"(?i:tháng)\s+\d{1,2}(?!\d)",
    "số đếm / count": _NOT_A_YEAR + r"(?<![\w.,/-])\d+(?:[.,]\d+)?\s+(?i:" +
                      "|".join(re.escape(n) for n in sorted(COUNTING_NOUNS, key=len, reverse=True)) + r")(?!\w)",
}
_FIGURE_RE = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(FIGURES.values())))
_FIGURE_NAMES = list(FIGURES)


def prose(markdown: str) -> str:
    for pattern in NOT_PROSE:
        markdown = pattern.sub(_blank, markdown)
    for phrase in ALLOWED:
        markdown = re.sub(re.escape(phrase), _blank, markdown)
    return markdown


def typed_figures(markdown: str) -> list[tuple[int, str, str]]:
    """(line, text, what) for every figure typed in the prose of a Markdown source."""
    text = prose(markdown)
    hits = []
    for m in _FIGURE_RE.finditer(text):
        what = _FIGURE_NAMES[int(m.lastgroup[1:])]
        hits.append((text.count("\n", 0, m.start()) + 1, m.group().strip(), what))
    return hits


def scan(docs_dir: Path) -> list[str]:
    out = []
    for md in sorted(docs_dir.rglob("*.md")):
        for line, found, what in typed_figures(md.read_text(encoding="utf-8-sig")):
            out.append(f"docs/{md.relative_to(docs_dir).as_posix()}:{line}: '{found}' ({what}) — "
                       f"số liệu phải lấy từ data/ qua macro, ví dụ {{{{ fig(\"telecom.smartphone_users\") }}}} / "
                       f"a figure typed in a page: put it in data/ and use a macro")
    return out


def test_no_figure_is_typed_in_docs():
    hits = scan(DOCS) + scan(ROOT / "macros/sources/system_pages")   # the system pages every year shows
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
])
def test_the_scanner_finds_a_typed_figure(typed, tmp_path):
    page = tmp_path / "docs" / "2023" / "trang.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\ntitle: Thử 2.119\n---\n# 1.2.4. Thử\n\n{typed}\n", encoding="utf-8")
    hits = scan(tmp_path / "docs")
    assert len(hits) >= 1 and hits[0].startswith("docs/2023/trang.md:6: "), hits


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
])
def test_the_scanner_leaves_names_years_and_macros_alone(fine, tmp_path):
    page = tmp_path / "docs" / "trang.md"
    page.parent.mkdir(parents=True)
    page.write_text(fine + "\n", encoding="utf-8")
    assert scan(tmp_path / "docs") == []
