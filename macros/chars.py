"""Characters an editor cannot see or cannot tell apart, named so a message can point at them.

Pasted from Word, a PDF or a chat, text brings no-break spaces, zero-width spaces, curly quotes and look-alike
dashes: invisible on screen, yet a key with one is another key and a number with one is text. `odd_characters`
lists them with their column and Unicode name; `describe` writes that list for a message. Pure functions.
"""
from __future__ import annotations

import re
import unicodedata

# look-alikes of ASCII signs the data and the macros are written with, and invisible characters
LOOKALIKE = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ",
    "\u3000": " ",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\uff02": '"', "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\uff08": "(", "\uff09": ")", "\uff0c": ",", "\uff1a": ":", "\uff0e": ".",
}
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
             "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
             "\u2066", "\u2067", "\u2068", "\u2069"}


def name(char: str) -> str:
    """'U+00A0 NO-BREAK SPACE'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNKNOWN')}"


_ANY = re.compile("[" + "".join(sorted(INVISIBLE | set(LOOKALIKE))) + "]")
_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def odd_characters(text: str, lookalikes: bool = True) -> list[tuple[int, str]]:
    """[(1-based column, char)] of the invisible characters in text, and (lookalikes=True) of the characters that
    look like an ASCII sign but are not (no-break space, curly quotes, non-breaking hyphen...)."""
    return [(m.start() + 1, m.group()) for m in (_ANY if lookalikes else _INVISIBLE).finditer(text)]


def describe(found: list[tuple[int, str]], column_base: int = 0, limit: int = 3, en: bool = False) -> str:
    """'U+00A0 NO-BREAK SPACE ở cột 12' for the first few of odd_characters' list (columns shifted by column_base);
    en=True: '... at column 12'."""
    at, more_word = ("at column", "more") if en else ("ở cột", "ký tự khác")
    parts = [f"{name(c)} {at} {col + column_base}" for col, c in found[:limit]]
    more = len(found) - limit
    return ", ".join(parts) + (f" {'and' if en else 'và'} {more} {more_word}" if more > 0 else "")


def plain(text: str) -> str:
    """The text an editor meant: look-alikes replaced by their ASCII sign, invisible characters dropped."""
    return "".join(LOOKALIKE.get(c, "") if c in LOOKALIKE or c in INVISIBLE else c for c in text)


def advice(found: list[tuple[int, str]]) -> str:
    """What to do about them, in Vietnamese."""
    invisible = any(c in INVISIBLE for _, c in found)
    quotes = any(LOOKALIKE.get(c) in ('"', "'") for _, c in found)
    parts = []
    if invisible:
        parts.append("xoá ký tự vô hình (đưa con trỏ qua lại bằng phím mũi tên để thấy chỗ nó nằm)")
    if quotes:
        parts.append("gõ lại dấu ngoặc bằng bàn phím (\" hoặc ') thay cho dấu ngoặc cong dán từ Word")
    if any(LOOKALIKE.get(c) not in ('"', "'") for _, c in found if c in LOOKALIKE):
        parts.append("gõ lại dấu cách, gạch nối hoặc dấu câu bằng bàn phím")
    return "; ".join(parts).capitalize() + "." if parts else ""


# letters of other alphabets that look like Latin ones (a key pasted from a Russian or Greek keyboard layout)
LATIN_TWIN = dict(zip("аеорсхуіјѕԁһӏԛԝАВЕКМНОРСТХУІΑΒΕΖΗΙΚΜΝΟΡΤΥΧνοαικ",
                      "aeopcxyijsdhlqwABEKMHOPCTXYIABEZHIKMNOPTYXvoaik"))


def outside(text: str, allowed: str = "a-z0-9_") -> list[tuple[int, str]]:
    """[(1-based column, char)] of the characters of text outside the class `allowed` (a key's letters)."""
    return [(i, c) for i, c in enumerate(text, 1) if not re.fullmatch(f"[{allowed}]", c)]


def as_key(text: str) -> str:
    """The key an editor meant: look-alike letters made Latin, accents dropped (đ → d), lower case, spaces and
    dashes made '_', invisible characters dropped."""
    text = "".join(LATIN_TWIN.get(c, c) for c in plain(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9_]", "", re.sub(r"[ \-]", "_", text.lower()))
