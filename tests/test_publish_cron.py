"""The README's cron line, run as written (its schedule dropped, its paths moved into a temporary folder), on a clone
of a tiny repository whose `.venv/bin/python` stands in for the publish: it writes down the revision it was asked
to publish and fails or succeeds as the test says. The line publishes each new version of `main` once, retries one
whose publish failed until it goes online, and never publishes the same version twice (a --rollback stays). The line
compared HEAD with origin/main: after a failed publish the version was merged, `main` had not moved, and it was never
published until the next push; nor was what main held when the clone was made."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FAKE_PYTHON = """#!/bin/sh
git rev-parse HEAD >> "$CALLS"
exit "$(cat "$OUTCOME")"
"""


def cron_command() -> str:
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("*/10 * * * *")]
    assert len(lines) == 1, lines
    return lines[0].split(None, 5)[5]   # the command, without the five fields of the schedule


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout.strip()


@pytest.mark.skipif(not shutil.which("git") or not shutil.which("sh"), reason="needs git and a POSIX shell")
def test_the_readme_cron_line_publishes_each_version_once_and_retries_a_failed_one(tmp_path):
    origin, clone = tmp_path / "origin", tmp_path / "srv"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    git(origin, "commit", "-q", "--allow-empty", "-m", "A")
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    python = clone / ".venv/bin/python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    calls, outcome, log = tmp_path / "calls", tmp_path / "outcome", tmp_path / "publish.log"
    command = cron_command().replace("/srv/bao-cao", str(clone)).replace("/var/log/bao-cao-publish.log", str(log))
    assert re.search(r"\.venv/bin/python -m macros publish /var/www/bao-cao\b", command), command

    def run(result: int) -> list[str]:
        outcome.write_text(str(result), encoding="ascii")
        subprocess.run(["sh", "-c", command], env=dict(os.environ, CALLS=str(calls), OUTCOME=str(outcome)),
                       capture_output=True, timeout=60)
        return calls.read_text(encoding="ascii").split() if calls.exists() else []

    a = git(origin, "rev-parse", "HEAD")
    assert run(0) == [a]                       # the first run publishes what main holds
    assert run(0) == [a]                       # not again: DEST.prev would become a copy of DEST
    git(origin, "commit", "-q", "--allow-empty", "-m", "B")
    b = git(origin, "rev-parse", "HEAD")
    assert run(1) == [a, b]                    # B pushed, its publish fails (a full disk, a restart…)
    assert run(0) == [a, b, b]                 # tried again at the next run, and online
