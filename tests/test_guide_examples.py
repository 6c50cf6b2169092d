"""The editors' guide shows the messages the real `check` prints (tests/guide_examples.py writes them). Each
example's message is compared where the corpus runs `check` on its case (tests/test_bad_inputs.py, assert_shown),
so each case is checked once for both."""
from __future__ import annotations

from guide_examples import END, EXAMPLES, START, current
from test_bad_inputs import CORPUS


def test_every_example_is_a_corpus_case():
    assert all((CORPUS / f"{case}.yml").is_file() for case, _, _ in EXAMPLES)


def test_the_guide_holds_the_examples_and_nothing_else():
    """The examples, in order, between the section's marks (what --write writes, less check's output)."""
    shown = current()
    headings = [f"**{heading}** (`tests/bad_inputs/{case}.yml`):" for case, heading, _ in EXAMPLES]
    assert shown.startswith(START) and shown.endswith(END)
    assert [line for line in shown.split("\n") if line.startswith("**") and "tests/bad_inputs/" in line] == headings
