"""The sidebar with `navigation.prune`: a page carries its own year's nav, other years one line each; a page outside
every year (the home page, the editors' guide) shows the year the site presents open (macros/site/sidebar.py)."""
from __future__ import annotations

import posixpath
import re
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT
from macros.site import sidebar

HREF = re.compile(r'href="([^"]+)"')


def section(title, active=False):
    return SimpleNamespace(title=title, is_section=True, active=active, children=[])


def test_the_presented_year_opens_only_where_no_year_is_open():
    years = [section("Năm 2024"), section("Năm 2023"), SimpleNamespace(title="Hướng dẫn", is_section=False)]
    assert sidebar.section_to_open(years, 2023) is years[1]
    assert sidebar.section_to_open(years, None) is None
    assert sidebar.section_to_open(years, 2019) is None
    reading_2024 = [section("Năm 2024", active=True), section("Năm 2023")]
    assert sidebar.section_to_open(reading_2024, 2023) is None
    assert sidebar.section_to_open([section("Năm học"), section("Năm 2023 (cũ)")], 2023) is None


def first_pages(items) -> list:
    """The first page of each entry of a nav list (what the pruned sidebar links a folded group to)."""
    out = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        while isinstance(value, list):
            value = value[0]
            value = next(iter(value.values())) if isinstance(value, dict) else value
        out.append(value)
    return out


def year_entries(year: int) -> list:
    """The entries under 'Năm <year>' in mkdocs.yml, read with PyYAML (the nav is the file's last part)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load("nav:" + text.split("\nnav:", 1)[1])["nav"]
    return next(item[f"Năm {year}"] for item in nav if isinstance(item, dict) and f"Năm {year}" in item)


def resolve(page: str, href: str) -> str:
    """A link of a built page as a site path with a trailing slash ('2023/i-ket-qua-noi-bat/')."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return "" if target == "." else target + "/"


@pytest.mark.build
@pytest.mark.parametrize("page", ["index.html", "huong-dan-bien-tap/index.html",
                                  "2023/ii-1-2-04-chuyen-doi-so/index.html"])
def test_the_year_s_parts_are_in_the_sidebar(site, page):
    """On the home page, the guide and a page of the year: every part of the year (a folded group links to its
    first page) is one click away in the sidebar."""
    expected = {p[: -len(".md")].removesuffix("index") + ("/" if not p.endswith("index.md") else "")
                for p in first_pages(year_entries(2023))}
    html = (site / page).read_text(encoding="utf-8")
    primary = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    shown = {resolve(page, href) for href in HREF.findall(primary)}
    assert expected <= shown, f"{page}: the sidebar lacks {sorted(expected - shown)}"
