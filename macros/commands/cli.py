"""One command line for everything that is not the site build: `python -m macros COMMAND`.

  check      check every data file and every figure the pages ask for (no site build)
  diff       the figures that differ between two git revisions, as a Markdown table
  pdf        the whole report as one A4 PDF
  docx       the whole report as an editable Word file
  new-year   scaffold next year's data and pages from this year's plan
  sign       store a year's signed text of record (then every later change needs an editorial decision)
  preview    for a pull request: the change table, the PDFs, the Word file, the site as a zip that opens from disk
  publish    build, check and swap the site into the web server's folder (--rollback: back to the previous one)
  sheet      a year's figures as a workbook to fill (export), and the filled workbook into data/ (import)
  inbox      the requests left in nhap/ through the Git server's web pages (a filled workbook, nam-moi.txt) applied
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import os
import re
import sys
import traceback
from pathlib import Path

from ..errors import fault_text

DEBUG_ENV = "BAOCAO_DEBUG"   # set to 1 to see the Python traceback of an internal error

# command -> module that provides add_arguments(parser) and run(args) -> exit code
COMMANDS = {
    "check": ("macros.commands.check", "Kiểm tra dữ liệu / check the data"),
    "diff": ("macros.commands.diff", "Bảng số liệu thay đổi giữa hai phiên bản / figures changed between two revisions"),
    "pdf": ("macros.commands.pdf", "In cả báo cáo ra một tệp PDF / the whole report as one PDF"),
    "docx": ("macros.commands.docx", "Cả báo cáo thành một tệp Word sửa được / the whole report as an editable Word file"),
    "new-year": ("macros.commands.newyear", "Tạo khung báo cáo năm mới / scaffold a new year"),
    "sign": ("macros.commands.sign", "Lưu văn bản đã ký của một năm / store a year's signed text of record"),
    "preview": ("macros.commands.preview", "Bản xem trước cho pull request: bảng thay đổi, PDF, bản xem xét, Word, "
                "trang web mở từ máy / everything a pull request's reviewer looks at"),
    "publish": ("macros.commands.publish", "Đưa trang web lên máy chủ, giữ bản trước / publish the site, keep the "
                "previous version"),
    "sheet": ("macros.commands.sheet", "Thu thập số liệu bằng bảng tính (export / import) / figures through a "
              "spreadsheet"),
    "inbox": ("macros.commands.inbox", "Áp dụng các yêu cầu trong thư mục nhap/ (bảng tính đã điền, năm mới) / apply "
              "the requests left in nhap/"),
}


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")   # Vietnamese on a Windows console
    parser = Parser(prog="python -m macros", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="thư mục dự án / project folder")
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    # import only the command asked for (pdf needs http.server, diff the renderer...): `check` stays fast
    wanted = next((a for a in (sys.argv[1:] if argv is None else argv) if a in COMMANDS), None)
    for name, (module, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if wanted in (None, name):
            modules[name] = importlib.import_module(module)
            modules[name].add_arguments(command_parser)
    args = parser.parse_args(argv)
    try:
        return modules[args.command].run(args)
    except KeyboardInterrupt:
        print("Đã dừng. / Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:   # `diff | head`: the reader took what it wanted and closed the pipe; nothing is wrong
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # Python's last flush goes nowhere
        except (OSError, ValueError):
            pass
        return 0
    except Exception as exc:   # a fault of ours: a message an editor can pass on, never a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        print(internal_error(args.command, exc), file=sys.stderr)
        return 3


class Parser(argparse.ArgumentParser):
    """argparse, whose mistakes in the command line (a word misspelt, a year written 2O25) are said in Vietnamese and
    English with what to do; its sub-commands' parsers are of this class too."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, usage_error(self.prog, message) + "\n")


_SAID = [   # argparse's messages -> Vietnamese ({} are the parts it names)
    (r"the following arguments are required: (.+)", "thiếu {}"),
    (r"argument (\S+): invalid int value: '(.*)'", "{}: '{}' không phải một số nguyên (viết bằng chữ số, ví dụ 2024)"),
    (r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", "{}: không có '{}'; chọn một trong: {}"),
    (r"argument (\S+): expected one argument", "{} cần một giá trị viết ngay sau nó"),
    (r"unrecognized arguments: (.+)", "không hiểu {}"),
]
_OWN = r"argument (\S+): (.+ / .+)"   # an argument's own check (output_file): its message is in both languages
_NAMES = {"command": "tên lệnh", "action": "việc cần làm (export hoặc import)", "year": "năm"}


def usage_error(prog: str, message: str) -> str:
    """argparse's message about a command line as an editor reads it: Vietnamese, the English, what to do."""
    see = f"Xem cách viết: {prog} --help"
    own = re.fullmatch(_OWN, message)
    if own:
        return f"Lệnh viết chưa đúng: {own.group(1)}: {own.group(2)} {see}"
    said = message
    for pattern, vietnamese in _SAID:
        found = re.fullmatch(pattern, message)
        if found:
            said = vietnamese.format(*(_NAMES.get(part, part) for part in found.groups()))
            break
    choice = re.search(r"invalid choice: '(.*)' \(choose from (.*)\)", message)
    close = difflib.get_close_matches(choice.group(1), re.findall(r"'([^']*)'", choice.group(2)), n=1) \
        if choice else []
    hint = f" Có phải '{close[0]}'?" if close else ""
    return f"Lệnh viết chưa đúng: {said}.{hint} {see} / The command line is not right: {message}."


def output_file(text: str) -> Path:
    """The argparse type of an --out that names a file: one ending in a folder separator (`--out build/in/`) is
    refused, where Path would drop the separator and write a file with the folder's name."""
    if text.endswith(("/", "\\")):
        raise argparse.ArgumentTypeError(f"'{text}' là một thư mục; thêm tên tệp sau nó. / '{text}' is a folder: add "
                                         "a file name after it.")
    return Path(text)


def internal_error(command: str, exc: BaseException) -> str:
    """What an editor reads when a command fails for a reason it did not foresee (OSError: the file and why)."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    if isinstance(exc, OSError):
        return (f"Lỗi hệ thống tệp khi chạy '{command}': {exc.strerror or exc} ({exc.filename or ''}). Kiểm tra đường "
                f"dẫn, quyền ghi, ổ đĩa còn trống, rồi chạy lại. / File system error in '{command}': "
                f"{exc.strerror or exc} ({exc.filename or ''}).")
    return (f"Lỗi chương trình khi chạy '{command}': {fault_text(exc)}{place}. Chạy "
            f"python -m macros check; nếu check không báo lỗi, báo cho nhóm kỹ thuật kèm dòng này (đặt "
            f"{DEBUG_ENV}=1 để xem chi tiết). / Internal error in '{command}': {fault_text(exc)}{place}.")
