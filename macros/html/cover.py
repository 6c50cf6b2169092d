"""A year's cover page (system page docs/<year>/index.md): the key figure cards of data/<year>/cover.yml and the
table of contents read from the nav. Data and nav in, Markdown out (the cards sit in a Material grid)."""
from __future__ import annotations

import posixpath
import re

from markupsafe import Markup

from ..data import cover
from ..errors import DataError
from .figures import figure
from .markup import render, text

_LIST_MARKER = re.compile(r"^(\d+)\.(?=\s)")     # '1. Lãnh đạo…' would start an ordered list: '1\. Lãnh đạo…'


def fill(template: str, lookup) -> Markup:
    """A card's value or text: its plain pieces escaped, each {key} slot the figure itself (lookup(key) -> Figure)."""
    return Markup("").join(figure(lookup(p[0]), p[1]) if isinstance(p, tuple) else text(p) for p in cover.split(template))


def link_errors(year, srcs) -> list[DataError]:
    """Cards linking to a page the year does not have (srcs: every page path of the site)."""
    return [DataError(card["file"], card["line"], None, f"key_figures.links.{ln['page']}",
                      f"Thẻ số liệu chính dẫn tới trang '{ln['page']}', năm {year.year} không có trang này "
                      f"(docs/{year.year}/{ln['page']}).",
                      f"The card links to '{ln['page']}', which is not a page of {year.year}.",
                      "Sửa tên trang (tên tệp trong docs/<năm>/, ví dụ ii-1-2-04-chuyen-doi-so.md).")
            for card in year.cover for ln in card["links"] if f"{year.year}/{ln['page']}" not in srcs]


def key_figures(year, lookup, titles: dict) -> Markup:
    """The cards, in the order of cover.yml: value, text, links to the year's pages (relative to the cover)."""
    cards = [{"value": fill(card["value"], lookup), "text": fill(card["text"], lookup),
              "links": Markup(" · ").join(_link(ln.get("title") or titles.get(f"{year.year}/{ln['page']}", ln["page"]),
                                                 ln["page"]) for ln in card["links"])}
             for card in year.cover]
    return render("cover_cards.md", cards=cards)


def _link(title: str, target: str) -> Markup:
    return Markup("[") + text(title) + Markup("](") + Markup(target) + Markup(")")


def _item(title: str, page: str | None, year: int) -> Markup:
    if page is None:
        return Markup(_LIST_MARKER.sub(r"\1\\.", str(text(title))))
    return _link(title, posixpath.relpath(page, str(year)))


def contents(parts, groups, year: int, skip=()) -> Markup:
    """The table of contents: the numbered sections (nav.report_parts) as a nested list, then each appendix group
    on one line ('Phụ lục: [a](a.md) · [b](b.md)'), leaving out the pages in `skip`."""
    lines = [Markup("    " * (depth - 1) + "- ") + _item(title, page, year) for depth, title, page in parts]
    for title, pages in groups:
        shown = [_item(t, p, year) for t, p in pages if posixpath.basename(p) not in skip]
        if shown:
            lines.append(Markup("- ") + text(title) + Markup(": ") + Markup(" · ").join(shown))
    return Markup("\n").join(lines)
