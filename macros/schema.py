"""JSON Schema validation of one loaded YAML file, with messages an editor can act on."""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from .errors import DataError
from .yamlload import Loaded

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"
SPECIAL_FILES = {"indicators", "documents", "rules", "decisions", "report"}
TYPE_VI = {"integer": "số nguyên", "number": "số", "string": "chữ", "array": "danh sách",
           "object": "bảng khoá", "null": "để trống", "boolean": "đúng/sai"}


def schema_name(stem: str) -> str:
    """Which schema a data file follows: by its name; every other file is a figures file."""
    return stem if stem in SPECIAL_FILES else "figures"


def schema_comment(name: str) -> str:
    return f"# yaml-language-server: $schema=../schemas/{name}.schema.json"


@lru_cache(maxsize=None)
def validator(name: str, schema_dir: str = str(SCHEMA_DIR)) -> Draft202012Validator:
    schema = json.loads((Path(schema_dir) / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


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


def validate(loaded: Loaded, name: str) -> list[DataError]:
    data = jsonable(loaded.data)
    errors = []
    for err in sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        errors.append(_translate(err, loaded))
    return errors


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
    if v == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        k = extra[0] if extra else "?"
        known = ", ".join(sorted(allowed))
        return loaded.error(path + (k,), f"Khoá '{k}' không có trong mẫu dữ liệu (viết sai tên?).",
                            f"Unknown key '{k}' (misspelt?).", f"Dùng một trong các khoá: {known}.")
    if v == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        exp_vi = " hoặc ".join(TYPE_VI.get(t, t) for t in expected)
        fix = "Sửa lại giá trị cho đúng kiểu."
        if isinstance(inst, str) and "," in inst and any(t in ("number", "integer") for t in expected):
            fix = f"Trong YAML số thập phân viết bằng dấu chấm: {inst.replace('.', '').replace(',', '.')} (trang sẽ hiện dấu phẩy)."
        return loaded.error(path, f"Cần {exp_vi}, nhưng gặp {_kind(inst)} '{shown}'.",
                            f"Expected {' or '.join(expected)}, found {shown!r}.", fix)
    if v == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return loaded.error(path, f"Giá trị '{shown}' không hợp lệ.", f"Value {shown!r} is not allowed.",
                            f"Chọn một trong: {choices}.")
    if v == "format":
        return loaded.error(path, f"'{shown}' không phải ngày hợp lệ.", f"{shown!r} is not a valid date.",
                            "Viết ngày theo dạng năm-tháng-ngày, ví dụ 2023-11-30.")
    if v == "pattern" or (v == "propertyNames"):
        return loaded.error(path, f"'{shown}' không đúng dạng cho phép.", f"{shown!r} does not match the allowed form.",
                            "Khoá chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ.")
    if v == "oneOf" and "figures" in path[:1]:
        return loaded.error(path, "Mỗi số liệu cần đúng một trong các khoá: value, sum, ratio, items.",
                            "Each figure needs exactly one of: value, sum, ratio, items.",
                            "Số ghi trong báo cáo dùng 'value'; số suy ra dùng 'sum', 'ratio' hoặc 'items'.")
    if v in ("minItems", "minLength", "minProperties"):
        return loaded.error(path, "Mục này đang trống hoặc quá ngắn.", f"This entry is empty or too short ({err.message}).",
                            "Điền nội dung cho mục này.")
    return loaded.error(path, f"Giá trị '{shown}' không hợp lệ ({err.message}).", f"Invalid value ({err.message}).",
                        "Sửa theo mẫu dữ liệu trong data/schemas/.")
