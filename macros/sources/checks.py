"""Checks on the sources alone (no data needed): the files mkdocs.yml names. (Macro names, syntax and arguments
of the pages: sources/syntax.py.)"""
from __future__ import annotations

from pathlib import Path

from ..errors import DataError


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
