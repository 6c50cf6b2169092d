"""`python -m macros new-year 2024`: start next year's report beside the latest one, touching none of its files.

What it creates (Y = the new year, P = the latest year so far, Y = P + 1):
  data/Y/indicators.yml   every sector and indicator of P; the target carried over from P (the report of P states no
                          sector targets for Y: said in a comment), actual: null, status "chưa báo cáo"
  data/Y/targets.yml      the targets of part III of P's report (data/P/plan.yml): Y's yardstick
  data/Y/report.yml       the facts of the document that stay (issuing body, place...); number, date, signer: null
  data/Y/documents.yml, decisions.yml, rules.yml   empty lists, to be filled
  data/Y/mau/*.yml        every other data file of P as a template with every stated value null. The loader never
                          reads this folder; a file moved up to data/Y/ must have its values filled (a null value is
                          a loud schema error, never a silent zero)
  docs/Y/*.md             one page per page of P: its headings (years moved on by one) and a note that the page
                          is not written yet; no figures
  mkdocs.yml              "Năm Y" inserted under the marker "# YEARS: newest first", above "Năm P"
  docs/*.md               pages outside the year folders that show figures get `year: P` in their front matter:
                          they keep showing P's figures instead of silently switching to Y's (unreported) ones
It refuses when data/Y or docs/Y exists, when Y is not P + 1, or when the data of P has errors.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

from .. import data as dataset
from ..data import schema
from ..sources.pages import front_matter_text

MARKER = "# YEARS: newest first"
GENERATED = {"indicators", "plan", "report", "documents", "decisions"}   # written fresh; the rest go to mau/
TEMPLATE_DIR = "mau"


def add_arguments(parser) -> None:
    parser.add_argument("year", type=int, help="năm mới, ví dụ 2024 / the new year")


# --------------------------------------------------------------------------- pure text functions

def shift_years(text: str, prev: int) -> str:
    """P -> P+1 and P+1 -> P+2 in one pass: 'kết quả năm 2023 và nhiệm vụ năm 2024' -> '... 2024 ... 2025'."""
    return re.sub(rf"(?<!\d)({prev}|{prev + 1})(?!\d)", lambda m: str(int(m.group(1)) + 1), text)


def scalar(value) -> str:
    """A YAML scalar: JSON is valid YAML, and JSON quoting never turns a string into a number or a date."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def indicators_yaml(data: dict, prev: int, new: int) -> str:
    out = [schema.schema_comment("indicators"),
           f"# Chỉ tiêu ngành năm {new}: khung do `python -m macros new-year {new}` tạo từ data/{prev}/indicators.yml.",
           f"# Báo cáo năm {prev} không nêu chỉ tiêu ngành cho năm {new}: mỗi chỉ tiêu mang TẠM chỉ tiêu (target) của",
           f"# năm {prev}; đối chiếu với kế hoạch năm {new} của Sở rồi sửa. Khi có kết quả: ghi actual và đổi status.",
           "# status: đạt | khó đạt | chưa đạt | chưa thực hiện | chưa có cơ sở tính | chưa báo cáo",
           f"title: {scalar(shift_years(data['title'], prev))}",
           "sectors:"]
    for sec in data["sectors"]:
        out += [f"  - id: {scalar(sec['id'])}", f"    name: {scalar(sec['name'])}", f"    lead: {scalar(sec['lead'])}",
                "    indicators:"]
        for ind in sec["indicators"]:
            out.append(f"      - id: {scalar(ind['id'])}")
            if ind.get("name"):
                out.append(f"        name: {scalar(ind['name'])}")
            if ind.get("target") is not None:
                out.append(f"        target: {scalar(ind['target'])}   # chỉ tiêu năm {prev}, chưa có chỉ tiêu năm {new}")
            for key in ("target_op", "unit"):
                if key in ind:
                    out.append(f"        {key}: {scalar(ind[key])}")
            out += ["        actual: null", f"        status: {scalar(dataset.UNREPORTED)}"]
    return "\n".join(out) + "\n"


def _body_after_header(text: str) -> list:
    """The lines of a data file after its schema line and the comment block that follows it."""
    lines = text.split("\n")[1:]
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return lines


def targets_yaml(plan_text: str, prev: int, new: int) -> str:
    body = [f"title: {scalar(f'Chỉ tiêu năm {new} (phần III của báo cáo năm {prev})')}" if line.startswith("title:")
            else line for line in _body_after_header(plan_text)]
    return "\n".join([schema.schema_comment("figures"),
                      f"# Thước đo của báo cáo năm {new}: chép nguyên từ data/{prev}/plan.yml (phần III, nhiệm vụ năm {new}).",
                      f"# op là phép so sánh; next_year_key là khoá số liệu năm {new} để đối chiếu khi có kết quả.",
                      *body])


def report_yaml(data: dict, prev: int, new: int) -> str:
    unknown = {"number", "date", "signer_name", "recipients"}
    out = [schema.schema_comment("report"),
           f"# Thông tin văn bản báo cáo năm {new}. Số, ngày ký, người ký, nơi nhận chưa có: null (trang hiện chỗ trống)."]
    for key, value in data.items():
        if key in unknown:
            value = None
        elif key == "summary":
            value = shift_years(value, prev)
        out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"


def empty_yaml(name: str, key: str, empty: str, new: int) -> str:
    return f"{schema.schema_comment(name)}\n# Năm {new}: chưa có mục nào.\n{key}: {empty}\n"


_VALUE = re.compile(r"^(\s+)value:\s*(.*?)\s*$")


def template_yaml(text: str, rel: str, prev: int, new: int) -> str:
    """A data file of P as Y's template: years moved on, every stated value null with P's value in a comment."""
    lines = text.split("\n")
    out = [lines[0],
           f"# MẪU cho năm {new}, chép từ {rel} (lệnh new-year). Tệp trong thư mục {TEMPLATE_DIR}/ KHÔNG được đọc.",
           f"# Khi có số liệu: ghi value (giá trị năm {prev} ở chú thích), xoá số liệu không dùng, rồi chuyển tệp lên data/{new}/."]
    for line in lines[1:]:
        m = _VALUE.match(line)
        out.append(f"{m.group(1)}value: null   # chưa báo cáo; năm {prev}: {m.group(2)}" if m else shift_years(line, prev))
    return "\n".join(out)


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^#{1,6}\s+\S")


def page_skeleton(text: str, prev: int, new: int, fallback_title: str) -> str:
    """Y's page: P's headings (years moved on), a note that the page is not written yet; no figures, no macros."""
    front, body = front_matter_text(text)
    title = None
    if front:
        m = re.search(r"^title:\s*(.+)$", front, re.M)
        title = shift_years(m.group(1).strip(), prev) if m else None
    headings, fenced = [], False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _HEADING.match(line) and "{{" not in line and "{%" not in line:
            headings.append(shift_years(line.rstrip(), prev))
    if not headings or not headings[0].startswith("# "):
        headings.insert(0, f"# {title or fallback_title}")
    note = (f'!!! note "Trang của báo cáo năm {new} chưa được soạn"\n\n'
            f"    Khung do lệnh `python -m macros new-year {new}` tạo: chỉ có các đề mục theo cấu trúc báo cáo năm {prev}.\n"
            f"    Số liệu năm {new} nhập vào thư mục `data/{new}/`; nội dung viết như trang năm {prev}, mọi con số qua macro.")
    parts = ([f"---\ntitle: {title}\n---"] if title else []) + [headings[0], note] + headings[1:]
    return "\n\n".join(parts) + "\n"


def nav_with_year(mkdocs_text: str, prev: int, new: int) -> str:
    """mkdocs.yml with P's nav block copied (paths and titles moved on one year) right under the marker."""
    lines = mkdocs_text.split("\n")
    marker = next((i for i, line in enumerate(lines) if MARKER in line), None)
    if marker is None:
        raise ValueError(f"mkdocs.yml không có dòng đánh dấu '{MARKER}' trong nav. / The nav marker is missing.")
    start = next((i for i, line in enumerate(lines) if re.match(rf"^\s*- Năm {prev}:\s*$", line)), None)
    if start is None:
        raise ValueError(f"mkdocs.yml: nav không có mục '- Năm {prev}:'. / No nav block for {prev}.")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    while lines[end - 1].strip() == "":
        end -= 1
    block = [shift_years(line, prev) for line in lines[start:end]]
    return "\n".join(lines[:marker + 1] + block + lines[marker + 1:])


def pin_year(text: str, prev: int) -> str | None:
    """A page outside the year folders that shows figures, with `year: P` added; None when nothing to do."""
    if "{{" not in text and "{%" not in text:
        return None
    front, body = front_matter_text(text)
    if front is not None and re.search(r"^year:", front, re.M):
        return None
    if front is None:
        return f"---\nyear: {prev}\n---\n\n{text}"
    return f"---\nyear: {prev}\n{front}---\n{body}"


# --------------------------------------------------------------------------- the plan and the command

def scaffold(root: Path, prev: int, new: int) -> tuple[dict, dict]:
    """({new file: text}, {existing file: new text}) — paths relative to root. Reads only."""
    src = root / "data" / str(prev)
    created, changed = {}, {}
    for path in sorted(src.glob("*.yml")):
        text = path.read_text(encoding="utf-8-sig")
        stem, rel = path.stem, path.relative_to(root).as_posix()
        target = f"data/{new}/{path.name}"
        if stem == "indicators":
            created[target] = indicators_yaml(yaml.safe_load(text), prev, new)
        elif stem == "plan":
            created[f"data/{new}/targets.yml"] = targets_yaml(text, prev, new)
        elif stem == "report":
            created[target] = report_yaml(yaml.safe_load(text), prev, new)
        if stem not in GENERATED - {"plan"}:
            created[f"data/{new}/{TEMPLATE_DIR}/{path.name}"] = template_yaml(text, rel, prev, new)
    created.setdefault(f"data/{new}/documents.yml", empty_yaml("documents", "documents", "{}", new))
    created.setdefault(f"data/{new}/decisions.yml", empty_yaml("decisions", "decisions", "{}", new))
    created.setdefault(f"data/{new}/rules.yml", empty_yaml("rules", "rules", "[]", new))
    docs = root / "docs"
    for page in sorted((docs / str(prev)).rglob("*.md")):
        rel = page.relative_to(docs / str(prev)).as_posix()
        created[f"docs/{new}/{rel}"] = page_skeleton(page.read_text(encoding="utf-8-sig"), prev, new,
                                                     page.stem.replace("-", " ").capitalize())
    for page in sorted(docs.glob("*.md")):
        pinned = pin_year(page.read_text(encoding="utf-8-sig"), prev)
        if pinned is not None:
            changed[f"docs/{page.name}"] = pinned
    changed["mkdocs.yml"] = nav_with_year((root / "mkdocs.yml").read_text(encoding="utf-8"), prev, new)
    return created, changed


def refusal(root: Path, new: int, ds) -> str | None:
    latest = ds.latest()
    if (root / "data" / str(new)).exists() or (root / "docs" / str(new)).exists():
        return f"Năm {new} đã có (data/{new}/ hoặc docs/{new}/): không tạo lại, không ghi đè. / Year {new} exists."
    if ds.errors:
        return (f"Dữ liệu hiện có {len(ds.errors)} lỗi: sửa trước (python -m macros check), rồi tạo năm mới. "
                "/ Fix the data errors first.")
    if latest is None or new != latest + 1:
        return f"Năm mới phải là năm liền sau năm mới nhất ({latest}): {latest + 1 if latest else '?'}. / Use {latest}+1."
    if not (root / "mkdocs.yml").is_file() or MARKER not in (root / "mkdocs.yml").read_text(encoding="utf-8"):
        return f"mkdocs.yml không có dòng đánh dấu '{MARKER}' trong nav. / The nav marker is missing."
    return None


def run(args) -> int:
    root = Path(args.root).resolve()
    ds = dataset.load(root)
    why = refusal(root, args.year, ds)
    if why:
        print(why, file=sys.stderr)
        return 1
    prev = ds.latest()
    try:
        created, changed = scaffold(root, prev, args.year)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for rel, text in created.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:   # "x": never overwrite
            fh.write(text)
    for rel, text in changed.items():
        (root / rel).write_text(text, encoding="utf-8", newline="\n")
    print(f"Đã tạo năm {args.year} / created year {args.year} ({len(created)} tệp, từ năm {prev}):")
    for rel in created:
        print(f"  + {rel}")
    for rel in changed:
        what = "nav: thêm 'Năm %d' lên trên năm %d" % (args.year, prev) if rel == "mkdocs.yml" \
            else f"ghim year: {prev} (trang vẫn hiện số liệu năm {prev})"
        print(f"  ~ {rel}: {what}")
    print(f"Tiếp theo: python -m macros check; nhập số liệu vào data/{args.year}/ (mẫu ở data/{args.year}/{TEMPLATE_DIR}/).")
    return 0
