"""One scalar as written against what YAML would read: the refusals of the strict loader (yamlload.py).

A value must be what it looks like: no explicit tag (`!!int "0141"` would be 97), no YAML 1.1 boolean word (`no`),
no leading zero, hexadecimal, binary, `_` or `:` in a number, no quoted text that swallowed the next key lines (a
quote left open), no invisible character, no text cut short by ` #` (YAML reads the rest as a comment).
"""
from __future__ import annotations

import re

from .. import chars

_BOOL_WORDS = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_SWALLOWED_KEY = re.compile(r"^\s*(- +)?[a-z][a-z0-9_]*\s*:(\s|$)")   # a key line read as part of a quoted value
_COMMENT_ATE = re.compile(r"^ #(?=\S)")   # 'label: Bưu cục #cấp 1': one space, then '#' glued to a word
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_INT = "tag:yaml.org,2002:int"
TAG_STR = "tag:yaml.org,2002:str"
ALLOWED_TAGS = {
    TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_STR,
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def explicit_tag(node, lines: list) -> str | None:
    """The tag written in the file before a node ('!!int'), None when YAML chose the type itself."""
    line = lines[node.start_mark.line] if node.start_mark.line < len(lines) else ""
    head = line[node.start_mark.column:]
    m = re.match(r"(?:&\S+\s+)?(!\S*)", head)
    return m.group(1) if m else None


def refusal(node, text: str, plain: bool, lines: list) -> tuple | None:
    """(vi, en, fix) when the scalar as written would not be read as the editor sees it."""
    if plain and node.tag == TAG_BOOL and text.lower() not in _BOOL_WORDS:
        return (f"'{text}' bị YAML hiểu thành giá trị đúng/sai.", f"'{text}' is read by YAML as a boolean.",
                f"Nếu là chữ, đặt trong ngoặc kép: \"{text}\"; nếu là đúng/sai, viết true hoặc false.")
    if plain and _LEADING_ZERO.match(text):
        return (f"Số '{text}' có số 0 đứng đầu; YAML đọc 010 thành 8 và 09 thành chữ.",
                f"Number '{text}' has a leading zero; YAML reads 010 as 8 and 09 as text.",
                f"Viết {int(text)} (cách hiển thị '0{int(text)}' do trang quyết định, không do dữ liệu).")
    if plain and ((node.tag == TAG_INT and not _PLAIN_INT.match(text))
                  or (node.tag == TAG_FLOAT and not _PLAIN_FLOAT.match(text) and text.lower() not in (
                      ".inf", "+.inf", "-.inf", ".nan"))):
        return (f"'{text}' bị YAML đọc thành một số khác với cách viết (hệ 16, hệ 2, dấu '_' hoặc dấu ':').",
                f"YAML reads '{text}' as a number different from what is written (hex, binary, '_' or ':').",
                "Viết số thập phân bình thường, ví dụ 2119 hoặc 79.85; nếu là chữ, đặt trong ngoặc kép.")
    start, end = node.start_mark, node.end_mark
    if node.style in ('"', "'") and end.line > start.line and any(
            _SWALLOWED_KEY.match(lines[no]) for no in range(start.line + 1, min(end.line + 1, len(lines)))):
        return (f"Dấu ngoặc {'kép' if node.style == chr(34) else 'đơn'} mở ở dòng {start.line + 1} không được đóng "
                f"trên cùng dòng: YAML đọc tiếp tới dòng {end.line + 1}, gộp các dòng ở giữa vào giá trị này.",
                f"The quote opened on line {start.line + 1} is not closed on that line: YAML reads on to line "
                f"{end.line + 1}.",
                f"Thêm dấu {node.style} ở cuối giá trị trên dòng {start.line + 1}.")
    invisible = chars.odd_characters(text, lookalikes=False)
    if invisible:
        return (f"Giá trị có ký tự không nhìn thấy hoặc ký tự điều khiển: {chars.describe(invisible)} "
                "(tính trong giá trị).",
                f"The value holds an invisible or control character: {chars.describe(invisible, en=True)}.",
                chars.advice(invisible))
    legacy = chars.legacy_font(text) if node.tag == TAG_STR else None
    if legacy:   # 'B¸o c¸o': an old font's text pasted (chars.legacy_font)
        return chars.legacy_words(*legacy[1:])
    if plain and node.tag == TAG_STR and end.line < len(lines):
        rest = lines[end.line][end.column:]
        if _COMMENT_ATE.match(rest):
            cut = rest[1:].rstrip()
            return (f"Dấu ' #' bắt đầu một ghi chú trong YAML: phần '{cut}' bị bỏ, giá trị chỉ còn '{text}'.",
                    f"' #' starts a YAML comment: '{cut}' is dropped and the value is only '{text}'.",
                    f"Nếu '#' là một phần của giá trị, đặt cả giá trị trong dấu ngoặc kép: \"{text} {cut}\"; "
                    "nếu là ghi chú, để hai dấu cách trước '#' và một dấu cách sau nó.")
    return None
