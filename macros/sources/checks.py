"""Checks on the sources alone (no data needed): macro names the pages call, files mkdocs.yml names."""
from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from .calls import calls

JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}


def unknown_macros(pages, known: set) -> list[DataError]:
    """Pages that call a macro nobody defines (`{{ nosuch(...) }}`), with page, line and name."""
    errors = []
    for c in calls(pages):
        if c.macro not in known and c.macro not in JINJA_GLOBALS:
            errors.append(DataError(
                f"docs/{c.src}", c.line, c.column, c.macro,
                f"Trang gọi macro '{c.macro}' nhưng không có macro nào tên như vậy.",
                f"The page calls macro '{c.macro}', which does not exist.",
                "Sửa tên macro; danh sách macro ở docs/huong-dan-bien-tap.md. Có: "
                + ", ".join(sorted(k for k in known if not k.startswith("_"))[:30]) + "."))
    return errors


def include_yaml_errors(config_file: Path) -> list[DataError]:
    """Files that mkdocs.yml names in the macros plugin's `include_yaml` but that do not exist."""
    import yaml
    config_file = Path(config_file)
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return []   # MkDocs itself reports a config it cannot read
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
