"""The figures page's downloads: each year's figures (derived ones computed) as `<year>/so-lieu-<year>.xlsx` and
`.csv` in the built site, written after the build for every year whose figures page is built. Wiring only: the
files are made by sheet/workbook.py. Not written while the data has errors (a file missing the refused figures
would be silently incomplete); the page says so in its red box then anyway.
"""
from __future__ import annotations

from pathlib import Path

FIGURES_PAGE = "bang-so-lieu.md"


def names(year: int) -> dict:
    """{format: the file's path in the site} — the one place the figures page and the writer take them from."""
    return {ext: f"{year}/so-lieu-{year}.{ext}" for ext in ("xlsx", "csv")}


def write_downloads(site_dir: Path, ds, sources) -> None:
    if ds is None or ds.errors:
        return
    from ..sheet.workbook import reader_csv, reader_xlsx   # openpyxl only when a site is written
    for src in sources:
        year = src.split("/", 1)[0]
        if src.endswith("/" + FIGURES_PAGE) and year.isdigit() and int(year) in ds.years:
            made = {"xlsx": reader_xlsx, "csv": reader_csv}
            for ext, rel in names(int(year)).items():
                path = site_dir / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(made[ext](ds.years[int(year)]))
