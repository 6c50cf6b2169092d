"""The corpus of bad inputs (tests/bad_inputs/*.yml): each one a small mutation of the REAL project.

Parity: for every case both `python -m macros check` and `mkdocs build --strict` on a copy of the project must exit
non-zero, and their output must carry the expected message and name the file, the line and the key — `check` is the
complete pre-flight (everything that stops the build stops it, with the same message). Neither may print a Python
traceback, and neither may print what `absent` says (the content of a file the loader refuses). The expected line is
found in the mutated file itself (the first line containing `line_of`, or equal to `line_exactly`), never taken from
the code under test;
`line: null` is a file-level error (a refused file): the file is named without a line.

Each case checks the whole real project and builds it, so the corpus is in the build tier: one test a case runs
`check` in this process and then the build as MkDocs runs, a new process (tests/forkbuild.py), on the same copy. The
quick tier runs `check` on the cases the editors' guide shows (tests/test_guide_examples.py).
Step kinds: old/new (or new_hex) replace text once; append; symlink_to (a link, relative to the project, or
`$OUTSIDE` for a file outside it); copy_from; delete; repeat (write `text` `times` times); encode (the whole file
in another encoding).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import Done, build_site, copy_project, run_macros

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(CORPUS.glob("*.yml"))
SECRET = "NỘI DUNG BÍ MẬT KHÔNG ĐƯỢC IN RA"


def run_check(project: Path) -> Done:
    """`python -m macros check` on a project folder, in this process (the command's own main and output)."""
    return run_macros("--root", str(project), "check")


def apply_steps(project: Path, steps: list) -> None:
    for step in steps:
        path = project / step["file"]
        if "symlink_to" in step:
            target = step["symlink_to"]
            if target == "$OUTSIDE":
                outside = project.parent / "outside.yml"
                outside.write_text(SECRET + "\n", encoding="utf-8")
                target = str(outside)
            path.symlink_to(target)
            continue
        if "copy_from" in step:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / step["copy_from"], path)
            continue
        if step.get("delete"):
            path.unlink()
            continue
        if "encode" in step:   # the whole file saved again in another encoding (Notepad's "Unicode": utf-16)
            path.write_bytes(path.read_text(encoding="utf-8").encode(step["encode"]))
            continue
        if "repeat" in step:
            path.write_text(step.get("head", "") + step["repeat"] * step["times"], encoding="utf-8")
            continue
        raw = path.read_bytes()
        if "append" in step:
            path.write_bytes(raw + step["append"].encode("utf-8"))
            continue
        old = step["old"].encode("utf-8")
        new = bytes.fromhex(step["new_hex"]) if "new_hex" in step else step["new"].encode("utf-8")
        assert raw.count(old) == 1, f"{step['file']}: the text to replace must occur exactly once: {step['old']!r}"
        path.write_bytes(raw.replace(old, new))


def expected_line(project: Path, expect: dict) -> int | None:
    if "line" in expect:
        return expect["line"]
    lines = (project / expect["file"]).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    if "line_exactly" in expect:
        found = [no for no, text in enumerate(lines, 1) if text == expect["line_exactly"]]
    else:
        found = [no for no, text in enumerate(lines, 1) if expect["line_of"] in text]
    assert found, f"line_of {expect.get('line_of', expect.get('line_exactly'))!r} not in {expect['file']}"
    return found[0]


def assert_names(output: str, project: Path, expect: dict, line: int | None, what: str) -> None:
    output = output.replace(str(project) + os.sep, "")
    assert expect["message"] in output, f"{what}: message {expect['message']!r} missing in:\n{output}"
    where = re.escape(expect["file"]) + (re.escape(f":{line}") + r"(?!\d)" if line else r"(?=[: ])")
    assert re.search(where, output), f"{what}: '{expect['file']}:{line}' missing in:\n{output}"
    assert expect["key"] in output, f"{what}: key {expect['key']!r} missing in:\n{output}"
    assert "Traceback" not in output, f"{what}: a traceback reached the editor:\n{output}"
    for absent in expect.get("absent", []) + [SECRET]:
        assert absent not in output, f"{what}: {absent!r} must not be printed:\n{output}"


def test_corpus_is_large_enough():
    assert len(CASES) >= 70


def prepared(case: Path, tmp_path: Path, code: bool = True) -> tuple[Path, dict, int | None]:
    """A copy of the project with the case's mistake made in it: (project, what to expect, the expected line).
    code=False: without macros/ (for `check` in this process), unless a step reads a file there."""
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert spec.get("check", True) is True, "every case fails check and the build alike (no build-only case)"
    code = code or "macros/" in repr(spec["steps"])
    project = copy_project(tmp_path / "project", code)
    apply_steps(project, spec["steps"])
    return project, spec["expect"], expected_line(project, spec["expect"])


def fails_check(project: Path, expect: dict, line: int | None) -> str:
    """`check` on the prepared project: it fails and its output names the case's mistake; that output (the
    project's folder left out), for the guide's comparison."""
    result = run_check(project)
    assert result.returncode != 0, f"check passed a bad input:\n{result.stdout}"
    assert_names(result.stdout + result.stderr, project, expect, line, "check")
    return (result.stdout + result.stderr).replace(str(project) + "/", "").strip()


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_fails_check_and_the_build_alike(case, tmp_path):
    project, expect, line = prepared(case, tmp_path)
    fails_check(project, expect, line)
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0, "mkdocs build --strict passed a bad input"
    assert_names(built.stdout + built.stderr, project, expect, line, "build")


def test_real_data_passes_check(tmp_path):
    """The command as an editor runs it (a new process), on the real data."""
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=project,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(project)), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "data OK" in result.stdout


@pytest.mark.build
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


@pytest.mark.build
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


def test_a_long_list_of_errors_is_cut_with_a_count(tmp_path):
    """A file wrong on every line: the first errors are listed, then '… và N lỗi khác'."""
    project = copy_project(tmp_path / "project")
    path = project / "data/2023/telecom.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    ", "\t"), encoding="utf-8")
    out = run_check(project).stderr
    total = int(re.search(r"Có (\d+) lỗi", out).group(1))
    assert total > 50 and f"và {total - 50} lỗi khác" in out, out[-500:]
    assert len([line for line in out.splitlines() if re.match(r"  \d+\. ", line)]) == 50


@pytest.mark.build
def test_a_document_number_may_be_a_number(tmp_path):
    """`number: 45` in report.yml is accepted and shown with its suffix: 'Số 45-BC/ĐU'."""
    project = copy_project(tmp_path / "project")
    apply_steps(project, [{"file": "data/2023/report.yml", "old": "number: null\n", "new": "number: 45\n"}])
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    suffix = yaml.safe_load((project / "data/2023/report.yml").read_text(encoding="utf-8"))["number_suffix"]
    html = (tmp_path / "site" / "2023" / "index.html").read_text(encoding="utf-8")
    assert f"Số 45{suffix}" in re.sub(r"<[^>]+>", "", html)   # the number sits in a no-wrap span


@pytest.mark.build
def test_a_tab_in_mkdocs_yml(tmp_path):
    """check names the tab (line, what to do) and nothing else: without the nav the system pages are unknown, and
    links to them must not be reported as broken. MkDocs reads mkdocs.yml before any of the project's code runs,
    so the build can only stop with its own message (it names the line too); under `mkdocs serve` the page shows
    check's message (tests/test_serve_errors.py)."""
    project = copy_project(tmp_path / "project")
    good = "  - macros/site/mkdocs_hooks.py\n"
    apply_steps(project, [{"file": "mkdocs.yml", "old": good, "new": "\t- macros/site/mkdocs_hooks.py\n"}])
    line = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n").index("\t- macros/site/mkdocs_hooks.py") + 1
    out = run_check(project).stderr
    assert "1 data error(s)" in out and f"mkdocs.yml:{line}:1" in out and "dấu Tab" in out, out
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0 and f"line {line}" in built.stdout + built.stderr


@pytest.mark.build
@pytest.mark.parametrize("case", ["80-link-missing-anchor", "81-absolute-link", "75-page-not-in-nav"])
def test_a_quiet_build_stops_too(case, tmp_path):
    """`mkdocs build --strict -q` drops MkDocs' own warnings before strict mode counts them: a link to a missing
    anchor or an absolute link passed it. The build stops on check's message, quiet or not."""
    spec = yaml.safe_load((CORPUS / f"{case}.yml").read_text(encoding="utf-8"))
    project = copy_project(tmp_path / "project")
    apply_steps(project, spec["steps"])
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                            "-d", str(tmp_path / "site")], cwd=project, capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert built.returncode != 0, "mkdocs build --strict -q passed a bad input"
    assert_names(built.stdout + built.stderr, project, spec["expect"], expected_line(project, spec["expect"]), "build -q")


@pytest.mark.build
def test_links_to_anchors_that_exist_pass_check_and_the_build(tmp_path):
    """check holds anchors to the ids MkDocs finds: a heading's slug, a document's row in the documents table (raw
    HTML), the page's own heading — both pass (no refusal the build would not make)."""
    project = copy_project(tmp_path / "project")
    apply_steps(project, [{"file": "docs/index.md", "append": (
        "\nXem [QĐ 85](2023/van-ban.md#qd_85_tw), [mục 2.1](2023/ii-2-1-giao-duc-chinh-tri.md"
        "#21-cong-tac-giao-duc-chinh-tri-tu-tuong) và [trên](#bao-cao-cua-ang-bo-so-thong-tin-va-truyen-thong-an-giang).\n")}])
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
