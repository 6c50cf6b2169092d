"""Publish the site into the web server's folder so that a failure can never break what readers see.

    publish(root, dest):  build (strict) into a new folder beside DEST  →  verify it  →  swap it in
    rollback(dest):       swap DEST and DEST.prev back

Build: the strict build of `python -m macros pdf` (output/build.py) into `.<name>.new-<time>-<pid>` in DEST's parent
folder, so the swap is a rename on one filesystem (a directory-entry update, not a copy).

Before the build (check_project): no symbolic link or junction among the project's files, no code setting of
mkdocs.yml outside the allow-list (site/preflight.py project_errors) — MkDocs would load those while reading it.

Verify (verify_site, pure: a folder in, a list of problems out): every page of docs/ and of the nav is there as
HTML; the search index is there and Material's lunr.vi.min.js carries the accent-folding script (site_hooks);
no HTML that runs in a page's article and nothing fetched from outside the site, URLs read as a browser reads them
(html/page_safety.py site_problems, the build's own check, run again on the folder about to go online); 404.html
is there and links nothing from the server's root (it must work from a sub-folder).

Swap (swap): remove an older DEST.prev, rename DEST → DEST.prev, rename new → DEST. Why two renames: no portable
call replaces a non-empty folder in one step — POSIX rename(2) refuses a non-empty target, Windows MoveFileEx
refuses an existing folder, and Linux's renameat2(RENAME_EXCHANGE) is neither portable nor in Python. The window
between the two renames, when DEST does not exist, is two directory-entry updates (well under a millisecond on a
local disk; up to RENAME_TRIES × RENAME_PAUSE_S when Windows keeps a file busy and the second rename is retried): a
request that falls in it gets a 404, and no request ever sees a mix of the old and new sites. On Windows/IIS a
folder cannot be renamed while some process (IIS, an antivirus scan, an Explorer window) holds a file in it open:
each rename is retried a few times, and when the second one still fails, DEST.prev is renamed back to DEST.

Any failure (data error, page error, strict warning, failed check, rename refused) leaves DEST exactly as it was,
removes the half-built folder and raises PublishError, whose text says what happened and what to do, Vietnamese
first, then English.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from .build import BuildFailed, build_site
from ..config_policy import read_config
from ..errors import format_errors
from ..html.page_safety import page_problems, site_problems
from ..site.search import LUNR_VI_JS, SEARCH_FOLD_MARK

PREV_SUFFIX = ".prev"
SEARCH_INDEX = "search/search_index.json"
NOT_FOUND_PAGE = "404.html"
RENAME_TRIES = 5
RENAME_PAUSE_S = 0.2


class PublishError(Exception):
    """A failure the admin can act on; str() is the whole message (Vietnamese / English, what to do)."""


class SwapBroken(PublishError):
    """A rename failed and undoing it failed too: DEST is missing; the message says which folder to rename back."""


def prev_of(dest: Path) -> Path:
    return dest.with_name(dest.name + PREV_SUFFIX)


def looks_like_site(folder: Path) -> bool:
    """A folder this command (or `mkdocs build`) wrote: publish and rollback replace nothing else."""
    return (folder / "index.html").is_file() and (folder / NOT_FOUND_PAGE).is_file() and (folder / "search").is_dir()


def check_destination(root: Path, dest: Path) -> None:
    """Refuse a DEST whose replacement would lose something that is not a published site."""
    if dest == root or root.is_relative_to(dest):
        raise PublishError(f"{dest} chứa thư mục dự án — chọn thư mục của trang web, ví dụ C:\\inetpub\\wwwroot\\bao-cao. "
                           f"/ {dest} holds the project itself; give the web site's folder.")
    if not dest.parent.is_dir():
        raise PublishError(f"Thư mục {dest.parent} không tồn tại — tạo nó trước (DEST sẽ được tạo bên trong). / "
                           f"The folder {dest.parent} does not exist; create it first (DEST is created inside it).")
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} là một tệp, không phải thư mục — chọn thư mục khác. / {dest} is a file, not a folder.")
    if dest.is_dir() and any(dest.iterdir()) and not looks_like_site(dest):
        raise PublishError(f"{dest} có nội dung nhưng không phải trang web đã dựng (thiếu index.html, 404.html hoặc "
                           "search/) — chọn thư mục trống hoặc thư mục của báo cáo; không thay thư mục của trang khác. / "
                           f"{dest} is not empty and is not a built site; give an empty folder or the report's own folder.")


def check_project(root: Path, dest: Path) -> None:
    """Before anything of the project runs: no link among its files, no code setting of mkdocs.yml outside the
    allow-list (site/preflight.py project_errors, as `check` and the build) — MkDocs would load a hook or a YAML tag
    while reading mkdocs.yml, before the build could refuse it."""
    from ..site.preflight import project_errors
    refused = project_errors(root, root / "mkdocs.yml")
    if refused:
        raise PublishError(f"Dự án có thứ không được đưa lên, {dest} không đổi (chưa dựng gì). Sửa rồi chạy lại: / "
                           f"The project holds what may not be published; {dest} is unchanged (nothing was built). "
                           f"Fix and run again:\n{format_errors(refused)}")


def build(root: Path, dest: Path) -> Path:
    """The strict build into a new folder beside dest; the folder is removed when the build fails."""
    new = dest.with_name(f".{dest.name}.new-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
    try:
        new.mkdir()
    except OSError as exc:
        raise PublishError(f"Không tạo được thư mục {new} ({exc.strerror or exc}) — cần quyền ghi trong {dest.parent}. "
                           f"{dest} không đổi. / Cannot create {new}; write access to {dest.parent} is needed. "
                           f"{dest} is unchanged.") from None
    try:
        build_site(root, new)
    except BuildFailed as exc:
        remove(new)
        raise PublishError(f"Dựng trang thất bại, {dest} không đổi. Sửa các lỗi dưới đây (lỗi dữ liệu: chạy "
                           "`python -m macros check`) rồi chạy lại. / The build failed; "
                           f"{dest} is unchanged. Fix the errors below and run again.\n{exc.log}") from None
    except BaseException:
        remove(new)
        raise
    return new


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- post-build checks

def _config(root: Path) -> dict:
    return read_config(root / "mkdocs.yml")


def _nav_sources(nav) -> list[str]:
    if isinstance(nav, str):
        return [] if re.match(r"^[a-z][a-z0-9+.-]*:", nav, re.I) or not nav.endswith(".md") else [nav]
    if isinstance(nav, dict):
        return [s for value in nav.values() for s in _nav_sources(value)]
    if isinstance(nav, list):
        return [s for item in nav for s in _nav_sources(item)]
    return []


def page_html_path(source: str, use_directory_urls: bool = True) -> str:
    """docs/ path of a Markdown page -> path of its HTML in the built site, as MkDocs names it."""
    stem = source[:-len(".md")]
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html" if use_directory_urls else f"{stem}.html"


def expected_pages(root: Path) -> list[str]:
    """Every page MkDocs must have built: each Markdown file of docs/ (not hidden, not templates/) and of the nav."""
    config = _config(root)
    docs = root / config.get("docs_dir", "docs")
    sources = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    sources = {s for s in sources if not any(part.startswith(".") for part in s.split("/"))
               and not s.startswith("templates/")}
    sources |= set(_nav_sources(config.get("nav")))
    return sorted({page_html_path(s, config.get("use_directory_urls", True)) for s in sources})


FROM_SERVER_ROOT = re.compile(r"^\s*/(?!/)")                            # /assets/x: breaks in a sub-folder


def verify_site(site: Path, root: Path) -> list[str]:
    """Problems of a built site that the strict build does not catch; [] when it may be published."""
    problems = []
    missing = [p for p in expected_pages(root)
               if not (site / p).is_file() or b"</html>" not in (site / p).read_bytes()[-4096:]]
    problems += [f"thiếu trang / page missing: {p}" for p in missing]
    try:
        index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
        if not index.get("docs"):
            problems.append(f"chỉ mục tìm kiếm rỗng / the search index is empty: {SEARCH_INDEX}")
    except (OSError, ValueError, AttributeError) as exc:
        problems.append(f"chỉ mục tìm kiếm hỏng hoặc thiếu / search index missing or unreadable: {SEARCH_INDEX} ({exc})")
    lunr_vi = site / LUNR_VI_JS
    if not lunr_vi.is_file() or SEARCH_FOLD_MARK not in lunr_vi.read_text(encoding="utf-8", errors="replace"):
        problems.append(f"tìm kiếm không dấu chưa được cài / accent-insensitive search missing: {LUNR_VI_JS} has no "
                        f"{SEARCH_FOLD_MARK} (macros/site_hooks.py)")
    problems += [f"{rel}: {problem}" for rel, problem in site_problems(site)]   # unsafe HTML, outside fetches
    not_found = site / NOT_FOUND_PAGE
    if not not_found.is_file():
        problems.append(f"thiếu trang lỗi / missing: {NOT_FOUND_PAGE}")
    else:
        page = page_problems(not_found.read_text(encoding="utf-8", errors="replace"), not_found=True)
        rooted = [u for u in page.fetched + page.links if FROM_SERVER_ROOT.match(u)]
        if rooted:
            problems.append(f"{NOT_FOUND_PAGE} có {len(rooted)} địa chỉ tính từ gốc máy chủ, hỏng khi trang nằm trong "
                            f"thư mục con / links the server's root {len(rooted)} times, broken in a sub-folder "
                            f"(macros/site_hooks.py): {', '.join(rooted[:3])}…")
    return problems


def summary(problems: list[str], shown: int = 12) -> str:
    """The problems one per line, at most `shown` of them."""
    lines = [f"  - {p}" for p in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"  … và {len(problems) - shown} lỗi khác / and {len(problems) - shown} more")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- swap and rollback

def _rename(source: Path, target: Path) -> None:
    """os.rename, retried while Windows reports the folder busy (PermissionError: a file open in IIS, an antivirus
    scan); other errors and the last PermissionError propagate."""
    for attempt in range(RENAME_TRIES):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if attempt == RENAME_TRIES - 1:
                raise
            time.sleep(RENAME_PAUSE_S)


BUSY = ("thư mục đang được dùng hoặc thiếu quyền: đóng cửa sổ Explorer/trình sửa đang mở thư mục đó, chờ phần mềm "
        "diệt virus quét xong (hoặc tạm dừng site trong IIS Manager) rồi chạy lại", "a folder is in use or not "
        "writable: close Explorer windows or editors open on it, let the antivirus finish (or stop the IIS site) and "
        "run again")


def swap(new: Path, dest: Path) -> None:
    """Put the built folder new at dest, keeping the current dest as dest.prev (see the module's docstring)."""
    prev = prev_of(dest)
    if prev.exists():
        shutil.rmtree(prev, ignore_errors=True)
        if prev.exists():
            raise PublishError(f"Không xoá được bản cũ {prev} ({BUSY[0]}). {dest} không đổi. / Cannot remove the older "
                               f"{prev} ({BUSY[1]}). {dest} is unchanged.")
    had_dest = dest.exists()
    if had_dest:
        try:
            _rename(dest, prev)
        except OSError as exc:
            raise PublishError(f"Không đổi tên được {dest} → {prev} ({exc.strerror or exc}; {BUSY[0]}). {dest} không "
                               f"đổi. / Cannot rename {dest} to {prev} ({BUSY[1]}). {dest} is unchanged.") from None
    try:
        _rename(new, dest)
    except BaseException as exc:    # a refused rename, or Ctrl+C during a retry: put DEST back first
        if had_dest and not dest.exists():
            try:
                _rename(prev, dest)
            except OSError:
                raise SwapBroken(
                    f"NGUY HIỂM: {dest} đang không tồn tại. Đổi tên {prev} thành {dest} bằng tay ngay (bản mới ở {new}). "
                    f"/ DANGER: {dest} does not exist now; rename {prev} back to {dest} by hand at once (the new build "
                    f"is in {new}).") from None
        if not isinstance(exc, OSError):
            raise
        raise PublishError(f"Không đổi tên được {new} → {dest} ({exc.strerror or exc}; {BUSY[0]}). {dest} đã được "
                           f"trả lại như cũ. / Cannot rename the new build to {dest} ({BUSY[1]}); {dest} was restored "
                           "as it was.") from None


def rollback(dest: Path) -> None:
    """Swap dest and dest.prev: the previous version comes back, the replaced one becomes dest.prev (so a second
    rollback undoes the first)."""
    prev = prev_of(dest)
    if not prev.is_dir() or not looks_like_site(prev):
        raise PublishError(f"Không có bản trước để quay lại ({prev} không có hoặc không phải trang web). {dest} không "
                           f"đổi. / There is no previous version to go back to ({prev}). {dest} is unchanged.")
    if not dest.exists():
        try:
            _rename(prev, dest)
        except OSError as exc:
            raise PublishError(f"Không đổi tên được {prev} → {dest} ({exc.strerror or exc}; {BUSY[0]}). / "
                               f"Cannot rename {prev} to {dest} ({BUSY[1]}).") from None
        return
    if not looks_like_site(dest):
        raise PublishError(f"{dest} không phải trang web đã dựng — không thay. / {dest} is not a built site; not "
                           "replacing it.")
    hold = dest.with_name(f".{dest.name}.rollback-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
    try:
        _rename(dest, hold)
    except OSError as exc:
        raise PublishError(f"Không đổi tên được {dest} ({exc.strerror or exc}; {BUSY[0]}). {dest} không đổi. / "
                           f"Cannot rename {dest} ({BUSY[1]}). {dest} is unchanged.") from None
    try:
        _rename(prev, dest)
    except OSError as exc:
        try:
            _rename(hold, dest)
        except OSError:
            raise SwapBroken(f"NGUY HIỂM: {dest} đang không tồn tại. Đổi tên {hold} thành {dest} bằng tay ngay. / "
                               f"DANGER: {dest} does not exist now; rename {hold} back to {dest} by hand at once.") from None
        raise PublishError(f"Không đổi tên được {prev} → {dest} ({exc.strerror or exc}; {BUSY[0]}). {dest} đã được "
                           f"trả lại như cũ. / Cannot rename {prev} to {dest} ({BUSY[1]}); {dest} was restored.") from None
    try:
        _rename(hold, prev)
    except OSError as exc:
        raise PublishError(f"Đã quay lại bản trước, nhưng bản vừa thay nằm ở {hold} ({exc.strerror or exc}): đổi tên "
                           f"nó thành {prev} nếu muốn giữ. / Rolled back, but the replaced version is in {hold}: rename "
                           f"it to {prev} to keep it.") from None


def publish(root: Path, dest: Path) -> dict:
    """Build, verify and swap in; returns what was measured. Raises PublishError with dest untouched."""
    started = time.perf_counter()
    check_destination(root, dest)
    check_project(root, dest)
    new = build(root, dest)
    try:
        built = time.perf_counter()
        problems = verify_site(new, root)
        if problems:
            raise PublishError(f"Bản dựng mới không đạt kiểm tra, {dest} không đổi. Sửa rồi chạy lại: / The new build "
                               f"failed the checks; {dest} is unchanged. Fix and run again:\n"
                               + summary(problems))
        verified = time.perf_counter()
        swap(new, dest)
        done = time.perf_counter()
    except SwapBroken:
        raise                       # its message names the new build's folder: keep it
    except BaseException:           # any failure, Ctrl+C included: no half-built folder left beside DEST
        remove(new)
        raise
    return {"pages": len(expected_pages(root)), "build_s": built - started, "verify_s": verified - built,
            "swap_ms": (done - verified) * 1000, "total_s": done - started}
