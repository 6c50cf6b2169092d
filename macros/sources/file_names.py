"""Which files docs/ may hold, by name (MkDocs copies every file of docs/ to the site): pages named in lowercase
ASCII ending in '.md', and only the kinds of file a reader's browser shows and the build checks. `check` and the
build refuse any other, saying the name to give it or to remove it."""
from __future__ import annotations

import re
from pathlib import Path

from .. import chars
from ..errors import DataError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")   # MkDocs' own list; it reads them as written


PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.md$")


def wanted_name(name: str) -> str | None:
    """The name a page's file should have when `name` is not one ('Mục mới.MD' -> 'muc-moi.md'), else None: lowercase
    letters without accents, digits and '-', ending in '.md'."""
    if PAGE_NAME.match(name):
        return None
    stem = name[: name.lower().rindex(".m")] if name.lower().endswith(MARKDOWN_SUFFIXES) else name
    return (chars.as_key(stem).replace("_", "-").strip("-") or "trang-moi") + ".md"


def file_errors(docs_dir: Path) -> list[DataError]:
    """Every file of docs/ by its name, from one listing, one message a file: a page not named as pages are (said
    with the name to give it, never also told to go), else a kind of file docs/ may not hold."""
    errors = []
    for path in sorted(Path(docs_dir).rglob("*")):
        if path.is_file():
            rel = path.relative_to(docs_dir).as_posix()
            found = _page_name_error(path.name, rel) or _kind_error(path, rel)
            if found is not None:
                errors.append(found)
    return errors


def _page_name_error(name: str, rel: str) -> DataError | None:
    """A page whose name is not lowercase letters without accents, digits and '-', ending in '.md' exactly:
    'x.MD' (renamed on Windows, where case does not count) is no page to MkDocs, which copies it to the site as it is,
    macros and all; 'x.markdown' is one that `check` would not read; 'Mục mới.md' is an address with accents and a
    space, whose accents a Mac stores decomposed (the name then matches neither the nav nor a link typed elsewhere);
    'Index.md' is another page than 'index.md' on the server, the same one on Windows. Its name is refused, saying the
    name to give it."""
    wanted = wanted_name(name) if name.lower().endswith(MARKDOWN_SUFFIXES) and not name.startswith(".") else None
    if wanted is None:
        return None
    if name.endswith(".md"):
        vi = (f"Tên trang '{name}' có chữ hoa, chữ có dấu, dấu cách hay ký tự khác: địa chỉ trang web khác nhau "
              "giữa các máy (Windows không phân biệt chữ hoa, máy Mac lưu chữ có dấu theo cách khác) và không "
              "khớp với mục lục hay liên kết.")
        en = (f"The page name '{name}' holds capitals, accents, spaces or other signs: its address differs from one "
              "machine to another and does not match the nav or links.")
    else:
        raw = not name.endswith(MARKDOWN_SUFFIXES)   # '.MD': MkDocs copies it to the site unread
        vi = (f"Tên trang phải có đuôi .md (chữ thường): tệp '{name}' không được kiểm tra như một trang"
              + (" mà bị chép nguyên lên trang web, cả macro chưa chạy." if raw else "."))
        en = (f"A page's name ends in '.md' (lowercase): '{name}' is not checked as a page"
              + (" but copied to the site as it is." if raw else "."))
    return DataError(f"docs/{rel}", None, None, "", vi, en,
                     f"Đổi tên tệp thành {wanted} (chữ thường không dấu, chữ số, gạch ngang; trên trang web của kho "
                     "Git: mở tệp, Edit, sửa tên ở ô tên tệp), và ghi đúng tên đó trong nav của mkdocs.yml.")


# What docs/ may hold: MkDocs copies every file of it to the site as it is. Pages, pictures, PDF files, fonts, and
# what the build checks as code or markup (html/page_safety.py: style sheets, scripts, HTML, SVG, XML). Anything else
# may be run by the web server (.php under Apache, .aspx under IIS, .shtml's server-side includes) or read by the
# browser as a page no check has read (a file without a suffix, which Apache sends without a type; a gzipped .svgz).
SERVED_SUFFIXES = frozenset(".md .png .jpg .jpeg .gif .webp .ico .pdf .woff .woff2 .ttf .otf "
                            ".css .js .html .htm .svg .xml".split())
# Apache's `AddHandler … .php` (and the like) runs a file whose name holds the suffix anywhere: 'anh.php.png'
RUN_INSIDE = re.compile(r"\.(?:php\d?|phtml|phar|pht|cgi|pl|py|asp|aspx|shtml?|stm|jsp)\.", re.I)


def _kind_error(path: Path, rel: str) -> DataError | None:
    """A file of docs/ that MkDocs would publish and that is none of SERVED_SUFFIXES (hidden files MkDocs leaves
    out)."""
    inside = RUN_INSIDE.search(path.name)
    if (path.suffix.lower() in SERVED_SUFFIXES and not inside) or any(p.startswith(".") for p in rel.split("/")):
        return None
    suffix = inside.group()[:-1] if inside else path.suffix
    kind = f"'{suffix}'" if suffix else "không có đuôi / without a suffix"
    return DataError(f"docs/{rel}", None, None, "",
                     f"Tệp loại {kind} không được đặt trong docs/: mọi tệp trong docs/ được chép nguyên lên trang web, "
                     "nơi máy chủ web có thể chạy nó (PHP, ASP.NET) hoặc trình duyệt đọc nó như một trang chưa được "
                     "kiểm tra.",
                     f"A file of kind {kind} may not be in docs/: every file of docs/ is copied to the site as it is, "
                     "where the web server may run it (PHP, ASP.NET) or the browser read it as an unchecked page.",
                     "Xoá tệp này khỏi docs/ (git rm). Trong docs/ chỉ có trang (.md), hình (.png, .jpg, .gif, .webp, "
                     ".svg) và tệp PDF; loại tệp khác: nhờ nhóm kỹ thuật xem xét và thêm vào SERVED_SUFFIXES trong "
                     "macros/sources/file_names.py.")
