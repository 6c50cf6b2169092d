"""For the pull-request table (`diff`): which changed files are code, which are pictures (named, since nothing else in
the table compares them), and text made safe for a Markdown table.

Code is everything an editor's change does not need: only the report's data (`data/**.yml`, and a year's signed
text of record `data/<year>/signed.txt`, said by name by signed_texts), its pages (`docs/**.md`), pictures and PDF
files under docs/, the Markdown notes at the top (README.md...), a request left in nhap/ for `inbox` and mkdocs.yml's
settings that run nothing are editorial. Any other changed path — macros/, overrides/, scripts/, .ci/, tests/,
requirements*.txt, constraints.txt, package*.json, the CI templates, a script, style sheet or SVG under docs/, a
hooks file — and any change of mkdocs.yml's code-bearing settings (config_policy.code_settings) makes the table lead
with CODE_HEADING, so a technical reviewer reads it as code.

Every text the command prints goes through md_text (a table cell or a list item) or md_code (inside `backticks`):
control characters removed (an escape sequence would clear a reviewer's terminal or retitle a CI log), HTML and
Markdown written as entities, so a label shows as typed and never becomes a tag, a link or a new cell; on the assembled
table, github_inert does the same for a Git server's own signs (@mention, $maths$) outside `code`.
"""
from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup

from ..config_policy import code_settings, compose
from ..html.markup import text as html_text

CODE_HEADING = "**Thay đổi mã — cần người duyệt kỹ thuật** / code changed — needs a technical reviewer"
# nhap/: a request left through the web pages (a filled workbook, nam-moi.txt), read only by `inbox`, never run
EDITORIAL = re.compile(r"""^(?:data/.+\.yml|docs/.+\.(?:md|png|jpe?g|gif|webp|pdf)|[^/]+\.md|nhap/[^/]+)$""", re.I)
PICTURE = re.compile(r"^docs/.+\.(?:png|jpe?g|gif|webp|pdf)$", re.I)
SIGNED = re.compile(r"^data/(\d{4})/signed\.txt$")   # the signed text of record (data/fidelity.py RECORD_NAME)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")   # C0 (but tab, newline), DEL, C1, separators
SHOWN = 20
NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")   # outside the Latin blocks Vietnamese is written in


def is_code(path: str) -> bool:
    return path != "mkdocs.yml" and not EDITORIAL.match(path) and not SIGNED.match(path)   # signed.txt exactly


def code_paths(changed: list[str], old_config: str | None, new_config: str | None) -> list[str]:
    """The changed paths that are code; mkdocs.yml counts when its code-bearing settings differ."""
    found = [p for p in changed if is_code(p)]
    if "mkdocs.yml" in changed and _code_of(old_config) != _code_of(new_config):
        found.insert(0, "mkdocs.yml")
    return found


def changed_files(git, root, base: str, head: str | None) -> dict:
    """{path: "A" | "M" | "D"} of the files that differ between two commits (head None: the working tree's tracked
    files — what a commit would hold once added), read with `git` (commands/diff.py's runner: git(root, *args) ->
    text, raising on failure)."""
    revisions = [base] + ([head] if head else [])
    out = git(root, "diff", "-z", "--name-status", "--no-renames", "--relative", *revisions).split("\0")
    return {path: status[:1] for status, path in zip(out[::2], out[1::2]) if path}


def pictures(changed: dict) -> list[str]:
    """The lines naming the pictures and PDF files under docs/ added, replaced or removed ([] when none): the
    reader sees them, and no other part of the table compares them."""
    found = [(p, s) for p, s in changed.items() if PICTURE.match(p)]
    if not found:
        return []
    word = {"A": "thêm mới", "D": "đã xoá"}
    return ["**Hình ảnh, tệp PDF thay đổi** (xem trong bản xem trước) / pictures changed: " + "; ".join(
        f"`{md_code(p)}` ({word.get(s, 'thay tệp')})" for p, s in found) + "."]


def signed_texts(changed: dict) -> list[str]:
    """A line for each year whose signed text of record (data/<year>/signed.txt, stored by `sign`) was added,
    changed or deleted ([] when none): the print of that year is compared with it sentence by sentence, so its
    deletion would end the comparison without a word on any page. It is the committee's record, not code: these
    lines lead the table (under the summary), the code heading does not name it."""
    said = {"A": ("lưu văn bản đã ký", "từ nay bản in năm {y} được so từng câu với văn bản này",
                  "the signed text of record is stored"),
            "D": ("văn bản đã ký bị xoá", "bản in năm {y} không còn được so với văn bản Ban Thường vụ đã ký",
                  "the signed text was deleted: the print is no longer compared with it"),
            "M": ("văn bản đã ký bị sửa", "văn bản đã ký không bao giờ được thay; chỉ duyệt khi có quyết định của Ban "
                  "Thường vụ", "the signed text was changed: it is never replaced")}
    lines = []
    for path, status in sorted(changed.items()):
        found = SIGNED.match(path)
        if found:
            title, vi, en = said.get(status, said["M"])
            year = found.group(1)
            lines.append(f"**Năm {year}: {title}** (`{md_code(path)}`): {vi.format(y=year)}. / {en}.")
    return lines


def changed_code(git, root, base: str, head: str | None, changed: dict) -> list[str]:
    """code_paths among `changed` (changed_files between the same two commits)."""
    prefix = git(root, "rev-parse", "--show-prefix")

    def config_at(revision):
        if revision is None:
            path = root / "mkdocs.yml"
            return path.read_text(encoding="utf-8-sig") if path.is_file() else None
        try:
            return git(root, "show", f"{revision}:{prefix}mkdocs.yml")
        except Exception:      # no mkdocs.yml in that revision
            return None
    return code_paths(list(changed), config_at(base), config_at(head))


def _code_of(text: str | None):
    node = compose(text) if text is not None else None
    return code_settings(node) if node is not None else text   # unreadable YAML: any change of it counts


def heading(paths: list[str]) -> list[str]:
    """The lines that lead the table when code changed ([] when nothing did)."""
    if not paths:
        return []
    shown = ", ".join(f"`{md_code(p)}`" for p in paths[:SHOWN])
    more = f" và {len(paths) - SHOWN} tệp khác / and {len(paths) - SHOWN} more" if len(paths) > SHOWN else ""
    return [f"{CODE_HEADING}: {shown}{more}.", ""]


def plain(value) -> str:
    """Text without control characters (a tab or a line break becomes a space)."""
    return CONTROL.sub("", str(value).replace("\t", " ").replace("\r", " ").replace("\n", " "))


def printable(text: str) -> str:
    """Whole lines for the terminal: control characters removed, line breaks and tabs kept."""
    return CONTROL.sub("", text)


def md_text(value) -> str:
    """A table cell or list item: no control character, HTML and Markdown signs as entities (Markup: as is)."""
    if isinstance(value, Markup):
        return CONTROL.sub("", str(value)).strip()
    return str(html_text(plain(value).strip()))


def md_code(value) -> str:
    """Text inside `backticks` in a table (entities show literally there): no control character, no backtick,
    `|` escaped so the cell holds."""
    return plain(value).replace("`", "'").replace("\\", "\\\\").replace("|", "\\|").strip()


GITHUB_SIGNS = str.maketrans({"@": "&#64;", "$": "&#36;"})   # an @mention notifies someone; $…$ is maths there
CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def github_inert(table: str) -> str:
    """The table with the signs only a Git server's own Markdown reads (GitHub: '@name' notifies that user, '$…$'
    is set as maths) written as entities, outside `code` (where an entity would show as typed: keys, paths)."""
    parts = CODE_SPAN.split(table)
    return "".join(part if i % 2 else part.translate(GITHUB_SIGNS) for i, part in enumerate(parts))


def foreign_letters(table: str) -> tuple[str, list[str]]:
    """(the table with each letter of another script marked where it stands, 'а[U+0430]', the letters found as
    'U+0430 CYRILLIC SMALL LETTER A'): a Cyrillic 'а' or a Greek 'ο' looks like the Latin letter in a cell, so a
    change to one would show as old and new alike, while search and the signed-text comparison read another word.
    The table's own words are Vietnamese: only what was typed in data or pages can hold one."""
    found = {}

    def mark(m):
        char = m.group(0)
        if not unicodedata.category(char).startswith("L"):
            return char
        code = f"U+{ord(char):04X}"
        found[code] = f"{code} {unicodedata.name(char, '')}".strip()
        return f"{char}[{code}]"
    return NOT_LATIN.sub(mark, table), sorted(found.values())
