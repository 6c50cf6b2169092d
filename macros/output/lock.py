"""One publish or rollback of DEST at a time: `.DEST.lock` beside DEST, held with the operating system's own file
lock (fcntl.flock on POSIX, msvcrt.locking on Windows), released by the system however the process ends (output/swap.py
says why the file stays)."""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path

from .publish_errors import PublishError

_LOCK_BYTE = 4096          # Windows locks bytes (and refuses reads of them): lock one far from the pid at 0


@contextmanager
def lock(dest: Path):
    """Hold DEST's lock for the block; PublishError when another process holds it."""
    if not dest.name:   # / or C:\ ("$WWW/" with WWW unset): nothing can be beside it, nor is it a site's folder
        raise PublishError(f"DEST {dest} là thư mục gốc của ổ đĩa, không phải thư mục của trang web (một biến trống "
                           f"trong lệnh, như \"$WWW/\"?). Cho đường dẫn đầy đủ, ví dụ /var/www/bao-cao. Không có gì bị "
                           f"đổi. / DEST {dest} is the root of a drive, not the site's folder (an empty variable in the "
                           f"command, like \"$WWW/\"?). Give the full path, e.g. /var/www/bao-cao. Nothing was changed.")
    path = dest.with_name(f".{dest.name}.lock")
    try:
        # never through a link: a .DEST.lock made a link to another file (by whoever may write beside DEST) would
        # have that file's first bytes overwritten with the pid, with the rights of the one publishing (root)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if not dest.parent.is_dir():   # --rollback of a DEST mistyped (publish checks this first)
            raise PublishError(f"Thư mục {dest.parent} không tồn tại — kiểm tra lại đường dẫn DEST (đường dẫn đã dùng "
                               f"khi publish). / The folder {dest.parent} does not exist; check the path of DEST (the "
                               f"one given to publish).") from None
        if path.is_symlink():
            raise PublishError(f"Tệp khoá {path} là một liên kết (symlink) tới {os.readlink(path)}: lệnh không ghi qua "
                               f"liên kết. Xoá liên kết đó (tệp khoá do lệnh tự tạo) rồi chạy lại; xem ai đã tạo nó. "
                               f"{dest} không đổi. / The lock file {path} is a link to {os.readlink(path)}: publish "
                               f"never writes through a link. Remove the link (publish makes the lock file itself) and "
                               f"run again; find out who made it. {dest} is unchanged.") from None
        if exc.errno == errno.EROFS:   # a read-only mount (a container's `:ro` volume, an NFS share): no owner to blame
            raise PublishError(f"{dest.parent} nằm trên một ổ chỉ đọc (read-only) — không ghi "
                               f"được gì vào đó. Chạy lệnh ở nơi thư mục này ghi được (trên máy chủ, không phải trong "
                               f"một container gắn thư mục với :ro), hoặc gắn lại ổ cho phép ghi. {dest} không đổi. / "
                               f"{dest.parent} is on a read-only file system: nothing can be written there. Run this "
                               f"where the folder is writable (on the server, not in a container that mounts it :ro), "
                               f"or remount it read-write. {dest} is unchanged.") from None
        if path.exists():   # made by another user (a first run as root or Administrator): the folder may be writable
            raise PublishError(f"Không mở được tệp khoá {path} ({exc.strerror or exc}) — nó do người dùng khác tạo "
                               f"(chẳng hạn một lần chạy bằng root hay Administrator). Chạy lệnh bằng người dùng đó, "
                               f"hoặc chuyển quyền sở hữu tệp khoá và các thư mục .{dest.name}.* bên cạnh cho người "
                               f"dùng này (Linux: chown -R). {dest} không đổi. / Cannot open the lock file {path}: "
                               f"another user made it (a run as root or Administrator, say). Run as that user, or give "
                               f"this user the lock file and the .{dest.name}.* folders beside it (Linux: chown -R). "
                               f"{dest} is unchanged.") from None
        raise PublishError(f"Không tạo được tệp khoá {path} ({exc.strerror or exc}) — cần quyền ghi trong "
                           f"{dest.parent}. {dest} không đổi. / Cannot create the lock file {path}; write access to "
                           f"{dest.parent} is needed. {dest} is unchanged.") from None
    try:
        if not _try_lock(fd):
            os.lseek(fd, 0, os.SEEK_SET)
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            raise PublishError(f"Một lệnh publish (hoặc --rollback) khác đang chạy cho {dest} (tiến trình {holder}). "
                               f"{dest} không đổi: chờ lệnh kia xong rồi chạy lại. / Another publish (or rollback) of "
                               f"{dest} is running (process {holder}); {dest} is unchanged. Wait for it, then run "
                               "again.")
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid():<20}\n".encode("ascii"))
        yield
    finally:
        os.close(fd)   # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt
            os.lseek(fd, _LOCK_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
