"""Text a page would print instead of what it means: found in the Markdown source, before anything runs.

- a macro call with single braces, `{ fig("…") }`: Markdown shows it as text;
- a '%' typed right after a macro call, `{{ fig("…") }}%`: a percentage already ends with '%' ("79,85%%");
- a macro call inside a link's or picture's address, `[xem]({{ fig("…") }})`, `<img src="{{ … }}">`: the address
  becomes the macro's HTML, a broken link (only a macro returning plain text may stand there: `{{ report_year() }}`);
- a digit typed against a macro call, `1{{ fig("…") }}`, `{{ fig("…") }}0`: printed glued to the figure, another number;
- the front matter's mistakes (unclosed, not YAML, a key twice or unknown, a theme template): sources/frontmatter.py.
Each is an error naming page, line, column and the fix (`check`, the build and `mkdocs serve` alike: the preflight,
site/preflight.py). Code (`…`, ```) is left alone: examples live there.
"""
from __future__ import annotations

import re

from ..errors import DataError
from .frontmatter import front_matter_errors
from .pages import blanked, executed

_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_PERCENT_AFTER = re.compile(r"\}\}[ \t]*%")
_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)?.*?\}\}", re.S)   # a {{ … }}, with the name it calls
_ADDRESS = re.compile(   # where a link's or picture's address is written: its span is group 1, 2, 3, 4 or 5
    r"\]\(\s*<?([^\s)>]*)"                                          # [text](address), ![alt](address)
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)"                        # [name]: address (a reference)
    r"|\b(?:href|src|srcset|action|formaction|poster|cite|data|background)\s*=\s*"   # <a href="address">, <img src=…>
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.M | re.I)
_GLUED = re.compile(r"\d[.,]?(?:\{\{|\s*\{\{-)|(?:\}\}|-\}\}\s*)[.,]?\d")   # {{- and -}} eat the spaces between


def misprint_errors(src: str, text: str, macros, in_address=()) -> list[DataError]:
    """Errors for the page `src` (path shown to the editor) with Markdown `text`; `macros`: the names a page calls,
    `in_address`: those a link's address may hold (they return plain text, not HTML)."""
    errors = front_matter_errors(src, text)
    body = executed(text)
    single = re.compile(r"(?<!\{)\{[ \t]*(" + "|".join(map(re.escape, sorted(macros))) + r")[ \t]*\(")
    plain = _INLINE_CODE.sub(blanked, _FENCED.sub(blanked, body))
    for m in single.finditer(plain):
        name = m.group(1)
        errors.append(_at(src, plain, m.start(), name,
                          f"Lời gọi macro '{name}' chỉ có một dấu ngoặc nhọn '{{': trang sẽ in nguyên văn lời gọi.",
                          f"The call of macro '{name}' has single braces: the page would print it as text.",
                          f"Viết hai dấu ngoặc mỗi bên: {{{{ {name}(…) }}}}, ví dụ "
                          "{{ fig(\"telecom.post_offices\") }}."))
    for m in _PERCENT_AFTER.finditer(plain):
        errors.append(_at(src, plain, m.end() - 1, "%",
                          "Dấu '%' gõ ngay sau lời gọi macro: số liệu phần trăm đã có dấu %, trang sẽ in hai dấu "
                          "(79,85%%).",
                          "A '%' typed right after a macro call: a percentage already ends with '%' (79,85%%).",
                          "Xoá dấu '%' sau '}}'; đơn vị của số liệu nằm trong data/ (unit: \"%\")."))
    for m in _GLUED.finditer(plain):
        digit = m.start() if m.group()[0].isdigit() else m.end() - 1
        errors.append(_at(src, plain, digit, m.group(),
                          "Chữ số viết liền với lời gọi macro: trang in nó dính vào số của macro, thành một số khác "
                          "(1 và 37 thành 137).",
                          "A digit typed against a macro call: the page prints it glued to the macro's number, "
                          "another number (1 and 37 make 137).",
                          "Xoá chữ số thừa; nếu nó là một phần của câu, đặt một dấu cách giữa nó và lời gọi macro."))
    return errors + _in_addresses(src, plain, set(macros) - set(in_address), in_address)


def _in_addresses(src: str, plain: str, refused: set, allowed) -> list[DataError]:
    """A macro call inside a link's or picture's address (`[xem]({{ fig("…") }})`, `<a href="{{ … }}">`): the
    macro's HTML becomes the address, a broken link the build does not notice."""
    calls = list(_CALL.finditer(plain))
    if not calls:
        return []
    masked = _CALL.sub(lambda m: re.sub(r"[^\n]", "x", m.group()), plain)   # a call's own ( ) and quotes hidden
    errors = []
    for address in _ADDRESS.finditer(masked):
        group = next(g for g in range(1, 6) if address.group(g) is not None)
        start, end = address.span(group)
        for call in calls:
            name = call.group(1)
            if start <= call.start() < end and name in refused:
                shown = " ".join(call.group()[2:-2].strip(" -").split())[:80]
                errors.append(_at(src, plain, call.start(), shown,
                                  f"Lời gọi macro '{name}' nằm trong địa chỉ của một liên kết hay hình: macro này "
                                  "tạo chữ và thẻ HTML, không tạo địa chỉ, nên liên kết (hình) sẽ hỏng.",
                                  f"The call of macro '{name}' sits inside the address of a link or picture: it "
                                  "makes text and HTML, not an address, so the link (picture) would be broken.",
                                  "Đặt lời gọi macro ra ngoài địa chỉ, vào chữ của liên kết, ví dụ "
                                  "[Bưu cục: {{ fig(\"telecom.post_offices\") }}](2023/bang-so-lieu.md); trong địa "
                                  "chỉ chỉ dùng được " + ", ".join(f"{{{{ {n}() }}}}" for n in allowed) + "."))
    return errors


def _at(src: str, text: str, offset: int, key: str, vi: str, en: str, fix: str) -> DataError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return DataError(src, line, column, key, vi, en, fix)

