"""A YAML loader that refuses what is ambiguous.

Safe loading only (no tag builds a Python object); explicit tags (``!!int "0141"``, ``!!str``...) refused: a value is
what it looks like; duplicate keys refused; YAML 1.1 booleans such as ``no``/``yes``/``on``/``off`` refused; numbers
YAML would silently change refused: a leading zero (``010`` is 8, ``09`` is text), hexadecimal, binary, ``1_000`` and
``1:30`` (read as 90); aliases (``*name``) refused; a quoted text that runs over the next key lines refused (a
quote left open); a plain text cut short by `` #`` (YAML reads the rest as a comment) refused; invisible characters refused, and
look-alikes named in keys; non-finite floats refused. UTF-8 with or without BOM and CRLF line endings are accepted;
a text typed decomposed (NFD, a Mac) or with the eth ð for đ is read as the one spelling the report means
(chars.canonical), not as another word.
Every value keeps its line and column, and every error names a key, so an editor can find it. Time is linear in the
size of the file, also for a file that is wrong on every line (syntax errors: yamlerrors.py); nesting deeper than
yamlerrors.MAX_DEPTH is refused before anything recursive reads it.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .. import chars
from ..errors import DataError
from . import scalars, yamlerrors

Path = tuple  # of str keys and int indexes

MAX_BYTES = 2 * 1024 * 1024       # a data file is a few kilobytes; this is a mistake (or an attack), not data
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


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
    bad: set = field(default_factory=set)           # paths that already have an error (add with mark())
    text: str | None = None                         # the decoded text (None when it could not be decoded)
    _inside_bad: set = field(default_factory=set)   # every proper ancestor of a bad path
    _keys: tuple = ()                               # (lines, paths) sorted by line, for key_at

    def where(self, path: Path) -> tuple:
        """Line and column of the nearest known ancestor of path."""
        path = tuple(path)
        if path in self.at:
            return self.at[path]
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (None, None))

    def mark(self, path: Path) -> None:
        path = tuple(path)
        self.bad.add(path)
        for i in range(len(path)):
            self._inside_bad.add(path[:i])

    def error(self, path: Path, vi: str, en: str, fix: str = "") -> DataError:
        self.mark(path)
        line, col = self.where(path)
        return DataError(self.file, line, col, key_path(path), vi, en, fix)

    def clean(self, path: Path) -> bool:
        """No error at path, inside it, or at one of its ancestors."""
        path = tuple(path)
        if path in self._inside_bad:
            return False
        return not any(path[:i] in self.bad for i in range(len(path) + 1))

    def key_at(self, line: int) -> str:
        """The deepest key written on `line` (or the last one before it)."""
        if len(self._keys) != 3 or self._keys[2] != len(self.positions):
            best = {}
            for path, (ln, _) in self.positions.items():
                if ln not in best or len(path) > len(best[ln]):
                    best[ln] = path
            lines = sorted(best)
            self._keys = (lines, [best[ln] for ln in lines], len(self.positions))
        lines, paths, _ = self._keys
        i = bisect.bisect_right(lines, line) - 1
        return key_path(paths[i]) if i >= 0 else ""


def decode(raw: bytes, file: str) -> tuple[str | None, list[DataError]]:
    """Bytes to text: UTF-8 with or without BOM, any line ending."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col, bad = chars.undecodable(exc)
        guess = load_text(_normalise(raw.decode("utf-8-sig", "replace")), file)
        key = guess.key_at(line) if not guess.errors else yamlerrors.guess_key(guess.text or "", line)
        return None, [DataError(
            file, line, col, key,
            f"Tệp không phải mã UTF-8 (gặp byte {bad}).", f"The file is not UTF-8 encoded (bytes {bad}).",
            "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại.")]
    return _normalise(text), []


def _normalise(text: str) -> str:
    """Any line ending as '\\n'; one spelling of every letter (chars.canonical: NFC, ð → đ)."""
    return chars.canonical(text.replace("\r\n", "\n").replace("\r", "\n"))


def load_text(text: str, file: str) -> Loaded:
    out = Loaded(file, text=text)
    odd = yamlerrors.odd_breaks(text, file)
    if odd:   # YAML 1.1 reads these as line breaks: a label holding one would silently change
        out.errors += odd
        return out
    deep = yamlerrors.too_deep(text, _FAST_LOADER or yaml.SafeLoader)
    if deep:
        out.errors.append(yamlerrors.too_deep_error(text, file, deep))
        return out
    try:
        nodes = _compose_all(text)
    except yaml.MarkedYAMLError as exc:
        out.errors += yamlerrors.syntax_errors(text, file, exc, lambda t: yamlerrors.positions_of(t, Loaded("")))
        return out
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        out.errors.append(DataError(
            file, line, None, yamlerrors.guess_key(text, line),
            f"Tệp có ký tự điều khiển không được phép (mã U+{exc.character:04X}).",
            f"The file holds a control character YAML does not allow (U+{exc.character:04X}).",
            "Xoá ký tự lạ ở dòng này (thường do dán từ Word hoặc PDF).")
            if isinstance(exc.character, int) else DataError(
            file, line, None, yamlerrors.guess_key(text, line), "Tệp có ký tự không được phép.",
            "The file holds a character YAML does not allow.", "Xoá ký tự lạ ở dòng này."))
        return out
    except yaml.YAMLError:
        out.errors.append(DataError(file, None, None, "", "Tệp YAML không đọc được.", "YAML could not be read.",
                                    "Kiểm tra lại nội dung tệp; so với một tệp dữ liệu khác."))
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
    out.data = _build(nodes[0], (), out, SafeConstructor(), set(), text.split("\n"))
    return out


def _compose_all(text: str) -> list:
    """libyaml when installed (ten times faster); the same nodes and marks. When it refuses the text, PyYAML reads it
    again, so messages are the same with or without libyaml."""
    if _FAST_LOADER is not None:
        try:
            return list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def load_file(path, file: str) -> Loaded:
    """Read and load one data file; a file over MAX_BYTES is refused unread. Not cached: libyaml reads the whole
    report's data in about 15 ms, and a cached Python object would need pickle (which runs code) to come back."""
    out = Loaded(file)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        out.errors.append(DataError(file, None, None, "", "Không tìm thấy tệp dữ liệu.",
                                    "Data file not found.", "Kiểm tra tên và đường dẫn tệp."))
        return out
    except OSError as exc:
        out.errors.append(DataError(file, None, None, "", f"Không đọc được tệp ({exc.strerror or 'lỗi hệ thống'}).",
                                    f"The file cannot be read ({exc.strerror or exc}).",
                                    "Kiểm tra quyền đọc tệp, đóng chương trình đang giữ tệp rồi chạy lại."))
        return out
    if len(raw) > MAX_BYTES:
        out.errors.append(DataError(file, None, None, "", f"Tệp dữ liệu lớn hơn {MAX_BYTES // (1024 * 1024)} MB.",
                                    f"The data file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                                    "Một tệp số liệu chỉ vài chục KB: kiểm tra xem có dán nhầm nội dung khác vào tệp "
                                    "không, hoặc chia thành nhiều tệp theo lĩnh vực."))
        return out
    return _read(raw, file)


def _read(raw: bytes, file: str) -> Loaded:
    text, errors = decode(raw, file)
    if errors:
        out = Loaded(file)
        out.errors = errors
        return out
    return load_text(text, file)


def _build(node, path: Path, out: Loaded, constructor: SafeConstructor, seen: set, lines: list):
    out.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if id(node) in seen:   # the composer hands the same node again only for an alias (*name)
        out.errors.append(out.error(
            path, "Không dùng bí danh YAML (*tên) để lặp lại một giá trị.", "YAML aliases (*name) are not allowed.",
            "Viết đầy đủ giá trị ở đây; mỗi số liệu chỉ ghi một lần, trang khác dùng khoá của nó."))
        return None
    seen.add(id(node))
    tag = scalars.explicit_tag(node, lines)
    if tag is not None or node.tag not in scalars.ALLOWED_TAGS:
        shown = tag or node.tag
        out.at[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.errors.append(out.error(
            path, f"Thẻ YAML '{shown}' không được phép (giá trị có thẻ không được kiểm tra như giá trị thường).",
            f"YAML tag '{shown}' is not allowed.",
            f"Xoá '{shown}' và viết giá trị như trang sẽ hiện nó: số không ngoặc kép và không có số 0 đứng đầu "
            "(value: 141), chữ có thể trong ngoặc kép; dữ liệu chỉ gồm chữ, số, ngày, danh sách và bảng khoá."))
        return None
    if isinstance(node, MappingNode):
        return _mapping(node, path, out, constructor, seen, lines)
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), out, constructor, seen, lines) for i, item in enumerate(node.value)]
    return _scalar(node, path, out, constructor, lines)


def _mapping(node, path: Path, out: Loaded, constructor, seen: set, lines: list) -> dict:
    result, again = {}, repeated_keys(node)
    for index, (key_node, value_node) in enumerate(node.value):
        if not isinstance(key_node, ScalarNode):
            out.errors.append(out.error(path, "Khoá phải là một chữ đơn.", "A key must be plain text."))
            continue
        key = key_node.value
        key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if key == "<<":
            out.errors.append(out.error(
                path, "Không dùng khoá gộp '<<' (merge key).", "Merge keys '<<' are not allowed.",
                "Viết đầy đủ từng khoá."))
            continue
        odd = chars.odd_characters(key)
        if odd:
            out.positions[path + (key,)] = (key_line, key_col)
            out.errors.append(DataError(
                out.file, key_line, key_col + odd[0][0] - 1, key_path(path + (chars.plain(key),)),
                f"Khoá '{chars.plain(key)}' có ký tự không nhìn thấy hoặc giống mà khác: "
                f"{chars.describe(odd, key_col - 1)}.",
                f"Key '{chars.plain(key)}' holds an invisible or look-alike character: "
                f"{chars.describe(odd, key_col - 1, en=True)}.",
                f"Gõ lại tên khoá bằng bàn phím: {chars.plain(key)}. {chars.advice(odd)}"))
            out.mark(path + (key,))
            continue
        if index in again:
            out.mark(path + (key,))
            out.errors.append(twice_error(out.file, path, key_node, again[index]))
            continue
        out.positions[path + (key,)] = (key_line, key_col)
        result[key] = _build(value_node, path + (key,), out, constructor, seen, lines)
    return result


def repeated_keys(node: MappingNode, first_line: int = 1) -> dict:
    """The keys of a mapping written again: {index in node.value: the file's line of the key's first writing}
    (`first_line`: the file's line of the YAML text's first line). YAML keeps the last writing without a word."""
    first, again = {}, {}
    for index, (key_node, _) in enumerate(node.value):
        if isinstance(key_node, ScalarNode):
            if key_node.value in first:
                again[index] = first[key_node.value]
            else:
                first[key_node.value] = key_node.start_mark.line + first_line
    return again


def twice_error(file: str, path: Path, key_node, first: int, first_line: int = 1) -> DataError:
    """The error for a key written a second time (`first`: the line of its first writing)."""
    key = key_node.value
    return DataError(file, key_node.start_mark.line + first_line, key_node.start_mark.column + 1,
                     key_path(path + (key,)),
                     f"Khoá '{key}' bị viết hai lần (lần đầu ở dòng {first}); lần sau sẽ âm thầm thay lần đầu.",
                     f"Key '{key}' is written twice (first at line {first}); the second would silently "
                     "replace the first.",
                     "Giữ một lần duy nhất, xoá hoặc đổi tên khoá còn lại.")


def first_alias(node):
    """The first node a YAML alias (*name) hands again under a composed node, or None. The composer shares the node:
    followed, nine levels of nine aliases (600 bytes) are 9⁹ values, and any walk of them runs for hours."""
    seen, stack = set(), [node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            stack += node.value
    return None


def alias_error(file: str, node, first_line: int = 1) -> DataError:
    """An alias refused in YAML that others read (mkdocs.yml, a front matter), at the line of the value it repeats."""
    return DataError(file, node.start_mark.line + first_line, node.start_mark.column + 1, "",
                     "Không dùng bí danh YAML (&tên, *tên) để lặp lại một giá trị.",
                     "YAML anchors and aliases (&name, *name) are not allowed.",
                     "Viết đầy đủ giá trị ở mỗi chỗ cần nó.")


def duplicate_key_errors(node, file: str, first_line: int = 1, path: Path = ()) -> list[DataError]:
    """Every key written twice anywhere under a composed YAML node, for YAML that others read (mkdocs.yml, a
    page's front matter) with the same detection and message as the data files. `first_line`: the file's line of
    the YAML text's first line (2 for a front matter, after '---'). An alias is refused instead, unwalked."""
    if not path and (alias := first_alias(node)) is not None:
        return [alias_error(file, alias, first_line)]
    errors = []
    if isinstance(node, MappingNode):
        again = repeated_keys(node, first_line)
        for index, (key_node, value_node) in enumerate(node.value):
            if index in again:
                errors.append(twice_error(file, path, key_node, again[index], first_line))
            elif isinstance(key_node, ScalarNode):
                errors += duplicate_key_errors(value_node, file, first_line, path + (key_node.value,))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            errors += duplicate_key_errors(item, file, first_line, path + (index,))
    return errors


def _scalar(node, path: Path, out: Loaded, constructor: SafeConstructor, lines: list):
    text = node.value
    out.raw[path] = text
    out.at[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    plain = not node.style   # PyYAML: None, libyaml: ""
    problem = scalars.refusal(node, text, plain, lines)
    if problem:
        out.errors.append(out.error(path, *problem))
        return None
    try:
        value = constructor.construct_object(node, deep=True)
    except (ConstructorError, ValueError, OverflowError) as exc:
        is_date = node.tag.endswith("timestamp")
        what = "ngày" if is_date else "giá trị"
        reason = str(exc).split("\n")[0][:80]
        out.errors.append(out.error(path, f"'{text}' không phải {what} hợp lệ ({_date_reason(text) or reason}).",
                                    f"{text!r} is not a valid {'date' if is_date else 'value'} ({reason}).",
                                    "Viết ngày có thật theo dạng năm-tháng-ngày, ví dụ 2023-11-30."
                                    if is_date else "Sửa lại giá trị."))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        out.errors.append(out.error(path, f"'{text}' không phải là một số hữu hạn.", f"'{text}' is not a finite number.",
                                    "Ghi một con số cụ thể."))
        return None
    return value


def _date_reason(text: str) -> str | None:
    """Why 'YYYY-MM-DD' is no date, in Vietnamese: 'tháng 4 năm 2023 chỉ có 30 ngày', 'không có tháng 13'."""
    import calendar
    import re
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        return None
    year, month, day = map(int, m.groups())
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    days = calendar.monthrange(year, month)[1]
    return f"tháng {month} năm {year} chỉ có {days} ngày" if day > days or day < 1 else None
