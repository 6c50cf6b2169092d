"""A pending editorial decision, visible where it changes the text: the source's words struck through, the proposed
words underlined beside them, and "[đề nghị sửa, chờ Ban Thường vụ duyệt]" after them.

Why this form: it is the form of a marked-up draft an office already knows (Word's "track changes" on paper), it
reads in place without turning a page, and it prints the same on the web, in the PDF and in the Word file (<del> and
<ins> become struck and underlined runs); a footnote at the foot of a page is not something Chromium's print or a
web page can place. Only the words that differ are marked (the words both texts share stay plain), so "chiếm 80%"
→ "chiếm 79,18%" reads "chiếm ~~80%~~ __79,18%__ [đề nghị sửa, …]".

Pure: a page's Markdown after its macros ran (text and inline HTML) and the decisions of its year in, the page marked
and the problems out. The page marks the decisions whose note it holds ({{ note("key") }}: data-decision="key"),
and only while not approved: an approved decision leaves the text plain, and a report with a decision not approved
is a draft (html/document.py draft_reasons), so a final document can never carry a mark.
The page shows the proposed words (the published text is written in the page) — or, for a correction that prints
only once approved (documents.yml corrected_number), the source's words; either is found once, outside the note.
A count of indicators a pending decision re-sorts (indicators.yml `status_decision:`), and a value computed from the
data under a pending decision of its own (a sum, ratio the source never writes: data/model.py Figure.proposed_by),
wherever it stands, is marked "[đề nghị]" beside it (mark_counts, at the end of this module).
"""
from __future__ import annotations

import html
import re

from ..errors import DataError
from .markup import render, text

NOTE = "đề nghị sửa, chờ Ban Thường vụ duyệt"
NOTED = re.compile(r'<div class="[^"]*\beditorial-note\b[^"]*" data-decision="([^"]+)"')   # decision_note.html
TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]", re.S)
NOT_TEXT = re.compile(r'<(div|section) class="[^"]*\b(editorial-note|review-only)\b')   # notes, review appendix
TAG_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
TAG_OR_TEXT = re.compile(r"<[^>]*>|[^<]+|<", re.S)
NOTE_HTML = f'<em class="proposal-note">[{NOTE}]</em>'


def split_change(source: str, published: str) -> tuple[str, str, int, int]:
    """(the source's own words, the published own words, where they start and end in `published`): only the middle
    differs, the words both texts start and end with stay plain. An empty middle of `published` (words only
    dropped) starts and ends at the first word after the dropped ones."""
    a, b = source.split(), published.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    spans = [m.span() for m in re.finditer(r"\S+", published)]
    mine = spans[start:len(b) - end]
    if mine:
        at, to = mine[0][0], mine[-1][1]
    else:
        at = to = spans[start][0] if start < len(spans) else len(published)
    return " ".join(a[start:len(a) - end]), " ".join(b[start:len(b) - end]), at, to


class _Text:
    """The readable text of Markdown-with-HTML (tags left out, entities read, white space as one space), each
    character with the offsets in the Markdown it comes from; the editorial notes' own text and the review copy's
    list of changes (hidden parts that quote both wordings) left out."""

    def __init__(self, markdown: str):
        self.chars: list[str] = []
        self.spans: list[tuple[int, int]] = []   # offsets of each character's source in the Markdown
        depth, outer = 0, ""                     # inside a note: depth of its element (outer: div or section)
        for m in TOKEN.finditer(markdown):
            token = m.group(0)
            if token.startswith("<") and len(token) > 1:
                if depth:
                    name = TAG_NAME.match(token)
                    if name and name.group(1) == outer and not token.endswith("/>"):
                        depth += -1 if token.startswith("</") else 1
                elif NOT_TEXT.match(token):
                    depth, outer = 1, NOT_TEXT.match(token).group(1)
                continue
            if depth:
                continue
            if token.startswith("&"):
                pieces = [(html.unescape(token), m.start(), m.end())]
            else:
                pieces = [(ch, m.start() + k, m.start() + k + 1) for k, ch in enumerate(token)]
            for text, start, end in pieces:
                for ch in text:
                    ch = " " if ch.isspace() else ch
                    if ch == " " and self.chars and self.chars[-1] == " ":
                        self.spans[-1] = (self.spans[-1][0], end)
                        continue
                    self.chars.append(ch)
                    self.spans.append((start, end))
        self.text = "".join(self.chars)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def mark(markdown: str, decisions: dict) -> tuple[str, list[DataError]]:
    """The page with every pending change of the decisions it notes marked as a proposal; and what could not be."""
    problems = []
    for key in dict.fromkeys(NOTED.findall(markdown)):
        decision = pending(decisions, key)
        if not decision:
            continue
        for n, change in enumerate(decision.get("changes") or []):
            marked = mark_change(markdown, change["source"], change.get("published") or "")
            if marked is None:
                problems.append(_not_found(decision, n, change))
            else:
                markdown = marked
    return markdown, problems


def mark_change(markdown: str, source: str, published: str) -> str | None:
    """markdown with one change marked, or None when the page has neither text exactly once."""
    source, published = _squash(source), _squash(published)
    old, new, _, _ = split_change(source, published)
    page = _Text(markdown)
    for shown, other in ((published, source), (source, published)):
        if not shown or page.text.count(shown) != 1:
            continue
        mine, theirs, at, to = split_change(other, shown)
        base = page.text.index(shown)
        a, b = base + at, base + to
        if a == b:   # only words dropped (shown is the proposal) or only words added (shown is the source)
            where = page.spans[a][0] if a < len(page.spans) else page.spans[-1][1]
            words = f'<del class="proposal">{text(old)}</del>' if shown is published else \
                f'<ins class="proposal">{text(new)}</ins>'
            return markdown[:where] + words + " " + NOTE_HTML + " " + markdown[where:]
        start, end = _outside(markdown, page.spans[a][0], page.spans[b - 1][1])
        tag = "ins" if shown is published else "del"
        inside = "".join(t if t.startswith("<") and len(t) > 1 else f'<{tag} class="proposal">{t}</{tag}>'
                         for t in TAG_OR_TEXT.findall(markdown[start:end]))
        if shown is published:
            before, after = (f'<del class="proposal">{text(old)}</del> ' if old else ""), ""
        else:
            before, after = "", (f' <ins class="proposal">{text(new)}</ins>' if new else "")
        # the other wording goes beside the elements the change starts or ends in, never into them: the source's
        # struck words are not the value of the figure the proposal starts with ("02/07 … <ins>03</ins>")
        lead, trail = _opened_before(markdown, start), _closed_after(markdown, end)
        return (markdown[:lead] + before + markdown[lead:start] + inside + markdown[end:trail] + after + " "
                + NOTE_HTML + markdown[trail:])
    return None


def _outside(markdown: str, start: int, end: int) -> tuple[int, int]:
    """Widen the span over an element it fills whole (<span class="fig">79,18%</span>), so what is added sits beside
    the element, not inside it."""
    while True:
        opening = re.search(r"<(?!/)[^>]*>$", markdown[:start])
        closing = re.match(r"</[^>]*>", markdown[end:])
        if not (opening and closing):
            return start, end
        start, end = opening.start(), end + closing.end()


def _opened_before(markdown: str, at: int) -> int:
    """Where the opening tags right before `at` begin (`at` when none)."""
    while (opening := re.search(r"<(?!/)[^>]*>$", markdown[:at])) and not opening.group(0).endswith("/>"):
        at = opening.start()
    return at


def _closed_after(markdown: str, at: int) -> int:
    """Where the closing tags right after `at` end (`at` when none)."""
    while closing := re.match(r"</[^>]*>", markdown[at:]):
        at += closing.end()
    return at


def _not_found(decision: dict, n: int, change: dict) -> DataError:
    words = _squash(change.get("published") or change["source"])
    return DataError(decision.get("file", "decisions.yml"), decision.get("line"), None,
                     f"decisions.{decision['key']}.changes[{n}]",
                     f"Trang có ghi chú biên tập này nhưng không có đúng một chỗ viết “{words[:80]}” (chữ bản in, "
                     "published) hay chữ bản gốc (source), nên không đánh dấu được chỗ đề nghị sửa.",
                     "The page holding this note has neither the change's published words nor its source words "
                     "exactly once: the proposal cannot be marked.",
                     "Chép đúng chữ trên trang vào published (hoặc source) của mục changes này.")


# --------------------------------------------------------------------------- counts a pending decision sets
# A decision that sorts an indicator into another status than the source's (indicators.yml `status_decision:`) makes
# the indicator's status and every count of it (tallies, their totals) a proposal too, as a decision makes a value
# computed under it (Figure.proposed_by): the element names the decision
# (data-proposal="2023/key", templates figure.html and status.html) and, while the decision is pending, is followed
# by "[đề nghị]" linking to the decision in Ghi chú biên tập, which a screen reader hears as the proposal's note.
# Not inside words a change already marks (the change's own note follows them), and never once it is approved.

PROPOSED = re.compile(r'<span class="(?:fig|status)\b[^"]*"[^>]*?\sdata-proposal="([^"]+)"[^>]*>')
SPAN_TAG = re.compile(r"<(/?)span\b[^>]*>")
SHORT = "đề nghị"


def pending(decisions: dict, key: str) -> dict | None:
    """The decision `key` when it exists and is not approved yet."""
    decision = decisions.get(key)
    return decision if decision and not decision.get("approval") else None


def _pending_ref(ref: str, decisions_of) -> tuple[int, str, dict] | None:
    """(year, key, decision) of a data-proposal reference ('2023/key') while its decision is not approved."""
    year, _, key = ref.partition("/")
    decision = pending(decisions_of(int(year)), key) if year.isdigit() else None
    return (int(year), key, decision) if decision else None


def pending_in(html: str, decisions_of) -> list[tuple[int, str, dict]]:
    """(year, key, decision) of each pending decision that sets a count or status in `html`, once each."""
    refs = dict.fromkeys(ref for m in PROPOSED.finditer(html) for ref in m.group(1).split())
    return [found for ref in refs if (found := _pending_ref(ref, decisions_of))]


def mark_counts(markdown: str, decisions_of, href) -> str:
    """The page with a proposal mark after each count or status a pending decision sets (after the link, when the
    count is in a link's words: a link in a link is no HTML). decisions_of(year) -> that year's decisions;
    href(year, key) -> the link to the decision from the page."""
    at: dict[int, list] = {}   # where marks go -> the marks, once each
    covered = 0                # the end of the last count marked: a count inside it gets no mark of its own
    for m in PROPOSED.finditer(markdown):
        end = _span_end(markdown, m.end())
        if m.start() < covered or end is None or 'class="proposal"' in markdown[m.end():end]:
            continue
        for ref in m.group(1).split():
            found = _pending_ref(ref, decisions_of)
            if found:
                year, key, decision = found
                mark = render("proposal_mark.html", short=SHORT, note=NOTE, href=href(year, key),
                              title=decision.get("title") or key)
                marks = at.setdefault(_after_link(markdown, m.start(), end), [])
                marks += [] if mark in marks else [mark]
                covered = end
    out, pos = [], 0
    for where in sorted(at):
        out += [markdown[pos:where], *(" " + mark for mark in at[where])]
        pos = where
    return "".join(out) + markdown[pos:]


LINK_REST = re.compile(   # the rest of a Markdown link's words and its target: ](address "title"), ][name], ]
    r"[^\[\]\n]*\](?:\((?:<[^<>\n]*>|[^()\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
    r"|\[[^\]\n]*\])?")
A_TAG = re.compile(r"<(/?)a\b[^>]*>", re.I)
_TAG_FREE = re.compile(r"<[^>]*>")


def _after_link(markdown: str, start: int, end: int) -> int:
    """`end`, or the end of the link whose words hold markdown[start:end]: a Markdown link ([words](address)) or an
    <a> element the page writes."""
    opened = list(A_TAG.finditer(markdown, 0, start))
    if opened and not opened[-1].group(1):   # inside <a …>…</a>
        closing = A_TAG.search(markdown, end)
        return closing.end() if closing and closing.group(1) else end
    line_start = markdown.rfind("\n", 0, start) + 1
    words = markdown.rfind("[", line_start, start)
    if words >= 0 and "]" not in _TAG_FREE.sub("", markdown[words:start]):
        rest = LINK_REST.match(markdown, end)
        if rest and (rest.group(0).endswith(")") or rest.group(0).endswith("]")):
            return rest.end()
    return end


def _span_end(markdown: str, at: int) -> int | None:
    """Where the <span> opened just before `at` ends (after its </span>), or None when it is not closed."""
    depth = 1
    for tag in SPAN_TAG.finditer(markdown, at):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.end()
    return None
