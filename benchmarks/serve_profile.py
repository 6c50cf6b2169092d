"""Where a `mkdocs serve --dirty` rebuild spends its CPU, without the server's waits and polling:
`.venv/bin/python benchmarks/serve_profile.py --years 10 [--runs 7] [--parts] [--no-gc] [--profile]`.

In a temporary copy of the checkout (the synthetic N-year site for --years N; its newest year unsigned, as
benchmarks/run.py's serve rows), MkDocs' build is run in this process as `mkdocs serve --dirty` runs it (the config
read again, `build(config, serve_url, dirty=True)`, the hooks' on_startup and on_serve); between rebuilds one
figure's `value:` is changed (benchmarks/probe.py). Prints the median CPU time (process_time) of a rebuild and the
garbage collector's share; --parts: the CPU of each part (MkDocs' steps, each plugin's events, the report's
functions; parts nest, --time module:function adds one); --no-gc: collections off while measuring; --profile: as
many rebuilds again under cProfile, the slowest functions by cumulative time (the profiler slows pure Python: shares
matter, not seconds).
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import projects
from probe import _VALUE, editable_figures, newest_year, unsigned
from timing import child_env

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/serve_profile.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="--runs lần dựng lại nữa dưới cProfile / profile --runs more rebuilds")
    parser.add_argument("--parts", action="store_true", help="CPU của từng phần / CPU per part (nested)")
    parser.add_argument("--time", action="append", help="thêm một phần / one more part: module:function")
    parser.add_argument("--verbose", action="store_true", help="từng lần dựng lại / each rebuild")
    parser.add_argument("--no-gc", action="store_true", help="không thu gom rác khi đo / GC off while measuring")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", type=Path, help="ghi hồ sơ cProfile / save the profile (pstats)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="baocao-serve-profile-"))
    os.environ.clear()
    os.environ.update(child_env())
    try:
        project = projects.snapshot(ROOT, tmp / "real")
        if args.years > 1:
            project = projects.tenfold(project, tmp / "big", args.years)
        unsigned(project)
        os.chdir(project)
        sys.path.insert(0, str(project))
        import logging

        import mkdocs.config
        from mkdocs.commands.build import build
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        site_dir = tmp / "site"
        serve_url = "http://127.0.0.1:8000/"

        def get_config():
            config = mkdocs.config.load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
            config.site_url = serve_url
            return config
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=serve_url, dirty=True)   # the server's first build
        config.plugins.on_serve(SimpleNamespace(), config=config, builder=None)   # (no watcher to set up here)
        path, _name, j = editable_figures(project, newest_year(project))[0]
        lines = path.read_text(encoding="utf-8").split("\n")

        def rebuild(i: int) -> float:
            lines[j] = _VALUE.sub(lambda m: f"{m.group(1)}{7_000_001 + 1111 * i}", lines[j])
            time.sleep(0.01)   # a new modification time
            path.write_text("\n".join(lines), encoding="utf-8")
            start = time.process_time()
            build(get_config(), serve_url=serve_url, dirty=True)
            spent = time.process_time() - start
            if args.verbose:
                from macros.site.incremental import SERVE
                print(f"  rebuild {i}: {spent * 1000:.0f} ms, made again {SERVE.counts}, "
                      f"{len(SERVE.skipped)} pages skipped by MkDocs")
            return spent
        parts = _time_parts(args.time) if args.parts or args.time else None
        rebuild(0)   # warm-up
        if parts is not None:
            parts.clear()
        spent = [0.0, 0, 0]

        def on_gc(phase, info, t=[0.0]):
            if phase == "start":
                t[0] = time.process_time()
            else:
                spent[0] += time.process_time() - t[0]
                spent[1] += 1
                spent[2] += info["generation"] == 2
        gc.callbacks.append(on_gc)
        if args.no_gc:
            gc.disable()
        cpus = [rebuild(i) for i in range(1, args.runs + 1)]
        gc.callbacks.remove(on_gc)
        gc.enable()
        print(f"GC: {spent[0] / args.runs * 1000:.0f} ms a rebuild ({spent[1] / args.runs:.0f} collections, "
              f"{spent[2] / args.runs:.1f} of generation 2)")
        print(f"{args.years}×: rebuild CPU median {statistics.median(cpus) * 1000:.0f} ms "
              f"(min {min(cpus) * 1000:.0f}, max {max(cpus) * 1000:.0f}; {len(cpus)} rebuilds)")
        if args.verbose:
            start = time.process_time()
            gc.collect()
            print(f"objects tracked: {len(gc.get_objects())}; "
                  f"a full collection {1000 * (time.process_time() - start):.0f} ms")
        if parts is not None:
            for name, t in sorted(parts.items(), key=lambda x: -x[1]):
                print(f"  {t / args.runs * 1000:7.1f} ms  {name}")
        if args.profile:
            profile = cProfile.Profile()
            if args.no_gc:
                gc.disable()
            for i in range(args.runs + 1, 2 * args.runs + 1):
                profile.enable()
                rebuild(i)
                profile.disable()
            gc.enable()
            stats = pstats.Stats(profile)
            if args.save:
                stats.dump_stats(str(args.save))
            stats.sort_stats("cumulative").print_stats(args.top)
        return 0
    finally:
        os.chdir(ROOT)
        shutil.rmtree(tmp, ignore_errors=True)


def _time_parts(more: list) -> dict:
    """Wrap the parts of a rebuild with CPU timers (process_time); parts nest."""
    import importlib
    from collections import Counter
    spent = Counter()
    targets = ["mkdocs.config:load_config", "mkdocs.commands.build:get_files", "mkdocs.commands.build:get_navigation",
               "mkdocs.commands.build:_populate_page", "mkdocs.commands.build:_build_page",
               "mkdocs.commands.build:_build_theme_template",                "macros.site.plugin:site_errors", "macros.site.plugin:make_context",
               "macros.site.incremental:load", "macros.site.incremental:watch_years",
               "macros.site.search:install_search_fold", "macros.site.downloads:write_downloads",
               "macros.site.fidelity:on_env", "macros.site.whole_report:fill",
               "macros.site.links:page_anchor_errors", "macros.site.preflight:project_errors",
               "macros.site.preflight:_page_errors", "macros.html.showable:unshowable",
               "macros.sources.checks:config_errors", "macros.sources.checks:link_errors",
               "macros.sources.checks:include_yaml_errors", "macros.site.preflight:link_errors",
               "macros.site.preflight:config_errors", "macros.site.preflight:include_yaml_errors",
               "macros.site.preflight:unshowable", "macros.site.preflight:config_nodes"]
    targets += more or []
    from mkdocs import plugins

    def timed(name, fn):
        def wrapper(*a, **k):
            start = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - start
        return wrapper
    for target in targets:
        module, name = target.split(":")
        owner = importlib.import_module(module)
        *path, name = name.split(".")
        for attr in path:   # a method: module:Class.method
            owner = getattr(owner, attr)
        setattr(owner, name, timed(target, getattr(owner, name)))
    def run_event_timed(self, name, item=None, **kwargs):   # MkDocs' run_event, each plugin's method timed
        start = time.process_time()
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, '<unknown>')
            result = timed(f"event {name} {self._current_plugin}", method)(*((item,) if pass_item else ()), **kwargs)
            if result is not None:
                item = result
        self._current_plugin = None
        spent[f"event {name}"] += time.process_time() - start
        return item
    plugins.PluginCollection.run_event = run_event_timed
    return spent


if __name__ == "__main__":
    sys.exit(main())
