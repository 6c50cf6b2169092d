"""A verified build put in place of DEST, and taken back, so that readers never find DEST missing or half-written.

    lock(dest)               one publish or rollback of DEST at a time (output/lock.py)
    recover(dest)            DEST missing (a publish killed at the wrong moment): DEST.prev put back, first thing
    settle(dest)             DEST.prev made to show the recorded previous version (a run killed just after its swap)
    clean(dest)              what an interrupted publish left beside DEST removed
    put_in_place(new, dest)  the new build becomes DEST, the current DEST becomes DEST.prev
    rollback(dest)           DEST and DEST.prev change places

Two layouts, by the server's system:

- Linux, macOS (nginx, Apache, Caddy…): DEST is a symbolic link to a folder beside it, `.DEST.site-<time>-<pid>`,
  and so is DEST.prev. A publish renames its verified build to such a name, makes a new link beside DEST and renames
  it over DEST: rename(2) replaces a link in one atomic step, so every request finds the old site or the new one,
  never nothing. The first publish into an existing real folder turns it into this layout (its one gap of two
  renames happens once, as Windows' swap: DEST → DEST.prev first, so a run killed in it is repaired by the next).
  Web servers follow such a link by default (nginx; Apache 2.4's default `Options FollowSymLinks`).
  Which version is the previous one is written before that step, beside the folder about to become DEST's: the
  link `.DEST.site-….prev` names the folder that is the previous version while that folder is DEST's (previous_of).
  So the one rename of DEST changes the current and the previous version together: there is no moment at which
  both name the same version, however a publish or rollback is killed. DEST.prev is a view of it, made after the
  rename and made again by the next run (settle) if a kill came in between.
- Windows (IIS): no call replaces a folder, or a link to one, in one step (MoveFileEx refuses an existing folder;
  POSIX rename(2) a non-empty one), so DEST is a real folder swapped by two renames, DEST → DEST.prev then new →
  DEST. The gap between them is two directory-entry updates (well under a millisecond; longer only while Windows
  keeps a file busy and a rename is retried): a request that falls in it gets a 404. A publish killed inside that
  gap leaves DEST missing until the next `publish` or `--rollback`, whose first step (before building, so even a
  failing publish does it) renames DEST.prev back to DEST.

The lock is `.DEST.lock` beside DEST, held with the operating system's own file lock (fcntl.flock on POSIX,
msvcrt.locking on Windows) while a publish or rollback runs. The system releases it when the process ends, however
it ends: a killed publish never leaves it stuck, and a second publish started meanwhile is refused with the first
one's process number. The file stays (it holds that number): removing a lock file that another process may be
opening would let two of them hold it. Everything else beside DEST named `.DEST.new-…`, `.DEST.site-…` (not linked
from DEST or DEST.prev), `.DEST.link-…`, `.DEST.rollback-…` or `.DEST.old-…` is what an interrupted run left, and
the next run, holding the lock, removes it.

A version that is dropped (Windows' DEST.prev when a publish replaces it; a real DEST.prev folder that becomes a
link) is first renamed to `.DEST.old-…` and only then deleted (discard): deleting it in place would leave, if the
run were killed or a file were busy part-way, a DEST.prev with index.html but no stylesheets or pages, which
looks like a site and which `--rollback` would put online.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import time
from pathlib import Path

from .lock import lock
from .publish_errors import BUSY, PublishError, SwapBroken, mount_point  # noqa: F401  (publish imports them here)

PREV_SUFFIX = ".prev"
RENAME_TRIES = 5
RENAME_PAUSE_S = 0.2
LINKED = os.name != "nt"   # the layout: DEST a link flipped by rename (POSIX), or a folder swapped by two renames


def prev_of(dest: Path) -> Path:
    return dest.with_name(dest.name + PREV_SUFFIX)


def looks_like_site(folder: Path) -> bool:
    """A folder this command (or `mkdocs build`) wrote: publish and rollback replace nothing else."""
    return (folder / "index.html").is_file() and (folder / "404.html").is_file() and (folder / "search").is_dir()


def beside(dest: Path, kind: str) -> Path:
    """A new name beside DEST for a folder or link of this kind ('new', 'site', 'link', 'rollback', 'old')."""
    return dest.with_name(f".{dest.name}.{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}")


# ---------------------------------------------------------------------------------------------- the previous version

def _record(dest: Path, target: str | None) -> Path | None:
    """The link beside DEST's folder `target` that names the previous version while `target` is DEST's; None for a
    folder this command did not make (DEST linked by hand elsewhere: then DEST.prev alone says it)."""
    if target is None or Path(target).is_absolute() or not target.startswith(f".{dest.name}.site-"):
        return None
    return dest.with_name(target + PREV_SUFFIX)


def _link(path: Path) -> str | None:
    return os.readlink(path) if path.is_symlink() else None


def previous_of(dest: Path) -> str | None:
    """Where the previous version of a linked DEST is (a link's text): the record beside DEST's folder; for a DEST
    published before records were kept, DEST.prev's. None when DEST is not a link or none is known."""
    record = _record(dest, _link(dest))
    return _link(record) if record is not None and record.is_symlink() else _link(prev_of(dest))


def settle(dest: Path) -> None:
    """A linked DEST: DEST.prev made to show the previous version (previous_of) if a run was killed between its
    rename of DEST and DEST.prev's, and the record written for a DEST published before records were kept. A DEST
    folder (Windows' layout) without DEST.prev: the version a rollback killed mid-way held aside
    (`.DEST.rollback-…`) becomes DEST.prev, as that rollback's last rename would have made it."""
    if dest.is_dir() and not dest.is_symlink():
        prev = prev_of(dest)
        held = sorted(p for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}.rollback-")
                      and looks_like_site(p))
        if held and not prev.exists() and not prev.is_symlink():
            _rename(held[-1], prev)
        return
    current, previous = _link(dest), previous_of(dest)
    if not LINKED or current is None or previous is None or previous == current \
            or not looks_like_site(dest.parent / previous):
        return
    record = _record(dest, current)
    if record is not None and not record.is_symlink():
        _point(record, previous, dest)
    if _link(prev_of(dest)) != previous:
        _point(prev_of(dest), previous, dest)


# ---------------------------------------------------------------------------------------------- recover, clean

def recover(dest: Path) -> bool:
    """DEST missing (or a link to nothing) while DEST.prev is a site: DEST.prev put back as DEST. True if done."""
    prev = prev_of(dest)
    if dest.exists() or not prev.exists() or not looks_like_site(prev):
        return False
    if prev.is_symlink():
        _point(dest, os.readlink(prev), dest)
        prev.unlink()      # as a rename would: the version before it is not known (settle finds its record, if any)
        return True
    if dest.is_symlink():
        dest.unlink()
    try:
        _rename(prev, dest)
    except OSError as exc:
        raise SwapBroken(f"NGUY HIỂM: {dest} đang không tồn tại và không đổi tên được {prev} thành {dest} "
                         f"({exc.strerror or exc}; {BUSY[0]}): đổi tên bằng tay ngay. / DANGER: {dest} does not "
                         f"exist and {prev} cannot be renamed back to it ({BUSY[1]}); rename it by hand at once.") from None
    return True


_LEFT = re.compile(r"\.(new|site|link|rollback|old)-\d{8}-\d{6}-\d+-\d+(\.prev)?$")   # beside()'s names, whole: not
                                                                            # a neighbour's (DEST.new-2024's folders)


_BESIDE = re.compile(r"\.(.+)" + _LEFT.pattern)   # .<DEST's name>.<kind>-…: the whole name of such a folder or link


def refuse_made_beside(dest: Path) -> None:
    """PublishError for a DEST that is one of the folders or links made beside another DEST: given as where its
    link leads (`readlink -f`), publishing or rolling back there renames the running version itself; another
    DEST's DEST.prev (a slip of the Tab key) would take that DEST's previous version away."""
    match = _BESIDE.match(dest.name)
    name = match.group(1) if match else dest.name[:-len(PREV_SUFFIX)] if dest.name.endswith(PREV_SUFFIX) else ""
    owner = dest.parent / name
    if match or name and (owner.exists() or owner.is_symlink()):
        raise PublishError(f"{dest} là thư mục (hay liên kết) mà lệnh này tự tạo bên cạnh {owner}: đưa lên hay quay "
                           f"lại ở đó sẽ đổi tên chính phiên bản đang chạy, trang hỏng trong lúc đổi. Cho đường dẫn mà "
                           f"máy chủ web dùng, {owner} (không lấy đích của liên kết, readlink -f hay realpath). {dest} "
                           f"không đổi. / {dest} is a folder (or link) this command made beside {owner}: publishing or "
                           f"rolling back there would rename the running version itself, the site broken meanwhile. "
                           f"Give the path the web server uses, {owner} (not where its link leads: readlink -f, "
                           f"realpath). {dest} is unchanged.")


def clean(dest: Path) -> list[str]:
    """Remove what interrupted runs left beside DEST (run it holding the lock); the names removed."""
    record = _record(dest, _link(dest))
    keep = {_target(dest), _target(prev_of(dest)), Path(previous_of(dest) or ".").name, record and record.name}
    head = f".{dest.name}."
    removed = []
    for path in dest.parent.iterdir():
        if path.name.startswith(head) and _LEFT.match(path.name[len(head) - 1:]) and path.name not in keep:
            _remove(path)
            removed.append(path.name)
    return removed


def _target(link: Path) -> str | None:
    """The name of the folder a link beside it points to (None: not a link)."""
    return Path(os.readlink(link)).name if link.is_symlink() else None


def discard(folder: Path, dest: Path) -> Path:
    """Rename a version that is dropped aside (`.DEST.old-…`, in one step: never half-deleted under its own name);
    the caller removes it (_remove) once the swap is done, and any run's clean() what a kill left of it."""
    old = beside(dest, "old")
    _rename(folder, old)
    return old


def _remove(path: Path) -> None:
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------- put in place

def put_in_place(new: Path, dest: Path) -> None:
    """The verified build `new` becomes DEST; the current DEST becomes DEST.prev (see the module's docstring)."""
    if not LINKED:
        swap(new, dest)
        return
    site = beside(dest, "site")
    _rename(new, site)                          # not visible to readers yet
    prev = prev_of(dest)
    if dest.is_symlink():
        old = os.readlink(dest)
        _point(_record(dest, site.name), old, dest)   # killed here or before: the new folder is a leftover
        _point(dest, site.name, dest)           # the one step readers see: current and previous version change
        _point(prev, old, dest)                 # the view of it (killed before this: the next run's settle)
    elif dest.exists():                         # a real folder (an older layout): the two-rename gap, this once
        _convert(site, dest)
    else:
        _point(dest, site.name, dest)
    clean(dest)                                 # the site folder neither link points to any more


def _convert(site: Path, dest: Path) -> None:
    """A real DEST folder (Windows' or an older layout, a site copied by hand) made a link to `site`, the way
    Windows' layout swaps: DEST → DEST.prev, then the link. Killed in between, DEST is missing and DEST.prev is the
    version that was online, which the next run's recover() puts back (DEST renamed anywhere else would leave it
    the older DEST.prev, put online, and the version that was online deleted as a leftover). Then DEST.prev
    becomes a link to that folder under a `.DEST.site-…` name, recorded first as the previous version."""
    prev = prev_of(dest)
    dropped = discard(prev, dest) if prev.exists() or prev.is_symlink() else None   # a folder, or a link (a
    try:                                                  # rollback by renames leaves one): a folder is not renamed
        _rename(dest, prev)                               # over a link
    except OSError as exc:
        _keep(dropped, prev)
        _remove(site)
        if exc.errno in (errno.EBUSY, errno.EXDEV):   # a mount point (os.path.ismount: a btrfs subvolume too)
            raise PublishError(mount_point(dest)) from None
        raise PublishError(f"Không đổi tên được {dest} ({exc.strerror or exc}) — cần quyền ghi trong {dest.parent} "
                           f"(người dùng chạy lệnh này). {dest} không đổi. / Cannot rename {dest}: write access to "
                           f"{dest.parent} is needed (for the user running this). {dest} is unchanged.") from None
    try:
        _point(dest, site.name, dest)
    except OSError as exc:                  # no symbolic links on this filesystem (a Windows share): put it back
        _rename(prev, dest)
        _keep(dropped, prev)
        _remove(site)
        raise PublishError(f"Không tạo được liên kết {dest} ({exc.strerror or exc}): hệ thống tệp này không hỗ "
                           f"trợ liên kết tượng trưng. {dest} không đổi. / Cannot make {dest} a symbolic link "
                           f"(this filesystem has none). {dest} is unchanged.") from None
    if dropped is not None:
        _remove(dropped)
    kept = beside(dest, "site")
    try:                                    # published: DEST.prev a real folder is a valid state if this fails
        _point(_record(dest, site.name), kept.name, dest)
        _rename(prev, kept)                 # killed here: the record names it, the next run's settle links it
        _point(prev, kept.name, dest)
    except OSError:
        pass


def _point(link: Path, target: str, dest: Path) -> None:
    """Make `link` a symbolic link to `target` (a name beside it) in one step: a new link renamed over it."""
    tmp = beside(dest, "link")   # named after DEST, so that clean() knows it
    os.symlink(target, tmp, target_is_directory=True)
    old = discard(link, dest) if link.is_dir() and not link.is_symlink() else None   # DEST.prev of the older
    os.replace(tmp, link)                                                            # layout: a real folder
    if old is not None:
        _remove(old)


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


def swap(new: Path, dest: Path) -> None:
    """Windows' layout: put the built folder new at dest by two renames, keeping the current dest as dest.prev."""
    prev = prev_of(dest)
    old = None
    if prev.exists():
        try:
            old = discard(prev, dest)   # whole, or not at all: a half-deleted DEST.prev would look like a version
        except OSError as exc:
            raise PublishError(f"Không bỏ được bản cũ {prev} ({exc.strerror or exc}; {BUSY[0]}). {dest} và {prev} "
                               f"không đổi. / Cannot move the older {prev} away ({BUSY[1]}). {dest} and {prev} are "
                               "unchanged.") from None
    had_dest = dest.exists()
    if had_dest:
        try:
            _rename(dest, prev)
        except OSError as exc:
            _keep(old, prev)
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
            _keep(old, prev)
        if not isinstance(exc, OSError):
            raise
        raise PublishError(f"Không đổi tên được {new} → {dest} ({exc.strerror or exc}; {BUSY[0]}). {dest} đã được "
                           f"trả lại như cũ. / Cannot rename the new build to {dest} ({BUSY[1]}); {dest} was restored "
                           "as it was.") from None
    if old is not None:
        _remove(old)


def _keep(old: Path | None, prev: Path) -> None:
    """A failed swap: the version discard() moved aside becomes DEST.prev again (if that fails too, the next run's
    clean() removes it: DEST is whole either way)."""
    if old is not None and not prev.exists():
        try:
            _rename(old, prev)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------- rollback

def rollback(dest: Path) -> bool:
    """Swap dest and dest.prev: the previous version comes back, the replaced one becomes dest.prev (so a second
    rollback undoes the first). DEST missing (a publish killed between its renames): DEST.prev put back is the
    rollback, nothing else is swapped; True then."""
    refuse_made_beside(dest)
    with lock(dest):
        recovered = recover(dest)
        settle(dest)
        clean(dest)
        if recovered:
            return True
        prev = prev_of(dest)
        if LINKED and dest.is_symlink() and previous_of(dest) == _link(dest):
            raise PublishError(f"{prev} là cùng một bản với {dest} (một lần publish hay --rollback trước đã bị ngắt "
                               f"giữa chừng khi lệnh này chưa ghi bản trước ở đâu, hoặc liên kết đã bị sửa bằng tay): "
                               f"không còn bản nào khác để quay lại. {dest} không đổi. Muốn thay bản đang chạy: lấy "
                               f"đúng phiên bản trong Git rồi chạy publish. / {prev} is the same version as {dest} (an "
                               f"earlier publish or rollback was interrupted before this command recorded the previous "
                               f"version, or the links were edited by hand): there is no other version to go back "
                               f"to. {dest} is unchanged. To replace it, check out the revision you want and publish.")
        if not prev.is_dir() or not looks_like_site(prev):
            raise PublishError(f"Không có bản trước để quay lại ({prev} không có hoặc không phải trang web). {dest} "
                               f"không đổi. / There is no previous version to go back to ({prev}). {dest} is unchanged.")
        if not looks_like_site(dest):
            raise PublishError(f"{dest} không phải trang web đã dựng — không thay. / {dest} is not a built site; not "
                               "replacing it.")
        if LINKED and dest.is_symlink() and prev.is_symlink():
            current, previous = _link(dest), _link(prev)   # DEST.prev shows previous_of(dest), after settle
            record = _record(dest, previous)
            if record is not None:
                _point(record, current, dest)    # written first: the previous version once that one is DEST's
            _point(dest, previous, dest)     # the one step readers see: current and previous version change together
            _point(prev, current, dest)      # the view of it (killed before this: the next run's settle)
            clean(dest)                      # the record of the version now previous is not needed any more
            return False
        _rollback_by_renames(dest, prev)
        return False


def _rollback_by_renames(dest: Path, prev: Path) -> None:
    hold = beside(dest, "rollback")
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
