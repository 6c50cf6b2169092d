"""mkdocs.yml is code: the keys that load or run code, read files, or write folders, and the values allowed for them.

MkDocs runs what mkdocs.yml names: `hooks:` are Python files, plugins and Markdown extensions are Python packages
with options that read files (`pymdownx.snippets` `base_path`), `INHERIT` reads another configuration,
`theme.custom_dir` holds templates, `site_dir` is emptied by every build, mkdocs-macros imports `module_name` and
`modules` and reads `include_yaml` / `include_dir`, and a YAML tag (`!!python/name:…`, `!!python/object/apply:…`)
calls Python while the file is read. An editor's pull request must not change any of them unreviewed.

ALLOWED below is the allow-list. `check`, the build (site/preflight.py) and `publish` (before it builds) refuse
anything outside it (policy_errors). To allow something new, the technical team adds it HERE, in a reviewed commit.
Since the table is code, such a change is flagged by `diff` as a code change (commands/code_changes.py).

Each entry: a dotted key of mkdocs.yml -> the values it may have (a list; ANY: any plain value, no tag). Plugins
and Markdown extensions: name -> {option: allowed values}; a plugin or extension not listed, or an option not
listed for it, is refused. TAGS: the YAML tags allowed, by key (only `!ENV` where the preview command turns the
offline plugin on; `!relative` and any other tag are refused until a key needs one).

Note on timing: MkDocs loads `hooks:`, plugins and YAML tags while it reads mkdocs.yml, before any plugin can
object. So the build refuses them only after that; `check` and `publish` refuse them before anything runs — CI runs
`check` before it builds (the CI templates), and a pull request from a fork runs without the server's secrets.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from .errors import DataError

ANY = "any"
POLICY_FILE = "macros/config_policy.py"

ALLOWED = {
    "INHERIT": [],                                   # another configuration file: none
    "hooks": [["macros/site/mkdocs_hooks.py"]],      # the exact list
    "docs_dir": ["docs"],
    "site_dir": ["site"],
    "theme.name": ["material"],
    "theme.custom_dir": ["overrides"],
    "extra_javascript": [],                          # scripts: none beyond overrides/main.html's
    "extra.analytics": [],                           # Material's analytics: a script from outside in every page
    "extra.polyfills": [["assets/iframe-worker-shim.js"]],   # search from a page opened from disk (preview zip)
    "extra_templates": [],
    "exclude_docs": [],                              # its '!.htaccess' would publish docs/' hidden files (server settings)
}
PLUGINS = {
    "search": {"lang": ANY, "separator": ANY, "pipeline": ANY, "fields": ANY, "min_search_length": ANY},
    "offline": {"enabled": ANY},                     # only for the preview build (BAOCAO_OFFLINE=true)
    "macros": {"module_name": ["macros"], "on_undefined": ANY, "on_error_fail": ANY, "verbose": ANY,
               "modules": [], "include_yaml": [], "include_dir": []},
}
EXTENSIONS = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": ANY, "toc_depth": ANY, "title": ANY},
}
TAGS: dict[str, set] = {"plugins.offline.enabled": {"!ENV"}}   # the preview build turns the offline plugin on


def _yaml():
    import yaml
    return yaml


@lru_cache(maxsize=4)
def compose(text: str):
    """mkdocs.yml as YAML nodes (nothing constructed: a tag is read, never run); None when it is not YAML or holds an
    alias (*name: a few of them followed make billions of values; sources/checks.py config_nodes says so). Kept per
    text: a build reads the nodes in several checks, `mkdocs serve` at every rebuild (≈ 2.5 ms each for a ten-year
    nav). The nodes are shared: read them, never change them."""
    yaml = _yaml()
    from .data.yamlload import first_alias
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return None
    return None if node is not None and first_alias(node) is not None else node   # said by sources/checks.py


def plain(node):
    """A node as plain Python data; a tagged value as written (its tag is never run)."""
    yaml = _yaml()
    if isinstance(node, yaml.MappingNode):
        return {_hashable(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(v) for v in node.value]
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _SAFE_SCALARS:
            try:
                return yaml.constructor.SafeConstructor().construct_object(node)
            except (yaml.YAMLError, ValueError):
                return node.value
        return node.value
    return None


def _hashable(key):
    return key if isinstance(key, (str, int, float, bool, type(None))) else repr(key)


_SAFE_SCALARS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as plain data ({} when missing or unreadable): no tag is constructed. Each caller gets its own
    copy of what is kept per text."""
    try:
        text = Path(config_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):   # sources/checks.py config_nodes names a file that is not UTF-8
        return {}
    return copy.deepcopy(_plain_config(text))


@lru_cache(maxsize=4)
def _plain_config(text: str) -> dict:
    node = compose(text)
    try:
        data = plain(node) if node is not None else None
    except RecursionError:      # nested deeper than any configuration: policy_errors says so
        return {}
    return data if isinstance(data, dict) else {}


def _named(node):
    """(name, options node or None, name node) of each item of a plugins / markdown_extensions list or mapping."""
    yaml = _yaml()
    items = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
    for item in items:
        if isinstance(item, tuple):                    # plugins written as a mapping
            yield _name(item[0]), item[1], item[0]
        elif isinstance(item, yaml.ScalarNode):
            yield item.value, None, item
        elif isinstance(item, yaml.MappingNode) and item.value:
            key, value = item.value[0]
            yield _name(key), value, key
        elif item is not None:
            yield repr(plain(item)), None, item


def _name(node) -> str:
    return node.value if isinstance(node.value, str) else repr(plain(node))


def walk(node, path=""):
    """(dotted key, node) of every node (mapping keys included), depth first, without recursion; a node reached
    again through an alias is not walked again."""
    yaml = _yaml()
    seen, stack = set(), [(path, node)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        children = []
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                children += [(path, k), (f"{path}.{k.value}" if path else str(k.value), v)]
        elif isinstance(node, yaml.SequenceNode):
            children = [(path, v) for v in node.value]
        stack.extend(reversed(children))


def _tagged(node) -> bool:
    """A tag that MkDocs' loader would construct with code: !ENV, !relative, !!python/…, any local tag."""
    return node.tag.startswith("!") or node.tag.startswith("tag:yaml.org,2002:python")


def code_settings(root_node) -> dict:
    """{dotted key: plain value} of every code-bearing setting present (for `diff`: did the code settings change)."""
    yaml = _yaml()
    found = {}
    top = _mapping(root_node)
    for key in ALLOWED:
        node = _get_path(top, key)
        if node is not None:
            found[key] = plain(node)
    for section in ("plugins", "markdown_extensions"):
        for name, options, _ in _named(top.get(section)):
            found[f"{section}.{name}"] = plain(options) if options is not None else None
    found["tags"] = sorted((p, n.tag) for p, n in walk(root_node) if _tagged(n))
    return found


def _mapping(node) -> dict:
    """{key: value node} of a mapping node (keys that are not plain scalars are left out: nothing names them)."""
    yaml = _yaml()
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _get_path(top: dict, dotted: str):
    head, _, rest = dotted.partition(".")
    node = top.get(head)
    if rest:
        yaml = _yaml()
        if not isinstance(node, yaml.MappingNode):
            return None
        return _get_path(_mapping(node), rest)
    return node


def _allowed(value, allowed) -> bool:
    return allowed == ANY or value in allowed


def _first_stranger(node, allowed):
    """The first item of a list that no allowed list holds (the line to point at), else the node itself."""
    yaml = _yaml()
    if isinstance(node, yaml.SequenceNode):
        known = {item for value in allowed if isinstance(value, list) for item in value}
        for item in node.value:
            if plain(item) not in known:
                return item
    return node


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _error(node, key: str, vi: str, en: str) -> DataError:
    mark = node.start_mark
    return DataError("mkdocs.yml", mark.line + 1, mark.column + 1, key, vi, en,
                     f"Đây là thiết lập chạy mã: bỏ thay đổi này, hoặc nhờ nhóm kỹ thuật xem xét và thêm nó vào danh "
                     f"sách cho phép trong {POLICY_FILE}. / This setting runs code: revert it, or ask the technical "
                     f"team to review it and add it to the allow-list in {POLICY_FILE}.")


def policy_errors(config_file: Path) -> list[DataError]:
    """Every code-bearing setting of mkdocs.yml outside the allow-list, with its line ([] when unreadable: the
    YAML error is sources/checks.py's)."""
    yaml = _yaml()
    try:
        text = Path(config_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    root_node = compose(text)
    if root_node is None:   # not YAML (sources/checks.py says where), or an alias, which MkDocs itself follows
        from .data.yamlload import alias_error, first_alias   # while reading the file, for hours: said here, the
        try:                                                   # list `publish` reads before it builds
            alias = first_alias(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        except (yaml.YAMLError, RecursionError):
            alias = None
        return [alias_error("mkdocs.yml", alias)] if alias is not None else []
    if not isinstance(root_node, yaml.MappingNode):
        return []
    try:
        return _policy_errors(root_node)
    except RecursionError:
        return [DataError("mkdocs.yml", None, None, "", "mkdocs.yml lồng nhau quá sâu, không kiểm tra được.",
                          "mkdocs.yml is nested too deeply to be checked.",
                          "So với bản trước trong git, bỏ phần thêm.")]


def _policy_errors(root_node) -> list[DataError]:
    yaml = _yaml()
    errors = []
    for path, node in walk(root_node):
        if _tagged(node) and node.tag not in TAGS.get(path, ()):
            tag = _shown_tag(node.tag)
            errors.append(_error(node, path or "(gốc)",
                                 f"Thẻ YAML '{tag}' không được phép (thẻ YAML có thể chạy mã Python khi tệp được đọc).",
                                 f"The YAML tag '{tag}' is not allowed (a tag can run Python while the file is read)."))
        elif isinstance(node, yaml.ScalarNode) and node.value == "<<" and node.tag.endswith(":merge"):
            errors.append(_error(node, path or "(gốc)", "Khoá gộp YAML '<<' không được dùng trong mkdocs.yml.",
                                 "The YAML merge key '<<' is not allowed in mkdocs.yml."))
    top = _mapping(root_node)
    for key, allowed in ALLOWED.items():
        node = _get_path(top, key)
        if node is not None and not _allowed(plain(node), allowed):
            node = _first_stranger(node, allowed)
            shown = "không được dùng" if not allowed else "chỉ được là " + " hoặc ".join(map(repr, allowed))
            errors.append(_error(node, key, f"Khoá '{key}' {shown}.", f"The key '{key}' " + (
                "is not allowed." if not allowed else f"may only be {' or '.join(map(repr, allowed))}.")))
    for section, table in (("plugins", PLUGINS), ("markdown_extensions", EXTENSIONS)):
        for name, options, name_node in _named(top.get(section)):
            key = f"{section}.{name}"
            if name not in table:
                errors.append(_error(name_node, key, f"'{name}' không có trong danh sách {section} được phép.",
                                     f"'{name}' is not in the allow-list of {section}."))
                continue
            if isinstance(options, yaml.MappingNode):
                for option_key, value in options.value:
                    option = _name(option_key)
                    allowed = table[name].get(option)
                    if allowed is None or not _allowed(plain(value), allowed):
                        errors.append(_error(option_key, f"{key}.{option}",
                                             f"Tuỳ chọn '{option}' của '{name}' không được phép với giá trị này.",
                                             f"The option '{option}' of '{name}' is not allowed with this value."))
            elif options is not None and not (isinstance(options, yaml.ScalarNode) and options.value in ("", "null")):
                errors.append(_error(options, key, f"Tuỳ chọn của '{name}' phải là một bảng khoá: giá trị.",
                                     f"The options of '{name}' must be a mapping."))
    return errors
