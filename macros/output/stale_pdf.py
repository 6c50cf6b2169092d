"""The PDF `python -m macros pdf --publish` left in docs/<year>/ for the site to offer: is it still the report the
site is about to show?

The site offers docs/<year>/bao-cao-<year>.pdf as it finds it; nothing remakes it when a figure or a sentence
changes afterwards, so a publish would put online the corrected page beside a PDF with the old figure. The PDF
records the revision it was printed from (/Revision; the stamp in /Keywords says when the tree had uncommitted
changes: output/pdf.py, stamp.py). It is current when `git diff` finds no change since that revision in what the
report is made from (MADE_FROM; the working tree, so an uncommitted edit counts too). It is stale when it differs,
when it was printed from uncommitted changes (nobody can say from what), or when Git does not know its revision (a
shallow clone, another repository). Outside Git (a folder copied from a zip) nothing can be compared: not judged.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .. import stamp

PUBLISHED_PDF = re.compile(r"^bao-cao-(\d{4})\.pdf$")   # html/document.py pdf_name(year), what pdf --publish writes
MADE_FROM = ("data", "docs", "mkdocs.yml", "macros", "overrides")   # the figures, the words, how they are printed
NOT_THE_PDFS = ":(exclude,glob)docs/*/bao-cao-*.pdf"   # committed after it was printed (a web upload): not a change


def printed_from(pdf: Path) -> tuple[str, bool]:
    """(revision, printed with uncommitted changes) as the PDF's metadata says; ("", False) when it says nothing."""
    try:
        from pypdf import PdfReader
        meta = PdfReader(pdf).metadata or {}
    except Exception:   # not a PDF this command wrote (or not a PDF): no revision
        return "", False
    return str(meta.get("/Revision", "") or ""), stamp.UNCOMMITTED in str(meta.get("/Keywords", "") or "")


def unchanged_since(root: Path, revision: str) -> bool:
    """Whether nothing the report is made from differs between that revision and the working tree (False when Git
    does not know the revision, or cannot run)."""
    if not re.fullmatch(r"[0-9a-f]{4,40}", revision):
        return False
    try:
        done = subprocess.run(["git", "diff", "--quiet", revision, "--", *MADE_FROM, NOT_THE_PDFS], cwd=root,
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def stale_pdfs(root: Path) -> list[tuple[str, str]]:
    """[(the PDF's path in the project, the revision it says it was printed from)] for each published PDF that is
    not the report the site is about to show."""
    pdfs = [pdf for pdf in sorted((root / "docs").glob("*/bao-cao-*.pdf"))
            if (named := PUBLISHED_PDF.match(pdf.name)) and named.group(1) == pdf.parent.name]
    if not pdfs or not stamp.read(root).revision:   # none, or outside Git: nothing to compare with
        return []
    stale = []
    for pdf in pdfs:
        revision, uncommitted = printed_from(pdf)
        if uncommitted or not unchanged_since(root, revision):
            stale.append((pdf.relative_to(root).as_posix(), revision))
    return stale
