"""`mkdocs serve` while the data is broken: the page shows the error (file and key), the server keeps running,
and fixing the file is enough to get the figure back."""
from __future__ import annotations

import time
from pathlib import Path

from conftest import start_serve, stop, wait_for

PAGE = "2023/ii-2-2-to-chuc-xay-dung-dang/"
GOOD = "    label: Đảng viên của Đảng bộ\n    value: 37\n"
BAD = "    label: Đảng viên của Đảng bộ\n    value: 3.7\n"


def test_serve_shows_data_errors_in_the_page_and_recovers(project, tmp_path):
    data = project / "data/2023/party.yml"
    text = data.read_text(encoding="utf-8")
    assert text.count(GOOD) == 1
    log = open(tmp_path / "serve.log", "w")
    server, base = start_serve(project, log, "--dirty")   # the README's serve command
    url = base + PAGE
    try:
        page = wait_for(url, lambda p: 'data-key="2023/party.members"' in p, server)
        assert "data-errors" not in page
        time.sleep(1.5)   # a change in the same second as the first build may go unnoticed by the watcher
        data.write_text(text.replace(GOOD, BAD), encoding="utf-8")
        page = wait_for(url, lambda p: "data-errors" in p, server)
        assert "data/2023/party.yml" in page and "figures.members.value" in page and "3.7" in page
        assert server.poll() is None
        # a second rebuild while broken keeps the message (the serve switch survives rebuilds)
        (project / "docs/index.md").write_text((project / "docs/index.md").read_text(encoding="utf-8") + "\n",
                                               encoding="utf-8")
        time.sleep(2)
        page = wait_for(url, lambda p: "data-errors" in p, server)
        data.write_text(text, encoding="utf-8")
        page = wait_for(url, lambda p: "data-errors" not in p and 'data-key="2023/party.members"' in p, server)
        assert server.poll() is None
    finally:
        stop(server)
        log.close()
    print(Path(tmp_path / "serve.log").read_text()[-2000:])


def test_serve_shows_a_page_error_in_the_page_and_keeps_the_rest_readable(project, tmp_path):
    """A key the data does not have, then a broken `}}`: the page shows the red box (page, line, key, what to do),
    the other figures of the page, no traceback; fixing the page brings the figure back."""
    page_src = project / "docs/2023/ii-2-2-to-chuc-xay-dung-dang.md"
    text = page_src.read_text(encoding="utf-8")
    call = '{{ fig("party.members") }}'
    assert text.count(call) == 1
    line = next(no for no, t in enumerate(text.split("\n"), 1) if call in t)
    log = open(tmp_path / "serve.log", "w")
    server, base = start_serve(project, log, "--dirty")   # the README's serve command
    url = base + PAGE
    try:
        wait_for(url, lambda p: 'data-key="2023/party.members"' in p, server)
        time.sleep(1.5)
        page_src.write_text(text.replace(call, '{{ fig("party.member") }}'), encoding="utf-8")
        page = wait_for(url, lambda p: "data-errors" in p, server)
        assert f"docs/2023/ii-2-2-to-chuc-xay-dung-dang.md:{line}" in page and "party.member" in page
        assert "Có phải 'members'" in page and "Traceback" not in page
        assert 'data-key="2023/party.cells"' in page                     # the rest of the page is still there
        assert "[lỗi: party.member]" in page                              # the gap is marked where the figure was
        time.sleep(1.5)
        page_src.write_text(text.replace(call, '{{ fig("party.members") }'), encoding="utf-8")
        page = wait_for(url, lambda p: "chưa được đóng" in p, server)
        assert "Traceback" not in page and f":{line}:" in page
        page_src.write_text(text, encoding="utf-8")
        wait_for(url, lambda p: "data-errors" not in p and 'data-key="2023/party.members"' in p, server)
        assert server.poll() is None
    finally:
        stop(server)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_serve_says_what_is_wrong_with_mkdocs_yml_and_recovers(project, tmp_path):
    """A tab in mkdocs.yml while serving: MkDocs reads the file before any plugin runs, and used to print a Python
    traceback and "appear stuck". Now: check's message (file, line, what to do) in the log and in the page's red
    box, no traceback, the server alive; fixing the file brings the page back without the box."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    good = "  - macros/site/mkdocs_hooks.py\n"
    assert text.count(good) == 1
    line = text[: text.index(good)].count("\n") + 1
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w")
    server, base = start_serve(project, log, "--dirty")   # the README's serve command
    url = base + PAGE
    try:
        wait_for(url, lambda p: 'data-key="2023/party.members"' in p, server)
        time.sleep(1.5)
        config.write_text(text.replace(good, "\t- macros/site/mkdocs_hooks.py\n"), encoding="utf-8")
        page = wait_for(url, lambda p: "data-errors" in p, server)
        assert f"mkdocs.yml:{line}" in page and "dấu Tab" in page
        assert server.poll() is None
        time.sleep(1.5)
        config.write_text(text, encoding="utf-8")
        wait_for(url, lambda p: "data-errors" not in p and 'data-key="2023/party.members"' in p, server)
        assert server.poll() is None
    finally:
        stop(server)
        log.close()
    output = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in output and "appear stuck" not in output, output[-3000:]
    assert f"mkdocs.yml:{line}" in output and "dấu Tab" in output


def test_serve_shows_a_missing_anchor_in_the_page(project, tmp_path):
    """A link to an anchor the target page does not have: MkDocs only logs an English warning under serve; the page
    shows check's message in its red box, and fixing the link takes the box away."""
    index = project / "docs/index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text + "\nXem [văn bản](2023/van-ban.md#van-ban-duoc-trich).\n", encoding="utf-8")
    log = open(tmp_path / "serve.log", "w")
    server, base = start_serve(project, log, "--dirty")   # the README's serve command
    try:
        page = wait_for(base, lambda p: "data-errors" in p, server)
        assert "docs/index.md:" in page and "#van-ban-duoc-trich" in page and "Có phải '#van-ban-uoc-trich-dan'" in page
        time.sleep(1.5)
        index.write_text(text + "\nXem [văn bản](2023/van-ban.md#van-ban-uoc-trich-dan).\n", encoding="utf-8")
        wait_for(base, lambda p: "data-errors" not in p and "van-ban-uoc-trich-dan" in p, server)
        assert server.poll() is None
    finally:
        stop(server)
        log.close()
