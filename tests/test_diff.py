"""`python -m macros diff`: real commits in a throwaway git repository, the real command, the printed table.

Expected values come from the data files read here with PyYAML and this file's own arithmetic and formatting.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Done, made_once, run_macros
from oracles import percent as vi_percent, thousands as vi_count

NO_CHANGE = "Không có số liệu nào thay đổi."
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --------------------------------------------------------------------------- helpers

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.email=test@example.invalid", "-c", "user.name=Test", *args],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def base_repo(tmp_path_factory) -> Path:
    """The project committed once on `main` in a throwaway repository, made once per test run."""
    def make(repo: Path) -> None:
        repo.mkdir()
        for name in ("data", "docs", "macros"):
            shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base")
    return made_once(tmp_path_factory, "diff-base-repo", make)


@pytest.fixture
def repo(base_repo, tmp_path) -> Path:
    """A clone of the base repository (on `main`, one commit) that a test changes and commits to."""
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "-q", "--local", str(base_repo), str(repo))
    return repo


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def diff(repo: Path, *revs: str) -> Done:
    """`python -m macros diff` in this process, on the repository (its main and output, as --root gives it)."""
    return run_macros("--root", str(repo), "diff", *revs)


def diff_command(repo: Path, *revs: str) -> subprocess.CompletedProcess:
    """The command as an editor runs it: a new process in the repository's folder (the default --root)."""
    return subprocess.run([sys.executable, "-m", "macros", "diff", *revs], cwd=repo, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def figures(repo: Path, stem: str) -> dict:
    return yaml.safe_load((repo / "data" / "2023" / f"{stem}.yml").read_text(encoding="utf-8"))["figures"]


def set_value(repo: Path, stem: str, name: str, old, new) -> None:
    """Change `value:` of one figure, as an editor would in a text editor."""
    path = repo / "data" / "2023" / f"{stem}.yml"
    text = path.read_text(encoding="utf-8")
    block = re.compile(rf"(\n  {name}:\n(?:    .*\n)*?    value: ){re.escape(str(old))}\n")
    assert len(block.findall(text)) == 1, f"{name} not found once in {path}"
    path.write_text(block.sub(lambda m: f"{m.group(1)}{new}\n", text), encoding="utf-8")


def rows(output: str) -> dict:
    """{key: {"mark", "label", "old", "new", "pages"}} from the Markdown table."""
    found = {}
    for line in output.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        m = re.fullmatch(r"`([^`]+)`\s*(\(.*\))?", cells[0])
        found[m.group(1)] = {"mark": m.group(2) or "", "label": cells[1], "old": cells[2], "new": cells[3],
                             "pages": cells[4]}
    return found


def pages_using(repo: Path, key: str) -> list[str]:
    """Pages whose Markdown asks for the figure by name (grep, outside {% raw %} blocks)."""
    out = []
    for md in sorted((repo / "docs").rglob("*.md")):
        text = re.sub(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", "", md.read_text(encoding="utf-8"), flags=re.S)
        if re.search(r"fig\(\s*[\"']" + re.escape(key) + r"[\"']", text):
            out.append(md.relative_to(repo / "docs").as_posix())
    return out


def assert_pages(repo: Path, row: dict, key: str) -> None:
    pages = pages_using(repo, key)
    if not pages:   # shown only through a sentence, table or chart macro, or nowhere
        for listed in re.findall(r"`([^`]+\.md)`", row["pages"]):
            page = repo / "docs" / listed
            if not page.exists():   # a system page: the same template every year
                page = repo / "macros/sources/system_pages" / Path(listed).name
            text = page.read_text(encoding="utf-8")
            assert re.search(r"\{\{\s*(chart|indicators_sentence|indicators_table|tally|key_figures)\(", text), \
                (key, listed)
    for src in pages:
        assert f"`{src}`" in row["pages"], (key, src, row["pages"])


# --------------------------------------------------------------------------- tests

def test_changed_count_moves_its_derived_totals_and_shares(repo):
    before = figures(repo, "party")
    good = before["members_good"]["value"]
    base = git(repo, "rev-parse", "HEAD")
    set_value(repo, "party", "members_good", good, good + 1)
    head = commit(repo, "một đảng viên nữa hoàn thành tốt nhiệm vụ")

    result = diff(repo, base, head)
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)

    parts = [before[k]["value"] for k in ("members_excellent", "members_good", "members_completed",
                                          "members_not_completed")]
    rated_old, rated_new = sum(parts), sum(parts) + 1
    excellent = before["members_excellent"]["value"]
    better_old, better_new = excellent + good, excellent + good + 1
    expected = {
        "2023/party.members_good": ("", vi_count(good), vi_count(good + 1)),
        "2023/party.members_rated": ("(suy ra)", vi_count(rated_old), vi_count(rated_new)),
        "2023/party.members_good_or_better": ("(suy ra)", vi_count(better_old), vi_count(better_new)),
        "2023/party.members_good_or_better_share": ("(suy ra)", vi_percent(100 * better_old / rated_old),
                                                    vi_percent(100 * better_new / rated_new)),
        "2023/party.members_excellent_share": ("(suy ra)", vi_percent(100 * excellent / rated_old),
                                               vi_percent(100 * excellent / rated_new)),
    }
    assert set(table) == set(expected), result.stdout
    for key, (mark, old, new) in expected.items():
        assert (table[key]["mark"], table[key]["old"], table[key]["new"]) == (mark, old, new), key
        assert table[key]["label"] == before[key.split(".", 1)[1]]["label"]
        assert_pages(repo, table[key], key.split("/", 1)[1])
    # the seed text: "29 đảng viên hoàn thành tốt nhiệm vụ"
    assert (good, table["2023/party.members_good"]["new"]) == (29, "30")


def test_working_tree_change_against_main(repo):
    """Defaults: the merge base with main, and the uncommitted working tree."""
    tel = figures(repo, "telecom")
    poor, near = tel["poor_households"]["value"], tel["near_poor_households"]["value"]
    set_value(repo, "telecom", "poor_households", poor, poor + 1)

    result = diff(repo)
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert set(table) == {"2023/telecom.poor_households", "2023/telecom.poor_and_near_poor_households"}
    row = table["2023/telecom.poor_households"]
    assert (row["mark"], row["old"], row["new"]) == ("", vi_count(poor), vi_count(poor + 1))
    total = table["2023/telecom.poor_and_near_poor_households"]
    assert (total["mark"], total["old"], total["new"]) == ("(suy ra)", vi_count(poor + near), vi_count(poor + near + 1))
    # the seed text: "39.242 hộ, trong đó có 14.871 hộ nghèo"
    assert (row["old"], row["new"], total["old"], total["new"]) == ("14.871", "14.872", "39.242", "39.243")
    assert_pages(repo, total, "telecom.poor_and_near_poor_households")
    assert "thư mục làm việc" in result.stdout.splitlines()[0]


def test_revision_compared_with_itself_prints_one_line(repo):
    result = diff(repo, "HEAD", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == NO_CHANGE + "\n"
    clean = diff_command(repo)              # working tree equal to main; as an editor runs it, in the folder
    assert (clean.returncode, clean.stdout) == (0, NO_CHANGE + "\n")


def test_added_and_removed_figures(repo):
    party = figures(repo, "party")
    gone = "anticorruption_outreach"
    assert gone not in (repo / "data" / "2023" / "rules.yml").read_text(encoding="utf-8")
    assert not any(gone in str(spec.get("sum", "")) + str(spec.get("ratio", "")) for spec in party.values())
    path = repo / "data" / "2023" / "party.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"\n  {gone}:\n(    .*\n)+", "\n", text)
    text += "  youth_union_members:\n    label: Đoàn viên thanh niên\n    value: 1234\n    unit: đoàn viên\n"
    path.write_text(text, encoding="utf-8")
    head = commit(repo, "thêm một số liệu, bỏ một số liệu")

    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert set(table) == {"2023/party.youth_union_members", f"2023/party.{gone}"}
    added, removed = table["2023/party.youth_union_members"], table[f"2023/party.{gone}"]
    assert (added["mark"], added["old"], added["new"], added["label"]) == ("(thêm mới)", "—", "1.234",
                                                                          "Đoàn viên thanh niên")
    assert (removed["mark"], removed["old"], removed["new"]) == ("(đã xoá)", vi_count(party[gone]["value"]), "—")


def test_broken_revision_fails_and_names_file_and_key(repo):
    tel = figures(repo, "telecom")
    poor = tel["poor_households"]["value"]
    set_value(repo, "telecom", "poor_households", poor, vi_count(poor))     # "14.871": a thousands dot
    head = commit(repo, "gõ nhầm dấu chấm hàng nghìn")

    result = diff(repo, "HEAD~1", head)
    assert result.returncode != 0
    assert result.stdout == ""
    assert "data/2023/telecom.yml" in result.stderr and "poor_households" in result.stderr
    assert head[:8] in result.stderr


def test_unavailable_base_in_a_shallow_clone(repo, tmp_path):
    set_value(repo, "telecom", "poor_households", figures(repo, "telecom")["poor_households"]["value"], 1)
    commit(repo, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{repo}", str(shallow)], check=True)

    missing = diff_command(shallow, "HEAD~1", "HEAD")
    assert missing.returncode != 0
    assert "Không tìm thấy phiên bản 'HEAD~1'" in missing.stderr and "git fetch" in missing.stderr

    same = diff(shallow, "HEAD", "HEAD")        # BASE given explicitly and present: works, fetches nothing
    assert (same.returncode, same.stdout) == (0, NO_CHANGE + "\n")


# --------------------------------------------------------------------------- everything else a reader sees

def others(output: str) -> list[dict]:
    """Rows of the second table: {"kind", "key", "what", "old", "new", "pages"}."""
    found = []
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 6 and cells[1].startswith("`"):
            found.append(dict(zip(("kind", "key", "what", "old", "new", "pages"), cells)) | {"key": cells[1].strip("`")})
    return found


def flags(output: str) -> dict:
    """{key: text} of the lines under 'Cần người duyệt xác nhận'."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^- ⚠ `([^`]+)`: (.*)$", output, re.M)}


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def data_of(repo: Path, stem: str) -> dict:
    return yaml.safe_load((repo / "data" / "2023" / f"{stem}.yml").read_text(encoding="utf-8"))


def one(rows: list[dict], **match) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, rows)
    return found[0]


def test_documents_and_citations(repo):
    doc = data_of(repo, "documents")["documents"]["qd_85_tw"]
    new_number = doc["number"].replace("85", "86")
    edit(repo, "data/2023/documents.yml", f"    number: {doc['number']}\n", f"    number: {new_number}\n")
    edit(repo, "data/2023/documents.yml", "    date: 2022-10-07\n", "    date: 2022-10-08\n")
    cited_once = next(md for md in (repo / "docs").rglob("*.md") if 'doc("kl_01_tw"' in md.read_text(encoding="utf-8"))
    text = cited_once.read_text(encoding="utf-8")
    call = re.search(r'\{\{ doc\("kl_01_tw".*?\}\}', text).group()
    cited_once.write_text(text.replace(call, "Kết luận"), encoding="utf-8")                 # a citation removed
    (repo / "docs/2023/i-ket-qua-noi-bat.md").write_text(
        (repo / "docs/2023/i-ket-qua-noi-bat.md").read_text(encoding="utf-8") + '\nTheo {{ doc("cv_1096_btttt") }}.\n',
        encoding="utf-8")                                                                     # a citation added
    head = commit(repo, "sửa số và ngày một văn bản, đổi trích dẫn")

    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    rows = others(result.stdout)
    number = one(rows, kind="Văn bản", key="2023/qd_85_tw", what="số, ký hiệu")
    assert (number["old"], number["new"]) == (doc["number"], new_number)
    date = one(rows, kind="Văn bản", key="2023/qd_85_tw", what="ngày")
    assert (date["old"], date["new"]) == ("07/10/2022", "08/10/2022")
    assert "`2023/iii-3-2-xay-dung-dang.md`" in number["pages"]               # the pages that cite it
    gone = one(rows, kind="Trích dẫn", key="2023/kl_01_tw")
    assert (gone["old"], gone["new"]) == (cited_once.relative_to(repo / "docs").as_posix(), "—")
    came = one(rows, kind="Trích dẫn", key="2023/cv_1096_btttt")
    assert (came["old"], came["new"]) == ("—", "2023/i-ket-qua-noi-bat.md")
    assert "Không có số liệu nào thay đổi" not in result.stdout


def test_report_facts(repo):
    report = data_of(repo, "report")
    assert report["number"] is None and report["signer_name"] is None and report["recipients"] is None
    edit(repo, "data/2023/report.yml", "number: null\n", "number: 45\n")
    edit(repo, "data/2023/report.yml", "date: null\n", "date: 2023-12-15\n")
    edit(repo, "data/2023/report.yml", "signer_name: null\n", "signer_name: Nguyễn Văn A\n")
    edit(repo, "data/2023/report.yml", "recipients: null\n", "recipients: [Ban Thường vụ Đảng ủy Khối, Lưu]\n")
    head = commit(repo, "số, ngày, người ký, nơi nhận")
    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    rows = [r for r in others(result.stdout) if r["kind"].startswith("Thông tin văn bản")]
    got = {r["key"]: (r["old"], r["new"]) for r in rows}
    assert got == {"2023/number": ("—", "45"), "2023/date": ("—", "15/12/2023"),
                   "2023/signer_name": ("—", "Nguyễn Văn A"),
                   "2023/recipients": ("—", "Ban Thường vụ Đảng ủy Khối; Lưu")}, rows
    assert all("`2023/index.md`" in r["pages"] for r in rows)                  # the cover shows the header


def test_labels_units_and_decisions(repo):
    tel = figures(repo, "telecom")
    old_label = tel["post_offices"]["label"]
    edit(repo, "data/2023/telecom.yml", f"    label: {old_label}\n", "    label: Bưu cục cấp 1\n")
    edit(repo, "data/2023/telecom.yml", "    value: 141\n    unit: bưu cục\n", "    value: 141\n    unit: điểm\n")
    decision = data_of(repo, "decisions")["decisions"]["cap_quang_ho_gia_dinh"]["decision"]
    edit(repo, "data/2023/decisions.yml", decision, "Dùng 80%.")
    head = commit(repo, "đổi tên, đơn vị, quyết định")
    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    rows = others(result.stdout)
    label = one(rows, kind="Số liệu", key="2023/telecom.post_offices", what="tên")
    assert (label["old"], label["new"]) == (old_label, "Bưu cục cấp 1")
    unit = one(rows, kind="Số liệu", key="2023/telecom.post_offices", what="đơn vị")
    assert (unit["old"], unit["new"]) == ("bưu cục", "điểm")
    dec = one(rows, kind="Ghi chú biên tập", key="2023/cap_quang_ho_gia_dinh", what="quyết định")
    assert (dec["old"], dec["new"]) == (decision, "Dùng 80%.")
    assert "`2023/ii-1-2-02-buu-chinh-vien-thong.md`" in dec["pages"]          # the page with {{ note(...) }}


def test_indicators_and_the_slips_a_reviewer_must_confirm(repo):
    inds = {i["id"]: i for s in data_of(repo, "indicators")["sectors"] for i in s["indicators"]}
    radio = inds["ttbcxb_truyen_thanh"]
    edit(repo, "data/2023/indicators.yml", "        actual_phrase: nhưng hiện ước tính là\n        status: khó đạt\n",
         "        actual_phrase: nhưng hiện ước tính là\n        status: chưa đạt\n")   # status moved, actual did not
    tel = figures(repo, "telecom")
    poor, near = tel["poor_households"]["value"], tel["near_poor_households"]["value"]
    set_value(repo, "telecom", "poor_households", poor, poor * 10)                        # a zero too many
    edit(repo, "data/2023/telecom.yml", "    sum: [poor_households, near_poor_households]\n",
         f"    value: {poor * 10 + near}\n")                                             # computed -> typed
    head = commit(repo, "các thay đổi cần người duyệt xem lại")
    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    status = one(others(result.stdout), kind="Chỉ tiêu", key="2023/ttbcxb_truyen_thanh", what="tình trạng")
    assert (status["old"], status["new"]) == (radio["status"], "chưa đạt")
    flagged = flags(result.stdout)
    assert "tình trạng đổi mà kết quả" in flagged["2023/indicators.ttbcxb_truyen_thanh"]
    assert "gấp 10 lần" in flagged["2023/telecom.poor_households"]
    assert "nay được gõ tay" in flagged["2023/telecom.poor_and_near_poor_households"]
    table = rows(result.stdout)
    assert table["2023/telecom.poor_households"]["new"] == vi_count(poor * 10)


def test_indicator_target_and_actual(repo):
    inds = {i["id"]: i for s in data_of(repo, "indicators")["sectors"] for i in s["indicators"]}
    radio = inds["ttbcxb_truyen_thanh"]
    edit(repo, "data/2023/indicators.yml", f"        actual: {radio['actual']}\n", "        actual: 88\n")
    head = commit(repo, "kết quả mới")
    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    actual = one(others(result.stdout), kind="Chỉ tiêu", key="2023/ttbcxb_truyen_thanh", what="kết quả")
    assert (actual["old"], actual["new"]) == (str(radio["actual"]), "88")
    assert "`2023/ii-1-1-chi-tieu-nganh.md`" in actual["pages"]
    assert "2023/indicators.ttbcxb_truyen_thanh.actual" not in rows(result.stdout)   # one row, not two
    assert not flags(result.stdout)


# --------------------------------------------------------------------------- what else a reader sees (issue 20, item 2)

PAGE = "docs/2023/ii-1-2-02-buu-chinh-vien-thong.md"


def edit_page(repo: Path, old: str, new: str) -> None:
    path = repo / PAGE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def section(output: str, title: str) -> list[str]:
    """The table rows under a bold title ('**Lời văn thay đổi**'), up to the next blank line after the table."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    table = [line for line in lines[start + 2:] if line.startswith("|")]
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert rows == table[:len(rows)]
    return [r for r in rows[2:]]


def test_a_prose_word_changed_is_one_sentence_with_the_word_marked(repo):
    edit_page(repo, "kho của doanh nghiệp Bưu điện và Viettel. Các doanh nghiệp hoạt động",
              "kho của doanh nghiệp Bưu điện và Viettel. Các doanh nghiệp đang hoạt động")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("**Tóm tắt**") and "0 số liệu đổi, 1 câu lời văn đổi" in first, first
    assert "**Số liệu**: không có số liệu nào đổi giá trị" in result.stdout
    rows = section(result.stdout, "**Lời văn thay đổi**")
    assert len(rows) == 1, rows
    cells = [c.strip() for c in rows[0].strip("|").split(" | ")]
    assert "`2023/ii-1-2-02-buu-chinh-vien-thong.md`" in cells[0] and cells[1].startswith("1.2.2.")
    assert cells[2] == "Các doanh nghiệp hoạt động bưu chính, chuyển phát trên địa bàn tỉnh."
    assert cells[3] == "Các doanh nghiệp <ins>đang</ins> hoạt động bưu chính, chuyển phát trên địa bàn tỉnh."
    assert "Thay đổi khác" not in result.stdout


def test_a_figure_changed_is_not_listed_again_as_prose(repo):
    old = figures(repo, "telecom")["post_offices"]["value"]
    set_value(repo, "telecom", "post_offices", old, old + 1)
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert "1 số liệu đổi, 0 câu lời văn đổi" in result.stdout.splitlines()[0], result.stdout
    assert set(rows(result.stdout)) == {"2023/telecom.post_offices"}
    assert rows(result.stdout)["2023/telecom.post_offices"]["new"] == vi_count(old + 1)
    assert "Lời văn thay đổi" not in result.stdout


def test_page_text_cannot_become_markdown_or_html_in_the_comment(repo):
    edit_page(repo, "Các doanh nghiệp hoạt động bưu chính",
              "Các doanh nghiệp &lt;img src=x onerror=alert(1)&gt; | `mã` hoạt động bưu chính")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    (row,) = section(result.stdout, "**Lời văn thay đổi**")
    new = row.rsplit(" | ", 1)[-1]
    assert "<img" not in new and "&lt;img" in new and "`" not in new
    assert new.count("|") == 1 and new.endswith(" |"), "a | of the page text ended the table cell"


def test_new_year_with_five_figures_filled_lists_only_those(repo):
    done = run_macros("--root", str(repo), "new-year", "2024")
    assert done.returncode == 0, done.stderr
    filled = {"postal_enterprises": 32, "post_offices": 140, "telecom_enterprises": 10, "commune_post_offices": 128,
              "public_mailboxes": 2}
    path = repo / "data" / "2024" / "telecom.yml"
    text = path.read_text(encoding="utf-8")
    for name, value in filled.items():
        text, n = re.subn(rf"(\n  {name}:\n(?:    .*\n)*?    value: )null[^\n]*\n", rf"\g<1>{value}\n", text)
        assert n == 1, name
    path.write_text(text, encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 40, result.stdout
    # and the facts that do not change (constant: true), which new-year carried over with their 2023 value
    kept = {f"2024/{p.stem}.{name}": f"{spec['value']:%d/%m/%Y}" for p in sorted((repo / "data/2023").glob("*.yml"))
            for name, spec in ((yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("figures") or {}).items()
            if spec.get("constant") is True}
    assert kept and {k: v["new"] for k, v in rows(result.stdout).items()} == \
        {**{f"2024/telecom.{name}": vi_count(value) for name, value in filled.items()}, **kept}
    before = sum(1 for f in yaml.safe_load(path.read_text(encoding="utf-8"))["figures"].values() if "value" in f)
    assert before > len(filled)
    assert re.search(r"^_\d+ số liệu mới \(năm 2024\) chưa báo cáo", result.stdout, re.M), result.stdout
    assert "Lời văn thay đổi" not in result.stdout and "**Trang mới**" in result.stdout


def test_a_heading_changed_is_a_row_of_its_own(repo):
    """A heading is text the reader sees (and the PDF's outline): a heading edited alone is one row, not silence."""
    old = next(line for line in (repo / PAGE).read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    edit_page(repo, old + "\n", old + " (sửa)\n")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert "0 số liệu đổi, 1 câu lời văn đổi" in result.stdout.splitlines()[0], result.stdout
    (row,) = section(result.stdout, "**Lời văn thay đổi**")
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    unmarked = [re.sub(r"</?(?:del|ins)>", "", c) for c in cells[-2:]]
    assert unmarked == [old[2:], old[2:] + " (sửa)"] and "(sửa)</ins>" in cells[-1], cells


def test_a_sidebar_name_renamed_in_mkdocs_yml_is_a_row(repo):
    """The nav's page and group names are what a reader clicks: renamed, they are rows (old, new, page); a comment
    added to the nav is not a change."""
    config = repo / "mkdocs.yml"
    nav = yaml.safe_load(config.read_text(encoding="utf-8").split("\nnav:", 1)[1].join(["nav:", ""]))["nav"]
    year = next(v for item in nav for k, v in item.items() if k.startswith("Năm "))
    entries = [(k, v) for item in year if isinstance(item, dict) for k, v in item.items()]
    group = next(k for k, v in entries if isinstance(v, list))
    page_title, page = next((k, v) for k, v in entries if isinstance(v, str))
    text = config.read_text(encoding="utf-8")
    for old in (f"- {group}:\n", f"- {page_title}: {page}\n"):
        assert text.count(old) == 1, old
    text = text.replace(f"- {group}:\n", f"- {group} (mới):\n").replace(f"- {page_title}: {page}\n",
                                                                      f"- {page_title} | <b>x</b>: {page}  # ghi chú\n")
    config.write_text(text, encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert section(result.stdout, "**Mục lục thay đổi**") == [
        f"| {page_title} | {page_title} &#124; &lt;b&gt;x&lt;/b&gt; | `{page}` |",
        f"| {group} | {group} (mới) | (nhóm) |"]
    commit(repo, "sidebar names")
    (repo / "mkdocs.yml").write_text(text.replace("  # ghi chú\n", "\n"), encoding="utf-8")
    assert diff(repo, "HEAD").stdout.strip() == NO_CHANGE


def test_a_picture_replaced_added_or_removed_is_named(repo):
    """A picture under docs/ is something the reader sees; nothing else in the table compares it, so its path is named
    (and the change is not taken for code)."""
    pictures = sorted(p.relative_to(repo).as_posix() for p in (repo / "docs").rglob("*.png"))
    assert len(pictures) >= 2
    (repo / pictures[0]).write_bytes((repo / pictures[0]).read_bytes() + b"\0")
    (repo / pictures[1]).unlink()
    (repo / "docs" / "2023" / "so-do.png").write_bytes((repo / pictures[0]).read_bytes())
    git(repo, "add", "-A")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("**Hình ảnh, tệp PDF thay đổi**"))
    assert f"`{pictures[0]}` (thay tệp)" in line and f"`{pictures[1]}` (đã xoá)" in line, line
    assert "`docs/2023/so-do.png` (thêm mới)" in line and "Thay đổi mã" not in result.stdout


def test_cover_cards_and_a_figures_source_and_qualifier(repo):
    """What the reader sees besides a value: a cover card's words, the section a figure is written in (the figures
    appendix), the words before a target ('ít nhất')."""
    card = yaml.safe_load((repo / "data/2023/cover.yml").read_text(encoding="utf-8"))["key_figures"][0]
    edit(repo, "data/2023/cover.yml", f"    text: {card['text']}\n", "    text: chỉ tiêu đã đạt\n")
    tel = figures(repo, "telecom")["post_offices"]
    edit(repo, "data/2023/telecom.yml", f"    value: {tel['value']}\n    unit: {tel['unit']}\n    source: {tel['source']}\n",
         f"    value: {tel['value']}\n    unit: {tel['unit']}\n    source: III.9\n")
    name, fig = next((k, f) for k, f in figures(repo, "plan").items() if f.get("qualifier"))
    edit(repo, "data/2023/plan.yml", f"    qualifier: {fig['qualifier']}\n", "    qualifier: tối thiểu\n")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    rows = others(result.stdout)
    got = one(rows, kind="Thẻ số liệu chính (cover.yml)", key="2023/cover.1")
    assert (got["what"], got["old"], got["new"]) == ("lời dưới số", card["text"], "chỉ tiêu đã đạt")
    assert "`2023/index.md`" in got["pages"]
    got = one(rows, kind="Số liệu", key="2023/telecom.post_offices")
    assert (got["what"], got["old"], got["new"]) == ("mục của báo cáo ghi số", tel["source"], "III.9")
    got = one(rows, kind="Số liệu", key=f"2023/plan.{name}")
    assert (got["what"], got["old"], got["new"]) == ("chữ trước số", fig["qualifier"], "tối thiểu")


def test_site_name_and_footer_in_mkdocs_yml_are_rows_and_quoting_is_no_change(repo):
    """mkdocs.yml's site_name and copyright show on every page: changed, they are rows (old, new, inert text);
    the same values quoted, with a comment, are no change."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    name = re.search(r"^site_name: (.*)$", text, re.M).group(1)
    line = next(x for x in text.splitlines() if x.startswith("copyright:"))
    owner = line.split(" #")[0].split(":", 1)[1].strip()
    config.write_text(text.replace(f"site_name: {name}\n", f"site_name: {name} (dự thảo)\n")
                      .replace(line + "\n", 'copyright: "Sở | <b>TT&TT</b>"\n'), encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert section(result.stdout, "**Thiết lập trang web thay đổi**") == [
        f"| `site_name` | {name} | {name} (dự thảo) |",
        f"| `copyright` | {owner} | Sở &#124; &lt;b&gt;TT&amp;TT&lt;/b&gt; |"]
    assert "Thay đổi mã" not in result.stdout
    config.write_text(text.replace(f"site_name: {name}\n", f'# tên\nsite_name: "{name}"\n'), encoding="utf-8")
    assert diff(repo).stdout.strip() == NO_CHANGE


def test_a_decision_approved_or_its_words_changed_is_a_row(repo):
    """The committee's approval of an editorial decision, and the words it changes, are what the decisions page and
    the print show; recording an approval is a row naming who and when."""
    decisions = data_of(repo, "decisions")["decisions"]
    key = next(k for k, d in decisions.items() if d["approval"] is None and d.get("changes"))
    text = (repo / "data/2023/decisions.yml").read_text(encoding="utf-8")
    start = text.index(f"\n  {key}:\n")
    at = text.index("    approval: null\n", start)
    (repo / "data/2023/decisions.yml").write_text(
        text[:at] + "    approval: {by: Ban Thường vụ Đảng ủy, date: 2023-12-15}\n" + text[at + 19:], encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    row = one(others(result.stdout), kind="Ghi chú biên tập", key=f"2023/{key}")
    assert (row["what"], row["old"], row["new"]) == ("duyệt", "—", "người duyệt: Ban Thường vụ Đảng ủy; ngày: 15/12/2023")


def test_a_sectors_name_and_lead_are_rows(repo):
    """An indicator sector's name is the caption of its table (no sentence shows it): renamed, it is a row."""
    sector = data_of(repo, "indicators")["sectors"][1]
    edit(repo, "data/2023/indicators.yml", f"    name: {sector['name']}\n    lead:", f"    name: {sector['name']} mới\n    lead:")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    row = one(others(result.stdout), kind="Lĩnh vực chỉ tiêu", key=f"2023/{sector['id']}")
    assert (row["what"], row["old"], row["new"]) == ("tên", sector["name"], sector["name"] + " mới")
    assert "`2023/tong-quan-chi-tieu.md`" in row["pages"]


def test_a_front_matter_title_changed_is_a_row(repo):
    """A page's front matter `title:` is the browser tab's title (Material), shown nowhere in the page's text."""
    page = next(p for p in sorted((repo / "docs").rglob("*.md"))
                if re.match(r"---\ntitle: [^\n]+\n", p.read_text(encoding="utf-8")))
    text = page.read_text(encoding="utf-8")
    title = re.match(r"---\ntitle: ([^\n]+)\n", text).group(1)
    page.write_text(text.replace(f"title: {title}\n", f"title: {title} (sửa)\n", 1), encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    src = page.relative_to(repo / "docs").as_posix()
    assert section(result.stdout, "**Phần đầu trang thay đổi**") == [f"| `{src}` | `title` | {title} | {title} (sửa) |"]


def test_the_report_becoming_final_or_a_draft_again_is_said_first(repo):
    """Filling the last fact and approving the last decision removes the draft mark from the web, PDF and Word file:
    the table says so under the summary; emptying one fact again says it is a draft again, and why."""
    for old, new in (("number: null\n", "number: 45\n"), ("date: null\n", "date: 2023-12-15\n"),
                     ("signer_name: null\n", "signer_name: Nguyễn Văn A\n"), ("recipients: null\n", "recipients: [Lưu]\n")):
        edit(repo, "data/2023/report.yml", old, new)
    report = repo / "data/2023/report.yml"
    report.write_text(re.sub(r"(?m)^confirmed: null.*$", "confirmed: {by: Văn phòng Đảng ủy, date: 2023-12-15}",
                             report.read_text(encoding="utf-8")), encoding="utf-8")
    decisions = repo / "data/2023/decisions.yml"
    decisions.write_text(decisions.read_text(encoding="utf-8").replace(
        "    approval: null\n", "    approval: {by: Ban Thường vụ Đảng ủy, date: 2023-12-15}\n"), encoding="utf-8")
    commit(repo, "ký")
    paragraphs = diff(repo, "HEAD~1", "HEAD").stdout.split("\n\n")
    assert paragraphs[1].startswith("**Năm 2023: báo cáo thành bản chính thức**"), paragraphs[:3]
    edit(repo, "data/2023/report.yml", "signer_name: Nguyễn Văn A\n", "signer_name: null\n")
    paragraphs = diff(repo, "HEAD").stdout.split("\n\n")
    assert paragraphs[1].startswith("**Năm 2023: báo cáo trở lại thành dự thảo**"), paragraphs[:3]
    assert "signer&#95;name" in paragraphs[1]


def test_a_consistency_rule_dropped_or_loosened_is_a_row(repo):
    """rules.yml is read by `check` only, but a rule removed is a check gone: the reviewer is told which."""
    rules = data_of(repo, "rules")["rules"]
    text = (repo / "data/2023/rules.yml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {rules[0]['id']}\n")
    end = text.index(f"  - id: {rules[1]['id']}\n")
    (repo / "data/2023/rules.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    row = one(others(result.stdout), key=f"2023/{rules[0]['id']}")
    assert row["kind"].startswith("Quy tắc kiểm tra") and row["what"] == "(đã xoá)" and row["new"] == "—", row


def test_a_base_that_is_not_in_the_heads_history_is_said(repo):
    """main moved on after the branch left it (and its merge base is not used, as when a shallow CI clone falls back
    to the target's tip): main's own change would show reversed, as if the pull request made it; the table warns."""
    git(repo, "checkout", "-q", "-b", "nhanh")
    edit_page(repo, "Các doanh nghiệp hoạt động bưu chính", "Các doanh nghiệp đang hoạt động bưu chính")
    commit(repo, "nhánh sửa một câu")
    git(repo, "checkout", "-q", "main")
    old = figures(repo, "telecom")["post_offices"]["value"]
    set_value(repo, "telecom", "post_offices", old, old + 1)
    commit(repo, "main đi tiếp")
    git(repo, "checkout", "-q", "nhanh")
    assert diff(repo, "main").stdout.startswith("⚠ **Phiên bản gốc không nằm trong lịch sử của phiên bản mới**")
    assert not diff(repo).stdout.startswith("⚠")      # the merge base: only the branch's own change


def test_a_signed_text_deleted_or_changed_is_said_first_by_year(repo):
    """data/<year>/signed.txt is what the print is compared with: deleting it ends the comparison without a word on
    any page, so the table says so by name, right under the summary. It is the committee's record, not code: the
    "code changed" heading (which sends the pull request to a technical reviewer) does not name it."""
    signed = repo / "data" / "2023" / "signed.txt"
    assert signed.is_file()
    signed.unlink()
    git(repo, "add", "-A")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("**Năm 2023: văn bản đã ký bị xoá**"))
    assert "`data/2023/signed.txt`" in line and "không còn được so" in line, line
    assert "Thay đổi mã" not in result.stdout and "code changed" not in result.stdout
    lines = [x for x in result.stdout.splitlines() if x.strip()]
    assert lines[0].startswith("**Tóm tắt**") and lines[1] == line, lines[:3]   # first after the summary
    git(repo, "checkout", "-q", "HEAD", "--", "data/2023/signed.txt")
    signed.write_text(signed.read_text(encoding="utf-8") + "Một câu thêm.\n", encoding="utf-8")
    git(repo, "add", "-A")
    assert "**Năm 2023: văn bản đã ký bị sửa**" in diff(repo).stdout


def test_a_year_deleted_is_said_first_in_one_line_not_a_row_a_figure(repo):
    """Deleting a whole year (data/2024/, docs/2024/, its nav) takes a report off the site, PDF and Word: the table
    says so right under the summary, in one line, instead of a row per figure and per sentence (120 KB, cut)."""
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert run_macros("--root", str(repo), "new-year", "2024").returncode == 0
    commit(repo, "năm 2024")
    shutil.rmtree(repo / "data" / "2024")
    shutil.rmtree(repo / "docs" / "2024")
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run_macros("--root", str(repo), "check").returncode == 0
    result = diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines[0].startswith("**Tóm tắt**") and "0 số liệu đổi, 0 câu lời văn đổi" in lines[0], lines[0]
    assert lines[1].startswith("**Năm 2024: cả báo cáo bị xoá**"), result.stdout[:600]
    assert "2024/" not in "\n".join(line for line in lines if line.startswith("|")), "rows of the deleted year"
    assert len(lines) < 25, result.stdout[:3000]


def test_a_page_deleted_or_added_is_one_line_with_its_title_and_sentence_count(repo):
    """A page taken out of docs/ (and the nav) is one line, "Trang bị xoá", with its title, path and how many
    sentences it had, not a row a sentence and not a sidebar row; the same page coming back is one "Trang mới" line,
    as a new year's pages are. The count is the number of rows the same sentences make when the page is emptied
    instead (the file kept: each sentence then a removed row)."""
    rel = "2023/ii-1-2-12-phap-che.md"
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (entry,) = [line for line in config.splitlines() if line.strip().endswith(f": {rel}")]
    title = entry.strip()[2:].rsplit(f": {rel}", 1)[0]
    base = git(repo, "rev-parse", "HEAD")

    (repo / "docs" / rel).write_text("", encoding="utf-8")   # the oracle: every sentence a removed row
    emptied = section(diff(repo).stdout, "**Lời văn thay đổi**")
    assert emptied and all(row.endswith(" | — |") and f"`{rel}`" in row for row in emptied), emptied
    sentences = len(emptied)

    (repo / "docs" / rel).unlink()
    (repo / "mkdocs.yml").write_text(config.replace(entry + "\n", ""), encoding="utf-8")
    head = commit(repo, "bỏ mục pháp chế")
    for old, new, word in ((base, head, "Trang bị xoá"), (head, base, "Trang mới")):
        result = diff(repo, old, new)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()   # reversed, a line says the base is not the head's ancestor first
        summary = next(line for line in lines if line.startswith("**Tóm tắt**"))
        assert f"0 số liệu đổi, {sentences} câu lời văn đổi" in summary, summary
        assert [line for line in lines if line.startswith(f"**{word}**")] == \
            [f"**{word}** (1): {title} (`{rel}`): {sentences} câu."], result.stdout
        assert "**Lời văn thay đổi**" not in result.stdout and "**Mục lục thay đổi**" not in result.stdout, \
            result.stdout
        assert not any(line.startswith("|") and "pháp chế" in line.lower() for line in lines), result.stdout


def test_files_saved_again_on_a_mac_change_nothing_a_reader_sees(repo):
    """A page and a data file saved decomposed (NFD, as a Mac writes Vietnamese): every byte of their letters
    differs, nothing a reader sees does — no sentence, no label (each row showed the same words old and new)."""
    import unicodedata
    for rel in (PAGE, "data/2023/staff.yml"):
        path = repo / rel
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == NO_CHANGE, result.stdout


def test_a_page_only_renamed_is_one_line_not_its_sentences(repo):
    """The web editor's rename (and the nav line that follows it): no sentence changed, the page's address did."""
    old, new = "2023/ii-1-2-13-kiem-soat-tthc.md", "2023/ii-1-2-13-kiem-soat-thu-tuc.md"
    (repo / "docs" / old).rename(repo / "docs" / new)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert "0 câu lời văn đổi" in result.stdout, result.stdout
    assert "Trang mới" not in result.stdout and "Trang bị xoá" not in result.stdout, result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("**Trang đổi tên tệp**"))
    assert f"`{old}` → `{new}`" in line and "liên kết cũ" in line
