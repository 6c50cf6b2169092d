"""Which files under data/ are read: only those the loader can vouch for.

Refused, each with a message that never shows what the file holds (it is not read): a link (symlink, junction) or a
file that resolves outside data/; a hidden file (`.telecom.yml`); a name that is not lowercase letters, digits and
`_` with the extension `.yml` (`Telecom.yml`, `so lieu.yml`); two files with the same name in another spelling or
extension (`telecom.yaml` beside `telecom.yml`, `Telecom.yml` beside `telecom.yml`: on Windows they are one file,
elsewhere two, and only one would be read). A year without `rules.yml` is an error: deleting it would silently turn
every consistency rule off (a year with no rule says so with `rules: []`). A folder of data/ that is not a year
(`data/2024-cu/`, `data/2O24/`), or a sub-folder of a year (`data/2023/old/`), holding data files is an error: they
would not be read, without a word. A text of record (`signed.txt`) that is
not UTF-8 is an error naming its line and column: it could not be compared with the print.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .. import chars
from ..cache import files_digest
from ..errors import DataError
from ..sources.links import is_link
from .fidelity import RECORD_NAME

YEAR_DIR = re.compile(r"^\d{4}$")
DATA_NAME = re.compile(r"^[a-z][a-z0-9_]*\.yml$")
YAML_SUFFIXES = (".yml", ".yaml")


def _refuse(rel: str, vi: str, en: str, fix: str) -> DataError:
    return DataError(rel, None, None, "", vi, en, fix)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def linked(path: Path, data_dir: Path, rel: str) -> DataError | None:
    """A link, or a path that leads outside data/: refused unread."""
    if is_link(path) or not _inside(path, data_dir):
        return _refuse(rel, "Đây là một liên kết (symlink/shortcut) hoặc trỏ ra ngoài thư mục data/: không được đọc.",
                       "This is a link (or leads outside data/); it is not read.",
                       "Đặt một tệp thật (không phải liên kết) vào thư mục data/<năm>/, hoặc xoá liên kết.")
    return None


def year_folders(data_dir: Path, root: Path, errors: list) -> list[Path]:
    """The year folders of data/ that can be read; the refused ones and stray data files become errors."""
    years = []
    for entry in sorted(data_dir.iterdir()):
        rel = entry.relative_to(root).as_posix()
        if entry.name == "schemas" or (entry.name.startswith(".") and not entry.suffix.lower() in YAML_SUFFIXES):
            continue
        if YEAR_DIR.match(entry.name) and (entry.is_dir() or is_link(entry)):
            refused = linked(entry, data_dir, rel)
            if refused:
                errors.append(refused)
            else:
                years.append(entry)
        elif entry.suffix.lower() in YAML_SUFFIXES:
            errors.append(_refuse(rel, "Tệp dữ liệu phải nằm trong thư mục của một năm.",
                                  "Data files belong in a year folder.", f"Chuyển tệp vào data/<năm>/{entry.name}."))
        elif _holds_data(entry):
            errors.append(_refuse(f"{rel}/", "Thư mục này không phải thư mục của một năm (bốn chữ số, ví dụ 2024): các "
                                  "tệp dữ liệu trong đó không được đọc.",
                                  "This folder is not a year folder (four digits, e.g. 2024): its data files are not "
                                  "read.", "Chuyển các tệp vào data/<năm>/ (ví dụ data/2024/), hoặc xoá thư mục nếu "
                                  "không cần."))
    return years


def _holds_data(folder: Path) -> bool:
    """A real folder (not a link: those are refused where they are read) holding a .yml or .yaml file at any depth."""
    return folder.is_dir() and not is_link(folder) and any(
        p.suffix.lower() in YAML_SUFFIXES for p in folder.rglob("*"))


def data_files(folder: Path, root: Path, errors: list, refused: set) -> list[Path]:
    """The data files of a year folder that can be read (sorted); every refused one becomes an error and its name
    (lowercase stem) goes into `refused`, so nothing else complains that its figures are missing."""
    data_dir = folder.parent
    candidates = []
    for path in sorted(folder.iterdir()):
        if _holds_data(path) and not path.name.startswith("."):
            rel = path.relative_to(root).as_posix()
            errors.append(_refuse(f"{rel}/", f"Tệp dữ liệu trong thư mục con không được đọc: tệp của năm {folder.name} "
                                  f"phải nằm ngay trong data/{folder.name}/.",
                                  f"Data files in a sub-folder are not read: {folder.name}'s files belong directly in "
                                  f"data/{folder.name}/.", f"Chuyển tệp lên data/{folder.name}/ nếu đó là số liệu của "
                                  "năm, hoặc xoá thư mục con (bản sao lưu: để ngoài thư mục data/)."))
            continue
        if path.suffix.lower() not in YAML_SUFFIXES or (path.is_dir() and not is_link(path)):
            continue
        rel = path.relative_to(root).as_posix()
        link = linked(path, data_dir, rel)
        if link or path.name.startswith(".") or not DATA_NAME.match(path.name):
            refused.add(path.stem.lower().lstrip("."))
        if link:
            errors.append(link)
        elif path.name.startswith("."):
            errors.append(_refuse(rel, "Tệp ẩn (tên bắt đầu bằng dấu chấm) không được đọc.",
                                  "A hidden file (its name starts with a dot) is not read.",
                                  f"Nếu đây là dữ liệu, đổi tên thành {path.name.lstrip('.')}; nếu không, xoá tệp."))
        elif not DATA_NAME.match(path.name):
            wanted = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_") or "ten_tep"
            errors.append(_refuse(rel, "Tên tệp dữ liệu chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, đuôi .yml.",
                                  "A data file's name is lowercase ASCII letters, digits and '_', ending in .yml.",
                                  f"Đổi tên thành {wanted}.yml (tên tệp là phần đầu của khoá số liệu, ví dụ "
                                  f"{wanted}.ten_so_lieu)."))
            candidates.append(path)   # still counted as a twin of a well-named file
            continue
        else:
            candidates.append(path)
    by_stem: dict = {}
    for path in candidates:
        by_stem.setdefault(path.stem.lower(), []).append(path)
    readable = []
    for stem, paths in by_stem.items():
        if len(paths) > 1:
            refused.add(stem)
            names = ", ".join(p.name for p in paths)
            for path in paths:
                errors.append(_refuse(path.relative_to(root).as_posix(),
                                      f"Có {len(paths)} tệp cùng tên khác cách viết ({names}): không tệp nào được đọc.",
                                      f"{len(paths)} files share one name in different spellings ({names}); none is read.",
                                      f"Giữ một tệp {stem}.yml, gộp nội dung của các tệp kia vào đó rồi xoá chúng."))
        elif DATA_NAME.match(paths[0].name):
            readable.append(paths[0])
    return sorted(readable)


def year_digest(root: Path, year: int, file_digest=None) -> str:
    """A digest of everything a year's data is made from: every file under data/<year>/ and the schemas (a key of
    the cache for what is made from that year alone). file_digest: as in cache.files_digest."""
    data = Path(root) / "data"
    folder = data / str(year)
    files = sorted(Path(d, name) for d, _, names in os.walk(folder) for name in names   # links to folders not entered
                   if os.path.isfile(os.path.join(d, name)))   # as Path.rglob; os.walk lists a fifth faster
    return files_digest(Path(root), files + sorted((data / "schemas").glob("*.json")), file_digest)


def missing_rules(folder: Path, root: Path, files: list[Path]) -> DataError | None:
    """A year without rules.yml: every consistency rule would be off without a word."""
    if any(p.name == "rules.yml" for p in files) or not files:
        return None
    rel = (folder / "rules.yml").relative_to(root).as_posix()
    return _refuse(rel, f"Năm {folder.name} không có tệp rules.yml: không quy tắc nhất quán nào được kiểm tra.",
                   f"Year {folder.name} has no rules.yml: no consistency rule would be checked.",
                   f"Khôi phục tệp (git checkout -- {rel}); nếu năm này thật sự chưa có quy tắc nào, tạo tệp "
                   "với hai dòng: dòng mẫu dữ liệu '# yaml-language-server: $schema=../schemas/rules.schema.json' "
                   "và 'rules: []'.")


def unreadable_record(folder: Path, root: Path) -> DataError | None:
    """A text of record (signed.txt) that is not UTF-8 (saved again as UTF-16 or ANSI): it cannot be compared with
    the print, so it is named with its line and column instead of failing the comparison."""
    path = folder / RECORD_NAME
    if not path.is_file() or is_link(path):   # a link is refused with every link of the project (sources/links.py)
        return None
    raw = path.read_bytes()
    try:
        raw.decode("utf-8-sig")
        return None
    except UnicodeDecodeError as exc:
        line, col, bad = chars.undecodable(exc)
        rel = path.relative_to(root).as_posix()
        return DataError(rel, line, col, "", f"Văn bản đã ký không phải mã UTF-8 (gặp byte {bad}): không so được bản in "
                         "với nó.", f"The signed text is not UTF-8 encoded (bytes {bad}); the print cannot be "
                         "compared with it.", f"Văn bản đã ký không được sửa: khôi phục tệp (git checkout -- {rel}).")
