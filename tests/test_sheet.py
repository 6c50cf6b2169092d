"""Figures through a spreadsheet, for real: in a copy of the project, `new-year 2024`, `sheet export`, the workbook
filled by openpyxl as a person fills it in Excel (numbers, a decimal percent, a date, a month Excel turned into a
date, an indicator's target, result and status), `sheet import`, then the 2024 site built once and read. Also: an
export imported unchanged changes no byte of data/ (2023's real values and 2024's nulls); a workbook with bad cells
is refused whole, every cell named as sheet!E12, and data/ is left byte for byte as it was.

Expected values are the ones this file types into the cells and reads from the YAML itself, shown as a Vietnamese
reader writes them (81,2 not 81.2; 30/11/2024).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import build_site, copy_project

pytestmark = pytest.mark.build


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=project, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PYTHONPATH=str(project), PYTHONIOENCODING="utf-8"))


def data_bytes(project: Path) -> dict:
    """Every file under data/ (temporary files too) with its bytes' hash."""
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "data").rglob("*")) if p.is_file()}


def figures_shown(page: str) -> dict:
    """{data-key: text shown} of every figure span of a built page."""
    out = {}
    for m in re.finditer(r'<span class="fig" data-key="([^"]+)"[^>]*>(.*?)</span>(?!</span>)', page, re.S):
        out.setdefault(m.group(1), html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
    return out


def rows_of(wb) -> dict:
    """{key: (sheet, row number)} of every data row of a workbook."""
    return {ws.cell(r, 1).value: (ws.title, r) for ws in wb.worksheets for r in range(2, ws.max_row + 1)
            if ws.cell(1, 1).value == "Khoá" and ws.cell(r, 1).value}


class Shown:
    """A value as Excel stores it under a number format: typing 66,26% stores 0.6626 with the format '0.00%'."""

    def __init__(self, value, number_format):
        self.value, self.number_format = value, number_format


def fill(xlsx: Path, cells: dict) -> None:
    """Type values into column E (Số liệu 2024) as a person would, by key."""
    wb = load_workbook(xlsx)
    where = rows_of(wb)
    for key, value in cells.items():
        sheet, r = where[key]
        cell = wb[sheet].cell(r, 5)
        if isinstance(value, Shown):
            cell.value, cell.number_format = value.value, value.number_format
        else:
            cell.value = value
    wb.save(xlsx)


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> Path:
    """A copy of the project with 2024 started (new-year)."""
    project = copy_project(tmp_path_factory.mktemp("sheet") / "project")
    made = run(project, "new-year", "2024")
    assert made.returncode == 0, made.stderr
    return project


def test_export_then_import_without_edits_changes_no_byte(bench, tmp_path):
    before = data_bytes(bench)
    for year in ("2023", "2024"):    # 2023: real values (numbers, dates, months, quoted text); 2024: every one null
        out = tmp_path / f"so-lieu-{year}.xlsx"
        exported = run(bench, "sheet", "export", "--year", year, "--out", str(out))
        assert exported.returncode == 0, exported.stderr
        signed = bench / "data" / year / "signed.txt"
        if signed.is_file():    # a signed year's workbook is refused (test_sheet_fill.py); its values, set aside:
            assert run(bench, "sheet", "import", str(out)).returncode == 1
            signed.rename(signed.with_suffix(".aside"))
        try:
            imported = run(bench, "sheet", "import", str(out))
        finally:
            if signed.with_suffix(".aside").is_file():
                signed.with_suffix(".aside").rename(signed)
        assert imported.returncode == 0, imported.stderr
        assert "0 giá trị mới" in imported.stdout
    assert data_bytes(bench) == before


def test_workbook_layout(bench, tmp_path):
    out = tmp_path / "so-lieu-2024.xlsx"
    assert run(bench, "sheet", "export", "--year", "2024", "--out", str(out)).returncode == 0
    wb = load_workbook(out)
    stems = {p.stem for p in (bench / "data/2024").glob("*.yml")}
    sheets = [ws for ws in wb.worksheets if ws.cell(1, 1).value == "Khoá"]
    assert {ws.title for ws in sheets} <= stems and "telecom" in {ws.title for ws in sheets}
    telecom = wb["telecom"]
    assert [c.value for c in telecom[1]] == ["Khoá", "Tên số liệu", "Đơn vị", "Số liệu 2023", "Số liệu 2024",
                                             "Chỉ tiêu", "Ghi chú", "Lúc xuất (không sửa)"]
    assert telecom.column_dimensions["H"].hidden
    assert telecom.freeze_panes == "A2" and telecom.protection.sheet
    row = rows_of(wb)["telecom.smartphone_users"][1]
    last_year = yaml.safe_load((bench / "data/2023/telecom.yml").read_text(encoding="utf-8"))["figures"]
    assert telecom.cell(row, 4).value == last_year["smartphone_users"]["value"]
    assert telecom.cell(row, 5).value is None and not telecom.cell(row, 5).protection.locked
    assert telecom.cell(row, 1).protection.locked
    kinds = {v.type for v in telecom.data_validations.dataValidation}
    assert {"whole", "decimal"} <= kinds
    # the plan of 2023 is 2024's yardstick: a result it measures carries its target
    plan = yaml.safe_load((bench / "data/2023/plan.yml").read_text(encoding="utf-8"))["figures"]
    measured = next(f for f in plan.values() if f.get("next_year_key", "").startswith("party."))
    sheet, r = rows_of(wb)[measured["next_year_key"]]
    assert str(measured["value"]) in str(wb[sheet].cell(r, 6).value)


def test_bad_cells_are_refused_all_at_once_and_data_is_unchanged(bench, tmp_path):
    out = tmp_path / "so-lieu-2024.xlsx"
    assert run(bench, "sheet", "export", "--year", "2024", "--out", str(out)).returncode == 0
    fill(out, {"telecom.post_offices": "khoảng 140",          # text in a number cell
               "telecom.internet_users": "79,85",              # a decimal typed as text
               "telecom.smartphone_users": 0.7985,             # a percent as a fraction
               "digital.services_as_of": "30/11/2024"})        # a date as text
    wb = load_workbook(out)
    where = rows_of(wb)
    sheet, r = where["telecom.postal_enterprises"]
    wb[sheet].cell(r, 1).value = "telecom.postal_enterprise"          # an unknown key
    sheet, r = where["telecom.post_offices"]
    moved = [c.value for c in wb["telecom"][r]]
    wb["party"].append(["telecom.commune_post_offices"] + moved[1:])   # a row moved to another sheet
    wb["legal"].cell(1, 5).value = "Số liệu 2023"                      # a sheet from another year
    wb.save(out)
    before = data_bytes(bench)
    result = run(bench, "sheet", "import", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    r = {key: f"{s}!E{n}" for key, (s, n) in where.items()}
    for cell, words in ((r["telecom.post_offices"], "khoảng 140"), (r["telecom.internet_users"], "79,85"),
                        (r["telecom.smartphone_users"], "0.7985"), (r["digital.services_as_of"], "30/11/2024")):
        line = next((ln for ln in result.stderr.splitlines() if f" {cell} " in ln), "")
        assert words in line, (cell, result.stderr)
    sheet, n = where["telecom.postal_enterprises"]
    assert f"{sheet}!A{n}" in result.stderr and "telecom.postal_enterprise'" in result.stderr
    assert f"party!A{wb['party'].max_row}" in result.stderr
    assert "legal!E1" in result.stderr
    assert "Không ghi gì" in result.stderr
    assert data_bytes(bench) == before


FILLED = {"telecom.postal_enterprises": 32, "telecom.smartphone_users": 81.2,
          "telecom.internet_users": Shown(0.6626, "0.00%"),             # typed as 66,26% in Excel
          "party.members_studying_share": Shown(1, "0%"),               # typed as 100%
          "digital.services_as_of": dt.datetime(2024, 11, 30),
          "telecom.poor_households_as_of": dt.datetime(2024, 10, 1),     # Excel's reading of a typed 2024-10
          "indicators.ttbcxb_truyen_thanh.target": 92, "indicators.ttbcxb_truyen_thanh.actual": 93.5,
          "indicators.ttbcxb_truyen_thanh.status": "đạt"}
SHOWN = {"telecom.postal_enterprises": "32", "telecom.smartphone_users": "81,2", "telecom.internet_users": "66,26",
         "party.members_studying_share": "100",
         "digital.services_as_of": "30/11/2024", "telecom.poor_households_as_of": "tháng 10 năm 2024",
         "indicators.ttbcxb_truyen_thanh.target": "92", "indicators.ttbcxb_truyen_thanh.actual": "93,5"}


@pytest.fixture(scope="module")
def filled(bench, tmp_path_factory):
    """The 2024 workbook filled and imported into a copy of the bench, and that copy's site built strict."""
    work = tmp_path_factory.mktemp("filled")
    project = work / "project"
    shutil.copytree(bench, project)
    before = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8") for p in (project / "data").rglob("*.yml")}
    if shutil.which("git"):   # a repository, so that `diff` can compare the import with what was there before
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "2024"]):
            subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    out = work / "so-lieu-2024.xlsx"
    assert run(project, "sheet", "export", "--out", str(out)).returncode == 0
    fill(out, FILLED)
    imported = run(project, "sheet", "import", str(out))
    assert imported.returncode == 0, imported.stderr
    site = work / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    return project, site, before, imported


def test_filled_values_are_written_in_place_and_nothing_else(filled):
    project, _, before, imported = filled
    assert f"{len(FILLED)} giá trị mới" in imported.stdout
    for rel, text in before.items():
        after = (project / rel).read_text(encoding="utf-8")
        changed = [(a, b) for a, b in zip(text.split("\n"), after.split("\n")) if a != b]
        assert len(text.split("\n")) == len(after.split("\n"))
        expected = {"data/2024/telecom.yml": 4, "data/2024/digital.yml": 1, "data/2024/indicators.yml": 3,
                    "data/2024/party.yml": 1}.get(rel, 0)
        assert len(changed) == expected, (rel, changed)
        for old, new in changed:
            assert re.sub(r":.*", "", old) == re.sub(r":.*", "", new)      # the same key, only the value moved
    telecom = yaml.safe_load((project / "data/2024/telecom.yml").read_text(encoding="utf-8"))["figures"]
    assert telecom["smartphone_users"]["value"] == 81.2 and telecom["poor_households_as_of"]["value"] == "2024-10"
    assert telecom["internet_users"]["value"] == 66.26
    party = yaml.safe_load((project / "data/2024/party.yml").read_text(encoding="utf-8"))["figures"]
    assert party["members_studying_share"]["value"] == 100
    digital = yaml.safe_load((project / "data/2024/digital.yml").read_text(encoding="utf-8"))["figures"]
    assert digital["services_as_of"]["value"] == dt.date(2024, 11, 30)


def test_filled_values_show_on_the_2024_pages(filled):
    _, site, _, _ = filled
    shown = figures_shown((site / "2024/bang-so-lieu/index.html").read_text(encoding="utf-8"))
    for key, text in SHOWN.items():
        assert text in shown[f"2024/{key}"], (key, shown.get(f"2024/{key}"))
    assert "chưa báo cáo" in shown["2024/telecom.post_offices"]
    dashboard = figures_shown((site / "2024/tong-quan-chi-tieu/index.html").read_text(encoding="utf-8"))
    assert "93,5" in dashboard["2024/indicators.ttbcxb_truyen_thanh.actual"]


def test_figures_page_offers_the_years_figures_as_xlsx_and_csv(filled):
    project, site, _, _ = filled
    page = (site / "2024/bang-so-lieu/index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'href="([^"]*so-lieu-2024\.(xlsx|csv))"', page))
    assert set(links.values()) == {"xlsx", "csv"}
    for href in links:
        assert (site / "2024/bang-so-lieu" / href).resolve().is_file()
    raw = (site / "2024/so-lieu-2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # UTF-8 with BOM: Excel shows Vietnamese
    table = {r[0]: r for r in csv.reader(io.StringIO(raw.decode("utf-8-sig")))}
    assert table["telecom.smartphone_users"][2] == "81.2"
    assert table["telecom.post_offices"][2] == "chưa báo cáo"
    sheet = load_workbook(site / "2024/so-lieu-2024.xlsx").active
    values = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["telecom.postal_enterprises"] == 32
    assert set(values) == set(table) - {"Khoá"}
    # every stated 2023 figure is in the 2023 download with its value (read from the YAML, not through the code)
    stated = {f"{p.stem}.{k}": v["value"] for p in (project / "data/2023").glob("*.yml")
              for k, v in ((yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("figures") or {}).items()
              if isinstance(v, dict) and v.get("value") is not None}
    last = {r[0]: r[2] for r in csv.reader(io.StringIO((site / "2023/so-lieu-2023.csv").read_text(encoding="utf-8-sig")))}
    for key, value in stated.items():
        assert last[key] == (value.isoformat() if isinstance(value, dt.date) else str(value)), key


def test_a_formula_without_its_result_is_refused_not_taken_for_empty(bench, tmp_path):
    """openpyxl (like any program that does not compute) saves a formula without its result: never 'chưa báo cáo'."""
    out = tmp_path / "so-lieu-2024.xlsx"
    assert run(bench, "sheet", "export", "--year", "2024", "--out", str(out)).returncode == 0
    fill(out, {"telecom.post_offices": "=100+41"})
    sheet, n = rows_of(load_workbook(out))["telecom.post_offices"]
    before = data_bytes(bench)
    result = run(bench, "sheet", "import", str(out))
    assert result.returncode == 1 and f"{sheet}!E{n}" in result.stderr and "=100+41" in result.stderr
    assert data_bytes(bench) == before


def test_the_editors_guide_shows_the_real_import_messages(bench, tmp_path):
    """Section 16 of the guide quotes a refused import: the same cells give the same lines today."""
    out = tmp_path / "so-lieu-2024.xlsx"
    assert run(bench, "sheet", "export", "--year", "2024", "--out", str(out)).returncode == 0
    fill(out, {"party.members": "khoảng 40", "telecom.smartphone_users": "79,85", "telecom.internet_users": 0.6626,
               "digital.services_as_of": "30/11/2024"})
    result = run(bench, "sheet", "import", str(out))
    guide = (Path(__file__).resolve().parent.parent / "docs/huong-dan-bien-tap.md").read_text(encoding="utf-8")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6
    for line in lines:
        assert line in guide, line


def test_the_editors_guide_shows_the_real_inbox_report(bench):
    """Section 16 shows what `inbox` says for a filled workbook left in nhap/ with two cells typed as text: the
    same workbook gives the same report today, whole, and leaves data/ and the request as they were."""
    before = data_bytes(bench)
    book = bench / "nhap" / "so-lieu-2024.xlsx"
    book.parent.mkdir()
    try:
        assert run(bench, "sheet", "export", "--year", "2024", "--out", str(book)).returncode == 0
        fill(book, {"party.members": "khoảng 40", "telecom.smartphone_users": "79,85"})
        result = run(bench, "inbox")
        guide = (Path(__file__).resolve().parent.parent / "docs/huong-dan-bien-tap.md").read_text(encoding="utf-8")
        assert result.returncode == 1 and book.is_file() and data_bytes(bench) == before
        assert "```\n" + result.stdout.strip() + "\n```" in guide, result.stdout
    finally:
        shutil.rmtree(book.parent)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_after_import_shows_exactly_the_values_filled(filled):
    project = filled[0]
    result = run(project, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    direct = re.findall(r"^\| `2024/([a-z_.]+)` \|", result.stdout, re.M)
    figures = {k for k in FILLED if not k.startswith("indicators.")}
    assert set(direct) == figures, result.stdout
    assert f"{len(figures)} sửa trực tiếp" in result.stdout
    indicator = {row for row in re.findall(r"^\| Chỉ tiêu \| `2024/ttbcxb_truyen_thanh` \| ([^|]+) \|", result.stdout, re.M)}
    assert indicator == {"tình trạng", "chỉ tiêu", "kết quả"}, result.stdout


def test_downloads_kept_in_the_cache_follow_the_data(bench, tmp_path):
    """The readers' files are kept between builds under the year's data digest: a changed value is never served old."""
    from macros import cache, data
    from macros.site.downloads import write_downloads
    project = tmp_path / "project"
    shutil.copytree(bench, project, ignore=shutil.ignore_patterns(".cache"))
    store = cache.Cache(tmp_path / "cache")

    def published(site):
        ds = data.load(project, cache=cache.DISABLED)
        write_downloads(site, ds, ["2024/bang-so-lieu.md"], store)
        rows = csv.reader(io.StringIO((site / "2024/so-lieu-2024.csv").read_text(encoding="utf-8-sig")))
        return {r[0]: r[2] for r in rows}

    assert published(tmp_path / "a")["telecom.post_offices"] == "chưa báo cáo"
    path = project / "data/2024/telecom.yml"
    text, n = re.subn(r"(\n  post_offices:\n(?:    [^\n]*\n)*?    value: )null[^\n]*", r"\g<1>141",
                      path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")
    assert published(tmp_path / "b")["telecom.post_offices"] == "141"
    assert list((tmp_path / "cache").rglob("*.bin"))     # the cache was used, not bypassed


def test_the_plan_sheet_says_its_values_are_next_years_targets_and_still_imports(bench, tmp_path):
    """A year's plan.yml holds the NEXT year's targets (its title names that year): the plan sheet's titles say so,
    never 'Số liệu <year>' over them — D the targets set last year for this year, E next year's. Filled, it imports
    into data/2024/plan.yml; a workbook exported before these titles (the plan sheet under 'Số liệu 2023', 'Số liệu
    2024') still imports; the plan sheet of another year's workbook is still refused."""
    project = tmp_path / "project"
    shutil.copytree(bench, project)
    plan_2023 = yaml.safe_load((project / "data/2023/plan.yml").read_text(encoding="utf-8"))
    targets_for = int(re.search(r"\b(\d{4})\b", plan_2023["title"]).group(1))   # "… năm 2024": 2023's plan is for 2024
    out = tmp_path / "so-lieu-2024.xlsx"
    assert run(project, "sheet", "export", "--year", "2024", "--out", str(out)).returncode == 0
    wb = load_workbook(out)
    ws = wb["plan"]
    head = [c.value for c in ws[1]]
    assert re.fullmatch(rf"Chỉ tiêu {targets_for}\b.*", head[3]) and "2023" in head[3], head
    assert re.fullmatch(rf"Chỉ tiêu {targets_for + 1}\b.*kế hoạch.*", head[4]), head
    assert not any(str(h).startswith("Số liệu") for h in head), head
    by_key = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert {k: ws.cell(r, 4).value for k, r in by_key.items()} == \
        {f"plan.{name}": f["value"] for name, f in plan_2023["figures"].items()}, "D: the targets set for 2024"
    guide = " ".join(str(r[0]) for r in wb["Hướng dẫn"].iter_rows(values_only=True))
    assert f"plan: chỉ tiêu kế hoạch năm {targets_for + 1}" in guide, guide

    first, second = list(plan_2023["figures"])[:2]
    fill(out, {f"plan.{first}": 95})
    done = run(project, "sheet", "import", str(out))
    assert done.returncode == 0, done.stderr
    old_layout = tmp_path / "cu.xlsx"                  # as exported before: the standard titles on the plan sheet too
    assert run(project, "sheet", "export", "--year", "2024", "--out", str(old_layout)).returncode == 0
    wb = load_workbook(old_layout)
    for col, title in enumerate(["Khoá", "Tên số liệu", "Đơn vị", "Số liệu 2023", "Số liệu 2024", "Chỉ tiêu",
                                 "Ghi chú"], 1):
        wb["plan"].cell(1, col).value = title
    wb.save(old_layout)
    fill(old_layout, {f"plan.{second}": 85})
    done = run(project, "sheet", "import", str(old_layout))
    assert done.returncode == 0, done.stderr
    plan_2024 = yaml.safe_load((project / "data/2024/plan.yml").read_text(encoding="utf-8"))["figures"]
    assert (plan_2024[first]["value"], plan_2024[second]["value"]) == (95, 85)

    other = tmp_path / "so-lieu-2023.xlsx"             # 2023's plan sheet in the 2024 workbook: another year's
    assert run(project, "sheet", "export", "--year", "2023", "--out", str(other)).returncode == 0
    wb, theirs = load_workbook(out), load_workbook(other)
    for col in range(1, 8):
        wb["plan"].cell(1, col).value = theirs["plan"].cell(1, col).value
    wb.save(out)
    refused = run(project, "sheet", "import", str(out))
    assert refused.returncode == 1 and "plan!E1" in refused.stderr and "năm 2023" in refused.stderr, refused.stderr
