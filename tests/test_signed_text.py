"""Fidelity to the signed text is a check (issue 20 item 3, issue 23 item 3): `check` and the build compare the
printed report with the year's text of record (data/<year>/signed.txt) and refuse a difference that no editorial
decision, typo fix or house style explains; the review copy counts every kind; `sign` stores a signed year's text.

The mechanism is tested on a tiny project written here (one section page, a text of record of four lines, a
decision), not on the 2023 content: the expectations are the tiny texts below. The real report passing is the
session build (`site`): a build that finds a difference stops.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from macros.data.fidelity import Change, compare
from macros.output.printed import Block, blocks

YEAR = 2099
PAGE = f"docs/{YEAR}/i-ket-qua.md"
RECORD = "BÁO CÁO\nKết quả năm 2099\nI. KẾT QUẢ:\nĐảng bộ có 37 đảng viên, ngày 21/6/2099 họp \"toàn thể\".\nBÍ THƯ\n"
SENTENCE = '- Đảng bộ có {{ fig("party.members") }} đảng viên, ngày {{ fig("party.meeting") }} họp “toàn thể”.'


# --------------------------------------------------------------------------- the comparison itself (quick)

def printed(*texts: str, page: str = "2099/a.md") -> list[Block]:
    return [Block(t, page, heading=t.startswith("I.")) for t in texts]


SIGNED = "BÁO CÁO\nI. KẾT QUẢ:\nĐảng bộ có 37 đảng viên.\nNgày 21/6/2099 họp \"toàn thể\"; có tổ chức chức lại.\n"
AS_SIGNED = ("BÁO CÁO", "I. KẾT QUẢ", "Đảng bộ có 37 đảng viên.", "Ngày 21/06/2099 họp “toàn thể”; có tổ chức lại.")
TYPO = Change("tổ chức chức lại", "tổ chức lại")


def test_house_style_and_a_typo_fix_are_no_finding_and_each_is_counted():
    result = compare(SIGNED, printed(*AS_SIGNED), [TYPO])
    assert result.findings == []
    assert {kind: len(items) for kind, items in result.style.items()} == {"heading_colon": 1, "date": 1, "quotes": 2}
    assert ("21/6/2099", "21/06/2099", "2099/a.md") in result.style["date"]


def test_house_style_goes_one_way_a_date_written_shorter_than_signed_is_a_difference():
    [f] = compare("Ngày 21/06/2099 họp.\n", printed("Ngày 21/6/2099 họp."), []).findings
    assert (f.was, f.now, f.problem) == ("21/06/2099", "21/6/2099", "differs")


def test_a_word_changed_is_named_with_its_page_and_both_sentences():
    result = compare(SIGNED, printed(*AS_SIGNED[:2], "Đảng bộ có 38 đảng viên.", AS_SIGNED[3]), [TYPO])
    [f] = result.findings
    assert (f.page, f.was, f.now, f.problem) == ("2099/a.md", "37", "38", "differs")
    assert f.printed == "Đảng bộ có 38 đảng viên." and f.recorded == "Đảng bộ có 37 đảng viên."


def test_a_dropped_or_added_word_and_a_colon_inside_a_sentence_are_differences():
    for text, was, now in (("Đảng bộ 37 đảng viên.", "có", ""), ("Đảng bộ có 37 đảng viên mới.", "viên.", "viên mới."),
                           ("Đảng bộ có: 37 đảng viên.", "có", "có:")):
        [f] = compare(SIGNED, printed(AS_SIGNED[0], AS_SIGNED[1], text, AS_SIGNED[3]), [TYPO]).findings
        assert (f.was, f.now) == (was, now), text


def test_a_decision_covers_its_change_pending_or_approved_and_the_print_may_keep_the_signed_words():
    new = printed(*AS_SIGNED[:2], "Đảng bộ có 35 đảng viên.", AS_SIGNED[3])
    for approved in (True, False):
        decision = Change("có 37 đảng viên", "có 35 đảng viên", "so_dang_vien", approved)
        assert compare(SIGNED, new, [TYPO, decision]).findings == []
    pending = Change("có 37 đảng viên", "có 35 đảng viên", "so_dang_vien", False)
    assert compare(SIGNED, printed(*AS_SIGNED), [TYPO, pending]).findings == []


def test_an_approved_decision_or_a_typo_fix_the_print_does_not_make_is_a_finding():
    approved = Change("có 37 đảng viên", "có 35 đảng viên", "so_dang_vien", True, line=7)
    [f] = compare(SIGNED, printed(*AS_SIGNED), [TYPO, approved]).findings
    assert (f.problem, f.change) == ("not_made", approved)
    kept = printed(*AS_SIGNED[:3], "Ngày 21/06/2099 họp “toàn thể”; có tổ chức chức lại.")
    [f] = compare(SIGNED, kept, [TYPO]).findings
    assert (f.problem, f.change) == ("not_made", TYPO)


def test_a_decision_whose_printed_words_went_stale_is_one_finding_about_that_decision():
    decision = Change("có 37 đảng viên", "có 35 đảng viên", "so_dang_vien", True)
    [f] = compare(SIGNED, printed(*AS_SIGNED[:2], "Đảng bộ có 36 đảng viên.", AS_SIGNED[3]), [TYPO, decision]).findings
    assert (f.problem, f.change, f.was, f.now) == ("decision_published", decision, "37", "36")


def test_a_quotation_of_the_signed_text_that_is_not_in_it_is_stale_unless_the_text_already_has_the_change():
    wrong = Change("có 73 đảng viên", "có 35 đảng viên", "so_dang_vien", True)
    [f] = compare(SIGNED, printed(*AS_SIGNED), [TYPO, wrong]).findings
    assert (f.problem, f.change) == ("stale", wrong)
    signed_in = Change("có 36 đảng viên", "có 37 đảng viên", "truoc_khi_ky", True)   # taken before the signing
    assert compare(SIGNED, printed(*AS_SIGNED), [TYPO, signed_in]).findings == []


def test_a_heading_split_from_its_text_and_invisible_spelling_are_not_differences():
    signed = "II. TỔ CHỨC: Đảng bộ có 37 đảng viên.\n"
    split = printed("II. TỔ CHỨC", "Đảng bộ có 37 đảng viên.")
    split[0] = Block("II. TỔ CHỨC", "2099/a.md", heading=True)
    result = compare(signed, split, [])
    assert result.findings == [] and len(result.style["split_heading"]) == 1
    decomposed = "Đảng bộ có 37 đảng viên.".replace("ả", "a\u0309")       # the same letters, written decomposed
    assert compare(decomposed + "\n", printed("Đảng bộ có 37 đảng viên."), []).findings == []


def test_the_print_is_what_paper_shows_each_block_named_by_its_section_page():
    page = ('<div class="doc-header"><p>ĐẢNG BỘ</p></div><div class="doc-title"><p class="doc-type">BÁO CÁO</p></div>'
            '<h1 class="part">I. Kết quả</h1><!-- baocao:section 2099/a.md 1 -->'
            '<div class="doc-signature"><div class="recipients"><p>Nơi nhận:</p></div><p class="signer-title">BÍ THƯ</p>'
            '<p class="signer-name">A</p></div><section class="review-only"><p>BẢN XEM XÉT</p></section>')
    section = ('<ul><li>Có <span class="fig" data-key="2099/party.members">37</span> đảng viên<ul><li>nữ <del>12</del> 13</li></ul></li></ul>'
               '<div class="admonition editorial-note"><p>Ghi chú</p></div><table class="screen-only"><tr><td>x</td></tr>'
               '</table><p>Ngày <span class="fill-in"><span class="screen-only">…</span><span class="print-only"> </span>'
               '</span>họp.</p>')
    assert blocks(page, "2099/in.md", {"2099/a.md": section}) == [
        Block("BÁO CÁO", "2099/in.md"), Block("I. KẾT QUẢ", "2099/in.md", True), Block("Có 37 đảng viên", "2099/a.md", False, (("37", "2099/party.members"),)),
        Block("nữ 13", "2099/a.md"), Block("Ngày họp.", "2099/a.md"), Block("BÍ THƯ", "2099/in.md")]


# --------------------------------------------------------------------------- a tiny signed project (check, build, sign)

def write_project(root: Path, signed: bool = True) -> Path:
    """One section page, one figures file, the report facts, no decision; signed: the text of record RECORD."""
    for name in ("macros", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data" / "schemas", root / "data" / "schemas")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    files = {
        "mkdocs.yml": f"""\
            site_name: Thử
            theme: {{name: material, language: vi, font: false, custom_dir: overrides}}
            plugins: [search, {{macros: {{module_name: macros, on_undefined: strict, on_error_fail: true}}}}]
            hooks: [macros/site/mkdocs_hooks.py]
            markdown_extensions: [admonition, attr_list, md_in_html, tables, {{toc: {{permalink: false}}}}]
            nav:
              - Năm {YEAR}:
                - I. Kết quả: {YEAR}/i-ket-qua.md
                - Phụ lục:
                  - Toàn văn báo cáo (bản in): {YEAR}/in-toan-van.md
            """,
        f"data/{YEAR}/rules.yml": "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n",
        f"data/{YEAR}/decisions.yml": "# yaml-language-server: $schema=../schemas/decisions.schema.json\ndecisions: {}\n",
        f"data/{YEAR}/report.yml": """\
            # yaml-language-server: $schema=../schemas/report.schema.json
            superior_body: ĐẢNG BỘ CẤP TRÊN
            issuing_body: ĐẢNG ỦY THỬ
            number: 1
            number_suffix: -BC/ĐU
            place: An Giang
            date: 2099-12-15
            document_type: BÁO CÁO
            summary: Kết quả năm 2099
            on_behalf: T/M ĐẢNG ỦY
            signer_title: BÍ THƯ
            signer_name: Nguyễn Văn A
            recipients: [Lưu]
            confirmed: {by: Văn phòng Đảng ủy, date: 2099-12-16}
            """,
        f"data/{YEAR}/party.yml": """\
            # yaml-language-server: $schema=../schemas/figures.schema.json
            title: Công tác đảng
            figures:
              members: {label: Số đảng viên, unit: đảng viên, value: 37}
              meeting: {label: Ngày họp toàn thể, unit: ngày, value: 2099-06-21}
            """,
        PAGE: f"# I. Kết quả {{ .part }}\n\n{SENTENCE}\n\n{{{{ signature() }}}}\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    if signed:
        (root / f"data/{YEAR}/signed.txt").write_text(RECORD, encoding="utf-8")
    return root


def macros(root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(root), *args], cwd=root, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


DECISION = """\
decisions:
  so_dang_vien:
    title: Số đảng viên
    source_says: Bản đã ký ghi 37 đảng viên.
    decision: Ghi số mới.
    changes:
      - source: {source}
        published: Đảng bộ hiện có 37 đảng viên
    approval: {approval}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("signed") / "project")


@pytest.mark.build
def test_check_refuses_a_word_changed_away_from_the_signed_text_and_a_decision_lets_it_pass(tiny):
    assert macros(tiny, "check").returncode == 0, macros(tiny, "check").stderr
    edit(tiny, PAGE, "- Đảng bộ có", "- Đảng bộ hiện có")
    result = macros(tiny, "check")
    assert result.returncode == 1
    assert f"{PAGE}:3:" in result.stderr and "Đảng bộ hiện có 37 đảng viên" in result.stderr
    assert "ghi một quyết định biên tập trong data/2099/decisions.yml" in result.stderr
    assert "Traceback" not in result.stderr
    decisions = tiny / f"data/{YEAR}/decisions.yml"
    head = "# yaml-language-server: $schema=../schemas/decisions.schema.json\n"
    decisions.write_text(head + DECISION.format(source="Đảng bộ có 37 đảng viên", approval="null"), encoding="utf-8")
    assert macros(tiny, "check").returncode == 0, "a pending decision covers it (the report stays a draft)"
    decisions.write_text(head + DECISION.format(source="Đảng bộ có 37 đảng viên",
                                                approval="{by: Ban Thường vụ, date: 2099-12-14}"), encoding="utf-8")
    assert macros(tiny, "check").returncode == 0, "an approved decision covers it"
    decisions.write_text(head + DECISION.format(source="Đảng bộ có 73 đảng viên", approval="null"), encoding="utf-8")
    stale = macros(tiny, "check")
    assert stale.returncode == 1 and f"data/{YEAR}/decisions.yml:8" in stale.stderr, stale.stderr
    assert "“Đảng bộ có 73 đảng viên”" in stale.stderr and f"data/{YEAR}/signed.txt" in stale.stderr
    edit(tiny, f"data/{YEAR}/decisions.yml", "có 73", "có 37")
    edit(tiny, f"data/{YEAR}/party.yml", "value: 37", "value: 38")
    moved = macros(tiny, "check")
    assert moved.returncode == 1 and "[khoá/key: so_dang_vien]" in moved.stderr, moved.stderr
    assert f"data/{YEAR}/decisions.yml dòng 8" in moved.stderr and "Đảng bộ hiện có 38 đảng viên" in moved.stderr
    assert f"số liệu party.members (data/{YEAR}/party.yml:" in moved.stderr, "the data that made the difference"
    edit(tiny, "mkdocs.yml", f"      - Toàn văn báo cáo (bản in): {YEAR}/in-toan-van.md\n", "")
    edit(tiny, "mkdocs.yml", "    - Phụ lục:\n", "")
    unprinted = macros(tiny, "check")
    assert unprinted.returncode == 1 and "không có trang toàn văn" in unprinted.stderr, "a signed year is never unchecked"


@pytest.mark.build
def test_the_build_stops_on_the_same_difference_and_the_review_copy_counts_every_kind(tmp_path):
    root = write_project(tmp_path / "project")
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site" / str(YEAR) / "in-toan-van" / "index.html").read_text(encoding="utf-8")
    review = html[html.index('class="review-only review-appendix"'):]
    assert "0 ghi chú, 0 chỗ sửa chữ" in review and "Lỗi gõ của bản gốc được sửa</strong> (không đổi ý, không cần duyệt): 0" \
        in review
    assert "trình bày</strong> (không đổi ý, không cần duyệt): 4 chỗ" in review
    assert "21/6/2099 → 21/06/2099" in review and "I. KẾT QUẢ: → I. KẾT QUẢ" in review
    assert "baocao:review-style" not in html
    edit(root, PAGE, "đảng viên, ngày", "đảng viên chính thức, ngày")
    failed = build_site(root, tmp_path / "site2")
    assert failed.returncode != 0
    assert f"{PAGE}:3:" in failed.stderr and "“viên,” → “viên chính thức,”" in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.build
def test_sign_stores_the_printed_text_once_and_refuses_a_draft(tmp_path):
    root = write_project(tmp_path / "project", signed=False)
    edit(root, PAGE, "- Đảng bộ có", "- Đảng bộ hiện có")
    assert macros(root, "check").returncode == 0, "a year not signed yet is not compared"
    edit(root, f"data/{YEAR}/report.yml", "number: 1", "number: null")
    draft = macros(root, "sign", "--year", str(YEAR))
    assert draft.returncode == 1 and "còn là dự thảo" in draft.stderr and "number" in draft.stderr
    assert not (root / f"data/{YEAR}/signed.txt").exists()
    edit(root, f"data/{YEAR}/report.yml", "number: null", "number: 1")
    signed = macros(root, "sign", "--year", str(YEAR))
    assert signed.returncode == 0, signed.stderr
    assert (root / f"data/{YEAR}/signed.txt").read_text(encoding="utf-8") == \
        "BÁO CÁO\nKết quả năm 2099\nI. KẾT QUẢ\nĐảng bộ hiện có 37 đảng viên, ngày 21/06/2099 họp “toàn thể”.\nBÍ THƯ\n"
    again = macros(root, "sign", "--year", str(YEAR))
    assert again.returncode == 2 and "không bao giờ bị thay" in again.stderr
    assert macros(root, "check").returncode == 0
    edit(root, PAGE, "- Đảng bộ hiện có", "- Đảng bộ có")
    after = macros(root, "check")
    assert after.returncode == 1 and "“hiện” → (không có / nothing)" in after.stderr, after.stderr


# --------------------------------------------------------------------------- the real report

NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s")
DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
KINDS = {"date": "Ngày viết đủ hai chữ số", "heading_colon": "bỏ dấu hai chấm ở cuối", "split_heading": "tách khỏi",
         "quotes": "ngoặc kép"}


def test_the_real_review_copy_counts_every_house_style_difference_of_the_signed_text(site):
    """The 2023 print passed the comparison (the build); its review copy counts what the signed text writes otherwise
    than the house style, counted here from the signed text and the printed headings: every date with a one-digit
    day or month, every heading written with a colon (at its end, or before text on the same line), every word
    with a straight quote."""
    html = (site / "2023" / "in-toan-van" / "index.html").read_text(encoding="utf-8")
    headings = {re.sub(r"<[^>]+>|\s+", " ", h).strip().casefold()
                for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)}
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", line).strip()
             for line in (ROOT / "data" / "2023" / "signed.txt").read_text(encoding="utf-8").splitlines()]
    expected = {"date": sum(1 for line in lines for d, m, _ in DATE.findall(line) if len(d) < 2 or len(m) < 2),
                "quotes": sum(1 for line in lines for word in line.split() if '"' in word),
                "heading_colon": 0, "split_heading": 0}
    for line in lines:
        head, colon, rest = line.partition(":")
        if NUMBERED.match(line) and colon and head.strip().casefold() in headings:
            expected["split_heading" if rest.strip() else "heading_colon"] += 1
    review = html[html.index('<div class="review-style">'):]
    review = review[:review.index("</div>")]
    listed = {kind: int(re.search(re.escape(words) + r"[^<]*?: (\d+) chỗ", review).group(1)) for kind, words in KINDS.items()}
    assert listed == expected
    assert expected["date"] >= 20 and expected["heading_colon"] + expected["split_heading"] >= 17


@pytest.mark.build
def test_an_unchanged_report_is_compared_from_the_cache_and_an_edited_page_is_converted_again(tmp_path):
    """check stays fast: the printed text of each page is kept under its rendered text, the comparison under all of
    its inputs; a warm check converts no Markdown (does not even import it), an edited page is converted again."""
    root = write_project(tmp_path / "project")
    probe = ("import sys; from macros.commands.cli import main; code = main(['--root', sys.argv[1], 'check']); "
             "print(code, 'markdown' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "user-cache"))   # a cache of its own
    env.pop("BAOCAO_NO_CACHE", None)
    env.pop("BAOCAO_CACHE_DIR", None)

    def run():
        done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, env=env,
                              cwd=root, timeout=120)
        return done.stdout.split()[-2:]
    assert [run(), run()] == [["0", "True"], ["0", "False"]]
    edit(root, PAGE, "- Đảng bộ có", "- Đảng bộ hiện có")
    assert run() == ["1", "True"]
    assert run() == ["1", "False"], "the finding itself comes from the cache"
