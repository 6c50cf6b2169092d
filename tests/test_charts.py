"""The dashboard (Tổng quan chỉ tiêu): its charts and tables in the REAL built site say what the data files say.

Expectations are computed here from data/2023/*.yml read with plain PyYAML (no project code), and numbers are
formatted here by hand (Vietnamese: decimal comma, tallies padded to two digits).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import yaml
from oracles import decimal as vn

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = "2023/tong-quan-chi-tieu/index.html"


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "2023" / name).read_text(encoding="utf-8"))


def pad(n: int) -> str:
    return f"{n:02d}"


def strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


@pytest.fixture(scope="module")
def page(site) -> str:
    return (site / DASHBOARD).read_text(encoding="utf-8")


def figure(page: str, chart: str) -> str:
    m = re.search(rf'<figure class="chart" data-chart="{chart}">.*?</figure>', page, re.S)
    assert m, f"chart {chart} missing from the dashboard"
    return m.group(0)


def svg_of(fig_html: str) -> ET.Element:
    m = re.search(r"<svg\b.*?</svg>", fig_html, re.S)
    assert m, "no inline <svg> in the figure"
    return ET.fromstring(m.group(0))


def series_values(svg: ET.Element, serie: int) -> list:
    """The printed value labels of one series, top to bottom as drawn (pygal lists them bottom-up)."""
    for g in svg.iter("g"):
        if "text-overlay" in g.get("class", ""):
            for s in g.iter("g"):
                if f"serie-{serie} " in s.get("class", "") + " ":
                    return [t.text for t in s.iter("text")][::-1]
    raise AssertionError(f"no value labels for series {serie}")


def table_rows(fig_html: str, part: str = "tbody") -> list:
    body = re.search(rf"<{part}>(.*?)</{part}>", fig_html, re.S).group(1)
    body = re.sub(r'<a class="proposal-mark".*?</a>', "", body, flags=re.S)   # a proposal's mark: test_pending_counts
    return [[strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def sectors() -> list:
    return load("indicators.yml")["sectors"]


def test_every_chart_is_inline_svg_with_title_desc_and_no_script_or_url(page):
    charts = re.findall(r'<figure class="chart" data-chart="([^"]+)">', page)
    assert len(charts) >= 3
    for name in charts:
        fig_html = figure(page, name)
        assert re.search(r"<figcaption>\S.*?</figcaption>", fig_html)
        assert "<script" not in fig_html and "http" not in fig_html and "xlink:href" not in fig_html
        svg = svg_of(fig_html)
        assert svg.get("role") == "img"
        ids = svg.get("aria-labelledby").split()
        found = {el.get("id"): el for el in svg.iter() if el.get("id") in ids}
        assert [found[i].tag for i in ids] == ["title", "desc"] and all(found[i].text for i in ids)
        assert "<table" in fig_html, "the numbers must be in a table too"


def test_sector_chart_matches_indicators_file(page):
    fig_html = figure(page, "linh-vuc")
    svg = svg_of(fig_html)
    done = [pad(sum(i["status"] == "đạt" for i in s["indicators"])) for s in sectors()]
    total = [pad(len(s["indicators"])) for s in sectors()]
    assert series_values(svg, 0) == done
    assert series_values(svg, 1) == total
    assert table_rows(fig_html) == [[s["name"], d, t] for s, d, t in zip(sectors(), done, total)]
    all_done = sum(i["status"] == "đạt" for s in sectors() for i in s["indicators"])
    all_total = sum(len(s["indicators"]) for s in sectors())
    assert table_rows(fig_html, "tfoot") == [["Tất cả lĩnh vực", pad(all_done), pad(all_total)]]
    desc = svg.find("desc").text
    for s, d, t in zip(sectors(), done, total):
        assert f"{s['name']}: {d}/{t}" in desc
    assert f"{pad(all_done)}/{pad(all_total)}" in desc


def test_status_chart_matches_indicators_file(page):
    fig_html = figure(page, "tinh-trang")
    counts = {}
    for s in sectors():
        for i in s["indicators"]:
            counts[i["status"]] = counts.get(i["status"], 0) + 1
    rows = table_rows(fig_html)
    assert {r[0].lower(): r[1] for r in rows} == {k: pad(v) for k, v in counts.items()}
    assert series_values(svg_of(fig_html), 0) == [r[1] for r in rows]
    assert table_rows(fig_html, "tfoot")[0][1] == pad(sum(counts.values()))


def test_target_chart_has_the_five_indicators_with_target_and_actual(page):
    fig_html = figure(page, "chi-tieu-ket-qua")
    both = [i for s in sectors() for i in s["indicators"] if i.get("target") is not None and i.get("actual") is not None]
    # the source (II.1.1): truyền thanh 87/90, cáp quang 79,18/90, di động 71,34/90, cố định 22,24/25, định danh 8/20
    assert [(i["actual"], i["target"]) for i in both] == [(87, 90), (79.18, 90), (71.34, 90), (22.24, 25), (8, 20)]
    svg = svg_of(fig_html)
    assert series_values(svg, 0) == [vn(i["actual"]) + "%" for i in both]
    assert series_values(svg, 1) == [vn(i["target"]) + "%" for i in both]
    rows = table_rows(fig_html)
    assert [(r[1], r[2], r[3]) for r in rows] == [(vn(i["target"]) + "%", vn(i["actual"]) + "%", i["status"]) for i in both]


def test_plan_chart_pairs_2024_targets_with_2023_results(page):
    fig_html = figure(page, "ke-hoach")
    plan = load("plan.yml")["figures"]
    party = load("party.yml")["figures"]
    pairs = [(k, p) for k, p in plan.items() if p.get("next_year_key") and p["unit"] == "%"   # results 2023 has too
             and p["next_year_key"].startswith("party.") and p["next_year_key"].split(".", 1)[1] in party]
    assert pairs
    svg = svg_of(fig_html)
    assert series_values(svg, 1) == [vn(p["value"]) + "%" for _, p in pairs]
    results = []
    for _, p in pairs:   # the 2023 results are ratios in party.yml: computed here from their parts
        spec = party[p["next_year_key"].split(".", 1)[1]]
        num, den = (party[k]["value"] if "value" in party[k] else sum(party[x]["value"] for x in party[k]["sum"])
                    for k in spec["ratio"])
        results.append(vn(round(100 * num / den, 2)) + "%")
    assert series_values(svg, 0) == results


def test_dashboard_totals_equal_the_summary_table_of_page_1_1(site, page):
    summary = (site / "2023/ii-1-1-chi-tieu-nganh/index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="indicators-summary[^"]*">.*?</table>', summary, re.S).group(0)
    table = re.sub(r'<a class="proposal-mark".*?</a>', "", table, flags=re.S)   # as table_rows reads the dashboard
    head = [strip_tags(h) for h in re.findall(r"<th>(.*?)</th>", table, re.S)]
    rows = {m.group(1): [strip_tags(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", m.group(2), re.S)]
            for m in re.finditer(r'<tr data-sector="([^"]+)">(.*?)</tr>', table, re.S)}
    col_done, col_total = head.index("Đạt"), head.index("Tổng số")
    dash = figure(page, "linh-vuc")
    by_name = {r[0]: r for r in table_rows(dash)}
    for s in sectors():
        row = rows[s["id"]]
        assert by_name[s["name"]][1:] == [row[col_done], row[col_total]], s["id"]
    assert table_rows(dash, "tfoot")[0][1:] == [rows["all"][col_done], rows["all"][col_total]]
    status_rows = {r[0]: r[1] for r in table_rows(figure(page, "tinh-trang"))}
    for name, value in status_rows.items():
        assert rows["all"][head.index(name)] == value
    # and the sentence at the top of the dashboard
    para = strip_tags(re.search(r"<p>Toàn ngành đạt.*?</p>", page, re.S).group(0))
    assert para.startswith(f"Toàn ngành đạt {rows['all'][col_done]}/{rows['all'][col_total]} chỉ tiêu.")
