"""What the Word writer reads of the page: which elements it skips, and an element's text as runs of (text, Look)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

SKIP_CLASSES = {"editorial-note", "admonition", "pdf-download", "screen-only", "md-source-file", "headerlink",
                "visually-hidden", "md-content__button", "draft-mark", "review-only"}
SKIP_TAGS = {"script", "style", "svg", "img", "picture", "video", "audio", "iframe", "object", "canvas", "button",
             "input", "select", "textarea", "template", "noscript", "hr", "head", "title", "meta", "link"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "figcaption",
              "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "details", "summary", "form",
              "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "address"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}

@dataclass(frozen=True)
class Look:
    """Character formatting of a run of text."""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False            # written in real capitals (the text itself, never Word's All Caps)
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    size: float | None = None


LOOK_TO_FONT = (("bold", "bold"), ("italic", "italic"), ("underline", "underline"), ("strike", "strike"),
                ("superscript", "superscript"), ("subscript", "subscript"))
INLINE_LOOKS = {"strong": {"bold": True}, "b": {"bold": True}, "em": {"italic": True}, "i": {"italic": True},
                "cite": {"italic": True}, "u": {"underline": True}, "ins": {"underline": True},
                "s": {"strike": True}, "del": {"strike": True}, "sup": {"superscript": True},
                "sub": {"subscript": True}}


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def skipped(el) -> bool:
    return (not isinstance(el.tag, str) or el.tag in SKIP_TAGS or bool(classes(el) & SKIP_CLASSES)
            or el.get("hidden") is not None)


def skipped_picture(img) -> bool:
    """An <img> paper does not show: inside a skipped part (an editorial note, a screen-only block), or hidden.
    Any other image prints, so the Word writer carries it (blocks.py Writer.picture); as text it is nothing."""
    return img.get("hidden") is not None or bool(classes(img) & SKIP_CLASSES) or any(
        skipped(a) for a in img.iterancestors())


def text_of(el) -> str:
    """The visible text of an element, as the converter writes it (skipped parts left out, spaces collapsed)."""
    return "".join(t for t, _ in clean(inline(el, Look(), []))).strip()


def inline(el, look: Look, out: list, on_figure=None) -> list:
    """(text, Look) pairs of el's content, in order; '\\n' stands for a line break."""
    if el.text:
        out.append((el.text, look))
    for child in el:
        if not skipped(child):
            if child.tag == "br":
                out.append(("\n", look))
            else:
                if on_figure and "fig" in classes(child):
                    on_figure(child)
                inner = replace(look, **INLINE_LOOKS.get(child.tag, {}))
                inline(child, inner, out, on_figure)
        if child.tail:
            out.append((child.tail, look))
    return out


def clean(runs: list) -> list:
    """Collapse HTML white space across runs (no-break spaces stay), trim the ends, merge equal neighbours."""
    out: list[list] = []
    after_space = True
    for text, look in runs:
        if text == "\n":
            if out and out[-1][0] != "\n":
                out[-1][0] = out[-1][0].rstrip(" ")
            out.append(["\n", look])
            after_space = True
            continue
        text = re.sub(r"[ \t\n\r\f]+", " ", text)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        after_space = text.endswith(" ")
        if out and out[-1][1] == look and out[-1][0] != "\n":
            out[-1][0] += text
        else:
            out.append([text, look])
    while out and out[-1][0] == "\n":
        out.pop()
    if out:
        out[-1][0] = out[-1][0].rstrip(" ")
    return [(t, look) for t, look in out if t]



def heading_text(el) -> str:
    """A heading as it prints: a part of the report ("II. …", class "part") in real capitals, not a style's."""
    words = text_of(el)
    return words.upper() if "part" in classes(el) else words


def printed_headings(content) -> list[str]:
    """The headings that print, in order (those inside a skipped part left out): the PDF's bookmarks."""
    out = []
    for el in content.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if not any(skipped(a) for a in [el, *el.iterancestors()]):
            out.append(heading_text(el))
    return out
