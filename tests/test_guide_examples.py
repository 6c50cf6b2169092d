"""The editors' guide shows the messages the real `check` prints (tests/guide_examples.py writes them)."""
from __future__ import annotations

from guide_examples import EXAMPLES, GUIDE, current, section, without_places
from test_bad_inputs import CORPUS


def test_every_example_is_a_corpus_case():
    assert all((CORPUS / f"{case}.yml").is_file() for case, _, _ in EXAMPLES)


def test_the_guide_shows_what_check_says():
    shown, real = without_places(current()), without_places(section())
    assert shown == real, (f"{GUIDE} no longer shows what check prints; run: .venv/bin/python tests/guide_examples.py "
                           "--write")
