"""The editors' guide shows the messages the real `check` prints (tests/guide_examples.py writes them)."""
from __future__ import annotations

import pytest

from guide_examples import END, EXAMPLES, GUIDE, START, current, example, without_places
from test_bad_inputs import CORPUS


def test_every_example_is_a_corpus_case():
    assert all((CORPUS / f"{case}.yml").is_file() for case, _, _ in EXAMPLES)


@pytest.mark.parametrize("case, heading, note", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_the_guide_shows_what_check_says(case, heading, note):
    """One example at a time (the workers share them): the guide holds the message check prints today."""
    assert without_places(example(case, heading, note)) in without_places(current()), (
        f"{GUIDE} no longer shows what check prints for {case}; run: .venv/bin/python tests/guide_examples.py --write")


def test_the_guide_holds_the_examples_and_nothing_else():
    """The examples, in order, between the section's marks (what --write writes, less check's output)."""
    shown = current()
    headings = [f"**{heading}** (`tests/bad_inputs/{case}.yml`):" for case, heading, _ in EXAMPLES]
    assert shown.startswith(START) and shown.endswith(END)
    assert [line for line in shown.split("\n") if line.startswith("**") and "tests/bad_inputs/" in line] == headings
