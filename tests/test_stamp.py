"""Every output says where it came from (issue 20, item 4): the git revision, the build date, draft or final.

Quick tier: the stamp of a folder that is a git repository (made here with the real git) and of one that is not.
Built: the real site's footer on every page and the figures page carry this checkout's revision, as `git rev-parse`
gives it here, and the build date; a draft's whole-report page has the small line under DỰ THẢO. The PDF and the
Word file: tests/test_pdf.py, tests/test_docx.py (draft) and tests/test_official.py (final: no line on the pages).
"""
from __future__ import annotations

import shutil
import subprocess

import lxml.html
import pytest

from conftest import ROOT, run_date
from macros import stamp


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_stamp_of_a_git_folder_names_its_commit_and_uncommitted_changes(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.yml").write_text("a: 1\n", encoding="utf-8")
    git(tmp_path, "add", "a.yml")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "a")
    commit = git(tmp_path, "rev-parse", "HEAD")
    clean = stamp.read(tmp_path)
    assert commit.startswith(clean.revision) and len(clean.revision) >= 7 and not clean.uncommitted
    assert clean.words() == f"phiên bản {clean.revision}, dựng ngày {run_date():%d/%m/%Y}"
    (tmp_path / "a.yml").write_text("a: 2\n", encoding="utf-8")
    assert stamp.read(tmp_path).uncommitted
    assert "có sửa đổi chưa commit" in stamp.read(tmp_path).words()


def test_stamp_outside_git_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))   # no repository above the folder either
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1702598400")                 # 2023-12-15 00:00 UTC
    got = stamp.read(tmp_path)
    assert got.revision == "" and got.words() == "không rõ phiên bản, dựng ngày 15/12/2023"
    shown = stamp.fill(f"<p>{stamp.MARK}</p>", got, True)
    el = lxml.html.fragment_fromstring(shown).find_class("stamp")[0]
    assert el.text_content() == "Bản dựng: không rõ phiên bản, dựng ngày 15/12/2023, dự thảo"
    assert (el.get("data-revision"), el.get("data-built"), el.get("data-state")) == \
        ("không rõ phiên bản", "2023-12-15", "dự thảo")


# --------------------------------------------------------------------------- the built site

def _stamps(path):
    return lxml.html.parse(str(path)).getroot().find_class("stamp")


@needs_git
def test_every_page_footer_and_the_figures_page_carry_the_revision(site):
    revision = git(ROOT, "rev-parse", "HEAD")
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in [*pages, site / "404.html"]:
        footer = [s for s in _stamps(page) if s.getparent().get("class") == "md-copyright__stamp"]
        assert len(footer) == 1, page
        assert revision.startswith(footer[0].get("data-revision")), (page, footer[0].get("data-revision"))
        assert footer[0].get("data-built") == run_date().isoformat()
        assert footer[0].get("data-state") in (("",) if page.name == "404.html" else ("dự thảo", "chính thức"))
    figures = site / "2023" / "bang-so-lieu" / "index.html"
    in_page = [s for s in _stamps(figures) if s.getparent().get("class") == "figures-stamp"]
    assert len(in_page) == 1 and in_page[0].text_content().startswith("Bản dựng: phiên bản ")


def test_a_drafts_first_lines_say_where_it_came_from(site):
    root = lxml.html.parse(str(site / "2023" / "in-toan-van" / "index.html")).getroot()
    assert root.find_class("draft-mark"), "the 2023 report is expected to be a draft in this checkout"
    lines = root.find_class("stamp-line")
    assert [("review-only" in (el.get("class") or "")) for el in lines] == [False, True]
    assert lines[0].text_content().endswith(", dự thảo")
    assert stamp.MARK not in (site / "2023" / "in-toan-van" / "index.html").read_text(encoding="utf-8")
