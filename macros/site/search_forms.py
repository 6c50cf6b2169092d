"""Search ranking statistics computed at build time: which words of the site are written in several
ways once their diacritics are folded, and how often each way occurs.

"ho" is written hộ (48 times), hồ (15), hỗ (2), họ (1) on the site. The search worker (docs/assets/search-fold.js)
uses this to index the written form of such words beside the folded one (so "hộ" typed ranks pages with "hộ"
above pages with "họ"), and to read a query typed without diacritics as its most frequent written form.
Words are cut exactly as Material's search worker cuts them: the text between HTML tags, split by the index's
separator, then `word` (lowercase, NFC, punctuation around the word dropped; the same rule as `word` in
search-fold.js, checked against it by tests/test_search.py).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain


# y at the end of a syllable after its consonant(s) is also written i, both spellings in use ("tỷ lệ"/"tỉ lệ",
# "kỷ luật"/"kỉ luật", "quy định"/"qui định", "lý"/"lí"): folded to i. Not a vowel pair ("huy", "tuy"), nor y alone
# ("y tế"). A letter: [^\W\d_].
Y_FINAL = re.compile(r"(?<![^\W\d_])(ngh|ng|nh|ch|gh|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])y(?![^\W\d_])")


@lru_cache(maxsize=65536)   # a site writes a few thousand distinct words many times over
def fold(text: str) -> str:
    """Fold Vietnamese text for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return Y_FINAL.sub(r"\1i", bare.replace("đ", "d").replace("Đ", "D").lower())


TAG = re.compile(r"<[^>]*>")


# The tone on the first or the second vowel of a final oa, oe, uy ("uỷ"/"ủy", "hoà"/"hòa"; not after q: "quý"):
# words are read with the tone on the first. On the decomposed (NFD) word: letters, then their marks.
LATE_TONE = re.compile("(^|[^q])([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$")


@lru_cache(maxsize=65536)
def word(text: str) -> str:
    """A word as the search sees it: "Nghèo," -> "nghèo", "Uỷ" -> "ủy"."""
    text = unicodedata.normalize("NFC", text.lower())
    start, end = 0, len(text)
    while start < end and not _letter_or_digit(text[start]):
        start += 1
    while end > start and not _letter_or_digit(text[end - 1]):
        end -= 1
    decomposed = unicodedata.normalize("NFD", text[start:end])
    return unicodedata.normalize("NFC", LATE_TONE.sub(r"\1\2\4\3", decomposed))


def _letter_or_digit(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _parts(index: dict):
    """Every piece of text the search index cuts a word from (titles and texts, tags dropped), as written."""
    return _entry_parts(index["docs"], index["config"]["separator"])


def _entry_parts(entries, separator: str):
    return chain.from_iterable(_doc_parts(doc.get("title", ""), doc.get("text", ""), separator) for doc in entries)


@lru_cache(maxsize=16384)   # mkdocs serve: a rebuild's index is mostly the last one's entries
def _doc_parts(title: str, text: str, separator: str) -> tuple:
    split = re.compile(separator).split
    return tuple(part for field in (title, text) for chunk in TAG.split(field) for part in split(chunk))


def words(index: dict):
    """Every word of a Material search index (search_index.json, parsed), titles and texts."""
    for part in _parts(index):
        if w := word(part):
            yield w


def forms(index: dict) -> dict[str, str]:
    """folded word -> its written forms with their counts, most frequent first, for words with two forms or more.

    {"ho": "hộ 48 hồ 15 hỗ 2 họ 1"} (ties: alphabetical, so the file is the same from build to build)."""
    counts = FormCounts()
    counts.update({None: index["docs"]}, index["config"]["separator"])
    return counts.forms()


def forms_script(index: dict) -> str:
    """The statistics as one line of JavaScript for the search worker: `self.searchForms = {...};`."""
    return script(forms(index))


def script(found: dict[str, str]) -> str:
    return "self.searchForms = " + json.dumps(found, ensure_ascii=False, separators=(",", ":")) + ";"


class FormCounts:
    """The counts behind `forms`, kept page by page: `mkdocs serve --dirty` (site/incremental.py) hands each rebuild's
    index as every page's entries, most of them the very same lists as the last time; only the pages whose entries
    changed are counted again, and only the words they hold are written out again."""

    def __init__(self):
        self.separator = None
        self.counted: dict = {}      # page -> (its entries, {word: occurrences})
        self.seen: dict[str, Counter] = defaultdict(Counter)   # folded word -> {written form: occurrences}
        self.shown: dict[str, str] = {}                         # folded word -> its forms, when two or more

    def update(self, pages: dict, separator: str) -> None:
        """pages: {page: its search entries}, the whole index."""
        if separator != self.separator:
            self.__init__()
            self.separator = separator
        touched = set()
        for page in self.counted.keys() - pages.keys():
            touched |= self._add(self.counted.pop(page)[1], -1)
        for page, entries in pages.items():
            old = self.counted.get(page)
            if old is not None and old[0] is entries:   # the same list: the page was not indexed again
                continue
            found = Counter()
            for part, n in Counter(_entry_parts(entries, separator)).items():   # each distinct piece read once
                if w := word(part):
                    found[w] += n
            if old is not None:
                touched |= self._add(old[1], -1)
            touched |= self._add(found, 1)
            self.counted[page] = (entries, found)
        for folded in touched:
            counts = self.seen.get(folded)
            if counts is not None and len(counts) > 1:
                self.shown[folded] = " ".join(f"{w} {n}" for w, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
            else:
                self.shown.pop(folded, None)

    def _add(self, found: Counter, sign: int) -> set:
        touched = set()
        for w, n in found.items():
            folded = fold(w)
            counts = self.seen[folded]
            counts[w] += sign * n
            if counts[w] <= 0:
                del counts[w]
            if not counts:
                del self.seen[folded]
            touched.add(folded)
        return touched

    def forms(self) -> dict[str, str]:
        return dict(sorted(self.shown.items()))
