"""The error messages shown in the editors' guide (docs/huong-dan-bien-tap.md, "Đọc thông báo lỗi") are the real
output of `python -m macros check` on cases of the bad-input corpus, never typed by hand.

    .venv/bin/python tests/guide_examples.py --write     # rewrite the guide's examples from the real check

tests/test_guide_examples.py fails when the guide no longer shows what check says (line and column numbers aside:
they move whenever a data file gains a line).
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from conftest import ROOT, copy_project  # noqa: E402
from test_bad_inputs import CORPUS, apply_steps, run_check  # noqa: E402

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"
START = "<!-- CHECK-EXAMPLES:START (tests/guide_examples.py --write viết phần này từ lệnh check thật) -->"
END = "<!-- CHECK-EXAMPLES:END -->"

# (corpus case, heading in the guide, what to read in the message)
EXAMPLES = [
    ("01-thousands-dot", "Viết số có dấu chấm hàng nghìn", ""),
    ("38-empty-value", "Để trống giá trị", ""),
    ("20-syntax-error", "Dấu hai chấm trong một nhãn không có ngoặc kép", ""),
    ("37-comment-eats-label", "Dấu # trong nhãn", "YAML coi `#` sau một dấu cách là đầu ghi chú: phần sau bị bỏ "
                                                 "mà không báo gì, nên lệnh kiểm tra báo thay."),
    ("49-unclosed-quote", "Mở ngoặc kép mà quên đóng", "Lỗi được báo ở dòng có dấu ngoặc mở, không phải ở dòng YAML "
                                                     "dừng lại."),
    ("35-zero-width-space-in-key", "Ký tự vô hình trong khoá (dán từ trang web, Word)",
     "Ký tự được gọi bằng tên Unicode và cột của nó; gõ lại khoá bằng bàn phím."),
    ("47-explicit-tag", "Thẻ YAML (`!!int`, `!!str`)", ""),
    ("43-percent-as-fraction", "Tỷ lệ ghi dạng phân số", ""),
    ("46-hidden-decimals", "Số có nhiều chữ số thập phân hơn trang hiện",
     "Quy ước: số ghi trong dữ liệu không có nhiều chữ số thập phân hơn số trang hiện (`decimals`, mặc định 2), "
     "nên người đọc luôn thấy đúng số đã ghi và tình trạng (đạt, khó đạt…) không bao giờ trái với con số trên trang."),
    ("44-total-typed-disagrees", "Thay một tổng được tính bằng số gõ tay", ""),
    ("11-rule-at-most", "Một phần lớn hơn tổng của nó (`part_of`)", "Cặp phần–tổng khai báo bằng `part_of:` trong số "
                                                                   "liệu phần; thông báo nêu dòng của cả hai số."),
    ("82-part-larger-than-whole", "Chi ủy nhiều hơn chi bộ", ""),
    ("88-cyrillic-letter-in-key", "Chữ cái của bảng chữ khác trông giống chữ Latinh trong khoá",
     "Chữ o Kirin trông y hệt chữ o: máy gọi tên ký tự và cột của nó."),
    ("91-quoted-number", "Số trong dấu ngoặc kép", ""),
    ("92-thousands-comma", "Số đếm viết dấu phẩy hàng nghìn", ""),
    ("89-recipients-one-string", "Danh sách viết thành một dòng chữ", ""),
    ("95-sum-key-typo", "Khoá trong `sum:` gõ sai", ""),
    ("64-unknown-key-closest", "Trang gọi một khoá không có", ""),
    ("30-typed-figure-in-page", "Gõ thẳng con số vào trang", ""),
    ("31-unclosed-braces", "Lời gọi macro thiếu dấu `}`", ""),
    ("32-curly-quotes-in-macro", "Dấu ngoặc kép cong “ ” dán từ Word", ""),
    ("33-argument-type", "Đối số sai kiểu", ""),
    ("76-single-braces", "Lời gọi macro chỉ có một dấu ngoặc nhọn", "Trang sẽ in nguyên văn lời gọi: bị chặn."),
    ("90-key-without-quotes", "Khoá không có dấu ngoặc kép", ""),
    ("93-pad-leading-zero", "Số 0 đứng đầu trong lời gọi macro", ""),
    ("78-percent-after-call", "Gõ thêm dấu % sau một tỷ lệ", ""),
    ("77-citation-form-unknown", "Cách trích văn bản không có", ""),
    ("94-typed-document-number", "Gõ thẳng số hiệu văn bản vào trang", ""),
    ("79-front-matter-unclosed", "Phần đầu trang thiếu dòng `---` đóng", ""),
    ("128-front-matter-unknown-key", "Khoá phần đầu trang gõ sai", "MkDocs bỏ qua khoá nó không biết mà không báo "
                                                                  "gì: lệnh kiểm tra báo thay."),
    ("125-macro-in-link-address", "Lời gọi macro trong địa chỉ của liên kết", ""),
    ("80-link-missing-anchor", "Liên kết tới một chỗ neo không có", "Lệnh kiểm tra và bản dựng (cả `-q`) báo cùng "
                                                                     "một thông báo."),
    ("81-absolute-link", "Liên kết bắt đầu bằng `/`", ""),
    ("84-nav-capital-extension", "Mục lục ghi sai chữ hoa, chữ thường", ""),
    ("54-twin-extension", "Hai tệp cùng tên", ""),
    ("56-rules-deleted", "Xoá tệp quy tắc", ""),
    ("101-figure-changed-from-signed-text", "Số liệu đổi khác văn bản đã ký",
     "Báo cáo 2023 đã ký: bản in phải giữ đúng chữ của data/2023/signed.txt. Số mới là đúng thì ghi một quyết định "
     "biên tập (mục 7); gõ nhầm thì sửa lại số liệu."),
]


def output_of(case: str) -> str:
    spec = yaml.safe_load((CORPUS / f"{case}.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="guide-") as tmp:
        project = copy_project(Path(tmp) / "project")
        apply_steps(project, spec["steps"])
        done = run_check(project)
        return (done.stdout + done.stderr).replace(str(project) + "/", "").strip()


def example(case: str, heading: str, note: str, output: str | None = None) -> str:
    """One example of the guide, as check prints it today (output: check's output on the case, when already run;
    the case's own `about` stays in the corpus: it holds typed figures)."""
    parts = [f"**{heading}** (`tests/bad_inputs/{case}.yml`):", "", "{% raw %}", "```",
             output_of(case) if output is None else output, "```", "{% endraw %}"]
    return "\n".join(parts + (["", note] if note else []))


def assert_shown(case: str, output: str) -> None:
    """The guide shows check's output on this case, when the case is one of its examples."""
    for name, heading, note in EXAMPLES:
        if name == case:
            assert without_places(example(name, heading, note, output)) in without_places(current()), (
                f"{GUIDE} no longer shows what check prints for {case}; run: .venv/bin/python tests/guide_examples.py "
                "--write")


def section() -> str:
    """The guide's examples, as check prints them today."""
    return "\n\n".join([START] + [example(*e) for e in EXAMPLES] + [END])


def current() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text[text.index(START): text.index(END) + len(END)]


def without_places(text: str) -> str:
    """Line and column numbers out: they move when a data file gains a line; the messages must not."""
    return re.sub(r"(\.(?:yml|md)):\d+(?::\d+)?", r"\1:…", re.sub(r"dòng \d+|line \d+", "dòng …", text))


def main() -> int:
    if "--write" in sys.argv:
        text = GUIDE.read_text(encoding="utf-8")
        GUIDE.write_text(text.replace(current(), section()), encoding="utf-8")
        print(f"wrote {len(EXAMPLES)} examples into {GUIDE}")
        return 0
    same = without_places(current()) == without_places(section())
    print("the guide shows what check says" if same else "the guide differs: run tests/guide_examples.py --write")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
