"""Fidelity to the signed text: the printed report compared with a year's text of record, word by word, and every
difference explained — or refused.

The text of record of a year is `data/<year>/signed.txt`: for 2023 the committee's source report as it came (a copy
of the signed document's text), for a later year the text `python -m macros sign --year Y` stored once the committee
signed. A year without it (a report still being written) is not compared. Two artefacts of converting a Word file to
text are not text: "[bookmark: …]" and lines holding only a number (page numbers of the old footer).

A difference between the print and the record is allowed when, and only when:
  - an editorial decision of data/<year>/decisions.yml makes it (`changes:` the record's words → the print's words).
    A pending decision (approval: null) keeps the report a DỰ THẢO (html/document.py draft_reasons), so a final
    report only ever differs from its record by approved decisions; an approved decision must be in the print;
  - a listed typo fix (`corrections:`) makes it; the print must make it;
  - it is house style, counted and listed in the review copy (`pdf --review`): a date written dd/mm/yyyy
    (21/6/1925 → 21/06/1925), a heading's closing colon dropped, a heading split from the text that followed it on
    the same line (its colon dropped), quotes of another kind ("…" → “…”). One way only: a date printed shorter than
    signed, a colon dropped inside a sentence are differences.
The words are compared, not the layout: a paragraph split in two or two joined, with the same words, is no difference.
Anything else is refused, naming the page, the printed sentence, the sentence of record and what to do. A change's
own quotation of the record (`source:`) must be words of the record, so it cannot go stale unnoticed; words the record
already has in their new form (a decision taken before the text was signed) change nothing.
NFC and white space are not differences (a reader cannot see them). Pure: texts in, findings out.
"""
from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RECORD_NAME = "signed.txt"
_ARTEFACT = re.compile(r"\[bookmark: [^\]]*\]")
_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+")
_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.$")

# house style: (kind, what the review copy calls it)
STYLE = {
    "date": "Ngày viết đủ hai chữ số (ngày/tháng/năm)",
    "heading_colon": "Đề mục bỏ dấu hai chấm ở cuối",
    "split_heading": "Đề mục tách khỏi đoạn văn viết liền sau nó trên cùng dòng (bỏ dấu hai chấm)",
    "quotes": "Dấu ngoặc kép đổi kiểu (thẳng \" \" và cong “ ”)",
}


def record_path(root: Path, year: int) -> Path:
    return Path(root) / "data" / str(year) / RECORD_NAME


def read_record(root: Path, year: int) -> str | None:
    """The year's text of record, or None while the report is not signed."""
    path = record_path(root, year)
    return path.read_text(encoding="utf-8-sig") if path.is_file() else None


def record_lines(text: str) -> list[str]:
    """The record's paragraphs (its lines), artefacts of the conversion left out."""
    lines = (_clean(_ARTEFACT.sub("", line)) for line in text.splitlines())
    return [line for line in lines if line and not line.isdigit()]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


# --------------------------------------------------------------------------- tokens

_QUOTES = str.maketrans({c: '"' for c in "“”„«»"} | {c: "'" for c in "‘’"})


def _quotes(w: str) -> str:
    return w.translate(_QUOTES)


def _dates(w: str) -> str:
    return _DATE.sub(lambda m: f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}", w) if "/" in w else w


def _colon(w: str) -> str:
    return w[:-1] if w.endswith(":") and len(w) > 1 else w


_NORMS = {"quotes": _quotes, "date": _dates, "colon": _colon}


@lru_cache(maxsize=None)
def _norm(w: str, without: str | None = None) -> str:
    """A word with house style undone (all of it, or all but one kind): what is compared."""
    for name, f in _NORMS.items():
        if name != without:
            w = f(w)
    return w


@dataclass
class _Text:
    """Words of a sequence of units (record lines or printed blocks), with where each word is."""
    units: list
    words: list = field(default_factory=list)
    unit_of: list = field(default_factory=list)     # word -> unit index
    last: list = field(default_factory=list)        # word is its unit's last
    starts: list = field(default_factory=list)      # word -> offset in `joined`
    first: list = field(default_factory=list)       # unit -> index of its first word (and the count at the end)
    joined: str = ""

    def __post_init__(self):
        pos, parts = 0, []
        for n, unit in enumerate(self.units):
            ws = unit.split()
            self.first.append(len(self.words))
            for k, w in enumerate(ws):
                self.words.append(w)
                self.unit_of.append(n)
                self.last.append(k == len(ws) - 1)
                self.starts.append(pos)
                parts.append(w)
                pos += len(w) + 1
        self.first.append(len(self.words))
        self.joined = " ".join(parts)

    def spans(self, phrase: str) -> list[tuple[int, int]]:
        """Word ranges [a, b) where the phrase occurs (it may begin or end inside a word)."""
        phrase = _clean(phrase)
        out, at = [], self.joined.find(phrase) if phrase else -1
        while at >= 0:
            a = bisect.bisect_right(self.starts, at) - 1
            b = bisect.bisect_left(self.starts, at + len(phrase))
            out.append((a, b))
            at = self.joined.find(phrase, at + 1)
        return out


# --------------------------------------------------------------------------- what may differ

@dataclass(frozen=True)
class Change:
    """One allowed change: a decision's (key, approved or not) or a typo fix's (key None)."""
    source: str
    published: str
    decision: str | None = None
    approved: bool = True
    line: int | None = None        # in data/<year>/decisions.yml

    @property
    def label(self) -> str:
        return f"ghi chú biên tập '{self.decision}'" if self.decision else "sửa lỗi gõ (corrections)"


def changes_of(year, decisions_text: str = "") -> list[Change]:
    """Every change decisions.yml allows for a year (data.model.Year), with the line of its `source:`."""
    lines = decisions_text.split("\n")

    def line_of(source: str, after: int) -> int | None:
        head = source.strip()[:30]
        for n in range(max(after, 0), len(lines)):
            if "source:" in lines[n] and head and head in lines[n]:
                return n + 1
        return after or None

    out = []
    for c in year.corrections or []:
        out.append(Change(c["source"], c.get("published") or "", None, True, line_of(c["source"], 0)))
    for key, d in year.decisions.items():
        for c in d.get("changes") or []:
            out.append(Change(c["source"], c.get("published") or "", key, bool(d.get("approval")),
                              line_of(c["source"], (d.get("line") or 1) - 1)))
    return out


# --------------------------------------------------------------------------- the comparison

@dataclass
class Finding:
    """A difference nothing explains (or a change that is not right): where, what, what to do."""
    page: str | None               # docs/… of the printed sentence (None: about decisions.yml)
    printed: str                   # the printed sentence
    recorded: str                  # the sentence of record
    was: str                       # the record's words that differ
    now: str                       # the print's words instead
    change: Change | None = None   # the change it concerns, when one does
    problem: str = "differs"       # differs | stale | not_made | decision_published
    figures: tuple = ()            # keys of the printed figures among the differing words


@dataclass
class Comparison:
    findings: list = field(default_factory=list)
    style: dict = field(default_factory=dict)      # kind -> [(record words, printed words, page)]


def compare(record: str, blocks: list, changes: list[Change]) -> Comparison:
    """The print (printed.Block list) against the text of record, with the allowed changes."""
    rec = _Text(record_lines(record))
    out = _Text([b.text for b in blocks])
    result = Comparison()
    source_spans, published_spans = [], []
    for c in changes:
        spans = rec.spans(c.source)
        printed = out.spans(c.published) if c.published.strip() else None     # None: a change that only removes
        source_spans.append(spans)
        published_spans.append(printed)
        if not spans and (printed is None or not rec.spans(c.published)):    # not a change already signed in
            result.findings.append(Finding(None, "", "", c.source, c.published, c, "stale"))
        elif spans and printed == [] and (c.decision is None or c.approved):   # a pending one may keep the words
            result.findings.append(Finding(None, "", "", c.source, c.published, c, "not_made"))

    def covered(i1, i2, j1, j2) -> bool:
        for c, src, pub in zip(changes, source_spans, published_spans):
            if any(a <= i1 and i2 <= b for a, b in src) and (
                    pub is None and j1 == j2 or any(a <= j1 and j2 <= b for a, b in pub or [])):
                return True
        return False

    def concerned(i1, i2) -> Change | None:
        return next((c for c, src in zip(changes, source_spans) if any(a <= i1 and i2 <= b for a, b in src)), None)

    rn, on = [_norm(w) for w in rec.words], [_norm(w) for w in out.words]
    stale: dict = {}    # change -> the record's and the print's word ranges where its `published` no longer fits
    for op, i1, i2, j1, j2 in _opcodes(rec, rn, out, on):
        if op == "equal":
            for k in range(i2 - i1):
                _style(rec, out, blocks, i1 + k, j1 + k, result)
        elif not covered(i1, i2, j1, j2):
            c = concerned(i1, i2)
            if c is None:
                result.findings.append(_finding(rec, out, blocks, i1, i2, j1, j2, None, "differs"))
            else:   # one finding per change, however many words of it differ
                a1, a2, b1, b2 = stale.get(c, (i1, i2, j1, j2))
                stale[c] = (min(a1, i1), max(a2, i2), min(b1, j1), max(b2, j2))
    result.findings = [f for f in result.findings if not (f.problem == "not_made" and f.change in stale)]   # said below
    for c, (i1, i2, j1, j2) in stale.items():
        result.findings.append(_finding(rec, out, blocks, i1, i2, j1, j2, c, "decision_published"))
    return result


def _opcodes(rec: _Text, rn: list, out: _Text, on: list):
    """Word-level opcodes of record against print, fast: paragraphs equal as a whole are matched first (most are),
    words are compared only inside the paragraphs that differ."""
    rb, ob = rec.first, out.first
    ru = [tuple(rn[rb[n]:rb[n + 1]]) for n in range(len(rec.units))]
    ou = [tuple(on[ob[n]:ob[n + 1]]) for n in range(len(out.units))]
    for op, u1, u2, v1, v2 in difflib.SequenceMatcher(None, ru, ou, autojunk=False).get_opcodes():
        i1, i2, j1, j2 = rb[u1], rb[u2], ob[v1], ob[v2]
        if op == "equal":
            yield op, i1, i2, j1, j2
            continue
        for sub, a1, a2, b1, b2 in difflib.SequenceMatcher(None, rn[i1:i2], on[j1:j2], autojunk=False).get_opcodes():
            yield sub, i1 + a1, i1 + a2, j1 + b1, j1 + b2


def _style(rec: _Text, out: _Text, blocks, i: int, j: int, result: Comparison) -> None:
    r, p = rec.words[i], out.words[j]
    if r == p:
        return
    kinds = [k for k in _NORMS if _norm(r, without=k) != _norm(p, without=k)]
    house_style = ("colon" not in kinds or (blocks[out.unit_of[j]].heading and out.last[j] and r.endswith(":")
                                            and not p.endswith(":"))) \
        and ("date" not in kinds or len(_quotes(p)) > len(_quotes(r)))    # the print pads a date, never unpads it
    if not house_style:    # a colon dropped or added inside a sentence, a date written shorter
        result.findings.append(_finding(rec, out, blocks, i, i + 1, j, j + 1, None, "differs"))
        return
    if "colon" in kinds:
        kinds[kinds.index("colon")] = "heading_colon" if rec.last[i] else "split_heading"
    block = blocks[out.unit_of[j]]
    for kind in kinds:
        if kind in ("heading_colon", "split_heading"):   # shown as the heading it is
            shown = (block.text + ":" + ("" if kind == "heading_colon" else " …"), block.text)
        else:
            shown = (r.strip("()[];,.…"), p.strip("()[];,.…"))
        result.style.setdefault(kind, []).append((*shown, block.page))


def _sentence(text: _Text, a: int, b: int) -> str:
    """The sentence of the unit that holds word a (the words a…b marked)."""
    if not text.words:
        return ""
    a = min(a, len(text.words) - 1)
    unit = text.unit_of[a]
    words = text.units[unit].split()
    k = a - text.first[unit]
    start = end = 0
    pieces = _SENTENCE_END.split(text.units[unit])
    for n in range(len(pieces) - 1, 0, -1):        # a heading's number ("1.2.") is not a sentence of its own
        if _NUMBER.match(pieces[n - 1]):
            pieces[n - 1:n + 1] = [pieces[n - 1] + " " + pieces[n]]
    for sentence in pieces:
        end = start + len(sentence.split())
        if start <= k < end:
            return sentence
        start = end
    return " ".join(words)


def _finding(rec, out, blocks, i1, i2, j1, j2, change, problem) -> Finding:
    j = min(j1, len(out.words) - 1)
    page = blocks[out.unit_of[j]].page if out.words else None
    now = " ".join(out.words[j1:j2])
    figures = {key for unit in sorted(set(out.unit_of[j1:j2])) for text, key in blocks[unit].figures
               if text and text in now}
    return Finding(page, _sentence(out, j1, j2), _sentence(rec, i1, i2), " ".join(rec.words[i1:i2]), now, change,
                   problem, tuple(sorted(figures)))
