"""Benchmark of the report's tooling: `.venv/bin/python benchmarks/run.py` (see BENCHMARKS.md).

In one run, side by side, medians and spread of:
  - the strict build of the real site vs a plain mkdocs-material build of the same pages with the macros already
    rendered (1 year as it is, and synthetic sites of 5 and 10 years made from the same data): CPU time, wall time,
    peak memory; the same strict build without the cache (BAOCAO_NO_CACHE=1) and with ProperDocs;
  - `python -m macros check` and `python -m macros diff HEAD`;
  - `mkdocs serve`: saving a data file → the page served with the new value;
  - `python -m macros pdf` and `python -m macros docx` ("not available" while a command is not built);
  - the test suite (`--test-runs`, 0 to skip).
Everything runs in a temporary copy of the checkout; the table is printed and written into BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import machine
import projects
import report
import serve_reload
from probe import unsigned
from timing import CommandFailed, Series, child_env, interleaved, run_once

ROOT = Path(__file__).resolve().parent.parent
NOT_BUILT = ("not built yet", "chưa được xây dựng", "invalid choice")


def build_set(name: str, project: Path, plain: Path, out: Path, runs: int, warmup: int) -> dict:
    """Interleaved: the strict build (its cache filled by the warm-up: a build where nothing changed), the same
    after editing one figure's value (an editor's build), the same without cache, with ProperDocs (when installed),
    the plain twin, the plain twin + mkdocs-macros with an empty module, and the plain twin keeping Material's
    compiled templates as the strict build does."""
    env = child_env()
    plugin_only = projects.with_empty_macros(plain, out / f"{plain.name}-macros-only")
    plain_cached = projects.with_template_cache(plain, out / f"{plain.name}-template-cache")
    edited = unsigned(shutil.copytree(project, out / f"{project.name}-edited"))   # the year being edited
    commands = {
        f"strict_{name}": (projects.build_cmd(project, out / f"site-{name}-strict"), project, env),
        f"nocache_{name}": (projects.build_cmd(project, out / f"site-{name}-nocache"), project,
                            child_env(BAOCAO_NO_CACHE="1")),
        f"edited_{name}": ([sys.executable, str(Path(__file__).parent / "edited_build.py"), str(edited),
                            str(out / f"site-{name}-edited")], edited, env),
        f"plain_{name}": (projects.build_cmd(plain, out / f"site-{name}-plain"), plain, env),
        f"pluginonly_{name}": (projects.build_cmd(plugin_only, out / f"site-{name}-pluginonly"), plugin_only, env),
        f"plaincache_{name}": (projects.build_cmd(plain_cached, out / f"site-{name}-plaincache"), plain_cached, env),
    }
    if projects.has_module("properdocs"):
        commands[f"properdocs_{name}"] = (projects.build_cmd(project, out / f"site-{name}-properdocs", "properdocs"),
                                          project, env)
    return interleaved(commands, runs, warmup)


def same_pages_note(strict_site: Path, plain_site: Path, notes: list) -> None:
    compared, differ = projects.differing_pages(strict_site, plain_site)
    if differ:
        notes.append(f"bản plain KHÁC bản strict ở {len(differ)}/{compared} trang / the plain twin DIFFERS on "
                     f"{len(differ)}/{compared} pages: {', '.join(differ[:5])}")
    else:
        notes.append(f"bản plain và bản strict giống hệt nhau ở phần nội dung (`<article>`) của cả {compared} trang "
                     f"/ the plain twin's article HTML is identical on all {compared} pages.")


def macros_cmd(project: Path, *args) -> list:
    return [sys.executable, "-m", "macros", "--root", str(project), *args]


def output_series(command: str, project: Path, out: Path, runs: int, warmup: int) -> Series:
    """Time `python -m macros pdf|docx --out …` (each builds the site itself); a note instead of numbers when the
    command is not built or fails."""
    series = Series(command)
    env = child_env()
    help_text = run_once(macros_cmd(project, command, "--help"), project, env)[1].stdout
    args = [command]
    if "--out" in help_text.split():
        args += ["--out", str(out / f"report-{command}.{'pdf' if command == 'pdf' else 'docx'}")]
    for i in range(warmup + runs):
        sample, result = run_once(macros_cmd(project, *args), project, env)
        said = (result.stdout + result.stderr).lower()
        if result.returncode != 0:
            if any(s in said for s in NOT_BUILT):
                series.note = "không có / not available (lệnh chưa được xây dựng / not built yet)"
            else:
                last = (result.stdout + result.stderr).strip().splitlines()[-1:] or [""]
                series.note = f"lỗi / failed (exit {result.returncode}): {last[0][:160]}"
            series.samples.clear()
            return series
        if i >= warmup:
            series.samples.append(sample)
    return series


def test_suite_series(tmp: Path, runs: int) -> Series:
    """The whole test suite (`python -m pytest`) in a copy of the checkout with its tests; no warm-up (each run
    builds its own sites)."""
    copy = projects.snapshot(ROOT, tmp / "tests-copy", tests=True)
    series = Series("tests")
    for _ in range(runs):
        sample, result = run_once([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], copy,
                                  child_env(), timeout=3600)
        if result.returncode != 0:
            last = result.stdout.strip().splitlines()[-1:] or [""]
            series.note = f"lỗi / failed (exit {result.returncode}): {last[0][:200]}"
            series.samples.clear()
            return series
        series.samples.append(sample)
        series.note = (result.stdout.strip().splitlines() or [""])[-1].strip("= ")
    return series


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="lượt đo sau khởi động / measured runs (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="lượt khởi động / warm-up runs (default 1)")
    parser.add_argument("--sizes", default="1,5,10",
                        help="số năm của các trang được dựng (năm thật + bản chép) / site sizes in years (default 1,5,10)")
    parser.add_argument("--skip", default="", help="bỏ qua, phân cách bởi dấu phẩy: builds,serve,pdf,docx,check,diff")
    parser.add_argument("--test-runs", type=int, default=0,
                        help="số lượt chạy bộ kiểm thử (0: không chạy) / test-suite runs (default 0: skipped)")
    parser.add_argument("--no-write", action="store_true", help="chỉ in bảng, không ghi BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="giữ thư mục tạm / keep the temporary folder")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    runs, warmup = max(1, args.runs), max(0, args.warmup)
    sizes = sorted({1, *(int(x) for x in args.sizes.split(",") if x.strip())})

    info = machine.describe()
    info["load_start"] = machine.load()
    tmp = Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    results, pages, notes = {}, {}, []

    def step(what: str, fn):
        print(f"… {what}", file=sys.stderr, flush=True)
        try:
            return fn()
        except (CommandFailed, RuntimeError, OSError) as exc:
            notes.append(f"{what}: {exc}".replace("\n", " ")[:600])
            return None

    try:
        real = projects.snapshot(ROOT, tmp / "real")
        pages["1x"] = len(projects.markdown_pages(real))
        plain = None if "builds" in skip else step("dựng bản plain 1× / prepare the plain 1× twin",
                                                    lambda: projects.plain(real, tmp / "real-plain", tmp))
        if plain:
            results.update(step("đo dựng 1× / time 1× builds",
                                lambda: build_set("1x", real, plain, tmp, runs, warmup)) or {})
            if "strict_1x" in results:
                same_pages_note(tmp / "site-1x-strict", tmp / "site-1x-plain", notes)
            if "properdocs_1x" in results:
                compared, differ = projects.differing_pages(tmp / "site-1x-strict", tmp / "site-1x-properdocs")
                notes.append(f"ProperDocs: phần `<article>` khác MkDocs ở {len(differ)}/{compared} trang / article HTML "
                             f"differs from MkDocs on {len(differ)} of {compared} pages"
                             + (f": {', '.join(differ[:5])}" if differ else ""))
        projects_by_size = {1: real}
        for size in sizes[1:]:
            big = projects_by_size[size] = projects.tenfold(real, tmp / f"years{size}", size)
            pages[f"{size}x"] = len(projects.markdown_pages(big))
            big_plain = None if "builds" in skip else step(f"dựng bản plain {size}× / prepare the plain {size}× twin",
                                                            lambda: projects.plain(big, tmp / f"years{size}-plain", tmp))
            if big_plain:
                results.update(step(f"đo dựng {size}× / time {size}× builds",
                                    lambda: build_set(f"{size}x", big, big_plain, tmp, runs, warmup)) or {})
        if "check" not in skip:
            results["check"] = step("đo check / time check", lambda: interleaved(
                {"check": (macros_cmd(real, "check"), real, child_env())}, runs, warmup)["check"])
        if "diff" not in skip:
            def diff():
                repo = projects.git_repo(real, tmp / "diff-repo")
                return interleaved({"diff": (macros_cmd(repo, "diff", "HEAD"), repo, child_env())}, runs,
                                   warmup)["diff"]
            results["diff"] = step("đo diff / time diff", diff)
        if "serve" not in skip:
            for size, project in sorted(projects_by_size.items()):
                def serve(size=size, project=project):
                    copy = unsigned(shutil.copytree(project, tmp / f"serve-{size}x"))   # the year being edited
                    if not (tmp / f"site-{size}x-strict").is_dir():   # builds skipped: the page to watch is found here
                        subprocess.run(projects.build_cmd(copy, tmp / f"site-{size}x-strict"), cwd=copy, check=True,
                                       env=child_env(), capture_output=True)
                    series, what = serve_reload.measure(copy, tmp / f"site-{size}x-strict", runs, warmup)
                    notes.append(f"serve {size}×: sửa / edited {what}; thời gian từ lúc ghi tệp đến khi trang trả về "
                                 f"có số mới (time from the file write to the page served with the new value).")
                    return series
                results["serve" if size == 1 else f"serve_{size}x"] = step(
                    f"đo serve {size}× / time serve reload at {size}×", serve)
        for command in ("pdf", "docx"):
            if command not in skip:
                results[command] = step(f"đo {command} / time {command}",
                                        lambda: output_series(command, real, tmp, runs, warmup))
        if args.test_runs > 0:
            results["tests"] = step("đo bộ kiểm thử / time the test suite", lambda: test_suite_series(tmp, args.test_runs))
    finally:
        info["load_end"] = machine.load()
        if args.keep:
            print(f"thư mục tạm / kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    body = report.table(info, results, pages, notes, runs, warmup, sizes)
    print(body)
    if not args.no_write:
        report.write_section(ROOT / "BENCHMARKS.md", body)
        print(f"\n→ {ROOT / 'BENCHMARKS.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
