"""`mkdocs serve --dirty` (the README's command) reload latency: from saving a data file to the page served with the
new value.

The real server runs on a loopback port in a project copy. A figure with a literal whole-number `value:` that
nothing else in the data refers to (no sum, rule or ratio uses it) is edited to a new value each time; the page
that shows it is polled over HTTP until the value, formatted the Vietnamese way (7.000.001), appears.
If no page shows such a figure yet, a line asking for it is added to the year's index page of the copy.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from babel.numbers import format_decimal

from projects import base_year
from probe import _VALUE, editable_figures
from timing import Sample, Series, child_env

READY_TIMEOUT = 120      # seconds for the first build of the server
RELOAD_TIMEOUT = 30      # seconds for one reload before the run counts as failed
POLL = 0.02
_SPAN = re.compile(r'<span class="fig" data-key="(\d{4})/([^"]+)" data-file="([^"]+)"')


def _unescape(s: str) -> str:
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), s)


def choose_probe(project: Path, site: Path) -> tuple:
    """(data file, figure name, value line, page URL path). Prefers a figure a page already shows."""
    year = base_year(project)
    candidates = {(p.stem, name): (p, name, j) for p, name, j in editable_figures(project, year)}
    shown = {}   # (file stem, figure name) -> the first page showing it
    for html in sorted(site.rglob("index.html")):
        for y, key, _file in _SPAN.findall(html.read_text(encoding="utf-8")):
            stem, _, name = _unescape(key).partition(".")
            url = "/" + html.parent.relative_to(site).as_posix() + "/"
            shown.setdefault((stem, name), url.replace("/./", "/").replace("//", "/")) if int(y) == year else None
    for figure in candidates:   # in editable_figures' order: one the printed report does not name first
        if figure in shown:
            return candidates[figure] + (shown[figure],)
    path, name, j = next(iter(candidates.values()))
    page = project / "docs" / str(year) / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f'\n\nBenchmark: {{{{ fig("{path.stem}.{name}") }}}}\n',
                    encoding="utf-8")
    return path, name, j, f"/{year}/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=RELOAD_TIMEOUT) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, needle: str, timeout: float) -> float | None:
    """perf_counter() when the page first contains needle, or None after timeout."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        body = _get(url)
        if body is not None and needle in body:
            return time.perf_counter()
        time.sleep(POLL)
    return None


def _cpu(pid: int) -> float:
    """CPU seconds (user+sys) a process has used so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def measure(project: Path, site: Path, runs: int, warmup: int = 1) -> tuple[Series, str]:
    """Series of reload times (wall, and the server's CPU time in between: the rebuild's cost without the waits
    of a busy machine) and a description of what was edited."""
    path, name, j, url_path = choose_probe(project, site)
    what = f"{path.relative_to(project).as_posix()} → {name}, trang {url_path}"
    series = Series("serve")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(project.parent / "serve.log", "w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}",
                               "-f", str(project / "mkdocs.yml")], cwd=project, env=child_env(),
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        if _wait_for(base + url_path, "</html>", READY_TIMEOUT) is None:
            series.note = f"máy chủ không trả trang {url_path} sau {READY_TIMEOUT} s / server did not serve the page"
            return series, what
        lines = path.read_text(encoding="utf-8").split("\n")
        for i in range(warmup + runs):
            value = 7_000_001 + 1111 * i
            lines[j] = _VALUE.sub(lambda m: f"{m.group(1)}{value}", lines[j])
            needle = format_decimal(value, locale="vi")
            time.sleep(0.5)                      # let the watcher settle after the previous reload
            cpu = _cpu(server.pid)
            start = time.perf_counter()
            path.write_text("\n".join(lines), encoding="utf-8")
            seen = _wait_for(base + url_path, needle, RELOAD_TIMEOUT)
            if seen is None:
                series.note = f"trang không hiện giá trị mới sau {RELOAD_TIMEOUT} s / no reload within {RELOAD_TIMEOUT} s"
                return series, what
            if i >= warmup:
                series.samples.append(Sample(seen - start, _cpu(server.pid) - cpu))
        return series, what
    finally:
        stop(server)
        log.close()


def stop(server: subprocess.Popen) -> None:
    """Ctrl+C first (mkdocs serve then deletes its temporary site folder), then terminate, then kill."""
    for how in (lambda: server.send_signal(signal.SIGINT), server.terminate, server.kill):
        if server.poll() is not None:
            return
        how()
        try:
            server.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue
