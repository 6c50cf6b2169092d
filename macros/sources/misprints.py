"""Text a page would print instead of what it means: found in the Markdown source, before anything runs.

- a macro call with single braces, `{ fig("…") }`: Markdown shows it as text;
- a '%' typed right after a macro call, `{{ fig("…") }}%`: a percentage already ends with '%' ("79,85%%");
- a digit typed against a macro call, `1{{ fig("…") }}`, `{{ fig("…") }}0`: printed glued to the figure, another number;
- front matter whose closing '---' is missing, or that YAML cannot read ("title: 1.1. Kết quả: …"): MkDocs prints its
  lines as the page's first text;
- front matter that picks a theme template (`template: 404.html`): the page shows that template, not its content;
  a title that is a list or a mapping (`title: [Mục 1]`): MkDocs prints Python's spelling of it.
Each is an error naming page, line, column and the fix (`check`, the build and `mkdocs serve` alike: the preflight,
site/preflight.py). Code (`…`, ```) is left alone: examples live there.
"""
from __future__ import annotations

import re

from ..errors import DataError
from .pages import blanked, executed, front_matter_text

_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_PERCENT_AFTER = re.compile(r"\}\}[ \t]*%")
_GLUED = re.compile(r"\d[.,]?(?:\{\{|\s*\{\{-)|(?:\}\}|-\}\}\s*)[.,]?\d")   # {{- and -}} eat the spaces between
_OPEN_LINE = re.compile(r"\A---[ \t]*\n")


def misprint_errors(src: str, text: str, macros) -> list[DataError]:
    """Errors for the page `src` (path shown to the editor) with Markdown `text`; `macros`: the names a page calls."""
    errors = _front_matter(src, text)
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
    return errors


def _front_matter(src: str, text: str) -> list[DataError]:
    """Front matter opened by '---' on the first line and never closed, or that YAML cannot read (MkDocs then
    prints it as the page's first lines too)."""
    if not _OPEN_LINE.match(text):
        return []
    front, _ = front_matter_text(text)
    if front is not None:
        import yaml
        try:
            meta = yaml.safe_load(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark else 2
            return [DataError(src, line, None, "front matter",
                              "Phần đầu trang (giữa hai dòng '---') viết sai YAML: trang sẽ in các dòng đó thành chữ.",
                              f"The front matter is not valid YAML ({getattr(exc, 'problem', '')}): the page would "
                              "print its lines.",
                              "Giá trị có dấu hai chấm thì đặt trong dấu ngoặc kép, ví dụ title: \"1.1. Kết quả: …\".")]
        if isinstance(meta, dict) and "template" in meta:   # MkDocs renders the page with that theme file instead
            return [DataError(src, _key_line(front, "template"), 1, "template",
                              f"Phần đầu trang chọn mẫu giao diện '{meta['template']}': trang sẽ hiện theo mẫu đó "
                              "(404.html: trang \"không tìm thấy\") thay cho nội dung của nó, hoặc bản dựng dừng.",
                              f"The front matter picks the theme template {meta['template']!r}: the page would show "
                              "that template instead of its content, or the build would stop.",
                              "Xoá dòng 'template: …': mọi trang dùng mẫu chung của báo cáo.")]
        shaped = [k for k in ("title", "description")
                  if isinstance(meta, dict) and isinstance(meta.get(k), (dict, list))]
        if shaped:   # MkDocs prints Python's spelling of it: "{'a': 1}" as the page's title
            return [DataError(src, _key_line(front, shaped[0]), 1, shaped[0],
                              f"'{shaped[0]}' trong phần đầu trang phải là một dòng chữ, không phải danh sách hay bảng "
                              "khoá (dấu [ ] hoặc { } ở đầu giá trị).",
                              f"The front matter's {shaped[0]!r} must be one line of text, not a list or a mapping.",
                              f"Đặt cả giá trị trong dấu ngoặc kép: {shaped[0]}: \"…\".")]
        if meta is None or isinstance(meta, dict):
            return []
        return [DataError(src, 2, None, "front matter",
                          "Phần đầu trang (giữa hai dòng '---') phải là các dòng 'khoá: giá trị'.",
                          "The front matter must be 'key: value' lines.", "Ví dụ: title: 1.1. Kết quả …")]
    return [DataError(src, 1, 1, "---",
                      "Phần đầu trang (front matter) mở bằng '---' ở dòng 1 nhưng không có dòng '---' đóng lại: "
                      "trang sẽ in các dòng đó (\"title: …\") thành chữ.",
                      "The front matter opened by '---' on line 1 is never closed: the page would print its lines.",
                      "Thêm một dòng chỉ có '---' ngay sau dòng cuối của phần đầu trang (trước đề mục '# …').")]


def _at(src: str, text: str, offset: int, key: str, vi: str, en: str, fix: str) -> DataError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return DataError(src, line, column, key, vi, en, fix)


def _key_line(front: str, key: str) -> int:
    """The page's line of a front-matter key (the front matter starts on line 2, after '---'); 2 when not found."""
    return next((no for no, row in enumerate(front.split("\n"), 2) if re.match(rf"{re.escape(key)}\s*:", row)), 2)
