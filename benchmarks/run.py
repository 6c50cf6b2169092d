"""Benchmark of the report's tooling: `.venv/bin/python benchmarks/run.py` (see BENCHMARKS.md).

In one run, side by side, medians and spread of:
  - the strict build of the real site vs a plain mkdocs-material build of the same pages with the macros already
    rendered (1 year as it is, and synthetic sites of 5 and 10 years made from the same data);
  - `python -m macros check`;
  - `mkdocs serve`: saving a data file → the page served with the new value;
  - `python -m macros pdf` ("not available" while the command is not built).
Everything runs in a temporary copy of the checkout; the table is printed and written into BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import machine
import projects
import report
import serve_reload
from timing import CommandFailed, Series, child_env, interleaved, run_once

ROOT = Path(__file__).resolve().parent.parent
NOT_BUILT = ("not built yet", "chưa được xây dựng")


def build_trio(name: str, project: Path, plain: Path, out: Path, runs: int, warmup: int) -> dict:
    """strict build, plain twin, plain twin + mkdocs-macros with an empty module: interleaved."""
    env = child_env()
    plugin_only = projects.with_empty_macros(plain, out / f"{plain.name}-macros-only")
    return interleaved({
        f"strict_{name}": (projects.build_cmd(project, out / f"site-{name}-strict"), project, env),
        f"plain_{name}": (projects.build_cmd(plain, out / f"site-{name}-plain"), plain, env),
        f"pluginonly_{name}": (projects.build_cmd(plugin_only, out / f"site-{name}-pluginonly"), plugin_only, env),
    }, runs, warmup)


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


def pdf_series(project: Path, out: Path, runs: int, warmup: int) -> Series:
    """Time `python -m macros pdf`; a note instead of numbers when it is not built or fails."""
    series = Series("pdf")
    env = child_env()
    help_text = run_once(macros_cmd(project, "pdf", "--help"), project, env)[1].stdout
    args = ["pdf"]
    for flag in ("--out", "--output", "-o"):
        if flag in help_text.split():
            args += [flag, str(out / "report.pdf")]
            break
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="lượt đo sau khởi động / measured runs (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="lượt khởi động / warm-up runs (default 1)")
    parser.add_argument("--sizes", default="1,5,10",
                        help="số năm của các trang được dựng (năm thật + bản chép) / site sizes in years (default 1,5,10)")
    parser.add_argument("--skip", default="", help="bỏ qua, phân cách bởi dấu phẩy: serve,pdf,check")
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
        plain = step("dựng bản plain 1× / prepare the plain 1× twin", lambda: projects.plain(real, tmp / "real-plain", tmp))
        if plain:
            results.update(step("đo dựng 1× / time 1× builds",
                                lambda: build_trio("1x", real, plain, tmp, runs, warmup)) or {})
            if "strict_1x" in results:
                same_pages_note(tmp / "site-1x-strict", tmp / "site-1x-plain", notes)
        for size in sizes[1:]:
            big = projects.tenfold(real, tmp / f"years{size}", size)
            pages[f"{size}x"] = len(projects.markdown_pages(big))
            big_plain = step(f"dựng bản plain {size}× / prepare the plain {size}× twin",
                             lambda: projects.plain(big, tmp / f"years{size}-plain", tmp))
            if big_plain:
                results.update(step(f"đo dựng {size}× / time {size}× builds",
                                    lambda: build_trio(f"{size}x", big, big_plain, tmp, runs, warmup)) or {})
        if "check" not in skip:
            results["check"] = step("đo check / time check", lambda: interleaved(
                {"check": (macros_cmd(real, "check"), real, child_env())}, runs, warmup)["check"])
        if "serve" not in skip:
            def serve():
                copy = shutil.copytree(real, tmp / "serve")
                series, what = serve_reload.measure(copy, tmp / "real-dump-site", runs, warmup)
                notes.append(f"serve: sửa / edited {what}; thời gian từ lúc ghi tệp đến khi trang trả về có số mới "
                             f"(time from the file write to the page served with the new value).")
                return series
            results["serve"] = step("đo serve / time serve reload", serve)
        if "pdf" not in skip:
            results["pdf"] = step("đo pdf / time pdf", lambda: pdf_series(real, tmp, runs, warmup))
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
