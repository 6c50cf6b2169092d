"""No figure is typed in docs/: every count, percentage, amount, tally, date and document number reaches a page
through a macro ({{ fig(...) }}, {{ tally(...) }}, {{ doc(...) }}), so it lives once in data/.

The scanner reads the Markdown sources (not the built site) and looks only at prose: front matter, macro calls
(but the text of a written-out {{ "text" }}, which the page shows), Jinja statements and comments, code, HTML
comments and tags, link targets and attribute lists are blanked first (lines and columns are kept, so a hit names
its line and column). `check`, the build and `mkdocs serve` run it (sources/pages.py reads the pages;
site/preflight.py reports the hits).
A hit's fix names the call that shows the same number from the page's year (`name_figures`), or the document
(`name_documents`).
"""
from __future__ import annotations

import re

from ..errors import DataError
from .pages import blanked


WRITTEN_TEXT = re.compile(r"""\{\{[-+]?\s*(?:"[^"\\\n]*"|'[^'\\\n]*')\s*[-+]?\}\}""")
NOT_PROSE = [
    re.compile(r"\A---\n.*?\n---\n", re.S),                 # front matter
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),          # fenced code
    re.compile(r"\]\((?:\{\{[^}]*\}\}|[^)\s])*\)"),          # link targets, {{ }} in them: (2023/ii-1-2-01-thong-tin-bao-chi.md)
    WRITTEN_TEXT,                                           # {{ "text" }}: blanked but the text, which is shown
    re.compile(r"\{\{.*?\}\}", re.S),                      # {{ fig("...") }}
    re.compile(r"\{%.*?%\}", re.S),                        # {% if ... %}
    re.compile(r"\{#.*?#\}", re.S),                        # {# comment #}
    re.compile(r"`[^`\n]*`"),                              # inline code
    re.compile(r"<!--.*?-->", re.S),                       # HTML comments, on several lines too (never shown)
    re.compile(r"<[^>\n]*>"),                              # HTML tags and their attributes
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

DOCUMENT_NUMBER = "số hiệu văn bản / document number"
FIGURES = {
    "tỷ lệ phần trăm / percentage": r"\d+(?:[.,]\d+)?\s?%",
    "số có dấu chấm hàng nghìn / thousands separator": r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])",
    "số thập phân / decimal": r"(?<![\d.,])\d+,\d+(?!\d)",
    "tỷ số hoặc ngày x/y / tally or date": r"(?<![\w/])\d+\s?/\s?\d+",
    DOCUMENT_NUMBER: r"(?<![\w/])\d+[ \t]?[/-][ \t]?[A-ZĐ][\w-]*",   # on one line: "2030\n- Tổ" is not one
    "số đếm hai chữ số / two-digit count": r"(?<![\w.,/])0\d(?![\w.,/%])",
    "tháng / month": r"(?i:tháng)\s+\d{1,2}(?!\d)",
    "số đếm / count": _NOT_A_YEAR + r"(?<![\w.,/-])\d+(?:[.,]\d+)?\s+(?i:" +
                      "|".join(re.escape(n) for n in sorted(COUNTING_NOUNS, key=len, reverse=True)) + r")(?!\w)",
}
_FIGURE_RE = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(FIGURES.values())))
_FIGURE_NAMES = list(FIGURES)


def prose(markdown: str) -> str:
    for pattern in NOT_PROSE:
        markdown = pattern.sub(_quoted_text_kept if pattern is WRITTEN_TEXT else blanked, markdown)
    for phrase in ALLOWED:
        markdown = re.sub(re.escape(phrase), blanked, markdown)
    return markdown


def _quoted_text_kept(match: re.Match) -> str:
    """{{ "14.871" }} -> the quoted text in its place, the rest blanked: a written-out text is shown as typed."""
    call = match.group()
    first = min(i for i in (call.find('"'), call.find("'")) if i >= 0)
    last = call.rfind(call[first])
    return " " * (first + 1) + call[first + 1:last] + " " * (len(call) - last)


def typed_figures(markdown: str) -> list[tuple[int, int, str, str]]:
    """(line, column, text, what) for every figure typed in the prose of a Markdown source."""
    text = prose(markdown)
    hits = []
    for m in _FIGURE_RE.finditer(text):
        what = _FIGURE_NAMES[int(m.lastgroup[1:])]
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        line_start = text.rfind("\n", 0, start) + 1
        hits.append((text.count("\n", 0, start) + 1, start - line_start + 1, m.group().strip(), what))
    return hits


def typed_figure_errors(pages) -> list[DataError]:
    """Every figure typed in the prose of the pages (sources.pages.Page), as errors naming page, line and column."""
    errors = []
    for page in pages:
        for line, column, found, what in typed_figures(page.text):
            if what == DOCUMENT_NUMBER:
                fix = ("Văn bản ghi một lần trong data/<năm>/documents.yml và vào trang qua macro doc, ví dụ "
                       "{{ doc(\"qd_85_tw\", \"short\") }} (khoá của văn bản: trang Văn bản được trích dẫn); "
                       "nếu chỉ là ví dụ, đặt trong `dấu huyền`.")
            else:
                fix = ("Số liệu phải nằm trong data/ và vào trang qua macro, ví dụ {{ fig(\"telecom.smartphone_users\") "
                       "}}; nếu chỉ là ví dụ, đặt trong `dấu huyền`.")
            errors.append(DataError(
                f"docs/{page.src}", line, column, found,
                f"Con số '{found}' ({what.split(' / ')[0]}) được gõ thẳng vào trang.",
                f"A figure is typed into the page ('{found}', {what.split(' / ')[1]}).", fix))
    return errors


def name_documents(errors: list, documents: dict) -> list:
    """The typed document numbers among `errors`, with the doc() call of the registered document whose number
    begins with the typed one ({number: key} of the page's year): 'Có phải {{ doc("qd_85_tw", "short") }}?'."""
    from dataclasses import replace
    out = []
    for error in errors:
        key = next((k for number, k in documents.items() if str(number).startswith(error.key)), None) \
            if DOCUMENT_NUMBER.split(" / ")[0] in error.vi else None
        out.append(replace(error, fix=f"Có phải văn bản '{key}'? Viết {{{{ doc(\"{key}\", \"short\") }}}} "
                                      f"(hoặc \"full\", \"title\"). " + error.fix) if key else error)
    return out


def name_figures(errors: list, year) -> list:
    """The typed figures among `errors` with the call that shows the same number from the page's year (data.Year;
    None: as they are), when at most three do — those whose unit the typed words name first:
    'Có phải {{ fig("telecom.post_offices") }}?', '{{ tally("buu_chinh") }}' for '3/3 chỉ tiêu'."""
    from dataclasses import replace
    calls = _calls_by_number(year) if year is not None and errors else {}
    out = []
    for error in errors:
        found = calls.get(_number_of(error.key), []) if DOCUMENT_NUMBER.split(" / ")[0] not in error.vi else []
        found = [call for call, unit in found if unit and unit in error.key] or [call for call, _ in found]
        out.append(replace(error, fix=f"Có phải {' hoặc '.join(found)}? {error.fix}") if 0 < len(found) <= 3 else error)
    return out


def _number_of(typed: str) -> str:
    """A typed or shown number compared as the page writes it: '14.871 hộ' and '14.871' -> '14871', '79,85%' ->
    '79.85', '02/03' and '2/3' -> '2/3', '03' stays '03' (fig(…, pad=2))."""
    m = re.search(r"\d+\s?/\s?\d+|\d[\d.,]*\d|\d", typed)
    if not m:
        return ""
    token = re.sub(r"\s", "", m.group())
    if "/" in token:
        return "/".join(str(int(n)) for n in token.split("/"))
    return token.replace(".", "").replace(",", ".")


def _calls_by_number(year) -> dict:
    """{number as _number_of writes it: [(macro call showing it, unit)]} of every figure and sector tally of a year."""
    from .. import formats
    from ..data import STATUS_SLUG
    calls: dict = {}
    for key, fig in year.figures.items():
        if fig.value is None:
            continue
        for pad in (0, 2) if fig.kind == "count" and isinstance(fig.value, int) and 0 <= fig.value < 10 else (0,):
            try:
                shown = formats.figure_text(fig, pad)
            except Exception:   # noqa: BLE001 - a value the pages cannot show is refused elsewhere (html/showable.py)
                continue
            call = f'{{{{ fig("{key}"' + (f", pad={pad}" if pad else "") + ") }}"
            calls.setdefault(_number_of(shown), []).append((call, fig.unit))
    for sector in year.sectors:
        part, whole = (year.figures.get(f"indicators.{sector.id}.{slug}") for slug in (STATUS_SLUG["đạt"], "total"))
        if part is not None and whole is not None and isinstance(part.value, int) and isinstance(whole.value, int):
            calls.setdefault(f"{part.value}/{whole.value}", []).append((f'{{{{ tally("{sector.id}") }}}}', "chỉ tiêu"))
    return calls
