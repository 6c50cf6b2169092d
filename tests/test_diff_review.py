"""`diff` read as a reviewer reads it: every change a reader sees is in the table, where the comment shows it. Real
commits in a throwaway git repository (test_diff's), the real command, run once for one pull request that makes every
change below (each test reads its rows); expected values read here from the files.
"""
from __future__ import annotations

import html
import re

import pytest

from test_diff import base_repo, commit, diff, git, repo   # noqa: F401  (the throwaway git repository)

PAGE_2 = "docs/2023/ii-1-2-02-buu-chinh-vien-thong.md"
PAGE_6 = "docs/2023/ii-1-2-06-thanh-tra.md"
PAGE_11 = "docs/2023/ii-1-1-chi-tieu-nganh.md"
PAGE_32 = "docs/2023/iii-3-2-xay-dung-dang.md"
BOX = '\n!!! note "Lưu ý của Văn phòng"\n    Nội dung lưu ý.\n'


def replace(repo, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def read(repo, path: str) -> str:
    return (repo / path).read_text(encoding="utf-8")


def value_of(repo, stem: str, name: str) -> int:
    return int(re.search(rf"\n  {name}:\n(?:    .*\n)*?    value: (\d+)\n", read(repo, f"data/2023/{stem}.yml")).group(1))


def rows_with(out: str, *words: str) -> list[str]:
    """The table rows holding every word, read as the comment shows them (entities are characters there)."""
    return [line for line in html.unescape(out).splitlines() if line.startswith("|") and all(w in line for w in words)]


@pytest.fixture(scope="module")
def reviewed(base_repo, tmp_path_factory):   # noqa: F811
    """(the repository, the table) of one pull request that makes every change the tests below look for."""
    repo = tmp_path_factory.mktemp("review") / "repo"
    git(repo.parent, "clone", "-q", "--local", str(base_repo), str(repo))
    (repo / PAGE_2).write_text(read(repo, PAGE_2) + BOX, encoding="utf-8")
    commit(repo, "a note box")
    # the sidebar, the site's name, a front matter (sections one after another)
    nav_name = re.search(r"^\s+- (Tổng quan chỉ tiêu): ", read(repo, "mkdocs.yml"), re.M).group(1)
    site_name = re.search(r"^site_name: (.+)$", read(repo, "mkdocs.yml"), re.M).group(1)
    replace(repo, "mkdocs.yml", f"- {nav_name}:", f"- {nav_name} năm:")
    replace(repo, "mkdocs.yml", f"site_name: {site_name}", f"site_name: {site_name} (thử)")
    replace(repo, PAGE_11, "---\ntitle:", "---\ndescription: Thử\ntitle:")
    # the same value written without pad=2
    replace(repo, PAGE_6, 'fig("inspection.unscheduled_inspections", pad=2)', 'fig("inspection.unscheduled_inspections")')
    # the box's title
    replace(repo, PAGE_2, '"Lưu ý của Văn phòng"', '"Lưu ý của Ban Thường vụ"')
    # a figure's decision dropped
    block = re.search(r"\n  services_synced:\n(?:    .*\n)*", read(repo, "data/2023/digital.yml")).group(0)
    decision = re.search(r"    decision: (\w+)\n", block).group(1)
    replace(repo, "data/2023/digital.yml", block, block.replace(f"    decision: {decision}\n", ""))
    # a document's corrected number, the report's facts confirmed
    number = re.search(r"corrected_number: (\S+)", read(repo, "data/2023/documents.yml")).group(1)
    replace(repo, "data/2023/documents.yml", f"corrected_number: {number}", f"corrected_number: {number}X")
    replace(repo, "data/2023/report.yml", "\nconfirmed: null", "\nconfirmed: {by: Văn phòng, date: 2023-12-15}")
    # a Cyrillic 'Т' (U+0422) in a label: old and new cells would read alike, search would not find the word
    label = re.search(r"public_mailboxes:\n    label: (.+)\n", read(repo, "data/2023/telecom.yml")).group(1)
    replace(repo, "data/2023/telecom.yml", f"label: {label}\n", f"label: \u0422{label[1:]}\n")
    # a table of indicators taken off its page
    call = re.search(r"^\{\{ (indicators_table\([^)]*\)) \}\}\n", read(repo, PAGE_11), re.M)
    replace(repo, PAGE_11, call.group(0), "")
    # a figure swapped for another of the same value: the words read alike
    replace(repo, PAGE_2, 'fig("telecom.public_mailboxes", pad=2)', 'fig("party.members_transferred", pad=2)')
    # a heading one level down: the same words, elsewhere in the contents and the print's bookmarks
    sub = re.search(r"^(#{2,5}) ([^{\n]+)$", read(repo, PAGE_32), re.M)
    replace(repo, PAGE_32, sub.group(0), f"#{sub.group(0)}")
    # signs only GitHub reads: a mention, maths
    replace(repo, PAGE_2, "Các doanh nghiệp hoạt động", "Các doanh nghiệp (@van-phong, $5$) hoạt động")
    commit(repo, "every change")
    result = diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    return repo, result.stdout, {"nav": nav_name, "site_name": site_name, "number": number, "label": label,
                                 "call": call.group(1), "decision": decision, "heading": sub.group(2)}


def test_every_section_after_a_table_starts_a_new_block_so_its_title_is_no_row_of_the_table_above(reviewed):
    # GFM ends a table only at a blank line: a title written on the line after the last row is one more row
    _, out, said = reviewed
    assert rows_with(out, said["nav"], f"{said['nav']} năm") and rows_with(out, "site_name", "(thử)")
    assert rows_with(out, "description", "Thử")
    lines = out.splitlines()
    after_a_row = [b for a, b in zip(lines, lines[1:]) if a.startswith("|") and b.strip() and not b.startswith("|")]
    assert after_a_row == []


def test_a_figure_written_with_another_padding_is_a_changed_sentence(reviewed):
    # pad=2 writes the report's "05"; without it the reader reads "5": same figure, same value, other words
    repo, out, _ = reviewed
    value = value_of(repo, "inspection", "unscheduled_inspections")
    assert rows_with(out, f"<del>{value:02d}</del>", f"<ins>{value}</ins>"), out


def test_an_admonition_title_changed_is_a_changed_line(reviewed):
    assert rows_with(reviewed[1], "<del>Văn phòng</del>", "<ins>Ban Thường vụ</ins>"), reviewed[1]


def test_a_figure_no_longer_waiting_for_a_decision_is_listed(reviewed):
    # the figure's `decision:` marks it in the figures appendix (and "[đề nghị]" where it is computed)
    _, out, said = reviewed
    assert rows_with(out, "2023/digital.services_synced`", "ghi chú biên tập", said["decision"]), out


def test_a_documents_corrected_number_and_the_reports_confirmation_are_listed_in_vietnamese(reviewed):
    _, out, said = reviewed
    assert rows_with(out, said["number"], f"{said['number']}X", "số đề nghị sửa"), out
    assert rows_with(out, "2023/confirmed", "xác nhận", "Văn phòng"), out


def test_a_letter_of_another_script_is_marked_where_it_stands(reviewed):
    _, out, said = reviewed
    label = said["label"]
    assert rows_with(out, "telecom.public_mailboxes", label, f"\u0422[U+0422]{label[1:]}"), out
    assert "U+0422 CYRILLIC CAPITAL LETTER TE" in html.unescape(out).split("**Cần người duyệt xác nhận**")[1]


def test_a_table_taken_off_a_page_is_listed(reviewed):
    # a macro that writes a block (a table of indicators) is no sentence: its call, added or removed, is a row
    _, out, said = reviewed
    assert rows_with(out, f"{{{{ {said['call']} }}}}", "(đã xoá)", PAGE_11[len("docs/"):]), out


def test_a_figure_swapped_for_another_of_the_same_value_says_why_the_words_are_alike(reviewed):
    # the sentence reads the same, but shows another figure: its next change will not reach this page
    repo, out, _ = reviewed
    assert value_of(repo, "telecom", "public_mailboxes") == value_of(repo, "party", "members_transferred")
    (row,) = rows_with(out, "thùng thư công cộng")
    assert "<del>" not in row and "chữ như cũ; số liệu trong câu lấy từ khoá khác" in row, row


def test_a_heading_one_level_down_is_a_changed_line(reviewed):
    (row,) = rows_with(reviewed[1], reviewed[2]["heading"], "đề mục đổi cấp")
    assert "<del>" not in row


def test_a_mention_or_maths_in_changed_words_stays_text_on_the_git_server(reviewed):
    # GitHub would notify the user @van-phong and set $5$ as maths; a key in `code` keeps its signs as typed
    (row,) = [line for line in reviewed[1].splitlines() if "van-phong" in line]
    assert "@" not in row and "$" not in row and "&#64;van-phong" in row and "&#36;5&#36;" in row, row
    assert html.unescape(row).count("@van-phong") == 1


def test_a_figure_whose_value_changed_is_still_not_a_changed_sentence(repo):   # noqa: F811
    path = repo / "data/2023/telecom.yml"
    value = value_of(repo, "telecom", "public_mailboxes")
    path.write_text(re.sub(r"(public_mailboxes:\n(?:    .*\n)*?    value: )\d+\n",
                           lambda m: f"{m.group(1)}{value - 1}\n", path.read_text(encoding="utf-8")), encoding="utf-8")
    commit(repo, "a value")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, "telecom.public_mailboxes", f"{value - 1:02d}") or \
        rows_with(out, "telecom.public_mailboxes", str(value - 1))
    assert "**Lời văn thay đổi**" not in out


def test_yes_and_no_are_written_in_vietnamese():
    from macros.commands.diff import value_text
    assert (value_text(True), value_text(False), value_text(0)) == ("có", "không", "0")


def test_a_yes_no_setting_of_a_page_is_written_in_vietnamese():
    from macros.commands.site_changes import meta_section
    (row,) = [line for line in meta_section({"a.md": {"search": {"exclude": False}}},
                                            {"a.md": {"search": {"exclude": True}}}) if "search.exclude" in line]
    assert row.endswith("| không | có |"), row
