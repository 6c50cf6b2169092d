"""What `publish` says to the admin when it stops: the errors it raises (their text is the whole message,
Vietnamese / English, with what to do) and the messages more than one step gives."""
from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    """A failure the admin can act on; str() is the whole message (Vietnamese / English, what to do)."""


class SwapBroken(PublishError):
    """A rename failed and undoing it failed too: DEST is missing; the message says which folder to rename back."""


BUSY = ("thư mục đang được dùng hoặc thiếu quyền: đóng cửa sổ Explorer/trình sửa đang mở thư mục đó, chờ phần mềm "
        "diệt virus quét xong (hoặc tạm dừng site trong IIS Manager) rồi chạy lại", "a folder is in use or not "
        "writable: close Explorer windows or editors open on it, let the antivirus finish (or stop the IIS site) and "
        "run again")


def mount_point(dest: Path) -> str:
    """Why a DEST that is a mount point cannot be published into, and what to do."""
    return (f"{dest} là một điểm gắn (mount point: một ổ đĩa, phân vùng hay volume của container gắn đúng vào thư mục "
            f"này) — lệnh này thay bản cũ bằng cách đổi tên DEST, mà điểm gắn thì không đổi tên được. Cho DEST là một "
            f"thư mục bên trong nó, ví dụ {dest / 'bao-cao'}, và trỏ máy chủ web tới đó (hoặc gắn ổ vào thư mục cha). "
            f"{dest} không đổi. / {dest} is a mount point (a disk, partition or container volume mounted right "
            f"there): this command replaces a version by renaming DEST, and a mount point cannot be renamed. Give a "
            f"folder inside it, e.g. {dest / 'bao-cao'}, and point the web server there (or mount the disk on the "
            f"parent folder). {dest} is unchanged.")
