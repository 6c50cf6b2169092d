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


def test_no_poll_while_the_site_is_built_and_a_save_meanwhile_is_found_after(tmp_path):
    """The folders' pollers wait for a rebuild to end (site/preview.py no_polls_while_building): no poll while it
    runs, and a file saved during it is still found, by the first poll after it."""
    import time
    from types import SimpleNamespace

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    events = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            events.append(event.src_path)
    observer = PollingObserver(timeout=0.02)
    observer.schedule(Handler(), str(tmp_path))
    observer.start()
    try:
        time.sleep(0.1)   # the first snapshot is taken
        (emitter,) = observer.emitters
        snapshot, polls = emitter._take_snapshot, []
        emitter._take_snapshot = lambda: (polls.append(time.monotonic()), snapshot())[1]

        def build():
            start = time.monotonic()
            (tmp_path / "saved.yml").write_text("x", encoding="utf-8")
            time.sleep(0.3)
            return start, time.monotonic()
        server = SimpleNamespace(builder=build, observer=observer)
        preview.no_polls_while_building(server)
        start, end = server.builder()
        time.sleep(0.2)
        assert polls and not [t for t in polls if start < t < end]
        assert str(tmp_path / "saved.yml") in events
    finally:
        observer.stop()
        observer.join()
