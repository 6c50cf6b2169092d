"""The figures page's downloads: each year's figures (derived ones computed) as `<year>/so-lieu-<year>.xlsx` and
`.csv` in the built site, written after the build for every year whose figures page is built. Wiring only: the
files are made by sheet/readers.py (the .xlsx with the standard library, not openpyxl), and kept in the project's
cache under the year's data digest. Not written while the data has errors (a file missing the refused figures would be
silently incomplete); the page says so in its red box then anyway.
"""
from __future__ import annotations

from pathlib import Path

from ..data.files import year_digest

FIGURES_PAGE = "bang-so-lieu.md"


def names(year: int) -> dict:
    """{format: the file's path in the site} — the one place the figures page and the writer take them from."""
    return {ext: f"{year}/so-lieu-{year}.{ext}" for ext in ("xlsx", "csv")}


def _made(year, ext: str) -> bytes:
    from ..sheet.readers import reader_csv, reader_xlsx
    return (reader_xlsx if ext == "xlsx" else reader_csv)(year)


def write_downloads(site_dir: Path, ds, sources, cache, written: dict | None = None, year_key=None) -> None:
    """written: {file in the site: the key it was written under} of a site folder kept between builds (`mkdocs
    serve --dirty`): a file still there under the same key is not written again. year_key(year): the year's
    data digest (default data/files.py year_digest)."""
    if ds is None or ds.errors:
        return
    for src in sources:
        year = src.split("/", 1)[0]
        if not (src.endswith("/" + FIGURES_PAGE) and year.isdigit() and int(year) in ds.years):
            continue
        key = (year_key or (lambda y: year_digest(ds.root, y)))(int(year))
        for ext, rel in names(int(year)).items():
            if written is not None and written.get(rel) == key and (site_dir / rel).is_file():
                continue
            data = cache.get_blob("downloads", rel, key)
            if data is None:
                data = _made(ds.years[int(year)], ext)
                cache.put_blob("downloads", rel, key, data)
            path = site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if written is not None:
                written[rel] = key
