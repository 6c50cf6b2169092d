"""Where a build without the cache spends its CPU time, without cProfile's distortion (the profiler slows pure-Python
code such as Jinja's compiler and hashing many times more than C code, so its shares mislead).

    .venv/bin/python benchmarks/cold_parts.py [--years 10] [--runs 3]

A temporary copy of the checkout (optionally the synthetic N-year site) is built in a child process with
BAOCAO_NO_CACHE=1, a few functions of the report's code wrapped in CPU timers (time.process_time) and every Jinja
compilation counted by environment; the median of each over the runs is printed (each run a fresh process, after one that writes the .pyc).
The timers nest (a page's render includes the charts and templates it compiles): parts, not a sum.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import projects
from timing import child_env

ROOT = Path(__file__).resolve().parent.parent
WRAPPED = [("macros.data.load", "load", "data.load (YAML, schemas, derived figures, rules)"),
           ("macros.data.schema", "validator", "↳ jsonschema: import + validator"),
           ("macros.data.schema", "_schema_errors", "↳ jsonschema: import + validation"),
           ("macros.site.preflight", "site_errors", "pre-flight (check's list)"),
           ("macros.site.render", "Renderer.render_page", "pages' macros (render_page)"),
           ("macros.html.charts", "svg", "↳ charts (pygal)"),
           ("macros.site.whole_report", "fill", "whole report joined"),
           ("macros.site.search", "install_search_fold", "search word forms"),
           ("macros.site.downloads", "write_downloads", "downloads (xlsx, csv)")]


def _child(site: str) -> None:
    """In the build's process: wrap, build, print {part: seconds} as JSON."""
    os.environ["BAOCAO_NO_CACHE"] = "1"
    sys.path.insert(0, os.getcwd())
    spent: dict = {}

    def timed(label, f):
        @functools.wraps(f)
        def run(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] = spent.get(label, 0) + time.process_time() - t
        return run

    start = time.process_time()
    import jinja2
    import mkdocs.commands.build  # noqa: F401  (MkDocs' own imports, before the report's)
    base = time.process_time()
    import macros.site.plugin  # noqa: F401
    spent["import of macros/ (on top of MkDocs and Jinja)"] = time.process_time() - base
    for module, attr, label in WRAPPED:
        owner = importlib.import_module(module)
        if "." in attr:
            owner, attr = getattr(owner, attr.split(".")[0]), attr.split(".")[1]
        wrapped = timed(label, getattr(owner, attr))
        setattr(owner, attr, wrapped)
        for other in list(sys.modules.values()):   # names imported with `from … import …`
            if getattr(other, "__name__", "").startswith("macros") and getattr(other, attr, None) is wrapped.__wrapped__:
                setattr(other, attr, wrapped)
    compile_ = jinja2.Environment.compile

    def counted(env, *a, **k):
        t = time.process_time()
        try:
            return compile_(env, *a, **k)
        finally:
            label = "Jinja compile: " + ("pages (sandbox)" if type(env).__name__ == "PageSandbox" else
                                         "theme and macros/html templates")
            spent[label] = spent.get(label, 0) + time.process_time() - t
    jinja2.Environment.compile = counted
    sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", site]
    from mkdocs.__main__ import cli
    try:
        cli()
    except SystemExit as exc:
        if exc.code:
            raise
    spent["whole process after start-up"] = time.process_time() - start
    print(json.dumps(spent))


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(prog="benchmarks/cold_parts.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="baocao-cold-parts-"))
    try:
        project = projects.snapshot(ROOT, tmp / "real")
        if args.years > 1:
            project = projects.tenfold(project, tmp / "big", args.years)
        runs = []
        for n in range(args.runs + 1):   # the first run writes the copy's .pyc files: not counted
            out = subprocess.run([sys.executable, __file__, "--child", str(tmp / "site")], cwd=project, check=True,
                                 env=child_env(), capture_output=True, text=True)
            if n:
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{args.years} năm / years, BAOCAO_NO_CACHE=1, trung vị CPU của {args.runs} lượt / median CPU of "
              f"{args.runs} runs; tải máy / load {os.getloadavg()[0]:.1f}")
        for label in sorted(runs[0], key=lambda k: -statistics.median(r.get(k, 0) for r in runs)):
            print(f"  {statistics.median(r.get(label, 0) for r in runs) * 1000:7.0f} ms  {label}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
