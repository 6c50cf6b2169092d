"""A spreadsheet cell into a data file: the YAML scalar a person meant, written in place of the value's own text.

Pure functions. The cell becomes the scalar an editor would have typed into the YAML (a number as a number, a date
as a date, anything typed as text as quoted text), so the real loader judges it and its own message says what is
wrong: "79,85" typed as text is refused exactly as `value: "79,85"` would be. The scalar replaces only the value's
text on its line (the loader gives where it starts); every other byte of the file, comments and order included,
stays as it was. A file none of whose values changed is not written at all.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal

import yaml

from .rows import STATUS_KIND, Row
from .cells import Percent, Uncomputed

_SCALAR = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^#\n]*?(?=\s+#|\s*$)")
_UNREPORTED_NOTE = re.compile(r"#\s*chưa báo cáo;\s*")
_UNREPORTED_ALONE = re.compile(r"\s*#\s*chưa báo cáo\s*$")   # new-year's note of a result the plan compares
DIGITS = 15     # Excel keeps and shows 15 significant digits: 0.1+0.2 is 0.3 there, 10^16+1 is 10^16


def shown(number) -> Decimal:
    """The number as Excel shows it (15 significant digits): a formula's 97.30000000000001 is the 97.3 on screen."""
    return Decimal(f"{number:.{DIGITS}g}")


def beyond_digits(cell) -> bool:
    """True for a number Excel cannot hold exactly (10^15 or more): the digits after the 15th were rounded away."""
    number = cell.value * 100 if isinstance(cell, Percent) else cell
    return isinstance(number, (int, float)) and not isinstance(number, bool) and abs(number) >= 10 ** DIGITS


def scalar(cell, kind: str) -> str:
    """The YAML text of a cell's value for a row of `kind` (openpyxl gives int, float, str, bool, datetime, None)."""
    if isinstance(cell, Uncomputed):     # a formula without its result (in H: refused as the text it is)
        cell = cell.formula
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return "null"
    if isinstance(cell, Percent):        # the cell shows 79,85%: it stores 0.7985
        percent = f"{(shown(cell.value) * 100).normalize():f}"
        # a percent where a count is wanted: refused as the text it shows
        return percent if kind == "percent" else json.dumps(f"{percent}%")
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        cell = cell.date()
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        if kind == "month" and cell.day == 1:          # Excel turns a typed 2024-10 into 1 October 2024
            return json.dumps(f"{cell:%Y-%m}")
        return cell.isoformat()
    if isinstance(cell, dt.datetime):
        return json.dumps(cell.isoformat(sep=" "))
    if isinstance(cell, float):      # plain digits, never 1e-05 (YAML would read that as text)
        return f"{shown(cell).normalize():f}" if cell == cell and abs(cell) != float("inf") else json.dumps(str(cell))
    if isinstance(cell, int):
        return str(cell)
    # text stays text (the loader says if it should not), composed: "khó đạt" typed with decomposed accents (a Mac,
    # Unikey's "Unicode tổ hợp") is the status "khó đạt", not an unknown value that looks the same
    return json.dumps(unicodedata.normalize("NFC", str(cell).strip()), ensure_ascii=False)


def same(new_text: str, old) -> bool:
    """True when the scalar means the value the file holds already (type included: 1 is not true, 90 is 90.0)."""
    new = yaml.safe_load(new_text)
    if isinstance(new, bool) or isinstance(old, bool):
        return type(new) is type(old) and new == old
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return new == old and isinstance(new, int) == isinstance(old, int)
    return type(new) is type(old) and new == old


def edited(cell, exported, kind: str) -> bool:
    """True when a cell no longer holds what the export wrote in it (column H keeps that): the unit typed in it."""
    new = scalar(cell, kind)
    if kind == STATUS_KIND and new == "null":
        return False                  # a status left blank keeps its value (filled_texts)
    return not same(new, yaml.safe_load(scalar(exported, kind)))


def replace_value(text: str, line: int, column: int, new_text: str) -> str:
    """`text` with the scalar starting at line:column (1-based) replaced by new_text; a trailing comment that says
    "chưa báo cáo" (new-year's) loses those words once a value is given."""
    lines = text.split("\n")
    old_line = lines[line - 1]
    start = column - 1
    match = _SCALAR.match(old_line, start)
    if match is None:
        raise ValueError(f"line {line}: no scalar at column {column}")
    rest = old_line[match.end():]
    if new_text != "null":
        rest = _UNREPORTED_ALONE.sub("", _UNREPORTED_NOTE.sub("# ", rest, count=1))
    lines[line - 1] = old_line[:start] + new_text + rest
    return "\n".join(lines)


def error_key(row: Row) -> str:
    """The key an error of check names for the row's value when it names the figure, not the value's line (the
    pages' formatters: figures.x.value; indicators.a.target)."""
    return row.key if row.key.startswith("indicators.") else f"figures.{row.key.split('.', 1)[1]}.value"


def filled_texts(texts: dict, rows: list[Row], cells: dict) -> tuple[dict, dict]:
    """({file: new text} for the files that change, {(file, line) and (file, key of an error): row}) — texts is
    {file: its text now}, cells {row key: cell value}."""
    changed, at = {}, {}
    for row in rows:
        if row.key not in cells:
            continue
        new_text = scalar(cells[row.key], row.kind)
        if row.kind == STATUS_KIND and new_text == "null":
            new_text = json.dumps(row.value, ensure_ascii=False)   # a status is never empty: the cell left blank
        at[(row.file, row.line)] = at[(row.file, error_key(row))] = row
        if same(new_text, row.value):
            continue
        changed[row.file] = replace_value(changed.get(row.file, texts[row.file]), row.line, row.column, new_text)
    return changed, at
