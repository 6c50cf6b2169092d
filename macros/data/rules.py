"""Consistency rules of a year (rules.yml), wholes and their parts (`part_of:` in the figures files: every declared
pair is checked, no rule written for it), and the built-in rule that an indicator's status fits its numbers."""
from __future__ import annotations

from ..errors import DataError
from .model import Indicator, Year


def _side_value(year: Year, side):
    """(the sum of the side's figures, the keys it names that do not exist); the sum is None while one of them is
    not reported yet."""
    keys = [side] if isinstance(side, str) else list(side)
    missing = [k for k in keys if k not in year.figures]
    if missing:
        return None, missing
    values = [year.figures[k].value for k in keys]
    return (None if None in values else sum(values)), []


def pending_rules(year: Year) -> list[dict]:
    """The rules not checked yet because a figure they need is not reported yet."""
    return [r for r in year.rules if not (_side_value(year, r["left"])[1] or _side_value(year, r["right"])[1])
            and None in (_side_value(year, r["left"])[0], _side_value(year, r["right"])[0])]


def check_rules(year: Year) -> list[DataError]:
    errors = []
    for rule in year.rules:
        if rule.get("decision") and rule["decision"] not in year.decisions and "decisions" not in year.failed:
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}.decision",
                                    f"Ghi chú biên tập '{rule['decision']}' không có trong decisions.yml.",
                                    f"Editorial decision '{rule['decision']}' is not in decisions.yml.",
                                    "Thêm ghi chú đó hoặc sửa khoá."))
        left, miss_l = _side_value(year, rule["left"])
        right, miss_r = _side_value(year, rule["right"])
        if not (miss_l or miss_r) and (left is None or right is None):
            continue   # a figure it needs is not reported yet: checked once it is (pending_rules lists it)
        if all(year.refused(k) for k in miss_l + miss_r) and (miss_l or miss_r):
            continue   # a figure it needs was refused; that error is reported, this one would only repeat it
        if miss_l or miss_r:
            names = ", ".join(miss_l + miss_r)
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}",
                                    f"Quy tắc '{rule['id']}' dùng số liệu không tồn tại: {names}.",
                                    f"Rule '{rule['id']}' uses unknown figure(s): {names}.", "Sửa khoá trong quy tắc."))
            continue
        ok = left == right if rule["check"] == "equal" else left <= right
        if not ok:
            sign = "=" if rule["check"] == "equal" else "≤"
            files = sorted({year.figures[k].file for s in (rule["left"], rule["right"])
                            for k in ([s] if isinstance(s, str) else s)})
            detail = f"{_describe(year, rule['left'])} = {left}, {_describe(year, rule['right'])} = {right}"
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}",
                                    f"Vi phạm quy tắc '{rule['id']}' ({rule['label']}): cần vế trái {sign} vế phải, "
                                    f"nhưng {detail}. Tệp liên quan: {', '.join(files)}.",
                                    f"Rule '{rule['id']}' is broken: left {sign} right expected, but {detail}.",
                                    "Sửa số liệu sai; nếu bản gốc tự mâu thuẫn, ghi quyết định vào decisions.yml."))
    return errors


def part_pairs(year: Year) -> list[tuple[str, str]]:
    """(part, whole) for every `part_of:` the year's figures declare."""
    return [(fig.key, whole) for fig in year.figures.values() for whole in fig.part_of]


def check_parts(year: Year) -> list[DataError]:
    """A part is never larger than its whole; a whole that does not exist is named with the closest key."""
    from .lookup import closest
    errors = []
    for part_key, whole_key in part_pairs(year):
        part = year.figures[part_key]
        key = f"figures.{part_key.split('.', 1)[1]}.part_of"
        whole = year.figures.get(whole_key)
        if whole is None:
            if not year.refused(whole_key):
                near = closest(whole_key, [k for k in year.figures if not k.startswith("indicators.")], 1)
                errors.append(DataError(part.file, part.part_of_line, None, key,
                                        f"part_of: '{whole_key}' không phải một số liệu năm {year.year}.",
                                        f"part_of: '{whole_key}' is not a figure of {year.year}.",
                                        (f"Có phải '{_short(near[0], part_key)}'? " if near else "")
                                        + "Ghi khoá của số liệu tổng: cùng tệp thì chỉ tên (members), tệp khác thì "
                                          "tên_tệp.tên (party.members)."))
            continue
        if part.kind not in ("count", "money") or whole.kind != part.kind:
            errors.append(DataError(part.file, part.part_of_line, None, key,
                                    f"'{part_key}' ({part.unit}) không thể là một phần của '{whole_key}' "
                                    f"({whole.unit}): chỉ số đếm hoặc số tiền mới có phần và tổng.",
                                    f"'{part_key}' ({part.unit}) cannot be part of '{whole_key}' ({whole.unit}).",
                                    "Bỏ part_of ở số liệu này, hoặc ghi đúng khoá của số liệu tổng."))
            continue
        if part.value is not None and whole.value is not None and part.value > whole.value:
            errors.append(DataError(part.file, part.line, None, key,
                                    f"'{part_key}' = {part.value} {part.unit} lớn hơn tổng của nó '{whole_key}' = "
                                    f"{whole.value} {whole.unit} ({part.label} là một phần của {whole.label}).",
                                    f"'{part_key}' = {part.value} is larger than its whole '{whole_key}' = "
                                    f"{whole.value}.",
                                    f"Sửa số sai (phần ở dòng {part.line}, tổng ở {whole.file}:{whole.line}); nếu bản "
                                    "gốc tự mâu thuẫn, ghi quyết định vào decisions.yml."))
    return errors


def _short(key: str, near_key: str) -> str:
    """A key as the part's file writes it: 'members' in the same file, 'party.members' from another."""
    return key.split(".", 1)[1] if key.split(".")[0] == near_key.split(".")[0] else key


def _describe(year: Year, side) -> str:
    keys = [side] if isinstance(side, str) else side
    if len(keys) == 1:
        return keys[0]
    return " + ".join(f"{k} ({year.figures[k].value})" for k in keys)


def status_expected(ind: Indicator) -> set | None:
    """The statuses an indicator may have given its target and actual; None when either is unknown."""
    if ind.target is None or ind.actual is None:
        return None
    met = ind.actual > ind.target if ind.target_op == ">" else ind.actual >= ind.target
    return {"đạt"} if met else {"khó đạt", "chưa đạt"}


def check_indicator_statuses(year: Year) -> list[DataError]:
    errors = []
    for sec in year.sectors:
        for ind in sec.indicators:
            allowed = status_expected(ind)
            if allowed is not None and ind.status not in allowed:
                errors.append(DataError(
                    ind.file, ind.status_line or ind.line, None, f"indicators.{ind.id}.status",
                    f"Trạng thái '{ind.status}' không khớp: chỉ tiêu {ind.target_op} {ind.target}, kết quả {ind.actual}; "
                    f"trạng thái phải là {' hoặc '.join(sorted(allowed))}.",
                    f"Status '{ind.status}' disagrees with target {ind.target} and actual {ind.actual}.",
                    "Sửa trạng thái, hoặc sửa chỉ tiêu/kết quả nếu ghi nhầm."))
    return errors

