"""The readers' download beside each year's figures page: every figure of the year (derived ones computed) as
.xlsx (sheet/xlsx.py, no openpyxl) and as CSV in UTF-8 with BOM. Written by the build (site/downloads.py)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..html.proposals import pending as pending_decision
from .xlsx import table_xlsx

READER_HEADERS = ("Khoá", "Tên số liệu", "Giá trị", "Trạng thái", "Đơn vị", "Cách có số liệu", "Tệp dữ liệu")
HOW = {None: "ghi trong báo cáo", "sum": "tổng", "ratio": "tỷ lệ", "items": "đếm", "tally": "đếm chỉ tiêu",
       "years_between": "số năm giữa hai ngày"}
PROPOSED = "Đề nghị, chờ Ban Thường vụ duyệt"   # the page's "[đề nghị sửa, chờ Ban Thường vụ duyệt]" (html/proposals.py)


def reader_rows(year) -> list[list]:
    """Every figure of a Year (derived ones computed), for readers: value None is "chưa báo cáo"; beside the value,
    whether an editorial decision not approved yet proposes it."""
    decisions = getattr(year, "decisions", {})
    return [[f.key, f.label, "chưa báo cáo" if f.value is None else f.value, state(f, decisions), f.unit,
             HOW.get(f.derived, f.derived), f.file] for f in year.figures.values()]


def state(fig, decisions: dict) -> str:
    """The 'Trạng thái' cell, as the figures page says it: a count a pending decision sets (an indicator's
    `status_decision:`, marked "[đề nghị]" on the page) is that decision's proposal; a value under a pending decision
    of its own (`decision:`, the page's "Chưa duyệt") is not approved yet; approved ones say so; else empty."""
    def named(keys):
        return "; ".join(decisions[k].get("title") or k for k in keys)

    def pending(keys):
        return [k for k in keys if pending_decision(decisions, k)]

    counts, own = getattr(fig, "proposed_by", ()), getattr(fig, "decision", None)
    keys = [k for k in dict.fromkeys((own, *counts)) if k and k in decisions]
    if pending(counts):
        return f"{PROPOSED} (ghi chú biên tập: {named(pending(counts))})"
    if pending(keys):
        return f"Chưa duyệt (ghi chú biên tập: {named(pending(keys))})"
    return f"Đã duyệt (ghi chú biên tập: {named(keys)})" if keys else ""


def _cell_value(value):
    return value if value is None or isinstance(value, (int, float, str, dt.date)) else str(value)


def reader_xlsx(year) -> bytes:
    rows = [list(READER_HEADERS)] + [[_cell_value(v) for v in row] for row in reader_rows(year)]
    return table_xlsx(f"Số liệu {year.year}", rows)


# Where a cell starts: the value's start, and — for an Excel whose list separator is ';' (Windows' regional setting
# wherever the decimal mark is a comma, Vietnamese among them), which cuts this file at each ';' and at a line break
# outside quotes — after a ';' or a line break inside a value (quotes before the sign count for nothing).
_FORMULA_START = re.compile(r"""^(?=[=+\-@\t\r])|(?<=[;\r\n])(?="*[=+\-@\t\r])""")


def _csv_value(value):
    """A date as 2024-11-30; a text Excel would run as a formula (=, +, -, @ first) behind an apostrophe, as inert
    text: a CSV has no cell types, and Excel opening it runs =HYPERLINK(...) or +cmd|... typed in a label. The
    same wherever such a text would start a cell for an Excel that separates with ';' ('Bưu cục;=HYPERLINK(…)')."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _FORMULA_START.sub("'", value)
    return value


def reader_csv(year) -> bytes:
    """UTF-8 with BOM, so Excel shows Vietnamese; numbers with a decimal point, dates 2024-11-30."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(READER_HEADERS)
    writer.writerows([_csv_value(v) for v in row] for row in reader_rows(year))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
