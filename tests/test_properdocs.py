"""The site builds with ProperDocs (MkDocs' maintained fork, 1.6.x) as it does with MkDocs: strict, the same pages,
the same article HTML on every page — so moving to it is a one-line change already proven. The hooks run under it
too: the whole-report page is assembled and accent-insensitive search is installed."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from macros.site.search import LUNR_VI_JS, SEARCH_FOLD_MARK

ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


@pytest.mark.build
def test_properdocs_builds_the_same_site(site, tmp_path):
    dest = tmp_path / "properdocs-site"
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, f"strict ProperDocs build failed:\n{result.stdout}\n{result.stderr}"
    assert "ProperDocs" in (dest / "index.html").read_text(encoding="utf-8")     # it was ProperDocs that built it
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.html"))
    articles = 0
    for page in pages:
        mkdocs_html, properdocs_html = ((root / page).read_text(encoding="utf-8") for root in (site, dest))
        ours, theirs = ARTICLE.findall(mkdocs_html), ARTICLE.findall(properdocs_html)
        assert ours == theirs, f"{page}: the article differs between MkDocs and ProperDocs"
        articles += len(ours)
    assert articles >= 30
    assert "<!-- baocao:section" not in (dest / "2023" / "in-toan-van" / "index.html").read_text(encoding="utf-8")
    assert SEARCH_FOLD_MARK in (dest / LUNR_VI_JS).read_text(encoding="utf-8")
