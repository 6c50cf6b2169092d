"""Dashboard charts: a year's data -> chart data -> inline SVG (pygal) and an HTML table.

Pure functions. Each chart is built from the same figures the pages show (indicator tallies, targets and
actuals, plan targets), so a chart can never say something the tables do not. The SVG is made for inline use:
no script, no external URL, no xmlns, a deterministic id, a <title>/<desc> for screen readers, every bar
labelled with its value in Vietnamese number format (readable in black and white: the two series of a
comparison differ by fill, solid against outline, not by colour alone).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markupsafe import Markup

from .. import formats as fmt
from ..cache import DISABLED, Cache, digest
from ..data import STATUS_SLUG, STATUSES, Figure, Year
from . import figures as render
from . import proposals
from .markup import render as render_template

WIDTH = 420               # drawing width (px): drawn at this size, labels are 14 px; on a 360 px phone 12 px (docs/assets/charts.css)
LINE_CHARS = 24           # category names wrap into lines of this many characters at most (never cut)
FONT = 14                 # px: category labels, values, legend, axis
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
    proposals: list = field(default_factory=list)   # pending decisions whose proposal a bar draws (titles)
    proposed: list = field(default_factory=list)    # the categories whose bar draws such a value


def label(fig: Figure, pad: int = 0) -> str:
    """A figure's value as the report writes it ('11', '02', '79,18%')."""
    return fmt.figure_text(fig, pad)


def pending(year: Year, figs) -> list:
    """The titles of the pending decisions whose proposal these values are (a count they re-sort, a value computed
    under them: Figure.proposed_by; html/proposals.py marks them in the chart's table; the chart says so under its
    drawing), once each."""
    keys = dict.fromkeys(k for fig in figs if fig is not None for k in fig.proposed_by)
    return [d.get("title") or k for k in keys if (d := proposals.pending(year.decisions, k))]


def said(year: Year, fig: Figure, pad: int = 0) -> str:
    """label() for a screen reader's description: a value a pending decision proposes is said to be a proposal."""
    return label(fig, pad) + (f" ({proposals.NOTE})" if pending(year, [fig]) else "")


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
    desc = "; ".join(f"{s.name}: {said(year, d, 2)}/{label(t, 2)}" for s, d, t in zip(year.sectors, done, total))
    return Chart(
        id="linh-vuc", title=f"Chỉ tiêu đạt trên tổng số chỉ tiêu, theo lĩnh vực, năm {year.year}",
        desc=f"Số chỉ tiêu đạt/tổng số chỉ tiêu: {desc}. "
             f"Tất cả lĩnh vực: {said(year, all_done, 2)}/{label(all_total, 2)}.",
        categories=[s.name for s in year.sectors],
        series=[Series("Đạt", done, pad=2), Series("Tổng số chỉ tiêu", total, pad=2, outline=True)],
        table_head=["Lĩnh vực", "Đạt", "Tổng số"], table_rows=rows,
        table_foot=[Markup("<strong>Tất cả lĩnh vực</strong>"), render.figure(all_done, 2), render.figure(all_total, 2)],
        proposals=pending(year, done), proposed=[s.name for s, d in zip(year.sectors, done) if pending(year, [d])])


def statuses(year: Year) -> Chart | None:
    """All indicators by status; only the statuses that occur."""
    f = year.figures
    if "indicators.all.total" not in f:
        return None
    shown = [(s, f[f"indicators.all.{STATUS_SLUG[s]}"]) for s in STATUSES if f[f"indicators.all.{STATUS_SLUG[s]}"].value]
    total = f["indicators.all.total"]
    return Chart(
        id="tinh-trang", title=f"Chỉ tiêu theo tình trạng thực hiện, tất cả lĩnh vực, năm {year.year}",
        desc="Số chỉ tiêu theo tình trạng: " + "; ".join(f"{s}: {said(year, n, 2)}" for s, n in shown)
             + f". Tổng số: {label(total, 2)}.",
        categories=[s.capitalize() for s, _ in shown],
        series=[Series("Số chỉ tiêu", [n for _, n in shown], pad=2)],
        table_head=["Tình trạng", "Số chỉ tiêu"],
        table_rows=[[s.capitalize(), render.figure(n, 2)] for s, n in shown],
        table_foot=[Markup("<strong>Tổng số</strong>"), render.figure(total, 2)],
        proposals=pending(year, [n for _, n in shown]),
        proposed=[s.capitalize() for s, n in shown if pending(year, [n])])


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
    rows = [[render.indicator_name(year, i), render.indicator_target(year, i), render.figure(a),
             render.status(year, i)]
            for i, t, a in zip(chosen, tgt, act)]
    return Chart(
        id="chi-tieu-ket-qua", title=f"Kết quả so với chỉ tiêu đề ra, năm {year.year}",
        desc="Kết quả so với chỉ tiêu: " + "; ".join(f"{short_name(i)}: kết quả {said(year, a)}, chỉ tiêu "
                                                    f"{said(year, t)}" for i, t, a in zip(chosen, tgt, act)) + ".",
        categories=[short_name(i) for i in chosen],
        series=[Series("Kết quả", act), Series("Chỉ tiêu đề ra", tgt, outline=True)],
        table_head=["Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả", "Tình trạng"], table_rows=rows,
        proposals=pending(year, act + tgt),
        proposed=[short_name(i) for i, t, a in zip(chosen, tgt, act) if pending(year, [t, a])])


def plan(year: Year) -> Chart | None:
    """This year's results against next year's targets (plan.yml figures with `op` and `next_year_key`), in %.

    This year's results against the targets the previous year's plan set for it: html/years.py."""
    pairs = [(p, year.figures[p.next_year_key]) for p in year.figures.values()
             if p.key.startswith("plan.") and p.op and p.next_year_key and p.next_year_key in year.figures
             and p.unit == "%" == year.figures[p.next_year_key].unit]
    if not pairs:
        return None
    rows = [[p.label, render.figure(r), render.qualified(p)]
            for p, r in pairs]
    return Chart(
        id="ke-hoach", title=f"Kết quả năm {year.year} so với chỉ tiêu năm {year.year + 1}",
        desc=f"Kết quả năm {year.year} và chỉ tiêu năm {year.year + 1}: "
             + "; ".join(f"{p.label}: kết quả {said(year, r)}, chỉ tiêu {said(year, p)}" for p, r in pairs) + ".",
        categories=[p.label for p, _ in pairs],
        series=[Series(f"Kết quả năm {year.year}", [r for _, r in pairs]),
                Series(f"Chỉ tiêu năm {year.year + 1}", [p for p, _ in pairs], outline=True)],
        table_head=["Nội dung", f"Kết quả năm {year.year}", f"Chỉ tiêu năm {year.year + 1}"], table_rows=rows,
        proposals=pending(year, [f for pair in pairs for f in pair]),
        proposed=[p.label for p, r in pairs if pending(year, [p, r])])


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
#ID text{fill:#000;stroke:none;font-size:FONTpx}
#ID .background{fill:none}
#ID .axis .line,#ID .axis .major.line{stroke:#000;stroke-width:1px}
#ID .axis .guide.line{stroke:#999;stroke-dasharray:4,4;fill:none}
#ID .axis.y .guide.line{opacity:0}
#ID .axis.x text{text-anchor:middle}
#ID .axis.y text{text-anchor:end}
#ID .color-0 rect,#ID rect.color-0{fill:SOLID;stroke:SOLID}
#ID .color-1 rect,#ID rect.color-1{fill:#fff;stroke:#000;stroke-width:1.5px}
#ID .text-overlay text.value{text-anchor:middle;font-size:FONTpx;font-weight:bold;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
#ID .legends text{font-size:FONTpx}
""".replace("SOLID", SOLID).replace("FONT", str(FONT))
_LONG_NUMBER = re.compile(r"(\d+\.\d)\d+")


def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element (string): horizontal bars, one group per category."""
    import pygal                     # imported on first use: a build without charts never loads it
    from pygal.style import Style
    cid = f"chart-{chart.id}"
    n = len(chart.categories)
    is_percent = all(f.kind == "percent" for s in chart.series for f in s.figures if f)
    axis = (lambda v: fmt.percent(v, 0)) if is_percent else (lambda v: fmt.number(v, 0))
    lines = [wrap(c) for c in reversed(chart.categories)]          # pygal draws the first category at the bottom
    row = max(26 * len(chart.series), max(len(ls) for ls in lines) * (FONT + 3) + 8)
    g = pygal.HorizontalBar(
        js=[], css=[], disable_xml_declaration=True, style=Style(  # font sizes: for pygal's layout (see CSS)
            label_font_size=FONT, major_label_font_size=FONT, value_font_size=FONT, legend_font_size=FONT),
        width=WIDTH, height=100 + n * row,
        print_values=True, show_legend=len(chart.series) > 1, legend_at_bottom=True, legend_at_bottom_columns=1,
        truncate_label=-1, truncate_legend=-1, value_formatter=axis, range=(0, 100) if is_percent else None,
        include_x_axis=True, margin=8, margin_right=24, spacing=6, show_y_guides=True, y_labels=ticks(chart, is_percent))
    g.uuid = chart.id                # pygal's id is random; ours keeps the page the same from build to build
    g.x_labels = [max(ls, key=len) for ls in lines]    # pygal sizes the label column by the longest line
    for s in chart.series:
        g.add(s.name, [None if fig is None or fig.value is None else {"value": fig.value, "formatter": lambda v, fig=fig, p=s.pad: label(fig, p)}
                       for fig in reversed(s.figures)])
    return _clean(_plain_tree(g.render(is_unicode=True)), cid, chart, lines)


def cached_svg(chart: Chart, cache: Cache = DISABLED) -> str:
    """svg(chart), kept in the project's cache under everything svg() reads from the chart (ids, texts, each bar's
    value, kind and label; the code and pygal's version are in the cache's own key): the same numbers are not
    drawn twice, and pygal is not even imported."""
    bars = [[s.name, s.outline, [None if f is None else [repr(f.value), f.kind, label(f, s.pad)] for f in s.figures]]
            for s in chart.series]
    key = digest(json.dumps([chart.id, chart.title, chart.desc, chart.categories, bars], ensure_ascii=False))
    return cache.remember("charts", f"{chart.id} {chart.title}", key, lambda: svg(chart))


def _plain_tree(svg_text: str):
    """pygal's SVG as an xml.etree tree without namespaces, whichever XML library pygal used (it takes lxml when
    installed): the same tree, and so the same page, on every machine."""
    root = ET.fromstring(svg_text)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
    return root


def ticks(chart: Chart, is_percent: bool) -> list:
    """At most six round values on the value axis (0, 5, 10, 15 rather than 0, 1, 2 … 15, which overlap)."""
    if is_percent:
        return [0, 25, 50, 75, 100]
    top = max((f.value for s in chart.series for f in s.figures if f is not None and f.value is not None), default=1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10 ** 9) if top / s <= 5)
    return list(range(0, int(top) + step, step))


def wrap(name: str, width: int = LINE_CHARS) -> list:
    """A category name in lines of at most `width` characters, broken between words (a longer word stands alone)."""
    lines = []
    for w in name.split():
        if lines and len(lines[-1]) + 1 + len(w) <= width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines or [""]


def _label_lines(root, lines: list) -> None:
    """The category labels (the y axis, in x_labels order) as their wrapped lines, centred on the bar group."""
    axis = next(g for g in root.iter("g") if g.get("class", "").split()[:2] == ["axis", "y"])
    for text, parts in zip([t for t in axis.iter("text")], lines):
        text.text = None
        for i, part in enumerate(parts):
            span = ET.SubElement(text, "tspan", x=text.get("x"), dy=f"{-0.6 * (len(parts) - 1):.1f}em" if i == 0 else "1.2em")
            span.text = part + (" " if i < len(parts) - 1 else "")   # the search index joins the lines


def _clean(root, cid: str, chart: Chart, lines: list) -> str:
    """Strip what inline HTML must not have (script, comments with URLs, xmlns, tooltip machinery); add a11y: the
    chart is an image named by its title and description, its drawing (labels, values) hidden from screen readers."""
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
        if el is not root:
            el.attrib.pop("id", None)    # pygal's legend ids (its script's), the same in every chart of a page
        for key, value in el.attrib.items():
            if key in ("x", "y", "width", "height", "d", "transform"):
                el.set(key, _LONG_NUMBER.sub(r"\1", value))
    _label_lines(root, lines)
    for drawing in root.findall("g"):    # a screen reader hears the chart's title and description, not its labels
        drawing.set("aria-hidden", "true")   # and values one by one out of order (role=img, yet Chromium lists them)
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
