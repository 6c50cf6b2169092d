"""Results kept between runs, so a build or a `check` does not redo what did not change.

Kept in the user's cache folder (platformdirs' user_cache_dir, as pip, pre-commit and mypy do: `~/.cache/baocao` on
Linux, `%LOCALAPPDATA%\\baocao\\Cache` on Windows, `~/Library/Caches/baocao` on macOS), never in the project: nothing
a checkout or a pull request brings is ever read as a cached result. Safe to delete at any time: everything in it
is made again. A result is stored under a key made of EVERYTHING it depends on — the bytes of its inputs (a data
file, the schemas, a chart's numbers), the Python version, the installed packages and the source of macros/ — so a
changed input, library or code is never served an old result: it simply misses and is computed again.

    <user cache>/baocao/<project>/<toolchain>/   project: a hash of the project folder's resolved path (the ten
                                                 most recently used are kept); toolchain: Python, packages, macros/
                                                 source (the three most recent per project are kept)
        valid/<slot>.json                        schema validation of one data file (slot: its path)
        charts/<slot>.json                       one chart's SVG (slot: its id and title), and so on: plain JSON
        jinja/                                   compiled templates, Jinja's own bytecode cache

A slot holds the key of the result it keeps; a different key is a miss, and the new result replaces the old one,
so the folder does not grow with every save. Writes go to a temporary file renamed into place (a reader never sees
half a file); a cache that cannot be read or written is no cache, never an error.
Set BAOCAO_NO_CACHE=1 to run without it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
from functools import lru_cache
from pathlib import Path

KEEP_PROJECTS = 10       # checkouts of one user (tests make many short-lived ones)
KEEP_TOOLCHAINS = 3      # two Pythons (an editor's and .venv) or two branches do not evict each other
OFF_ENV = "BAOCAO_NO_CACHE"
SHARED_ENV = "BAOCAO_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts) -> str:
    """sha256 of the parts (bytes or text), each length-prefixed so ('ab', 'c') and ('a', 'bc') differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=None)
def toolchain() -> str:
    """What every cached result depends on besides its own inputs: Python, the installed packages (their
    dist-info folders name name and version) and every source file of macros/. Computed once per process."""
    parts = [sys.version, sys.prefix]   # not sys.executable: python and python3 are the same interpreter
    for entry in sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)}):
        parts += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html", ".md", ".json") and "__pycache__" not in path.parts:
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)[:20]


class _Memory(dict):
    """{(toolchain folder, kind, slot): (key, JSON value)}: the values this process read or wrote, held in memory
    as well when `on` (a long-running `mkdocs serve`: site/incremental.py), so a rebuild does not read each page's
    results from disk again. Callers only read the values they get (they build new objects from them)."""
    on = False


_MEMORY = _Memory()


def keep_in_memory() -> None:
    _MEMORY.on = True


class Cache:
    """The cache of one project (folder None: disabled; every get misses, every put is dropped)."""

    def __init__(self, folder: Path | None, shared: bool = False):
        self.folder = folder   # this project's folder in the user's cache (or the folder every project shares)
        self.shared = shared
        self._ready = False

    def __bool__(self) -> bool:
        return self.folder is not None

    def _home(self) -> Path | None:
        """This toolchain's folder, made on first use; the least recently used projects and toolchains removed."""
        if self.folder is None:
            return None
        home = self.folder / toolchain()
        if not self._ready:
            self._ready = True
            try:
                home.mkdir(parents=True, exist_ok=True)
                for folder, keep in ((home, KEEP_TOOLCHAINS),) + (() if self.shared else ((self.folder, KEEP_PROJECTS),)):
                    os.utime(folder)   # used now
                    others = sorted((d for d in folder.parent.iterdir() if d != folder and d.is_dir()),
                                    key=lambda d: d.stat().st_mtime)
                    for old in others[:max(0, len(others) - keep + 1)]:
                        shutil.rmtree(old, ignore_errors=True)
            except OSError:
                self.folder = None
                return None
        return home

    def subfolder(self, kind: str) -> Path | None:
        home = self._home()
        if home is None:
            return None
        path = home / kind
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return path

    def get(self, kind: str, slot: str, key: str):
        """The JSON value stored in slot under exactly this key, else None."""
        home = self._home()
        if home is None:
            return None
        held = _MEMORY.get((home, kind, slot))
        if held is not None and held[0] == key:
            return held[1]
        try:
            stored = json.loads((home / kind / f"{_safe(slot)}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        if _MEMORY.on:
            _MEMORY[(home, kind, slot)] = (key, stored.get("value"))
        return stored.get("value")

    def put(self, kind: str, slot: str, key: str, value) -> None:
        folder = self.subfolder(kind)
        if _MEMORY.on and folder is not None:
            _MEMORY[(self._home(), kind, slot)] = (key, value)
        if folder is not None:
            _write_bytes(folder / f"{_safe(slot)}.json",
                         json.dumps({"key": key, "value": value}, ensure_ascii=False).encode("utf-8"))

    def remember(self, kind: str, slot: str, key: str, make):
        """The JSON value kept in slot under this key, else make()'s, kept for the next run."""
        value = self.get(kind, slot, key)
        if value is None:
            value = make()
            self.put(kind, slot, key, value)
        return value

    def get_blob(self, kind: str, slot: str, key: str) -> bytes | None:
        """Bytes (a file to copy, never code to run) stored in slot under exactly this key, else None."""
        home = self._home()
        if home is None:
            return None
        try:
            stored = (home / kind / f"{_safe(slot)}.bin").read_bytes()
        except OSError:
            return None
        head, _, body = stored.partition(b"\n")
        return body if head == key.encode("ascii") else None

    def put_blob(self, kind: str, slot: str, key: str, data: bytes) -> None:
        folder = self.subfolder(kind)
        if folder is not None:
            _write_bytes(folder / f"{_safe(slot)}.bin", key.encode("ascii") + b"\n" + data)

    def jinja(self, env):
        """A bytecode cache for a Jinja environment (None when disabled). Jinja itself compares each template's
        source with the checksum stored beside its code, so an edited template is compiled again; the folder
        is per environment settings, which shape the compiled code too."""
        settings = digest(*(_describe(getattr(env, name, None)) for name in _JINJA_SETTINGS), *sorted(env.extensions))
        folder = self.subfolder(f"jinja/{settings[:16]}")
        if folder is None:
            return None
        return _bytecode_cache(folder)


def _bytecode_cache(folder: Path):
    import jinja2
    from jinja2.bccache import Bucket

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def get_bucket(self, environment, name, filename, source):
            """Keyed by the kind of environment too: a sandbox compiles the same source to other code."""
            kind = f"{type(environment).__module__}.{type(environment).__qualname__}"
            bucket = Bucket(environment, self.get_cache_key(f"{kind}:{name}", filename),
                            self.get_source_checksum(source))
            self.load_bytecode(bucket)
            return bucket

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return BytecodeCache(str(folder))


_JINJA_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                   "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                   "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                   "finalize", "autoescape", "undefined", "is_async", "code_generator_class", "context_class")


def _describe(value) -> str:
    """A setting as text that is the same in every process (a function by its name, not its address)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return repr(value)


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed into place); failures are ignored."""
    import tempfile
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


def files_digest(root: Path, paths, file_digest=None) -> str:
    """A digest of files (each by its path relative to root and its bytes) for a key. A link or a file over 2 MB (the
    loader refuses both, with a message) counts by its path, size and time, and is not read. file_digest(path, its
    os.stat_result): a digest of the file's bytes to use instead of the bytes (mkdocs serve keeps them:
    site/incremental.py)."""
    parts = []
    for path in paths:
        path = Path(path)
        parts.append(path.relative_to(root).as_posix())
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode) or info.st_size > 2 * 1024 * 1024:
                parts.append(f"link-or-large {info.st_size} {info.st_mtime_ns}")
            else:
                parts.append(file_digest(path, info) if file_digest else path.read_bytes())
        except OSError as exc:
            parts.append(f"unreadable {type(exc).__name__}")
    return digest(*parts)


def _safe(slot: str) -> str:
    """A slot name usable as a file name on every system."""
    return digest(slot)[:32]


DISABLED = Cache(None)


def code_cache() -> Cache:
    """The cache of the project this package belongs to (for what depends on the code only, such as the compiled
    templates of macros/html)."""
    return for_project(_PACKAGE.parent)


def for_project(root) -> Cache:
    """The cache of the project folder `root` (disabled when BAOCAO_NO_CACHE is set). BAOCAO_CACHE_DIR names one
    folder that every project shares instead (the test suite's copies of the project: what a copy did not change is
    found there; keys hold every input, so a shared folder can miss but never serve another project's result)."""
    if os.environ.get(OFF_ENV, "").strip() not in ("", "0"):
        return DISABLED
    if os.environ.get(SHARED_ENV, "").strip():
        return Cache(Path(os.environ[SHARED_ENV]), shared=True)
    import platformdirs
    base = Path(platformdirs.user_cache_dir("baocao", appauthor=False))
    return Cache(base / digest(str(Path(root).resolve()))[:16])
