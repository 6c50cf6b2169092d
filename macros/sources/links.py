"""Every file the site is made from is a regular file inside the project: no symbolic link, no junction.

A link in docs/ (`docs/assets/p.css -> /etc/passwd`, a folder linked to `.cache/` or to `/proc/self/`) would publish
whatever it points at; a linked data/ or overrides/ would read pages, data or templates from outside the project.
So docs/, data/, overrides/, macros/ (the system pages' and HTML templates live there), the folders mkdocs.yml names
as `docs_dir` and `theme.custom_dir`, and mkdocs.yml itself are refused when they are, or contain at any depth,
a link — pointing anywhere, inside the project or out.
Links are never followed: a linked folder is reported once, unread.

`check` and the build (site/preflight.py) and `publish` (before it builds) call link_errors, the one place.
On Windows a junction (mklink /J) is a link too, though Python 3.11's Path.is_symlink says no (and Path.is_junction
arrives only in 3.12): is_link reads the reparse tag that os.lstat reports there.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import DataError

FOLDERS = ("docs", "data", "overrides", "macros")   # macros/: the system pages' and the HTML templates
FILE_ATTRIBUTE_REPARSE_POINT = 0x400
IO_REPARSE_TAG_MOUNT_POINT = 0xA0000003     # a junction (mklink /J) or a mounted volume
IO_REPARSE_TAG_SYMLINK = 0xA000000C         # a symbolic link (mklink, mklink /D)
LINK_TAGS = {IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK}


def is_link(path) -> bool:
    """True for a symbolic link (any system) or a Windows junction; never follows the path."""
    try:
        return _is_link_info(os.lstat(path))
    except OSError:
        return False


def _is_link_info(info: os.stat_result) -> bool:
    if stat.S_ISLNK(info.st_mode):
        return True
    attributes = getattr(info, "st_file_attributes", 0)   # Windows only
    return bool(attributes & FILE_ATTRIBUTE_REPARSE_POINT) and getattr(info, "st_reparse_tag", 0) in LINK_TAGS


def _entry_is_link(entry: os.DirEntry) -> bool:
    """is_link for a folder's entry, from what listing the folder told (no call to the system on Linux; on
    Windows the listing holds the reparse tag)."""
    try:
        return entry.is_symlink() or (os.name == "nt" and _is_link_info(entry.stat(follow_symlinks=False)))
    except OSError:
        return False


def links_under(folder: Path) -> list[Path]:
    """folder itself when it is a link, else every link at any depth below it (a linked folder is not entered)."""
    if is_link(folder):
        return [folder]
    if not folder.is_dir():
        return []
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if _entry_is_link(entry):
            found.append(Path(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            found += links_under(Path(entry.path))
    return found


def project_folders(root: Path, config: dict | None = None) -> list[Path]:
    """The folders the site is made from: docs/, data/, overrides/, macros/ and mkdocs.yml's docs_dir and
    theme.custom_dir (those inside the project; one outside it is refused by config_policy)."""
    config = config or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    names = list(FOLDERS) + [n for n in (config.get("docs_dir"), theme.get("custom_dir")) if isinstance(n, str)]
    folders = []
    for name in dict.fromkeys(names):
        path = Path(os.path.normpath(root / name))
        if path != root and path.is_relative_to(root) and path not in folders:
            folders.append(path)
    return folders


def link_errors(root: Path, config: dict | None = None) -> list[DataError]:
    """One error per link (file or folder) among the files the site is made from, naming its path."""
    root = Path(root)
    paths = [root / "mkdocs.yml"] if is_link(root / "mkdocs.yml") else []
    for folder in project_folders(root, config):
        rel = folder.relative_to(root)
        for depth in range(1, len(rel.parts)):      # a linked parent (docs_dir: src/docs with src/ a link)
            parent = root.joinpath(*rel.parts[:depth])
            if is_link(parent):
                paths.append(parent)
                break
        else:
            paths += links_under(folder)
    return [_error(p.relative_to(root).as_posix()) for p in dict.fromkeys(paths)]


def _error(rel: str) -> DataError:
    return DataError(rel, None, None, "",
                     "Đây là một liên kết (symlink, junction hoặc shortcut thư mục), không phải tệp thật: trang web chỉ "
                     "được dựng từ tệp thật nằm trong dự án, vì một liên kết có thể đưa tệp bất kỳ của máy lên mạng.",
                     "This is a symbolic link or junction, not a regular file: the site is built only from regular "
                     "files inside the project (a link could publish any file of the machine).",
                     "Xoá liên kết (git rm) và đặt vào đúng chỗ đó một bản sao thật của tệp hoặc thư mục cần dùng; "
                     "nếu không biết vì sao có liên kết này, báo nhóm kỹ thuật.")
