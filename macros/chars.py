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
    **{chr(0xFF10 + d): str(d) for d in range(10)},   # full-width digits: a Japanese or Chinese IME, a PDF
}
# Invisible: every control character (Unicode category Cc: C0, DEL, C1) but tab and line feed, every format
# character (category Cf: zero-width spaces, direction marks, U+061C, U+2064 INVISIBLE PLUS, tags...), and the
# other characters Unicode says render as nothing (Default_Ignorable_Code_Point outside Cf: combining grapheme
# joiner, Hangul fillers U+115F U+1160 U+3164 U+FFA0, Khmer inherent vowels, Mongolian and other variation
# selectors), plus U+2800 BRAILLE PATTERN BLANK, which shows as an empty cell. Categories come from the running
# Python's Unicode tables, so a newer Unicode's format characters are refused too.
_IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
                        "\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# what needs a look: everything but tab, line feed, printable ASCII and the letters and accents of Vietnamese (fast)
_CANDIDATE = re.compile("[^\t\n\x20-\x7e\u00c0-\u024f\u0300-\u034e\u0350-\u036f\u1e00-\u1eff]")


def invisible(char: str) -> bool:
    """A character that shows as nothing (or moves text about) yet changes a key or a value: see above."""
    return char not in "\t\n" and (unicodedata.category(char) in ("Cc", "Cf") or bool(_IGNORABLE.match(char)))


def name(char: str) -> str:
    """'U+00A0 NO-BREAK SPACE'; a control character, which Unicode gives no name: 'U+001B CONTROL CHARACTER'."""
    fallback = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNKNOWN"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"


def odd_characters(text: str, lookalikes: bool = True) -> list[tuple[int, str]]:
    """[(1-based column, char)] of the invisible characters in text, and (lookalikes=True) of the characters that
    look like an ASCII sign but are not (no-break space, curly quotes, non-breaking hyphen...)."""
    return [(m.start() + 1, m.group()) for m in _CANDIDATE.finditer(text)
            if invisible(m.group()) or (lookalikes and m.group() in LOOKALIKE)]


def describe(found: list[tuple[int, str]], column_base: int = 0, limit: int = 3, en: bool = False) -> str:
    """'U+00A0 NO-BREAK SPACE ở cột 12' for the first few of odd_characters' list (columns shifted by column_base);
    en=True: '... at column 12'."""
    at, more_word = ("at column", "more") if en else ("ở cột", "ký tự khác")
    parts = [f"{name(c)} {at} {col + column_base}" for col, c in found[:limit]]
    more = len(found) - limit
    return ", ".join(parts) + (f" {'and' if en else 'và'} {more} {more_word}" if more > 0 else "")


def plain(text: str) -> str:
    """The text an editor meant: look-alikes replaced by their ASCII sign, invisible characters dropped."""
    return _CANDIDATE.sub(_plain_char, text)   # only a candidate can be a look-alike or invisible (fast)


def _plain_char(match) -> str:
    c = match.group()
    return LOOKALIKE[c] if c in LOOKALIKE else "" if invisible(c) else c


def advice(found: list[tuple[int, str]]) -> str:
    """What to do about them, in Vietnamese."""
    unseen = any(invisible(c) for _, c in found)
    quotes = any(LOOKALIKE.get(c) in ('"', "'") for _, c in found)
    parts = []
    if unseen:
        parts.append("xoá ký tự vô hình (đưa con trỏ qua lại bằng phím mũi tên để thấy chỗ nó nằm)")
    if any(unicodedata.category(c) == "Cc" for _, c in found):
        parts.append("xoá mã điều khiển (trong ngoặc kép là các chuỗi như \\0, \\a, \\e, \\x1b, \\u0085)")
    if quotes:
        parts.append("gõ lại dấu ngoặc bằng bàn phím (\" hoặc ') thay cho dấu ngoặc cong dán từ Word")
    if any(LOOKALIKE.get(c, "").isdigit() for _, c in found):
        parts.append("gõ lại chữ số bằng bàn phím (chữ số toàn khổ như ２ của bộ gõ tiếng Nhật, tiếng Trung)")
    if any(LOOKALIKE.get(c) not in ('"', "'") and not LOOKALIKE[c].isdigit() for _, c in found if c in LOOKALIKE):
        parts.append("gõ lại dấu cách, gạch nối hoặc dấu câu bằng bàn phím")
    text = "; ".join(parts)   # not str.capitalize: it lowercases "Word" and "Nhật"
    return text[:1].upper() + text[1:] + "." if parts else ""


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


# the Icelandic eth a legacy font table (TCVN3, VNI) or a slip of the keyboard puts for đ: no Vietnamese word holds it
_ETH = str.maketrans("ðÐ", "đĐ")


def canonical(text: str) -> str:
    """Text as the report means it, whichever keyboard typed it: composed (NFC: a Mac sends 'ệ' as 'e' and two
    marks, which compares, searches and sorts as another word), with the eth a Vietnamese keyboard or an old font
    table slips in for đ made đ ('ðạt' is 'đạt', 'ÐẢNG' is 'ĐẢNG'). Every text read from the project goes through
    this, so what is stored and what is checked, published and searched is one spelling."""
    if text.isascii():
        return text
    if "ð" in text or "Ð" in text:
        text = text.translate(_ETH)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def page_text(text: str) -> str:
    """A page as the build reads it: canonical, without the characters that show as nothing (`invisible`: zero-width
    spaces and joiners, a BOM in the middle of the file, soft hyphens, direction marks, control characters). Pasted
    from Word, a web page or a chat into a sentence or a macro call, they made a word another word — for search, for
    a figure's key, for the comparison with the signed text — and no reader or editor could see where."""
    text = canonical(text)
    return _CANDIDATE.sub(lambda m: "" if invisible(m.group()) else m.group(), text)


# Vietnamese typed with an old font (.VnTime: TCVN3; VNI-Times: VNI) and copied as text: each letter comes as the
# Latin-1 character of its byte. TCVN3 puts signs that are no letters where a letter is ('c¸c' for 'các', 'B¸o' for
# 'Báo', '®¶ng' for 'đảng'); VNI writes a tone as a letter Vietnamese has not ('Ñaûng' for 'Đảng', 'vaø' for 'và').
_TCVN3_SIGNS = "¡¢£¤¥¦§¨©ª¬®µ¶·¸¹¼½¾×÷"
_LETTER = r"[^\W\d_]"
_TCVN3 = re.compile(f"(?<={_LETTER})[{_TCVN3_SIGNS}]|[{_TCVN3_SIGNS}](?={_LETTER})|(?<={_LETTER})[«»](?={_LETTER})")
_VNI_WORD = re.compile(r"\b\w*[øûïñöäëØÛÏÑÖÄË]\w*")
_LATIN1 = re.compile(r"[\u00c0-\u00ff]")


def _misread(word: str) -> str | None:
    """The word UTF-8 text shows when read as Windows' ANSI (cp1252) and saved again ('BÃ¡o' for 'Báo', 'Ä‘' for
    'đ'), as it was written; None when `word` is no such thing."""
    try:
        meant = word.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return meant if meant != word else None


def legacy_font(text: str) -> tuple[int, str, str | None] | None:
    """(0-based offset, the word, the word meant or None) of the first word of `text` that reads as Vietnamese saved
    in another code: UTF-8 read as ANSI and saved again ('BÃ¡o': the word meant is known), or typed with a TCVN3 or
    VNI font and copied as text (a sign that is no letter against a letter; or on one line two words holding letters
    Vietnamese has not, since one such word is a foreign name). None when there is none."""
    for m in re.finditer(r"\S+", text):   # each word once (a pattern '\S*[À-ÿ]\S*' backtracks: a cell of 32 767
        #                                    letters took 0.4 s)
        if _LATIN1.search(m.group()):
            meant = _misread(m.group())
            if meant:
                return m.start(), m.group(), meant
    m = _TCVN3.search(text)
    if m is None:
        for line in re.finditer(r"[^\n]+", text):
            words = _VNI_WORD.findall(line.group())
            if len(words) >= 2:
                m = _VNI_WORD.search(text, line.start())
                break
    if m is None:
        return None
    start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    end = re.search(r"\s|$", text[m.end():]).start() + m.end()
    return start, text[start:end], None


def legacy_words(word: str, meant: str | None = None) -> tuple[str, str, str]:
    """(Vietnamese, English, fix) of an error about `word` (legacy_font's)."""
    if meant:
        return (f"Chữ '{word}' là chữ UTF-8 bị đọc nhầm bảng mã (tệp hay đoạn chữ được mở kiểu ANSI rồi lưu lại): "
                f"đúng ra là '{meant}'; trang sẽ in đúng các ký tự lạ đó.",
                f"'{word}' is UTF-8 text read as ANSI and saved again; it was '{meant}'.",
                "Lấy lại chữ đúng (bản trước của tệp trong lịch sử Git, hoặc chép lại từ bản gốc), hoặc gõ lại; khi "
                "mở tệp bằng Notepad++ hay VS Code, chọn bảng mã UTF-8.")
    return (f"Chữ '{word}' trông như tiếng Việt gõ bằng phông cũ (.VnTime: mã TCVN3, hoặc VNI) rồi chép sang: trang "
            "sẽ in đúng các ký tự lạ đó.",
            f"'{word}' reads as Vietnamese typed with an old font (TCVN3 or VNI) and copied: the page would print "
            "these characters.",
            "Chuyển đoạn chữ sang Unicode (Unikey: Công cụ chuyển mã, nguồn TCVN3 hoặc VNI Windows, đích Unicode) "
            "hoặc gõ lại, rồi dán lại.")


def canonical_tree(value):
    """canonical() on every text (keys too) of a parsed YAML value: mkdocs.yml's nav, a page's front matter."""
    if isinstance(value, str):
        return canonical(value)
    if isinstance(value, list):
        return [canonical_tree(v) for v in value]
    if isinstance(value, dict):
        return {canonical_tree(k): canonical_tree(v) for k, v in value.items()}
    return value


def undecodable(exc: UnicodeDecodeError) -> tuple[int, int, str]:
    """Where the first byte that is not UTF-8 is, as an editor counts: (line, column in characters, the bytes there in
    hex). Positions are in the bytes the decoder saw (`exc.object`: without a BOM it skipped)."""
    raw, at = exc.object, exc.start
    start = raw.rfind(b"\n", 0, at) + 1
    return raw.count(b"\n", 0, at) + 1, len(raw[start:at].decode("utf-8", "replace")) + 1, raw[at: at + 4].hex(" ")
