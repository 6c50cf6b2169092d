"""No Python traceback reaches an editor, from any command: a mistake in the data or a page ends every command with
the file, line and key, in Vietnamese and English, and what to do; a fault of ours ends with a message to pass on.
A quiet build (`-q`, as scripts run it) still prints the error."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys

import pytest

from conftest import copy_project
from macros.commands import check as check_command
from macros.commands import cli

PAGE = "docs/2023/ii-1-2-02-buu-chinh-vien-thong.md"
CALL = '{{ fig("telecom.smartphone_users") }}'
WRONG = '{{ fig("telecom.smartphone_user") }}'


def run(project, *args, timeout=300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop(cli.DEBUG_ENV, None)
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, env=env,
                          timeout=timeout)


def git(project, *args) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=T", *args], cwd=project,
                   check=True, capture_output=True)


@pytest.fixture
def broken(tmp_path):
    """A project whose page asks for a key the data does not have, committed on main (diff compares with it)."""
    project = copy_project(tmp_path / "project")
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert text.count(CALL) == 1
    page.write_text(text.replace(CALL, WRONG), encoding="utf-8")
    return project


def assert_clean(result, project, what: str) -> str:
    out = (result.stdout + result.stderr).replace(str(project) + os.sep, "")
    assert result.returncode != 0, f"{what} passed:\n{out}"
    assert "Traceback" not in out and 'File "' not in out, f"{what} printed a traceback:\n{out}"
    return out


@pytest.mark.build
def test_every_command_fails_on_a_page_error_with_the_page_line_and_key(broken, tmp_path):
    line = next(no for no, text in enumerate((broken / PAGE).read_text(encoding="utf-8").split("\n"), 1)
                if "smartphone_user\")" in text)
    where = f"{PAGE}:{line}"
    commands = {
        "check": ["-m", "macros", "check"],
        "build -q": ["-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        "docx": ["-m", "macros", "docx", "--out", str(tmp_path / "bao-cao.docx")],
        "pdf": ["-m", "macros", "pdf", "--out", str(tmp_path / "bao-cao.pdf")],
        "publish": ["-m", "macros", "publish", str(tmp_path / "www")],
    }
    for what, args in commands.items():
        out = assert_clean(run(broken, *args), broken, what)
        assert where in out and "telecom.smartphone_user" in out and "Có phải 'smartphone_users'?" in out, \
            f"{what}:\n{out}"
    assert not (tmp_path / "bao-cao.docx").exists() and not (tmp_path / "bao-cao.pdf").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_and_new_year_fail_cleanly_on_a_data_error(tmp_path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    data = project / "data/2023/telecom.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("    value: 141\n", "    value: !!int \"0141\"\n"),
                    encoding="utf-8")
    (project / "data/2023/passwd.yml").symlink_to("/etc/passwd")
    outs = {}
    for what, args in {"diff": ["-m", "macros", "diff"], "new-year": ["-m", "macros", "new-year", "2024"]}.items():
        outs[what] = out = assert_clean(run(project, *args), project, what)
        assert "root:" not in out, f"{what} printed a refused file:\n{out}"
    out = outs["diff"]
    line = next(no for no, text in enumerate(data.read_text(encoding="utf-8").split("\n"), 1) if "!!int" in text)
    assert f"data/2023/telecom.yml:{line}" in out and "!!int" in out and "data/2023/passwd.yml" in out, out
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a committed link")       # diff reads it from git: never followed
    out = assert_clean(run(project, "-m", "macros", "diff", "HEAD~1", "HEAD"), project, "diff of commits")
    assert "data/2023/passwd.yml" in out and "liên kết" in out and "root:" not in out, out


def test_a_fault_of_ours_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("lỗi giả lập")

    monkeypatch.setattr(check_command, "errors_of", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--root", str(tmp_path), "check"])
    assert code == 3
    assert "Lỗi chương trình khi chạy 'check': lỗi giả lập" in err.getvalue()
    assert "Traceback" not in err.getvalue() and cli.DEBUG_ENV in err.getvalue()
    assert "RuntimeError" not in err.getvalue()   # no message names a Python exception


class ClosedPipe(io.StringIO):
    """stdout of `python -m macros diff | head` once head has exited."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_an_error(monkeypatch, tmp_path):
    """`diff | head`: the reader closed the pipe. Not a file system error ('ổ đĩa còn trống'): exit 0, nothing said."""
    monkeypatch.setattr(check_command, "errors_of", lambda root, docs=None: ([], type("D", (), {
        "years": {}, "all_figures": lambda self: []})()))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(ClosedPipe()):
        code = cli.main(["--root", str(tmp_path), "check"])
    assert code == 0 and err.getvalue() == "", err.getvalue()


@pytest.mark.parametrize("argv, said", [
    (["new-year", "2O25"], "'2O25' không phải một số nguyên"),
    (["nwe-year", "2025"], "Có phải 'new-year'?"),
    ([], "thiếu tên lệnh"),
    (["check", "--foo"], "không hiểu --foo"),
    (["pdf", "--year"], "--year cần một giá trị"),
    (["sheet"], "thiếu việc cần làm (export hoặc import)"),
])
def test_a_command_line_written_wrong_is_said_in_vietnamese_with_what_to_do(argv, said):
    """argparse's own messages are English only: an editor who types `new-year 2O25` reads what is wrong in
    Vietnamese, the English, and where to see how to write it; the exit code stays argparse's 2."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    message = err.getvalue().strip().splitlines()[-1]
    assert stopped.value.code == 2
    assert message.startswith("Lệnh viết chưa đúng: ") and said in message, message
    assert "--help" in message and " / The command line is not right: " in message, message


class Interrupting:
    """An import finder that raises KeyboardInterrupt when `name` is imported: Ctrl+C pressed while Python loads it."""

    def __init__(self, name):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name:
            raise KeyboardInterrupt
        return None


@pytest.mark.parametrize("module", ["macros.commands.cli", "macros.commands.publish"])
def test_ctrl_c_while_the_command_loads_is_not_a_traceback(monkeypatch, module):
    """Ctrl+C in the first ~0.2 s of `python -m macros publish DEST` (the admin changes their mind at once) came while
    Python imported the command, before cli.main's own handler: a KeyboardInterrupt traceback (seen with SIGINT sent
    to `python -m macros publish` 0.05-0.12 s after it started)."""
    import runpy
    for name in (module, "macros.__main__", "macros.commands.publish"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupting(module), *sys.meta_path])
    monkeypatch.setattr(sys, "argv", ["python -m macros", "publish", "/nowhere/bao-cao"])
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
            runpy.run_module("macros", run_name="__main__", alter_sys=False)
    except KeyboardInterrupt:
        pytest.fail("Ctrl+C while the command loads escaped as a traceback")
    assert exit_.value.code == 130 and err.getvalue() == "Đã dừng. / Interrupted.\n", err.getvalue()


@pytest.mark.skipif(os.name == "nt", reason="POSIX: a process ended by a signal")
def test_a_build_killed_by_the_system_is_said_so_not_as_an_error_to_fix(monkeypatch, tmp_path):
    """The build's process killed (the kernel's out-of-memory killer on a small office server; tried by sending
    SIGKILL to the mkdocs process of a running publish): the message said 'fix the errors below' and then
    '(MkDocs printed no reason)'. It says what happened, the likeliest cause and what to do."""
    from macros.output import build
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, **kwargs: subprocess.CompletedProcess(
        cmd, -9, stdout="INFO    -  Building documentation...\n"))
    with pytest.raises(build.BuildFailed) as failed:
        build.build_site(tmp_path, tmp_path / "site")
    log = failed.value.log
    assert "SIGKILL" in log and "hết bộ nhớ" in log and "out of memory" in log and "run again" in log, log
    assert "không in lý do" not in log and log.index("chạy lại") < log.index("run again")
