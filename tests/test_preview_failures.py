"""`python -m macros preview` when it cannot finish: the pull request's comment (`thay-doi.md`, which CI posts even
when the job fails) still says, in Vietnamese, where and what to do — a web-only editor otherwise sees only a red X
and, worse, the table of an earlier push still standing as if it held. Quick: `check` and the build are stand-ins
(the real ones are tested in test_preview_command.py); what is tested is what the command writes."""
from __future__ import annotations

import argparse
import html

import pytest

from macros.commands import preview as command
from macros.errors import DataError
from macros.output.build import BuildFailed

LINK = "https://git.example.invalid/dang-bo/bao-cao/actions/runs/7"
HOSTILE = "<img src=x onerror=alert(1)> | `x` ~~~ $(id)"


def args(root, out, **more):
    return argparse.Namespace(root=root, out=out, base="main", year=None, link=LINK, lead=None, **more)


def test_refused_data_gives_a_comment_with_checks_errors(tmp_path, monkeypatch, capsys):
    errors = [DataError("data/2023/telecom.yml", 8, 12, "figures.post_offices.value", f"Sai {HOSTILE}", "Wrong",
                        "Thêm dấu ' ở cuối giá trị trên dòng 8.")]
    monkeypatch.setattr(command, "errors_of", lambda root: (errors, None))
    monkeypatch.setattr(command, "build_site", lambda *a, **k: pytest.fail("built despite refused data"))
    assert command.run(args(tmp_path, tmp_path / "out")) == 1
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"thay-doi.md", command.MANIFEST}
    text = (tmp_path / "out" / "thay-doi.md").read_text(encoding="utf-8")
    assert text.startswith("**Chưa có bản xem trước: dữ liệu có lỗi**")
    item = next(line for line in text.splitlines() if "data/2023/telecom.yml:8:12" in line)
    shown = html.unescape(item)                                   # what the Git server shows: entities resolved
    assert "figures.post_offices.value" in shown and "Cách sửa: Thêm dấu ' ở cuối" in shown and HOSTILE in shown
    assert not {"<", "|", "`", "_"} & set(item[2:]), item          # inert: no tag, no cell, no code span, no emphasis
    assert LINK in text, "where the log is"
    assert capsys.readouterr().err.rstrip().endswith(str(errors[0])), "check's message still ends the log"


def test_a_build_failing_half_way_says_so_at_the_top_of_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(command, "errors_of", lambda root: ([], type("DS", (), {"years": {2023: None}})()))
    monkeypatch.setattr(command, "change_table", lambda root, base: "**Tóm tắt** từ `main`: 1 số liệu đổi.")

    def fail(root, dest, offline=False):
        raise BuildFailed(f"WARNING -  Doc file '2023/a.md' contains a link {HOSTILE}")
    monkeypatch.setattr(command, "build_site", fail)
    assert command.run(args(tmp_path, tmp_path / "out")) == 2
    text = (tmp_path / "out" / "thay-doi.md").read_text(encoding="utf-8")
    first, rest = text.split("\n\n", 1)
    assert first.startswith("**Bản xem trước chưa đầy đủ**") and "trang web" in first
    assert "2023/a.md" in html.unescape(text) and HOSTILE in html.unescape(text) and "<img" not in text
    assert "**Tóm tắt** từ `main`: 1 số liệu đổi." in rest, "the table itself stays"
    assert "Lỗi / error" in capsys.readouterr().err


def test_a_base_git_cannot_find_gives_a_comment_too(tmp_path, monkeypatch):
    monkeypatch.setattr(command, "errors_of", lambda root: ([], type("DS", (), {"years": {2023: None}})()))

    def missing(root, base):
        raise command.RevisionError("Không tìm thấy phiên bản 'origin/main' trong kho git này.")
    monkeypatch.setattr(command, "change_table", missing)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thay-doi.md").write_text("**Tóm tắt**: bảng của lần chạy trước.\n", encoding="utf-8")
    assert command.run(args(tmp_path, tmp_path / "out")) == 2
    text = (tmp_path / "out" / "thay-doi.md").read_text(encoding="utf-8")
    assert text.startswith("**Bản xem trước chưa đầy đủ**") and "origin/main" in text
    assert "lần chạy trước" not in text, "an earlier run's table under this run's failure"


def test_an_unexpected_fault_half_way_is_said_in_the_table_and_still_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(command, "errors_of", lambda root: ([], type("DS", (), {"years": {2023: None}})()))
    monkeypatch.setattr(command, "change_table", lambda root, base: "**Tóm tắt** từ `main`: 0 số liệu đổi.")
    monkeypatch.setattr(command, "build_site", lambda *a, **k: {}["no such key"])
    with pytest.raises(KeyError):          # cli.py turns it into its message; the table says it first
        command.run(args(tmp_path, tmp_path / "out"))
    text = (tmp_path / "out" / "thay-doi.md").read_text(encoding="utf-8")
    assert text.startswith("**Bản xem trước chưa đầy đủ**") and "KeyError" not in text


def test_the_pdfs_and_word_file_are_of_the_years_the_pull_request_changed(tmp_path, monkeypatch):
    """With 2024 begun (new-year), a pull request mending 2023 gets 2023's print to review, not 2024's."""
    import subprocess
    repo = tmp_path / "repo"
    for year in (2023, 2024):
        (repo / "data" / str(year)).mkdir(parents=True)
        (repo / "data" / str(year) / "telecom.yml").write_text("figures: {}\n", encoding="utf-8")
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=T"]
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(git + step, cwd=repo, check=True, capture_output=True)
    (repo / "data" / "2023" / "telecom.yml").write_text("figures: {a: 1}\n", encoding="utf-8")
    monkeypatch.setattr(command, "errors_of", lambda root: ([], type("DS", (), {"years": {2023: 0, 2024: 0}})()))
    monkeypatch.setattr(command, "change_table", lambda root, base: "**Tóm tắt**")
    monkeypatch.setattr(command, "build_site", lambda root, dest, offline=False: dest.mkdir(parents=True))
    made = []
    monkeypatch.setattr(command, "make_pdf", lambda root, year, out, site, review: (
        made.append(("pdf", year, review)), out.write_bytes(b"")))
    monkeypatch.setattr(command, "make_docx", lambda root, year, out, site: (
        made.append(("docx", year)), out.write_bytes(b"")))
    assert command.run(args(repo, tmp_path / "out")) == 0
    assert made == [("pdf", 2023, False), ("pdf", 2023, True), ("docx", 2023)]
    made.clear()
    (repo / "data" / "2023" / "telecom.yml").write_text("figures: {}\n", encoding="utf-8")   # nothing of a year
    assert command.run(args(repo, tmp_path / "out2")) == 0
    assert made == [("pdf", 2024, False), ("pdf", 2024, True), ("docx", 2024)], "the newest, the year being written"


def stand_ins(monkeypatch, years=(2023, 2024), errors=()):
    """check, the table, the build and the prints as stand-ins that write empty files under the real names."""
    monkeypatch.setattr(command, "errors_of", lambda root: (list(errors), type("DS", (), {"years": dict.fromkeys(years)})()))
    monkeypatch.setattr(command, "change_table", lambda root, base: "**Tóm tắt**")
    monkeypatch.setattr(command, "build_site", lambda root, dest, offline=False: dest.mkdir(parents=True))
    monkeypatch.setattr(command, "make_pdf", lambda root, year, out, site, review: out.write_bytes(b"%PDF"))
    monkeypatch.setattr(command, "make_docx", lambda root, year, out, site: out.write_bytes(b"PK"))
    monkeypatch.setattr(command, "year_rows", lambda root, ds, year: [])
    monkeypatch.setattr(command, "export_workbook", lambda rows, year: type("WB", (), {
        "save": lambda self, path: path.write_bytes(b"PK")})())


def test_a_second_run_for_another_year_leaves_only_its_own_files_and_the_users(tmp_path, monkeypatch):
    """preview owns its folder: a run for 2023 after one for 2024 holds 2023's files only, not both years'; the
    user's files there (a note, a PDF under another name, a folder) stay, whatever preview's run."""
    stand_ins(monkeypatch)
    out = tmp_path / "out"
    theirs = {"ghi-chu.docx": b"mine", "bao-cao-2024-cua-toi.pdf": b"mine", "so-lieu-2024.xlsx.bak": b"mine",
              "doc-truoc.md": b"mine"}
    out.mkdir()
    for name, content in theirs.items():
        (out / name).write_bytes(content)
    (out / "bao-cao-2022.pdf").mkdir()   # a folder under one of preview's names: not a file preview made
    first = args(tmp_path, out)
    first.year = 2024
    assert command.run(first) == 0
    assert {f"bao-cao-2024.pdf", "so-lieu-2024.xlsx"} <= {p.name for p in out.iterdir()}
    second = args(tmp_path, out)
    second.year = 2023
    assert command.run(second) == 0
    ours = {"thay-doi.md", "trang-web.zip", "bao-cao-2023.pdf", "bao-cao-2023-ban-xem-xet.pdf", "bao-cao-2023.docx",
            "so-lieu-2023.xlsx"}
    assert {p.name for p in out.iterdir()} == ours | set(theirs) | {"bao-cao-2022.pdf", command.MANIFEST}
    assert all((out / name).read_bytes() == content for name, content in theirs.items())
    stand_ins(monkeypatch, errors=[DataError("data/2023/telecom.yml", 8, 12, "x", "Sai", "Wrong", "Sửa.")])
    assert command.run(second) == 1   # refused data: the comment alone, no PDF of the run before
    assert {p.name for p in out.iterdir()} == {"thay-doi.md", command.MANIFEST} | set(theirs) | {"bao-cao-2022.pdf"}


def test_a_workbook_filled_in_the_folder_is_never_removed_nor_overwritten(tmp_path, monkeypatch, capsys):
    """The office fills so-lieu-2024.xlsx where preview wrote it (build/xem-truoc/), then previews again: the filled
    file stays, byte for byte; this run's workbook goes beside it under another name, and the run after that
    replaces its own file, not the filled one. A file under preview's name that no run recorded is kept too."""
    stand_ins(monkeypatch)
    out = tmp_path / "out"
    run = args(tmp_path, out)
    run.year = 2024
    assert command.run(run) == 0
    filled = b"PK filled by a unit"
    (out / "so-lieu-2024.xlsx").write_bytes(filled)
    (out / "bao-cao-2024.docx").write_bytes(b"PK edited in Word")
    capsys.readouterr()
    assert command.run(run) == 0
    assert (out / "so-lieu-2024.xlsx").read_bytes() == filled
    assert (out / "bao-cao-2024.docx").read_bytes() == b"PK edited in Word"
    assert (out / "so-lieu-2024 (2).xlsx").read_bytes() == b"PK", "this run's workbook, beside the filled one"
    said = capsys.readouterr().err
    assert "Giữ nguyên" in said and "so-lieu-2024 (2).xlsx" in said, said
    assert command.run(run) == 0
    assert (out / "so-lieu-2024.xlsx").read_bytes() == filled
    assert not (out / "so-lieu-2024 (3).xlsx").exists(), "the run's own earlier file was replaced, not kept"
    stranger = tmp_path / "other"
    stranger.mkdir()
    (stranger / "so-lieu-2024.xlsx").write_bytes(filled)     # no run recorded it: kept
    assert command.run(args(tmp_path, stranger)) == 0
    assert (stranger / "so-lieu-2024.xlsx").read_bytes() == filled


@pytest.mark.parametrize("where", [".", "docs", "data", "data/2023", "docs/2023", ".."])
def test_an_out_that_is_the_project_docs_data_or_holds_the_project_is_refused(tmp_path, monkeypatch, capsys, where):
    """preview removes its earlier files from --out: in the project, docs/ or data/ that could be a published
    bao-cao-2023.pdf, so such an --out is refused before anything is read, written or removed."""
    root = tmp_path / "project"
    for folder in ("docs/2023", "data/2023"):
        (root / folder).mkdir(parents=True)
    kept = [root / "thay-doi.md", root / "docs/2023/bao-cao-2023.pdf", root / "data/2023/so-lieu-2023.xlsx",
            tmp_path / "bao-cao-2023.docx"]
    for path in kept:
        path.write_bytes(b"mine")
    monkeypatch.setattr(command, "errors_of", lambda root: pytest.fail("ran despite a refused --out"))
    assert command.run(args(root, root / where)) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "chọn một thư mục khác" in err and "Choose another folder" in err, err
    assert all(path.read_bytes() == b"mine" for path in kept)


def test_a_link_under_a_preview_name_is_removed_never_written_through(tmp_path, monkeypatch):
    """so-lieu-2024.xlsx in the folder as a link (to a file elsewhere, or to nothing yet): the run removes the link
    and writes its own file there; what the link led to is neither written nor created."""
    stand_ins(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere, nowhere = tmp_path / "elsewhere.xlsx", tmp_path / "nowhere.xlsx"
    elsewhere.write_bytes(b"theirs")
    (out / "so-lieu-2024.xlsx").symlink_to(elsewhere)
    (out / "bao-cao-2024.docx").symlink_to(nowhere)
    run = args(tmp_path, out)
    run.year = 2024
    assert command.run(run) == 0
    assert elsewhere.read_bytes() == b"theirs" and not nowhere.exists()
    assert not (out / "so-lieu-2024.xlsx").is_symlink() and (out / "so-lieu-2024.xlsx").read_bytes() == b"PK"


def test_no_workbook_is_offered_for_a_signed_year(tmp_path, monkeypatch):
    """A pull request touching 2023 once its report is signed (an editorial decision, say) offered so-lieu-2023.xlsx
    in the preview, 'the workbook the units fill': a workbook `sheet import` refuses (its year is signed). The preview
    offers the workbook of a year still being written only."""
    stand_ins(monkeypatch)
    (tmp_path / "data/2023").mkdir(parents=True)
    (tmp_path / "data/2023/signed.txt").write_text("…\n", encoding="utf-8")
    for year, offered in ((2023, False), (2024, True)):
        out = tmp_path / f"out-{year}"
        run = args(tmp_path, out)
        run.year = year
        assert command.run(run) == 0
        assert (out / f"so-lieu-{year}.xlsx").exists() is offered
        assert (out / f"bao-cao-{year}.pdf").exists()
