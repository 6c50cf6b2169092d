"""`python -m macros sheet export|import`: a year's figures collected in a spreadsheet, then written into its data.

  export [--year Y] [--out FILE]   build/so-lieu-Y.xlsx: one sheet per data file, column E to fill (sheet/workbook.py)
  import FILE.xlsx [--year Y]      the values of column E into data/Y/*.yml

Import refuses, all at once, every cell the loader would refuse, each message placed as `sheet!E12`, and writes
nothing then: the filled files are first written to a copy of data/ and loaded there with the real loader (every
check: types, percent, dates, rules, indicator statuses); only when that copy has no error are the changed files
written, each to a temporary file beside it and renamed over it. A file whose values did not change is not written:
export then import without edits changes no byte of data/. Only the cells a unit changed from what the export wrote
(hidden column H) are taken: a workbook sent to several units, or an old one, never undoes what data/ holds now.
A number is taken as Excel shows it (15 digits); what would be read wrong is refused at its cell instead: a sheet
without column H, a cell of A, E or H merged into another, a filled row whose key (A) does not go with its name (B),
a number of 16 digits or more. A file far larger than an export (a zip bomb, a row past 10000) is not read at all.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from openpyxl.cell.cell import ERROR_CODES

from .. import data as dataset
from ..cache import DISABLED
from ..data.fidelity import record_path
from ..data.lookup import closest
from ..errors import MAX_LISTED, DataError, format_errors
from ..html.showable import unshowable
from ..sheet import fill, rows as sheet_rows, workbook
from ..sheet.cells import Merged, Uncomputed
from .cli import output_file

def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    export = sub.add_parser("export", help="bảng tính để thu thập số liệu / the workbook to collect figures")
    export.add_argument("--year", type=int, default=None, help="năm (mặc định: năm mới nhất) / year (default: latest)")
    export.add_argument("--out", type=output_file, default=None, help="tệp ra (mặc định: build/so-lieu-<năm>.xlsx)")
    imp = sub.add_parser("import", help="ghi số liệu của bảng tính vào data/<năm>/ / write the filled values into data")
    imp.add_argument("file", type=Path, help="tệp .xlsx đã điền / the filled workbook")
    imp.add_argument("--year", type=int, default=None, help="năm của bảng tính (mặc định: năm ghi ở cột E)")


def _say_errors(errors: list, tail: str) -> int:
    print(format_errors(errors) + "\n" + tail, file=sys.stderr)
    return 1


def _dataset(root: Path, year: int | None):
    """(dataset, year, refusal message or None)."""
    ds = dataset.load(root)
    if ds.errors:
        return ds, year, (format_errors(ds.errors) + f"\nDữ liệu hiện có {len(ds.errors)} lỗi: sửa trước (python -m "
                          "macros check), rồi chạy lại. / Fix the data errors first.")
    year = ds.latest() if year is None else year
    if year not in ds.years:
        return ds, year, (f"Không có dữ liệu năm {year} (thư mục data/{year}/); có: "
                          f"{', '.join(map(str, sorted(ds.years)))}. / No data for {year}.")
    return ds, year, None


def export(args) -> int:
    start = time.perf_counter()
    root = Path(args.root).resolve()
    ds, year, why = _dataset(root, args.year)
    if why:
        print(why, file=sys.stderr)
        return 1
    rows = sheet_rows.year_rows(root, ds, year)
    out = args.out or root / "build" / f"so-lieu-{year}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.export_workbook(rows, year).save(out)
    asked = [r for r in rows if not r.given]
    given = f", {len(rows) - len(asked)} số liệu không đổi theo năm đã điền sẵn" if len(asked) < len(rows) else ""
    sheets = len({r.sheet for r in asked})
    print(f"Đã ghi {out} ({len(asked)} số liệu cần điền{given}, {sheets} trang tính, "
          f"{time.perf_counter() - start:.2f} s). Điền cột E "
          f"'Số liệu {year}', rồi: python -m macros sheet import {out.name} / wrote {out}.")
    return 0


def _cells(book: dict, rows: list, year: int, name: str, computed: dict | None = None) -> tuple[dict, dict, list]:
    """({row key: cell value}, {row key: 'sheet!E12'}, errors of the sheets' layout and keys). computed: {key: label}
    of the year's figures that are computed, not asked (a workbook exported before one was: its row is left alone
    unless filled, then refused saying so)."""
    computed = computed or {}
    by_key = {r.key: r for r in rows}
    sheets = {r.sheet for r in rows}
    cells, refs, errors = {}, {}, []

    def refuse(ref, key, vi, en, fix):
        errors.append(DataError(f"{name} {ref}", None, None, key, vi, en, fix))

    for title, table in book.items():
        if title == workbook.GUIDE:
            continue
        head = [str(v).strip() if v is not None else "" for v in (table[0] if table else [])] + [""] * 8
        if title not in sheets:
            # renamed by a unit ('Chi bộ 1'): its keys say whose sheet it was
            was = {by_key[k].sheet for k in (str(line[0]).strip() for line in table[1:] if line and line[0])
                   if k in by_key}
            refuse(f"{title}!A1", "", f"Trang tính '{title}' không ứng với tệp dữ liệu nào của năm {year}.",
                   f"Sheet '{title}' matches no data file of {year}.",
                   (f"Các khoá ở cột A là của trang tính '{next(iter(was))}': đổi tên trang tính lại thành "
                    f"'{next(iter(was))}' (nhấp đúp vào tên trang ở dưới), rồi nhập lại." if len(was) == 1 else
                    "Giữ tên trang tính như lúc xuất (tên tệp trong data/" + str(year) + "/), hoặc xoá trang này."))
            continue
        found = workbook.sheet_year(head)
        if found is None:
            plan = workbook.plan_sheet([r for r in rows if r.sheet == title])
            refuse(f"{title}!A1", "", "Dòng tiêu đề của trang tính đã bị đổi (cần: "
                   + ", ".join(workbook.headers(year, plan)) + ").", "The sheet's header row was changed.",
                   "Xuất lại bảng tính và chép số liệu sang.")
            continue
        if found != year:
            refuse(f"{title}!E1", "", f"Trang tính này thu thập số liệu năm {found}, không phải năm {year}.",
                   f"This sheet collects the figures of {found}, not {year}.",
                   f"Chép số liệu vào bảng tính năm {year} (python -m macros sheet export --year {year}).")
            continue
        if head[workbook.EXPORTED - 1] != workbook.EXPORTED_HEADER:   # without H every cell is taken, blank or stale
            refuse(f"{title}!H1", "", f"Cột H ẩn '{workbook.EXPORTED_HEADER}' (giá trị ô E lúc xuất) đã bị xoá hoặc "
                   "sửa tiêu đề: lệnh nhập không còn biết ô nào đơn vị đã sửa, và một ô để nguyên sẽ ghi đè số liệu đã "
                   "nhập từ đơn vị khác hay văn phòng đã sửa.", "Hidden column H (what E held at the export) was "
                   "deleted or retitled: the import cannot tell which cells the unit changed.",
                   f"Xuất lại bảng tính (python -m macros sheet export --year {year}), chép các số đã điền ở cột E "
                   "sang, không xoá hay sửa cột H.")
            continue
        for i, line in enumerate(table[1:], 2):
            line = list(line) + [None] * 8
            merged = next((c for c in (0, 4, 7) if isinstance(line[c], Merged)), None)
            if merged is not None:
                ref, key = line[merged].ref, line[0] if isinstance(line[0], str) else ""
                refuse(f"{title}!{'AEH'[merged // 3]}{i}", key, f"Ô này bị gộp (merge) vào vùng {ref}: Excel chỉ giữ "
                       "giá trị của ô đầu vùng, giá trị của ô này đã mất.", f"The cell was merged into {ref}: only the "
                       "range's first cell keeps its value.", f"Bỏ gộp vùng {ref} (Excel: Merge & Center → Unmerge "
                       "Cells; LibreOffice: Format → Merge and Unmerge Cells → Unmerge Cells), ghi lại giá trị từng ô "
                       "rồi nhập lại.")
                continue
            if isinstance(line[0], Uncomputed):
                refuse(f"{title}!A{i}", "", f"Ô khoá là công thức {line[0].formula}.", "The key cell holds a formula.",
                       "Không sửa cột Khoá: chép lại khoá như lúc xuất, hoặc xuất lại bảng tính.")
                continue
            key = str(getattr(line[0], "value", line[0]) or "").strip()   # a key typed over, whatever its format
            if not key:
                if line[4] not in (None, ""):
                    refuse(f"{title}!E{i}", "", "Dòng có số liệu nhưng không có khoá (cột A).", "A value without a key.",
                           "Xoá dòng này; số liệu mới cần thêm vào tệp YAML trước (hướng dẫn biên tập mục 2), rồi "
                           "xuất lại bảng tính.")
                continue
            row = by_key.get(key)
            if row is None and key in computed:
                if line[4] not in (None, "") and fill.edited(line[4], line[7], "count"):
                    refuse(f"{title}!E{i}", key, f"'{computed[key]}' được tính từ các số liệu khác (Bảng số liệu nói "
                           "cách tính), không điền trong bảng tính.", f"'{key}' is computed, not filled in.",
                           "Xoá số trong ô này (bảng tính này xuất khi số liệu đó còn phải điền), hoặc xuất lại bảng "
                           "tính; điền các số liệu nó được tính từ.")
            elif row is None:
                # a guess only for the errors listed: for 10000 rows of unknown keys the guesses took 13 s
                near = closest(key, by_key, 1) if len(errors) < MAX_LISTED else []
                refuse(f"{title}!A{i}", key, f"Khoá '{key}' không có trong data/{year}/.",
                       f"Key '{key}' is not a figure of {year}.",
                       (f"Có phải '{near[0]}'? " if near else "") + "Không sửa cột Khoá; xuất lại bảng tính nếu cần.")
            elif row.sheet != title:
                refuse(f"{title}!A{i}", key, f"Khoá '{key}' thuộc trang tính '{row.sheet}', không phải '{title}' "
                       "(dòng bị chuyển sang trang khác).", f"Key '{key}' belongs to sheet '{row.sheet}'.",
                       f"Chuyển dòng về trang tính '{row.sheet}'.")
            elif isinstance(line[4], Uncomputed):
                refuse(f"{title}!E{i}", key, f"Ô có công thức {line[4].formula} nhưng tệp không lưu kết quả của nó.",
                       "A formula whose result the file does not hold.",
                       "Mở tệp bằng Excel hoặc LibreOffice và lưu lại (để tính công thức), hoặc gõ thẳng con số.")
            elif fill.beyond_digits(line[4]):
                shown = f"{getattr(line[4], 'value', line[4]):.{fill.DIGITS}g}"
                refuse(f"{title}!E{i}", key, f"Số {shown} có từ 16 chữ số trở lên: Excel chỉ giữ {fill.DIGITS} chữ số "
                       "đầu, các chữ số sau đã bị làm tròn mất.", f"The number {shown} has 16 digits or more: Excel "
                       f"keeps only {fill.DIGITS}, the rest were rounded away.",
                       "Kiểm tra lại số trong ô (gõ thừa chữ số?); nếu đúng là số lớn như vậy, ghi thẳng vào tệp "
                       f"{row.file} (dòng {row.line}).")
            elif key in refs:
                refuse(f"{title}!A{i}", key, f"Khoá '{key}' có hai dòng (dòng kia: {refs[key]}).",
                       f"Key '{key}' is on two rows.", "Giữ một dòng, xoá dòng kia.")
            else:
                refs[key] = f"{title}!E{i}"
                if not fill.edited(line[4], line[7], row.kind):
                    continue    # as exported: data/ keeps its value, one changed since the export too
                if row.given and not fill.edited(line[4], row.value, row.kind):
                    continue      # a fact that does not change, typed as data/ holds it (an old workbook)
                if row.given:     # a fact that does not change: not asked, never taken from a cell
                    refuse(f"{title}!E{i}", key, f"'{row.label}' không đổi theo năm và đã có trong data/{year}/ "
                           f"({fill.scalar(row.value, row.kind)}): bảng tính không nhận giá trị này.",
                           f"'{row.label}' does not change from year to year and is in data/{year}/ already: the "
                           "workbook does not take it.", f"Xoá dòng này khỏi bảng tính. Nếu giá trị đó thật sự sai, "
                           f"sửa trong tệp {row.file} (dòng {row.line}).")
                    continue
                if _text(line[1]) != _text(row.label):   # a key typed over, or column A sorted alone
                    refuse(f"{title}!B{i}", key, f"Khoá '{key}' ở cột A không đi với tên số liệu '{_text(line[1])}' ở "
                           f"cột B (tên của khoá này: '{row.label}'): số ở ô E{i} có thể là của một số liệu khác.",
                           f"Key '{key}' does not go with the name in column B ('{row.label}' expected): E{i} may "
                           "belong to another figure.", "Không sửa, không sắp xếp riêng cột Khoá: xuất lại bảng tính "
                           "(python -m macros sheet export) và ghi số vào đúng dòng. Nếu tên số liệu trong data/ vừa "
                           "được sửa sau khi xuất, cũng xuất lại bảng tính rồi chép số sang.")
                    continue
                if fill.edited(row.value, line[7], row.kind) and fill.edited(line[4], row.value, row.kind):
                    was, new, now = ("chưa báo cáo" if v == "null" else v
                                     for v in (fill.scalar(c, row.kind) for c in (line[7], line[4], row.value)))
                    refuse(f"{title}!E{i}", key, f"Ô được sửa thành {new}, nhưng data/{year}/ cũng đã đổi số liệu "
                           f"này sau khi xuất bảng tính ({was} → {now}).",
                           f"The cell was changed to {new}, but data/ changed this figure too since the export "
                           f"({was} → {now}).", f"Hỏi lại số đúng rồi ghi vào tệp YAML ({row.file}:{row.line}), hoặc "
                           "xuất lại bảng tính, ghi số vào đó và nhập lại.")
                    continue
                cells[key] = line[4]
    return cells, refs, errors


def _text(value) -> str:
    """A text cell as compared: composed accents, no surrounding spaces, an empty cell ''."""
    value = getattr(value, "formula", value)     # a formula without its result: its text
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def _validate(root: Path, changed: dict) -> list:
    """The errors `check` gives for data/ with the changed texts — the loader's, and a value the pages would show as
    another number (79.854 where the page shows 79,85) — loaded from a copy (data/ itself is not touched)."""
    with tempfile.TemporaryDirectory(prefix="baocao-import-") as tmp:
        shutil.copytree(root / "data", Path(tmp) / "data", symlinks=True)
        for rel, text in changed.items():
            (Path(tmp) / rel).write_text(text, encoding="utf-8", newline="\n")
        ds = dataset.load(Path(tmp), cache=DISABLED)
        return ds.errors + unshowable(ds)


def _write(root: Path, changed: dict) -> None:
    """Each file to a temporary file beside it, then renamed over it (a reader never sees half a file)."""
    temps = {}
    try:
        for rel, text in changed.items():
            target = root / rel
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            temps[tmp] = target
        for tmp, target in list(temps.items()):
            os.replace(tmp, target)
            del temps[tmp]
    finally:
        for tmp in temps:
            os.unlink(tmp)


_NUMBER_AS_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")   # a number Excel holds as text: "41", " 98.9"


def _unreadable(path: Path) -> tuple[str, str]:
    """(what the file is and what to do, in Vietnamese; in English) for a file the workbook reader refused."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):   # an Office container: .xls, or a password
        return ("tệp .xls cũ hoặc tệp có mật khẩu mở. Mở tệp bằng Excel/LibreOffice, bỏ mật khẩu mở tệp nếu có, và "
                "lưu lại dạng .xlsx (Excel Workbook)", "an old .xls, or a file with an opening password")
    if head.startswith(b"PK") and b"application/vnd.oasis.opendocument" in head:
        return ("tệp OpenDocument (.ods). Trong LibreOffice: File → Save As…, chọn kiểu Excel 2007-365 (.xlsx)",
                "an OpenDocument file (.ods): save it as Excel 2007-365 (.xlsx)")
    if head and not head.startswith(b"PK") and b"\0" not in head:
        return ("tệp chữ (CSV?): tệp CSV chỉ giữ một trang tính, không giữ cột H ẩn. Ghi số liệu vào chính tệp .xlsx "
                "đã nhận và lưu dạng .xlsx (Excel Workbook)", "a text file (CSV?): fill the .xlsx itself")
    return ("không phải tệp .xlsx hoặc tệp bị hỏng. Mở tệp bằng Excel/LibreOffice và lưu lại dạng .xlsx (Excel "
            "Workbook)", "not an .xlsx, or damaged")


def import_(args) -> int:
    start = time.perf_counter()
    root, name = Path(args.root).resolve(), args.file.name
    if not args.file.is_file():
        print(f"Không có tệp {args.file} (đường dẫn tính từ thư mục đang đứng, {Path.cwd()}): kiểm tra tên tệp và "
              f"thư mục, rồi chạy lại. / No such file: {args.file}.", file=sys.stderr)
        return 1
    try:
        book = workbook.read_workbook(args.file)
    except workbook.TooLarge as big:
        print(f"Không đọc bảng tính {args.file}: {big.vi}. Dùng bảng tính do lệnh python -m macros sheet export tạo, "
              f"chỉ điền cột E; xoá các dòng, trang tính thừa rồi lưu lại. / Not read: {big.en}.", file=sys.stderr)
        return 1
    except Exception:   # not a workbook, a damaged one: said plainly
        vi, en = _unreadable(args.file)
        print(f"Không đọc được bảng tính {args.file}: {vi}, rồi chạy lại. / Cannot read the workbook {args.file}: "
              f"{en}.", file=sys.stderr)
        return 1
    year = args.year
    if year is None:
        years = Counter(y for t in book.values() for y in [workbook.sheet_year(t[0] if t else [])] if y)
        year = years.most_common(1)[0][0] if years else None
    if year is None:
        head = ", ".join(h.format(prev="<năm trước>", year="<năm>") for h in workbook.HEADERS)
        print(f"Bảng tính {name} không có trang tính số liệu nào còn giữ dòng tiêu đề lúc xuất ({head}): một cột bị "
              "chèn, xoá hay chuyển chỗ thì cột E không còn là cột số liệu. Dùng bảng tính do lệnh python -m macros "
              "sheet export tạo, chép số liệu sang. / No figures sheet with the exported header row.", file=sys.stderr)
        return 1
    ds, year, why = _dataset(root, year)
    if why:
        print(why, file=sys.stderr)
        return 1
    if record_path(root, year).is_file():   # a unit sending last year's workbook again: never into a signed report
        latest = max(ds.years)
        print(f"Không nhập {name}: đây là bảng tính năm {year} (cột E 'Số liệu {year}'), mà báo cáo năm {year} đã "
              f"được ký (data/{year}/signed.txt); số liệu của báo cáo đã ký không nhập lại bằng bảng tính. Có lẽ đơn "
              f"vị gửi lại bảng tính năm trước"
              + (f": gửi đơn vị bảng tính năm {latest} (so-lieu-{latest}.xlsx) để điền lại" if latest != year else "")
              + f". Nếu một số liệu đã ký thật sự sai: ghi một ghi chú biên tập trong data/{year}/decisions.yml "
              f"(hướng dẫn biên tập mục 7). / {name} is a workbook of {year}, whose report is signed: not imported.",
              file=sys.stderr)
        return 1
    rows = sheet_rows.year_rows(root, ds, year)
    cells, refs, errors = _cells(book, rows, year, name, {k: f.label for k, f in ds.years[year].figures.items()
                                                          if f.derived})
    texts = {rel: (root / rel).read_text(encoding="utf-8-sig").replace("\r\n", "\n") for rel in {r.file for r in rows}}
    changed, at = fill.filled_texts(texts, rows, cells)
    by_key = {r.key: r for r in rows}   # a cell left as exported that a filled one now contradicts: at its cell too
    for error in _validate(root, changed) if changed else []:
        row = at.get((error.file, error.line)) or at.get((error.file, error.key)) or (
            by_key.get(error.key) if error.key in by_key and by_key[error.key].file == error.file else None)
        if row is not None and row.key in refs:
            cell = cells.get(row.key)
            typed = (f"Ô đang chứa chữ (Excel đặt chữ bên trái ô): gõ lại thành "
                     f"{'ngày' if row.kind == 'date' else 'số'}, hoặc đổi định dạng ô. ") if (
                isinstance(cell, str) and row.kind not in (sheet_rows.STATUS_KIND, "month")) else ""
            loader_fix = error.fix
            if isinstance(cell, str) and cell.strip() in ERROR_CODES:   # the stored result of a formula that failed
                loader_fix, typed = "", (f"Ô có công thức mà Excel/LibreOffice không tính được (kết quả là lỗi "
                                         f"{cell.strip()}, ví dụ công thức cộng một ô chữ): sửa công thức, hoặc xoá "
                                         "công thức và gõ thẳng con số. ")
            elif typed and row.kind == "date":   # the loader's fix is YAML's way to write a date ('2024-03-12')
                loader_fix = ""
            # a number held as text: the loader's fix speaks of YAML's quotes, a cell has none
            elif typed and _NUMBER_AS_TEXT.fullmatch(cell.strip()):
                loader_fix, typed = "", (f"Ô chứa số {cell.strip()} nhưng ở dạng chữ (ô định dạng Text, hay số dán từ "
                                        "nơi khác): chọn ô, bấm dấu cảnh báo bên cạnh → Convert to Number (Chuyển "
                                        "thành số), hoặc đổi định dạng ô thành Number rồi gõ lại số. ")
            elif typed and not any(ch.isdigit() for ch in cell):   # "-", "chưa có", "null": no number at all
                typed += ("Chưa có số liệu thì để trống ô (chưa báo cáo); không phát sinh thì ghi 0 (dấu '-' trong "
                          "bảng thống kê có thể là cả hai nên không được nhận). ")
            fix = f"{loader_fix} {typed}Trong bảng tính, ô này cần: {sheet_rows.hint(row)}.".strip()
            vi, en = error.vi, error.en
            text = _text(cell) if isinstance(cell, str) else ""
            if len(text) > 200:    # a page of text in a cell: quoted shortened, in Vietnamese and English
                vi, en = (s.replace(text, f"{text[:60]}… ({len(text)} ký tự / characters)") for s in (vi, en))
            errors.append(DataError(f"{name} {refs[row.key]}", None, None, row.key, vi, en, fix))
        else:
            errors.append(error)
    if errors:
        return _say_errors(errors, f"Không ghi gì vào data/{year}/: sửa các ô trên trong bảng tính rồi nhập lại. "
                                   f"/ Nothing was written; fix the cells above and import again.")
    _write(root, changed)
    filled = [r for r in rows if r.file in changed and r.key in cells and not fill.same(
        fill.scalar(cells[r.key], r.kind), r.value)]
    print(f"Đã nhập {name}: {len(filled)} giá trị mới vào {len(changed)} tệp của data/{year}/ "
          f"({time.perf_counter() - start:.2f} s). / Imported {len(filled)} value(s).")
    for r in filled:
        print(f"  {r.file}:{r.line} [{r.key}] {r.value if r.value is not None else 'chưa báo cáo'} → "
              f"{fill.scalar(cells[r.key], r.kind)}")
    print("Tiếp theo: python -m macros check, rồi python -m macros diff để xem các số đã đổi. / Next: check, diff.")
    return 0


def run(args) -> int:
    return export(args) if args.action == "export" else import_(args)
