"""`mkdocs serve`: a saved file is noticed sooner, the watched folders are not polled while the site is built, the
theme's files are listed and mkdocs.yml read once while they are unchanged, what the server holds from its start is left out of Python's garbage collections, and a rebuild that
fails before any page (mkdocs.yml) says why.

MkDocs watches the folders by polling them every 0.5 s (watchdog's PollingObserver, for editors that save by
renaming and for network drives), so a save waits 0.25 s on average, up to 0.5 s, before the rebuild starts.
Polling every 0.1 s costs a few hundred file stats per tick (docs/, data/, macros/, overrides/) and takes that
wait down to 0.05 s on average; the server then waits 0.02 s, not 0.1 s, for more changes. Only these two
intervals change; what is watched and how stays MkDocs' own.
"""
from __future__ import annotations

import re

POLL_SECONDS = 0.1
QUIET_SECONDS = 0.02   # MkDocs waits this long without a change before it rebuilds (its default: 0.1 s)
_MARK = "baocao-rebuild-failed"
_UNREAD = re.compile(rf"<!--{_MARK}-->.*?<!--/{_MARK}-->", re.S)


def poll_sooner(server, seconds: float = POLL_SECONDS) -> None:
    """Set the polling interval of the server's watcher and of every folder it already watches. Nothing happens
    with a watcher that does not poll this way (another MkDocs or watchdog): the preview then works as before.
    The changes one poll finds arrive together, so the server's wait for more changes after the first (0.1 s)
    is taken down to QUIET_SECONDS: a save is built 0.08 s sooner."""
    if isinstance(getattr(server, "build_delay", None), (int, float)):
        server.build_delay = min(server.build_delay, QUIET_SECONDS)
    observer = getattr(server, "observer", None)
    if observer is None or not isinstance(getattr(observer, "_timeout", None), (int, float)):
        return
    observer._timeout = min(observer._timeout, seconds)
    for emitter in getattr(observer, "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), (int, float)):
            emitter._timeout = min(emitter._timeout, seconds)


def keep_theme_files(theme, root, keep) -> None:
    """MkDocs lists every file of the theme's folders at each build, to copy the few that are not templates
    (Files.add_files_from_theme: ≈14 500 files of Material, ≈40 ms). Under serve that list is kept between rebuilds
    (`keep`: site/incremental.py Incremental.keep) while the theme's folders inside the project (overrides/) hold the
    same files; the installed theme does not change while the server runs. What MkDocs does with the list is its own."""
    from pathlib import Path
    make_env, root = theme.get_env, Path(root).resolve()

    def get_env():
        env = make_env()
        listing = env.list_templates

        def list_templates(extensions=None, filter_func=None):
            ours = [sorted(str(p.relative_to(d)) for p in Path(d).rglob("*")) for d in theme.dirs
                    if Path(d).resolve().is_relative_to(root)]
            parts = (tuple(theme.dirs), repr(ours), repr(extensions), getattr(filter_func, "__code__", None),
                     repr(theme.static_templates))
            return list(keep("theme files", parts, lambda: listing(extensions, filter_func)))
        env.list_templates = list_templates
        return env
    theme.get_env = get_env


def no_polls_while_building(server) -> None:
    """A poll of the watched folders while the site is being built finds nothing that MkDocs would act on sooner: a
    file saved meanwhile is found by the first poll after the build (each poll compares with the one before, and
    MkDocs builds again for what it finds). Those polls only take the processor from the build (≈ 3 ms each at ten
    years: some 650 files listed and read for their times, ten times a second). So each folder's poller (watchdog's
    PollingEmitter holds its lock while it polls) waits for the build to end. With a watcher that has no such lock,
    nothing changes."""
    import threading
    build, observer = getattr(server, "builder", None), getattr(server, "observer", None)
    if build is None or observer is None:
        return
    lock_type = type(threading.Lock())

    def builder(*args, **kwargs):
        locks = [lock for emitter in list(getattr(observer, "emitters", ()))
                 if isinstance(lock := getattr(emitter, "_lock", None), lock_type)]
        for lock in locks:
            lock.acquire()
        try:
            return build(*args, **kwargs)
        finally:
            for lock in locks:
                lock.release()
    server.builder = builder


def keep_config_file(keep) -> None:
    """MkDocs reads mkdocs.yml again at every rebuild, with PyYAML's pure-Python loader (≈ 30 ms for a ten-year nav).
    Under serve, what it read is kept (`keep`: site/incremental.py Incremental.keep) under the file's bytes and the
    environment (`!ENV`), and each rebuild is handed a copy of it; a file that names another (`INHERIT`) or a tag
    bound to the build (`!relative`) is read as MkDocs reads it. Validating the settings stays MkDocs' own."""
    import copy
    import os

    from mkdocs.config import defaults
    read = defaults.yaml_load

    def yaml_load(source, loader=None):
        seekable = callable(getattr(source, "seekable", None)) and source.seekable()
        raw = source.read() if seekable else None   # (standard input: read as MkDocs reads it)
        if not isinstance(raw, bytes) or b"INHERIT" in raw or b"!relative" in raw:
            if raw is not None:
                source.seek(0)
            return read(source, loader)
        parts = (getattr(source, "name", None), raw, sorted(os.environ.items()))

        def make():
            source.seek(0)
            return read(source, loader)
        return copy.deepcopy(keep("mkdocs.yml", parts, make))
    defaults.yaml_load = yaml_load


def leave_out_of_collections() -> None:
    """Python's full garbage collection goes through every object alive, and a ten-year site's server holds many
    more than a one-year one (the theme, the compiled templates, each page's kept work), so each rebuild paid more
    for it (≈ 33 ms against 10 ms at one year). What the server holds when it starts serving lives as long as it
    does: it is collected once, then frozen out of later collections (gc.freeze); what later rebuilds make is
    collected as before."""
    import gc
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])


def guard_rebuilds(server, config_file, site_dir) -> None:
    """A rebuild that fails before any page is built — MkDocs reads mkdocs.yml before any plugin runs, so a tab in
    it would end in a Python traceback and "The server will appear stuck" — says what is wrong instead (the same
    message as `check`, sources/checks.py `config_nodes`) in the log and in the red box of every page already
    served; the server keeps watching, and the next save that fixes the file rebuilds the site as usual."""
    import logging
    import os
    from pathlib import Path

    from ..errors import DataError, format_errors
    from ..sources.checks import config_nodes
    from .incremental import SERVE
    from .links import boxed
    build = getattr(server, "builder", None)
    if build is None or os.environ.get("BAOCAO_DEBUG"):
        return

    def guarded(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except Exception as exc:   # noqa: BLE001  (the editor gets a message; BAOCAO_DEBUG=1 keeps the traceback)
            errors = config_nodes(Path(config_file))[1] or [DataError(
                Path(config_file).name, None, None, "", "Bản xem trước chưa dựng lại được.",
                f"The preview could not be rebuilt ({str(exc).strip() or 'no message'}).",
                "Chạy python -m macros check để xem lỗi; sửa rồi lưu lại, trang tự cập nhật.")]
            logging.getLogger("mkdocs.plugins.baocao").error(format_errors(errors))
            SERVE.rewrite_all()   # the pages get the box here: the next rebuild writes every page again
            for page in Path(site_dir).rglob("*.html"):
                try:
                    html = _UNREAD.sub("", page.read_text(encoding="utf-8"))   # a box of an earlier failure
                    page.write_text(boxed(html, errors, mark=_MARK), encoding="utf-8")
                except OSError:
                    pass
    server.builder = guarded
