"""Links the report's macros write (citations to the documents page, notes, the figures table, downloads) in the
preview's site, whose pages are files (`2023/van-ban.html`, MkDocs' use_directory_urls: false under the offline
plugin) since it opens from disk: each leads to the file the build writes, not to a folder that does not exist
(`../van-ban/` from 2023/bang-so-lieu.html was the site root's van-ban/). The whole site: test_preview_command.py."""
from __future__ import annotations

import posixpath

import pytest

from macros.sources.pages import file_url, rel_file_url, rel_url

SOURCES = {"index.md", "2023/index.md", "2023/van-ban.md", "2023/bang-so-lieu.md", "huong-dan-bien-tap.md"}


@pytest.mark.parametrize("page, target, written", [
    ("2023/bang-so-lieu.html", "2023/van-ban/#qd_85_tw", "2023/van-ban.html#qd_85_tw"),
    ("2023/bang-so-lieu.html", "2023/so-lieu-2023.xlsx", "2023/so-lieu-2023.xlsx"),
    ("2023/bang-so-lieu.html", "2023/", "2023/index.html"),
    ("2023/index.html", "", "index.html"),
    ("index.html", "2023/bang-so-lieu/#k", "2023/bang-so-lieu.html#k"),
    ("huong-dan-bien-tap.html", "2023/van-ban/", "2023/van-ban.html"),
])
def test_a_link_from_a_page_file_leads_to_the_file_written(page, target, written):
    link = rel_file_url(page, target, SOURCES)
    path, _, anchor = link.partition("#")
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) + (f"#{anchor}" if anchor else "") \
        == written, link
    assert file_url(target, SOURCES) == written


def test_directory_urls_are_unchanged():
    assert rel_url("2023/bang-so-lieu/", "2023/van-ban/#k") == "../van-ban/#k"
    assert rel_url("2023/bang-so-lieu/", "2023/so-lieu-2023.xlsx") == "../so-lieu-2023.xlsx"
    assert rel_url("", "2023/") == "2023/"
