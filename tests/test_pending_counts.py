"""A count a pending decision sets is shown as a proposal (audit: 1.1 Viễn thông counts looked settled).

An editorial decision that sorts an indicator into another status than the source's says so on the indicator
(indicators.yml `status_decision:`). While it is not approved, the indicator's status and every count of indicators
that counts it (sector tallies, the totals over all sectors, the charts' tables) are followed by "[đề nghị]", a link
to the decision in Ghi chú biên tập that a screen reader hears as "đề nghị sửa, chờ Ban Thường vụ duyệt"; approved,
the mark is gone. Words a change already marks as a proposal (the 1.1 sentence) get no second mark.

Expected words are written here; which counts are affected is read from data/2023/*.yml with PyYAML (the data's
`status_decision:` and `approval:`) and checked against the source text's own counts, never from macros/.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import ROOT, build_site, copy_project, run_macros, unsigned

YEAR = 2023
DATA = ROOT / "data" / str(YEAR)
NOTE = "đề nghị sửa, chờ Ban Thường vụ duyệt"
SHOWN = "[đề nghị]"
SLUG = {"đạt": "dat", "khó đạt": "kho_dat", "chưa đạt": "chua_dat", "chưa thực hiện": "chua_thuc_hien",
        "chưa có cơ sở tính": "chua_co_co_so_tinh"}


def read(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))


def proposed_counts() -> tuple[set, set]:
    """(count keys a pending decision sets, every status count key) of the year, from the YAML: a sector's or all
    sectors' count of a status is the decision's proposal when it counts an indicator whose status_decision is
    pending."""
    pending = {k for k, d in read("decisions")["decisions"].items() if not d.get("approval")}
    affected, every = set(), set()
    for sec in read("indicators")["sectors"]:
        for ind in sec["indicators"]:
            source = ind.get("source_status") or []   # the status(es) the source gave: their counts change too
            for group in (sec["id"], "all"):
                every.add(f"indicators.{group}.{SLUG[ind['status']]}")
                if ind.get("status_decision") in pending:
                    for status in {ind["status"], *([source] if isinstance(source, str) else source)}:
                        affected.add(f"indicators.{group}.{SLUG[status]}")
    return affected, every


def marks_after(tree, key: str) -> list[str]:
    """The text of the proposal mark right after each span.fig of `key` in the page (None where there is none)."""
    out = []
    for fig in tree.xpath(f'//span[@class="fig"][@data-key="{YEAR}/{key}"]'):
        nxt = fig.getnext()
        mark = nxt is not None and "proposal-mark" in (nxt.get("class") or "") and not (fig.tail or "").strip()
        out.append(mark_words(nxt) if mark else None)
    return out


def mark_words(mark) -> tuple[str, str, str]:
    """(what the eye sees, what a screen reader hears, where the link leads)."""
    seen = "".join(mark.xpath('.//*[@aria-hidden="true"]//text()'))
    heard = "".join(mark.xpath('.//*[contains(@class,"visually-hidden")]//text()'))
    return seen, heard, mark.get("href")


def page(site: Path, name: str):
    return lxml.html.fromstring((site / str(YEAR) / name / "index.html").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the real site

def test_the_source_counts_the_proposal_changes_are_the_ones_the_data_marks():
    """The oracle itself: the source's line 1.1 Viễn thông (03 đạt, 02 chưa có cơ sở tính, 02 chưa đạt) against the
    counts of indicators.yml — the counts that differ are the ones a pending status_decision makes."""
    source = (DATA / "signed.txt").read_text(encoding="utf-8")
    line = next(l for l in source.splitlines() if l.startswith("Lĩnh vực Viễn thông"))
    said = {status: int(n) for n, status in re.findall(r"(\d\d)/0?7 chỉ tiêu (đạt|chưa có cơ sở tính|chưa đạt)", line)}
    counted = {}
    sec = next(s for s in read("indicators")["sectors"] if s["id"] == "vien_thong")
    for ind in sec["indicators"]:
        counted[ind["status"]] = counted.get(ind["status"], 0) + 1
    differ = {f"indicators.vien_thong.{SLUG[s]}" for s in said if said[s] != counted.get(s, 0)}
    affected, _ = proposed_counts()
    assert differ == {"indicators.vien_thong.chua_dat", "indicators.vien_thong.chua_co_co_so_tinh"}, (said, counted)
    assert differ <= affected and "indicators.vien_thong.dat" not in affected


def test_counts_a_pending_decision_sets_are_marked_and_the_others_not(site):
    affected, every = proposed_counts()
    assert affected, "no pending status_decision in the data: nothing to check"
    decisions = read("decisions")["decisions"]
    pending = {k for k, d in decisions.items() if not d.get("approval")}
    ids = set(page(site, "ghi-chu-bien-tap").xpath("//@id"))
    for name in ("ii-1-1-chi-tieu-nganh", "tong-quan-chi-tieu", "bang-so-lieu"):
        tree = page(site, name)
        seen = 0
        for key in sorted(every | {k.rsplit(".", 1)[0] + ".total" for k in every}):
            found = [m for m in marks_after(tree, key)]
            marked = [m for m in found if m]
            if key not in affected:
                assert not marked, f"{name}: {key} is not a proposal, yet marked: {marked}"
                continue
            for seen_text, heard, href in marked:
                target = href.split("#")[1]
                # heard: the note and which decision (two marks named alike lead to one decision, WCAG 2.4.4)
                title = decisions.get(target, {}).get("title") or target
                assert (seen_text, heard) == (SHOWN, f"{NOTE}: {title}"), (name, key, seen_text, heard)
                assert href.startswith("../ghi-chu-bien-tap/#") and target in pending and target in ids, href
            # a count inside a change already marked (its words underlined: the 1.1 sentence) has no second mark
            inside = [f for f in tree.xpath(f'//span[@class="fig"][@data-key="{YEAR}/{key}"]')
                      if f.xpath('./ins[@class="proposal"]')]
            assert len(marked) == len(found) - len(inside), (name, key, found)
            seen += len(marked)
        assert seen, f"{name}: no count marked as a proposal"


def test_the_1_1_tables_and_charts_mark_their_proposed_counts(site):
    tree = page(site, "ii-1-1-chi-tieu-nganh")
    summary = tree.xpath('//table[contains(@class,"indicators-summary")]')[0]
    row = summary.xpath('.//tr[@data-sector="vien_thong"]')[0]
    cells = {re.sub(r"\s+", " ", td.text_content()).strip() for td in row.xpath("./td")}
    title = read("decisions")["decisions"]["vien_thong_tong_hop"]["title"]   # the decision the marks name
    assert {f"03 {SHOWN}{NOTE}: {title}", f"01 {SHOWN}{NOTE}: {title}", "03", "07"} <= cells, cells   # chưa đạt, …
    # the sector table: each status the decision sets (the names the source lists) is marked too
    table = tree.xpath('//table[@data-sector="vien_thong"]')[0]
    statuses = [(s.text_content(), bool(s.getnext() is not None and "proposal-mark" in s.getnext().get("class", "")))
                for s in table.xpath('.//span[contains(@class,"status ")]')]
    assert statuses and all(marked for _, marked in statuses), statuses
    # the 1.1 sentence: the counts are inside the proposal's underlined words, with its note once
    sentence = next(p for p in tree.xpath("//article//p") if p.text_content().startswith("Lĩnh vực Viễn thông"))
    assert not sentence.xpath('.//a[contains(@class,"proposal-mark")]')
    assert sentence.text_content().count(f"[{NOTE}]") == 1
    # Tổng quan chỉ tiêu: the chart by status says under its drawing that some bars are proposals
    overview = page(site, "tong-quan-chi-tieu")
    notes = {fig.get("data-chart"): " ".join(fig.xpath('.//p[@class="chart-note"]//text()'))
             for fig in overview.xpath('//figure[@data-chart]')}
    assert SHOWN in notes["tinh-trang"] and "chờ Ban Thường vụ duyệt" in notes["tinh-trang"], notes
    named = set(re.findall(r"“([^”]+)”", notes["tinh-trang"].split(" vẽ ")[0]))   # the bars it names
    assert named == {"Chưa đạt", "Chưa có cơ sở tính"}, notes["tinh-trang"]
    assert not notes["linh-vuc"] and not notes["chi-tieu-ket-qua"], notes   # no proposed count drawn there
    desc = overview.xpath('//*[@id="chart-tinh-trang-desc"]')[0].text_content()
    assert f"chưa đạt: 04 ({NOTE})" in desc and f"đạt: 39;" in desc, desc


# --------------------------------------------------------------------------- approving removes the mark

@pytest.fixture(scope="module")
def approved_site(tmp_path_factory):
    """The project with only vien_thong_tong_hop approved, built once."""
    project = copy_project(tmp_path_factory.mktemp("approved") / "project")
    path = project / "data" / str(YEAR) / "decisions.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  vien_thong_tong_hop:")
    at = text.index("    approval: null", start)
    path.write_text(text[:at] + "    approval: {by: Ban Thường vụ Đảng ủy, date: 2023-12-14}"
                    + text[at + len("    approval: null"):], encoding="utf-8")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_an_approved_decision_leaves_its_counts_plain(approved_site):
    title = read("decisions")["decisions"]["vien_thong_tong_hop"]["title"]
    for name in ("ii-1-1-chi-tieu-nganh", "tong-quan-chi-tieu", "bang-so-lieu", "in-toan-van"):
        tree = page(approved_site, name)
        marks = tree.xpath('//a[contains(@class,"proposal-mark")]')   # other decisions' marks stay (still pending)
        assert not [m for m in marks if m.get("href", "").endswith("#vien_thong_tong_hop")], name
        assert not marks or name not in ("ii-1-1-chi-tieu-nganh", "in-toan-van"), name   # no other proposal there
        assert not [n for n in tree.xpath('//p[@class="chart-note"]') if title in n.text_content()], name
    tree = page(approved_site, "ii-1-1-chi-tieu-nganh")
    # still named by the data (the decision sets these counts): plain because it is approved, not forgotten
    assert tree.xpath(f'//span[@class="fig"][@data-proposal="{YEAR}/vien_thong_tong_hop"]')
    row = tree.xpath('//table[contains(@class,"indicators-summary")]//tr[@data-sector="vien_thong"]')[0]
    assert [re.sub(r"\s+", " ", td.text_content()).strip() for td in row.xpath("./td")] == \
        ["03", "00", "03", "00", "01", "07"]


# --------------------------------------------------------------------------- the mechanism, small fixtures

def small_year(approval=None):
    """A year of two sectors: one indicator re-sorted by decision 'k' (pending unless approval), one under decision
    'f' that is about its figure only (decision:), one the source sorted (no decision)."""
    from macros.data.derive import register_tallies
    from macros.data.model import Indicator, Sector, Year
    year = Year(2023, decisions={"k": {"key": "k", "title": "Xếp lại", "approval": approval},
                                 "f": {"key": "f", "title": "Số đo", "approval": None}})
    year.sectors = [Sector("a", "A", "Lĩnh vực A", [Indicator("a1", "a", "chưa đạt", status_decision="k"),
                                                    Indicator("a2", "a", "chưa đạt", decision="f"),
                                                    Indicator("a3", "a", "đạt")]),
                    Sector("b", "B", "Lĩnh vực B", [Indicator("b1", "b", "chưa đạt", decision="f")])]
    register_tallies(year, "data/2023/indicators.yml")
    return year


def summary_marks(year) -> dict:
    """{count key: its mark's words or None} of the summary table, marked as the build marks a page."""
    from macros.html.figures import indicator_summary
    from macros.html.proposals import mark_counts
    html = mark_counts(str(indicator_summary(year)), lambda y: year.decisions, lambda y, key: f"../d/#{key}")
    tree = lxml.html.fromstring(html)
    return {f.get("data-key").split("/", 1)[1]: (mark_words(f.getnext()) if f.getnext() is not None else None)
            for f in tree.xpath('//span[@class="fig"]')}


def test_only_a_status_decision_makes_a_count_a_proposal_until_approved():
    marks = summary_marks(small_year())
    marked = {k: v for k, v in marks.items() if v}
    assert set(marked) == {"indicators.a.chua_dat", "indicators.all.chua_dat"}, marked
    assert marked["indicators.a.chua_dat"] == (SHOWN, f"{NOTE}: Xếp lại", "../d/#k")   # the decision k names
    assert not any(summary_marks(small_year({"by": "Ban Thường vụ Đảng ủy", "date": "2023-12-14"})).values())


def test_a_count_inside_words_already_proposed_gets_no_second_mark():
    from macros.html.proposals import mark_counts
    page_html = ('<p><span class="fig" data-key="2023/x" data-proposal="2023/k"><ins class="proposal">03</ins></span>'
                 ' chỉ tiêu <em class="proposal-note">[đề nghị sửa, chờ Ban Thường vụ duyệt]</em></p>')
    assert mark_counts(page_html, lambda y: {"k": {"title": "t", "approval": None}}, lambda y, k: "#") == page_html


def test_a_count_in_a_links_words_is_marked_after_the_link():
    """The mark is a link: inside a link's words (the form check suggests, [Chưa đạt: {{ fig(…) }}](…)) it made a
    link in a link, which HTML does not have (a browser ends the outer link there). It follows the link instead."""
    import markdown
    from macros.html.proposals import mark_counts
    count = '<span class="fig" data-key="2023/x" data-proposal="2023/k">03</span>'
    nested = re.compile(r"<a\b[^>]*>(?:(?!</a>).)*<a\b", re.S)
    for page, after in ((f"Xem [chưa đạt: {count}](b.md) ở bảng.", "](b.md)"),
                        (f'Xem [chưa đạt: {count} và {count}](b.md "Bảng (2023)") ở bảng.', ' (2023)")'),
                        (f"Xem [chưa đạt: {count}][bang] ở bảng.\n\n[bang]: b.md", "][bang]"),
                        (f'Xem <a href="b.md">chưa đạt: {count}</a> ở bảng.', "</a>"),
                        (f"Chưa đạt: {count} ([xem](b.md)).", count)):
        marked = mark_counts(page, lambda y: {"k": {"title": "t", "approval": None}}, lambda y, k: "../g/#k")
        converted = markdown.markdown(marked)
        assert not nested.search(converted), converted
        assert marked.count('class="proposal-mark"') == 1, marked
        assert marked.index(after) + len(after) < marked.index('class="proposal-mark"') \
            <= marked.index(after) + len(after) + 4, marked


def test_word_and_print_keep_the_mark_and_the_print_comparison_leaves_it_out():
    """The Word file shows '03 [đề nghị]' (the screen reader's words are not on paper); the comparison of the print
    with the signed text reads '03' (the mark is not the committee's words)."""
    from macros.html.proposals import mark_counts
    from macros.output.docx import report_docx
    from macros.output.printed import blocks
    html = mark_counts('<p>Chưa đạt: <span class="fig" data-key="2023/x" data-proposal="2023/k">03</span>.</p>',
                       lambda y: {"k": {"title": "t", "approval": None}}, lambda y, k: "../g/#k")
    document, _ = report_docx(f"<html><body><article>{html}</article></body></html>")
    assert "".join(p.text for p in document.paragraphs) == f"Chưa đạt: 03 {SHOWN}."
    assert [b.text for b in blocks(f"<article>{html}</article>", "x.md")] == ["Chưa đạt: 03."]


# --------------------------------------------------------------------------- a printed count: PDF and Word

@pytest.fixture(scope="module")
def printed_count(tmp_path_factory):
    """The project with a count the decision sets written in a printed section (an editor's sentence), built once;
    signed.txt left out (the sentence is not the source's)."""
    project = unsigned(copy_project(tmp_path_factory.mktemp("printed") / "project"))
    page_md = project / "docs" / str(YEAR) / "ii-1-1-chi-tieu-nganh.md"
    page_md.write_text(page_md.read_text(encoding="utf-8") + '\nChỉ tiêu chưa đạt của lĩnh vực Viễn thông: '
                       '{{ fig("indicators.vien_thong.chua_dat", pad=2) }}.\n', encoding="utf-8")
    site = project / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site


def test_a_printed_count_keeps_its_mark_in_the_word_file(printed_count):
    import docx
    project, site = printed_count
    out = project / "build" / "x.docx"
    result = run_macros("--root", str(project), "docx", "--year", str(YEAR), "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert f"Chỉ tiêu chưa đạt của lĩnh vực Viễn thông: 03 {SHOWN}." in text, text[-2000:]
    assert NOTE not in text.replace(f"[{NOTE}]", ""), "the screen reader's words are not on paper"


def test_a_printed_count_keeps_its_mark_in_the_pdf(printed_count, browser):
    from pypdf import PdfReader
    project, site = printed_count
    out = project / "build" / "x.pdf"
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "pdf", "--year", str(YEAR),
                             "--site", str(site), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))   # Playwright: own process
    assert result.returncode == 0, result.stdout + result.stderr
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert f"Chỉ tiêu chưa đạt của lĩnh vực Viễn thông: 03 {SHOWN}." in text, text[text.find("Chỉ tiêu chưa đạt của"):][:300]


# --------------------------------------------------------------------------- a count a decision empties

def test_a_count_a_pending_decision_empties_is_marked_too():
    """The source sorted a2 as 'khó đạt'; decision k sorts it 'chưa đạt' (indicators.yml `source_status:` records
    the source's). The sector's 'khó đạt' count is then 00 — it counts no indicator — yet it is the proposal's (the
    source said 01): it is marked like the count it went to. A count neither status touches stays plain."""
    from macros.data.derive import register_tallies
    from macros.data.model import Indicator, Sector, Year
    year = Year(2023, decisions={"k": {"key": "k", "title": "Xếp lại", "approval": None}})
    year.sectors = [Sector("a", "A", "Lĩnh vực A", [Indicator("a1", "a", "đạt"),
                                                    Indicator("a2", "a", "chưa đạt", status_decision="k",
                                                              source_status=("khó đạt",))])]
    register_tallies(year, "data/2023/indicators.yml")
    marks = summary_marks(year)
    marked = {k for k, v in marks.items() if v}
    assert year.figures["indicators.a.kho_dat"].value == 0
    assert marked == {"indicators.a.chua_dat", "indicators.a.kho_dat",
                      "indicators.all.chua_dat", "indicators.all.kho_dat"}, marks


def test_which_lines_are_headings():
    """A pending count is refused in a heading (sources/headings.py): the heading's forms Markdown has, and lines
    that only look like one."""
    from macros.sources.headings import is_heading
    page = ["## Chưa đạt: X", "   ### X", "#Không phải đề mục X", "Chưa đạt: X", "===", "", "Đoạn X", "",
            "| a | X |", "|---|---|", "- mục X", "---", "<h3>Chưa đạt: X</h3>", "Chữ", "", "---"]
    assert [n for n in range(1, len(page) + 1) if is_heading(page, n)] == [1, 2, 4, 13]


# --------------------------------------------------------------------------- the readers' downloads

def download_states(year_obj) -> dict:
    """{key: its 'Trạng thái' cell} of the readers' CSV of a year."""
    import csv
    import io
    from macros.sheet.readers import reader_csv
    rows = list(csv.reader(io.StringIO(reader_csv(year_obj).decode("utf-8-sig"))))
    at = rows[0].index("Trạng thái")
    return {r[0]: r[at] for r in rows[1:]}


def decided_figures() -> tuple[dict, dict]:
    """({key: decision} of the values a pending decision proposes, {key: decision} of the other values under a
    decision of their own), as the YAML writes them: a count a pending status_decision sets (proposed_counts); a value
    computed from the data (sum, ratio, items and no `value:`: not the source's words) under a `decision:`, and what
    is computed from one; a stated value's or an indicator's (target, actual) own `decision:` is the source's number
    (its words elsewhere are marked by the decision's changes)."""
    decisions = read("decisions")["decisions"]
    figures = {}
    for path in DATA.glob("*.yml"):
        for key, fig in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or {}).items():
            if isinstance(fig, dict):
                figures[f"{path.stem}.{key}"] = fig
    affected, _ = proposed_counts()
    proposed = {key: "vien_thong_tong_hop" for key in affected}
    for key, fig in figures.items():
        derived = any(k in fig for k in ("sum", "ratio", "items")) and fig.get("value") is None
        if derived and fig.get("decision") and not decisions[fig["decision"]].get("approval"):
            proposed[key] = fig["decision"]
    grown = True
    while grown:   # computed from a proposal: a proposal too
        grown = False
        for key, fig in figures.items():
            refs = [r if "." in r else f"{key.split('.')[0]}.{r}" for r in fig.get("sum") or fig.get("ratio") or []]
            took = next((proposed[r] for r in refs if r in proposed), None)
            if took and key not in proposed:
                proposed[key], grown = took, True
    own = {k: f["decision"] for k, f in figures.items() if f.get("decision") and k not in proposed}
    for sec in read("indicators")["sectors"]:
        for ind in sec["indicators"]:
            if ind.get("decision"):
                own.update({f"indicators.{ind['id']}.{a}": ind["decision"] for a in ("target", "actual") if a in ind})
    return proposed, own


def test_the_readers_download_says_which_values_are_proposals():
    """Beside each value the download says what the page says: a value a pending decision proposes (the page's
    "[đề nghị]") 'Đề nghị, chờ Ban Thường vụ duyệt', another value under a pending decision of its own 'Chưa duyệt'
    (the figures page's column), the decision's title after either; other values nothing; approved, 'Đã duyệt'."""
    from macros import data
    from macros.cache import DISABLED
    year = data.load(ROOT, cache=DISABLED).years[YEAR]
    decisions = read("decisions")["decisions"]
    proposed, own = decided_figures()
    assert {"indicators.vien_thong.chua_dat", "indicators.all.chua_co_co_so_tinh", "party.members_rated",
            "party.members_good_or_better_share", "digital.services_synced_share"} <= set(proposed), proposed
    assert {"digital.services_synced", "indicators.vien_thong_cap_quang.actual"} <= set(own), own
    states = download_states(year)
    for key, cell in states.items():
        if key in proposed:
            assert cell == f"Đề nghị, chờ Ban Thường vụ duyệt (ghi chú biên tập: {decisions[proposed[key]]['title']})", \
                (key, cell)
        elif key in own and not decisions[own[key]].get("approval"):
            assert cell == f"Chưa duyệt (ghi chú biên tập: {decisions[own[key]]['title']})", (key, cell)
        else:
            assert not cell.startswith(("Đề nghị", "Chưa duyệt")), (key, cell)
    assert {k for k, c in states.items() if c} == (set(proposed) | set(own)) & set(states), states
    for d in year.decisions.values():
        d["approval"] = {"by": "Ban Thường vụ Đảng ủy", "date": "2023-12-14"}
    approved = download_states(year)
    assert {k for k, c in approved.items() if c.startswith("Đã duyệt")} == (set(proposed) | set(own)) & set(states)
    assert {c for c in approved.values() if not c.startswith("Đã duyệt")} == {""}, approved


def test_a_value_computed_under_a_pending_decision_is_marked_where_it_shows(site):
    """35 đảng viên được xếp loại (a sum the source never writes: the decision chooses it), the shares computed on it,
    1.440/2.119 as a share: the decision's proposal, marked "[đề nghị]" like a count it re-sorts — on the cover's card,
    the overview, the figures page. A stated value under a decision (79,18% is the source's own in 1.1) and a sum of
    the source's values under none (32 hoàn thành tốt trở lên) stay plain."""
    proposed, own = decided_figures()
    seen = set()
    for name in ("", "tong-quan-chi-tieu", "bang-so-lieu"):
        tree = lxml.html.fromstring((site / str(YEAR) / name / "index.html").read_text(encoding="utf-8"))
        for key in set(proposed) | set(own) | {"party.members_good_or_better"}:
            for mark in marks_after(tree, key):
                if key in proposed and not key.startswith("indicators."):
                    assert mark and mark[0] == SHOWN and mark[1].startswith(f"{NOTE}: "), (name, key, mark)
                    assert mark[2].endswith(f"ghi-chu-bien-tap/#{proposed[key]}"), (name, key, mark)
                    seen.add((name, key))
                elif key not in proposed:
                    assert mark is None, (name, key, mark)
    assert {("", "party.members_rated"), ("tong-quan-chi-tieu", "party.members_good_or_better_share"),
            ("bang-so-lieu", "digital.services_synced_share")} <= seen, seen


def test_diff_says_a_source_status_in_words():
    """`diff` shows a changed source_status as the statuses (the loader holds them as a tuple), never "('…',)"."""
    from macros.commands.diff import value_text
    from macros.data.model import Indicator
    ind = Indicator("a2", "a", "chưa đạt", status_decision="k", source_status=("chưa có cơ sở tính", "chưa đạt"))
    assert value_text(ind.source_status) == "chưa có cơ sở tính; chưa đạt"
    assert value_text(()) == "—"


def test_the_search_index_reads_the_mark_as_the_eye_sees_it(site):
    """A result's excerpt shows '32/35 [đề nghị] đảng viên…', not the screen reader's words glued to it ('[đề nghị]đề
    nghị sửa, chờ…'), and a search for those words does not find every proposed count."""
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    marked = [d for d in docs if d["location"].startswith(f"{YEAR}/") and SHOWN in d["text"]]
    assert marked, "no proposal mark in the index"
    glued = re.compile(re.escape(SHOWN) + r"\s*" + re.escape(NOTE))
    assert not [d["location"] for d in marked if glued.search(d["text"])], \
        [d["text"][d["text"].find(SHOWN) - 40:][:120] for d in marked if glued.search(d["text"])][:3]


def test_a_chart_drawing_a_proposed_value_says_so_under_it(site):
    """Tổng quan chỉ tiêu: every chart whose bars draw a value a pending decision proposes (the overview's 'Kết quả
    năm … so với chỉ tiêu năm sau' draws the shares on 35 đảng viên) names those bars and the decision under its
    drawing, and its description for a screen reader says so; a chart drawing none has no note."""
    proposed, _ = decided_figures()
    decisions = read("decisions")["decisions"]
    tree = page(site, "tong-quan-chi-tieu")
    drawn_any = False
    for fig in tree.xpath("//figure[@data-chart]"):
        note = " ".join(fig.xpath('.//p[@class="chart-note"]//text()'))
        desc = " ".join(fig.xpath(".//*[local-name()='desc']//text()"))
        rows = {}
        for row in fig.xpath('.//table[contains(@class,"chart-data")]//tr[td]'):
            keys = {s.get("data-key").split("/", 1)[1] for s in row.xpath('.//span[@class="fig"]')}
            rows[re.sub(r"\s+", " ", row.xpath("./td|./th")[0].text_content()).strip()] = keys & set(proposed)
        drawn = {name: keys for name, keys in rows.items() if keys}
        if fig.get("data-chart") == "tinh-trang":   # counts by status: named by the status (the test above)
            continue
        if not drawn:
            assert not note, (fig.get("data-chart"), note)
            continue
        drawn_any = True
        assert set(re.findall(r"“([^”]+)”", note.split(" vẽ ")[0])) == set(drawn), (note, drawn)
        assert all(decisions[proposed[k]]["title"] in note for keys in drawn.values() for k in keys), note
        assert desc.count(f"({NOTE})") == sum(len(k) for k in drawn.values()), desc
    assert drawn_any, "no chart draws a proposed value: nothing checked"
