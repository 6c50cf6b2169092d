"""The report's data: every figure once, derived figures computed, consistency rules checked.

`load(root)` reads `data/<year>/*.yml` and returns a Dataset with every error found (never only the first).
Keys are local to a year ("telecom.smartphone_users"); `Figure.global_key` adds the year ("2023/telecom...").
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import chars
from ..cache import for_project
from ..errors import DataError
from . import compare, cover, files, schema
from .derive import compute_derived, register_tallies
from .lookup import closest, no_result
from .model import DERIVED, STATUSES, NO_RESULT, UNIT_KIND, UNREPORTED, Dataset, Figure, Indicator, Sector, Year, indicator_label
from .rules import check_indicator_statuses, check_parts, check_rules
from .values import fraction_percent, number_hint, quoted_date
from .yamlload import Loaded, load_file

DATED = {"documents": ("documents", "*", "date"), "report": ("date",)}   # date fields: a quoted date is text


def load(root, cache=None, keep=None, year_key=None) -> Dataset:
    """Load every year under root/data (root is the project folder). Schema results are kept in `cache`
    (default: the project's, macros/cache.py). keep(name, parts, make): make(), or what it made from the same parts
    (`mkdocs serve` keeps each year loaded while its files are unchanged: site/incremental.py); year_key(year): the
    digest of a year's files (data/files.py year_digest)."""
    root = Path(root)
    cache = for_project(root) if cache is None else cache
    data_dir = root / "data"
    ds = Dataset(root)
    if not data_dir.is_dir():
        ds.errors.append(DataError("data", None, None, "", "Không có thư mục data/.", "No data/ folder.",
                                   "Chạy lệnh từ thư mục gốc của dự án."))
        return ds
    for folder in files.year_folders(data_dir, root, ds.errors):
        if keep is None:
            ds.years[int(folder.name)] = _load_year(root, folder, ds.errors, cache)
            continue
        files_digest = (year_key or (lambda y: files.year_digest(root, y)))(int(folder.name))
        year, errors = keep(("year", folder.name), (files_digest,),
                            lambda: (lambda errors: (_load_year(root, folder, errors, cache), errors))([]))
        ds.years[year.year] = year
        ds.errors.extend(errors)
    ds.errors.extend(compare.check_plans(ds))
    ds.errors.extend(compare.check_targets(ds))
    if not ds.years:
        ds.errors.append(DataError("data", None, None, "", "Chưa có dữ liệu năm nào (data/<năm>/).",
                                   "No year folder under data/.", "Tạo data/2023/ hoặc chạy python -m macros new-year."))
    return ds


def _load_year(root: Path, folder: Path, errors: list, cache) -> Year:
    year = Year(int(folder.name))
    loaded = {}
    paths = files.data_files(folder, root, errors, year.failed)
    errors += [e for e in (files.missing_rules(folder, root, paths), files.unreadable_record(folder, root)) if e]
    for path in paths:
        rel = path.relative_to(root).as_posix()
        year.files.append(rel)
        doc = load_file(path, rel)
        errs = list(doc.errors)
        name = schema.schema_name(path.stem)
        if doc.text is not None:   # every error of the file at once: comment, loader and schema
            errs += _check_schema_comment(doc.text, rel, name)
            if doc.data is None and not doc.errors:
                errs.append(DataError(rel, 1, None, "", "Tệp dữ liệu đang trống.", "The data file is empty.",
                                      "Điền dữ liệu hoặc xoá tệp."))
            elif doc.data is not None:
                errs += schema.validate(doc, name, root / "data" / "schemas", cache)
                errs += _dates(doc, name)
        errors.extend(errs)
        usable = not [e for e in errs if e.key != "$schema"]
        if not usable and name == "figures" and isinstance(doc.data, dict) \
                and isinstance(doc.data.get("figures"), dict) and not any(b in ((), ("figures",)) for b in doc.bad):
            usable = True          # a figures file keeps its good figures; _read_figures skips the bad ones
        if usable:
            loaded[path.stem] = (name, doc)
        else:
            year.failed.add(path.stem)
    for stem, (name, doc) in loaded.items():
        if name == "figures":
            _read_figures(year, stem, doc, errors)
        elif name == "documents":
            year.documents = {k: dict(v, key=k, file=doc.file, line=doc.where(("documents", k))[0])
                              for k, v in doc.data["documents"].items()}
        elif name == "decisions":
            year.decisions = {k: dict(v, key=k, file=doc.file, line=doc.where(("decisions", k))[0])
                              for k, v in doc.data["decisions"].items()}
            year.corrections = list(doc.data.get("corrections") or [])
        elif name == "report":
            year.report = dict(doc.data, file=doc.file)
            signed = doc.data.get("date")
            if isinstance(signed, dt.date) and signed.year < year.year:   # last year's date, copied: on the cover
                errors.append(doc.error(("date",), f"Ngày ký {signed:%d/%m/%Y} ở năm {signed.year}, trước năm của báo "
                                        f"cáo ({year.year}): báo cáo năm {year.year} nói kết quả của năm {year.year}, "
                                        f"được ký trong năm đó hoặc sau.", f"The signing date {signed} is before the "
                                        f"report's year {year.year}.", f"Ghi ngày ký thật, ví dụ date: "
                                        f"{year.year}-12-15 (có lẽ đã chép ngày của báo cáo năm trước)."))
        elif name == "cover":
            year.cover = [dict(card, file=doc.file, line=doc.where(("key_figures", i))[0])
                          for i, card in enumerate(doc.data["key_figures"])]
        elif name == "rules":
            year.rules = [dict(r, file=doc.file, line=doc.where(("rules", i))[0]) for i, r in enumerate(doc.data["rules"])]
    if "indicators" in loaded:
        _read_indicators(year, loaded["indicators"][1], errors)
    compute_derived(year, errors)
    _check_references(year, errors)
    errors.extend(check_rules(year))
    errors.extend(check_parts(year))
    errors.extend(check_indicator_statuses(year))
    return year


def _check_schema_comment(text: str, rel: str, name: str) -> list:
    first = text.split("\n", 1)[0].strip()
    expected = schema.schema_comment(name)
    if first != expected:
        found = f"'{first[:70]}'" if first else "dòng trống"
        return [DataError(rel, 1, 1, "$schema",
                          f"Dòng đầu tiên phải ghi tên mẫu dữ liệu (schema) của tệp, nhưng đang là {found}.",
                          "The first line must name the file's schema.", f"Đặt dòng này lên đầu tệp: {expected}")]
    return []




def _read_figures(year: Year, stem: str, doc: Loaded, errors: list) -> None:
    for name, spec in doc.data["figures"].items():
        path = ("figures", name)
        key = f"{stem}.{name}"
        if not doc.clean(path):     # its error is reported already; leave it out, and say nothing more about it
            year.failed.update({key, f"{stem}.{chars.as_key(name)}"})   # and of the key it was meant to be
            continue
        kind = UNIT_KIND.get(spec["unit"], "count")
        fig = Figure(key=key, year=year.year, label=spec["label"], unit=spec["unit"], kind=kind,
                     file=doc.file, line=doc.where(path)[0], decimals=spec.get("decimals", 2),
                     decision=spec.get("decision"), op=spec.get("op"), next_year_key=spec.get("next_year_key"),
                     source=spec.get("source"), qualifier=spec.get("qualifier"), minimum=spec.get("min"))
        if "value" in spec and spec["value"] is None and not doc.raw.get(path + ("value",), "").strip():
            errors.append(doc.error(path + ("value",), "Giá trị của 'value' đang để trống.", "The value is empty.",
                                    "Ghi số ngay sau 'value:' trên cùng dòng, ví dụ value: 141; số liệu chưa có thì "
                                    "viết rõ value: null (chưa báo cáo)."))
            year.failed.add(key)
            continue
        if "value" in spec and spec["value"] is None:
            pass                    # `value: null`: not reported yet ("chưa báo cáo"): shown as such, never a zero
        elif "value" in spec:
            err = _check_value(fig, spec["value"], doc, path + ("value",))
            if err:
                errors.append(err)
                year.failed.add(key)
                continue
            fig.value = spec["value"]
        if "value" not in spec or "sum" in spec:    # a total may state its value too: then the sum checks it
            fig.derived = next(k for k in DERIVED if k in spec)
            refs = spec[fig.derived]
            fig.inputs = tuple(refs) if fig.derived == "items" else tuple(r if "." in r else f"{stem}.{r}" for r in refs)
            if fig.derived == "ratio":
                fig.kind = "percent"
        if spec.get("target_of"):
            fig.target_of = spec["target_of"] if "." in spec["target_of"] else f"{stem}.{spec['target_of']}"
        if spec.get("part_of"):
            wholes = [spec["part_of"]] if isinstance(spec["part_of"], str) else spec["part_of"]
            fig.part_of = tuple(w if "." in w else f"{stem}.{w}" for w in wholes)
            fig.part_of_line = doc.where(path + ("part_of",))[0]
        year.figures[key] = fig


def _check_value(fig: Figure, value, doc: Loaded, path) -> DataError | None:
    raw = doc.raw.get(path, repr(value))
    if fig.kind == "date":
        if not isinstance(value, dt.date):
            return doc.error(path, f"'{raw}' không phải ngày.", f"{raw!r} is not a date.",
                             "Viết ngày theo dạng năm-tháng-ngày, ví dụ 2023-11-30.")
        return None
    if fig.kind == "month":
        if not (isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value)):
            return doc.error(path, f"'{raw}' không phải một tháng (đơn vị 'tháng').", f"{raw!r} is not a month.",
                             "Viết tháng theo dạng năm-tháng trong dấu nháy, ví dụ \"2023-10\"; "
                             "nếu muốn đếm số tháng, dùng đơn vị khác, ví dụ 'số tháng'.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return doc.error(path, f"Cần một con số, nhưng gặp chữ '{raw}'.", f"Expected a number, found text {raw!r}.",
                         number_hint(str(raw), fig.kind in ("count", "money"), text_value=True)
                         or "Ghi số không có dấu chấm hàng nghìn, ví dụ 2119; số thập phân dùng dấu chấm: 79.85.")
    if fig.kind in ("count", "money") and not isinstance(value, int):
        hint = number_hint(str(raw)) or "Số đếm phải là số nguyên."
        return doc.error(path, f"'{raw}' là số thập phân, nhưng '{fig.unit}' là đơn vị đếm (cần số nguyên).",
                         f"{raw!r} is a decimal number but '{fig.unit}' counts whole things.", hint)
    if fig.kind in ("count", "money") and value < 0:
        return doc.error(path, f"Số đếm không thể âm: {raw}.", f"A count cannot be negative: {raw}.", "Sửa lại số.")
    if fig.kind == "percent" and not 0 <= value <= 100:
        return doc.error(path, f"Tỷ lệ phần trăm {raw} nằm ngoài khoảng 0 đến 100.",
                         f"Percentage {raw} is outside 0 to 100.", "Ghi tỷ lệ theo phần trăm, ví dụ 79.85 cho 79,85%.")
    fraction = fig.kind == "percent" and fraction_percent(str(raw), value, fig.minimum)
    return doc.error(path, *fraction) if fraction else None


def _dates(doc: Loaded, name: str) -> list:
    """Dates of documents.yml and report.yml written in quotes (text that only looks like a date)."""
    pattern = DATED.get(name)
    if pattern is None or not isinstance(doc.data, dict):
        return []
    found = [((), doc.data)]
    for part in pattern:
        nxt = []
        for path, node in found:
            if not isinstance(node, dict):
                continue
            items = node.items() if part == "*" else ([(part, node[part])] if part in node else [])
            nxt += [(path + (k,), v) for k, v in items]
        found = nxt
    errors = []
    for path, value in found:
        problem = doc.clean(path) and quoted_date(doc.raw.get(path, value), value)
        if problem:
            errors.append(doc.error(path, *problem))
    return errors


def _read_indicators(year: Year, doc: Loaded, errors: list) -> None:
    seen = {}
    for si, sec in enumerate(doc.data["sectors"]):
        items = []
        for ii, raw in enumerate(sec["indicators"]):
            path = ("sectors", si, "indicators", ii)
            ind = Indicator(sector=sec["id"], file=doc.file, line=doc.where(path)[0],
                            **{k: v for k, v in raw.items()})
            if ind.id in seen:
                errors.append(doc.error(path + ("id",), f"Mã chỉ tiêu '{ind.id}' bị trùng (đã có ở dòng {seen[ind.id]}).",
                                        f"Indicator id '{ind.id}' is used twice.", "Đặt mã khác cho một trong hai."))
                continue
            seen[ind.id] = ind.line
            ind.status_line = doc.where(path + ("status",))[0]
            ind.source_status = tuple([ind.source_status] if isinstance(ind.source_status, str) else ind.source_status)
            wrong = [s for s in ind.source_status if s not in STATUSES or s == UNREPORTED]   # a string: not in the schema
            if wrong:
                errors.append(doc.error(path + ("source_status",), f"Giá trị '{wrong[0]}' không hợp lệ.",
                                        f"Value '{wrong[0]}' is not allowed.",
                                        "Chọn một trong: " + ", ".join(s for s in STATUSES if s != UNREPORTED) + "."))
            if bool(ind.status_decision) != bool(ind.source_status):
                attr = "status_decision" if ind.status_decision else "source_status"
                errors.append(DataError(ind.file, *doc.where(path + (attr,)), f"indicators.{ind.id}.{attr}",
                                        *_source_status_problem(ind)))
            if ind.name and ind.target is not None and "{target}" not in ind.name:
                errors.append(doc.error(path + ("name",), "Tên chỉ tiêu có chỉ tiêu số nhưng thiếu chỗ đặt {target}.",
                                        "The name lacks the {target} placeholder.",
                                        "Viết {target} vào chỗ con số trong tên, ví dụ 'đạt {target}'."))
            if UNIT_KIND.get(ind.unit) in ("date", "month"):
                errors.append(doc.error(path + ("unit",), f"Đơn vị '{ind.unit}' dành cho số liệu là một "
                                        f"{'ngày' if ind.unit == 'ngày' else 'tháng'} (ngày tháng năm), còn chỉ tiêu "
                                        "là một con số so với chỉ tiêu đề ra.",
                                        f"Unit '{ind.unit}' is for a date; an indicator is a number.",
                                        f"Nếu chỉ tiêu đếm số {ind.unit}, viết unit: số {ind.unit}."))
                continue
            for attr in ("target", "actual"):
                v = getattr(ind, attr)
                shown = doc.raw.get(path + (attr,), v)
                fraction = ind.unit == "%" and v is not None and fraction_percent(str(shown), v, ind.min)
                if fraction:
                    errors.append(doc.error(path + (attr,), *fraction))
                elif v is not None and ind.unit == "%" and not 0 <= v <= 100:
                    errors.append(doc.error(path + (attr,), f"Tỷ lệ {shown} nằm ngoài khoảng 0 đến 100.",
                                            f"Percentage {shown} is outside 0 to 100.", "Ghi tỷ lệ theo phần trăm."))
                elif v is not None and UNIT_KIND.get(ind.unit, "count") == "count" and not isinstance(v, int):
                    errors.append(doc.error(path + (attr,), f"'{shown}' là số thập phân, nhưng '{ind.unit}' là đơn vị "
                                            "đếm (cần số nguyên).", f"{shown!r} is a decimal but '{ind.unit}' counts.",
                                            number_hint(str(shown)) or "Số đếm phải là số nguyên."))
            items.append(ind)
            kind = UNIT_KIND.get(ind.unit, "count")
            label = indicator_label(ind.name, sec["name"], ii + 1, len(sec["indicators"]))
            for attr, word in (("target", "chỉ tiêu"), ("actual", "kết quả")):
                # stated, even null (not reported yet, whatever the status: a unit marked it 'đạt' before sending
                # its result), or not reported yet as a whole: shown as such. A null result under a status that has
                # none (NO_RESULT) is no result, as if not written (2023's such indicators have no `actual` line)
                none = attr == "actual" and ind.actual is None and ind.status in NO_RESULT
                if (attr in raw and not none) or (ind.status == UNREPORTED and (attr == "actual" or "{target}" in (
                        ind.name or ""))):
                    key = f"indicators.{ind.id}.{attr}"
                    year.figures[key] = Figure(key=key, year=year.year, label=f"{label} ({word})", unit=ind.unit,
                                               kind=kind, value=getattr(ind, attr), file=doc.file, line=ind.line,
                                               decision=ind.decision)
        year.sectors.append(Sector(sec["id"], sec["name"], sec["lead"], items))
    register_tallies(year, doc.file)


def _source_status_problem(ind: Indicator) -> tuple[str, str, str]:
    """status_decision and source_status go together: the counts a re-sorting changes are the ones of the status it
    gives and of the status(es) the source gave; without the latter a count it empties (02 → 00) reads as settled."""
    if ind.status_decision:
        return (f"Chỉ tiêu có tình trạng do ghi chú biên tập '{ind.status_decision}' xếp (status_decision) nhưng "
                "không ghi tình trạng bản gốc xếp (source_status): số đếm chỉ tiêu mà ghi chú làm đổi — kể cả số "
                "đếm thành 00 — không được đánh dấu [đề nghị].",
                f"The indicator's status is set by decision '{ind.status_decision}' but the status the source gave "
                "it (source_status) is missing: a count the decision changes, or empties, could not be marked.",
                "Thêm dòng source_status: với tình trạng bản gốc ghi cho chỉ tiêu này, ví dụ source_status: chưa "
                "có cơ sở tính (bản gốc xếp vào hai nhóm: source_status: [chưa có cơ sở tính, chưa đạt]).")
    return ("Chỉ tiêu ghi tình trạng bản gốc xếp (source_status) nhưng không ghi ghi chú biên tập xếp lại "
            "(status_decision): tình trạng khác bản gốc chỉ được đổi bằng một ghi chú biên tập.",
            "source_status is given without status_decision: only an editorial decision sorts an indicator "
            "otherwise than the source.",
            "Thêm status_decision: <khoá ghi chú trong decisions.yml>, hoặc xoá dòng source_status nếu bản gốc xếp "
            "như status.")


def _check_references(year: Year, errors: list) -> None:
    for card in year.cover:
        for key in cover.slot_keys(card):
            if key not in year.figures and not year.refused(key) and (none := no_result(year, key)):
                errors.append(DataError(card["file"], card["line"], None, key, *none))
            elif key not in year.figures and not year.refused(key):
                near = closest(key, year.figures, 1)
                errors.append(DataError(card["file"], card["line"], None, key,
                                        f"Thẻ số liệu chính dùng số liệu '{key}', không có trong dữ liệu năm {year.year}.",
                                        f"The key figure card uses '{key}', which is not a figure of {year.year}.",
                                        (f"Có phải '{near[0]}'? " if near else "")
                                        + "Sửa khoá trong {…} cho đúng khoá trong data/ (xem trang Bảng số liệu)."))
    def missing_decision(obj_file, obj_line, key, ref):
        if "decisions" in year.failed:
            return
        errors.append(DataError(obj_file, obj_line, None, key, f"Ghi chú biên tập '{ref}' không có trong decisions.yml.",
                                f"Editorial decision '{ref}' is not in decisions.yml.", "Thêm ghi chú đó hoặc sửa khoá."))

    for fig in year.figures.values():
        if fig.decision and fig.decision not in year.decisions:
            missing_decision(fig.file, fig.line, fig.key, fig.decision)
        if fig.derived == "items" and "documents" not in year.failed:
            for ref in fig.inputs:
                if ref not in year.documents:
                    errors.append(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.items",
                                            f"Văn bản '{ref}' không có trong documents.yml.",
                                            f"Document '{ref}' is not in documents.yml.", "Thêm văn bản vào documents.yml."))
    for key, doc in year.documents.items():
        if doc.get("decision") and doc["decision"] not in year.decisions:
            missing_decision(doc["file"], doc["line"], f"documents.{key}.decision", doc["decision"])
    for sec in year.sectors:
        for ind in sec.indicators:
            if ind.reason_document and ind.reason_document not in year.documents and "documents" not in year.failed:
                errors.append(DataError(ind.file, ind.line, None, f"indicators.{ind.id}.reason_document",
                                        f"Văn bản '{ind.reason_document}' không có trong documents.yml.",
                                        f"Document '{ind.reason_document}' is not in documents.yml.",
                                        "Thêm văn bản vào documents.yml hoặc sửa khoá."))
            for attr in ("decision", "status_decision"):
                ref = getattr(ind, attr)
                if ref and ref not in year.decisions:
                    missing_decision(ind.file, ind.line, f"indicators.{ind.id}.{attr}", ref)


