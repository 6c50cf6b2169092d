"""Errors an editor can act on: file, line, column, key, what was expected, what was found.

Every message is Vietnamese first, English after it, and says what to do. Shared by every stage.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataError:
    file: str            # path relative to the project, with forward slashes
    line: int | None     # 1-based
    column: int | None   # 1-based
    key: str             # key path inside the file, e.g. "figures.smartphone_rate.value"
    vi: str              # what is wrong, in Vietnamese
    en: str              # the same in English
    fix: str = ""        # what to do, in Vietnamese

    def location(self) -> str:
        loc = self.file
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        key = f" [khoá/key: {self.key}]" if self.key else ""
        text = f"{self.location()}{key}: {self.vi} / {self.en}"
        if self.fix:
            text += f" → Cách sửa: {self.fix}"
        return text


class DataErrors(Exception):
    """Raised when the data cannot be published; carries every error found, not only the first."""

    def __init__(self, errors: list[DataError]):
        self.errors = list(errors)
        super().__init__(format_errors(self.errors))


MAX_LISTED = 50   # a file wrong on every line gives thousands of errors: the first ones say what to fix


def format_errors(errors: list[DataError], limit: int = MAX_LISTED) -> str:
    head = f"Có {len(errors)} lỗi trong dữ liệu / {len(errors)} data error(s):"
    lines = [head] + [f"  {i}. {e}" for i, e in enumerate(errors[:limit], 1)]
    if len(errors) > limit:
        lines.append(f"  … và {len(errors) - limit} lỗi khác (sửa các lỗi trên rồi chạy lại) / "
                     f"and {len(errors) - limit} more")
    return "\n".join(lines)


class LookupFailed(KeyError):
    """A page asked for something the data does not have. Structured, so each caller places it (a page and line,
    a data file) without parsing text."""

    def __init__(self, vi: str, en: str, fix: str = ""):
        super().__init__(vi)
        self.vi, self.en, self.fix = vi, en, fix

    def at(self, file: str, line: int | None, key: str, column: int | None = None) -> DataError:
        return DataError(file, line, column, key, self.vi, self.en, self.fix)

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}" + (f" → Cách sửa: {self.fix}" if self.fix else "")


def fault_text(exc: BaseException) -> str:
    """What went wrong in a fault of ours, without the exception's name (an editor cannot act on 'KeyError'): the
    file and the system's reason for a file error, the missing key for a lookup, else the exception's own text."""
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    if isinstance(exc, KeyError) and exc.args:
        return f"không tìm thấy {exc.args[0]!r} / {exc.args[0]!r} not found"
    return str(exc).strip() or "không rõ nguyên nhân / no detail"
