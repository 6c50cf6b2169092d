"""The benchmark's table as Markdown, and writing it into BENCHMARKS.md between two markers."""
from __future__ import annotations

import math
import re
from pathlib import Path

from timing import Series, summary

START = "<!-- BENCHMARK:START (benchmarks/run.py writes this part) -->"
END = "<!-- BENCHMARK:END -->"
TARGET_RATIO = {1: 1.15, 10: 1.10}   # strict build CPU / plain build CPU, by size (years)
TARGET_LINEAR = 1.15                 # marginal CPU per added page, 5→10 years over 1→5 years
TARGET_MEMORY = 1.30                 # peak memory, strict / plain
TARGET_SERVE = 0.50                  # save → served at 1×, seconds (wall)
TARGET_SERVE_GROWTH = 1.20           # save → served at 10× over 1× (wall)
TARGET_CHECK = 0.25
TARGET_PDF = 10.0
BUILDS = (("strict", "Dựng strict, không có gì đổi / strict build, nothing changed"),
          ("edited", "↳ strict sau khi sửa một số liệu / after editing one figure"),
          ("nocache", "↳ strict, không bộ nhớ đệm / without cache (BAOCAO_NO_CACHE=1)"),
          ("properdocs", "↳ strict bằng ProperDocs / built with ProperDocs"),
          ("plain", "Dựng plain mkdocs-material / plain twin"),
          ("pluginonly", "↳ plain + mkdocs-macros, module rỗng / empty module"),
          ("plaincache", "↳ plain + bộ nhớ đệm mẫu của theme / with the theme's template cache"))


def sec(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def mib(x) -> str:
    return "—" if x is None or math.isnan(x) else f"{x:.1f} MiB"


def ok(passed: bool | None) -> str:
    return "—" if passed is None else ("đạt ✓" if passed else "**không đạt ✗**")


def _values(series: Series | None, what: str) -> list:
    if not series or not series.samples:
        return []
    return [v for v in getattr(series, what)() if not math.isnan(v)]


def median(series: Series | None, cpu: bool = False):
    values = _values(series, "cpus" if cpu else "walls")
    return summary(values)["median"] if values else None


def peak(series: Series | None):
    values = _values(series, "rsss")
    return summary(values)["median"] if values else None


def spread(values: list, fmt=sec) -> str:
    if not values:
        return "—"
    s = summary(values)
    return f"**{fmt(s['median'])}** ({fmt(s['min'])} – {fmt(s['max'])})"


def measure_row(label: str, pages, series: Series | None, memory: bool = True) -> str:
    if series is None:
        return f"| {label} | {pages} | không đo (bỏ qua) / skipped | | |"
    if not series.samples:
        return f"| {label} | {pages} | {series.note or 'không đo được / not measured'} | | |"
    cpus = _values(series, "cpus")
    return (f"| {label} | {pages} | {spread(series.walls())} | {spread(cpus)} | "
            f"{spread(_values(series, 'rsss'), mib) if memory else '—'} |")


def ratio(a, b):
    return a / b if a is not None and b else None


def table(info: dict, results: dict, pages: dict, notes: list, runs: int, warmup: int, sizes=(1, 10)) -> str:
    """Markdown for the whole measured section. results: name -> Series (or None when skipped)."""
    r = results
    v = info["versions"]
    out = [
        f"Lần đo / run: **{info['date']}** — {runs} lượt sau {warmup} lượt khởi động / {runs} runs after "
        f"{warmup} warm-up; các bản dựng chạy xen kẽ / builds interleaved (strict, không cache / no cache, plain, "
        "plain + mkdocs-macros, ProperDocs). Mỗi ô: **trung vị** (min – max) / each cell: **median** (min – max).",
        "",
        f"Máy / machine: {info['cpu']}, {info['cores']} lõi / cores, {info['ram']} RAM, {info['os']}; "
        f"tải máy / load average (1/5/15 min) lúc đầu / at start {info['load_start']}, lúc cuối / at end "
        f"{info['load_end']}.",
        "",
        f"Phiên bản / versions: Python {info['python']}, "
        + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        "| Phép đo / measure | Trang / pages | Thời gian thực / wall | CPU (user+sys) | Bộ nhớ đỉnh / peak memory |",
        "|---|---:|---:|---:|---:|",
    ]
    for n in sizes:
        size, years = f"{n}x", ("1 năm" if n == 1 else f"{n} năm")
        for key, label in BUILDS:
            if key == "properdocs" and f"properdocs_{size}" not in r:
                continue
            out.append(measure_row(f"{label}, {years} / {size}", pages.get(size, ""), r.get(f"{key}_{size}")))
    for key, label in (("check", "`python -m macros check`"), ("diff", "`python -m macros diff HEAD` (một số liệu "
                       "đổi / one figure changed)"), ("serve", "`mkdocs serve`: lưu tệp dữ liệu → trang có số mới / "
                       "save → new value served"), ("pdf", "`python -m macros pdf` (dựng + in / build + print)"),
                       ("docx", "`python -m macros docx` (dựng + Word / build + Word)"),
                       ("tests", "Bộ kiểm thử / test suite (`pytest`)")):
        out.append(measure_row(label, "", r.get(key), memory=key != "serve"))
        if key == "serve":
            out += [measure_row(f"↳ {n} năm / {n}x", pages.get(f"{n}x", ""), r.get(f"serve_{n}x"), memory=False)
                    for n in sizes if n > 1 and f"serve_{n}x" in r]
    out += [
        "",
        "Tỷ lệ và độ tuyến tính xét theo thời gian CPU của tiến trình dựng (máy dùng chung: tiến trình khác làm "
        "thời gian thực dao động); check, serve, PDF, Word xét theo thời gian thực (đó là thời gian người dùng chờ). "
        "Bộ nhớ: bộ nhớ thường trú lớn nhất của tiến trình (ru_maxrss). / Ratios and linearity are judged on the "
        "build's CPU time (on a shared machine other processes make wall time jump); check, serve, PDF and Word on "
        "wall time (what the user waits). Memory: the process's peak resident set (ru_maxrss).",
        "",
        "| Mục tiêu / target | Đo được / measured | Kết quả / result |",
        "|---|---|---|",
    ]
    for n in sizes:
        size = f"{n}x"
        s_, p_, m_ = (median(r.get(f"{k}_{size}"), True) for k in ("strict", "plain", "pluginonly"))
        cpu, wall = ratio(s_, p_), ratio(median(r.get(f"strict_{size}")), median(r.get(f"plain_{size}")))
        target = TARGET_RATIO.get(n)
        measured = "—" if cpu is None else f"CPU {cpu:.2f} (wall {wall:.2f})"
        if None not in (s_, p_, m_):
            measured += (f"; phần chênh / overhead {sec(s_ - p_)} = mkdocs-macros {sec(m_ - p_)} + mã báo cáo / "
                         f"report code {sec(s_ - m_)}")
        edited = ratio(median(r.get(f"edited_{size}"), True), p_)
        if edited is not None:
            measured += f"; sau khi sửa một số liệu / after editing one figure {edited:.2f}"
        nocache = ratio(median(r.get(f"nocache_{size}"), True), p_)
        if nocache is not None:
            measured += f"; không cache / without cache {nocache:.2f}"
        fair = ratio(s_, median(r.get(f"plaincache_{size}"), True))
        if fair is not None:
            measured += f"; so với plain có cùng cache mẫu / against plain with the same template cache {fair:.2f}"
        label = f"strict / plain, {size}" + (f" ≤ {target:.2f}" if target else " (không có mục tiêu / no target)")
        out.append(f"| {label} | {measured} | {ok(None if cpu is None or not target else cpu <= target)} |")
    out += linear_rows(r, pages, sizes)
    for n in sizes:
        size = f"{n}x"
        mem = ratio(peak(r.get(f"strict_{size}")), peak(r.get(f"plain_{size}")))
        measured = "—" if mem is None else (f"{mem:.2f} ({mib(peak(r.get(f'strict_{size}')))} / "
                                            f"{mib(peak(r.get(f'plain_{size}')))})")
        out.append(f"| bộ nhớ đỉnh / peak memory strict / plain, {size} ≤ {TARGET_MEMORY:.2f} | {measured} | "
                   f"{ok(None if mem is None else mem <= TARGET_MEMORY)} |")
    for n in sizes:
        size = f"{n}x"
        pd = ratio(median(r.get(f"properdocs_{size}"), True), median(r.get(f"strict_{size}"), True))
        if pd is not None:
            out.append(f"| ProperDocs / MkDocs (CPU), {size} | {pd:.2f} | — |")
    serve = median(r.get("serve"))
    cpu_ratio = ratio(median(r.get("serve"), True), median(r.get("plain_1x"), True))
    out.append(f"| serve: lưu → hiện / save → served, 1× ≤ {sec(TARGET_SERVE)} (wall) | {sec(serve)}"
               + ("" if cpu_ratio is None else f"; CPU của máy chủ khi dựng lại / server CPU per reload over plain "
                                               f"build CPU {cpu_ratio:.2f}")
               + f" | {ok(None if serve is None else serve <= TARGET_SERVE)} |")
    for n in sizes:
        grown = ratio(median(r.get(f"serve_{n}x")), serve)
        if n > 1 and grown is not None:
            cpu = ratio(median(r.get(f"serve_{n}x"), True), median(r.get("serve"), True))
            out.append(f"| serve {n}× / 1× ≤ {TARGET_SERVE_GROWTH:.2f} (wall) | {grown:.2f} "
                       f"({sec(median(r.get(f'serve_{n}x')))} / {sec(serve)})" + ("" if cpu is None else f"; CPU {cpu:.2f}") + " | "
                       f"{ok(grown <= TARGET_SERVE_GROWTH)} |")
    for key, target, label in (("check", TARGET_CHECK, "check"), ("pdf", TARGET_PDF, "PDF")):
        m = median(r.get(key))
        out.append(f"| {label} ≤ {sec(target)} | {sec(m) if m is not None else 'không có / not available'} | "
                   f"{ok(None if m is None else m <= target)} |")
    if notes:
        out += ["", *[f"- {n}" for n in notes]]
    return "\n".join(out)


def linear_rows(r: dict, pages: dict, sizes) -> list:
    """Marginal CPU cost of one more page between successive sizes: fixed costs (Python start, imports) cancel
    out, so a term that grows with pages² shows here. Judged for the whole build: 5→10 years over 1→5 years
    ≤ TARGET_LINEAR; the plain twin's and the data + macros layer's (strict − plain) are shown beside it."""
    have = [n for n in sizes if median(r.get(f"strict_{n}x"), True) is not None and pages.get(f"{n}x")]
    if len(have) < 2:
        return ["| tuyến tính theo số trang / linear in pages | — | — |"]
    rows = []
    for label, cost in (("cả bản dựng strict / whole strict build", lambda n: median(r.get(f"strict_{n}x"), True)),
                        ("bản plain / plain twin", lambda n: median(r.get(f"plain_{n}x"), True)),
                        ("lớp dữ liệu + macro / data + macros layer (strict − plain)",
                         lambda n: _diff(median(r.get(f"strict_{n}x"), True), median(r.get(f"plain_{n}x"), True)))):
        if any(cost(n) is None for n in have):
            continue
        marginal = [(a, b, (cost(b) - cost(a)) / (pages[f"{b}x"] - pages[f"{a}x"])) for a, b in zip(have, have[1:])]
        text = ", ".join(f"{a}→{b}×: {sec(m)}/trang" for a, b, m in marginal)
        growth = marginal[-1][2] / marginal[0][2] if marginal[0][2] > 0 else float("inf")
        text += f" (×{growth:.2f})" if len(marginal) >= 2 else ""
        judged = not rows    # the whole strict build is the one judged
        if judged:
            text += "; CPU/trang / per page: " + ", ".join(
                f"{sec(cost(n) / pages[f'{n}x'])} ở {n}×" for n in have)
        verdict = ok(growth <= TARGET_LINEAR) if judged and len(marginal) >= 2 else "—"
        rows.append(f"| tuyến tính / linear, {label}: chi phí biên mỗi trang thêm / cost per added page"
                    + (f", 5→10 ≤ {TARGET_LINEAR:.2f} × 1→5" if judged else "") + f" | {text} | {verdict} |")
    return rows


def _diff(a, b):
    return None if a is None or b is None else a - b


def write_section(path: Path, body: str) -> None:
    """Replace what is between the markers in path (add the markers at the end when missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{body}\n{END}"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
