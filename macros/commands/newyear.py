"""`python -m macros new-year 2024`: start next year's report beside the latest one, touching none of its files.

A year folder holds only what is that year's: its data and its prose pages. What it writes (Y = the new year,
P = the latest year so far, Y = P + 1):
  data/Y/<figures>.yml    every figures file of P (plan.yml too: the targets Y's report sets for Y+1) with every
                          stated value `null` — "chưa báo cáo", shown as such on the pages, never a zero — P's value
                          in a comment, but a fact that does not change (`constant: true`) keeps its value; P's editorial decisions, source sections and lists of documents left out;
                          the results P's plan measures (next_year_key) that P's data does not hold, added as null
  data/Y/indicators.yml   every sector and indicator of P, target and actual null, status "chưa báo cáo" (one P
                          gave neither name nor unit nor result: status only, nobody is asked a result in '%' for it)
  data/Y/report.yml       the facts of the document that stay (issuing body, place...); number, date, signer: null;
                          no draft label (P's "Dự thảo lần 3" was P's draft)
  data/Y/cover.yml        P's key figures for the cover (the same keys, Y's values)
  data/Y/rules.yml        P's consistency rules (they wait until their figures are reported)
  data/Y/documents.yml    P's registry of cited documents, whole (most stay in force for years; an entry no longer
                          in force gets `out_of_use: true`): a number P's editors corrected by an approved decision
                          comes over corrected, a correction not approved is left out (P's decisions are P's)
  data/Y/decisions.yml    empty, to be filled
  docs/Y/*.md             a page of P whose body is only headings and macro calls (page 1.1: indicators_sentence,
                          indicators_table) comes over as it is — its macros show Y's data — without P's editorial
                          notes; every other prose page of P: its headings (years moved on by one), a note that
                          the page is not written yet (on screen) and {{ unwritten() }} under every heading that has
                          words in P ("[chưa soạn]" on the web and on paper, the report a draft) — or, with --from-text, P's text itself (headings moved on one
                          year, P's editorial notes left out) with {{ unrevised("P") }} at the start of every
                          paragraph and list item: a visible mark that keeps the report a draft and that `check`
                          counts; its figures are macro calls, so they show Y's values or "chưa báo cáo". No system page (cover, dashboard, appendices, plan against
                          results, years side by side): those come from sources/system_pages/ for every year
  mkdocs.yml              "Năm Y" inserted under the marker "# YEARS: newest first", above "Năm P", with the pages
                          comparing Y with P
The home page shows the newest year whose report is complete, so it keeps showing P until Y is filled in and written.
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
from ..sources.nextyear import macro_page, macros_only, page_from_text, page_skeleton, shift_years, unrevised_mark
from ..sources.system import is_system_name

MARKER = "# YEARS: newest first"
WRITTEN_FRESH = {"indicators", "report", "documents", "decisions", "rules", "cover"}   # the rest: figures files
COMPARING_PAGES = (("Kết quả so với chỉ tiêu", "ke-hoach-ket-qua.md"), ("So sánh các năm", "so-sanh-cac-nam.md"))
DASHBOARD = "tong-quan-chi-tieu.md"       # the comparing pages go right after it in the new year's nav


def add_arguments(parser) -> None:
    parser.add_argument("year", type=int, help="năm mới, ví dụ 2024 / the new year")
    parser.add_argument("--from-text", action="store_true",
                        help="chép lời văn năm trước làm bản nháp, mỗi đoạn đánh dấu 'chưa sửa' / start from last "
                             "year's text, every paragraph marked as not revised yet")


# --------------------------------------------------------------------------- pure text functions

def scalar(value) -> str:
    """A YAML scalar: JSON is valid YAML, and JSON quoting never turns a string into a number or a date."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def indicators_yaml(data: dict, prev: int, new: int) -> str:
    out = [schema.schema_comment("indicators"),
           f"# Chỉ tiêu ngành năm {new}: khung do `python -m macros new-year {new}` tạo từ data/{prev}/indicators.yml.",
           f"# target và actual đang null (chưa báo cáo; chỉ tiêu năm {prev} ở chú thích): ghi chỉ tiêu năm {new} theo kế",
           "# hoạch của Sở, khi có kết quả ghi actual và đổi status (đạt, khó đạt, chưa đạt...).",
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
            else:   # a place for the name, in sight: the workbook and the figures page say which one it is meanwhile
                out.append(f"        name: null   # bản gốc năm {prev} không nêu tên chỉ tiêu này: biết tên thì ghi vào "
                           "đây, {target} ở chỗ con số chỉ tiêu")
            if ind.get("target") is not None:
                out.append(f"        target: null   # chưa báo cáo; chỉ tiêu năm {prev}: {scalar(ind['target'])}")
            for key in ("target_op", "unit"):
                if key in ind:
                    out.append(f"        {key}: {scalar(ind[key])}")
            if ind.get("name") or "unit" in ind or ind.get("actual") is not None:
                out.append("        actual: null")   # without name or unit nobody knows what or in what unit: status only
            out.append(f"        status: {scalar(dataset.UNREPORTED)}")
    return "\n".join(out) + "\n"


def report_yaml(data: dict, prev: int, new: int) -> str:
    unknown = {"number", "date", "signer_name", "recipients", "confirmed"}
    drafts_own = {"draft_label"}     # "Dự thảo lần 3" said which draft of P's report that was: Y starts at the default
    out = [schema.schema_comment("report"),
           f"# Thông tin văn bản báo cáo năm {new}. Số, ngày ký, người ký, nơi nhận chưa có: null (trang hiện chỗ trống)."]
    for key, value in data.items():
        if key in drafts_own:
            continue
        if key in unknown:
            value = None
        elif key == "summary":
            value = shift_years(value, prev)
        out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"


def empty_yaml(name: str, key: str, empty: str, new: int) -> str:
    return f"{schema.schema_comment(name)}\n# Năm {new}: chưa có mục nào.\n{key}: {empty}\n"


_VALUE = re.compile(r"^(\s+)value:\s*(.*?)\s*$")
_ITEMS = re.compile(r"^(\s+)items:\s*(.*?)\s*$")
_DROPPED = re.compile(r"^\s+(decision|source):")     # P's editorial decisions and source sections are P's alone
_FIGURE = re.compile(r"^  ([a-z][a-z0-9_]*):\s*(?:#.*)?$")   # a figure's key under figures:


def figures_yaml(text: str, rel: str, prev: int, new: int) -> str:
    """A figures file of P as Y's: years moved on, every stated value null ("chưa báo cáo") with P's in a comment —
    but a fact that does not change from year to year (`constant: true`: a founding day, a birthday) keeps its
    value, so nobody is asked for it again; a count of P's documents (items) becomes a stated value too (Y's
    documents.yml starts empty)."""
    lines = text.rstrip("\n").split("\n")
    figures = (yaml.safe_load(text) or {}).get("figures") or {}
    constants = {name for name, spec in figures.items() if isinstance(spec, dict) and spec.get("constant") is True}
    out = [lines[0],
           f"# Năm {new}: chép từ {rel} (lệnh new-year). value: null là \"chưa báo cáo\" (trang hiện chỗ trống có đánh",
           f"# dấu): ghi giá trị năm {new} thay cho null; giá trị năm {prev} ở chú thích cuối dòng. Số liệu không dùng: xoá."]
    i, current = 1, None
    while i < len(lines):
        line = lines[i]
        value, items, entry = _VALUE.match(line), _ITEMS.match(line), _FIGURE.match(line)
        if entry:
            current = entry.group(1)
        if value and current in constants:     # a fact that does not change (constant: true): its value stays
            out.append(line)
        elif value:
            out.append(f"{value.group(1)}value: null   # chưa báo cáo; năm {prev}: {value.group(2)}")
        elif items:
            listed = [items.group(2)] if items.group(2) else []
            while not listed and i + 1 < len(lines) and lines[i + 1].strip().startswith("- "):   # a block list
                i += 1
                listed.append(lines[i].strip()[2:])
            out.append(f"{items.group(1)}value: null   # chưa báo cáo; năm {prev} đếm các văn bản {', '.join(listed)}")
        elif not _DROPPED.match(line):
            out.append(shift_years(line, prev))
        i += 1
    return "\n".join(out) + "\n"


_PLAN_WORDS = re.compile(r"\s*\((ít nhất|phấn đấu)\)$")   # a target's words, not a result's


def result_slots(missing: list, prev: int, new: int) -> str:
    """Figures entries for the results P's plan measures that P's data does not hold (value null)."""
    out = []
    for fig in missing:
        name = fig.next_year_key.split(".", 1)[1]
        out += [f"  {name}:   # kết quả đối chiếu với chỉ tiêu {fig.key} (data/{prev}/plan.yml)",
                f"    label: {scalar(_PLAN_WORDS.sub('', fig.label))}", "    value: null   # chưa báo cáo",
                f"    unit: {scalar(fig.unit)}"]
    return "\n".join(out) + "\n"


def result_file(stem: str, prev: int, new: int) -> str:
    return (f"{schema.schema_comment('figures')}\n# Năm {new}: kết quả đối chiếu với chỉ tiêu trong data/{prev}/plan.yml "
            f"(lệnh new-year).\ntitle: {scalar(f'Kết quả đối chiếu với chỉ tiêu năm {new}')}\nfigures:\n")


def rules_yaml(text: str, prev: int) -> str:
    """P's consistency rules for Y, without P's editorial decisions."""
    return "\n".join(shift_years(line, prev) for line in text.split("\n") if not _DROPPED.match(line))


_DOC_ENTRY = re.compile(r"^  ([a-z0-9_]+):\s*$")
_DOC_FIELD = re.compile(r"^(\s+)(number|corrected_number|decision):\s*(.*?)\s*$")


def documents_yaml(text: str, prev_year, rel: str, new: int) -> str:
    """P's documents.yml as Y's: every entry, without P's editorial decisions; a number corrected by an approved
    decision of P becomes the number, a correction not approved is left out with a comment."""
    lines = text.rstrip("\n").split("\n")
    out = [lines[0],
           f"# Năm {new}: chép nguyên từ {rel} (lệnh new-year): văn bản năm trước vẫn trích dẫn được. Văn bản đã hết",
           "# hiệu lực hoặc không còn dùng: thêm dòng 'out_of_use: true' (trang nào còn trích nó sẽ báo lỗi) hoặc xoá mục."]
    current = None
    for line in lines[1:]:
        entry, field = _DOC_ENTRY.match(line), _DOC_FIELD.match(line)
        if entry:
            current = prev_year.documents.get(entry.group(1), {})
        if not field or current is None:
            out.append(line)
            continue
        decision = prev_year.decisions.get(current.get("decision") or "", {})
        if field.group(2) == "number" and current.get("corrected_number"):
            if decision.get("approval"):
                out.append(f"{field.group(1)}number: {scalar(current['corrected_number'])}   # đã sửa theo ghi chú "
                           f"biên tập năm {prev_year.year} '{current['decision']}' (đã duyệt)")
            else:
                out.append(f"{line}   # năm {prev_year.year} đề nghị sửa thành {current['corrected_number']} "
                           f"(ghi chú biên tập '{current['decision']}', chưa duyệt): xác minh rồi sửa tại đây")
        elif field.group(2) == "number":
            out.append(line)
    return "\n".join(out) + "\n"


def nav_with_year(mkdocs_text: str, prev: int, new: int) -> str:
    """mkdocs.yml with P's nav block copied (paths and titles moved on one year) right under the marker, and the
    pages that compare Y with P (system pages) after Y's dashboard."""
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
    at = next((i for i, line in enumerate(block) if line.rstrip().endswith(f" {new}/{DASHBOARD}")), len(block) - 1)
    pad = block[at][:len(block[at]) - len(block[at].lstrip())] if at else " " * (indent + 2)
    block[at + 1:at + 1] = [f"{pad}- {title}: {new}/{page}" for title, page in COMPARING_PAGES
                            if not any(line.rstrip().endswith(f" {new}/{page}") for line in block)]
    return "\n".join(lines[:marker + 1] + block + lines[marker + 1:])


# --------------------------------------------------------------------------- the plan and the command

def scaffold(root: Path, ds, prev: int, new: int, from_text: bool = False) -> tuple[dict, dict]:
    """({new file: text}, {existing file: new text}) — paths relative to root. Reads only."""
    src = root / "data" / str(prev)
    created, changed = {}, {}
    for path in sorted(src.glob("*.yml")):
        text = path.read_text(encoding="utf-8-sig")
        stem, rel, target = path.stem, path.relative_to(root).as_posix(), f"data/{new}/{path.name}"
        if stem == "indicators":
            created[target] = indicators_yaml(yaml.safe_load(text), prev, new)
        elif stem == "report":
            created[target] = report_yaml(yaml.safe_load(text), prev, new)
        elif stem == "rules":
            created[target] = rules_yaml(text, prev)
        elif stem == "cover":
            created[target] = shift_years(text, prev)
        elif stem == "documents":
            created[target] = documents_yaml(text, ds.years[prev], rel, new)
        elif stem not in WRITTEN_FRESH:
            created[target] = figures_yaml(text, rel, prev, new)
    created.setdefault(f"data/{new}/documents.yml", empty_yaml("documents", "documents", "{}", new))
    created.setdefault(f"data/{new}/decisions.yml", empty_yaml("decisions", "decisions", "{}", new))
    missing = {}    # results P's plan measures that P's data does not hold: a slot for them in Y
    for fig in ds.years[prev].figures.values():
        if fig.op and fig.next_year_key and fig.next_year_key not in ds.years[prev].figures:
            missing.setdefault(fig.next_year_key.split(".", 1)[0], []).append(fig)
    for stem, figs in missing.items():
        target = f"data/{new}/{stem}.yml"
        created[target] = (created.get(target) or result_file(stem, prev, new)) + result_slots(figs, prev, new)
    docs = root / "docs"
    for page in sorted((docs / str(prev)).rglob("*.md")):
        rel = page.relative_to(docs / str(prev)).as_posix()
        if not is_system_name(rel):
            text = page.read_text(encoding="utf-8-sig")
            if macros_only(text):
                created[f"docs/{new}/{rel}"] = macro_page(text, prev)
            elif from_text:
                created[f"docs/{new}/{rel}"] = page_from_text(text, prev)[0]
            else:
                created[f"docs/{new}/{rel}"] = page_skeleton(text, prev, new, page.stem.replace("-", " ").capitalize())
    changed["mkdocs.yml"] = nav_with_year((root / "mkdocs.yml").read_text(encoding="utf-8"), prev, new)
    return created, changed


def refusal(root: Path, new: int, ds) -> str | None:
    from ..config_policy import read_config
    from ..errors import format_errors
    from ..sources.links import link_errors
    links = link_errors(root, read_config(root / "mkdocs.yml"))   # a page linked to a file of the machine: never copied
    if links:
        return format_errors(links) + "\nSửa trước (python -m macros check), rồi tạo năm mới. / Fix these first."
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
        created, changed = scaffold(root, ds, prev, args.year, args.from_text)
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
        print(f"  ~ {rel}: nav: thêm 'Năm {args.year}' lên trên năm {prev}")
    if args.from_text:
        marks = sum(t.count(unrevised_mark(prev)) for r, t in created.items() if r.startswith("docs/"))
        print(f"Lời văn năm {prev} được chép làm bản nháp: {marks} đoạn đánh dấu [chưa sửa từ năm {prev}]. Sửa từng "
              f"đoạn cho năm {args.year} rồi xoá dấu {unrevised_mark(prev).strip()} ở đầu đoạn; python -m macros check "
              f"đếm các đoạn còn lại. / {marks} paragraph(s) of {prev} copied, each marked as not revised yet.")
    print(f"Mọi số liệu năm {args.year} (trừ điều không đổi theo năm, constant: true) đang là \"chưa báo cáo\" "
          f"(value: null). Tiếp theo: ghi số liệu vào data/{args.year}/, "
          f"viết lời văn vào docs/{args.year}/, rồi python -m macros check (liệt kê số liệu còn thiếu) và mkdocs serve. "
          f"/ Every {args.year} figure is 'not reported yet': fill data/{args.year}/, write docs/{args.year}/.")
    return 0
