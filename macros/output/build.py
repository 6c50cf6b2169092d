"""The strict site build that every output starts from (`pdf`, `docx`, `publish`), and its failures as messages."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path


class OutputError(Exception):
    """An output could not be made; the message says why and what to do (Vietnamese, then English)."""


def default_year(root: Path) -> int:
    """The year an output is made for when none is given: the newest year whose report is complete (no figure
    "chưa báo cáo", no section "[chưa soạn]" or paragraph not revised), else the newest year — the year the home page
    presents (the same context the build makes, so the pages' marks count)."""
    from ..data import load
    from ..site.context import make_context
    from ..sources.nav import read_nav
    config = root / "mkdocs.yml"
    year = make_context(root, root / "docs", load(root), read_nav(config) if config.is_file() else [],
                        False).presented
    if year is None:
        raise OutputError(f"Không có thư mục năm nào trong {root / 'data'} / no year folder under data/")
    return year


OFFLINE_ENV = "BAOCAO_OFFLINE"   # mkdocs.yml: Material's offline plugin on (a site that opens from disk)


def build_site(root: Path, dest: Path, offline: bool = False) -> None:
    """The strict build of the project into dest (every output uses this one). No `-q`: with it MkDocs
    drops its warnings before --strict counts them, so a broken link would pass; build_log keeps what matters.
    offline=True (`preview`): pages as page.html and the search index inlined, so the folder opens from disk."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(dest)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", **{OFFLINE_ENV: str(offline).lower()})
    result = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace", env=env)
    if result.returncode < 0:   # POSIX: ended by a signal, not by MkDocs (the kernel's out-of-memory killer, a kill)
        said = build_log(result.stdout)
        raise BuildFailed(killed(result.returncode) + ("" if said == NO_REASON else "\n" + said))
    if result.returncode != 0:
        raise BuildFailed(build_log(result.stdout))


def killed(returncode: int) -> str:
    """A build process ended by a signal, said with its likeliest cause and what to do."""
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = str(-returncode)
    return (f"Quá trình dựng trang bị dừng giữa chừng ({name}): thường là máy hết bộ nhớ và hệ thống dừng nó, hoặc có "
            f"người dừng nó. Không phải lỗi của dữ liệu hay trang: kiểm tra bộ nhớ còn trống (free -m; dmesg nói "
            f"'Out of memory' nếu là vậy) rồi chạy lại. / The build process was stopped ({name}): usually the machine "
            f"ran out of memory and the system killed it, or someone stopped it. Not an error of the data or the "
            f"pages: check free memory (free -m; dmesg says 'Out of memory' if so) and run again.")


class BuildFailed(OutputError):
    """The strict build failed; .log holds MkDocs' warnings and errors (build_log)."""

    def __init__(self, log: str):
        self.log = log
        super().__init__("Build trang web thất bại — sửa lỗi dưới đây rồi chạy lại. / "
                         "The site build failed; fix the errors below and run again.\n" + log)


_LOG_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s")


def build_log(output: str) -> str:
    """MkDocs' output without INFO records and without Python tracebacks (an editor reads this): a traceback's
    indented frames are dropped, its last line (the exception and its message) is kept. A record's continuation
    lines are indented; any other line (MkDocs' "Aborted with …") is kept."""
    kept, skipping, in_traceback = [], False, False
    for line in output.splitlines():
        record = _LOG_RECORD.match(line)
        if record:
            skipping = record.group(1) in ("DEBUG", "INFO")
        elif line[:1] not in (" ", "\t"):   # not an INFO record's indented list: "Aborted with 2 warnings…"
            skipping = False
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            if line[:1].isspace():
                continue
            in_traceback = False
        if not skipping and line.strip():
            kept.append(_OS_ERROR.sub(_plain_os_error, line))
    return "\n".join(kept) or NO_REASON


NO_REASON = "(MkDocs không in lý do / MkDocs printed no reason)"


_OS_ERROR = re.compile(r"^[\w.]*Error: \[(?:Errno|WinError) (\d+)\] (.*)$")   # OSError's own words: the system's
DISK_FULL = {"28", "112"}                                                        # ENOSPC; Windows' ERROR_DISK_FULL


def _plain_os_error(match: re.Match) -> str:
    """A traceback's last line from the file system, said without the exception's name (a full disk, a folder
    that may not be written)."""
    full = (" — ổ đĩa đầy: giải phóng chỗ trống rồi chạy lại / the disk is full: free some space and run again"
            if match.group(1) in DISK_FULL else "")
    return f"Lỗi hệ thống tệp / file system error: {match.group(2)}{full}"
