"""The words a reader sees on a page, sentence by sentence, and what changed between two revisions of them.

Pure: a page's Markdown with its macros run (site/render.py `rendered_pages`, the renderer `check` uses) in, sentences
out; two revisions' sentences in, the sentences that differ out, each with its page and the heading above it; two
sentences in, one line each with the changed words marked (<del>/<ins>), every other character inert
(html/markup.py `text`: page text can never become Markdown or HTML in a pull-request comment).

A figure whose value changed is compared by its key, not its value (each `<span class="fig" data-key=…>` stands for
its key): it is in the figures table, and its sentences are not listed again as changed words. Any other figure is
compared by its key and the words shown: the same value written otherwise (`pad=2`: "09") is a change a reader sees.
HTML blocks (the macros' tables, editorial notes, the figures appendix) and code are not prose: their changes are in
the other tables of `diff`. Headings, the rows of a table typed in Markdown and the title of a box (`!!! note "…"`)
are, each one line.
"""
from __future__ import annotations

import difflib
import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ..data.changes import moved
from .markup import text as inert

_FIG = re.compile(r'<span class="fig" data-key="([^"]*)"[^>]*>(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK = re.compile(r"^\s*<(?!span\b|a\b|strong\b|em\b|b\b|i\b|abbr\b|sup\b|sub\b)[a-zA-Z!/]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")   # |---|:--:|
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s")
_ADMONITION_TITLE = re.compile(r'^\s*\S+\s+([\w-]+)[^"]*(?:"(.*)")?\s*$')   # !!! note "Title": its box's title
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)]*)\)")   # [words](where): "words (→ where)"; a picture's alt alone
_ATTRS = re.compile(r"\{\s*[:.#][^}]*\}")
SHOWN_ONLY = {"screen-only": "[chỉ trên trang web]", "print-only": "[chỉ trong bản in]",   # print.css: where the
              "review-only": "[chỉ trong bản xem xét]"}                                      # words show at all
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=\S)")
_FIG_TOKEN = "\u27e6{}\u27e7"           # ⟦key⟧: a figure whose value changed, compared by its key
_FIG_SHOWN = re.compile("\u27e6([^\u27e7|]*)\\|([^\u27e7]*)\u27e7")   # ⟦key|09⟧: any other, by key and words


@dataclass(frozen=True)
class Sentence:
    heading: str     # the heading above it on its page ("" before the first)
    text: str        # as the reader reads it
    key: str         # what is compared: the text with each figure as its key


@dataclass(frozen=True)
class ProseChange:
    src: str                 # the page, "2023/ii-1-2-02-buu-chinh-vien-thong.md"
    heading: str
    old: str | None          # None: a sentence added
    new: str | None          # None: a sentence removed
    alike: str = ""          # old and new read alike: "heading" (its level), "emphasis" (bold, italic), "figure"


def _fig_token(m) -> str:
    return _FIG_TOKEN.format(f"{html.unescape(m.group(1))}|{html.unescape(_TAG.sub('', m.group(2)))}")


def _shown_only(attrs: str) -> str:
    """'[chỉ trên trang web] ' for attributes `{ .screen-only }` (a heading's, a paragraph's): where the words show
    is part of them (off the print, or on it only); '' for any other."""
    return "".join(f"{said} " for name, said in SHOWN_ONLY.items() if re.search(rf"\.{name}\b", attrs or ""))


def _plain(markdown_line: str, figures_as_keys: bool, heading: bool = False) -> str:
    line = _COMMENT.sub("", markdown_line)
    line = _FIG.sub(_fig_token if figures_as_keys else r"\2", line)
    where = _shown_only(" ".join(_ATTRS.findall(line)))   # said first: a paragraph's first sentence carries it
    line = _LINK.sub(lambda m: m.group(1) + m.group(2) + ("" if m.group(1) else f" (→ {m.group(3).strip()})"),
                     _ATTRS.sub("", line))
    line = html.unescape(_TAG.sub("", line))
    line = _EMPHASIS.sub("", line if heading else _LIST.sub("", line))   # "1.2.2. Về…" keeps its number
    return " ".join((where + line).split())


def _paragraphs(markdown: str):
    """(heading above, paragraph, kept whole: "" | "line" | "h2" for a heading's level) of a rendered page: the lines
    of a paragraph or list item joined (an
    editor's line breaks inside a paragraph are not changes), each heading and each row of a table typed in Markdown
    whole (the reader sees them too), code and HTML blocks (the tables the macros make) not prose."""
    heading, fenced, block = "", False, []
    for line in markdown.split("\n") + [""]:
        if _FENCE.match(line):
            fenced = not fenced
            line = ""
        row = not fenced and line.lstrip().startswith("|")
        skip = fenced or _BLOCK.match(line) or row or _ADMONITION.match(line)
        h = None if skip else _HEADING.match(line)
        if block and (skip or h or not line.strip() or _LIST.match(line)):
            yield heading, " ".join(block), ""
            block = []
        if row and not _TABLE_RULE.match(line):   # a row of a table typed in Markdown: one line, cells kept apart
            yield heading, line.strip(), "line"
        if not fenced and _ADMONITION.match(line):   # a box's title, as Python-Markdown writes it ("" for none)
            box = _ADMONITION_TITLE.match(line)
            title = (box.group(2) if box.group(2) is not None else box.group(1).capitalize()) if box else ""
            if title.strip():   # its kind too (note, warning…: the box's colour and sign)
                yield heading, f"{title} (khung {box.group(1)})" if box else title, "line"
        if h:
            heading = _plain(h.group(2), False, heading=True)
            yield heading, _shown_only(h.group(3) or "") + h.group(2), f"h{len(h.group(1))}"
        elif not skip and line.strip():
            block.append(line.strip())


def sentences(markdown: str) -> list[Sentence]:
    """A rendered page's prose: its headings, and paragraphs and list items under their heading, split into
    sentences."""
    out = []
    for heading, paragraph, whole in _paragraphs(markdown):
        shown, compared = _plain(paragraph, False, whole), _plain(paragraph, True, whole)
        if not shown:
            continue
        if whole:   # a heading: one line, never split at its number's dots ('1.2.6. …'); its level compared too
            out.append(Sentence(heading, shown, f"{whole} {compared}" if whole != "line" else compared))
            continue
        parts, keys = _SENTENCE_END.split(shown), _SENTENCE_END.split(compared)
        if len(parts) != len(keys):   # a figure's value holds a sentence end: keep the paragraph whole
            parts, keys = [shown], [compared]
        spans, at = _emphasized(paragraph, shown), 0
        for part, key in zip(parts, keys):
            at = shown.index(part, at)
            bold = [f"{start - at}:{shown[start:end]}" for start, end in spans if at <= start < at + len(part)]
            out.append(Sentence(heading, part, key + (f"\u27e8{'|'.join(bold)}\u27e9" if bold else "")))
            at += len(part)
    return out


def _emphasized(paragraph: str, shown: str) -> list[tuple[int, int]]:
    """(start, end) in `shown` of the words written **bold** or *italic*: compared (the reader sees them), not shown
    (the table's cell is plain text); none when the paragraph cannot be read so (then only the words count)."""
    mark = itertools.cycle("\ue000\ue001")   # opening, closing, in turn
    marked = _plain(_EMPHASIS.sub(lambda m: next(mark), paragraph.replace("\ue000", "").replace("\ue001", "")), False)
    spans, at, start = [], 0, None
    for char in marked:
        if char in "\ue000\ue001":
            if char == "\ue000":
                start = at
            elif start is not None:
                spans.append((start, at))
            continue
        at += 1
    return spans if marked.replace("\ue000", "").replace("\ue001", "") == shown else []


@dataclass(frozen=True)
class SentenceMove:
    src: str
    text: str
    old_heading: str
    new_heading: str
    old_place: int           # the sentence's place on its page (1-based), before and after
    new_place: int


def _as_compared(sentences: list, renamed: dict, revalued: set) -> list:
    """The sentences with each figure under its new key (renamed), compared by its key alone when its value changed
    (`revalued`: said in the figures table, not again as changed words), else by its key and the words shown ('09':
    the same value written with pad=2 or without is a change the reader sees)."""
    def token(m):
        key = renamed.get(m.group(1), m.group(1))
        return _FIG_TOKEN.format(key if key in revalued else f"{key}|{m.group(2)}")
    return [Sentence(s.heading, s.text, _FIG_SHOWN.sub(token, s.key)) for s in sentences]


def _compared(old_pages: dict, new_pages: dict, renamed: dict | None, revalued: set):
    """(src, old sentences, new sentences, keys of the sentences that only moved) page by page, in the new order.
    A sentence moved is one found once on the page in both revisions, out of the longest run kept in order. A page
    whose Markdown is the same in both (and shows no renamed figure) has nothing to compare: it is left out."""
    for src in list(dict.fromkeys([*new_pages, *old_pages])):
        old, new = old_pages.get(src, ""), new_pages.get(src, "")
        if old == new and not any(html.escape(key) in old for key in renamed or ()):
            continue
        a, b = _as_compared(sentences(old), renamed or {}, revalued), _as_compared(sentences(new), {}, revalued)
        count_a, count_b = Counter(s.key for s in a), Counter(s.key for s in b)
        once = {k for k, n in count_a.items() if n == 1 and count_b.get(k) == 1}
        gone = {k for k, _, _ in moved([s.key for s in a if s.key in once], [s.key for s in b if s.key in once])}
        yield src, a, b, gone


def changes(old_pages: dict, new_pages: dict, renamed: dict | None = None, revalued=frozenset()) -> list[ProseChange]:
    """{src: rendered Markdown} of two revisions -> the sentences that differ, page by page in the new order (a
    sentence that only moved on its page is in `moves`, not here). `renamed` {old key: new key}: a figure under a
    new key (said elsewhere) is the same figure in the old sentences; `revalued`: the keys of the figures whose value as
    shown changed (said in the figures table, so their sentences are not listed again)."""
    out = []
    for src, a, b, gone in _compared(old_pages, new_pages, renamed, revalued):
        a, b = [s for s in a if s.key not in gone], [s for s in b if s.key not in gone]
        matcher = difflib.SequenceMatcher(None, [s.key for s in a], [s.key for s in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                old = olds[k] if k < len(olds) else None
                new = news[k] if k < len(news) else None
                out.append(ProseChange(src, (new or old).heading, old.text if old else None,
                                       new.text if new else None, _alike(old, new)))
    return out


def _alike(old: Sentence | None, new: Sentence | None) -> str:
    """Why two sentences that read alike differ ("" when they do not read alike)."""
    if old is None or new is None or old.text != new.text:
        return ""
    words = [re.sub("\u27e8[^\u27e8]*\u27e9$", "", s.key) for s in (old, new)]
    if words[0] == words[1]:
        return "emphasis"
    return "heading" if re.match(r"h\d ", words[0]) and words[0].split(" ", 1)[1:] == words[1].split(" ", 1)[1:] \
        else "figure"


def moves(old_pages: dict, new_pages: dict, renamed: dict | None = None, revalued=frozenset()) -> list[SentenceMove]:
    """The sentences (headings, list items, table rows) that only moved on their page: the same words, elsewhere."""
    out = []
    for src, a, b, gone in _compared(old_pages, new_pages, renamed, revalued):
        before = {s.key: (i, s) for i, s in enumerate(a, 1) if s.key in gone}
        out += [SentenceMove(src, s.text, before[s.key][1].heading, s.heading, before[s.key][0], j)
                for j, s in enumerate(b, 1) if s.key in gone]
    return out


def _words(sentence: str) -> list[str]:
    """Words with the spaces after them: 'a b' -> ['a ', 'b']."""
    return re.findall(r"\S+\s*", sentence)


def _tagged(tag: str, chunk: str) -> Markup:
    """<tag>words</tag> and the space after them outside the mark."""
    words = chunk.rstrip()
    return Markup(f"<{tag}>") + inert(words) + Markup(f"</{tag}>") + inert(chunk[len(words):])


def marked(old: str | None, new: str | None) -> tuple[Markup, Markup]:
    """(old, new) as inert text with the words that differ in <del> (old) and <ins> (new)."""
    if old is None or new is None:
        return (inert(old) if old else Markup("—")), (inert(new) if new else Markup("—"))
    a, b = _words(old), _words(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(inert(gone))
            right.append(inert(came))
            continue
        if gone.strip():
            left.append(_tagged("del", gone))
        if came.strip():
            right.append(_tagged("ins", came))
    return Markup("").join(left), Markup("").join(right)
