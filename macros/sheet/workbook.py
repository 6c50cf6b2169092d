"""The figures workbook (openpyxl): written for the units that report figures, read back cell by cell.

Layout of every data sheet (one per data file, named after it): a frozen header row, columns
  A Khoá (locked) · B Tên số liệu · C Đơn vị · D Số liệu <P> · E Số liệu <Y> (to fill) · F Chỉ tiêu · G Ghi chú
  · H (hidden) the value E held at the export: the import takes only the cells a unit changed, and refuses one that
  data/ changed too since (a workbook sent to several units, an old export)
A sheet of targets (every row a plan figure, with `op`: plan.yml) says so in its titles: D "Chỉ tiêu <Y> (đặt năm
<P>)", E "Chỉ tiêu <Y+1> (kế hoạch)" — what year Y's plan holds is next year's targets, not year Y's figures —,
F the comparison (">= (ít nhất)"). The import reads values by column (A key, E value, H as exported), the header
row only to learn the year and to see that no column moved (sheet_year: either layout, so a workbook exported
before the plan titles still imports).
Only E and G can be typed into (the sheet is protected without a password: it prevents slips, not people); E has
the cell validation of its kind (whole number, percent 0–100, date, status list). The first sheet says how to fill.
The readers' download of the figures page is sheet/readers.py.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from ..data.model import STATUSES
from .cells import Merged, Percent, Uncomputed
from .rows import STATUS_KIND, Row, hint

GUIDE = "Hướng dẫn"
KEY, VALUE, NOTE, EXPORTED = 1, 5, 7, 8          # columns A, E, G, H
HEADERS = ("Khoá", "Tên số liệu", "Đơn vị", "Số liệu {prev}", "Số liệu {year}", "Chỉ tiêu", "Ghi chú")
PLAN_HEADERS = ("Khoá", "Tên chỉ tiêu", "Đơn vị", "Chỉ tiêu {year} (đặt năm {prev})", "Chỉ tiêu {next} (kế hoạch)",
                "So sánh", "Ghi chú")   # a sheet of next year's targets (plan.yml): its values are not year's figures
EXPORTED_HEADER = "Lúc xuất (không sửa)"
_BOLD, _FILL = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
_FORMATS = {"percent": "0.00##", "count": "#,##0", "money": "#,##0", "date": "DD/MM/YYYY"}
MAX_UNPACKED = 20 * 2 ** 20   # bytes of the xlsx's parts unpacked: an export is ~0.2 MB; a zip bomb is gigabytes
MAX_ROWS = 10_000             # rows read from one sheet: a data file has a few hundred values
MAX_SHEETS = 200              # sheets in a workbook: one per data file, a dozen (50000 took openpyxl 10 s)
_SHEET = re.compile(rb"<(?:\w+:)?sheet[\s/>]")
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')   # a format's quoted text, \x, [Red], _x, *x: shown as such


def headers(year: int, plan: bool = False) -> list[str]:
    """The titles of a data sheet of `year`'s workbook (plan: a sheet of next year's targets)."""
    return [h.format(prev=year - 1, year=year, next=year + 1) for h in (PLAN_HEADERS if plan else HEADERS)]


def plan_sheet(rows: list[Row]) -> bool:
    """True when every row of a sheet is a target for the next year (plan.yml)."""
    return bool(rows) and all(row.planned for row in rows)


def sheet_year(head) -> int | None:
    """The year a data sheet collects, from its header row (E 'Số liệu 2024', or on a sheet of targets 'Chỉ tiêu
    2025 (kế hoạch)'); None when the row is not the export's: a column inserted, deleted or moved shifts column E,
    whose values would be read from the wrong column."""
    texts = [str(v).strip() if v is not None else "" for v in head] + [""] * len(HEADERS)
    for number in map(int, re.findall(r"\d{4}", texts[VALUE - 1])):
        for year, plan in ((number, False), (number - 1, True)):
            names = PLAN_HEADERS if plan else HEADERS   # E and every title without a year as exported (D not read)
            if all(texts[i] == title for i, title in enumerate(headers(year, plan))
                   if i == VALUE - 1 or "{" not in names[i]):
                return year
    return None


def _validation(kind: str) -> DataValidation | None:
    common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "Giá trị không hợp lệ"}
    if kind in ("count", "money"):
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                              error="Ghi một số nguyên không âm, không dấu chấm hàng nghìn.", **common)
    if kind == "percent":
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                              error="Ghi tỷ lệ theo phần trăm, từ 0 đến 100: 79,85 cho 79,85% (không phải 0,7985).",
                              **common)
    if kind == "date":
        return DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)",
                              error="Ghi một ngày, gõ dạng năm-tháng-ngày, ví dụ 2024-11-30.", **common)
    if kind == STATUS_KIND:
        return DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"',
                              error="Chọn một tình trạng trong danh sách.", **common)
    return None


def _fit(ws, widths: list[int]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, width + 2))


def _cell_value(value):
    return value if value is None or isinstance(value, (int, float, str, dt.date)) else str(value)


def _shown(value) -> str:
    """A constant's value on the first sheet: a date as 21/06/1925."""
    return f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else str(value)


def export_workbook(rows: list[Row], year: int) -> Workbook:
    """The workbook to collect `year`'s figures: one protected sheet per data file, E to fill."""
    wb = Workbook()
    wb.properties.title = f"Số liệu {year}"
    guide = wb.active
    guide.title = GUIDE
    for line in (f"Bảng thu thập số liệu năm {year}",
                 f"Mỗi trang tính là một tệp dữ liệu data/{year}/<tên trang>.yml; mỗi dòng là một số liệu.",
                 f"Chỉ ghi vào cột E (Số liệu {year}) và cột G (Ghi chú). Không sửa cột Khoá, không đổi tên trang tính.",
                 "Không gộp ô (merge), không sắp xếp riêng một cột, không xoá cột H ẩn: lệnh nhập sẽ từ chối bảng tính.",
                 "Số gõ như số (không dấu chấm hàng nghìn); tỷ lệ theo phần trăm: 79,85 cho 79,85%.",
                 "Ngày gõ dạng năm-tháng-ngày, ví dụ 2024-11-30 (ô hiện 30/11/2024): máy nào cũng đọc đúng, còn "
                 "05/11/2024 thì máy đặt kiểu Mỹ đọc thành ngày 11 tháng 5.",
                 "Excel đặt số ở bên phải ô, chữ ở bên trái: một số nằm bên trái ô là chữ, lệnh nhập sẽ từ chối.",
                 "Ô để trống: chưa báo cáo. Nhập vào dữ liệu: python -m macros sheet import <tệp>.xlsx"):
        guide.append([line])
    given = [row for row in rows if row.given]
    if given:
        guide.append([f"Đã điền sẵn, không cần điền (không đổi theo năm; sai thì báo văn phòng sửa trong data/{year}/):"])
        for row in given:
            guide.append([f"  {row.label}: {_shown(row.value)} ({row.key})"])
    rows = [row for row in rows if not row.given]
    plans = sorted({row.sheet for row in rows} - {row.sheet for row in rows if not row.planned})
    if plans:
        guide.append([f"Trang tính {', '.join(plans)}: chỉ tiêu kế hoạch năm {year + 1} (cột E), không phải số liệu "
                      f"năm {year}; cột D là chỉ tiêu năm {year} đã đặt năm {year - 1}."])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100
    by_sheet: dict = {}
    for row in rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    for sheet, sheet_rows in by_sheet.items():
        ws = wb.create_sheet(sheet)
        ws.append(headers(year, plan_sheet(sheet_rows)) + [EXPORTED_HEADER])
        for cell in ws[1]:
            cell.font, cell.alignment = _BOLD, Alignment(vertical="center")
        validations = {}
        for r, row in enumerate(sheet_rows, 2):
            ws.append([row.key, row.label, row.unit, _cell_value(row.previous), _cell_value(row.value), row.target,
                       hint(row), _cell_value(row.value)])
            for cell in ws[r]:
                if cell.data_type == "f":    # openpyxl takes any text starting with '=' for a formula: data stays text
                    cell.data_type = "s"
            for col in (VALUE, NOTE):
                ws.cell(r, col).protection = Protection(locked=False)
            ws.cell(r, VALUE).fill = _FILL
            for col in (4, VALUE, EXPORTED):
                if row.kind in _FORMATS:
                    ws.cell(r, col).number_format = _FORMATS[row.kind]
            if row.kind == "month":
                ws.cell(r, VALUE).number_format = "@"   # text: Excel would turn 2024-10 into a date
            rule = validations.get(row.kind)
            if rule is None and _validation(row.kind) is not None:
                rule = validations[row.kind] = _validation(row.kind)
                ws.add_data_validation(rule)
            if rule is not None:
                rule.add(ws.cell(r, VALUE))
        ws.freeze_panes = "A2"
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = False   # widths may be changed
        _fit(ws, [max(len(str(c.value or "")) for c in col) for col in ws.iter_cols()])
        ws.column_dimensions["H"].hidden = True
    return wb


class TooLarge(ValueError):
    """A workbook far larger than any export (a zip bomb, a million rows): refused before it is read."""

    def __init__(self, vi: str, en: str):
        super().__init__(vi)
        self.vi, self.en = vi, en


def read_workbook(path: Path) -> dict:
    """{sheet title: [[cell values of columns A to H of a row] ...]} of every sheet (an empty row: []): the values
    Excel computed, never formulas; a formula without a computed value is an Uncomputed (refused on import, never
    taken for an empty cell); a cell of A, E or H merged into another one a Merged (its value is gone); a number in a
    percent-formatted cell a Percent (what the cell shows is 100 times what it stores). TooLarge when the file
    unpacks to more than MAX_UNPACKED bytes, has more than MAX_SHEETS sheets or a sheet has a row past MAX_ROWS:
    reading it would take minutes and gigabytes."""
    with zipfile.ZipFile(path) as z:      # the sizes the zip declares: reading never unpacks more than that
        unpacked = sum(info.file_size for info in z.infolist())
        if unpacked > MAX_UNPACKED:
            raise TooLarge(f"tệp giải nén ra {unpacked / 2 ** 20:.0f} MB, trong khi bảng tính do lệnh sheet export tạo "
                           f"chỉ khoảng 0,2 MB (giới hạn {MAX_UNPACKED // 2 ** 20} MB)",
                           f"it unpacks to {unpacked / 2 ** 20:.0f} MB (limit {MAX_UNPACKED // 2 ** 20} MB)")
        # the <sheet> entries of the workbook part, wherever it is (openpyxl takes seconds per 10000 of them)
        sheets = sum(len(_SHEET.findall(z.read(info))) for info in z.infolist() if info.filename.endswith(".xml"))
    if sheets > MAX_SHEETS:
        raise TooLarge(f"tệp có {sheets} trang tính, trong khi bảng tính số liệu chỉ có một trang mỗi tệp dữ liệu "
                       f"(giới hạn {MAX_SHEETS})", f"it has {sheets} sheets (limit {MAX_SHEETS})")
    tables = {}
    for data_only in (True, False):
        wb = load_workbook(path, data_only=data_only, read_only=True)
        try:
            for ws in wb.worksheets:
                # every row the file holds, whatever size its sheet claims (A1:G3 would hide row 4 on; A1:XFD1048576
                # is 16 billion cells): columns A to H only, an empty row kept as []
                ws.reset_dimensions()
                rows = ws.iter_rows(max_col=EXPORTED, max_row=MAX_ROWS + 1, values_only=not data_only)
                if data_only:
                    tables[ws.title] = [[_typed(c) for c in r] if any(c.value is not None for c in r) else []
                                        for r in rows]
                    if len(tables[ws.title]) > MAX_ROWS:   # a row past MAX_ROWS (openpyxl stops there)
                        raise TooLarge(f"trang tính '{ws.title}' có dòng sau dòng {MAX_ROWS}, trong khi mỗi trang "
                                       "tính số liệu chỉ vài trăm dòng", f"sheet '{ws.title}' has rows past row "
                                       f"{MAX_ROWS}")
                    _mark_merged(tables[ws.title], wb._archive.read(ws._worksheet_path))
                    continue
                table = tables[ws.title]
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        if isinstance(value, str) and value.startswith("="):
                            table[r] = table[r] or [None] * EXPORTED
                            if table[r][c] is None:
                                table[r][c] = Uncomputed(value)
        finally:
            wb.close()
    return tables


def _mark_merged(table: list, sheet_xml: bytes) -> None:
    """Every cell of columns A, E, H of a data row that a merged range took (all but the range's first cell) becomes
    a Merged: its value was dropped by the merge. openpyxl's read-only mode does not read <mergeCells>."""
    for ref in _MERGED.findall(sheet_xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        for c in (KEY, VALUE, EXPORTED):
            for r in range(max(min_row, 2), min(max_row, len(table)) + 1) if min_col <= c <= max_col else ():
                if (r, c) != (min_row, min_col):
                    table[r - 1] = (table[r - 1] or []) + [None] * (EXPORTED - len(table[r - 1] or []))
                    table[r - 1][c - 1] = Merged(ref.decode())


def percent_format(number_format: str) -> bool:
    """True when a number format multiplies by 100 ('0.00%'); a '%' written as text ('0.0"%"', '0\\%') does not:
    such a cell shows 0,8% for a stored 0.8."""
    return "%" in _LITERAL.sub("", number_format or "")


def _typed(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and percent_format(
            getattr(cell, "number_format", "")):
        return Percent(value)
    return value
