"""A prose page of year P as the first version of year P+1's (python -m macros new-year). Pure text functions.

  page_skeleton    P's headings (years moved on), {{ unwritten() }} under every heading that has words in P
  macro_page       a page of only headings and macro calls (macros_only), as it is, without P's editorial notes
  page_from_text   P's text as a starting point, {{ unrevised("P") }} at the start of every paragraph and list item
"""
from __future__ import annotations

import re

from .pages import front_matter_text

YEAR_OWN_MACROS = ("note",)    # a call that names P's own editorial decision: not carried over
UNWRITTEN_MARK = "{{ unwritten() }}"   # a section of Y's page not written yet (html/document.py draft_reasons)


def shift_years(text: str, prev: int) -> str:
    """P -> P+1 and P+1 -> P+2 in one pass: 'kết quả năm 2023 và nhiệm vụ năm 2024' -> '... 2024 ... 2025'."""
    return re.sub(rf"(?<!\d)({prev}|{prev + 1})(?!\d)", lambda m: str(int(m.group(1)) + 1), text)


_FENCE = re.compile(r"^\s*(```|~~~)")
_BOX = re.compile(r"^(!!!|\?\?\?\+?)\s")        # an admonition: what follows, indented, is inside it
_HEADING = re.compile(r"^#{1,6}\s+\S")


def page_skeleton(text: str, prev: int, new: int, fallback_title: str) -> str:
    """Y's page: P's headings (years moved on) and under every heading that has words in P's page the mark
    {{ unwritten() }} ("[chưa soạn]" on the web and on paper, its tooltip says what to do; the report stays a draft
    until the section is written). No figures, no other macros, and nothing that would outlive the marks: a note
    "this page is not written yet" stayed on the pages of the signed report once every section was written."""
    front, body = front_matter_text(text)
    title = None
    if front:
        m = re.search(r"^title:\s*(.+)$", front, re.M)
        title = shift_years(m.group(1).strip(), prev) if m else None
    lead = [None, False]               # words before the first heading
    sections, fenced, box = [], False, False   # [heading, whether P's page has words under it]
    for line in body.split("\n"):
        if box and (line.startswith("    ") or not line.strip()):
            continue                   # inside a box for the editor (new-year's note): not the section's words
        box = False
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _BOX.match(line):
            box = True
            continue
        elif not fenced and _HEADING.match(line) and "{{" not in line and "{%" not in line:
            sections.append([shift_years(line.rstrip(), prev), False])
            continue
        if _OWN_CALL.sub("", line).strip(" \t.,;:"):
            (sections[-1] if sections else lead)[1] = True
    if not sections or not sections[0][0].startswith("# "):
        sections.insert(0, [f"# {title or fallback_title}", lead[1]])
    elif lead[1]:
        sections[0][1] = True
    parts = [f"---\ntitle: {title}\n---"] if title else []
    for heading, words in sections:
        parts += [heading] + ([UNWRITTEN_MARK] if words else [])
    return "\n\n".join(parts) + "\n"


_CALL = re.compile(r"\{\{.*?\}\}")
_OWN_CALL = re.compile(r"[ \t]*\{\{-?\s*(?:" + "|".join(YEAR_OWN_MACROS) + r")\s*\(.*?\}\}")


def macros_only(text: str) -> bool:
    """True when a page's body holds nothing the committee wrote: headings, macro calls, punctuation around them."""
    body = front_matter_text(text)[1]
    lines = [line for line in body.split("\n") if line.strip()]
    return bool(lines) and any(_CALL.search(line) for line in lines) and all(
        _HEADING.match(line) or not _CALL.sub("", line).strip(" \t.,;:") for line in lines)


def macro_page(text: str, prev: int) -> str:
    """A macros-only page of P as Y's: title and headings moved on one year, P's editorial notes left out."""
    front, body = front_matter_text(text)
    out = []
    for line in body.split("\n"):
        if _HEADING.match(line):
            line = shift_years(line, prev)
        elif _OWN_CALL.search(line):
            line = _OWN_CALL.sub("", line)
            if not line.strip(" \t.,;:"):
                continue
        out.append(line)
    head = "---\n" + shift_years(front, prev).strip("\n") + "\n---\n" if front is not None else ""
    return head + re.sub(r"\n{3,}", "\n\n", "\n".join(out))    # no double blank line where a note stood alone


_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)")
_KEEP = re.compile(r"^\s*(\{:|\||<|!!!|\?\?\?)")      # attribute lists, tables, HTML, admonition heads


def unrevised_mark(prev: int) -> str:
    return '{{ unrevised("%d") }} ' % prev


def page_from_text(text: str, prev: int) -> tuple[str, int]:
    """(P's page as Y's starting point, how many paragraphs were marked): headings and the title moved on one year,
    P's editorial notes left out, the mark at the start of every paragraph and list item that holds words."""
    front, body = front_matter_text(text)
    lines, out, marked, fenced, starts = body.split("\n"), [], 0, False, True
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or _FENCE.match(line):
            out.append(line)
            continue
        if _OWN_CALL.search(line):
            line = _OWN_CALL.sub("", line)
            if not line.strip(" \t.,;:"):
                continue
        if not line.strip() or _HEADING.match(line):
            out.append(shift_years(line, prev) if line.strip() else line)
            starts = True
            continue
        item = _ITEM.match(line)
        words = _CALL.sub("", line).strip(" \t.,;:*_")
        if (starts or item) and words and not _KEEP.match(line):
            lead = item.group(1) if item else line[:len(line) - len(line.lstrip())]
            line = lead + unrevised_mark(prev) + line[len(lead):]
            marked += 1
        out.append(line)
        starts = False
    head = shift_years(front, prev) if front is not None else None    # the title's year, a `year:` key
    page = ("---\n" + head.strip("\n") + "\n---\n" if head is not None else "") + "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", page), marked


def unchanged_naming_year(text: str, prev_text: str, prev: int) -> list[int]:
    """The lines of year P+1's page that are a paragraph of P's page word for word (P's editorial notes aside) and
    still name P outside a macro call ('… Ngày Chuyển đổi số quốc gia năm 2023.'): the unrevised mark removed, the
    words not revised. For the editor to read again; words that are right as they stand are left as they are."""
    before = {_OWN_CALL.sub("", line).strip() for line in prev_text.split("\n") if line.strip()}
    named = re.compile(rf"(?<!\d){prev}(?!\d)")
    return [n for n, line in enumerate(text.split("\n"), 1)
            if line.strip() and not _HEADING.match(line) and line.strip() in before and named.search(_CALL.sub("", line))]
