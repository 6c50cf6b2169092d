"""What went wrong in a YAML file the parser refused, said so an editor can fix it.

PyYAML names the place where it gave up, which is often not the mistake: a quote left open is reported where the
next quote closes it, many lines later; a colon inside a label reads as "mapping values are not allowed here".
These functions look at the text around that place and name the mistake, its line (the line where an open quote
OPENS), the character (by Unicode name, with its column) and the fix. Linear in the size of the file: a key for any
line comes from one forward pass over the indentation (key_index), never from a walk back per error.
"""
from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .. import chars
from ..errors import MAX_LISTED, DataError

ODD_BREAKS = "\x85\u2028\u2029"
MAX_DEPTH = 64   # a data file nests 5 levels deep; libyaml composes nodes recursively in C and overflows the stack
#                  (signal 11) near a million, PyYAML raises RecursionError near 300: refused before either
_ODD_BREAK = re.compile(f"[{ODD_BREAKS}]")
_TAB_INDENT = re.compile(r"^ *\t")
_KEY_LINE = re.compile(r"^( *)(- +)?(\"[^\"]*\"|'[^']*'|[^\s#'\"\-?:][^:#]*?|-[^\s:#][^:#]*?)\s*:(\s|$)")
_VALUE_START = re.compile(r"^\s*(?:- +)?(?:[^\s#'\"][^:#]*?|\"[^\"]*\"|'[^']*')\s*:\s+|^\s*-\s+")
_RESERVED = {"%": "phần trăm", "@": "a còng", "`": "dấu huyền ngược", "|": "gạch đứng", ">": "dấu lớn hơn",
             "*": "dấu sao", "&": "dấu và", "!": "dấu chấm than", "{": "ngoặc nhọn", "[": "ngoặc vuông"}


def key_index(text: str) -> list[str]:
    """For every line (index 0 = line 1), the key path it belongs to, read from indentation alone: one pass."""
    stack: list[tuple[int, str]] = []   # (indent that a child must exceed, key)
    out = []
    for line in text.split("\n"):
        m = _KEY_LINE.match(line.replace("\t", "  "))
        if m:
            item_indent = len(m.group(1))
            key_indent = item_indent + len(m.group(2) or "")
            limit = item_indent if m.group(2) else key_indent
            while stack and stack[-1][0] >= limit:
                stack.pop()
            stack.append((key_indent, m.group(3).strip("'\"")))
        out.append(".".join(k for _, k in stack))
    return out


def guess_key(text: str, lineno: int) -> str:
    """Key path of a line of a file YAML cannot parse (one line; for many, use key_index once)."""
    index = key_index(text)
    return index[min(lineno, len(index)) - 1] if lineno and index else ""


def odd_breaks(text: str, file: str) -> list[DataError]:
    """One error per line holding a line break YAML 1.1 reads but an editor does not see (U+2028...)."""
    if not _ODD_BREAK.search(text):
        return []
    index = key_index(text)
    errors = []
    for no, line in enumerate(text.split("\n"), 1):
        found = [(i, c) for i, c in enumerate(line, 1) if c in ODD_BREAKS]
        if found:
            many = f" ({len(found)} ký tự trên dòng này)" if len(found) > 1 else ""
            errors.append(DataError(
                file, no, found[0][0], index[no - 1],
                f"Có ký tự ngắt dòng lạ {chars.name(found[0][1])} (YAML đọc thành xuống dòng){many}.",
                f"Unusual line break {chars.name(found[0][1])} (YAML reads it as a new line).",
                "Xoá ký tự này (thường do dán từ Word hoặc PDF) và gõ lại dấu cách."))
    return errors


def syntax_errors(text: str, file: str, exc, positions_of) -> list[DataError]:
    """The errors of a text PyYAML refused with `exc` (a MarkedYAMLError). positions_of(text) -> Loaded | None
    gives key positions of a text that parses (used to name keys on tab-indented lines)."""
    lines = text.split("\n")
    tabs = [no for no, line in enumerate(lines, 1) if _TAB_INDENT.match(line)]
    if tabs:   # PyYAML refuses tabs in indentation with a cryptic message: say it plainly, for every such line
        return _tab_errors(text, lines, tabs, file, positions_of)
    index = key_index(text)
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, None)
    line = min(line, len(lines))
    problem = (exc.problem or exc.context or str(exc)).strip()
    opened = _open_quote(lines, line)
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        opened = opened or (exc.context_mark.line + 1, exc.context_mark.column + 1)
    if opened and opened[0] <= line:
        at, qcol = opened
        quote = lines[at - 1][qcol - 1]
        return [DataError(
            file, at, qcol, index[at - 1],
            f"Dấu ngoặc {'kép' if quote == chr(34) else 'đơn'} {quote} mở ở dòng {at} không được đóng: YAML đọc tiếp "
            f"các dòng sau như một phần của giá trị và báo lỗi ở dòng {line}.",
            f"The quote {quote} opened on line {at} is not closed; YAML reads on and fails on line {line}.",
            f"Thêm dấu {quote} ở cuối giá trị trên dòng {at} (hoặc bỏ dấu {quote} ở đầu giá trị).")]
    if "flow" in context and exc.context_mark is not None:
        at = min(exc.context_mark.line + 1, line)   # PyYAML counts a lone \r as a line break ('\r[' is line 2)
        return [DataError(
            file, at, exc.context_mark.column + 1, index[at - 1],
            f"Danh sách mở bằng '[' (hoặc '{{') ở dòng {at} không được đóng đúng chỗ (YAML báo lỗi ở dòng {line}).",
            f"The list opened with '[' on line {at} is not closed where expected.",
            "Viết cả danh sách trên một dòng và đóng bằng ']', ví dụ sum: [poor_households, near_poor_households].")]
    for no in range(max(1, line - 2), line + 1):   # a no-break space in indentation or in a key, just above
        head = re.match(r"^[^:#\"']*", lines[no - 1]).group()
        odd_head = chars.odd_characters(head)
        if odd_head and no != line:
            return [DataError(
                file, no, odd_head[0][0], index[no - 1],
                f"Đầu dòng {no} có ký tự giống mà khác: {chars.describe(odd_head)}; YAML không coi đó là dấu cách "
                "hay tên khoá bình thường.",
                f"The start of line {no} holds a look-alike character: {chars.describe(odd_head, en=True)}.",
                f"{chars.advice(odd_head)} Thụt lề chỉ bằng dấu cách thường.")]
    text_line = lines[line - 1]
    odd = chars.odd_characters(text_line)
    seen = f" Dòng này có {chars.describe(odd)}." if odd else ""
    seen_en = f" The line holds {chars.describe(odd, en=True)}." if odd else ""
    vi, en, fix = _explain(problem, text_line, col)
    if odd:
        fix = f"{chars.advice(odd)} {fix}".strip()
    return [DataError(file, line, col, index[line - 1], vi + seen, en + seen_en, fix)]


def _explain(problem: str, text_line: str, col: int | None) -> tuple[str, str, str]:
    value = _VALUE_START.match(text_line)
    reserved = re.search(r"found character '(.)' that cannot start any token", problem)
    if reserved and value and col and col - 1 >= value.end():
        sign = reserved.group(1)
        word = _RESERVED.get(sign, "")
        written = text_line[value.end():].rstrip()
        return (f"Giá trị bắt đầu bằng ký tự '{sign}'{f' ({word})' if word else ''}, ký tự YAML dành riêng.",
                f"The value starts with '{sign}', which YAML reserves.",
                f"Đặt giá trị trong dấu ngoặc kép: {text_line[:value.end()].strip()} \"{written}\".")
    if problem.startswith("mapping values are not allowed") and value and col and col - 1 >= value.end():
        written = text_line[value.end():].rstrip()
        return ("Giá trị có dấu hai chấm và dấu cách (': ') mà không nằm trong dấu ngoặc kép: YAML hiểu nhầm thành "
                "một khoá mới.",
                "The value holds ': ' outside quotes; YAML reads it as a new key.",
                f"Đặt cả giá trị trong dấu ngoặc kép: {text_line[:value.end()].strip()} \"{written}\".")
    if problem.startswith("mapping values are not allowed") or "<block mapping start>" in problem \
            or "expected <block end>" in problem and text_line.lstrip().startswith("-"):
        return ("Thụt lề không khớp với các dòng phía trên (số dấu cách ở đầu dòng).",
                f"The indentation does not match the lines above ({problem}).",
                "Thụt lề bằng đúng số dấu cách như các khoá cùng cấp (thường 2 hoặc 4 dấu cách); không dùng Tab.")
    if "expected <block end>, but found '<scalar>'" in problem:
        return ("Sau giá trị trong ngoặc kép còn chữ: YAML không biết đọc phần còn lại.",
                "Text follows the closing quote of a value.",
                "Đặt cả giá trị trong một cặp dấu ngoặc kép, ví dụ label: \"Bưu cục \\\"trung tâm\\\" tỉnh\".")
    return (f"Tệp YAML viết sai cú pháp ({problem}).", f"YAML syntax error ({problem}).",
            "Kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này và dòng ngay trên.")


def _open_quote(lines: list, until: int) -> tuple[int, int] | None:
    """(line, column) of the last value before line `until` that opens a quote and does not close it there."""
    found = None
    for no in range(1, until + 1):
        line = lines[no - 1]
        value = _VALUE_START.match(line)
        if not value:
            continue
        rest = line[value.end():]
        if rest[:1] not in ('"', "'"):
            continue
        quote, body = rest[0], rest[1:]
        closed = re.search(r'(?<!\\)"', body) if quote == '"' else re.search(r"'(?!')", body.replace("''", "  "))
        if closed is None:
            found = (no, value.end() + 1)
    return found


def _tab_errors(text: str, lines: list, tabs: list, file: str, positions_of) -> list[DataError]:
    spaced = None
    named = tabs[MAX_LISTED - 1] if len(tabs) >= MAX_LISTED else len(lines)   # keys read from YAML up to the last
    for width in (2, 4, 8):   # line shown; tabs read as 2, 4 or 8 spaces: the first that parses names the keys
        spaced = positions_of("\n".join(re.sub(r"^[ \t]+", lambda m: m.group(0).expandtabs(width), line)
                                        for line in lines[:named]))
        if spaced is not None:
            break
    index = key_index(text)
    return [DataError(
        file, no, lines[no - 1].index("\t") + 1, spaced.key_at(no) if spaced and no <= named else index[no - 1],
        "Có ký tự Tab ở đầu dòng; YAML chỉ cho phép thụt lề bằng dấu cách.",
        "A tab is used for indentation; YAML allows only spaces.",
        "Xoá Tab, thụt lề bằng dấu cách (VS Code: 'Convert Indentation to Spaces').") for no in tabs]


def too_deep(text: str, loader) -> tuple[int, int] | None:
    """(line, column) where the text nests lists and mappings more than MAX_DEPTH deep, else None. Reads the
    parser's events, which libyaml and PyYAML make without recursion, before anything composes nodes (recursively).
    A text the parser refuses before that depth is left to the composer, which refuses it the same way."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def too_deep_error(text: str, file: str, at: tuple[int, int]) -> DataError:
    return DataError(
        file, at[0], at[1], guess_key(text, at[0]),
        f"Dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách hoặc khoá lồng trong nhau) từ dòng {at[0]}.",
        f"The data nests more than {MAX_DEPTH} levels of lists or keys deep (line {at[0]}).",
        "Một tệp số liệu chỉ lồng vài cấp (figures → khoá → label, value): kiểm tra dấu '[' hoặc '{' thừa, hoặc "
        "thụt lề, so với một tệp dữ liệu khác.")


def positions_of(text: str, probe):
    """`probe` (a yamlload.Loaded) with the positions of the keys of a text that parses, None when it does not: for
    messages about another text (a tab-indented file read as if indented with spaces)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if too_deep(text, loader):
        return None
    try:
        node = yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, RecursionError):
        return None
    stack = [(node, ())] if node is not None else []
    seen = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        probe.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    stack.append((value_node, path + (key_node.value,)))
                    probe.positions[path + (key_node.value,)] = (key_node.start_mark.line + 1,
                                                                 key_node.start_mark.column + 1)
        elif isinstance(node, SequenceNode):
            stack += [(item, path + (i,)) for i, item in enumerate(node.value)]
    return probe
