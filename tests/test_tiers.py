"""The quick tier's guard (conftest._builds): what counts as starting a build or a browser under `pytest -m quick`."""
from __future__ import annotations

import sys

from conftest import _builds


def test_the_guard_knows_a_build_from_a_file_name():
    python = sys.executable
    for command in ([python, "-m", "mkdocs", "build", "--strict"], [python, "-m", "macros", "--root", "x", "pdf"],
                    [python, "-m", "macros", "publish"], ["/usr/bin/chromium", "--headless"], "soffice --headless",
                    [python, "-m", "playwright", "install"]):
        assert _builds(command), command
    for command in (["git", "archive", "--format=tar", "HEAD", "--", "data", "docs", "mkdocs.yml"],
                    [python, "-m", "macros", "check"], [python, "-m", "macros", "diff", "HEAD~1"], ["git", "status"]):
        assert not _builds(command), command
