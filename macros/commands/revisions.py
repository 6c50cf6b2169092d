"""Reading a project's revisions with git, for `diff` (and `preview`, through it): a revision name resolved to its
commit, the merge base with main, a commit's data/, docs/ and mkdocs.yml into a folder, and a warning when the base is
not in the head's history. Nothing is fetched; every failure is a RevisionError whose message says what to do.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

PARTS = ("data", "docs", "mkdocs.yml")


class RevisionError(Exception):
    """A revision that git cannot give us; the message says what to do."""


def git(root: Path, *args: str, binary: bool = False):
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise RevisionError("Không tìm thấy chương trình git. Hãy cài Git. / git is not installed.") from None
    if done.returncode != 0:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def resolve(root: Path, rev: str) -> str:
    """The commit a revision name stands for, or a message saying how to make it available."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RevisionError:
        raise RevisionError(
            f"Không tìm thấy phiên bản '{rev}' trong kho git này. Nếu đây là bản sao nông (shallow clone) của CI, "
            f"hãy tải nhánh đích trước, ví dụ: git fetch --depth=50 origin main, rồi chạy lại với "
            f"python -m macros diff origin/main HEAD. / Revision '{rev}' is not available here; "
            f"fetch it first (this command fetches nothing).") from None


def default_base(root: Path) -> str:
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", branch, "HEAD")
        except RevisionError:
            continue
    raise RevisionError("Không tìm được điểm rẽ nhánh với 'main' (git merge-base main HEAD). Hãy ghi rõ phiên bản "
                        "gốc: python -m macros diff <BASE> [HEAD]. / No merge base with main; name BASE explicitly.")


def export(root: Path, commit: str, dest: Path) -> Path:
    """data/, docs/ and mkdocs.yml of a commit (the project folder's part of it) into dest."""
    prefix = git(root, "rev-parse", "--show-prefix")
    tree = f"{commit}:{prefix}"
    present = set(git(root, "ls-tree", "--name-only", tree).splitlines())
    parts = [p for p in PARTS if p in present]
    dest.mkdir(parents=True, exist_ok=True)
    if parts:
        archive = git(root, "archive", "--format=tar", tree, "--", *parts, binary=True)
        try:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                for member in tar.getmembers():
                    if member.issym() or member.islnk():   # a committed link: the loader refuses it, unread
                        member.linkname, member.type = "liên-kết-không-được-theo", tarfile.SYMTYPE
                tar.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(dest)
        except (tarfile.TarError, OSError) as exc:
            raise RevisionError(f"Không đọc được nội dung phiên bản {commit[:8]} ({exc}). / Cannot read revision "
                                f"{commit[:8]}.") from None
    return dest


def diverged(root: Path, base: str, head: str | None) -> list[str]:
    """A warning when base is not in head's history (the target branch moved on and its merge base was not found, as
    in a shallow CI clone): the table then also shows the target's later changes, reversed, as if this one made them."""
    try:
        git(root, "merge-base", "--is-ancestor", base, head or "HEAD")
        return []
    except RevisionError:
        return ["⚠ **Phiên bản gốc không nằm trong lịch sử của phiên bản mới** (nhánh đích đã đi tiếp, hoặc bản sao "
                "của CI quá nông để tìm điểm rẽ nhánh): bảng so hai đầu nhánh, nên những gì nhánh đích thay đổi sau "
                "điểm rẽ nhánh cũng hiện ra, đảo chiều, như thể yêu cầu này làm. / The base is not an ancestor of "
                "the head: the target branch's own later changes show too, reversed.", ""]
