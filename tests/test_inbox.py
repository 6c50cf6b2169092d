"""Quick tier, no build: `python -m macros inbox` on small fixture projects — a workbook exported by `sheet export`,
filled with openpyxl as a unit fills it and left in nhap/ (as an editor uploads it with the Git server's web page)
is imported and its request removed; a refused one leaves every file as it was, stays, and the report carries the
import's own messages; nhap/nam-moi.txt starts the new year; nothing to do is said and changes nothing; --push
commits and pushes to the branch, --no-push says why not.

Expected values are the ones this file writes into the fixture and the cells; the refusal's words are compared with
what `sheet import` itself prints for the same workbook, not copied from the code."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, run_macros

NAV = "nav:\n  - Trang chủ: index.md\n  # YEARS: newest first\n  - Năm 2023:\n    - Trang: 2023/trang.md\n"


def project(root: Path, years=(2023,)) -> Path:
    """A small project: one figures file a year (2023: 140; later years: null), one prose page, the nav marker."""
    shutil.copytree(ROOT / "data/schemas", root / "data/schemas")
    for year in years:
        (root / f"data/{year}").mkdir(parents=True)
        (root / f"data/{year}/rules.yml").write_text(
            "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n", encoding="utf-8")
        (root / f"data/{year}/t.yml").write_text(
            "# yaml-language-server: $schema=../schemas/figures.schema.json\ntitle: T\nfigures:\n  x:\n    label: X\n"
            f"    value: {140 if year == 2023 else 'null'}\n    unit: bưu cục\n", encoding="utf-8")
    (root / "docs/2023").mkdir(parents=True)
    (root / "docs/2023/trang.md").write_text("# Trang năm 2023\n\nLời văn.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: T\n{NAV}", encoding="utf-8")
    (root / "nhap").mkdir()
    (root / "nhap/README.md").write_text("Thư mục yêu cầu.\n", encoding="utf-8")
    return root


def files(root: Path) -> dict:
    """Every file of the project with its bytes' hash."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def workbook(root: Path, value, name: str = "so-lieu-2024.xlsx") -> Path:
    """`sheet export` of 2024 into nhap/, cell E of x filled with value."""
    out = root / "nhap" / name
    made = run_macros("--root", str(root), "sheet", "export", "--year", "2024", "--out", str(out))
    assert made.returncode == 0, made.stderr
    wb = load_workbook(out)
    assert wb["t"]["A2"].value == "t.x"
    wb["t"]["E2"] = value
    wb.save(out)
    return out


def test_a_filled_workbook_is_imported_and_its_request_removed(tmp_path):
    root = project(tmp_path / "p", (2023, 2024))
    workbook(root, 141)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "value: 141" in (root / "data/2024/t.yml").read_text(encoding="utf-8")
    assert not (root / "nhap/so-lieu-2024.xlsx").exists() and (root / "nhap/README.md").is_file()
    assert "**Đã áp dụng / applied** `nhap/so-lieu-2024.xlsx`" in done.stdout
    assert "data/2024/t.yml:6 [t.x] chưa báo cáo → 141" in done.stdout     # the import's own lines
    assert str(tmp_path) not in done.stdout
    again = run_macros("--root", str(root), "inbox")       # applied once, never twice
    assert again.returncode == 0 and "Không có yêu cầu nào" in again.stdout


def test_a_refused_workbook_changes_nothing_stays_and_says_why_in_the_imports_words(tmp_path):
    root = project(tmp_path / "p", (2023, 2024))
    book = workbook(root, "khoảng 40")
    kept = root.parent / "kept.xlsx"
    shutil.copy(book, kept)
    before = files(root)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1
    assert files(root) == before                             # data untouched, the request still there
    assert "**Bị từ chối / refused** `nhap/so-lieu-2024.xlsx`" in done.stdout and "Traceback" not in done.stdout
    direct = run_macros("--root", str(root), "sheet", "import", str(kept))
    assert direct.returncode == 1
    for line in direct.stderr.strip().splitlines():        # exactly the import's messages (cell, key, what to do)
        assert line.replace("kept.xlsx", "so-lieu-2024.xlsx") in done.stdout, line
    assert "so-lieu-2024.xlsx t!E2 [khoá/key: t.x]" in done.stdout


def test_a_new_year_request_starts_the_year_and_is_removed(tmp_path):
    root = project(tmp_path / "p")
    (root / "nhap/Nam-moi.txt").write_text("\ufeff2024\r\n", encoding="utf-8")   # as a web editor may save it
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "value: null" in (root / "data/2024/t.yml").read_text(encoding="utf-8")
    assert (root / "docs/2024/trang.md").is_file() and "- Năm 2024:" in (root / "mkdocs.yml").read_text("utf-8")
    assert not (root / "nhap/Nam-moi.txt").exists()
    assert "(Tạo năm 2024;" in done.stdout and "Đã tạo năm 2024" in done.stdout


@pytest.mark.parametrize("text, said", [("2026\n", "Năm mới phải là năm liền sau"),
                                        ("năm hai nghìn", "phải chứa đúng một năm")])
def test_a_refused_new_year_request_stays(tmp_path, text, said):
    root = project(tmp_path / "p")
    (root / "nhap/nam-moi.txt").write_text(text, encoding="utf-8")
    before = files(root)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1 and said in done.stdout and files(root) == before


def test_a_file_the_folder_does_not_take_is_refused_and_stays(tmp_path):
    root = project(tmp_path / "p")
    (root / "nhap/ghi-chu.docx").write_bytes(b"PK")
    (root / "nhap/a`b.txt").write_text("x", encoding="utf-8")      # an uploaded name does not end the `code` span
    (root / "nhap/don-vi").mkdir()                          # a workbook in a sub-folder is not silently skipped
    (root / "nhap/don-vi/so-lieu.xlsx").write_bytes(b"PK")
    (root / "nhap/so-lieu.csv").write_text("Khoá,Số liệu 2024\nt.x,141\n", encoding="utf-8")
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1 and "nhap/ghi-chu.docx" in done.stdout and (root / "nhap/ghi-chu.docx").exists()
    assert "**Bị từ chối / refused** `nhap/don-vi`" in done.stdout and "`nhap/a'b.txt`" in done.stdout
    # a CSV goes to the import, which says how to save it as a workbook; the path is the project's, not the runner's
    assert "Không đọc được bảng tính nhap/so-lieu.csv" in done.stdout and (root / "nhap/so-lieu.csv").exists()
    assert str(tmp_path) not in done.stdout


def test_a_signing_request_of_a_draft_is_refused_in_signs_words_and_stays(tmp_path):
    """nhap/da-ky.txt is `sign --year`: a 2024 still "chưa báo cáo" is a draft, so nothing is stored, the file stays
    and the report says why (the signing that succeeds: test_newyear, on the real project)."""
    root = project(tmp_path / "p", (2023, 2024))
    (root / "docs/index.md").write_text("# Trang chủ\n", encoding="utf-8")   # what check asks of the nav
    (root / "nhap/da-ky.txt").write_text("2024\n", encoding="utf-8")
    before = files(root)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1 and "còn là dự thảo, chưa ký được" in done.stdout, done.stdout
    assert "**Bị từ chối / refused** `nhap/da-ky.txt`" in done.stdout and files(root) == before
    (root / "nhap/da-ky.txt").write_text("2024 lời văn\n", encoding="utf-8")
    assert "năm của báo cáo Ban Thường vụ đã ký" in run_macros("--root", str(root), "inbox").stdout


@pytest.mark.parametrize("folder", ["none", "readme only"])
def test_nothing_to_do_changes_nothing(tmp_path, folder):
    root = project(tmp_path / "p")
    if folder == "none":
        shutil.rmtree(root / "nhap")
    before = files(root)
    report = tmp_path / "out/nhap.md"
    done = run_macros("--root", str(root), "inbox", "--report", str(report))
    assert done.returncode == 0 and "Không có yêu cầu nào" in done.stdout and files(root) == before
    assert report.read_text(encoding="utf-8") == ""          # nothing above the pull request's table


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_push_commits_the_result_to_the_branch_and_no_push_says_why(tmp_path):
    root = project(tmp_path / "p", (2023, 2024))
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    git(root, "init", "-q", "-b", "nhap-so-lieu")
    git(root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    workbook(root, 141)
    (root / "ghi-chu-rieng.txt").write_text("không phải của yêu cầu", encoding="utf-8")   # not committed by it
    git(root, "add", "-A", "--", "data", "docs", "mkdocs.yml", "nhap")
    git(root, "-c", "user.name=T", "-c", "user.email=t@t", "commit", "-q", "-m", "Tải bảng tính lên")
    report = tmp_path / "out/nhap.md"
    done = run_macros("--root", str(root), "inbox", "--push", "nhap-so-lieu", "--report", str(report))
    assert done.returncode == 0, done.stdout
    remote = tmp_path / "remote.git"
    assert git(remote, "log", "-1", "--format=%s", "nhap-so-lieu") == "Nhập bảng tính so-lieu-2024.xlsx"
    assert "nhap/so-lieu-2024.xlsx" not in git(remote, "ls-tree", "-r", "--name-only", "nhap-so-lieu")
    assert "value: 141" in git(remote, "show", "nhap-so-lieu:data/2024/t.yml")
    assert git(remote, "show", "--name-only", "--format=", "nhap-so-lieu").split() == [
        "data/2024/t.yml", "nhap/so-lieu-2024.xlsx"]
    assert "Đã ghi vào nhánh `nhap-so-lieu`" in report.read_text(encoding="utf-8")
    workbook(root, 142)                                     # a fork's pull request: applied here, not pushed
    done = run_macros("--root", str(root), "inbox", "--no-push", "fork")
    assert done.returncode == 1 and "**Chưa ghi vào nhánh**" in done.stdout and "fork" in done.stdout
    assert git(remote, "log", "-1", "--format=%s", "nhap-so-lieu") == "Nhập bảng tính so-lieu-2024.xlsx"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("asked, marks", [("2024", "unwritten()"), ("2024 lời văn", 'unrevised("2023")')])
def test_a_new_year_pushed_says_what_the_web_editor_does_next(tmp_path, asked, marks):
    """The comment is all a web-only editor sees: after "Tạo năm 2024" it names the workbook of the preview and the
    lines to write, not only the command's own next step (commands on a computer) — for '2024 lời văn' the marks of
    last year's paragraphs to revise, not the lines unwritten() that page does not have."""
    root = project(tmp_path / "p")
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    git(root, "init", "-q", "-b", "nam-2024")
    git(root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    (root / "nhap/nam-moi.txt").write_text(f"{asked}\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@t", "commit", "-q", "-m", "Năm mới")
    done = run_macros("--root", str(root), "inbox", "--push", "nam-2024")
    assert done.returncode == 0, done.stdout
    after = done.stdout.split("Đã ghi vào nhánh `nam-2024`")[1]
    assert "`so-lieu-2024.xlsx`" in after and "mục 16" in after and "`docs/2024/`" in after, after
    assert marks in after and ({"unwritten()", 'unrevised("2023")'} - {marks}).pop() not in after, after
    assert marks in "".join(p.read_text(encoding="utf-8") for p in (root / "docs/2024").glob("*.md"))


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_link_in_nhap_is_never_read(tmp_path, linked):
    """A pull request may commit a symbolic link: a valid workbook outside the project, linked from nhap/ (or nhap/
    itself a link to a folder holding one), is refused without being read, so nothing of the build machine's files
    reaches data/ or the branch."""
    root = project(tmp_path / "p", years=(2023, 2024))
    outside = tmp_path / "outside"
    outside.mkdir()
    real = workbook(root, 7)
    shutil.move(real, outside / real.name)
    if linked == "file":
        (root / "nhap" / real.name).symlink_to(outside / real.name)
    else:
        shutil.rmtree(root / "nhap")
        (root / "nhap").symlink_to(outside, target_is_directory=True)
    before = files(root)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1 and "liên kết (symlink)" in done.stdout, done.stdout
    assert files(root) == before and "value: null" in (root / "data/2024/t.yml").read_text(encoding="utf-8")


def test_a_refusal_quoting_a_huge_cell_still_fits_in_one_comment(tmp_path):
    """A key cell of 32,767 characters (Excel's most) is quoted by the refusal in Vietnamese and English: the report
    (the pull request's comment) went past the 65,536 characters GitHub takes, and the comment was not posted. Each
    request's messages are cut at a line, the fence still closed and the cell still named."""
    root = project(tmp_path / "p", (2023, 2024))
    book = workbook(root, 141)
    wb = load_workbook(book)
    wb["t"]["A3"], wb["t"]["E3"] = "k" * 32767, 5
    wb.save(book)
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1
    assert len(done.stdout) < 20_000 and done.stdout.count("~~~") % 2 == 0
    assert "so-lieu-2024.xlsx t!A3" in done.stdout and "đã cắt bớt" in done.stdout


def test_a_file_name_with_blank_lines_stays_one_code_span(tmp_path):
    """git takes any byte but NUL in a file name: a name holding a blank line ended the `code` span in the report,
    and the rest of the name ('**Đã áp dụng**', an image) was Markdown in the pull request's comment."""
    root = project(tmp_path / "p")
    name = "a\n\n**Đã áp dụng** ![x](x.png)\t.txt"
    (root / "nhap" / name).write_text("x", encoding="utf-8")
    done = run_macros("--root", str(root), "inbox")
    assert done.returncode == 1
    heading = next(line for line in done.stdout.splitlines() if line.startswith("**Bị từ chối / refused**"))
    assert "![x](x.png)" in heading, done.stdout
    fenced, markdown = False, []          # the lines a Git server renders as Markdown (outside ~~~ blocks)
    for line in done.stdout.splitlines():
        fenced = fenced != (line == "~~~")
        markdown += [] if fenced or line == "~~~" else [line]
    assert not any(line.startswith("**Đã áp dụng") for line in markdown), done.stdout
