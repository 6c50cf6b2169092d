"""JSON Schema validation of one loaded YAML file, with messages an editor can act on."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .. import chars
from ..cache import DISABLED, Cache, digest
from ..errors import DataError
from .lookup import closest
from .values import number_hint
from .yamlload import Loaded, key_path

SPECIAL_FILES = {"indicators", "documents", "rules", "decisions", "report", "cover"}
TYPE_VI = {"integer": "số nguyên", "number": "số", "string": "chữ", "array": "danh sách",
           "object": "bảng khoá", "null": "để trống", "boolean": "đúng/sai"}


def schema_name(stem: str) -> str:
    """Which schema a data file follows: by its name; every other file is a figures file."""
    return stem if stem in SPECIAL_FILES else "figures"


def schema_comment(name: str) -> str:
    return f"# yaml-language-server: $schema=../schemas/{name}.schema.json"


def schema_text(name: str, schema_dir) -> str:
    """A schema of a project as written (data/schemas/ of the project read: an old revision is checked against
    its own schemas)."""
    return (Path(schema_dir) / f"{name}.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def validator(text: str):
    """The validator of one schema, by its text (a schema edited while `mkdocs serve` runs is read again).
    jsonschema is imported here, on the first file the cache does not already know."""
    from jsonschema import Draft202012Validator, FormatChecker
    return Draft202012Validator(json.loads(text), format_checker=FormatChecker())   # schemas: tests/test_loader.py


def jsonable(value):
    """Dates become ISO strings, so JSON Schema sees what an editor typed."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _kind(value) -> str:
    if value is None:
        return "ô trống"
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, int):
        return "số nguyên"
    if isinstance(value, float):
        return "số thập phân"
    if isinstance(value, str):
        return "chữ"
    if isinstance(value, list):
        return "danh sách"
    return "bảng khoá"


def validate(loaded: Loaded, name: str, schema_dir, cache: Cache = DISABLED) -> list[DataError]:
    """Every schema error of the file, except where the loader already refused the value (no double report).

    The result is kept in the project's cache under the file's path, its text and the schema's text: the same
    file against the same schema is not validated twice; any change to either is validated again. What is kept
    is the errors AND the paths they mark bad in `loaded` (the loader leaves those values out).
    """
    schema = schema_text(name, schema_dir)
    key = digest(loaded.file, loaded.text, sorted(map(repr, loaded.bad)), schema)
    kept = cache.get("valid", loaded.file, key)
    if kept is not None:
        for path in kept["bad"]:
            loaded.mark(path)
        return [DataError(**e) for e in kept["errors"]]
    before = set(loaded.bad)
    errors = _schema_errors(loaded, schema)
    cache.put("valid", loaded.file, key, {"errors": [asdict(e) for e in errors],
                                         "bad": [list(path) for path in set(loaded.bad) - before]})
    return errors


def _schema_errors(loaded: Loaded, schema: str) -> list[DataError]:
    """Every schema error of the file, except where the loader already refused the value (no double report).

    A misspelt key ('lable') is one mistake: it is reported once, as an unknown key with 'did you mean', and not
    a second time as the missing required key it was meant to be.
    """
    data = jsonable(loaded.data)
    already = set(loaded.bad)
    found = [e for e in validator(schema).iter_errors(data)
             if not any(tuple(e.absolute_path)[:i] in already for i in range(len(e.absolute_path) + 1))]
    unknown = {}   # path -> unknown keys there
    for err in found:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            unknown[tuple(err.absolute_path)] = [k for k in err.instance if k not in allowed]
    errors = []
    for err in sorted(found, key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            errors += [_unknown_key(loaded, path, k, allowed) for k in unknown[path]]
            continue
        if err.validator == "required" and isinstance(err.instance, dict):
            missing = [k for k in err.validator_value if k not in err.instance
                       and not any(_distance(u, k) <= 2 for u in unknown.get(path, []))]
            if not missing:
                continue
        errors.append(_translate(err, loaded))
    return errors


def _unknown_key(loaded: Loaded, path, key, allowed) -> DataError:
    near = closest(key, allowed) or [a for a in sorted(allowed) if _distance(a, key) <= 2][:1]
    guess = f"Có phải {' hoặc '.join(repr(k) for k in near)}? " if near else ""
    others = [a for a in sorted(allowed) if a not in near]
    return loaded.error(path + (key,), f"Khoá '{key}' không có trong mẫu dữ liệu (viết sai tên?).",
                        f"Unknown key '{key}' (misspelt?).",
                        f"{guess}Các khoá {'khác ' if near else ''}được dùng ở đây: {', '.join(others)}.")


def _distance(a: str, b: str) -> int:
    """Edit distance (a swap of two letters counts 1), for 'did you mean'."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _example(key: str, expected: list) -> str:
    if key == "date" or key.endswith("_date"):
        return f"{key}: 2023-11-30"
    if any(t in ("number", "integer") for t in expected):
        return f"{key}: 14871"
    return f"{key}: Bưu cục"


def _translate(err, loaded: Loaded) -> DataError:
    path = tuple(err.absolute_path)
    inst = err.instance
    raw = loaded.raw.get(path)
    shown = raw if raw is not None else json.dumps(inst, ensure_ascii=False)[:60]
    v = err.validator
    if v == "required":
        missing = [k for k in err.validator_value if isinstance(inst, dict) and k not in inst]
        names = ", ".join(f"'{k}'" for k in missing)
        return loaded.error(path, f"Thiếu khoá bắt buộc {names}.", f"Missing required key(s) {names}.",
                            f"Thêm {names} vào mục này.")
    if v == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        exp_vi = " hoặc ".join(TYPE_VI.get(t, t) for t in expected)
        fix = "Sửa lại giá trị cho đúng kiểu."
        if path and path[-1] == "part_of":
            fix = "Ghi khoá của số liệu tổng: part_of: members (cùng tệp), part_of: party.members (tệp khác)."
        if inst is None:
            key = path[-1] if path and isinstance(path[-1], str) else "giá trị"
            return loaded.error(path, f"Giá trị của '{key}' đang để trống (cần {exp_vi}).",
                                f"The value of '{key}' is empty (expected {' or '.join(expected)}).",
                                f"Ghi giá trị ngay sau '{key}:' trên cùng dòng, ví dụ {_example(key, expected)}; "
                                "nếu bản gốc không có thông tin này, xoá cả dòng"
                                + (" hoặc viết null" if "null" in expected else "") + ".")
        if isinstance(inst, str) and "array" in expected:   # a list written on one line as text
            key = path[-1] if path and isinstance(path[-1], str) else "danh_sach"
            items = [i.strip() for i in inst.replace(";", ",").split(",") if i.strip()][:3] or ["…"]
            fix = (f"Viết danh sách YAML: dòng '{key}:' rồi mỗi mục một dòng, thụt 2 dấu cách và bắt đầu bằng '- ': "
                   + " ".join(f"'  - {i}'" for i in items) + (" …" if inst.count(",") + inst.count(";") > 2 else "")
                   + f"; hoặc trên một dòng: {key}: [" + ", ".join(f'"{i}"' for i in items) + "].")
        elif isinstance(inst, str) and any(t in ("number", "integer") for t in expected):
            fix = number_hint(inst, "integer" in expected, text_value=True) or fix
        elif isinstance(inst, str) and chars.odd_characters(inst):
            fix = f"{chars.describe(chars.odd_characters(inst))}. {chars.advice(chars.odd_characters(inst))}"
        return loaded.error(path, f"Cần {exp_vi}, nhưng gặp {_kind(inst)} '{shown}'.",
                            f"Expected {' or '.join(expected)}, found {shown!r}.", fix)
    if v == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return loaded.error(path, f"Giá trị '{shown}' không hợp lệ.", f"Value {shown!r} is not allowed.",
                            f"Chọn một trong: {choices}.")
    if v == "format":
        return loaded.error(path, f"'{shown}' không phải ngày hợp lệ.", f"{shown!r} is not a valid date.",
                            "Viết ngày theo dạng năm-tháng-ngày, ví dụ 2023-11-30.")
    if isinstance(inst, str) and "propertyNames" in err.schema_path:   # a key: named at its own line, each odd character named
        odd = chars.outside(inst)
        line, col = loaded.where(path + (inst,))
        loaded.mark(path + (inst,))
        return DataError(loaded.file, line, col, key_path(path + (inst,)),
                         f"Khoá '{inst}' có {chars.describe(odd, (col or 1) - 1)}: khoá chỉ gồm chữ thường không "
                         "dấu (a-z), chữ số và dấu gạch dưới.",
                         f"Key '{inst}' holds {chars.describe(odd, (col or 1) - 1, en=True)}; a key is lower-case "
                         "a-z, digits and '_'.",
                         f"Gõ lại khoá bằng bàn phím (chế độ gõ tiếng Anh): {chars.as_key(inst) or 'ten_so_lieu'}.")
    key = path[-1] if path and isinstance(path[-1], str) else "giá trị"
    form = err.schema.get("description")
    if v == "pattern" or (v == "propertyNames"):
        odd = chars.odd_characters(str(inst))
        seen = f" Có {chars.describe(odd)} (tính trong khoá)." if odd else ""
        fix = f"Viết theo mẫu: {form}." if form and isinstance(inst, str) and not odd else (
            "Khoá chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ"
            + (f"; gõ lại: {chars.plain(str(inst))}." if odd else "."))
        return loaded.error(path, f"'{shown}' không đúng dạng cho phép.{seen}",
                            f"{shown!r} does not match the allowed form.{seen and ' It holds ' + chars.describe(odd, en=True) + '.'}",
                            fix)
    if v == "oneOf" and "figures" in path[:1] and len(path) == 2:
        return loaded.error(path, "Mỗi số liệu cần đúng một trong các khoá: value, sum, ratio, items, years_between.",
                            "Each figure needs exactly one of: value, sum, ratio, items, years_between.",
                            "Số ghi trong báo cáo dùng 'value'; số suy ra dùng 'sum', 'ratio', 'items' hoặc "
                            "'years_between' (số năm giữa hai ngày).")
    if v in ("oneOf", "anyOf"):   # alternatives of a value: say each by its kind
        forms = " hoặc ".join(_form(alternative) for alternative in err.validator_value)
        return loaded.error(path, f"'{key}' cần {forms}, nhưng gặp {_kind(inst)} '{shown}'.",
                            f"{key!r} does not fit any allowed form ({err.message}).",
                            f"Viết theo mẫu: {form}." if form else "Sửa giá trị theo một trong các dạng trên.")
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = err.schema.get("minimum"), err.schema.get("maximum")
        both = low is not None and high is not None
        span = f"từ {low} đến {high}" if both else (f"từ {low} trở lên" if low is not None else f"không quá {high}")
        span_en = f"from {low} to {high}" if both else (f"of {low} or more" if low is not None else f"up to {high}")
        return loaded.error(path, f"'{key}' phải là số {span}, nhưng gặp {shown}.",
                            f"{key!r} must be a number {span_en}, found {shown}.",
                            f"Ghi một số {span}" + (f" ({form})." if form else "."))
    if v in ("minItems", "maxItems") and isinstance(inst, list):
        count = err.validator_value
        vi = (f"Danh sách '{key}' có {len(inst)} mục, nhiều hơn {count} mục cho phép." if v == "maxItems" else
              f"Danh sách '{key}' cần ít nhất {count} mục, nhưng có {len(inst)}.")
        return loaded.error(path, vi, f"The list {key!r} has {len(inst)} item(s) ({err.message}).",
                            f"Viết theo mẫu: {form}." if form else
                            ("Bớt các mục thừa." if v == "maxItems" else "Thêm các mục còn thiếu."))
    if v in ("minItems", "minLength", "minProperties"):
        return loaded.error(path, "Mục này đang trống hoặc quá ngắn.", f"This entry is empty or too short ({err.message}).",
                            "Điền nội dung cho mục này.")
    if v == "dependentRequired" and isinstance(inst, dict) and err.validator_value:
        given, missing = next(((k, [d for d in needs if d not in inst]) for k, needs in err.validator_value.items()
                               if k in inst and any(d not in inst for d in needs)), ("", []))
        names = ", ".join(f"'{m}'" for m in missing)
        return loaded.error(path + (given,), f"Có khoá '{given}' thì phải có cả {names} trong mục này.",
                            f"'{given}' needs {names} beside it ({err.message}).",
                            f"Thêm {names}, hoặc xoá '{given}'."
                            + (f" ({given}: {meaning})" if (meaning := err.schema.get("properties", {})
                                                            .get(given, {}).get("description")) else ""))
    return loaded.error(path, f"Giá trị '{shown}' không đúng mẫu dữ liệu (điều kiện '{v}' của data/schemas/).",
                        f"Invalid value ({err.message}).", "Sửa theo mẫu dữ liệu trong data/schemas/.")


def _form(schema: dict) -> str:
    """One alternative of a oneOf/anyOf, said by its kind: 'chữ', 'danh sách (ít nhất 1 mục)'."""
    kinds = schema.get("type", [])
    said = " hoặc ".join(TYPE_VI.get(t, t) for t in (kinds if isinstance(kinds, list) else [kinds])) or "một dạng khác"
    if "minItems" in schema:
        said += f" (ít nhất {schema['minItems']} mục)"
    return said
