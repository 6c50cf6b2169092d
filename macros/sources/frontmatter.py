"""A page's front matter (the 'key: value' lines between two '---' at its top): the keys a page may carry, and what
MkDocs would do wrong without a word.

- a front matter opened by '---' and never closed, or that YAML cannot read ("title: 1.1. Kết quả: …"): MkDocs
  prints its lines as the page's first text;
- a key written twice (`title:` twice): YAML keeps the last one (the data loader's detection and message,
  data/yamlload.py);
- a key no reader knows (`titel:` for `title:`): ignored, the page shows no sign of it; the closest known key is
  suggested. KEYS is the one list of the keys a page may carry;
- a theme template (`template: 404.html`): the page shows that template, not its content;
- a title that is a list or a mapping (`title: [Mục 1]`): MkDocs prints Python's spelling of it;
- under `search:`, a boost that is not a number from 0 to BOOST_MAX (`boost: "cao"`), an exclude that is not
  true/false (`exclude: không`): Material copies them into the search index, where they order or hide silently.
Each is an error naming page, line, column and the fix, from `check`, the build and `mkdocs serve` alike (the
pre-flight: sources/misprints.py calls this, site/preflight.py runs it).
"""
from __future__ import annotations

import difflib
import re

from ..errors import DataError
from .pages import front_matter_text

# The keys a page may carry, and who reads each; any other key is refused. Material also reads `status`, `subtitle`,
# `icon` and `author`: no page uses them, they need theme settings this site does not have (an unknown icon stops
# the build with a traceback), and the theme prints them outside the article, unescaped, where `check` does not look
# for unsafe HTML (it looks at title and description: commands/check.py) — refused rather than guarded.
KEYS = {
    "title": "tên trang, hiện trên thẻ trình duyệt và mục lục",           # MkDocs
    "description": "mô tả trang cho máy tìm kiếm",                         # Material
    "hide": "ẩn phần của trang: navigation, toc, footer, path",            # Material
    "search": "thứ hạng trong ô tìm kiếm: boost, exclude",                 # Material
    "year": "năm của trang, khi trang không nằm trong thư mục năm",       # sources/pages.py
    "render_macros": "false: trang hiện nguyên văn, không chạy macro",    # mkdocs-macros
}
REFUSED = {"template"}   # known to MkDocs, refused with its own message below
WORDS = {"hide": ("navigation", "toc", "footer", "path", "tags", "feedback"),   # what Material reads under a key
         "search": ("boost", "exclude")}
SHAPES = {   # what Material needs there (a number stops the build with a traceback): node, Vietnamese, English, fix
    "hide": ("SequenceNode", "một danh sách", "a list",
             "Viết dòng 'hide:' rồi mỗi phần cần ẩn một dòng, thụt 2 dấu cách: '  - toc'"),
    "search": ("MappingNode", "các dòng khoá con", "a mapping",
               "Viết dòng 'search:' rồi mỗi khoá con một dòng, thụt 2 dấu cách: '  boost: 0.5'"),
}

# The values Material takes under `search:` (it copies them into the search index as written: a word as the boost
# makes lunr's scores NaN, a boost of 0 is ignored, a huge one ranks the page above the words' own matches; any text
# as exclude, even 'không' or "false", hides the page from search): accepted, Vietnamese, English, fix.
BOOST_MAX = 10   # the home page and summaries 0.5, appendices 0.25; 2 ranks a page before others; search-fold.js
#                  ranks by tiers 1e6 apart: a boost must stay far below that
VALUES = {
    "boost": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= BOOST_MAX,
              f"phải là một số lớn hơn 0 và không quá {BOOST_MAX} (thứ hạng của trang trong ô tìm kiếm: 1 như mọi "
              "trang, 0.5 xếp sau, 2 xếp trước); giá trị khác làm thứ tự kết quả tìm kiếm sai mà không báo gì",
              f"must be a number above 0 and at most {BOOST_MAX} (the page's rank in search: 1 as any page, 0.5 "
              "after, 2 before); anything else puts the search results in a wrong order without a word",
              "Viết một số, không ngoặc kép, dấu chấm thập phân: '  boost: 0.5' (trang tóm tắt, phụ lục xếp sau), "
              "hoặc xoá dòng này (mặc định 1)."),
    "exclude": (lambda v: isinstance(v, bool),
                "phải là true (trang không hiện trong kết quả tìm kiếm) hoặc false; chữ khác, kể cả 'không' hay "
                "\"false\" trong ngoặc kép, làm trang biến khỏi ô tìm kiếm mà không báo gì",
                "must be true (the page is left out of search results) or false; any text, even 'không' or a "
                "quoted \"false\", hides the page from search without a word",
                "Viết '  exclude: true' hoặc '  exclude: false' (không ngoặc kép), hoặc xoá dòng này (trang hiện "
                "trong kết quả tìm kiếm)."),
}

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
    node, meta, unread = _read(src, front)
    if unread or not meta:
        return unread
    from ..data.yamlload import duplicate_key_errors
    lines = {k.value: k.start_mark.line + _FIRST_LINE for k, _ in reversed(node.value)}
    return duplicate_key_errors(node, src, _FIRST_LINE) \
        + [_unknown(src, lines.get(key, _FIRST_LINE), 1, key, KEYS) for key in meta
           if key not in KEYS and key not in REFUSED] \
        + [e for key, value in node.value for e in _value_errors(src, key.value, value)] \
        + _misread(src, meta, lines)


def _read(src: str, front: str) -> tuple:
    """(the front matter's YAML nodes, as a dict, []) or (None, None, the error: not YAML, not 'key: value')."""
    import yaml
    try:
        node = yaml.compose(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + _FIRST_LINE if mark else _FIRST_LINE
        lines = front.split("\n")
        tab = mark is not None and "\t" in lines[min(mark.line, len(lines) - 1)]
        return None, None, [DataError(src, line, None, "front matter",
                                      "Phần đầu trang (giữa hai dòng '---') viết sai YAML: trang sẽ in các dòng đó "
                                      "thành chữ." + (" Dòng này có dấu Tab: YAML chỉ nhận dấu cách." if tab else ""),
                                      f"The front matter is not valid YAML ({getattr(exc, 'problem', '')}): the page "
                                      "would print its lines.",
                                      "Thay dấu Tab bằng dấu cách (mỗi bậc thụt lề 2 dấu cách)." if tab else
                                      "Giá trị có dấu hai chấm thì đặt trong dấu ngoặc kép, ví dụ title: \"1.1. Kết "
                                      "quả: …\".")]
    if meta is not None and not isinstance(meta, dict):
        return None, None, [DataError(src, _FIRST_LINE, None, "front matter",
                                      "Phần đầu trang (giữa hai dòng '---') phải là các dòng 'khoá: giá trị'.",
                                      "The front matter must be 'key: value' lines.", "Ví dụ: title: 1.1. Kết quả …")]
    return node, meta, []


def _value_errors(src: str, key: str, value) -> list[DataError]:
    """A key that takes words (hide, search): of the shape Material reads, each word one it knows."""
    import yaml
    if key not in WORDS:
        return []
    words, shape = WORDS[key], SHAPES[key]
    if not isinstance(value, getattr(yaml, shape[0])) and value.tag != "tag:yaml.org,2002:null":
        return [DataError(src, value.start_mark.line + _FIRST_LINE, value.start_mark.column + 1, key,
                          f"'{key}' trong phần đầu trang phải là {shape[1]}: giá trị khác bị bỏ qua hoặc làm bản dựng "
                          "dừng.",
                          f"The front matter's {key!r} must be {shape[2]}: anything else is ignored or stops the "
                          "build.",
                          f"{shape[3]} (lựa chọn: {', '.join(words)}).")]
    items = [k for k, _ in value.value] if isinstance(value, yaml.MappingNode) else \
        value.value if isinstance(value, yaml.SequenceNode) else []
    return [_unknown(src, item.start_mark.line + _FIRST_LINE, item.start_mark.column + 1, item.value, words, key)
            for item in items if isinstance(item, yaml.ScalarNode) and item.value not in words] \
        + [_wrong_value(src, f"{key}.{word.value}", given) for word, given in
           (value.value if isinstance(value, yaml.MappingNode) else []) if _misvalued(word, given)]


def _misvalued(word, given) -> bool:
    """A value under `search:` (VALUES) that Material would read otherwise than meant."""
    import yaml
    if not isinstance(word, yaml.ScalarNode) or word.value not in VALUES:
        return False
    if not isinstance(given, yaml.ScalarNode):
        return True
    return not VALUES[word.value][0](yaml.constructor.SafeConstructor().construct_object(given))


def _wrong_value(src: str, key: str, given) -> DataError:
    import yaml
    _, vi, en, fix = VALUES[key.rsplit(".", 1)[1]]
    written = given.value if isinstance(given, yaml.ScalarNode) else "…"
    return DataError(src, given.start_mark.line + _FIRST_LINE, given.start_mark.column + 1, key,
                     f"'{key}' trong phần đầu trang ghi '{written}', nhưng {vi}.",
                     f"The front matter's {key!r} is {written!r}, but {en}.", fix)


def _misread(src: str, meta: dict, lines: dict) -> list[DataError]:
    """What MkDocs reads otherwise than meant: a theme template picked, a title that is a list or a mapping."""
    errors = []
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


def _unknown(src: str, line: int, column: int, name, known, under: str = "") -> DataError:
    """A key (or, `under` a key, a word) nothing reads, with the closest known one."""
    near = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    if under:
        return DataError(src, line, column, f"{under}.{name}",
                         f"'{name}' không phải một lựa chọn của '{under}' trong phần đầu trang (viết sai?): MkDocs bỏ "
                         "qua nó mà không báo gì.",
                         f"{str(name)!r} is not one of the words {under!r} takes (misspelt?): ignored without a word.",
                         (f"Có phải '{near[0]}'? " if near else "") + f"'{under}' nhận: {', '.join(known)}.")
    guess = f"Có phải '{near[0]}' ({known[near[0]]})? " if near else ""
    return DataError(src, line, column, str(name),
                     f"Khoá '{name}' trong phần đầu trang không được dùng (viết sai tên?): MkDocs bỏ qua nó mà không "
                     "báo gì.",
                     f"The front-matter key {str(name)!r} is read by nothing (misspelt?): MkDocs ignores it without a "
                     "word.",
                     f"{guess}Các khoá {'khác ' if near else ''}được dùng trong phần đầu trang: "
                     + ", ".join(k for k in known if k not in near) + ".")
