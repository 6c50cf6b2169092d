"""Hostile data (issue 16, part 2): Markdown, HTML and template signs, line breaks and blank lines typed into EVERY
string field the site shows stay text — in the pages, the tooltips, the tables, the charts, the search index and the
Word file — and never become an element, a link, an emphasis, a template or a new paragraph.

ONE copy of the project gets every payload at once, one after the other, in every field below (each field marked
with its own tag, e.g. `M07X`), is built strict, and the built site is compared with a build of the same copy
carrying harmless text in the same fields: every page must have exactly the same elements, and every place a field
shows must show the payloads literally; a failure names the first payload that is not shown as typed. Expected text
comes from the payloads themselves, never from the code under test.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from conftest import build_site, copy_project, unsigned
from test_docx import printed_article

pytestmark = pytest.mark.build

PAYLOADS = {
    "link-onmouseover": "[x](y/onmouseover=alert(document.domain)//)",
    "link-external": "[x](https://e.invalid/onmouseover=alert(document.domain)//)",   # a link strict builds accept
    "autolink": "<https://e.invalid/a>",
    "attribute-breakout": "\" onmouseover=\"alert(1)\" x='",
    "star-emphasis": "*em*",
    "underscore-emphasis": "_em_",
    "backticks": "`code`",
    "script": "<script>alert(1)</script>",
    "entity": "&amp;",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-raw": "{% raw %}",
    "blank-line": "đầu đoạn\n\ncuối đoạn",       # `label: |` with an empty line
    "line-break": "dòng một\ndòng hai",
    "table-pipe": "| cột | cột |",
    "html-comment": "<!--",
    "span-close": "</span></a>",               # would end the count's <span> early (proposals.py mark_counts)
    "javascript-link": "[x](javascript:alert(1))",
}
PLAIN = "chữ thường"        # the reference build: the same fields, harmless text
ALL = " ¦ ".join(PAYLOADS.values())


@dataclass(frozen=True)
class Field:
    name: str
    file: str
    anchor: str | None      # a line (unique in the file) whose block holds the key; None: a top-level key
    key: str
    variant: int = 1        # fields that hide each other (report number / number suffix) go in separate builds


P, I, D, C, R = ("data/2023/party.yml", "data/2023/indicators.yml", "data/2023/documents.yml",
                 "data/2023/decisions.yml", "data/2023/report.yml")
FIELDS = (
    Field("figure label", P, "  members_female:", "label"),
    Field("figure unit", P, "  members_female:", "unit"),
    Field("figure source", P, "  members_female:", "source"),
    Field("plan figure label (chart category)", "data/2023/plan.yml", "  members_good_share:", "label"),
    Field("indicator name (chart category)", I, "      - id: ttbcxb_truyen_thanh", "name"),
    Field("indicator actual_phrase", I, "      - id: ttbcxb_truyen_thanh", "actual_phrase"),
    Field("indicator reason", I, "      - id: buu_chinh_dia_chi_so", "reason"),
    Field("sector name (chart category)", I, "  - id: ttbcxb", "name"),
    Field("sector lead", I, "  - id: ttbcxb", "lead"),
    Field("document kind", D, "  qd_85_tw:", "kind"),
    Field("document number", D, "  qd_85_tw:", "number"),
    Field("document issuer", D, "  qd_85_tw:", "issuer"),
    Field("document title", D, "  qd_85_tw:", "title"),
    Field("decision title", C, "  cap_quang_ho_gia_dinh:", "title"),
    Field("decision source_says", C, "  cap_quang_ho_gia_dinh:", "source_says"),
    Field("decision decision", C, "  cap_quang_ho_gia_dinh:", "decision"),
    # a pending decision that re-sorts indicators (indicators.yml status_decision): its title in every count's
    # "[đề nghị]" tooltip and the chart's note, its sector's name among the chart note's bars
    Field("status decision title (count mark, chart note)", C, "  vien_thong_tong_hop:", "title"),
    Field("sector name of a proposed count (chart note)", I, "  - id: vien_thong", "name"),
    # the source's words of a pending change: struck through beside the proposed words in the page (proposals.py)
    Field("decision change source (struck words)", C, "  vien_thong_tong_hop:", "source"),
    *(Field(f"report {key}", R, None, key) for key in (
        "superior_body", "issuing_body", "number_suffix", "place", "document_type", "summary", "on_behalf",
        "signer_title", "signer_name", "recipients")),
    Field("report number", R, None, "number", variant=2),     # a number hides the suffix's placeholder line
)
VARIANTS = sorted({f.variant for f in FIELDS})


# a table an editor writes in Markdown, with figures whose fields carry the payloads (a figure's label in its tooltip; a
# count a pending decision re-sorts, its decision's title in the mark's tooltip): a '|' must not split the row
TABLE_PAGE = "docs/2023/ii-2-2-to-chuc-xay-dung-dang.md"
TABLE = """
| Số liệu | Giá trị |
|---|---|
| Đảng viên nữ | {{ fig("party.members_female") }} |
| Viễn thông, chưa đạt | {{ fig("indicators.vien_thong.chua_dat") }} |
"""


def mark(field: Field) -> str:
    return f"M{FIELDS.index(field):02d}X"


# --------------------------------------------------------------------------- writing the payloads into a copy

def _block_end(lines: list, start: int) -> int:
    """The line after the block that `lines[start]` opens (the lines indented deeper than it)."""
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    for no in range(start + 1, len(lines)):
        stripped = lines[no].lstrip(" ")
        if stripped and not stripped.startswith("#") and len(lines[no]) - len(stripped) <= indent:
            return no
    return len(lines)


def set_field(text: str, field: Field, payload: str) -> str:
    """The YAML text with the field's value replaced by '<mark> <payload> <old value>' (old value kept, so that
    e.g. an indicator name keeps its {target}); a multi-line payload is written as an editor would, `key: |-`."""
    lines = text.split("\n")
    if field.anchor is None:
        start, end = 0, len(lines)
        pattern = re.compile(rf"^(){re.escape(field.key)}:(.*)$")
    else:
        starts = [no for no, line in enumerate(lines) if line == field.anchor]
        assert len(starts) == 1, f"{field.file}: anchor {field.anchor!r} found {len(starts)} times"
        start, end = starts[0], _block_end(lines, starts[0])
        pattern = re.compile(rf"^(\s*(?:- )?){re.escape(field.key)}:(.*)$")
    found = [no for no in range(start, end) if pattern.match(lines[no])]
    assert found, f"{field.file}: no {field.key!r} under {field.anchor!r}"
    no = found[0]
    prefix, old_text = pattern.match(lines[no]).groups()
    old = yaml.safe_load(f"x:{old_text}")["x"]
    value = f"{mark(field)} {payload}" + (f" {old}" if isinstance(old, str) else "")
    indent = " " * len(prefix)   # the key's line keeps its prefix: "- " of a list's item
    if field.key == "recipients":
        new = [f"{prefix}{field.key}: {json.dumps([value], ensure_ascii=False)}"]
    elif "\n" in value:
        new = [f"{prefix}{field.key}: |-"] + [f"{indent}  {part}" if part else "" for part in value.split("\n")]
    else:
        new = [f"{prefix}{field.key}: {json.dumps(value, ensure_ascii=False)}"]
    return "\n".join(lines[:no] + new + lines[no + 1:])


def write_payload(project: Path, payload: str, variant: int) -> None:
    for file in sorted({f.file for f in FIELDS}):
        path = project / file
        text = path.read_text(encoding="utf-8")
        for field in FIELDS:
            if field.file == file and field.variant == variant:
                text = set_field(text, field, payload)
        path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- reading what was built

class Reader(HTMLParser):
    """The elements an HTML text makes (start tags) and the strings a reader sees (text nodes, attribute values),
    character references decoded, as a browser does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.strings = Counter(), []
        self.svg_text = None   # the lines (tspans) of a chart label, read as one string

    def handle_endtag(self, tag):
        if tag == "text" and self.svg_text is not None:
            self.strings.append(" ".join(self.svg_text))
            self.svg_text = None

    def handle_starttag(self, tag, attrs):
        if tag == "text":
            self.svg_text = []
        if tag != "tspan":   # a chart label's lines: a longer label wraps into more lines, by design
            self.tags[tag] += 1
        self.tags.update(f"{tag}@{name}" for name, _ in attrs if name.startswith("on"))   # event handlers
        self.strings += [value for _, value in attrs if value]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.svg_text is not None:
            self.svg_text.append(data)
        else:
            self.strings.append(data)

    def handle_comment(self, data):
        self.tags["<!--"] += 1


def read_html(text: str) -> Reader:
    reader = Reader()
    reader.feed(text)
    reader.close()
    return reader


def squash(text: str) -> str:
    return " ".join(text.split())


def shown_literally(string: str, field: Field, payload: str) -> bool:
    """Every place the field's mark shows in `string` is followed by the payload as typed (white space may be
    collapsed; a chart label may be cut with '…')."""
    want = squash(f"{mark(field)} {payload}")
    for found in re.finditer(re.escape(mark(field)), string):
        got = squash(string[found.start():])
        if got.startswith(want):
            continue
        if "…" in got and want.startswith(got[:got.index("…")]) and got.index("…") > len(mark(field)) + 1:
            continue
        return False
    return True


@dataclass
class Build:
    project: Path
    site: Path

    def pages(self) -> dict:
        return {p.relative_to(self.site).as_posix(): p.read_text(encoding="utf-8") for p in self.site.rglob("*.html")}

    def index(self) -> dict:
        docs = json.loads((self.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return {(d["location"], n): d for n, d in enumerate(docs)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """('plain' or 'all', variant) -> the strict build of a copy of the project carrying harmless text or every
    payload at once; built on demand, once per test module."""
    made = {}

    def get(name: str, variant: int) -> Build:
        if (name, variant) not in made:
            root = tmp_path_factory.mktemp(f"hostile-{name}-{variant}")
            project = unsigned(copy_project(root / "project"))
            write_payload(project, {"plain": PLAIN, "all": ALL}[name], variant)
            with (project / TABLE_PAGE).open("a", encoding="utf-8") as page:
                page.write(TABLE)
            result = build_site(project, root / "site")
            assert result.returncode == 0, f"strict build failed for {name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            made[name, variant] = Build(project, root / "site")
        return made[name, variant]
    return get


def strings_in(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def test_every_field_is_written_and_the_count_of_combinations(tmp_path):
    """Each field is found once in its file and YAML reads the payload back as typed, blank line included."""
    project = copy_project(tmp_path / "project")
    for variant in VARIANTS:
        write_payload(project, PAYLOADS["blank-line"], variant)
    for field in FIELDS:
        values = strings_in(yaml.safe_load((project / field.file).read_text(encoding="utf-8")))
        assert [v for v in values if v.startswith(f"{mark(field)} {PAYLOADS['blank-line']}")], field.name
    combinations = len(PAYLOADS) * len(FIELDS)
    print(f"\nhostile data: {len(PAYLOADS)} payloads × {len(FIELDS)} fields = {combinations} combinations")
    assert combinations >= 300


# --------------------------------------------------------------------------- the built site

def check_pages(plain: Build, hostile: Build, payload: str, variant: int) -> set:
    """Every page of `hostile` has the elements of the same page of `plain`, and shows each field's payload as
    typed wherever the field shows; returns the fields seen."""
    seen = set()
    plain_pages, hostile_pages = plain.pages(), hostile.pages()
    assert plain_pages.keys() == hostile_pages.keys()
    for page, source in hostile_pages.items():
        got, want = read_html(source), read_html(plain_pages[page])
        extra = (got.tags - want.tags) + (want.tags - got.tags)
        assert not extra, f"{page}: the payload {payload!r} changed the page's elements: {dict(extra)}"
        for field in FIELDS:
            shown = [s for s in got.strings if mark(field) in s]
            if shown and field.variant == variant:
                seen.add(field)
            for string in shown:
                assert shown_literally(string, field, payload), \
                    f"{page}: {field.name} does not show {payload!r} as typed: {string[:300]!r}"
    return seen


def first_not_shown(string: str, field: Field) -> str:
    """The first payload of ALL that `string` does not show as typed after the field's mark (for the message)."""
    for n, name in enumerate(PAYLOADS, 1):
        if not shown_literally(string, field, " ¦ ".join(list(PAYLOADS.values())[:n])):
            return f"{name}: {PAYLOADS[name]!r}"
    return "?"


def test_payloads_show_as_text_in_every_page(builds):
    try:
        seen = check_pages(builds("plain", 1), builds("all", 1), ALL, 1)
    except AssertionError as failed:
        field = next((f for f in FIELDS if mark(f) in str(failed)), None)
        shown = re.search(r"as typed: '(.*)'$", str(failed), re.S)
        raise AssertionError(f"{failed}\nfirst payload not shown as typed: "
                             f"{first_not_shown(shown.group(1), field) if field and shown else '?'}") from None
    missing = [f.name for f in FIELDS if f.variant == 1 and f not in seen]
    assert not missing, f"fields shown on no page: {missing}"


def test_every_payload_shows_as_text_in_the_report_number(builds):
    """The report's number hides the number suffix's placeholder, so it gets its own build, with every payload."""
    seen = check_pages(builds("plain", 2), builds("all", 2), ALL, 2)
    assert [f.variant for f in seen] == [2]


def test_payloads_are_text_in_the_search_index(builds):
    found = 0
    plain, hostile = builds("plain", 1).index(), builds("all", 1).index()
    assert plain.keys() == hostile.keys()
    for key, doc in hostile.items():
        for part in ("title", "text"):
            got, want = read_html(doc[part]), read_html(plain[key][part])
            assert got.tags == want.tags, f"search index {key[0]} {part}: markup from the payloads: {dict(got.tags)}"
            for field in FIELDS:
                for string in (s for s in got.strings if mark(field) in s):
                    found += 1
                    assert shown_literally(string, field, ALL), \
                        f"search index {key[0]} {part}: {field.name}: {first_not_shown(string, field)}"
    assert found >= 10, f"the payloads reached the search index only {found} times"


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p")))


def test_payloads_show_as_text_in_the_word_file(builds, tmp_path):
    """The Word file (python -m macros docx on the built copy) carries every payload as typed."""
    built = builds("all", 1)
    out = tmp_path / "bao-cao.docx"
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(built.project), "docx", "--site",
                             str(built.site), "--out", str(out)], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, PYTHONPATH=str(built.project), PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    payload = ALL
    title = docx.Document(str(out)).core_properties.title   # the summary, cut to Word's 255 characters
    assert title.startswith(mark(FIELDS[[f.name for f in FIELDS].index("report summary")])) and len(title) <= 255
    text = docx_text(out)
    printed = squash(printed_article(built.site).text_content())
    fields = [f for f in FIELDS if f.variant == 1 and mark(f) in printed]
    assert len(fields) >= 15, f"too few fields on paper: {[f.name for f in fields]}"
    for field in fields:
        assert mark(field) in text, f"{field.name} is printed but not in the Word file"
        # header and signature lines print in capitals, in the Word file as on paper (real letters, issue 23)
        assert shown_literally(text.upper(), field, payload.upper()), \
            f"Word file: {field.name}: {text[text.index(mark(field)) - 20:][:200]!r}"


# --------------------------------------------------------------------------- in the browser

MARKED = """marks => {
  const has = s => s && marks.some(m => s.includes(m));
  const all = [...document.querySelectorAll('*')];
  return {
    titles: all.filter(e => has(e.getAttribute('title'))).map(e => e.getAttribute('title')),
    carriers: all.filter(e => has(e.getAttribute('title')) || (e.children.length === 0 && has(e.textContent)))
                 .map((e, n) => (e.setAttribute('data-hostile', n), n)),
    handlers: all.flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + '@' + a.name)),
    counts: Object.fromEntries(['a', 'em', 'strong', 'code', 'script', 'img', 'iframe', 'p'].map(
      t => [t, document.querySelectorAll(t).length])),
    text: document.body.innerText,
  };
}"""


@pytest.mark.browser
def test_payloads_are_inert_in_chromium(builds, browser):
    """With every payload at once in every field: tooltips (title attributes) and text show it as typed; no element,
    no event handler is created; hovering every element that carries a field runs nothing."""
    from macros.output.pdf import serve
    payload, marks = ALL, [mark(f) for f in FIELDS]
    plain, hostile = builds("plain", 1), builds("all", 1)
    pages = sorted(p for p, source in hostile.pages().items()
                   if any(mark(f) in s for f in FIELDS for s in read_html(source).strings) and p != "404.html")
    assert len(pages) >= 8, pages
    servers = [serve(plain.site), serve(hostile.site)]
    context = browser.new_context()
    dialogs = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        hovered = titles = 0
        for path in pages:
            url = path.removesuffix("index.html")
            page.goto(f"http://127.0.0.1:{servers[0].server_port}/{url}", wait_until="load")
            want = page.evaluate(MARKED, marks)
            page.goto(f"http://127.0.0.1:{servers[1].server_port}/{url}", wait_until="load")
            got = page.evaluate(MARKED, marks)
            assert got["counts"] == want["counts"], f"{path}: elements made from {payload!r}"
            assert got["handlers"] == want["handlers"] == [], f"{path}: event handlers: {got['handlers']}"
            for title in got["titles"]:
                titles += 1
                for field in FIELDS:
                    assert mark(field) not in title or squash(f"{mark(field)} {payload}") in squash(title), \
                        f"{path}: tooltip does not show {payload!r} as typed: {title[:200]!r}"
            for field in FIELDS:   # compared in capitals: print.css sets some header lines in capitals
                assert shown_literally(got["text"].upper(), field, payload.upper()), \
                    f"{path}: {field.name} does not show {payload!r} as typed in the browser"
            for n in got["carriers"]:
                element = page.locator(f"[data-hostile='{n}']")
                if element.is_visible():
                    element.hover(force=True, timeout=2000)
                else:
                    element.dispatch_event("mouseover")
                hovered += 1
        page.wait_for_timeout(200)
        assert not dialogs, f"hovering ran script: {dialogs}"
        assert titles >= 3 and hovered >= 10, (titles, hovered)
    finally:
        context.close()
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.mark.browser
def test_payloads_show_as_text_in_the_pdf(builds, browser, tmp_path):
    """The printed report (python -m macros pdf on the built copy) carries every payload as typed."""
    from pypdf import PdfReader
    built = builds("all", 1)
    out = tmp_path / "bao-cao.pdf"
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(built.project), "pdf", "--site",
                             str(built.site), "--out", str(out)], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, PYTHONPATH=str(built.project), PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    # without the page numbers (a line of digits at the top or bottom of a page, a draft's DỰ THẢO beside it), which
    # break the text
    text = "\n".join(re.sub(r"^\s*\d+(?:\s+DỰ THẢO)?\s*\n|\n\s*\d+\s*$", "", page.extract_text())
                     for page in PdfReader(str(out)).pages)
    article = printed_article(built.site)
    for block in article.xpath(".//div[@class='doc-header' or @class='doc-signature']"):
        block.getparent().remove(block)    # two columns side by side: a PDF's text interleaves their lines
    fields = [f for f in FIELDS if f.variant == 1 and mark(f) in article.text_content()]
    assert len(fields) >= 10, [f.name for f in fields]
    bare = re.sub(r"\s+", "", text.upper())     # lines wrap anywhere on paper; some header lines are in capitals
    for field in fields:
        assert mark(field) in bare, f"{field.name} is not in the PDF"
        want = re.sub(r"\s+", "", f"{mark(field)}{ALL}".upper())
        for found in re.finditer(mark(field), bare):
            assert bare[found.start():].startswith(want), f"PDF: {field.name}: {bare[found.start():][:300]!r}"


# --------------------------------------------------------------------------- the reviewers' table

def review_table(label: str) -> Reader:
    """`python -m macros diff`'s Markdown table for one changed figure with this label, rendered as Markdown."""
    import dataclasses

    import markdown
    from macros.commands import diff
    from macros.data import Figure
    old = Figure("party.members", 2023, label, "đảng viên", "count", 37)
    new = dataclasses.replace(old, value=38)
    snap = diff.Snapshot("`main`", None, {}, {})
    return read_html(markdown.markdown(diff.markdown([diff.FigureChange(old.global_key, old, new)], snap, snap),
                                       extensions=["tables"]))


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_payload_is_text_in_the_review_table(name):
    """The table of changed figures a reviewer reads in a merge request is Markdown: a label stays text there."""
    field = FIELDS[0]
    got, want = review_table(f"{mark(field)} {PAYLOADS[name]}"), review_table(f"{mark(field)} {PLAIN}")
    assert got.tags == want.tags, f"markup from {PAYLOADS[name]!r}: {dict(got.tags - want.tags)}"
    shown = [s for s in got.strings if mark(field) in s]
    assert shown and all(shown_literally(s, field, PAYLOADS[name]) for s in shown), shown
