"""`diff` read as a reviewer reads it: every change a reader sees is in the table, where the comment shows it. Real
commits in a throwaway git repository (test_diff's), the real command; expected values read here from the files.
"""
from __future__ import annotations

import html
import re

from test_diff import base_repo, commit, diff, repo   # noqa: F401  (the throwaway git repository)

PAGE_2 = "docs/2023/ii-1-2-02-buu-chinh-vien-thong.md"


def replace(repo, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def rows_with(out: str, *words: str) -> list[str]:
    """The table rows holding every word, read as the comment shows them (entities are characters there)."""
    return [line for line in html.unescape(out).splitlines() if line.startswith("|") and all(w in line for w in words)]


def test_every_section_after_a_table_starts_a_new_block_so_its_title_is_no_row_of_the_table_above(repo):
    # GFM ends a table only at a blank line: a title written on the line after the last row is one more row
    menu = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    nav_name = re.search(r"^\s+- (Tổng quan chỉ tiêu): ", menu, re.M).group(1)
    site_name = re.search(r"^site_name: (.+)$", menu, re.M).group(1)
    replace(repo, "mkdocs.yml", f"- {nav_name}:", f"- {nav_name} năm:")
    replace(repo, "mkdocs.yml", f"site_name: {site_name}", f"site_name: {site_name} (thử)")
    page = (repo / "docs/2023/ii-1-1-chi-tieu-nganh.md").read_text(encoding="utf-8")
    assert page.startswith("---\n")
    (repo / "docs/2023/ii-1-1-chi-tieu-nganh.md").write_text(page.replace("---\n", "---\ndescription: Thử\n", 1), encoding="utf-8")
    commit(repo, "nav, site name and a front matter")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, nav_name, f"{nav_name} năm") and rows_with(out, "site_name", "(thử)")
    assert rows_with(out, "description", "Thử")
    lines = out.splitlines()
    after_a_row = [b for a, b in zip(lines, lines[1:]) if a.startswith("|") and b.strip() and not b.startswith("|")]
    assert after_a_row == []


def test_a_figure_written_with_another_padding_is_a_changed_sentence(repo):
    # pad=2 writes the report's "09"; without it the reader reads "9": same figure, same value, other words
    value = re.search(r"public_mailboxes:\n(?:    .*\n)*?    value: (\d+)\n",
                      (repo / "data/2023/telecom.yml").read_text(encoding="utf-8")).group(1)
    replace(repo, PAGE_2, 'fig("telecom.public_mailboxes", pad=2)', 'fig("telecom.public_mailboxes")')
    commit(repo, "no padding")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, f"<del>{int(value):02d}</del>", f"<ins>{int(value)}</ins>"), out


def test_a_figure_whose_value_changed_is_still_not_a_changed_sentence(repo):
    path = repo / "data/2023/telecom.yml"
    text = path.read_text(encoding="utf-8")
    value = int(re.search(r"public_mailboxes:\n(?:    .*\n)*?    value: (\d+)\n", text).group(1))
    path.write_text(re.sub(r"(public_mailboxes:\n(?:    .*\n)*?    value: )\d+\n",
                           lambda m: f"{m.group(1)}{value - 1}\n", text), encoding="utf-8")
    commit(repo, "a value")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, "telecom.public_mailboxes", f"{value - 1:02d}") or \
        rows_with(out, "telecom.public_mailboxes", str(value - 1))
    assert "**Lời văn thay đổi**" not in out


def test_an_admonition_title_changed_is_a_changed_line(repo):
    page = repo / PAGE_2
    page.write_text(page.read_text(encoding="utf-8") + '\n!!! note "Lưu ý của Văn phòng"\n    Nội dung lưu ý.\n',
                    encoding="utf-8")
    commit(repo, "a note box")
    replace(repo, PAGE_2, '"Lưu ý của Văn phòng"', '"Lưu ý của Ban Thường vụ"')
    commit(repo, "its title")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, "<del>Văn phòng</del>", "<ins>Ban Thường vụ</ins>"), out


def test_a_figure_no_longer_waiting_for_a_decision_is_listed(repo):
    # the figure's `decision:` puts "[đề nghị]" after it on every page while the decision is pending
    text = (repo / "data/2023/digital.yml").read_text(encoding="utf-8")
    block = re.search(r"\n  services_synced:\n(?:    .*\n)*", text).group(0)
    decision = re.search(r"    decision: (\w+)\n", block).group(1)
    (repo / "data/2023/digital.yml").write_text(text.replace(block, block.replace(f"    decision: {decision}\n", "")),
                                                encoding="utf-8")
    commit(repo, "no decision")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, "2023/digital.services_synced`", "ghi chú biên tập", decision), out


def test_a_documents_corrected_number_changed_is_listed_in_vietnamese(repo):
    text = (repo / "data/2023/documents.yml").read_text(encoding="utf-8")
    number = re.search(r"corrected_number: (\S+)", text).group(1)
    replace(repo, "data/2023/documents.yml", f"corrected_number: {number}", f"corrected_number: {number}X")
    replace(repo, "data/2023/report.yml", "\nconfirmed: null", "\nconfirmed: {by: Văn phòng, date: 2023-12-15}")
    commit(repo, "a corrected number, confirmed")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, number, f"{number}X", "số đề nghị sửa"), out
    assert rows_with(out, "2023/confirmed", "xác nhận", "Văn phòng"), out


def test_a_letter_of_another_script_is_marked_where_it_stands(repo):
    # a Cyrillic "Т" (U+0422) in a label: old and new cells would read alike, search would not find the word
    text = (repo / "data/2023/telecom.yml").read_text(encoding="utf-8")
    label = re.search(r"public_mailboxes:\n    label: (.+)\n", text).group(1)
    assert label.startswith("T")
    spoofed = "\u0422" + label[1:]
    replace(repo, "data/2023/telecom.yml", f"label: {label}\n", f"label: {spoofed}\n")
    commit(repo, "a look-alike letter")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, "telecom.public_mailboxes", label, spoofed.replace("\u0422", "\u0422[U+0422]")), out
    assert "U+0422 CYRILLIC CAPITAL LETTER TE" in html.unescape(out).split("**Cần người duyệt xác nhận**")[1]


def test_a_table_taken_off_a_page_is_listed(repo):
    # a macro that writes a block (a table of indicators) is no sentence: its call, added or removed, is a row
    page = "docs/2023/ii-1-1-chi-tieu-nganh.md"
    call = re.search(r"^\{\{ (indicators_table\([^)]*\)) \}\}\n", (repo / page).read_text(encoding="utf-8"), re.M)
    replace(repo, page, call.group(0), "")
    commit(repo, "a table less")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    assert rows_with(out, f"{{{{ {call.group(1)} }}}}", "(đã xoá)", page[len("docs/"):]), out


def test_yes_and_no_are_written_in_vietnamese():
    from macros.commands.diff import value_text
    assert (value_text(True), value_text(False), value_text(0)) == ("có", "không", "0")


def test_a_yes_no_setting_of_a_page_is_written_in_vietnamese():
    from macros.commands.site_changes import meta_section
    (row,) = [line for line in meta_section({"a.md": {"search": {"exclude": False}}},
                                            {"a.md": {"search": {"exclude": True}}}) if "search.exclude" in line]
    assert row.endswith("| không | có |"), row


def test_a_figure_swapped_for_another_of_the_same_value_says_why_the_words_are_alike(repo):
    # the sentence reads the same, but shows another figure: its next change will not reach this page
    replace(repo, PAGE_2, 'fig("telecom.public_mailboxes", pad=2)', 'fig("party.members_transferred", pad=2)')
    commit(repo, "another figure")
    values = [re.search(rf"\n  {name}:\n(?:    .*\n)*?    value: (\d+)\n",
                        (repo / f"data/2023/{stem}.yml").read_text(encoding="utf-8")).group(1)
              for stem, name in (("telecom", "public_mailboxes"), ("party", "members_transferred"))]
    assert values[0] == values[1]
    out = diff(repo, "HEAD~1", "HEAD").stdout
    (row,) = rows_with(out, "thùng thư công cộng")
    assert "<del>" not in row and "chữ như cũ; số liệu trong câu lấy từ khoá khác" in row, row


def test_a_mention_or_maths_in_changed_words_stays_text_on_the_git_server(repo):
    # GitHub would notify the user @van-phong and set $5$ as maths; a key in `code` keeps its signs as typed
    replace(repo, PAGE_2, "Các doanh nghiệp hoạt động", "Các doanh nghiệp (@van-phong, $5$) hoạt động")
    commit(repo, "signs")
    out = diff(repo, "HEAD~1", "HEAD").stdout
    (row,) = [line for line in out.splitlines() if "van-phong" in line]
    assert "@" not in row and "$" not in row and "&#64;van-phong" in row and "&#36;5&#36;" in row, row
    assert html.unescape(row).count("@van-phong") == 1
