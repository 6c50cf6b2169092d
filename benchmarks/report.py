"""The benchmark's table as Markdown, and writing it into BENCHMARKS.md between two markers."""
from __future__ import annotations

import math
import re
from pathlib import Path

from timing import Series, summary

START = "<!-- BENCHMARK:START (benchmarks/run.py writes this part) -->"
END = "<!-- BENCHMARK:END -->"
TARGET_RATIO = 1.10      # strict build / plain build, at 1x and 10x
TARGET_LINEAR = 1.10     # time per page at 10x may exceed time per page at 1x by at most 10 %
TARGET_CHECK = 0.5
TARGET_SERVE = 2.0
TARGET_PDF = 10.0


def sec(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def ok(passed: bool | None) -> str:
    return "—" if passed is None else ("đạt ✓" if passed else "**không đạt ✗**")


def median(series: Series | None, cpu: bool = False):
    if not series or not series.samples:
        return None
    values = [v for v in (series.cpus() if cpu else series.walls()) if not math.isnan(v)]
    return summary(values)["median"] if values else None


def measure_row(label: str, pages, series: Series | None) -> str:
    if series is None:
        return f"| {label} | {pages} | không đo (bỏ qua) / skipped | | | |"
    if not series.samples:
        return f"| {label} | {pages} | {series.note or 'không đo được / not measured'} | | | |"
    s = summary(series.walls())
    cpu = median(series, cpu=True)
    return (f"| {label} | {pages} | **{sec(s['median'])}** | {sec(s['min'])} – {sec(s['max'])} | "
            f"{sec(s['q1'])} – {sec(s['q3'])} | {sec(cpu)} |")


def ratio(a, b):
    return a / b if a is not None and b else None


def table(info: dict, results: dict, pages: dict, notes: list, runs: int, warmup: int, sizes=(1, 10)) -> str:
    """Markdown for the whole measured section. results: name -> Series (or None when skipped)."""
    r = results
    v = info["versions"]
    out = [
        f"Lần đo / run: **{info['date']}** — {runs} lượt sau {warmup} lượt khởi động / {runs} runs after "
        f"{warmup} warm-up; các bản dựng chạy xen kẽ / builds interleaved (strict, plain, plain + mkdocs-macros).",
        "",
        f"Máy / machine: {info['cpu']}, {info['cores']} lõi / cores, {info['ram']} RAM, {info['os']}; "
        f"tải máy / load average (1/5/15 min) lúc đầu / at start {info['load_start']}, lúc cuối / at end "
        f"{info['load_end']}.",
        "",
        f"Phiên bản / versions: Python {info['python']}, "
        + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        "| Phép đo / measure | Trang / pages | Trung vị / median | min – max | Q1 – Q3 | CPU (trung vị / median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        size, years = f"{n}x", ("1 năm" if n == 1 else f"{n} năm")
        out += [
            measure_row(f"Dựng strict, {years} / strict build, {size}", pages.get(size, ""), r.get(f"strict_{size}")),
            measure_row(f"Dựng plain mkdocs-material, {years} / plain build, {size}", pages.get(size, ""),
                        r.get(f"plain_{size}")),
            measure_row(f"↳ plain + mkdocs-macros, module rỗng / empty module, {size}", pages.get(size, ""),
                        r.get(f"pluginonly_{size}")),
        ]
    out += [
        measure_row("`python -m macros check` (cả tiến trình / whole process)", "", r.get("check")),
        measure_row("`mkdocs serve`: lưu tệp dữ liệu → trang có số mới / save → new value served", "",
                    r.get("serve")),
        measure_row("`python -m macros pdf` (cả báo cáo / whole report)", "", r.get("pdf")),
        "",
        "Tỷ lệ và độ tuyến tính xét theo thời gian CPU của tiến trình dựng (máy dùng chung: tiến trình khác làm "
        "thời gian thực dao động); kiểm tra, serve và PDF xét theo thời gian thực. / Ratios and linearity are judged "
        "on the build's CPU time (on a shared machine other processes make wall time jump); check, serve and PDF "
        "on wall time.",
        "",
        "| Mục tiêu / target | Đo được / measured | Kết quả / result |",
        "|---|---|---|",
    ]
    for n in sizes:
        size = f"{n}x"
        wall = ratio(median(r.get(f"strict_{size}")), median(r.get(f"plain_{size}")))
        cpu = ratio(median(r.get(f"strict_{size}"), True), median(r.get(f"plain_{size}"), True))
        judged = cpu if cpu is not None else wall
        measured = "—" if wall is None else f"CPU {cpu:.2f} (wall {wall:.2f})" if cpu else f"wall {wall:.2f}"
        s_, p_, m_ = (median(r.get(f"{k}_{size}"), True) for k in ("strict", "plain", "pluginonly"))
        if None not in (s_, p_, m_):
            measured += (f"; phần chênh / overhead {sec(s_ - p_)} = mkdocs-macros {sec(m_ - p_)} + mã báo cáo / "
                         f"report code {sec(s_ - m_)}")
        out.append(f"| strict / plain, {size} ≤ {TARGET_RATIO:.2f} | {measured} | "
                   f"{ok(None if judged is None else judged <= TARGET_RATIO)} |")
    out += linear_rows(r, pages, sizes)
    for key, target, label in (("check", TARGET_CHECK, "check"), ("serve", TARGET_SERVE, "serve reload"),
                               ("pdf", TARGET_PDF, "PDF")):
        m = median(r.get(key))
        out.append(f"| {label} < {sec(target)} | {sec(m) if m is not None else 'không có / not available'} | "
                   f"{ok(None if m is None else m < target)} |")
    if notes:
        out += ["", *[f"- {n}" for n in notes]]
    return "\n".join(out)


def linear_rows(r: dict, pages: dict, sizes) -> list:
    """Marginal CPU cost of one more page between successive sizes; linear when it does not grow (≤ 1.10×).

    Fixed costs (Python start, imports) cancel out in the marginal cost, so a term that grows with pages²
    shows here even when it hides in the time per page. Checked for the whole build and for the data + macros
    layer alone (strict − plain)."""
    have = [n for n in sizes if median(r.get(f"strict_{n}x"), True) is not None and pages.get(f"{n}x")]
    if len(have) < 2:
        return ["| tăng tuyến tính theo số trang / linear in pages | — | — |"]
    per_page = ", ".join(f"{sec(median(r.get(f'strict_{n}x'), True) / pages[f'{n}x'])}/trang ở {n}×" for n in have)
    rows = []
    for label, cost in (("cả bản dựng / whole build", lambda n: median(r.get(f"strict_{n}x"), True)),
                        ("lớp dữ liệu + macro / data + macros layer (strict − plain)",
                         lambda n: _diff(median(r.get(f"strict_{n}x"), True), median(r.get(f"plain_{n}x"), True)))):
        if any(cost(n) is None for n in have):
            continue
        marginal = [(a, b, (cost(b) - cost(a)) / (pages[f"{b}x"] - pages[f"{a}x"])) for a, b in zip(have, have[1:])]
        text = ", ".join(f"{a}→{b}×: {sec(m)}/trang" for a, b, m in marginal)
        if len(marginal) >= 2:
            growth = marginal[-1][2] / marginal[0][2] if marginal[0][2] > 0 else float("inf")
            verdict = ok(growth <= TARGET_LINEAR)
            text += f" (×{growth:.2f})"
        else:
            n1, n2 = have[0], have[-1]
            growth = (cost(n2) / cost(n1)) / (pages[f"{n2}x"] / pages[f"{n1}x"])
            verdict = ok(growth <= TARGET_LINEAR)
        if not rows:
            text += f"; CPU/trang / per page: {per_page}"
        rows.append(f"| tuyến tính / linear, {label}: chi phí biên mỗi trang không tăng quá {TARGET_LINEAR:.2f}× / "
                    f"marginal cost per page grows ≤ {TARGET_LINEAR:.2f}× | {text} | {verdict} |")
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
