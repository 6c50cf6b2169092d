"""Provenance on the built site, and the appendix pages "Bảng số liệu", "Văn bản được trích dẫn", "Ghi chú biên tập".

Expectations come from the data files and the Markdown sources read here (PyYAML, regular expressions), and are
checked against the HTML of the real strict build.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT, build_site
from oracles import page_html, thousands as vi_count, url_of

DATA = ROOT / "data" / "2023"
SPECIAL = {"indicators", "documents", "decisions", "rules", "report", "cover"}


# --------------------------------------------------------------------------- reading HTML and sources

class Elements(HTMLParser):
    """Every element with its attributes and its text (ids, classes, links)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.items, self._open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        item = {"tag": tag, **{k: (v or "") for k, v in attrs}, "text": ""}
        self.items.append(item)
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._open.append(item)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for item in self._open:
            item["text"] += data


def executed(md_text: str) -> str:
    return re.sub(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", "", md_text, flags=re.S)


def calls(name: str) -> dict:
    """{src: [first arguments]} of {{ name("...") }} in docs/, outside {% raw %} blocks."""
    out = {}
    for md in sorted((ROOT / "docs").rglob("*.md")):
        found = re.findall(r"\{\{-?\s*" + name + r"\(\s*[\"']([^\"']+)[\"']", executed(md.read_text(encoding="utf-8")))
        if found:
            out[md.relative_to(ROOT / "docs").as_posix()] = found
    return out


APPENDIX = {"2023/bang-so-lieu.md", "2023/van-ban.md", "2023/ghi-chu-bien-tap.md", "2023/in-toan-van.md"}


def shown_on_pages(site: Path) -> dict:
    """{key: {src}}: the figures each page of the BUILT site really shows (its span.fig[data-key]), whether a page
    asks for them with fig() or through a sentence, a table or a chart. The appendix and the print page, which
    show every figure again, do not count as uses."""
    out = {}
    for built in sorted(site.rglob("index.html")):   # every page built, the system pages (cover, dashboard) too
        url = built.parent.relative_to(site).as_posix()
        src = "index.md" if url == "." else f"{url}/index.md" if re.fullmatch(r"\d{4}", url) else f"{url}.md"
        if src in APPENDIX or url.startswith(("search", "assets")):
            continue
        for el in Elements(page_html(site, src)).items:
            key = el.get("data-key") or ""
            if key.startswith("2023/"):
                out.setdefault(key[5:], set()).add(src)
    return out


def figures_files() -> dict:
    """{stem: (figures mapping, file text)} for every figures file of 2023."""
    out = {}
    for path in sorted(DATA.glob("*.yml")):
        if path.stem not in SPECIAL:
            text = path.read_text(encoding="utf-8")
            out[path.stem] = (yaml.safe_load(text)["figures"], text)
    return out


def line_of(text: str, name: str) -> int:
    return text.split("\n").index(f"  {name}:") + 1


def built_pages(site: Path):
    for path in sorted(site.rglob("index.html")):
        if path.parent.name in ("search", "assets") or "404" in path.parts:
            continue
        yield path


# --------------------------------------------------------------------------- provenance

def test_every_figure_on_every_page_carries_its_key(site):
    spans = 0
    for path in built_pages(site):
        for el in Elements(path.read_text(encoding="utf-8")).items:
            if "fig" in el.get("class", "").split():
                spans += 1
                assert re.fullmatch(r"\d{4}/[a-z0-9_]+\.[a-z0-9_.-]+", el.get("data-key", "")), (html, el)
                assert el.get("data-file", "").startswith("data/"), (html, el)
                assert el["data-key"] in el.get("title", "") and el["data-file"] in el["title"], (html, el)
    assert spans > len(figures_files())


def test_every_fig_call_shows_up_with_its_key(site):
    asked = calls("fig")
    assert asked, "no page asks for a figure"
    for src, keys in asked.items():
        keys_in_page = {el.get("data-key") for el in Elements(page_html(site, src)).items}
        for key in keys:
            full = key if re.match(r"\d{4}/", key) else f"2023/{key}"
            assert full in keys_in_page, f"{src}: {key} has no span.fig[data-key]"


def test_print_shows_figures_without_decoration(site, browser):
    page = browser.new_page()
    page.goto((site / "2023" / "bang-so-lieu" / "index.html").as_uri())
    page.emulate_media(media="print")
    style = page.eval_on_selector("span.fig", """el => { const s = getComputedStyle(el);
        return [s.textDecorationLine, s.borderBottomStyle, s.backgroundColor, s.display]; }""")
    page.close()
    assert style[0] == "none" and style[1] == "none", style
    assert style[2] in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert style[3] != "none", style


# --------------------------------------------------------------------------- Bảng số liệu

def test_figures_page_lists_every_figure_with_source_and_pages(site):
    items = Elements(page_html(site, "2023/bang-so-lieu.md")).items
    rows = {el["id"]: el for el in items if el["tag"] == "tr" and el.get("id")}
    used_by = shown_on_pages(site)
    count = 0
    for stem, (figs, text) in figures_files().items():
        for name, spec in figs.items():
            key = f"{stem}.{name}"
            count += 1
            assert key in rows, f"{key} missing from Bảng số liệu"
            row = rows[key]["text"]
            assert spec["label"] in row and spec["unit"] in row
            assert f"data/2023/{stem}.yml:{line_of(text, name)}" in row
            if isinstance(spec.get("value"), int) and spec["unit"] not in ("%", "đồng"):
                assert vi_count(spec["value"]) in row
            if "sum" in spec:
                assert "Tổng" in row and all(k.split(".")[-1] in row for k in spec["sum"])
            if spec.get("source"):
                assert f"mục {spec['source']}" in row
            if key in used_by:
                assert "Chưa trang nào dùng" not in row and "data-unused" not in rows[key]
            else:
                assert "Chưa trang nào dùng" in row and "data-unused" in rows[key]
    assert len(rows) >= count
    # links from a used figure to its pages
    html = page_html(site, "2023/bang-so-lieu.md")
    for key, srcs in used_by.items():
        for src in srcs:
            target = url_of(src)
            href = os.path.relpath(target or ".", "2023/bang-so-lieu").replace(os.sep, "/")
            assert f'href="{href}/"' in html or f'href="{href}"' in html, (key, src, href)
    summary = next(el["text"] for el in items if el.get("class") == "figures-summary")
    total, used, unused = map(int, re.findall(r"\d+", summary.replace("2023", ""))[:3])
    assert total == len(rows) == used + unused
    assert unused == sum(1 for el in rows.values() if "data-unused" in el)


def test_figure_without_label_fails_the_build(project, tmp_path):
    path = project / "data" / "2023" / "party.yml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"(\n  members_good:\n    label: ).*\n", r"\1'   '\n", text)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode != 0
    assert "data/2023/party.yml" in result.stderr and "members_good" in result.stderr and "label" in result.stderr


# --------------------------------------------------------------------------- documents and decisions

def test_documents_page_has_an_anchor_per_document_and_its_citations(site):
    docs = yaml.safe_load((DATA / "documents.yml").read_text(encoding="utf-8"))["documents"]
    items = Elements(page_html(site, "2023/van-ban.md")).items
    rows = {el["id"]: el for el in items if el["tag"] == "tr" and el.get("id")}
    assert set(docs) <= set(rows)
    for key, d in docs.items():
        assert d["number"] in rows[key]["text"]
        if d.get("title"):
            assert d["title"] in rows[key]["text"]
    van_ban = page_html(site, "2023/van-ban.md")
    for src, keys in calls("doc").items():
        citing = page_html(site, src)
        target = url_of(src)
        back = os.path.relpath(target or ".", "2023/van-ban").replace(os.sep, "/")
        for key in keys:
            assert f'van-ban/#{key}"' in html.unescape(citing), (src, key)
            row_html = van_ban.split(f'id="{key}"', 1)[1].split("</tr>", 1)[0]   # ids as written: qd_85_tw
            assert f'href="{back}/"' in row_html or f'href="{back}"' in row_html, (src, key)


def test_decisions_page_has_every_decision_and_its_figures(site):
    decisions = yaml.safe_load((DATA / "decisions.yml").read_text(encoding="utf-8"))["decisions"]
    items = Elements(page_html(site, "2023/ghi-chu-bien-tap.md")).items
    by_id = {el["id"]: el for el in items if el.get("id")}
    blocks = {el["data-decision"]: el["text"] for el in items if el.get("data-decision")}
    for key, d in decisions.items():
        assert by_id[key]["tag"] == "h2" and by_id[key]["text"].strip() == d["title"]
        assert d["source_says"] in blocks[key] and d["decision"] in blocks[key]
    for stem, (figs, _) in figures_files().items():
        for name, spec in figs.items():
            if spec.get("decision"):
                assert f"{stem}.{name}" in blocks[spec["decision"]]
    for src, keys in calls("note").items():
        for key in keys:
            assert key in decisions and "ghi-chu-bien-tap/#" + key in html.unescape(page_html(site, src))


# --------------------------------------------------------------------------- edit button, no internet

REPO_LINES = re.compile(r"^# ((?:repo_url|repo_name|edit_uri): .*)$", re.M)


def repository_links(html: str) -> tuple[list, list]:
    items = Elements(html).items
    return ([el["href"] for el in items if el.get("rel") == "edit"],
            [el["href"] for el in items if el.get("data-md-component") == "source"])


def test_no_edit_button_or_repository_link_while_no_repository_is_configured(site):
    """The shipped mkdocs.yml names no Git server yet (its repo_url lines are comments): no page may show a
    pencil or a repository link pointing nowhere."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "repo_url" not in config and "edit_uri" not in config
    for md in sorted((ROOT / "docs").rglob("*.md")):
        src = md.relative_to(ROOT / "docs").as_posix()
        assert repository_links(page_html(site, src)) == ([], []), src


def test_edit_button_on_every_page_points_at_its_source_once_configured(project, tmp_path):
    """Doing what mkdocs.yml's comment says (remove the # of the three repository lines) gives every page a pencil
    to its own source and the repository link."""
    config_path = project / "mkdocs.yml"
    text, n = REPO_LINES.subn(r"\1", config_path.read_text(encoding="utf-8"))
    assert n == 3, "mkdocs.yml must carry the three commented repository lines"
    config_path.write_text(text, encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)
    base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"]
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for md in sorted((project / "docs").rglob("*.md")):
        src = md.relative_to(project / "docs").as_posix()
        html = (tmp_path / "site" / url_of(src) / "index.html").read_text(encoding="utf-8")
        edit, source = repository_links(html)
        assert edit == [base + src] and source and set(source) == {config["repo_url"]}, src   # header and menu
    # a system page (the same template every year) opens its template, not a docs/ file that does not exist
    listed = re.findall(r"\b2023/([a-z0-9-]+\.md)\s*$", text, re.M)
    templates = [t for t in sorted((project / "macros/sources/system_pages").glob("*.md")) if t.name in listed]
    assert len(templates) >= 6
    for template in templates:
        html = (tmp_path / "site" / url_of(f"2023/{template.name}") / "index.html").read_text(encoding="utf-8")
        edit, _ = repository_links(html)
        assert edit == [base.removesuffix("docs/") + f"macros/sources/system_pages/{template.name}"], template.name


def test_pages_fetch_nothing_from_the_internet(site, browser):
    """Material's repository widget calls a forge's API only for github.com / gitlab URLs; ours is a placeholder."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    for src in ("index.md", "2023/bang-so-lieu.md", "huong-dan-bien-tap.md"):
        url = url_of(src)
        page.goto((site / url / "index.html").as_uri())
        page.wait_for_timeout(300)
    page.close()
    outside = [u for u in requested if not u.startswith(("file:", "data:", "blob:"))]
    assert requested and not outside, outside


def test_guide_shows_macro_calls_literally(site):
    html = page_html(site, "huong-dan-bien-tap.md")
    assert '{{ fig(&quot;telecom.poor_and_near_poor_households&quot;) }}' in html
    assert '{{ doc(&quot;qd_123_ubnd&quot;) }}' in html and '{{ note(&quot;ten_khoa_ngan&quot;) }}' in html
    assert 'class="fig"' not in html
