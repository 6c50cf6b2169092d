"""The rows of a year's figures workbook: one row per value an editor states in data/<year>/ (a figure's `value`,
an indicator's `target`, `actual` and `status`), read with the real loader so each row knows the file, the YAML
path and the line of its value. Pure reading: nothing here writes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data import schema
from ..data.model import STATUSES, UNIT_KIND, indicator_label
from ..data.yamlload import load_file

STATUS_KIND = "status"
HINTS = {"count": "số nguyên, ví dụ 2119 (không dấu chấm hàng nghìn)", "money": "số nguyên (đồng), ví dụ 1500000",
         "percent": "số phần trăm, ví dụ 79,85 cho 79,85% (không phải 0,7985)", "date": "ngày, ví dụ gõ 2024-11-30 (ô hiện 30/11/2024)",
         "month": "tháng, gõ dạng chữ 2024-10", STATUS_KIND: "chọn trong danh sách: " + ", ".join(STATUSES)}
# Excel puts a number at the right of its cell and text at the left: a value at the left is text, refused on import
OP_WORDS = {">=": "ít nhất", ">": "hơn", "<=": "không quá", "<": "dưới", "=": "đúng bằng"}   # a plan's comparison


@dataclass
class Row:
    sheet: str          # the data file's name without .yml, cut to Excel's 31 characters: one sheet per file
    key: str            # telecom.post_offices, indicators.ttbcxb_truyen_thanh.actual
    label: str
    unit: str
    kind: str           # count | money | percent | date | month | status
    value: object       # this year's value as the YAML holds it (None: chưa báo cáo)
    file: str           # data/2024/telecom.yml
    path: tuple         # the YAML path of the value, ("figures", "post_offices", "value")
    line: int           # the line of the value in the file
    column: int         # and its column (1-based): where the value's text starts
    previous: object = None   # last year's value of the same key
    target: str = ""          # the yardstick: last year's plan (op and value) or the indicator's target
    planned: bool = False     # a target for the next year (a plan figure, with `op`): not a figure of this year
    constant: bool = False    # a fact that does not change from year to year (`constant: true`): not asked again

    @property
    def given(self) -> bool:
        """A constant fact with its value (new-year kept it): no cell to fill, shown apart on the first sheet."""
        return self.constant and self.value is not None


def year_rows(root: Path, ds, year: int) -> list[Row]:
    """Every stated value of data/<year>/, in file order; previous year's values and targets beside them."""
    folder = Path(root) / "data" / str(year)
    rows = []
    for path in sorted(folder.glob("*.yml")):
        name = schema.schema_name(path.stem)
        if name not in ("figures", "indicators"):
            continue
        rel = path.relative_to(root).as_posix()
        doc = load_file(path, rel)
        if doc.errors or not isinstance(doc.data, dict):
            continue     # the caller refuses a year whose data has errors
        rows += (_figure_rows if name == "figures" else _indicator_rows)(path.stem, rel, doc)
    prev = ds.years.get(year - 1)
    targets = _plan_targets(prev) if prev else {}
    previous_status = {ind.id: ind.status for sec in prev.sectors for ind in sec.indicators} if prev else {}
    for row in rows:
        if row.kind == STATUS_KIND:
            row.previous = previous_status.get(row.key.split(".")[1])
        elif prev and row.key in prev.figures:
            row.previous = prev.figures[row.key].value
        row.target = targets.get(row.key, row.target)
        own = ds.years[year].figures.get(row.key) if year in ds.years else None
        if own is not None and own.target_of in targets:   # the year's own target for a result last year's plan set
            row.target = f"kế hoạch năm {year - 1} đặt {targets[own.target_of]}"
    return rows


def _figure_rows(stem: str, rel: str, doc) -> list[Row]:
    out = []
    for name, spec in (doc.data.get("figures") or {}).items():
        if isinstance(spec, dict) and "value" in spec:
            path = ("figures", name, "value")
            op = spec.get("op")
            out.append(Row(stem[:31], f"{stem}.{name}", spec.get("label", ""), spec.get("unit", ""),
                           UNIT_KIND.get(spec.get("unit"), "count"), spec["value"], rel, path, *doc.where(path),
                           target=f"{op} ({OP_WORDS.get(op, op)})" if op else "", planned=bool(op),
                           constant=spec.get("constant") is True))
    return out


def _indicator_rows(stem: str, rel: str, doc) -> list[Row]:
    out = []
    for si, sec in enumerate(doc.data.get("sectors") or []):
        for ii, ind in enumerate(sec.get("indicators") or []):
            base = ("sectors", si, "indicators", ii)
            unit = ind.get("unit", "%")
            name = indicator_label(ind.get("name"), sec.get("name", ""), ii + 1, len(sec["indicators"]))
            target = "" if ind.get("target") is None else f"{ind.get('target_op', '>=')} {ind['target']}"
            for attr, word in (("target", "chỉ tiêu"), ("actual", "kết quả"), ("status", "tình trạng")):
                if attr in ind:
                    path = base + (attr,)
                    kind = STATUS_KIND if attr == "status" else UNIT_KIND.get(unit, "count")
                    out.append(Row(stem[:31], f"{stem}.{ind['id']}.{attr}", f"{name} ({word})",
                                   "" if attr == "status" else unit, kind, ind[attr], rel, path, *doc.where(path),
                                   target=target if attr == "actual" else ""))
    return out


def _plan_targets(prev) -> dict:
    """{this year's key: '>= 90'} from last year's plan (the figures with op and next_year_key)."""
    return {f.next_year_key: f"{f.op} {f.value}" for f in prev.figures.values()
            if f.op and f.next_year_key and f.value is not None}


def hint(row: Row) -> str:
    return HINTS.get(row.kind, "")
