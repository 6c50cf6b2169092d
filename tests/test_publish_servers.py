"""The README's nginx and Apache settings, copied as written, serve what `publish` put in place — at once, after
every publish, and only where the report is.

A real nginx and a real Apache (those installed) on free loopback ports, each with the README's block and nothing
else of the site's (nginx: root = the folder holding DEST, in an `http` block tuned as many servers are, with
`open_file_cache`; Apache: the README's block in a virtual host with Debian's defaults). A project is published (37
party members), read through them, published again (38) and read again: every file a server sends is the one DEST
now holds, byte for byte — not the version a cached file handle still points to (without `open_file_cache off` in
the README's location, nginx 1.22 sent the old page and the old search index for a minute). Also what the README
promises of those blocks: `no-cache` on what a publish changes, the types a browser needs, 404.html for a missing
page of the report and not for another application's (Apache's ErrorDocument at the virtual host's level answered
every miss of the server), the server's own headers kept (nginx's `add_header` in the location dropped them), its
own cache rule for static files not applied to the report's (nginx's regular-expression location won over the
README's), nothing of DEST.prev, of the versions' folders or of the lock file served (not even a stylesheet); and a reader's Chromium at /bao-cao: no
failed request, search, the workbook download.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
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


SERVED = ["index.html", MEMBERS_PAGE, "search/search_index.json", "2023/so-lieu-2023.xlsx", "404.html",
          "assets/baocao.css", "assets/search-fold.js"]
APACHE_MODULES = Path("/usr/lib/apache2/modules")   # Debian's; elsewhere skipped


def nginx_config(tmp: Path, www: Path, port: int) -> list[str] | None:
    """The command line that runs nginx with the README's block, or None where nginx is not installed."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not binary or not MIME_TYPES.is_file():
        return None
    (tmp / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  include {MIME_TYPES}; default_type application/octet-stream; access_log off; {TUNING}
  client_body_temp_path {tmp}/t1; proxy_temp_path {tmp}/t2; fastcgi_temp_path {tmp}/t3; uwsgi_temp_path {tmp}/t4;
  scgi_temp_path {tmp}/t5;
  server {{
    listen 127.0.0.1:{port};
    root {www};
    add_header X-Frame-Options SAMEORIGIN;   # the admin's own headers and static files' cache, server-wide
    location ~* \\.(css|js|png)$ {{ expires 30d; }}
{textwrap.indent(readme_block("nginx"), "    ")}
  }}
}}
""", encoding="utf-8")
    return [binary, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)]


def apache_config(tmp: Path, www: Path, port: int) -> list[str] | None:
    """The command line that runs Apache with the README's block (its <Directory> moved to www) in a virtual host
    with Debian's defaults for /var/www (Options Indexes FollowSymLinks), or None where Apache is not installed."""
    binary = shutil.which("apache2") or ("/usr/sbin/apache2" if os.path.exists("/usr/sbin/apache2") else None)
    modules = ["mpm_event", "authz_core", "mime", "dir", "alias", "headers"]
    if not binary or not all((APACHE_MODULES / f"mod_{m}.so").is_file() for m in modules) \
            or not Path("/etc/mime.types").is_file():
        return None
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""   # www is readable by all (the fixture)
    loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules)
    (tmp / "apache.conf").write_text(f"""
{loads}
{user}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {tmp}/apache.pid
DefaultRuntimeDir {tmp}
Mutex file:{tmp} default
ErrorLog {tmp}/apache-error.log
TypesConfig /etc/mime.types
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory {www}>
  Options Indexes FollowSymLinks
  Require all granted
</Directory>
<VirtualHost *:{port}>
DocumentRoot {www}
Header set X-Frame-Options SAMEORIGIN
<FilesMatch "\\.(css|js|png)$">
  Header set Cache-Control "max-age=2592000"
</FilesMatch>
{readme_block("apache").replace("/var/www/html", str(www))}
</VirtualHost>
""", encoding="utf-8")
    return [binary, "-f", str(tmp / "apache.conf"), "-DFOREGROUND"]


def started(command: list[str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.05)
    raise AssertionError(f"{command[0]} did not start")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The project published, read through nginx and Apache (those installed), published again with 38 members;
    {server: {base, first, second}} — what each sent after the first publish and after the second."""
    tmp = tmp_path_factory.mktemp("servers")
    project = unsigned(copy_project(tmp / "project"))
    www = Path(tempfile.mkdtemp(prefix="baocao-www-"))   # beside pytest's private folders: the servers' user reads it
    www.chmod(0o755)
    dest = www / NAME
    publish(project, dest)
    running, bases = [], {}
    try:
        for name, config in (("nginx", nginx_config), ("apache", apache_config)):
            port = free_port()
            command = config(tmp, www, port)
            if command:
                running.append(started(command, port))
                bases[name] = f"http://127.0.0.1:{port}"
        first = {name: {path: get(f"{base}/{NAME}/{path}") for path in SERVED} for name, base in bases.items()}
        party = project / "data/2023/party.yml"
        text = party.read_text(encoding="utf-8")
        assert text.count(MEMBERS) == 1
        party.write_text(text.replace(MEMBERS, MEMBERS.replace("37", "38")), encoding="utf-8")
        publish(project, dest)
        yield {name: {"base": base, "dest": dest, "www": www, "first": first[name],
                      "second": {path: get(f"{base}/{NAME}/{path}") for path in SERVED}}
               for name, base in bases.items()}
    finally:
        for server in running:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(www, ignore_errors=True)


@pytest.fixture(params=["nginx", "apache"])
def server(request, servers):
    if request.param not in servers:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {request.param}: .ci/run installs Debian's nginx-light and apache2")
        pytest.skip(f"{request.param} is not installed (Debian: apt-get install nginx-light apache2)")
    return servers[request.param]


def test_every_file_the_server_sends_after_a_publish_is_the_new_version(server):
    dest = server["dest"]
    for path, (status, _, body) in server["second"].items():
        assert status == 200 and body == (dest / path).read_bytes(), f"{path}: the server sent another version than DEST's"
    members = server["second"][MEMBERS_PAGE][2].decode("utf-8")
    assert 'data-key="2023/party.members"' in members and ">38<" in members
    assert server["first"][MEMBERS_PAGE][2] != server["second"][MEMBERS_PAGE][2]   # the first read was the old version


def test_the_readme_block_says_no_cache_and_the_types_a_browser_needs(server):
    second = server["second"]
    for path, (_, headers, _) in second.items():
        assert headers.get("Cache-Control") == "no-cache", f"{path}: {headers}"
        assert headers.get("X-Frame-Options") == "SAMEORIGIN", f"{path}: the server's own headers dropped: {headers}"
    assert second["index.html"][1]["Content-Type"].startswith("text/html")
    assert second["search/search_index.json"][1]["Content-Type"] == "application/json"
    assert second["2023/so-lieu-2023.xlsx"][1]["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_readme_block_answers_a_missing_page_and_hides_what_is_beside_dest(server):
    base, dest = server["base"], server["dest"]
    status, _, body = get(f"{base}/{NAME}/2023/trang-da-xoa/")
    assert status == 404 and body == (dest / "404.html").read_bytes()
    assert (server["www"] / f"{NAME}.prev" / "index.html").is_file() and (server["www"] / f".{NAME}.lock").is_file()
    hidden = [f"{NAME}.prev/", f"{NAME}.prev/index.html", f"{NAME}.prev/assets/baocao.css", f".{NAME}.lock"]
    hidden += [f"{p.name}/{file}" for p in server["www"].iterdir() if p.name.startswith(f".{NAME}.site-")
               for file in ("index.html", "assets/baocao.css")]
    for path in hidden:
        status, _, body = get(f"{base}/{path}")
        assert status == 404 and b"md-header" not in body and b"md-typeset" not in body, path
    status, _, body = get(f"{base}/ung-dung-khac/trang")   # another application of the server: not the report's
    assert status == 404 and b"md-header" not in body       # 404 page (Apache's ErrorDocument was server-wide)
    status, _, body = get(f"{base}/{NAME}")   # no trailing slash: redirected to the site
    assert status == 200 and body == (dest / "index.html").read_bytes()


def test_a_reader_uses_the_site_under_its_sub_folder(server, browser):
    """Real Chromium at http://server/bao-cao (typed without the last slash) through the README's block: no
    request fails, search without accents finds pages and leads into /bao-cao/, the figures workbook downloads."""
    base = server["base"]
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
    page.on("pageerror", lambda e: failed.append(str(e)))
    try:
        page.goto(f"{base}/{NAME}", wait_until="networkidle")
        assert page.url == f"{base}/{NAME}/"
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "to chuc xay dung dang")
        page.press("input.md-search__input", "End")   # Material reads the box on keyup (tests/test_search.py)
        page.wait_for_selector(".md-search-result__link", timeout=10000)
        found = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
        assert found and all(url.startswith(f"{base}/{NAME}/") for url in found), found
        page.goto(found[0], wait_until="networkidle")
        page.goto(f"{base}/{NAME}/2023/bang-so-lieu/", wait_until="networkidle")
        with page.expect_download() as download:
            page.click('a[href$="so-lieu-2023.xlsx"]')
        assert download.value.suggested_filename == "so-lieu-2023.xlsx" and download.value.failure() is None
        assert Path(download.value.path()).read_bytes() == (server["dest"] / "2023/so-lieu-2023.xlsx").read_bytes()
    finally:
        context.close()
    assert failed == [], failed
