"""Vietnamese number and date formats (macros/formats.py): examples from the seed, and properties.

Properties parse the Vietnamese text back (drop the thousands dots, decimal comma -> point) and compare with the
value rounded half up, computed here with integer arithmetic (not with the code under test).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from macros import formats as fmt  # noqa: E402

SCALES = {"tỷ": 10**9, "triệu": 10**6, "nghìn": 10**3}


def parse_vi(text: str) -> Fraction:
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    return Fraction(Decimal(text.replace(".", "").replace(",", ".")))


def half_up(value, decimals: int) -> Fraction:
    """Round half away from zero, as people do by hand, on the decimal the editor typed (repr of a float)."""
    exact = Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
    scaled = abs(exact) * 10**decimals
    rounded = math.floor(scaled + Fraction(1, 2))
    return (1 if exact >= 0 else -1) * Fraction(rounded, 10**decimals)


# ------------------------------------------------------------------ examples from the seed text

def test_examples_from_the_seed():
    assert fmt.number(2119) == "2.119"              # "2.119 dịch vụ"
    assert fmt.number(1116) == "1.116"
    assert fmt.percent(79.85) == "79,85%"           # "smartphone chiếm 79,85%"
    assert fmt.percent(98.9) == "98,9%"             # "trước hạn và đúng hạn: 98,9%"
    assert fmt.percent(100) == "100%"
    assert fmt.money(58_000_000_000) == "58 tỷ đồng"  # "số tiền khoản 58 tỷ"
    assert fmt.count(3, pad=2) == "03"               # "03 Chi bộ"
    assert fmt.count(37, pad=2) == "37"
    assert fmt.count(3) == "3"
    assert fmt.date(dt.date(2022, 10, 7)) == "07/10/2022"   # "ngày 07/10/2022"
    assert fmt.date(dt.date(2023, 11, 30)) == "30/11/2023"


def test_date_long_examples_of_decree_30():
    assert fmt.date_long(dt.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert fmt.date_long(dt.date(2024, 3, 12)) == "ngày 12 tháng 3 năm 2024"
    assert fmt.date_long(dt.date(2023, 12, 15)) == "ngày 15 tháng 12 năm 2023"
    assert fmt.date_long(dt.date(2023, 1, 9)) == "ngày 09 tháng 01 năm 2023"


def test_rounding_is_half_up_not_to_even():
    assert fmt.number(0.125, 2) == "0,13"
    assert fmt.number(2.5, 0) == "3"
    assert fmt.percent(79.845) == "79,85%"


# ------------------------------------------------------------------ properties

numbers = st.one_of(st.integers(min_value=-10**15, max_value=10**15),
                    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))


@given(numbers, st.integers(min_value=0, max_value=4))
@settings(max_examples=300, deadline=None)
def test_number_parses_back_to_the_value_rounded_half_up(value, decimals):
    text = fmt.number(value, decimals)
    assert parse_vi(text) == half_up(value, decimals)
    if "," in text:
        assert len(text.split(",")[1]) <= decimals and not text.endswith("0")


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.integers(min_value=0, max_value=4))
@settings(max_examples=200, deadline=None)
def test_percent_parses_back(value, decimals):
    text = fmt.percent(value, decimals)
    assert text.endswith("%") and parse_vi(text[:-1]) == half_up(value, decimals)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6))
@settings(max_examples=200, deadline=None)
def test_count_pad_length_and_value(value, pad):
    text = fmt.count(value, pad)
    plain = fmt.count(value)
    assert parse_vi(text.lstrip("0") or "0") == value
    assert len(text) == max(pad, len(plain))
    assert text.endswith(plain)


@given(st.integers(min_value=0, max_value=10**15))
@settings(max_examples=300, deadline=None)
def test_money_parses_back(dong):
    text = fmt.money(dong)
    m = re.fullmatch(r"(\S+)(?: (tỷ|triệu|nghìn))? đồng", text)
    assert m, text
    scale = SCALES.get(m.group(2), 1)
    expected_scale = next((s for s in sorted(SCALES.values(), reverse=True) if dong >= s), 1)
    assert scale == expected_scale
    assert parse_vi(m.group(1)) == half_up_fraction(Fraction(dong, scale), 2 if scale > 1 else 0)


def half_up_fraction(value: Fraction, decimals: int) -> Fraction:
    return Fraction(math.floor(value * 10**decimals + Fraction(1, 2)), 10**decimals)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_date_parses_back(day):
    text = fmt.date(day)
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", text)
    assert dt.datetime.strptime(text, "%d/%m/%Y").date() == day


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_date_long_leading_zero_rule(day):
    m = re.fullmatch(r"ngày (\d+) tháng (\d+) năm (\d+)", fmt.date_long(day))
    assert m
    d, mo, y = m.groups()
    assert (int(d), int(mo), int(y)) == (day.day, day.month, day.year)
    assert d.startswith("0") == (day.day < 10)
    assert mo.startswith("0") == (day.month in (1, 2))


def test_derived_ratio_rounds_half_up_like_a_person(project):
    """1 of 800 is 0,125 %: a person writes 0,13 %, Python's round() on a float would give 0,12 %."""
    from macros import data as dataset
    path = project / "data" / "2023" / "staff.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  deputy_directors_added:\n", "  tiny_part:\n    label: Một phần\n    value: 1\n    unit: người\n"
                        "  tiny_whole:\n    label: Toàn bộ\n    value: 800\n    unit: người\n"
                        "  tiny_share:\n    label: Tỷ lệ\n    unit: \"%\"\n    ratio: [tiny_part, tiny_whole]\n"
                        "  deputy_directors_added:\n", 1)
    path.write_text(text, encoding="utf-8")
    ds = dataset.load(project)
    assert not ds.errors, ds.errors
    assert ds.years[2023].figures["staff.tiny_share"].value == 0.13


def test_a_value_rounded_to_zero_has_no_sign():
    """-0.001 with two decimals is 0 by hand; and a later 0.0 is not served the '-0' of an earlier -0.0."""
    assert fmt.number(-0.001) == "0" and fmt.number(-0.0) == "0" and fmt.number(0.0) == "0"
    assert fmt.percent(-0.004) == "0%"
