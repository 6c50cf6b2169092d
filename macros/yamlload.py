"""A YAML loader that refuses what is ambiguous.

Safe loading only (no tag builds a Python object), duplicate keys refused, YAML 1.1 booleans such as
``no``/``yes``/``on``/``off`` refused, numbers with a leading zero refused (YAML reads ``010`` as 8 and ``09`` as
text), tabs in indentation refused, non-finite floats refused. UTF-8 with or without BOM and CRLF line endings are
accepted. Every value keeps its line and column, so later checks can point at it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import DataError

Path = tuple  # of str keys and int indexes

_BOOL_WORDS = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _TAG_BOOL, _TAG_FLOAT, _TAG_INT, _TAG_STR,
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def key_path(path: Path) -> str:
    """("figures", "a", "value") -> "figures.a.value"; indexes as [3]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class Loaded:
    file: str
    data: object = None
    positions: dict = field(default_factory=dict)   # Path -> (line, column), 1-based
    raw: dict = field(default_factory=dict)         # Path -> scalar text as typed
    errors: list = field(default_factory=list)

    def where(self, path: Path) -> tuple:
        """Line and column of the nearest known ancestor of path."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (None, None))

    def error(self, path: Path, vi: str, en: str, fix: str = "") -> DataError:
        line, col = self.where(path)
        return DataError(self.file, line, col, key_path(path), vi, en, fix)


def decode(raw: bytes, file: str) -> tuple[str | None, list[DataError]]:
    """Bytes to text: UTF-8 with or without BOM, any line ending."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [DataError(
            file, line, None, "",
            "Tệp không phải mã UTF-8.", "The file is not UTF-8 encoded.",
            "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại.")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def load_text(text: str, file: str) -> Loaded:
    out = Loaded(file)
    for lineno, line in enumerate(text.split("\n"), 1):
        indent = re.match(r"[ \t]*", line).group(0)
        if "\t" in indent:
            out.errors.append(DataError(
                file, lineno, indent.index("\t") + 1, "",
                "Có ký tự Tab ở đầu dòng; YAML chỉ cho phép thụt lề bằng dấu cách.",
                "A tab is used for indentation; YAML allows only spaces.",
                "Xoá Tab, thụt lề bằng dấu cách (VS Code: 'Convert Indentation to Spaces')."))
    if out.errors:
        return out
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = (exc.problem or str(exc)).strip()
        out.errors.append(DataError(
            file, line, col, "",
            f"Tệp YAML viết sai cú pháp ({problem}).",
            f"YAML syntax error ({problem}).",
            "Kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này và dòng ngay trên."))
        return out
    except yaml.YAMLError as exc:
        out.errors.append(DataError(file, None, None, "", f"Tệp YAML không đọc được ({exc}).",
                                    f"YAML could not be read ({exc}).", "Kiểm tra lại nội dung tệp."))
        return out
    if len(nodes) > 1:
        out.errors.append(DataError(file, None, None, "", "Tệp có nhiều tài liệu YAML (dấu ---).",
                                    "The file holds several YAML documents (---).",
                                    "Mỗi tệp chỉ giữ một tài liệu: xoá các dòng '---' thừa."))
        return out
    if not nodes or nodes[0] is None:
        out.data = None
        return out
    constructor = SafeConstructor()
    out.data = _build(nodes[0], (), out, constructor)
    return out


def load_file(path, file: str) -> Loaded:
    try:
        raw = open(path, "rb").read()
    except FileNotFoundError:
        out = Loaded(file)
        out.errors.append(DataError(file, None, None, "", "Không tìm thấy tệp dữ liệu.",
                                    "Data file not found.", "Kiểm tra tên và đường dẫn tệp."))
        return out
    text, errors = decode(raw, file)
    if errors:
        out = Loaded(file)
        out.errors = errors
        return out
    return load_text(text, file)


def _build(node, path: Path, out: Loaded, constructor: SafeConstructor):
    out.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _ALLOWED_TAGS:
        out.errors.append(out.error(
            path, f"Thẻ YAML '{node.tag}' không được phép.", f"YAML tag '{node.tag}' is not allowed.",
            "Xoá thẻ bắt đầu bằng '!'; dữ liệu chỉ gồm chữ, số, ngày, danh sách và bảng khoá."))
        return None
    if isinstance(node, MappingNode):
        result = {}
        seen = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                out.errors.append(out.error(path, "Khoá phải là một chữ đơn.", "A key must be plain text."))
                continue
            key = key_node.value
            if key == "<<":
                out.errors.append(out.error(
                    path, "Không dùng khoá gộp '<<' (merge key).", "Merge keys '<<' are not allowed.",
                    "Viết đầy đủ từng khoá."))
                continue
            key_line = key_node.start_mark.line + 1
            if key in seen:
                out.errors.append(DataError(
                    out.file, key_line, key_node.start_mark.column + 1, key_path(path + (key,)),
                    f"Khoá '{key}' bị viết hai lần (lần đầu ở dòng {seen[key]}); lần sau sẽ âm thầm thay lần đầu.",
                    f"Key '{key}' is written twice (first at line {seen[key]}); the second would silently replace the first.",
                    "Giữ một lần duy nhất, xoá hoặc đổi tên khoá còn lại."))
                continue
            seen[key] = key_line
            result[key] = _build(value_node, path + (key,), out, constructor)
            out.positions[path + (key,)] = (key_line, key_node.start_mark.column + 1)
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), out, constructor) for i, item in enumerate(node.value)]
    # scalar
    text = node.value
    out.raw[path] = text
    plain = node.style is None
    if plain and node.tag == _TAG_BOOL and text.lower() not in _BOOL_WORDS:
        out.errors.append(out.error(
            path, f"'{text}' bị YAML hiểu thành giá trị đúng/sai.",
            f"'{text}' is read by YAML as a boolean.",
            f"Nếu là chữ, đặt trong ngoặc kép: \"{text}\"; nếu là đúng/sai, viết true hoặc false."))
        return None
    if plain and _LEADING_ZERO.match(text):
        out.errors.append(out.error(
            path, f"Số '{text}' có số 0 đứng đầu; YAML đọc 010 thành 8 và 09 thành chữ.",
            f"Number '{text}' has a leading zero; YAML reads 010 as 8 and 09 as text.",
            f"Viết {int(text)} (cách hiển thị '0{int(text)}' do trang quyết định, không do dữ liệu)."))
        return None
    try:
        value = constructor.construct_object(node, deep=True)
    except (ConstructorError, ValueError) as exc:
        out.errors.append(out.error(path, f"Giá trị '{text}' không đọc được ({exc}).",
                                    f"Value '{text}' cannot be read ({exc}).", "Sửa lại giá trị."))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        out.errors.append(out.error(path, f"'{text}' không phải là một số hữu hạn.", f"'{text}' is not a finite number.",
                                    "Ghi một con số cụ thể."))
        return None
    return value
