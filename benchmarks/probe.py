"""The figure a benchmark edits: one with a literal whole-number `value:` that nothing else in the data refers to
(no sum, rule or ratio uses it), so changing it changes that figure only. Standard library only: edited_build.py
imports this before it becomes a build, and its start-up is counted in the build's time."""
from __future__ import annotations

import re
from pathlib import Path

_FIGURE_KEY = re.compile(r"^  ([A-Za-z0-9_]+):\s*$")
_VALUE = re.compile(r"^(\s+value:\s*)(-?\d+)\s*(#.*)?$")


def newest_year(project: Path) -> int:
    return max(int(p.name) for p in (project / "data").iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))


def editable_figures(project: Path, year: int) -> list:
    """[(file, figure name, line index of its `value:`)] for figures no other data entry mentions."""
    data = project / "data" / str(year)
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(data.glob("*.yml"))}
    everything = "\n".join(texts.values())
    found = []
    for path, text in texts.items():
        lines = text.split("\n")
        for i, line in enumerate(lines):
            m = _FIGURE_KEY.match(line)
            if not m:
                continue
            name = m.group(1)
            for j in range(i + 1, min(i + 12, len(lines))):
                if _FIGURE_KEY.match(lines[j]) or not lines[j].startswith("    "):
                    break
                if _VALUE.match(lines[j]):
                    if len(re.findall(rf"\b{re.escape(name)}\b", everything)) == 1:
                        found.append((path, name, j))
                    break
    return found


def unsigned(project: Path) -> Path:
    """The project with its newest year not signed yet (data/<year>/signed.txt removed): the year an editor changes
    figures in. A figure of a signed year cannot change without a recorded decision: the strict build stops on the
    difference with the signed text (macros/site/fidelity.py), and `mkdocs serve` shows it in the page's box."""
    (project / "data" / str(newest_year(project)) / "signed.txt").unlink(missing_ok=True)
    return project
