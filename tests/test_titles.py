"""Page titles as the reader meets them — the browser tab, the nav, the footer's previous/next links — are text,
never a template or Markdown: a system page titled by its first heading ('# Báo cáo năm {{ report_year() }}') is
titled by that heading as rendered."""
from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LINK_TEXTS = re.compile(r'class="md-(?:nav|footer)__link[^"]*"[^>]*>(.*?)</a>', re.S)
LABELS = re.compile(r'aria-label="((?:Trước|Sau): [^"]*)"')
TAG = re.compile(r"<[^>]+>")


@pytest.mark.build
def test_no_title_shows_a_template_or_markup(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    shown = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        shown += [(page, TITLE.search(text).group(1))] + [(page, label) for label in LABELS.findall(text)]
        shown += [(page, TAG.sub(" ", link)) for link in LINK_TEXTS.findall(text)]
    bad = [(p.relative_to(site).as_posix(), t.strip()) for p, t in shown
           if "{{" in t or "{%" in t or "{ ." in t or "{:" in t]
    assert bad == []


@pytest.mark.build
def test_the_year_cover_is_titled_by_its_rendered_heading(site):
    year = max(p.name for p in (ROOT / "data").iterdir() if p.name.isdigit())
    cover = (site / year / "index.html").read_text(encoding="utf-8")
    assert html.unescape(TITLE.search(cover).group(1)).startswith(f"Báo cáo năm {year} - ")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'aria-label="Sau: Báo cáo năm {year}"' in home
