"""The README's nginx settings, copied as written, serve what `publish` put in place — at once, after every publish.

A real nginx on a free loopback port, its `server` block the README's ```nginx block and nothing else (root = the
folder holding DEST), in an `http` block tuned as many servers are (`open_file_cache`, which keeps the files it
opened for `open_file_cache_valid`). A project is published (37 party members), read through nginx, published again
(38) and read again: every file nginx sends is the one DEST now holds, byte for byte — not the version a cached
file handle still points to (without `open_file_cache off` in the README's location, nginx 1.22 sent the old page
and the old search index for a minute). Also what the README promises of that block: `no-cache` on what a publish
changes, the types a browser needs, 404.html for a missing page, nothing of DEST.prev or the lock file served; and a
reader's Chromium at /bao-cao: no failed request, search, the workbook download. Skipped where nginx is not
installed.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from conftest import copy_project, unsigned

pytestmark = pytest.mark.build   # publishes the real site, twice

ROOT = Path(__file__).resolve().parent.parent
NAME = "bao-cao"
MEMBERS = "    label: Đảng viên của Đảng bộ\n    value: 37\n"          # data/2023/party.yml, as in the source text
MEMBERS_PAGE = "2023/ii-2-2-to-chuc-xay-dung-dang/index.html"
MIME_TYPES = Path("/etc/nginx/mime.types")
TUNING = "open_file_cache max=1000 inactive=120s; open_file_cache_valid 60s;"   # an admin's tuning, http-wide


def readme_block(language: str) -> str:
    found = re.search(rf"^( *)```{language}\n(.*?)^\1```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    assert found, f"README.md has no ```{language} block"
    return textwrap.dedent(found.group(2))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urlopen(Request(url), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def publish(project: Path, dest: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "macros", "publish", str(dest)], cwd=project, capture_output=True,
                            text=True, timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr


SERVED = ["index.html", MEMBERS_PAGE, "search/search_index.json", "2023/so-lieu-2023.xlsx", "404.html"]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """The project published, read through nginx, published again with 38 members; what nginx sent each time."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if not binary or not MIME_TYPES.is_file():
        pytest.skip("nginx is not installed")
    tmp = tmp_path_factory.mktemp("nginx")
    project = unsigned(copy_project(tmp / "project"))
    www = tmp / "www"
    www.mkdir()
    dest = www / NAME
    port = free_port()
    config = tmp / "nginx.conf"
    config.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  include {MIME_TYPES}; default_type application/octet-stream; access_log off; {TUNING}
  client_body_temp_path {tmp}/t1; proxy_temp_path {tmp}/t2; fastcgi_temp_path {tmp}/t3; uwsgi_temp_path {tmp}/t4;
  scgi_temp_path {tmp}/t5;
  server {{
    listen 127.0.0.1:{port};
    root {www};
{textwrap.indent(readme_block("nginx"), "    ")}
  }}
}}
""", encoding="utf-8")
    publish(project, dest)
    server = subprocess.Popen([binary, "-c", str(config), "-p", str(tmp)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.05)
        first = {path: get(f"{base}/{NAME}/{path}") for path in SERVED}
        party = project / "data/2023/party.yml"
        text = party.read_text(encoding="utf-8")
        assert text.count(MEMBERS) == 1
        party.write_text(text.replace(MEMBERS, MEMBERS.replace("37", "38")), encoding="utf-8")
        publish(project, dest)
        second = {path: get(f"{base}/{NAME}/{path}") for path in SERVED}
        yield {"base": base, "dest": dest, "www": www, "first": first, "second": second}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_file_nginx_sends_after_a_publish_is_the_new_version(nginx):
    dest = nginx["dest"]
    for path, (status, _, body) in nginx["second"].items():
        assert status == 200 and body == (dest / path).read_bytes(), f"{path}: nginx sent another version than DEST's"
    members = nginx["second"][MEMBERS_PAGE][2].decode("utf-8")
    assert 'data-key="2023/party.members"' in members and ">38<" in members
    assert nginx["first"][MEMBERS_PAGE][2] != nginx["second"][MEMBERS_PAGE][2]   # the first read was the old version


def test_the_readme_block_says_no_cache_and_the_types_a_browser_needs(nginx):
    second = nginx["second"]
    for path, (_, headers, _) in second.items():
        assert headers.get("Cache-Control") == "no-cache", f"{path}: {headers}"
    assert second["index.html"][1]["Content-Type"].startswith("text/html")
    assert second["search/search_index.json"][1]["Content-Type"] == "application/json"
    assert second["2023/so-lieu-2023.xlsx"][1]["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_readme_block_answers_a_missing_page_and_hides_what_is_beside_dest(nginx):
    base, dest = nginx["base"], nginx["dest"]
    status, _, body = get(f"{base}/{NAME}/2023/trang-da-xoa/")
    assert status == 404 and body == (dest / "404.html").read_bytes()
    assert (nginx["www"] / f"{NAME}.prev" / "index.html").is_file() and (nginx["www"] / f".{NAME}.lock").is_file()
    hidden = [f"{NAME}.prev/", f"{NAME}.prev/index.html", f".{NAME}.lock"]
    hidden += [f"{p.name}/index.html" for p in nginx["www"].iterdir() if p.name.startswith(f".{NAME}.site-")]
    for path in hidden:
        status, _, body = get(f"{base}/{path}")
        assert status == 404 and b"<html" in body.lower() and b"md-header" not in body, path
    status, _, body = get(f"{base}/{NAME}")   # no trailing slash: redirected to the site
    assert status == 200 and body == (dest / "index.html").read_bytes()


def test_a_reader_uses_the_site_through_nginx_under_its_sub_folder(nginx, browser):
    """Real Chromium at http://server/bao-cao (typed without the last slash) through the README's nginx block: no
    request fails, search without accents finds pages and leads into /bao-cao/, the figures workbook downloads."""
    base = nginx["base"]
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
    page.on("pageerror", lambda e: failed.append(str(e)))
    try:
        page.goto(f"{base}/{NAME}", wait_until="networkidle")
        assert page.url == f"{base}/{NAME}/"
        page.fill("input.md-search__input", "to chuc xay dung dang")
        page.wait_for_selector(".md-search-result__link", timeout=10000)
        found = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
        assert found and all(url.startswith(f"{base}/{NAME}/") for url in found), found
        page.goto(found[0], wait_until="networkidle")
        page.goto(f"{base}/{NAME}/2023/bang-so-lieu/", wait_until="networkidle")
        with page.expect_download() as download:
            page.click('a[href$="so-lieu-2023.xlsx"]')
        assert download.value.suggested_filename == "so-lieu-2023.xlsx" and download.value.failure() is None
        assert Path(download.value.path()).read_bytes() == (nginx["dest"] / "2023/so-lieu-2023.xlsx").read_bytes()
    finally:
        context.close()
    assert failed == [], failed
