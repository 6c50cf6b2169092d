"""How much one page may ask of a build: a page is refused, with its name, before it can make a build take minutes.

Generous for real reports. Measured on the 2023 report: the most macro calls on one page is 31 (the home page), the
largest page 46 KB of text (the editors' guide), the largest rendered page 142 KB of Markdown (Bảng số liệu, all
167 figures). The limits are 65, 20 and 14 times those. A page of 100 000 calls, or 1 000 × `figures_table()` (which
made a 156 MB page and took 5 minutes), now stops `check` and the build in seconds with one message.

`page_size_errors` runs on the page's text before Jinja reads it (Jinja's parser alone needs seconds for 100 000
calls); the renderer (site/render.py) counts the calls a page makes and the text they return while it runs.
"""
from __future__ import annotations

import re

from ..errors import DataError

MAX_CALLS = 2_000           # macro calls on one page (the report: 31 at most)
MAX_PAGE_CHARS = 1_000_000  # characters of one page's source (the report: 46 186 at most)
MAX_OUTPUT = 2_000_000      # characters one page's macros may return, all together (the report: 141 653 at most)
MAX_NESTING = 32            # brackets inside one {{ }}, or {% %} blocks inside each other (the report: 1 and 1);
#                             Jinja reads and compiles nesting recursively: 3 000 '(' ended `check` in RecursionError

_OPEN = re.compile(r"\{\{|\{%")
_TAG = re.compile(r"\{\{(.*?)(?:\}\}|\Z)|\{%-?\s*(\w*)(.*?)(?:%\}|\Z)", re.S)
_BLOCKS = {"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "raw", "trans", "set"}


class PageTooLarge(Exception):
    """A page went over a limit while rendering: the whole page stops (not one macro's gap)."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en, self.line = vi, en, None   # line: of the call that went over, when known


def _fix() -> str:
    return ("Một trang báo cáo chỉ cần vài chục lời gọi macro; bảng lớn (figures_table, documents_table, "
            "decisions_list) chỉ dùng một lần, trên trang phụ lục của nó. Xoá các lời gọi lặp lại, hoặc chia nội "
            "dung thành nhiều trang.")


def too_many_calls(count: int) -> PageTooLarge:
    return PageTooLarge(f"Trang gọi macro hơn {MAX_CALLS} lần ({count} lần trở lên); giới hạn của một trang là "
                        f"{MAX_CALLS}.", f"The page calls macros more than {MAX_CALLS} times.")


def too_much_output(size: int) -> PageTooLarge:
    return PageTooLarge(f"Các macro của trang tạo ra hơn {_vi(MAX_OUTPUT)} ký tự ({_vi(size)}); giới hạn của một "
                        f"trang là {_vi(MAX_OUTPUT)}.",
                        f"The page's macros produce more than {MAX_OUTPUT:,} characters ({size:,}).")


def _vi(n: int) -> str:
    """2000000 -> '2.000.000' (Vietnamese thousands)."""
    return f"{n:,}".replace(",", ".")


def error(src: str, exc: PageTooLarge) -> DataError:
    return DataError(f"docs/{src}", exc.line, None, "", exc.vi, exc.en, _fix())


def page_size_errors(src: str, text: str) -> list[DataError]:
    """The page's source over a limit (its length, its `{{`/`{%` count), before anything parses it."""
    if len(text) > MAX_PAGE_CHARS:
        return [DataError(f"docs/{src}", None, None, "",
                          f"Trang dài {_vi(len(text))} ký tự, hơn giới hạn {_vi(MAX_PAGE_CHARS)} của một trang.",
                          f"The page is {len(text):,} characters long, over the limit of {MAX_PAGE_CHARS:,}.",
                          "Chia nội dung thành nhiều trang (mỗi trang một mục của báo cáo).")]
    count = sum(1 for _ in _OPEN.finditer(text))
    if count > MAX_CALLS:
        exc = too_many_calls(count)
        return [error(src, PageTooLarge(exc.vi.replace(" trở lên", ""), exc.en))]
    deep = _too_deep(text)
    if deep:
        return [DataError(f"docs/{src}", text.count("\n", 0, deep) + 1, deep - text.rfind("\n", 0, deep), "",
                          f"Trong trang, ngoặc hoặc khối {{% %}} lồng nhau hơn {MAX_NESTING} cấp.",
                          f"Brackets or {{% %}} blocks nest more than {MAX_NESTING} levels deep on the page.",
                          "Một lời gọi macro chỉ cần một cặp ngoặc: {{ fig(\"telecom.smartphone_users\") }}. Xoá các "
                          "dấu ngoặc và khối {% %} thừa từ chỗ này.")]
    return []


def _too_deep(text: str) -> int | None:
    """The offset in text where brackets inside a tag, or blocks inside blocks, go deeper than MAX_NESTING."""
    blocks = 0
    for tag in _TAG.finditer(text):
        if tag.group(2) is not None:            # {% word … %}
            word = tag.group(2)
            blocks += 1 if word in _BLOCKS else -1 if word.startswith("end") else 0
            if blocks > MAX_NESTING:
                return tag.start()
        inside = tag.group(1) if tag.group(1) is not None else tag.group(3)
        start = tag.start(1) if tag.group(1) is not None else tag.start(3)
        depth, quote = 0, None
        for i, char in enumerate(inside):
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "([{":
                depth += 1
                if depth > MAX_NESTING:
                    return start + i
            elif char in ")]}":
                depth -= 1
    return None
