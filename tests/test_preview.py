"""`mkdocs serve` polls the watched folders every 0.1 s instead of MkDocs' 0.5 s (macros/site/preview.py), on
MkDocs' own live-reload server: the folders it watched before the hook ran and those it watches after."""
from __future__ import annotations

from mkdocs.livereload import LiveReloadServer

from macros.site import preview


def test_watched_folders_are_polled_sooner(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    try:
        default = server.observer.timeout
        server.watch(str(tmp_path / "docs"))           # MkDocs watches docs/ before the on_serve hook
        assert default > preview.POLL_SECONDS and [e.timeout for e in server.observer.emitters] == [default]
        preview.poll_sooner(server)
        server.watch(str(tmp_path / "data"))           # `watch:` folders come after it
        assert sorted(e.timeout for e in server.observer.emitters) == [preview.POLL_SECONDS] * 2
        assert server.observer.timeout == preview.POLL_SECONDS
    finally:
        server.server_close()


def test_a_server_without_a_polling_watcher_is_left_alone():
    class Other:
        observer = object()
    preview.poll_sooner(Other())
