"""`publish` refuses a PDF under docs/<year>/ (left by `pdf --publish`) that is not the report the site is about to
show: the site offered it as it found it, so a publish after a figure changed put the corrected page online beside
a PDF with the old figure (seen: the page said 38 party members, the PDF it offered 37; no word from publish).

On a tiny Git repository with a one-page PDF whose metadata names the revision it was "printed" from, as
`pdf --publish` writes it (output/pdf.py write_with_facts: /Revision, the stamp in /Keywords).
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros import stamp
from macros.commands import cli
from macros.output.stale_pdf import stale_pdfs

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="needs git")
PDF = "docs/2023/bao-cao-2023.pdf"


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env).stdout.strip()


def printed(root: Path, revision: str, uncommitted: bool = False) -> None:
    """The PDF as pdf --publish leaves it, printed from `revision` (the stamp's words in /Keywords, as the PDF has)."""
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    words = stamp.Stamp(revision, uncommitted, stamp.build_date()).words()
    writer.add_metadata({"/Revision": revision, "/Keywords": f"Bản dựng: {words}, dự thảo"})
    out = io.BytesIO()
    writer.write(out)
    (root / PDF).write_bytes(out.getvalue())


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "project"
    for path, text in {"mkdocs.yml": "site_name: x\n", "data/2023/party.yml": "members: 37\n",
                       "docs/2023/index.md": "# 2023\n", "README.md": "x\n", ".gitignore": "docs/*/bao-cao-*.pdf\n"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A")
    return root


def test_a_pdf_printed_from_the_pages_as_they_are_is_current(repo):
    printed(repo, git(repo, "rev-parse", "--short=10", "HEAD"))
    assert stale_pdfs(repo) == []
    (repo / "README.md").write_text("other words\n", encoding="utf-8")   # not what the report is made from
    git(repo, "commit", "-qam", "README")
    assert stale_pdfs(repo) == []
    git(repo, "add", "-f", PDF)    # committed after it was printed (uploaded through the Git server's web pages)
    git(repo, "commit", "-qm", "PDF")
    assert stale_pdfs(repo) == []


@pytest.mark.parametrize("change", ["figure-committed", "figure-uncommitted", "page", "printed-uncommitted",
                                    "unknown-revision", "no-revision"])
def test_a_pdf_printed_from_other_figures_or_words_is_stale(repo, change):
    revision = git(repo, "rev-parse", "--short=10", "HEAD")
    printed(repo, revision, uncommitted=change == "printed-uncommitted")
    if change.startswith("figure"):
        (repo / "data/2023/party.yml").write_text("members: 38\n", encoding="utf-8")
        if change == "figure-committed":
            git(repo, "commit", "-qam", "38")
    elif change == "page":
        (repo / "docs/2023/index.md").write_text("# 2023\n\nMột câu mới.\n", encoding="utf-8")
    elif change == "unknown-revision":
        printed(repo, "0123456789")      # a shallow clone, another repository
    elif change == "no-revision":
        printed(repo, "")                # not a PDF pdf --publish wrote
    assert stale_pdfs(repo) == [(PDF, "" if change == "no-revision" else "0123456789" if change == "unknown-revision"
                                 else revision)]


def test_publish_refuses_a_stale_pdf_before_building_and_says_what_to_do(repo, tmp_path, capsys):
    printed(repo, git(repo, "rev-parse", "--short=10", "HEAD"))
    (repo / "data/2023/party.yml").write_text("members: 38\n", encoding="utf-8")
    git(repo, "commit", "-qam", "38")
    www = tmp_path / "www"
    www.mkdir()
    assert cli.main(["--root", str(repo), "publish", str(www / "bao-cao")]) == 1
    err = capsys.readouterr().err
    assert PDF in err and "python -m macros pdf --publish --year 2023" in err and "không đổi (chưa dựng gì)" in err and "unchanged" in err, err
    assert err.index("không đổi") < err.index("unchanged")
    assert sorted(p.name for p in www.iterdir()) == [".bao-cao.lock"]   # nothing built, nothing put in place


def test_outside_git_nothing_is_compared(tmp_path):
    root = tmp_path / "project"
    (root / "docs/2023").mkdir(parents=True)
    printed(root, "0123456789")
    assert stale_pdfs(root) == []
