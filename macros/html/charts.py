"""Dashboard charts (issue 6): a year's data -> chart data -> inline SVG (pygal) and an HTML table.

Pure functions. Each chart is built from the same figures the pages show (indicator tallies, targets and
actuals, plan targets), so a chart can never say something the tables do not. The SVG is made for inline use:
no script, no external URL, no xmlns, a deterministic id, a <title>/<desc> for screen readers, every bar
labelled with its value in Vietnamese number format (readable in black and white: the two series of a
comparison differ by fill, solid against outline, not by colour alone).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markupsafe import Markup

from .. import formats as fmt
from ..data import STATUS_SLUG, STATUSES, Figure, Year
from . import figures as render
from .markup import render as render_template, text

LABEL_CHARS = 48          # longer category names are cut with "…" in the chart (the table has them in full)
SOLID, OUTLINE = "#8e1b1b", "#ffffff"


@dataclass
class Series:
    name: str
    figures: list              # one Figure per category (None: no bar)
    pad: int = 0
    outline: bool = False


@dataclass
class Chart:
    id: str                    # unique in a page, used for element ids: "linh-vuc"
    title: str
    desc: str                  # the numbers in one sentence, for screen readers (SVG <desc>)
    categories: list           # plain text
    series: list
    table_head: list           # HTML cells
    table_rows: list           # lists of HTML cells
    table_foot: list = field(default_factory=list)


def label(fig: Figure, pad: int = 0) -> str:
    """A figure's value as the report writes it ('11', '02', '79,18%')."""
    return fmt.figure_text(fig, pad)


# --------------------------------------------------------------------------- the charts

def sectors(year: Year) -> Chart | None:
    """Indicators achieved against the total, per sector (the overall tally is the table's last row)."""
    if not year.sectors:
        return None
    f = year.figures
    done = [f[f"indicators.{s.id}.dat"] for s in year.sectors]
    total = [f[f"indicators.{s.id}.total"] for s in year.sectors]
    rows = [[s.name, render.figure(d, 2), render.figure(t, 2)] for s, d, t in zip(year.sectors, done, total)]
    all_done, all_total = f["indicators.all.dat"], f["indicators.all.total"]
    desc = "; ".join(f"{s.name}: {label(d, 2)}/{label(t, 2)}" for s, d, t in zip(year.sectors, done, total))
    return Chart(
        id="linh-vuc", title=f"Chỉ tiêu đạt trên tổng số chỉ tiêu, theo lĩnh vực, năm {year.year}",
        desc=f"Số chỉ tiêu đạt/tổng số chỉ tiêu: {desc}. Tất cả lĩnh vực: {label(all_done, 2)}/{label(all_total, 2)}.",
        categories=[s.name for s in year.sectors],
        series=[Series("Đạt", done, pad=2), Series("Tổng số chỉ tiêu", total, pad=2, outline=True)],
        table_head=["Lĩnh vực", "Đạt", "Tổng số"], table_rows=rows,
        table_foot=[Markup("<strong>Tất cả lĩnh vực</strong>"), render.figure(all_done, 2), render.figure(all_total, 2)])


def statuses(year: Year) -> Chart | None:
    """All indicators by status; only the statuses that occur."""
    f = year.figures
    if "indicators.all.total" not in f:
        return None
    shown = [(s, f[f"indicators.all.{STATUS_SLUG[s]}"]) for s in STATUSES if f[f"indicators.all.{STATUS_SLUG[s]}"].value]
    total = f["indicators.all.total"]
    return Chart(
        id="tinh-trang", title=f"Chỉ tiêu theo tình trạng thực hiện, tất cả lĩnh vực, năm {year.year}",
        desc="Số chỉ tiêu theo tình trạng: " + "; ".join(f"{s}: {label(n, 2)}" for s, n in shown)
             + f". Tổng số: {label(total, 2)}.",
        categories=[s.capitalize() for s, _ in shown],
        series=[Series("Số chỉ tiêu", [n for _, n in shown], pad=2)],
        table_head=["Tình trạng", "Số chỉ tiêu"],
        table_rows=[[s.capitalize(), render.figure(n, 2)] for s, n in shown],
        table_foot=[Markup("<strong>Tổng số</strong>"), render.figure(total, 2)])


def short_name(ind) -> str:
    name = (ind.name or f"Chỉ tiêu {ind.id}").replace("{target}", "").strip(" …")
    name = re.sub(r"\s+(đạt|trên)$", "", name)          # "… cáp quang đạt {target}" -> "… cáp quang"
    return name[0].upper() + name[1:]


def targets(year: Year) -> Chart | None:
    """Indicators with both a target and an actual (in %), the actual against the target."""
    chosen = [i for s in year.sectors for i in s.indicators
              if i.target is not None and i.actual is not None and i.unit == "%"]
    if not chosen:
        return None
    f = year.figures
    tgt = [f[f"indicators.{i.id}.target"] for i in chosen]
    act = [f[f"indicators.{i.id}.actual"] for i in chosen]
    rows = [[render.indicator_name(year, i), render.figure(t), render.figure(a),
             render_template("status.html", row={"slug": STATUS_SLUG[i.status], "status": i.status})]
            for i, t, a in zip(chosen, tgt, act)]
    return Chart(
        id="chi-tieu-ket-qua", title=f"Kết quả so với chỉ tiêu đề ra, năm {year.year}",
        desc="Kết quả so với chỉ tiêu: " + "; ".join(f"{short_name(i)}: kết quả {label(a)}, chỉ tiêu {label(t)}"
                                                    for i, t, a in zip(chosen, tgt, act)) + ".",
        categories=[short_name(i) for i in chosen],
        series=[Series("Kết quả", act), Series("Chỉ tiêu đề ra", tgt, outline=True)],
        table_head=["Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả", "Tình trạng"], table_rows=rows)


def plan(year: Year) -> Chart | None:
    """This year's results against next year's targets (plan.yml figures with `op` and `next_year_key`), in %.

    This year's results against the targets the previous year's plan set for it: html/years.py."""
    pairs = [(p, year.figures[p.next_year_key]) for p in year.figures.values()
             if p.key.startswith("plan.") and p.op and p.next_year_key and p.next_year_key in year.figures
             and p.unit == "%" == year.figures[p.next_year_key].unit]
    if not pairs:
        return None
    rows = [[render.text(p.label), render.figure(r), text(p.op.replace(">=", "≥") + " ") + render.figure(p)]
            for p, r in pairs]
    return Chart(
        id="ke-hoach", title=f"Kết quả năm {year.year} so với chỉ tiêu năm {year.year + 1}",
        desc=f"Kết quả năm {year.year} và chỉ tiêu năm {year.year + 1}: "
             + "; ".join(f"{p.label}: kết quả {label(r)}, chỉ tiêu {label(p)}" for p, r in pairs) + ".",
        categories=[p.label for p, _ in pairs],
        series=[Series(f"Kết quả năm {year.year}", [r for _, r in pairs]),
                Series(f"Chỉ tiêu năm {year.year + 1}", [p for p, _ in pairs], outline=True)],
        table_head=["Nội dung", f"Kết quả năm {year.year}", f"Chỉ tiêu năm {year.year + 1}"], table_rows=rows)


CHARTS = {"linh-vuc": sectors, "tinh-trang": statuses, "chi-tieu-ket-qua": targets, "ke-hoach": plan}


def has_bars(chart: Chart) -> bool:
    """True when at least one bar has a value (a new year's chart may have none reported yet)."""
    return any(f is not None and f.value is not None for s in chart.series for f in s.figures)


def chart_keys(year: Year, name: str) -> list:
    """The figure keys a chart shows (bars and table), for the figures page's "used by" column."""
    made = CHARTS[name](year) if name in CHARTS else None
    if made is None:
        return []
    keys = [f.key for s in made.series for f in s.figures if f is not None]
    cells = " ".join(str(c) for row in made.table_rows + [made.table_foot] for c in row)
    keys += [k.split("/", 1)[1] for k in re.findall(r'data-key="([^"]+)"', cells)]
    return list(dict.fromkeys(keys))


# --------------------------------------------------------------------------- SVG

# The chart's own stylesheet, scoped to its id (pygal's is 6 kB per chart; this is what the bars need).
# Solid bars against outline bars, every value printed on its bar with a white halo: readable in black and white.
CSS = """
#ID{font-family:inherit}
#ID text{fill:#000;stroke:none;font-size:12px}
#ID .background{fill:none}
#ID .axis .line,#ID .axis .major.line{stroke:#000;stroke-width:1px}
#ID .axis .guide.line{stroke:#999;stroke-dasharray:4,4;fill:none}
#ID .axis.y .guide.line{opacity:0}
#ID .axis.x text{text-anchor:middle}
#ID .axis.y text{text-anchor:end}
#ID .color-0 rect,#ID rect.color-0{fill:SOLID;stroke:SOLID}
#ID .color-1 rect,#ID rect.color-1{fill:#fff;stroke:#000;stroke-width:1.5px}
#ID .text-overlay text.value{text-anchor:middle;font-size:13px;font-weight:bold;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
#ID .legends text{font-size:13px}
""".replace("SOLID", SOLID)
_LONG_NUMBER = re.compile(r"(\d+\.\d)\d+")


def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element (string): horizontal bars, one group per category."""
    import pygal                     # imported on first use: a build without charts never loads it
    from pygal.style import Style
    cid = f"chart-{chart.id}"
    n = len(chart.categories)
    is_percent = all(f.kind == "percent" for s in chart.series for f in s.figures if f)
    axis = (lambda v: fmt.percent(v, 0)) if is_percent else (lambda v: fmt.number(v, 0))
    g = pygal.HorizontalBar(
        js=[], css=[], disable_xml_declaration=True, style=Style(  # font sizes: for pygal's layout (see CSS)
            label_font_size=12, major_label_font_size=12, value_font_size=13, legend_font_size=13), width=760, height=90 + n * 26 * len(chart.series),
        print_values=True, show_legend=len(chart.series) > 1, legend_at_bottom=True, legend_at_bottom_columns=2,
        truncate_label=-1, truncate_legend=-1, value_formatter=axis, range=(0, 100) if is_percent else None,
        include_x_axis=True, margin=8, spacing=6, show_y_guides=True)
    g.uuid = chart.id                # pygal's id is random; ours keeps the page the same from build to build
    g.x_labels = [cut(c) for c in reversed(chart.categories)]     # pygal draws the first category at the bottom
    for s in chart.series:
        g.add(s.name, [None if fig is None or fig.value is None else {"value": fig.value, "formatter": lambda v, fig=fig, p=s.pad: label(fig, p)}
                       for fig in reversed(s.figures)])
    return _clean(_plain_tree(g.render(is_unicode=True)), cid, chart)


def _plain_tree(svg_text: str):
    """pygal's SVG as an xml.etree tree without namespaces, whichever XML library pygal used (it takes lxml when
    installed): the same tree, and so the same page, on every machine."""
    root = ET.fromstring(svg_text)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
    return root


def cut(name: str, limit: int = LABEL_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip(" ,;") + "…"


def _clean(root, cid: str, chart: Chart) -> str:
    """Strip what inline HTML must not have (script, comments with URLs, xmlns, tooltip machinery); add a11y."""
    for key in [k for k in root.attrib if k.startswith("xmlns")]:
        del root.attrib[key]
    root.set("id", cid)
    root.set("role", "img")
    root.set("aria-labelledby", f"{cid}-title {cid}-desc")
    root.set("class", "pygal-chart chart-svg")
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            cls = child.get("class", "") if tag else ""
            if (not tag or tag in ("script", "title") or (tag == "desc")
                    or "tooltip-overlay" in cls or (tag == "g" and cls == "legends" and not len(child))):
                parent.remove(child)
    for el in root.iter():               # 161.94230769230768 -> 161.9: a third of the size, same drawing
        for key, value in el.attrib.items():
            if key in ("x", "y", "width", "height", "d", "transform"):
                el.set(key, _LONG_NUMBER.sub(r"\1", value))
    defs = root.find("defs")
    if defs is None:
        defs = ET.SubElement(root, "defs")
    for old in defs.findall("style"):
        defs.remove(old)
    style = ET.SubElement(defs, "style")
    style.text = CSS.replace("#ID", f"#{cid}").strip()
    title = ET.Element("title", id=f"{cid}-title")
    title.text = chart.title
    desc = ET.Element("desc", id=f"{cid}-desc")
    desc.text = chart.desc
    root.insert(0, desc)
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


# --------------------------------------------------------------------------- HTML

def figure_html(chart: Chart, svg_text: str) -> Markup:
    """<figure> with the visible title, the SVG and the numbers as a table; one line (a Markdown HTML block)."""
    return render_template("chart.html", chart=chart, svg=Markup(svg_text))


EMPTY = {"chi-tieu-ket-qua": "chỉ tiêu nào có cả chỉ tiêu đề ra và kết quả",
         "ke-hoach": "chỉ tiêu kế hoạch nào có kết quả để đối chiếu"}
UNREPORTED = "số liệu nào của biểu đồ này được báo cáo"


def empty_html(name: str, year: int, unreported: bool = False) -> Markup:
    what = UNREPORTED if unreported else EMPTY.get(name, "số liệu chỉ tiêu")
    return render_template("chart_empty.html", name=name, year=year, what=what)
