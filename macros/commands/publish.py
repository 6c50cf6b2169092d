"""`python -m macros publish DEST [--rollback]`: put the site on the web server without ever breaking it
(build strict beside DEST, check, swap in; see output/publish.py for how and why)."""
from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from ..output.publish import PublishError, prev_of, publish, rollback
from ..output.swap import looks_like_site


def add_arguments(parser) -> None:
    parser.add_argument("dest", type=Path, metavar="DEST",
                        help="thư mục trang web trên máy chủ, ví dụ C:\\inetpub\\wwwroot\\bao-cao hoặc /var/www/bao-cao "
                             "/ the web server's folder of the site")
    parser.add_argument("--rollback", action="store_true",
                        help="quay lại bản trước (đổi chỗ DEST và DEST.prev) / swap DEST and DEST.prev back")


def run(args) -> int:
    root = args.root.resolve()
    dest = Path(os.path.abspath(args.dest))   # absolute, symlinks kept: a linked DEST is renamed as the link
    if '"' in str(args.dest):   # cmd.exe / PowerShell: "C:\Máy chủ\bao-cao\" — the last \ escapes the closing quote
        print(f"Chưa làm gì / nothing done: DEST có dấu ngoặc kép ({args.dest}). Trên Windows, dấu \\ ở cuối đường dẫn "
              f"trong ngoặc kép nuốt mất dấu ngoặc đóng: bỏ dấu \\ cuối, ví dụ \"C:\\Máy chủ\\bao-cao\". / DEST holds a "
              f"quote ({args.dest}). On Windows a trailing \\ inside quotes swallows the closing quote: drop the "
              f"trailing \\, e.g. \"C:\\Máy chủ\\bao-cao\".", file=sys.stderr)
        return 1
    try:
        if args.rollback:
            if rollback(dest):
                print(f"{dest} bị thiếu (một lần publish hay --rollback bị ngắt giữa chừng): đã lấy lại từ "
                      f"{prev_of(dest)}, bản có trước lần publish đó (hay bản lần --rollback đó quay lại). / {dest} "
                      f"was missing (a publish or rollback was interrupted); restored from {prev_of(dest)}, the "
                      f"version from before that publish (or the one that rollback went back to).")
                return 0
            print(f"Đã quay lại bản trước: {dest} là bản trước, {prev_of(dest)} là bản vừa thay (chạy lại --rollback "
                  f"để đổi lại). / Rolled back: {dest} is the previous version; {prev_of(dest)} holds the one replaced.")
            return 0
        stats = publish(root, dest)
    except PublishError as exc:
        print(f"Chưa đưa lên / not published: {exc}" if not args.rollback else f"Chưa quay lại / not rolled back: {exc}",
              file=sys.stderr)
        return 1
    except OSError as exc:   # anything the steps above did not foresee (a full disk...): DEST is left as it was
        print(("Chưa quay lại / not rolled back: " if args.rollback else "Chưa đưa lên / not published: ")
              + file_system_error(exc, dest), file=sys.stderr)
        return 1
    except KeyboardInterrupt:   # Ctrl+C: the site is whole (a killed run is repaired by the next, output/swap.py)
        print(f"Đã dừng giữa chừng. Trang đang chạy vẫn nguyên vẹn: {dest} là bản cũ, hoặc bản mới nếu lệnh đã kịp thay. "
              f"Chạy lại lệnh: nó dọn những gì lần này bỏ dở rồi làm lại từ đầu. / Interrupted. The site online is "
              f"whole: {dest} is the old version, or the new one if the swap was done. Run the command again: it "
              f"cleans up what this run left and starts over.", file=sys.stderr)
        return 130
    prev = prev_of(dest)
    if stats["recovered"]:
        print(f"{dest} bị thiếu (một lần publish trước bị ngắt giữa chừng): đã lấy lại từ {prev} trước khi dựng. / "
              f"{dest} was missing (an earlier publish was interrupted); restored from {prev} first.")
    print(f"Đã đưa lên {dest}: {stats['pages']} trang, {stats['total_s']:.1f} s (dựng {stats['build_s']:.1f} s, kiểm tra "
          f"{stats['verify_s']:.1f} s, đổi thư mục {stats['swap_ms']:.1f} ms)."
          + (f" Bản trước: {prev} (quay lại: python -m macros publish {quoted(args.dest)} --rollback)."
             if looks_like_site(prev) else "")   # not an empty folder the admin made for the server (the first
                                                 # publish keeps it as DEST.prev; --rollback would refuse it)
          + f" / Published {stats['pages']} pages to {dest} in {stats['total_s']:.1f} s.")
    return 0


def quoted(path: Path) -> str:
    """The path as typed in a command that can be pasted back (in quotes if it has spaces: 'Máy chủ web')."""
    return f'"{path}"' if any(c.isspace() for c in str(path)) else str(path)


def file_system_error(exc: OSError, dest: Path) -> str:
    """An error of the file system no step foresaw, said with where and what to do."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        todo = (f"giải phóng chỗ trống trên ổ chứa {dest.parent} (cần chỗ cho ba bản của trang trong lúc chạy: DEST, "
                f"DEST.prev và bản mới)", f"free some space on the disk holding {dest.parent} (a publish needs room "
                f"for three copies of the site: DEST, DEST.prev and the new build)")
    else:
        todo = (f"kiểm tra quyền ghi và chỗ trống trong {dest.parent}", f"check write access and free space in "
                f"{dest.parent}")
    return (f"Lỗi hệ thống tệp / file system error: {where}{exc.strerror or exc}. {dest} không đổi: {todo[0]} rồi chạy "
            f"lại. / {dest} is unchanged: {todo[1]}, then run again.")
