"""The readers' .xlsx beside each figures page, written by the build with the standard library (sheet/xlsx.py):
it reads back in openpyxl with every stated figure of the real data (read from the YAML, not through the code),
dates as dates, the header bold and frozen; and the modules the build uses to write it do not load openpyxl. Data
text stays inert text in every file that goes out: the readers' xlsx and CSV, the units' workbook."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.quick
ROOT = Path(__file__).resolve().parent.parent


def test_readers_xlsx_reads_back_with_every_stated_figure():
    from openpyxl import load_workbook

    from macros import data
    from macros.cache import DISABLED
    from macros.sheet.readers import reader_xlsx
    ds = data.load(ROOT, cache=DISABLED)
    year = min(ds.years)
    sheet = load_workbook(io.BytesIO(reader_xlsx(ds.years[year]))).active
    assert sheet.title == f"Số liệu {year}" and sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Khoá" and sheet["A1"].font.b and not sheet["A2"].font.b
    values = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    stated = {f"{p.stem}.{k}": v["value"] for p in (ROOT / f"data/{year}").glob("*.yml")
              for k, v in ((yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("figures") or {}).items()
              if isinstance(v, dict) and v.get("value") is not None}
    assert stated
    dates = 0
    for key, value in stated.items():
        if isinstance(value, dt.date):      # a date cell reads back as a datetime at midnight
            value, dates = dt.datetime.combine(value, dt.time()), dates + 1
        assert values[key] == value, key
    assert dates, "the real data has dates: the test must see one"


def test_the_build_writes_downloads_without_openpyxl():
    code = ("import sys, macros.site.downloads, macros.sheet.readers; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_any_text_comes_back_as_typed():
    """Data strings are inert text in the file too: markup characters, quotes, leading spaces, formulas' '='."""
    from openpyxl import load_workbook

    from macros.sheet.xlsx import table_xlsx
    texts = ['<b>đậm</b> & "x" \'y\'', "  hai dấu cách đầu", "=SUM(A1:A2)", "]]></t></is></c>", "Năm 2023"]
    sheet = load_workbook(io.BytesIO(table_xlsx("Số liệu <&>", [["Khoá"], *[[t] for t in texts]]))).active
    assert sheet.title == "Số liệu <&>"
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == texts
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, len(texts) + 2))   # text, never a formula


def test_text_in_the_units_workbook_stays_text(tmp_path):
    """A label (or any data text) starting with '=' goes out in the workbook to fill as text, never a live formula
    (=HYPERLINK, a DDE call), and comes back as the same text."""
    from openpyxl import load_workbook

    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook
    label = '=HYPERLINK("http://example.invalid","Bấm")'
    rows = [Row("telecom", "telecom.a", label, "=1+1", "count", None, "data/2024/telecom.yml", ("figures", "a",
                "value"), 3, 12, previous="=cmd|' /C calc'!A0", target="=SUM(A1:A2)")]
    export_workbook(rows, 2024).save(tmp_path / "w.xlsx")
    sheet = load_workbook(tmp_path / "w.xlsx")["telecom"]
    assert [c.value for c in sheet[2]][1:4] == [label, "=1+1", "=cmd|' /C calc'!A0"]
    assert sheet["F2"].value == "=SUM(A1:A2)"
    assert {c.data_type for c in sheet[2] if c.value is not None} == {"s"}


def test_the_readers_csv_never_holds_a_formula():
    """A CSV has no cell types: Excel runs a field starting with = + - @ as a formula. Such a text goes out behind an
    apostrophe (shown as typed, inert); numbers, negative ones too, stay numbers."""
    import csv
    from types import SimpleNamespace

    from macros.sheet.readers import reader_csv
    texts = ['=HYPERLINK("http://example.invalid","Bấm")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "Năm 2023"]
    figures = {f"t.k{i}": SimpleNamespace(key=f"t.k{i}", label=text, value=-5, unit="=1", derived=None,
                                          file="data/2024/t.yml") for i, text in enumerate(texts)}
    rows = list(csv.reader(io.StringIO(reader_csv(SimpleNamespace(figures=figures)).decode("utf-8-sig"))))[1:]
    assert [r[1] for r in rows] == ["'" + t for t in texts[:4]] + ["Năm 2023"]
    assert {r[2] for r in rows} == {"-5"} and {r[4] for r in rows} == {"'=1"}   # r[3]: Trạng thái


def test_the_readers_csv_holds_no_formula_where_the_list_separator_is_a_semicolon():
    """Excel opens a .csv with the list separator of Windows' regional settings: ';' wherever the decimal mark is a
    comma (Vietnamese among them). It then cuts this comma-separated file at each ';' and at each line break outside a
    field it reads as quoted: the text after a ';' or a line break inside a value starts a cell of its own, which Excel
    runs as a formula when it starts with = + - @. Read both ways (Python's csv module as that reader), no cell
    starts so, and the ',' reading shows the text as typed (an apostrophe aside)."""
    import csv
    from types import SimpleNamespace

    from macros.sheet.readers import reader_csv
    texts = ["Bưu cục;=HYPERLINK(A1)", 'Bưu cục;"=1+1', "dòng một\n=1+1", "a, b;@SUM(1)", "x;+cmd|' /C calc'!A0",
             "x;-2+3", "dòng một\r\n-2+3", "x;\t=1+1"]
    figures = {f"t.k{i}": SimpleNamespace(key=f"t.k{i}", label=text, value=5, unit="đơn vị;=1", derived=None,
                                          file="data/2024/t.yml") for i, text in enumerate(texts)}
    written = reader_csv(SimpleNamespace(figures=figures)).decode("utf-8-sig")
    for delimiter in (",", ";"):
        cells = [c for row in csv.reader(io.StringIO(written, newline=""), delimiter=delimiter) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], delimiter
    rows = list(csv.reader(io.StringIO(written, newline="")))[1:]
    assert [r[1].replace("'", "") for r in rows] == [t.replace("'", "") for t in texts]
