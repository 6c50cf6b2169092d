"""Vietnamese accent folding for search: "Chuyển đổi số" -> "chuyen doi so", "Đảng viên" -> "dang vien".

The rule, pure and total: Unicode NFD, drop the combining marks (category Mn: the five tones, the circumflex,
breve and horn), đ -> d, Đ -> D, then lowercase. The site's search applies the SAME rule in JavaScript
(docs/assets/search-fold.js, inside Material's search worker); tests/test_search.py checks in Chromium that the
two agree word for word.
"""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Fold Vietnamese text for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D").lower()
