"""Where a strict build spends its time: `.venv/bin/python benchmarks/profile_build.py [--years 10]`.

Builds a temporary copy of the checkout (optionally as the synthetic N-year site) once to fill its cache
(the user cache folder, macros/cache.py; --cold skips this), then once more in-process under cProfile, and prints the share of the build's time per part: the report's own code (macros/, per module),
mkdocs-macros, YAML, jsonschema, Markdown, Jinja/theme templates, the rest — then the slowest functions of
macros/ by cumulative time. The profiler slows pure-Python code down, so shares matter, not seconds.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import projects
from timing import child_env

ROOT = Path(__file__).resolve().parent.parent
PARTS = (("/macros/", "macros/ (báo cáo / the report's code)"), ("mkdocs_macros", "mkdocs-macros"),
         ("/yaml/", "PyYAML"), ("jsonschema", "jsonschema"), ("referencing", "jsonschema"), ("rpds", "jsonschema"),
         ("/markdown/", "Markdown"), ("/pymdownx/", "Markdown"), ("/jinja2/", "Jinja2 (theme + macros)"),
         ("/material/", "mkdocs-material"), ("/babel/", "Babel"), ("/mkdocs/", "mkdocs"))


def part_of(filename: str) -> str:
    for needle, name in PARTS:
        if needle in filename:
            if name.startswith("macros/"):
                return f"macros/{Path(filename).name}"
            return name
    if filename.endswith(".html") or filename == "<template>":
        return "Jinja2 (theme + macros)"
    return "khác / other (stdlib, imports...)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/profile_build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--cold", action="store_true", help="không có bộ nhớ đệm / profile a build with no cache")
    parser.add_argument("--save", type=Path, help="ghi hồ sơ cProfile vào tệp này / save the profile (pstats)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="baocao-profile-"))
    try:
        project = projects.snapshot(ROOT, tmp / "real")
        if args.years > 1:
            project = projects.tenfold(project, tmp / "big", args.years)
        if not args.cold:   # one build first, as an editor's second build finds the cache filled
            subprocess.run(projects.build_cmd(project, tmp / "warm-site"), cwd=project, check=True,
                           env=child_env(), capture_output=True)
        os.chdir(project)
        sys.path.insert(0, str(project))
        sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", str(tmp / "site")]
        from mkdocs.__main__ import cli
        profile = cProfile.Profile()
        profile.enable()
        try:
            cli()
        except SystemExit as exc:
            if exc.code:
                print(f"build failed (exit {exc.code})", file=sys.stderr)
                return 1
        finally:
            profile.disable()
        stats = pstats.Stats(profile)
        if args.save:
            stats.dump_stats(str(args.save))
        total = Counter()
        for (filename, _line, _fn), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            total[part_of(filename)] += tottime
        whole = sum(total.values())
        print(f"Trang / pages: {len(projects.markdown_pages(project))}; tổng / total (under cProfile) {whole:.2f} s\n")
        print("| Phần / part | thời gian riêng / own time | tỷ lệ / share |\n|---|---:|---:|")
        for name, t in total.most_common():
            if t / whole >= 0.005:
                print(f"| {name} | {t:.2f} s | {100 * t / whole:.1f} % |")
        print("\nmacros/ — hàm chậm nhất theo thời gian tích luỹ / slowest functions (cumulative):\n")
        for label, needle in (("mkdocs-macros on_config (define_env: data, scans)", "on_config"),
                              ("mkdocs-macros on_page_markdown (every macro on every page)", "on_page_markdown")):
            ct = sum(v[3] for (fn, _l, name), v in stats.stats.items() if "mkdocs_macros/plugin.py" in fn
                     and name == needle)
            print(f"  {ct:7.2f} s  {100 * ct / whole:5.1f} %  {label}")
        rows = [(ct, f"{Path(fn).name}:{line}({name})") for (fn, line, name), (_cc, _nc, _tt, ct, _c)
                in stats.stats.items() if "/macros/" in fn and "mkdocs_macros" not in fn]
        for ct, where in sorted(rows, reverse=True)[:args.top]:
            print(f"  {ct:7.2f} s  {100 * ct / whole:5.1f} %  {where}")
        return 0
    finally:
        os.chdir(ROOT)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
