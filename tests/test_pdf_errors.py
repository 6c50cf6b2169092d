"""Every documented failure of `python -m macros pdf` ends with a message (Vietnamese, then
English, saying what to do) and exit code 2, never a traceback, and writes no PDF.

(A missing Chromium: tests/test_pdf.py::test_pdf_command_explains_a_missing_chromium.)
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project


def run_pdf(*args: str, cwd: Path = ROOT, chromium: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    if chromium is not None:
        env["CHROMIUM"] = chromium
    result = subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 2, f"exit {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def broken_browsers(tmp: Path) -> dict[str, str]:
    script = tmp / "chromium-hong"
    script.write_text("#!/bin/sh\necho 'chromium: error while loading shared libraries' >&2\nexit 1\n")
    script.chmod(0o755)
    not_executable = tmp / "chromium-khong-chay-duoc"
    not_executable.write_text("not a program\n")
    return {"false": "/bin/false", "exits-1": str(script), "not-executable": str(not_executable)}


@pytest.mark.parametrize("kind", ["false", "exits-1", "not-executable"])
def test_a_broken_chromium_is_explained(site, tmp_path, kind):
    out = tmp_path / "bao-cao.pdf"
    result = run_pdf("pdf", "--site", str(site), "--out", str(out), chromium=broken_browsers(tmp_path)[kind])
    assert "Không khởi động được Chromium" in result.stderr and "Chromium did not start" in result.stderr
    assert "CHROMIUM" in result.stderr
    assert not out.exists()


@pytest.mark.build
def test_out_on_a_folder_is_explained(tmp_path):
    result = run_pdf("pdf", "--out", str(tmp_path))
    assert "là một thư mục" in result.stderr and "is a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.build
@pytest.mark.parametrize("command", ["pdf", "docx", "sheet export"])
def test_out_written_as_a_folder_that_does_not_exist_yet_is_explained(tmp_path, command):
    """`--out build/in/`: Path drops the trailing separator, so the file would take the folder's name."""
    result = run_pdf(*command.split(), "--out", f"{tmp_path}/in/")
    assert "là một thư mục" in result.stderr and "is a folder" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.build
def test_out_where_nothing_can_be_written_is_explained(tmp_path):
    blocker = tmp_path / "tep-thuong.txt"       # a file where the PDF's folder should be
    blocker.write_text("x", encoding="utf-8")
    result = run_pdf("pdf", "--out", str(blocker / "bao-cao.pdf"))
    assert "Không ghi được vào thư mục" in result.stderr and "Cannot write into" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.build
def test_a_failed_build_is_explained_without_traceback(tmp_path):
    """A data error: the message is the build's own (file, line, key), no PDF; CHROMIUM is set so the command gets
    as far as the build on any machine."""
    project = copy_project(tmp_path / "project")
    party = project / "data/2023/party.yml"
    text = party.read_text(encoding="utf-8")
    good = "    label: Đảng viên của Đảng bộ\n    value: 37\n"
    assert text.count(good) == 1
    party.write_text(text.replace(good, good.replace("37", "3.7")), encoding="utf-8")
    line = text[:text.index(good)].count("\n") + 2
    out = tmp_path / "bao-cao.pdf"
    result = run_pdf("pdf", "--out", str(out), cwd=project, chromium="/bin/false")
    assert "Build trang web thất bại" in result.stderr and "The site build failed" in result.stderr
    assert f"data/2023/party.yml:{line}" in result.stderr and "figures.members.value" in result.stderr
    assert not out.exists()


@pytest.mark.build
def test_a_project_without_data_is_explained(tmp_path):
    result = run_pdf("--root", str(tmp_path), "pdf")
    assert "Không có thư mục năm nào" in result.stderr and "no year folder" in result.stderr


def test_build_log_keeps_the_reason_and_drops_info_and_tracebacks():
    """What MkDocs printed when a macro raised (mkdocs-macros' WARNING with a traceback inside, then the abort):
    the editor sees the page, the exception and the abort, not the frames and not the INFO lines."""
    from macros.output.build import build_log
    output = "\n".join([
        "INFO    -  Cleaning site directory",
        "INFO    -  The following pages exist in the docs directory, but are not included in the nav:",
        "  - 2023/nhap.md",
        "WARNING -  [macros] - ERROR # _Macro Rendering Error_",
        "",
        "_File_: `2023/tong-quan-chi-tieu.md`",
        "",
        "_TypeError_: SubElement() argument 1 must be Element",
        "",
        "```",
        "Traceback (most recent call last):",
        '  File "/x/mkdocs_macros/plugin.py", line 703, in render',
        "    return md_template.render(**page_variables)",
        "TypeError: SubElement() argument 1 must be Element",
        "```",
        "Aborted with a BuildError!",
    ])
    log = build_log(output)
    assert "Traceback" not in log and "plugin.py" not in log
    assert "INFO" not in log and "nhap.md" not in log
    for kept in ("2023/tong-quan-chi-tieu.md", "TypeError: SubElement() argument 1 must be Element",
                 "Aborted with a BuildError!"):
        assert kept in log


def test_build_log_says_a_file_system_error_without_the_exception_name():
    """A disk that fills during the build (`publish` into a nearly full disk): MkDocs' traceback ends with an
    OSError; the admin reads what the system said and what to do, not the exception's name."""
    from macros.output.build import build_log
    output = "\n".join([
        "INFO    -  Building documentation to directory: /srv/www/.bao-cao.new-1",
        "Traceback (most recent call last):",
        '  File "/x/mkdocs/structure/files.py", line 300, in copy_file',
        "    shutil.copyfile(self.abs_src_path, output_path)",
        "OSError: [Errno 28] No space left on device: '/x/lunr.no.min.js' -> '/srv/www/.bao-cao.new-1/lunr.no.min.js'",
    ])
    log = build_log(output)
    assert "OSError" not in log and "Errno" not in log and "Traceback" not in log, log
    assert "No space left on device: '/x/lunr.no.min.js'" in log and "ổ đĩa đầy" in log and "disk is full" in log, log
    assert "Lỗi hệ thống tệp" in build_log("PermissionError: [Errno 13] Permission denied: '/srv/www/x'")
