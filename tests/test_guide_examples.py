"""The editors' guide shows the messages the real `check` prints (tests/guide_examples.py writes them): the quick
tier runs `check` on each case the guide shows (a mistake made in a copy of the real project) and compares. The whole
corpus, check and build, is in the build tier (tests/test_bad_inputs.py)."""
from __future__ import annotations

import pytest

from guide_examples import END, EXAMPLES, START, assert_shown, current
from test_bad_inputs import CORPUS, fails_check, prepared


def test_every_example_is_a_corpus_case():
    assert all((CORPUS / f"{case}.yml").is_file() for case, _, _ in EXAMPLES)


def test_the_guide_holds_the_examples_and_nothing_else():
    """The examples, in order, between the section's marks (what --write writes, less check's output)."""
    shown = current()
    headings = [f"**{heading}** (`tests/bad_inputs/{case}.yml`):" for case, heading, _ in EXAMPLES]
    assert shown.startswith(START) and shown.endswith(END)
    assert [line for line in shown.split("\n") if line.startswith("**") and "tests/bad_inputs/" in line] == headings


@pytest.mark.parametrize("case", [case for case, _, _ in EXAMPLES])
def test_the_guide_shows_what_check_prints(case, tmp_path):
    project, expect, line = prepared(CORPUS / f"{case}.yml", tmp_path, code=False)
    assert_shown(case, fails_check(project, expect, line))
