"""The whole-report page is put together from the sections' own HTML (macros/site/whole_report.py) and must be
exactly the page that rendering the sections' Markdown again gives — the way it was made before, still available
with BAOCAO_WHOLE_REPORT=markdown. The oracle is Python-Markdown itself: the same text rendered in one piece."""
from __future__ import annotations

import os
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.structure.toc import get_toc

from conftest import ROOT, build_site
from macros.html.document import whole_report_markdown
from macros.site import whole_report
from macros.sources.pages import Page

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]   # as in mkdocs.yml

SECTIONS = {
    "2023/a.md": "---\ntitle: A\n---\n# Kết quả chung\n\n## Chung\n\nMột đoạn.\n\n"
                 '<table class="t"><tr><td>1</td></tr></table>',
    "2023/b.md": "## Chung\n\n- một\n- hai\n\n## Chung\n\n### Kết quả chung\n\nHết.",
    "2023/c.md": "Không có tiêu đề.\n\n!!! note \"Ghi chú\"\n    Nội dung.\n\n<h2>Tiêu đề viết tay</h2>\n\nCuối.",
    "2023/d.md": "# Kết thúc\n\n<div class=\"doc-signature\"><p>Ký</p></div>",
}
PARTS = [(1, "I. Phần một", "2023/a.md"), (1, "II. Phần hai", None), (2, "1. Mục", "2023/b.md"),
         (2, "2. Mục không tiêu đề", "2023/c.md"), (1, "III. Hết", "2023/d.md")]


def rendered(text: str, src: str = "2023/in-toan-van.md"):
    """A page as MkDocs leaves it after rendering: content, toc, anchors, Markdown."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    content = md.convert(text)
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), content=content, toc=get_toc(md.toc_tokens),
                           markdown=text, present_anchor_ids=set())


def body(src: str) -> str:
    text = SECTIONS[src]
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def test_assembled_page_is_the_page_rendered_in_one_piece():
    once = rendered(whole_report_markdown(PARTS, SECTIONS.get))
    page = rendered(whole_report_markdown(PARTS, SECTIONS.get, marks=True))
    sections = [rendered(body(src), src) for src in SECTIONS]
    whole_report.fill([page, *sections])
    assert page.content == once.content
    assert str(page.toc) == str(once.toc) and "chung_1" in str(page.toc)
    assert {"ket-qua-chung", "ket-qua-chung_1", "chung", "chung_1", "chung_2"} <= page.present_anchor_ids
    assert "<h2>Tiêu đề viết tay</h2>" in page.content       # raw HTML headings are not moved


def test_a_section_not_rendered_is_said_in_the_page():
    page = rendered(whole_report_markdown(PARTS, SECTIONS.get, marks=True))
    sections = [rendered(body(src), src) for src in SECTIONS]
    sections[1].content = None                               # `mkdocs serve --dirty`: not rebuilt
    whole_report.fill([page, *sections])
    assert "Thiếu mục 2023/b.md" in page.content and "<!-- baocao:section" not in page.content


def pages(**extra) -> list:
    texts = {**SECTIONS, **extra}
    return [Page(src, text) for src, text in texts.items()]


def test_plan_assembles_only_what_the_sections_own_pages_can_give(monkeypatch):
    here = "2023/in-toan-van/"
    monkeypatch.delenv(whole_report.MODE_ENV, raising=False)
    assert whole_report.plan(pages(), here, list(SECTIONS)) == (True, True)
    signed = pages(**{"2023/d.md": "# Kết thúc\n\n{{ signature() }}"})
    assert whole_report.plan(signed, here, list(SECTIONS)) == (True, False)   # the section brings the signature
    headed = pages(**{"2023/a.md": "{{ document_header() }}\n\n# A"})
    assert whole_report.plan(headed, here, list(SECTIONS)) == (False, True)
    assert whole_report.plan(pages(**{"2023/x/e.md": "# E"}), here, [*SECTIONS, "2023/x/e.md"]) == (False, True)
    own_year = [Page(p.src, p.text, {"year": 2022} if p.src == "2023/b.md" else {}) for p in pages()]
    assert whole_report.plan(own_year, here, list(SECTIONS)) == (False, True)   # rendered in the page's year
    monkeypatch.setenv(whole_report.MODE_ENV, "markdown")
    assert whole_report.plan(pages(), here, list(SECTIONS)) == (False, True)


@pytest.mark.build
def test_real_site_is_the_same_as_rendering_every_section_again(site, tmp_path):
    """Today's way (every section's Markdown rendered again in the page) and the assembled page: the same site,
    byte for byte — the whole-report page, its table of contents, and every other file."""
    os.environ[whole_report.MODE_ENV] = "markdown"
    try:
        result = build_site(ROOT, tmp_path / "again")
    finally:
        del os.environ[whole_report.MODE_ENV]
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    page = site / "2023" / "in-toan-van" / "index.html"
    assert "<!-- baocao:section" not in page.read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8").count('class="doc-signature"') == 1
    differ = [str(p) for p in built if (site / p).read_bytes() != (tmp_path / "again" / p).read_bytes()]
    assert differ == []
