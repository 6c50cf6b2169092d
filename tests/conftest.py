"""Shared fixtures: the real site built once per test run, and a real Chromium for browser tests."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.output.pdf import CHROMIUM_ARGS, chromium_path, serve   # one definition of the browser and the local server

ROOT = Path(__file__).resolve().parent.parent


def build_site(project: Path, dest: Path, strict: bool = True) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` of a project folder into dest, as a new process (tests/forkbuild.py: forked
    from a process that has MkDocs imported, where the system can fork). No `-q`: it drops MkDocs' warnings before
    --strict counts them (a broken link would pass)."""
    args = ["build", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        args.insert(1, "--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if not hasattr(os, "fork"):
        return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, capture_output=True, text=True,
                              env=env, timeout=300)
    out, err = Path(f"{dest}.stdout"), Path(f"{dest}.stderr")
    code = _fork_server().ask({"args": args, "cwd": str(project), "env": env, "out": str(out), "err": str(err),
                               "timeout": 300})
    done = subprocess.CompletedProcess(args, code, out.read_text(encoding="utf-8", errors="replace"),
                                       err.read_text(encoding="utf-8", errors="replace"))
    out.unlink()
    err.unlink()
    return done


class _ForkServer:
    """tests/forkbuild.py, started at the first build of this test process."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "forkbuild.py")], cwd=ROOT / "tests",
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        assert self.process.stdout.readline().strip() == "ready", "tests/forkbuild.py did not start"

    def ask(self, request: dict) -> int:
        import json
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer.strip().lstrip("-").isdigit(), f"tests/forkbuild.py stopped: {answer!r}"
        return int(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


_SERVER: list[_ForkServer] = []


def _fork_server() -> _ForkServer:
    if not _SERVER or _SERVER[0].process.poll() is not None:
        import atexit
        _SERVER[:] = [_ForkServer()]
        atexit.register(_SERVER[0].close)
    return _SERVER[0]


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `make(folder)` fills, made once per test run and shared by pytest-xdist's workers (the first to
    take the lock makes it, the others wait and read it); without fcntl (Windows), once per worker."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent            # the run's folder, above each worker's own
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        try:
            import fcntl
            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:
            folder, done = tmp_path_factory.mktemp(name), None
        if done is None or not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            if done is not None:
                done.write_text("ok", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The report's site, built strict from this checkout, once per test run."""
    def make(dest: Path) -> None:
        result = build_site(ROOT, dest)
        assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return made_once(tmp_path_factory, "site", make)


@pytest.fixture(scope="session")
def site_pdf(site, browser, tmp_path_factory) -> Path:
    """`python -m macros pdf --site <the site> --year 2023`: the report of the session's site printed once per test
    run, for the tests that only read the PDF (tests/test_pdf.py runs the command as a user does, building too)."""
    def make(folder: Path) -> None:
        folder.mkdir(parents=True)
        result = subprocess.run([sys.executable, "-m", "macros", "pdf", "--site", str(site), "--year", "2023",
                                 "--out", str(folder / "bao-cao.pdf")], cwd=ROOT, capture_output=True, text=True,
                                timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        assert result.returncode == 0, f"python -m macros pdf failed:\n{result.stdout}\n{result.stderr}"
    return made_once(tmp_path_factory, "site-pdf", make) / "bao-cao.pdf"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run_macros(*args: str) -> Done:
    """`python -m macros ARGS` in this process (the command's own main, its exit code and output): a test's fast
    way to run a command; a few tests run each command as a new process, as an editor does."""
    from macros.commands import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Done(code, out.getvalue(), err.getvalue())


def copy_project(dest: Path, code: bool = True) -> Path:
    """A copy of the project (docs, data, macros, overrides, mkdocs.yml) that a test may break. code=False leaves
    out macros/ (two thirds of the files), for a test that runs `check` in this process: the code that runs is the
    one this process imported, never the copy's."""
    for name in ("docs", "data", "macros", "overrides") if code else ("docs", "data", "overrides"):
        if (ROOT / name).exists():   # with macros' compiled modules: valid for the copy (same bytes, same times);
            #                           not a .pyc being written (Python's temporary name: x.pyc.<number>)
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("*.pyc.*"))
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
# what a quick test may not start: a site build or serve, a command that builds, a browser
BUILDING = ("mkdocs", "properdocs", "chromium", "soffice", "libreoffice")
BUILDING_COMMANDS = ("pdf", "docx", "publish", "preview")


@pytest.hookimpl(tryfirst=True)   # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Three tiers, by what a test needs: `browser` (real Chromium), `build` (a real site build, or a command that
    makes one), `quick` (everything else: pure functions, the loader, formats, checks on small fixture projects).
    Marks come from the fixtures a test requests, or an explicit @pytest.mark.build; `pytest -m quick` is the loop
    to run after every change, and a quick test that starts a build fails with a message saying how to mark it.
    Tests that share a module-scoped fixture (a build, a PDF, an audit) are in the build tier and run on one worker
    (pytest.ini: --dist loadgroup), so the fixture is made once, not once per worker."""
    for item in items:
        fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(defs and defs[-1].scope == "module" for defs in fixtures.values()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
            item.add_marker(pytest.mark.build)   # what a module shares is a build, a document or an audit
        needs = set(getattr(item, "fixturenames", ()))
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if needs & (BUILD_FIXTURES | BROWSER_FIXTURES) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)
        if not item.get_closest_marker("build"):
            item.add_marker(pytest.mark.quick)


def _builds(args) -> bool:
    """Whether a command line starts a build or a browser: its program (chromium, soffice…), a module run with -m
    (mkdocs, or macros with a command that builds), or Playwright. An argument that only names such a file
    (`git archive … mkdocs.yml`) is not a build."""
    words = [str(a) for a in (args if isinstance(args, (list, tuple)) else str(args).split())]
    modules = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "-m"]
    if not words or any("playwright" in w for w in words):
        return bool(words)
    if Path(words[0]).name.startswith(BUILDING) or any(m.startswith(BUILDING) for m in modules):
        return True
    return "macros" in modules and any(w in BUILDING_COMMANDS for w in words)


def pytest_configure(config):
    """The copies of the project the tests make share one cache folder (macros/cache.py BAOCAO_CACHE_DIR), made
    here before pytest-xdist starts its workers and removed at the end: a copy finds there what it did not change.
    `pytest -m quick` means it: a test (or a fixture) that starts a build, a command that builds, or a browser
    fails at once, with the way to mark it."""
    # compiled modules (.pyc) written and reused, as on an editor's machine: PYTHONDONTWRITEBYTECODE (set on some
    # CI machines and sandboxes) made every test process, every build and every command compile from source
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    # one build date for the whole run (macros/stamp.py reads it): a run that goes past midnight would otherwise
    # compare pages built on two dates (every footer differs) and stamps with a date that is no longer today
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    if not os.environ.get("BAOCAO_CACHE_DIR") and not os.environ.get("PYTEST_XDIST_WORKER"):
        import atexit
        import tempfile
        folder = tempfile.mkdtemp(prefix="baocao-test-cache-")
        os.environ["BAOCAO_CACHE_DIR"] = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    if (config.getoption("markexpr", "") or "").strip() != "quick":
        return
    for name in ("run", "Popen"):
        real = getattr(subprocess, name)

        def guarded(args, *a, _real=real, **kw):
            if _builds(args):
                raise AssertionError(f"a quick test builds or starts a browser ({' '.join(map(str, args))[:200]}): "
                                     f"request the `site` or `project` fixture, or mark the test @pytest.mark.build")
            return _real(args, *a, **kw)
        setattr(subprocess, name, guarded)


def run_date():
    """The date every build and command of this test run stamps (SOURCE_DATE_EPOCH, set in pytest_configure)."""
    import datetime as dt
    return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(project: Path, log, *options: str) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` of the project (with options, e.g. "--dirty") on a free loopback port, its output to the open
    file `log`: (the server, its base URL). End it with stop()."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-f", str(project / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
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
