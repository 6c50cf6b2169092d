"""`diff` against what careless or hostile pull requests do (the change table, macros/commands/diff.py): a key renamed
or a figure moved to another file, whitespace only, a page deleted, a base that does not load. Expected values are read
here from the data files with PyYAML.
"""
from __future__ import annotations

import html
import re

import yaml

from test_diff import base_repo, commit, diff, git, repo, section   # noqa: F401  (the throwaway git repository)


def cut_figure(path, name: str) -> str:
    """Remove the figure `name` (its whole block) from a figures file; the block."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  {name}:\n") + 1
    end = re.compile(r"^  \S", re.M).search(text, start + 3)
    block = text[start:end.start() if end else len(text)]
    path.write_text(text[:start] + text[start + len(block):], encoding="utf-8")
    return block


def test_a_figure_moved_to_another_file_is_one_key_row_not_a_figure_added_removed_and_a_sentence(repo):
    """The reader sees the same number, words and sentence: the table says the key changed (so a reviewer checks the
    pages and rules that name it), and claims no figure added or removed and no sentence changed."""
    data, page = repo / "data" / "2023", repo / "docs" / "2023" / "ii-1-2-02-buu-chinh-vien-thong.md"
    assert "post_offices" not in yaml.safe_load((data / "digital.yml").read_text(encoding="utf-8"))["figures"]
    block = cut_figure(data / "telecom.yml", "post_offices")
    with (data / "digital.yml").open("a", encoding="utf-8") as f:
        f.write(block)
    text = page.read_text(encoding="utf-8")
    assert text.count('fig("telecom.post_offices")') == 1
    page.write_text(text.replace('fig("telecom.post_offices")', 'fig("digital.post_offices")'), encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "0 số liệu đổi, 0 câu lời văn đổi" in out, out
    assert "**Số liệu thay đổi**" not in out and "**Lời văn thay đổi**" not in out, out
    rows = [r for r in section(out, "**Thay đổi khác người đọc sẽ thấy**") if "khoá" in r]
    assert len(rows) == 1, out
    cells = [html.unescape(c.strip()) for c in rows[0].split(" | ")]
    assert cells[1:5] == ["`2023/digital.post_offices`", "khoá", "telecom.post_offices", "digital.post_offices"], rows


def test_a_broken_base_still_says_that_code_changed(repo):
    """main holds data the loader refuses (merged broken): no table can be made, but the pull request that mends it
    and also changes macros/ must still lead with "Thay đổi mã" — the flag needs no data. Both the command and the
    comment `preview` posts say it."""
    from macros.commands.preview import comment
    telecom = repo / "data" / "2023" / "telecom.yml"
    good = telecom.read_text(encoding="utf-8")
    telecom.write_text(good.replace("\nfigures:\n", "\nfigures: [\n", 1), encoding="utf-8")
    assert telecom.read_text(encoding="utf-8") != good
    base = commit(repo, "main broken")
    telecom.write_text(good, encoding="utf-8")
    hook = repo / "macros" / "site" / "mkdocs_hooks.py"
    hook.write_text(hook.read_text(encoding="utf-8") + "\nimport os  # runs on every build\n", encoding="utf-8")
    git(repo, "add", "-A")
    result = diff(repo, base)
    assert result.returncode == 1
    assert "Thay đổi mã" in result.stderr and "`macros/site/mkdocs_hooks.py`" in result.stderr, result.stderr
    assert "data/2023/telecom.yml" in result.stderr          # and the base's error, as before
    text, _ = comment(repo, base)
    assert text.startswith("**Thay đổi mã — cần người duyệt kỹ thuật**"), text[:300]
    assert "`macros/site/mkdocs_hooks.py`" in text.split("\n", 1)[0] and "Không so sánh được" in text


def test_a_base_whose_mkdocs_yml_does_not_load_is_refused_by_name_not_read_as_an_empty_sidebar(repo):
    """mkdocs.yml broken on main: read as nothing, every sidebar entry and setting would be a row "added" by the pull
    request that mends it. The base is refused like one whose data does not load: file, line, what to do."""
    config = repo / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    assert good.count("\nnav:\n") == 1
    config.write_text(good.replace("\nnav:\n", "\nnav: [\n"), encoding="utf-8")
    base = commit(repo, "main broken")
    line = good[:good.index("\nnav:\n")].count("\n") + 2
    config.write_text(good, encoding="utf-8")
    result = diff(repo, base)
    assert result.returncode == 1, result.stdout[:500]
    assert "**Mục lục thay đổi**" not in result.stdout + result.stderr
    assert re.search(rf"mkdocs\.yml:{line}\b|mkdocs\.yml:{line + 1}\b", result.stderr), result.stderr
    assert "Cách sửa" in result.stderr and "Traceback" not in result.stderr


def test_a_figure_renamed_with_words_before_it_added_is_not_a_mere_key_change(repo):
    """Renamed and given a qualifier ("ít nhất") in the same edit: the reader sees new words, so it is not folded into
    a key row that would hide them."""
    telecom = repo / "data" / "2023" / "telecom.yml"
    text = telecom.read_text(encoding="utf-8")
    assert text.count("\n  post_offices:\n    label: Bưu cục\n") == 1
    telecom.write_text(text.replace("\n  post_offices:\n    label: Bưu cục\n",
                                    "\n  post_offices_all:\n    label: Bưu cục\n    qualifier: ít nhất\n"), encoding="utf-8")
    page = repo / "docs" / "2023" / "ii-1-2-02-buu-chinh-vien-thong.md"
    page.write_text(page.read_text(encoding="utf-8").replace('"telecom.post_offices"', '"telecom.post_offices_all"'),
                    encoding="utf-8")
    out = diff(repo).stdout
    assert "`2023/telecom.post_offices_all` (thêm mới)" in out and "`2023/telecom.post_offices` (đã xoá)" in out, out


def test_a_figure_renamed_where_the_cover_and_a_rule_name_it_is_one_key_row(repo):
    """digital.services_total is a card of the cover (cover.yml) and a side of a rule (rules.yml): renamed everywhere
    it is named, the reader sees nothing change, and the table says only that the key changed — not a card's value
    and a rule's side as changes of their own. A change of the same card beside the rename is still its row."""
    data = repo / "data" / "2023"
    named = {path: path.read_text(encoding="utf-8") for path in [*data.glob("*.yml"), *(repo / "docs").rglob("*.md")]
             if "digital.services_total" in path.read_text(encoding="utf-8")}
    assert {p.name for p in named} >= {"cover.yml", "rules.yml"}, named.keys()
    for path, text in named.items():
        path.write_text(text.replace("digital.services_total", "digital.services_all"), encoding="utf-8")
    digital = data / "digital.yml"   # in its own file the key is local: the figure, part_of, ratio
    digital.write_text(digital.read_text(encoding="utf-8").replace("services_total", "services_all"), encoding="utf-8")
    cover = data / "cover.yml"
    card = yaml.safe_load(cover.read_text(encoding="utf-8"))["key_figures"]
    place = next(i for i, c in enumerate(card, 1) if "{digital.services_all}" in c["value"])
    text = cover.read_text(encoding="utf-8")
    assert text.count("    text: dịch vụ công trên Cổng") == 1
    cover.write_text(text.replace("    text: dịch vụ công trên Cổng", "    text: dịch vụ công trực tuyến trên Cổng"),
                     encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "0 số liệu đổi, 0 câu lời văn đổi" in out and "Quy tắc kiểm tra" not in out, out
    rows = [[html.unescape(c.strip()) for c in r.split(" | ")] for r in section(out, "**Thay đổi khác người đọc sẽ thấy**")]
    assert [r[1:3] for r in rows] == [["`2023/digital.services_all`", "khoá"],
                                          [f"`2023/cover.{place}`", "lời dưới số"]], out
    assert rows[0][3:5] == ["digital.services_total", "digital.services_all"], rows
    assert rows[1][3].startswith("dịch vụ công trên Cổng") and rows[1][4].startswith("dịch vụ công trực tuyến"), rows
