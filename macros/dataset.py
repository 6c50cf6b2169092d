"""The report's data: every figure once, derived figures computed, consistency rules checked.

`load(root)` reads `data/<year>/*.yml` and returns a Dataset with every error found (never only the first).
Keys are local to a year ("telecom.smartphone_users"); `Figure.global_key` adds the year ("2023/telecom...").
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import DataError
from .yamlload import Loaded, load_file

STATUSES = ("đạt", "khó đạt", "chưa đạt", "chưa thực hiện", "chưa có cơ sở tính", "chưa báo cáo")
STATUS_SLUG = {"đạt": "dat", "khó đạt": "kho_dat", "chưa đạt": "chua_dat",
               "chưa thực hiện": "chua_thuc_hien", "chưa có cơ sở tính": "chua_co_co_so_tinh",
               "chưa báo cáo": "chua_bao_cao"}
UNREPORTED = "chưa báo cáo"      # a new year's indicator before its result is known (python -m macros new-year)
YEAR_DIR = re.compile(r"^\d{4}$")


@dataclass
class Figure:
    key: str
    year: int
    label: str
    unit: str
    kind: str                      # count | percent | money | date | month
    value: object = None
    file: str = ""
    line: int | None = None
    derived: str | None = None     # sum | ratio | items | tally | None (stated in the report)
    inputs: tuple = ()
    decimals: int = 2
    decision: str | None = None
    op: str | None = None
    next_year_key: str | None = None
    source: str | None = None      # the section of the source report that states it (figures files: `source:`)

    @property
    def global_key(self) -> str:
        return f"{self.year}/{self.key}"


@dataclass
class Indicator:
    id: str
    sector: str
    status: str
    name: str | None = None
    target: float | None = None
    target_op: str = ">="
    unit: str = "%"
    actual: float | None = None
    actual_phrase: str = "nhưng hiện tại là"
    reason: str | None = None
    reason_document: str | None = None
    decision: str | None = None
    file: str = ""
    line: int | None = None
    status_line: int | None = None   # the line of `status:`, named when the status disagrees


@dataclass
class Sector:
    id: str
    name: str
    lead: str
    indicators: list


@dataclass
class Year:
    year: int
    figures: dict = field(default_factory=dict)
    sectors: list = field(default_factory=list)
    documents: dict = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)
    report: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    failed: set = field(default_factory=set)   # file stems and figure keys refused (their errors are reported)

    def refused(self, key: str) -> bool:
        """True when `key` is missing only because its file or entry has an error already reported."""
        return key in self.failed or key.split(".", 1)[0] in self.failed


@dataclass
class Dataset:
    root: Path
    years: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def latest(self) -> int | None:
        return max(self.years) if self.years else None

    def all_figures(self):
        for year in sorted(self.years):
            yield from self.years[year].figures.values()


# --------------------------------------------------------------------------- loading

def load(root) -> Dataset:
    """Load every year under root/data (root is the project folder)."""
    root = Path(root)
    data_dir = root / "data"
    ds = Dataset(root)
    if not data_dir.is_dir():
        ds.errors.append(DataError("data", None, None, "", "Không có thư mục data/.", "No data/ folder.",
                                   "Chạy lệnh từ thư mục gốc của dự án."))
        return ds
    for entry in sorted(data_dir.iterdir()):
        rel = entry.relative_to(root).as_posix()
        if entry.is_dir() and YEAR_DIR.match(entry.name):
            ds.years[int(entry.name)] = _load_year(root, entry, ds.errors)
        elif entry.name == "schemas" or entry.name.startswith("."):
            continue
        elif entry.suffix in (".yml", ".yaml"):
            ds.errors.append(DataError(rel, None, None, "", "Tệp dữ liệu phải nằm trong thư mục của một năm.",
                                       "Data files belong in a year folder.", f"Chuyển tệp vào data/<năm>/{entry.name}."))
    if not ds.years:
        ds.errors.append(DataError("data", None, None, "", "Chưa có dữ liệu năm nào (data/<năm>/).",
                                   "No year folder under data/.", "Tạo data/2023/ hoặc chạy python -m macros new-year."))
    return ds


def _load_year(root: Path, folder: Path, errors: list) -> Year:
    year = Year(int(folder.name))
    loaded = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml"):
            continue
        rel = path.relative_to(root).as_posix()
        year.files.append(rel)
        doc = load_file(path, rel)
        errs = list(doc.errors)
        name = schema.schema_name(path.stem)
        if doc.text is not None:   # every error of the file at once: comment, loader and schema
            errs += _check_schema_comment(doc.text, rel, name)
            if doc.data is None and not doc.errors:
                errs.append(DataError(rel, 1, None, "", "Tệp dữ liệu đang trống.", "The data file is empty.",
                                      "Điền dữ liệu hoặc xoá tệp."))
            elif doc.data is not None:
                errs += schema.validate(doc, name)
        errors.extend(errs)
        usable = not [e for e in errs if e.key != "$schema"]
        if not usable and name == "figures" and isinstance(doc.data, dict) \
                and isinstance(doc.data.get("figures"), dict) and not any(b in ((), ("figures",)) for b in doc.bad):
            usable = True          # a figures file keeps its good figures; _read_figures skips the bad ones
        if usable:
            loaded[path.stem] = (name, doc)
        else:
            year.failed.add(path.stem)
    for stem, (name, doc) in loaded.items():
        if name == "figures":
            _read_figures(year, stem, doc, errors)
        elif name == "documents":
            year.documents = {k: dict(v, key=k, file=doc.file, line=doc.where(("documents", k))[0])
                              for k, v in doc.data["documents"].items()}
        elif name == "decisions":
            year.decisions = {k: dict(v, key=k, file=doc.file, line=doc.where(("decisions", k))[0])
                              for k, v in doc.data["decisions"].items()}
        elif name == "report":
            year.report = dict(doc.data, file=doc.file)
        elif name == "rules":
            year.rules = [dict(r, file=doc.file, line=doc.where(("rules", i))[0]) for i, r in enumerate(doc.data["rules"])]
    if "indicators" in loaded:
        _read_indicators(year, loaded["indicators"][1], errors)
    _compute_derived(year, errors)
    _check_references(year, errors)
    errors.extend(check_rules(year))
    errors.extend(check_indicator_statuses(year))
    return year


def _check_schema_comment(text: str, rel: str, name: str) -> list:
    first = text.split("\n", 1)[0].strip()
    expected = schema.schema_comment(name)
    if first != expected:
        found = f"'{first[:70]}'" if first else "dòng trống"
        return [DataError(rel, 1, 1, "$schema",
                          f"Dòng đầu tiên phải ghi tên mẫu dữ liệu (schema) của tệp, nhưng đang là {found}.",
                          "The first line must name the file's schema.", f"Đặt dòng này lên đầu tệp: {expected}")]
    return []


UNIT_KIND = {"%": "percent", "đồng": "money", "ngày": "date", "tháng": "month"}   # tháng: a month, "2023-10"


def _read_figures(year: Year, stem: str, doc: Loaded, errors: list) -> None:
    for name, spec in doc.data["figures"].items():
        path = ("figures", name)
        key = f"{stem}.{name}"
        if not doc.clean(path):     # its error is reported already; leave it out, and say nothing more about it
            year.failed.add(key)
            continue
        kind = UNIT_KIND.get(spec["unit"], "count")
        fig = Figure(key=key, year=year.year, label=spec["label"], unit=spec["unit"], kind=kind,
                     file=doc.file, line=doc.where(path)[0], decimals=spec.get("decimals", 2),
                     decision=spec.get("decision"), op=spec.get("op"), next_year_key=spec.get("next_year_key"),
                     source=spec.get("source"))
        if "value" in spec:
            err = _check_value(fig, spec["value"], doc, path + ("value",))
            if err:
                errors.append(err)
                year.failed.add(key)
                continue
            fig.value = spec["value"]
        else:
            fig.derived = next(k for k in ("sum", "ratio", "items") if k in spec)
            refs = spec[fig.derived]
            fig.inputs = tuple(refs) if fig.derived == "items" else tuple(r if "." in r else f"{stem}.{r}" for r in refs)
            if fig.derived == "ratio":
                fig.kind = "percent"
        year.figures[key] = fig


def _check_value(fig: Figure, value, doc: Loaded, path) -> DataError | None:
    raw = doc.raw.get(path, repr(value))
    if fig.kind == "date":
        if not isinstance(value, dt.date):
            return doc.error(path, f"'{raw}' không phải ngày.", f"{raw!r} is not a date.",
                             "Viết ngày theo dạng năm-tháng-ngày, ví dụ 2023-11-30.")
        return None
    if fig.kind == "month":
        if not (isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value)):
            return doc.error(path, f"'{raw}' không phải một tháng (đơn vị 'tháng').", f"{raw!r} is not a month.",
                             "Viết tháng theo dạng năm-tháng trong dấu nháy, ví dụ \"2023-10\"; "
                             "nếu muốn đếm số tháng, dùng đơn vị khác, ví dụ 'số tháng'.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return doc.error(path, f"Cần một con số, nhưng gặp chữ '{raw}'.", f"Expected a number, found text {raw!r}.",
                         number_hint(str(raw)) or "Ghi số không có dấu chấm hàng nghìn, ví dụ 2119; "
                                                  "số thập phân dùng dấu chấm: 79.85.")
    if fig.kind in ("count", "money") and not isinstance(value, int):
        hint = number_hint(str(raw)) or "Số đếm phải là số nguyên."
        return doc.error(path, f"'{raw}' là số thập phân, nhưng '{fig.unit}' là đơn vị đếm (cần số nguyên).",
                         f"{raw!r} is a decimal number but '{fig.unit}' counts whole things.", hint)
    if fig.kind in ("count", "money") and value < 0:
        return doc.error(path, f"Số đếm không thể âm: {raw}.", f"A count cannot be negative: {raw}.", "Sửa lại số.")
    if fig.kind == "percent" and not 0 <= value <= 100:
        return doc.error(path, f"Tỷ lệ phần trăm {raw} nằm ngoài khoảng 0 đến 100.",
                         f"Percentage {raw} is outside 0 to 100.", "Ghi tỷ lệ theo phần trăm, ví dụ 79.85 cho 79,85%.")
    return None


def number_hint(raw: str) -> str:
    """What a Vietnamese editor probably meant by a number YAML cannot take as written."""
    text = raw.strip().rstrip("%").strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        whole = text.replace(".", "")
        return f"{text} trông như {whole} viết có dấu chấm hàng nghìn; trong YAML hãy viết {whole}."
    if re.fullmatch(r"\d{1,3}(\.\d{3})*,\d+|\d+,\d+", text):
        dotted = text.replace(".", "").replace(",", ".")
        return (f"{text} là cách viết số thập phân của tiếng Việt; trong YAML số thập phân dùng dấu chấm và "
                f"không đặt trong ngoặc kép: {dotted} (trang sẽ hiện dấu phẩy).")
    if raw.strip().endswith("%") and re.fullmatch(r"[\d.,]+", text):
        return f"Bỏ dấu %: đơn vị '%' đã ghi ở khoá unit; viết {text.replace(',', '.')}."
    return ""


def _read_indicators(year: Year, doc: Loaded, errors: list) -> None:
    seen = {}
    for si, sec in enumerate(doc.data["sectors"]):
        items = []
        for ii, raw in enumerate(sec["indicators"]):
            path = ("sectors", si, "indicators", ii)
            ind = Indicator(sector=sec["id"], file=doc.file, line=doc.where(path)[0],
                            **{k: v for k, v in raw.items()})
            if ind.id in seen:
                errors.append(doc.error(path + ("id",), f"Mã chỉ tiêu '{ind.id}' bị trùng (đã có ở dòng {seen[ind.id]}).",
                                        f"Indicator id '{ind.id}' is used twice.", "Đặt mã khác cho một trong hai."))
                continue
            seen[ind.id] = ind.line
            ind.status_line = doc.where(path + ("status",))[0]
            if ind.name and ind.target is not None and "{target}" not in ind.name:
                errors.append(doc.error(path + ("name",), "Tên chỉ tiêu có chỉ tiêu số nhưng thiếu chỗ đặt {target}.",
                                        "The name lacks the {target} placeholder.",
                                        "Viết {target} vào chỗ con số trong tên, ví dụ 'đạt {target}'."))
            for attr in ("target", "actual"):
                v = getattr(ind, attr)
                shown = doc.raw.get(path + (attr,), v)
                if v is not None and ind.unit == "%" and not 0 <= v <= 100:
                    errors.append(doc.error(path + (attr,), f"Tỷ lệ {shown} nằm ngoài khoảng 0 đến 100.",
                                            f"Percentage {shown} is outside 0 to 100.", "Ghi tỷ lệ theo phần trăm."))
                elif v is not None and UNIT_KIND.get(ind.unit, "count") == "count" and not isinstance(v, int):
                    errors.append(doc.error(path + (attr,), f"'{shown}' là số thập phân, nhưng '{ind.unit}' là đơn vị "
                                            "đếm (cần số nguyên).", f"{shown!r} is a decimal but '{ind.unit}' counts.",
                                            number_hint(str(shown)) or "Số đếm phải là số nguyên."))
            items.append(ind)
            kind = UNIT_KIND.get(ind.unit, "count")
            label = _indicator_label(ind)
            for attr, word in (("target", "chỉ tiêu"), ("actual", "kết quả")):
                if getattr(ind, attr) is not None:
                    key = f"indicators.{ind.id}.{attr}"
                    year.figures[key] = Figure(key=key, year=year.year, label=f"{label} ({word})", unit=ind.unit,
                                               kind=kind, value=getattr(ind, attr), file=doc.file, line=ind.line,
                                               decision=ind.decision)
        year.sectors.append(Sector(sec["id"], sec["name"], sec["lead"], items))
    _register_tallies(year, doc.file)


def _indicator_label(ind: Indicator) -> str:
    if not ind.name:
        return f"Chỉ tiêu {ind.id}"
    return ind.name.replace("{target}", "…").strip()


def _register_tallies(year: Year, file: str) -> None:
    groups = [(s.id, f"lĩnh vực {s.name}", s.indicators) for s in year.sectors]
    groups.append(("all", "tất cả lĩnh vực", [i for s in year.sectors for i in s.indicators]))
    for gid, gname, inds in groups:
        base = f"indicators.{gid}"
        year.figures[f"{base}.total"] = Figure(
            key=f"{base}.total", year=year.year, label=f"Số chỉ tiêu, {gname}", unit="chỉ tiêu", kind="count",
            value=len(inds), file=file, derived="tally", inputs=tuple(f"indicators.{i.id}" for i in inds))
        for status in STATUSES:
            chosen = [i for i in inds if i.status == status]
            key = f"{base}.{STATUS_SLUG[status]}"
            year.figures[key] = Figure(
                key=key, year=year.year, label=f"Số chỉ tiêu {status}, {gname}", unit="chỉ tiêu", kind="count",
                value=len(chosen), file=file, derived="tally", inputs=tuple(f"indicators.{i.id}" for i in chosen))


def _compute_derived(year: Year, errors: list) -> None:
    """Sums, ratios and counts of items. Each problem is reported once, at the figure that has it; a figure that
    depends on a refused one is left out silently (its cause is reported already)."""
    state = {}

    def report(fig: Figure, suffix: str, vi: str, en: str, fix: str) -> None:
        errors.append(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}{suffix}", vi, en, fix))

    def compute(key: str, trail: tuple):
        fig = year.figures[key]
        if fig.derived not in ("sum", "ratio", "items") or state.get(key) == "done":
            return fig.value
        if state.get(key) == "failed":
            return None
        if state.get(key) == "busy":
            cycle = trail[trail.index(key):] + (key,)
            for k in cycle:
                state[k] = "failed"
            report(fig, f".{fig.derived}", "Số liệu suy ra tham chiếu vòng tròn: " + " → ".join(cycle) + ".",
                   "Derived figures refer to each other in a cycle: " + " → ".join(cycle) + ".",
                   "Bỏ một tham chiếu trong vòng: một số liệu không thể được tính từ chính nó.")
            return None
        state[key] = "busy"
        if fig.derived == "items":
            fig.value = len(fig.inputs)
            state[key] = "done"
            return fig.value
        values = []
        for ref in fig.inputs:
            if ref not in year.figures:
                state[key] = "failed"
                if not year.refused(ref):
                    report(fig, f".{fig.derived}", f"Số liệu '{ref}' không tồn tại (dùng để tính '{fig.key}').",
                           f"Figure '{ref}' does not exist (needed by '{fig.key}').",
                           "Viết khoá dạng tên_tệp.tên_số_liệu, ví dụ telecom.poor_households.")
                return None
            v = compute(ref, trail + (key,))
            if v is None:
                state[key] = "failed"
                return None
            values.append((year.figures[ref], v))
        why = None
        if fig.derived == "sum":
            kinds = {f.kind for f, _ in values}
            if kinds - {fig.kind} or fig.kind not in ("count", "money"):
                why = "chỉ cộng được các số đếm hoặc số tiền cùng loại với tổng"
            else:
                fig.value = sum(v for _, v in values)
        else:
            (_, num), (_, den) = values
            if den == 0:
                why = "mẫu số bằng 0"
            else:
                exact = Decimal(100) * Decimal(str(num)) / Decimal(str(den))   # half up, as by hand
                fig.value = float(exact.quantize(Decimal(1).scaleb(-fig.decimals), rounding=ROUND_HALF_UP))
        if why:
            state[key] = "failed"
            report(fig, "", f"Không tính được '{fig.key}': {why}.", f"Cannot compute '{fig.key}': {why}.",
                   "Kiểm tra đơn vị của các số liệu thành phần.")
            return None
        state[key] = "done"
        return fig.value

    for key in list(year.figures):
        compute(key, ())
    for key in [k for k, f in year.figures.items() if f.value is None]:
        del year.figures[key]
        year.failed.add(key)


def _check_references(year: Year, errors: list) -> None:
    def missing_decision(obj_file, obj_line, key, ref):
        if "decisions" in year.failed:
            return
        errors.append(DataError(obj_file, obj_line, None, key, f"Ghi chú biên tập '{ref}' không có trong decisions.yml.",
                                f"Editorial decision '{ref}' is not in decisions.yml.", "Thêm ghi chú đó hoặc sửa khoá."))

    for fig in year.figures.values():
        if fig.decision and fig.decision not in year.decisions:
            missing_decision(fig.file, fig.line, fig.key, fig.decision)
        if fig.derived == "items" and "documents" not in year.failed:
            for ref in fig.inputs:
                if ref not in year.documents:
                    errors.append(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}.items",
                                            f"Văn bản '{ref}' không có trong documents.yml.",
                                            f"Document '{ref}' is not in documents.yml.", "Thêm văn bản vào documents.yml."))
    for sec in year.sectors:
        for ind in sec.indicators:
            if ind.reason_document and ind.reason_document not in year.documents and "documents" not in year.failed:
                errors.append(DataError(ind.file, ind.line, None, f"indicators.{ind.id}.reason_document",
                                        f"Văn bản '{ind.reason_document}' không có trong documents.yml.",
                                        f"Document '{ind.reason_document}' is not in documents.yml.",
                                        "Thêm văn bản vào documents.yml hoặc sửa khoá."))
            if ind.decision and ind.decision not in year.decisions:
                missing_decision(ind.file, ind.line, f"indicators.{ind.id}.decision", ind.decision)


# --------------------------------------------------------------------------- rules

def _side_value(year: Year, side):
    keys = [side] if isinstance(side, str) else list(side)
    missing = [k for k in keys if k not in year.figures]
    if missing:
        return None, missing
    return sum(year.figures[k].value for k in keys), []


def check_rules(year: Year) -> list[DataError]:
    errors = []
    for rule in year.rules:
        if rule.get("decision") and rule["decision"] not in year.decisions and "decisions" not in year.failed:
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}.decision",
                                    f"Ghi chú biên tập '{rule['decision']}' không có trong decisions.yml.",
                                    f"Editorial decision '{rule['decision']}' is not in decisions.yml.",
                                    "Thêm ghi chú đó hoặc sửa khoá."))
        left, miss_l = _side_value(year, rule["left"])
        right, miss_r = _side_value(year, rule["right"])
        if all(year.refused(k) for k in miss_l + miss_r) and (miss_l or miss_r):
            continue   # a figure it needs was refused; that error is reported, this one would only repeat it
        if miss_l or miss_r:
            names = ", ".join(miss_l + miss_r)
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}",
                                    f"Quy tắc '{rule['id']}' dùng số liệu không tồn tại: {names}.",
                                    f"Rule '{rule['id']}' uses unknown figure(s): {names}.", "Sửa khoá trong quy tắc."))
            continue
        ok = left == right if rule["check"] == "equal" else left <= right
        if not ok:
            sign = "=" if rule["check"] == "equal" else "≤"
            files = sorted({year.figures[k].file for s in (rule["left"], rule["right"])
                            for k in ([s] if isinstance(s, str) else s)})
            detail = f"{_describe(year, rule['left'])} = {left}, {_describe(year, rule['right'])} = {right}"
            errors.append(DataError(rule["file"], rule["line"], None, f"rules.{rule['id']}",
                                    f"Vi phạm quy tắc '{rule['id']}' ({rule['label']}): cần vế trái {sign} vế phải, "
                                    f"nhưng {detail}. Tệp liên quan: {', '.join(files)}.",
                                    f"Rule '{rule['id']}' is broken: left {sign} right expected, but {detail}.",
                                    "Sửa số liệu sai; nếu bản gốc tự mâu thuẫn, ghi quyết định vào decisions.yml."))
    return errors


def _describe(year: Year, side) -> str:
    keys = [side] if isinstance(side, str) else side
    if len(keys) == 1:
        return keys[0]
    return " + ".join(f"{k} ({year.figures[k].value})" for k in keys)


def status_expected(ind: Indicator) -> set | None:
    """The statuses an indicator may have given its target and actual; None when either is unknown."""
    if ind.target is None or ind.actual is None:
        return None
    met = ind.actual > ind.target if ind.target_op == ">" else ind.actual >= ind.target
    return {"đạt"} if met else {"khó đạt", "chưa đạt"}


def check_indicator_statuses(year: Year) -> list[DataError]:
    errors = []
    for sec in year.sectors:
        for ind in sec.indicators:
            allowed = status_expected(ind)
            if allowed is not None and ind.status not in allowed:
                errors.append(DataError(
                    ind.file, ind.status_line or ind.line, None, f"indicators.{ind.id}.status",
                    f"Trạng thái '{ind.status}' không khớp: chỉ tiêu {ind.target_op} {ind.target}, kết quả {ind.actual}; "
                    f"trạng thái phải là {' hoặc '.join(sorted(allowed))}.",
                    f"Status '{ind.status}' disagrees with target {ind.target} and actual {ind.actual}.",
                    "Sửa trạng thái, hoặc sửa chỉ tiêu/kết quả nếu ghi nhầm."))
    return errors


# --------------------------------------------------------------------------- lookups

class LookupFailed(KeyError):
    """A page asked for something the data does not have; the message says what to do."""

    def __str__(self):
        return self.args[0]


def find_figure(ds: Dataset, year: int, key: str) -> Figure:
    """Figure `key` of `year`; "2024/telecom.x" names another year explicitly."""
    if re.match(r"^\d{4}/", key):
        year, key = int(key[:4]), key[5:]
    if year not in ds.years:
        raise LookupFailed(f"Không có dữ liệu năm {year} (thư mục data/{year}/). / No data for year {year}.")
    figs = ds.years[year].figures
    if key in figs:
        return figs[key]
    stem = key.split(".", 1)[0]
    files = [f for f in ds.years[year].files if Path(f).stem == stem]
    if files:
        where = f"tệp {files[0]} không có khoá '{key.split('.', 1)[-1]}'"
    else:
        where = f"không có tệp data/{year}/{stem}.yml"
    near = sorted(k for k in figs if k.startswith(stem + "."))[:8]
    hint = f" Các khoá có trong tệp: {', '.join(near)}." if near else ""
    raise LookupFailed(f"Số liệu '{key}' không có trong dữ liệu năm {year} ({where}). / Figure '{key}' not found.{hint}")


def find_document(ds: Dataset, year: int, key: str) -> dict:
    docs = ds.years[year].documents if year in ds.years else {}
    if key not in docs:
        raise LookupFailed(f"Văn bản '{key}' không có trong data/{year}/documents.yml. / Document '{key}' not found. "
                           "Thêm văn bản vào documents.yml hoặc sửa khoá.")
    return docs[key]


def find_decision(ds: Dataset, year: int, key: str) -> dict:
    decisions = ds.years[year].decisions if year in ds.years else {}
    if key not in decisions:
        raise LookupFailed(f"Ghi chú biên tập '{key}' không có trong data/{year}/decisions.yml. / Decision '{key}' not found.")
    return decisions[key]


def find_sector(ds: Dataset, year: int, sector: str):
    for sec in ds.years[year].sectors if year in ds.years else []:
        if sec.id == sector:
            return sec
    known = ", ".join(s.id for s in ds.years[year].sectors) if year in ds.years else ""
    raise LookupFailed(f"Lĩnh vực '{sector}' không có trong data/{year}/indicators.yml (có: {known}). / Sector not found.")
