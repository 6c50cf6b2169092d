"""Where an output came from: the git revision it was built from, the build date, and whether the report is a draft.

One stamp per build (`read`), shown in the same words everywhere: the site's footer, the figures page, the line at
the top of a draft's or a review copy's first page, and (read back from the built page) the PDF's and the Word
file's properties. A final document's pages carry none of it: the line sits inside the draft mark and the review
banner, which a final print does not have.

Pages hold only a mark (MARK, an HTML comment); the build puts the stamp there after each page is rendered
(`fill`, from the MkDocs hook on_post_page), so the pages kept between builds (macros/cache.py) never hold an old
stamp, and the search index never holds one. Outside Git — a folder copied from a zip — the stamp says so
("không rõ phiên bản") instead of failing.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from . import formats
from .html.markup import render

MARK = "<!--baocao:stamp-->"
UNKNOWN = "không rõ phiên bản"
UNCOMMITTED = "có sửa đổi chưa commit"
STATES = {True: "dự thảo", False: "chính thức"}


@dataclass(frozen=True)
class Stamp:
    revision: str          # the commit's short hash, or "" outside Git
    uncommitted: bool      # the working tree differs from that commit
    built: dt.date

    def words(self) -> str:
        """'phiên bản 4e1054c1a2 (có sửa đổi chưa commit), dựng ngày 04/12/2026'."""
        rev = f"phiên bản {self.revision}" if self.revision else UNKNOWN
        if self.revision and self.uncommitted:
            rev += f" ({UNCOMMITTED})"
        return f"{rev}, dựng ngày {formats.date(self.built)}"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=20, text=True,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH when set (a reproducible build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def read(root: Path) -> Stamp:
    """The stamp of a build of the project at root (two git calls; none of them may fail the build)."""
    revision = _git(root, "rev-parse", "--short=10", "HEAD") or ""
    status = _git(root, "status", "--porcelain") if revision else None
    return Stamp(revision, bool(status), build_date())


@lru_cache(maxsize=8)
def html(stamp: Stamp, draft: bool | None) -> Markup:
    """The stamp as a reader sees it, with its parts as data attributes (the PDF and the Word file read them)."""
    state = STATES.get(draft, "") if draft is not None else ""
    return render("stamp.html", words=stamp.words(), state=state, revision=stamp.revision or UNKNOWN,
                  uncommitted=stamp.uncommitted, built=stamp.built.isoformat())


def fill(page_html: str, stamp: Stamp, draft: bool | None, label: str | None = None) -> str:
    """A built page with every MARK replaced by the stamp. label: what a draft calls itself (report.yml
    draft_label), set in the page's head for print.css, which repeats it in the top margin of every printed page:
    of the whole report from page 2 on, of a page printed alone from the browser (Ctrl+P) on every page."""
    if MARK in page_html:
        page_html = page_html.replace(MARK, str(html(stamp, draft)))
    if draft and label and "</head>" in page_html:
        page_html = page_html.replace("</head>", str(render("draft_running.html", label=label)) + "</head>", 1)
    return page_html
