"""Which pages show which figures: read from the Markdown sources, without building the site.

Used by the figures page ("Bảng số liệu"), by `python -m macros diff` and by the check that every figure
a page asks for exists.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .dataset import STATUS_SLUG, STATUSES

# {{ name(  or  {{ name("first argument"  — every macro call of a page, with its first string argument if any
_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*\(\s*(?:[\"']([^\"']*)[\"'])?")
FIGURE_MACROS = ("fig", "tally", "indicators_sentence", "indicators_table", "chart")
_YEAR = re.compile(r"^(\d{4})/")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_META_YEAR = re.compile(r"\A---\n(?:.*\n)*?year:\s*(\d{4})\s*\n(?:.*\n)*?---\n")


def page_year(src_path: str, markdown: str, years, default: int | None) -> int | None:
    """A page's year: front matter `year:`, else the year folder it lives in, else the newest year."""
    m = _META_YEAR.match(markdown)
    if m:
        return int(m.group(1))
    m = _YEAR.match(src_path)
    if m and int(m.group(1)) in years:
        return int(m.group(1))
    return default


def executed(markdown: str) -> str:
    """The page without its {% raw %} blocks (shown literally, never run), line numbers kept."""
    return _RAW.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)


def keys_for_call(macro: str, arg: str, year=None) -> list[str]:
    """The figures a macro call shows. `year` (a dataset.Year, when known) adds the figures that a sentence, a
    table or a chart draws from the data: each indicator's target and actual, a chart's bars."""
    if macro == "fig":
        return [arg]
    if macro == "chart":
        from .charts import chart_keys
        return chart_keys(year, arg) if year is not None else []
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


def calls(docs_dir, years=(), default_year=None):
    """Every macro call of every page, outside {% raw %} blocks: (src_path, line, column, page year, macro, first
    string argument or ""). The one place that reads pages for calls (figure uses, citations, unknown macros)."""
    docs_dir = Path(docs_dir)
    for md in sorted(docs_dir.rglob("*.md")):
        src = md.relative_to(docs_dir).as_posix()
        content = md.read_text(encoding="utf-8-sig")
        year = page_year(src, content, years, default_year)
        for lineno, line in enumerate(executed(content).split("\n"), 1):
            for m in _CALL.finditer(line):
                yield src, lineno, m.start(1) + 1, year, m.group(1), m.group(2) or ""


def scan(docs_dir, years, default_year) -> dict:
    """{global_key: [(src_path, line), ...]} for every figure a page shows by name or through a macro."""
    found = defaultdict(list)
    for src, lineno, _, year, macro, arg in calls(docs_dir, years, default_year):
        if macro not in FIGURE_MACROS or (macro == "fig" and not arg):
            continue
        if _YEAR.match(arg):
            year, arg = int(arg[:4]), arg[5:]
        for key in keys_for_call(macro, arg, years.get(year) if hasattr(years, "get") else None):
            found[f"{year}/{key}"].append((src, lineno))
    return dict(found)


def page_url(src_path: str) -> str:
    """docs path -> site URL with directory URLs: '2023/ii-1-1.md' -> '2023/ii-1-1/'."""
    if src_path == "index.md":
        return ""
    if src_path.endswith("/index.md"):
        return src_path[: -len("index.md")]
    return src_path[: -len(".md")] + "/"
