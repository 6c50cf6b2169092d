"""A YAML loader that refuses what is ambiguous.

Safe loading only (no tag builds a Python object); duplicate keys refused; YAML 1.1 booleans such as
``no``/``yes``/``on``/``off`` refused; numbers YAML would silently change refused: a leading zero (``010`` is 8,
``09`` is text), hexadecimal, binary, ``1_000`` and ``1:30`` (read as 90); aliases (``*name``) refused; tabs in
indentation refused with a plain message; non-finite floats refused. UTF-8 with or without BOM and CRLF line endings
are accepted. Every value keeps its line and column, and every error names a key, so an editor can find it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import DataError

Path = tuple  # of str keys and int indexes

_BOOL_WORDS = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_ODD_BREAKS = "\x85\u2028\u2029"
_TAB_INDENT = re.compile(r"^ *\t")
_KEY_LINE = re.compile(r"^( *)(- +)?(\"[^\"]*\"|'[^']*'|[^\s#'\"\-?:][^:#]*?|-[^\s:#][^:#]*?)\s*:(\s|$)")
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
    at: dict = field(default_factory=dict)          # Path -> (line, column) of a scalar value itself
    errors: list = field(default_factory=list)
    bad: set = field(default_factory=set)           # paths that already have an error
    text: str | None = None                         # the decoded text (None when it could not be decoded)

    def where(self, path: Path) -> tuple:
        """Line and column of the nearest known ancestor of path."""
        path = tuple(path)
        if path in self.at:
            return self.at[path]
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (None, None))

    def error(self, path: Path, vi: str, en: str, fix: str = "") -> DataError:
        self.bad.add(tuple(path))
        line, col = self.where(path)
        return DataError(self.file, line, col, key_path(path), vi, en, fix)

    def clean(self, path: Path) -> bool:
        """No error at path, inside it, or at one of its ancestors."""
        path = tuple(path)
        return not any(path[:len(b)] == b or b[:len(path)] == path for b in self.bad)

    def key_at(self, line: int) -> str:
        """The deepest key written on `line` (or the last one before it)."""
        best, best_line = (), 0
        for path, (ln, _) in self.positions.items():
            if ln <= line and (ln > best_line or (ln == best_line and len(path) > len(best))):
                best, best_line = path, ln
        return key_path(best)


def decode(raw: bytes, file: str) -> tuple[str | None, list[DataError]]:
    """Bytes to text: UTF-8 with or without BOM, any line ending."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start: exc.start + 4].hex(" ")
        guess = load_text(_normalise(raw.decode("utf-8-sig", "replace")), file)
        key = guess.key_at(line) if not guess.errors else guess_key(guess.text or "", line)
        return None, [DataError(
            file, line, col, key,
            f"Tệp không phải mã UTF-8 (gặp byte {bad}).", f"The file is not UTF-8 encoded (bytes {bad}).",
            "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại.")]
    return _normalise(text), []


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def guess_key(text: str, lineno: int) -> str:
    """Key path of a line, read from indentation alone (for a file YAML cannot parse)."""
    parts, limit = [], None
    lines = text.split("\n")
    for i in range(min(lineno, len(lines)) - 1, -1, -1):
        m = _KEY_LINE.match(lines[i].replace("\t", "  "))
        if not m:
            continue
        item_indent = len(m.group(1))
        key_indent = item_indent + len(m.group(2) or "")
        if limit is None or key_indent < limit:
            parts.append(m.group(3).strip("'\""))
            limit = item_indent if m.group(2) else key_indent
        if limit == 0:
            break
    return ".".join(reversed(parts))


def load_text(text: str, file: str) -> Loaded:
    out = Loaded(file, text=text)
    odd = [(text[:i].count("\n") + 1, c) for i, c in enumerate(text) if c in _ODD_BREAKS]
    if odd:   # YAML 1.1 reads these as line breaks: a label holding one would silently change
        for line, char in odd:
            out.errors.append(DataError(
                file, line, None, guess_key(text, line),
                f"Có ký tự ngắt dòng lạ U+{ord(char):04X} (YAML đọc thành xuống dòng).",
                f"Unusual line break U+{ord(char):04X} (YAML reads it as a new line).",
                "Xoá ký tự này (thường do dán từ Word hoặc PDF) và gõ lại dấu cách."))
        return out
    try:
        nodes = _compose_all(text)
    except yaml.MarkedYAMLError as exc:
        _syntax_error(out, text, exc)
        return out
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        out.errors.append(DataError(
            file, line, None, guess_key(text, line),
            f"Tệp có ký tự điều khiển không được phép (mã {exc.character!r}).",
            f"The file holds a control character YAML does not allow ({exc.character!r}).",
            "Xoá ký tự lạ ở dòng này (thường do dán từ Word hoặc PDF)."))
        return out
    except (yaml.YAMLError, RecursionError) as exc:
        out.errors.append(DataError(file, None, None, "", f"Tệp YAML không đọc được ({exc}).",
                                    f"YAML could not be read ({exc}).", "Kiểm tra lại nội dung tệp."))
        return out
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        out.errors.append(DataError(file, line, None, "", "Tệp có nhiều tài liệu YAML (dấu ---).",
                                    "The file holds several YAML documents (---).",
                                    "Mỗi tệp chỉ giữ một tài liệu: xoá các dòng '---' thừa."))
        return out
    if not nodes or nodes[0] is None:
        out.data = None
        return out
    try:
        out.data = _build(nodes[0], (), out, SafeConstructor(), set())
    except RecursionError:
        out.errors.append(DataError(file, None, None, "", "Tệp lồng nhau quá sâu.", "The file is nested too deeply.",
                                    "Giữ cấu trúc như các tệp mẫu."))
    return out


def _compose_all(text: str) -> list:
    """libyaml when installed (ten times faster); the same nodes and marks. When it refuses the text, PyYAML reads it
    again, so messages are the same with or without libyaml."""
    if _FAST_LOADER is not None:
        try:
            return list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except (yaml.YAMLError, RecursionError):
            pass
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _syntax_error(out: Loaded, text: str, exc) -> None:
    tabs = [no for no, line in enumerate(text.split("\n"), 1) if _TAB_INDENT.match(line)]
    if tabs:   # PyYAML refuses tabs in indentation with a cryptic message: say it plainly, for every such line
        spaced = _untab_positions(text)
        for no in tabs:
            line = text.split("\n")[no - 1]
            key = spaced.key_at(no) if spaced else guess_key(text, no)
            out.errors.append(DataError(
                out.file, no, line.index("\t") + 1, key,
                "Có ký tự Tab ở đầu dòng; YAML chỉ cho phép thụt lề bằng dấu cách.",
                "A tab is used for indentation; YAML allows only spaces.",
                "Xoá Tab, thụt lề bằng dấu cách (VS Code: 'Convert Indentation to Spaces')."))
        return
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = (exc.problem or exc.context or str(exc)).strip()
    out.errors.append(DataError(
        out.file, line, col, guess_key(text, line or 0),
        f"Tệp YAML viết sai cú pháp ({problem}).",
        f"YAML syntax error ({problem}).",
        "Kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này và dòng ngay trên."))


def _untab_positions(text: str) -> Loaded | None:
    """Positions of the same file with tabs in indentation read as 2, 4 or 8 spaces (the first that parses)."""
    for width in (2, 4, 8):
        spaced = "\n".join(re.sub(r"^[ \t]+", lambda m: m.group(0).expandtabs(width), line)
                           for line in text.split("\n"))
        try:
            node = yaml.compose(spaced, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, RecursionError):
            continue
        probe = Loaded("")
        if node is not None:
            _positions(node, (), probe, set())
        return probe
    return None


def _positions(node, path: Path, out: Loaded, seen: set) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    out.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                _positions(value_node, path + (key_node.value,), out, seen)
                out.positions[path + (key_node.value,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, path + (i,), out, seen)


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


def _build(node, path: Path, out: Loaded, constructor: SafeConstructor, seen: set):
    out.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if id(node) in seen:   # the composer hands the same node again only for an alias (*name)
        out.errors.append(out.error(
            path, "Không dùng bí danh YAML (*tên) để lặp lại một giá trị.", "YAML aliases (*name) are not allowed.",
            "Viết đầy đủ giá trị ở đây; mỗi số liệu chỉ ghi một lần, trang khác dùng khoá của nó."))
        return None
    seen.add(id(node))
    if node.tag not in _ALLOWED_TAGS:
        out.errors.append(out.error(
            path, f"Thẻ YAML '{node.tag}' không được phép.", f"YAML tag '{node.tag}' is not allowed.",
            "Xoá thẻ bắt đầu bằng '!'; dữ liệu chỉ gồm chữ, số, ngày, danh sách và bảng khoá."))
        return None
    if isinstance(node, MappingNode):
        result = {}
        seen_keys = {}
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
            if key in seen_keys:
                out.bad.add(path + (key,))
                out.errors.append(DataError(
                    out.file, key_line, key_node.start_mark.column + 1, key_path(path + (key,)),
                    f"Khoá '{key}' bị viết hai lần (lần đầu ở dòng {seen_keys[key]}); lần sau sẽ âm thầm thay lần đầu.",
                    f"Key '{key}' is written twice (first at line {seen_keys[key]}); the second would silently "
                    "replace the first.",
                    "Giữ một lần duy nhất, xoá hoặc đổi tên khoá còn lại."))
                continue
            seen_keys[key] = key_line
            out.positions[path + (key,)] = (key_line, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), out, constructor, seen)
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), out, constructor, seen) for i, item in enumerate(node.value)]
    return _scalar(node, path, out, constructor)


def _scalar(node, path: Path, out: Loaded, constructor: SafeConstructor):
    text = node.value
    out.raw[path] = text
    out.at[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    plain = not node.style   # PyYAML: None, libyaml: ""
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
    if plain and ((node.tag == _TAG_INT and not _PLAIN_INT.match(text))
                  or (node.tag == _TAG_FLOAT and not _PLAIN_FLOAT.match(text) and text.lower() not in (
                      ".inf", "+.inf", "-.inf", ".nan"))):
        out.errors.append(out.error(
            path, f"'{text}' bị YAML đọc thành một số khác với cách viết (hệ 16, hệ 2, dấu '_' hoặc dấu ':').",
            f"YAML reads '{text}' as a number different from what is written (hex, binary, '_' or ':').",
            "Viết số thập phân bình thường, ví dụ 2119 hoặc 79.85; nếu là chữ, đặt trong ngoặc kép."))
        return None
    try:
        value = constructor.construct_object(node, deep=True)
    except (ConstructorError, ValueError, OverflowError) as exc:
        what = "ngày" if node.tag.endswith("timestamp") else "giá trị"
        out.errors.append(out.error(path, f"'{text}' không phải {what} hợp lệ ({exc}).",
                                    f"{text!r} is not a valid {'date' if what == 'ngày' else 'value'} ({exc}).",
                                    "Viết ngày có thật theo dạng năm-tháng-ngày, ví dụ 2023-11-30."
                                    if what == "ngày" else "Sửa lại giá trị."))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        out.errors.append(out.error(path, f"'{text}' không phải là một số hữu hạn.", f"'{text}' is not a finite number.",
                                    "Ghi một con số cụ thể."))
        return None
    return value
