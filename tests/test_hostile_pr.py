"""A hostile pull request that changes only what an editor may change (mkdocs.yml's nav, pages, data) must not put a
file of the build machine into the site, the build's log or the pull request's comment.

One copy of the project is attacked with every case below at once, checked (`check`, in this process) and built
strict (a new process, as CI does); each assertion reads what a reader or the CI log would see. The outside file's
text is made here, so no expected value comes from the code under test. Then (quick tier) YAML that others read.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from conftest import build_site, copy_project, run_macros

SECRET = "BI-MAT-MAY-CHU-7f3a"   # the text of a file outside the project (/etc/passwd, /proc/self/environ in life)
NAV_LINE = "      - 3. Đánh giá chung: 2023/ii-3-danh-gia-chung.md\n"
# nav entries that name a file outside docs/: a page-looking one and any file (MkDocs warns about both)
NAV_ATTACKS = ("      - 4. Phụ lục mật: ../../outside/bi-mat.md\n", "      - 5. Môi trường: ../../outside/moi-truong\n")
# files MkDocs copies from docs/ to the site as they are, which the web server runs (PHP under Apache, ASP.NET under
# IIS, server-side includes) or the browser reads as a page that no check has read (no suffix: Apache sends no type
# and the browser sniffs HTML; .svgz: a compressed SVG, opened on its own it runs its script)
SERVED = {
    "docs/assets/lien-he.php": b"<?php system($_GET['c']); ?>",
    "docs/assets/lien-he.aspx": b'<%@ Page Language="C#" %><% System.Diagnostics.Process.Start("cmd.exe"); %>',
    "docs/assets/tin.shtml": b'<!--#exec cmd="id" --><!--#include virtual="/etc/passwd" -->',
    "docs/assets/trang": b"<html><body><script>alert(document.cookie)</script></body></html>",
    "docs/assets/anh.php.png": b"<?php system($_GET['c']); ?>",   # Apache's AddHandler runs any name holding .php
    "docs/assets/logo.svgz": gzip.compress(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                                           mtime=0),
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-pr")
    outside = base / "outside"
    outside.mkdir()
    for name in ("bi-mat.md", "moi-truong"):
        (outside / name).write_text(f"# {SECRET}\n\n{SECRET} root:x:0:0\n", encoding="utf-8")
    project = copy_project(base / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(NAV_LINE) == 1
    config.write_text(text.replace(NAV_LINE, NAV_LINE + "".join(NAV_ATTACKS)), encoding="utf-8")
    for rel, content in SERVED.items():
        (project / rel).write_bytes(content)
    lines = config.read_text(encoding="utf-8").split("\n")
    nav_lines = [lines.index(attack.rstrip("\n")) + 1 for attack in NAV_ATTACKS]
    check = run_macros("--root", str(project), "check")
    site = base / "site"
    build = build_site(project, site)
    return {"check": check, "build": build, "site": site, "nav_lines": nav_lines}


def test_a_nav_entry_outside_docs_is_refused_by_check_at_its_line(attacked):
    check = attacked["check"]
    said = check.stdout + check.stderr
    assert check.returncode != 0, said
    for line in attacked["nav_lines"]:
        assert f"mkdocs.yml:{line}:" in said, said


def test_a_nav_entry_outside_docs_never_reads_the_file(attacked):
    """Not in the build's log (CI shows it; `preview` writes its errors into the pull request's comment), not in
    check's, and not in any file of the site."""
    build, check = attacked["build"], attacked["check"]
    assert build.returncode != 0
    for said in (build.stdout + build.stderr, check.stdout + check.stderr):
        assert SECRET not in said
    site = attacked["site"]
    published = [p for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()] \
        if site.is_dir() else []
    assert not published


def test_files_the_server_runs_or_the_browser_sniffs_are_refused(attacked):
    """Each named by check and by the build (which then publishes nothing)."""
    for said in (attacked["check"].stdout + attacked["check"].stderr, attacked["build"].stdout + attacked["build"].stderr):
        for rel in SERVED:
            assert rel + ":" in said or rel + " " in said, (rel, said)


# ------------------------------------------------------------------------------------ YAML aliases (quick)

def _laughs(indent: str = "") -> str:
    """Nine levels of nine aliases (~600 bytes): 9⁹ values once every alias is followed."""
    lines = [f'{indent}lol0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"{indent}lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def within_seconds():
    """Fails a test that runs longer than 5 s (an alias followed nine levels deep runs for hours)."""
    import signal

    def late(*_):
        raise TimeoutError("took more than 5 s")
    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_an_alias_bomb_in_mkdocs_yml_is_refused_at_its_line(tmp_path, within_seconds):
    from macros.config_policy import policy_errors, read_config
    from macros.sources.checks import config_errors
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nextra:\n" + _laughs("  ") + "nav:\n  - Trang: index.md\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Trang\n", encoding="utf-8")
    assert read_config(config) == {}          # nothing read through an alias (the build's pre-flight reads it first)
    assert config_errors(config, tmp_path / "docs") == []   # said once, by the list publish reads before building:
    errors = policy_errors(config)                          # MkDocs itself follows the aliases as it reads the file
    assert [(e.file, e.line) for e in errors] == [("mkdocs.yml", 3)], errors   # the first anchor
    assert "*" in errors[0].vi and "alias" in errors[0].en
    config.write_text("base: &b\n  hooks: [evil.py]\n<<: *b\n", encoding="utf-8")   # hooks through a merge key
    assert [(e.line, "alias" in e.en) for e in policy_errors(config)] == [(1, True)]   # at the anchor


def test_an_alias_bomb_in_a_front_matter_is_refused_at_its_line(within_seconds):
    from macros.sources.frontmatter import front_matter_errors
    errors = front_matter_errors("docs/2023/x.md", "---\ntitle: X\n" + _laughs() + "---\n# X\n")
    assert [(e.file, e.line) for e in errors][:1] == [("docs/2023/x.md", 3)], errors
    assert "alias" in errors[0].en


def test_new_year_reads_no_page_through_a_link(tmp_path):
    """`new-year` (which CI's inbox runs for a pull request's nhap/nam-moi.txt, before check, and pushes) copies the
    year's pages: a page that is a link to a file of the machine would be copied, as a regular file, into the new
    year, and pushed. It refuses the link, as check does, and writes nothing."""
    project = copy_project(tmp_path / "project", code=False)
    outside = tmp_path / "bi-mat.txt"
    outside.write_text(SECRET + "\n", encoding="utf-8")
    (project / "docs/2023/zz-phu-luc.md").symlink_to(outside)
    done = run_macros("--root", str(project), "new-year", "2024", "--from-text")
    said = done.stdout + done.stderr
    assert done.returncode != 0 and "docs/2023/zz-phu-luc.md" in said, said
    assert not (project / "docs/2024").exists() and not (project / "data/2024").exists()
    assert SECRET not in said


@pytest.mark.browser
def test_printing_the_pdf_asks_nothing_of_another_local_server(tmp_path):
    """`pdf` lets Chromium load only what the server it started serves: not another service of the same machine
    (a page that slipped past the checks, its policy gone, asking http://127.0.0.1:<another port>/ — the CI
    runner's, the publishing server's own services)."""
    import http.server
    import threading

    import subprocess
    import sys

    from macros.output.pdf import chromium_path, serve
    if not chromium_path():
        pytest.skip("no Chromium")
    got = []

    class Service(http.server.BaseHTTPRequestHandler):   # another local service: what it was asked
        def do_GET(self):
            got.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    page = tmp_path / "site" / "in"
    page.mkdir(parents=True)
    page.joinpath("index.html").write_text(
        f'<html><body><article><h1>X</h1><p>Y</p><img src="http://127.0.0.1:{other.server_port}/lo.png"></article></body></html>', encoding="utf-8")
    site = serve(tmp_path / "site")
    try:
        printed = subprocess.run([sys.executable, "-c", "import sys; from macros.output.pdf import chromium_path, "
                                  "print_pdf; print_pdf(sys.argv[1], __import__('pathlib').Path(sys.argv[2]), "
                                  "chromium_path())", f"http://127.0.0.1:{site.server_port}/in/", str(tmp_path / "x.pdf")],
                                 cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, timeout=120)
    finally:
        for server in (other, site):
            server.shutdown()
            server.server_close()
    assert printed.returncode == 0, printed.stderr
    assert got == []


def test_every_icon_mkdocs_yml_names_is_one_of_the_themes(tmp_path):
    """An icon Material includes as `.icons/<name>.svg`: a name with no such file (a typo, a path out of the theme)
    stopped the build with a Python traceback. Each is refused at its line, with the icon meant where one is near;
    the theme's own icons and the project's (overrides/.icons) pass."""
    from macros.sources.checks import config_errors
    (tmp_path / "docs").mkdir()
    (tmp_path / "overrides/.icons/baocao").mkdir(parents=True)
    (tmp_path / "overrides/.icons/baocao/so.svg").write_text("<svg/>", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n  icon:\n"
                      "    logo: baocao/so\n    repo: ../../../../etc/passwd\n    admonition:\n      note: material/pencil\n"
                      "  palette:\n    - toggle:\n        icon: material/brightness-7\n"
                      "extra:\n  social:\n    - icon: fontawesome/brands/githb\n      link: https://example.com\n"
                      "    - icon: material/email\n      link: mailto:a@b.c\n", encoding="utf-8")
    found = [(e.line, e.key, e.fix) for e in config_errors(config, tmp_path / "docs")]
    assert [(line, key) for line, key, _ in found] == [(7, "icon"), (15, "icon")], found
    assert found[1][2] == "Viết: fontawesome/brands/github", found
