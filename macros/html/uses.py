"""Which figures each page shows: every macro call expanded to the figure keys it prints (a sentence, a table and a
chart show several). Used by the figures page, `check` and `diff`."""
from __future__ import annotations

import re
from collections import defaultdict

from ..data import STATUS_SLUG, STATUSES, cover
from ..sources.calls import calls
from .charts import chart_keys

FIGURE_MACROS = ("fig", "tally", "indicators_sentence", "indicators_table", "chart", "key_figures")
_YEAR = re.compile(r"^(\d{4})/")


def keys_for_call(macro: str, arg: str, year=None) -> list[str]:
    """The figures a macro call shows. `year` (a data.Year, when known) adds the figures that a sentence, a
    table or a chart draws from the data: each indicator's target and actual, a chart's bars."""
    if macro == "fig":
        return [arg]
    if macro == "chart":
        return chart_keys(year, arg) if year is not None else []
    if macro == "key_figures":   # the cover's cards (data/<year>/cover.yml)
        return [k for card in (year.cover if year is not None else []) for k in cover.slot_keys(card)]
    arg = arg or "all"
    if macro == "tally":
        return [f"indicators.{arg}.total", f"indicators.{arg}.dat"]
    keys = [f"indicators.{arg}.total"] + [f"indicators.{arg}.{STATUS_SLUG[s]}" for s in STATUSES]
    if year is not None and arg == "all":   # the summary table: every sector's tallies
        keys += [f"indicators.{sec.id}.{slug}" for sec in year.sectors
                 for slug in ["total"] + [STATUS_SLUG[s] for s in STATUSES]]
    elif year is not None:                  # a sector's sentence or table: its indicators' targets and actuals
        keys += [f"indicators.{ind.id}.{attr}" for sec in year.sectors if sec.id == arg for ind in sec.indicators
                 for attr in ("target", "actual") if getattr(ind, attr) is not None]
    return keys


def figure_calls(pages, years: dict, default_year) -> dict:
    """{year: [(macro, argument, src_path, line)]}: the calls that show figures, by the year whose figures they show."""
    by_year = defaultdict(list)
    for c in calls(pages, years, default_year):
        if c.macro not in FIGURE_MACROS or (c.macro == "fig" and not c.arg):
            continue
        year, arg = c.year, c.arg
        if _YEAR.match(arg):
            year, arg = int(arg[:4]), arg[5:]
        by_year[year].append((c.macro, arg, c.src, c.line))
    return dict(by_year)


def figure_uses(pages, years: dict, default_year, keep=None, by_year=None) -> dict:
    """{global_key: [(src_path, line), ...]} for every figure a page shows by name or through a macro. Each year's
    part is made from the calls that show its figures and from its data alone; keep(year, its calls, make): make(),
    or what it made for the same year and calls before (mkdocs serve: site/incremental.py); by_year: figure_calls
    of the same pages, when known."""
    by_year = figure_calls(pages, years, default_year) if by_year is None else by_year
    found = {}
    for year, shown in by_year.items():
        def make(year=year, shown=shown) -> dict:
            part = defaultdict(list)
            for macro, arg, src, line in shown:
                for key in keys_for_call(macro, arg, years.get(year)):
                    part[f"{year}/{key}"].append((src, line))
            return dict(part)
        found.update(make() if keep is None else keep(year, tuple(shown), make))
    return found
