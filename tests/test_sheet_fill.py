"""Quick tier, no build: a spreadsheet cell into the YAML text a person meant, in place (macros/sheet/fill.py); the
workbook read back as the cells show (sheet/workbook.py); what the import takes or refuses (commands/sheet.py) on
small fixture workbooks and projects."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from macros.sheet.fill import replace_value, same, scalar
from macros.sheet.cells import Percent

TEXT = ("figures:\n"
        "  a:\n"
        "    label: A   # nhãn\n"
        "    value: null   # chưa báo cáo; năm 2023: 31\n"
        "  b:\n"
        "    value: \"2023-10\"   # tháng\n")


def small_project(root: Path, figures: str) -> Path:
    """data/2024 with one figures file t.yml (`figures` is its figures: block, indented) and no rules: a workbook of
    it, exported, to fill."""
    import shutil

    from macros import data
    from macros.cache import DISABLED
    from macros.sheet.rows import year_rows
    from macros.sheet.workbook import export_workbook
    shutil.copytree(Path(__file__).resolve().parent.parent / "data/schemas", root / "data/schemas")
    (root / "data/2024").mkdir()
    (root / "data/2024/rules.yml").write_text(
        "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n", encoding="utf-8")
    (root / "data/2024/t.yml").write_text(
        "# yaml-language-server: $schema=../schemas/figures.schema.json\ntitle: T\nfigures:\n" + figures,
        encoding="utf-8")
    return export_workbook(year_rows(root, data.load(root, cache=DISABLED), 2024), 2024)


def test_a_cell_becomes_the_scalar_a_person_meant():
    assert scalar(None, "count") == "null" and scalar("  ", "count") == "null"
    assert scalar(32, "count") == "32" and scalar(32.0, "count") == "32"
    assert yaml.safe_load(scalar(81.2, "percent")) == 81.2
    assert scalar(Percent(1), "percent") == "100"                  # Excel stores 100% as 1
    assert yaml.safe_load(scalar(Percent(0.6626), "percent")) == 66.26
    assert yaml.safe_load(scalar(Percent(0.5), "count")) == "50%"   # text: the loader refuses it
    assert yaml.safe_load(scalar(dt.datetime(2024, 11, 30), "date")) == dt.date(2024, 11, 30)
    assert yaml.safe_load(scalar(dt.datetime(2024, 10, 1), "month")) == "2024-10"
    assert yaml.safe_load(scalar("79,85", "percent")) == "79,85"    # text stays text
    assert yaml.safe_load(scalar("yes", "count")) == "yes"          # never a YAML boolean
    assert yaml.safe_load(scalar(True, "count")) is True
    assert yaml.safe_load(scalar("kho\u0301 đa\u0323t ", "status")) == "khó đạt"   # decomposed accents: composed


def test_same_value_means_same_type():
    assert same("90", 90) and same("90.0", 90.0) and not same("90", 90.0) and not same("true", 1)
    assert same("null", None) and same('"2023-10"', "2023-10") and not same("2023-10-01", "2023-10")


def test_only_the_value_changes_on_its_line():
    out = replace_value(TEXT, 4, 12, "32")
    assert out == TEXT.replace("value: null   # chưa báo cáo; năm 2023: 31", "value: 32   # năm 2023: 31")
    out = replace_value(TEXT, 6, 12, '"2024-10"')
    assert out == TEXT.replace('"2023-10"   # tháng', '"2024-10"   # tháng')
    assert replace_value(TEXT, 4, 12, "null") == TEXT


def test_a_value_given_loses_a_note_that_says_only_not_reported():
    """new-year writes a result the plan compares with as `value: null   # chưa báo cáo` (no last year's value): once
    a unit gives the value, the line must not go on saying "not reported" (party.members_studying_share, 2024)."""
    text = "  s:   # kết quả\n    value: null   # chưa báo cáo\n    unit: \"%\"\n"
    assert replace_value(text, 2, 12, "100") == text.replace("null   # chưa báo cáo", "100")
    assert replace_value(text, 2, 12, "null") == text



def test_a_percent_sign_written_as_text_in_the_format_is_not_a_percent_format(tmp_path):
    """Excel's '0.00%' shows 0.8 as 80%; '0.0"%"' and '0.0\\%' show 0.8 as 0,8% (the sign is text): the number is
    what the cell shows, so 0.8 there must stay 0.8, never become 80."""
    from openpyxl import Workbook

    from macros.sheet.workbook import read_workbook
    wb = Workbook()
    formats = ["0.00%", '0.0"%"', "0.00\\%", "General", "[Red]0%", '0.0" %";[Red]-0.0" %"']
    for r, number_format in enumerate(formats, 1):
        wb.active.cell(r, 1, 0.8).number_format = number_format
    wb.save(tmp_path / "f.xlsx")
    cells = [row[0] for row in read_workbook(tmp_path / "f.xlsx")[wb.active.title]]
    assert [scalar(c, "percent") for c in cells] == ["80", "0.8", "0.8", "0.8", "80", "0.8"]


def test_every_row_is_read_whatever_size_the_sheet_claims(tmp_path):
    """A sheet's <dimension> is the writer's claim: A1:XFD3 here, with a row 5000 beyond it. Every row the file holds
    is read (openpyxl stopped at the claimed row 3: later values were skipped), only columns A to H (a 30 KB file
    claiming A1:XFD1048576 is 16 billion cells), an empty row as [] so row numbers stay right, and a formula alone on
    its row is still seen."""
    import re
    import zipfile

    from openpyxl import Workbook

    from macros.sheet.cells import Uncomputed
    from macros.sheet.workbook import read_workbook
    wb = Workbook()
    wb.active.title = "t"
    wb.active["A1"], wb.active["E3"], wb.active["Z2"] = "Khoá", "=1+1", 5
    wb.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD3"/>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '<row r="5000"><c r="A5000" t="inlineStr"><is><t>z</t></is></c></row></sheetData>').encode()
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    table = read_workbook(tmp_path / "b.xlsx")["t"]
    assert len(table) == 5000 and max(len(row) for row in table) == 8
    assert table[1] == [] and table[2000] == [] and table[4999][0] == "z"
    assert isinstance(table[2][4], Uncomputed)


def test_only_the_cells_a_unit_changed_are_taken_and_a_clash_with_data_is_refused(tmp_path):
    """One workbook sent to several units, or an old export: a cell left as exported never overwrites what data/
    holds now (a value another unit's import or the office wrote since); a cell changed where data/ changed too since
    the export is refused, naming both; a cell cleared on purpose clears the value."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook

    def row(name, value):
        return Row("t", f"t.{name}", name, "bưu cục", "count", value, "data/2024/t.yml", ("figures", name, "value"),
                   3, 12)

    exported = {"a": None, "b": None, "c": None, "d": 7, "e": 5, "f": None, "g": 90.0}
    now = {"a": 141, "b": 129, "c": None, "d": 8, "e": 5, "f": 12, "g": 90.0}     # data/ after the export
    typed = {"a": 140, "b": 129, "c": 30, "e": None, "g": 95}                   # what the unit typed; d, f untouched
    wb = export_workbook([row(k, v) for k, v in exported.items()], 2024)
    for r in range(2, 9):
        name = wb["t"].cell(r, 2).value
        if name in typed:
            wb["t"].cell(r, 5).value = typed[name]
    wb.save(tmp_path / "w.xlsx")
    rows = [row(k, v) for k, v in now.items()]
    cells, refs, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert cells == {"t.b": 129, "t.c": 30, "t.e": None, "t.g": 95}      # 90.0 is read back as 90: the same value
    assert [(e.file, e.key) for e in errors] == [("w.xlsx t!E2", "t.a")]
    assert "140" in errors[0].vi and "141" in errors[0].vi


def test_a_data_file_with_a_long_name_comes_back_from_its_sheet(tmp_path):
    """Excel's sheet names stop at 31 characters: the export cuts the name, and the import finds its rows there."""
    from types import SimpleNamespace

    from macros.commands.sheet import _cells
    from macros.sheet.rows import year_rows
    from macros.sheet.workbook import export_workbook, read_workbook
    stem = "so_lieu_cua_trung_tam_thong_tin_va_truyen_thong"
    (tmp_path / "data/2024").mkdir(parents=True)
    (tmp_path / f"data/2024/{stem}.yml").write_text(
        "title: T\nfigures:\n  x:\n    label: X\n    value: null\n    unit: bưu cục\n", encoding="utf-8")
    rows = year_rows(tmp_path, SimpleNamespace(years={}), 2024)
    wb = export_workbook(rows, 2024)
    assert wb.sheetnames[1] == stem[:31]
    wb[stem[:31]]["E2"] = 5
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert errors == [] and cells == {f"{stem}.x": 5}


def test_a_missing_or_sealed_file_is_refused_saying_what_to_do(tmp_path, capsys):
    """A mistyped name is not 'a damaged workbook' (and no English system message); an old .xls or a workbook with
    an opening password (both an Office container, not a zip) says so."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "so-lieu.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert "Không có tệp" in said and "so-lieu.xlsx" in said and "No such file or directory" not in said
    (tmp_path / "khoa.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "khoa.xlsx", year=None)) == 1
    assert "mật khẩu" in capsys.readouterr().err


def test_a_column_inserted_before_the_values_is_refused_not_read_as_another_year(tmp_path, capsys):
    """A unit inserts a column before D: E now holds last year's values under 'Số liệu 2023', the typed value sits in
    F. The import took the workbook for 2023's, found nothing new and said 'imported 0 values'; the header row must
    be the export's, so it says the header was changed and writes nothing."""
    import shutil
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from macros import data
    from macros.cache import DISABLED
    from macros.commands.sheet import import_
    from macros.sheet.rows import year_rows
    from macros.sheet.workbook import export_workbook
    shutil.copytree(Path(__file__).resolve().parent.parent / "data/schemas", tmp_path / "data/schemas")
    for year, value in ((2023, 140), (2024, "null")):
        (tmp_path / f"data/{year}").mkdir()
        (tmp_path / f"data/{year}/rules.yml").write_text(
            "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n", encoding="utf-8")
        (tmp_path / f"data/{year}/t.yml").write_text(
            "# yaml-language-server: $schema=../schemas/figures.schema.json\ntitle: T\nfigures:\n  x:\n    label: X\n"
            f"    value: {value}\n    unit: bưu cục\n", encoding="utf-8")
    ds = data.load(tmp_path, cache=DISABLED)
    assert ds.errors == []
    export_workbook(year_rows(tmp_path, ds, 2024), 2024).save(tmp_path / "w.xlsx")
    wb = load_workbook(tmp_path / "w.xlsx")
    wb["t"].insert_cols(3)
    wb["t"]["C1"], wb["t"]["F2"] = "Đơn vị báo cáo", 141
    wb.save(tmp_path / "w.xlsx")
    before = (tmp_path / "data/2024/t.yml").read_bytes()
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    assert "dòng tiêu đề" in capsys.readouterr().err
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=2024)) == 1
    assert "t!A1" in capsys.readouterr().err
    assert (tmp_path / "data/2024/t.yml").read_bytes() == before


def test_a_number_is_taken_as_excel_shows_it_and_one_beyond_its_digits_is_refused(tmp_path):
    """Excel holds and shows 15 significant digits. A formula's 0.1+0.2 is 0.30000000000000004 in the file and 0,3 on
    screen: 0.3 is written. A tiny rate is digits, never 1e-05 (YAML reads that as text). A number of 16 digits or
    more (1E+30, a count typed with extra zeros) lost its last digits in Excel: written as 10000000000000000198... it
    was a number nobody typed; it is refused at its cell."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook
    assert scalar(0.1 + 0.2, "percent") == "0.3" and scalar(97.30000000000001, "percent") == "97.3"
    assert yaml.safe_load(scalar(1e-05, "percent")) == 1e-05
    assert scalar(Percent(0.1 + 0.2), "percent") == "30"
    rows = [Row("t", f"t.{n}", n, "bưu cục", "count", None, "data/2024/t.yml", ("figures", n, "value"), 3, 12)
            for n in "abcd"]
    wb = export_workbook(rows, 2024)
    for r, value in enumerate((1e30, 10 ** 16, 999_999_999_999_999, 41), 2):
        wb["t"].cell(r, 5).value = value
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert [(e.file, e.key) for e in errors] == [("w.xlsx t!E2", "t.a"), ("w.xlsx t!E3", "t.b")]
    assert "15" in errors[0].vi and "data/2024/t.yml" in errors[0].fix
    assert cells == {"t.c": 999_999_999_999_999, "t.d": 41}


def test_a_zip_bomb_or_a_far_row_is_refused_at_once_not_read_for_minutes(tmp_path, capsys):
    """A 1 MB xlsx that unpacks to a gigabyte (whitespace in the sheet XML) took 11 s and 1.1 GB of memory; a 1 KB
    one with a cell at row 1048576 made a million empty rows per sheet; a million real rows took minutes; 50000
    sheets (a 0.3 MB file) took 10 s to open. Each is refused with the file named and what to do, before the import reads a
    cell."""
    import time
    import zipfile
    from types import SimpleNamespace

    from openpyxl import Workbook

    from macros.commands.sheet import import_
    wb = Workbook()
    wb.active.title, wb.active["A1"], wb.active["E2"] = "t", "Khoá", 5
    wb.save(tmp_path / "w.xlsx")
    with zipfile.ZipFile(tmp_path / "w.xlsx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    for name, part, why in (
            ("bomb", sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (21 * 2 ** 20)), "giải nén ra 21 MB"),
            ("far", sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="E1048576"><v>7</v></c></row></sheetData>'),
             "trang tính 't' có dòng sau dòng"),
            ("sheets", sheet, "tệp có 50001 trang tính")):
        with zipfile.ZipFile(tmp_path / f"{name}.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
            for part_name, data in parts.items():
                if name == "sheets" and part_name == "xl/workbook.xml":   # 50000 more sheets, each the same part
                    data = data.replace(b"</sheets>", b"".join(
                        b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                        b'name="s%d" sheetId="%d" r:id="rId1"/>' % (i, i + 1) for i in range(1, 50_001))
                        + b"</sheets>")
                z.writestr(part_name, part if part_name == "xl/worksheets/sheet1.xml" else data)
        start = time.process_time()   # this process's CPU: other work on the machine does not count
        assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / f"{name}.xlsx", year=None)) == 1
        said = capsys.readouterr().err
        assert time.process_time() - start < 0.5, name
        assert f"{name}.xlsx" in said and why in said and "sheet export" in said, said


def test_a_cell_merged_into_another_is_refused_not_taken_for_a_value_cleared(tmp_path):
    """Merging E2:E3 keeps E2's value and empties E3 (Excel warns, the unit clicks OK): the import took E3 for a
    value the unit cleared and wrote 37 → null. A cell of A, E or H that a merge took is refused, naming the range;
    a range that starts at the value's cell (E5:F5) loses nothing of column E and is taken. A key typed over with a
    formula (protection removed) is refused as such, not as the key "<...Uncomputed object at 0x…>"."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook
    values = {"a": 3, "b": 37, "c": 5, "d": 8, "e": 1}
    rows = [Row("t", f"t.{n}", n, "bưu cục", "count", v, "data/2024/t.yml", ("figures", n, "value"), 3, 12)
            for n, v in values.items()]
    wb = export_workbook(rows, 2024)
    wb["t"].protection.sheet = False
    wb["t"]["E4"], wb["t"]["E5"], wb["t"]["A6"] = 6, 9, "=B6"
    for ref in ("E2:E3", "D4:E4", "E5:F5"):
        wb["t"].merge_cells(ref)
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert [(e.file, e.key) for e in errors] == [("w.xlsx t!E3", "t.b"), ("w.xlsx t!E4", "t.c"), ("w.xlsx t!A6", "")]
    assert "E2:E3" in errors[0].vi and "D4:E4" in errors[1].vi and "=B6" in errors[2].vi
    assert cells == {"t.d": 9}


def test_a_workbook_saved_as_ods_or_csv_says_how_to_save_it_again(tmp_path, capsys):
    """'Not an .xlsx or damaged: save it as .xlsx' sent a CSV's unit to save the CSV as .xlsx: one sheet named after
    the file, no hidden column H, refused again. A CSV is told to fill the .xlsx itself; an .ods how to save as
    .xlsx."""
    import zipfile
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    with zipfile.ZipFile(tmp_path / "so-lieu.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    (tmp_path / "so-lieu.csv").write_text("Khoá,Tên số liệu\nparty.members,Đảng viên\n", encoding="utf-8-sig")
    for name, said in (("so-lieu.ods", "OpenDocument (.ods)"), ("so-lieu.csv", "chính tệp .xlsx")):
        assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / name, year=None)) == 1
        err = capsys.readouterr().err
        assert name in err and said in err, err


def test_a_sheet_whose_hidden_column_h_was_deleted_is_refused_not_taken_whole(tmp_path):
    """Column H (hidden) holds what E held at the export. A unit unhid and deleted it: every cell was then taken, so
    a blank E wrote 'chưa báo cáo' over 141 that another unit's workbook had brought into data/ since. Refused at H1,
    saying to export again; a retitled H is the same."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook
    exported = [Row("t", "t.a", "a", "bưu cục", "count", None, "data/2024/t.yml", ("figures", "a", "value"), 3, 12)]
    now = [Row("t", "t.a", "a", "bưu cục", "count", 141, "data/2024/t.yml", ("figures", "a", "value"), 3, 12)]
    for change in ("delete", "retitle"):
        wb = export_workbook(exported, 2024)
        if change == "delete":
            wb["t"].delete_cols(8)
        else:
            wb["t"]["H1"] = "Ghi chú thêm"
        wb.save(tmp_path / "w.xlsx")
        cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), now, 2024, "w.xlsx")
        assert cells == {} and [e.file for e in errors] == ["w.xlsx t!H1"], change


def test_keys_swapped_or_sorted_alone_are_refused_not_filled_into_another_figure(tmp_path):
    """Protection off, column A sorted alone (or two keys typed over each other): every key still exists once, so the
    value the unit typed on the row of 'Chi bộ' went into the figure 'Đảng viên' without a word. A changed row whose
    key does not go with its name (column B, as exported) is refused; a row left as exported is not judged."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook
    rows = [Row("t", f"t.{n}", label, "chi bộ", "count", None, "data/2024/t.yml", ("figures", n, "value"), 3, 12)
            for n, label in (("a", "Chi bộ"), ("b", "Đảng viên"), ("c", "Tổ chức cơ sở"))]
    wb = export_workbook(rows, 2024)
    wb["t"].protection.sheet = False
    wb["t"]["A2"], wb["t"]["A3"] = "t.b", "t.a"      # swapped: E2 (typed for 'Chi bộ') now under key t.b
    wb["t"]["E2"], wb["t"]["E4"] = 3, 7
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert [(e.file, e.key) for e in errors] == [("w.xlsx t!B2", "t.b")]
    assert "Đảng viên" in errors[0].vi and "Chi bộ" in errors[0].vi
    assert cells == {"t.c": 7}
    wb["t"]["B4"], wb["t"]["E4"] = "=C4", 8   # a formula saved without its result: said as typed
    wb.save(tmp_path / "w.xlsx")
    _, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    said = " ".join(e.vi for e in errors)
    assert "=C4" in said and " object at " not in said, said
    from macros.sheet.cells import Uncomputed
    assert yaml.safe_load(scalar(Uncomputed("=D4"), "count")) == "=D4"   # in H: the text, in a clash's message


def test_a_number_held_as_text_is_told_how_to_make_it_a_number(tmp_path, capsys):
    """'41' in a cell formatted as Text (or pasted from elsewhere) is refused, as the guide says; the loader's advice
    was about YAML ('the number is in quotes: remove them'), and a cell has no quotes. It says how to turn the cell
    into a number in Excel. A date typed as text is not told to write it year-month-day (YAML's way), as typed. '-'
    or 'chưa có' is told to leave the cell blank (not reported yet) or write 0 (none)."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = small_project(tmp_path, "  x:\n    label: X\n    value: null\n    unit: bưu cục\n  d:\n    label: D\n"
                                 "    value: null\n    unit: ngày\n")
    wb["t"]["E2"], wb["t"]["E3"] = " 41\u00a0", "2024-03-12"
    wb.save(tmp_path / "w.xlsx")
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    number, date = capsys.readouterr().err.splitlines()[1:3]
    for nothing in ("-", "chưa có"):     # no number yet, or none at all: which one is for the unit to say
        wb["t"]["E2"] = nothing
        wb.save(tmp_path / "w.xlsx")
        assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
        said = capsys.readouterr().err
        assert "để trống ô" in said and "ghi 0" in said, said
    assert "w.xlsx t!E2 [khoá/key: t.x]" in number and "Convert to Number" in number, number
    assert "ngoặc" not in number, number
    # a date typed as text: not told to write it year-month-day, as the unit just did
    assert "w.xlsx t!E3 [khoá/key: t.d]" in date and "năm-tháng-ngày" not in date and "gõ lại thành ngày" in date


def test_a_page_of_text_in_a_cell_is_quoted_shortened(tmp_path, capsys):
    """A cell of 32,767 characters (Excel's most) typed where a number goes was quoted whole, twice: 65 KB of
    message for one cell. It is quoted by its start and its length."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = small_project(tmp_path, "  x:\n    label: X\n    value: null\n    unit: bưu cục\n")
    wb["t"]["E2"] = "Báo cáo " + "x" * 32_759
    wb.save(tmp_path / "w.xlsx")
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert "w.xlsx t!E2 [khoá/key: t.x]" in said and "32767 ký tự" in said and len(said) < 3000, len(said)


def test_ten_thousand_unknown_keys_are_refused_in_a_moment(tmp_path):
    """Each unknown key got a 'Có phải …?' guess against every key of the year, though only the first 50 errors are
    listed: 10,000 pasted rows took 13 s. Every row is still refused."""
    import time

    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import EXPORTED_HEADER, headers
    rows = [Row("t", f"t.figure_{i}", f"S{i}", "bưu cục", "count", None, "data/2024/t.yml",
                ("figures", f"figure_{i}", "value"), 3 + i, 12) for i in range(200)]
    book = {"t": [headers(2024) + [EXPORTED_HEADER]] + [[f"t.figures_{i}", "S", None, None, i, None, None, None]
                                                         for i in range(10_000)]}
    start = time.process_time()   # this process's CPU: other work on the machine does not count (13 s before)
    _, _, errors = _cells(book, rows, 2024, "w.xlsx")
    assert len(errors) == 10_000 and time.process_time() - start < 2
    assert "Có phải 't.figure_0'?" in errors[0].fix


def test_a_value_the_page_would_show_otherwise_is_refused_at_its_cell_not_written(tmp_path, capsys):
    """A unit's 79.854 under the cell format '0.00' shows 79,85 in Excel; the page shows 2 decimals too, so the
    reader would see a number other than the one stated: check refuses such data (html/showable.py). The import
    refused it too, at its cell, instead of writing data/ that check then refuses (a pull request failing after the
    workbook was taken)."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = small_project(tmp_path, "  p:\n    label: P\n    value: null\n    unit: \"%\"\n"
                                 "  q:\n    label: Q\n    value: null\n    unit: \"%\"\n")
    wb["t"]["E2"].value, wb["t"]["E2"].number_format = 79.854, "0.00"
    wb["t"]["E3"] = 81.5
    wb.save(tmp_path / "w.xlsx")
    before = (tmp_path / "data/2024/t.yml").read_bytes()
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert "w.xlsx t!E2 [khoá/key: t.p]" in said and "79.854" in said and "79,85" in said, said
    assert (tmp_path / "data/2024/t.yml").read_bytes() == before, "nothing written"


def test_a_constant_fact_is_not_asked_but_shown_apart_and_never_taken_from_a_cell(tmp_path, capsys):
    """A fact that does not change from year to year (`constant: true`, value kept by new-year: 21/06/1925) is no
    row to fill: the units are not asked again; the first sheet lists it as filled already, with its value, apart
    from what they report. A row of it typed back into a sheet (an old workbook, a copy) is refused at its cell,
    saying where the fact is corrected if it is really wrong."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    from macros.sheet.workbook import GUIDE
    wb = small_project(tmp_path, "  founded:\n    label: Ngày thành lập\n    value: 1925-06-21\n    unit: ngày\n"
                                 "    constant: true\n  x:\n    label: X\n    value: null\n    unit: bưu cục\n")
    keys = [wb["t"].cell(r, 1).value for r in range(2, wb["t"].max_row + 1)]
    assert keys == ["t.x"], keys
    guide = "\n".join(str(row[0]) for row in wb[GUIDE].iter_rows(values_only=True) if row[0])
    assert "Ngày thành lập" in guide and "21/06/1925" in guide and "không cần điền" in guide, guide
    wb["t"].append(["t.founded", "Ngày thành lập", "ngày", None, dt.datetime(1925, 6, 22), None, None, None])
    wb.save(tmp_path / "w.xlsx")
    before = (tmp_path / "data/2024/t.yml").read_bytes()
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert "w.xlsx t!E3 [khoá/key: t.founded]" in said and "data/2024/t.yml" in said, said
    assert (tmp_path / "data/2024/t.yml").read_bytes() == before


def test_an_indicator_the_source_does_not_name_gets_a_label_from_data_never_its_id(tmp_path):
    """The source names only the indicators not met; the others have no name in data. The unit saw 'Chỉ tiêu
    ttbcxb_01', an id. The label is the indicator's own wording where data has it ({target} as '…'), else which one
    it is in its sector's list, by the sector's name from data, with a visible mark that it has no name — never an
    invented name."""
    from macros import data
    from macros.cache import DISABLED
    from macros.sheet.rows import year_rows
    small_project(tmp_path, "  x:\n    label: X\n    value: null\n    unit: bưu cục\n")
    (tmp_path / "data/2024/indicators.yml").write_text(
        "# yaml-language-server: $schema=../schemas/indicators.schema.json\ntitle: Chỉ tiêu ngành\nsectors:\n"
        "  - id: ttbcxb\n    name: Thông tin – Báo chí\n    lead: Lĩnh vực Thông tin – Báo chí\n    indicators:\n"
        "      - id: ttbcxb_01\n        actual: null\n        status: chưa báo cáo\n"
        "      - id: ttbcxb_02\n        name: null\n        actual: null\n        status: chưa báo cáo\n"
        "      - id: ttbcxb_phu_song\n        name: \"Tỷ lệ phủ sóng đạt {target}\"\n        target: null\n"
        "        actual: null\n        status: chưa báo cáo\n", encoding="utf-8")
    ds = data.load(tmp_path, cache=DISABLED)
    assert not ds.errors, ds.errors
    labels = {r.key: r.label for r in year_rows(tmp_path, ds, 2024)}
    first, second = labels["indicators.ttbcxb_01.actual"], labels["indicators.ttbcxb_02.status"]
    assert "ttbcxb" not in first + second, (first, second)
    assert "Thông tin – Báo chí" in first and "1/3" in first and "[" in first, first
    assert "Thông tin – Báo chí" in second and "2/3" in second, second
    assert labels["indicators.ttbcxb_phu_song.target"].startswith("Tỷ lệ phủ sóng đạt …")
    # the figures page shows the same label (the loader's figure of the result)
    assert ds.years[2024].figures["indicators.ttbcxb_01.actual"].label == first


def test_a_formula_that_failed_is_told_as_a_formula_error_not_as_text(tmp_path, capsys):
    """=A1+B1 adds the titles 'Khoá' and 'Tên số liệu': Excel and LibreOffice store the error #VALUE! as its result.
    The import refused it as text typed in the cell ('Excel puts text at the left…', 'type it again as a number'); it
    says the cell's formula failed and what to do."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = small_project(tmp_path, "  x:\n    label: X\n    value: null\n    unit: bưu cục\n")
    wb["t"]["E2"] = "#VALUE!"        # what the file holds for a formula whose result is an error
    assert wb["t"]["E2"].data_type == "e"
    wb.save(tmp_path / "w.xlsx")
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert "w.xlsx t!E2 [khoá/key: t.x]" in said and "công thức" in said and "#VALUE!" in said, said
    assert "bên trái ô" not in said, said


def one_indicator_workbook(tmp_path, value: str, target: str):
    """A 2024 project of one figure x (value as YAML) and one indicator vt_cap_quang (target as YAML, no result, not
    reported), and the workbook `sheet export` gives it."""
    from macros import data
    from macros.cache import DISABLED
    from macros.sheet.rows import year_rows
    from macros.sheet.workbook import export_workbook
    small_project(tmp_path, f"  x:\n    label: X\n    value: {value}\n    unit: bưu cục\n")
    (tmp_path / "data/2024/indicators.yml").write_text(
        "# yaml-language-server: $schema=../schemas/indicators.schema.json\ntitle: Chỉ tiêu ngành\nsectors:\n"
        "  - id: vt\n    name: Viễn thông\n    lead: Lĩnh vực Viễn thông\n    indicators:\n"
        "      - id: vt_cap_quang\n        name: \"Tỷ lệ hộ dùng cáp quang đạt {target}\"\n"
        f"        target: {target}\n        unit: \"%\"\n        actual: null\n        status: chưa báo cáo\n",
        encoding="utf-8")
    return export_workbook(year_rows(tmp_path, data.load(tmp_path, cache=DISABLED), 2024), 2024)


def test_a_status_given_before_its_result_leaves_the_result_unreported_not_gone(tmp_path):
    """A unit marks an indicator 'đạt' and leaves its result (actual: null) for later. The result stopped being a
    figure at all, so a page or the cover card quoting it was refused with 'no such key' — and the loader's guess
    pointed at another indicator's result, whose number the cover would then have shown. A result stated null stays
    a figure, not reported yet, whatever the status."""
    from types import SimpleNamespace

    from macros import data
    from macros.cache import DISABLED
    from macros.commands.sheet import import_
    wb = one_indicator_workbook(tmp_path, "null", "90")
    ws = wb["indicators"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "indicators.vt_cap_quang.status")
    ws.cell(row, 5).value = "đạt"
    wb.save(tmp_path / "w.xlsx")
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 0
    ds = data.load(tmp_path, cache=DISABLED)
    result = ds.years[2024].figures.get("indicators.vt_cap_quang.actual")
    assert result is not None and result.value is None and not result.reported


def test_a_workbook_of_a_signed_year_is_refused_not_written_into_the_signed_report(tmp_path, capsys):
    """December 2024: a unit sends again last year's workbook (so-lieu-2023.xlsx, with a cell changed). The import
    took its year from the header and wrote the value into data/2023/, the report the committee has signed; only a
    figure the printed text quotes was then caught by check, as 'differs from the signed text', which tells the
    editor to write an editorial decision. A workbook of a signed year is refused whole, saying whose it is."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = small_project(tmp_path, "  x:\n    label: X\n    value: 5\n    unit: bưu cục\n")
    wb["t"].cell(2, 5).value = 7
    wb.save(tmp_path / "so-lieu-2024.xlsx")
    (tmp_path / "data/2024/signed.txt").write_text("X có 5 bưu cục.\n", encoding="utf-8")
    before = (tmp_path / "data/2024/t.yml").read_bytes()
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "so-lieu-2024.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert (tmp_path / "data/2024/t.yml").read_bytes() == before
    assert "đã ký" in said and "data/2024/signed.txt" in said and "so-lieu-2024.xlsx" in said
    assert "Traceback" not in said


def test_a_status_that_has_no_result_leaves_nothing_unreported(tmp_path):
    """A unit marks an indicator 'chưa có cơ sở tính' (or 'chưa thực hiện') and, rightly, leaves its result empty:
    there is none, as in 2023, where such an indicator has no `actual` line. new-year wrote `actual: null` for it, and
    that null stayed 'chưa báo cáo' whatever the status: the 2024 report could never stop being a draft, and the
    sheet had no way to say 'no result'. A null result under a status that has none is no result."""
    from types import SimpleNamespace

    from macros import data
    from macros.cache import DISABLED
    from macros.commands.sheet import import_
    from macros.sheet.rows import year_rows
    from macros.sheet.workbook import export_workbook
    small_project(tmp_path, "  x:\n    label: X\n    value: 3\n    unit: bưu cục\n")
    (tmp_path / "data/2024/indicators.yml").write_text(
        "# yaml-language-server: $schema=../schemas/indicators.schema.json\ntitle: Chỉ tiêu ngành\nsectors:\n"
        "  - id: vt\n    name: Viễn thông\n    lead: Lĩnh vực Viễn thông\n    indicators:\n"
        + "".join(f"      - id: vt_{i}\n        name: \"Tăng trưởng {i} trên {{target}}\"\n        target: null\n"
                  "        unit: \"%\"\n        actual: null\n        status: chưa báo cáo\n" for i in (1, 2, 3)),
        encoding="utf-8")
    wb = export_workbook(year_rows(tmp_path, data.load(tmp_path, cache=DISABLED), 2024), 2024)
    ws = wb["indicators"]
    typed = {"indicators.vt_1.target": 10, "indicators.vt_1.status": "chưa có cơ sở tính",
             "indicators.vt_2.target": 10, "indicators.vt_2.status": "chưa thực hiện",
             "indicators.vt_3.target": 10, "indicators.vt_3.status": "đạt"}      # a result to come: still unreported
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value in typed:
            ws.cell(r, 5).value = typed[ws.cell(r, 1).value]
    wb.save(tmp_path / "w.xlsx")
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 0
    year = data.load(tmp_path, cache=DISABLED).years[2024]
    assert [f.key for f in year.unreported()] == ["indicators.vt_3.actual"]
    # a page quoting the result it does not have is told why, not offered another indicator's result
    import pytest

    from macros.data.lookup import find_figure
    from macros.errors import LookupFailed
    with pytest.raises(LookupFailed) as told:
        find_figure(data.load(tmp_path, cache=DISABLED), 2024, "indicators.vt_1.actual")
    assert "'chưa có cơ sở tính'" in told.value.vi and "không có kết quả" in told.value.vi
    assert "indicators.yml:" in told.value.vi and "vt_3" not in told.value.fix


def test_a_status_left_as_exported_beside_a_filled_result_is_named_at_its_cell(tmp_path, capsys):
    """A unit types an indicator's target and result and leaves its status as exported ('chưa báo cáo'). The import
    refused it at data/2024/indicators.yml:<line> — a file the unit has never seen — then said 'fix the cells above
    in the workbook'. The refusal names the status cell of the workbook, as for a cell the unit changed."""
    from types import SimpleNamespace

    from macros.commands.sheet import import_
    wb = one_indicator_workbook(tmp_path, "3", "null")
    ws = wb["indicators"]
    at = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(at["indicators.vt_cap_quang.target"], 5).value = 90
    ws.cell(at["indicators.vt_cap_quang.actual"], 5).value = 85
    wb.save(tmp_path / "w.xlsx")
    before = (tmp_path / "data/2024/indicators.yml").read_bytes()
    assert import_(SimpleNamespace(root=tmp_path, file=tmp_path / "w.xlsx", year=None)) == 1
    said = capsys.readouterr().err
    assert f"w.xlsx indicators!E{at['indicators.vt_cap_quang.status']} " in said, said
    assert "data/2024/indicators.yml" not in said and "'chưa báo cáo'" in said
    assert (tmp_path / "data/2024/indicators.yml").read_bytes() == before


def test_a_sheet_a_unit_renamed_is_told_its_name(tmp_path):
    """A unit renames its sheet 'telecom' to 'Chi bộ 1': refused (a sheet is a data file), and told which name to
    give it back, read from its keys, not only 'keep the names as exported'."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook
    rows = [Row("t", f"t.{n}", n, "bưu cục", "count", None, "data/2024/t.yml", ("figures", n, "value"), 3, 12)
            for n in ("a", "b")]
    wb = export_workbook(rows, 2024)
    wb["t"].title = "Chi bộ 1"
    wb["Chi bộ 1"].cell(2, 5).value = 4
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), rows, 2024, "w.xlsx")
    assert cells == {} and [e.file for e in errors] == ["w.xlsx Chi bộ 1!A1"]
    assert "đổi tên trang tính lại thành 't'" in errors[0].fix


def test_a_row_of_a_figure_now_computed_is_told_so_not_called_unknown(tmp_path):
    """A workbook exported while a figure was still typed (the anniversaries, before years_between) comes back with
    it filled: 'key not in data/2024/, did you mean …?' was wrong (it is there, computed). Filled: refused as computed;
    left as exported: nothing to say."""
    from macros.commands.sheet import _cells
    from macros.sheet.rows import Row
    from macros.sheet.workbook import export_workbook, read_workbook

    def row(n):
        return Row("t", f"t.{n}", n.upper(), "năm", "count", None, "data/2024/t.yml", ("figures", n, "value"), 3, 12)

    wb = export_workbook([row("a"), row("y"), row("z")], 2024)
    wb["t"].cell(2, 5).value, wb["t"].cell(3, 5).value = 4, 99      # y filled; z left as exported
    wb.save(tmp_path / "w.xlsx")
    cells, _, errors = _cells(read_workbook(tmp_path / "w.xlsx"), [row("a")], 2024, "w.xlsx",
                              {"t.y": "Y năm kỷ niệm", "t.z": "Z"})
    assert cells == {"t.a": 4}
    assert [(e.file, e.key) for e in errors] == [("w.xlsx t!E3", "t.y")]
    assert "được tính" in errors[0].vi and "Y năm kỷ niệm" in errors[0].vi and "Có phải" not in errors[0].fix
