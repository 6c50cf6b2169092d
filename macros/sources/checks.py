"""Checks on the sources alone (no data needed) of what a strict build refuses: mkdocs.yml that cannot be read or
that writes a key twice (data/yamlload.py's detection: YAML keeps the last one without a word), the files it names
(nav, `include_yaml`), links between pages to files that do not exist. (Macro names, syntax and arguments of the
pages: sources/syntax.py.)"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path

from .. import chars
from ..data.yamlload import duplicate_key_errors, first_alias
from ..errors import DataError
from .file_names import wanted_name
from .pages import blanked, executed

_FENCED = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_ABSOLUTE = re.compile(r"\]\(<?(/(?!/)[^)\s>]*)")
_LINK = re.compile(r"\]\(([^)\s]+?\.md)(#[^)\s]*)?\)")


def config_errors(config_file: Path, docs_dir: Path, pages=()) -> list[DataError]:
    """mkdocs.yml as YAML, the pages its nav names, and the pages (sources.pages.Page) it does not name: a strict
    build stops on each."""
    config_file = Path(config_file)
    root, unreadable = config_nodes(config_file)
    if unreadable or root is None:
        return unreadable
    errors, named = duplicate_key_errors(root, config_file.name), set()   # YAML keeps the last one silently
    pasted = _pasted_indents(config_file)
    errors += pasted + icon_errors(root, config_file)
    known = {page.src for page in pages}      # docs/ files and the system pages the hook adds
    nav = _get(root, "nav")
    for node in _scalars(nav):
        target = node.value
        named.add(target)
        if isinstance(target, str) and _outside_docs(target):
            errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "nav",
                                    f"Mục lục (nav) có '{target}': đường dẫn ra ngoài thư mục docs/. Trang web chỉ "
                                    "dựng từ các trang trong docs/.",
                                    f"The nav names '{target}', a path out of docs/: the site is made of the pages in "
                                    "docs/ only.",
                                    "Sửa đường dẫn (tính từ docs/, không có '..' hay '/' ở đầu) hoặc xoá dòng này."))
            continue
        if isinstance(target, str) and target.lower().endswith(".md") and "://" not in target \
                and target not in known and not (Path(docs_dir) / target).is_file():
            twin = _case_twin(target, known)
            title, _, path = target.rpartition(" ")
            typed = chars.plain(target)   # a colon pasted from a Japanese or Chinese keyboard ('：'), a no-break space
            if typed != target and ":" in typed:
                title, _, path = (part.strip() for part in typed.partition(":"))
            if title.strip() and (path in known or (Path(docs_dir) / path).is_file() or _case_twin(path, known)):
                odd = chars.odd_characters(target)
                errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "nav",
                                        f"Mục lục (nav) có dòng '{target}': thiếu dấu hai chấm giữa tên mục và "
                                        "đường dẫn của trang" + (f" (có {chars.describe(odd)}, không phải dấu hai "
                                                                 "chấm của bàn phím)." if odd else "."),
                                        f"The nav line '{target}' lacks the colon between the title and the page"
                                        + (f" ({chars.describe(odd, en=True)} is not the keyboard's colon)." if odd
                                           else "."),
                                        f"Viết: - {title.strip()}: {path}"))
                continue
            slashed = target.replace("\\", "/")
            if slashed != target and (slashed in known or (Path(docs_dir) / slashed).is_file()):
                errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "nav",
                                        f"Mục lục (nav) ghi '{target}' với dấu '\\' của Windows: trên máy chủ, "
                                        "đường dẫn chỉ dùng dấu '/'.",
                                        f"The nav names '{target}' with Windows' '\\'; paths use '/'.",
                                        f"Viết: {slashed}"))
                continue
            if twin and wanted_name(twin.rpartition("/")[2]):   # 'Index.md', 'mục-mới.md': said at the page
                continue
            if twin:
                errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "nav",
                                        f"Mục lục (nav) ghi '{target}' nhưng trang tên là '{twin}': tên tệp phân "
                                        "biệt chữ hoa, chữ thường (máy chủ Linux).",
                                        f"The nav names '{target}', but the page is '{twin}' (names are "
                                        "case-sensitive).",
                                        f"Viết đúng như tên tệp: {twin}"))
                continue
            errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "nav",
                                    f"Mục lục (nav) có trang '{target}' nhưng docs/{target} không tồn tại.",
                                    f"The nav names '{target}', which is not in docs/.",
                                    "Sửa đường dẫn (tính từ docs/) hoặc xoá dòng này khỏi nav."))
    named_any_case = {_named_path(t) for t in named if isinstance(t, str)}
    for page in pages if nav is not None and not pasted else ():   # a pasted indent cuts the nav short: said there
        if page.src not in named and chars.canonical(page.src.lower()) not in named_any_case:   # said at the nav
            errors.append(DataError(f"docs/{page.src}", None, None, "nav",
                                    "Trang này không có trong mục lục (nav) của mkdocs.yml: bản dựng strict dừng.",
                                    "This page is not in mkdocs.yml's nav; the strict build stops.",
                                    f"Thêm một dòng vào nav trong mkdocs.yml, đúng chỗ theo thứ tự đánh số, ví dụ "
                                    f"'- Tên mục: {page.src}' (docs/huong-dan-bien-tap.md, mục 5)."))
    return errors


ICON_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+$")


def icon_errors(root, config_file: Path) -> list[DataError]:
    """Every icon mkdocs.yml names (under theme.icon, a palette toggle's or a social link's `icon:`) is a file of the
    theme's icons: Material includes `.icons/<name>.svg` as a template, and a name with no file (a typo, or a path
    out of the theme with '..') stops the build with a Python traceback."""
    from difflib import get_close_matches

    import material
    custom = _get(_get(root, "theme"), "custom_dir")
    folders = [Path(material.__file__).parent / "templates" / ".icons"]
    if isinstance(getattr(custom, "value", None), str):
        folders.insert(0, config_file.parent / custom.value / ".icons")
    errors = []
    for node in _icon_nodes(_get(root, "theme")) + _icon_nodes(_get(root, "extra")):
        name = node.value
        if ICON_NAME.match(name) and any((folder / f"{name}.svg").is_file() for folder in folders):
            continue
        family, _, last = name.rpartition("/")
        known = sorted(p.stem for folder in folders if ICON_NAME.match(name) for p in (folder / family).glob("*.svg"))
        near = get_close_matches(last, known, n=1, cutoff=0.6)
        errors.append(DataError(config_file.name, node.start_mark.line + 1, node.start_mark.column + 1, "icon",
                                f"Biểu tượng '{name}' không có trong bộ biểu tượng của giao diện: bản dựng dừng.",
                                f"The icon '{name}' is not one of the theme's icons: the build stops.",
                                f"Viết: {family}/{near[0]}" if near else
                                "Viết tên một biểu tượng của Material, dạng bộ/tên, ví dụ fontawesome/brands/github "
                                "hay material/email (danh sách: mục 'Icons, Emojis' trong tài liệu của Material for "
                                "MkDocs)."))
    return errors


def _icon_nodes(node, inside_icon: bool = False) -> list:
    """The scalar nodes that name an icon: every value under theme.icon, and the value of any `icon:` key."""
    import yaml
    found = []
    if isinstance(node, yaml.ScalarNode):
        return [node] if inside_icon and isinstance(node.value, str) and node.tag.endswith(":str") else []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _icon_nodes(value, inside_icon or getattr(key, "value", None) == "icon")
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _icon_nodes(item, inside_icon)
    return found


def _pasted_indents(config_file: Path) -> list[DataError]:
    """Lines of mkdocs.yml indented with a no-break space or another look-alike of a space (pasted from Word): YAML
    reads such a line as a new setting of its own, not as an entry of the nav above it; the page it names then seems
    missing from the nav."""
    errors = []
    for no, line in enumerate(Path(config_file).read_text(encoding="utf-8-sig").split("\n"), 1):
        indent = re.match(r"[^\S\n]*", line).group()
        odd = chars.odd_characters(indent)
        if odd:
            errors.append(DataError(Path(config_file).name, no, odd[0][0], "",
                                    f"mkdocs.yml có {chars.describe(odd)} ở đầu dòng {no}: YAML không coi đó là dấu "
                                    "cách, nên đọc dòng này thành một thiết lập riêng, không phải một mục của nav.",
                                    f"mkdocs.yml holds {chars.describe(odd, en=True)} at the start of line {no}: YAML "
                                    "reads the line as a setting of its own, not an entry of the nav.",
                                    f"{chars.advice(odd)} Thụt lề bằng dấu cách thường, như các dòng bên cạnh."))
    return errors


def _relative(src: str, base: str) -> str:
    return posixpath.relpath(src, base or ".")


def _case_twin(target: str, known) -> str | None:
    """The page `target` names with other capitals ('2023/Van-ban.MD' -> '2023/van-ban.md') or its accents stored
    otherwise (a Mac's decomposed name), a system page too."""
    from .system import NAMES
    wanted = chars.canonical(target.lower())
    twin = next((src for src in known if chars.canonical(src.lower()) == wanted), None)
    year, _, name = wanted.partition("/")
    if twin is None and year.isdigit() and name in NAMES:
        twin = f"{year}/{name}"
    return twin


def config_nodes(config_file: Path) -> tuple[object, list[DataError]]:
    """(mkdocs.yml as YAML nodes, []) or (None, the error naming line, column and what to do; a tab named as such).
    A missing file is (None, []): nothing to check."""
    import yaml

    from ..config_policy import compose
    text = ""
    try:
        text = Path(config_file).read_text(encoding="utf-8-sig")
        root = compose(text)   # kept per text
        if root is None:       # not YAML (composed again: the error, said below), an alias, or saved empty
            root = yaml.compose(text, Loader=_loader())
            if root is not None and first_alias(root) is not None:
                return None, []   # said by config_policy.policy_errors, which check, the build and publish run
        if root is None:   # saved empty (or only comments): MkDocs stops on a missing site_name, in English
            return None, [DataError(Path(config_file).name, None, None, "", "mkdocs.yml đang trống: không có tên trang "
                                    "web, mục lục (nav) hay thiết lập nào.", "mkdocs.yml is empty: no site name, nav "
                                    "or setting.", "Khôi phục tệp (trang web của kho Git: History / Lịch sử của tệp, "
                                    "chọn bản trước; hoặc git checkout -- mkdocs.yml).")]
        return root, []
    except OSError:
        return None, []
    except UnicodeDecodeError as exc:
        line, column, bad = chars.undecodable(exc)
        return None, [DataError(Path(config_file).name, line, column, "",
                                f"mkdocs.yml không phải mã UTF-8 (gặp byte {bad}).",
                                f"mkdocs.yml is not UTF-8 encoded (bytes {bad}).",
                                "Mở tệp trong VS Code, chọn 'Save with Encoding' → 'UTF-8' rồi lưu lại.")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        lines = text.split("\n")
        near = [n for n in (line, line - 1) if line and 0 < n <= len(lines)]
        odd = next(((n, found) for n in near if (found := chars.odd_characters(lines[n - 1]))), None)
        if line and "\t" in lines[line - 1 if line <= len(lines) else -1]:
            vi = f"mkdocs.yml có dấu Tab ở dòng {line}: YAML chỉ nhận dấu cách để thụt lề."
            en = f"mkdocs.yml has a tab on line {line}; YAML indents with spaces only."
            fix = f"Thay dấu Tab ở dòng {line} bằng dấu cách (mỗi bậc thụt lề 2 dấu cách, như các dòng bên cạnh)."
        elif odd:   # a no-break space or a full-width colon pasted from Word or another keyboard
            (line, found), column = odd, odd[1][0][0]
            vi = f"mkdocs.yml có {chars.describe(found)} ở dòng {line}: YAML không đọc được dòng này."
            en = f"mkdocs.yml holds {chars.describe(found, en=True)} on line {line}; YAML cannot read it."
            fix = f"{chars.advice(found)} Thụt lề bằng dấu cách thường, như các dòng bên cạnh."
        else:
            vi = f"mkdocs.yml viết sai cú pháp YAML ({exc.problem or exc.context})."
            en = f"mkdocs.yml is not valid YAML ({exc.problem or exc.context})."
            fix = "Kiểm tra thụt lề (dấu cách) và dấu hai chấm ở dòng này và dòng ngay trên."
        return None, [DataError(Path(config_file).name, line, column, "", vi, en, fix)]
    except yaml.YAMLError as exc:
        return None, [DataError(Path(config_file).name, None, None, "", "mkdocs.yml không đọc được.",
                                f"mkdocs.yml cannot be read ({exc}).", "So với bản trước trong git.")]


def _outside_docs(target: str) -> bool:
    """A nav entry naming a file out of docs/: '../../etc/passwd', '/proc/self/environ', 'C:\\x' (an address such
    as 'https://…' is a link, not a file)."""
    path = target.strip().replace("\\", "/")
    if "://" in path or re.match(r"^(?:mailto|tel):", path, re.I):
        return False
    normal = posixpath.normpath(path)
    return path.startswith("/") or re.match(r"^[a-zA-Z]:", path) is not None or normal == ".." \
        or normal.startswith("../")


def _named_path(entry: str) -> str:
    """The page a nav entry names however it was typed, lowercase: '.MD', a lost colon ('Văn bản 2023/x.md'), a
    Windows '\\', a colon pasted from another keyboard ('：'), a Mac's decomposed name."""
    return re.split(r"[ :]", chars.canonical(chars.plain(entry).lower()).replace("\\", "/"))[-1]


def link_errors(pages, docs_dir: Path, nav_pages=()) -> list[DataError]:
    """Links between pages ([chữ](2023/van-ban.md)) to a page that does not exist, and absolute links ('/2023/…',
    broken in a sub-folder; MkDocs warns), outside code. A link to a page the nav names (`nav_pages`) but that
    does not exist is reported once, at the nav (config_errors)."""
    errors, known = [], {page.src for page in pages}   # docs/ files and the system pages
    in_nav = {_named_path(p) for p in nav_pages   # pages the nav names wrongly: said at the nav
              if isinstance(p, str) and p not in known and not (Path(docs_dir) / p).is_file()}
    for page in pages:
        base = posixpath.dirname(page.src)
        absolute, relative_links = _page_links(page.src, page.text)
        for target, line, column in absolute:
            relative = posixpath.relpath(target.lstrip("/").split("#")[0] or ".", base or ".")
            errors.append(DataError(f"docs/{page.src}", line, column, target,
                                    f"Liên kết '{target}' bắt đầu bằng '/' (đường dẫn tuyệt đối): trên mạng nội bộ, "
                                    "trang nằm trong một thư mục con nên liên kết này hỏng.",
                                    f"The link '{target}' is absolute (starts with '/'); it breaks when the site is "
                                    "published in a sub-folder.",
                                    f"Viết đường dẫn tính từ thư mục của trang này, không có '/' ở đầu: "
                                    f"'{relative}'."))
        for target, resolved, line, column in relative_links:
            if resolved.split("#")[0] not in known and not (Path(docs_dir) / resolved).is_file() \
                    and resolved.split("#")[0].lower() not in in_nav:
                errors.append(DataError(f"docs/{page.src}", line, column, target,
                                        f"Liên kết tới trang '{target}' nhưng không có tệp docs/{resolved}.",
                                        f"The link points to '{target}', which does not exist (docs/{resolved}).",
                                        _link_hint(target, base, known, Path(docs_dir))
                                        + "Sửa đường dẫn (tính từ thư mục của trang này), hoặc bỏ liên kết."))
    return errors


def _link_hint(target: str, base: str, known, docs_dir: Path) -> str:
    """The page a broken link most likely means: written with Windows' '\\', or with other capitals."""
    slashed = target.replace("\\", "/")
    resolved = posixpath.normpath(posixpath.join(base, slashed)).split("#")[0]
    if slashed != target and (resolved in known or (docs_dir / resolved).is_file()):
        return f"Đường dẫn dùng dấu '/', không dùng dấu '\\' của Windows: viết '{slashed}'. "
    twin = _case_twin(resolved, known)
    return f"Có phải '{_relative(twin, base)}' (tên tệp phân biệt chữ hoa, chữ thường)? " if twin else ""


@lru_cache(maxsize=4096)   # `mkdocs serve` checks every page's links at every rebuild; most pages are unchanged
def _page_links(src: str, text: str) -> tuple[tuple, tuple]:
    """((absolute target, line, column)…, (page target, resolved path, line, column)…) of a page's links outside
    code."""
    text = _INLINE_CODE.sub(blanked, _FENCED.sub(blanked, executed(text)))
    base = posixpath.dirname(src)

    def where(start: int) -> tuple[int, int]:
        return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
    absolute = tuple((m.group(1), *where(m.start(1))) for m in _ABSOLUTE.finditer(text))
    relative = tuple((m.group(1), posixpath.normpath(posixpath.join(base, m.group(1))), *where(m.start(1)))
                     for m in _LINK.finditer(text)
                     if not ("://" in m.group(1) or m.group(1).startswith(("/", "mailto:"))))
    return absolute, relative


def markdown_extensions(config_file: Path) -> tuple[list, dict]:
    """(extension names, their settings) of mkdocs.yml's `markdown_extensions`, as MkDocs passes them to Markdown."""
    from ..config_policy import read_config   # plain data; a tag (`!ENV`) kept as written, never run or refused
    config = read_config(Path(config_file))
    items = config.get("markdown_extensions") if isinstance(config, dict) else None
    names, settings = [], {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            (name, options), = item.items()
            names.append(name)
            if isinstance(options, dict):
                settings[name] = options
    return names, settings


def _loader():
    """libyaml's safe loader when installed (the same nodes and marks, ten times faster)."""
    import yaml
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalars(node):
    import yaml
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _scalars(value)


def include_yaml_errors(config_file: Path) -> list[DataError]:
    """Files that mkdocs.yml names in the macros plugin's `include_yaml` but that do not exist."""
    import yaml

    from ..config_policy import compose
    config_file = Path(config_file)
    try:
        root = compose(config_file.read_text(encoding="utf-8-sig"))   # kept per text; None: not YAML
    except (OSError, UnicodeDecodeError):
        return []   # config_errors reports a config it cannot read
    errors = []
    for plugin in _items(_get(root, "plugins")):
        for entry in _items(_get(_get(plugin, "macros"), "include_yaml")):
            name_node = entry.value[0][1] if isinstance(entry, yaml.MappingNode) and entry.value else entry
            name = getattr(name_node, "value", None)
            if isinstance(name, str) and not (config_file.parent / name).is_file():
                errors.append(DataError(
                    config_file.name, name_node.start_mark.line + 1, name_node.start_mark.column + 1,
                    "plugins.macros.include_yaml",
                    f"include_yaml khai báo tệp '{name}' nhưng tệp này không tồn tại.",
                    f"include_yaml names '{name}', which does not exist.",
                    "Sửa đường dẫn (tính từ thư mục chứa mkdocs.yml) hoặc xoá dòng này."))
    return errors


def _get(node, key):
    import yaml
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _items(node):
    import yaml
    return node.value if isinstance(node, yaml.SequenceNode) else []
