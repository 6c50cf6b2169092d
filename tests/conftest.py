"""Shared fixtures: the real site built once per test run, and a real Chromium for browser tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.output.pdf import CHROMIUM_ARGS, chromium_path, serve   # one definition of the browser and the local server

ROOT = Path(__file__).resolve().parent.parent


def build_site(project: Path, dest: Path, strict: bool = True) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` of a project folder into dest. No `-q`: it drops MkDocs' warnings before
    --strict counts them (a broken link would pass)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        cmd.insert(4, "--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The report's site, built strict from this checkout."""
    dest = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


def copy_project(dest: Path) -> Path:
    """A copy of the project (docs, data, macros, overrides, mkdocs.yml) that a test may break."""
    for name in ("docs", "data", "macros", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def unsigned(project: Path) -> Path:
    """The project as if no year were signed yet (no data/<year>/signed.txt): for a test that changes printed words
    for another purpose (escaping, hostile data, page syntax), which the comparison with the signed text would
    otherwise refuse (tests/test_signed_text.py tests that comparison)."""
    for record in (project / "data").glob("*/signed.txt"):
        record.unlink()
    return project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def browser():
    """Real Chromium through Playwright. Skips locally when there is none; never in CI."""
    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (/usr/bin/chromium): .ci/run installs Debian's chromium package")
        pytest.skip("no Chromium found (install Debian's 'chromium' package or set CHROMIUM=/path)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_url(site):
    """The built site served over HTTP on 127.0.0.1 (a free port) by a threaded http.server, for browser tests."""
    server = serve(site)   # the same server `python -m macros pdf` prints from
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


BROWSER_FIXTURES = {"browser", "site_url"}
BUILD_FIXTURES = {"site", "project"}


def pytest_collection_modifyitems(items):
    """Mark every test by what it needs, so `pytest -m "not browser"` is the quick loop without hand-kept marks."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if needs & (BUILD_FIXTURES | BROWSER_FIXTURES):
            item.add_marker(pytest.mark.build)


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(project: Path, log) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` of the project on a free loopback port, its output to the open file `log`: (the server, its
    base URL). End it with stop()."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return server, f"http://127.0.0.1:{port}/"


def fetch(url: str) -> str | None:
    """A served page's HTML with entities unescaped, or None when it cannot be fetched (yet)."""
    import html
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except OSError:
        return None


def wait_for(url: str, predicate, server, timeout: float = 90) -> str:
    """The page at url once predicate(page) holds; fails when the server stops or time runs out."""
    import time
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve stopped"
        last = fetch(url)
        if last is not None and predicate(last):
            return last
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting on {url}; last page:\n{(last or '')[:3000]}")


def stop(server: subprocess.Popen) -> None:
    """End a server the test started (mkdocs serve): politely, then by force."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
