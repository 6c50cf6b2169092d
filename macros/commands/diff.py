"""`python -m macros diff [BASE] [HEAD]`: the figures that differ between two git revisions, as a Markdown table.

BASE defaults to `git merge-base main HEAD`, HEAD to the working tree. Each revision's data/, docs/ and mkdocs.yml
are read with `git archive` into a temporary folder and loaded with dataset.load, so derived figures move too.
Nothing is fetched: in a shallow CI clone, fetch the target branch first and name it as BASE.
"""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import data as dataset
from .. import formats
from ..errors import format_errors
from ..html.markup import text as inert
from ..html.uses import figure_uses
from ..sources import nav
from ..sources.system import all_pages

NO_CHANGE = "Không có số liệu nào thay đổi."
WORKTREE = "thư mục làm việc"
PARTS = ("data", "docs", "mkdocs.yml")


class RevisionError(Exception):
    """A revision that git cannot give us; the message says what to do."""


# --------------------------------------------------------------------------- reading revisions with git

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
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(dest)
    return dest


# --------------------------------------------------------------------------- comparing

@dataclass
class Snapshot:
    label: str
    ds: dataset.Dataset
    uses: dict       # {global_key: [(src_path, line)]}
    titles: dict     # {src_path: page title}


def snapshot(project: Path, label: str) -> Snapshot:
    ds = dataset.load(project)
    docs = project / "docs"
    site_nav = nav.read_nav(project / "mkdocs.yml")
    pages = all_pages(docs, site_nav) if docs.is_dir() else []
    uses = figure_uses(pages, ds.years, ds.presented()) if not ds.errors else {}
    return Snapshot(label, ds, uses, nav.page_titles(pages, site_nav))


@dataclass
class Change:
    key: str                         # global key, "2023/party.members_good"
    old: dataset.Figure | None
    new: dataset.Figure | None

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "derived" if self.new.derived else "changed"


def _shown(fig) -> str:
    return formats.figure_text(fig)


def compare(old: dataset.Dataset, new: dataset.Dataset) -> list[Change]:
    """Figures whose value (as the site shows it) differs, then figures added, then figures removed."""
    before = {f.global_key: f for f in old.all_figures()}
    after = {f.global_key: f for f in new.all_figures()}
    changes = [Change(k, before[k], after[k]) for k in after
               if k in before and (before[k].value != after[k].value or _shown(before[k]) != _shown(after[k]))]
    changes += [Change(k, None, after[k]) for k in after if k not in before]
    changes += [Change(k, before[k], None) for k in before if k not in after]
    order = {"changed": 0, "derived": 1, "added": 2, "removed": 3}
    return sorted(changes, key=lambda c: (order[c.status], c.key))


# --------------------------------------------------------------------------- Markdown

MARK = {"changed": "", "derived": " (suy ra)", "added": " (thêm mới)", "removed": " (đã xoá)"}
WORD = {"changed": "sửa trực tiếp", "derived": "suy ra", "added": "thêm mới", "removed": "bị xoá"}


def cell(value: str) -> str:
    """Text that cannot break a Markdown table row."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def pages_cell(key: str, base: Snapshot, head: Snapshot) -> str:
    srcs = list(dict.fromkeys(src for snap in (head, base) for src, _ in snap.uses.get(key, [])))
    titles = {**base.titles, **head.titles}
    return "; ".join(f"{titles.get(src, src)} (`{src}`)" for src in srcs) or "—"


def markdown(changes: list[Change], base: Snapshot, head: Snapshot) -> str:
    if not changes:
        return NO_CHANGE
    counts = {s: sum(1 for c in changes if c.status == s) for s in MARK}
    summary = ", ".join(f"{n} {WORD[s]}" for s, n in counts.items() if n)
    lines = [f"**Số liệu thay đổi** từ {base.label} đến {head.label}: {summary}.", "",
             "| Số liệu | Tên | Cũ | Mới | Trang hiển thị |", "|---|---|---|---|---|"]
    for c in changes:
        fig = c.new or c.old
        old = _shown(c.old) if c.old else "—"
        new = _shown(c.new) if c.new else "—"
        lines.append(f"| `{cell(c.key)}`{MARK[c.status]} | {cell(inert(fig.label))} | {cell(old)} | {cell(new)} | "
                     f"{cell(pages_cell(c.key, base, head))} |")
    if counts["derived"]:
        lines += ["", "_(suy ra): số liệu được tính từ số liệu khác (tổng, tỷ lệ, đếm), thay đổi theo._"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line

def add_arguments(parser) -> None:
    parser.add_argument("base", nargs="?", help="phiên bản gốc (mặc định: git merge-base main HEAD)")
    parser.add_argument("head", nargs="?", help="phiên bản mới (mặc định: thư mục làm việc, kể cả thay đổi chưa commit)")


def run(args) -> int:
    root = Path(args.root).resolve()
    try:
        base_commit = resolve(root, args.base) if args.base else default_base(root)
        head_commit = resolve(root, args.head) if args.head else None
        with tempfile.TemporaryDirectory(prefix="baocao-diff-") as tmp:
            base_label = f"`{args.base or 'merge-base main'}` ({base_commit[:8]})"
            base = snapshot(export(root, base_commit, Path(tmp) / "base"), base_label)
            if head_commit:
                head = snapshot(export(root, head_commit, Path(tmp) / "head"), f"`{args.head}` ({head_commit[:8]})")
            else:
                head = snapshot(root, WORKTREE)
    except RevisionError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    broken = [s for s in (base, head) if s.ds.errors]
    for snap in broken:
        print(f"Phiên bản {snap.label} có lỗi dữ liệu, không so sánh được. / The data of this revision has errors.\n"
              + format_errors(snap.ds.errors), file=sys.stderr)
    if broken:
        return 1
    print(markdown(compare(base.ds, head.ds), base, head))
    return 0
