"""Across years, as pages: a year's results against the previous year's plan (with a computed status), the
figures two years share side by side (change, direction), their charts, and the home page's note on the other
years. data.compare decides; this module lays out (templates in templates/), every data string escaped."""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from .. import formats
from ..data import STATUS_SLUG, UNREPORTED
from ..data.compare import MET, NOT_MET, OP_SHOWN
from . import charts
from .document import unrevised_counts, unwritten_count
from .figures import figure, placeholder
from .markup import render, text

STATUS_ORDER = (MET, NOT_MET, UNREPORTED)
DIRECTIONS = {"tăng": "tang", "giảm": "giam", "không đổi": "khong_doi", UNREPORTED: "chua_bao_cao"}   # -> CSS class


def _status(status: str) -> Markup:
    return render("status.html", slug=STATUS_SLUG[status], status=status, proposal="")   # a plan target: no decision


def count_line(counts: Counter, order, total_word: str) -> Markup:
    """'11 chỉ tiêu: 3 đạt, 1 chưa đạt, 7 chưa báo cáo' (only the words that occur)."""
    parts = [f"{counts[w]} {w}" for w in order if counts[w]]
    return text(f"{sum(counts.values())} {total_word}: " + ", ".join(parts) if parts else f"0 {total_word}")


# --------------------------------------------------------------------------- plan against results

def target_cell(target) -> Markup:
    return text(OP_SHOWN[target.op] + " ") + figure(target)


def targets_table(results, year: int) -> Markup:
    rows = [{"key": r.target.key, "label": r.target.label, "target": target_cell(r.target),
             "result": figure(r.result) if r.result is not None else placeholder(
                 "[chưa có số liệu đối chiếu]", title=f"Thêm next_year_key cho {r.target.key} trong {r.target.file}"),
             "result_key": r.result.key if r.result is not None else "", "status": _status(r.status)}
            for r in results]
    return render("targets_table.html", rows=rows, year=year)


def targets_chart(results, year: int):
    """The targets in % with their result in %, as bars (the result solid, the target in outline)."""
    chosen = [r for r in results if r.result is not None and r.target.unit == "%" == r.result.unit]
    if not chosen:
        return None
    return charts.Chart(
        id="ket-qua-chi-tieu", title=f"Kết quả năm {year} so với chỉ tiêu đề ra cho năm {year}",
        desc=f"Kết quả năm {year} và chỉ tiêu đề ra: " + "; ".join(
            f"{r.target.label}: kết quả {charts.label(r.result)}, chỉ tiêu {OP_SHOWN[r.target.op]} "
            f"{charts.label(r.target)}" for r in chosen) + ".",
        categories=[r.target.label for r in chosen],
        series=[charts.Series(f"Kết quả năm {year}", [r.result for r in chosen]),
                charts.Series("Chỉ tiêu đề ra", [r.target for r in chosen], outline=True)],
        table_head=["Chỉ tiêu", f"Kết quả năm {year}", "Chỉ tiêu đề ra", "Tình trạng"],
        table_rows=[[text(r.target.label), figure(r.result), target_cell(r.target), _status(r.status)] for r in chosen])


def chart_html(chart, year: int, name: str, draw=charts.svg) -> Markup:
    """draw(chart) -> its SVG (charts.cached_svg in a build)."""
    if chart is None or not charts.has_bars(chart):
        return charts.empty_html(name, year, unreported=True)
    return charts.figure_html(chart, draw(chart))


def plan_results(results, year: int, page_link: str | None = None, brief: bool = False, draw=charts.svg) -> Markup:
    """The full page (summary, chart, every target) or, brief, the dashboard's section (summary, chart, link)."""
    if not results:
        return render("plan_results.md", year=year, results=None, brief=brief)
    counts = Counter(r.status for r in results)
    return render("plan_results.md", year=year, results=True, brief=brief, page_link=page_link,
                  summary=count_line(counts, STATUS_ORDER, "chỉ tiêu"), met=counts[MET], total=len(results),
                  chart=chart_html(targets_chart(results, year), year, "ket-qua-chi-tieu", draw),
                  table="" if brief else targets_table(results, year))


# --------------------------------------------------------------------------- years side by side

def change_rows(changes) -> list:
    return [{"key": c.after.key, "label": c.after.label, "before": figure(c.before), "after": figure(c.after),
             "change": "—" if c.delta is None else formats.change(c.delta, c.after.kind, c.after.decimals),
             "direction": c.direction, "slug": DIRECTIONS[c.direction]}
            for c in changes]


def changes_chart(changes, year: int, headline: set):
    """The headline figures in % (the cover's cards, the plan's results) reported both years, year against year."""
    chosen = [c for c in changes if c.after.kind == "percent" and c.after.key in headline]
    if not chosen:
        return None
    return charts.Chart(
        id="so-sanh-nam", title=f"Năm {year - 1} và năm {year}: một số tỷ lệ chính",
        desc="; ".join(f"{c.after.label}: năm {year - 1} {charts.label(c.before)}, năm {year} {charts.label(c.after)}"
                       for c in chosen) + ".",
        categories=[c.after.label for c in chosen],
        series=[charts.Series(f"Năm {year}", [c.after for c in chosen]),
                charts.Series(f"Năm {year - 1}", [c.before for c in chosen], outline=True)],
        table_head=["Số liệu", f"Năm {year - 1}", f"Năm {year}", "Thay đổi"],
        table_rows=[[text(r["label"]), r["before"], r["after"], text(r["change"])] for r in change_rows(chosen)])


def year_comparison(changes, year: int, headline: set, page_link: str | None = None, brief: bool = False,
                    draw=charts.svg) -> Markup:
    if not changes:
        return render("year_comparison.md", year=year, changes=None, brief=brief)
    counts = Counter(c.direction for c in changes)
    return render("year_comparison.md", year=year, changes=True, brief=brief, page_link=page_link,
                  summary=count_line(counts, DIRECTIONS, "số liệu có ở cả hai năm"),
                  chart=chart_html(changes_chart(changes, year, headline), year, "so-sanh-nam", draw),
                  table="" if brief else render("changes_table.html", rows=change_rows(changes), year=year))


# --------------------------------------------------------------------------- the home page

def other_years(ds, shown: int, href) -> Markup:
    """'Các năm khác: Báo cáo năm 2024 (bản dự thảo, còn 150 số liệu chưa báo cáo; còn 31 phần chưa soạn, trên 24
    trang)' — what keeps a year from being the one presented; href(year) -> link or None."""
    years = [{"year": y, "href": href(y), "left": left_to_write(ds.years[y])}
             for y in sorted(ds.years, reverse=True) if y != shown and href(y)]
    return render("other_years.html", years=years) if years else Markup("")


def left_to_write(year) -> list[str]:
    """What the editors still have to fill in or write before the year is complete (data.Year.is_complete)."""
    pending = len(year.unreported())
    return (([f"còn {pending} số liệu chưa báo cáo"] if pending else []) + unrevised_counts(year)
            + ([unwritten_count(year)] if year.unwritten else []))
