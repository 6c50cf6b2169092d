"""Publish the site into the web server's folder so that a failure can never break what readers see.

    publish(root, dest):  build (strict) into a new folder beside DEST  →  verify it  →  put it in place
    rollback(dest):       swap DEST and DEST.prev back (both in output/swap.py with the lock)

Build: the strict build of `python -m macros pdf` (output/build.py) into `.<name>.new-<time>-<pid>` in DEST's parent
folder, so the swap is a rename on one filesystem (a directory-entry update, not a copy).

Before the build (check_project): no symbolic link or junction among the project's files, no code setting of
mkdocs.yml outside the allow-list (site/preflight.py project_errors) — MkDocs would load those while reading it;
no PDF left by `pdf --publish` that was printed from other figures or words than the pages' (output/stale_pdf.py).

Verify (verify_site, pure: a folder in, a list of problems out): every page of docs/ and of the nav is there as
HTML; the search index is there and Material's lunr.vi.min.js carries the accent-folding script (site_hooks);
no HTML that runs in a page's article and nothing fetched from outside the site, URLs read as a browser reads them
(html/served_files.py site_problems, the build's own check, run again on the folder about to go online); no web
server's settings file (web.config, which MkDocs copies from docs/ like any file: IIS would apply it); 404.html
is there and links nothing from the server's root (it must work from a sub-folder).

Put in place, lock, recovery and cleanup (output/swap.py): on Linux/macOS DEST is a symbolic link flipped by one
rename (never missing); on Windows/IIS a folder swapped by two renames (a sub-millisecond gap); one publish at a
time (a lock beside DEST that a killed publish does not leave stuck); the first step of every run puts back a DEST
that an interrupted run left missing, then removes what it left beside DEST.

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
from .stale_pdf import stale_pdfs
from .swap import (PublishError, SwapBroken, beside, clean, lock, looks_like_site, put_in_place,
                   recover, refuse_made_beside, settle)
from .swap import prev_of
from .swap import rollback  # noqa: F401  (the command imports both halves from here)
from ..config_policy import read_config
from ..errors import format_errors
from ..html.page_safety import page_problems
from ..html.served_files import site_problems
from ..site.search import LUNR_VI_JS, SEARCH_FOLD_MARK

SEARCH_INDEX = "search/search_index.json"
NOT_FOUND_PAGE = "404.html"
SERVER_SETTINGS = ("web.config", ".htaccess")   # an admin's settings inside DEST: a publish would drop them


def check_destination(root: Path, dest: Path) -> None:
    """Refuse a DEST whose replacement would lose something that is not a published site, or that lies inside the
    project (the site would land among its files, out of the web server's reach: a relative path, a Windows path
    given on Linux, which is one odd file name there)."""
    if dest == root or root.is_relative_to(dest):
        raise PublishError(f"{dest} chứa thư mục dự án — chọn thư mục của trang web, ví dụ C:\\inetpub\\wwwroot\\bao-cao. "
                           f"/ {dest} holds the project itself; give the web site's folder.")
    if Path(os.path.realpath(dest.parent), dest.name).is_relative_to(root):
        raise PublishError(f"{dest} nằm trong thư mục dự án {root} — bản dựng sẽ lẫn vào dự án, không lên máy chủ web. "
                           "Cho đường dẫn đầy đủ tới thư mục của máy chủ web, ví dụ /var/www/bao-cao (Linux) hoặc "
                           "C:\\inetpub\\wwwroot\\bao-cao (Windows; trên Linux đường dẫn có \\ chỉ là một tên tệp). / "
                           f"{dest} is inside the project folder {root}; give the full path of the web server's folder, "
                           "e.g. /var/www/bao-cao (a path with backslashes is a single file name on Linux).")
    refuse_made_beside(dest)
    if not dest.parent.is_dir():
        raise PublishError(f"Thư mục {dest.parent} không tồn tại — tạo nó trước (DEST sẽ được tạo bên trong). / "
                           f"The folder {dest.parent} does not exist; create it first (DEST is created inside it).")
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} là một tệp, không phải thư mục — chọn thư mục khác. / {dest} is a file, not a folder.")
    if dest.is_dir() and any(dest.iterdir()) and not looks_like_site(dest):
        raise PublishError(f"{dest} có nội dung nhưng không phải trang web đã dựng (thiếu index.html, 404.html hoặc "
                           "search/) — chọn thư mục trống hoặc thư mục của báo cáo; không thay thư mục của trang khác. / "
                           f"{dest} is not empty and is not a built site; give an empty folder or the report's own folder.")
    prev = prev_of(dest)   # a real DEST.prev is deleted or replaced by the swap: only ever one this command made
    if not prev.is_symlink() and prev.exists() \
            and not (prev.is_dir() and (looks_like_site(prev) or not any(prev.iterdir()))):
        raise PublishError(f"{prev} có nội dung nhưng không phải một bản đã đưa lên (thiếu index.html, 404.html hoặc "
                           f"search/): lệnh này giữ bản bị thay ở đó, nên sẽ xoá nó. Chuyển nó đi nơi khác (hay đổi "
                           f"tên) rồi chạy lại; {dest} và {prev} không đổi. / {prev} is not a published version: this "
                           f"command keeps the replaced version there and would delete it. Move or rename it, then run "
                           f"again; {dest} and {prev} are unchanged.")
    settings = [name for name in SERVER_SETTINGS if (dest / name).is_file()]
    if settings:
        raise PublishError(f"{dest} có {', '.join(settings)} — thiết lập máy chủ sẽ mất khi thay bản mới (mọi thứ trong "
                           f"{dest} được thay). Chuyển nội dung đó lên thiết lập của thư mục cha ({dest.parent}) như "
                           f"README (mục Đưa lên mạng nội bộ) chỉ, xoá tệp khỏi {dest} rồi chạy lại; {dest} không đổi. / "
                           f"{dest} holds {', '.join(settings)}: the server settings would be lost, as everything in "
                           f"{dest} is replaced. Move them to the parent folder's settings as the README shows, remove "
                           f"the file from {dest} and run again; {dest} is unchanged.")


def check_project(root: Path, dest: Path) -> None:
    """Before anything of the project runs: no link among its files, no code setting of mkdocs.yml outside the
    allow-list (site/preflight.py project_errors, as `check` and the build) — MkDocs would load a hook or a YAML tag
    while reading mkdocs.yml, before the build could refuse it; no PDF under docs/ for the site to offer that was
    printed from other figures or words (output/stale_pdf.py)."""
    from ..site.preflight import project_errors
    refused = project_errors(root, root / "mkdocs.yml")
    if refused:
        raise PublishError(f"Dự án có thứ không được đưa lên, {dest} không đổi (chưa dựng gì). Sửa rồi chạy lại: / "
                           f"The project holds what may not be published; {dest} is unchanged (nothing was built). "
                           f"Fix and run again:\n{format_errors(refused)}")
    stale = stale_pdfs(root)
    if stale:
        lines = "\n".join(f"  - {path} (in từ / printed from {revision or 'không rõ phiên bản / unknown version'})"
                           for path, revision in stale)
        again = "; ".join(f"python -m macros pdf --publish --year {y}"
                          for y in sorted({path.split("/")[1] for path, _ in stale}))
        raise PublishError(f"Tệp PDF mà trang web đưa cho người đọc tải không còn đúng với báo cáo: số liệu hay lời văn "
                           f"đã đổi từ lúc in (hoặc in từ bản chưa commit), trang sẽ khác PDF. In lại ({again}) rồi "
                           f"publish; hoặc xoá tệp PDF đó (trang không đưa PDF nữa). {dest} không đổi (chưa dựng gì). / "
                           f"The PDF the site offers for download is no longer the report: figures or words changed "
                           f"since it was printed (or it was printed from uncommitted changes), so the pages and the "
                           f"PDF would differ. Print it again ({again}), then publish; or delete the PDF (the site then "
                           f"offers none). {dest} is unchanged (nothing was built).\n{lines}")


READABLE = 0o022   # the build's umask: folders 755, files 644, whatever the caller's (a hardened server's 077 or
                   # 027 would make the new version unreadable to the web server's user: 403 for every reader)


def build(root: Path, dest: Path) -> Path:
    """The strict build into a new folder beside dest, readable by the web server whichever user it runs as; the
    folder is removed when the build fails."""
    new = beside(dest, "new")
    umask = os.umask(READABLE)   # inherited by the build's process; files copied from docs/ take it too
    try:
        new.mkdir()
    except OSError as exc:
        os.umask(umask)
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
    finally:
        os.umask(umask)
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
    settings = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.name.lower() in SERVER_SETTINGS)
    problems += [f"{rel}: tệp thiết lập của máy chủ web (IIS, Apache áp dụng nó cho thư mục đó), không phải nội dung — "
                 f"xoá nó khỏi docs/; thiết lập máy chủ do người quản trị đặt ngoài DEST (README) / a web server's "
                 f"settings file (IIS or Apache would apply it to its folder), not content: delete it from docs/; the "
                 f"admin keeps server settings outside DEST (README)" for rel in settings]
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


def publish(root: Path, dest: Path) -> dict:
    """Build, verify and put in place; returns what was measured. Raises PublishError with dest untouched (or put
    back, when an earlier run had left it missing)."""
    started = time.perf_counter()
    check_destination(root, dest)
    with lock(dest):
        recovered = recover(dest)   # before the build: a failing publish puts the site back too
        settle(dest)                # DEST.prev shows the recorded previous version (a run killed just after its swap)
        clean(dest)
        check_project(root, dest)   # links and code settings refused before anything is built
        new = build(root, dest)
        try:
            built = time.perf_counter()
            problems = verify_site(new, root)
            if problems:
                raise PublishError(f"Bản dựng mới không đạt kiểm tra, {dest} không đổi. Sửa rồi chạy lại: / The new "
                                   f"build failed the checks; {dest} is unchanged. Fix and run again:\n"
                                   + summary(problems))
            verified = time.perf_counter()
            put_in_place(new, dest)
            done = time.perf_counter()
        except SwapBroken:
            raise                       # its message names the new build's folder: keep it
        except BaseException:           # any failure, Ctrl+C included: no half-built folder left beside DEST
            remove(new)
            raise
    return {"pages": len(expected_pages(root)), "build_s": built - started, "verify_s": verified - built,
            "swap_ms": (done - verified) * 1000, "total_s": done - started, "recovered": recovered}
