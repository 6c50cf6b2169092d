"""Lookups by key for pages and commands; a miss raises LookupFailed that says what exists and what to do."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from .. import chars
from ..errors import LookupFailed
from .model import NO_RESULT, Dataset, Figure, Sector, Year


def closest(wanted: str, known, n: int = 3) -> list[str]:
    """The known keys nearest to a mistyped one ('smartphone_user' -> 'smartphone_users'), best first."""
    return difflib.get_close_matches(wanted, list(known), n=n, cutoff=0.6)


def _did_you_mean(wanted: str, known) -> str:
    odd = chars.odd_characters(wanted) or chars.outside(wanted, "a-z0-9_.")   # a look-alike letter, a space, a capital
    if odd:   # pasted from Word or a chat: name the character an editor cannot see
        plain = ".".join(chars.as_key(part) for part in chars.plain(wanted).strip().split("."))
        near = [plain] if plain in known else closest(plain, known)
        return (f"Khoá có {chars.describe(odd)} (tính trong khoá). {chars.advice(odd) or 'Gõ lại khoá bằng bàn phím.'} "
                + (f"Có phải {' hoặc '.join(repr(k) for k in near)}? " if near else ""))
    near = closest(wanted, known)
    return f"Có phải {' hoặc '.join(repr(k) for k in near)}? " if near else ""


def no_result(year: Year, key: str) -> tuple[str, str, str] | None:
    """(vi, en, fix) when `key` is the result of an indicator whose status has none ('chưa có cơ sở tính', 'chưa thực
    hiện'): a page or a card quoting it is told so, not sent to another indicator's result by a guess."""
    stem, _, rest = key.partition(".")
    ind_id, _, attr = rest.rpartition(".")
    ind = next((i for sec in year.sectors for i in sec.indicators if i.id == ind_id), None) \
        if stem == "indicators" and attr == "actual" else None
    if ind is None or ind.status not in NO_RESULT:
        return None
    where = f"data/{year.year}/indicators.yml" + (f":{ind.status_line or ind.line}" if ind.line else "")
    return (f"Chỉ tiêu '{ind_id}' có tình trạng '{ind.status}' ({where}): chỉ tiêu này không có kết quả, nên không có "
            f"số liệu '{key}' để trích.", f"Indicator '{ind_id}' is '{ind.status}': it has no result to quote.",
            "Bỏ chỗ trích kết quả của chỉ tiêu này (viết lại câu, hay thẻ, cho tình trạng đó); hoặc, nếu chỉ tiêu có "
            "kết quả, ghi actual: <số> và sửa status cho khớp với chỉ tiêu và kết quả.")


def find_figure(ds: Dataset, year: int, key: str) -> Figure:
    """Figure `key` of `year`; "2024/telecom.x" names another year explicitly."""
    if re.match(r"^\d{4}/", key):
        year, key = int(key[:4]), key[5:]
    if year not in ds.years:
        raise LookupFailed(f"Không có dữ liệu năm {year} (thư mục data/{year}/).", f"No data for year {year}.",
                           f"Sửa năm trong khoá, hoặc tạo data/{year}/ (python -m macros new-year {year}).")
    figs = ds.years[year].figures
    if key in figs:
        return figs[key]
    if none := no_result(ds.years[year], key):
        raise LookupFailed(*none)
    stem, _, name = key.partition(".")
    files = [f for f in ds.years[year].files if Path(f).stem == stem]
    if files:
        where = f"tệp {files[0]} không có khoá '{name}'"
        same_file = [k.split(".", 1)[1] for k in figs if k.startswith(stem + ".")]
        hint = _did_you_mean(name, same_file)
    else:
        where = f"không có tệp data/{year}/{stem}.yml"
        hint = _did_you_mean(key, figs)
    raise LookupFailed(f"Số liệu '{key}' không có trong dữ liệu năm {year} ({where}).", f"Figure '{key}' not found.",
                       f"{hint}Sửa khoá trên trang, hoặc thêm số liệu vào tệp dữ liệu.")


def find_document(ds: Dataset, year: int, key: str) -> dict:
    docs = ds.years[year].documents if year in ds.years else {}
    if key not in docs:
        raise LookupFailed(f"Văn bản '{key}' không có trong data/{year}/documents.yml.", f"Document '{key}' not found.",
                           f"{_did_you_mean(key, docs)}Sửa khoá trên trang, hoặc thêm mục '{key}' vào "
                           f"data/{year}/documents.yml.")
    if docs[key].get("out_of_use"):
        raise LookupFailed(f"Văn bản '{key}' được đánh dấu không còn dùng (out_of_use: true) trong "
                           f"data/{year}/documents.yml.", f"Document '{key}' is marked out of use.",
                           f"Bỏ trích dẫn này, hoặc xoá dòng out_of_use của '{key}' nếu văn bản vẫn còn hiệu lực.")
    return docs[key]


def find_decision(ds: Dataset, year: int, key: str) -> dict:
    decisions = ds.years[year].decisions if year in ds.years else {}
    if key not in decisions:
        raise LookupFailed(f"Ghi chú biên tập '{key}' không có trong data/{year}/decisions.yml.",
                           f"Editorial decision '{key}' not found.",
                           f"{_did_you_mean(key, decisions)}Sửa khoá trên trang, hoặc thêm mục '{key}' vào "
                           f"data/{year}/decisions.yml.")
    return decisions[key]


def find_sector(ds: Dataset, year: int, sector: str) -> Sector:
    sectors = ds.years[year].sectors if year in ds.years else []
    for sec in sectors:
        if sec.id == sector:
            return sec
    known = [s.id for s in sectors]
    raise LookupFailed(f"Lĩnh vực '{sector}' không có trong data/{year}/indicators.yml.", f"Sector '{sector}' not found.",
                       f"{_did_you_mean(sector, known)}Dùng một trong: {', '.join(known)}.")


def find_report_field(ds: Dataset, year: int, field: str):
    meta = ds.years[year].report if year in ds.years else {}
    if field not in meta:
        raise LookupFailed(f"Không có mục '{field}' trong data/{year}/report.yml.", f"No '{field}' in report.yml.",
                           f"{_did_you_mean(field, meta)}Dùng một trong: {', '.join(k for k in meta if k != 'file')}.")
    return meta[field]
