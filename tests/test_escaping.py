"""Data is text: markup, templates and Markdown typed into the data show literally in the built site."""
from __future__ import annotations

import html
from pathlib import Path

from conftest import build_site, unsigned

NASTY = "<script>alert(1)</script> {{ 7*7 }} *emph*"


def put(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_markup_and_templates_in_data_show_as_text(project, tmp_path):
    marks = {"LABELX": ("data/2023/party.yml", "    label: Đảng viên nữ\n"),
             "DECISIONX": ("data/2023/decisions.yml", "    title: Tỷ lệ hộ gia đình sử dụng cáp quang\n"),
             "DOCTITLEX": ("data/2023/documents.yml",
                           "    title: Về việc cán bộ, đảng viên thiết lập và sử dụng trang thông tin điện tử cá nhân "
                           "trên Internet, mạng xã hội\n")}
    for mark, (file, old) in marks.items():
        key = old.split(":")[0]
        put(project, file, old, f'{key}: "{mark} {NASTY}"\n')
    result = build_site(unsigned(project), tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    for mark in marks:
        shown = [p for p, source in pages.items() if mark in source]
        assert shown, f"{mark} is on no page"
        for page in shown:
            source = pages[page]
            assert "<script>alert(1)" not in source, f"{page}: script injected"
            assert "<em>emph</em>" not in source, f"{page}: Markdown applied to data"
            assert f"{mark} 49" not in html.unescape(source), f"{page}: template evaluated"
            assert f"{mark} {NASTY}" in html.unescape(source), f"{page}: {mark} not shown literally"


def test_a_draft_label_in_the_pages_style_is_inert_text():
    """report.yml draft_label reaches a <style> (print.css repeats it in the top margin of every page of a draft):
    whatever it holds, the CSS string is letters, digits, spaces and escapes only, so it can neither end the
    string, the rule nor the <style> element, and reads back (as a browser reads CSS escapes) as typed."""
    import re
    from macros.html.markup import css_string
    from macros.html.urls import css_unescape
    for label in ("DỰ THẢO", "Dự thảo lần 2", 'x"; } body { display: none } :root { --a: "', "</style><script>alert(1)</script>",
                  "a\\b\nc", "ả1 a", "{{ 7*7 }} *emph* `code`"):
        literal = str(css_string(label))
        assert re.fullmatch(r'"[A-Za-z0-9 \\]*"', literal), literal
        assert css_unescape(literal[1:-1]) == label, (label, literal)
