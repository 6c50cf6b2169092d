"""`mkdocs serve` (site/incremental.py): which years a page's macros read, recorded as they run, so that a page is
rendered again only when the data of a year it read changed."""
from __future__ import annotations

from collections.abc import Mapping


class YearsRead(Mapping):
    """Dataset.years as the macros read it: every year looked up, listed or iterated is recorded for the page
    being rendered (`recording`)."""

    def __init__(self, years: dict):
        self.years, self.read = years, None

    def _saw(self, year=None):
        if self.read is not None:
            self.read.update(self.years if year is None else (year,))

    def __getitem__(self, year):
        self._saw(year)
        return self.years[year]

    def __contains__(self, year):
        self._saw(year)
        return year in self.years

    def __iter__(self):
        self._saw()
        return iter(self.years)

    def __len__(self):
        self._saw()
        return len(self.years)

    def __setitem__(self, year, value):
        self.years[year] = value
