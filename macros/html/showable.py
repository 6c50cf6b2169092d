"""Every figure, document, indicator and report fact through the code the pages use, before any page is built: a
value the formatter cannot show, or would show as another number, fails with its own file, line and key instead of
a crash (or a silent rounding) in the middle of a page.

Decision (docs/huong-dan-bien-tap.md, "Đọc thông báo lỗi"): a stated number has at most as many decimals as the page
shows (`decimals`, default 2). What the reader sees is exactly what was written, so a status compared with its
target never contradicts the numbers shown (89.999 against 90 would show "90% … khó đạt").
"""
from __future__ import annotations

from dataclasses import asdict

from .. import formats
from ..cache import DISABLED, Cache
from ..data.values import decimals_of
from ..errors import DataError, fault_text
from . import document as report_parts
from . import figures


def _fault(exc: Exception) -> str:
    return fault_text(exc)[:160]


def _figure_key(key: str) -> str:
    """Where a figure's value is written: 'telecom.x' -> figures.x.value; 'indicators.a.target' as is."""
    if key.startswith("indicators."):
        return key
    return f"figures.{key.split('.', 1)[1]}.value"


def _figure_problem(fig) -> tuple | None:
    try:
        shown = formats.figure_text(fig)
    except Exception as exc:
        big = isinstance(fig.value, (int, float)) and abs(fig.value) >= 10 ** 15
        return (f"Trang không hiển thị được giá trị '{fig.value}' ({'số quá lớn' if big else _fault(exc)}).",
                f"The page cannot show the value {fig.value!r} ({'too large' if big else _fault(exc)}).",
                "Kiểm tra lại con số (thừa chữ số?) và đơn vị của số liệu.")
    if fig.derived is None and isinstance(fig.value, float) and decimals_of(fig.value) > fig.decimals:
        return (f"'{fig.value}' có {decimals_of(fig.value)} chữ số thập phân nhưng trang chỉ hiện {fig.decimals} "
                f"(sẽ hiện {shown}): người đọc thấy một số khác số đã ghi.",
                f"{fig.value!r} has {decimals_of(fig.value)} decimals but the page shows {fig.decimals} "
                f"(it would show {shown}).",
                f"Ghi đúng số như bản gốc, tối đa {fig.decimals} chữ số thập phân"
                + ("." if fig.key.startswith("indicators.") else
                   f"; nếu bản gốc ghi nhiều chữ số hơn, thêm 'decimals: {decimals_of(fig.value)}' vào số liệu này."))
    return None


def unshowable(ds, cache: Cache = DISABLED, digests: dict | None = None) -> list[DataError]:
    """Errors for what the pages could not show as written; such figures are taken out of the dataset (refused),
    so no page echoes their error. With `digests` ({year: data.files.year_digest}), a year's result is kept in the
    project's cache under that digest (its files and the schemas, everything its figures, documents and report are
    made from; the code is in the cache's own key): an unchanged year is not formatted again."""
    errors = []
    for year in ds.years.values():
        key = (digests or {}).get(year.year)
        kept = cache.get("showable", str(year.year), key) if key else None
        if isinstance(kept, dict):
            for refused in kept["refused"]:
                year.figures.pop(refused, None)
            year.failed.update(kept["failed"])
            errors += [DataError(**e) for e in kept["errors"]]
            continue
        before_figures, before_failed = set(year.figures), set(year.failed)
        found = _year_problems(year)
        errors += found
        if key:
            cache.put("showable", str(year.year), key, {
                "errors": [asdict(e) for e in found], "refused": sorted(before_figures - set(year.figures)),
                "failed": sorted(set(year.failed) - before_failed)})
    return errors


def _year_problems(year) -> list[DataError]:
    """What the pages could not show of one year; refused figures and parts taken out of it."""
    errors = []
    for key, fig in list(year.figures.items()):
        problem = _figure_problem(fig)
        if problem:
            errors.append(DataError(fig.file, fig.line, None, _figure_key(key), *problem))
            del year.figures[key]
            year.failed.add(key)
    for key, doc in year.documents.items():
        for form in figures.DOCUMENT_FORMS:
            try:
                figures.document(doc, form, "#")
            except Exception as exc:
                errors.append(DataError(doc["file"], doc["line"], None, f"documents.{key}",
                                        f"Trang không hiển thị được văn bản này ({_fault(exc)}).",
                                        f"The page cannot show this document ({_fault(exc)}).",
                                        "Kiểm tra số, ngày (viết 2023-11-30, không ngoặc kép) và các mục của văn bản."))
                year.failed.add("documents")
                break
    for sec in year.sectors:
        try:
            figures.indicator_table(year, sec.id)
            figures.indicator_sentence(year, sec.id, lambda doc: "#")
        except Exception as exc:
            if year.failed & {"documents", "decisions"}:
                continue   # an indicator cites a document or decision of a refused file: that error is reported
            first = sec.indicators[0] if sec.indicators else None
            errors.append(DataError(first.file if first else "", first.line if first else None, None,
                                    f"sectors.{sec.id}", f"Trang không hiển thị được lĩnh vực này ({_fault(exc)}).",
                                    f"The page cannot show this sector ({_fault(exc)}).",
                                    "Kiểm tra chỉ tiêu, kết quả, đơn vị và tình trạng của các chỉ tiêu."))
            year.failed.add("indicators")
    if year.report:
        try:
            report_parts.document_header(year)
            report_parts.signature(year)
        except Exception as exc:
            errors.append(DataError(year.report.get("file", ""), None, None, "report",
                                    f"Trang không hiển thị được phần đầu hoặc phần ký của văn bản ({_fault(exc)}).",
                                    f"The page cannot show the document's header or signature ({_fault(exc)}).",
                                    "Kiểm tra số, ngày (viết 2023-12-15), người ký, nơi nhận trong report.yml."))
            year.failed.add("report")
    return errors
