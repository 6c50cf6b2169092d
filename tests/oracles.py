"""What the tests expect, written independently of macros/: Vietnamese numbers as a person writes them, page URLs as
MkDocs writes them, text compared without the whitespace renderers place by position. One copy for every test."""
from __future__ import annotations

import re
from pathlib import Path


def thousands(n: int) -> str:
    """39242 -> '39.242' (dot between thousands, Luật Kế toán / CLDR vi)."""
    return f"{n:,}".replace(",", ".")


def percent(x: float) -> str:
    """79.85 -> '79,85%'; 98.9 -> '98,9%'; 100.0 -> '100%' (at most two decimals, comma)."""
    return f"{round(x, 2):.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def decimal(value) -> str:
    """79.18 -> '79,18'; 90 -> '90'."""
    return f"{value:g}".replace(".", ",")


def squash(text: str) -> str:
    """Text without any whitespace: PDF and Word readers place line breaks and spaces by position, not as typed."""
    return re.sub(r"\s+", "", text)


def url_of(src: str) -> str:
    """docs path -> directory URL, as MkDocs writes it ('2023/index.md' -> '2023/')."""
    if src == "index.md" or src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[:-3] + "/"


def page_html(site: Path, src: str) -> str:
    return (site / url_of(src) / "index.html").read_text(encoding="utf-8")
