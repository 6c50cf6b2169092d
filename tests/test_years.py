"""Across years, as pure functions: a target's status from its `op`, a change between two years in words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from macros import formats
from macros.data import Figure
from macros.data.compare import status_of


def fig(value, unit="%", op=None):
    return Figure(key="plan.x", year=2023, label="x", unit=unit, kind="percent" if unit == "%" else "count",
                  value=value, op=op)


@pytest.mark.parametrize("op,target,result,expected", [
    (">=", 90, 90, "đạt"), (">=", 90, 89.99, "chưa đạt"), (">", 90, 90, "chưa đạt"), (">", 90, 90.5, "đạt"),
    ("<=", 5, 5, "đạt"), ("<", 5, 5, "chưa đạt"), ("=", 3, 3, "đạt"), ("=", 3, 4, "chưa đạt"),
    (">=", 90, None, "chưa báo cáo"), (">=", None, 95, "chưa báo cáo"),
])
def test_a_targets_status_follows_from_op_and_the_two_values(op, target, result, expected):
    assert status_of(fig(target, op=op), fig(result)) == expected


def test_a_target_without_a_result_is_not_reported():
    assert status_of(fig(90, op=">="), None) == "chưa báo cáo"


@pytest.mark.parametrize("delta,kind,shown", [
    (Decimal(2), "count", "+2"), (Decimal(-3), "count", "−3"), (Decimal(0), "count", "0"),
    (Decimal("1.5"), "percent", "+1,5 điểm %"), (Decimal("-0.25"), "percent", "−0,25 điểm %"),
    (Decimal(2000), "count", "+2.000"), (Decimal(-2_000_000_000), "money", "−2 tỷ đồng"),
])
def test_a_change_is_signed_and_percentages_change_by_points(delta, kind, shown):
    assert formats.change(delta, kind) == shown
