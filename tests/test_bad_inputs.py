"""The corpus of bad inputs (tests/bad_inputs/*.yml): each one a small mutation of the REAL project.

For every case both `python -m macros check` (unless the case says `check: false`: build-only) and
`mkdocs build --strict -q` on a copy of the project must exit non-zero, and their output must carry the expected
message and name the file, the line and the key. The expected line is found in the mutated file itself (the first
line containing `line_of`), never taken from the code under test.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import build_site, copy_project

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(CORPUS.glob("*.yml"))


def run_check(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=project,
                          capture_output=True, text=True, env=env, timeout=120)


def apply_steps(project: Path, steps: list) -> None:
    for step in steps:
        path = project / step["file"]
        raw = path.read_bytes()
        if "append" in step:
            path.write_bytes(raw + step["append"].encode("utf-8"))
            continue
        old = step["old"].encode("utf-8")
        new = bytes.fromhex(step["new_hex"]) if "new_hex" in step else step["new"].encode("utf-8")
        assert raw.count(old) == 1, f"{step['file']}: the text to replace must occur exactly once: {step['old']!r}"
        path.write_bytes(raw.replace(old, new))


def expected_line(project: Path, expect: dict) -> int:
    if "line" in expect:
        return expect["line"]
    lines = (project / expect["file"]).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    found = [no for no, text in enumerate(lines, 1) if expect["line_of"] in text]
    assert found, f"line_of {expect['line_of']!r} not in {expect['file']}"
    return found[0]


def assert_names(output: str, project: Path, expect: dict, line: int, what: str) -> None:
    output = output.replace(str(project) + os.sep, "")
    assert expect["message"] in output, f"{what}: message {expect['message']!r} missing in:\n{output}"
    assert re.search(re.escape(f"{expect['file']}:{line}") + r"(?!\d)", output), \
        f"{what}: '{expect['file']}:{line}' missing in:\n{output}"
    assert expect["key"] in output, f"{what}: key {expect['key']!r} missing in:\n{output}"


def test_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_fails_check_and_build(case, tmp_path):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    project = copy_project(tmp_path / "project")
    apply_steps(project, spec["steps"])
    expect = spec["expect"]
    line = expected_line(project, expect)
    if spec.get("check", True):
        result = run_check(project)
        assert result.returncode != 0, f"check passed a bad input:\n{result.stdout}"
        assert_names(result.stdout + result.stderr, project, expect, line, "check")
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0, "mkdocs build --strict passed a bad input"
    assert_names(built.stdout + built.stderr, project, expect, line, "build")


def test_real_data_passes_check(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    assert "data OK" in result.stdout


def test_bom_and_crlf_versions_of_real_files_pass(tmp_path):
    project = copy_project(tmp_path / "project")
    files = sorted((project / "data").rglob("*.yml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr


def test_every_error_of_a_run_is_reported(tmp_path):
    """Three mistakes in one file, each caught at a different stage (loader, schema, value check) → three messages,
    and no echo of them (no rule or page complaining that the refused figures are missing)."""
    project = copy_project(tmp_path / "project")
    apply_steps(project, [
        {"file": "data/2023/telecom.yml", "old": "    value: 3\n", "new": "    value: 03\n"},
        {"file": "data/2023/telecom.yml", "old": "    label: Bưu cục\n", "new": "    lable: Bưu cục\n"},
        {"file": "data/2023/telecom.yml", "old": "    value: 79.85\n", "new": "    value: 120\n"},
    ])
    result = run_check(project)
    assert result.returncode == 1
    out = result.stderr
    assert "3 data error(s)" in out, out
    for fragment in ("có số 0 đứng đầu", "Khoá 'lable'", "120 nằm ngoài khoảng 0 đến 100"):
        assert fragment in out
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0 and "3 data error(s)" in built.stdout + built.stderr


def test_errors_in_several_files_are_reported_together(tmp_path):
    project = copy_project(tmp_path / "project")
    apply_steps(project, [
        {"file": "data/2023/telecom.yml", "old": "    value: 31\n", "new": "\tvalue: 31\n"},
        {"file": "data/2023/digital.yml", "old": "    value: 98.9\n", "new": "    value: 120\n"},
        {"file": "docs/index.md", "append": '\n{{ fig("party.no_such_key") }}\n'},
    ])
    out = run_check(project).stderr
    assert "3 data error(s)" in out, out
    assert "data/2023/telecom.yml" in out and "data/2023/digital.yml" in out and "docs/index.md" in out
