"""`python -m macros inbox`: the requests an editor leaves in the folder nhap/ with the Git server's web pages only,
applied by the same code as the commands they stand for. CI runs it on every pull request before check and preview.

  nhap/nam-moi.txt        a file holding the new year ("2024"; "2024 lời văn" starts from last year's text): the
                          `new-year` command (--from-text)
  nhap/<tên>.xlsx         a workbook made by `sheet export`, filled: `sheet import` (all or nothing per file)
  nhap/da-ky.txt          a file holding the year the committee has signed ("2024"): `sign --year`, after the
                          other requests (a workbook of the same pull request may fill the last figures)
  nhap/README.md, .*      the folder's own note, hidden files: left alone

A request applied is removed (never applied twice); a refused one stays, and the report says why with the command's
own messages (file, cell, key, what to do). Any other file is refused, saying what the folder takes. The report is
Markdown (the pull request's comment, above the change table: `preview --lead`), printed and, with --report, written
to a file. --push BRANCH commits what changed ("Nhập bảng tính …; Tạo năm …") and pushes it to that branch of
origin; --no-push fork|token says why the result is not written to the pull request's branch (a fork's pull request
has no write access; GitLab without the project's push token). Exit code: 0 nothing to do or all applied, 1 a request
refused, or applied here but not written to the branch (--no-push, a failed push): the pull request is not done.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import re
import unicodedata
from pathlib import Path

from ..sources.links import is_link
from .code_changes import CONTROL
from .revisions import RevisionError, git

FOLDER = "nhap"
NEW_YEAR = "nam-moi.txt"
SIGNED = "da-ky.txt"
SHEETS = {".xlsx", ".xlsm", ".xls", ".csv", ".ods"}   # the import reads .xlsx; it tells the others how to save one
LEFT_ALONE = {"readme.md"}
REPORT_CHARS = 30_000   # the requests' messages in the report: half a comment (GitHub takes 65,536), the table after
CHANGED_PATHS = ("data", "docs", "mkdocs.yml", FOLDER)   # all a request may change
_YEAR = re.compile(r"^\s*(\d{4})\s*(lời văn|loi van|--from-text)?\s*$", re.I)
NO_PUSH = {
    "fork": ("pull request này từ một kho sao (fork), không có quyền ghi vào nhánh của nó: bảng thay đổi và bản xem "
             "trước dưới đây cho thấy kết quả nếu áp dụng, nhưng nhánh vẫn chỉ có tệp yêu cầu. Người quản trị kho cần "
             "áp dụng: lấy nhánh về máy, chạy python -m macros inbox, commit rồi push; hoặc người biên tập tạo lại "
             "pull request từ một nhánh của chính kho này.",
             "this pull request comes from a fork and has no write access to its branch: the table and preview below "
             "show the result, but a maintainer must apply it (python -m macros inbox, commit, push)."),
    "token": ("dự án chưa có biến CI BAOCAO_PUSH_TOKEN (project access token quyền write_repository; README, phần "
              "quản trị): bảng thay đổi và bản xem trước dưới đây cho thấy kết quả nếu áp dụng, nhưng nhánh vẫn chỉ "
              "có tệp yêu cầu. Nhờ người quản trị thêm biến đó rồi chạy lại pipeline, hoặc áp dụng trên máy "
              "(python -m macros inbox, commit, push).",
              "the project has no CI variable BAOCAO_PUSH_TOKEN (see README, administration): the table and preview "
              "below show the result, but a maintainer must add the token and re-run, or apply it by hand."),
}


def add_arguments(parser) -> None:
    parser.add_argument("--report", type=Path, help="ghi báo cáo Markdown vào tệp này (CI: bình luận) / also write "
                                                    "the Markdown report to this file")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--push", metavar="BRANCH", help="commit các tệp đã đổi và push lên nhánh này của origin "
                                                         "(CI) / commit the changes and push them to this branch")
    where.add_argument("--no-push", choices=sorted(NO_PUSH), help="vì sao kết quả không được ghi vào nhánh (CI) / "
                                                                  "why the result is not pushed")


def requests(root: Path) -> list[Path]:
    """The request files in nhap/: the new year first (a workbook may be the new year's), then by name, the signing
    last (it stores the text the other requests make)."""
    folder = root / FOLDER
    found = [p for p in folder.iterdir() if not p.name.startswith(".")
             and p.name.lower() not in LEFT_ALONE] if folder.is_dir() else []   # a folder in it: refused, not skipped
    return sorted(found, key=lambda p: (p.name.lower() != NEW_YEAR, p.name.lower() == SIGNED, p.name))


def new_year_request(text: str) -> tuple[int | None, bool]:
    """(year, from_text) of nam-moi.txt's text, or (None, False) when it is not one year (and 'lời văn')."""
    m = _YEAR.match(unicodedata.normalize("NFC", text.lstrip("\ufeff")))
    return (int(m.group(1)), bool(m.group(2))) if m else (None, False)


def _captured(command, args: argparse.Namespace, root: Path) -> tuple[int, str]:
    """A command's exit code and what it printed (stdout and stderr, in order), paths shown from the project."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = command(args)
    return code, out.getvalue().replace(f"{root}/", "").replace(f"{root}\\", "").strip()


def apply(root: Path, path: Path) -> tuple[bool, str, str]:
    """(applied, what it was in the commit message, the command's messages) for one request file."""
    rel = path.relative_to(root).as_posix()
    if is_link(path) or is_link(path.parent):   # what a link leads to is outside the request: never read, never pushed
        return False, "", (f"{rel} là một liên kết (symlink) hoặc nằm trong một thư mục liên kết: không đọc. Tải lên "
                           f"chính tệp, không phải liên kết tới nó. / {rel} is a symbolic link: not read; upload the "
                           "file itself.")
    if path.is_file() and path.name.lower() == NEW_YEAR:
        year, from_text = new_year_request(path.read_text(encoding="utf-8", errors="replace"))
        if year is None:
            return False, "", (f"{rel} phải chứa đúng một năm, ví dụ 2024 (hoặc '2024 lời văn' để chép lời văn năm "
                               f"trước làm bản nháp). Sửa tệp cho đúng trong cùng nhánh. / {rel} must hold one year, "
                               "e.g. 2024.")
        from . import newyear
        code, said = _captured(newyear.run, argparse.Namespace(root=root, year=year, from_text=from_text), root)
        return code == 0, f"Tạo năm {year}", said
    if path.is_file() and path.name.lower() == SIGNED:
        year, extra = new_year_request(path.read_text(encoding="utf-8", errors="replace"))
        if year is None or extra:
            return False, "", (f"{rel} phải chứa đúng một năm, năm của báo cáo Ban Thường vụ đã ký, ví dụ 2024. Sửa tệp "
                               f"cho đúng trong cùng nhánh. / {rel} must hold the signed report's year, e.g. 2024.")
        from . import sign
        code, said = _captured(sign.run, argparse.Namespace(root=root, year=year, site=None), root)
        return code == 0, f"Lưu văn bản đã ký năm {year}", said
    if path.is_file() and path.suffix.lower() in SHEETS:
        from . import sheet
        code, said = _captured(sheet.import_, argparse.Namespace(root=root, file=path, year=None), root)
        return code == 0, f"Nhập bảng tính {path.name}", said
    return False, "", (f"{rel}: thư mục {FOLDER}/ chỉ nhận bảng tính .xlsx do lệnh sheet export tạo (đã điền), tệp "
                       f"{NEW_YEAR} ghi năm mới và tệp {SIGNED} ghi năm của báo cáo đã ký. Xoá tệp này khỏi nhánh, "
                       f"hoặc đặt lại tên cho đúng. / {rel}: {FOLDER}/ takes filled .xlsx workbooks, {NEW_YEAR} and "
                       f"{SIGNED} only.")


_MADE = re.compile(r"Tạo năm (\d{4})$")


def next_for_a_new_year(year: int, root: Path) -> str:
    """What the editor who has only the Git server's web pages does once the year is made (the command's own "next"
    names commands on a computer): write the sections marked unwritten(), or, when last year's words were copied as a
    draft ('2024 lời văn'), revise each paragraph marked unrevised("2023") and remove its mark."""
    copied = any("{{ unrevised(" in p.read_text(encoding="utf-8") for p in (root / "docs" / str(year)).glob("*.md"))
    pages = (f"sửa từng đoạn mang dấu unrevised(\"{year - 1}\") (trang hiện khung \"[chưa sửa từ năm {year - 1}]\") "
             f"cho năm {year} rồi xoá dấu ở đầu đoạn, kể cả chữ \"năm {year - 1}\" trong câu") if copied else (
             "viết lời văn thay cho các dòng unwritten() (trang hiện \"[chưa soạn]\")")
    return (f"**Tiếp theo / next:** người duyệt đọc bình luận này rồi hợp nhất (Merge). Sau đó, mỗi việc một nhánh mới: "
            f"gửi các đơn vị bảng tính `so-lieu-{year}.xlsx` (có trong bản xem trước của pull request này) để điền, rồi "
            f"tải bảng tính đã điền lên thư mục `{FOLDER}/` (hướng dẫn biên tập mục 16); {pages} trong `docs/{year}/` "
            f"bằng nút sửa của trang kho Git (mục 12, 17). / Merge, then send the units the preview's "
            f"`so-lieu-{year}.xlsx` and {'revise' if copied else 'write'} `docs/{year}/`.")


def _code(text: str) -> str:
    """A file name as `code` on one line (a name pushed with git may hold a backtick, a control character, or a
    blank line that would end the code span and let the rest of the name be Markdown: none counts)."""
    return "`" + re.sub(r"\s", " ", CONTROL.sub("", text)).replace("`", "'") + "`"


def _block(text: str, limit: int, line_limit: int = 1500) -> str:
    """Messages as an inert Markdown block (no tag, link or fence of theirs counts; no control character), a line cut
    past line_limit characters and the block past limit (what is left of REPORT_CHARS): a cell of 32,767 characters
    (Excel's most), quoted in Vietnamese and English, made a comment longer than a Git server takes (GitHub: 65,536),
    and none was posted."""
    whole = CONTROL.sub("", text).replace("~~~", "---").split("\n")
    lines = [line if len(line) <= line_limit else line[:line_limit] + " …" for line in whole]
    kept = len(lines)
    while kept > 1 and sum(len(line) + 1 for line in lines[:kept]) > limit:
        kept -= 1
    note = [] if lines[:kept] == whole else [
        "… (đã cắt bớt; đủ cả: python -m macros inbox trên máy / cut; the whole text: python -m macros inbox locally)"]
    return "~~~\n" + "\n".join(lines[:kept] + note) + "\n~~~"


def commit_and_push(root: Path, message: str, branch: str) -> str:
    """The commit's short id; raises RevisionError with git's message when a step fails."""
    git(root, "add", "-A", "--", *CHANGED_PATHS)
    who = [] if _configured(root) else ["-c", "user.name=Báo cáo (CI)", "-c", "user.email=baocao-ci@localhost"]
    git(root, *who, "commit", "-q", "-m", message)
    git(root, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    return git(root, "rev-parse", "--short", "HEAD")


def _configured(root: Path) -> bool:
    try:
        return bool(git(root, "config", "user.email"))
    except RevisionError:
        return False


def report(root: Path, push: str | None = None, no_push: str | None = None) -> tuple[int, str]:
    """(exit code, the Markdown report; "" when nhap/ holds no request)."""
    found = requests(root)
    if not found:
        return 0, ""
    done, lines, refused = [], ["### Yêu cầu trong thư mục `nhap/` / requests in `nhap/`", ""], False
    room = REPORT_CHARS
    for path in found:
        rel = _code(path.relative_to(root).as_posix())
        applied, what, said = apply(root, path)
        said = _block(said, max(1500, room))
        room -= len(said)
        if applied:
            path.unlink()
            done.append(what)
            lines += [f"**Đã áp dụng / applied** {rel} ({what}; tệp yêu cầu đã xoá / request removed):",
                      "", said, ""]
        else:
            refused = True
            lines += [f"**Bị từ chối / refused** {rel}: không ghi gì; tệp vẫn ở `{FOLDER}/` / nothing written, the "
                      "file stays.", "", said, "",
                      f"Sửa theo các dòng trên, rồi thay tệp trong `{FOLDER}/` bằng tệp đã sửa, trong cùng nhánh "
                      "(xoá tệp cũ rồi tải tệp mới lên; hoặc chỉ xoá nếu không cần nữa): máy chạy lại. / Fix what the "
                      f"lines above say, then replace the file in `{FOLDER}/` on the same branch.", ""]
    if done and push:
        message = "; ".join(done)
        try:
            sha = commit_and_push(root, message, push)
            lines.append(f"Đã ghi vào nhánh `{push}`: commit {sha} \"{message}\"; bảng thay đổi dưới đây là của commit "
                         f"đó. Lấy lại nhánh (pull) trước khi sửa tiếp trên máy. / Committed and pushed to `{push}`.")
            lines += [next_for_a_new_year(int(m.group(1)), root) for m in map(_MADE.match, done) if m]
        except RevisionError as exc:
            refused = True
            lines += [f"**Không ghi được vào nhánh `{push}`** / could not push:", "", _block(str(exc), 6000), "",
                      "Nếu nhánh vừa có commit mới, lần chạy sau sẽ áp dụng lại; nếu không, báo người quản trị. "
                      "/ If the branch moved meanwhile, the next run applies it again; otherwise tell an admin."]
    elif done and no_push:     # the branch still holds only the requests: not done until someone applies them
        refused = True
        vi, en = NO_PUSH[no_push]
        lines.append(f"**Chưa ghi vào nhánh** / not pushed: {vi} / {en}")
    elif done:
        lines.append("Các tệp đã đổi trong thư mục làm việc. Tiếp theo: python -m macros check, python -m macros "
                     "diff, rồi commit (cả việc xoá tệp yêu cầu). / Next: check, diff, commit.")
    return (1 if refused else 0), "\n".join(lines).rstrip() + "\n"


def run(args) -> int:
    root = Path(args.root).resolve()
    code, text = report(root, args.push, args.no_push)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text, encoding="utf-8")
    print(text.rstrip() if text else f"Không có yêu cầu nào trong {FOLDER}/. / Nothing to do in {FOLDER}/.")
    return code
