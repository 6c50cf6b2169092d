"""Consistency rules and indicator statuses at their boundaries, on a copy of the real data (no site build).

An `at_most` rule holds when both sides are equal and breaks one above; an indicator whose result equals its target
(`>=`, the default) is met, and one whose target says `>` is not met at equality. The expected outcomes are read
from the rule's own words (rules.yml: "trái ≤ phải"), not from the code.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from macros import data as dataset

YEAR = "2023"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def errors_of(root: Path) -> list[str]:
    return [f"{e.key}: {e.vi}" for e in dataset.load(root).errors]


def add_rule(root: Path, rule_id: str, left: str, right: str, check: str = "at_most") -> None:
    rules = root / "data" / YEAR / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + (
        f"  - id: {rule_id}\n    label: Quy tắc thử\n    check: {check}\n    left: {left}\n    right: {right}\n"),
        encoding="utf-8")


def test_at_most_holds_at_equality_and_breaks_above(data_copy):
    add_rule(data_copy, "bang-nhau", "party.members", "party.members")
    add_rule(data_copy, "vuot", "party.members", "party.members_female")
    found = errors_of(data_copy)
    assert not [e for e in found if "bang-nhau" in e], found
    assert [e for e in found if e.startswith("rules.vuot")], found


def test_equal_rule_breaks_on_any_difference(data_copy):
    add_rule(data_copy, "khac-nhau", "party.members", "party.members_female", check="equal")
    assert [e for e in errors_of(data_copy) if e.startswith("rules.khac-nhau")]


def set_indicator(root: Path, ind_id: str, **fields) -> None:
    """Rewrite the listed fields of one indicator record in indicators.yml (text edit, as an editor would)."""
    path = root / "data" / YEAR / "indicators.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {ind_id}")
    indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(indent))
    body = [line for line in lines[start + 1:end] if line.strip().split(":")[0] not in fields]
    body += [f"{indent}{k}: {v}" for k, v in fields.items()]
    path.write_text("\n".join(lines[:start + 1] + body + lines[end:]), encoding="utf-8")


def test_a_result_equal_to_its_target_is_met(data_copy):
    set_indicator(data_copy, "ttbcxb_truyen_thanh", actual=90, status="đạt")
    assert not [e for e in errors_of(data_copy) if "ttbcxb_truyen_thanh" in e]


def test_a_result_equal_to_a_strict_target_is_not_met(data_copy):
    set_indicator(data_copy, "ttbcxb_truyen_thanh", actual=90, status="đạt", target_op='">"')
    assert [e for e in errors_of(data_copy) if "indicators.ttbcxb_truyen_thanh.status" in e]


def test_a_result_below_its_target_cannot_be_met(data_copy):
    set_indicator(data_copy, "ttbcxb_truyen_thanh", actual=89, status="đạt")
    assert [e for e in errors_of(data_copy) if "indicators.ttbcxb_truyen_thanh.status" in e]


def set_value(root: Path, stem: str, key: str, value) -> None:
    """Set `value:` of one figure in data/<year>/<stem>.yml (text edit)."""
    path = root / "data" / YEAR / f"{stem}.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  {key}:")
    at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    value:"))
    lines[at] = f"    value: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_ratio_rounds_half_up_as_by_hand(data_copy):
    """1 of 32 members is 3.125 %: by hand, 3,13 % (not 3,12 % rounded down or to even)."""
    for key, value in (("members_excellent", 1), ("members_good", 31), ("members_completed", 0),
                       ("members_not_completed", 0)):
        set_value(data_copy, "party", key, value)
    year = dataset.load(data_copy).years[int(YEAR)]
    assert year.figures["party.members_rated"].value == 32
    assert year.figures["party.members_excellent_share"].value == 3.13
