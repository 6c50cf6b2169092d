"""`python -m macros check`: every data file, every rule and every figure a page asks for — no site build.

What it checks: each data file (loader, schema, schema comment), derived figures, consistency rules, indicator
statuses; the figures, documents and editorial notes that pages ask for by key; the files mkdocs.yml names in
`include_yaml`. What only the build sees: a macro name a page calls that no module defines (the plugin checks it
with the real list of macros, `unknown_macros`).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from . import dataset, usage
from .errors import DataError, format_errors

JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=None, help="thư mục trang (mặc định: docs/)")


def page_errors(ds: dataset.Dataset, docs_dir: Path) -> list[DataError]:
    """Figures, documents and editorial notes that pages ask for but the data does not have."""
    errors = []
    for key, places in sorted(usage.scan(docs_dir, ds.years, ds.latest()).items()):
        year, local = int(key[:4]), key[5:]
        if year in ds.years and ds.years[year].refused(local):
            continue   # its data file has an error, reported already
        try:
            dataset.find_figure(ds, year, local)
        except dataset.LookupFailed as exc:
            for src, line in places:
                errors.append(DataError(f"docs/{src}", line, None, local, str(exc).split(" / ")[0],
                                        f"Figure '{local}' not found.",
                                        "Sửa khoá trên trang, hoặc thêm số liệu vào tệp dữ liệu."))
    for src, line, macro, key, year in _cites(docs_dir, ds):
        stem = "documents" if macro == "doc" else "decisions"
        if year not in ds.years or ds.years[year].refused(stem):
            continue
        try:
            (dataset.find_document if macro == "doc" else dataset.find_decision)(ds, year, key)
        except dataset.LookupFailed as exc:
            errors.append(DataError(f"docs/{src}", line, None, key, str(exc).split(" / ")[0],
                                    f"{'Document' if macro == 'doc' else 'Editorial decision'} '{key}' not found.",
                                    f"Sửa khoá trên trang, hoặc thêm mục '{key}' vào data/{year}/{stem}.yml."))
    return errors


def _cites(docs_dir: Path, ds: dataset.Dataset):
    for src, no, _, year, macro, key in usage.calls(docs_dir, ds.years, ds.latest()):
        if macro in ("doc", "note") and key:
            yield src, no, macro, key, year


def unknown_macros(docs_dir: Path, known: set) -> list[DataError]:
    """Pages that call a macro nobody defines (`{{ nosuch(...) }}`), with page, line and name."""
    errors = []
    for src, no, column, _, name, _ in usage.calls(docs_dir):
        if name not in known and name not in JINJA_GLOBALS:
            errors.append(DataError(
                f"docs/{src}", no, column, name,
                f"Trang gọi macro '{name}' nhưng không có macro nào tên như vậy.",
                f"The page calls macro '{name}', which does not exist.",
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


def run(args) -> int:
    start = time.perf_counter()
    root = args.root
    ds = dataset.load(root)
    errors = list(ds.errors)
    docs = args.docs or root / "docs"
    if docs.is_dir() and ds.years:
        errors += page_errors(ds, docs)
    if (root / "mkdocs.yml").is_file():
        errors += include_yaml_errors(root / "mkdocs.yml")
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    years = ", ".join(str(y) for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, "
          f"{sum(len(y.rules) for y in ds.years.values())} quy tắc ({elapsed:.2f} s).")
    return 0
