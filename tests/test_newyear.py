"""`python -m macros new-year 2024`, run for real in a copy of the project, then the copy built strict."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import build_site

ROOT = Path(__file__).resolve().parent.parent


def snapshot(project: Path) -> dict:
    """Every file under data/2023 and docs/2023 with its bytes' hash."""
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("data/2023", "docs/2023") for p in sorted((project / folder).rglob("*")) if p.is_file()}


def new_year(project: Path, year: str = "2024") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "new-year", year], cwd=project, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"})


def test_new_year_scaffolds_2024_builds_strict_and_leaves_2023_alone(project, tmp_path):
    before = snapshot(project)
    result = new_year(project)
    assert result.returncode == 0, result.stderr
    assert snapshot(project) == before

    # indicators: every 2023 indicator, same target, no actual, not yet reported
    old = yaml.safe_load((project / "data/2023/indicators.yml").read_text(encoding="utf-8"))
    new = yaml.safe_load((project / "data/2024/indicators.yml").read_text(encoding="utf-8"))
    flat = lambda d: [(s["id"], i["id"], i.get("target"), i.get("name")) for s in d["sectors"] for i in s["indicators"]]
    assert flat(new) == flat(old)
    assert {(i["actual"], i["status"]) for s in new["sectors"] for i in s["indicators"]} == {(None, "chưa báo cáo")}
    # the plan's targets (part III) are 2024's yardstick, value for value
    plan = yaml.safe_load((project / "data/2023/plan.yml").read_text(encoding="utf-8"))["figures"]
    targets = yaml.safe_load((project / "data/2024/targets.yml").read_text(encoding="utf-8"))["figures"]
    assert targets == plan
    for path in (project / "data/2024").glob("*.yml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/")

    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.index("- Năm 2024:") < nav.index("- Năm 2023:")

    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, f"strict build with 2024 failed:\n{built.stdout}\n{built.stderr}"

    home = (site / "index.html").read_text(encoding="utf-8")
    primary = home[home.index("md-nav--primary"):home.index('class="md-content"')]
    assert primary.index("Năm 2024") < primary.index("Năm 2023")
    # the home page keeps the 2023 figures (new-year pinned its year) instead of 2024's unreported ones
    keys = re.findall(r'data-key="(\d{4})/', home)
    assert keys and set(keys) == {"2023"}
    # a 2024 page: headings and a note, no figure
    page = (site / "2024/ii-1-1-chi-tieu-nganh/index.html").read_text(encoding="utf-8")
    assert "Kết quả chỉ tiêu ngành năm 2024" in page and "chưa được soạn" in page
    assert 'class="fig"' not in page
    # 2023 pages are as before: the 1.1 summary has no "chưa báo cáo" column
    assert "Chưa báo cáo" not in (site / "2023/ii-1-1-chi-tieu-nganh/index.html").read_text(encoding="utf-8")


def test_new_year_refuses_an_existing_year_and_changes_nothing(project):
    assert new_year(project).returncode == 0
    after_first = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    again = new_year(project)
    assert again.returncode != 0 and "2024" in again.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts} == after_first


def test_new_year_refuses_a_year_that_does_not_follow(project):
    result = new_year(project, "2026")
    assert result.returncode != 0 and "2024" in result.stderr
    assert not (project / "data/2026").exists() and not (project / "docs/2026").exists()
