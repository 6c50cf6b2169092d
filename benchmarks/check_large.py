"""`python -m macros check` on large and pathological data files: time per line stays flat (linear).

    .venv/bin/python benchmarks/check_large.py [--lines 25000] [--runs 5]

A temporary copy of the project gets one extra figures file, data/2023/big.yml, of about N lines in each shape:
  clean   N/5 figures of 5 lines each (loads; check passes)
  tabs    the same, indented with tabs (every line of it is an error)
  breaks  the same, each label with a U+2028 line separator (every such line is an error)
and the real data alone. Prints the median wall time of `check` (whole process) over --runs, and per 1 000 lines.
Not part of the test suite (tests/test_loader.py holds a smaller linearity test).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = "# yaml-language-server: $schema=../schemas/figures.schema.json\ntitle: Tệp lớn\nfigures:\n"


def big_file(lines: int, shape: str) -> str:
    out = [HEAD]
    for i in range(lines // 5):
        one, two = ("\t", "\t\t") if shape == "tabs" else ("  ", "    ")
        label = f"Số liệu thứ {i}" + ("\u2028" if shape == "breaks" else "")
        out.append(f"{one}f{i}:\n{two}label: {label}\n{two}value: {i}\n{two}unit: hộ\n{two}source: II.1\n")
    return "".join(out)


def copy(dest: Path) -> Path:
    for name in ("data", "docs", "macros"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def time_check(project: Path, runs: int) -> tuple[float, int]:
    times, code = [], 0
    env = dict(os.environ, PYTHONPATH=str(project))
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=project,
                              capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        code = done.returncode
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=25000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shapes", default="real,clean,tabs,breaks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-large-") as tmp:
        project = copy(Path(tmp) / "project")
        real_lines = sum(p.read_text(encoding="utf-8").count("\n") for p in (project / "data").rglob("*.yml"))
        print("| shape | lines | check median (s) | exit | ms per 1 000 lines |\n|---|---|---|---|---|")
        for shape in args.shapes.split(","):
            big = project / "data" / "2023" / "big.yml"
            if shape == "real":
                big.unlink(missing_ok=True)
                lines = real_lines
            else:
                big.write_text(big_file(args.lines, shape), encoding="utf-8")
                lines = real_lines + args.lines
            median, code = time_check(project, args.runs)
            print(f"| {shape} | {lines} | {median:.2f} | {code} | {1000 * 1000 * median / lines:.1f} |", flush=True)


if __name__ == "__main__":
    main()
