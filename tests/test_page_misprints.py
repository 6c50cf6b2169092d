"""What a page's source says wrong before anything runs (macros/sources/misprints.py, sources/frontmatter.py), on
small pages: each form of a mistake, pinned to its line and column, and the forms that are fine. The corpus
(tests/bad_inputs/) runs one of each through the real `check` and build."""
from __future__ import annotations

import pytest

from macros.site.page_macros import IN_ATTRIBUTE, MACROS
from macros.sources.misprints import misprint_errors

CALL = '{{ fig("telecom.post_offices") }}'


def errors(text: str):
    return misprint_errors("docs/2023/trang.md", text, MACROS, IN_ATTRIBUTE)


@pytest.mark.parametrize("text, line, column", [
    (f"Xem [bảng]({CALL}).\n", 1, 12),
    (f"A\n\n![hình](anh/{CALL}.png)\n", 3, 13),
    (f'<a href="{CALL}">x</a>\n', 1, 10),
    (f"<img alt='x' src='{CALL}'>\n", 1, 19),
    (f"[bảng]: {CALL}\n", 1, 9),
    (f"[x](<a {CALL}.md>)\n", 1, 8),                                # an address in < > may hold spaces
    ('[x]({{ report_year() }}/{{ doc("qd_85_tw") }})\n', 1, 25),   # the second call of an address too
])
def test_a_macro_in_an_address_is_refused_at_the_call(text, line, column):
    found = [e for e in errors(text) if "địa chỉ" in e.vi]
    assert [(e.line, e.column) for e in found] == [(line, column)], found
    assert found[0].key.endswith('("telecom.post_offices")') or found[0].key == 'doc("qd_85_tw")'
    assert found[0].en and "report_year" in found[0].fix


@pytest.mark.parametrize("text, line, column, place", [
    (f'Xem [bảng](../van-ban/ "{CALL}").\n', 1, 25, "tiêu đề (title"),
    (f"Xem [bảng](a.md '{CALL} bưu cục').\n", 1, 18, "tiêu đề (title"),
    (f"Xem [bảng](a.md ({CALL})).\n", 1, 18, "tiêu đề (title"),
    (f'Xem [bảng](<a b.md> "{CALL}").\n', 1, 22, "tiêu đề (title"),     # an address in < > (it may hold spaces)
    (f'A\n\n![hình](anh.png "Có {CALL}")\n', 3, 21, "tiêu đề (title"),
    (f'[bảng]: a.md\n    "{CALL}"\n', 2, 6, "tiêu đề (title"),           # a reference's title on its next line
    (f"![Có {CALL} bưu cục](anh.png)\n", 1, 6, "chữ mô tả (alt"),
    (f'<abbr title="{CALL}">BC</abbr>\n', 1, 14, "thuộc tính của thẻ HTML"),
    (f"<img src='anh.png'\n     alt=\"{CALL}\">\n", 2, 11, "thuộc tính của thẻ HTML"),
])
def test_a_macro_in_a_title_alt_or_attribute_is_refused_at_the_call(text, line, column, place):
    """Like an address, a title or alt text becomes an HTML attribute: the macro's HTML would be shown as words."""
    found = errors(text)
    assert [(e.line, e.column) for e in found] == [(line, column)], found
    assert place in found[0].vi and "<span class=" in found[0].vi and found[0].en and "report_year" in found[0].fix


@pytest.mark.parametrize("text", [
    '[Tổng quan](a.md "Báo cáo năm {{ report_year() }}")\n',     # a year in a title: plain text
    f'[Bưu cục: {CALL}](a.md "Bảng số liệu") và {CALL} (xem thêm)\n',   # a figure in a titled link's words
    f'<span class="key-value">{CALL}</span> và ![hình](anh.png) {CALL}\n',
    "[Tổng quan]({{ report_year() }}/tong-quan-chi-tieu.md)\n",   # a year in an address: the cover page does this
    f"[{CALL}](2023/bang-so-lieu.md) và {CALL} (xem thêm)\n",     # a figure as a link's words
    f'[bảng](<a b.md> "Ủy ban") {CALL} (xem "{CALL}")\n',
    f"`[bảng]({CALL})`\n\n```\n<a href=\"{CALL}\">\n```\n",      # examples in code
    f"{{% raw %}}\n[bảng]({CALL})\n{{% endraw %}}\n",
])
def test_a_macro_beside_an_address_passes(text):
    assert errors(text) == []


@pytest.mark.parametrize("front, line, column, key, fragment", [
    ("title: A\ntitle: B\n", 3, 1, "title", "bị viết hai lần (lần đầu ở dòng 2)"),
    ("search:\n  boost: 1\n  boost: 2\n", 4, 3, "search.boost", "bị viết hai lần (lần đầu ở dòng 3)"),
    ("titel: A\n", 2, 1, "titel", "Có phải 'title' (tên trang"),
    ("title: A\nserch:\n  boost: 1\n", 3, 1, "serch", "Có phải 'search' ("),
    ("author: Văn phòng\n", 2, 1, "author", "Các khoá được dùng trong phần đầu trang: title,"),
    ("hide:\n  - navigation\n  - tco\n", 4, 5, "hide.tco", "Có phải 'toc'?"),
    ("search:\n  boots: 0.5\n", 3, 3, "search.boots", "Có phải 'boost'?"),
    ("search: 0.5\n", 2, 9, "search", "phải là các dòng khoá con"),      # Material: a traceback
    ("hide: 3\n", 2, 7, "hide", "phải là một danh sách"),
])
def test_front_matter_keys_twice_or_unknown_are_refused(front, line, column, key, fragment):
    found = errors(f"---\n{front}---\n\n# Mục\n")
    assert [(e.line, e.column, e.key) for e in found] == [(line, column, key)], found
    assert fragment in str(found[0]) and found[0].en


@pytest.mark.parametrize("value, column", [
    ('"cao"', 10), ('"0.5"', 10), ("-1", 10), ("0", 10), ("1000000", 10), (".nan", 10), ("true", 10), ("", 9),
    ("[1, 2]", 10),
])
def test_a_search_boost_that_is_not_a_rank_is_refused(value, column):
    """Material copies the boost into the search index as written: a word makes lunr's scores NaN, 0 is ignored,
    a negative or huge one orders the results wrongly; nothing said it."""
    found = errors(f"---\nsearch:\n  boost: {value}\n---\n\n# Mục\n")
    assert [(e.line, e.column, e.key) for e in found] == [(3, column, "search.boost")], found
    assert "phải là một số lớn hơn 0" in found[0].vi and found[0].en and "boost: 0.5" in found[0].fix


@pytest.mark.parametrize("value", ["không", '"false"', "có", "1", ""])
def test_a_search_exclude_that_is_not_true_or_false_is_refused(value):
    """Material hides a page whose exclude is any text at all: 'không' ('no') hid it, without a word."""
    found = errors(f"---\ntitle: A\nsearch:\n  exclude: {value}\n---\n\n# Mục\n")
    assert [(e.line, e.key) for e in found] == [(4, "search.exclude")], found
    assert "true" in found[0].vi and found[0].en and "exclude: false" in found[0].fix


@pytest.mark.parametrize("search", ["boost: 0.25", "boost: 2", "boost: 10", "exclude: false", "exclude: True"])
def test_a_search_boost_or_exclude_as_material_reads_it_passes(search):
    assert errors(f"---\nsearch:\n  {search}\n---\n# Mục\n") == []


def test_the_keys_real_pages_use_pass():
    assert errors("---\nsearch:\n  boost: 0.5\n  exclude: true\ntitle: Trang chủ\nhide:\n  - toc\n"
                  "description: Mô tả\nrender_macros: false\n---\n# Mục\n") == []
