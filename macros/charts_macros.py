"""Macros for dashboard charts (issue 6): thin wiring only; the charts are made in charts.py."""
from __future__ import annotations

from . import charts
from .dataset import LookupFailed


def register(env, ctx) -> None:
    """Add this module's macros with @env.macro. ctx: ds, uses, page_year(), here_url(url), fail(exc, needle), doc_href(doc)."""

    @env.macro
    def chart(name: str) -> str:
        """An indicator chart of the page's year as inline SVG with its data table: {{ chart("linh-vuc") }}."""
        if name not in charts.CHARTS:
            ctx.fail(LookupFailed(f"Không có biểu đồ '{name}' (có: {', '.join(charts.CHARTS)}). / Unknown chart '{name}'."),
                     name)
        year = ctx.ds.years[ctx.page_year()]
        made = charts.CHARTS[name](year)
        return charts.empty_html(name, year.year) if made is None else charts.figure_html(made, charts.svg(made))
