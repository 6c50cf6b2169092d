"""Whether a line of a page's Markdown is (part of) a heading: `## …` (ATX), a line underlined by `===` or `---`
(setext), or a line holding an HTML heading element (<h1>…<h6>). Pure."""
from __future__ import annotations

import re

ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
HTML_HEADING = re.compile(r"<h[1-6][\s>]", re.I)


def is_heading(lines: list[str], line: int) -> bool:
    """lines[line - 1] (1-based) is a heading's line."""
    if not 1 <= line <= len(lines):
        return False
    text = lines[line - 1]
    if ATX.match(text) or HTML_HEADING.search(text):
        return True
    below = lines[line] if line < len(lines) else ""
    return bool(text.strip()) and not UNDERLINE.match(text) and bool(UNDERLINE.match(below)) \
        and not text.lstrip().startswith(("|", "-", "*", "+", ">"))
