"""A waiting MkDocs: `mkdocs build` as a new process, without paying Python's start-up and MkDocs' imports each time.

Started once per test process (conftest.build_site) as `python tests/forkbuild.py`; it imports MkDocs, Material,
mkdocs-macros and their libraries (never this project's `macros`, which each build imports from its own folder),
then reads one request a line on stdin — {"args", "cwd", "env", "out", "err", "timeout"} — and for each forks a child that
does what `python -m mkdocs ARGS` does in `cwd`: the project folder first on sys.path, MkDocs' own command line,
its output to the two files. It answers the child's exit code, one line on stdout. Each build is a fresh process
that has run nothing before; nothing one build does reaches the next. A failing build's run is ~0.1 s instead of
~0.45 s (of which 0.3 s were imports).
"""
from __future__ import annotations

import importlib
import json
import os
import sys

# what every build imports before it reads mkdocs.yml (a name missing here is simply imported by the build)
LIBRARIES = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.files",
             "mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.theme", "mkdocs.plugins", "mkdocs.utils",
             "material", "material.plugins.search.plugin", "mkdocs_macros.plugin", "markdown", "markdown.extensions.toc",
             "markdown.extensions.tables", "pymdownx", "jinja2", "jinja2.sandbox", "yaml", "babel.core", "babel.dates",
             "requests", "dateutil.parser", "hjson", "pathspec", "pygments", "pygments.formatters.html", "backrefs",
             "jsonschema", "pygal")


def build(request: dict) -> int:
    """Fork; the child runs MkDocs' command line as `python -m mkdocs` would, in the request's folder."""
    pid = os.fork()
    if pid:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    code = 70
    try:
        import signal
        signal.alarm(request.get("timeout", 300))   # a build that hangs is ended (exit code -14), as by a time-out
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = request["cwd"]          # `python -m` puts the current folder first
        sys.argv = ["mkdocs", *request["args"]]
        import runpy
        try:
            runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    for name in LIBRARIES:
        try:
            importlib.import_module(name)
        except Exception:   # noqa: BLE001  (an optional speed-up only)
            pass
    assert "macros" not in sys.modules, "the project's code must be imported by each build from its own folder"
    print("ready", flush=True)
    for line in sys.stdin:
        print(build(json.loads(line)), flush=True)


if __name__ == "__main__":
    main()
