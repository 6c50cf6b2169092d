"""`mkdocs serve` makes again only what a save changed (macros/site/incremental.py): after each edit — a page's
text, one year's figure, a figure of the year before (which the next year compares with), the year before's
targets (which the next year reports against), a nav title in mkdocs.yml, a data file made unreadable (its error in
every page's red box) and mended, a page's macro call broken (the pre-flight's error) — every page and the search
index it serves are what a server that builds everything at every save serves (BAOCAO_SERVE_FULL=1), byte for byte
but for each server's own address and live-reload call: with `--dirty` (the README's command: MkDocs skips the pages
said unchanged) and without."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

from conftest import fetch, start_serve, stop, wait_for

_RELOAD = re.compile(r"livereload\(\d+, \d+\);")
_LOC = re.compile(r"<loc>(.*?)</loc>")


def _raw(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _site(base: str) -> dict:
    """{address: content} of every page the sitemap lists, the search index with the word forms installed beside it
    (site/search.py) and the 404 page, as served."""
    paths = [loc.replace(base, "") for loc in _LOC.findall(_raw(base + "sitemap.xml"))]
    assert len(paths) > 40, paths
    out = {}
    for path in paths + ["search/search_index.json", "assets/javascripts/lunr/min/lunr.vi.min.js", "404.html"]:
        out[path] = _RELOAD.sub("", _raw(base + path)).replace(base, "BASE/").replace(base.rstrip("/"), "BASE")
    return out


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_served_pages_are_what_a_full_rebuild_gives(project, tmp_path, monkeypatch):
    made = subprocess.run([sys.executable, "-m", "macros", "new-year", "2024"], cwd=project, capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    logs = [open(tmp_path / f"{name}.log", "w") for name in ("dirty", "kept", "full")]
    servers = [start_serve(project, logs[0], "--dirty"), start_serve(project, logs[1])]
    monkeypatch.setenv("BAOCAO_SERVE_FULL", "1")
    servers.append(start_serve(project, logs[2]))
    full_url = servers[-1][1]
    party24, party23 = project / "data/2024/party.yml", project / "data/2023/party.yml"
    edits = [   # (what changes, the page that shows it, what that page then holds)
        (lambda: _append(project / "docs/2024/ii-2-2-to-chuc-xay-dung-dang.md",
                         '\nCâu thêm để thử: {{ fig("party.members") }} đảng viên.\n'),
         "2024/ii-2-2-to-chuc-xay-dung-dang/", "Câu thêm để thử"),
        (lambda: _edit(party24, "value: null   # chưa báo cáo; năm 2023: 37", "value: 41"),
         "2024/ii-2-2-to-chuc-xay-dung-dang/", ">41<"),
        (lambda: _edit(party23, "    value: 37\n", "    value: 38\n"), "2023/ii-2-2-to-chuc-xay-dung-dang/", ">38<"),
        (lambda: _edit(project / "data/2023/plan.yml", "(phấn đấu)\n    value: 20\n",
                                     "(phấn đấu)\n    value: 25\n"),
         "2024/ke-hoach-ket-qua/", ">25%<"),
        (lambda: _edit(project / "mkdocs.yml", "  - Hướng dẫn biên tập: huong-dan-bien-tap.md",   # kept per bytes
                       "  - Hướng dẫn biên tập (sửa): huong-dan-bien-tap.md"),
         "2024/ii-2-2-to-chuc-xay-dung-dang/", "Hướng dẫn biên tập (sửa)"),
        (lambda: _edit(party24, "    value: 41\n", "\tvalue: 41\n"),   # a data error: in every page's red box
         "2024/ii-2-2-to-chuc-xay-dung-dang/", "Có ký tự Tab ở đầu dòng"),
        (lambda: _edit(party24, "\tvalue: 41\n", "    value: 41\n"), "2024/ii-2-2-to-chuc-xay-dung-dang/", ">41<"),
        (lambda: _append(project / "docs/2024/ii-2-2-to-chuc-xay-dung-dang.md",   # a page's pre-flight, kept per text
                         '\nCâu lỗi: {{ fig("party.members" }}\n'),
         "2024/ii-2-2-to-chuc-xay-dung-dang/", "docs/2024/ii-2-2-to-chuc-xay-dung-dang.md"),
    ]
    try:
        for server, url in servers:
            wait_for(url + "2024/", lambda p: "</html>" in p, server)
        full_site = _site(full_url)
        for _, url in servers[:-1]:
            assert _site(url) == full_site   # the first build: everything made
        for n, (change, page, shown) in enumerate(edits, 1):
            before = {url: _RELOAD.sub("", fetch(url + page)) for _, url in servers}
            time.sleep(1.2)   # a change in the same second as the last build may go unnoticed by the watcher
            change()
            for server, url in servers:
                wait_for(url + page, lambda p, old=before[url]: _RELOAD.sub("", p) != old and shown in p, server,
                         timeout=30)
            full_site = _site(full_url)
            for _, url in servers[:-1]:
                kept_site = _site(url)
                differ = [path for path in full_site if kept_site.get(path) != full_site[path]]
                for path in differ[:5]:   # where each differs first
                    a, b = full_site[path], kept_site.get(path, "")
                    i = len(os.path.commonprefix([a, b]))
                    print(path, "FULL:", repr(a[max(0, i - 100):i + 100]), "KEPT:", repr(b[max(0, i - 100):i + 100]))
                assert not differ, f"after edit {n}, {url} serves pages not as a full rebuild: {differ}"
    finally:
        for server, _ in servers:
            stop(server)
        for log in logs:
            log.close()
