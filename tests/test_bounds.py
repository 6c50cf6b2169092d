"""Bounded pages (macros/sources/bounds.py): a page that asks for too much work is refused with its name by `check`
and by the build, in seconds. The hostile pages of issue 24/26: 100 000 macro calls; 1 000 × figures_table()
(a 156 MB page, 5 minutes of build before)."""
from __future__ import annotations

import time

import pytest

from conftest import build_site, copy_project, unsigned
from macros.commands.check import errors_of
from macros.sources import bounds

PAGE = "docs/2023/ii-3-danh-gia-chung.md"
CALL = '{{ fig("telecom.smartphone_users") }}\n'


def with_page_tail(project, tail: str) -> int:
    """Append `tail` to the page; the line its first call is on."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n" + tail, encoding="utf-8")
    return text.count("\n") + 2


def timed_check(project):
    start = time.perf_counter()
    found = errors_of(project)[0]
    return found, time.perf_counter() - start


@pytest.mark.build
@pytest.mark.parametrize("tail, words", [
    (CALL * 100_000, "hơn giới hạn 1.000.000"),                    # 3.7 MB of calls: refused unread
    ('{{fig("telecom.smartphone_users")}}' * 20_000, f"Trang gọi macro hơn {bounds.MAX_CALLS} lần (20"),
    (CALL * (bounds.MAX_CALLS + 1), f"Trang gọi macro hơn {bounds.MAX_CALLS} lần"),
], ids=["100000-calls", "20000-calls", "one-too-many"])
def test_check_refuses_a_page_of_too_many_calls_by_name(tmp_path, tail, words):
    project = copy_project(tmp_path / "project")
    with_page_tail(project, tail)
    found, seconds = timed_check(project)
    assert [(e.file, e.line) for e in found] == [(PAGE, None)] and words in found[0].vi, found
    assert seconds < 20


@pytest.mark.build
def test_check_and_build_refuse_1000_figures_tables_at_the_call_that_goes_over(tmp_path):
    project = copy_project(tmp_path / "project")
    first = with_page_tail(project, "{{ figures_table() }}\n" * 1000)
    found, seconds = timed_check(project)
    assert len(found) == 1 and found[0].file == PAGE and "2.000.000 ký tự" in found[0].vi, found
    assert first < found[0].line < first + 100 and seconds < 20    # some tables were made, then it stopped
    start = time.perf_counter()
    done = build_site(project, tmp_path / "site")
    assert done.returncode != 0 and f"{PAGE}:{found[0].line}: Các macro của trang tạo ra hơn" in done.stderr
    assert time.perf_counter() - start < 60 and "Traceback" not in done.stderr


@pytest.mark.build
def test_a_page_within_the_limits_is_not_refused(tmp_path):
    project = unsigned(copy_project(tmp_path / "project"))   # the tail is not the signed text: not compared here
    with_page_tail(project, CALL * (bounds.MAX_CALLS - 40))   # the page has a few calls of its own
    found, _ = timed_check(project)
    assert found == [], found[:3]


@pytest.mark.build
@pytest.mark.parametrize("tail, column", [
    ('{{ fig(' + "(" * 3000 + '"a"' + ")" * 3000 + ") }}\n", 3 + 4 + bounds.MAX_NESTING),
    ("{{ " + "[" * 3000 + "]" * 3000 + " }}\n", 3 + bounds.MAX_NESTING + 1),
    ('{{ fig(' + "(" * 300_000 + "\n", 3 + 4 + bounds.MAX_NESTING),          # never closed
    ("{% if x %}" * 900 + "{% endif %}" * 900 + "\n", 10 * bounds.MAX_NESTING + 1),
], ids=["parentheses", "brackets", "unclosed", "blocks"])
def test_check_refuses_a_page_nested_too_deep_at_its_line_and_column(tmp_path, tail, column):
    """Jinja reads and compiles nesting recursively: 3 000 '(' ended `check` in 'Lỗi chương trình … RecursionError'."""
    project = copy_project(tmp_path / "project")
    line = with_page_tail(project, tail)
    found, seconds = timed_check(project)
    assert [(e.file, e.line, e.column) for e in found] == [(PAGE, line, column)], found
    assert f"lồng nhau hơn {bounds.MAX_NESTING} cấp" in found[0].vi and seconds < 20
