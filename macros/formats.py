"""Stage 2 — formats: values in, Vietnamese text out (CLDR locale "vi", through Babel). Pure functions, no HTML."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LOCALE = "vi"
MONEY_SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))


def _round(value, decimals: int) -> Decimal:
    """Round half up (as people do by hand), not to even."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4096, typed=True)   # a report formats the same few hundred values on many pages
def number(value, decimals: int = 2) -> str:
    """2119 -> '2.119'; 79.85 -> '79,85'; 98.9 -> '98,9'; 100.0 -> '100'. At most `decimals` decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"not a number: {value!r}")
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    rounded = _round(value, decimals)
    # a value rounded to zero is '0', never '-0' (Babel keeps the sign; lru_cache would then hand '-0' to 0.0 too)
    return format_decimal(rounded if rounded else abs(rounded), format=pattern, locale=LOCALE)


def count(value: int, pad: int = 0) -> str:
    """A whole count; pad=2 writes the report's house style '03', '01'."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a count must be a whole number: {value!r}")
    text = number(value, 0)
    if pad and value >= 0 and len(text) < pad:
        text = "0" * (pad - len(text)) + text
    return text


def percent(value, decimals: int = 2) -> str:
    """79.85 -> '79,85%' (the value is already in percent, 0 to 100)."""
    return number(value, decimals) + "%"


def money(dong, currency: bool = True) -> str:
    """58_000_000_000 -> '58 tỷ đồng' ('58 tỷ' with currency=False, as the report often writes it); amounts below a
    thousand stay in đồng (and keep the word)."""
    for scale, word in MONEY_SCALES:
        if abs(dong) >= scale:
            return f"{number(Decimal(dong) / scale, 2)} {word}" + (" đồng" if currency else "")
    return f"{number(dong, 0)} đồng"


def date(value: dt.date) -> str:
    """Running text: '07/10/2022' (two-digit day and month)."""
    return _babel_date(value, "dd/MM/yyyy", locale=LOCALE)


def date_long(value: dt.date) -> str:
    """Place-and-date line (Nghị định 30/2020): a leading 0 only for days below 10 and months 1 and 2.

    2024-02-05 -> 'ngày 05 tháng 02 năm 2024'; 2024-03-12 -> 'ngày 12 tháng 3 năm 2024'.
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def month(value: str) -> str:
    """A month as the report writes it in running text: '2023-10' -> 'tháng 10 năm 2023'."""
    year, mon = str(value).split("-")
    return f"tháng {int(mon)} năm {int(year)}"


def change(delta, kind: str, decimals: int = 2) -> str:
    """A change between two years, signed: '+2', '−3' (counts), '+1,5 điểm %' (percentages: points, not a
    percentage of a percentage), '+2 tỷ đồng' (money), '0' for none."""
    sign = "+" if delta > 0 else "−" if delta < 0 else ""
    size = abs(Decimal(str(delta)))
    if kind == "percent":
        return f"{sign}{number(size, decimals)} điểm %"
    if kind == "money":
        return sign + money(size)
    return sign + number(size, decimals)


UNREPORTED_TEXT = "chưa báo cáo"


def figure_text(fig, pad: int = 0, currency: bool = True) -> str:
    """A figure (data.Figure) as the report writes it, as plain text, by its kind (currency: see money);
    'chưa báo cáo' when its value is not reported yet."""
    if fig.value is None:
        return UNREPORTED_TEXT
    if fig.kind == "percent":
        return percent(fig.value, fig.decimals)
    if fig.kind == "money":
        return money(fig.value, currency)
    if fig.kind == "date":
        return date(fig.value)
    if fig.kind == "month":
        return month(fig.value)
    return count(fig.value, pad)
