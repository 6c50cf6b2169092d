"""Text a page would print instead of what it means: found in the Markdown source, before anything runs.

- a macro call with single braces, `{ fig("…") }`: Markdown shows it as text;
- a '%' typed right after a macro call, `{{ fig("…") }}%`: a percentage already ends with '%' ("79,85%%");
- a macro call where an HTML attribute is written: a link's or picture's address (`[xem]({{ fig("…") }})`,
  `<img src="{{ … }}">`: a broken link) or title (`[xem](a.md "{{ … }}")`), a picture's alt text, any HTML tag
  (`<abbr title="{{ … }}">`): the reader is shown the macro's HTML as words, or the tag breaks (only a macro
  returning plain text may stand there: `{{ report_year() }}`);
- a digit typed against a macro call, `1{{ fig("…") }}`, `{{ fig("…") }}0`: printed glued to the figure, another number;
- Vietnamese typed with an old font (TCVN3 '.VnTime', VNI) and pasted as text, 'B¸o c¸o': chars.legacy_font;
- the front matter's mistakes (unclosed, not YAML, a key twice or unknown, a theme template): sources/frontmatter.py.
Each is an error naming page, line, column and the fix (`check`, the build and `mkdocs serve` alike: the preflight,
site/preflight.py). Code (`…`, ```) is left alone: examples live there.
"""
from __future__ import annotations

import re

from .. import chars
from ..errors import DataError
from .frontmatter import front_matter_errors
from .pages import blanked, executed

_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_PERCENT_AFTER = re.compile(r"\}\}[ \t]*%")
_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)?.*?\}\}", re.S)   # a {{ … }}, with the name it calls
_ADDRESS = r"(<[^<>\n]*>|[^\s)<>]*)"   # a link's address: <with spaces> or without
_TITLE = r"""(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?"""   # a link's or picture's title: "…", '…' or (…)
_MARKDOWN = re.compile(   # a link's or picture's parts that become HTML attributes: alt, address, title
    r"(?:!\[([^\]]*)\]|\])\(\s*" + _ADDRESS + _TITLE                        # [text](address "title"), ![alt](…)
    + r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*" + _ADDRESS + _TITLE, re.M)             # [name]: address "title" (a reference)
_TAG = re.compile(r"<[A-Za-z][\w:-]*(?:\s[^<>]*)?>")                        # <abbr title="…">, <img src="…">
_HTML_ADDRESS = re.compile(   # an address in a tag: <a href="address">, <img src=…>
    r"\b(?:href|src|srcset|action|formaction|poster|cite|data|background)\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.I)
# Where an attribute is written, and what a macro's HTML does there: (Vietnamese, English) place, then consequence.
_SHOWN = ("người đọc sẽ thấy mã HTML ('<span class=…') thay cho số",
          "the reader would be shown HTML code ('<span class=…') instead of the figure")
_PLACES = {
    "address": ("địa chỉ của một liên kết hay hình", "the address of a link or picture",
                "liên kết (hình) sẽ hỏng", "the link (picture) would be broken"),
    "title": ("tiêu đề (title: chữ trong ngoặc kép sau địa chỉ) của một liên kết hay hình",
              "the title (the quoted words after the address) of a link or picture",
              _SHOWN[0] + " khi rê chuột lên nó", _SHOWN[1] + " when pointing at it"),
    "alt": ("chữ mô tả (alt: chữ trong [ ] sau dấu !) của một hình",
            "the alt text (the words in [ ] after '!') of a picture",
            _SHOWN[0] + " qua trình đọc màn hình và trong tệp Word", _SHOWN[1] + " by a screen reader and in Word"),
    "attribute": ("một thuộc tính của thẻ HTML (như title=\"…\")", "an attribute of an HTML tag (like title=\"…\")",
                  _SHOWN[0] + ", hoặc thẻ bị vỡ", _SHOWN[1] + ", or the tag would break"),
}
_MARKDOWN_PLACES = {1: "alt", 2: "address", 3: "title", 4: "address", 5: "title"}
_GLUED = re.compile(r"\d[.,]?(?:\{\{|\s*\{\{-)|(?:\}\}|-\}\}\s*)[.,]?\d")   # {{- and -}} eat the spaces between


def misprint_errors(src: str, text: str, macros, plain_text=()) -> list[DataError]:
    """Errors for the page `src` (path shown to the editor) with Markdown `text`; `macros`: the names a page calls,
    `plain_text`: those that may stand where an HTML attribute is written (they return plain text, not HTML)."""
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
    for line in re.finditer(r"[^\n]+", plain):
        found = chars.legacy_font(line.group())
        if found:
            errors.append(_at(src, plain, line.start() + found[0], found[1], *chars.legacy_words(*found[1:])))
    return errors + _in_attributes(src, plain, set(macros) - set(plain_text), plain_text)


def _spans(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, place) of every span of the page that becomes an HTML attribute's value."""
    spans = [(*m.span(g), place) for m in _MARKDOWN.finditer(masked)
             for g, place in _MARKDOWN_PLACES.items() if m.group(g) is not None]
    for tag in _TAG.finditer(masked):
        addresses = [m.span(g) for m in _HTML_ADDRESS.finditer(tag.group()) for g in (1, 2, 3)
                     if m.group(g) is not None]
        spans += [(tag.start() + a, tag.start() + b, "address") for a, b in addresses]
        spans.append((tag.start(), tag.end(), "attribute"))   # after the addresses: the first span found names it
    return spans


def _in_attributes(src: str, plain: str, refused: set, allowed) -> list[DataError]:
    """A macro call where an HTML attribute is written: a link's or picture's address or title, a picture's alt
    text, an HTML tag (`[xem]({{ fig("…") }})`, `[xem](a.md "{{ … }}")`, `<abbr title="{{ … }}">`). The macro's
    HTML becomes the address (a broken link the build does not notice) or the words a reader is shown as
    '<span class=…' (a tooltip, what a screen reader says), or it breaks the tag."""
    calls = [call for call in _CALL.finditer(plain) if call.group(1) in refused]
    if not calls:
        return []
    masked = _CALL.sub(lambda m: re.sub(r"[^\n]", "x", m.group()), plain)   # a call's own ( ) and quotes hidden
    spans = _spans(masked)
    errors = []
    for call in calls:
        place = next((place for start, end, place in spans if start <= call.start() < end), None)
        if place is None:
            continue
        name, (vi, en, then_vi, then_en) = call.group(1), _PLACES[place]
        shown = " ".join(call.group()[2:-2].strip(" -").split())[:80]
        errors.append(_at(src, plain, call.start(), shown,
                          f"Lời gọi macro '{name}' nằm trong {vi}: macro này tạo chữ và thẻ HTML, không dùng được "
                          f"ở đó, nên {then_vi}.",
                          f"The call of macro '{name}' sits inside {en}: it makes text and HTML, which cannot stand "
                          f"there, so {then_en}.",
                          "Đặt lời gọi macro ra ngoài, vào chữ của liên kết hay câu bên cạnh, ví dụ "
                          "[Bưu cục: {{ fig(\"telecom.post_offices\") }}](2023/bang-so-lieu.md); ở đó chỉ dùng được "
                          + ", ".join(f"{{{{ {n}() }}}}" for n in allowed) + "."))
    return errors


def _at(src: str, text: str, offset: int, key: str, vi: str, en: str, fix: str) -> DataError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return DataError(src, line, column, key, vi, en, fix)

