"""A page's front matter (the 'key: value' lines between two '---' at its top): the keys a page may carry, and what
MkDocs would do wrong without a word.

- a front matter opened by '---' and never closed, or that YAML cannot read ("title: 1.1. Kết quả: …"): MkDocs
  prints its lines as the page's first text;
- a key written twice (`title:` twice): YAML keeps the last one (the data loader's detection and message,
  data/yamlload.py);
- a key no reader knows (`titel:` for `title:`): ignored, the page shows no sign of it; the closest known key is
  suggested. KEYS is the one list of the keys a page may carry;
- a theme template (`template: 404.html`): the page shows that template, not its content;
- a title that is a list or a mapping (`title: [Mục 1]`): MkDocs prints Python's spelling of it.
Each is an error naming page, line, column and the fix, from `check`, the build and `mkdocs serve` alike (the
pre-flight: sources/misprints.py calls this, site/preflight.py runs it).
"""
from __future__ import annotations

import difflib
import re

from ..errors import DataError
from .pages import front_matter_text

# The keys a page may carry, and who reads each (any other key is refused: nothing would read it).
KEYS = {
    "title": "tên trang (MkDocs: thẻ trình duyệt, mục lục)",
    "description": "mô tả trang cho máy tìm kiếm (Material)",
    "hide": "ẩn phần của trang: navigation, toc, footer, path (Material)",
    "search": "tìm kiếm: boost, exclude (Material)",
    "status": "nhãn của trang trong mục lục: new, deprecated (Material)",
    "subtitle": "dòng phụ dưới tên trang trong mục lục (Material)",
    "icon": "biểu tượng của trang (Material)",
    "year": "năm của trang, khi trang không nằm trong thư mục năm (sources/pages.py)",
    "render_macros": "false: trang hiện nguyên văn, không chạy macro (mkdocs-macros)",
}
REFUSED = {"template"}   # known to MkDocs, refused with its own message below

_OPEN_LINE = re.compile(r"\A---[ \t]*\n")
_FIRST_LINE = 2   # the front matter's first line in the page, after '---'


def front_matter_errors(src: str, text: str) -> list[DataError]:
    """The front matter's mistakes for the page `src` (path shown to the editor) with Markdown `text`."""
    if not _OPEN_LINE.match(text):
        return []
    front, _ = front_matter_text(text)
    if front is None:
        return [DataError(src, 1, 1, "---",
                          "Phần đầu trang (front matter) mở bằng '---' ở dòng 1 nhưng không có dòng '---' đóng lại: "
                          "trang sẽ in các dòng đó (\"title: …\") thành chữ.",
                          "The front matter opened by '---' on line 1 is never closed: the page would print its "
                          "lines.",
                          "Thêm một dòng chỉ có '---' ngay sau dòng cuối của phần đầu trang (trước đề mục '# …').")]
    import yaml
    from ..data.yamlload import duplicate_key_errors
    try:
        node = yaml.compose(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + _FIRST_LINE if mark else _FIRST_LINE
        return [DataError(src, line, None, "front matter",
                          "Phần đầu trang (giữa hai dòng '---') viết sai YAML: trang sẽ in các dòng đó thành chữ.",
                          f"The front matter is not valid YAML ({getattr(exc, 'problem', '')}): the page would "
                          "print its lines.",
                          "Giá trị có dấu hai chấm thì đặt trong dấu ngoặc kép, ví dụ title: \"1.1. Kết quả: …\".")]
    if meta is not None and not isinstance(meta, dict):
        return [DataError(src, _FIRST_LINE, None, "front matter",
                          "Phần đầu trang (giữa hai dòng '---') phải là các dòng 'khoá: giá trị'.",
                          "The front matter must be 'key: value' lines.", "Ví dụ: title: 1.1. Kết quả …")]
    meta = meta or {}
    lines = {k.value: k.start_mark.line + _FIRST_LINE for k, _ in reversed(node.value)} if meta else {}
    errors = duplicate_key_errors(node, src, _FIRST_LINE)
    errors += [_unknown(src, lines.get(key, _FIRST_LINE), key) for key in meta if key not in KEYS and key not in REFUSED]
    if "template" in meta:   # MkDocs renders the page with that theme file instead
        errors.append(DataError(src, lines["template"], 1, "template",
                                f"Phần đầu trang chọn mẫu giao diện '{meta['template']}': trang sẽ hiện theo mẫu đó "
                                "(404.html: trang \"không tìm thấy\") thay cho nội dung của nó, hoặc bản dựng dừng.",
                                f"The front matter picks the theme template {meta['template']!r}: the page would "
                                "show that template instead of its content, or the build would stop.",
                                "Xoá dòng 'template: …': mọi trang dùng mẫu chung của báo cáo."))
    for key in ("title", "description"):
        if isinstance(meta.get(key), (dict, list)):   # MkDocs prints Python's spelling: "{'a': 1}" as the title
            errors.append(DataError(src, lines[key], 1, key,
                                    f"'{key}' trong phần đầu trang phải là một dòng chữ, không phải danh sách hay "
                                    "bảng khoá (dấu [ ] hoặc { } ở đầu giá trị).",
                                    f"The front matter's {key!r} must be one line of text, not a list or a mapping.",
                                    f"Đặt cả giá trị trong dấu ngoặc kép: {key}: \"…\"."))
    return errors


def _unknown(src: str, line: int, key) -> DataError:
    near = difflib.get_close_matches(str(key), list(KEYS), n=1, cutoff=0.6)
    guess = f"Có phải '{near[0]}'? " if near else ""
    return DataError(src, line, 1, str(key),
                     f"Khoá '{key}' trong phần đầu trang không được dùng (viết sai tên?): MkDocs bỏ qua nó mà không "
                     "báo gì.",
                     f"The front-matter key {str(key)!r} is read by nothing (misspelt?): MkDocs ignores it without a "
                     "word.",
                     f"{guess}Các khoá {'khác ' if near else ''}được dùng trong phần đầu trang: {', '.join(k for k in KEYS if k not in near)}.")

