"""Escaping and templates: the one place where data becomes HTML.

Every value a template prints is escaped unless it is already Markup: `finalize` turns plain strings into text
that is HTML-escaped AND has every character Markdown or Jinja could read as syntax (and every line break) written as
a numeric entity, so data shows exactly as typed — in a page, a table, a tooltip, a search result or a PDF — and can
never become a link, an emphasis, a template or a new paragraph. Attribute values use `|attribute`: HTML-escaped
plus the few characters Python-Markdown's inline patterns read before it stashes a raw tag (`[` `]` `` ` `` `\\`
and line breaks) and `|`, which splits a Markdown table's row before any tag is read (a figure in a table a page
writes); ids such as `qd_85_tw` stay readable.

Templates live in macros/html/templates/: `*.html` are one HTML block (their lines are joined, because a blank
line inside raw HTML would end the block in Markdown); `*.md` are Markdown and kept as written.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..cache import code_cache

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MARKDOWN_SIGNS = "\\`*_[]{}#+!|~\"'"
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "", "\n": "&#10;",
                       **{c: f"&#{ord(c)};" for c in _MARKDOWN_SIGNS}})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "\r": "&#13;",
                       "\n": "&#10;", **{c: f"&#{ord(c)};" for c in "`\\[]{}|"}})


def text(value) -> Markup:
    """Data string -> inline HTML text that Markdown and Jinja leave alone."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TEXT))


def attr(value) -> Markup:
    """Data string -> an attribute value (inside double quotes)."""
    return Markup(str(value).translate(_ATTR))


def _finalize(value):
    return value if hasattr(value, "__html__") else text("" if value is None else value)


_BLOCK_END = re.compile(r"</(td|th|li|p|div|tr|caption|figcaption|h[1-6])>(?=<)")


def _one_line(source: str) -> str:
    """An `.html` template's source with its lines joined (indentation and line ends are layout, not output), and a
    space after the end of a cell, item or paragraph: browsers ignore it there, but the search index (which drops
    the tags) would otherwise glue the last word of one cell to the first of the next ("dựngthánh")."""
    return _BLOCK_END.sub(r"</\1> ", "".join(line.strip() for line in source.split("\n")))


def css_string(value: str) -> Markup:
    """A data string as a CSS string literal of ASCII letters, digits, spaces and escapes only: inert in <style>.
    Each escape ends with a space, which CSS reads as part of it (a space after it in the text stays a space)."""
    return Markup('"' + "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} "
                                for c in str(value)) + '"')


@lru_cache(maxsize=None)
def environment():
    """The Jinja environment of the HTML stage (built once; templates compiled once per process)."""
    import jinja2

    class Loader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            return (_one_line(source) if template.endswith(".html") else source), filename, uptodate

    env = jinja2.Environment(loader=Loader(str(TEMPLATES)), autoescape=True, finalize=_finalize, auto_reload=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["attribute"] = attr
    env.filters["css_string"] = css_string
    env.bytecode_cache = code_cache().jinja(env)   # compiled once, not at every build or `check`
    return env


def render(template: str, **context) -> Markup:
    """Render a template; an `.html` one comes back as a single line (a Markdown HTML block keeps it whole)."""
    return Markup(environment().get_template(template).render(**context))
