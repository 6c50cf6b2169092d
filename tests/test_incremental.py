"""What `mkdocs serve` keeps between rebuilds is keyed by the years each page's macros read (site/incremental.py):
every way of reading Dataset.years is recorded — a lookup, a test, a listing — and nothing is recorded outside a
page's rendering. The served pages themselves are compared with a full rebuild in tests/test_serve_incremental.py."""
from __future__ import annotations

from macros.site.incremental import YearsRead


def test_every_way_of_reading_the_years_is_recorded():
    years = YearsRead({2022: "a", 2023: "b"})
    assert years[2023] == "b" and years.read is None   # not recording: nothing kept
    for read, expected in ((lambda y: y[2022], {2022}), (lambda y: y.get(2023), {2023}), (lambda y: 2021 in y, {2021}),
                           (lambda y: list(y), {2022, 2023}), (lambda y: max(y), {2022, 2023}),
                           (lambda y: dict(y.items()), {2022, 2023}), (lambda y: len(y), {2022, 2023})):
        years.read = set()
        read(years)
        assert years.read == expected, (read, years.read)
