"""`python -m macros preview` (issue 20, item 1): one command that makes everything a pull request's reviewer
looks at, run once on a throwaway git repository with a figure changed in the working tree, as CI runs it.

The folder holds the change table (with that figure and the link CI adds), the draft PDF, the review copy, the Word
file and the site as a zip; unzipped, the site opens from disk (file://) in real Chromium, asks nothing of any
server, and its search finds a page (Material's offline plugin, the iframe-worker shim kept in docs/assets/).
A refused data file stops the command before any build with check's own message as the last lines, and the comment
lists the same errors.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, copy_project, unsigned

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]
YEAR = 2023
LINK = "https://git.example.invalid/dang-bo/bao-cao/-/jobs/7/artifacts/browse"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=T", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout.strip()


def preview(root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(root), "preview", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.fixture(scope="module")
def made(tmp_path_factory, browser):
    """(repo, out folder, the command's result, the figure changed (key, new value), seconds)."""
    repo = unsigned(copy_project(tmp_path_factory.mktemp("preview") / "repo"))   # a year still being written
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    path = repo / "data" / str(YEAR) / "telecom.yml"
    old = yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]["post_offices"]["value"]
    text, n = re.subn(rf"(\n  post_offices:\n(?:    .*\n)*?    value: ){old}\n", rf"\g<1>{old + 7}\n",
                      path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "xem-truoc"
    started = time.perf_counter()
    result = preview(repo, "--base", "main", "--out", out, "--link", LINK)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\npreview: {seconds:.1f} s — {result.stdout.strip()}")
    return repo, out, result, ("2023/telecom.post_offices", old + 7), seconds


def test_the_folder_holds_table_pdfs_word_file_and_site(made):
    repo, out, result, (key, value), _ = made
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "thay-doi.md", "trang-web.zip", f"bao-cao-{YEAR}.pdf", f"bao-cao-{YEAR}-ban-xem-xet.pdf",
        f"bao-cao-{YEAR}.docx", f"so-lieu-{YEAR}.xlsx", ".xem-truoc.sha256"])   # the last: what the run wrote
    table = (out / "thay-doi.md").read_text(encoding="utf-8")
    assert table.startswith("**Tóm tắt**") and "1 số liệu đổi" in table.splitlines()[0]
    row = next(line for line in table.splitlines() if line.startswith(f"| `{key}`"))
    assert f"| {value} |" in row
    assert table.rstrip().endswith(f"<{LINK}>")
    revision = git(repo, "rev-parse", "HEAD")
    for name, subject in ((f"bao-cao-{YEAR}.pdf", "Báo cáo"),
                          (f"bao-cao-{YEAR}-ban-xem-xet.pdf", "Báo cáo — bản xem xét")):
        reader = PdfReader(str(out / name))
        assert len(reader.pages) >= 10 and reader.metadata["/Subject"] == subject
        assert revision.startswith(reader.metadata["/Revision"])
        assert "có sửa đổi chưa commit" in reader.metadata["/Keywords"]   # the figure changed in the working tree
        assert f"{value}" in "".join(p.extract_text() for p in reader.pages)
    word = docx.Document(str(out / f"bao-cao-{YEAR}.docx"))
    assert revision.startswith(word.core_properties.version)
    from openpyxl import load_workbook    # the workbook to fill, as `sheet export` makes it, with the changed value
    book = load_workbook(out / f"so-lieu-{YEAR}.xlsx")
    cells = {ws.cell(r, 1).value: ws.cell(r, 5).value for ws in book.worksheets[1:] for r in range(2, ws.max_row + 1)}
    assert book.worksheets[1]["E1"].value == f"Số liệu {YEAR}" and cells[key.split("/", 1)[1]] == value


def test_the_site_opens_from_disk_and_its_search_works(made, browser, tmp_path):
    _, out, _, (key, value), _ = made
    tmp_path = tmp_path / "Tải về" / "ban-xem-truoc (1) #2"   # where a download lands: spaces, diacritics, # and ()
    with zipfile.ZipFile(out / "trang-web.zip") as archive:
        names = archive.namelist()
        assert {n.split("/", 1)[0] for n in names} == {"bao-cao-xem-truoc"}
        archive.extractall(tmp_path)
    home = tmp_path / "bao-cao-xem-truoc" / "index.html"
    assert home.is_file() and (tmp_path / "bao-cao-xem-truoc" / "search" / "search_index.js").is_file()
    context = browser.new_context()
    page = context.new_page()
    outside, problems = [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "about:"))
               else (outside.append(route.request.url), route.abort()))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(home.as_uri(), wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("buu chinh", delay=20)
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        first = page.locator(".md-search-result__item a.md-search-result__link").first
        href = first.get_attribute("href")
        assert href.startswith("file://") and urlsplit(href).path.endswith(".html"), href
        first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and urlsplit(page.url).path == urlsplit(href).path, page.url
        figure_page = tmp_path / "bao-cao-xem-truoc" / str(YEAR) / "ii-1-2-02-buu-chinh-vien-thong.html"
        page.goto(figure_page.as_uri(), wait_until="load")
        shown = page.locator(f'span.fig[data-key="{key}"]').first.inner_text()
        assert shown == str(value)
    finally:
        context.close()
    assert outside == [], f"the preview site asked a server: {outside}"
    assert problems == [], problems


def test_a_refused_data_file_stops_with_checks_message_last(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / str(YEAR) / "telecom.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    value: ", "    value: '", 1), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=ROOT,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert check.returncode == 1 and check.stderr.strip()
    started = time.perf_counter()
    result = preview(project, "--out", tmp_path / "out")
    assert result.returncode == 1 and time.perf_counter() - started < 30
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.rstrip().endswith(check.stderr.rstrip()), result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".xem-truoc.sha256", "thay-doi.md"]   # the
    # comment (check's errors), and what the run wrote
    table = (tmp_path / "out" / "thay-doi.md").read_text(encoding="utf-8")
    assert table.startswith("**Chưa có bản xem trước: dữ liệu có lỗi**") and f"data/{YEAR}/telecom.yml:" in table


def test_a_broken_main_still_gives_the_mending_pull_request_its_comment(tmp_path):
    """The base's data is refused (a broken main), the working tree mends it: the comment says so with the base's
    error, instead of failing the job (no build here: the comment only)."""
    from macros.commands.preview import comment
    repo = copy_project(tmp_path / "repo")
    path = repo / "data" / str(YEAR) / "telecom.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("    value: ", "    value: '", 1), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    path.write_text(good, encoding="utf-8")
    text, whole = comment(repo, "main", LINK)
    assert whole is None
    assert text.startswith("**Không so sánh được với phiên bản gốc**")
    assert f"data/{YEAR}/telecom.yml" in text and text.rstrip().endswith(f"<{LINK}>")


def test_a_table_too_long_for_one_comment_is_cut_at_a_line(tmp_path, monkeypatch):
    from macros.commands import preview as command
    table = "\n".join(f"| `2023/x.k{i}` | tên | {i} | {i + 1} | — |" for i in range(5000))
    monkeypatch.setattr(command, "change_table", lambda root, base: table)
    text, whole = command.comment(tmp_path, "main", LINK)
    assert whole == table and len(text) < 65_536
    body = text[:text.index("\n\n_…")]
    assert table.startswith(body) and table[len(body)] == "\n", "cut inside a row"
    assert "thay-doi-day-du.md" in text and text.rstrip().endswith(f"<{LINK}>")


def test_every_link_of_the_site_from_disk_leads_to_a_file(made, tmp_path):
    """Citations, notes, the figures table's links and downloads are written by the macros, not MkDocs: from a page
    that is a file (2023/bang-so-lieu.html) they lead to the file the build wrote, never to a folder a server would
    have answered with index.html (`../van-ban/#qd_85_tw` led to the site root's van-ban/, which is not there)."""
    import html.parser
    from urllib.parse import unquote

    class Links(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found += [v for k, v in attrs if k in ("href", "src") and v]

    _, out, _, _, _ = made
    with zipfile.ZipFile(out / "trang-web.zip") as archive:
        archive.extractall(tmp_path)
    site, broken, checked = tmp_path / "bao-cao-xem-truoc", {}, 0
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.found:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            checked += 1
            if not (page.parent / unquote(parts.path)).is_file():
                broken.setdefault(page.relative_to(site).as_posix(), []).append(url)
    assert checked > 1000 and not broken, {k: v[:3] for k, v in broken.items()}


def test_the_inbox_report_leads_the_comment(tmp_path, monkeypatch):
    """What `inbox` applied to the branch or refused (its --report) is the first thing the comment says; an empty
    report (nothing in nhap/) adds nothing."""
    from macros.commands import preview as command
    monkeypatch.setattr(command, "change_table", lambda root, base: "| bảng |")
    lead = "### Yêu cầu trong thư mục `nhap/`\n\n**Bị từ chối / refused** `nhap/a.xlsx`\n"
    text, _ = command.comment(tmp_path, "main", LINK, lead)
    assert text.startswith(lead.strip() + "\n\n| bảng |") and text.rstrip().endswith(f"<{LINK}>")
    assert command.comment(tmp_path, "main", LINK, "")[0] == command.comment(tmp_path, "main", LINK)[0]


def test_a_long_inbox_report_leaves_the_comment_within_what_a_git_server_takes(tmp_path, monkeypatch):
    """The table was cut to 60,000 characters whatever the lead's length: a lead of 30,000 (an inbox report at its
    most) made a comment GitHub refuses (65,536). The table gets the room the lead leaves; the whole one is kept."""
    from macros.commands import preview as command
    from macros.commands.inbox import REPORT_CHARS
    table = "\n".join(f"| dòng {i} | {'x' * 90} |" for i in range(2000))
    monkeypatch.setattr(command, "change_table", lambda root, base: table)
    lead = "### Yêu cầu\n\n~~~\n" + "\n".join("y" * 99 for _ in range(REPORT_CHARS // 100)) + "\n~~~\n"
    text, whole = command.comment(tmp_path, "main", LINK, lead)
    assert len(text) < 65_536 and text.startswith(lead.strip()) and whole == table


def test_a_table_cut_for_one_comment_names_what_was_cut_and_keeps_what_looks_like_a_slip(tmp_path, monkeypatch):
    """The slips (a value ×10...) are the table's last section: a long pull request cut them off the comment, and the
    note did not say which sections were cut."""
    from macros.commands import preview as command
    rows = "\n".join(f"| `2023/x.k{i}` | tên | {i} | {i + 1} | — |" for i in range(3000))
    table = (f"**Tóm tắt**: …\n\n**Lời văn thay đổi** (3000 câu):\n\n| a | b |\n|---|---|\n{rows}\n\n"
             f"**Thay đổi khác người đọc sẽ thấy** (1):\n\n| a |\n|---|\n| tên |\n\n"
             "**Cần người duyệt xác nhận** (có thể là nhầm lẫn; nếu đúng ý, bỏ qua):\n\n"
             "- ⚠ `2023/telecom.post_offices`: giá trị ×10 (có gõ thừa hoặc thiếu chữ số?).")
    monkeypatch.setattr(command, "change_table", lambda root, base: table)
    text, whole = command.comment(tmp_path, "main", LINK)
    assert whole == table and len(text) < 65_536
    note = next(line for line in text.splitlines() if line.startswith("_… bảng quá dài"))
    assert "phần cuối của Lời văn thay đổi" in note and "Thay đổi khác người đọc sẽ thấy" in note
    assert "- ⚠ `2023/telecom.post_offices`: giá trị ×10" in text.split(note)[1]
