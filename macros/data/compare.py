"""Across years: a year's results against the targets the previous year's plan set, and the figures that keep
their key from one year to the next, side by side. Pure functions over a Dataset; nothing is typed.

A target is a figure of year P with `op` (plan.yml: value 90, op ">=", unit "%"); `next_year_key` names the figure
of year P+1 that measures it. Its status follows from the two values: đạt, chưa đạt, or chưa báo cáo while the result
is not reported (or the plan names no result).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal

from ..errors import DataError
from .model import STATUS_SLUG, UNREPORTED, Dataset, Figure

MET, NOT_MET = "đạt", "chưa đạt"
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}
OP_SHOWN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
COMPARABLE = ("count", "percent", "money")
UNREPORTED_TALLY = "." + STATUS_SLUG[UNREPORTED]


@dataclass
class TargetResult:
    target: Figure              # the previous year's plan figure (value, op, next_year_key)
    result: Figure | None       # this year's figure next_year_key names (None: the plan names none)
    status: str                 # đạt | chưa đạt | chưa báo cáo


def status_of(target: Figure, result: Figure | None) -> str:
    if result is None or result.value is None or target.value is None:
        return UNREPORTED
    return MET if OPS[target.op](result.value, target.value) else NOT_MET


def targets(ds: Dataset, year: int) -> list[TargetResult]:
    """Every target of year-1's plan (figures with `op`), beside year's result, in the plan's order."""
    prev, cur = ds.years.get(year - 1), ds.years.get(year)
    if prev is None or cur is None:
        return []
    out = []
    for fig in prev.figures.values():
        if fig.op:
            result = cur.figures.get(fig.next_year_key) if fig.next_year_key else None
            out.append(TargetResult(fig, result, status_of(fig, result)))
    return out


@dataclass
class Change:
    before: Figure              # year-1
    after: Figure               # year
    delta: Decimal | None       # after - before; None while either is not reported
    direction: str              # tăng | giảm | không đổi | chưa báo cáo


def changes(ds: Dataset, year: int) -> list[Change]:
    """The numeric figures of `year` whose key, unit and kind year-1 has too, in `year`'s file order."""
    prev, cur = ds.years.get(year - 1), ds.years.get(year)
    if prev is None or cur is None:
        return []
    out = []
    for key, after in cur.figures.items():
        before = prev.figures.get(key)
        if before is None or after.kind not in COMPARABLE or (before.kind, before.unit) != (after.kind, after.unit) \
                or key.endswith(UNREPORTED_TALLY):   # how many are not reported yet is bookkeeping, not a result
            continue
        if before.value is None or after.value is None:
            out.append(Change(before, after, None, UNREPORTED))
            continue
        delta = Decimal(str(after.value)) - Decimal(str(before.value))
        out.append(Change(before, after, delta, "tăng" if delta > 0 else "giảm" if delta < 0 else "không đổi"))
    return out


def check_plans(ds: Dataset) -> list[DataError]:
    """A plan's target must name a result the next year has, of the same unit (once that year exists)."""
    errors = []
    for year, data in sorted(ds.years.items()):
        nxt = ds.years.get(year + 1)
        if nxt is None:
            continue
        for fig in data.figures.values():
            if not fig.op:
                continue
            if not fig.next_year_key:
                errors.append(DataError(
                    fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.next_year_key",
                    f"Chỉ tiêu '{fig.key}' chưa ghi next_year_key: năm {year + 1} không đối chiếu được với nó.",
                    f"Target '{fig.key}' names no result (next_year_key) to measure {year + 1} against.",
                    f"Thêm next_year_key: khoá số liệu năm {year + 1} đo chỉ tiêu này, ví dụ party.admitted."))
                continue
            result = nxt.figures.get(fig.next_year_key)
            if result is None and not nxt.refused(fig.next_year_key):
                stem, _, name = fig.next_year_key.partition(".")
                errors.append(DataError(
                    fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.next_year_key",
                    f"Chỉ tiêu '{fig.key}' đối chiếu với số liệu '{fig.next_year_key}' của năm {year + 1}, nhưng năm "
                    f"{year + 1} không có số liệu này.",
                    f"Target '{fig.key}' is measured by '{fig.next_year_key}', which {year + 1} does not have.",
                    f"Thêm '{name}' vào data/{year + 1}/{stem}.yml (value: null nếu chưa có kết quả), hoặc sửa "
                    f"next_year_key."))
            elif result is not None and result.unit != fig.unit:
                errors.append(DataError(
                    fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.next_year_key",
                    f"Chỉ tiêu '{fig.key}' tính bằng '{fig.unit}' nhưng kết quả '{fig.next_year_key}' năm {year + 1} "
                    f"tính bằng '{result.unit}': không so sánh được.",
                    f"Target '{fig.key}' is in '{fig.unit}', its result in '{result.unit}'.",
                    "Dùng cùng một đơn vị cho chỉ tiêu và kết quả."))
    return errors


COMPARED_PAGE = "Kết quả so với chỉ tiêu"   # the system page setting each result beside last year's plan


def check_targets(ds: Dataset) -> list[DataError]:
    """A year's own target for a result (`target_of:`, party.admission_target: the year's resolution) and the target
    the previous year's plan set for the same result (next_year_key) are both shown in one report: while both are
    given and differ, the office says which holds — check does not choose. The same number, or an editorial decision
    on the year's figure (`decision:`, recorded why they differ), settles it."""
    errors = []
    for year, cur in sorted(ds.years.items()):
        prev = ds.years.get(year - 1)
        for fig in cur.figures.values():
            if not fig.target_of:
                continue
            name = fig.key.split(".", 1)[1]
            if fig.target_of not in cur.figures:
                if not cur.refused(fig.target_of):
                    errors.append(DataError(
                        fig.file, fig.line, None, f"figures.{name}.target_of",
                        f"target_of: '{fig.target_of}' không phải một số liệu năm {year}.",
                        f"target_of: '{fig.target_of}' is not a figure of {year}.",
                        "Ghi khoá của kết quả mà số này là chỉ tiêu: cùng tệp thì chỉ tên (admitted), tệp khác thì "
                        "tên_tệp.tên (party.admitted)."))
                continue
            if fig.decision or fig.value is None or prev is None:
                continue
            for plan in prev.figures.values():
                if not (plan.op and plan.next_year_key == fig.target_of and plan.value is not None
                        and plan.value != fig.value):
                    continue
                errors.append(DataError(
                    fig.file, fig.line, None, f"figures.{name}.value",
                    f"Báo cáo năm {year} có hai chỉ tiêu khác nhau cho cùng kết quả '{fig.target_of}' "
                    f"({cur.figures[fig.target_of].label}): '{fig.key}' = {fig.value} ({fig.file}:{fig.line}, ở trang "
                    f"có {{{{ fig(\"{fig.key}\") }}}}) và '{plan.key}' = {plan.value}, chỉ tiêu năm {year} mà kế hoạch "
                    f"năm {year - 1} đặt ({plan.file}:{plan.line}; trang '{COMPARED_PAGE}' năm {year} so kết quả với "
                    "số này). Người đọc sẽ thấy hai chỉ tiêu.",
                    f"The {year} report states two different targets for '{fig.target_of}': '{fig.key}' = "
                    f"{fig.value} ({fig.file}:{fig.line}) and '{plan.key}' = {plan.value}, set by the {year - 1} plan "
                    f"({plan.file}:{plan.line}; the page '{COMPARED_PAGE}' compares the result with it).",
                    f"Hỏi văn phòng, Ban Thường vụ chỉ tiêu nào đúng (máy không chọn thay). Nếu vẫn là {plan.value}: "
                    f"sửa value của '{name}' ({fig.file}:{fig.line}) thành {plan.value}. Nếu nghị quyết năm {year} đã "
                    f"đặt chỉ tiêu khác kế hoạch năm {year - 1}: ghi điều đó thành một ghi chú biên tập trong "
                    f"data/{year}/decisions.yml và thêm 'decision: <khoá ghi chú>' vào '{name}' ({fig.file}:"
                    f"{fig.line})."))
    return errors
