"""Next year for real: `python -m macros new-year 2024` in a copy of the project, the copy built strict, a few 2024
figures filled, and the 2024 pages read back (placeholders, plan against results, years side by side), while every
2023 page and figure stays as it was and `pdf --year 2023` still prints 2023. No invented 2024 figure is ever written
to the real data/: everything here happens in a temporary copy.

Expected values come from the data files (YAML read here, not through the code under test) and the built HTML.
"""
from __future__ import annotations

import hashlib
import html
import operator
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site

pytestmark = pytest.mark.build   # every test here reads a site, a PDF or a Word file built for it

UNREPORTED = "[chưa báo cáo]"
SYSTEM_PAGES = sorted(p.name for p in (ROOT / "macros/sources/system_pages").glob("*.md"))
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=project, capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, PYTHONPATH=str(project), PYTHONIOENCODING="utf-8"))


def snapshot(project: Path) -> dict:
    """Every file under data/2023 and docs/2023 with its bytes' hash."""
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("data/2023", "docs/2023") for p in sorted((project / folder).rglob("*")) if p.is_file()}


def article(site: Path, url: str) -> str:
    """The page's content (what the page says, without the nav around it, which lists the years, and without the
    stamp saying which build it is: macros/stamp.py; the copy here is outside Git)."""
    text = (site / url / "index.html").read_text(encoding="utf-8")
    return re.sub(r'<span class="stamp".*?</span>', "", text[text.index("<article"):text.index("</article>")])


def figures_shown(fragment: str) -> dict:
    """{data-key: text shown} of every figure span of an HTML fragment."""
    out = {}
    for m in re.finditer(r'<span class="fig" data-key="([^"]+)"[^>]*>(.*?)</span>(?!</span>)', fragment, re.S):
        out.setdefault(m.group(1), html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
    return out


def figure_keys(project: Path, year: int) -> set:
    """Every figure key of a year's figures files, stated or derived."""
    return {f"{path.stem}.{name}" for path in (project / "data" / str(year)).glob("*.yml")
            for name in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or {})}


def stated(project: Path, year: int) -> dict:
    """{key: value} of every stated figure (`value:` present) of a year's figures files, read as plain YAML."""
    out = {}
    for path in sorted((project / "data" / str(year)).glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in (doc.get("figures") or {}).items():
            if "value" in spec:
                out[f"{path.stem}.{name}"] = spec["value"]
    return out


def constants(project: Path, year: int) -> set:
    """The keys of a year's figures marked `constant: true` (facts that do not change), read as plain YAML."""
    return {f"{path.stem}.{name}" for path in sorted((project / "data" / str(year)).glob("*.yml"))
            for name, spec in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or {}).items()
            if spec.get("constant") is True}


def set_value(project: Path, key: str, value) -> None:
    stem, name = key.split(".", 1)
    path = project / "data" / "2024" / f"{stem}.yml"
    text, n = re.subn(rf"(\n  {name}:[^\n]*\n(?:    [^\n]*\n)*?    value: )null[^\n]*", rf"\g<1>{value}",
                      path.read_text(encoding="utf-8"))
    assert n == 1, key
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """A copy of the project after new-year 2024, built strict at once (before any 2024 figure is filled)."""
    from conftest import copy_project
    project = copy_project(tmp_path_factory.mktemp("newyear") / "project")
    before = snapshot(project)
    result = run(project, "new-year", "2024")
    assert result.returncode == 0, result.stderr
    assert snapshot(project) == before
    site = project.parent / "site"
    built = build_site(project, site)
    assert built.returncode == 0, f"strict build right after new-year failed:\n{built.stdout}\n{built.stderr}"
    return project, site, result.stdout


def test_new_year_writes_only_the_years_own_files(two_years):
    project, _, out = two_years
    written = re.findall(r"^  \+ (\S+)$", out, re.M)
    on_disk = sorted(p.relative_to(project).as_posix() for folder in ("data/2024", "docs/2024")
                     for p in (project / folder).rglob("*") if p.is_file())
    assert sorted(written) == on_disk
    print(f"\nnew-year 2024 writes {len(written)} files and changes mkdocs.yml")
    # no copy of a system page, no template folder, no copied targets: the 2023 plan is read where it is
    assert not [p for p in on_disk if p.startswith("docs/2024/") and Path(p).name in SYSTEM_PAGES]
    assert not (project / "data/2024/mau").exists() and not (project / "data/2024/targets.yml").exists()
    # every stated 2024 figure is "chưa báo cáo" but a fact that does not change (constant: true: 2023's value), and
    # each file keeps 2023's figures (same keys)
    old, new, fixed = stated(project, 2023), stated(project, 2024), constants(project, 2023)
    assert set(new) >= set(old) and {v for k, v in new.items() if k not in fixed} == {None}
    assert fixed and {k: new[k] for k in fixed} == {k: old[k] for k in fixed}
    # each result the 2023 plan measures has a place in 2024
    plan = yaml.safe_load((project / "data/2023/plan.yml").read_text(encoding="utf-8"))["figures"]
    results = {spec["next_year_key"] for spec in plan.values() if spec.get("next_year_key")}
    assert results and results <= figure_keys(project, 2024)
    # indicators: every 2023 indicator, nothing reported
    old_ind = yaml.safe_load((project / "data/2023/indicators.yml").read_text(encoding="utf-8"))
    new_ind = yaml.safe_load((project / "data/2024/indicators.yml").read_text(encoding="utf-8"))
    ids = lambda d: [(s["id"], i["id"], i.get("name")) for s in d["sectors"] for i in s["indicators"]]
    assert ids(new_ind) == ids(old_ind)
    assert {(i.get("target"), i.get("actual"), i["status"]) for s in new_ind["sectors"] for i in s["indicators"]} \
        == {(None, None, "chưa báo cáo")}
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.index("- Năm 2024:") < nav.index("- Năm 2023:")
    assert "2024/ke-hoach-ket-qua.md" in nav and "2024/so-sanh-cac-nam.md" in nav


def test_a_year_that_exists_or_out_of_order_is_refused_and_nothing_is_written(two_years):
    project, _, _ = two_years
    def files():
        return {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("data", "docs")
                for p in (project / folder).rglob("*") if p.is_file()} | {"mkdocs.yml": (project / "mkdocs.yml").read_bytes()}
    before = files()
    later = "năm liền sau năm mới nhất (2024): 2025"
    for year, says in (("2024", "Năm 2024 đã có"), ("2023", "Năm 2023 đã có"), ("2026", later), ("2022", later)):
        result = run(project, "new-year", year)
        assert result.returncode == 1 and says in result.stderr, (year, result.stderr)
        assert "Traceback" not in result.stderr
    assert files() == before


def test_system_pages_come_from_one_template_for_every_year(two_years):
    _, site, _ = two_years
    for name in SYSTEM_PAGES:
        url = name.removesuffix(".md").removesuffix("index")
        page = (site / "2024" / url / "index.html").read_text(encoding="utf-8")
        assert "Năm 2024" in page or "năm 2024" in page, name   # the template, filled for 2024 (its edit button
        # opens the template once a repository is configured: tests/test_review_pages.py)
    cover = article(site, "2024")
    assert "Báo cáo năm 2024" in cover and "Mục lục" in cover
    assert "Kết quả thực hiện nhiệm vụ năm 2024" in cover and "Nhiệm vụ trọng tâm năm 2025" in cover


def test_right_after_new_year_every_2024_figure_is_unreported_and_2023_is_unchanged(two_years, site):
    project, two, _ = two_years
    # the cover's key figures (data/2024/cover.yml): every one shown, every one a placeholder
    cards = yaml.safe_load((project / "data/2024/cover.yml").read_text(encoding="utf-8"))["key_figures"]
    keys = {k for c in cards for k in re.findall(r"\{([a-z0-9_.]+)(?::0\d)?\}", c["value"] + c["text"])}
    shown = figures_shown(article(two, "2024"))
    assert {f"2024/{k}" for k in keys} <= set(shown)
    assert {shown[f"2024/{k}"] for k in keys if not k.endswith(".total")} == {UNREPORTED}
    # every 2023 page says exactly what it said before 2024 existed (the site fixture: this checkout, one year)
    pages = sorted(p.parent.relative_to(site).as_posix() for p in (site / "2023").rglob("index.html"))
    assert len(pages) > 20
    for url in pages:
        assert article(two, url) == article(site, url), url
    # the home page still presents 2023, says so, and points at the 2024 draft
    home = article(two, ".")
    assert {k[:4] for k in figures_shown(home)} == {"2023"}
    assert "Số liệu chính năm 2023" in home
    assert re.search(r'class="other-years">.*Báo cáo năm 2024</a> \(bản dự thảo, còn \d+ số liệu chưa báo cáo; '
                     r'còn \d+ phần chưa soạn, trên \d+ trang\)', home)


def body_lines(text: str) -> list:
    """The non-blank lines of a page after its front matter."""
    return [ln for ln in text.split("---", 2)[-1].split("\n") if ln.strip()]


@pytest.mark.build
def test_a_page_of_only_macros_and_the_documents_registry_come_over(two_years):
    """Page 1.1 holds nothing the committee wrote (headings and macro calls): 2024 gets it as it is, without 2023's
    editorial notes, and its macros show 2024 (every indicator 'chưa báo cáo'). The documents registry comes whole,
    so a 2023 sentence copied into 2024 keeps its citations."""
    project, site, _ = two_years
    old = (project / "docs/2023/ii-1-1-chi-tieu-nganh.md").read_text(encoding="utf-8")
    new = (project / "docs/2024/ii-1-1-chi-tieu-nganh.md").read_text(encoding="utf-8")
    calls = lambda text: re.findall(r"\{\{.*?\}\}", text)
    assert calls(new) == [c for c in calls(old) if "note(" not in c] and len(calls(new)) > 10
    assert [ln for ln in body_lines(new) if ln.startswith("#")] == \
        [ln.replace("2023", "2024") for ln in body_lines(old) if ln.startswith("#")]
    page = html.unescape(re.sub(r"<[^>]+>", "", article(site, "2024/ii-1-1-chi-tieu-nganh")))
    assert "chưa được soạn" not in page and "năm 2024" in page
    table = article(site, "2024/ii-1-1-chi-tieu-nganh")
    statuses = set(re.findall(r'class="status status-([a-z_]+)"', table))
    assert statuses == {"chua_bao_cao"}, statuses
    # a page the committee wrote is still only its headings, each section marked not written yet
    prose = (project / "docs/2024/ii-1-2-01-thong-tin-bao-chi.md").read_text(encoding="utf-8")
    assert calls(prose) == ["{{ unwritten() }}"]
    old_docs = yaml.safe_load((project / "data/2023/documents.yml").read_text(encoding="utf-8"))["documents"]
    new_docs = yaml.safe_load((project / "data/2024/documents.yml").read_text(encoding="utf-8"))["documents"]
    assert list(new_docs) == list(old_docs)
    for key, doc in old_docs.items():   # 2023's editorial decisions stay 2023's; the number is the source's
        assert "decision" not in new_docs[key] and "corrected_number" not in new_docs[key]
        assert new_docs[key]["number"] == doc["number"]
    assert "qd_85_tw" in article(site, "2024/van-ban")


UNWRITTEN = "[chưa soạn]"


def word_sections(path: Path) -> list:
    """[(heading, [the paragraphs under it, up to the next heading])] of a real Word file, read with python-docx."""
    import docx
    sections = []
    for p in docx.Document(str(path)).paragraphs:
        if p.style.name.startswith("Heading"):
            sections.append((p.text, []))
        elif sections and p.text.strip():
            sections[-1][1].append(p.text)
    return sections


@pytest.mark.build
def test_a_section_not_written_yet_prints_a_placeholder_and_keeps_the_report_a_draft(two_years, tmp_path):
    """The Word file of 2024 right after new-year: every section that has words in 2023's print holds, under the
    same heading (year moved on), either 2024's own words (page 1.1, its macros) or the visible placeholder, never
    a bare heading; the command names the sections still to write as a reason the report is a draft."""
    project, site, _ = two_years
    printed = {}
    for year in (2023, 2024):
        out = tmp_path / f"{year}.docx"
        result = run(project, "docx", "--year", str(year), "--site", str(site), "--out", str(out))
        assert result.returncode == 0, result.stderr
        printed[year] = (word_sections(out), result.stdout)
    old, new = printed[2023][0], printed[2024][0]
    assert [h.replace("2024", "2025").replace("2023", "2024") for h, _ in old] == [h for h, _ in new]
    placeholders = 0
    for (heading, old_body), (_, new_body) in zip(old, new):
        assert bool(old_body) == bool(new_body), (heading, new_body)   # no bare heading, nothing invented
        placeholders += new_body == [UNWRITTEN]
    assert placeholders > 30
    assert f"còn {placeholders} phần chưa soạn" in printed[2024][1]
    assert UNWRITTEN not in printed[2023][1] and "chưa soạn" not in " ".join(t for _, b in old for t in b)
    check = run(project, "check")        # and check says where each one is
    assert check.returncode == 0 and f"Năm 2024: còn {placeholders} phần chưa soạn" in check.stdout
    assert "docs/2024/ii-2-3-kiem-tra-giam-sat.md: dòng " in check.stdout


def test_the_pdf_prints_what_the_word_file_prints_not_the_editors_box(two_years, browser, tmp_path):
    """The PDF of 2024 right after new-year: the placeholders the Word file holds, and not the on-screen box that tells
    the editor how the page was made (an admonition: the Word file and the printed text `sign` stores leave it out)."""
    from pypdf import PdfReader
    project, site, _ = two_years
    out = tmp_path / "2024.pdf"
    result = run(project, "pdf", "--year", "2024", "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = re.sub(r"\s+", " ", " ".join((p.extract_text() or "") for p in PdfReader(str(out)).pages))
    assert "chưa được soạn" not in text and "python -m macros" not in text, text[:1500]
    word = tmp_path / "2024.docx"
    assert run(project, "docx", "--year", "2024", "--site", str(site), "--out", str(word)).returncode == 0
    placeholders = sum(body.count(UNWRITTEN) for _, body in word_sections(word))
    assert placeholders > 30 and text.count(UNWRITTEN) == placeholders


@pytest.mark.build
def test_a_document_marked_out_of_use_cannot_be_cited(two_years, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(two_years[0], project)
    page = project / "docs/2024/ii-1-2-01-thong-tin-bao-chi.md"
    page.write_text(page.read_text(encoding="utf-8") + '\nTheo {{ doc("qd_85_tw") }}.\n', encoding="utf-8")
    assert run(project, "check").returncode == 0
    docs = project / "data/2024/documents.yml"
    docs.write_text(docs.read_text(encoding="utf-8").replace("    number: 85-QĐ/TW\n",
                                                             "    number: 85-QĐ/TW\n    out_of_use: true\n"),
                    encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    assert "docs/2024/ii-1-2-01-thong-tin-bao-chi.md" in result.stderr and "out_of_use" in result.stderr


@pytest.fixture(scope="module")
def filled(two_years, tmp_path_factory):
    """The same copy with three 2024 figures filled in (values only in this temporary copy)."""
    project, _, _ = two_years
    old = stated(project, 2023)
    values = {"party.members": old["party.members"] + 2,       # a key figure of the cover, and a rise on 2023
              "party.admitted": 3,                             # measured against plan.new_members (>= 3)
              "party.political_theory_share": 35.5}            # measured against plan.political_theory_share (>= 40)
    for key, value in values.items():
        set_value(project, key, value)
    site = tmp_path_factory.mktemp("filled") / "site"
    built = build_site(project, site)
    assert built.returncode == 0, f"{built.stdout}\n{built.stderr}"
    return project, site, values


def test_filled_figures_show_on_the_2024_pages_the_rest_unreported(filled):
    project, site, values = filled
    table = article(site, "2024/bang-so-lieu")
    rows = dict(re.findall(r'<tr id="([^"]+)" data-key="2024/[^"]+".*?<td class="num">(.*?)</td>', table, re.S))
    for key, spec in stated(project, 2024).items():
        shown = html.unescape(re.sub(r"<[^>]+>", "", rows[key]))
        assert (shown != UNREPORTED) == (key in values or key in constants(project, 2024)), (key, shown)
    assert html.unescape(re.sub(r"<[^>]+>", "", rows["party.political_theory_share"])) == "35,5%"
    pending = sum(1 for v in stated(project, 2024).values() if v is None)
    summary = re.search(r'class="unreported-count">(\d+)<', table)
    assert summary and int(summary.group(1)) >= pending
    assert figures_shown(article(site, "2024"))["2024/party.members"] == str(values["party.members"])
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    indicators = yaml.safe_load((project / "data/2024/indicators.yml").read_text(encoding="utf-8"))
    todo = pending + sum(1 + ("{target}" in (i.get("name") or "")) for s in indicators["sectors"] for i in s["indicators"])
    assert f"Năm 2024: còn {todo} số liệu chưa báo cáo" in check.stdout


def test_2024_page_sets_the_2023_plan_beside_2024_results_with_statuses(filled):
    project, site, values = filled
    plan = yaml.safe_load((project / "data/2023/plan.yml").read_text(encoding="utf-8"))["figures"]
    page = article(site, "2024/ke-hoach-ket-qua")
    rows = re.findall(r'<tr data-target="plan\.([a-z_]+)" data-result="([^"]*)">(.*?)</tr>', page, re.S)
    assert [r[0] for r in rows] == [k for k, spec in plan.items() if spec.get("op")]
    expected_counts = {"đạt": 0, "chưa đạt": 0, "chưa báo cáo": 0}
    for name, result_key, row in rows:
        spec = plan[name]
        assert result_key == spec["next_year_key"]
        result = values.get(result_key)
        expected = "chưa báo cáo" if result is None else "đạt" if OPS[spec["op"]](result, spec["value"]) else "chưa đạt"
        expected_counts[expected] += 1
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[1] == spec["label"] and cells[4] == expected, (name, cells)
        assert cells[2].startswith({">=": "≥ ", ">": "> "}[spec["op"]])
    assert expected_counts["đạt"] == 1 and expected_counts["chưa đạt"] == 1
    # the dashboard's section says the same in one line
    dashboard = html.unescape(re.sub(r"<[^>]+>", "", article(site, "2024/tong-quan-chi-tieu")))
    assert "Kết quả năm 2024 so với chỉ tiêu báo cáo năm 2023 đề ra" in dashboard
    assert f"{len(rows)} chỉ tiêu: 1 đạt, 1 chưa đạt, {len(rows) - 2} chưa báo cáo" in dashboard
    assert "So với năm 2023" in dashboard


def test_years_side_by_side(filled):
    project, site, values = filled
    old = stated(project, 2023)
    page = article(site, "2024/so-sanh-cac-nam")
    rows = {k: [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for k, row in re.findall(r'<tr data-key="([^"]+)" data-direction="[^"]+">(.*?)</tr>', page, re.S)}
    members = rows["party.members"]
    rise = values["party.members"] - old["party.members"]
    assert members[2:] == [str(old["party.members"]), str(values["party.members"]), f"+{rise}", "tăng"]
    assert rows["party.cells"][4:] == ["—", "chưa báo cáo"]
    assert rows["telecom.smartphone_users"][5] == "chưa báo cáo"
    assert set(rows) <= figure_keys(project, 2023) | {k for k in rows if k.startswith("indicators.")}
    assert "Năm 2023 → năm 2024:" in page


def test_pdf_year_2023_still_prints_2023(filled, browser):
    """With a 2024 draft beside it, `pdf` (no --year) and `pdf --year 2023` print the 2023 report."""
    from pypdf import PdfReader
    project, site, _ = filled
    for args in ((), ("--year", "2023")):
        out = project.parent / f"bao-cao{len(args)}.pdf"
        result = run(project, "pdf", *args, "--site", str(site), "--out", str(out))
        assert result.returncode == 0, result.stderr
        text = " ".join((p.extract_text() or "") for p in PdfReader(str(out)).pages)
        flat = re.sub(r"\s+", " ", text)
        assert "năm 2023 và nhiệm vụ trọng tâm năm 2024" in flat, flat[:400]
        assert "chưa báo cáo" not in flat


def fill_every_2024_figure(project: Path) -> None:
    """Every 2024 figure of the copy reported (2023's value where there is one) and 2023's indicators."""
    for path in (project / "data/2024").glob("*.yml"):
        text = re.sub(r"value: null   # chưa báo cáo; năm 2023: (\S+)[^\n]*", r"value: \1", path.read_text(encoding="utf-8"))
        text = re.sub(r"value: null   # chưa báo cáo; năm 2023 đếm[^\n]*", "value: 1", text)
        text = text.replace("value: null   # chưa báo cáo", "value: 1" if path.stem == "party" else "value: null")
        path.write_text(text, encoding="utf-8")
    indicators = (project / "data/2023/indicators.yml").read_text(encoding="utf-8")   # 2023's, without its notes
    (project / "data/2024/indicators.yml").write_text(
        re.sub(r"\n\s+(decision|status_decision|source_status|reason_document):[^\n]*", "", indicators), encoding="utf-8")


def fill_the_2024_document(project: Path) -> None:
    """data/2024/report.yml with a number, a date, a signer, recipients and someone's confirmation (in the copy)."""
    path = project / "data/2024/report.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("number", "15"), ("date", "2024-12-16"), ("signer_name", '"Người Ký"'),
                       ("recipients", '["Lưu Văn phòng Đảng ủy."]'),
                       ("confirmed", "{by: Văn phòng Đảng ủy, date: 2024-12-16}")):
        text, n = re.subn(rf"^{key}: null.*$", f"{key}: {value}", text, flags=re.M)
        assert n == 1, key
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fixture, still", [("two_years", "phần chưa soạn"), ("from_text", "đoạn chưa sửa từ năm 2023")])
def test_sign_refuses_a_report_whose_pages_are_not_written_or_revised(fixture, still, request, tmp_path):
    """Every figure reported and report.yml complete, but the pages still new-year's: the report is a draft (the
    PDF and the Word file say DỰ THẢO), so `sign` refuses, names why and stores nothing."""
    project = tmp_path / "project"
    shutil.copytree(request.getfixturevalue(fixture)[0], project)
    fill_every_2024_figure(project)
    fill_the_2024_document(project)
    check = run(project, "check")
    assert check.returncode == 0 and "chưa báo cáo" not in check.stdout and still in check.stdout, check.stdout
    result = run(project, "sign", "--year", "2024")
    assert result.returncode == 1, result.stdout
    assert "còn là dự thảo" in result.stderr and still in result.stderr
    assert not (project / "data/2024/signed.txt").exists()


def test_a_complete_2024_becomes_the_default_year(filled, tmp_path):
    """Every 2024 figure filled (in the copy) is not enough while new-year's sections are "[chưa soạn]": the signed
    2023 report stays the one presented and printed by default. Write them too: the home page and `pdf`'s default
    move to 2024, in one piece."""
    from macros.output.build import default_year
    project, _, _ = filled
    fill_every_2024_figure(project)
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    assert "chưa báo cáo" not in check.stdout and "phần chưa soạn" in check.stdout
    assert default_year(project) == 2023
    for page in (project / "docs/2024").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("{{ unwritten() }}", "Phần này đã soạn."), encoding="utf-8")
    assert default_year(project) == 2024
    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, f"{built.stdout}\n{built.stderr}"
    home = article(site, ".")
    assert {k[:4] for k in figures_shown(home)} == {"2024"}
    assert "Số liệu chính năm 2024" in home and 'href="2024/' in home and 'href="2023/' in home   # 2023: other years
    assert "Báo cáo năm 2023</a>" in home
    # the office with only the Git server's web pages signs too: nhap/da-ky.txt, applied as `sign --year 2024`
    fill_the_2024_document(project)
    (project / "nhap").mkdir(exist_ok=True)
    (project / "nhap/da-ky.txt").write_text("2024\n", encoding="utf-8")
    signed = run(project, "inbox")
    assert signed.returncode == 0, signed.stdout + signed.stderr
    assert "Lưu văn bản đã ký năm 2024" in signed.stdout and not (project / "nhap/da-ky.txt").exists()
    assert "Phần này đã soạn." in (project / "data/2024/signed.txt").read_text(encoding="utf-8")


def test_a_plan_target_whose_result_the_next_year_lacks_is_an_error(project):
    """Deleting from 2024 the figure a 2023 target is measured by is refused, at the target's line in plan.yml."""
    assert run(project, "new-year", "2024").returncode == 0
    party = project / "data/2024/party.yml"
    text, n = re.subn(r"\n  admitted:\n(?:    [^\n]*\n)+", "\n", party.read_text(encoding="utf-8"))
    assert n == 1
    party.write_text(text, encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    line = next(no for no, t in enumerate((project / "data/2023/plan.yml").read_text(encoding="utf-8").split("\n"), 1)
                if t == "  new_members:")
    assert f"data/2023/plan.yml:{line} [khoá/key: figures.new_members.next_year_key]" in result.stderr
    assert "Thêm 'admitted' vào data/2024/party.yml" in result.stderr


@pytest.fixture(scope="module")
def from_text(tmp_path_factory):
    """A copy of the project after `new-year 2024 --from-text`, built strict."""
    from conftest import copy_project
    project = copy_project(tmp_path_factory.mktemp("fromtext") / "project")
    result = run(project, "new-year", "2024", "--from-text")
    assert result.returncode == 0, result.stderr
    site = project.parent / "site"
    built = build_site(project, site)
    assert built.returncode == 0, f"strict build after new-year --from-text failed:\n{built.stdout}\n{built.stderr}"
    return project, site, result.stdout


MARK = '{{ unrevised("2023") }} '


@pytest.mark.build
def test_from_text_copies_every_paragraph_marked_and_the_report_is_a_draft(from_text):
    project, site, out = from_text
    marks = {}
    for old in sorted((project / "docs/2023").glob("*.md")):
        new = project / "docs/2024" / old.name
        if old.name in SYSTEM_PAGES or not new.exists():
            continue
        old_text, new_text = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
        marks[new.name] = new_text.count(MARK)
        # the 2023 words, unchanged but for the marks, the headings' years and 2023's editorial notes
        stripped = re.sub(r"[ \t]*\{\{ note\([^}]*\}\}", "", old_text)
        for line in body_lines(stripped):
            if not line.startswith("#") and line.strip(" .,;:") and not line.startswith("{{ indicators"):
                assert line in new_text.replace(MARK, ""), (new.name, line)
    total = sum(marks.values())
    assert total > 50 and f"{total} đoạn đánh dấu" in out
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    assert f"Năm 2024: còn {total} đoạn chưa sửa từ năm 2023" in check.stdout
    cover = html.unescape(re.sub(r"<[^>]+>", "", article(site, "2024")))
    assert f"còn {total} đoạn chưa sửa từ năm 2023" in cover and "DỰ THẢO" in cover
    page = article(site, "2024/iii-2-nhiem-vu-trong-tam")
    assert page.count('class="unrevised"') == marks["iii-2-nhiem-vu-trong-tam.md"]
    shown = figures_shown(page)
    assert shown and set(shown.values()) == {UNREPORTED}      # the figures are 2024's: none reported yet


@pytest.mark.build
def test_a_revised_paragraph_loses_its_mark_and_the_count_drops(from_text, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(from_text[0], project)
    page = project / "docs/2024/ii-2-4-doan-the.md"
    text = page.read_text(encoding="utf-8")
    total = sum(p.read_text(encoding="utf-8").count(MARK) for p in (project / "docs/2024").glob("*.md"))
    page.write_text(text.replace(MARK, "", 1), encoding="utf-8")
    check = run(project, "check")
    assert f"còn {total - 1} đoạn chưa sửa từ năm 2023" in check.stdout
    for p in (project / "docs/2024").glob("*.md"):
        p.write_text(p.read_text(encoding="utf-8").replace(MARK, ""), encoding="utf-8")
    check = run(project, "check")
    assert check.returncode == 0 and "đoạn chưa sửa" not in check.stdout


def test_documents_come_over_with_an_approved_correction_applied_and_no_decision():
    """new-year's documents.yml (quick tier, a small registry): 2023's decisions stay 2023's."""
    from types import SimpleNamespace

    from macros.commands.newyear import documents_yaml
    text = ("# yaml-language-server: $schema=../schemas/documents.schema.json\n"
            "documents:\n"
            "  a:\n    kind: Công văn\n    number: 1/X-Y\n    corrected_number: 1/X-Z\n    decision: sua_a\n"
            "  b:\n    kind: Công văn\n    number: 2/X-Y\n    corrected_number: 2/X-Z\n    decision: sua_b\n"
            "  c:\n    kind: Quy định\n    number: 85-QĐ/TW\n")
    prev = SimpleNamespace(year=2023, documents=yaml.safe_load(text)["documents"],
                           decisions={"sua_a": {"approval": "Đảng ủy, 2024-01-05"}, "sua_b": {"approval": None}})
    out = yaml.safe_load(documents_yaml(text, prev, "data/2023/documents.yml", 2024))["documents"]
    assert out == {"a": {"kind": "Công văn", "number": "1/X-Z"}, "b": {"kind": "Công văn", "number": "2/X-Y"},
                   "c": {"kind": "Quy định", "number": "85-QĐ/TW"}}


def test_a_page_not_written_keeps_its_places_to_write_a_year_later():
    """new-year 2025 from a 2024 page still as new-year 2024 made it: the same sections marked, no more (a box that
    told the editor how the page was made, as new-year once wrote, is not a section's words). Pure text functions, on
    the real 2023 pages."""
    from macros.sources.nextyear import UNWRITTEN_MARK, page_skeleton
    for page in sorted((ROOT / "docs/2023").glob("*.md")):
        if page.name in SYSTEM_PAGES:
            continue
        first = page_skeleton(page.read_text(encoding="utf-8"), 2023, 2024, "x")
        # nothing but headings and the marks: no note "not written yet" that would outlive them (it stayed on the
        # pages of the signed 2024 report once every section was written)
        assert all(ln.startswith("#") or ln == UNWRITTEN_MARK for ln in body_lines(first)), page.name
        again = page_skeleton(first, 2024, 2025, "x")
        assert again.count(UNWRITTEN_MARK) == first.count(UNWRITTEN_MARK), page.name
        assert [ln for ln in again.split("\n") if ln.startswith("#")] == \
            [ln.replace("2025", "2026").replace("2024", "2025") for ln in first.split("\n") if ln.startswith("#")]


def test_the_presented_year_waits_for_every_section_and_paragraph():
    """Quick tier, bare years: a year whose figures are all reported is presented only once no section is
    "[chưa soạn]" and no paragraph still "[chưa sửa từ năm 2023]" (new-year, new-year --from-text)."""
    from pathlib import Path as P

    from macros.data.model import Dataset, Year
    for marks in ({"unwritten": [("2024/a.md", 10)]}, {"unrevised": [("2024/a.md", 3, "2023")]}, {}):
        ds = Dataset(P("."), {2023: Year(2023), 2024: Year(2024, **marks)})
        assert ds.presented() == (2023 if marks else 2024), marks


def test_a_date_of_last_year_in_the_new_years_data_is_for_the_reviewer_to_confirm():
    """A unit that fills the workbook's 2024 column from its 2023 column gives "ngày kỷ niệm … năm 2024" the 2023
    date: the pull request's table asks the reviewer (diff's slips, quick tier on bare years). A date that does not
    move with the year (21/06/1925) and a 2024 date are not flagged."""
    import datetime as dt
    from pathlib import Path as P

    from macros.data.changes import FigureChange, slips
    from macros.data.model import Dataset, Figure, Year

    def fig(year, key, value):
        return Figure(key, year, "Ngày", "ngày", "date", value)
    last = {"e.celebrated": dt.date(2023, 6, 21), "e.founded": dt.date(1925, 6, 21), "e.as_of": dt.date(2023, 11, 30)}
    given = {"e.celebrated": dt.date(2023, 6, 21), "e.founded": dt.date(1925, 6, 21), "e.as_of": dt.date(2024, 11, 30)}
    head = Dataset(P("."), {y: Year(y, {k: fig(y, k, v) for k, v in values.items()})
                            for y, values in ((2023, last), (2024, given))})
    changes = [FigureChange(f"2024/{k}", fig(2024, k, None), head.years[2024].figures[k]) for k in given]
    flagged = slips(changes, [], head)
    assert [s.key for s in flagged] == ["2024/e.celebrated"], flagged
    assert "21/06/2023" in flagged[0].vi and "năm 2024" in flagged[0].vi
    assert slips(changes, []) == []       # without the head's data: only the same-key slips, as before


def test_the_draft_reasons_example_date_is_the_reports_year():
    """`pdf`/`sign` say how to confirm report.yml with an example an editor copies: for the 2024 report a 2024 date,
    never 2023's (quick tier: draft_reasons on a bare year)."""
    from types import SimpleNamespace

    from macros.html.document import draft_reasons
    year = SimpleNamespace(year=2024, report={"file": "data/2024/report.yml"}, decisions={}, sectors=[],
                           unreported=lambda: [], unrevised=[], unwritten=[])
    reason = next(r for r in draft_reasons(year) if "confirmed" in r)
    assert "date: 2024-12-15" in reason and "2023" not in reason, reason


def test_the_new_years_document_starts_as_a_first_draft():
    """A draft label of last year's report ("Dự thảo lần 3": which draft that was) is not the new report's: 2024
    starts with the default mark; the facts that stay (bodies, place, forms) come over, the year's own are null."""
    from macros.commands.newyear import report_yaml
    last = {"superior_body": "ĐẢNG BỘ CẤP TRÊN", "issuing_body": "ĐẢNG ỦY", "number": 45, "number_suffix": "-BC/ĐU",
            "place": "An Giang", "date": "2023-12-15", "document_type": "BÁO CÁO",
            "summary": "Tình hình năm 2023 và nhiệm vụ năm 2024", "on_behalf": "T/M ĐẢNG ỦY", "signer_title": "BÍ THƯ",
            "signer_name": "Người Ký", "recipients": ["Lưu Văn phòng."], "confirmed": {"by": "Văn phòng", "date": "2023-12-15"},
            "recipients_form": "nha-nuoc", "draft_label": "Dự thảo lần 3", "draft_position": "right"}
    new = yaml.safe_load(report_yaml(last, 2023, 2024))
    assert "draft_label" not in new
    assert {k: new[k] for k in ("number", "date", "signer_name", "recipients", "confirmed")} == dict.fromkeys(
        ("number", "date", "signer_name", "recipients", "confirmed"))
    assert new["summary"] == "Tình hình năm 2024 và nhiệm vụ năm 2025"
    assert (new["recipients_form"], new["draft_position"], new["place"]) == ("nha-nuoc", "right", "An Giang")


def test_a_constant_fact_comes_over_with_its_value_the_rest_unreported():
    """A fact that does not change from year to year (the day the revolutionary press was founded, 21/6/1925; a
    birthday) is `constant: true` in the data: new-year copies its value, never asks for it again; every other value
    becomes null ("chưa báo cáo"). Read back with YAML, not through the code under test."""
    from macros.commands.newyear import figures_yaml
    text = ("# yaml-language-server: $schema=../schemas/figures.schema.json\n"
            "title: Sự kiện\nfigures:\n"
            "  founded:\n    label: Ngày Báo chí Cách mạng Việt Nam\n    value: 1925-06-21\n    unit: ngày\n"
            "    constant: true\n    source: I\n"
            "  celebrated:\n    label: Ngày kỷ niệm năm 2023\n    value: 2023-06-21\n    unit: ngày\n"
            "  years:\n    label: Số năm kỷ niệm năm 2023\n    value: 98\n    unit: năm\n")
    new = yaml.safe_load(figures_yaml(text, "data/2023/events.yml", 2023, 2024))["figures"]
    assert new["founded"]["value"] == yaml.safe_load(text)["figures"]["founded"]["value"]
    assert new["founded"]["constant"] is True
    assert new["celebrated"]["value"] is None and new["years"]["value"] is None


def two_targets_project(root: Path, admission_target, decision: str = "") -> Path:
    """2023 with a plan setting 2024's admissions (plan.new_members, next_year_key party.admitted) and 2024 whose
    party.yml states the year's resolution's target too (admission_target, `target_of: admitted`)."""
    shutil.copytree(ROOT / "data/schemas", root / "data/schemas")
    head = "# yaml-language-server: $schema=../schemas/figures.schema.json\n"
    rules = "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n"
    for year in (2023, 2024):
        (root / f"data/{year}").mkdir(parents=True)
        (root / f"data/{year}/rules.yml").write_text(rules, encoding="utf-8")
    (root / "data/2023/plan.yml").write_text(
        head + "title: Chỉ tiêu năm 2024\nfigures:\n  new_members:\n    label: Đảng viên kết nạp thêm trong năm\n"
        "    value: 3\n    unit: đảng viên\n    op: \">=\"\n    next_year_key: party.admitted\n", encoding="utf-8")
    (root / "data/2023/party.yml").write_text(
        head + "title: Đảng\nfigures:\n  admitted:\n    label: Kết nạp\n    value: 2\n    unit: đảng viên\n",
        encoding="utf-8")
    (root / "data/2024/party.yml").write_text(
        head + "title: Đảng\nfigures:\n  admitted:\n    label: Kết nạp\n    value: null\n    unit: đảng viên\n"
        f"  admission_target:\n    label: Chỉ tiêu kết nạp theo nghị quyết năm 2024\n    value: {admission_target}\n"
        f"    unit: đảng viên\n    target_of: admitted\n{decision}", encoding="utf-8")
    return root


@pytest.mark.parametrize("stated, refused", [(4, True), (3, False), ("null", False)])
def test_two_different_targets_for_one_result_are_for_the_office_to_settle(tmp_path, stated, refused):
    """The 2024 report would show two targets for admissions: party.admission_target (the 2024 resolution's, on the
    page that quotes it) and the 2023 plan's new_members (the page 'Kết quả so với chỉ tiêu' compares the result with
    it). check does not choose: while they differ it names both, file:line and key, in Vietnamese and English, and
    says what to do; the same number, a target not given yet, or a recorded editorial decision settles it."""
    from macros import data
    from macros.cache import DISABLED
    ds = data.load(two_targets_project(tmp_path, stated), cache=DISABLED)
    found = [e for e in ds.errors if "admission_target" in e.key]
    assert [e for e in ds.errors if e not in found] == []
    if not refused:
        assert found == []
        return
    assert len(found) == 1, ds.errors
    said = str(found[0])
    assert said.startswith("data/2024/party.yml:8") and "party.admission_target" in said
    assert "data/2023/plan.yml:4" in said and "plan.new_members" in said and "Kết quả so với chỉ tiêu" in said
    assert "4" in found[0].vi and "3" in found[0].vi and found[0].en and "decisions.yml" in found[0].fix
    decided = two_targets_project(tmp_path / "decided", 4, "    decision: chi_tieu_ket_nap\n")
    (decided / "data/2024/decisions.yml").write_text(
        "# yaml-language-server: $schema=../schemas/decisions.schema.json\ndecisions:\n  chi_tieu_ket_nap:\n"
        "    title: Chỉ tiêu kết nạp\n    source_says: Kế hoạch năm 2023 đặt 03\n"
        "    decision: Nghị quyết năm 2024 nâng lên 04\n    approval: null\n", encoding="utf-8")
    assert data.load(decided, cache=DISABLED).errors == []


def test_the_workbook_shows_the_plans_target_beside_the_years_own(tmp_path):
    """The unit filling the 2024 resolution's admission target sees, in column F, what the 2023 plan set for the
    same result: a different number is seen while filling, before check refuses it."""
    from macros import data
    from macros.cache import DISABLED
    from macros.sheet.rows import year_rows
    root = two_targets_project(tmp_path, "null")
    rows = {r.key: r for r in year_rows(root, data.load(root, cache=DISABLED), 2024)}
    assert "2023" in rows["party.admission_target"].target and "3" in rows["party.admission_target"].target
    assert rows["party.admitted"].target.endswith("3")


def test_an_indicator_without_name_or_unit_asks_only_its_status():
    """2023 gives the indicators the source does not name only a status: no name, no unit, no result. new-year wrote
    `actual: null` for them too, and the workbook asked the units for a result in '%' (the default unit) of an
    indicator nobody could identify: a count typed there was published as a percentage. Such an indicator asks for its
    status only; one with a name or a unit still asks for its result."""
    from macros.commands.newyear import indicators_yaml
    data = {"title": "Chỉ tiêu ngành năm 2023", "sectors": [{"id": "s", "name": "S", "lead": "Lĩnh vực S", "indicators": [
        {"id": "s_01", "status": "đạt"},
        {"id": "s_02", "name": "Tỷ lệ đạt {target}", "target": 90, "unit": "%", "actual": 87, "status": "khó đạt"},
        {"id": "s_03", "unit": "trang", "status": "đạt"}]}]}
    out = {i["id"]: i for i in yaml.safe_load(indicators_yaml(data, 2023, 2024))["sectors"][0]["indicators"]}
    assert "actual" not in out["s_01"] and out["s_01"]["status"] == "chưa báo cáo"
    assert "actual" in out["s_02"] and out["s_02"]["actual"] is None
    assert "actual" in out["s_03"] and out["s_03"]["unit"] == "trang"


def test_no_page_of_2024_describes_itself_as_another_years_report(two_years):
    """The pages' <meta name="description"> (what an intranet search or a shared link shows under the title) came
    from mkdocs.yml's site_description, which named the 2023 report: every 2024 page, and the home page once it
    presents 2024, said 'năm 2023 và nhiệm vụ trọng tâm năm 2024'. A page of a year names no other report's year."""
    _, site, _ = two_years
    pages = sorted((site / "2024").rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        found = re.search(r'<meta name="description" content="([^"]*)"', page.read_text(encoding="utf-8"))
        years = set(re.findall(r"\b(?:19|20)\d\d\b", found.group(1) if found else ""))
        assert years <= {"2024", "2025"}, (page.relative_to(site).as_posix(), found and found.group(1))


def test_a_paragraph_left_as_last_year_wrote_it_and_naming_last_year_is_said(tmp_path, capsys):
    """--from-text: the editor removes the marks (all at once, in the web editor) and revises some paragraphs only.
    Nothing told that '… Ngày Chuyển đổi số quốc gia năm 2023.' was still there word for word in the 2024 report:
    check was silent, the report became complete and could be signed. check says which paragraphs are 2023's word
    for word and still name 2023 (not an error: some are right as they stand)."""
    from macros.commands.check import unrevised_words_report
    from macros.sources.nextyear import page_from_text
    before = ("# I. Kết quả nổi bật năm 2023\n\n- Hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023.\n"
              "- Kỷ niệm {{ fig(\"events.press_day_anniversary\") }} năm Ngày Báo chí.\n"
              "- Tổng kết năm 2023 {{ note(\"d1\") }}\n- Triển khai Kế hoạch số {{ doc(\"kh_2023\") }}.\n"
              "- Kế hoạch năm 2023 đã sửa.\n")
    copied, marked = page_from_text(before, 2023)
    assert marked == 5
    revised = copied.replace('{{ unrevised("2023") }} ', "").replace("năm 2023 đã sửa", "năm 2024 đã sửa")
    (tmp_path / "docs/2023").mkdir(parents=True)
    (tmp_path / "docs/2024").mkdir()
    (tmp_path / "docs/2023/a.md").write_text(before, encoding="utf-8")
    (tmp_path / "docs/2024/a.md").write_text(revised, encoding="utf-8")
    said = unrevised_words_report(tmp_path, tmp_path / "docs", 2024)
    lines = revised.split("\n")
    stale = [n for n, line in enumerate(lines, 1) if "Chuyển đổi số quốc gia năm 2023" in line or "Tổng kết" in line]
    assert said[0].startswith("Năm 2024: 2 đoạn giống hệt lời văn năm 2023")
    assert said[1:] == [f"  docs/2024/a.md: dòng {stale[0]}, {stale[1]}"]
    assert unrevised_words_report(tmp_path, tmp_path / "docs", 2023) == []
    (tmp_path / "data/2024").mkdir(parents=True)
    (tmp_path / "data/2024/signed.txt").write_text("…\n", encoding="utf-8")   # signed: the committee's words, as they are
    assert unrevised_words_report(tmp_path, tmp_path / "docs", 2024) == []
    (tmp_path / "data/2024/signed.txt").unlink()
    (tmp_path / "docs/2024/a.md").write_text(copied, encoding="utf-8")    # still marked: counted as unrevised, not here
    assert unrevised_words_report(tmp_path, tmp_path / "docs", 2024) == []


def test_an_anniversary_is_computed_from_the_day_typed_never_typed_itself(tmp_path):
    """2024's '99 năm Ngày Báo chí Cách mạng' was a number to type, beside last year's 98 in the workbook's column D:
    a unit copying it, or forgetting to add one, published 98 as 2024's, and nothing checked it (only a test, on
    2023's data). The anniversaries are computed from their dates (years_between): the workbook asks only the day
    celebrated, and the number follows it."""
    from macros import data
    from macros.cache import DISABLED
    from macros.commands.newyear import figures_yaml
    from macros.sheet.rows import year_rows
    src = ROOT / "data/2023/events.yml"
    text = figures_yaml(src.read_text(encoding="utf-8"), "data/2023/events.yml", 2023, 2024)
    shutil.copytree(ROOT / "data/schemas", tmp_path / "data/schemas")
    (tmp_path / "data/2024").mkdir()
    (tmp_path / "data/2024/rules.yml").write_text(
        "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n", encoding="utf-8")
    (tmp_path / "data/2024/events.yml").write_text(text, encoding="utf-8")
    asked = {r.key for r in year_rows(tmp_path, data.load(tmp_path, cache=DISABLED), 2024) if not r.given}
    assert "events.press_day_celebrated" in asked
    assert not {k for k in asked if k.endswith("_anniversary")}
    (tmp_path / "data/2024/events.yml").write_text(
        text.replace("value: null   # chưa báo cáo; năm 2023: 2023-06-21", "value: 2024-06-21"), encoding="utf-8")
    figures = data.load(tmp_path, cache=DISABLED).years[2024].figures
    assert figures["events.press_day_anniversary"].value == 2024 - 1925
    assert figures["events.ton_duc_thang_anniversary"].value is None     # its day not typed yet: not reported


def test_last_years_signing_date_copied_into_the_new_report_is_refused(tmp_path):
    """report.yml of 2024 with `date: 2023-12-16` (last year's, copied): the cover, the PDF and the Word file said
    'An Giang, ngày 16 tháng 12 năm 2023' on the 2024 report and check said nothing. A report of a year is signed in
    that year or later: an earlier date is refused at its line."""
    from macros import data
    from macros.cache import DISABLED
    shutil.copytree(ROOT / "data/schemas", tmp_path / "data/schemas")
    (tmp_path / "data/2024").mkdir()
    (tmp_path / "data/2024/rules.yml").write_text(
        "# yaml-language-server: $schema=../schemas/rules.schema.json\nrules: []\n", encoding="utf-8")
    report = (ROOT / "data/2023/report.yml").read_text(encoding="utf-8")
    report = re.sub(r"(?m)^date: .*$", "date: 2023-12-16", report)
    (tmp_path / "data/2024/report.yml").write_text(report, encoding="utf-8")
    errors = data.load(tmp_path, cache=DISABLED).errors
    line = next(n for n, text in enumerate(report.split("\n"), 1) if text.startswith("date:"))
    assert [(e.file, e.line, e.key) for e in errors] == [("data/2024/report.yml", line, "date")]
    assert "16/12/2023" in errors[0].vi and "2024-12-15" in errors[0].fix
    (tmp_path / "data/2024/report.yml").write_text(report.replace("date: 2023-12-16", "date: 2025-01-05"),
                                                   encoding="utf-8")
    assert data.load(tmp_path, cache=DISABLED).errors == []
